/* The WhatsApp message queue (whatsapp.c sends; this file holds its SQL). */
#include "store_sql.h"
#include "whatsapp_store.h"

static const char sql_due[] =
	"SELECT id, phone, body, attempts FROM wa_message WHERE state = 'pending' AND next_attempt_at <= ?1 "
	"ORDER BY next_attempt_at, id LIMIT ?2";
static const char sql_sent[] =
	"UPDATE wa_message SET state = 'sent', provider_id = ?2, attempts = attempts + 1, sent_at = ?3, "
	"updated_at = ?3, last_error = NULL WHERE id = ?1 AND state = 'pending'";
static const char sql_retry[] =
	"UPDATE wa_message SET attempts = ?2, next_attempt_at = ?3, last_error = ?4, updated_at = ?5, "
	"state = CASE WHEN ?6 THEN 'failed' ELSE state END WHERE id = ?1 AND state = 'pending'";

int wa_message_due(struct dbconn *db, int64_t now, int max,
                   void (*fn)(int64_t id, const char *phone, const char *body, int attempts, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_due);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, max);
	int n = 0, rc = SQLITE_DONE;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn(sqlite3_column_int64(st, 0), store_text(st, 1), store_text(st, 2), sqlite3_column_int(st, 3), arg);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

int wa_message_sent(struct dbconn *db, int64_t id, const char *provider_id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_sent);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, provider_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return store_changes(db, st);
}

int wa_message_retry(struct dbconn *db, int64_t id, int attempts, int64_t next_attempt_at, const char *error,
                     int failed, int64_t now)
{
	return store_queue_retry(db, sql_retry, id, attempts, next_attempt_at, error, failed, now);
}

/* Delivery reports only move forward: a late "delivered" after "read"
 * changes nothing. */
static const char sql_status[] =
	"UPDATE wa_message SET state = ?2, updated_at = ?3, last_error = CASE WHEN ?2 = 'failed' THEN 'reported by "
	"the provider' ELSE last_error END WHERE provider_id = ?1 AND CASE state WHEN 'sent' THEN ?2 IN "
	"('delivered','read','failed') WHEN 'delivered' THEN ?2 IN ('read','failed') ELSE 0 END";

int wa_message_status(struct dbconn *db, const char *provider_id, const char *state, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_status);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, provider_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	return store_changes(db, s);
}
