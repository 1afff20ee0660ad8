/* keyring.c - client secret and access token in the Secret Service (libsecret). */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The D-Bus path calls (search, unlock and GetSecrets by path) are libsecret's "unstable" API, stable since 0.18. */
#define SECRET_WITH_UNSTABLE 1
#define SECRET_API_SUBJECT_TO_CHANGE 1
#include <libsecret/secret.h>

#include "about.h"
#include "keyring.h"
#include "util.h"

/*
 * Attributes are opaque, non-secret identifiers (R4): the local account id,
 * which field, the client id and the store hash or account UUID, and a
 * format version; since v2 also the rest of the registry entry (name,
 * level, API path, token type, access level, scopes, created time), so a
 * lost registry can be rebuilt from the keyring. Secret Service attributes
 * are not encrypted, so nothing secret may ever go here or into the label.
 */
static const SecretSchema sk_schema = {
	.name = SK_KEYRING_SCHEMA,
	.flags = SECRET_SCHEMA_NONE,
	.attributes =
		{
			{.name = "account", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "field", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "client_id", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "store", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "v", .type = SECRET_SCHEMA_ATTRIBUTE_INTEGER},
			/* v2: what a registry entry needs, so doctor can rebuild it (R5, R26) */
			{.name = "name", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "level", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "api_path", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "token_type", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "stencil_access", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "scopes", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = "created", .type = SECRET_SCHEMA_ATTRIBUTE_STRING},
			{.name = NULL, .type = 0},
		},
};

struct sk_keyring {
	SecretService *svc;
	int outright; /* does the program behind svc delete items outright: 1 yes, -1 not known to, 0 not asked */
};

bool sk_keyring_test_keep_items;

void sk_keyring_label(const struct sk_account *a, enum sk_secret_field f, char *out, size_t size)
{
	snprintf(out, size, "BigCommerce %s: %s (%s %s)", f == SK_FIELD_CLIENT_SECRET ? "client secret" : "access token",
		 a->name, sk_level_name(a->level), sk_account_owner(a));
}

const char *sk_secret_field_name(enum sk_secret_field f)
{
	return f == SK_FIELD_CLIENT_SECRET ? "client_secret" : "access_token";
}

int sk_keyring_timeout_ms(void)
{
	const char *s = getenv("STOREKEYS_KEYRING_TIMEOUT");
	double v = s ? strtod(s, NULL) : 0;

	return v > 0 && v <= 3600 ? (int)(v * 1000) : 10000;
}

/* ---- deadline: a thread cancels the GCancellable when time is up (R3) ---- */

struct deadline {
	GCancellable *cancel;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool done;
	bool fired;
	bool by_user;                  /* the watched flag, not the clock, ended the call */
	volatile sig_atomic_t *flag;   /* the caller's cancel flag, or NULL */
	int ms;
};

/* The cancel flag of the calling thread (sk_keyring_watch_cancel), and whether it ended the last call. */
static __thread volatile sig_atomic_t *watched_flag;
static __thread bool last_by_user;

void sk_keyring_watch_cancel(volatile sig_atomic_t *flag)
{
	watched_flag = flag;
}

static bool flag_set(volatile sig_atomic_t *flag)
{
	return flag != NULL && __atomic_load_n(flag, __ATOMIC_SEQ_CST) != 0;
}

static struct timespec after_ms(const struct timespec *from, long ms)
{
	struct timespec t = *from;

	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

/* After a deadline fired, how long the cancelled call gets to end before it counts as stuck. */
#define STUCK_GRACE_MS 3000

static void (*stuck_handler)(int ms);

void sk_keyring_on_stuck(void (*fn)(int deadline_ms))
{
	stuck_handler = fn;
}

/* Tests only: the deadline does not cancel, as if the call had lost its cancellation. */
static bool test_ignore_cancel(void)
{
	const char *v = getenv("STOREKEYS_TEST_KEYRING_STUCK");

	return v != NULL && strcmp(v, "1") == 0;
}

static void *deadline_main(void *p)
{
	struct deadline *d = p;
	struct timespec now, end;

	clock_gettime(CLOCK_REALTIME, &now);
	end = after_ms(&now, d->ms);
	pthread_mutex_lock(&d->mu);
	while (!d->done) {
		/* With a cancel flag to watch, wake every 100 ms to look at it. */
		struct timespec next = d->flag ? after_ms(&now, 100) : end;

		if (next.tv_sec > end.tv_sec || (next.tv_sec == end.tv_sec && next.tv_nsec > end.tv_nsec))
			next = end;
		if (pthread_cond_timedwait(&d->cv, &d->mu, &next) == ETIMEDOUT) {
			clock_gettime(CLOCK_REALTIME, &now);
			if (flag_set(d->flag))
				d->by_user = true;
			else if (now.tv_sec < end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec))
				continue;
			d->fired = true;
			if (!test_ignore_cancel())
				g_cancellable_cancel(d->cancel);
			break;
		}
	}
	/*
	 * A cancelled call normally ends at once. One that does not (libsecret lost its task's
	 * completion when KeePassXC crashed in the middle of a call) would hang the process past
	 * every deadline (R3): the handler, when one is set (the CLI), ends the process.
	 */
	if (d->fired && !d->done && stuck_handler != NULL) {
		struct timespec give_up;

		clock_gettime(CLOCK_REALTIME, &now);
		give_up = after_ms(&now, STUCK_GRACE_MS);
		while (!d->done && pthread_cond_timedwait(&d->cv, &d->mu, &give_up) != ETIMEDOUT)
			;
		if (!d->done) {
			pthread_mutex_unlock(&d->mu);
			stuck_handler(d->ms);
			return NULL;
		}
	}
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

static void deadline_start_ms(struct deadline *d, int ms)
{
	memset(d, 0, sizeof *d);
	d->cancel = g_cancellable_new();
	d->ms = ms;
	d->flag = watched_flag;
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->cv, NULL);
	if (pthread_create(&d->thread, NULL, deadline_main, d) != 0) {
		fputs("storekeys: cannot start a thread\n", stderr);
		abort();
	}
}

static void deadline_start(struct deadline *d)
{
	deadline_start_ms(d, sk_keyring_timeout_ms());
}

/* Stop the timer; true when it fired (the call was cancelled for time). */
static bool deadline_stop(struct deadline *d)
{
	bool fired;

	pthread_mutex_lock(&d->mu);
	d->done = true;
	pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
	pthread_join(d->thread, NULL);
	fired = d->fired;
	last_by_user = d->by_user;
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->cv);
	g_object_unref(d->cancel);
	return fired;
}

