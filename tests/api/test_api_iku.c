/* The yearly indicators (IKU) against a real daemon, on a world built
 * through the API and worked out by hand:
 *   ten AK/I cards issued this year (and one last year, which does not count);
 *   placements: four card holders (one of them twice) and one person the
 *   office never registered: 6 events, 5 persons, 4 card holders;
 *   one office training: three people trained, two assessed competent.
 * So: placement rate 4/10 = 40,00%; trained share 3/10 = 30,00%;
 * competency share 2/3 = 66,67% (66,666… rounds half up); placements 6.
 * Targets 35, 30, 70,5 and 8 give capaian 114,29%, 100,00%, 94,56%
 * (66,666… / 70,5 × 100 = 94,562…) and 75,00%; with iku_capaian_from =
 * printed the competency capaian is 94,57% (66,67 / 70,5 × 100 = 94,567…). */
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
/* The office as its reports' letterhead and signature show it. */
static const char *const office[] = {"-o", "office_name=Dinas Tenaga Kerja Kota Cimahi",
                                     "-o", "office_address=Jl. Demang Hardjakusumah, Cimahi 40512",
                                     "-o", "office_city=Cimahi",
                                     "-o", "office_head_name=Drs. Asep Sutisna, M.Si.",
                                     "-o", "office_head_nip=196805121994031007",
                                     NULL};
static char officer[64], company[64], bkk[64], lpk[64];
static char today[11];
static int year_now;

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static void organisation(const char *token, const char *name)
{
	assert_int_equal(organisation_ready(&d, officer, token, name, "private_company"), 0);
}

static void place(const char *token, const char *nik, const char *employer, const char *channel)
{
	struct response r;
	char body[1024];
	snprintf(
		body, sizeof body,
		"{\"nik\":\"%s\",\"employer_name\":\"%s\",\"employer_type\":\"private_company\",\"position\":\"Operator\","
		"\"location_kind\":\"kabkota\",\"location_code\":\"32.77\",\"start_date\":\"%04d-01-02\"%s%s%s}",
		nik, employer, year_now, channel ? ",\"channel\":\"" : "", channel ? channel : "", channel ? "\"" : "");
	assert_int_equal(call("POST", "/v1/placements", token, body, &r), 201);
	response_free(&r);
}

