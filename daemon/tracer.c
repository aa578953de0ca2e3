/* Tracer study (studi pelacakan alumni): 6 and 12 months after a training
 * ends, or after a BKK's graduates leave school, each alumnus with an
 * account gets a short survey — working, further study, self-employed or
 * still looking (the "BMW" categories), employer, wage band, relevance of
 * what they learned.  LPK and BKK see the response rates and outcomes of
 * their own cohorts, the office sees all.
 *
 * A survey is issued only while its wave is current (wave 6: 6-12 months
 * after, wave 12: 12-18 months after), so entering old cohorts never sends
 * stale questions; graduates who register later still get the wave that
 * is current then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "config.h"
#include "crypto.h"
#include "dates.h"
#include "csv_upload.h"
#include "export.h"
#include "http.h"
#include "iku.h"
#include "list.h"
#include "nik.h"
#include "notification.h"
#include "server.h"
#include "store.h"
#include "tracer.h"
#include "tracer_store.h"
#include "validate.h"

#define GRADUATES_MAX 2000

static const char *const outcomes[] = {"working", "further_study", "self_employed", "looking", NULL};
static const char *const wage_bands[] = {"below_1m", "1m_to_3m", "3m_to_5m", "above_5m", NULL};
static const char *const relevances[] = {"very_relevant", "relevant", "somewhat_relevant", "not_relevant", NULL};

/* ---- issuing surveys (the daily job) ---- */

/* ---- BKK graduates ---- */

struct graduates_state {
	char graduated_on[DATE_LEN + 1];
	int n, added;
	unsigned char (*index)[DIGEST_BYTES];
	char (*major)[101];
};

static void graduates_state_free(void *p)
{
	struct graduates_state *st = p;
	if (st) {
		free(st->index);
		free(st->major);
	}
	free(st);
}

static int graduates_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct graduates_state *st = r->state;
	int64_t now = now_seconds();
	for (int i = 0; i < st->n; i++) {
		int n = tracer_store_add_graduate(db, r->who.account_id, st->index[i], st->graduated_on,
		                                  st->major[i][0] ? st->major[i] : NULL, now);
		if (n < 0)
			return WRITE_STORE_ERROR;
		st->added += n;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"graduates\":%d,\"added\":%d}", st->n, st->added);
	return audit_record(db, r->who.account_id, "bkk_graduate.report", "account", r->who.account_id, detail, now) < 0
		? WRITE_STORE_ERROR
		: WRITE_OK;
}

static void graduates_written(struct req *r, int result)
{
	struct graduates_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200,
	          json_pack("{s:s, s:i, s:i, s:i}", "graduated_on", st->graduated_on, "graduates", st->n, "added",
	                    st->added, "already_reported", st->n - st->added));
}

static const struct field_spec graduates_fields[] = {
	{"graduated_on", FIELD_STRING, 1, DATE_LEN},
	{"graduates", FIELD_ARRAY, 1, GRADUATES_MAX},
	{NULL, 0, 0, 0},
};
static const struct field_spec graduate_fields[] = {
	{"nik", FIELD_STRING, 1, 16},
	{"major", FIELD_STRING, 0, 100},
	{NULL, 0, 0, 0},
};

/* POST /v1/bkk/graduates {"graduated_on", "graduates": [{"nik", "major"}]}:
 * all rows or none; every bad row is named.  A graduate reported again is
 * not stored twice.  Only a verified BKK gets here (ROUTE_VERIFIED_ORG). */
