/* Trainings, enrolment, selection with quota and waitlist, attendance,
 * results, certificates and the yearly counts, against a real daemon.
 * Refusals: enrolling twice, over quota (also with concurrent requests),
 * outside the registration window, not eligible, an LPK acting on another
 * LPK's training, results for someone not enrolled. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api_client.h"

static struct daemon d;
static char officer[64], lpk1[64], lpk2[64], lpk3[64];
static char today[11], tomorrow[11], year[5];

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static void seeker(const char *email, const char *nik, const char *name, const char *birth, const char *gender,
                   const char *education, char token[64])
{
	struct response r;
	char body[2048];
	assert_non_null(account_ready(&d, "seeker", email, "rahasia-kerja-1", name, nik, token));
	snprintf(body, sizeof body,
	         "{\"full_name\":\"%s\",\"birth_place\":\"Cimahi\",\"birth_date\":\"%s\",\"gender\":\"%s\","
	         "\"marital_status\":\"belum_kawin\",\"religion\":\"islam\",\"address\":\"Jl. Baros 1\","
	         "\"kecamatan_code\":\"32.77.01\",\"kelurahan_code\":\"32.77.01.1001\",\"phone\":\"081222334455\","
	         "\"education_level\":\"%s\"}",
	         name, birth, gender, education);
	assert_int_equal(call("PUT", "/v1/me/profile", token, body, &r), 200);
	response_free(&r);
}

static void organisation(const char *token, const char *name, int verify)
{
	assert_int_equal(organisation_ready(&d, verify ? officer : NULL, token, name, "private_company"), 0);
}

/* A training body: registration today, start and end today, so that a
 * test can take it through every state in one day. */
static void training_body(char *out, size_t cap, const char *title, const char *funding, int quota, const char *extra)
{
	snprintf(out, cap,
	         "{\"title\":\"%s\",\"vocation\":\"%s\",\"description\":\"Pelatihan berbasis kompetensi selama "
	         "empat sesi dengan uji kompetensi di akhir.\",\"competency_units\":[\"C.141100.001.01\"],"
	         "\"bnsp_scheme\":\"Operator Jahit\",\"kkni_level\":2,\"funding\":\"%s\",\"quota\":%d,\"sessions\":4,"
	         "\"start_date\":\"%s\",\"end_date\":\"%s\",\"registration_opens\":\"%s\","
	         "\"registration_closes\":\"%s\",\"location\":\"BLK Cimahi, Jl. Baros 2\","
	         "\"kecamatan_code\":\"32.77.01\"%s}",
	         title, title, funding, quota, today, today, today, today, extra ? extra : "");
}

static long long create_training(const char *token, const char *body)
{
	struct response r;
	assert_int_equal(call("POST", "/v1/trainings", token, body, &r), 201);
	long long id = num(r.json, "id");
	assert_string_equal(str(r.json, "state"), "draft");
	response_free(&r);
	return id;
}

static void set_state(long long training, const char *token, const char *state, long expect)
{
	struct response r;
	char path[96], body[64];
	snprintf(path, sizeof path, "/v1/trainings/%lld/state", training);
	snprintf(body, sizeof body, "{\"state\":\"%s\"}", state);
	assert_int_equal(call("POST", path, token, body, &r), expect);
	if (expect == 200)
		assert_string_equal(str(r.json, "state"), state);
	response_free(&r);
}

static long long enrol(long long training, const char *token, long expect, const char *code)
{
	struct response r;
	char path[96];
	snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments", training);
	assert_int_equal(call("POST", path, token, NULL, &r), expect);
	long long id = expect == 201 ? num(r.json, "id") : 0;
	if (code)
		assert_string_equal(error_code_of(&r), code);
	response_free(&r);
	return id;
}

static void decide(long long enrolment, const char *token, const char *state, long expect, const char *code)
{
	struct response r;
	char path[96], body[64];
	snprintf(path, sizeof path, "/v1/enrolments/%lld/decision", enrolment);
	snprintf(body, sizeof body, "{\"state\":\"%s\"}", state);
	assert_int_equal(call("POST", path, token, body, &r), expect);
	if (expect == 200)
		assert_string_equal(str(r.json, "state"), state);
	if (code)
		assert_string_equal(error_code_of(&r), code);
	response_free(&r);
}