static json_t *indicator(json_t *iku, const char *key)
{
	size_t i;
	json_t *x;
	json_array_foreach (json_object_get(iku, "indicators"), i, x)
		if (!strcmp(str(x, "key"), key))
			return x;
	fail_msg("no indicator %s", key);
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	time_t t = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	year_now = tm.tm_year + 1900;
	if (daemon_start(&d, office) < 0 || !officer_ready(&d, officer) ||
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

static void build_world(void **state)
{
	(void)state;
	struct response r;
	organisation(company, "PT Garmen Sejahtera");
	organisation(bkk, "BKK SMK Negeri 1");
	organisation(lpk, "LPK Terampil Mandiri");
	/* Eleven cards: ten this year, one last year. */
	char csv[4096];
	size_t n = (size_t)snprintf(csv, sizeof csv,
	                            "nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,"
	                            "kelurahan_code,education_level,card_number,issued_on\n");
	for (int i = 1; i <= 11; i++)
		n += (size_t)snprintf(
			csv + n, sizeof csv - n,
			"32770101019500%02d,Orang %d,Cimahi,1995-01-01,M,Jl. %d,32.77.01,32.77.01.1001,sma,"
			"3277 0001%02d 1,%04d-01-01\n",
			i, i, i, i, i == 11 ? year_now - 1 : year_now);
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, csv, n, "text/csv", &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(num(r.json, "imported"), 11);
	response_free(&r);
	place(bkk, "3277010101950001", "PT Satu", NULL);
	place(company, "3277010101950002", "-", NULL);
	place(lpk, "3277010101950003", "PT Tiga", NULL);
	place(officer, "3277010101950004", "PT Empat", "training");
	place(officer, "3277010101950004", "PT Lima", "job_fair");
	place(officer, "3277015506900009", "Syarikat Maju", "cpmi");
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM placement"), 6);

	/* Three people trained in one office training, two competent. */
	char tokens[3][64], body[2048], path[128];
	long long enrolments[3];
	for (int i = 0; i < 3; i++) {
		char email[64], nik[17], profile[1024];
		snprintf(email, sizeof email, "peserta%d@example.id", i);
		snprintf(nik, sizeof nik, "327701020296%04d", i + 1);
		assert_non_null(account_ready(&d, "seeker", email, "rahasia-kerja-1", "Peserta", nik, tokens[i]));
		snprintf(
			profile, sizeof profile,
			"{\"full_name\":\"Peserta %d\",\"birth_place\":\"Cimahi\",\"birth_date\":\"1996-02-02\",\"gender\":\"F\","
			"\"marital_status\":\"belum_kawin\",\"religion\":\"islam\",\"address\":\"Jl. Baros 1\","
			"\"kecamatan_code\":\"32.77.01\",\"kelurahan_code\":\"32.77.01.1001\",\"education_level\":\"smk\",\"phone\":\"081222334455\"}",
			i);
		assert_int_equal(call("PUT", "/v1/me/profile", tokens[i], profile, &r), 200);
		response_free(&r);
	}
	snprintf(
		body, sizeof body,
		"{\"title\":\"Menjahit\",\"vocation\":\"Menjahit\",\"description\":\"Pelatihan menjahit pakaian satu hari "
		"dengan uji kompetensi.\",\"funding\":\"apbd\",\"quota\":5,\"sessions\":1,\"start_date\":\"%s\","
		"\"end_date\":\"%s\",\"registration_opens\":\"%s\",\"registration_closes\":\"%s\",\"location\":\"BLK\"}",
		today, today, today, today);
	assert_int_equal(call("POST", "/v1/trainings", officer, body, &r), 201);
	long long training = num(r.json, "id");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/trainings/%lld/state", training);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"open\"}", &r), 200);
	response_free(&r);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "/v1/trainings/%lld/enrolments", training);
		assert_int_equal(call("POST", path, tokens[i], NULL, &r), 201);
		enrolments[i] = num(r.json, "id");
		response_free(&r);
		snprintf(path, sizeof path, "/v1/enrolments/%lld/decision", enrolments[i]);
		assert_int_equal(call("POST", path, officer, "{\"state\":\"accepted\"}", &r), 200);
		response_free(&r);
	}
	snprintf(path, sizeof path, "/v1/trainings/%lld/state", training);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"running\"}", &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/trainings/%lld/attendance", training);
	snprintf(body, sizeof body, "{\"session\":1,\"present\":[%lld,%lld,%lld]}", enrolments[0], enrolments[1],
	         enrolments[2]);
	assert_int_equal(call("POST", path, officer, body, &r), 200);
	response_free(&r);
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "/v1/enrolments/%lld/result", enrolments[i]);
		assert_int_equal(call("POST", path, officer,
		                      i < 2 ? "{\"completion\":\"completed\",\"competency\":\"competent\"}"
		                            : "{\"completion\":\"completed\",\"competency\":\"not_yet_competent\"}",
		                      &r),
		                 200);
		response_free(&r);
	}
	snprintf(path, sizeof path, "/v1/trainings/%lld/state", training);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"finished\"}", &r), 200);
	response_free(&r);
}

