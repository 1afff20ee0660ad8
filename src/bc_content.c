/* bc_content.c - the writes a rotation needs besides webhooks: scripts (create, read one) and metafield ownership. */
#include "config.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bc.h"
#include "bc_http.h"
#include "util.h"

/* Script fields a POST /v3/content/scripts takes (scripts.v3.yml script_Post); the rest is the server's. */
static const char *const script_post_fields[] = {
	"name",	    "description", "html",	       "src",	  "auto_uninstall", "load_method",
	"location", "visibility",  "kind",	       "consent_category", "enabled", "channel_id",
};

static enum sk_status store_call(const struct sk_account *a, enum sk_http_method m, const char *path,
				 const char *token, const char *body, const char *hint, struct sk_bc_call *call,
				 struct sk_http_req *r, struct sk_error *err)
{
	if (a->level != SK_LEVEL_STORE) {
		memset(r, 0, sizeof *r);
		r->rate_left = -1;
		return sk_error_set(err, SK_ERR_INVALID, "scripts and metafields belong to store-level API accounts");
	}
	return sk_http_store_request(r, m, a->store_hash, path, token, body, hint, call, err);
}

/* The "data" object of an answer, detached (caller deletes). */
static enum sk_status data_object(const struct sk_http_req *r, cJSON **out, const char *what, struct sk_error *err)
{
	cJSON *root, *data;

	*out = NULL;
	if (r->len == 0 || r->len > SK_HTTP_BODY_MAX || strlen(r->body) != r->len)
		return sk_error_set(err, SK_ERR_BAD_RESPONSE, "the answer to %s was empty or not text", what);
	root = cJSON_ParseWithLength(r->body, r->len);
	data = cJSON_IsObject(root) ? cJSON_DetachItemFromObjectCaseSensitive(root, "data") : NULL;
	cJSON_Delete(root);
	if (!cJSON_IsObject(data)) {
		cJSON_Delete(data);
		return sk_error_set(err, SK_ERR_BAD_RESPONSE, "the answer to %s has no \"data\" object", what);
	}
	*out = data;
	return SK_OK;
}

enum sk_status sk_bc_get_script(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				const char *uuid, char **json, struct sk_error *err)
{
	struct sk_http_req r;
	cJSON *data = NULL;
	const cJSON *u;
	char path[128];
	enum sk_status st;

	*json = NULL;
	memset(&r, 0, sizeof r);
	if (uuid == NULL || !sk_uuid_valid(uuid))
		return sk_error_set(err, SK_ERR_INVALID, "a script id is a UUID");
	snprintf(path, sizeof path, "/v3/content/scripts/%s", uuid);
	st = store_call(a, SK_HTTP_GET, path, token, NULL, "Content", call, &r, err);
	if (st == SK_OK)
		st = data_object(&r, &data, "the script read", err);
	u = cJSON_GetObjectItemCaseSensitive(data, "uuid");
	if (st == SK_OK && !(cJSON_IsString(u) && strcmp(u->valuestring, uuid) == 0))
		st = sk_error_set(err, SK_ERR_BAD_RESPONSE, "BigCommerce answered with another script than %s", uuid);
	if (st == SK_OK && (*json = cJSON_PrintUnformatted(data)) == NULL)
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
	cJSON_Delete(data);
	sk_http_req_clear(&r);
	return st;
}

enum sk_status sk_bc_create_script(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				   const char *script_json, char *uuid_out, size_t uuid_size, struct sk_error *err)
{
	struct sk_http_req r;
	cJSON *src = NULL, *body = cJSON_CreateObject(), *data = NULL;
	const cJSON *u;
	char *text = NULL;
	enum sk_status st = SK_OK;

	memset(&r, 0, sizeof r);
	if (uuid_size > 0)
		uuid_out[0] = '\0';
	src = script_json ? cJSON_Parse(script_json) : NULL;
	if (!cJSON_IsObject(src) || body == NULL)
		st = sk_error_set(err, SK_ERR_INVALID, "the script to create is not a JSON object");
	for (size_t i = 0; st == SK_OK && i < sizeof script_post_fields / sizeof script_post_fields[0]; i++) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(src, script_post_fields[i]);