static long long enrolment_state_is(long long enrolment, const char *state)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM enrolment WHERE id = %lld AND state = '%s'", enrolment, state);
	return db_exec(&d, sql);
}

static int setup(void **state)
{
	(void)state;
	office_date(0, today);
	office_date(1, tomorrow);
	memcpy(year, today, 4);
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "lpk", "info@lpk-satu.id", "lpk-satu-aman", "LPK Satu", NULL, lpk1) ||
	    !account_ready(&d, "lpk", "info@lpk-dua.id", "lpk-dua-aman1", "LPK Dua", NULL, lpk2) ||
	    !account_ready(&d, "lpk", "info@lpk-tiga.id", "lpk-tiga-aman", "LPK Tiga", NULL, lpk3))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static char ani[64], budi[64], citra[64], dedi[64], eka[64];
static long long t1, e_ani, e_citra, e_dedi, e_eka;

static void publishing_and_refusals(void **state)
{
	(void)state;
	struct response r;
	char body[2048], path[128];
	training_body(body, sizeof body, "Menjahit Pakaian", "apbd", 2,
	              ",\"min_education\":\"smp\",\"age_min\":18,\"age_max\":35");
	/* An LPK needs its profile first. */
	assert_int_equal(call("POST", "/v1/trainings", lpk1, body, &r), 409);
	assert_string_equal(error_code_of(&r), "profile_missing");
	response_free(&r);
	organisation(lpk1, "LPK Satu Terampil", 1);
	organisation(lpk2, "LPK Dua Mandiri", 1);
	organisation(lpk3, "LPK Tiga Belum", 0);

	/* Bad fields, each named. */
	static const struct {
		const char *from, *to, *field;
		long status;
	} bad[] = {
		{"\"apbd\"", "\"hibah\"", "funding", 422},
		{"\"quota\":2", "\"quota\":0", "quota", 422},
		{"\"kkni_level\":2", "\"kkni_level\":10", "kkni_level", 422},
		{"\"sessions\":4", "\"sessions\":\"4\"", "sessions", 400},
		{"\"32.77.01\"", "\"32.73.01\"", "kecamatan_code", 422},
		{"\"age_max\":35", "\"age_max\":16", "age_max", 422},
		{"\"min_education\":\"smp\"", "\"min_education\":\"phd\"", "min_education", 422},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *at = strstr(body, bad[i].from);
		char changed[2048];
		assert_non_null(at);
		snprintf(changed, sizeof changed, "%.*s%s%s", (int)(at - body), body, bad[i].to,
		         at + strlen(bad[i].from));
		assert_int_equal(call("POST", "/v1/trainings", lpk1, changed, &r), bad[i].status);
		assert_string_equal(error_field_of(&r), bad[i].field);
		response_free(&r);
	}
	/* Registration must close no later than the start, and not in the past. */
	char late[2048];
	snprintf(late, sizeof late, "%s", body);
	char *closes = strstr(late, "\"registration_closes\":\"") + strlen("\"registration_closes\":\"");
	memcpy(closes, tomorrow, 10);
	assert_int_equal(call("POST", "/v1/trainings", lpk1, late, &r), 422);
	assert_string_equal(error_field_of(&r), "start_date");
	assert_string_equal(error_code_of(&r), "date_order");
	response_free(&r);
	/* A training dated in the past: each date well-formed, and the answer
	 * says it is past, not "not valid (YYYY-MM-DD)". */
	char past[2048];
	training_body(past, sizeof past, "Menjahit Pakaian", "apbd", 2, NULL);
	for (char *at = strstr(past, today); at; at = strstr(at + 10, today))
		memcpy(at, "2023-05-10", 10);
	assert_int_equal(call("POST", "/v1/trainings", lpk1, past, &r), 422);
	assert_string_equal(error_code_of(&r), "date_in_past");
	assert_string_equal(error_field_of(&r), "registration_closes");
	assert_non_null(strstr(r.body, "sudah lewat"));
	response_free(&r);
	memcpy(strstr(past, "\"end_date\":\"") + strlen("\"end_date\":\""), "2023-13-01", 10);
	assert_int_equal(call("POST", "/v1/trainings", lpk1, past, &r), 422);
	assert_string_equal(error_code_of(&r), "date_invalid");
	assert_string_equal(error_field_of(&r), "end_date");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM training"), 0);

	t1 = create_training(lpk1, body);
	/* A draft is the provider's alone. */
	snprintf(path, sizeof path, "/v1/trainings/%lld", t1);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, lpk2, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, lpk1, NULL, &r), 200);
	assert_string_equal(str(r.json, "provider"), "LPK Satu Terampil");
	assert_int_equal(num(r.json, "quota"), 2);
	assert_string_equal(str(r.json, "kecamatan"), "Cimahi Selatan");
	response_free(&r);
	/* Another LPK can neither edit nor open it. */
	assert_int_equal(call("PUT", path, lpk2, body, &r), 404);
	response_free(&r);
	set_state(t1, lpk2, "open", 404);

	seeker("ani@example.id", "3277014101000001", "Ani Suryani", "2000-01-01", "F", "smk", ani);
	seeker("budi@example.id", "3277010101900002", "Budi Santoso", "1996-01-01", "M", "sd", budi);
	seeker("citra@example.id", "3277014202010003", "Citra Lestari", "2001-02-02", "F", "sma", citra);
	seeker("dedi@example.id", "3277010303990004", "Dedi Kurnia", "1999-03-03", "M", "smp", dedi);
	seeker("eka@example.id", "3277014404020005", "Eka Putri", "2002-04-04", "F", "s1", eka);
	enrol(t1, ani, 404, "not_found");

	/* An unverified LPK may prepare a training but not open it. */
	long long t_unverified = create_training(lpk3, body);
	set_state(t_unverified, lpk3, "open", 403);
	assert_int_equal(call("GET", "/v1/me/organisation", lpk3, NULL, &r), 200);
	assert_string_equal(str(r.json, "verification"), "pending");
	response_free(&r);
	set_state(t1, lpk1, "open", 200);
	set_state(t1, lpk1, "open", 409);

	/* Listed publicly now, with filters. */
	assert_int_equal(call("GET", "/v1/trainings", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_int_equal(num(json_array_get(json_object_get(r.json, "items"), 0), "id"), t1);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/trainings?funding=apbn", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/trainings?q=jahit", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/trainings?funding=hibah", NULL, NULL, &r), 400);
	response_free(&r);
	/* What fits whom: Budi's schooling is below the minimum. */
	assert_int_equal(call("GET", "/v1/me/training-recommendations", ani, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/training-recommendations", budi, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments", t1);
	assert_int_equal(call("POST", path, budi, NULL, &r), 409);
	assert_string_equal(error_code_of(&r), "not_eligible");
	assert_string_equal(error_field_of(&r), "education_level");
	response_free(&r);

	e_ani = enrol(t1, ani, 201, NULL);
	enrol(t1, ani, 409, "already_enrolled");
	e_citra = enrol(t1, citra, 201, NULL);
	e_dedi = enrol(t1, dedi, 201, NULL);
	e_eka = enrol(t1, eka, 201, NULL);
	/* Recommendations leave out what the person already enrolled in. */
	assert_int_equal(call("GET", "/v1/me/training-recommendations", ani, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM enrolment"), 4);
}

static void selection_quota_and_waitlist(void **state)
{
	(void)state;
	struct response r;
	char path[128], body[2048];
	/* Participants' data is for the provider and officers only. */
	snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments", t1);
	assert_int_equal(call("GET", path, ani, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", path, lpk2, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, lpk1, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 4);
	json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(str(first, "name"), "Eka Putri");
	assert_string_equal(str(first, "nik_masked"), "3277********0005");
	response_free(&r);

	decide(e_ani, lpk2, "accepted", 404, "not_found");
	decide(e_ani, lpk1, "graduated", 422, "field_invalid");
	decide(e_ani, lpk1, "accepted", 200, NULL);
	decide(e_citra, officer, "accepted", 200, NULL);
	/* Two places, two taken. */
	decide(e_dedi, lpk1, "accepted", 409, "quota_full");
	decide(e_dedi, lpk1, "waitlisted", 200, NULL);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM outbox WHERE subject LIKE '%daftar tunggu%'"), 1);
	snprintf(path, sizeof path, "/v1/trainings/%lld", t1);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 200);
	assert_int_equal(num(r.json, "places_taken"), 2);
	assert_int_equal(num(r.json, "waitlisted"), 1);
	response_free(&r);
	/* Fewer places than people accepted is refused. */
	training_body(body, sizeof body, "Menjahit Pakaian", "apbd", 1, ",\"min_education\":\"smp\"");
	assert_int_equal(call("PUT", path, lpk1, body, &r), 422);
	assert_string_equal(error_field_of(&r), "quota");
	response_free(&r);

	/* Citra withdraws: Dedi moves up from the waitlist and is told. */
	snprintf(path, sizeof path, "/v1/enrolments/%lld/withdraw", e_citra);
	assert_int_equal(call("POST", path, ani, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("POST", path, citra, NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "withdrawn");
	response_free(&r);
	assert_int_equal(enrolment_state_is(e_dedi, "accepted"), 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM outbox WHERE recipient = 'dedi@example.id' "
	                         "AND body LIKE '%naik dari daftar tunggu%'"),
	                 1);
	/* The schema itself refuses a third acceptance. */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE enrolment SET state = 'accepted' WHERE id = %lld", e_eka);
	assert_int_equal(db_exec(&d, sql), -1);
	assert_int_equal(enrolment_state_is(e_eka, "applied"), 1);
}

static void attendance_results_certificates(void **state)
{
	(void)state;
	struct response r;
	char path[128], body[512];
	snprintf(path, sizeof path, "/v1/trainings/%lld/attendance", t1);
	snprintf(body, sizeof body, "{\"session\":1,\"present\":[%lld,%lld]}", e_ani, e_dedi);
	/* No register before the training runs. */
	assert_int_equal(call("POST", path, lpk1, body, &r), 409);
	assert_string_equal(error_code_of(&r), "state_conflict");
	response_free(&r);
	set_state(t1, lpk1, "finished", 409);
	set_state(t1, lpk1, "running", 200);
	/* Eka was neither accepted nor waitlisted: not selected, and told. */
	assert_int_equal(enrolment_state_is(e_eka, "rejected"), 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM outbox WHERE recipient = 'eka@example.id' "
	                         "AND body LIKE '%belum terpilih%'"),
	                 1);
	assert_int_equal(call("POST", path, lpk1, body, &r), 200);
	assert_int_equal(num(r.json, "present"), 2);
	response_free(&r);
	for (int session = 2; session <= 4; session++) {
		snprintf(body, sizeof body, "{\"session\":%d,\"present\":[%lld],\"absent\":[%lld]}", session, e_ani,
		         e_dedi);
		assert_int_equal(call("POST", path, lpk1, body, &r), 200);
		response_free(&r);
	}
	/* Someone not on the register spoils the whole request: nothing written. */
	long long marks = db_exec(&d, "SELECT count(*) FROM attendance");
	snprintf(body, sizeof body, "{\"session\":2,\"present\":[%lld,%lld]}", e_dedi, e_eka);
	assert_int_equal(call("POST", path, lpk1, body, &r), 409);
	assert_string_equal(error_code_of(&r), "not_enrolled");
	assert_string_equal(error_field_of(&r), "present");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM attendance"), marks);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM attendance WHERE present = 1"), 5);
	snprintf(body, sizeof body, "{\"session\":5,\"present\":[%lld]}", e_ani);
	assert_int_equal(call("POST", path, lpk1, body, &r), 422);
	assert_string_equal(error_field_of(&r), "session");
	response_free(&r);
	snprintf(body, sizeof body, "{\"session\":1,\"present\":[%lld],\"absent\":[%lld]}", e_ani, e_ani);
	assert_int_equal(call("POST", path, lpk1, body, &r), 422);
	response_free(&r);
	assert_int_equal(call("POST", path, lpk2, "{\"session\":1,\"present\":[1]}", &r), 404);
	response_free(&r);

	/* Results: Dedi came once in four (25% < 80%), Ani every time. */
	snprintf(path, sizeof path, "/v1/enrolments/%lld/result", e_dedi);
	assert_int_equal(call("POST", path, lpk1, "{\"completion\":\"completed\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "attendance_short");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/enrolments/%lld/result", e_ani);
	assert_int_equal(call("POST", path, lpk2, "{\"completion\":\"completed\",\"competency\":\"competent\"}", &r),
	                 404);
	response_free(&r);
	assert_int_equal(call("POST", path, lpk1, "{\"completion\":\"dropped\",\"competency\":\"competent\"}", &r),
	                 422);
	assert_string_equal(error_field_of(&r), "competency");
	response_free(&r);
	assert_int_equal(call("POST", path, lpk1, "{\"completion\":\"completed\",\"competency\":\"competent\"}", &r),
	                 200);
	assert_string_equal(str(r.json, "state"), "completed");
	assert_string_equal(str(r.json, "result"), "competent");
	assert_int_equal(num(r.json, "attended"), 4);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/enrolments/%lld/result", e_eka);
	assert_int_equal(call("POST", path, lpk1, "{\"completion\":\"completed\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "not_enrolled");
	response_free(&r);

	/* Certificates: a BNSP one for Ani; the number is unique however typed. */
	snprintf(path, sizeof path, "/v1/enrolments/%lld/certificates", e_ani);
	char cert[512];
	snprintf(cert, sizeof cert,
	         "{\"kind\":\"bnsp\",\"number\":\"63200 2433 2 0007856 %s\",\"scheme\":\"Operator "
	         "Jahit\",\"issued_on\":\"%s\",\"expires_on\":\"2029-12-31\"}",
	         year, today);
	assert_int_equal(call("POST", path, lpk1, cert, &r), 400);
	assert_string_equal(error_field_of(&r), "lsp");
	response_free(&r);
	snprintf(cert, sizeof cert,
	         "{\"kind\":\"bnsp\",\"number\":\"63200 2433 2 0007856 %s\",\"scheme\":\"Operator "
	         "Jahit\",\"lsp\":\"LSP Garmen Indonesia\",\"issued_on\":\"%s\",\"expires_on\":\"2029-12-31\"}",
	         year, today);
	assert_int_equal(call("POST", path, lpk1, cert, &r), 201);
	char number[64];
	snprintf(number, sizeof number, "%s", str(r.json, "number"));
	response_free(&r);
	snprintf(cert, sizeof cert,
	         "{\"kind\":\"office\",\"number\":\" 63200  2433 2 0007856 %s\",\"scheme\":\"Menjahit\","
	         "\"issued_on\":\"%s\"}",
	         year, today);
	assert_int_equal(call("POST", path, officer, cert, &r), 409);
	assert_string_equal(error_code_of(&r), "certificate_number_taken");
	response_free(&r);
	/* Dedi has not completed: no certificate. */
	snprintf(path, sizeof path, "/v1/enrolments/%lld/certificates", e_dedi);
	snprintf(cert, sizeof cert,
	         "{\"kind\":\"office\",\"number\":\"BLK/001/%s\",\"scheme\":\"Menjahit\","
	         "\"issued_on\":\"%s\"}",
	         year, today);
	assert_int_equal(call("POST", path, lpk1, cert, &r), 409);
	assert_string_equal(error_code_of(&r), "not_competent");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM certificate"), 1);

	/* Finishing settles whoever is left by the attendance rule. */
	set_state(t1, lpk1, "finished", 200);
	assert_int_equal(enrolment_state_is(e_dedi, "dropped"), 1);
	assert_int_equal(enrolment_state_is(e_ani, "completed"), 1);

	/* The public check: number, masked holder, scheme, validity; nothing else. */
	char query[160];
	snprintf(query, sizeof query, "/v1/verify/certificates?number=63200%%202433%%202%%200007856%%20%s", year);
	assert_int_equal(call("GET", query, NULL, NULL, &r), 200);
	assert_string_equal(str(r.json, "number"), number);
	assert_string_equal(str(r.json, "holder"), "A** S******");
	assert_string_equal(str(r.json, "scheme"), "Operator Jahit");
	assert_string_equal(str(r.json, "valid_until"), "2029-12-31");
	assert_true(json_is_true(json_object_get(r.json, "valid")));
	assert_int_equal(json_object_size(r.json), 5);
	assert_null(strstr(r.body, "Suryani"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/verify/certificates?number=NOPE-123", NULL, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/verify/certificates", NULL, NULL, &r), 400);
	response_free(&r);
	/* The same in a browser: a page, the expiry in words, the holder masked. */
	static const char *const browser[] = {"Accept: text/html,application/xhtml+xml,*/*;q=0.8", NULL};
	assert_int_equal(http_call(&d, "GET", query, NULL, NULL, browser, &r), 0);
	assert_int_equal(r.status, 200);
	const char *const wanted[] = {"Verifikasi Sertifikat", ">Berlaku<",        "A** S******",
	                              "Operator Jahit",        "31 Desember 2029", NULL};
	for (const char *const *w = wanted; *w; w++)
		if (!strstr(r.body, *w))
			fail_msg("the page lacks \"%s\":\n%s", *w, r.body);
	assert_null(strstr(r.body, "Suryani"));
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/verify/certificates?number=NOPE-123", NULL, NULL, browser, &r), 0);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "tidak tercatat"));
	response_free(&r);

	/* What Ani sees of her own. */
	assert_int_equal(call("GET", "/v1/me/enrolments", ani, NULL, &r), 200);
	json_t *mine = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(str(mine, "state"), "completed");
	assert_string_equal(str(mine, "result"), "competent");
	assert_int_equal(num(mine, "attended"), 4);
	assert_string_equal(str(json_object_get(mine, "training"), "provider"), "LPK Satu Terampil");
	assert_string_equal(str(json_object_get(mine, "training"), "location"), "BLK Cimahi, Jl. Baros 2");
	assert_string_equal(str(json_array_get(json_object_get(mine, "certificates"), 0), "number"), number);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/certificates", ani, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "items"), 0), "lsp"), "LSP Garmen Indonesia");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/certificates", dedi, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);

	/* The nominative list the LPK files: the same people as the API's list,
	 * NIK masked, attendance and result; opened by a real XLSX reader. */
	snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments?state=completed", t1);
	assert_int_equal(call("GET", path, lpk1, NULL, &r), 200);
	size_t completed = json_array_size(json_object_get(r.json, "items"));
	response_free(&r);
	long long audited = db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'enrolment.export'");
	snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments?format=xlsx", t1);
	assert_int_equal(call("GET", path, lpk1, NULL, &r), 200);
	char *cells = run_on_bytes("/usr/bin/python3 tests/readers/xlsx_cells.py", r.body, r.len, ".xlsx");
	assert_non_null(strstr(cells, "participants!A1\tMenjahit Pakaian\n"));
	assert_non_null(strstr(cells, "\tAni Suryani\n"));
	assert_non_null(strstr(cells, "\t3277********0001\n"));
	assert_non_null(strstr(cells, "\tKompeten\n"));
	assert_non_null(strstr(cells, "\tSelesai\n"));
	assert_null(strstr(cells, "3277014101000001"));
	free(cells);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments?format=csv&state=completed", t1);
	assert_int_equal(call("GET", path, lpk1, NULL, &r), 200);
	assert_int_equal(export_csv_rows(r.body), completed);
	assert_non_null(strstr(r.body, "\"Ani Suryani\",\"3277********0001\",\"P\",\"2000-01-01\",\"SMK\""));
	assert_null(strstr(r.body, "Dedi"));
	response_free(&r);
	/* Read records are written in batches, within a second. */
	static const char exports[] = "SELECT count(*) FROM audit_log WHERE action = 'enrolment.export'";
	for (int i = 0; i < 60 && db_exec(&d, exports) < audited + 2; i++)
		usleep(50000);
	assert_int_equal(db_exec(&d, exports), audited + 2);
	/* Another LPK's file, or a format nobody makes: refused. */
	snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments?format=csv", t1);
	assert_int_equal(call("GET", path, lpk2, NULL, &r), 404);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments?format=docx", t1);
	assert_int_equal(call("GET", path, lpk1, NULL, &r), 400);
	assert_string_equal(error_field_of(&r), "format");
	response_free(&r);
}

static void window_cancel_and_counts(void **state)
{
	(void)state;
	struct response r;
	char body[2048], path[128];
	/* Registration opening tomorrow: nobody enrols today. */
	training_body(body, sizeof body, "Barista", "company", 10, NULL);
	char *opens = strstr(body, "\"registration_opens\":\"") + strlen("\"registration_opens\":\"");
	char *closes = strstr(body, "\"registration_closes\":\"") + strlen("\"registration_closes\":\"");
	char *start = strstr(body, "\"start_date\":\"") + strlen("\"start_date\":\"");
	char *end = strstr(body, "\"end_date\":\"") + strlen("\"end_date\":\"");
	memcpy(opens, tomorrow, 10), memcpy(closes, tomorrow, 10), memcpy(start, tomorrow, 10),
		memcpy(end, tomorrow, 10);
	long long later = create_training(lpk2, body);
	set_state(later, lpk2, "open", 200);
	enrol(later, budi, 409, "registration_closed");
	/* Opening it early is not the same as its start: it cannot run yet. */
	set_state(later, lpk2, "running", 409);

	/* The office's own training, funded by APBN: Ani again and Budi. */
	training_body(body, sizeof body, "Tata Boga", "apbn", 5, NULL);
	long long t2 = create_training(officer, body);
	set_state(t2, officer, "open", 200);
	long long a2 = enrol(t2, ani, 201, NULL), b2 = enrol(t2, budi, 201, NULL), c2 = enrol(t2, citra, 201, NULL);
	decide(a2, officer, "accepted", 200, NULL);
	decide(b2, officer, "accepted", 200, NULL);
	decide(c2, officer, "accepted", 200, NULL);
	snprintf(path, sizeof path, "/v1/trainings/%lld", t2);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 200);
	assert_string_equal(str(r.json, "provider"), "Dinas Tenaga Kerja");
	assert_string_equal(str(r.json, "provider_kind"), "office");
	response_free(&r);
	set_state(t2, officer, "running", 200);
	snprintf(path, sizeof path, "/v1/trainings/%lld/attendance", t2);
	for (int session = 1; session <= 4; session++) {
		snprintf(body, sizeof body, "{\"session\":%d,\"present\":[%lld,%lld],\"absent\":[%lld]}", session, a2,
		         b2, c2);
		assert_int_equal(call("POST", path, officer, body, &r), 200);
		response_free(&r);
	}
	snprintf(path, sizeof path, "/v1/enrolments/%lld/result", b2);
	assert_int_equal(
		call("POST", path, officer, "{\"completion\":\"completed\",\"competency\":\"not_yet_competent\"}", &r),
		200);
	response_free(&r);
	set_state(t2, officer, "finished", 200);
	/* Ani completed by the rule, with no competency result. */
	assert_int_equal(enrolment_state_is(a2, "completed"), 1);
	assert_int_equal(enrolment_state_is(c2, "dropped"), 1);

	/* A cancelled training ends every open enrolment, and says so. */
	training_body(body, sizeof body, "Las Listrik", "dbhcht", 5, NULL);
	long long t3 = create_training(lpk1, body);
	set_state(t3, lpk1, "open", 200);
	long long e3 = enrol(t3, eka, 201, NULL);
	set_state(t3, lpk1, "cancelled", 200);
	set_state(t3, lpk1, "cancelled", 409);
	assert_int_equal(enrolment_state_is(e3, "cancelled"), 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM outbox WHERE recipient = 'eka@example.id' "
	                         "AND subject = 'Pelatihan dibatalkan'"),
	                 1);

	/* The year's counts, by hand: trained persons Ani (twice) and Budi = 2,
	 * completions 3; by funding APBD {Ani}, APBN {Ani, Budi}; dropped: Dedi,
	 * Citra; competent: Ani; one BNSP certificate. */
	/* An LPK sees the same counts over its own trainings: LPK Satu's
	 * Menjahit Pakaian (Ani completed and competent, Dedi dropped, one BNSP
	 * certificate); the office's Tata Boga is not its. LPK Dua has none. */
	snprintf(path, sizeof path, "/v1/stats/trainings?year=%s", year);
	assert_int_equal(call("GET", path, lpk1, NULL, &r), 200);
	assert_int_equal(num(r.json, "trainings_ended"), 1);
	assert_int_equal(num(json_object_get(r.json, "trained"), "persons"), 1);
	assert_int_equal(num(json_object_get(r.json, "trained"), "completions"), 1);
	assert_int_equal(num(json_object_get(json_object_get(r.json, "trained"), "by_funding"), "apbn"), 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(r.json, "trained"), "by_vocation")), 1);
	assert_int_equal(num(r.json, "dropped"), 1);
	assert_int_equal(num(json_object_get(r.json, "certified_competent"), "persons"), 1);
	assert_int_equal(num(json_object_get(r.json, "certificates"), "total"), 1);
	response_free(&r);
	assert_int_equal(call("GET", path, lpk2, NULL, &r), 200);
	assert_int_equal(num(r.json, "trainings_ended"), 0);
	assert_int_equal(num(json_object_get(r.json, "trained"), "persons"), 0);
	assert_int_equal(num(json_object_get(r.json, "certificates"), "total"), 0);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/stats/trainings?year=20x6", officer, NULL, &r), 400);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/stats/trainings?year=%s", year);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	json_t *trained = json_object_get(r.json, "trained");
	assert_int_equal(num(r.json, "year"), atoi(year));
	assert_int_equal(num(r.json, "trainings_ended"), 2);
	assert_int_equal(num(trained, "persons"), 2);
	assert_int_equal(num(trained, "completions"), 3);
	json_t *funding = json_object_get(trained, "by_funding");
	assert_int_equal(num(funding, "apbd"), 1);
	assert_int_equal(num(funding, "apbn"), 2);
	assert_int_equal(num(funding, "dbhcht"), 0);
	json_t *vocations = json_object_get(trained, "by_vocation");
	assert_int_equal(json_array_size(vocations), 2);
	assert_string_equal(str(json_array_get(vocations, 0), "vocation"), "Menjahit Pakaian");
	assert_int_equal(num(json_array_get(vocations, 0), "persons"), 1);
	assert_int_equal(num(json_array_get(vocations, 0), "competent"), 1);
	assert_string_equal(str(json_array_get(vocations, 1), "vocation"), "Tata Boga");
	assert_int_equal(num(json_array_get(vocations, 1), "persons"), 2);
	assert_int_equal(num(json_array_get(vocations, 1), "competent"), 0);
	assert_int_equal(num(r.json, "dropped"), 2);
	assert_int_equal(num(json_object_get(r.json, "certified_competent"), "persons"), 1);
	json_t *certs = json_object_get(r.json, "certificates");
	assert_int_equal(num(certs, "total"), 1);
	assert_string_equal(str(json_array_get(json_object_get(certs, "by_scheme"), 0), "scheme"), "Operator Jahit");
	response_free(&r);
	/* Another year is empty. */
	assert_int_equal(call("GET", "/v1/stats/trainings?year=2020", officer, NULL, &r), 200);
	assert_int_equal(num(json_object_get(r.json, "trained"), "persons"), 0);
	response_free(&r);
	assert_true(db_integrity_ok(&d));
}

