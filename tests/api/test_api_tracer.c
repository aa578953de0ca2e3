/* Tracer study: alumni of an LPK's training and a BKK's graduates get
 * surveys when their wave comes (6 or 12 months after), once, with a
 * notification; they answer once; the LPK and the BKK see their own
 * cohorts' response rates and outcomes, the office all, with numerator
 * and denominator; a deleted person's answer keeps counting.  Refusals:
 * bad graduate rows (named by position, nothing stored), an unverified
 * BKK, answers that do not fit the outcome, answering twice or another's. */
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
static char officer[64], lpk[64], bkk[64], ani[64], budi[64], citra[64], eka[64];
static long long lpk_id, bkk_id, training_id;

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
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "lpk", "lpk@example.id", "rahasia-lpk-1", "LPK Mandiri", NULL, lpk) ||
	    !account_ready(&d, "bkk", "bkk@smkn1.sch.id", "rahasia-bkk-1", "BKK SMKN 1", NULL, bkk) ||
	    organisation_ready(&d, officer, lpk, "LPK Mandiri", "private_company") < 0 ||
	    organisation_ready(&d, NULL, bkk, "BKK SMKN 1 Cimahi", "government") < 0)
		return -1;
	struct {
		const char *email, *name, *nik, *birth, *gender;
		char *token;
	} people[] = {
		{"ani@example.id", "Ani", "3277014101000001", "2000-01-01", "F", ani},
		{"budi@example.id", "Budi", "3277010101900002", "1990-01-01", "M", budi},
		{"citra@example.id", "Citra", "3277014202050003", "2005-02-02", "F", citra},
		{"eka@example.id", "Eka", "3277014404020005", "2002-04-04", "F", eka},
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
		if (!account_ready(&d, "seeker", people[i].email, "rahasia-kerja-1", people[i].name, people[i].nik,
		                   people[i].token) ||
		    seeker_profile_ready(&d, people[i].token, people[i].name, people[i].birth, people[i].gender, "smk",
		                         "32.77.01.1001", NULL) < 0)
			return -1;
	lpk_id = db_exec(&d, "SELECT id FROM account WHERE email = 'lpk@example.id'");
	bkk_id = db_exec(&d, "SELECT id FROM account WHERE email = 'bkk@smkn1.sch.id'");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static void restart(void)
{
	assert_int_equal(daemon_restart(&d, NULL), 0);
	/* The daily job runs once at start, on the writer: wait for it. */
	for (int i = 0; i < 20; i++)
		nanosleep(&(struct timespec){0, 100000000}, NULL);
}

static void post(const char *path, const char *token, const char *body, long expect)
{
	struct response r;
	assert_int_equal(call("POST", path, token, body, &r), expect);
	response_free(&r);
}

/* An LPK's one-session training today; Ani, Budi and Eka complete it. */
static void training_completed(void **state)
{
	(void)state;
	struct response r;
	char body[1400], path[96], today[16];
	time_t now = time(NULL) + 7 * 3600;
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
	snprintf(
		body, sizeof body,
		"{\"title\":\"Menjahit Dasar\",\"vocation\":\"Garmen\",\"description\":\"Pelatihan menjahit satu hari "
		"dengan praktik langsung di bengkel LPK.\",\"competency_units\":[\"C.141100.001.01\"],\"kkni_level\":2,"
		"\"funding\":\"apbd\",\"quota\":5,\"sessions\":1,\"start_date\":\"%s\",\"end_date\":\"%s\","
		"\"registration_opens\":\"%s\",\"registration_closes\":\"%s\",\"location\":\"LPK Mandiri, Jl. Baros 2\","
		"\"kecamatan_code\":\"32.77.01\"}",
		today, today, today, today);
	assert_int_equal(call("POST", "/v1/trainings", lpk, body, &r), 201);
	training_id = num(r.json, "id");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/trainings/%lld/state", training_id);
	post(path, lpk, "{\"state\":\"open\"}", 200);
	long long enrolment[3];
	const char *tokens[] = {ani, budi, eka};
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments", training_id);
		assert_int_equal(call("POST", path, tokens[i], NULL, &r), 201);
		enrolment[i] = num(r.json, "id");
		response_free(&r);
		snprintf(path, sizeof path, "/v1/enrolments/%lld/decision", enrolment[i]);
		post(path, lpk, "{\"state\":\"accepted\"}", 200);
	}
	snprintf(path, sizeof path, "/v1/trainings/%lld/state", training_id);
	post(path, lpk, "{\"state\":\"running\"}", 200);
	snprintf(path, sizeof path, "/v1/trainings/%lld/attendance", training_id);
	snprintf(body, sizeof body, "{\"session\":1,\"present\":[%lld,%lld,%lld]}", enrolment[0], enrolment[1],
	         enrolment[2]);
	post(path, lpk, body, 200);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "/v1/enrolments/%lld/result", enrolment[i]);
		post(path, lpk, "{\"completion\":\"completed\"}", 200);
	}
	snprintf(path, sizeof path, "/v1/trainings/%lld/state", training_id);
	post(path, lpk, "{\"state\":\"finished\"}", 200);
	/* Ended today: no wave has come. */
	restart();
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM tracer_survey"), 0);
}

