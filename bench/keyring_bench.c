/* keyring_bench.c - time loading every account's secrets the way the audit does, against one lookup each. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECRET_WITH_UNSTABLE 1
#define SECRET_API_SUBJECT_TO_CHANGE 1
#include <libsecret/secret.h>

#include "keyring.h"
#include "registry.h"
#include "util.h"

/*
 * keyring_bench bulk N: N times, in this process, open the keyring and
 * load every item with its secret in one GetSecrets call
 * (sk_keyring_list(kr, true), what `storekeys audit` does), then wipe them.
 * keyring_bench lookup: one connection, then one sk_keyring_lookup per
 * registered account (what a naive client does in-process).
 * Prints one "MS ITEMS" line per run.
 */
static int bulk(int runs)
{
	for (int i = 0; i < runs; i++) {
		struct sk_keyring *kr = NULL;
		struct sk_keyring_item *items = NULL;
		struct sk_error err;
		size_t n = 0, loaded = 0;
		int64_t t0 = sk_now_ms();

		if (sk_keyring_open(&kr, &err) != SK_OK || sk_keyring_load_field(kr, SK_FIELD_ACCESS_TOKEN, &items, &n, &err) != SK_OK) {
			fprintf(stderr, "keyring_bench: %s\n", err.msg);
			if (kr != NULL)
				sk_keyring_close(kr);
			return 1;
		}
		for (size_t k = 0; k < n; k++)
			loaded += items[k].secret != NULL;
		sk_keyring_items_free(items, n);
		sk_keyring_close(kr);
		printf("%lld %zu\n", (long long)(sk_now_ms() - t0), loaded);
	}
	return 0;
}

static int lookup(void)
{
	struct sk_registry reg;
	struct sk_keyring *kr = NULL;
	struct sk_error err;
	char dir[4096];
	int64_t t0;
	size_t ok = 0;

	if (!sk_registry_dir(dir, sizeof dir) || sk_registry_load(&reg, dir, &err) != SK_OK) {
		fprintf(stderr, "keyring_bench: cannot load the registry\n");
		return 1;
	}
	t0 = sk_now_ms();
	if (sk_keyring_open(&kr, &err) != SK_OK) {
		fprintf(stderr, "keyring_bench: %s\n", err.msg);
		sk_registry_clear(&reg);
		return 1;
	}
	for (size_t i = 0; i < reg.n; i++) {
		char *s = NULL;

		if (sk_keyring_lookup(kr, reg.accounts[i].id, SK_FIELD_ACCESS_TOKEN, &s, &err) == SK_OK)
			ok++;
		sk_secret_free(s);
	}
	sk_keyring_close(kr);
	printf("%lld %zu\n", (long long)(sk_now_ms() - t0), ok);
	sk_registry_clear(&reg);
	return 0;
}

/*
 * keyring_bench floor N: the fewest round trips the Secret Service API allows
 * for the same secrets: open a session (as sk_keyring_open does, a
 * connection of its own), one SearchItems for the access-token items of our
 * schema, one GetSecrets for all of them. It cannot tell which secret
 * belongs to which account (that needs each item's attributes), so it is a
 * floor, not a replacement. With "phases", also time each step and the
 * per-item attribute reads storekeys adds (Properties.Get of Attributes, and
 * GetAll as before, each pipelined), and print them on stderr.
 */
static const SecretSchema floor_schema = {
	.name = SK_KEYRING_SCHEMA,
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {{.name = "field", .type = SECRET_SCHEMA_ATTRIBUTE_STRING}, {.name = NULL, .type = 0}},
};

static int pending;

static void getall_done(GObject *src, GAsyncResult *res, gpointer ud)
{
	GVariant *v = g_dbus_connection_call_finish(G_DBUS_CONNECTION(src), res, NULL);

	(void)ud;
	if (v != NULL)
		g_variant_unref(v);
	pending--;
}

