/* The audit log's SQL: appending a record (audit.c, every module's writes)
 * and the admin's filtered list (audit_query.c). */
#include <stdint.h>

#include "audit_store.h"
#include "store_sql.h"

static const char sql_insert[] = "INSERT INTO audit_log(at, actor_id, action, object_type, object_id, detail) "
				 "VALUES (?, NULLIF(?, 0), ?, ?, NULLIF(?, 0), ?)";

int audit_record(struct dbconn *db, int64_t actor_id, const char *action, const char *object_type, int64_t object_id,
                 const char *detail_json, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, actor_id);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, object_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, object_id);
	if (detail_json)
		sqlite3_bind_text(st, 6, detail_json, -1, SQLITE_STATIC);
	return store_step_done(st);
}

static const char sql_list[] =
	"SELECT json_object('id', l.id, 'at', strftime('%Y-%m-%dT%H:%M:%SZ', l.at, 'unixepoch'), 'actor_id', l.actor_id, "
	"'actor_role', a.role, 'action', l.action, 'object_type', l.object_type, 'object_id', l.object_id, 'detail', "
	"CASE WHEN json_valid(l.detail) THEN json(l.detail) ELSE l.detail END) "
	"FROM audit_log l LEFT JOIN account a ON a.id = l.actor_id "
	"WHERE (?1 IS NULL OR l.actor_id = ?1) "
	"AND (?2 IS NULL OR l.action = ?2 OR (substr(?2, -1) = '.' AND substr(l.action, 1, length(?2)) = ?2)) "
	"AND (?3 IS NULL OR l.object_type = ?3) AND (?4 IS NULL OR l.object_id = ?4) "
	"AND (?5 IS NULL OR l.at >= CAST(strftime('%s', ?5) AS INTEGER) - ?9) "
	"AND (?6 IS NULL OR l.at < CAST(strftime('%s', ?6, '+1 day') AS INTEGER) - ?9) "
	"AND (?7 = 0 OR l.id < ?7) ORDER BY l.id DESC LIMIT ?8";

json_t *audit_store_list(struct dbconn *db, const struct audit_filter *f, int64_t cursor, int limit,
                         int utc_offset_seconds)
{
	sqlite3_stmt *st = store_stmt(db, sql_list);
	if (!st)
		return NULL;
	if (f->actor_id)
		sqlite3_bind_int64(st, 1, f->actor_id);
	if (f->action)
		sqlite3_bind_text(st, 2, f->action, -1, SQLITE_TRANSIENT);
	if (f->object_type)
		sqlite3_bind_text(st, 3, f->object_type, -1, SQLITE_TRANSIENT);
	if (f->object_id)
		sqlite3_bind_int64(st, 4, f->object_id);
	if (f->since)
		sqlite3_bind_text(st, 5, f->since, -1, SQLITE_TRANSIENT);
	if (f->until)
		sqlite3_bind_text(st, 6, f->until, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, cursor);
	sqlite3_bind_int(st, 8, limit);
	sqlite3_bind_int(st, 9, utc_offset_seconds);
	return store_json_rows(st);
}