/* Turn a GError into our code and sentence, right where it arises (STYLE 4). */
static enum sk_status from_gerror(GError *e, bool timed_out, const char *what, struct sk_error *err)
{
	char msg[256];
	enum sk_status st;

	sk_sanitize(e ? e->message : "", msg, sizeof msg);
	if (timed_out && last_by_user)
		st = sk_error_set(err, SK_ERR_CANCELLED, "cancelled while %s", what);
	else if (timed_out || (e && g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
		st = sk_error_set(err, SK_ERR_KEYRING_TIMEOUT,
				  "the keyring did not answer within %d s while %s (is an unlock prompt waiting?)",
				  sk_keyring_timeout_ms() / 1000, what);
	else if (e && e->domain == SECRET_ERROR && e->code == SECRET_ERROR_IS_LOCKED)
		st = sk_error_set(err, SK_ERR_KEYRING_LOCKED,
				  "the keyring is locked (%s); unlock it (e.g. log in again or use Seahorse) and retry",
				  msg);
	else if (e && (e->domain == G_IO_ERROR ||
		       (e->domain == G_DBUS_ERROR &&
			(e->code == G_DBUS_ERROR_SERVICE_UNKNOWN || e->code == G_DBUS_ERROR_NAME_HAS_NO_OWNER ||
			 e->code == G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND || e->code == G_DBUS_ERROR_FILE_NOT_FOUND ||
			 e->code == G_DBUS_ERROR_NO_SERVER || e->code == G_DBUS_ERROR_SPAWN_EXEC_FAILED))))
		st = sk_error_set(err, SK_ERR_KEYRING_UNAVAILABLE,
				  "no Secret Service is reachable (%s); storekeys never stores secrets elsewhere, "
				  "so start gnome-keyring or another Secret Service in this session",
				  msg);
	else if (e && e->domain == G_DBUS_ERROR && strstr(e->message, "does not exist") != NULL)
		st = sk_error_set(err, SK_ERR_KEYRING_UNAVAILABLE,
				  "the Secret Service has no default keyring (%s); create one, e.g. with Seahorse", msg);
	else
		st = sk_error_set(err, SK_ERR_KEYRING, "the keyring refused %s: %s", what, msg);
	if (e)
		g_error_free(e);
	return st;
}

/* ---- opening: the default collection, unlocked (R3) ---------------------- */

/* The time a locked or missing default collection gets to come up by itself: a
 * provider that is just starting (KeePassXC unlocking its database with
 * --pw-stdin) shows its collection locked, or none, for about a second. */
static int startup_grace_ms(void)
{
	int t = sk_keyring_timeout_ms() / 2;

	return t < 2000 ? t : 2000;
}

/* Whether an unlock prompt can be answered here: not without a display. */
static bool can_prompt(void)
{
	const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");

	return (x != NULL && x[0] != '\0') || (w != NULL && w[0] != '\0');
}

/* The collection's Locked property as the service has it now (the proxy's copy
 * is only refreshed by signals): 1 locked, 0 unlocked, -1 with *e set. */
static int collection_locked_now(SecretService *svc, const char *path, GCancellable *cancel, GError **e)
{
	GDBusProxy *p = G_DBUS_PROXY(svc);
	GVariant *r, *v = NULL;
	int locked = -1;

	r = g_dbus_connection_call_sync(g_dbus_proxy_get_connection(p), g_dbus_proxy_get_name(p), path,
					 "org.freedesktop.DBus.Properties", "Get",
					 g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
					 G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, cancel, e);
	if (r == NULL)
		return -1;
	g_variant_get(r, "(v)", &v);
	if (g_variant_is_of_type(v, G_VARIANT_TYPE_BOOLEAN))
		locked = g_variant_get_boolean(v) ? 1 : 0;
	else
		g_set_error(e, SECRET_ERROR, SECRET_ERROR_PROTOCOL, "the Locked property is not a boolean");
	g_variant_unref(v);
	g_variant_unref(r);
	return locked;
}

/* Ask to unlock without showing a prompt: the service's Unlock, and any prompt
 * it answers with dismissed rather than shown (nobody could answer it). */
static void unlock_without_prompt(SecretService *svc, const char *path, GCancellable *cancel, GError **e)
{
	GDBusProxy *p = G_DBUS_PROXY(svc);
	const gchar *paths[] = {path, NULL};
	const gchar *prompt = NULL;
	GVariant *r;

	r = g_dbus_proxy_call_sync(p, "Unlock", g_variant_new("(^ao)", paths), G_DBUS_CALL_FLAGS_NONE, -1, cancel, e);
	if (r == NULL)
		return;
	g_variant_get(r, "(@ao&o)", NULL, &prompt);
	if (prompt != NULL && strcmp(prompt, "/") != 0) {
		GVariant *d = g_dbus_connection_call_sync(g_dbus_proxy_get_connection(p), g_dbus_proxy_get_name(p),
							  prompt, "org.freedesktop.Secret.Prompt", "Dismiss", NULL,
							  NULL, G_DBUS_CALL_FLAGS_NONE, -1, cancel, NULL);

		if (d)
			g_variant_unref(d);
	}
	g_variant_unref(r);
}

/* Unlock the default collection; true while it stays locked. With a display the
 * provider's prompt is shown (the deadline bounds it). Headless, a prompt could
 * never complete (KeePassXC's waits forever): ask without one, then give a
 * starting provider startup_grace_ms() to unlock by itself. */
static bool unlock_default(SecretService *svc, const char *path, GCancellable *cancel, GError **e)
{
	int64_t until = sk_now_ms() + startup_grace_ms();
	int locked = 1;

	if (can_prompt()) {
		const gchar *paths[] = {path, NULL};

		secret_service_unlock_dbus_paths_sync(svc, paths, cancel, NULL, e);
		return *e != NULL || collection_locked_now(svc, path, cancel, e) != 0;
	}
	unlock_without_prompt(svc, path, cancel, e);
	while (*e == NULL && (locked = collection_locked_now(svc, path, cancel, e)) == 1 && sk_now_ms() < until &&
	       !g_cancellable_is_cancelled(cancel))
		g_usleep(100 * 1000);
	return *e != NULL || locked != 0;
}

/*
 * The default collection's object path; a service that is up but has none
 * yet (a provider still opening its database) gets startup_grace_ms() to
 * show one. Only its path: a SecretCollection proxy would read every
 * property, the list of all items included (O(items), about 25 ms with
 * 4,000 items in gnome-keyring), on every command.
 */
static gchar *default_collection(SecretService *svc, GCancellable *cancel, GError **e)
{
	int64_t until = sk_now_ms() + startup_grace_ms();
	gchar *path;

	for (;;) {
		path = secret_service_read_alias_dbus_path_sync(svc, SECRET_COLLECTION_DEFAULT, cancel, e);
		if (path != NULL && strcmp(path, "/") == 0) {
			g_free(path);
			path = NULL;
		}
		if (path != NULL || *e != NULL || sk_now_ms() >= until || g_cancellable_is_cancelled(cancel))
			return path;
		g_usleep(100 * 1000);
	}
}

static enum sk_status open_service(struct sk_keyring **out, SecretServiceFlags flags, struct sk_error *err)
{
	struct deadline d;
	GError *e = NULL;
	SecretService *svc;
	gchar *coll = NULL;
	enum sk_status st = SK_OK;
	bool fired, locked = false;

	*out = NULL;
	deadline_start(&d);
	/* A connection of our own, not libsecret's shared one: after the provider
	 * restarts (KeePassXC), the shared one keeps a session that is gone. */
	svc = secret_service_open_sync(SECRET_TYPE_SERVICE, NULL, flags, d.cancel, &e);
	if (svc != NULL)
		coll = default_collection(svc, d.cancel, &e);
	if (coll != NULL) {
		int now = collection_locked_now(svc, coll, d.cancel, &e);

		if (now == 1)
			locked = unlock_default(svc, coll, d.cancel, &e);
	}
	fired = deadline_stop(&d);
	if (fired && !last_by_user && coll != NULL) {
		/* The deadline ended a prompt: a provider that was starting may have
		 * unlocked meanwhile, without completing the prompt. Look once more. */
		GError *e2 = NULL;
		int now;

		deadline_start_ms(&d, 1000);
		now = collection_locked_now(svc, coll, d.cancel, &e2);
		if (!deadline_stop(&d) && now == 0) {
			fired = locked = false;
			g_clear_error(&e);
		}
		g_clear_error(&e2);
	}
	if (svc == NULL || e != NULL || fired) {
		st = from_gerror(e, fired, "connecting", err);
	} else if (coll == NULL) {
		st = sk_error_set(err, SK_ERR_KEYRING_UNAVAILABLE,
				  "the Secret Service has no default keyring; create one (e.g. with Seahorse) and retry");
	} else if (locked) {
		st = sk_error_set(err, SK_ERR_KEYRING_LOCKED,
				  "the default keyring is locked and was not unlocked; unlock it and retry");
	}
	g_free(coll);
	if (st != SK_OK) {
		if (svc)
			g_object_unref(svc);
		return st;
	}
	*out = sk_xcalloc(1, sizeof **out);
	(*out)->svc = svc;
	return SK_OK;
}

enum sk_status sk_keyring_open(struct sk_keyring **out, struct sk_error *err)
{
	return open_service(out, SECRET_SERVICE_OPEN_SESSION, err);
}

/*
 * The encrypted session costs a Diffie-Hellman exchange on both sides (about 5 ms of a
 * 25 ms `remove`); a deletion moves no secret unless it overwrites one first, and then
 * libsecret opens the session itself (secret_item_set_secret ensures one).
 */
enum sk_status sk_keyring_open_for_delete(struct sk_keyring **out, struct sk_error *err)
{
	return open_service(out, SECRET_SERVICE_NONE, err);
}

/*
 * Services opened by this process, kept until it ends. Freeing one races GDBus's
 * worker thread, which may still deliver a signal or a reply to it: seen as a rare
 * segfault just before `exec` turned into COMMAND. A process opens a handful.
 */
static GPtrArray *kept_services;
static pthread_mutex_t kept_mu = PTHREAD_MUTEX_INITIALIZER;

void sk_keyring_close(struct sk_keyring *kr)
{
	if (kr == NULL)
		return;
	pthread_mutex_lock(&kept_mu);
	if (kept_services == NULL)
		kept_services = g_ptr_array_new();
	g_ptr_array_add(kept_services, kr->svc);
	pthread_mutex_unlock(&kept_mu);
	free(kr);
}

static GHashTable *attrs_new(const char *account_id, const char *field)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);

