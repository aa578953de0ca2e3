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
#include "http.h"
#include "iku.h"
#include "list.h"
#include "nik.h"
#include "notification.h"
#include "server.h"
#include "store.h"
#include "tracer.h"
#include "validate.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"
#define GRADUATES_MAX 2000

static const char *const outcomes[] = {"working", "further_study", "self_employed", "looking", NULL};
static const char *const wage_bands[] = {"below_1m", "1m_to_3m", "3m_to_5m", "above_5m", NULL};
static const char *const relevances[] = {"very_relevant", "relevant", "somewhat_relevant", "not_relevant", NULL};

/* ---- issuing surveys (the daily job) ---- */

static const char sql_mark[] = "SELECT IFNULL(max(id), 0) FROM tracer_survey";
static const char sql_issue_training[] =
	"INSERT INTO tracer_survey(cohort_kind, training_id, organisation_id, cohort_date, account_id, wave, created_at) "
	"SELECT 'training', t.id, CASE WHEN t.provider_kind = 'lpk' THEN t.provider_id END, t.end_date, s.account_id, "
	"?1, ?4 FROM training t JOIN enrolment e ON e.training_id = t.id AND e.state = 'completed' "
	"JOIN seeker s ON s.id = e.seeker_id JOIN account a ON a.id = s.account_id AND a.status = 'active' "
	"WHERE t.state = 'finished' AND t.end_date <= ?2 AND t.end_date > ?3 AND NOT EXISTS (SELECT 1 FROM "
	"tracer_survey x WHERE x.training_id = t.id AND x.account_id = s.account_id AND x.wave = ?1)";
static const char sql_issue_bkk[] =
	"INSERT INTO tracer_survey(cohort_kind, graduate_id, organisation_id, cohort_date, account_id, wave, created_at) "
	"SELECT 'bkk', g.id, g.organisation_id, g.graduated_on, a.id, ?1, ?4 FROM bkk_graduate g "
	"JOIN account a ON a.nik_index = g.nik_index AND a.role = 'seeker' AND a.status = 'active' "
	"WHERE g.graduated_on <= ?2 AND g.graduated_on > ?3 "
	"AND NOT EXISTS (SELECT 1 FROM tracer_survey x WHERE x.graduate_id = g.id AND x.wave = ?1)";
static const char sql_notify[] =
	"INSERT INTO notification(account_id, category, title, body, object_type, object_id, created_at) "
	"SELECT account_id, 'tracer', 'Survei alumni', printf('Sudah %d bulan sejak %s. Mohon isi survei singkat "
	"tentang kegiatan Anda sekarang di aplikasi; jawaban Anda membantu kami memperbaiki pelatihan dan layanan.', "
	"wave, CASE cohort_kind WHEN 'training' THEN 'pelatihan Anda selesai' ELSE 'Anda lulus sekolah' END), "
	"'tracer_survey', id, ?2 FROM tracer_survey WHERE id > ?1";

static int issue(struct dbconn *db, const char *sql, int wave, struct date today, int64_t now)
{
	char until[DATE_LEN + 1], after[DATE_LEN + 1];
	date_format(date_add_months(today, -wave), until);
	date_format(date_add_months(today, -(wave + 6)), after);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, wave);
	sqlite3_bind_text(st, 2, until, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, after, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return store_changes(db, st);
}

int tracer_issue_surveys(struct dbconn *db, const struct config *cfg, int64_t now)
{
	struct date today = date_of(now, cfg->utc_offset_minutes);
	sqlite3_stmt *st = store_stmt(db, sql_mark);
	if (!st)
		return -1;
	int64_t mark = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	int64_t notice_from = notice_mark(db);
	if (mark < 0 || notice_from < 0)
		return -1;
	int total = 0;
	const int waves[] = {6, 12};
	for (int w = 0; w < 2; w++) {
		int a = issue(db, sql_issue_training, waves[w], today, now),
		    b = issue(db, sql_issue_bkk, waves[w], today, now);
		if (a < 0 || b < 0)
			return -1;
		total += a + b;
	}
	if (!total)
		return 0;
	if (!(st = store_stmt(db, sql_notify)))
		return -1;
	sqlite3_bind_int64(st, 1, mark);
	sqlite3_bind_int64(st, 2, now);
	if (store_changes(db, st) < 0 || notice_dispatch(db, cfg, notice_from, now) < 0)
		return -1;
	return total;
}

