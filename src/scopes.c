/* scopes.c - the OAuth scope catalogue (docs/bigcommerce.md §4) and presets. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "scopes.h"
#include "util.h"

#define RO "Read-only"
#define MOD "Modify"

/* Store-level rows in control-panel order, then the account-level rows. */
const struct sk_scope_resource sk_scope_catalogue[] = {
	{.ui_name = "Content", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_v2_content_read_only"}, {MOD, "store_v2_content"}},
	 .probe = "/v3/content/pages?limit=1"},
	{.ui_name = "Checkout content", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_content_checkout_read_only"}, {MOD, "store_content_checkout"}},
	 .probe = "/v3/content/scripts?limit=1",
	 .note = "scripts also answer to Content, so this probe may over-report"},
	{.ui_name = "Customers", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_v2_customers_read_only"}, {MOD, "store_v2_customers"}},
	 .probe = "/v3/customers?limit=1"},
	{.ui_name = "Customers login", .level = SK_LEVEL_STORE, .nlevels = 1,
	 .levels = {{"Login", "store_v2_customers_login"}},
	 .note = "storefront login only; no read-only probe"},
	{.ui_name = "Information & settings", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_v2_information_read_only"}, {MOD, "store_v2_information"}},
	 .probe = "/v2/time"},
	{.ui_name = "Marketing", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_v2_marketing_read_only"}, {MOD, "store_v2_marketing"}},
	 .probe = "/v2/coupons?limit=1"},
	{.ui_name = "Orders", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_v2_orders_read_only"}, {MOD, "store_v2_orders"}},
	 .probe = "/v2/order_statuses"},
	{.ui_name = "Order transactions", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_v2_transactions_read_only"}, {MOD, "store_v2_transactions"}},
	 .note = "needs an order id to probe"},
	{.ui_name = "Create payments", .level = SK_LEVEL_STORE, .nlevels = 1,
	 .levels = {{"Create", "store_payments_access_token_create"}},
	 .note = "creates payment tokens; never probed"},
	{.ui_name = "Get payment methods", .level = SK_LEVEL_STORE, .nlevels = 1,
	 .levels = {{RO, "store_payments_methods_read"}},
	 .note = "needs an order id to probe"},
	{.ui_name = "Stored payment instruments", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_stored_payment_instruments_read_only"}, {MOD, "store_stored_payment_instruments"}},
	 .note = "needs a customer id to probe"},
	{.ui_name = "Products", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_v2_products_read_only"}, {MOD, "store_v2_products"}},
	 .probe = "/v3/catalog/products?limit=1"},
	{.ui_name = "Themes", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_themes_read_only"}, {MOD, "store_themes_manage"}},
	 .probe = "/v3/themes"},
	{.ui_name = "Carts", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_cart_read_only"}, {MOD, "store_cart"}},
	 .note = "no list endpoint to probe"},
	{.ui_name = "Checkouts", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_checkout_read_only"}, {MOD, "store_checkout"}},
	 .note = "no confirmed read-only probe"},
	{.ui_name = "Sites & routes", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_sites_read_only"}, {MOD, "store_sites"}},
	 .probe = "/v3/sites?limit=1"},
	{.ui_name = "Channel settings", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_channel_settings_read_only"}, {MOD, "store_channel_settings"}},
	 .probe = "/v3/channels?limit=1"},
	{.ui_name = "Channel listings", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_channel_listings_read_only"}, {MOD, "store_channel_listings"}},
	 .note = "needs a channel id to probe"},
	{.ui_name = "Storefront API tokens", .level = SK_LEVEL_STORE, .nlevels = 1,
	 .levels = {{"Manage", "store_storefront_api"}},
	 .note = "creates tokens; never probed"},
	{.ui_name = "Storefront API customer impersonation tokens", .level = SK_LEVEL_STORE, .nlevels = 1,
	 .levels = {{"Manage", "store_storefront_api_customer_impersonation"}},
	 .note = "creates tokens; never probed"},
	{.ui_name = "Store logs", .level = SK_LEVEL_STORE, .nlevels = 1,
	 .levels = {{RO, "store_logs_read_only"}},
	 .probe = "/v3/store/systemlogs?limit=1"},
	{.ui_name = "Store locations", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_locations_read_only"}, {MOD, "store_locations"}},
	 .probe = "/v3/inventory/locations?limit=1"},
	{.ui_name = "Store inventory", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_inventory_read_only"}, {MOD, "store_inventory"}},
	 .probe = "/v3/inventory/items?limit=1"},
	{.ui_name = "Fulfillment methods", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_fulfillment_methods_read_only"}, {MOD, "store_fulfillment_methods_manage"}},
	 .probe = "/v3/pickup/methods"},
	{.ui_name = "Order fulfillment", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_order_fulfillment_read_only"}, {MOD, "store_order_fulfillment_manage"}},
	 .probe = "/v3/orders/pickups"},
	{.ui_name = "Store translations", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_translations_read_only"}, {MOD, "store_translations"}},
	 .note = "GraphQL Admin only; no REST probe"},
	{.ui_name = "Metafield ownership", .level = SK_LEVEL_STORE, .nlevels = 1,
	 .levels = {{"Manage", "store_metafield_change_owner"}},
	 .note = "GraphQL Admin only; no REST probe"},
	/* api-accounts.mdx lists only standard ("Default") and full for this row: no None. */
	{.ui_name = "Metafields access", .level = SK_LEVEL_STORE, .nlevels = 2, .always = true,
	 .levels = {{"Standard", "store_metafield_write"}, {"Full", "store_metafield_write_all"}},
	 .note = "no None: Standard (the account's own metafields) is the default; Full reaches every "
		 "account's metafields, app_only included"},
	{.ui_name = "Infrastructure deployments", .level = SK_LEVEL_STORE, .nlevels = 3,
	 .levels = {{RO, "store_infrastructure_deployments_read_only"},
		    {"Create preview", "store_infrastructure_deployments_create_preview"},
		    {"Manage", "store_infrastructure_deployments_manage"}},
	 .note = "Catalyst hosting"},
	{.ui_name = "Infrastructure projects", .level = SK_LEVEL_STORE, .nlevels = 2,
	 .levels = {{RO, "store_infrastructure_projects_read_only"}, {"Manage", "store_infrastructure_projects_manage"}},
	 .probe = "/v3/infrastructure/projects", .note = "Catalyst hosting"},
	{.ui_name = "Infrastructure logs", .level = SK_LEVEL_STORE, .nlevels = 1,
	 .levels = {{RO, "store_infrastructure_logs_read_only"}},
	 .note = "Catalyst hosting"},
	{.ui_name = "B2B Edition", .level = SK_LEVEL_STORE, .nlevels = 0,
	 .note = "shown only with B2B Edition; its scope string is not documented, set it in the control panel"},
	{.ui_name = "App Extensions", .level = SK_LEVEL_STORE, .nlevels = 0,
	 .note = "app-level accounts only (store_app_extensions_manage)"},

	{.ui_name = "Account", .level = SK_LEVEL_ACCOUNT, .nlevels = 1, .multi = true,
	 .levels = {{RO, "account_read"}}},
	{.ui_name = "Account Apps", .level = SK_LEVEL_ACCOUNT, .nlevels = 1, .multi = true,
	 .levels = {{RO, "account_apps_read"}}},
	{.ui_name = "Account Checkouts", .level = SK_LEVEL_ACCOUNT, .nlevels = 2, .multi = true,
	 .levels = {{RO, "account_checkouts_read"}, {MOD, "account_checkouts_create"}}},
	{.ui_name = "Account Stores", .level = SK_LEVEL_ACCOUNT, .nlevels = 1, .multi = true,
	 .levels = {{RO, "account_stores_read"}}},
	{.ui_name = "Account Subscriptions", .level = SK_LEVEL_ACCOUNT, .nlevels = 2, .multi = true,
	 .levels = {{RO, "account_subscriptions_read"}, {MOD, "account_subscriptions_cancel"}}},
	{.ui_name = "Account Users", .level = SK_LEVEL_ACCOUNT, .nlevels = 3, .multi = true,
	 .levels = {{RO, "account_users_read"}, {"Write", "account_users_write"}, {"Delete", "account_users_delete"}}},
	{.ui_name = "Charges", .level = SK_LEVEL_ACCOUNT, .nlevels = 0, .multi = true,
	 .note = "beta (Automated Billing, shown only to enrolled partners): Modify in the control panel; its "
		 "scope string is not documented, set it in the control panel"},
};
const size_t sk_scope_catalogue_len = sizeof sk_scope_catalogue / sizeof sk_scope_catalogue[0];

