#include "cmocka_all.h"

#include <string.h>

#include "validate.h"

static void emails(void **state)
{
	(void)state;
	assert_int_equal(valid_email("budi@example.id"), 0);
	assert_int_equal(valid_email("b.santoso+kerja@mail.co.id"), 0);
	assert_int_equal(valid_email("budi"), -1);
	assert_int_equal(valid_email("@example.id"), -1);
	assert_int_equal(valid_email("budi@localhost"), -1);
	assert_int_equal(valid_email("budi@example."), -1);
	assert_int_equal(valid_email("a@b@c.id"), -1);
	assert_int_equal(valid_email("budi @example.id"), -1);
	assert_int_equal(valid_email("budi@example.id\r\nBcc: x@y.id"), -1);
}

static void passwords_and_text(void **state)
{
	(void)state;
	assert_int_equal(valid_password("1234567"), -1);
	assert_int_equal(valid_password("12345678"), 0);
	char long_pw[200];
	memset(long_pw, 'x', sizeof long_pw - 1);
	long_pw[sizeof long_pw - 1] = '\0';
	assert_int_equal(valid_password(long_pw), -1);
	assert_int_equal(valid_text("Budi Santoso", 100), 0);
	assert_int_equal(valid_text("   ", 100), -1);
	assert_int_equal(valid_text("", 100), -1);
	assert_int_equal(valid_text("a\tb", 100), -1);
	assert_int_equal(valid_text("abcdef", 5), -1);
}

static void phones(void **state)
{
	(void)state;
	char out[20];
	assert_int_equal(phone_normalize("0812-2233-4455", out), 0);
	assert_string_equal(out, "+6281222334455");
	assert_int_equal(phone_normalize("+62 812 2233 4455", out), 0);
	assert_string_equal(out, "+6281222334455");
	assert_int_equal(phone_normalize("6281222334455", out), 0);
	assert_string_equal(out, "+6281222334455");
	assert_int_equal(phone_normalize("(022) 6654321", out), 0);
	assert_string_equal(out, "+62226654321");
	assert_int_equal(phone_normalize("+1 555 1234567", out), -1);
	assert_int_equal(phone_normalize("0812", out), -1);
	assert_int_equal(phone_normalize("00812345678", out), -1);
	assert_int_equal(phone_normalize("0812x2233", out), -1);
	assert_int_equal(phone_normalize("", out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(emails),
		cmocka_unit_test(passwords_and_text),
		cmocka_unit_test(phones),
	};
	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