/* ---- BKK graduates ---- */

static const char sql_graduate_insert[] =
	"INSERT INTO bkk_graduate(organisation_id, nik_index, graduated_on, major, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";

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
		sqlite3_stmt *s = store_stmt(db, sql_graduate_insert);
		if (!s)
			return WRITE_STORE_ERROR;
		sqlite3_bind_int64(s, 1, r->who.account_id);
		sqlite3_bind_blob(s, 2, st->index[i], DIGEST_BYTES, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, st->graduated_on, -1, SQLITE_STATIC);
		if (st->major[i][0])
			sqlite3_bind_text(s, 4, st->major[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, now);
		int n = store_changes(db, s);
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

/* SQL text laid out by hand: */
/* clang-format off */
#define SURVEY_JSON \
	"json_object('id', s.id, 'cohort_kind', s.cohort_kind, 'wave', s.wave, 'cohort_date', s.cohort_date, " \
	"'about', CASE s.cohort_kind WHEN 'training' THEN (SELECT title FROM training WHERE id = s.training_id) " \
	"ELSE (SELECT legal_name FROM organisation WHERE account_id = s.organisation_id) END, " \
	"'issued_at', " ISO("s.created_at") ", 'answered_at', " ISO("s.answered_at") ", 'outcome', s.outcome, " \
	"'employer', s.employer, 'wage_band', s.wage_band, 'relevance', s.relevance)"
/* clang-format on */
static const char sql_own[] = "SELECT " SURVEY_JSON
			      " FROM tracer_survey s WHERE s.account_id = ?1 AND (?2 = 0 OR s.id < ?2) "
			      "ORDER BY s.id DESC LIMIT ?3";
static const char sql_one[] = "SELECT " SURVEY_JSON ", s.answered_at IS NOT NULL FROM tracer_survey s "
			      "WHERE s.id = ?1 AND s.account_id = ?2";
static const char sql_answer[] =
	"UPDATE tracer_survey SET answered_at = ?3, outcome = ?4, employer = ?5, wage_band = ?6, relevance = ?7 "
	"WHERE id = ?1 AND account_id = ?2 AND answered_at IS NULL";

void tracer_list_own(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	sqlite3_stmt *st = store_stmt(&r->srv->reader, sql_own);
	if (!st) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	sqlite3_bind_int64(st, 1, r->who.account_id);
	sqlite3_bind_int64(st, 2, page.cursor);
	sqlite3_bind_int(st, 3, page.limit + 1);
	list_reply_rows(r, st, page.limit, NULL);
}

/* Own survey as JSON (1), someone else's or none (0), -1; *answered. */
static int own_survey(struct dbconn *db, int64_t id, int64_t who, json_t **out, int *answered)
{
	sqlite3_stmt *st = store_stmt(db, sql_one);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, who);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (out)
			*out = json_loads(store_text(st, 0), 0, NULL);
		*answered = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
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
	sqlite3_stmt *s = store_stmt(db, sql_answer);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, st->id);
	sqlite3_bind_int64(s, 2, r->who.account_id);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_text(s, 4, st->outcome, -1, SQLITE_STATIC);
	if (*st->employer)
		sqlite3_bind_text(s, 5, st->employer, -1, SQLITE_STATIC);
	if (*st->wage_band)
		sqlite3_bind_text(s, 6, st->wage_band, -1, SQLITE_STATIC);
	if (*st->relevance)
		sqlite3_bind_text(s, 7, st->relevance, -1, SQLITE_STATIC);
	int rc = store_change_one(db, s);
	if (rc == 1) {
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
	if (result != WRITE_OK || own_survey(&r->srv->reader, st->id, r->who.account_id, &s, &done) != 1) {
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
	int done = 0, found = st->id > 0 ? own_survey(&r->srv->reader, st->id, r->who.account_id, NULL, &done) : 0;
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

/* One row per cohort and wave.  alumni: those who completed the training,
 * or the graduates the BKK reported (with or without an account). */
static const char sql_cohorts[] =
	"SELECT s.cohort_kind, s.training_id, s.organisation_id, s.cohort_date, s.wave, "
	"CASE s.cohort_kind WHEN 'training' THEN (SELECT title FROM training WHERE id = s.training_id) "
	"ELSE (SELECT legal_name FROM organisation WHERE account_id = s.organisation_id) END, "
	"CASE s.cohort_kind WHEN 'training' THEN (SELECT count(*) FROM enrolment WHERE training_id = s.training_id "
	"AND state = 'completed') ELSE (SELECT count(*) FROM bkk_graduate g WHERE g.organisation_id = s.organisation_id "
	"AND g.graduated_on = s.cohort_date) END, count(*), count(s.answered_at), "
	"count(CASE WHEN s.outcome = 'working' THEN 1 END), count(CASE WHEN s.outcome = 'further_study' THEN 1 END), "
	"count(CASE WHEN s.outcome = 'self_employed' THEN 1 END), count(CASE WHEN s.outcome = 'looking' THEN 1 END), "
	"count(CASE WHEN s.relevance IN ('very_relevant','relevant') THEN 1 END) "
	"FROM tracer_survey s WHERE (?1 IS NULL OR s.organisation_id = ?1) AND (?2 IS NULL OR s.cohort_kind = ?2) "
	"AND (?3 IS NULL OR substr(s.cohort_date, 1, 4) = ?3) "
	"GROUP BY s.cohort_kind, s.training_id, s.organisation_id, s.cohort_date, s.wave "
	"ORDER BY s.cohort_date DESC, s.cohort_kind, s.training_id, s.organisation_id, s.wave";

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

/* GET /v1/tracer/cohorts?kind=&year=&organisation_id=: an LPK or BKK its
 * own cohorts only; staff all, or one organisation's. */
void tracer_cohorts(struct req *r)
{
	static const char *const kinds[] = {"training", "bkk", NULL};
	const char *kind, *year = req_query(r, "year");
	if (req_query_choice(r, "kind", kinds, &kind) < 0)
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
	sqlite3_stmt *st = store_stmt(&r->srv->reader, sql_cohorts);
	if (!st) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (org_id)
		sqlite3_bind_int64(st, 1, org_id);
	if (kind)
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	if (year)
		sqlite3_bind_text(st, 3, year, -1, SQLITE_TRANSIENT);
	json_t *items = json_array();
	int64_t totals[3] = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t surveys = sqlite3_column_int64(st, 7), answers = sqlite3_column_int64(st, 8);
		int64_t working = sqlite3_column_int64(st, 9), study = sqlite3_column_int64(st, 10),
			self = sqlite3_column_int64(st, 11), looking = sqlite3_column_int64(st, 12);
		totals[0] += surveys;
		totals[1] += answers;
		totals[2] += working + study + self;
		json_t *c = json_pack("{s:s, s:s, s:i, s:s, s:I, s:I, s:I, s:o, s:{s:I, s:I, s:I, s:I}, s:o, s:o}",
		                      "kind", store_text(st, 0), "cohort_date", store_text(st, 3), "wave",
		                      sqlite3_column_int(st, 4), "name", store_text(st, 5), "alumni",
		                      (json_int_t)sqlite3_column_int64(st, 6), "surveys", (json_int_t)surveys,
		                      "answered", (json_int_t)answers, "response_rate", share(answers, surveys),
		                      "outcomes", "working", (json_int_t)working, "further_study", (json_int_t)study,
		                      "self_employed", (json_int_t)self, "looking", (json_int_t)looking, "bmw_rate",
		                      share(working + study + self, answers), "relevant_rate",
		                      share(sqlite3_column_int64(st, 13), answers));
		json_object_set_new(c, "training_id",
		                    sqlite3_column_type(st, 1) == SQLITE_NULL
		                            ? json_null()
		                            : json_integer(sqlite3_column_int64(st, 1)));
		json_object_set_new(c, "organisation_id",
		                    sqlite3_column_type(st, 2) == SQLITE_NULL
		                            ? json_null()
		                            : json_integer(sqlite3_column_int64(st, 2)));
		json_array_append_new(items, c);
	}
	sqlite3_reset(st);
	req_reply(r, 200,
	          json_pack("{s:o, s:{s:I, s:o, s:o}}", "cohorts", items, "total", "surveys", (json_int_t)totals[0],
	                    "response_rate", share(totals[1], totals[0]), "bmw_rate", share(totals[2], totals[1])));
}