static const char *const preset_read_only[] = {
	"store_v2_content_read_only", "store_content_checkout_read_only", "store_v2_customers_read_only",
	"store_v2_information_read_only", "store_v2_marketing_read_only", "store_v2_orders_read_only",
	"store_v2_transactions_read_only", "store_payments_methods_read", "store_stored_payment_instruments_read_only",
	"store_v2_products_read_only", "store_themes_read_only", "store_cart_read_only", "store_checkout_read_only",
	"store_sites_read_only", "store_channel_settings_read_only", "store_channel_listings_read_only",
	"store_logs_read_only", "store_locations_read_only", "store_inventory_read_only",
	"store_fulfillment_methods_read_only", "store_order_fulfillment_read_only", "store_translations_read_only",
	"store_infrastructure_deployments_read_only", "store_infrastructure_projects_read_only",
	"store_infrastructure_logs_read_only", NULL};
/* What a store migration reads: catalogue, customers, orders, content, marketing, settings. */
static const char *const preset_migration[] = {
	"store_v2_products_read_only", "store_v2_customers_read_only", "store_v2_orders_read_only",
	"store_v2_content_read_only", "store_v2_marketing_read_only", "store_v2_information_read_only", NULL};
/* The control panel does not document Stencil-CLI scopes; its list shows "Sites & Routes Read-Only, Themes". */
static const char *const preset_stencil_dev[] = {"store_sites_read_only", "store_themes_read_only", NULL};
static const char *const preset_stencil_publish[] = {"store_sites_read_only", "store_themes_manage", NULL};
static const char *const preset_account_read[] = {
	"account_read", "account_apps_read", "account_checkouts_read", "account_stores_read",
	"account_subscriptions_read", "account_users_read", NULL};