		/* null and "" mean "not set": BigCommerce refuses html and src together */
		if (f == NULL || cJSON_IsNull(f) || (cJSON_IsString(f) && f->valuestring[0] == '\0'))
			continue;
		if (!cJSON_AddItemToObject(body, script_post_fields[i], cJSON_Duplicate(f, true)))
			st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
	}
	if (st == SK_OK && !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(body, "name")))
		st = sk_error_set(err, SK_ERR_INVALID, "the script has no name");
	if (st == SK_OK && (text = cJSON_PrintUnformatted(body)) == NULL)
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
	if (st == SK_OK)
		st = store_call(a, SK_HTTP_POST, "/v3/content/scripts", token, text, "Content", call, &r, err);
	if (st == SK_OK)
		st = data_object(&r, &data, "the script creation", err);
	u = cJSON_GetObjectItemCaseSensitive(data, "uuid");
	if (st == SK_OK && !(cJSON_IsString(u) && sk_uuid_valid(u->valuestring)))
		st = sk_error_set(err, SK_ERR_BAD_RESPONSE, "BigCommerce created the script but sent no uuid for it");
	if (st == SK_OK && !sk_strlcpy(uuid_out, u->valuestring, uuid_size))
		st = sk_error_set(err, SK_ERR_INTERNAL, "uuid buffer too small");
	cJSON_Delete(data);
	cJSON_Delete(src);
	cJSON_Delete(body);
	cJSON_free(text);
	sk_http_req_clear(&r);
	return st;
}

/*
 * GraphQL Admin (POST /stores/{hash}/graphql). The mutation's payload
 * fields are not documented in the spec files here (UNCONFIRMED), so only
 * the request's acceptance is checked; callers read the metafields back.
 */
#define REASSIGN_MUTATION                                                                          \
	"mutation ($input: ReassignMetafieldsOwnerInput!) { metafield { reassignMetafieldsOwner(input: $input) " \
	"{ __typename } } }"

enum sk_status sk_bc_reassign_metafields(const struct sk_account *a, const char *token, struct sk_bc_call *call,
					 const char *new_client_id, char *const *ids, size_t n, struct sk_error *err)
{
	struct sk_http_req r;
	cJSON *root = cJSON_CreateObject(), *vars, *input, *arr, *ans = NULL;
	const cJSON *errors;
	char *text = NULL;
	enum sk_status st = SK_OK;

	memset(&r, 0, sizeof r);
	if (new_client_id == NULL || new_client_id[0] == '\0' || sk_has_control(new_client_id) || n == 0)
		st = sk_error_set(err, SK_ERR_INVALID, "nothing to reassign");
	vars = cJSON_AddObjectToObject(root, "variables");
	input = cJSON_AddObjectToObject(vars, "input");
	arr = cJSON_AddArrayToObject(input, "metafieldIds");
	if (st == SK_OK && (cJSON_AddStringToObject(root, "query", REASSIGN_MUTATION) == NULL ||
			    cJSON_AddStringToObject(input, "newClientId", new_client_id) == NULL || arr == NULL))
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
	for (size_t i = 0; st == SK_OK && i < n; i++) {
		char gid[96];

		/* ids are decimal numbers (the REST answers); anything else is not sent */
		if (ids[i] == NULL || ids[i][0] == '\0' || strspn(ids[i], "0123456789") != strlen(ids[i]) ||
		    strlen(ids[i]) > 20) {
			st = sk_error_set(err, SK_ERR_INVALID, "a metafield id is a whole number");
			break;
		}
		snprintf(gid, sizeof gid, "bc/store/metafield/%s", ids[i]);
		if (!cJSON_AddItemToArray(arr, cJSON_CreateString(gid)))
			st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
	}
	if (st == SK_OK && (text = cJSON_PrintUnformatted(root)) == NULL)
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
	if (st == SK_OK)
		st = store_call(a, SK_HTTP_POST, "/graphql", token, text, "Metafield ownership", call, &r, err);
	if (st == SK_OK) {
		ans = r.len > 0 && strlen(r.body) == r.len ? cJSON_ParseWithLength(r.body, r.len) : NULL;
		if (!cJSON_IsObject(ans))
			st = sk_error_set(err, SK_ERR_BAD_RESPONSE, "the GraphQL answer is not a JSON object");
	}
	errors = cJSON_GetObjectItemCaseSensitive(ans, "errors");
	if (st == SK_OK && cJSON_IsArray(errors) && cJSON_GetArraySize(errors) > 0) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(errors, 0), "message");
		char safe[256];

		st = sk_error_set(err, SK_ERR_HTTP_403,
				  "BigCommerce refused to reassign the metafields: %s (the replacement needs the "
				  "Metafield ownership: manage scope)",
				  sk_sanitize(cJSON_IsString(m) ? m->valuestring : "no reason given", safe, sizeof safe));
	}
	cJSON_Delete(ans);
	cJSON_Delete(root);
	cJSON_free(text);
	sk_http_req_clear(&r);
	return st;
}
