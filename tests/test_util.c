/* test_util.c - UTF-8, terminal sanitizing (R21), wiping, e-mail and UUID helpers. */
#include "config.h"

#include "testutil.h"
#include "util.h"

static void test_sanitize(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain", "plain"},
		{"Café Lumière", "Café Lumière"},
		{"\x1b]52;c;AAAA\x07", "^[]52;c;AAAA^G"},
		{"a\r\nb", "a^M^Jb"},
		{"del\x7f", "del^?"},
		{"c1\xc2\x9b" "31m", "c1\\x9B31m"},
		{"bad\xff", "bad\\xFF"},
		{"overlong\xc0\xaf", "overlong\\xC0\\xAF"},
		{"", ""},
	};
	char out[64];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(sk_sanitize(cases[i].in, out, sizeof out), cases[i].out);
	/* Never cuts a character in half and never overflows. */
	assert_string_equal(sk_sanitize("ééé", out, 4), "é");
	assert_string_equal(sk_sanitize("\x1b\x1b", out, 4), "^[");
	assert_false(strchr(sk_sanitize("\x1b[2J", out, sizeof out), 0x1b) != NULL);
}

static void test_utf8(void **state)
{
	assert_true(sk_utf8_valid("Grüße 🎉", strlen("Grüße 🎉")));
	assert_false(sk_utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
	assert_false(sk_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(sk_utf8_valid("\xe2\x82", 2)); /* truncated */
	assert_int_equal(sk_utf8_len("café"), 4);
	assert_true(sk_has_control("a\tb"));
	assert_true(sk_has_control("a\xc2\x85"));
	assert_false(sk_has_control("naïve name"));
}

/* sk_prefault leaves every byte as it was, whatever the range's alignment and size. */
static void test_prefault(void **state)
{
	size_t n = 300 * 1024 + 123;
	unsigned char *p = sk_xmalloc(n);

	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + 3);
	sk_prefault(p + 1, n - 2);
	sk_prefault(p, 10);
	sk_prefault(NULL, 4096);
	sk_prefault(p + 4000, 5000);
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 7 + 3))
			fail_msg("byte %zu changed", i);
	free(p);
	(void)state;
}

/* The word-wide paths (32 and 8 bytes): every byte value at every place gives the byte-wise answer. */
static void test_wordwise_every_byte(void **state)
{
	char buf[49];

	for (size_t off = 0; off < sizeof buf - 1; off++)
		for (int c = 1; c < 256; c++) {
			memset(buf, 'a', sizeof buf - 1);
			buf[sizeof buf - 1] = '\0';
			buf[off] = (char)c;
			/* one byte alone is a control (below 0x20, 0x7f) or, above 0x7f, not UTF-8 */
			assert_int_equal(sk_has_control(buf), c < 0x20 || c >= 0x7f);
			assert_int_equal(sk_utf8_valid(buf, sizeof buf - 1), c < 0x80);
		}
	(void)state;
}