void tracer_report_graduates(struct req *r)
{
	if (req_body_check(r, graduates_fields) < 0)
		return;
	struct date on, today = date_today(r->srv->cfg->utc_offset_minutes);
	const char *date = body_str(r->body, "graduated_on");
	if (date_parse(date, &on) < 0 || date_compare(on, today) > 0 ||
	    date_compare(on, date_add_months(today, -60)) < 0) {
		req_fail(r, ERR_DATE_INVALID, "graduated_on");
		return;
	}
	json_t *rows = json_object_get(r->body, "graduates");
	size_t n = json_array_size(rows);
	if (n == 0) {
		req_fail(r, ERR_FIELD_INVALID, "graduates");
		return;
	}
	struct graduates_state *st = req_state_new(r, sizeof *st, graduates_state_free);
	if (!st)
		return;
	st->index = calloc(n, sizeof *st->index);
	st->major = calloc(n, sizeof *st->major);
	json_t *errors = json_array();
	if (!st->index || !st->major || !errors) {
		json_decref(errors);
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	size_t i;
	json_t *row;
	json_array_foreach (rows, i, row) {
		struct body_error err;
		const char *problem = NULL, *field = NULL;
		if (body_check(row, graduate_fields, &err) < 0) {
			problem = error_code(err.code);
			field = err.field;
		} else if (nik_valid_format(body_str(row, "nik")) < 0) {
			problem = error_code(ERR_NIK_INVALID);
			field = "nik";
		} else if (body_str(row, "major") && valid_text(body_str(row, "major"), 100) < 0) {
			problem = error_code(ERR_FIELD_INVALID);
			field = "major";
		}
		if (problem) {
			/* The row by its position only: a NIK is never echoed back. */
			json_array_append_new(
				errors,
				json_pack("{s:i, s:s, s:s?}", "row", (int)i + 1, "code", problem, "field", field));
			continue;
		}
		nik_blind_index(&r->srv->keys, body_str(row, "nik"), st->index[i]);
		snprintf(st->major[i], sizeof st->major[i], "%s", body_str(row, "major") ? body_str(row, "major") : "");
	}
	if (json_array_size(errors)) {
		import_refuse(r, json_pack("{s:o}", "errors", errors));
		return;
	}
	json_decref(errors);
	st->n = (int)n;
	date_format(on, st->graduated_on);
	req_write(r, graduates_write, graduates_written);
}

/* ---- the alumni's side ---- */

void tracer_list_own(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	json_t *items = tracer_store_own(r->srv->reader, r->who.account_id, page.cursor, page.limit + 1);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

struct answer_state {
	int64_t id;
	char outcome[16], wage_band[12], relevance[20], employer[151];
	int refusal;
};

static int answer_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct answer_state *st = r->state;
	int64_t now = now_seconds();
	struct tracer_answer a = {st->outcome, st->employer, st->wage_band, st->relevance};
	enum store_result rc = tracer_store_answer(db, st->id, r->who.account_id, &a, now);
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_ALREADY_ANSWERED; /* a second answer raced the first */
		return WRITE_REFUSED;
	}
	return rc < 0 || audit_record(db, r->who.account_id, "tracer.answer", "tracer_survey", st->id, NULL, now) < 0
		? WRITE_STORE_ERROR
		: WRITE_OK;
}

static void answered(struct req *r, int result)
{
	struct answer_state *st = r->state;
	json_t *s = NULL;
	int done;
	if (result != WRITE_OK || tracer_store_own_survey(r->srv->reader, st->id, r->who.account_id, &s, &done) != 1) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, s);
}

static const struct field_spec answer_fields[] = {
	{"outcome", FIELD_STRING, 1, 16},
	{"employer", FIELD_STRING, 0, 150},
	{"wage_band", FIELD_STRING, 0, 12},
	{"relevance", FIELD_STRING, 1, 20},
	{NULL, 0, 0, 0},
};

/* POST /v1/me/tracer-surveys/{id} {"outcome", "employer", "wage_band",
 * "relevance"}: once.  Employer and wage band belong to work (working or
 * self-employed) and are required there; relevance always. */
void tracer_answer(struct req *r)
{
	if (req_body_check(r, answer_fields) < 0)
		return;
	const char *outcome = body_str(r->body, "outcome"), *employer = body_str(r->body, "employer"),
		   *wage = body_str(r->body, "wage_band"), *relevance = body_str(r->body, "relevance");
	int works = outcome && (!strcmp(outcome, "working") || !strcmp(outcome, "self_employed"));
	const char *bad = !valid_choice(outcome, outcomes)                                    ? "outcome"
		: !valid_choice(relevance, relevances)                                        ? "relevance"
		: works && !valid_choice(wage, wage_bands)                                    ? "wage_band"
		: !works && wage                                                              ? "wage_band"
		: !strcmp(outcome, "working") && (!employer || valid_text(employer, 150) < 0) ? "employer"
		: strcmp(outcome, "working") && employer                                      ? "employer"
											      : NULL;
	if (bad) {
		req_fail(r, ERR_FIELD_INVALID, bad);
		return;
	}
	struct answer_state *st = req_state_new(r, sizeof *st, NULL);
	if (!st)
		return;
	st->id = req_param_id(r, 0);
	int done = 0,
	    found = st->id > 0 ? tracer_store_own_survey(r->srv->reader, st->id, r->who.account_id, NULL, &done) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (done) {
		req_fail(r, ERR_ALREADY_ANSWERED, NULL);
		return;
	}
	snprintf(st->outcome, sizeof st->outcome, "%s", outcome);
	snprintf(st->relevance, sizeof st->relevance, "%s", relevance);
	snprintf(st->wage_band, sizeof st->wage_band, "%s", wage ? wage : "");
	snprintf(st->employer, sizeof st->employer, "%s", employer ? employer : "");
	req_write(r, answer_write, answered);
}

/* ---- cohorts ---- */

static json_t *share(int64_t num, int64_t den)
{
	char value[32];
	if (!den)
		return json_pack("{s:I, s:I, s:n}", "numerator", (json_int_t)num, "denominator", (json_int_t)den,
		                 "percent");
	iku_format(iku_percent_hundredths(num, den), '.', value);
	return json_pack("{s:I, s:I, s:s}", "numerator", (json_int_t)num, "denominator", (json_int_t)den, "percent",
	                 value);
}