static void bkk_graduates(void **state)
{
	(void)state;
	struct response r;
	char body[512], past[16];
	time_t then = time(NULL) - 30 * 86400;
	strftime(past, sizeof past, "%Y-%m-%d", gmtime(&then));
	/* Citra has an account; the second graduate has none yet. */
	snprintf(body, sizeof body,
	         "{\"graduated_on\":\"%s\",\"graduates\":[{\"nik\":\"3277014202050003\",\"major\":"
	         "\"Tata Busana\"},{\"nik\":\"3277010505050006\"}]}",
	         past);
	/* Not verified yet. */
	assert_int_equal(call("POST", "/v1/bkk/graduates", bkk, body, &r), 403);
	assert_string_equal(error_code_of(&r), "organisation_not_verified");
	response_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/v1/organisations/%lld/verification", bkk_id);
	post(path, officer, "{\"decision\":\"verified\"}", 200);

	/* Every bad row by position, never by NIK; nothing stored. */
	char bad[512];
	snprintf(bad, sizeof bad,
	         "{\"graduated_on\":\"%s\",\"graduates\":[{\"nik\":\"3277014202050003\"},{\"nik\":\"12345\"},"
	         "{\"major\":\"TKJ\"},{\"nik\":\"3277010505050006\",\"class\":\"XII\"}]}",
	         past);
	assert_int_equal(call("POST", "/v1/bkk/graduates", bkk, bad, &r), 422);
	json_t *errors = json_object_get(r.json, "errors");
	assert_int_equal(json_array_size(errors), 3);
	assert_int_equal(num(json_array_get(errors, 0), "row"), 2);
	assert_string_equal(str(json_array_get(errors, 0), "code"), "nik_invalid");
	assert_int_equal(num(json_array_get(errors, 1), "row"), 3);
	assert_string_equal(str(json_array_get(errors, 1), "field"), "nik");
	assert_int_equal(num(json_array_get(errors, 2), "row"), 4);
	assert_string_equal(str(json_array_get(errors, 2), "field"), "class");
	assert_null(strstr(r.body, "12345"));
	response_free(&r);
	assert_int_equal(call("POST", "/v1/bkk/graduates", bkk,
	                      "{\"graduated_on\":\"2099-06-01\",\"graduates\":"
	                      "[{\"nik\":\"3277014202050003\"}]}",
	                      &r),
	                 422);
	assert_string_equal(error_code_of(&r), "date_invalid");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/bkk/graduates", lpk, body, &r), 403);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM bkk_graduate"), 0);

	assert_int_equal(call("POST", "/v1/bkk/graduates", bkk, body, &r), 200);
	assert_int_equal(num(r.json, "added"), 2);
	response_free(&r);
	/* Reported again: known, not doubled. */
	assert_int_equal(call("POST", "/v1/bkk/graduates", bkk, body, &r), 200);
	assert_int_equal(num(r.json, "added"), 0);
	assert_int_equal(num(r.json, "already_reported"), 2);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM bkk_graduate"), 2);
}

