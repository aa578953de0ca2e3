/* Placement reports and the monthly IPK tables, against a real daemon and
 * a small world built through the API: a legacy register of eight people
 * with cards issued across three months, placements through the BKK, the
 * company, the LPK and an officer (one person placed twice, one repeated
 * report, one person the office never registered, one late report after
 * the month closed), a vacancy filled, and an edit of an old record.
 * Every number is worked out by hand in the comments. */
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
static char officer[64], company[64], bkk[64], lpk[64];
/* The months of the world: m[0] three months ago … m[3] this month. */
static char m[4][8], today[11];
static int year_now;

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static void setup_dates(void)
{
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	year_now = tm.tm_year + 1900;
	for (int i = 0; i < 4; i++) {
		int months = (tm.tm_year + 1900) * 12 + tm.tm_mon - (3 - i);
		snprintf(m[i], sizeof m[i], "%04u-%02u", (unsigned)months / 12 % 10000u, (unsigned)months % 12 + 1);
	}
}

/* "2026-08" + day 15 → "2026-08-15" */
static const char *day(int month, int dd)
{
	static char buf[32][11];
	static int next;
	char *out = buf[next++ % 32];
	snprintf(out, 11, "%s-%02d", m[month], dd % 100);
	return out;
}

/* A birth date that makes the person `age` (give or take the months of
 * the world) at every month end of the test: mid-group ages. */
static const char *born(int age)
{
	static char buf[12][11];
	static int next;
	char *out = buf[next++ % 12];
	snprintf(out, 11, "%04u-06-15", (unsigned)(year_now - age) % 10000u);
	return out;
}

static void organisation(const char *token, const char *name, const char *type)
{
	assert_int_equal(organisation_ready(&d, officer, token, name, type), 0);
}

/* The values of one row of one table equal `expect` ("0,1,2"). */
static void expect_row(json_t *report, const char *key, const char *row, const char *expect)
{
	size_t i, j;
	json_t *t, *rw;
	json_array_foreach (json_object_get(report, "tables"), i, t) {
		if (strcmp(str(t, "key"), key))
			continue;
		json_array_foreach (json_object_get(t, "rows"), j, rw) {
			if (strcmp(str(rw, "row"), row))
				continue;
			char got[512] = "";
			size_t k, n = 0;
			json_t *v;
			json_array_foreach (json_object_get(rw, "values"), k, v)
				n += (size_t)snprintf(got + n, sizeof got - n, "%s%lld", k ? "," : "",
				                      (long long)json_integer_value(v));
			if (strcmp(got, expect))
				fail_msg("%s row %s: got %s, expected %s", key, row, got, expect);
			return;
		}
	}
	fail_msg("no row %s in %s", row, key);
}

static json_t *ipk(int month, struct response *r)
{
	char path[96];
	snprintf(path, sizeof path, "/v1/statistics/ipk?month=%s", m[month]);
	assert_int_equal(call("GET", path, officer, NULL, r), 200);
	return r->json;
}

static long long report(const char *token, const char *body, long expect, const char *code)
{
	struct response r;
	assert_int_equal(call("POST", "/v1/placements", token, body, &r), expect);
	long long id = expect < 300 ? num(r.json, "id") : 0;
	if (code)
		assert_string_equal(error_code_of(&r), code);
	response_free(&r);
	return id;
}

static int setup(void **state)
{
	(void)state;
	setup_dates();
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "company", "hrd@garmen.co.id", "garmen-aman-1", "PT Garmen", NULL, company) ||
	    !account_ready(&d, "bkk", "bkk@smkn1.sch.id", "bkk-smkn1-aman", "BKK SMKN 1", NULL, bkk) ||
	    !account_ready(&d, "lpk", "info@lpk.id", "lpk-terampil-1", "LPK Terampil", NULL, lpk))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* The register: who, born, schooling, card issued, and how it ended.
 *   A F 25 smk  m0-05 active      B M 37 s1 m0-12 active
 *   C M 50 sd   m1-03 active      D F 17 smp m1-20 active
 *   E F 62 sma  m1-25 removed m2-10 (moved)
 *   F M 25 smk  m2-02 active      G M 37 d3 m2-15 expired m2-28
 *   H F 50 s1   m2-20 active */