static json_t *id_or_null(const struct store_row *row, int col)
{
	return store_row_is_null(row, col) ? json_null() : json_integer(store_row_int64(row, col));
}

struct cohorts {
	json_t *items;
	int64_t totals[3]; /* surveys, answers, working or studying or self-employed */
};

/* One cohort and wave (columns: tracer_store.h). */
static void add_cohort(const struct store_row *row, void *arg)
{
	struct cohorts *l = arg;
	int64_t surveys = store_row_int64(row, 7), answers = store_row_int64(row, 8);
	int64_t working = store_row_int64(row, 9), study = store_row_int64(row, 10), self = store_row_int64(row, 11),
		looking = store_row_int64(row, 12);
	l->totals[0] += surveys;
	l->totals[1] += answers;
	l->totals[2] += working + study + self;
	json_t *c = json_pack(
		"{s:s, s:s, s:i, s:s, s:I, s:I, s:I, s:o, s:{s:I, s:I, s:I, s:I}, s:o, s:o}", "kind",
		store_row_text(row, 0), "cohort_date", store_row_text(row, 3), "wave", (int)store_row_int64(row, 4),
		"name", store_row_text(row, 5), "alumni", (json_int_t)store_row_int64(row, 6), "surveys",
		(json_int_t)surveys, "answered", (json_int_t)answers, "response_rate", share(answers, surveys),
		"outcomes", "working", (json_int_t)working, "further_study", (json_int_t)study, "self_employed",
		(json_int_t)self, "looking", (json_int_t)looking, "bmw_rate", share(working + study + self, answers),
		"relevant_rate", share(store_row_int64(row, 13), answers));
	json_object_set_new(c, "training_id", id_or_null(row, 1));
	json_object_set_new(c, "organisation_id", id_or_null(row, 2));
	json_array_append_new(l->items, c);
}

/* The cohorts as the file a BKK or LPK files with its accreditation. */
static void reply_cohorts_file(struct req *r, const char *format, json_t *items)
{
	static const struct export_column columns[] = {
		{"name", "Angkatan", NULL},
		{"cohort_date", "Tanggal", NULL},
		{"wave", "Bulan ke", NULL},
		{"alumni", "Alumni", NULL},
		{"surveys", "Survei", NULL},
		{"answered", "Menjawab", NULL},
		{"response_rate.percent", "Tingkat respons (%)", NULL},
		{"outcomes.working", "Bekerja", NULL},
		{"outcomes.further_study", "Melanjutkan", NULL},
		{"outcomes.self_employed", "Wirausaha", NULL},
		{"outcomes.looking", "Mencari kerja", NULL},
		{"bmw_rate.percent", "BMW (%)", NULL},
		{"relevant_rate.percent", "Relevan (%)", NULL},
		{NULL, NULL, NULL},
	};
	export_list_reply(r, format, "Studi pelacakan alumni", "Semua angkatan", "cohorts",
	                  "Hasil studi pelacakan alumni", items, columns);
}

/* GET /v1/tracer/cohorts?kind=&year=&organisation_id=: an LPK or BKK its
 * own cohorts only; staff all, or one organisation's. */
void tracer_cohorts(struct req *r)
{
	static const char *const kinds[] = {"training", "bkk", NULL};
	const char *kind, *year = req_query(r, "year"), *format;
	if (req_query_choice(r, "kind", kinds, &kind) < 0)
		return;
	int exporting = export_requested(r, &format, NULL);
	if (exporting < 0)
		return;
	if (year && (strlen(year) != 4 || strspn(year, "0123456789") != 4)) {
		req_fail(r, ERR_QUERY_INVALID, "year");
		return;
	}
	int64_t org_id = 0;
	int org = req_query_id(r, "organisation_id", &org_id);
	if (org < 0 || (org && !(r->who.role & ROLES_STAFF))) {
		req_fail(r, ERR_QUERY_INVALID, "organisation_id");
		return;
	}
	if (!(r->who.role & ROLES_STAFF))
		org_id = r->who.account_id;
	struct cohorts c = {json_array(), {0}};
	if (tracer_store_cohorts(r->srv->reader, org_id, kind, year, add_cohort, &c) < 0) {
		json_decref(c.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *items = c.items;
	int64_t *totals = c.totals;
	if (exporting) {
		reply_cohorts_file(r, format, items);
		return;
	}
	req_reply(r, 200,
	          json_pack("{s:o, s:{s:I, s:o, s:o}}", "cohorts", items, "total", "surveys", (json_int_t)totals[0],
	                    "response_rate", share(totals[1], totals[0]), "bmw_rate", share(totals[2], totals[1])));
}
