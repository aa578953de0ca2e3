#include "cmocka_all.h"
#include <string.h>

#include "application.h"
#include "vacancy.h"
#include "scam.h"

static int has(json_t *flags, const char *flag)
{
	size_t i;
	json_t *f;
	json_array_foreach (flags, i, f)
		if (!strcmp(json_string_value(f), flag))
			return 1;
	return 0;
}

static void honest_vacancy_passes(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:s, s:s, s:s, s:i}", "title", "Operator Produksi", "description",
	                      "Mengoperasikan mesin produksi, shift, BPJS.", "contact", "hrd@pt-maju.co.id", "wage_min",
	                      3800000);
	json_t *flags = scam_flags(v, 3757568);
	assert_int_equal(json_array_size(flags), 0);
	json_decref(flags);
	json_decref(v);
}

static void scam_signs(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:s, s:s, s:s, s:i}", "title", "Admin Online PASTI DITERIMA", "description",
	                      "Ada Biaya Pendaftaran 150rb, hubungi kami", "contact", "wa.me/6281200000000", "wage_min",
	                      20000000);
	json_t *flags = scam_flags(v, 3757568);
	assert_true(has(flags, "fee_requested"));
	assert_true(has(flags, "chat_only_contact"));
	assert_true(has(flags, "wage_far_above_norm"));
	assert_true(has(flags, "suspicious_phrase"));
	assert_false(has(flags, "free_mail_contact"));
	json_decref(flags);
	json_decref(v);
	v = json_pack("{s:s, s:s, s:s}", "title", "Staf Gudang", "description", "Kirim CV.", "contact",
	              "lowongan.ptmaju@gmail.com");
	flags = scam_flags(v, 0);
	assert_true(has(flags, "free_mail_contact"));
	assert_false(has(flags, "chat_only_contact"));
	json_decref(flags);
	json_decref(v);
}

static void placement_kinds(void **state)
{
	(void)state;
	assert_string_equal(placement_kind("3277", "kecamatan", "32.77.01"), "AKL");
	assert_string_equal(placement_kind("3277", "kabkota", "32.73"), "AKL"); /* Bandung, same province */
	assert_string_equal(placement_kind("3277", "province", "31"), "AKAD"); /* DKI Jakarta */
	assert_string_equal(placement_kind("3277", "kecamatan", "36.71.01"), "AKAD");
	assert_string_equal(placement_kind("3277", "abroad", "MY"), "AKAN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(honest_vacancy_passes),
		cmocka_unit_test(scam_signs),
		cmocka_unit_test(placement_kinds),
	};
	return cmocka_run_group_tests_name("vacancy", tests, NULL, NULL);
}
