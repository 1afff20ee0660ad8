/* curl_dl.c - open libcurl on first use and fill the function table (curl_dl.h says why). */
#include "config.h"

#define SK_CURL_DL_IMPL 1
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curl_dl.h"
#include "util.h"

#ifndef SK_LIBCURL_SONAME
#define SK_LIBCURL_SONAME "libcurl.so.4"
#endif

struct sk_curl_api sk_curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static bool load_ok;
static char load_why[256];

_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "dlsym results must fit a function pointer");

/*
 * STOREKEYS_TEST_LIBCURL names another file to open: the tests use it to
 * show what a missing or wrong libcurl does. It can only make loading
 * fail or pick a libcurl, never change what is sent.
 */
static void load(void)
{
	const char *file = getenv("STOREKEYS_TEST_LIBCURL");
	const char *missing = NULL;
	struct sk_curl_api t;
	void *h, *p;

	if (file == NULL || *file == '\0')
		file = SK_LIBCURL_SONAME;
	h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		const char *why = dlerror();

		snprintf(load_why, sizeof load_why, "%s", why ? why : file);
		return;
	}
	memset(&t, 0, sizeof t);
#define SK_CURL_RESOLVE(f) \
	if (missing == NULL) { \
		p = dlsym(h, #f); \
		if (p == NULL) \
			missing = #f; \
		memcpy(&t.f, &p, sizeof p); \
	}
	SK_CURL_FUNCS(SK_CURL_RESOLVE)
#undef SK_CURL_RESOLVE
	if (missing != NULL) {
		snprintf(load_why, sizeof load_why, "%s has no %s (storekeys needs libcurl 7.80 or newer)", file,
			 missing);
		dlclose(h);
		return;
	}
	sk_curl = t;
	load_ok = true;
}

bool sk_curl_load(struct sk_error *err)
{
	pthread_once(&load_once, load);
	if (!load_ok)
		sk_error_set(err, SK_ERR_INTERNAL, "libcurl could not be loaded, so storekeys cannot reach BigCommerce: %s",
			     load_why);
	return load_ok;
}
