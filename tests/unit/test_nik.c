#include "cmocka_all.h"
#include <string.h>

#include "nik.h"

static void format(void **state)
{
	(void)state;
	assert_int_equal(nik_valid_format("3273056010900009"), 0);
	assert_int_equal(nik_valid_format("327305601090000"), -1); /* 15 */
	assert_int_equal(nik_valid_format("32730560109000091"), -1); /* 17 */
	assert_int_equal(nik_valid_format("327305601090000a"), -1);
	assert_int_equal(nik_valid_format("3273 05601090009"), -1);
	assert_int_equal(nik_valid_format(""), -1);
	assert_int_equal(nik_valid_format(NULL), -1);
}

static void domain_example(void **state)
{
	(void)state;
	/* DOMAIN.md: Jawa Barat, Kota Bandung, kecamatan 05, female, 20-10-1990. */
	struct nik_info info;
	assert_int_equal(nik_check("3273056010900009", "1990-10-20", 'F', &info), 0);
	assert_string_equal(info.province, "32");
	assert_string_equal(info.kabkota, "3273");
	assert_string_equal(info.kecamatan, "327305");
	assert_int_equal(info.day, 20);
	assert_int_equal(info.month, 10);
	assert_int_equal(info.year2, 90);
	assert_int_equal(info.gender, 'F');
}

static void warnings(void **state)
{
	(void)state;
	assert_int_equal(nik_check("9973056010900009", NULL, 0, NULL), NIK_WARN_PROVINCE);
	assert_int_equal(nik_check("3273053510900009", NULL, 0, NULL), NIK_WARN_DAY); /* day 35 */
	assert_int_equal(nik_check("3273057510900009", NULL, 0, NULL), NIK_WARN_DAY); /* day 75 */
	assert_int_equal(nik_check("3273050013900009", NULL, 0, NULL), NIK_WARN_DAY | NIK_WARN_MONTH);
	assert_int_equal(nik_check("3273053102900009", NULL, 0, NULL), NIK_WARN_DATE); /* 31-02 */
	assert_int_equal(nik_check("3273052902010009", NULL, 0, NULL), NIK_WARN_DATE); /* 29-02-01 */
	assert_int_equal(nik_check("3273052902000009", NULL, 0, NULL), 0); /* 29-02-00 */
	assert_int_equal(nik_check("3273056010900000", NULL, 0, NULL), NIK_WARN_SERIAL);
	/* What the person typed differs from the NIK: warnings, not errors. */
	assert_int_equal(nik_check("3273056010900009", "1990-10-21", 'F', NULL), NIK_WARN_BIRTH_DATE);
	assert_int_equal(nik_check("3273056010900009", "1991-10-20", 'F', NULL), NIK_WARN_BIRTH_DATE);
	assert_int_equal(nik_check("3273056010900009", "1990-10-20", 'M', NULL), NIK_WARN_GENDER);
	assert_int_equal(nik_check("3273052010900009", "1990-10-20", 'M', NULL), 0);
	/* New Papua provinces are known. */
	assert_int_equal(nik_check("9601012010900009", NULL, 0, NULL), 0);
}

static void masking(void **state)
{
	(void)state;
	char out[NIK_LEN + 1];
	nik_mask("3277010101900001", out);
	assert_string_equal(out, "3277********0001");
	assert_string_equal(nik_warning_name(NIK_WARN_GENDER), "gender_mismatch");
	assert_null(nik_warning_name(1u << 20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format),
		cmocka_unit_test(domain_example),
		cmocka_unit_test(warnings),
		cmocka_unit_test(masking),
	};
	return cmocka_run_group_tests_name("nik", tests, NULL, NULL);
}
