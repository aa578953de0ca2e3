/* Masks of names in public answers and the certificate number form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "certificate.h"
#include "mask.h"

static void names_keep_first_letters(void **state)
{
	(void)state;
	char out[64];
	name_mask("Ani Suryani", out, sizeof out);
	assert_string_equal(out, "A** S******");
	name_mask("I Gusti Ngurah", out, sizeof out);
	assert_string_equal(out, "I G**** N*****");
	/* One star per character, not per byte; the first letter kept whole. */
	name_mask("Élise Ñuñez", out, sizeof out);
	assert_string_equal(out, "É**** Ñ****");
	name_mask("", out, sizeof out);
	assert_string_equal(out, "");
	/* Cut short at a character boundary, always terminated. */
	name_mask("Ñuñez", out, 3);
	assert_string_equal(out, "Ñ");
	name_mask("Ñuñez", out, 2);
	assert_string_equal(out, "");
}

static void certificate_numbers_normalised(void **state)
{
	(void)state;
	char out[CERTIFICATE_NUMBER_MAX + 1];
	assert_int_equal(certificate_number_normalize("  63200 2433  2 0007856 2026 ", out), 0);
	assert_string_equal(out, "63200 2433 2 0007856 2026");
	assert_int_equal(certificate_number_normalize("blk/001/x-2026", out), 0);
	assert_string_equal(out, "BLK/001/X-2026");
	assert_int_equal(certificate_number_normalize("ab", out), -1);
	assert_int_equal(certificate_number_normalize("12<script>", out), -1);
	assert_int_equal(certificate_number_normalize("12\n34", out), -1);
	char longest[80];
	memset(longest, '7', 64);
	longest[64] = '\0';
	assert_int_equal(certificate_number_normalize(longest, out), 0);
	longest[64] = '7';
	longest[65] = '\0';
	assert_int_equal(certificate_number_normalize(longest, out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_keep_first_letters),
		cmocka_unit_test(certificate_numbers_normalised),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
