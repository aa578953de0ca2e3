#include "webhook_store.h"
#include "store_sql.h"

#define WEBHOOK_JSON \
	"json_object('id', w.id, 'url', w.url, 'description', w.description, 'created_at', " \
	"strftime('%Y-%m-%dT%H:%M:%SZ', w.created_at, 'unixepoch'), 'rotated_at', strftime('%Y-%m-%dT%H:%M:%SZ', " \
	"w.rotated_at, 'unixepoch'), 'revoked_at', strftime('%Y-%m-%dT%H:%M:%SZ', w.revoked_at, 'unixepoch'), " \
	"'pending', (SELECT count(*) FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.state = 'pending'), " \
	"'failed', (SELECT count(*) FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.state = 'failed'))"
static const char sql_insert[] =
	"INSERT INTO webhook(url, description, created_by, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char sql_fetch[] = "SELECT generation, revoked_at IS NOT NULL FROM webhook WHERE id = ?1";
static const char sql_rotate[] =
	"UPDATE webhook SET generation = generation + 1, rotated_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";
static const char sql_revoke[] = "UPDATE webhook SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";
static const char sql_json[] = "SELECT " WEBHOOK_JSON " FROM webhook w WHERE w.id = ?";
static const char sql_page[] = "SELECT " WEBHOOK_JSON
			       " FROM webhook w WHERE (?1 = 0 OR w.id < ?1) ORDER BY w.id DESC LIMIT ?2";
static const char sql_deliveries[] =
	"SELECT json_object('id', d.id, 'event', d.event, 'month', d.month, 'state', d.state, 'attempts', d.attempts, "
	"'last_status', d.last_status, 'last_error', d.last_error, 'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', "
	"d.created_at, 'unixepoch'), 'next_attempt_at', CASE WHEN d.state = 'pending' THEN strftime("
	"'%Y-%m-%dT%H:%M:%SZ', d.next_attempt_at, 'unixepoch') END, 'delivered_at', strftime('%Y-%m-%dT%H:%M:%SZ', "
	"d.delivered_at, 'unixepoch')) FROM webhook_delivery d WHERE d.webhook_id = ?1 AND (?2 = 0 OR d.id < ?2) "
	"ORDER BY d.id DESC LIMIT ?3";
static const char sql_queue[] =
	"INSERT INTO webhook_delivery(webhook_id, event, month, body, next_attempt_at, created_at, updated_at) "
	"SELECT w.id, ?1, ?2, ?3, ?4, ?4, ?4 FROM webhook w WHERE w.revoked_at IS NULL";
static const char sql_due[] =
	"SELECT d.id, d.webhook_id, w.generation, d.attempts, w.url, d.event, d.body FROM webhook_delivery d JOIN "
	"webhook w ON w.id = d.webhook_id WHERE d.state = 'pending' AND d.next_attempt_at <= ?1 AND w.revoked_at IS "
	"NULL ORDER BY d.next_attempt_at, d.id LIMIT ?2";
static const char sql_done[] = "UPDATE webhook_delivery SET state = 'delivered', attempts = attempts + 1, "
			       "last_status = ?2, last_error = NULL, delivered_at = ?3, updated_at = ?3 WHERE id = ?1";
static const char sql_retry[] =
	"UPDATE webhook_delivery SET attempts = ?2, next_attempt_at = ?3, last_status = ?4, last_error = ?5, state = "
	"CASE WHEN ?6 THEN 'failed' ELSE 'pending' END, updated_at = ?7 WHERE id = ?1";

int webhook_insert(struct dbconn *db, const char *url, const char *description, int64_t by, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, url, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, description, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, by);
	sqlite3_bind_int64(st, 4, now);
	return store_insert(db, st, id) == STORE_OK ? 0 : -1;
}

int webhook_fetch(struct dbconn *db, int64_t id, int64_t *generation, int *revoked)
{
	sqlite3_stmt *st = store_stmt(db, sql_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*generation = sqlite3_column_int64(st, 0);
		*revoked = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static enum store_result change(struct dbconn *db, const char *sql, int64_t id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return store_change_one(db, st);
}

enum store_result webhook_store_rotate(struct dbconn *db, int64_t id, int64_t now)
{
	return change(db, sql_rotate, id, now);
}

enum store_result webhook_store_revoke(struct dbconn *db, int64_t id, int64_t now)
{
	return change(db, sql_revoke, id, now);
}

json_t *webhook_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_json, id); }

json_t *webhook_page(struct dbconn *db, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_page);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, cursor);
	sqlite3_bind_int(st, 2, limit);
	return store_json_rows(st);
}

json_t *webhook_delivery_page(struct dbconn *db, int64_t webhook_id, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_deliveries);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, webhook_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	return store_json_rows(st);
}

int webhook_delivery_queue(struct dbconn *db, const char *event, const char *month, const char *body, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_queue);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, event, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return store_changes(db, st);
}

int webhook_delivery_due(struct dbconn *db, int64_t now, int max, void (*fn)(const struct webhook_due *d, void *arg),
                         void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_due);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, max);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct webhook_due d = {sqlite3_column_int64(st, 0),
		                        sqlite3_column_int64(st, 1),
		                        sqlite3_column_int64(st, 2),
		                        sqlite3_column_int(st, 3),
		                        store_text(st, 4),
		                        store_text(st, 5),
		                        store_text(st, 6)};
		fn(&d, arg);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

int webhook_delivery_done(struct dbconn *db, int64_t id, long status, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_done);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, status);
	sqlite3_bind_int64(st, 3, now);
	return store_step_done(st);
}

int webhook_delivery_retry(struct dbconn *db, int64_t id, int attempts, int64_t next_at, long status, const char *error,
                           int failed, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_retry);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, attempts);
	sqlite3_bind_int64(st, 3, next_at);
	if (status)
		sqlite3_bind_int64(st, 4, status);
	sqlite3_bind_text(st, 5, error, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 6, failed);
	sqlite3_bind_int64(st, 7, now);
	return store_step_done(st);
}