static void register_and_placements(void **state)
{
	(void)state;
	struct response r;
	char csv[4096], body[1024];
	organisation(company, "PT Garmen Sejahtera", "private_company");
	organisation(bkk, "BKK SMK Negeri 1 Cimahi", "government");
	organisation(lpk, "LPK Terampil Mandiri", "private_company");
	snprintf(
		csv, sizeof csv,
		"nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,kelurahan_code,education_level,"
		"card_number,issued_on,state,ended_on,end_reason\n"
		"3277014101990001,Ani,Cimahi,%s,F,Jl. A,32.77.01,32.77.01.1001,smk,3277 000001 1,%s,active,,\n"
		"3277010101880002,Bayu,Cimahi,%s,M,Jl. B,32.77.01,32.77.01.1001,s1,3277 000002 2,%s,active,,\n"
		"3277010101760003,Cahya,Cimahi,%s,M,Jl. C,32.77.02,32.77.02.1001,sd,3277 000003 3,%s,active,,\n"
		"3277014101090004,Dina,Cimahi,%s,F,Jl. D,32.77.02,32.77.02.1001,smp,3277 000004 4,%s,active,,\n"
		"3277014101640005,Euis,Cimahi,%s,F,Jl. E,32.77.03,32.77.03.1001,sma,3277 000005 5,%s,removed,%s,moved\n"
		"3277010101990006,Fajar,Cimahi,%s,M,Jl. F,32.77.03,32.77.03.1001,smk,3277 000006 6,%s,active,,\n"
		"3277010101880007,Gilang,Cimahi,%s,M,Jl. G,32.77.01,32.77.01.1001,d3,3277 000007 7,%s,expired,%s,\n"
		"3277014101760008,Hana,Cimahi,%s,F,Jl. H,32.77.01,32.77.01.1001,s1,3277 000008 8,%s,active,,\n",
		born(25), day(0, 5), born(37), day(0, 12), born(50), day(1, 3), born(17), day(1, 20), born(62),
		day(1, 25), day(2, 10), born(25), day(2, 2), born(37), day(2, 15), day(2, 28), born(50), day(2, 20));
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, csv, strlen(csv), "text/csv", &r), 0);
	if (r.status != 200)
		fail_msg("%s", r.body);
	assert_int_equal(num(r.json, "imported"), 8);
	response_free(&r);

	/* The BKK reports Ani by CSV; a bad file first: a placement abroad. */
	snprintf(csv, sizeof csv,
	         "nik,employer_name,employer_type,position,kbji,location_kind,location_code,start_date,wage\n"
	         "3277014101990001,PT Satu Jaya,private_company,Operator Jahit,7533,kecamatan,32.77.01,%s,3800000\n"
	         "3277010101990006,Syarikat Jauh,private_company,Operator,7533,abroad,MY,%s,\n",
	         day(1, 15), day(2, 5));
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/placement-imports", bkk, csv, strlen(csv), "text/csv", &r),
	                 0);
	assert_int_equal(r.status, 422);
	assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 1);
	json_t *error = json_array_get(json_object_get(r.json, "errors"), 0);
	assert_int_equal(num(error, "line"), 3);
	assert_string_equal(str(error, "field"), "location_kind");
	assert_string_equal(str(error, "code"), "bkk_abroad");
	/* The reason as a portal shows it, in the request's language. */
	assert_non_null(strstr(str(error, "message"), "luar negeri"));
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM placement"), 0);
	*strstr(csv, "3277010101990006") = '\0'; /* the good row only */
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/placement-imports", bkk, csv, strlen(csv), "text/csv", &r),
	                 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(num(r.json, "placed"), 1);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card WHERE state = 'placed'"), 1);

	/* The company reports Bayu (by card number), in Jakarta: AKAD. */
	snprintf(body, sizeof body,
	         "{\"card_number\":\"3277 000002 2\",\"position\":\"Supervisor\",\"kbji\":\"3122\","
	         "\"location_kind\":\"province\",\"location_code\":\"31\",\"start_date\":\"%s\","
	         "\"wage\":6000000}",
	         day(2, 5));
	assert_int_equal(call("POST", "/v1/placements", company, body, &r), 201);
	assert_string_equal(str(r.json, "placement_kind"), "AKAD");
	assert_string_equal(str(r.json, "channel"), "company_report");
	assert_string_equal(str(r.json, "employer_name"), "PT Garmen Sejahtera");
	assert_string_equal(str(r.json, "nik_masked"), "3277********0002");
	assert_true(json_is_true(json_object_get(r.json, "card_holder")));
	response_free(&r);
	/* The same report again is recognised, not counted twice. */
	assert_int_equal(call("POST", "/v1/placements", company, body, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "duplicate")));
	response_free(&r);
	/* An officer reports someone the office never registered: counted apart. */
	report(officer,
	       "{\"nik\":\"3277015506900009\",\"employer_name\":\"Syarikat Maju Sdn Bhd\","
	       "\"employer_type\":\"private_company\",\"position\":\"Pekerja Kilang\",\"location_kind\":\"abroad\","
	       "\"location_code\":\"MY\",\"start_date\":\""
	       "\"}",
	       422, "date_invalid");
	snprintf(body, sizeof body,
	         "{\"nik\":\"3277015506900009\",\"employer_name\":\"Syarikat Maju Sdn Bhd\","
	         "\"employer_type\":\"private_company\",\"position\":\"Pekerja Kilang\",\"location_kind\":"
	         "\"abroad\",\"location_code\":\"MY\",\"start_date\":\"%s\",\"channel\":\"cpmi\","
	         "\"education_level\":\"sma\"}",
	         day(2, 20));
	assert_int_equal(call("POST", "/v1/placements", officer, body, &r), 201);
	assert_string_equal(str(r.json, "placement_kind"), "AKAN");
	assert_true(json_is_false(json_object_get(r.json, "card_holder")));
	response_free(&r);
	/* Refusals: a BKK abroad, a wrong channel for an LPK, an unknown card. */
	report(bkk,
	       "{\"nik\":\"3277010101990006\",\"employer_name\":\"X\",\"employer_type\":\"individual\","
	       "\"position\":\"Sopir\",\"location_kind\":\"abroad\",\"location_code\":\"SA\",\"start_date\":\"2025-01-01\"}",
	       422, "bkk_abroad");
	report(lpk,
	       "{\"nik\":\"3277010101990006\",\"employer_name\":\"X\",\"employer_type\":\"individual\","
	       "\"position\":\"Sopir\",\"location_kind\":\"kabkota\",\"location_code\":\"32.77\",\"start_date\":\"2025-01-01\","
	       "\"channel\":\"bkk\"}",
	       422, "field_invalid");
	report(officer,
	       "{\"card_number\":\"9999\",\"employer_name\":\"X\",\"employer_type\":\"individual\",\"channel\":\"other\","
	       "\"position\":\"Sopir\",\"location_kind\":\"kabkota\",\"location_code\":\"32.77\",\"start_date\":\"2025-01-01\"}",
	       404, "not_found");
	report(officer, "{\"nik\":\"12\",\"position\":\"x\"}", 400, "field_missing");
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM placement"), 3);

	/* The LPK's batch: one bad row spoils it, unless only valid rows are asked for. */
	char batch[2048];
	snprintf(
		batch, sizeof batch,
		"{\"placements\":[{\"nik\":\"3277010101760003\",\"employer_name\":\"PT Empat Serangkai\","
		"\"employer_type\":\"bumn_bumd\",\"position\":\"Juru Masak\",\"location_kind\":\"kabkota\","
		"\"location_code\":\"32.77\",\"start_date\":\"%s\"},{\"nik\":\"3277010101990006\",\"employer_name\":\"Y\","
		"\"employer_type\":\"individual\",\"position\":\"Sopir\",\"kbji\":\"83x2\",\"location_kind\":\"kabkota\","
		"\"location_code\":\"32.77\",\"start_date\":\"%s\"}, 7]%s}",
		day(3, 1), day(3, 1), "");
	assert_int_equal(call("POST", "/v1/placements/batch", lpk, batch, &r), 422);
	assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 2);
	assert_int_equal(num(json_array_get(json_object_get(r.json, "errors"), 0), "line"), 2);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "errors"), 0), "field"), "kbji");
	assert_int_equal(num(json_array_get(json_object_get(r.json, "errors"), 1), "line"), 3);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM placement"), 3);
	batch[strlen(batch) - 1] = '\0';
	strcat(batch, ",\"mode\":\"valid_only\"}");
	assert_int_equal(call("POST", "/v1/placements/batch", lpk, batch, &r), 200);
	assert_int_equal(num(r.json, "placed"), 1);
	assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 2);
	response_free(&r);
	/* Bayu placed a second time, at a job fair: two events, one person. */
	snprintf(body, sizeof body,
	         "{\"nik\":\"3277010101880002\",\"employer_name\":\"PT Dua Arah\",\"employer_type\":"
	         "\"government\",\"position\":\"Staf\",\"location_kind\":\"kecamatan\",\"location_code\":"
	         "\"32.77.03\",\"start_date\":\"%s\",\"channel\":\"job_fair\"}",
	         day(3, 1));
	report(officer, body, 201, NULL);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM placement"), 5);

	/* Who sees which reports: each organisation its own, and the person's
	 * name only masked and only once they are its alumnus (a report by NIK
	 * alone must not tell an organisation whose NIK it is). */
	assert_int_equal(call("GET", "/v1/placements", bkk, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "name")));
	assert_null(strstr(r.body, "Ani"));
	response_free(&r);
	assert_int_equal(call("POST", "/v1/bkk/graduates", bkk,
	                      "{\"graduated_on\":\"2024-06-01\",\"graduates\":"
	                      "[{\"nik\":\"3277014101990001\"}]}",
	                      &r),
	                 200);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/placements", bkk, NULL, &r), 200);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "items"), 0), "name"), "A**");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/placements", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 5);
	assert_null(strstr(r.body, "3277015506900009"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/placements", NULL, NULL, &r), 401);
	response_free(&r);

	/* A vacancy in persons: 2 men, 1 woman, 2 either; 3 men and 1 woman hired. */
	char until[11];
	time_t later = time(NULL) + 7 * 3600 + 30 * 86400;
	struct tm tm;
	gmtime_r(&later, &tm);
	strftime(until, sizeof until, "%Y-%m-%d", &tm);
	snprintf(
		body, sizeof body,
		"{\"title\":\"Operator Jahit\",\"kbji\":\"7533\",\"description\":\"Menjahit pakaian jadi di pabrik garmen, "
		"shift pagi.\",\"needed_men\":2,\"needed_women\":1,\"needed_either\":2,\"valid_until\":\"%s\","
		"\"location_kind\":\"kecamatan\",\"location_code\":\"32.77.01\",\"employment_type\":\"contract\","
		"\"wage_min\":3800000,\"wage_max\":4000000}",
		until);
	assert_int_equal(call("POST", "/v1/vacancies", company, body, &r), 201);
	long long vacancy = num(r.json, "id");
	response_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/v1/vacancies/%lld/submit", vacancy);
	assert_int_equal(call("POST", path, company, NULL, &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/moderation", vacancy);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"publish\"}", &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/filled", vacancy);
	assert_int_equal(call("POST", path, company, "{\"men\":3,\"women\":1}", &r), 200);
	response_free(&r);
}

/* Columns: 15-19 L,P | 20-29 L,P | 30-44 L,P | 45-54 L,P | 55+ L,P | Jumlah L, P, all. */
static void monthly_tables(void **state)
{
	(void)state;
	struct response r;
	json_t *t = ipk(0, &r);
	assert_false(json_is_true(json_object_get(t, "closed")));
	/* m0: Ani (20-29 P) and Bayu (30-44 L) registered. */
	expect_row(t, "job_seekers_by_age", "1", "0,0,0,0,0,0,0,0,0,0,0,0,0");
	expect_row(t, "job_seekers_by_age", "2", "0,0,0,1,1,0,0,0,0,0,1,1,2");
	expect_row(t, "job_seekers_by_age", "5", "0,0,0,1,1,0,0,0,0,0,1,1,2");
	expect_row(t, "job_seekers_by_education", "2", "0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,1,0,0,0,0,0,1,1,2");
	/* The register names no occupation sought: "Belum memilih", the last group. */
	expect_row(t, "job_seekers_by_kbji", "2", "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,2");
	response_free(&r);
	/* m1: Cahya (45-54 L), Dina (15-19 P), Euis (55+ P) in; Ani placed. */
	t = ipk(1, &r);
	expect_row(t, "job_seekers_by_age", "1", "0,0,0,1,1,0,0,0,0,0,1,1,2");
	expect_row(t, "job_seekers_by_age", "2", "0,1,0,0,0,0,1,0,0,1,1,2,3");
	expect_row(t, "job_seekers_by_age", "A", "0,1,0,1,1,0,1,0,0,1,2,3,5");
	expect_row(t, "job_seekers_by_age", "3", "0,0,0,1,0,0,0,0,0,0,0,1,1");
	expect_row(t, "job_seekers_by_age", "4", "0,0,0,0,0,0,0,0,0,0,0,0,0");
	expect_row(t, "job_seekers_by_age", "5", "0,1,0,0,1,0,1,0,0,1,2,2,4");
	expect_row(t, "placements_by_kind", "AKL", "0,1,1,1,0");
	response_free(&r);
	/* m2: Fajar (20-29 L), Gilang (30-44 L), Hana (45-54 P) in; Bayu placed;
	 * Euis removed, Gilang expired. */
	t = ipk(2, &r);
	expect_row(t, "job_seekers_by_age", "1", "0,1,0,0,1,0,1,0,0,1,2,2,4");
	expect_row(t, "job_seekers_by_age", "2", "0,0,1,0,1,0,0,1,0,0,2,1,3");
	expect_row(t, "job_seekers_by_age", "3", "0,0,0,0,1,0,0,0,0,0,1,0,1");
	expect_row(t, "job_seekers_by_age", "4", "0,0,0,0,1,0,0,0,0,1,1,1,2");
	expect_row(t, "job_seekers_by_age", "B", "0,0,0,0,2,0,0,0,0,1,2,1,3");
	expect_row(t, "job_seekers_by_age", "5", "0,1,1,0,0,0,1,1,0,0,2,2,4");
	/* Bayu in Jakarta (AKAD, card holder); the unregistered worker abroad (AKAN, P from her NIK). */
	expect_row(t, "placements_by_kind", "AKAD", "1,0,1,1,0");
	expect_row(t, "placements_by_kind", "AKAN", "0,1,1,0,1");
	expect_row(t, "placements_by_kind", "total", "1,1,2,1,1");
	expect_row(t, "placements_by_education", "sma", "0,0,0,0,0,1,1");
	expect_row(t, "placements_by_education", "s1", "0,0,1,0,0,0,1");
	expect_row(t, "placements_by_employer_type", "private_company", "0,0,1,0,0,1,2");
	expect_row(t, "vacancies", "2", "0,0,0,0");
	response_free(&r);
	/* m3 (this month): Cahya placed by the LPK, Bayu again at a job fair
	 * (his card had ended: no card holder now); the vacancy: in 2 L, 1 P,
	 * 2 L/P; out filled L 2, P 1, L/P 1 (the third man), removed L/P 1. */
	t = ipk(3, &r);
	expect_row(t, "job_seekers_by_age", "1", "0,1,1,0,0,0,1,1,0,0,2,2,4");
	expect_row(t, "job_seekers_by_age", "3", "0,0,0,0,0,0,1,0,0,0,1,0,1");
	expect_row(t, "job_seekers_by_age", "5", "0,1,1,0,0,0,0,1,0,0,1,2,3");
	expect_row(t, "placements_by_kind", "AKL", "2,0,2,1,1");
	expect_row(t, "vacancies", "2", "2,1,2,5");
	expect_row(t, "vacancies", "3", "2,1,1,4");
	expect_row(t, "vacancies", "4", "0,0,1,1");
	expect_row(t, "vacancies", "5", "0,0,0,0");
	response_free(&r);
	/* Row 1 is always row 5 of the month before, in every table. */
	for (int i = 1; i < 4; i++) {
		struct response a, b;
		json_t *before = ipk(i - 1, &a), *now = ipk(i, &b);
		static const char *const keys[] = {"job_seekers_by_age", "job_seekers_by_education",
		                                   "job_seekers_by_kbji", "vacancies"};
		for (size_t k = 0; k < 4; k++) {
			size_t x, y;
			json_t *tb, *tn;
			json_array_foreach (json_object_get(before, "tables"), x, tb)
				json_array_foreach (json_object_get(now, "tables"), y, tn)
					if (!strcmp(str(tb, "key"), keys[k]) && !strcmp(str(tn, "key"), keys[k]))
						assert_true(json_equal(
							json_object_get(json_array_get(json_object_get(tb, "rows"), 6),
						                        "values"),
							json_object_get(json_array_get(json_object_get(tn, "rows"), 0),
						                        "values")));
		}
		response_free(&a);
		response_free(&b);
	}
	/* The same question twice, the same answer. */
	struct response a, b;
	ipk(2, &a);
	ipk(2, &b);
	assert_string_equal(a.body, b.body);
	response_free(&a);
	response_free(&b);
	/* Only staff read statistics; months are real and not in the future. */
	assert_int_equal(call("GET", "/v1/statistics/ipk", company, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/statistics/ipk?month=2026-13", officer, NULL, &r), 400);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/statistics/ipk?month=2999-01", officer, NULL, &r), 400);
	response_free(&r);
}

static void closing_and_corrections(void **state)
{
	(void)state;
	struct response r;
	char body[512];
	/* This month is still running: it cannot close. */
	snprintf(body, sizeof body, "{\"month\":\"%s\"}", m[3]);
	assert_int_equal(call("POST", "/v1/statistics/ipk/closures", officer, body, &r), 422);
	assert_string_equal(error_code_of(&r), "month_not_over");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/statistics/ipk/closures", officer, "{\"month\":\"2026-13\"}", &r), 422);
	assert_string_equal(error_code_of(&r), "month_invalid");
	response_free(&r);
	snprintf(body, sizeof body, "{\"month\":\"%s\"}", m[1]);
	assert_int_equal(call("POST", "/v1/statistics/ipk/closures", lpk, body, &r), 403);
	response_free(&r);
	/* Closing m1 closes m0 with it. */
	assert_int_equal(call("POST", "/v1/statistics/ipk/closures", officer, body, &r), 201);
	assert_int_equal(json_array_size(json_object_get(r.json, "closed")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(r.json, "closed"), 0)), m[0]);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/statistics/ipk/closures", officer, body, &r), 409);
	response_free(&r);

	/* A late report: Dina placed in m1, reported now that m1 is closed.  m1
	 * stays as published; the placement counts in m2, marked late. */
	snprintf(body, sizeof body,
	         "{\"nik\":\"3277014101090004\",\"employer_name\":\"CV Tiga Putri\",\"employer_type\":"
	         "\"cooperative\",\"position\":\"Kasir\",\"location_kind\":\"kecamatan\",\"location_code\":"
	         "\"32.77.02\",\"start_date\":\"%s\",\"channel\":\"other\"}",
	         day(1, 25));
	report(officer, body, 201, NULL);
	json_t *t = ipk(1, &r);
	assert_true(json_is_true(json_object_get(t, "closed")));
	expect_row(t, "job_seekers_by_age", "3", "0,0,0,1,0,0,0,0,0,0,0,1,1");
	expect_row(t, "job_seekers_by_age", "5", "0,1,0,0,1,0,1,0,0,1,2,2,4");
	assert_int_equal(json_array_size(json_object_get(t, "corrections")), 0);
	response_free(&r);
	t = ipk(2, &r);
	expect_row(t, "job_seekers_by_age", "1", "0,1,0,0,1,0,1,0,0,1,2,2,4");
	expect_row(t, "job_seekers_by_age", "3", "0,1,0,0,1,0,0,0,0,0,1,1,2");
	expect_row(t, "job_seekers_by_age", "5", "0,0,1,0,0,0,1,1,0,0,2,1,3");
	json_t *late = json_object_get(json_array_get(json_object_get(t, "tables"), 0), "late");
	assert_int_equal(num(late, "3"), 1);
	expect_row(t, "placements_by_kind", "AKL", "0,1,1,1,0");
	response_free(&r);

	/* An edit of an old record (Cahya's gender corrected): the closed month
	 * does not change, the difference is shown beside it. */
	assert_int_equal(db_exec(&d, "UPDATE seeker SET gender = 'F' WHERE full_name = 'Cahya'"), 1);
	t = ipk(1, &r);
	expect_row(t, "job_seekers_by_age", "2", "0,1,0,0,0,0,1,0,0,1,1,2,3");
	json_t *fixes = json_object_get(t, "corrections");
	int found = 0;
	size_t i;
	json_t *fix;
	json_array_foreach (fixes, i, fix)
		if (!strcmp(str(fix, "table"), "job_seekers_by_age") && !strcmp(str(fix, "row"), "2") &&
		    !strcmp(str(fix, "column"), "45-54 L")) {
			assert_int_equal(num(fix, "published"), 1);
			assert_int_equal(num(fix, "now"), 0);
			found = 1;
		}
	assert_true(found);
	response_free(&r);
	/* The same edit reaches this month's placement tables, kept since they
	 * were last read: Cahya's placement counts as a woman's now.  The
	 * vacancies, which the edit does not touch, come from what was kept and
	 * still agree. */
	t = ipk(3, &r);
	expect_row(t, "placements_by_kind", "AKL", "1,1,2,1,1");
	expect_row(t, "job_seekers_by_age", "3", "0,0,0,0,0,0,0,1,0,0,0,1,1");
	expect_row(t, "vacancies", "2", "2,1,2,5");
	expect_row(t, "vacancies", "4", "0,0,1,1");
	response_free(&r);
}

static void exports_open_in_readers(void **state)
{
	(void)state;
	struct response r;
	char path[128], type[128];
	snprintf(path, sizeof path, "/v1/statistics/ipk?month=%s&format=csv", m[2]);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_non_null(response_header(&r, "Content-Type", type, sizeof type));
	assert_non_null(strstr(type, "text/csv"));
	assert_non_null(strstr(r.body, "\"Dinas Tenaga Kerja\""));
	assert_non_null(strstr(r.body, "\"5\",\"Sisa akhir bulan ini (A-B)\",0,0,1,0,0,0,1,1,0,0,2,1,3"));
	response_free(&r);

	snprintf(path, sizeof path, "/v1/statistics/ipk?month=%s&format=xlsx", m[2]);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	char *cells = run_on_bytes("/usr/bin/python3 tests/readers/xlsx_cells.py", r.body, r.len, ".xlsx");
	assert_non_null(strstr(cells, "job_seekers_by_age!A1\tIII/1 Pencari kerja menurut golongan umur"));
	assert_non_null(strstr(cells, "job_seekers_by_age!A2\tDinas Tenaga Kerja"));
	/* Title, office, period, a blank, the header: row 5 is sheet row 12, its total in column O. */
	assert_non_null(strstr(cells, "job_seekers_by_age!A12\t5"));
	assert_non_null(strstr(cells, "job_seekers_by_age!O12\t3"));
	assert_non_null(strstr(cells, "vacancies!A6\t1"));
	free(cells);
	response_free(&r);

	snprintf(path, sizeof path, "/v1/statistics/ipk?month=%s&format=pdf", m[2]);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_memory_equal(r.body, "%PDF", 4);
	char *text = run_on_bytes("sh -c 'pdftotext -layout \"$0\" -'", r.body, r.len, ".pdf");
	assert_non_null(strstr(text, "Ikhtisar Statistik Antar Kerja"));
	assert_non_null(strstr(text, "Sisa akhir bulan ini (A-B)"));
	assert_non_null(strstr(text, "Dinas Tenaga Kerja"));
	/* The period in words: "Oktober 2026", not 2026-10. */
	static const char *const months[] = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
	                                     "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
	char period[32];
	snprintf(period, sizeof period, "%s %.4s", months[atoi(m[2] + 5) - 1], m[2]);
	assert_non_null(strstr(text, period));
	assert_non_null(strstr(text, "Halaman 2 dari "));
	free(run_on_bytes("sh -c 'mkdir -p build/screenshots && pdftoppm -r 70 -png -f 1 -l 1 -singlefile \"$0\" "
	                  "build/screenshots/report-ipk'",
	                  r.body, r.len, ".pdf"));
	free(text);
	response_free(&r);
	/* The lists an office prints: placement reports, the AK/I register. */
	assert_int_equal(call("GET", "/v1/placements?format=xlsx", officer, NULL, &r), 200);
	cells = run_on_bytes("/usr/bin/python3 tests/readers/xlsx_cells.py", r.body, r.len, ".xlsx");
	assert_non_null(strstr(cells, "placements!A1\tLaporan penempatan tenaga kerja"));
	assert_non_null(strstr(cells, "\tAni\n"));
	assert_non_null(strstr(cells, "\t3277********0001\n"));
	assert_non_null(strstr(cells, "\tPT Satu Jaya\n"));
	assert_null(strstr(cells, "3277014101990001"));
	free(cells);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/placements?format=csv", bkk, NULL, &r), 200);
	assert_non_null(strstr(r.body, "\"A**\",\"3277********0001\""));
	assert_null(strstr(r.body, "Bayu"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/cards?format=csv&state=active", officer, NULL, &r), 200);
	assert_non_null(strstr(r.body, "\"Register kartu AK/I\""));
	assert_non_null(strstr(r.body, "\"Fajar\",\"3277 000006 6\",\"3277********0006\""));
	assert_null(strstr(r.body, "Euis"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/cards?state=removed", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "items"), 0), "name"), "Euis");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/cards", company, NULL, &r), 403);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/statistics/ipk?month=%s&format=docx", m[2]);
	assert_int_equal(call("GET", path, officer, NULL, &r), 400);
	response_free(&r);
}

static void dashboard_now(void **state)
{
	(void)state;
	struct response r;
	/* Active now: Fajar (20-29 L, kecamatan 32.77.03) and Hana (45-54 P, 32.77.01). */
	assert_int_equal(call("GET", "/v1/statistics/dashboard", officer, NULL, &r), 200);
	assert_int_equal(num(json_object_get(r.json, "cards"), "active"), 2);
	json_t *active = json_object_get(r.json, "active_job_seekers");
	json_t *kecamatan = json_object_get(active, "by_kecamatan");
	assert_int_equal(json_array_size(kecamatan), 2);
	assert_string_equal(str(json_array_get(kecamatan, 0), "code"), "32.77.01");
	assert_int_equal(num(json_array_get(kecamatan, 0), "women"), 1);
	assert_int_equal(num(json_array_get(kecamatan, 1), "men"), 1);
	json_t *bps = json_object_get(active, "by_age_bps");
	assert_int_equal(json_array_size(bps), 2);
	json_t *channels = json_object_get(r.json, "placements_this_month_by_channel");
	assert_int_equal(num(channels, "lpk"), 1);
	assert_int_equal(num(channels, "job_fair"), 1);
	char *first = strdup(r.body);
	response_free(&r);
	/* A dashboard left open polls: the figures are the last computation's
	 * for dashboard_cache_s (30 s), even when something changed meanwhile. */
	char body[512];
	snprintf(body, sizeof body,
	         "{\"nik\":\"3277010101990006\",\"employer_name\":\"PT Baru\",\"employer_type\":"
	         "\"individual\",\"position\":\"Sopir\",\"location_kind\":\"kabkota\",\"location_code\":"
	         "\"32.77\",\"start_date\":\"%s\",\"channel\":\"other\"}",
	         day(3, 1));
	report(officer, body, 201, NULL);
	assert_int_equal(call("GET", "/v1/statistics/dashboard", officer, NULL, &r), 200);
	assert_string_equal(r.body, first);
	free(first);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/statistics/dashboard", bkk, NULL, &r), 403);
	response_free(&r);
	assert_true(db_integrity_ok(&d));
	assert_true(iku_counts_agree(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(register_and_placements), cmocka_unit_test(monthly_tables),
		cmocka_unit_test(closing_and_corrections), cmocka_unit_test(exports_open_in_readers),
		cmocka_unit_test(dashboard_now),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
