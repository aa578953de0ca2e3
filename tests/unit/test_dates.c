#include "cmocka_all.h"

#include "card.h"
#include "dates.h"

static void parse_and_format(void **state)
{
	(void)state;
	struct date d;
	char out[DATE_LEN + 1];
	assert_int_equal(date_parse("2024-02-29", &d), 0);
	date_format(d, out);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(date_parse("2023-02-29", &d), -1);
	assert_int_equal(date_parse("2024-13-01", &d), -1);
	assert_int_equal(date_parse("2024-1-01", &d), -1);
	assert_int_equal(date_parse("2024-01-01T00:00", &d), -1);
	assert_int_equal(date_parse(NULL, &d), -1);
}

static void arithmetic(void **state)
{
	(void)state;
	struct date d = {2024, 1, 31};
	struct date m = date_add_months(d, 1);
	assert_int_equal(m.month, 2);
	assert_int_equal(m.day, 29); /* clamped, leap year */
	m = date_add_months((struct date){2023, 11, 23}, 24);
	assert_int_equal(m.year, 2025);
	assert_int_equal(m.month, 11);
	struct date back = date_add_days((struct date){2024, 3, 1}, -1);
	assert_int_equal(back.month, 2);
	assert_int_equal(back.day, 29);
	assert_int_equal(date_age((struct date){2000, 6, 15}, (struct date){2018, 6, 14}), 17);
	assert_int_equal(date_age((struct date){2000, 6, 15}, (struct date){2018, 6, 15}), 18);
	assert_true(date_compare((struct date){2024, 1, 1}, (struct date){2023, 12, 31}) > 0);
	/* 17:30 UTC is already the next day in WIB (UTC+7). */
	struct date wib = date_of(1732296600 /* 2024-11-22T17:30:00Z */, 420);
	assert_int_equal(wib.day, 23);
	assert_int_equal(date_of(1732296600, 0).day, 22);
}

static void card_numbers(void **state)
{
	(void)state;
	char out[64];
	struct date issued = {2023, 11, 15};
	assert_int_equal(card_number_format("{kabkota} {serial:6} {ddmmyy}", "3277", 123, issued, out, sizeof out), 0);
	assert_string_equal(out, "3277 000123 151123");
	assert_int_equal(card_number_format("{kabkota}/{yyyy}/{serial}", "3277", 7, issued, out, sizeof out), 0);
	assert_string_equal(out, "3277/2023/7");
	assert_int_equal(card_number_format("{kabkota}{mm}{dd}", "3201", 1, issued, out, sizeof out), 0);
	assert_string_equal(out, "32011115");
	assert_int_equal(card_number_format("{nope}", "3277", 1, issued, out, sizeof out), -1);
	assert_int_equal(card_number_format("{serial", "3277", 1, issued, out, sizeof out), -1);
	assert_int_equal(card_number_format("{serial:6}", "3277", 1, issued, out, 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_and_format),
		cmocka_unit_test(arithmetic),
		cmocka_unit_test(card_numbers),
	};
	return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
