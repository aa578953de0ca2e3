#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "outbox.h"
#include "outbox_store.h"
#include "store_sql.h"

static const char sql_enqueue[] = "INSERT INTO outbox(channel, recipient, subject, body, created_at, next_attempt_at) "
				  "VALUES ('email', ?1, ?2, ?3, ?4, ?4)";
static const char sql_due[] = "SELECT id, recipient, subject, body, attempts FROM outbox "
			      "WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? "
			      "ORDER BY next_attempt_at, id LIMIT ?";
static const char sql_sent[] =
	"UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1";
static const char sql_failed[] = "UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, last_error = ?4, "
				 "failed_at = CASE WHEN ?5 THEN ?6 END WHERE id = ?1";
static const char sql_list[] =
	"SELECT id, recipient, subject, attempts, created_at, next_attempt_at, IFNULL(sent_at,0), "
	"IFNULL(failed_at,0), IFNULL(last_error,'') FROM outbox WHERE (?2 = 0 OR id < ?2) AND "
	"CASE ?1 WHEN 'sent' THEN sent_at IS NOT NULL "
	"WHEN 'failed' THEN failed_at IS NOT NULL OR (sent_at IS NULL AND attempts > 0) "
	"ELSE sent_at IS NULL AND failed_at IS NULL END ORDER BY id DESC LIMIT ?3";
static const char sql_retry[] =
	"UPDATE outbox SET failed_at = NULL, next_attempt_at = ?2 WHERE id = ?1 AND sent_at IS NULL";

int outbox_enqueue_email(struct dbconn *db, const char *to, const char *subject, const char *body, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_enqueue);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	return store_step_done(st);
}

int outbox_due(struct dbconn *db, int64_t now, struct outbox_row *rows, int max)
{
	sqlite3_stmt *st = store_stmt(db, sql_due);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, max);
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct outbox_row *row = &rows[n];
		memset(row, 0, sizeof *row);
		row->id = sqlite3_column_int64(st, 0);
		store_copy_text(row->recipient, sizeof row->recipient, st, 1);
		store_copy_text(row->subject, sizeof row->subject, st, 2);
		row->body = strdup(store_text(st, 3));
		row->attempts = sqlite3_column_int(st, 4);
		if (!row->body)
			break;
		n++;
	}
	sqlite3_reset(st);
	return n;
}

int outbox_mark_sent(struct dbconn *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_sent);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return store_step_done(st);
}

int outbox_mark_failed(struct dbconn *db, int64_t id, int attempts, int64_t next_attempt_at, int give_up,
                       const char *error, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_failed);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, attempts);
	sqlite3_bind_int64(st, 3, next_attempt_at);
	sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, give_up);
	sqlite3_bind_int64(st, 6, now);
	return store_step_done(st);
}

int outbox_list(struct dbconn *db, const char *state, int64_t before_id, int limit,
                void (*fn)(const struct outbox_row *row, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_list);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, before_id);
	sqlite3_bind_int(st, 3, limit);
	int rc, n = 0;
	struct outbox_row row;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		row.id = sqlite3_column_int64(st, 0);
		store_copy_text(row.recipient, sizeof row.recipient, st, 1);
		store_copy_text(row.subject, sizeof row.subject, st, 2);
		row.attempts = sqlite3_column_int(st, 3);
		row.created_at = sqlite3_column_int64(st, 4);
		row.next_attempt_at = sqlite3_column_int64(st, 5);
		row.sent_at = sqlite3_column_int64(st, 6);
		row.failed_at = sqlite3_column_int64(st, 7);
		store_copy_text(row.last_error, sizeof row.last_error, st, 8);
		fn(&row, arg);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

enum store_result outbox_retry(struct dbconn *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_retry);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return store_change_one(db, st);
}

int outbox_backoff(int attempts) { return outbox_backoff_from(OUTBOX_BACKOFF_BASE_S, attempts); }

int outbox_backoff_from(int base_s, int attempts)
{
	long s = base_s;
	for (int i = 1; i < attempts && s < OUTBOX_BACKOFF_MAX_S; i++)
		s *= 2;
	return (int)(s < OUTBOX_BACKOFF_MAX_S ? s : OUTBOX_BACKOFF_MAX_S);
}