static void indicators_by_hand(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%d", year_now);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(num(r.json, "registrations"), 10);
	json_t *rate = indicator(r.json, "placement_rate");
	assert_int_equal(num(rate, "numerator"), 4);
	assert_int_equal(num(rate, "denominator"), 10);
	assert_string_equal(str(rate, "value"), "40.00");
	assert_string_equal(str(rate, "display"), "40,00%");
	assert_true(json_is_null(json_object_get(rate, "target")));
	json_t *trained = indicator(r.json, "trained_share");
	assert_int_equal(num(trained, "numerator"), 3);
	assert_string_equal(str(trained, "value"), "30.00");
	json_t *competency = indicator(r.json, "competency_share");
	assert_int_equal(num(competency, "numerator"), 2);
	assert_int_equal(num(competency, "denominator"), 3);
	assert_string_equal(str(competency, "value"), "66.67");
	json_t *events = indicator(r.json, "placements");
	assert_int_equal(num(events, "value"), 6);
	assert_int_equal(num(events, "distinct_persons"), 5);
	assert_int_equal(num(events, "without_card"), 1);
	json_t *channels = json_object_get(events, "by_channel");
	assert_int_equal(num(channels, "bkk"), 1);
	assert_int_equal(num(channels, "company_report"), 1);
	assert_int_equal(num(channels, "lpk"), 1);
	assert_int_equal(num(channels, "training"), 1);
	assert_int_equal(num(channels, "job_fair"), 1);
	assert_int_equal(num(channels, "cpmi"), 1);
	assert_int_equal(num(channels, "app_vacancy"), 0);
	response_free(&r);

	/* Targets: refused when not a decimal with two places at most. */
	snprintf(path, sizeof path, "/v1/statistics/iku/targets/%d", year_now);
	assert_int_equal(call("PUT", path, officer, "{\"placement_rate\":\"35.123\"}", &r), 422);
	response_free(&r);
	assert_int_equal(call("PUT", path, officer, "{\"placement_rate\":\"-5\"}", &r), 422);
	response_free(&r);
	assert_int_equal(call("PUT", path, officer, "{\"placement_rate\":35}", &r), 400);
	response_free(&r);
	assert_int_equal(call("PUT", path, company, "{\"placement_rate\":\"35\"}", &r), 403);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM iku_target"), 0);
	assert_int_equal(call("PUT", path, officer,
	                      "{\"placement_rate\":\"35\",\"trained_share\":\"30\","
	                      "\"competency_share\":\"70,5\",\"placements\":\"8\"}",
	                      &r),
	                 200);
	assert_string_equal(str(indicator(r.json, "placement_rate"), "capaian"), "114.29");
	assert_string_equal(str(indicator(r.json, "placement_rate"), "capaian_display"), "114,29%");
	assert_string_equal(str(indicator(r.json, "trained_share"), "capaian"), "100.00");
	assert_string_equal(str(indicator(r.json, "competency_share"), "target"), "70.50");
	assert_string_equal(str(indicator(r.json, "competency_share"), "capaian"), "94.56");
	assert_int_equal(num(indicator(r.json, "competency_share"), "numerator"), 2);
	assert_int_equal(num(indicator(r.json, "competency_share"), "denominator"), 3);
	assert_string_equal(str(indicator(r.json, "placements"), "capaian"), "75.00");
	assert_string_equal(str(r.json, "capaian_from"), "exact");
	response_free(&r);

	/* An office that divides the realisation as printed. */
	const char *const printed[] = {"-o", "iku_capaian_from=printed", NULL};
	assert_int_equal(daemon_restart(&d, printed), 0);
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%d", year_now);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_string_equal(str(r.json, "capaian_from"), "printed");
	assert_string_equal(str(indicator(r.json, "competency_share"), "capaian"), "94.57");
	assert_string_equal(str(indicator(r.json, "placement_rate"), "capaian"), "114.29");
	response_free(&r);
	assert_int_equal(daemon_restart(&d, office), 0); /* sessions live in the store: tokens still work */

	/* Last year: one card, nothing else. */
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%d", year_now - 1);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(num(r.json, "registrations"), 1);
	assert_string_equal(str(indicator(r.json, "placement_rate"), "value"), "0.00");
	assert_true(json_is_null(json_object_get(indicator(r.json, "competency_share"), "value")));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/statistics/iku?year=19x9", officer, NULL, &r), 400);
	response_free(&r);
	assert_true(iku_counts_agree(&d));
}

