/* An office's life on one daemon (issue 17): every role, every route of the
 * route table, past years entered from the registers and a current year
 * through the ordinary routes, then tens of thousands of ordinary requests.
 * A fresh daemon per test hid what only a living one shows (the statement
 * cache that filled after ~200 requests and turned every new write into a
 * 503 until a restart).
 *
 * It asserts: no 5xx of any kind, no connection dropped, every route of the
 * table called (the test fails when a route is added that it does not
 * call), the figures of the years it entered equal to its own count of
 * what it sent, the daemon's memory after the load within twice what it was
 * before, and the database's integrity at the end. */
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
#include "router.h"

#define PAST_PEOPLE 60 /* cards in the legacy register, two years back */
#define SEEKERS 8 /* job seekers of this year, through the app */
#define LOAD_ROUNDS 1500 /* rounds of the ordinary mix, 10 requests each */

static struct daemon d;
static char admin[64], officer[64], company[64], lpk[64], bkk[64];
static char seeker_token[SEEKERS][64], seeker_nik[SEEKERS][17];
static int this_year;
static char today[11], in_two_months[11];

/* What the test saw: calls per route, and every answer >= 500. */
static unsigned route_calls[512];
static long requests, server_errors, dropped;
static char first_error[512];

/* Every call goes through here: counted, matched to its route, and any 5xx
 * or dropped connection kept for the end. */
static long call_bytes(const char *method, const char *path, const char *token, const void *body, size_t len,
                       const char *type, struct response *r)
{
	int rc = body && type ? http_call_bytes(&d, method, path, token, body, len, type, r)
			      : http_call(&d, method, path, token, body, NULL, r);
	requests++;
	if (rc != 0) {
		dropped++;
		memset(r, 0, sizeof *r);
		return -1;
	}
	char plain[256];
	snprintf(plain, sizeof plain, "%s", path);
	plain[strcspn(plain, "?")] = '\0';
	enum http_method m = METHOD_COUNT;
	for (int i = 0; i < METHOD_COUNT; i++)
		if (!strcmp(method_name((enum http_method)i), method))
			m = (enum http_method)i;
	struct route_match match;
	if (m != METHOD_COUNT && router_match(m, plain, &match) == 200)
		route_calls[match.route - routes]++;
	if (r->status >= 500) {
		if (!server_errors++)
			snprintf(first_error, sizeof first_error, "%s %s: %ld %.300s", method, path, r->status,
			         r->body ? r->body : "");
	}
	return r->status;
}

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	return call_bytes(method, path, token, body, body ? strlen(body) : 0, NULL, r);
}

/* The status a step of the scenario must get, or the answer that came. */
static void want(long got, long expected, const struct response *r, const char *what)
{
	if (got != expected)
		fail_msg("%s: %ld, expected %ld: %.400s", what, got, expected, r->body ? r->body : "");
}

static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

#define WANT(got, expected) want(got, expected, &r, line_text(__LINE__))
static const char *line_text(int line)
{
	static char text[32];
	snprintf(text, sizeof text, "test_api_life.c:%d", line);
	return text;
}

/* One step of the scenario: METHOD on the path fmt with id (when fmt has a
 * %lld), which must answer expected; the new record's id, if it names one. */
static long long step(const char *method, const char *fmt, long long id, const char *token, const char *body,
                      long expected, int line)
{
	char path[160];
	struct response r;
	snprintf(path, sizeof path, fmt, id);
	want(call(method, path, token, body, &r), expected, &r, line_text(line));
	long long created = num(r.json, "id");
	response_free(&r);
	return created;
}
#define STEP(method, fmt, id, token, body, expected) step(method, fmt, id, token, body, expected, __LINE__)

/* A call whose answer is only counted. */
static long touch(const char *method, const char *path, const char *token, const char *body)
{
	struct response r;
	long status = call(method, path, token, body, &r);
	response_free(&r);
	return status;
}

static long rss_kib(void)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", d.pid);
	FILE *f = fopen(path, "r");
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kib = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kib;
}