const struct sk_scope_preset sk_scope_presets[] = {
	{"read-only", "Read-only everything", SK_LEVEL_STORE, preset_read_only},
	{"migration", "Migration export (read-only catalogue, customers, orders, content, marketing, settings)",
	 SK_LEVEL_STORE, preset_migration},
	{"stencil-dev", "Stencil development (local development only)", SK_LEVEL_STORE, preset_stencil_dev},
	{"stencil-publish", "Stencil publish theme", SK_LEVEL_STORE, preset_stencil_publish},
	{"account-read", "Account: read-only everything", SK_LEVEL_ACCOUNT, preset_account_read},
};
const size_t sk_scope_presets_len = sizeof sk_scope_presets / sizeof sk_scope_presets[0];

const struct sk_scope_resource *sk_scope_find(const char *s, size_t *level_out)
{
	for (size_t i = 0; i < sk_scope_catalogue_len; i++) {
		const struct sk_scope_resource *r = &sk_scope_catalogue[i];

		for (size_t l = 0; l < r->nlevels; l++) {
			if (strcmp(r->levels[l].scope, s) == 0) {
				if (level_out)
					*level_out = l;
				return r;
			}
		}
	}
	return NULL;
}

const struct sk_scope_preset *sk_scope_preset_find(const char *id)
{
	for (size_t i = 0; i < sk_scope_presets_len; i++)
		if (strcmp(sk_scope_presets[i].id, id) == 0)
			return &sk_scope_presets[i];
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void push_unique(char ***arr, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*arr)[i], s) == 0)
			return;
	*arr = sk_xrealloc(*arr, (*n + 2) * sizeof **arr);
	(*arr)[(*n)++] = sk_strdup(s);
	(*arr)[*n] = NULL;
}

