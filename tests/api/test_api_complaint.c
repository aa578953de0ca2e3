/* Complaints (pengaduan): filed by job seekers and organisations, assigned,
 * answered and closed by officers, followed by the complainant, overdue
 * past the deadline, counted per month; refusals: another person's
 * complaint, a non-officer answering, bad fields, answering twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api_client.h"

static struct daemon d;
static char officer[64], ani[64], budi[64], company[64];

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
			!account_ready(&d, "seeker", "ani@example.id", "rahasia-ani-1", "Ani", "3277014101000001",
	                               ani) ||
			!account_ready(&d, "seeker", "budi@example.id", "rahasia-budi-1", "Budi", "3277010101900002",
	                               budi) ||
			!account_ready(&d, "company", "hrd@pt.co.id", "rahasia-pt-1", "PT", NULL, company)
		? -1
		: 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static void file_follow_answer_close(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	/* Bad fields are named; nothing is stored. */
	assert_int_equal(
		call("POST", "/v1/complaints", ani, "{\"category\":\"weather\",\"subject\":\"x\",\"body\":\"y\"}", &r),
		422);
	assert_string_equal(error_field_of(&r), "category");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/complaints", ani,
	                      "{\"category\":\"scam_vacancy\",\"subject\":\"Lowongan minta "
	                      "bayaran\",\"body\":\"Diminta transfer.\",\"vacancy_id\":999}",
	                      &r),
	                 422);
	assert_string_equal(error_field_of(&r), "vacancy_id");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/complaints", ani, "{\"category\":\"service\",\"subject\":\"Antrean\"}", &r),
	                 400);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/complaints", officer,
	                      "{\"category\":\"service\",\"subject\":\"a\",\"body\":\"b\"}", &r),
	                 403);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM complaint"), 0);

	assert_int_equal(call("POST", "/v1/complaints", ani,
	                      "{\"category\":\"card_problem\",\"subject\":\"Kartu belum terbit\","
	                      "\"body\":\"Sudah dua minggu kartu saya belum diverifikasi.\"}",
	                      &r),
	                 201);
	long long id = num(r.json, "id");
	assert_string_equal(str(r.json, "state"), "open");
	assert_string_equal(str(r.json, "kind"), "complaint");
	assert_true(json_is_false(json_object_get(r.json, "overdue")));
	assert_non_null(str(r.json, "due_at"));
	response_free(&r);

	/* Only the complainant and staff see it. */
	snprintf(path, sizeof path, "/v1/complaints/%lld", id);
	assert_int_equal(call("GET", path, budi, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, company, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, ani, NULL, &r), 200);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/complaints", company, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/complaints", budi, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);

	/* The officer takes it and answers; the complainant is told. */
	assert_int_equal(call("GET", "/v1/complaints?state=open", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "items"), 0), "complainant"), "Ani");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/complaints/%lld/assignment", id);
	assert_int_equal(call("POST", path, officer, "{\"officer_id\":1}", &r), 422); /* the admin is no officer */
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{}", &r), 200);
	assert_string_equal(str(r.json, "state"), "assigned");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/complaints/%lld/answer", id);
	assert_int_equal(call("POST", path, ani, "{\"answer\":\"Sendiri\"}", &r), 403);
	response_free(&r);
	long long mails = db_exec(&d, "SELECT count(*) FROM outbox WHERE recipient = 'ani@example.id'");
	assert_int_equal(
		call("POST", path, officer, "{\"answer\":\"Permohonan Anda sudah kami verifikasi hari ini.\"}", &r),
		200);
	assert_string_equal(str(r.json, "state"), "answered");
	assert_string_equal(str(r.json, "answer"), "Permohonan Anda sudah kami verifikasi hari ini.");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM outbox WHERE recipient = 'ani@example.id'"), mails + 1);
	assert_int_equal(call("POST", path, officer, "{\"answer\":\"Lagi\"}", &r), 409);
	response_free(&r);
	/* The complainant closes it; once. */
	snprintf(path, sizeof path, "/v1/complaints/%lld/close", id);
	assert_int_equal(call("POST", path, budi, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("POST", path, ani, NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "closed");
	response_free(&r);
	assert_int_equal(call("POST", path, ani, NULL, &r), 409);
	response_free(&r);
}

static void overdue_and_counts(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("POST", "/v1/complaints", company,
	                      "{\"kind\":\"suggestion\",\"category\":\"service\",\"subject\":"
	                      "\"Jam layanan\",\"body\":\"Mohon buka hari Sabtu.\"}",
	                      &r),
	                 201);
	long long id = num(r.json, "id");
	response_free(&r);
	/* Its deadline passes unanswered. */
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE complaint SET due_at = unixepoch() - 60 WHERE id = %lld", id);
	assert_int_equal(db_exec(&d, sql), 1);
	assert_int_equal(call("GET", "/v1/complaints?overdue=true", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "overdue")));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/complaints?overdue=maybe", officer, NULL, &r), 400);
	response_free(&r);

	/* This year: two received (one suggestion), one answered in time, one overdue now. */
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	char path[64];
	snprintf(path, sizeof path, "/v1/stats/complaints?year=%d", tm.tm_year + 1900);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	json_t *total = json_object_get(r.json, "total");
	assert_int_equal(num(total, "received"), 2);
	assert_int_equal(num(total, "suggestions"), 1);
	assert_int_equal(num(total, "answered"), 1);
	assert_int_equal(num(total, "answered_on_time"), 1);
	assert_int_equal(num(r.json, "open_now"), 1);
	assert_int_equal(num(r.json, "overdue_now"), 1);
	assert_int_equal(json_array_size(json_object_get(r.json, "months")), 1);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/stats/complaints", ani, NULL, &r), 403);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_follow_answer_close),
		cmocka_unit_test(overdue_and_counts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
