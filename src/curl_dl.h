/*
 * curl_dl.h - libcurl, opened when the first request needs it.
 *
 * libcurl links about thirty libraries (TLS, Kerberos, LDAP, SSH, IDN,
 * compression); mapping and relocating them cost every command about
 * 12 ms before main, although most commands (token, exec, show, list,
 * the TUI's first frame) never touch the network. So the program does not
 * link libcurl: sk_curl_load() opens it with dlopen the first time a
 * request, the audit or --version needs it, and the curl_* names below
 * call through the table it fills. git keeps libcurl out of its
 * local commands for the same reason (git-remote-http).
 *
 * Include this after <curl/curl.h> (bc_http.h includes it), in .c files
 * only. Every curl call must come after a successful sk_curl_load():
 * sk_http_ready() does both the load and the global initialisation.
 * curl's compile-time option type checks (typecheck-gcc.h) are macros
 * on the same names, so they are off in these files.
 */
#ifndef SK_CURL_DL_H
#define SK_CURL_DL_H

#include <curl/curl.h>
#include <stdbool.h>

#include "error.h"

/* The libcurl functions storekeys calls; add a name here and a line below. */
#define SK_CURL_FUNCS(X) \
	X(curl_global_init) X(curl_global_cleanup) X(curl_version_info) \
	X(curl_easy_init) X(curl_easy_setopt) X(curl_easy_getinfo) X(curl_easy_cleanup) X(curl_easy_strerror) \
	X(curl_multi_init) X(curl_multi_setopt) X(curl_multi_add_handle) X(curl_multi_remove_handle) \
	X(curl_multi_perform) X(curl_multi_poll) X(curl_multi_wakeup) X(curl_multi_info_read) \
	X(curl_multi_cleanup) \
	X(curl_share_init) X(curl_share_setopt) X(curl_share_cleanup) \
	X(curl_url) X(curl_url_set) X(curl_url_get) X(curl_url_cleanup) X(curl_free) \
	X(curl_slist_append) X(curl_slist_free_all)

/* Declared before the macros below, so each member has the real prototype's type. */
struct sk_curl_api {
#define SK_CURL_MEMBER(f) __typeof__(f) *f;
	SK_CURL_FUNCS(SK_CURL_MEMBER)
#undef SK_CURL_MEMBER
};
extern struct sk_curl_api sk_curl;

/*
 * Open libcurl (SK_LIBCURL_SONAME, found by configure) and resolve every
 * function above, once per process; thread-safe. false with a sentence
 * naming the file and the loader's reason when it cannot.
 */
bool sk_curl_load(struct sk_error *err);

#ifndef SK_CURL_DL_IMPL
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#undef curl_share_setopt
#define curl_global_init sk_curl.curl_global_init
#define curl_global_cleanup sk_curl.curl_global_cleanup
#define curl_version_info sk_curl.curl_version_info
#define curl_easy_init sk_curl.curl_easy_init
#define curl_easy_setopt sk_curl.curl_easy_setopt
#define curl_easy_getinfo sk_curl.curl_easy_getinfo
#define curl_easy_cleanup sk_curl.curl_easy_cleanup
#define curl_easy_strerror sk_curl.curl_easy_strerror
#define curl_multi_init sk_curl.curl_multi_init
#define curl_multi_setopt sk_curl.curl_multi_setopt
#define curl_multi_add_handle sk_curl.curl_multi_add_handle
#define curl_multi_remove_handle sk_curl.curl_multi_remove_handle
#define curl_multi_perform sk_curl.curl_multi_perform
#define curl_multi_poll sk_curl.curl_multi_poll
#define curl_multi_wakeup sk_curl.curl_multi_wakeup
#define curl_multi_info_read sk_curl.curl_multi_info_read
#define curl_multi_cleanup sk_curl.curl_multi_cleanup
#define curl_share_init sk_curl.curl_share_init
#define curl_share_setopt sk_curl.curl_share_setopt
#define curl_share_cleanup sk_curl.curl_share_cleanup
#define curl_url sk_curl.curl_url
#define curl_url_set sk_curl.curl_url_set
#define curl_url_get sk_curl.curl_url_get
#define curl_url_cleanup sk_curl.curl_url_cleanup
#define curl_free sk_curl.curl_free
#define curl_slist_append sk_curl.curl_slist_append
#define curl_slist_free_all sk_curl.curl_slist_free_all
#endif

#endif