void sk_scopes_free(char **scopes, size_t n)
{
	if (scopes == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(scopes[i]);
	free(scopes);
}

enum sk_status sk_scopes_check(char *const *scopes, size_t n, enum sk_level level, struct sk_error *err)
{
	for (size_t i = 0; i < n; i++) {
		size_t li;
		const struct sk_scope_resource *r = sk_scope_find(scopes[i], &li);

		if (r == NULL)
			return sk_error_set(err, SK_ERR_INVALID, "unknown OAuth scope \"%.64s\" (see `storekeys scopes`)",
					    scopes[i]);
		if (r->level != level)
			return sk_error_set(err, SK_ERR_INVALID, "scope %s is for %s accounts", scopes[i],
					    sk_level_label(r->level));
		if (r->multi)
			continue;
		for (size_t j = i + 1; j < n; j++) {
			if (sk_scope_find(scopes[j], NULL) == r)
				return sk_error_set(err, SK_ERR_INVALID,
						    "%s can have only one level, but both %s and %s are given",
						    r->ui_name, scopes[i], scopes[j]);
		}
	}
	return SK_OK;
}

void sk_scopes_add_defaults(char ***scopes, size_t *n, enum sk_level level)
{
	size_t before = *n;

	for (size_t i = 0; i < sk_scope_catalogue_len; i++) {
		const struct sk_scope_resource *r = &sk_scope_catalogue[i];
		bool set = false;

		if (!r->always || r->level != level || r->nlevels == 0)
			continue;
		for (size_t k = 0; k < *n && !set; k++)
			set = sk_scope_find((*scopes)[k], NULL) == r;
		if (!set)
			push_unique(scopes, n, r->levels[0].scope);
	}
	if (*n != before)
		qsort(*scopes, *n, sizeof **scopes, cmp_str);
}

enum sk_status sk_scopes_parse(const char *list, enum sk_level level, char ***out, size_t *n,
			       struct sk_error *err)
{
	char *copy = sk_strdup(list ? list : "");
	char **arr = NULL;
	size_t cnt = 0;
	char *save = NULL;
	enum sk_status st = SK_OK;

	for (char *tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		const struct sk_scope_preset *p = sk_scope_preset_find(tok);

		if (p != NULL) {
			if (p->level != level) {
				st = sk_error_set(err, SK_ERR_INVALID, "preset %s is for %s accounts", p->id,
						  sk_level_label(p->level));
				break;
			}
			for (const char *const *s = p->scopes; *s; s++)
				push_unique(&arr, &cnt, *s);
		} else {
			push_unique(&arr, &cnt, tok);
		}
	}
	free(copy);
	if (st == SK_OK && cnt > 0) {
		qsort(arr, cnt, sizeof *arr, cmp_str);
		st = sk_scopes_check(arr, cnt, level, err);
	}
	if (st != SK_OK) {
		sk_scopes_free(arr, cnt);
		return st;
	}
	if (arr == NULL)
		arr = sk_xcalloc(1, sizeof *arr);
	*out = arr;
	*n = cnt;
	return SK_OK;
}

const char *sk_scopes_summary(char *const *scopes, size_t n, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	if (n == 0) {
		snprintf(buf, size, "no scopes");
		return buf;
	}
	for (size_t i = 0; i < n && used + 1 < size; i++) {
		size_t li;
		const struct sk_scope_resource *r = sk_scope_find(scopes[i], &li);
		int w;

		if (r)
			w = snprintf(buf + used, size - used, "%s%s: %s", i ? ", " : "", r->ui_name, r->levels[li].label);
		else
			w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", scopes[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}
