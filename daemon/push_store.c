/* The queue of push notifications (push.c sends; this file holds its SQL). */
#include "push_store.h"
#include "store_sql.h"

static const char sql_due[] =
	"SELECT m.id, m.device_id, IFNULL(m.notification_id, 0), d.token, m.category, m.title, m.body, m.attempts "
	"FROM push_message m JOIN push_device d ON d.id = m.device_id AND d.dropped_at IS NULL "
	"WHERE m.state = 'pending' AND m.next_attempt_at <= ?1 ORDER BY m.next_attempt_at, m.id LIMIT ?2";
static const char sql_sent[] =
	"UPDATE push_message SET state = 'sent', provider_id = ?2, attempts = attempts + 1, sent_at = ?3, "
	"updated_at = ?3, last_error = NULL WHERE id = ?1 AND state = 'pending'";
static const char sql_retry[] =
	"UPDATE push_message SET attempts = ?2, next_attempt_at = ?3, last_error = ?4, updated_at = ?5, "
	"state = CASE WHEN ?6 THEN 'failed' ELSE state END WHERE id = ?1 AND state = 'pending'";

int push_message_due(struct dbconn *db, int64_t now, int max, void (*fn)(const struct push_due *p, void *arg),
                     void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_due);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, max);
	int n = 0, rc = SQLITE_DONE;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct push_due p = {
			.id = sqlite3_column_int64(st, 0),
			.device_id = sqlite3_column_int64(st, 1),
			.notification_id = sqlite3_column_int64(st, 2),
			.token = store_text(st, 3),
			.category = store_text(st, 4),
			.title = store_text(st, 5),
			.body = store_text(st, 6),
			.attempts = sqlite3_column_int(st, 7),
		};
		fn(&p, arg);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

int push_message_sent(struct dbconn *db, int64_t id, const char *provider_id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_sent);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, provider_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return store_changes(db, st);
}

int push_message_retry(struct dbconn *db, int64_t id, int attempts, int64_t next_attempt_at, const char *error,
                       int failed, int64_t now)
{
	return store_queue_retry(db, sql_retry, id, attempts, next_attempt_at, error, failed, now);
}
