/* The IPK chain over generated years: 400 people with cards issued over
 * nineteen months, ended (placed, expired, removed) or placed later through
 * the placement API, all from a seeded generator.  For every month the
 * daemon's table must agree with an independent count made here from the
 * generated data: row 2 = cards issued in the month, row 3 = placed, row 4
 * = expired or removed, row 5 = cards active at the month's end, by men and
 * women; and row 1 must equal row 5 of the month before, in every table.
 * Closing a month in the middle changes none of it.
 *
 * A card ends by the earliest of its events by date, whatever the order in
 * which they were recorded (issue 17): some cards are valid for two months
 * only, so that the register enters them already expired, and half of
 * those holders were placed inside the validity through the API after the
 * import; and some placements are reported by NIK before the register that
 * holds the person's card is imported at all. */
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

#define PEOPLE 400
#define MONTHS 20 /* month 0 … 19; 19 is the current month */

static struct daemon d;
static char officer[64];
static int cur_year, cur_month;

struct person {
	int female, issued_m, issued_d, end_m, end_d; /* end_m -1: still active */
	const char *how; /* placed | expired | removed */
	int via_api; /* placed through POST /v1/placements/batch */
	int short_valid; /* valid two months: imported already expired */
	int before_card; /* placed by NIK before the register was imported */
};
static struct person people[PEOPLE];

static uint32_t seed = 20261122;
static int below(int n)
{
	seed = seed * 1103515245u + 12345u;
	return (int)((seed >> 8) % (uint32_t)n);
}

/* Month k of the window as "YYYY-MM". */
static void month_text(int k, char out[8])
{
	int months = cur_year * 12 + (cur_month - 1) - (MONTHS - 1 - k);
	snprintf(out, 8, "%04u-%02u", (unsigned)(months / 12) % 10000u, (unsigned)(months % 12 + 1) % 100u);
}

static void date_text(int k, int day, char out[11])
{
	char m[8];
	month_text(k, m);
	snprintf(out, 11, "%s-%02u", m, (unsigned)day % 100u);
}

static void generate(void)
{
	for (int i = 0; i < PEOPLE; i++) {
		struct person *p = &people[i];
		p->female = below(100) < 48;
		p->issued_m = below(MONTHS - 1); /* never this month: every date is in the past */
		p->issued_d = 1 + below(28);
		p->end_m = -1;
		int fate = below(100);
		if (fate < 45 && p->issued_m < MONTHS - 2) {
			p->end_m = p->issued_m + below(MONTHS - 1 - p->issued_m);
			p->end_d = p->end_m == p->issued_m ? p->issued_d + below(29 - p->issued_d) : 1 + below(28);
			p->how = fate < 25 ? "placed" : fate < 35 ? "expired" : "removed";
			/* Some placements come later through the API instead of the register,
			 * some of them before the register itself. */
			p->via_api = !strcmp(p->how, "placed") && below(2);
			p->before_card = p->via_api && below(2);
		} else if (fate < 55 && p->issued_m < MONTHS - 4) {
			/* Valid two months: expired by then, unless placed inside them. */
			p->short_valid = 1;
			p->issued_d = 1 + below(28);
			if (below(2)) {
				p->end_m = p->issued_m + 1;
				p->end_d = 1 + below(28);
				p->how = "placed";
				p->via_api = 1;
			} else {
				p->end_m = p->issued_m + 2;
				p->end_d = p->issued_d;
				p->how = "expired";
			}
		}
	}
}

static void nik_text(int i, char out[17])
{
	snprintf(out, 17, "327701%02u01%02u%04u", (unsigned)(1 + i % 28) % 100u, (unsigned)(80 + i % 20) % 100u,
	         (unsigned)i % 10000u);
}

