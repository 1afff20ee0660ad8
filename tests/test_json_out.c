/* test_json_out.c - the one --json printer: exact integers, escaped controls and invisible characters. */
#include "config.h"

#include <cJSON.h>

#include "jsonout.h"
#include "testutil.h"

/* What sk_json_write prints for j (caller frees). */
static char *render(const cJSON *j)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_true(sk_json_write(f, j));
	fclose(f);
	return buf;
}

static void test_integers(void **state)
{
	cJSON *o = cJSON_CreateObject();
	char *s;

	cJSON_AddNumberToObject(o, "max_safe", 9007199254740991.0);
	cJSON_AddNumberToObject(o, "above_2_52", 4503599627370497.0);
	cJSON_AddNumberToObject(o, "negative", -4503599627370497.0);
	cJSON_AddNumberToObject(o, "zero", 0);
	cJSON_AddNumberToObject(o, "half", 0.5);
	cJSON_AddNumberToObject(o, "big", 1e300);
	s = render(o);
	/* cJSON_Print writes 9.007199254740991e+15 and 4.503599627370497e+15 here. */
	assert_non_null(strstr(s, "\"max_safe\":\t9007199254740991,"));
	assert_non_null(strstr(s, "\"above_2_52\":\t4503599627370497,"));
	assert_non_null(strstr(s, "\"negative\":\t-4503599627370497,"));
	assert_non_null(strstr(s, "\"zero\":\t0,"));
	assert_non_null(strstr(s, "\"half\":\t0.5,"));
	assert_non_null(strstr(s, "\"big\":\t1e+300\n"));
	free(s);
	cJSON_Delete(o);
}

static void test_strings(void **state)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *a = cJSON_AddArrayToObject(o, "list");
	char *s;
	cJSON *back;

	cJSON_AddStringToObject(o, "c1", "a\xc2\x85" "b\xc2\x9b" "c");          /* NEL, CSI */
	cJSON_AddStringToObject(o, "zw", "x\xe2\x80\x8by\xe2\x80\xaez\xef\xbb\xbf"); /* ZWSP, RLO, BOM */
	cJSON_AddStringToObject(o, "tag", "t\xf3\xa0\x80\x81");                      /* U+E0001 */
	cJSON_AddStringToObject(o, "c0", "q\"\\\n\t\x1b[2J\x7f");
	cJSON_AddStringToObject(o, "ok", "Caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac");
	cJSON_AddStringToObject(o, "bad", "\xff");
	cJSON_AddItemToArray(a, cJSON_CreateNumber(1));
	cJSON_AddItemToArray(a, cJSON_CreateObject());
	s = render(o);
	assert_non_null(strstr(s, "\"c1\":\t\"a\\u0085b\\u009bc\""));
	assert_non_null(strstr(s, "\"zw\":\t\"x\\u200by\\u202ez\\ufeff\""));
	assert_non_null(strstr(s, "\"tag\":\t\"t\\udb40\\udc01\""));
	assert_non_null(strstr(s, "\"c0\":\t\"q\\\"\\\\\\n\\t\\u001b[2J\\u007f\""));
	assert_non_null(strstr(s, "\"ok\":\t\"Caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac\""));
	assert_non_null(strstr(s, "\"bad\":\t\"\\ufffd\""));
	assert_null(strstr(s, "\x1b"));
	assert_null(strstr(s, "\xe2\x80\x8b"));
	/* still JSON, and the same values when read back */
	back = cJSON_Parse(s);
	assert_non_null(back);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(back, "list")), 2);
	free(s);
	cJSON_Delete(back);
	cJSON_Delete(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_strings),
	};
	return cmocka_run_group_tests_name("json_out", tests, NULL, NULL);
}