/* Time one Properties call per path, all sent at once (Get of prop, or GetAll when prop is NULL). */
static int64_t pipelined(SecretService *svc, gchar **paths, const char *prop)
{
	GDBusProxy *proxy = G_DBUS_PROXY(svc);
	GDBusConnection *conn = g_dbus_proxy_get_connection(proxy);
	GMainContext *ctx = g_main_context_new();
	int64_t t0 = sk_now_ms();

	g_main_context_push_thread_default(ctx);
	for (size_t i = 0; paths[i]; i++) {
		pending++;
		g_dbus_connection_call(conn, g_dbus_proxy_get_name(proxy), paths[i], "org.freedesktop.DBus.Properties",
				       prop ? "Get" : "GetAll",
				       prop ? g_variant_new("(ss)", "org.freedesktop.Secret.Item", prop)
					    : g_variant_new("(s)", "org.freedesktop.Secret.Item"),
				       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, getall_done, NULL);
	}
	while (pending > 0)
		g_main_context_iteration(ctx, TRUE);
	g_main_context_pop_thread_default(ctx);
	g_main_context_unref(ctx);
	return sk_now_ms() - t0;
}

static int floor_load(int runs, bool phases)
{
	for (int r = 0; r < runs; r++) {
		GHashTable *attrs = g_hash_table_new(g_str_hash, g_str_equal);
		GHashTable *secrets = NULL;
		gchar **unlocked = NULL, **locked = NULL;
		GError *e = NULL;
		int64_t t0 = sk_now_ms(), t1, t2, t3 = 0, t4, ta = 0, tg = 0;
		SecretService *svc = secret_service_open_sync(SECRET_TYPE_SERVICE, NULL, SECRET_SERVICE_OPEN_SESSION,
								NULL, &e);
		size_t n = 0;

		g_hash_table_insert(attrs, "field", "access_token");
		t1 = sk_now_ms();
		if (svc != NULL)
			secret_service_search_for_dbus_paths_sync(svc, &floor_schema, attrs, NULL, &unlocked, &locked, &e);
		t2 = sk_now_ms();
		if (e == NULL && phases && unlocked != NULL) {
			ta = pipelined(svc, unlocked, "Attributes");
			tg = pipelined(svc, unlocked, NULL);
			t3 = sk_now_ms();
		}
		if (e == NULL && unlocked != NULL && unlocked[0] != NULL)
			secrets = secret_service_get_secrets_for_dbus_paths_sync(svc, (const gchar **)unlocked, NULL, &e);
		t4 = sk_now_ms();
		if (e != NULL) {
			fprintf(stderr, "keyring_bench: %s\n", e->message);
			return 1;
		}
		n = secrets ? g_hash_table_size(secrets) : 0;
		if (phases)
			fprintf(stderr,
				"phases (ms): open %lld, SearchItems %lld, GetSecrets x%zu %lld; per item, pipelined: "
				"Get(Attributes) %lld, GetAll %lld\n",
				(long long)(t1 - t0), (long long)(t2 - t1), n, (long long)(t4 - (t3 ? t3 : t2)),
				(long long)ta, (long long)tg);
		/* the floor's own time leaves the GetAll phase out */
		printf("%lld %zu\n", (long long)(t4 - t0 - (t3 ? t3 - t2 : 0)), n);
		if (secrets != NULL)
			g_hash_table_unref(secrets);
		g_strfreev(unlocked);
		g_strfreev(locked);
		g_hash_table_unref(attrs);
		/* kept, as sk_keyring_close keeps its services (GDBus's worker thread may still use it) */
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "floor") == 0)
		return floor_load(argc >= 3 ? atoi(argv[2]) : 1, argc >= 4 && strcmp(argv[3], "phases") == 0);
	if (argc >= 2 && strcmp(argv[1], "bulk") == 0)
		return bulk(argc >= 3 ? atoi(argv[2]) : 1);
	if (argc >= 2 && strcmp(argv[1], "lookup") == 0)
		return lookup();
	fprintf(stderr, "usage: keyring_bench bulk [RUNS] | floor [RUNS [phases]] | lookup\n");
	return 2;
}
