/* An office's trainings outside the app, against a real daemon:
 *  - walk-ins: an officer enrols people by NIK in a training the office runs
 *    (known people by NIK alone, new people from their data, birth date and
 *    gender from the NIK), with every refusal leaving the data as it was;
 *  - history: the training-history CSV, all-or-nothing and valid rows only,
 *    every bad row named, the same file again changing nothing, and the
 *    yearly counts (/v1/stats/trainings, the IKU) equal to the test's own
 *    count of what it sent. */
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
static char officer[64], lpk[64], sari[64];
static char today[11];

static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}

/* A NIK of Cimahi (32.77.01) born on day/month/year2, women's day + 40. */
static void nik_of(char out[17], int day, int month, int year2, char gender, int serial)
{
	snprintf(out, 17, "327701%02d%02d%02d%04d", (unsigned)(day + (gender == 'F' ? 40 : 0)) % 100u,
	         (unsigned)month % 100u, (unsigned)year2 % 100u, (unsigned)serial % 10000u);
}

static const char *const sari_nik = "3277014507990001"; /* 5 July 1999, F */
static const char *const register_nik = "3277010203880002"; /* from the card register */

static int setup(void **state)
{
	(void)state;
	office_date(0, today);
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "seeker", "sari@contoh.id", "rahasia-kerja-1", "Sari Wulandari", sari_nik, sari) ||
	    seeker_profile_ready(&d, sari, "Sari Wulandari", "1999-07-05", "F", "smk", "32.77.01.1001", NULL) < 0 ||
	    !account_ready(&d, "lpk", "info@lpk-satu.id", "lpk-satu-aman", "LPK Satu", NULL, lpk) ||
	    organisation_ready(&d, officer, lpk, "LPK Satu Terampil", "private_company") < 0)
		return -1;
	/* One person known only from the legacy card register. */
	char csv[1024];
	int n = snprintf(csv, sizeof csv,
	                 "nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,kelurahan_code,"
	                 "education_level,card_number,issued_on\n"
	                 "%s,Raden Darmawan,Cimahi,1988-03-02,M,Jl. Gatot 3,32.77.01,32.77.01.1001,sma,3277 0100 1,"
	                 "2019-01-10\n",
	                 register_nik);
	struct response r;
	if (http_call_bytes(&d, "POST", "/v1/card-imports", officer, csv, (size_t)n, "text/csv", &r) < 0 ||
	    r.status != 200) {
		response_free(&r);
		return -1;
	}
	response_free(&r);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static long long office_training(const char *token, const char *title, int quota, long expect_open)
{
	struct response r;
	char body[1024], path[96];
	snprintf(body, sizeof body,
	         "{\"title\":\"%s\",\"vocation\":\"Tata Boga\",\"description\":\"Pelatihan memasak untuk usaha "
	         "rumahan, dua sesi.\",\"funding\":\"apbd\",\"quota\":%d,\"sessions\":2,\"start_date\":\"%s\","
	         "\"end_date\":\"%s\",\"registration_opens\":\"%s\",\"registration_closes\":\"%s\","
	         "\"location\":\"Aula Disnaker\",\"kecamatan_code\":\"32.77.01\"}",
	         title, quota, today, today, today, today);
	assert_int_equal(call("POST", "/v1/trainings", token, body, &r), 201);
	long long id = num(r.json, "id");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/trainings/%lld/state", id);
	assert_int_equal(call("POST", path, token, "{\"state\":\"open\"}", &r), expect_open);
	response_free(&r);
	return id;
}

/* A walk-in's data as an officer copies it from the paper form. */
#define WALK_IN_DATA \
	"\"full_name\":\"%s\",\"birth_place\":\"Cimahi\",\"address\":\"Jl. Sukarasa 9\"," \
	"\"kecamatan_code\":\"32.77.01\",\"kelurahan_code\":\"32.77.01.1001\",\"education_level\":\"smp\""