static int setup(void **state)
{
	(void)state;
	time_t now = time(NULL) + 7 * 3600; /* the office's day (UTC+7, the default) */
	struct tm tm;
	gmtime_r(&now, &tm);
	this_year = tm.tm_year + 1900;
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	now += 60 * 86400;
	gmtime_r(&now, &tm);
	strftime(in_two_months, sizeof in_two_months, "%Y-%m-%d", &tm);
	if (daemon_start(&d, NULL) < 0 || !admin_token(&d, admin) || !officer_ready(&d, officer))
		return -1;
	if (!account_ready(&d, "company", "hrd@maju.co.id", "rahasia-org-1", "PT Maju", NULL, company) ||
	    !account_ready(&d, "lpk", "info@lpk.id", "rahasia-org-1", "LPK Terampil", NULL, lpk) ||
	    !account_ready(&d, "bkk", "bkk@smkn1.sch.id", "rahasia-org-1", "BKK SMKN 1", NULL, bkk) ||
	    organisation_ready(&d, officer, company, "PT Maju Jaya", "private_company") < 0 ||
	    organisation_ready(&d, officer, lpk, "LPK Terampil", "private_company") < 0 ||
	    organisation_ready(&d, officer, bkk, "BKK SMKN 1", "private_company") < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* ---- the past: two years back, from the office's registers ---- */

static int past_year(void) { return this_year - 2; }
/* People trained that year, and of them found competent, as sent. */
static long long past_trained, past_competent;
static int past_placed(int i) { return i % 3 == 0; } /* a third of them found work that year */

static void past_nik(int i, char out[17])
{
	snprintf(out, 17, "327702%02u%02u%02u%04u", (unsigned)(1 + i % 28) % 100u, (unsigned)(1 + i % 12) % 100u,
	         (unsigned)(80 + i % 15) % 100u, (unsigned)(1 + i) % 10000u);
}

static void past_years_from_the_registers(void)
{
	char *csv = malloc(64 * 1024);
	size_t n = (size_t)sprintf(csv,
	                           "nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,"
	                           "kelurahan_code,education_level,card_number,issued_on\n");
	for (int i = 0; i < PAST_PEOPLE; i++) {
		char nik[17];
		past_nik(i, nik);
		n += (size_t)sprintf(csv + n,
		                     "%s,Warga %d,Cimahi,19%02d-%02d-%02d,%s,Jl. Lama %d,32.77.02,32.77.02.1001,"
		                     "sma,3277 9%05d 1,%d-%02d-%02d\n",
		                     nik, i, 80 + i % 15, 1 + i % 12, 1 + i % 28, i % 2 ? "F" : "M", i, i, past_year(),
		                     1 + i % 6, 1 + i % 28);
	}
	struct response r;
	WANT(call_bytes("POST", "/v1/card-imports", officer, csv, n, "text/csv", &r), 200);
	assert_int_equal(num(r.json, "imported"), PAST_PEOPLE);
	response_free(&r);
	/* The BKK's placements of that year, as its CSV, each inside the card's validity. */
	n = (size_t)sprintf(csv,
	                    "nik,employer_name,employer_type,position,kbji,location_kind,location_code,start_date\n");
	for (int i = 0; i < PAST_PEOPLE; i++) {
		if (!past_placed(i))
			continue;
		char nik[17];
		past_nik(i, nik);
		n += (size_t)sprintf(csv + n, "%s,PT Lama %d,private_company,Operator,7533,kabkota,32.77,%d-%02d-15\n",
		                     nik, i, past_year(), 7 + i % 6);
	}
	WANT(call_bytes("POST", "/v1/placement-imports", bkk, csv, n, "text/csv", &r), 200);
	response_free(&r);
	/* The office's trainings of that year, from its records: a quarter of
	 * the register's people (by NIK alone) in one, walk-ins it never gave a
	 * card in another. */
	n = (size_t)sprintf(csv,
	                    "training_ref,title,vocation,funding,start_date,end_date,nik,full_name,birth_place,"
	                    "address,kecamatan_code,kelurahan_code,education_level,completion,result,"
	                    "certificate_number\n");
	for (int i = 0; i < PAST_PEOPLE; i += 4) {
		char nik[17];
		past_nik(i, nik);
		int completed = i % 8 == 0, competent = i % 16 == 0;
		n += (size_t)sprintf(csv + n, "PLT-%d-1,Menjahit,Garmen,apbd,%d-05-02,%d-05-20,%s,,,,,,,%s,%s,\n",
		                     past_year(), past_year(), past_year(), nik, completed ? "completed" : "dropped",
		                     competent ? "competent" : "");
		past_trained += completed;
		past_competent += competent;
	}
	for (int i = 0; i < 5; i++) {
		n += (size_t)sprintf(csv + n,
		                     "PLT-%d-2,Las Dasar,Las,apbn,%d-08-01,%d-08-30,3277035505%02u%04u,Peserta %d,"
		                     "Cimahi,Jl. Baru %d,32.77.01,32.77.01.1001,smp,completed,%s,LAS-%d/%d\n",
		                     past_year(), past_year(), past_year(), (unsigned)(90 + i) % 100u,
		                     (unsigned)(1 + i) % 10000u, i, i, i < 3 ? "competent" : "not_yet_competent", i,
		                     past_year());
		past_trained++;
		past_competent += i < 3;
	}
	WANT(call_bytes("POST", "/v1/training-imports", officer, csv, n, "text/csv", &r), 200);
	assert_int_equal(num(r.json, "trainings_created"), 2);
	assert_int_equal(num(r.json, "people_created"), 5);
	response_free(&r);
	free(csv);
}

/* ---- this year, through the ordinary routes ---- */

static long long vacancy_id, application_id[SEEKERS], training_id, enrolment_id, complaint_id, placement_now;
static long long placement_fair; /* through the job fair's booth */

/* A job fair today: the company invited brings a second vacancy; everyone
 * registers, the door checks some in (one twice, one offline, one at the
 * walk-in desk on her NIK); the company meets one at its booth and takes
 * him on: a placement through the channel job_fair. */
static void a_job_fair(char *body, size_t cap)
{
	char tomorrow[11], path[128];
	office_date(1, tomorrow);
	snprintf(
		body, cap,
		"{\"name\":\"Bursa Kerja Cimahi\",\"description\":\"Bursa kerja tahunan.\",\"venue_kind\":\"venue\","
		"\"venue\":\"Technopark\",\"start_date\":\"%s\",\"end_date\":\"%s\",\"opens_at\":\"00:00\","
		"\"closes_at\":\"23:59\",\"registration_opens\":\"%s\",\"registration_closes\":\"%s\",\"capacity\":50}",
		today, tomorrow, today, tomorrow);
	long long fair = STEP("POST", "/v1/job-fairs", 0, officer, body, 201);
	STEP("PUT", "/v1/job-fairs/%lld", fair, officer, body, 200);
	STEP("POST", "/v1/job-fairs/%lld/state", fair, officer, "{\"state\":\"published\"}", 200);
	snprintf(body, cap,
	         "{\"title\":\"Operator Obras\",\"kbji\":\"7533\",\"description\":\"Mengobras pakaian jadi di pabrik "
	         "garmen, shift pagi, lembur dibayar.\",\"needed_either\":2,\"valid_until\":\"%s\",\"min_education\":"
	         "\"smp\",\"location_kind\":\"kecamatan\",\"location_code\":\"32.77.01\",\"employment_type\":"
	         "\"contract\",\"contact\":\"hrd@maju.co.id\"}",
	         in_two_months);
	long long second = STEP("POST", "/v1/vacancies", 0, company, body, 201);
	STEP("POST", "/v1/vacancies/%lld/submit", second, company, NULL, 200);
	STEP("POST", "/v1/vacancies/%lld/moderation", second, officer, "{\"decision\":\"publish\"}", 200);
	snprintf(body, cap, "{\"organisation_id\":%lld}", STEP("GET", "/v1/me", 0, company, NULL, 200));
	STEP("POST", "/v1/job-fairs/%lld/invitations", fair, officer, body, 201);
	snprintf(body, cap, "{\"vacancy_ids\":[%lld]}", second);
	STEP("PUT", "/v1/job-fairs/%lld/booth", fair, company, body, 200);
	char code[SEEKERS][400];
	for (int i = 0; i < SEEKERS; i++) {
		struct response r;
		snprintf(path, sizeof path, "/v1/job-fairs/%lld/tickets", fair);
		WANT(call("POST", path, seeker_token[i], NULL, &r), 201);
		snprintf(code[i], sizeof code[i], "%s", json_string_value(json_object_get(r.json, "code")));
		response_free(&r);
	}
	for (int i = 0; i < 4; i++) {
		snprintf(body, cap, "{\"ticket\":\"%.330s\"}", code[i]);
		STEP("POST", "/v1/job-fairs/%lld/check-ins", fair, i % 2 ? company : officer, body, 200);
	}
	STEP("POST", "/v1/job-fairs/%lld/check-ins", fair, officer, body, 200); /* again: the first time stands */
	char at[24];
	time_t now = time(NULL);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	snprintf(body, cap, "{\"check_ins\":[{\"ticket\":\"%s\",\"at\":\"%s\"}]}", code[4], at);
	STEP("POST", "/v1/job-fairs/%lld/check-ins/batch", fair, officer, body, 200);
	snprintf(body, cap, "{\"nik\":\"%s\"}", seeker_nik[5]);
	STEP("POST", "/v1/job-fairs/%lld/walk-ins", fair, officer, body, 200);
	snprintf(body, cap, "{\"ticket\":\"%s\",\"vacancy_id\":%lld}", code[3], second);
	long long met = STEP("POST", "/v1/job-fairs/%lld/meetings", fair, company, body, 201);
	STEP("POST", "/v1/applications/%lld/status", met, company, "{\"state\":\"interview\"}", 200);
	snprintf(body, cap, "{\"state\":\"accepted\",\"start_date\":\"%s\"}", today);
	STEP("POST", "/v1/applications/%lld/status", met, company, body, 200);
	placement_fair++;
	STEP("GET", "/v1/job-fairs/%lld/report", fair, officer, NULL, 200);
	struct response r;
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/report", fair);
	WANT(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(num(json_object_get(r.json, "visitors"), "checked_in"), 6);
	assert_int_equal(num(json_object_get(r.json, "placed"), "placements"), placement_fair);
	response_free(&r);
}

static void this_year_through_the_app(void)
{
	char email[64], nik[17], body[2048];
	for (int i = 0; i < SEEKERS; i++) {
		snprintf(email, sizeof email, "pencaker%d@example.id", i);
		snprintf(nik, sizeof nik, "32770141%02u98%04u", (unsigned)(1 + i) % 100u, (unsigned)(100 + i) % 10000u);
		snprintf(seeker_nik[i], sizeof seeker_nik[i], "%s", nik);
		assert_non_null(
			account_ready(&d, "seeker", email, "rahasia-kerja-1", "Pencari Kerja", nik, seeker_token[i]));
		assert_int_equal(seeker_profile_ready(&d, seeker_token[i], "Pencari Kerja", "1998-01-01",
		                                      i % 2 ? "F" : "M", "smk", "32.77.01.1001", NULL),
		                 0);
		assert_int_equal(card_issued(&d, officer, seeker_token[i]), 0);
	}
	/* A vacancy: drafted, submitted, published by an officer. */
	snprintf(
		body, sizeof body,
		"{\"title\":\"Operator Jahit\",\"kbji\":\"7533\",\"description\":\"Menjahit pakaian jadi di pabrik "
		"garmen, shift pagi dan siang, lembur dibayar.\",\"needed_women\":4,\"needed_either\":4,"
		"\"valid_until\":\"%s\",\"age_min\":18,\"age_max\":45,\"min_education\":\"smp\","
		"\"wage_min\":3800000,\"wage_max\":4200000,\"location_kind\":\"kecamatan\",\"location_code\":\"32.77.01\","
		"\"employment_type\":\"contract\",\"skills\":[\"menjahit\"],\"contact\":\"hrd@maju.co.id\"}",
		in_two_months);
	vacancy_id = STEP("POST", "/v1/vacancies", 0, company, body, 201);
	STEP("PUT", "/v1/vacancies/%lld", vacancy_id, company, body, 200);
	STEP("POST", "/v1/vacancies/%lld/submit", vacancy_id, company, NULL, 200);
	STEP("GET", "/v1/moderation/vacancies", 0, officer, NULL, 200);
	STEP("POST", "/v1/vacancies/%lld/moderation", vacancy_id, officer, "{\"decision\":\"publish\"}", 200);
	/* Everyone applies; half are taken on. */
	for (int i = 0; i < SEEKERS; i++)
		application_id[i] = STEP("POST", "/v1/vacancies/%lld/applications", vacancy_id, seeker_token[i],
		                         "{\"cover_note\":\"Saya berminat.\"}", 201);
	snprintf(body, sizeof body, "{\"state\":\"accepted\",\"start_date\":\"%s\"}", today);
	for (int i = 0; i < SEEKERS; i += 2) {
		STEP("POST", "/v1/applications/%lld/status", application_id[i], company, "{\"state\":\"interview\"}",
		     200);
		STEP("POST", "/v1/applications/%lld/status", application_id[i], company, body, 200);
		placement_now++;
	}
	STEP("POST", "/v1/applications/%lld/withdraw", application_id[1], seeker_token[1], NULL, 200);
	a_job_fair(body, sizeof body);
	/* A training by the LPK, from registration to certificate. */
	snprintf(
		body, sizeof body,
		"{\"title\":\"Menjahit Dasar\",\"vocation\":\"Garmen\",\"description\":\"Pelatihan berbasis kompetensi "
		"selama dua sesi dengan uji kompetensi di akhir.\",\"competency_units\":[\"C.141100.001.01\"],"
		"\"kkni_level\":2,\"funding\":\"apbd\",\"quota\":5,\"sessions\":1,\"start_date\":\"%s\",\"end_date\":\"%s\","
		"\"registration_opens\":\"%s\",\"registration_closes\":\"%s\",\"location\":\"BLK Cimahi\","
		"\"kecamatan_code\":\"32.77.01\"}",
		today, today, today, today);
	training_id = STEP("POST", "/v1/trainings", 0, lpk, body, 201);
	STEP("PUT", "/v1/trainings/%lld", training_id, lpk, body, 200);
	STEP("POST", "/v1/trainings/%lld/state", training_id, lpk, "{\"state\":\"open\"}", 200);
	enrolment_id = STEP("POST", "/v1/trainings/%lld/enrolments", training_id, seeker_token[1], NULL, 201);
	STEP("POST", "/v1/enrolments/%lld/decision", enrolment_id, lpk, "{\"state\":\"accepted\"}", 200);
	STEP("POST", "/v1/trainings/%lld/state", training_id, lpk, "{\"state\":\"running\"}", 200);
	snprintf(body, sizeof body, "{\"session\":1,\"present\":[%lld]}", enrolment_id);
	STEP("POST", "/v1/trainings/%lld/attendance", training_id, lpk, body, 200);
	STEP("POST", "/v1/trainings/%lld/state", training_id, lpk, "{\"state\":\"finished\"}", 200);
	STEP("POST", "/v1/enrolments/%lld/result", enrolment_id, lpk,
	     "{\"completion\":\"completed\",\"competency\":\"competent\"}", 200);
	snprintf(body, sizeof body,
	         "{\"kind\":\"office\",\"number\":\"LPK-001/%d\",\"scheme\":\"Menjahit Dasar\","
	         "\"issued_on\":\"%s\"}",
	         this_year, today);
	STEP("POST", "/v1/enrolments/%lld/certificates", enrolment_id, lpk, body, 201);
	/* The office's own training, with walk-ins enrolled by an officer: a
	 * card holder by NIK alone, and someone the office did not know. */
	snprintf(body, sizeof body,
	         "{\"title\":\"Tata Boga\",\"vocation\":\"Boga\",\"description\":\"Pelatihan memasak di aula kantor.\","
	         "\"funding\":\"apbd\",\"quota\":10,\"sessions\":1,\"start_date\":\"%s\",\"end_date\":\"%s\","
	         "\"registration_opens\":\"%s\",\"registration_closes\":\"%s\",\"location\":\"Aula Disnaker\"}",
	         today, today, today, today);
	long long office_training = STEP("POST", "/v1/trainings", 0, officer, body, 201);
	STEP("POST", "/v1/trainings/%lld/state", office_training, officer, "{\"state\":\"open\"}", 200);
	snprintf(body, sizeof body, "{\"nik\":\"%s\"}", seeker_nik[2]);
	long long walk_in[2];
	walk_in[0] = STEP("POST", "/v1/trainings/%lld/participants", office_training, officer, body, 201);
	walk_in[1] =
		STEP("POST", "/v1/trainings/%lld/participants", office_training, officer,
	             "{\"nik\":\"3277015206990042\",\"full_name\":\"Siti Walk-in\",\"birth_place\":\"Cimahi\","
	             "\"address\":\"Jl. Aula 1\",\"kecamatan_code\":\"32.77.01\",\"kelurahan_code\":\"32.77.01.1001\","
	             "\"education_level\":\"sma\"}",
	             201);
	STEP("POST", "/v1/trainings/%lld/state", office_training, officer, "{\"state\":\"running\"}", 200);
	snprintf(body, sizeof body, "{\"session\":1,\"present\":[%lld,%lld]}", walk_in[0], walk_in[1]);
	STEP("POST", "/v1/trainings/%lld/attendance", office_training, officer, body, 200);
	STEP("POST", "/v1/trainings/%lld/state", office_training, officer, "{\"state\":\"finished\"}", 200);
	STEP("POST", "/v1/enrolments/%lld/result", walk_in[1], officer,
	     "{\"completion\":\"completed\",\"competency\":\"competent\"}", 200);
	/* A complaint (the officer's steps on it come in the route sweep). */
	complaint_id =
		STEP("POST", "/v1/complaints", 0, seeker_token[3],
	             "{\"category\":\"card_problem\",\"subject\":\"Kartu belum jadi\",\"body\":\"Sudah dua minggu "
	             "kartu saya belum terbit.\"}",
	             201);
}

/* ---- last year, entered late: placements first, then months closed, then the register ---- */

#define LAST_PEOPLE 40
static int last_year(void) { return this_year - 1; }
static int last_issued_month(int i) { return 1 + i % 11; }
static int last_removed(int i) { return i % 10 == 1; } /* removed in the register a month after issue */
static int last_placed(int i) { return i % 10 == 4; } /* placed two months after issue, reported first */
static const char *const last_closed_through = "-06"; /* months closed before the register came */

static void last_nik(int i, char out[17])
{
	snprintf(out, 17, "327703%02u%02u%02u%04u", (unsigned)(1 + i % 28 + (i % 2 ? 40 : 0)) % 100u,
	         (unsigned)(1 + i % 12) % 100u, (unsigned)(85 + i % 10) % 100u, (unsigned)(500 + i) % 10000u);
}

static void last_year_entered_late(void)
{
	struct response r;
	char *buf = malloc(32 * 1024), nik[17];
	/* The placements, by NIK, before anyone has entered these people's cards. */
	size_t n = (size_t)sprintf(buf, "{\"placements\":[");
	for (int i = 0, first = 1; i < LAST_PEOPLE; i++) {
		if (!last_placed(i))
			continue;
		last_nik(i, nik);
		n += (size_t)sprintf(
			buf + n,
			"%s{\"nik\":\"%s\",\"employer_name\":\"CV Baru %d\",\"employer_type\":"
			"\"private_company\",\"position\":\"Kasir\",\"location_kind\":\"kabkota\","
			"\"location_code\":\"32.77\",\"start_date\":\"%d-%02d-15\",\"channel\":\"job_fair\"}",
			first ? "" : ",", nik, i, last_year(), last_issued_month(i) + 2);
		first = 0;
	}
	sprintf(buf + n, "]}");
	WANT(call("POST", "/v1/placements/batch", officer, buf, &r), 200);
	response_free(&r);
	/* The office publishes its months up to June. */
	snprintf(buf, 64, "{\"month\":\"%d%s\"}", last_year(), last_closed_through);
	WANT(call("POST", "/v1/statistics/ipk/closures", officer, buf, &r), 201);
	response_free(&r);
	/* Then the register of that year turns up. */
	n = (size_t)sprintf(buf,
	                    "nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,kelurahan_code,"
	                    "education_level,card_number,issued_on,state,ended_on,end_reason\n");
	for (int i = 0; i < LAST_PEOPLE; i++) {
		last_nik(i, nik);
		int m = last_issued_month(i), day = 1 + i % 28;
		n += (size_t)sprintf(buf + n,
		                     "%s,Warga Baru %d,Cimahi,19%02d-%02d-%02d,%s,Jl. Baru %d,32.77.03,"
		                     "32.77.03.1001,smp,3277 8%05d 1,%d-%02d-%02d",
		                     nik, i, 85 + i % 10, 1 + i % 12, 1 + i % 28, i % 2 ? "F" : "M", i, i, last_year(),
		                     m, day);
		if (last_removed(i))
			n += (size_t)sprintf(buf + n, ",removed,%d-%02d-%02d,moved\n", last_year(), m + 1, day);
		else
			n += (size_t)sprintf(buf + n, ",,,\n");
	}
	WANT(call_bytes("POST", "/v1/card-imports", officer, buf, n, "text/csv", &r), 200);
	assert_int_equal(num(r.json, "imported"), LAST_PEOPLE);
	response_free(&r);
	/* And this year an officer removes one of this year's cards: the holder moved away. */
	long long card =
		db_exec(&d,
	                "SELECT c.id FROM card c JOIN seeker s ON s.id = c.seeker_id JOIN account a "
	                "ON a.id = s.account_id WHERE a.email = 'pencaker7@example.id' AND c.state = 'active'");
	STEP("POST", "/v1/cards/%lld/removal", card, officer, "{\"reason\":\"moved\"}", 200);
	free(buf);
}

/* ---- every route of the table ---- */

/* The token of the first role the route admits, or none for a public one. */
static const char *token_for(unsigned roles)
{
	if (roles == ROLES_PUBLIC)
		return NULL;
	if (roles & ROLE_OFFICER)
		return officer;
	if (roles & ROLE_SEEKER)
		return seeker_token[5];
	if (roles & ROLE_COMPANY)
		return company;
	if (roles & ROLE_LPK)
		return lpk;
	if (roles & ROLE_BKK)
		return bkk;
	return admin;
}

/* An id that exists for the route's first parameter, where the test has one. */
static long long id_for(const char *pattern)
{
	if (strstr(pattern, "/vacancies/"))
		return vacancy_id;
	if (strstr(pattern, "/applications/"))
		return application_id[3];
	if (strstr(pattern, "/trainings/"))
		return training_id;
	if (strstr(pattern, "/enrolments/"))
		return enrolment_id;
	if (strstr(pattern, "/complaints/"))
		return complaint_id;
	return 1;
}

static void every_route_not_yet_called(void)
{
	for (size_t k = 0; k < routes_count; k++) {
		if (route_calls[k])
			continue;
		const struct route *rt = &routes[k];
		char path[256];
		size_t n = 0;
		for (const char *p = rt->pattern; *p && n + 24 < sizeof path; p++) {
			if (*p == '{') {
				const char *name = p + 1;
				p = strchr(p, '}');
				if (!strncmp(name, "file", 4))
					n += (size_t)sprintf(path + n, "dashboard.js");
				else if (!strncmp(name, "year", 4))
					n += (size_t)sprintf(path + n, "%d", this_year);
				else if (!strncmp(name, "number", 6))
					n += (size_t)sprintf(path + n, "32779000001");
				else
					n += (size_t)sprintf(path + n, "%lld", id_for(rt->pattern));
			} else {
				path[n++] = *p;
			}
		}
		path[n] = '\0';
		const char *body = rt->method == METHOD_GET || rt->method == METHOD_DELETE ? NULL : "{}";
		const char *token = token_for(rt->roles);
		char session[64];
		if (!strcmp(rt->pattern, "/v1/auth/logout")) /* a session of its own to end */
			token = login_token(&d, "pencaker6@example.id", "rahasia-kerja-1", session);
		struct response r;
		if (rt->flags & ROUTE_UPLOAD)
			call_bytes(method_name(rt->method), path, token, "x", 1, "application/octet-stream", &r);
		else
			call(method_name(rt->method), path, token, body, &r);
		response_free(&r);
	}
}

/* ---- a day's ordinary use, many times over ---- */

static void ordinary_use(void)
{
	static const char *const words[] = {"jahit", "operator", "garmen", "admin", "gudang", "sopir"};
	char path[160];
	for (int round = 0; round < LOAD_ROUNDS; round++) {
		const char *seeker = seeker_token[round % SEEKERS];
		snprintf(path, sizeof path, "/v1/vacancies?q=%s&limit=%d", words[round % 6], 1 + round % 20);
		touch("GET", path, NULL, NULL);
		touch("GET", "/v1/me", seeker, NULL);
		touch("GET", "/v1/me/card", seeker, NULL);
		touch("GET", "/v1/me/notifications", seeker, NULL);
		touch("GET", "/v1/me/recommendations", seeker, NULL);
		touch("GET", "/v1/me/applications", seeker, NULL);
		snprintf(path, sizeof path, "/v1/statistics/ipk?month=%d-%02d", past_year() + round % 3,
		         1 + round % 12);
		touch("GET", path, officer, NULL);
		snprintf(path, sizeof path, "/v1/statistics/iku?year=%d", past_year() + round % 3);
		touch("GET", path, officer, NULL);
		touch("GET", "/v1/card-applications", officer, NULL);
		/* A write of a kind not made before, now and then: the failure of a
		 * full statement cache showed on exactly these. */
		if (round % 100 == 0) {
			snprintf(path, sizeof path, "/v1/statistics/iku/targets/%d", this_year);
			touch("PUT", path, officer, "{\"placement_rate\":\"60\"}");
		} else {
			touch("GET", "/v1/health", NULL, NULL);
		}
	}
}

/* ---- the figures, against the test's own count ---- */

static json_t *indicator(json_t *iku, const char *key)
{
	size_t i;
	json_t *ind;
	json_array_foreach (json_object_get(iku, "indicators"), i, ind)
		if (!strcmp(json_string_value(json_object_get(ind, "key")), key))
			return ind;
	return NULL;
}

static void figures_agree(void)
{
	struct response r;
	char path[96];
	/* The past year: its cards and the BKK's placements. */
	long long past_placements = 0;
	for (int i = 0; i < PAST_PEOPLE; i++)
		past_placements += past_placed(i);
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%d", past_year());
	WANT(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(num(r.json, "registrations"), PAST_PEOPLE);
	assert_int_equal(num(indicator(r.json, "placements"), "numerator"), past_placements);
	assert_int_equal(num(indicator(r.json, "placement_rate"), "numerator"), past_placements);
	assert_int_equal(num(indicator(r.json, "placement_rate"), "denominator"), PAST_PEOPLE);
	assert_int_equal(num(indicator(r.json, "trained_share"), "numerator"), past_trained);
	assert_int_equal(num(indicator(r.json, "competency_share"), "numerator"), past_competent);
	assert_int_equal(num(indicator(r.json, "competency_share"), "denominator"), past_trained);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/stats/trainings?year=%d", past_year());
	WANT(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(num(json_object_get(r.json, "trained"), "persons"), past_trained);
	assert_int_equal(num(json_object_get(r.json, "certificates"), "total"), 5);
	response_free(&r);
	/* Last year, entered late: its cards and the placements reported before them. */
	long long last_placements = 0;
	for (int i = 0; i < LAST_PEOPLE; i++)
		last_placements += last_placed(i);
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%d", last_year());
	WANT(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(num(r.json, "registrations"), LAST_PEOPLE);
	assert_int_equal(num(indicator(r.json, "placements"), "numerator"), last_placements);
	assert_int_equal(num(indicator(r.json, "placement_rate"), "numerator"), last_placements);
	response_free(&r);
	/* This year: the cards issued through the app, the applicants taken on,
	 * the one trained and found competent. */
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%d", this_year);
	WANT(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(num(r.json, "registrations"), SEEKERS);
	assert_int_equal(num(indicator(r.json, "placements"), "numerator"), placement_now + placement_fair);
	assert_int_equal(num(json_object_get(indicator(r.json, "placements"), "by_channel"), "app_vacancy"),
	                 placement_now);
	assert_int_equal(num(json_object_get(indicator(r.json, "placements"), "by_channel"), "job_fair"),
	                 placement_fair);
	/* Trained: the LPK's one, and the office's two walk-ins; competent: the
	 * LPK's one and the walk-in the office did not know. */
	assert_int_equal(num(indicator(r.json, "trained_share"), "numerator"), 3);
	assert_int_equal(num(indicator(r.json, "competency_share"), "numerator"), 2);
	response_free(&r);
}

/* ---- every IPK III/1 job-seeker cell, against the test's own count ---- */

/* A card as the test made it: dates as YYYYMMDD numbers (ended 0 while
 * active), and the months its entry and exit count in, as y * 12 + m - 1:
 * their own, or the first month still open when they were recorded. */
struct card_seen {
	int born, female, issued, ended, placed;
	int in_k, out_k; /* out_k -1 while active */
	int education; /* the IPK level's index: smp 2, sma 3, smk 4 */
};

static int ymd(int y, int m, int day) { return y * 10000 + m * 100 + day; }
static int month_k(int date) { return date / 10000 * 12 + date / 100 % 100 - 1; }
static int max_k(int a, int b) { return a > b ? a : b; }

static int days_in(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : days[m - 1];
}

/* The IPK age group (15-19, 20-29, 30-44, 45-54, 55+) on day `on`. */
static int age_group(int born, int on)
{
	int age = on / 10000 - born / 10000 - (on % 10000 < born % 10000);
	return age < 20 ? 0 : age < 30 ? 1 : age < 45 ? 2 : age < 55 ? 3 : 4;
}

static void seen(struct card_seen *c, int born, int female, int issued, int ended, int placed, int open_k,
                 int education)
{
	*c = (struct card_seen){born,
	                        female,
	                        issued,
	                        ended,
	                        placed,
	                        max_k(month_k(issued), open_k),
	                        ended ? max_k(month_k(ended), open_k) : -1,
	                        education};
}

static int cards_seen(struct card_seen *out)
{
	int n = 0, now = atoi(today) * 10000 + atoi(today + 5) * 100 + atoi(today + 8);
	for (int i = 0; i < PAST_PEOPLE; i++) {
		int expiry = ymd(past_year() + 2, 1 + i % 6, 1 + i % 28); /* card_valid_months = 24 */
		/* Imported active past its validity: recorded as expired on it. */
		int ended = past_placed(i) ? ymd(past_year(), 7 + i % 6, 15) : expiry < now ? expiry : 0;
		seen(&out[n++], ymd(1900 + 80 + i % 15, 1 + i % 12, 1 + i % 28), i % 2,
		     ymd(past_year(), 1 + i % 6, 1 + i % 28), ended, past_placed(i), 0, 3);
	}
	/* The even ones taken on by the company today, the fourth at the job
	 * fair's booth, the last removed. */
	for (int i = 0; i < SEEKERS; i++) {
		int placed = i % 2 == 0 || i == 3;
		seen(&out[n++], ymd(1998, 1, 1), i % 2, now, placed || i == SEEKERS - 1 ? now : 0, placed, 0, 4);
	}
	/* Last year's register came after its first half was closed. */
	int open_k = last_year() * 12 + atoi(last_closed_through + 1);
	for (int i = 0; i < LAST_PEOPLE; i++) {
		int m = last_issued_month(i), day = 1 + i % 28, issued = ymd(last_year(), m, day);
		int ended = last_removed(i) ? ymd(last_year(), m + 1, day)
			: last_placed(i)    ? ymd(last_year(), m + 2, 15)
					    : 0;
		seen(&out[n++], ymd(1900 + 85 + i % 10, 1 + i % 12, 1 + i % 28), i % 2, issued, ended, last_placed(i),
		     open_k, 2);
	}
	return n;
}

static long long cell_of(json_t *table, const char *row, size_t column)
{
	size_t i;
	json_t *x;
	json_array_foreach (json_object_get(table, "rows"), i, x)
		if (!strcmp(json_string_value(json_object_get(x, "row")), row))
			return json_integer_value(json_array_get(json_object_get(x, "values"), column));
	fail_msg("no row %s", row);
	return -1;
}

/* Every month from the register's first to this one: rows 1-5, A and B of
 * the three job-seeker tables (by age, by education, by the KBJI group
 * sought), each group × men/women and the totals, and what is marked late.
 * A card counts in its holder's age group at the end of the month it came
 * in, for its whole life (sql/0017): row 5 of each group is then the cards of
 * that group still active, counted here afresh each month, not carried.
 * Nobody here chose an occupation: the KBJI table has them all in "Belum
 * memilih" (its last group). */
static void ipk_cells_agree(void)
{
	enum { TABLES = 3, MAX_COLUMNS = 2 * 12 + 3 };
	static const char *const keys[TABLES] = {"job_seekers_by_age", "job_seekers_by_education",
	                                         "job_seekers_by_kbji"};
	static const int groups[TABLES] = {5, 12, 11};
	struct card_seen cards[PAST_PEOPLE + SEEKERS + LAST_PEOPLE];
	int ncards = cards_seen(cards);
	long long last5[TABLES][MAX_COLUMNS] = {{0}};
	int cur = this_year * 12 + atoi(today + 5) - 1;
	for (int k = past_year() * 12; k <= cur; k++) {
		int y = k / 12, m = k % 12 + 1;
		long long counted[TABLES][5][MAX_COLUMNS] = {{{0}}}, late[3] = {0}; /* rows 1..5 (1: last month's 5) */
		for (int t = 0; t < TABLES; t++)
			memcpy(counted[t][0], last5[t], sizeof last5[t]);
		for (int i = 0; i < ncards; i++) {
			const struct card_seen *c = &cards[i];
			int in_y = c->in_k / 12, in_m = c->in_k % 12 + 1;
			int group[TABLES] = {age_group(c->born, ymd(in_y, in_m, days_in(in_y, in_m))), c->education,
			                     10};
			int rows[5] = {0, c->in_k == k, c->out_k == k && c->placed, c->out_k == k && !c->placed,
			               c->in_k <= k && (c->out_k < 0 || c->out_k > k)};
			for (int row = 1; row < 5; row++) {
				if (!rows[row])
					continue;
				for (int t = 0; t < TABLES; t++) {
					counted[t][row][2 * group[t] + c->female]++;
					counted[t][row][2 * groups[t] + c->female]++;
					counted[t][row][2 * groups[t] + 2]++;
				}
				if (row < 4)
					late[row - 1] += row > 1 ? c->out_k > month_k(c->ended)
								 : c->in_k > month_k(c->issued);
			}
		}
		char path[64];
		struct response r;
		snprintf(path, sizeof path, "/v1/statistics/ipk?month=%04u-%02u", (unsigned)y % 10000u,
		         (unsigned)m % 100u);
		WANT(call("GET", path, officer, NULL, &r), 200);
		int closed = json_is_true(json_object_get(r.json, "closed"));
		assert_int_equal(closed, k < last_year() * 12 + atoi(last_closed_through + 1));
		for (int t = 0; t < TABLES; t++) {
			json_t *table = NULL, *x;
			size_t i;
			json_array_foreach (json_object_get(r.json, "tables"), i, x)
				if (!strcmp(json_string_value(json_object_get(x, "key")), keys[t]))
					table = x;
			assert_non_null(table);
			static const char *const names[] = {"1", "2", "3", "4", "5"};
			for (int col = 0; col < 2 * groups[t] + 3; col++) {
				for (int row = 0; row < 5; row++)
					if (cell_of(table, names[row], (size_t)col) != counted[t][row][col])
						fail_msg("IPK %s %s row %s column %d: %lld, counted %lld", path + 25,
						         keys[t], names[row], col,
						         cell_of(table, names[row], (size_t)col), counted[t][row][col]);
				assert_int_equal(cell_of(table, "A", (size_t)col),
				                 counted[t][0][col] + counted[t][1][col]);
				assert_int_equal(cell_of(table, "B", (size_t)col),
				                 counted[t][2][col] + counted[t][3][col]);
			}
			/* What came after its month had closed is marked late where it counts. */
			json_t *marks = json_object_get(table, "late");
			assert_int_equal(num(marks, "2"), late[0]);
			assert_int_equal(num(marks, "3"), late[1]);
			assert_int_equal(num(marks, "4"), late[2]);
			memcpy(last5[t], counted[t][4], sizeof last5[t]);
		}
		response_free(&r);
	}
}

static void an_office_lives(void **state)
{
	(void)state;
	past_years_from_the_registers();
	this_year_through_the_app();
	last_year_entered_late();
	ordinary_use();
	long before = rss_kib();
	every_route_not_yet_called();
	ordinary_use();
	ordinary_use();
	long after = rss_kib();
	figures_agree();
	ipk_cells_agree();

	if (server_errors)
		fail_msg("%ld answers of 5xx out of %ld requests; the first: %s", server_errors, requests, first_error);
	assert_int_equal(dropped, 0);
	char missing[2048] = "";
	for (size_t k = 0; k < routes_count; k++)
		if (!route_calls[k] && strlen(missing) + 80 < sizeof missing)
			sprintf(missing + strlen(missing), " %s %s;", method_name(routes[k].method), routes[k].pattern);
	if (*missing)
		fail_msg("routes the life test never called:%s", missing);
	assert_true(requests > 40000);
	assert_true(before > 0 && after > 0);
	if (after > 2 * before)
		fail_msg("RSS grew from %ld KiB to %ld KiB", before, after);
	assert_true(db_integrity_ok(&d));
	assert_true(iku_counts_agree(&d));
	print_message("life: %ld requests, RSS %ld -> %ld KiB\n", requests, before, after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_office_lives),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
