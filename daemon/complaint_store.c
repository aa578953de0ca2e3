/* Complaints' rows (complaint.c).  Each change of a complaint is one
 * UPDATE guarded by the state it needs in its WHERE clause: nothing is
 * read first, so nothing needs a lock beyond the row the UPDATE takes. */
#include <stdio.h>

#include "complaint_store.h"
#include "store_sql.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"
/* SQL text laid out by hand: */
/* clang-format off */
#define COMPLAINT_JSON \
	"json_object('id', c.id, 'kind', c.kind, 'category', c.category, 'subject', c.subject, 'body', c.body, " \
	"'vacancy_id', c.vacancy_id, 'organisation_id', c.organisation_id, 'state', c.state, " \
	"'assigned_to', c.assigned_to, 'answer', c.answer, 'due_at', " ISO("c.due_at") ", " \
	"'answered_at', " ISO("c.answered_at") ", 'closed_at', " ISO("c.closed_at") ", " \
	"'created_at', " ISO("c.created_at") ", 'overdue', json(CASE WHEN c.state IN ('open','assigned') " \
	"AND c.due_at < ?2 THEN 'true' ELSE 'false' END), 'complainant', a.display_name)"
/* clang-format on */
static const char sql_insert[] =
	"INSERT INTO complaint(account_id, kind, category, subject, body, vacancy_id, organisation_id, due_at, "
	"created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)";
static const char sql_json[] = "SELECT " COMPLAINT_JSON
			       ", c.account_id FROM complaint c JOIN account a ON a.id = c.account_id WHERE c.id = ?1";
static const char sql_own[] = "SELECT " COMPLAINT_JSON
			      " FROM complaint c JOIN account a ON a.id = c.account_id WHERE c.account_id = ?1 "
			      "AND (?3 = 0 OR c.id < ?3) ORDER BY c.id DESC LIMIT ?4";
/* The officers' queue: oldest (so the nearest deadline) first. */
static const char sql_queue[] =
	"SELECT " COMPLAINT_JSON " FROM complaint c JOIN account a ON a.id = c.account_id "
	"WHERE (?1 IS NULL OR c.state = ?1) AND (?5 = 0 OR (c.state IN ('open','assigned') AND c.due_at < ?2)) "
	"AND (?3 = 0 OR c.id > ?3) ORDER BY c.id LIMIT ?4";
static const char sql_state[] = "SELECT state, account_id FROM complaint WHERE id = ?";
static const char sql_assign[] =
	"UPDATE complaint SET state = 'assigned', assigned_to = ?2, updated_at = ?3 WHERE id = ?1 "
	"AND state IN ('open','assigned')";
static const char sql_answer[] =
	"UPDATE complaint SET state = 'answered', answer = ?2, answered_at = ?3, updated_at = ?3, "
	"assigned_to = IFNULL(assigned_to, ?4) WHERE id = ?1 AND state IN ('open','assigned')";
static const char sql_close[] =
	"UPDATE complaint SET state = 'closed', closed_at = ?2, updated_at = ?2 WHERE id = ?1 AND state <> 'closed'";
/* Per month of the year: received (complaints, suggestions), answered, answered by the deadline. */
static const char sql_monthly[] =
	"SELECT strftime('%m', c.created_at + ?2, 'unixepoch') AS m, count(*), count(CASE WHEN c.kind = 'suggestion' "
	"THEN 1 END), count(c.answered_at), count(CASE WHEN c.answered_at <= c.due_at THEN 1 END) FROM complaint c "
	"WHERE strftime('%Y', c.created_at + ?2, 'unixepoch') = ?1 GROUP BY m ORDER BY m";
static const char sql_open_now[] =
	"SELECT count(CASE WHEN state IN ('open','assigned') THEN 1 END), "
	"count(CASE WHEN state IN ('open','assigned') AND due_at < ?1 THEN 1 END) FROM complaint";

int complaint_store_fetch(struct dbconn *db, int64_t id, int64_t now, json_t **out, int64_t *owner)
{
	sqlite3_stmt *st = store_stmt(db, sql_json);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = json_loads(store_text(st, 0), 0, NULL);
		*owner = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? (*out ? 1 : -1) : rc == SQLITE_DONE ? 0 : -1;
}

enum store_result complaint_store_insert(struct dbconn *db, const struct complaint_new *c, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(db, sql_insert);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, c->account_id);
	sqlite3_bind_text(s, 2, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->body, -1, SQLITE_STATIC);
	if (c->vacancy_id)
		sqlite3_bind_int64(s, 6, c->vacancy_id);
	if (c->organisation_id)
		sqlite3_bind_int64(s, 7, c->organisation_id);
	sqlite3_bind_int64(s, 8, c->due_at);
	sqlite3_bind_int64(s, 9, now);
	return store_insert(db, s, id);
}

static json_t *page_of(struct dbconn *db, const char *sql, int64_t who, const char *state, int overdue, int64_t now,
                       int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return NULL;
	if (who)
		sqlite3_bind_int64(st, 1, who);
	else if (state)
		sqlite3_bind_text(st, 1, state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, cursor);
	sqlite3_bind_int(st, 4, limit);
	sqlite3_bind_int(st, 5, overdue);
	return store_json_rows(st);
}

json_t *complaint_store_own(struct dbconn *db, int64_t account_id, int64_t now, int64_t cursor, int limit)
{
	return page_of(db, sql_own, account_id, NULL, 0, now, cursor, limit);
}

json_t *complaint_store_queue(struct dbconn *db, const char *state, int overdue, int64_t now, int64_t cursor, int limit)
{
	return page_of(db, sql_queue, 0, state, overdue, now, cursor, limit);
}

int complaint_store_state(struct dbconn *db, int64_t id, char state[12], int64_t *owner)
{
	sqlite3_stmt *st = store_stmt(db, sql_state);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(state, 12, "%s", store_text(st, 0));
		*owner = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum store_result complaint_store_assign(struct dbconn *db, int64_t id, int64_t officer_id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_assign);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, officer_id);
	sqlite3_bind_int64(s, 3, now);
	return store_change_one(db, s);
}

enum store_result complaint_store_answer(struct dbconn *db, int64_t id, const char *answer, int64_t officer_id,
                                         int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_answer);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, answer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, officer_id);
	return store_change_one(db, s);
}

enum store_result complaint_store_close(struct dbconn *db, int64_t id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_close);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	return store_change_one(db, s);
}

int complaint_store_monthly(struct dbconn *db, const char *year, int64_t utc_offset_s,
                            void (*fn)(const char *mm, const long long v[4], void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_monthly);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, year, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, utc_offset_s);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long v[4];
		for (int i = 0; i < 4; i++)
			v[i] = sqlite3_column_int64(st, 1 + i);
		fn(store_text(st, 0), v, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int complaint_store_open_now(struct dbconn *db, int64_t now, long long *open, long long *overdue)
{
	sqlite3_stmt *st = store_stmt(db, sql_open_now);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*open = sqlite3_column_int64(st, 0);
		*overdue = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}