/* The 8-bytes-at-a-time ASCII path: sequences straddling a word, bad bytes at every offset. */
static void test_utf8_wordwise(void **state)
{
	char buf[40];

	(void)state;
	for (size_t off = 0; off < 24; off++) {
		static const char *const good[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x8e\x89"};
		static const char *const bad[] = {"\xff", "\x80", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf"};

		for (size_t g = 0; g < 3; g++) {
			size_t n = strlen(good[g]);

			memset(buf, 'a', sizeof buf);
			memcpy(buf + off, good[g], n);
			assert_true(sk_utf8_valid(buf, sizeof buf));
			/* cut inside the sequence: truncated wherever the word boundary falls */
			for (size_t cut = 1; cut < n; cut++)
				assert_false(sk_utf8_valid(buf, off + cut));
			buf[off + n] = '\0';
			assert_false(sk_has_control(buf));
		}
		for (size_t b = 0; b < 6; b++) {
			memset(buf, 'a', sizeof buf);
			memcpy(buf + off, bad[b], strlen(bad[b]));
			assert_false(sk_utf8_valid(buf, sizeof buf));
			buf[sizeof buf - 1] = '\0';
			assert_true(sk_has_control(buf));
		}
		memset(buf, 'a', sizeof buf);
		buf[off] = 0x7f;
		buf[sizeof buf - 1] = '\0';
		assert_true(sk_utf8_valid(buf, sizeof buf));
		assert_true(sk_has_control(buf));
	}
	/* the length bounds the check: a bad byte just past it is not read as part of the text */
	memcpy(buf, "abcdefgh\xff", 9);
	assert_true(sk_utf8_valid(buf, 8));
	assert_false(sk_utf8_valid(buf, 9));
}

static void test_wipe(void **state)
{
	char buf[16] = "supersecret";

	sk_wipe(buf, sizeof buf);
	for (size_t i = 0; i < sizeof buf; i++)
		assert_int_equal(buf[i], 0);
	sk_secret_free(NULL);
	sk_secret_free(sk_strdup("x"));
}

static void test_email_uuid(void **state)
{
	char id[37];

	assert_true(sk_email_valid("ops@example.com"));
	assert_false(sk_email_valid("ops@localhost"));
	assert_false(sk_email_valid("a@b@c.com"));
	assert_false(sk_email_valid("ops @example.com"));
	assert_false(sk_email_valid("ops@example.com\r\nBcc: x@y.z"));
	assert_false(sk_email_valid(""));
	assert_true(sk_uuid_new(id));
	assert_true(sk_uuid_valid(id));
	assert_int_equal(id[14], '4');
	assert_false(sk_uuid_valid("not-a-uuid"));
	/* every byte at a hex place and at a dash place: hex digits of either case only, dashes only */
	for (int c = 1; c < 256; c++) {
		char u[] = "0123abcd-ABCD-4ef0-89AB-0123456789ab";
		bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

		u[7] = (char)c;
		assert_int_equal(sk_uuid_valid(u), hex);
		u[7] = 'd';
		u[13] = (char)c;
		assert_int_equal(sk_uuid_valid(u), c == '-');
	}
	assert_false(sk_uuid_valid("0123abcd-ABCD-4ef0-89AB-0123456789abc"));
}

static void test_trim_duration(void **state)
{
	char s[] = "  \t name \r\n";
	char b[32];

	assert_string_equal(sk_trim(s), "name");
	assert_string_equal(sk_duration_str(170, b, sizeof b), "2m 50s");
	assert_string_equal(sk_duration_str(5, b, sizeof b), "5s");
	/* a fast audit reads "850 ms", never "0.0 s" (issue 14) */
	assert_string_equal(sk_elapsed_str(850, b, sizeof b), "850 ms");
	assert_string_equal(sk_elapsed_str(0, b, sizeof b), "0 ms");
	assert_string_equal(sk_elapsed_str(12345, b, sizeof b), "12.3 s");
	assert_string_equal(sk_duration_str(-3, b, sizeof b), "0s");
	assert_string_equal(sk_duration_str(90000, b, sizeof b), "1d 1h");
	assert_string_equal(sk_time_str(0, b, sizeof b), "-");
}

static void test_emails_list(void **state)
{
	char **v = NULL;
	size_t n = 0;
	struct sk_error err;
	char *j;

	assert_int_equal(sk_emails_parse("ops@example.com, dev@example.com,OPS@example.com", &v, &n, &err), SK_OK);
	assert_int_equal(n, 2);
	j = sk_emails_join(v, n);
	assert_string_equal(j, "ops@example.com, dev@example.com");
	free(j);
	sk_strv_free(v, n);
	assert_int_equal(sk_emails_parse("a@b.com,,c@d.com", &v, &n, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "empty item"));
	assert_int_equal(sk_emails_parse("a@b.com, \x1b[2J@x.com", &v, &n, &err), SK_ERR_INVALID);
	assert_int_equal(sk_emails_parse("   ", &v, &n, &err), SK_OK);
	assert_int_equal(n, 0);
	sk_strv_free(v, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize), cmocka_unit_test(test_utf8), cmocka_unit_test(test_utf8_wordwise),
		cmocka_unit_test(test_wordwise_every_byte), cmocka_unit_test(test_prefault), cmocka_unit_test(test_wipe),
		cmocka_unit_test(test_email_uuid), cmocka_unit_test(test_trim_duration), cmocka_unit_test(test_emails_list),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