	if (account_id)
		g_hash_table_insert(h, "account", g_strdup(account_id));
	if (field)
		g_hash_table_insert(h, "field", g_strdup(field));
	return h;
}

/* Search our items; flags as libsecret's. On success *items is a GList of SecretItem. */
static enum sk_status search(struct sk_keyring *kr, GHashTable *attrs, SecretSearchFlags flags, GList **items,
			     const char *what, struct sk_error *err)
{
	struct deadline d;
	GError *e = NULL;
	bool fired;

	deadline_start(&d);
	*items = secret_service_search_sync(kr->svc, &sk_schema, attrs, flags, d.cancel, &e);
	fired = deadline_stop(&d);
	if (e != NULL || fired) {
		g_list_free_full(*items, g_object_unref);
		*items = NULL;
		return from_gerror(e, fired, what, err);
	}
	return SK_OK;
}

static size_t strv_len(gchar **v)
{
	return v != NULL ? g_strv_length(v) : 0;
}

/* Copy a SecretValue's text into a heap string we wipe later. */
static char *value_dup(SecretValue *v)
{
	gsize len = 0;
	const gchar *p = secret_value_get(v, &len);
	char *s;

	if (p == NULL || memchr(p, '\0', len) != NULL)
		return NULL;
	s = sk_xmalloc(len + 1);
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/*
 * The fewest calls one secret needs: SearchItems for the item's path, then
 * GetSecret on that path (no item proxy, which would read every property of
 * the item first). A locked item is unlocked as SECRET_SEARCH_UNLOCK would
 * (the deadline bounds a prompt).
 */
enum sk_status sk_keyring_lookup(struct sk_keyring *kr, const char *account_id, enum sk_secret_field f, char **out,
				 struct sk_error *err)
{
	GHashTable *attrs = attrs_new(account_id, sk_secret_field_name(f));
	gchar **unlocked = NULL, **locked_paths = NULL;
	SecretValue *v = NULL;
	struct deadline d;
	GError *e = NULL;
	enum sk_status st;
	bool locked = false, fired;

	*out = NULL;
	deadline_start(&d);
	secret_service_search_for_dbus_paths_sync(kr->svc, &sk_schema, attrs, d.cancel, &unlocked, &locked_paths, &e);
	if (e == NULL && strv_len(unlocked) == 0 && strv_len(locked_paths) > 0) {
		gchar **unlocked_now = NULL;

		secret_service_unlock_dbus_paths_sync(kr->svc, (const gchar **)locked_paths, d.cancel, &unlocked_now, &e);
		if (e == NULL && strv_len(unlocked_now) > 0) {
			g_strfreev(unlocked);
			unlocked = unlocked_now;
		} else {
			g_strfreev(unlocked_now);
			locked = true;
		}
	}
	if (e == NULL && strv_len(unlocked) > 0) {
		v = secret_service_get_secret_for_dbus_path_sync(kr->svc, unlocked[0], d.cancel, &e);
		if (e == NULL && v == NULL)
			locked = true; /* listed but no secret given: as a locked item */
	}
	fired = deadline_stop(&d);
	g_hash_table_unref(attrs);
	g_strfreev(unlocked);
	g_strfreev(locked_paths);
	if (e != NULL || fired) {
		if (v != NULL)
			secret_value_unref(v);
		return from_gerror(e, fired, "looking up a secret", err);
	}
	if (v != NULL) {
		*out = value_dup(v);
		secret_value_unref(v);
	}
	if (*out != NULL)
		return SK_OK;
	/* A locked item is not a missing one: say which (R4). */
	if (locked)
		return sk_error_set(err, SK_ERR_KEYRING_LOCKED,
				    "the %s is in a locked keyring; unlock it and retry", sk_secret_field_name(f));
	/* Not found while another keyring is locked: it may be in there (R27). */
	st = sk_keyring_any_locked(kr, &locked, err);
	if (st != SK_OK)
		return st;
	if (locked)
		return sk_error_set(err, SK_ERR_KEYRING_LOCKED,
				    "the %s was not found, but a keyring (collection) is locked and may hold it; "
				    "unlock every keyring and retry",
				    sk_secret_field_name(f));
	return sk_error_set(err, SK_ERR_KEYRING_MISSING,
			    "the %s of this account is missing from the keyring (run `storekeys doctor`)",
			    sk_secret_field_name(f));
}

/* The non-secret attributes of an item: everything a registry entry needs (R2: none of it is secret). */
static void add_meta_attrs(GHashTable *attrs, const struct sk_account *a)
{
	GString *scopes = g_string_new("");

	for (size_t i = 0; i < a->nscopes; i++)
		g_string_append_printf(scopes, "%s%s", i ? " " : "", a->scopes[i]);
	g_hash_table_insert(attrs, "client_id", g_strdup(a->client_id));
	g_hash_table_insert(attrs, "store", g_strdup(sk_account_owner(a)));
	g_hash_table_insert(attrs, "v", g_strdup("2"));
	g_hash_table_insert(attrs, "name", g_strdup(a->name));
	g_hash_table_insert(attrs, "level", g_strdup(sk_level_name(a->level)));
	g_hash_table_insert(attrs, "api_path", g_strdup(a->api_path));
	g_hash_table_insert(attrs, "token_type", g_strdup(sk_token_type_name(a->token_type)));
	g_hash_table_insert(attrs, "stencil_access", g_strdup(sk_stencil_name(a->stencil)));
	g_hash_table_insert(attrs, "scopes", g_string_free(scopes, FALSE));
	g_hash_table_insert(attrs, "created", g_strdup_printf("%lld", (long long)a->created));
}

enum sk_status sk_keyring_store(struct sk_keyring *kr, const struct sk_account *a, enum sk_secret_field f,
				const char *secret, struct sk_error *err)
{
	GHashTable *attrs = attrs_new(a->id, sk_secret_field_name(f));
	SecretValue *val;
	struct deadline d;
	GError *e = NULL;
	char label[SK_NAME_MAX_BYTES + 128];
	char *back = NULL;
	enum sk_status st;
	bool fired;

	add_meta_attrs(attrs, a);
	sk_keyring_label(a, f, label, sizeof label);
	val = secret_value_new(secret, -1, "text/plain");
	deadline_start(&d);
	secret_service_store_sync(kr->svc, &sk_schema, attrs, SECRET_COLLECTION_DEFAULT, label, val, d.cancel, &e);
	fired = deadline_stop(&d);
	secret_value_unref(val);
	g_hash_table_unref(attrs);
	if (e != NULL || fired)
		return from_gerror(e, fired, "storing a secret", err);
	/* Read it back: success is reported only for what the keyring really holds. */
	st = sk_keyring_lookup(kr, a->id, f, &back, err);
	if (st != SK_OK) {
		sk_error_prefix(err, "the keyring did not keep the %s", sk_secret_field_name(f));
		return st;
	}
	if (strcmp(back, secret) != 0)
		st = sk_error_set(err, SK_ERR_KEYRING, "the keyring returned a different %s than was stored",
				  sk_secret_field_name(f));
	sk_secret_free(back);
	return st;
}

/*
 * Whether the program answering on this session deletes items outright (gnome-keyring),
 * asked once per session of the program that receives the deletions: its unique name.
 */
static bool deletes_outright(struct sk_keyring *kr)
{
	if (kr->outright == 0) {
		gchar *owner = g_dbus_proxy_get_name_owner(G_DBUS_PROXY(kr->svc));

		kr->outright = sk_about_deletes_outright(owner) ? 1 : -1;
		g_free(owner);
	}
	return kr->outright > 0;
}

/*
 * After a failed removal that had overwritten secrets: write each original back, so a
 * failure never leaves a registered account holding random values. An item the failed
 * deletion did remove is gone, not damaged. When this connection is broken (the usual
 * reason for the failure), once more on a new one. Returns how many could not be put back.
 */
static size_t put_back(struct sk_keyring *kr, GList *items, SecretValue **orig, size_t n)
{
	struct sk_keyring *fresh = NULL;
	struct sk_error ignored;
	size_t failed = 0, i = 0;

	for (GList *l = items; l != NULL && i < n; l = l->next, i++) {
		const char *path = g_dbus_proxy_get_object_path(G_DBUS_PROXY(l->data));
		struct deadline d;
		GError *e = NULL;
		SecretItem *again;
		bool fired;

		deadline_start(&d);
		secret_item_set_secret_sync(l->data, orig[i], d.cancel, &e);
		fired = deadline_stop(&d);
		if (e == NULL && !fired)
			continue;
		g_clear_error(&e);
		if (fresh == NULL && open_service(&fresh, SECRET_SERVICE_OPEN_SESSION, &ignored) != SK_OK) {
			failed++;
			continue;
		}
		deadline_start(&d);
		again = secret_item_new_for_dbus_path_sync(fresh->svc, path, SECRET_ITEM_NONE, d.cancel, &e);
		if (again != NULL && e == NULL)
			secret_item_set_secret_sync(again, orig[i], d.cancel, &e);
		fired = deadline_stop(&d);
		/* an item the deletion removed has no object any more: gone, as asked */
		if ((e != NULL && !g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) &&
		     !g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) &&
		     !g_error_matches(e, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) &&
		     !g_error_matches(e, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT)) || fired)
			failed++;
		g_clear_error(&e);
		if (again != NULL)
			g_object_unref(again);
	}
	sk_keyring_close(fresh);
	return failed;
}

