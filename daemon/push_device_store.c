/* The devices that receive push notifications (push_device.c, push.c). */
#include <stdio.h>

#include "push_device_store.h"
#include "store_sql.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"
#define DEVICE_JSON \
	"json_object('id', id, 'platform', platform, 'token_end', substr(token, -6), 'created_at', " ISO( \
		"created_at") ", 'last_seen_at', " ISO("last_seen_at") ")"
/* Pushes waiting for the token's previous account are not this one's. */
static const char sql_skip_others[] =
	"UPDATE push_message SET state = 'skipped', last_error = 'device signed in to another account', updated_at = ?3 "
	"WHERE state = 'pending' AND device_id = (SELECT id FROM push_device WHERE token = ?2 AND account_id <> ?1)";
static const char sql_register[] =
	"INSERT INTO push_device(account_id, token, platform, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?4) "
	"ON CONFLICT(token) DO UPDATE SET created_at = CASE WHEN account_id = ?1 AND dropped_at IS NULL THEN created_at "
	"ELSE ?4 END, account_id = ?1, platform = ?3, last_seen_at = ?4, dropped_at = NULL, drop_reason = NULL "
	"RETURNING id";
static const char sql_known[] =
	"SELECT count(*) FROM push_device WHERE token = ?2 AND account_id = ?1 AND dropped_at IS NULL";
static const char sql_cap[] =
	"UPDATE push_device SET dropped_at = ?2, drop_reason = 'replaced' WHERE account_id = ?1 AND dropped_at IS NULL "
	"AND id NOT IN (SELECT id FROM push_device WHERE account_id = ?1 AND dropped_at IS NULL "
	"ORDER BY last_seen_at DESC, id DESC LIMIT ?3)";
static const char sql_list[] = "SELECT " DEVICE_JSON " FROM push_device WHERE account_id = ?1 AND dropped_at IS NULL "
			       "ORDER BY last_seen_at DESC, id DESC";
static const char sql_json[] = "SELECT " DEVICE_JSON " FROM push_device WHERE id = ?1";
static const char sql_drop[] = "UPDATE push_device SET dropped_at = ?4, drop_reason = ?3 WHERE id = ?1 "
			       "AND (?2 = 0 OR account_id = ?2) AND dropped_at IS NULL";
static const char sql_skip_dropped[] =
	"UPDATE push_message SET state = 'skipped', last_error = 'device dropped', updated_at = ?2 "
	"WHERE device_id = ?1 AND state = 'pending'";

int push_device_store_register(struct dbconn *db, int64_t account_id, const char *token, const char *platform,
                               int64_t now, int64_t *id, int *created)
{
	sqlite3_stmt *skip = store_stmt(db, sql_skip_others);
	if (!skip)
		return -1;
	sqlite3_bind_int64(skip, 1, account_id);
	sqlite3_bind_text(skip, 2, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(skip, 3, now);
	if (store_changes(db, skip) < 0)
		return -1;
	sqlite3_stmt *known = store_stmt(db, sql_known);
	if (!known)
		return -1;
	sqlite3_bind_int64(known, 1, account_id);
	sqlite3_bind_text(known, 2, token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(known);
	*created = rc == SQLITE_ROW && sqlite3_column_int(known, 0) == 0;
	sqlite3_reset(known);
	if (rc != SQLITE_ROW)
		return -1;
	sqlite3_stmt *st = store_stmt(db, sql_register);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, platform, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	sqlite3_stmt *cap = store_stmt(db, sql_cap);
	if (!cap)
		return -1;
	sqlite3_bind_int64(cap, 1, account_id);
	sqlite3_bind_int64(cap, 2, now);
	sqlite3_bind_int(cap, 3, PUSH_DEVICES_MAX);
	return store_changes(db, cap) < 0 ? -1 : 0;
}

json_t *push_device_store_list(struct dbconn *db, int64_t account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_list);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, account_id);
	return store_json_rows(st);
}

json_t *push_device_store_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_json, id); }

enum store_result push_device_store_drop(struct dbconn *db, int64_t id, int64_t account_id, const char *reason,
                                         int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_drop);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, account_id);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	enum store_result rc = store_change_one(db, st);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *skip = store_stmt(db, sql_skip_dropped);
	if (!skip)
		return STORE_ERROR;
	sqlite3_bind_int64(skip, 1, id);
	sqlite3_bind_int64(skip, 2, now);
	return store_changes(db, skip) < 0 ? STORE_ERROR : STORE_OK;
}