static void waves_issue_once(void **state)
{
	(void)state;
	struct response r;
	/* Seven months since the training, thirteen since graduation: the
	 * training's wave 6 and the graduates' wave 12 (their wave 6 passed
	 * while the BKK had not reported them: never sent late). */
	db_exec(&d,
	        "UPDATE training SET start_date = date('now', '-7 months', '-1 day'), "
	        "end_date = date('now', '-7 months'), registration_opens = date('now', '-8 months'), "
	        "registration_closes = date('now', '-8 months')");
	db_exec(&d, "UPDATE bkk_graduate SET graduated_on = date('now', '-13 months')");
	restart();
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM tracer_survey WHERE cohort_kind = 'training' AND wave = 6"),
	                 3);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM tracer_survey WHERE cohort_kind = 'bkk' AND wave = 12"), 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM tracer_survey"), 4);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE category = 'tracer'"), 4);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM outbox WHERE recipient = 'citra@example.id' AND "
	                         "subject = 'Survei alumni' AND body LIKE '%Sudah 12 bulan sejak Anda lulus sekolah%'"),
	                 1);
	restart();
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM tracer_survey"), 4);
	assert_non_null(login_token(&d, "o@disnaker.go.id", "petugas-aman-1", officer));

	assert_int_equal(call("GET", "/v1/me/tracer-surveys", ani, NULL, &r), 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(str(json_array_get(items, 0), "about"), "Menjahit Dasar");
	assert_int_equal(num(json_array_get(items, 0), "wave"), 6);
	assert_true(json_is_null(json_object_get(json_array_get(items, 0), "outcome")));
	response_free(&r);
}

static long long survey_of(const char *email)
{
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT s.id FROM tracer_survey s JOIN account a ON a.id = s.account_id "
	         "WHERE a.email = '%s'",
	         email);
	return db_exec(&d, sql);
}

