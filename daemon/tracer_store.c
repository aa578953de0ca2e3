/* Tracer surveys, BKK graduates and cohort counts (tracer.c). */
#include <stdio.h>

#include "config.h"
#include "dates.h"
#include "notification.h"
#include "notification_store.h"
#include "store_sql.h"
#include "tracer_store.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"

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
	int64_t notification_from = notification_mark(db);
	if (mark < 0 || notification_from < 0)
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
	if (store_changes(db, st) < 0 || notification_dispatch(db, cfg, notification_from, now) < 0)
		return -1;
	return total;
}

static const char sql_graduate_insert[] =
	"INSERT INTO bkk_graduate(organisation_id, nik_index, graduated_on, major, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";

int tracer_store_add_graduate(struct dbconn *db, int64_t organisation_id, const unsigned char nik_index[DIGEST_BYTES],
                              const char *graduated_on, const char *major, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_graduate_insert);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, organisation_id);
	sqlite3_bind_blob(s, 2, nik_index, DIGEST_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, graduated_on, -1, SQLITE_STATIC);
	if (major)
		sqlite3_bind_text(s, 4, major, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, now);
	return store_changes(db, s);
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

json_t *tracer_store_own(struct dbconn *db, int64_t account_id, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_own);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	return store_json_rows(st);
}

/* Own survey as JSON (1), someone else's or none (0), -1; *answered. */
int tracer_store_own_survey(struct dbconn *db, int64_t id, int64_t who, json_t **out, int *answered)
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

enum store_result tracer_store_answer(struct dbconn *db, int64_t id, int64_t account_id, const struct tracer_answer *a,
                                      int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_answer);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, account_id);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_text(s, 4, a->outcome, -1, SQLITE_STATIC);
	if (*a->employer)
		sqlite3_bind_text(s, 5, a->employer, -1, SQLITE_STATIC);
	if (*a->wage_band)
		sqlite3_bind_text(s, 6, a->wage_band, -1, SQLITE_STATIC);
	if (*a->relevance)
		sqlite3_bind_text(s, 7, a->relevance, -1, SQLITE_STATIC);
	return store_change_one(db, s);
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

int tracer_store_cohorts(struct dbconn *db, int64_t organisation_id, const char *kind, const char *year,
                         store_row_fn fn, void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_cohorts);
	if (!st)
		return -1;
	if (organisation_id)
		sqlite3_bind_int64(st, 1, organisation_id);
	if (kind)
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	if (year)
		sqlite3_bind_text(st, 3, year, -1, SQLITE_TRANSIENT);
	return store_each_row(st, fn, arg);
}