static long walk_in(long long training, const char *body, struct response *r)
{
	char path[96];
	snprintf(path, sizeof path, "/v1/trainings/%lld/participants", training);
	return call("POST", path, officer, body, r);
}

static void walk_ins_by_nik(void **state)
{
	(void)state;
	struct response r;
	char body[1024], nik[17], path[128];
	long long t = office_training(officer, "Memasak Kue Kering", 3, 200);
	long long people = db_exec(&d, "SELECT count(*) FROM seeker");

	/* A NIK the office does not know needs the person's data, said so in
	 * the caller's language; nothing is written. */
	nik_of(nik, 14, 2, 1, 'F', 7);
	snprintf(body, sizeof body, "{\"nik\":\"%s\"}", nik);
	assert_int_equal(walk_in(t, body, &r), 422);
	assert_string_equal(error_code_of(&r), "person_data_needed");
	assert_string_equal(error_field_of(&r), "full_name");
	assert_non_null(strstr(str(json_object_get(r.json, "error"), "message"), "belum dikenal"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/trainings/%lld/participants", t);
	const char *english[] = {"Accept-Language: en", NULL};
	assert_int_equal(http_call(&d, "POST", path, officer, body, english, &r), 0);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(str(json_object_get(r.json, "error"), "message"), "not known yet"));
	response_free(&r);
	snprintf(body, sizeof body, "{\"nik\":\"%s\",\"full_name\":\"Wati\",\"birth_place\":\"Cimahi\"}", nik);
	assert_int_equal(walk_in(t, body, &r), 422);
	assert_string_equal(error_field_of(&r), "address");
	response_free(&r);
	/* Bad data is named as anywhere else. */
	snprintf(body, sizeof body, "{\"nik\":\"%s\"," WALK_IN_DATA ",\"kelurahan_code\":\"32.73.01.1001\"}", nik,
	         "Wati");
	assert_int_equal(walk_in(t, body, &r), 400); /* a duplicate key */
	response_free(&r);
	snprintf(body, sizeof body,
	         "{\"nik\":\"%s\",\"full_name\":\"Wati\",\"birth_place\":\"Cimahi\",\"address\":\"Jl. Sukarasa 9\","
	         "\"kecamatan_code\":\"32.77.01\",\"kelurahan_code\":\"32.73.01.1001\",\"education_level\":\"smp\"}",
	         nik);
	assert_int_equal(walk_in(t, body, &r), 422);
	assert_string_equal(error_field_of(&r), "kelurahan_code");
	response_free(&r);
	assert_int_equal(walk_in(t, "{\"nik\":\"32770114020100\"}", &r), 422);
	assert_string_equal(error_code_of(&r), "nik_invalid");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker"), people);

	/* With the data: a new person, born and gendered as the NIK says, taken
	 * in at once; a retry with the same key gets the same answer. */
	snprintf(body, sizeof body, "{\"nik\":\"%s\"," WALK_IN_DATA "}", nik, "Wati Rahayu");
	const char *idem[] = {"Idempotency-Key: walk-in-wati-1", NULL};
	assert_int_equal(http_call(&d, "POST", path, officer, body, idem, &r), 0);
	assert_int_equal(r.status, 201);
	long long wati = num(r.json, "id");
	assert_string_equal(str(r.json, "state"), "accepted");
	assert_true(json_is_true(json_object_get(r.json, "person_created")));
	assert_string_equal(str(r.json, "name"), "Wati Rahayu");
	assert_string_equal(str(r.json, "gender"), "F");
	assert_string_equal(str(r.json, "birth_date"), "2001-02-14");
	assert_string_equal(str(r.json, "nik_masked"), "3277********0007");
	response_free(&r);
	assert_int_equal(http_call(&d, "POST", path, officer, body, idem, &r), 0);
	assert_int_equal(r.status, 201);
	assert_int_equal(num(r.json, "id"), wati);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker"), people + 1);
	/* Without the key it is a second enrolment of the same person. */
	assert_int_equal(walk_in(t, body, &r), 409);
	assert_string_equal(error_code_of(&r), "already_enrolled");
	response_free(&r);

	/* A known person by NIK alone: the app user keeps her own data (the
	 * name given is not hers and is ignored) and is told in the app. */
	long long notes = db_exec(&d,
	                          "SELECT count(*) FROM notification n JOIN account a ON a.id = n.account_id "
	                          "WHERE a.email = 'sari@contoh.id'");
	snprintf(body, sizeof body, "{\"nik\":\"%s\",\"full_name\":\"Nama Lain\"}", sari_nik);
	assert_int_equal(walk_in(t, body, &r), 201);
	long long e_sari = num(r.json, "id");
	assert_false(json_is_true(json_object_get(r.json, "person_created")));
	assert_string_equal(str(r.json, "name"), "Sari Wulandari");
	response_free(&r);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM notification n JOIN account a ON a.id = n.account_id "
	                         "WHERE a.email = 'sari@contoh.id'"),
	                 notes + 1);
	/* … and so does the card holder from the register, who has no account. */
	snprintf(body, sizeof body, "{\"nik\":\"%s\"}", register_nik);
	assert_int_equal(walk_in(t, body, &r), 201);
	long long e_raden = num(r.json, "id");
	assert_string_equal(str(r.json, "name"), "Raden Darmawan");
	response_free(&r);

	/* The quota holds for walk-ins too, and a refused new person leaves no row. */
	nik_of(nik, 9, 9, 95, 'M', 8);
	snprintf(body, sizeof body, "{\"nik\":\"%s\"," WALK_IN_DATA "}", nik, "Yusuf");
	assert_int_equal(walk_in(t, body, &r), 409);
	assert_string_equal(error_code_of(&r), "quota_full");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker"), people + 1);

	/* Only the office's own trainings, and only while open or running. */
	long long lpk_training = office_training(lpk, "Barista LPK", 5, 200);
	assert_int_equal(walk_in(lpk_training, body, &r), 409);
	assert_string_equal(error_code_of(&r), "not_office_training");
	response_free(&r);
	long long draft;
	{
		char tb[1024];
		snprintf(tb, sizeof tb,
		         "{\"title\":\"Draf\",\"vocation\":\"Tata Boga\",\"description\":\"Belum dibuka untuk umum.\","
		         "\"funding\":\"apbd\",\"quota\":3,\"sessions\":1,\"start_date\":\"%s\",\"end_date\":\"%s\","
		         "\"registration_opens\":\"%s\",\"registration_closes\":\"%s\",\"location\":\"Aula\"}",
		         today, today, today, today);
		assert_int_equal(call("POST", "/v1/trainings", officer, tb, &r), 201);
		draft = num(r.json, "id");
		response_free(&r);
	}
	assert_int_equal(walk_in(draft, body, &r), 409);
	assert_string_equal(error_code_of(&r), "state_conflict");
	response_free(&r);
	/* Officers only. */
	snprintf(path, sizeof path, "/v1/trainings/%lld/participants", t);
	assert_int_equal(call("POST", path, lpk, body, &r), 403);
	response_free(&r);

	/* From here they are participants like any: attendance, completion by
	 * the attendance rule, results; and they count in the year. */
	char tpath[96];
	snprintf(tpath, sizeof tpath, "/v1/trainings/%lld/state", t);
	assert_int_equal(call("POST", tpath, officer, "{\"state\":\"running\"}", &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/trainings/%lld/attendance", t);
	for (int session = 1; session <= 2; session++) {
		snprintf(body, sizeof body, "{\"session\":%d,\"present\":[%lld,%lld],\"absent\":[%lld]}", session, wati,
		         e_sari, e_raden);
		assert_int_equal(call("POST", path, officer, body, &r), 200);
		response_free(&r);
	}
	assert_int_equal(call("POST", tpath, officer, "{\"state\":\"finished\"}", &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/enrolments/%lld/result", wati);
	assert_int_equal(call("POST", path, officer, "{\"completion\":\"completed\",\"competency\":\"competent\"}", &r),
	                 200);
	response_free(&r);
	char year[5];
	memcpy(year, today, 4);
	year[4] = 0;
	snprintf(path, sizeof path, "/v1/stats/trainings?year=%s", year);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	json_t *trained = json_object_get(r.json, "trained");
	assert_int_equal(num(trained, "persons"), 2);
	assert_int_equal(num(json_object_get(trained, "by_funding"), "apbd"), 2);
	assert_int_equal(num(r.json, "dropped"), 1);
	assert_int_equal(num(json_object_get(r.json, "certified_competent"), "persons"), 1);
	response_free(&r);
	assert_true(db_integrity_ok(&d));
}

/* ---- the training-history CSV ---- */

#define HEADER \
	"training_ref,title,vocation,provider_name,funding,start_date,end_date,nik,full_name,birth_place," \
	"address,kecamatan_code,kelurahan_code,education_level,completion,result,certificate_number," \
	"certificate_kind,lsp\n"

/* One participant row as the test sent it, for its own count. */
struct sent {
	const char *ref, *year, *funding, *vocation, *completion, *result, *cert, *kind;
	char nik[17];
};

static void fill_csv_row(char *out, size_t cap, const struct sent *s, const char *title, int new_person)
{
	snprintf(out, cap, "%s,%s,%s,%s,%s,%s-03-01,%s-04-15,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", s->ref, title,
	         s->vocation, !strcmp(s->ref, "PLT-B") ? "LPK Maju Jaya" : "", s->funding, s->year, s->year, s->nik,
	         new_person ? "Peserta Baru" : "", new_person ? "Cimahi" : "", new_person ? "Jl. Melong 4" : "",
	         new_person ? "32.77.01" : "", new_person ? "32.77.01.1001" : "", new_person ? "sd" : "", s->completion,
	         s->result ? s->result : "", s->cert ? s->cert : "", s->kind ? s->kind : "",
	         s->kind && !strcmp(s->kind, "bnsp") ? "LSP Boga Nusantara" : "");
}

static long import(const char *csv, const char *mode, struct response *r)
{
	char path[64];
	snprintf(path, sizeof path, "/v1/training-imports%s%s", mode ? "?mode=" : "", mode ? mode : "");
	assert_int_equal(http_call_bytes(&d, "POST", path, officer, csv, strlen(csv), "text/csv", r), 0);
	return r->status;
}

/* The line and field of error i. */
static void error_is(json_t *errors, int line, const char *field, const char *code)
{
	size_t i;
	json_t *e;
	json_array_foreach (errors, i, e)
		if (num(e, "line") == line) {
			assert_string_equal(str(e, "field"), field);
			assert_string_equal(str(e, "code"), code);
			return;
		}
	fail_msg("no error on line %d (%s %s)", line, field, code);
}

static void history_import(void **state)
{
	(void)state;
	/* Three trainings of two past years: the office's own (PLT-A, 2023;
	 * PLT-C, 2024) and one an LPK ran (PLT-B, 2023).  People: the app user,
	 * the register's card holder, and new people. */
	enum { N = 14 };
	struct sent rows[N] = {
		{"PLT-A", "2023", "apbd", "Tata Boga", "completed", "competent", "SRT-A-001", "office", ""},
		{"PLT-A", "2023", "apbd", "Tata Boga", "completed", "not_yet_competent", NULL, NULL, ""},
		{"PLT-A", "2023", "apbd", "Tata Boga", "dropped", NULL, NULL, NULL, ""},
		{"PLT-A", "2023", "apbd", "Tata Boga", "completed", "competent", "BNSP-77-1", "bnsp", ""},
		{"PLT-B", "2023", "company", "Barista", "completed", "competent", NULL, NULL, ""},
		{"PLT-B", "2023", "company", "Barista", "completed", NULL, NULL, NULL, ""},
		{"PLT-B", "2023", "company", "Barista", "completed", "competent", NULL, NULL, ""},
		{"PLT-C", "2024", "apbn", "Las", "completed", "competent", "SRT-C-001", NULL, ""},
		{"PLT-C", "2024", "apbn", "Las", "completed", "competent", NULL, NULL, ""},
		{"PLT-C", "2024", "apbn", "Las", "dropped", NULL, NULL, NULL, ""},
		{"PLT-C", "2024", "apbn", "Las", "completed", NULL, NULL, NULL, ""},
		{"PLT-C", "2024", "apbn", "Las", "completed", "not_yet_competent", NULL, NULL, ""},
		{"PLT-C", "2024", "apbn", "Las", "completed", "competent", NULL, NULL, ""},
		{"PLT-C", "2024", "apbn", "Las", "completed", "competent", NULL, NULL, ""},
	};
	/* Sari (app) in PLT-A and PLT-B, the register's holder in PLT-A and
	 * PLT-C; the rest new, one of them (serial 31) in both 2023 trainings. */
	snprintf(rows[0].nik, 17, "%s", sari_nik);
	snprintf(rows[4].nik, 17, "%s", sari_nik);
	snprintf(rows[1].nik, 17, "%s", register_nik);
	snprintf(rows[7].nik, 17, "%s", register_nik);
	int serial = 30;
	for (int i = 0; i < N; i++)
		if (!rows[i].nik[0])
			nik_of(rows[i].nik, 1 + i, 1 + i % 12, 90 + i % 9, i % 2 ? 'F' : 'M', serial++);
	snprintf(rows[5].nik, 17, "%s", rows[2].nik);
	const char *titles[] = {"Olahan Roti", "Barista Dasar", "Pengelasan SMAW"};
	size_t cap = 16384, n = 0;
	char *good = malloc(cap), line[1024];
	n += (size_t)snprintf(good + n, cap - n, HEADER);
	for (int i = 0; i < N; i++) {
		int known = !strcmp(rows[i].nik, sari_nik) || !strcmp(rows[i].nik, register_nik);
		fill_csv_row(line, sizeof line, &rows[i], titles[rows[i].ref[4] - 'A'], !known);
		n += (size_t)snprintf(good + n, cap - n, "%s", line);
	}

	/* Bad rows appended to the good ones, each on its own line (good rows
	 * are lines 2 … N+1). */
	char *bad = malloc(cap);
	size_t m = (size_t)snprintf(bad, cap, "%s", good);
	char future[11];
	office_date(30, future);
	char nik_x[17];
	nik_of(nik_x, 3, 3, 3, 'M', 90);
	m += (size_t)snprintf(bad + m, cap - m,
	                      /* N+2: the same reference with another title */
	                      "PLT-A,Roti Lain,Tata Boga,,apbd,2023-03-01,2023-04-15,%s,,,,,,,completed,,,,\n"
	                      /* N+3: a training that has not ended */
	                      "PLT-D,Menjahit,Menjahit,,apbd,2026-01-05,%s,%s,,,,,,,completed,,,,\n"
	                      /* N+4: the same person twice in one training */
	                      "PLT-A,Olahan Roti,Tata Boga,,apbd,2023-03-01,2023-04-15,%s,,,,,,,completed,,,,\n"
	                      /* N+5: a result for someone who dropped out */
	                      "PLT-C,Pengelasan SMAW,Las,,apbn,2024-03-01,2024-04-15,%s,,,,,,,dropped,competent,,,\n"
	                      /* N+6: a BNSP certificate without its LSP */
	                      "PLT-C,Pengelasan SMAW,Las,,apbn,2024-03-01,2024-04-15,%s,Ika,Cimahi,Jl. 1,32.77.01,"
	                      "32.77.01.1001,sd,completed,competent,BNSP-9,bnsp,\n"
	                      /* N+7: a certificate number that is someone else's */
	                      "PLT-C,Pengelasan SMAW,Las,,apbn,2024-03-01,2024-04-15,%s,,,,,,,completed,competent,"
	                      "SRT-A-001,office,\n"
	                      /* N+8: a new person without their data */
	                      "PLT-C,Pengelasan SMAW,Las,,apbn,2024-03-01,2024-04-15,%s,Ika,,,,,,completed,,,,\n"
	                      /* N+9: an unknown funding source */
	                      "PLT-E,Las Listrik,Las,,hibah,2024-03-01,2024-04-15,%s,,,,,,,completed,,,,\n",
	                      sari_nik, future, sari_nik, register_nik, sari_nik, nik_x, sari_nik, nik_x, sari_nik);
	long long trainings = db_exec(&d, "SELECT count(*) FROM training"),
		  enrolments = db_exec(&d, "SELECT count(*) FROM enrolment"),
		  people = db_exec(&d, "SELECT count(*) FROM seeker");

	struct response r;
	/* All or nothing: every bad row named, nothing written. */
	assert_int_equal(import(bad, NULL, &r), 422);
	assert_string_equal(error_code_of(&r), "import_invalid");
	json_t *errors = json_object_get(r.json, "errors");
	assert_int_equal(json_array_size(errors), 8);
	error_is(errors, N + 2, "training_ref", "training_rows_differ");
	error_is(errors, N + 3, "end_date", "date_in_future");
	error_is(errors, N + 4, "nik", "duplicate_row");
	error_is(errors, N + 5, "result", "field_invalid");
	error_is(errors, N + 6, "lsp", "field_missing");
	error_is(errors, N + 7, "certificate_number", "certificate_number_taken");
	error_is(errors, N + 8, "birth_place", "person_data_needed");
	error_is(errors, N + 9, "funding", "field_invalid");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM training"), trainings);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM enrolment"), enrolments);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker"), people);

	/* Valid rows only: the good ones, the bad still listed. */
	assert_int_equal(import(bad, "valid_only", &r), 200);
	assert_int_equal(num(r.json, "rows"), N + 8);
	assert_int_equal(num(r.json, "imported"), N);
	assert_int_equal(num(r.json, "skipped"), 0);
	assert_int_equal(num(r.json, "trainings_created"), 3);
	assert_int_equal(num(r.json, "people_created"), N - 4 - 1); /* Sari ×2, holder ×2, one person twice */
	assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 8);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM training"), trainings + 3);

	/* The same rows again change nothing. */
	assert_int_equal(import(good, NULL, &r), 200);
	assert_int_equal(num(r.json, "imported"), 0);
	assert_int_equal(num(r.json, "skipped"), N);
	assert_int_equal(num(r.json, "trainings_created"), 0);
	assert_int_equal(num(r.json, "people_created"), 0);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM training"), trainings + 3);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM enrolment"), enrolments + N);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker"), people + N - 5);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM certificate"), 3);

	/* The training as the office sees it: its records' provider and reference. */
	long long plt_b = db_exec(&d, "SELECT id FROM training WHERE record_ref = 'PLT-B'");
	char path[96];
	snprintf(path, sizeof path, "/v1/trainings/%lld", plt_b);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_string_equal(str(r.json, "provider"), "LPK Maju Jaya");
	assert_string_equal(str(r.json, "record_ref"), "PLT-B");
	assert_string_equal(str(r.json, "state"), "finished");
	assert_int_equal(num(r.json, "places_taken"), 3);
	response_free(&r);
	/* Sari sees her past training among her own. */
	assert_int_equal(call("GET", "/v1/me/enrolments", sari, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "items")) >= 2);
	response_free(&r);

	/* Each year's counts against the test's own count of what it sent. */
	const char *years[] = {"2023", "2024"};
	for (int y = 0; y < 2; y++) {
		long long persons = 0, completions = 0, competent = 0, dropped = 0, certificates = 0;
		long long apbd = 0, apbn = 0, company = 0;
		for (int i = 0; i < N; i++) {
			if (strcmp(rows[i].year, years[y]))
				continue;
			int completed = !strcmp(rows[i].completion, "completed");
			int competent_here = rows[i].result && !strcmp(rows[i].result, "competent");
			dropped += !completed;
			completions += completed;
			certificates += rows[i].cert != NULL;
			/* A person once however many trainings: only counted on their
			 * first completed row of the year (and first competent row). */
			int first_completed = completed, first_competent = competent_here;
			int first_in_funding = completed;
			for (int j = 0; j < i; j++) {
				if (strcmp(rows[j].year, years[y]) || strcmp(rows[j].nik, rows[i].nik))
					continue;
				if (!strcmp(rows[j].completion, "completed")) {
					first_completed = 0;
					if (!strcmp(rows[j].funding, rows[i].funding))
						first_in_funding = 0;
				}
				if (rows[j].result && !strcmp(rows[j].result, "competent"))
					first_competent = 0;
			}
			persons += first_completed;
			competent += first_competent;
			if (first_in_funding) {
				apbd += !strcmp(rows[i].funding, "apbd");
				apbn += !strcmp(rows[i].funding, "apbn");
				company += !strcmp(rows[i].funding, "company");
			}
		}
		snprintf(path, sizeof path, "/v1/stats/trainings?year=%s", years[y]);
		assert_int_equal(call("GET", path, officer, NULL, &r), 200);
		json_t *trained = json_object_get(r.json, "trained"),
		       *by_funding = json_object_get(trained, "by_funding");
		assert_int_equal(num(r.json, "trainings_ended"), y == 0 ? 2 : 1);
		assert_int_equal(num(trained, "persons"), persons);
		assert_int_equal(num(trained, "completions"), completions);
		assert_int_equal(num(r.json, "dropped"), dropped);
		assert_int_equal(num(json_object_get(r.json, "certified_competent"), "persons"), competent);
		assert_int_equal(num(json_object_get(r.json, "certificates"), "total"), certificates);
		assert_int_equal(num(by_funding, "apbd"), apbd);
		assert_int_equal(num(by_funding, "apbn"), apbn);
		assert_int_equal(num(by_funding, "company"), company);
		response_free(&r);
		/* The indicators read the same numbers. */
		snprintf(path, sizeof path, "/v1/statistics/iku?year=%s", years[y]);
		assert_int_equal(call("GET", path, officer, NULL, &r), 200);
		size_t k;
		json_t *x;
		int seen = 0;
		json_array_foreach (json_object_get(r.json, "indicators"), k, x) {
			if (!strcmp(str(x, "key"), "trained_share"))
				seen++, assert_int_equal(num(x, "numerator"), persons);
			if (!strcmp(str(x, "key"), "competency_share")) {
				seen++;
				assert_int_equal(num(x, "numerator"), competent);
				assert_int_equal(num(x, "denominator"), persons);
			}
		}
		assert_int_equal(seen, 2);
		response_free(&r);
	}
	/* A reference already used with other details is refused. */
	char other[1024];
	snprintf(other, sizeof other,
	         "training_ref,title,vocation,funding,start_date,end_date,nik,completion\n"
	         "PLT-B,Barista Lanjut,Barista,company,2023-03-01,2023-04-15,%s,completed\n",
	         register_nik);
	assert_int_equal(import(other, NULL, &r), 422);
	error_is(json_object_get(r.json, "errors"), 2, "training_ref", "training_ref_taken");
	response_free(&r);
	/* Not a CSV, and not for anyone but officers. */
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/training-imports", officer, "{}", 2, "application/json", &r),
	                 0);
	assert_int_equal(r.status, 415);
	response_free(&r);
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/training-imports", lpk, good, strlen(good), "text/csv", &r),
	                 0);
	assert_int_equal(r.status, 403);
	response_free(&r);
	free(good);
	free(bad);
	assert_true(db_integrity_ok(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_ins_by_nik),
		cmocka_unit_test(history_import),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