static void exports(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%d&format=xlsx", year_now);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	char *cells = run_on_bytes("/usr/bin/python3 tests/readers/xlsx_cells.py", r.body, r.len, ".xlsx");
	assert_non_null(strstr(cells, "iku!A1\tIndikator Kinerja Utama"));
	assert_non_null(strstr(cells, "iku!B6\tPersentase pencari kerja terdaftar yang ditempatkan"));
	assert_non_null(strstr(cells, "iku!C6\t4"));
	assert_non_null(strstr(cells, "iku!D6\t10"));
	/* Numbers as numbers a spreadsheet sums, with their format. */
	assert_non_null(strstr(cells, "iku!E6\t0.4\t0.00%\n"));
	assert_non_null(strstr(cells, "iku!G6\t1.1429\t0.00%\n"));
	assert_non_null(strstr(cells, "iku!E8\t0.6667\t0.00%\n"));
	assert_non_null(strstr(cells, "iku!C6\t4\t#,##0\n"));
	/* Channels by their names, not their codes. */
	assert_non_null(strstr(cells, "placements_by_channel!B"));
	assert_non_null(strstr(cells, "\tLowongan di aplikasi\n"));
	assert_null(strstr(cells, "\tapp_vacancy\n"));
	free(cells);
	char *widths = run_on_bytes("/usr/bin/python3 tests/readers/xlsx_cells.py --widths", r.body, r.len, ".xlsx");
	/* Column B holds the indicators' names: as wide as the longest, capped. */
	assert_non_null(strstr(widths, "iku!B\t"));
	assert_true(atof(strstr(widths, "iku!B\t") + 6) >= 40);
	free(widths);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%d&format=pdf", year_now);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	char *text = run_on_bytes("sh -c 'pdftotext -layout \"$0\" -'", r.body, r.len, ".pdf");
	assert_non_null(strstr(text, "Indikator Kinerja Utama"));
	assert_non_null(strstr(text, "94,56%"));
	/* An official document: letterhead, period in words, the names whole,
	 * labels not codes, one decimal comma, page numbers, the signature. */
	assert_non_null(strstr(text, "Dinas Tenaga Kerja Kota Cimahi"));
	assert_non_null(strstr(text, "Jl. Demang Hardjakusumah, Cimahi 40512"));
	char year_words[16];
	snprintf(year_words, sizeof year_words, "Tahun %d", year_now);
	assert_non_null(strstr(text, year_words));
	assert_non_null(strstr(text, "Persentase pencari kerja terdaftar"));
	assert_non_null(strstr(text, "Lowongan di aplikasi"));
	assert_null(strstr(text, "app_vacancy"));
	assert_null(strstr(text, "60.00"));
	assert_non_null(strstr(text, "Halaman 1 dari "));
	assert_non_null(strstr(text, "Cimahi, "));
	assert_non_null(strstr(text, "Kepala Dinas Tenaga Kerja Kota Cimahi"));
	assert_non_null(strstr(text, "Drs. Asep Sutisna, M.Si."));
	assert_non_null(strstr(text, "NIP 196805121994031007"));
	free(text);
	/* The font is embedded, so every glyph prints as meant. */
	char *fonts = run_on_bytes("pdffonts", r.body, r.len, ".pdf");
	assert_non_null(strstr(fonts, "DejaVuSans"));
	assert_null(strstr(fonts, "Helvetica"));
	free(fonts);
	/* A rendered page for the README. */
	free(run_on_bytes("sh -c 'mkdir -p build/screenshots && pdftoppm -r 70 -png -f 1 -l 1 -singlefile \"$0\" "
	                  "build/screenshots/report-iku'",
	                  r.body, r.len, ".pdf"));
	response_free(&r);
}

/* The placement counts are kept by triggers: an operator's edit of a
 * placement's year, channel, card or person, or its removal, moves them as
 * a recount would (the API itself only adds placements and anonymises). */
static void counts_follow_edits(void **state)
{
	(void)state;
	static const char *const edits[] = {
		"UPDATE placement SET start_date = date(start_date, '-1 year') WHERE id = (SELECT min(id) FROM placement)",
		"UPDATE placement SET channel = 'other' WHERE id = (SELECT max(id) FROM placement)",
		"UPDATE placement SET card_id = NULL WHERE id = (SELECT min(id) FROM placement WHERE card_id IS NOT NULL)",
		"UPDATE placement SET person_index = (SELECT person_index FROM placement ORDER BY id LIMIT 1) "
		"WHERE id = (SELECT max(id) FROM placement)",
		"UPDATE placement SET seeker_id = NULL, card_id = NULL WHERE id = (SELECT max(id) FROM placement "
		"WHERE seeker_id IS NOT NULL)",
		"DELETE FROM placement WHERE id = (SELECT max(id) FROM placement)",
		"DELETE FROM placement",
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		assert_true(db_exec(&d, edits[i]) >= 0);
		if (!iku_counts_agree(&d))
			fail_msg("after %s", edits[i]);
	}
	struct response r;
	char path[64];
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%d", year_now);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	json_t *placements = indicator(r.json, "placements");
	assert_int_equal(num(placements, "distinct_persons"), 0);
	assert_int_equal(num(placements, "without_card"), 0);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build_world),
		cmocka_unit_test(indicators_by_hand),
		cmocka_unit_test(exports),
		cmocka_unit_test(counts_follow_edits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