bool sk_keyring_test_force_overwrite;
bool sk_keyring_test_fail_after_overwrite;

enum sk_status sk_keyring_clear(struct sk_keyring *kr, const char *account_id, struct sk_error *err)
{
	GHashTable *attrs;
	struct deadline d;
	GError *e = NULL;
	GList *left = NULL, *found = NULL;
	SecretValue **orig = NULL;
	size_t nfound = 0, overwritten = 0;
	enum sk_status st = SK_OK;
	bool fired;
	guint n;

	/* An empty pattern would match every item of ours: never (R4). */
	if (account_id == NULL || account_id[0] == '\0')
		return sk_error_set(err, SK_ERR_INTERNAL, "refusing to clear the keyring with an empty pattern");
	attrs = attrs_new(account_id, NULL);
	/*
	 * Overwrite every secret first, so a provider's trash does not show the real value as
	 * the entry's secret (KeePassXC's Recycle Bin). gnome-keyring deletes outright and
	 * rewrites its file on each change: there the overwrite would only double the writes.
	 * Each original is read first and kept until the deletion is verified, to be put back
	 * if anything after the overwrite fails.
	 */
	if (sk_keyring_test_force_overwrite || !deletes_outright(kr)) {
		st = search(kr, attrs, SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS, &found,
			    "reading the secrets before overwriting them", err);
		nfound = g_list_length(found);
		orig = sk_xcalloc(nfound + 1, sizeof *orig);
		nfound = 0;
		for (GList *l = found; l != NULL && st == SK_OK; l = l->next) {
			orig[nfound] = secret_item_get_secret(l->data);
			if (orig[nfound++] == NULL)
				st = sk_error_set(err, SK_ERR_KEYRING_LOCKED,
						  "a secret of this account could not be read before overwriting it; "
						  "nothing was removed");
		}
	}
	for (GList *l = found; l != NULL && st == SK_OK; l = l->next) {
		unsigned char rnd[24];
		char junk[sizeof rnd * 2 + 1];
		SecretValue *val;

		if (!sk_random_bytes(rnd, sizeof rnd))
			memset(rnd, 0, sizeof rnd);
		for (size_t i = 0; i < sizeof rnd; i++)
			snprintf(junk + 2 * i, 3, "%02x", rnd[i]);
		val = secret_value_new(junk, -1, "text/plain");
		overwritten++; /* counted before the call: a call that fails may still have written */
		deadline_start(&d);
		secret_item_set_secret_sync(l->data, val, d.cancel, &e);
		fired = deadline_stop(&d);
		secret_value_unref(val);
		if (e != NULL || fired)
			st = from_gerror(e, fired, "overwriting a secret before deleting it", err);
		e = NULL;
	}
	if (st == SK_OK && sk_keyring_test_fail_after_overwrite)
		st = sk_error_set(err, SK_ERR_KEYRING, "deleting secrets: failed (test)");
	if (st == SK_OK && sk_keyring_test_keep_items)
		goto done; /* tests: stop where a trash would keep the items */
	if (st == SK_OK) {
		deadline_start(&d);
		secret_service_clear_sync(kr->svc, &sk_schema, attrs, d.cancel, &e);
		fired = deadline_stop(&d);
		if (e != NULL || fired)
			st = from_gerror(e, fired, "deleting secrets", err);
	}
	if (st == SK_OK) {
		/* clear only removes unlocked items: search again before reporting success. */
		st = search(kr, attrs, SECRET_SEARCH_ALL, &left, "checking the deletion", err);
		n = g_list_length(left);
		g_list_free_full(left, g_object_unref);
		if (st == SK_OK && n > 0)
			st = sk_error_set(err, SK_ERR_KEYRING_LOCKED,
					  "%u keyring item(s) of this account could not be deleted (locked?)", n);
	}
	if (st != SK_OK && overwritten > 0) {
		size_t lost = put_back(kr, found, orig, overwritten);

		if (lost == 0)
			sk_error_suffix(err, "; the secrets it had overwritten were put back");
		else
			sk_error_suffix(err,
					"; and %zu overwritten secret(s) could not be put back: this account's keyring "
					"items now hold random values (KeePassXC keeps the real ones in the entries' history)",
					lost);
	}
done:
	for (size_t i = 0; i < nfound; i++)
		if (orig[i] != NULL)
			secret_value_unref(orig[i]);
	free(orig);
	g_list_free_full(found, g_object_unref);
	g_hash_table_unref(attrs);
	return st;
}

