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
		/* lowercase labels, unknown label, no final newline */
		"access token: " TOK "\nclient name: products read-write\nIssued: today\n"
		"api path: " PATHV "\nclient id: " CID "\nclient secret: " SEC,
		/* the real download: CLIENT NAME and NAME both, agreeing (issue 10) */
		"ACCESS TOKEN: " TOK "\r\nCLIENT NAME: products read-write\r\nCLIENT ID: " CID "\r\nCLIENT SECRET: " SEC
		"\r\nNAME: products read-write\r\nAPI PATH: " PATHV "\r\n",
		/* mixed-case labels with odd spacing */
		"Access_Token :  " TOK "\nClient  Name:products read-write\t\nApi Path: " PATHV "\nClient-Id: " CID
		"\nclient SECRET: " SEC "\n",
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
		{"ACCESS TOKEN: " TOK "\nNAME: abc\nNAME: abcd\nAPI PATH: " PATHV "\nCLIENT ID: " CID "\nCLIENT SECRET: " SEC,
		 "line 3 repeats NAME"},
		{"ACCESS TOKEN: " TOK "\nNAME: a\x01b\nAPI PATH: " PATHV "\nCLIENT ID: " CID "\nCLIENT SECRET: " SEC,
		 "line 2: the name contains a control"},
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

/* Values are literal: '#', ':' and quotes stay; CLIENT NAME and NAME are two fields (issue 10). */
static void test_names(void **state)
{
	static const char *const tail = "ACCESS TOKEN: " TOK "\nAPI PATH: " PATHV "\nCLIENT ID: " CID
					"\nCLIENT SECRET: " SEC "\n";
	struct sk_credfile cf;
	struct sk_error err;
	char f[1024];

	snprintf(f, sizeof f, "NAME: Order sync #2\nCLIENT NAME:  Order sync #2 \n%s", tail);
	assert_int_equal(sk_credfile_parse(f, strlen(f), &cf, &err), SK_OK);
	assert_string_equal(cf.name, "Order sync #2");
	assert_false(cf.names_differ);
	snprintf(f, sizeof f, "CLIENT NAME: ERP #1: \"main\" \xc3\xa9t\xc3\xa9\n%s", tail);
	assert_int_equal(sk_credfile_parse(f, strlen(f), &cf, &err), SK_OK);
	assert_string_equal(cf.name, "ERP #1: \"main\" \xc3\xa9t\xc3\xa9");
	assert_string_equal(cf.client_name, cf.name);
	assert_string_equal(cf.name_line, "");
	/* two different names: none chosen, both kept for the person */
	snprintf(f, sizeof f, "CLIENT NAME: Order sync\n%sNAME: Orders (ERP)\n", tail);
	assert_int_equal(sk_credfile_parse(f, strlen(f), &cf, &err), SK_OK);
	assert_true(cf.names_differ);
	assert_string_equal(cf.name, "");
	assert_string_equal(cf.client_name, "Order sync");
	assert_string_equal(cf.name_line, "Orders (ERP)");
	/* a short name is the caller's business (--name may replace it) */
	snprintf(f, sizeof f, "NAME: abc\n%s", tail);
	assert_int_equal(sk_credfile_parse(f, strlen(f), &cf, &err), SK_OK);
	assert_string_equal(cf.name, "abc");
	sk_credfile_clear(&cf);
}

/* --delete-file: only a file that is the sole name of its data counts as deletable (issue 9 item 7). */
static void test_check_sole(void **state)
{
	char dir[512], path[600], link2[600], sym[600];
	struct sk_error err;

	tu_mkdtemp(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/creds.txt", dir);
	snprintf(link2, sizeof link2, "%s/copy.txt", dir);
	snprintf(sym, sizeof sym, "%s/sym.txt", dir);
	tu_write(path, "x", 1);
	assert_int_equal(sk_credfile_check_sole(path, &err), SK_OK);
	assert_int_equal(symlink(path, sym), 0);
	assert_int_equal(sk_credfile_check_sole(sym, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_non_null(strstr(err.msg, path));
	assert_int_equal(sk_credfile_delete(sym, &err), SK_ERR_INVALID);
	assert_int_equal(access(sym, F_OK), 0);
	assert_int_equal(link(path, link2), 0);
	assert_int_equal(sk_credfile_check_sole(path, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "hard link"));
	assert_non_null(strstr(err.msg, link2));
	assert_int_equal(sk_credfile_delete(path, &err), SK_ERR_INVALID);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(unlink(link2), 0);
	assert_int_equal(unlink(sym), 0);
	assert_int_equal(sk_credfile_delete(path, &err), SK_OK);
	assert_int_not_equal(access(path, F_OK), 0);
	tu_rm_rf(dir);
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
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_check_sole),
		cmocka_unit_test(test_read_file),
	};
	return cmocka_run_group_tests_name("credfile", tests, NULL, NULL);
}