static void answers(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	snprintf(path, sizeof path, "/v1/me/tracer-surveys/%lld", survey_of("ani@example.id"));
	static const struct {
		const char *body, *field;
	} bad[] = {
		{"{\"outcome\":\"working\",\"wage_band\":\"3m_to_5m\",\"relevance\":\"relevant\"}", "employer"},
		{"{\"outcome\":\"working\",\"employer\":\"PT A\",\"relevance\":\"relevant\"}", "wage_band"},
		{"{\"outcome\":\"looking\",\"wage_band\":\"below_1m\",\"relevance\":\"relevant\"}", "wage_band"},
		{"{\"outcome\":\"retired\",\"relevance\":\"relevant\"}", "outcome"},
		{"{\"outcome\":\"looking\",\"relevance\":\"meh\"}", "relevance"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(call("POST", path, ani, bad[i].body, &r), 422);
		assert_string_equal(error_field_of(&r), bad[i].field);
		response_free(&r);
	}
	assert_int_equal(call("POST", path, ani, "{\"outcome\":\"looking\"}", &r), 400);
	response_free(&r);
	/* Not Budi's to answer. */
	assert_int_equal(call("POST", path, budi, "{\"outcome\":\"looking\",\"relevance\":\"relevant\"}", &r), 404);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM tracer_survey WHERE answered_at IS NOT NULL"), 0);

	assert_int_equal(call("POST", path, ani,
	                      "{\"outcome\":\"working\",\"employer\":\"PT Garmen Cimahi\","
	                      "\"wage_band\":\"3m_to_5m\",\"relevance\":\"very_relevant\"}",
	                      &r),
	                 200);
	assert_string_equal(str(r.json, "outcome"), "working");
	assert_string_equal(str(r.json, "employer"), "PT Garmen Cimahi");
	response_free(&r);
	assert_int_equal(call("POST", path, ani, "{\"outcome\":\"looking\",\"relevance\":\"relevant\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "already_answered");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/me/tracer-surveys/%lld", survey_of("budi@example.id"));
	post(path, budi, "{\"outcome\":\"looking\",\"relevance\":\"not_relevant\"}", 200);
	snprintf(path, sizeof path, "/v1/me/tracer-surveys/%lld", survey_of("citra@example.id"));
	post(path, citra, "{\"outcome\":\"further_study\",\"relevance\":\"relevant\"}", 200);
	/* Eka does not answer. */
}

static json_t *cohort(json_t *body, const char *kind)
{
	size_t i;
	json_t *c;
	json_array_foreach (json_object_get(body, "cohorts"), i, c)
		if (!strcmp(str(c, "kind"), kind))
			return c;
	return NULL;
}

static void share_is(json_t *s, long long num_, long long den, const char *percent)
{
	assert_int_equal(num(s, "numerator"), num_);
	assert_int_equal(num(s, "denominator"), den);
	assert_string_equal(str(s, "percent"), percent);
}

static void cohorts_by_who_asks(void **state)
{
	(void)state;
	struct response r;
	/* The LPK: its training only.  3 alumni, 3 surveys, 2 answers. */
	assert_int_equal(call("GET", "/v1/tracer/cohorts", lpk, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cohorts")), 1);
	json_t *t = cohort(r.json, "training");
	assert_non_null(t);
	assert_string_equal(str(t, "name"), "Menjahit Dasar");
	assert_int_equal(num(t, "training_id"), training_id);
	assert_int_equal(num(t, "alumni"), 3);
	assert_int_equal(num(t, "surveys"), 3);
	share_is(json_object_get(t, "response_rate"), 2, 3, "66.67");
	assert_int_equal(num(json_object_get(t, "outcomes"), "working"), 1);
	assert_int_equal(num(json_object_get(t, "outcomes"), "looking"), 1);
	share_is(json_object_get(t, "bmw_rate"), 1, 2, "50.00");
	share_is(json_object_get(t, "relevant_rate"), 1, 2, "50.00");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/tracer/cohorts?organisation_id=2", lpk, NULL, &r), 400);
	response_free(&r);

	/* The BKK: its graduates only; the one without an account is an alumnus
	 * with no survey. */
	assert_int_equal(call("GET", "/v1/tracer/cohorts", bkk, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cohorts")), 1);
	json_t *b = cohort(r.json, "bkk");
	assert_int_equal(num(b, "alumni"), 2);
	assert_int_equal(num(b, "surveys"), 1);
	assert_int_equal(num(b, "wave"), 12);
	assert_string_equal(str(b, "name"), "BKK SMKN 1 Cimahi");
	share_is(json_object_get(b, "response_rate"), 1, 1, "100.00");
	assert_int_equal(num(json_object_get(b, "outcomes"), "further_study"), 1);
	response_free(&r);
	/* The same as the file the BKK files, read by a real XLSX reader: its
	 * cohort's row with the counts and the rates, no other organisation's. */
	assert_int_equal(call("GET", "/v1/tracer/cohorts?format=xlsx", bkk, NULL, &r), 200);
	char *cells = run_on_bytes("/usr/bin/python3 tests/readers/xlsx_cells.py", r.body, r.len, ".xlsx");
	assert_non_null(strstr(cells, "cohorts!A1\tHasil studi pelacakan alumni\n"));
	assert_non_null(strstr(cells, "\tBKK SMKN 1 Cimahi\n"));
	assert_non_null(strstr(cells, "cohorts!H6\t100\t0.00\n")); /* the response rate, a number */
	assert_null(strstr(cells, "Menjahit Dasar"));
	free(cells);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/tracer/cohorts?format=csv", lpk, NULL, &r), 200);
	assert_non_null(strstr(r.body, "\"Menjahit Dasar\",\""));
	assert_non_null(strstr(r.body, "\",6,3,3,2,\"66.67\",1,0,0,1,\"50.00\",\"50.00\"\n"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/tracer/cohorts?format=odt", lpk, NULL, &r), 400);
	assert_string_equal(error_field_of(&r), "format");
	response_free(&r);

	/* The office: both; totals 3 of 4 answered, 2 of 3 in work or study. */
	assert_int_equal(call("GET", "/v1/tracer/cohorts", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cohorts")), 2);
	json_t *total = json_object_get(r.json, "total");
	assert_int_equal(num(total, "surveys"), 4);
	share_is(json_object_get(total, "response_rate"), 3, 4, "75.00");
	share_is(json_object_get(total, "bmw_rate"), 2, 3, "66.67");
	response_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/v1/tracer/cohorts?organisation_id=%lld&kind=training", lpk_id);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "cohorts")), 1);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/tracer/cohorts?kind=school", officer, NULL, &r), 400);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/tracer/cohorts", ani, NULL, &r), 403);
	response_free(&r);

	/* Ani is deleted: her answer stays in the counts, no longer hers. */
	assert_int_equal(call("POST", "/v1/me/deletion", ani, "{\"password\":\"rahasia-kerja-1\"}", &r), 200);
	response_free(&r);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM tracer_survey WHERE account_id IS NULL AND employer IS NULL "
	                         "AND outcome = 'working'"),
	                 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM notification n JOIN account a ON a.id = n.account_id "
	                         "WHERE a.email LIKE 'dihapus-%'"),
	                 0);
	assert_int_equal(call("GET", "/v1/tracer/cohorts", lpk, NULL, &r), 200);
	share_is(json_object_get(cohort(r.json, "training"), "bmw_rate"), 1, 2, "50.00");
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(training_completed),  cmocka_unit_test(bkk_graduates),
		cmocka_unit_test(waves_issue_once),    cmocka_unit_test(answers),
		cmocka_unit_test(cohorts_by_who_asks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