void sk_keyring_items_free(struct sk_keyring_item *items, size_t n)
{
	for (size_t i = 0; items != NULL && i < n; i++) {
		sk_secret_free(items[i].secret);
		sk_account_clear(&items[i].meta);
	}
	free(items);
}

/* ---- bulk listing ---------------------------------------------------------
 *
 * secret_service_search_sync() makes one D-Bus proxy per item (a match rule
 * on the bus and a GetAll each): about 2 ms an item with gnome-keyring, and
 * worse as the bus's match rules pile up. The bulk path asks for what it
 * needs instead: the item paths (one SearchItems), every item's attributes
 * (Properties.Get, all sent at once and answered in a row) and every secret
 * (one GetSecrets).
 */

struct attr_fetch {
	GHashTable **attrs; /* per path: its attributes (string -> string), or NULL */
	char **labels;      /* per path: its label, or NULL */
	int pending;
};

struct attr_call {
	struct attr_fetch *f;
	size_t i;
};

/* The value a Properties.Get answered (the caller unrefs it), or NULL when it failed. */
static GVariant *property_value(GObject *src, GAsyncResult *res)
{
	GVariant *v = g_dbus_connection_call_finish(G_DBUS_CONNECTION(src), res, NULL);
	GVariant *inner = NULL;

	if (v != NULL) {
		g_variant_get(v, "(v)", &inner);
		g_variant_unref(v);
	}
	return inner;
}

/* Properties.Get(Attributes) answered: keep the attributes. */
static void attrs_done(GObject *src, GAsyncResult *res, gpointer ud)
{
	struct attr_call *c = ud;
	GVariant *inner = property_value(src, res);

	if (inner != NULL && g_variant_is_of_type(inner, G_VARIANT_TYPE("a{ss}"))) {
		GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		GVariantIter it;
		const gchar *k, *val;

		g_variant_iter_init(&it, inner);
		while (g_variant_iter_next(&it, "{&s&s}", &k, &val))
			g_hash_table_insert(h, g_strdup(k), g_strdup(val));
		c->f->attrs[c->i] = h;
	}
	if (inner != NULL)
		g_variant_unref(inner);
	c->f->pending--;
}

