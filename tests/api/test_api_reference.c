/* Reference data for the app's and the portals' forms: every list with its
 * labels, the same values the daemon accepts (each one goes through the
 * profile, organisation and complaint checks), cacheable with an ETag (304
 * on a match), and the regions under a region counted against the region
 * table itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_client.h"

static struct daemon d;
static char seeker[64], company[64], officer[64];

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
			!account_ready(&d, "seeker", "sari@example.id", "rahasia-sari-1", "Sari", "3277014101000001",
	                               seeker) ||
			!account_ready(&d, "company", "hrd@pt.co.id", "rahasia-pt-1", "PT", NULL, company)
		? -1
		: 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static json_t *list_of(json_t *ref, const char *name) { return json_object_get(json_object_get(ref, "lists"), name); }

static void lists_with_labels_and_an_etag(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(http_call(&d, "GET", "/v1/reference", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	static const char *const names[] = {
		"education_level",  "religion",        "marital_status",     "gender",           "preferred_location",
		"employer_type",    "employment_type", "work_setup",         "location_kind",    "placement_channel",
		"training_funding", "document_kind",   "complaint_category", "kbji_major_group", NULL};
	for (const char *const *n = names; *n; n++) {
		json_t *list = list_of(r.json, *n);
		assert_true(json_array_size(list) >= 2);
		size_t i;
		json_t *item;
		json_array_foreach (list, i, item) {
			assert_true(strlen(json_string_value(json_object_get(item, "value"))) > 0);
			assert_true(strlen(json_string_value(json_object_get(item, "label"))) > 0);
		}
	}
	/* Education in rank order, labelled in Indonesian. */
	json_t *edu = list_of(r.json, "education_level");
	assert_int_equal(json_array_size(edu), 12);
	assert_string_equal(json_string_value(json_object_get(json_array_get(edu, 0), "value")), "tidak_sekolah");
	assert_string_equal(json_string_value(json_object_get(json_array_get(edu, 9), "value")), "s1");
	assert_string_equal(json_string_value(json_object_get(json_array_get(edu, 9), "label")), "Sarjana (S1)");
	assert_string_equal(json_string_value(json_object_get(json_array_get(list_of(r.json, "gender"), 1), "label")),
	                    "Perempuan");
	char etag[64], cache[64];
	assert_non_null(response_header(&r, "ETag", etag, sizeof etag));
	assert_non_null(response_header(&r, "Cache-Control", cache, sizeof cache));
	assert_string_equal(cache, "public, max-age=86400");
	assert_true(strlen(etag) == 34 && etag[0] == '"');
	response_free(&r);

	/* The same ETag again: nothing to send. Another one: the lists. */
	char match[96];
	snprintf(match, sizeof match, "If-None-Match: %s", etag);
	const char *const same[] = {match, NULL};
	assert_int_equal(http_call(&d, "GET", "/v1/reference", NULL, NULL, same, &r), 0);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.len, 0);
	response_free(&r);
	const char *const other[] = {"If-None-Match: \"00\"", NULL};
	assert_int_equal(http_call(&d, "GET", "/v1/reference", NULL, NULL, other, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(list_of(r.json, "religion"));
	response_free(&r);
}

/* Every value a list offers is one the daemon takes: a form built from
 * the lists cannot send a value that is then refused. */
static void every_value_is_accepted(void **state)
{
	(void)state;
	struct response ref, r;
	assert_int_equal(http_call(&d, "GET", "/v1/reference", NULL, NULL, NULL, &ref), 0);
	static const char *const profile_lists[] = {"education_level", "religion", "marital_status", NULL};
	for (const char *const *n = profile_lists; *n; n++) {
		size_t i;
		json_t *item;
		json_array_foreach (list_of(ref.json, *n), i, item) {
			const char *v = json_string_value(json_object_get(item, "value"));
			char body[1024];
			snprintf(
				body, sizeof body,
				"{\"full_name\":\"Sari\",\"birth_place\":\"Cimahi\",\"birth_date\":\"2000-01-01\","
				"\"gender\":\"F\",\"marital_status\":\"%s\",\"religion\":\"%s\",\"address\":\"Jl. Baros 1\","
				"\"kecamatan_code\":\"32.77.01\",\"kelurahan_code\":\"32.77.01.1001\","
				"\"phone\":\"081222334455\",\"education_level\":\"%s\"}",
				!strcmp(*n, "marital_status") ? v : "belum_kawin",
				!strcmp(*n, "religion") ? v : "islam", !strcmp(*n, "education_level") ? v : "sma");
			assert_int_equal(http_call(&d, "PUT", "/v1/me/profile", seeker, body, NULL, &r), 0);
			if (r.status != 200)
				fail_msg("%s=%s refused: %ld %s", *n, v, r.status, r.body);
			response_free(&r);
		}
	}
	size_t i;
	json_t *item;
	json_array_foreach (list_of(ref.json, "employer_type"), i, item) {
		char body[512];
		snprintf(body, sizeof body,
		         "{\"legal_name\":\"PT Maju\",\"registration_no\":\"REG-7\",\"employer_type\":\"%s\","
		         "\"kbli\":\"14111\",\"address\":\"Jl. Industri 1\",\"kecamatan_code\":\"32.77.01\","
		         "\"contact_name\":\"Ibu Sari\",\"contact_phone\":\"022-6651234\","
		         "\"contact_email\":\"info@org.id\"}",
		         json_string_value(json_object_get(item, "value")));
		assert_int_equal(http_call(&d, "PUT", "/v1/me/organisation", company, body, NULL, &r), 0);
		if (r.status != 200)
			fail_msg("employer_type refused: %ld %s", r.status, r.body);
		response_free(&r);
	}
	/* A value that is in no list is refused, and the lists hold none such. */
	assert_int_equal(
		http_call(
			&d, "PUT", "/v1/me/profile", seeker,
			"{\"full_name\":\"Sari\",\"birth_place\":\"Cimahi\",\"birth_date\":\"2000-01-01\",\"gender\":\"F\","
			"\"marital_status\":\"belum_kawin\",\"religion\":\"lainnya\",\"address\":\"Jl. Baros 1\","
			"\"kecamatan_code\":\"32.77.01\",\"kelurahan_code\":\"32.77.01.1001\","
			"\"phone\":\"081222334455\",\"education_level\":\"sma\"}",
			NULL, &r),
		0);
	assert_int_equal(r.status, 422);
	assert_string_equal(error_field_of(&r), "religion");
	response_free(&r);
	response_free(&ref);
}

static void regions_under_a_region(void **state)
{
	(void)state;
	struct response r;
	/* Without parent: the office's kab/kota (Cimahi, 32.77) and its kecamatan. */
	assert_int_equal(http_call(&d, "GET", "/v1/reference/regions", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	json_t *parent = json_object_get(r.json, "parent");
	assert_string_equal(json_string_value(json_object_get(parent, "code")), "32.77");
	assert_int_equal(json_integer_value(json_object_get(parent, "level")), 2);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal((long long)json_array_size(items),
	                 db_exec(&d, "SELECT count(*) FROM region WHERE parent = '32.77'"));
	assert_true(json_array_size(items) > 0);
	char first[24]; /* kept: the answer is freed before its last use */
	snprintf(first, sizeof first, "%s", json_string_value(json_object_get(json_array_get(items, 0), "code")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "level")), 3);
	char path[96], sql[160];
	snprintf(path, sizeof path, "/v1/reference/regions?parent=%s", first);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM region WHERE parent = '%s'", first);
	long long kelurahan = db_exec(&d, sql);
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", path, NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	items = json_object_get(r.json, "items");
	assert_int_equal((long long)json_array_size(items), kelurahan);
	assert_true(kelurahan > 0);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "level")), 4);
	/* Names come from the region table: the first kelurahan of the list
	 * is the table's first under that kecamatan, by code. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM region WHERE parent = '%s' AND code < '%s'", first,
	         json_string_value(json_object_get(json_array_get(items, 0), "code")));
	assert_int_equal(db_exec(&d, sql), 0);
	char etag[64], match[96];
	assert_non_null(response_header(&r, "ETag", etag, sizeof etag));
	response_free(&r);
	snprintf(match, sizeof match, "If-None-Match: %s", etag);
	const char *const same[] = {match, NULL};
	assert_int_equal(http_call(&d, "GET", path, NULL, NULL, same, &r), 0);
	assert_int_equal(r.status, 304);
	response_free(&r);

	/* Bad and unknown parents. */
	assert_int_equal(http_call(&d, "GET", "/v1/reference/regions?parent=abc", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(error_field_of(&r), "parent");
	response_free(&r);
	const char *const en[] = {"Accept-Language: en", NULL};
	assert_int_equal(http_call(&d, "GET", "/v1/reference/regions?parent=99.99", NULL, NULL, en, &r), 0);
	assert_int_equal(r.status, 404);
	assert_string_equal(error_code_of(&r), "not_found");
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists_with_labels_and_an_etag),
		cmocka_unit_test(every_value_is_accepted),
		cmocka_unit_test(regions_under_a_region),
	};
	return cmocka_run_group_tests_name("api_reference", tests, setup, teardown);
}
