/* CSV uploads as tables: parsing is linear in the size of a field.  libcsv
 * grew a field's buffer by 128 bytes at a time, so one 1.5 MB field took
 * 12,000 reallocations, each copying what was there: 35-45 s under ASan,
 * past any client's patience (issue 20). */
#include "cmocka_all.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csv_table.h"

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A header and one row whose second field is `size` bytes long. */
static double parse_big_field(size_t size)
{
	static const char *const columns[] = {"nik", "full_name", NULL};
	size_t cap = size + 64;
	char *csv = malloc(cap);
	assert_non_null(csv);
	size_t n = (size_t)snprintf(csv, cap, "nik,full_name\n3277010101900001,");
	memset(csv + n, 'a', size);
	n += size;
	csv[n++] = '\n';
	json_t *errors = json_array();
	double t0 = seconds();
	json_t *rows = csv_table_parse(csv, n, columns, NULL, NULL, 10, errors);
	double took = seconds() - t0;
	assert_non_null(rows);
	assert_int_equal(json_array_size(rows), 1);
	assert_int_equal(strlen(json_string_value(json_object_get(json_array_get(rows, 0), "full_name"))), size);
	json_decref(rows);
	json_decref(errors);
	free(csv);
	return took;
}

static void linear_in_field_length(void **state)
{
	(void)state;
	double small = parse_big_field(256 * 1024), big = parse_big_field(4 * 1024 * 1024);
	print_message("256 KiB field %.3f s, 4 MiB field %.3f s\n", small, big);
	/* Sixteen times the bytes: far less than 16 * 16 times the time (the
	 * quadratic parse took 35 s for 1.5 MB); a bound that holds under ASan
	 * on a busy machine. */
	assert_true(big < 2.0);
	assert_true(big < 64 * small + 0.5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linear_in_field_length),
	};
	return cmocka_run_group_tests_name("csv_table", tests, NULL, NULL);
}