/* Ask for property prop of the item at path, without waiting: done gets c once it is answered. */
static void item_property_get(GDBusConnection *conn, const gchar *name, const char *path, const char *prop,
			      GCancellable *cancel, GAsyncReadyCallback done, struct attr_call *c)
{
	c->f->pending++;
	g_dbus_connection_call(conn, name, path, "org.freedesktop.DBus.Properties", "Get",
			       g_variant_new("(ss)", "org.freedesktop.Secret.Item", prop), G_VARIANT_TYPE("(v)"),
			       G_DBUS_CALL_FLAGS_NONE, -1, cancel, done, c);
}

/* Properties.Get(Label) answered: keep the label. */
static void label_done(GObject *src, GAsyncResult *res, gpointer ud)
{
	struct attr_call *c = ud;
	GVariant *inner = property_value(src, res);

	if (inner != NULL && g_variant_is_of_type(inner, G_VARIANT_TYPE_STRING))
		c->f->labels[c->i] = g_variant_dup_string(inner, NULL);
	if (inner != NULL)
		g_variant_unref(inner);
	c->f->pending--;
}

/*
 * The attributes of every item in paths, pipelined on the service's
 * connection: Properties.Get of Attributes alone (GetAll costs gnome-keyring
 * about twice as much: it reads every property of the item). The label is
 * read afterwards, only for the old items whose attributes carry no name.
 */
static GHashTable **fetch_attributes(struct sk_keyring *kr, gchar **paths, size_t n, GCancellable *cancel,
				     char ***labels)
{
	GDBusProxy *proxy = G_DBUS_PROXY(kr->svc);
	GDBusConnection *conn = g_dbus_proxy_get_connection(proxy);
	const gchar *name = g_dbus_proxy_get_name(proxy);
	GMainContext *ctx = g_main_context_new();
	struct attr_fetch f = {.attrs = sk_xcalloc(n + 1, sizeof *f.attrs),
			       .labels = sk_xcalloc(n + 1, sizeof *f.labels),
			       .pending = 0};
	struct attr_call *calls = sk_xcalloc(n + 1, sizeof *calls);

	g_main_context_push_thread_default(ctx);
	for (size_t i = 0; i < n; i++) {
		calls[i].f = &f;
		calls[i].i = i;
		item_property_get(conn, name, paths[i], "Attributes", cancel, attrs_done, &calls[i]);
	}
	/* the deadline cancels `cancel`, which ends every call still waiting */
	while (f.pending > 0)
		g_main_context_iteration(ctx, TRUE);
	for (size_t i = 0; i < n && !g_cancellable_is_cancelled(cancel); i++) {
		if (f.attrs[i] == NULL || g_hash_table_lookup(f.attrs[i], "name") != NULL)
			continue;
		item_property_get(conn, name, paths[i], "Label", cancel, label_done, &calls[i]);
	}
	while (f.pending > 0)
		g_main_context_iteration(ctx, TRUE);
	g_main_context_pop_thread_default(ctx);
	g_main_context_unref(ctx);
	free(calls);
	*labels = f.labels;
	return f.attrs;
}

/*
 * Is any collection of the service locked? An item that is not found while
 * one is locked may be in it: that is unknown, never missing (R27). Asked
 * of the service each time, not from libsecret's cached properties.
 */