/* ---- the quota under concurrent acceptances ---- */

struct racer {
	long long enrolment;
	long status;
};

static void *accept_one(void *arg)
{
	struct racer *x = arg;
	struct response r;
	char path[96];
	snprintf(path, sizeof path, "/v1/enrolments/%lld/decision", x->enrolment);
	x->status = http_call(&d, "POST", path, lpk2, "{\"state\":\"accepted\"}", NULL, &r) == 0 ? r.status : -1;
	response_free(&r);
	return NULL;
}

static void quota_holds_under_concurrency(void **state)
{
	(void)state;
	enum { PEOPLE = 8, QUOTA = 3 };
	char body[2048], tokens[PEOPLE][64];
	training_body(body, sizeof body, "Operator Forklift", "other", QUOTA, NULL);
	long long t = create_training(lpk2, body);
	set_state(t, lpk2, "open", 200);
	struct racer racers[PEOPLE];
	pthread_t threads[PEOPLE];
	for (int i = 0; i < PEOPLE; i++) {
		char email[64], nik[32];
		snprintf(email, sizeof email, "race%d@example.id", i);
		snprintf(nik, sizeof nik, "32770101019%05d", 100 + i);
		seeker(email, nik, "Peserta Balap", "1995-01-01", "M", "sma", tokens[i]);
		racers[i].enrolment = enrol(t, tokens[i], 201, NULL);
	}
	for (int i = 0; i < PEOPLE; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, accept_one, &racers[i]), 0);
	int ok = 0, full = 0;
	for (int i = 0; i < PEOPLE; i++) {
		pthread_join(threads[i], NULL);
		ok += racers[i].status == 200;
		full += racers[i].status == 409;
	}
	assert_int_equal(ok, QUOTA);
	assert_int_equal(full, PEOPLE - QUOTA);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM enrolment WHERE training_id = %lld AND state = 'accepted'", t);
	assert_int_equal(db_exec(&d, sql), QUOTA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(publishing_and_refusals),         cmocka_unit_test(selection_quota_and_waitlist),
		cmocka_unit_test(attendance_results_certificates), cmocka_unit_test(window_cancel_and_counts),
		cmocka_unit_test(quota_holds_under_concurrency),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