/* The placements of the people with via_api and before_card as given. */
static void report_placements(int before_card)
{
	json_t *batch = json_array();
	for (int i = 0; i < PEOPLE; i++) {
		const struct person *p = &people[i];
		if (!p->via_api || p->before_card != before_card)
			continue;
		char start[11], number[32], nik[17];
		date_text(p->end_m, p->end_d, start);
		snprintf(number, sizeof number, "3277 %06d 1", i);
		nik_text(i, nik);
		json_array_append_new(batch,
		                      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		                                before_card ? "nik" : "card_number", before_card ? nik : number,
		                                "employer_name", "PT Contoh", "employer_type", "private_company",
		                                "position", "Operator", "location_kind", "kabkota", "location_code",
		                                "32.77", "start_date", start, "channel", "job_fair"));
	}
	json_t *request = json_pack("{s:o}", "placements", batch);
	char *body = json_dumps(request, JSON_COMPACT);
	json_decref(request);
	struct response r;
	assert_int_equal(http_call(&d, "POST", "/v1/placements/batch", officer, body, NULL, &r), 0);
	free(body);
	if (r.status != 200)
		fail_msg("%s", r.body);
	response_free(&r);
}

static long long cell(json_t *report, const char *key, const char *row, int col_from_end)
{
	size_t i, j;
	json_t *t, *r;
	json_array_foreach (json_object_get(report, "tables"), i, t) {
		if (strcmp(json_string_value(json_object_get(t, "key")), key))
			continue;
		json_array_foreach (json_object_get(t, "rows"), j, r) {
			if (strcmp(json_string_value(json_object_get(r, "row")), row))
				continue;
			json_t *values = json_object_get(r, "values");
			return json_integer_value(
				json_array_get(values, json_array_size(values) - (size_t)col_from_end));
		}
	}
	fail_msg("no %s row %s", key, row);
	return -1;
}

static json_t *ipk(int k, struct response *r)
{
	char path[96], m[8];
	month_text(k, m);
	snprintf(path, sizeof path, "/v1/statistics/ipk?month=%s", m);
	assert_int_equal(http_call(&d, "GET", path, officer, NULL, NULL, r), 0);
	assert_int_equal(r->status, 200);
	return r->json;
}

/* What the register says of month k, counted here: {men, women}. */
static void oracle(int k, long long in[2], long long placed[2], long long removed[2], long long active[2])
{
	memset(in, 0, 2 * sizeof *in);
	memset(placed, 0, 2 * sizeof *placed);
	memset(removed, 0, 2 * sizeof *removed);
	memset(active, 0, 2 * sizeof *active);
	for (int i = 0; i < PEOPLE; i++) {
		const struct person *p = &people[i];
		int g = p->female;
		in[g] += p->issued_m == k;
		if (p->end_m == k)
			(strcmp(p->how, "placed") ? removed : placed)[g]++;
		active[g] += p->issued_m <= k && (p->end_m < 0 || p->end_m > k);
	}
}

static void check_every_month(void)
{
	long long prev5[4][3] = {{0}};
	static const char *const keys[] = {"job_seekers_by_age", "job_seekers_by_education", "job_seekers_by_kbji",
	                                   "vacancies"};
	for (int k = 0; k < MONTHS; k++) {
		struct response r;
		json_t *t = ipk(k, &r);
		long long in[2], placed[2], removed[2], active[2];
		oracle(k, in, placed, removed, active);
		for (int g = 0; g < 2; g++) {
			/* Columns from the end: Jumlah (1), Jumlah P (2), Jumlah L (3). */
			int col = g ? 2 : 3;
			assert_int_equal(cell(t, "job_seekers_by_age", "2", col), in[g]);
			assert_int_equal(cell(t, "job_seekers_by_age", "3", col), placed[g]);
			assert_int_equal(cell(t, "job_seekers_by_age", "4", col), removed[g]);
			assert_int_equal(cell(t, "job_seekers_by_age", "5", col), active[g]);
			assert_int_equal(cell(t, "job_seekers_by_education", "5", col), active[g]);
			assert_int_equal(cell(t, "job_seekers_by_kbji", "5", col), active[g]);
		}
		for (int key = 0; key < 4; key++)
			for (int c = 1; c <= 3; c++) {
				if (k > 0)
					assert_int_equal(cell(t, keys[key], "1", c), prev5[key][c - 1]);
				prev5[key][c - 1] = cell(t, keys[key], "5", c);
			}
		response_free(&r);
	}
}

