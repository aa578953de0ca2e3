/* The yearly training and competency counts (definitions: training_stats.c). */
#include <stdlib.h>

#include "store_sql.h"
#include "training_stats_store.h"

#define IN_YEAR "t.end_date BETWEEN ?1 || '-01-01' AND ?1 || '-12-31'"
/* ?2: one LPK's trainings only, or 0 for all (the office's figures). */
#define OF_PROVIDER "(?2 = 0 OR (t.provider_kind = 'lpk' AND t.provider_id = ?2))"
static const char sql_totals[] = "SELECT count(DISTINCT CASE WHEN e.state = 'completed' THEN e.seeker_id END), "
				 "count(CASE WHEN e.state = 'completed' THEN 1 END), "
				 "count(DISTINCT CASE WHEN e.result = 'competent' THEN e.seeker_id END), "
				 "count(CASE WHEN e.state = 'dropped' THEN 1 END), "
				 "count(DISTINCT t.id) FROM training t CROSS JOIN enrolment e ON e.training_id = t.id "
				 "WHERE " IN_YEAR " AND " OF_PROVIDER " AND e.state IN ('completed','dropped')";
static const char sql_by_funding[] =
	"SELECT t.funding, count(DISTINCT e.seeker_id) FROM training t CROSS JOIN enrolment e ON e.training_id = t.id "
	"WHERE " IN_YEAR " AND " OF_PROVIDER " AND e.state = 'completed' GROUP BY t.funding";
static const char sql_by_vocation[] = "SELECT t.vocation, count(DISTINCT e.seeker_id), "
				      "count(DISTINCT CASE WHEN e.result = 'competent' THEN e.seeker_id END) "
				      "FROM training t CROSS JOIN enrolment e ON e.training_id = t.id "
				      "WHERE " IN_YEAR " AND " OF_PROVIDER
				      " AND e.state = 'completed' GROUP BY t.vocation ORDER BY t.vocation";
/* The indicators' two numbers: people who completed a training ending in
 * the year, and those of them found competent — one GROUP BY per person.
 * CROSS JOIN keeps SQLite on the trainings of the year (training_end)
 * instead of walking every enrolment of every year. */
static const char sql_people[] =
	"SELECT count(*), count(CASE WHEN competent THEN 1 END) FROM (SELECT e.seeker_id, "
	"max(e.result = 'competent') AS competent FROM training t CROSS JOIN enrolment e ON e.training_id = t.id "
	"WHERE " IN_YEAR " AND e.state = 'completed' GROUP BY e.seeker_id)";
/* The same with the people who completed an online course in the year
 * (iku_trained_includes_online): each person once, however trained; an
 * online course is no competency assessment. */
static const char sql_people_online[] =
	"SELECT count(*), count(CASE WHEN competent THEN 1 END) FROM (SELECT seeker_id, max(competent) AS competent "
	"FROM (SELECT e.seeker_id, e.result = 'competent' AS competent FROM training t CROSS JOIN enrolment e ON "
	"e.training_id = t.id WHERE " IN_YEAR " AND e.state = 'completed' UNION ALL SELECT cl.seeker_id, 0 FROM "
	"course_learner cl WHERE cl.completed_on BETWEEN ?1 || '-01-01' AND ?1 || '-12-31') GROUP BY seeker_id)";
static const char sql_certificates[] =
	"SELECT kind, scheme, count(*) FROM certificate WHERE issued_on BETWEEN ?1 || '-01-01' AND ?1 || '-12-31' "
	"AND (?2 = 0 OR enrolment_id IN (SELECT e.id FROM training t CROSS JOIN enrolment e ON e.training_id = t.id "
	"WHERE " OF_PROVIDER ")) GROUP BY kind, scheme ORDER BY kind, scheme";

/* Online courses (E-SkillUp) completed in the year, apart from classroom trainings. */
#define COURSE_OF_PROVIDER "(?2 = 0 OR (c.provider_kind = 'lpk' AND c.provider_id = ?2))"
static const char sql_online[] =
	"SELECT count(*), count(DISTINCT cl.seeker_id) FROM course_learner cl JOIN course c ON c.id = cl.course_id "
	"WHERE cl.completed_on BETWEEN ?1 || '-01-01' AND ?1 || '-12-31' AND " COURSE_OF_PROVIDER;
static const char sql_online_by_course[] =
	"SELECT c.id, c.title, count(*) FROM course_learner cl JOIN course c ON c.id = cl.course_id "
	"WHERE cl.completed_on BETWEEN ?1 || '-01-01' AND ?1 || '-12-31' AND " COURSE_OF_PROVIDER
	" GROUP BY c.id ORDER BY c.title, c.id";

