/* keyring_bench.c - time loading every account's secrets the way the audit does, against one lookup each. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "bulk") == 0)
		return bulk(argc >= 3 ? atoi(argv[2]) : 1);
	if (argc >= 2 && strcmp(argv[1], "lookup") == 0)
		return lookup();
	fprintf(stderr, "usage: keyring_bench bulk [RUNS] | lookup\n");
	return 2;
}
