/* The yearly indicators' counts and targets (iku.c). */
#include <string.h>

#include "iku_store.h"
#include "store_sql.h"

/* Years as the first four characters of a date, the form of the year
 * indexes (sql/0008_iku_indexes.sql), so each count walks its index in
 * order: distinct people are counted by GROUP BY without a sort. */
#define IN_YEAR(col) "substr(" col ", 1, 4) = ?1"
static const char sql_registrations[] = "SELECT (SELECT count(*) FROM card WHERE " IN_YEAR(
	"issued_on") " AND replaces_card_id IS NULL) + "
		     "(SELECT count(*) FROM card c WHERE " IN_YEAR(
			     "c.issued_on") " AND c.replaces_card_id IS NOT NULL AND "
					    "(SELECT o.state FROM card o WHERE o.id = c.replaces_card_id) <> 'replaced')";
/* Distinct card holders placed, distinct persons placed, and placements
 * (events) by channel with those without a card: counts kept by triggers
 * as placements are written (sql/0013_iku_counts.sql). */
static const char sql_placed[] = "SELECT holders, persons FROM iku_year_people WHERE year = ?1";
static const char sql_by_channel[] =
	"SELECT channel, placements, without_card FROM iku_year_channel WHERE year = ?1 AND placements > 0";
static const char sql_targets[] = "SELECT indicator, target FROM iku_target WHERE year = ?1";
static const char sql_target_set[] =
	"INSERT INTO iku_target(year, indicator, target, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT(year, indicator) DO UPDATE SET target = excluded.target, set_by = excluded.set_by, "
	"set_at = excluded.set_at";

static int count_of(struct dbconn *db, const char *sql, const char *year, int64_t *out, int n)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, year, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	for (int i = 0; rc == SQLITE_ROW && i < n; i++)
		out[i] = sqlite3_column_int64(st, i);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1; /* no row: nothing counted, out stays 0 */
}

int iku_store_registrations(struct dbconn *db, const char *year, int64_t *n)
{
	*n = 0;
	return count_of(db, sql_registrations, year, n, 1);
}

int iku_store_placed(struct dbconn *db, const char *year, int64_t distinct[2])
{
	distinct[0] = distinct[1] = 0;
	return count_of(db, sql_placed, year, distinct, 2);
}

int iku_store_targets(struct dbconn *db, const char *year,
                      void (*fn)(const char *indicator, const char *target, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_targets);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, year, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(store_text(st, 0), store_text(st, 1), arg);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int iku_store_by_channel(struct dbconn *db, const char *year,
                         void (*fn)(const char *channel, int64_t placements, int64_t without_card, void *arg),
                         void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_by_channel);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, year, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(store_text(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), arg);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int iku_store_set_target(struct dbconn *db, int year, const char *indicator, const char *target, int64_t set_by,
                         int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_target_set);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_text(s, 2, indicator, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, target, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, set_by);
	sqlite3_bind_int64(s, 5, now);
	return store_step_done(s);
}