static int setup(void **state)
{
	(void)state;
	time_t now = time(NULL) + 7 * 3600;
	struct tm tm;
	gmtime_r(&now, &tm);
	cur_year = tm.tm_year + 1900;
	cur_month = tm.tm_mon + 1;
	generate();
	return daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static void generated_register(void **state)
{
	(void)state;
	size_t cap = 128 * PEOPLE, n = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	n += (size_t)snprintf(csv + n, cap - n,
	                      "nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,"
	                      "kelurahan_code,education_level,card_number,issued_on,valid_until,state,"
	                      "ended_on,end_reason\n");
	report_placements(1);
	for (int i = 0; i < PEOPLE; i++) {
		const struct person *p = &people[i];
		char issued[11], ended[11] = "", valid[11] = "", nik[17];
		date_text(p->issued_m, p->issued_d, issued);
		if (p->short_valid)
			date_text(p->issued_m + 2, p->issued_d, valid);
		/* Short cards are entered as the register has them: "active", which
		 * the import records as expired on their last valid day. */
		int ended_in_register = p->end_m >= 0 && !p->via_api && !p->short_valid;
		if (ended_in_register)
			date_text(p->end_m, p->end_d, ended);
		nik_text(i, nik);
		n += (size_t)snprintf(csv + n, cap - n,
		                      "%s,Orang %d,Cimahi,%u-01-01,%s,Jl. %d,32.77.01,"
		                      "32.77.01.1001,%s,3277 %06d 1,%s,%s,%s,%s,%s\n",
		                      nik, i, (unsigned)(cur_year - 20 - i % 40), p->female ? "F" : "M", i,
		                      i % 3 ? "sma" : "smk", i, issued, valid,
		                      ended_in_register ? (!strcmp(p->how, "removed") ? "removed" : p->how) : "active",
		                      ended, ended_in_register && !strcmp(p->how, "removed") ? "moved" : "");
	}
	struct response r;
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, csv, n, "text/csv", &r), 0);
	if (r.status != 200)
		fail_msg("%s", r.body);
	assert_int_equal(json_integer_value(json_object_get(r.json, "imported")), PEOPLE);
	response_free(&r);
	free(csv);

	/* The later placements, as one batch from an officer. */
	report_placements(0);
	assert_true(iku_counts_agree(&d));
	/* Every placement of a card holder is linked to the card held that day,
	 * and every card ends as the oracle says. */
	int shorts = 0, before = 0;
	for (int i = 0; i < PEOPLE; i++) {
		shorts += people[i].short_valid && people[i].via_api;
		before += people[i].before_card;
	}
	assert_true(shorts >= 5 && before >= 5);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM placement WHERE card_id IS NULL"), 0);
	long long placed = 0;
	for (int i = 0; i < PEOPLE; i++)
		placed += people[i].end_m >= 0 && !strcmp(people[i].how, "placed");
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card WHERE state = 'placed'"), placed);
}

static void every_month_agrees(void **state)
{
	(void)state;
	check_every_month();
	/* Close a month in the middle: the published months and the chain after
	 * them are the same numbers. */
	char body[64], m[8];
	month_text(MONTHS / 2, m);
	snprintf(body, sizeof body, "{\"month\":\"%s\"}", m);
	struct response r;
	assert_int_equal(http_call(&d, "POST", "/v1/statistics/ipk/closures", officer, body, NULL, &r), 0);
	assert_int_equal(r.status, 201);
	response_free(&r);
	check_every_month();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generated_register),
		cmocka_unit_test(every_month_agrees),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