static sqlite3_stmt *year_stmt(struct dbconn *db, const char *sql, const char *year, int64_t provider)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st) {
		sqlite3_bind_text(st, 1, year, -1, SQLITE_STATIC);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_int64(st, 2, provider);
	}
	return st;
}

json_t *training_stats_of_year(struct dbconn *db, const char *year, int64_t provider)
{
	static const char *const fundings[] = {"apbd", "apbn", "dbhcht", "company", "other"};
	sqlite3_stmt *st = year_stmt(db, sql_totals, year, provider);
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			sqlite3_reset(st);
		return NULL;
	}
	json_int_t persons = sqlite3_column_int64(st, 0), completions = sqlite3_column_int64(st, 1),
		   competent = sqlite3_column_int64(st, 2), dropped = sqlite3_column_int64(st, 3),
		   trainings = sqlite3_column_int64(st, 4);
	sqlite3_reset(st);

	json_t *by_funding = json_object();
	for (size_t i = 0; i < sizeof fundings / sizeof fundings[0]; i++)
		json_object_set_new(by_funding, fundings[i], json_integer(0));
	int ok = (st = year_stmt(db, sql_by_funding, year, provider)) != NULL;
	while (ok && sqlite3_step(st) == SQLITE_ROW)
		json_object_set_new(by_funding, store_text(st, 0), json_integer(sqlite3_column_int64(st, 1)));
	if (st)
		sqlite3_reset(st);

	json_t *by_vocation = json_array();
	ok = ok && (st = year_stmt(db, sql_by_vocation, year, provider)) != NULL;
	while (ok && sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(by_vocation,
		                      json_pack("{s:s, s:I, s:I}", "vocation", store_text(st, 0), "persons",
		                                (json_int_t)sqlite3_column_int64(st, 1), "competent",
		                                (json_int_t)sqlite3_column_int64(st, 2)));
	if (st)
		sqlite3_reset(st);

	json_t *by_scheme = json_array();
	json_int_t certificates = 0;
	ok = ok && (st = year_stmt(db, sql_certificates, year, provider)) != NULL;
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		certificates += sqlite3_column_int64(st, 2);
		json_array_append_new(by_scheme,
		                      json_pack("{s:s, s:s, s:I}", "kind", store_text(st, 0), "scheme",
		                                store_text(st, 1), "count", (json_int_t)sqlite3_column_int64(st, 2)));
	}
	if (st)
		sqlite3_reset(st);
	json_int_t online_completions = 0, online_persons = 0;
	ok = ok && (st = year_stmt(db, sql_online, year, provider)) != NULL && sqlite3_step(st) == SQLITE_ROW;
	if (ok) {
		online_completions = sqlite3_column_int64(st, 0);
		online_persons = sqlite3_column_int64(st, 1);
	}
	if (st)
		sqlite3_reset(st);
	json_t *by_course = json_array();
	ok = ok && (st = year_stmt(db, sql_online_by_course, year, provider)) != NULL;
	while (ok && sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(by_course,
		                      json_pack("{s:I, s:s, s:I}", "course_id", (json_int_t)sqlite3_column_int64(st, 0),
		                                "title", store_text(st, 1), "completions",
		                                (json_int_t)sqlite3_column_int64(st, 2)));
	if (st)
		sqlite3_reset(st);
	json_t *out = json_pack("{s:i, s:I, s:{s:I, s:I, s:o, s:o}, s:I, s:{s:I}, s:{s:I, s:o}}", "year", atoi(year),
	                        "trainings_ended", trainings, "trained", "persons", persons, "completions", completions,
	                        "by_funding", by_funding, "by_vocation", by_vocation, "dropped", dropped,
	                        "certified_competent", "persons", competent, "certificates", "total", certificates,
	                        "by_scheme", by_scheme);
	json_object_set_new(out, "online",
	                    json_pack("{s:I, s:I, s:o}", "completions", online_completions, "persons", online_persons,
	                              "by_course", by_course));
	if (!ok) {
		json_decref(out);
		return NULL;
	}
	return out;
}

int training_year_totals(struct dbconn *db, const char *year, bool online, long long *trained, long long *competent)
{
	sqlite3_stmt *st = year_stmt(db, online ? sql_people_online : sql_people, year, 0);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*trained = sqlite3_column_int64(st, 0);
		*competent = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}
