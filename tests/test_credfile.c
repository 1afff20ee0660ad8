/* test_credfile.c - the control panel's credentials .txt: every layout seen, and malformed files. */
#include "config.h"

#include "credfile.h"
#include "testutil.h"

#define TOK "abcdefghijklmnopqrstuvwxyz01234"
#define CID "zyxwvutsrqponmlkjihgfedcba98765"
#define SEC "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define PATHV "https://api.bigcommerce.com/stores/123456/v3/"

static void test_good_layouts(void **state)
{
	static const char *const files[] = {
		/* the documented order */
		"ACCESS TOKEN: " TOK "\nCLIENT NAME: products read-write\nAPI PATH: " PATHV "\nCLIENT ID: " CID
		"\nCLIENT SECRET: " SEC "\n",
		/* another order, NAME label, CRLF, BOM, blank lines, trailing spaces */
		"\xef\xbb\xbf" "ACCESS TOKEN: " TOK "\r\nCLIENT ID: " CID "  \r\n\r\nCLIENT SECRET: " SEC
		"\r\nNAME: products read-write\r\nAPI PATH: " PATHV "\r\n",
		/* lowercase labels, unknown label, doc-style annotations */
		"access token: " TOK " # the token\nclient name: products read-write # user-defined\nIssued: today\n"
		"api path: " PATHV " # the store hash here is 123456\nclient id: " CID "\nclient secret: " SEC,
	};
	struct sk_credfile cf;
	struct sk_error err;

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		sk_error_clear(&err);
		if (sk_credfile_parse(files[i], strlen(files[i]), &cf, &err) != SK_OK)
			fail_msg("layout %zu refused: %s", i, err.msg);
		assert_string_equal(cf.access_token, TOK);
		assert_string_equal(cf.client_id, CID);
		assert_string_equal(cf.client_secret, SEC);
		assert_string_equal(cf.name, "products read-write");
		assert_string_equal(cf.path.store_hash, "123456");
		sk_credfile_clear(&cf);
		assert_int_equal(cf.access_token[0], 0);
	}
}

static void test_account_level(void **state)
{
	const char *f = "ACCESS TOKEN: " TOK "\nCLIENT ID: " CID "\nCLIENT SECRET: " SEC
			"\nNAME: Account admin\nAPI PATH: https://api.bigcommerce.com/accounts/"
			"6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/graphql\n";
	struct sk_credfile cf;
	struct sk_error err;

	assert_int_equal(sk_credfile_parse(f, strlen(f), &cf, &err), SK_OK);
	assert_int_equal(cf.path.level, SK_LEVEL_ACCOUNT);
	assert_string_equal(cf.path.account_uuid, "6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
	sk_credfile_clear(&cf);
}

static void test_malformed(void **state)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{"", "no ACCESS TOKEN"},
		{"hello world\n", "line 1"},
		{"ACCESS TOKEN: " TOK "\nCLIENT ID: " CID "\nCLIENT SECRET: " SEC "\n", "no API PATH"},
		{"ACCESS TOKEN: " TOK "\nAPI PATH: http://evil.test/stores/1/v3/\nCLIENT ID: " CID "\nCLIENT SECRET: " SEC,
		 "line 2"},
		{"ACCESS TOKEN: tok en\nAPI PATH: " PATHV "\nCLIENT ID: " CID "\nCLIENT SECRET: " SEC, "line 1"},
		{"ACCESS TOKEN: " TOK "\nACCESS TOKEN: " TOK "\n", "repeats ACCESS TOKEN"},
		{"ACCESS TOKEN: " TOK "\nNAME: abc\nAPI PATH: " PATHV "\nCLIENT ID: " CID "\nCLIENT SECRET: " SEC,
		 "at least 4"},
		{"ACCESS TOKEN:\nAPI PATH: " PATHV "\nCLIENT ID: " CID "\nCLIENT SECRET: " SEC, "empty"},
	};
	struct sk_credfile cf;
	struct sk_error err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sk_error_clear(&err);
		assert_int_equal(sk_credfile_parse(cases[i].text, strlen(cases[i].text), &cf, &err), SK_ERR_INVALID);
		if (strstr(err.msg, cases[i].want) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, cases[i].want);
		/* The secrets never reach the message, and nothing is kept. */
		assert_null(strstr(err.msg, TOK));
		assert_null(strstr(err.msg, SEC));
		assert_int_equal(cf.access_token[0], 0);
		assert_int_equal(cf.client_secret[0], 0);
	}
}

static void test_read_file(void **state)
{
	char dir[512], path[600];
	struct sk_credfile cf;
	struct sk_error err;
	const char *f = "ACCESS TOKEN: " TOK "\nCLIENT NAME: File import\nAPI PATH: " PATHV "\nCLIENT ID: " CID
			"\nCLIENT SECRET: " SEC "\n";

	tu_mkdtemp(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/creds.txt", dir);
	tu_write(path, f, strlen(f));
	assert_int_equal(sk_credfile_read(path, &cf, &err), SK_OK);
	assert_string_equal(cf.name, "File import");
	sk_credfile_clear(&cf);
	assert_int_equal(sk_credfile_read(dir, &cf, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "not a regular file"));
	snprintf(path, sizeof path, "%s/missing.txt", dir);
	assert_int_equal(sk_credfile_read(path, &cf, &err), SK_ERR_INVALID);
	tu_rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_layouts),
		cmocka_unit_test(test_account_level),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_read_file),
	};
	return cmocka_run_group_tests_name("credfile", tests, NULL, NULL);
}