static bool collections_locked(struct sk_keyring *kr, GCancellable *cancel, GError **e)
{
	GDBusProxy *proxy = G_DBUS_PROXY(kr->svc);
	GDBusConnection *conn = g_dbus_proxy_get_connection(proxy);
	const gchar *name = g_dbus_proxy_get_name(proxy);
	GVariant *v, *inner = NULL;
	GVariantIter it;
	const gchar *path;
	bool locked = false;

	v = g_dbus_connection_call_sync(conn, name, "/org/freedesktop/secrets", "org.freedesktop.DBus.Properties", "Get",
					g_variant_new("(ss)", "org.freedesktop.Secret.Service", "Collections"),
					G_VARIANT_TYPE("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, cancel, e);
	if (v == NULL)
		return true; /* cannot tell: unknown */
	g_variant_get(v, "(v)", &inner);
	if (inner == NULL || !g_variant_is_of_type(inner, G_VARIANT_TYPE("ao"))) {
		locked = true;
		goto out;
	}
	g_variant_iter_init(&it, inner);
	while (!locked && g_variant_iter_next(&it, "&o", &path)) {
		GVariant *r = g_dbus_connection_call_sync(
			conn, name, path, "org.freedesktop.DBus.Properties", "Get",
			g_variant_new("(ss)", "org.freedesktop.Secret.Collection", "Locked"), G_VARIANT_TYPE("(v)"),
			G_DBUS_CALL_FLAGS_NONE, -1, cancel, NULL);
		GVariant *b = NULL;

		if (r == NULL) {
			locked = true; /* a collection that does not answer is not known to be unlocked */
			break;
		}
		g_variant_get(r, "(v)", &b);
		locked = b == NULL || !g_variant_is_of_type(b, G_VARIANT_TYPE_BOOLEAN) || g_variant_get_boolean(b);
		if (b)
			g_variant_unref(b);
		g_variant_unref(r);
	}
out:
	if (inner)
		g_variant_unref(inner);
	g_variant_unref(v);
	return locked;
}

enum sk_status sk_keyring_any_locked(struct sk_keyring *kr, bool *locked, struct sk_error *err)
{
	struct deadline d;
	GError *e = NULL;
	bool fired;

	deadline_start(&d);
	*locked = collections_locked(kr, d.cancel, &e);
	fired = deadline_stop(&d);
	if (e != NULL || fired)
		return from_gerror(e, fired, "checking which keyrings are locked", err);
	return SK_OK;
}

/* Split "a b c" into a NULL-terminated, owned array. */
static void split_scopes(const char *s, struct sk_account *a)
{
	gchar **parts = g_strsplit(s ? s : "", " ", -1);

	a->scopes = sk_xcalloc(1, sizeof *a->scopes);
	a->nscopes = 0;
	for (gchar **p = parts; *p; p++) {
		if (**p == '\0' || strlen(*p) > 128 || sk_has_control(*p))
			continue;
		a->scopes = sk_xrealloc(a->scopes, (a->nscopes + 2) * sizeof *a->scopes);
		a->scopes[a->nscopes++] = sk_strdup(*p);
		a->scopes[a->nscopes] = NULL;
	}
	g_strfreev(parts);
}

/*
 * What the item says about its account. v2 items carry every registry
 * field; older ones only the client id and owner, and the label names the
 * account and its level: the rest stays unknown (scopes empty, created 0).
 */
static void item_meta(struct sk_keyring_item *it, GHashTable *at, const char *label)
{
	struct sk_account *a = &it->meta;
	const char *v = g_hash_table_lookup(at, "v");
	const char *name = g_hash_table_lookup(at, "name");
	const char *path = g_hash_table_lookup(at, "api_path");
	const char *cid = g_hash_table_lookup(at, "client_id");
	const char *owner = g_hash_table_lookup(at, "store");
	const char *type = g_hash_table_lookup(at, "token_type");
	const char *stencil = g_hash_table_lookup(at, "stencil_access");
	const char *created = g_hash_table_lookup(at, "created");
	struct sk_api_path ap;
	struct sk_error sub;
	char buf[SK_NAME_MAX_BYTES + 1];
	bool path_ok;

	memset(a, 0, sizeof *a);
	memcpy(a->id, it->account_id, sizeof a->id);
	path_ok = path != NULL && sk_api_path_parse(path, &ap, &sub) == SK_OK;
	if (!path_ok && owner != NULL) {
		/* derive the API path from the owner: a UUID is an account, anything else a store hash */
		char guess[SK_API_PATH_MAX + 1];

		if (sk_uuid_valid(owner))
			snprintf(guess, sizeof guess, "https://api.bigcommerce.com/accounts/%s", owner);
		else
			snprintf(guess, sizeof guess, "https://api.bigcommerce.com/stores/%s/v3/", owner);
		path_ok = sk_api_path_parse(guess, &ap, &sub) == SK_OK;
	}
	if (path_ok)
		sk_account_set_path(a, &ap);
	if (cid != NULL && strlen(cid) < sizeof a->client_id && !sk_has_control(cid))
		memcpy(a->client_id, cid, strlen(cid) + 1);
	if (name == NULL && label != NULL) {
		/* "BigCommerce access token: NAME (store HASH)" (sk_keyring_label) */
		const char *colon = strstr(label, ": ");
		const char *paren = strrchr(label, '(');

		if (colon != NULL && paren != NULL && paren > colon + 3) {
			size_t len = (size_t)(paren - 1 - (colon + 2));

			if (len < sizeof buf) {
				memcpy(buf, colon + 2, len);
				buf[len] = '\0';
				name = buf;
			}
		}
	}
	if (name != NULL && sk_name_check(name, a->name, &sub) != SK_OK)
		a->name[0] = '\0';
	if (a->name[0] == '\0')
		snprintf(a->name, sizeof a->name, "Recovered %.8s", a->id);
	if (type == NULL || !sk_token_type_parse(type, &a->token_type))
		a->token_type = SK_TOKEN_V2V3;
	if (stencil == NULL || !sk_stencil_parse(stencil, &a->stencil))
		a->stencil = SK_STENCIL_NONE;
	split_scopes(g_hash_table_lookup(at, "scopes"), a);
	a->created = created ? (int64_t)g_ascii_strtoll(created, NULL, 10) : 0;
	if (a->created < 0)
		a->created = 0;
	it->meta_known = path_ok && a->client_id[0] != '\0';
	it->meta_full = it->meta_known && v != NULL && strcmp(v, "2") == 0 && g_hash_table_lookup(at, "name") &&
			strcmp(a->name, (const char *)g_hash_table_lookup(at, "name")) == 0 && path != NULL &&
			type != NULL && created != NULL && g_hash_table_lookup(at, "scopes") != NULL;
}

/*
 * Search for our items (of one field when only_field is not NULL): unlocked
 * paths in *unlocked, locked ones in *locked. With unlock, locked items are
 * unlocked first (may prompt). On return d runs the listing's deadline: the
 * keyring timeout plus 5 ms per item, since a big but answering keyring
 * needs time in proportion to its items.
 */
static void find_paths(struct sk_keyring *kr, const char *only_field, bool unlock, struct deadline *d, bool *fired,
		       bool *by_user, gchar ***unlocked, gchar ***locked, GError **e)
{
	GHashTable *attrs = attrs_new(NULL, only_field);

	*unlocked = *locked = NULL;
	deadline_start(d);
	secret_service_search_for_dbus_paths_sync(kr->svc, &sk_schema, attrs, d->cancel, unlocked, locked, e);
	*fired = deadline_stop(d);
	*by_user = last_by_user;
	deadline_start_ms(d, sk_keyring_timeout_ms() + 5 * (int)(strv_len(*unlocked) + strv_len(*locked)));
	if (*fired && *e == NULL)
		g_cancellable_cancel(d->cancel);
	if (*e == NULL && unlock && strv_len(*locked) > 0) {
		/* like SECRET_SEARCH_UNLOCK: may prompt; the deadline bounds it */
		secret_service_unlock_dbus_paths_sync(kr->svc, (const gchar **)*locked, d->cancel, NULL, e);
		if (*e == NULL) {
			g_strfreev(*unlocked);
			g_strfreev(*locked);
			*unlocked = *locked = NULL;
			secret_service_search_for_dbus_paths_sync(kr->svc, &sk_schema, attrs, d->cancel, unlocked,
								  locked, e);
		}
	}
	g_hash_table_unref(attrs);
}

/*
 * The items of ours among paths[0..n), from their attributes (and labels)
 * and, when secrets is not NULL, their secrets; paths from first_locked on
 * are locked. Returns how many were written to out (room for n).
 */
static size_t build_items(gchar **paths, size_t n, size_t first_locked, GHashTable **item_attrs, char **labels,
			  GHashTable *secrets, struct sk_keyring_item *out)
{
	size_t cnt = 0;

	for (size_t i = 0; i < n; i++) {
		GHashTable *at = item_attrs[i];
		const char *acc = at ? g_hash_table_lookup(at, "account") : NULL;
		const char *field = at ? g_hash_table_lookup(at, "field") : NULL;
		struct sk_keyring_item *it = &out[cnt];

		if (acc == NULL || field == NULL || !sk_uuid_valid(acc) ||
		    (strcmp(field, "client_secret") != 0 && strcmp(field, "access_token") != 0))
			continue;
		memcpy(it->account_id, acc, 37);
		it->field = strcmp(field, "client_secret") == 0 ? SK_FIELD_CLIENT_SECRET : SK_FIELD_ACCESS_TOKEN;
		it->locked = i >= first_locked;
		item_meta(it, at, labels[i]);
		if (!it->locked && secrets != NULL) {
			SecretValue *v = g_hash_table_lookup(secrets, paths[i]);

			if (v != NULL)
				it->secret = value_dup(v);
		}
		cnt++;
	}
	return cnt;
}

static void attrs_free(GHashTable **item_attrs, char **labels, size_t n)
{
	for (size_t i = 0; item_attrs != NULL && i < n; i++) {
		if (item_attrs[i] != NULL)
			g_hash_table_unref(item_attrs[i]);
		g_free(labels[i]);
	}
	free(item_attrs);
	free(labels);
}

/* List our items (only those of one field when only_field is not NULL); see sk_keyring_list. */
static enum sk_status list_items(struct sk_keyring *kr, bool load_secrets, const char *only_field,
				 struct sk_keyring_item **out, size_t *n, bool *locked_out, struct sk_error *err)
{
	bool by_user;
	GHashTable **item_attrs = NULL;
	char **labels = NULL;
	bool any_locked = true;
	GHashTable *secrets = NULL;
	gchar **unlocked = NULL, **locked = NULL, **paths = NULL;
	size_t nu, nl;
	struct deadline d;
	GError *e = NULL;
	enum sk_status st = SK_OK;
	bool fired;

	*out = NULL;
	*n = 0;
	find_paths(kr, only_field, load_secrets, &d, &fired, &by_user, &unlocked, &locked, &e);
	nu = strv_len(unlocked);
	nl = strv_len(locked);
	if (e == NULL) {
		paths = sk_xcalloc(nu + nl + 1, sizeof *paths);
		for (size_t i = 0; i < nu; i++)
			paths[i] = unlocked[i];
		for (size_t i = 0; i < nl; i++)
			paths[nu + i] = locked[i];
		item_attrs = fetch_attributes(kr, paths, nu + nl, d.cancel, &labels);
		if (locked_out != NULL)
			any_locked = collections_locked(kr, d.cancel, &e);
	}
	if (e == NULL && load_secrets && nu > 0)
		secrets = secret_service_get_secrets_for_dbus_paths_sync(kr->svc, (const gchar **)unlocked, d.cancel, &e);
	fired = deadline_stop(&d) || fired;
	last_by_user = last_by_user || by_user;
	if (e != NULL || fired) {
		st = from_gerror(e, fired, load_secrets ? "loading secrets" : "listing secrets", err);
		goto out;
	}
	*out = sk_xcalloc(nu + nl + 1, sizeof **out);
	*n = build_items(paths, nu + nl, nu, item_attrs, labels, secrets, *out);
	if (locked_out != NULL)
		*locked_out = any_locked;
out:
	attrs_free(item_attrs, labels, item_attrs ? nu + nl : 0);
	free(paths);
	if (secrets != NULL)
		g_hash_table_unref(secrets); /* SecretValues live in secure memory, wiped when freed */
	g_strfreev(unlocked);
	g_strfreev(locked);
	return st;
}

/*
 * One chunk of sk_keyring_load_field_each: the attributes and secrets of
 * paths[0..n) (all unlocked unless locked), handed to fn. False when fn
 * wants no more; *e is set when the keyring failed.
 */
static bool load_chunk(struct sk_keyring *kr, gchar **paths, size_t n, bool locked, GCancellable *cancel,
		       sk_keyring_chunk_fn fn, void *ud, GError **e)
{
	const gchar **sub = sk_xcalloc(n + 1, sizeof *sub);
	char **labels = NULL;
	GHashTable **item_attrs;
	GHashTable *secrets = NULL;
	struct sk_keyring_item *items;
	size_t cnt;
	bool more = true;

	for (size_t i = 0; i < n; i++)
		sub[i] = paths[i];
	item_attrs = fetch_attributes(kr, paths, n, cancel, &labels);
	if (!locked && !g_cancellable_is_cancelled(cancel))
		secrets = secret_service_get_secrets_for_dbus_paths_sync(kr->svc, sub, cancel, e);
	if (*e == NULL && !g_cancellable_is_cancelled(cancel)) {
		items = sk_xcalloc(n + 1, sizeof *items);
		cnt = build_items(paths, n, locked ? 0 : n, item_attrs, labels, secrets, items);
		more = fn(ud, items, cnt); /* fn owns the items now */
	}
	attrs_free(item_attrs, labels, n);
	if (secrets != NULL)
		g_hash_table_unref(secrets);
	free(sub);
	return more;
}

enum sk_status sk_keyring_load_field_each(struct sk_keyring *kr, enum sk_secret_field f, sk_keyring_chunk_fn fn,
					  void *ud, struct sk_error *err)
{
	gchar **unlocked = NULL, **locked = NULL;
	size_t nu, nl, size = SK_KEYRING_CHUNK_FIRST;
	struct deadline d;
	GError *e = NULL;
	bool fired, by_user, more = true;
	enum sk_status st = SK_OK;

	find_paths(kr, sk_secret_field_name(f), true, &d, &fired, &by_user, &unlocked, &locked, &e);
	nu = strv_len(unlocked);
	nl = strv_len(locked);
	/* small chunks first, so the caller can start on them while the keyring answers the rest */
	for (size_t off = 0; e == NULL && more && off < nu && !g_cancellable_is_cancelled(d.cancel);) {
		size_t k = nu - off < size ? nu - off : size;

		more = load_chunk(kr, unlocked + off, k, false, d.cancel, fn, ud, &e);
		off += k;
		size = size * 2 > SK_KEYRING_CHUNK_MAX ? SK_KEYRING_CHUNK_MAX : size * 2;
	}
	if (e == NULL && more && nl > 0 && !g_cancellable_is_cancelled(d.cancel))
		more = load_chunk(kr, locked, nl, true, d.cancel, fn, ud, &e);
	fired = deadline_stop(&d) || fired;
	last_by_user = last_by_user || by_user;
	if (e != NULL || fired)
		st = from_gerror(e, fired, "loading secrets", err);
	else if (!more)
		st = sk_error_set(err, SK_ERR_CANCELLED, "loading secrets was stopped");
	g_strfreev(unlocked);
	g_strfreev(locked);
	return st;
}

enum sk_status sk_keyring_list(struct sk_keyring *kr, bool load_secrets, struct sk_keyring_item **out, size_t *n,
			       struct sk_error *err)
{
	return list_items(kr, load_secrets, NULL, out, n, NULL, err);
}

enum sk_status sk_keyring_list_all(struct sk_keyring *kr, struct sk_keyring_item **out, size_t *n, bool *any_locked,
				   struct sk_error *err)
{
	return list_items(kr, false, NULL, out, n, any_locked, err);
}

enum sk_status sk_keyring_load_field(struct sk_keyring *kr, enum sk_secret_field f, struct sk_keyring_item **out,
				     size_t *n, struct sk_error *err)
{
	return list_items(kr, true, sk_secret_field_name(f), out, n, NULL, err);
}
