#include "audit.h"
#include "store.h"

static const char sql_insert[] =
	"INSERT INTO audit_log(at, actor_id, action, object_type, object_id, detail) "
	"VALUES (?, NULLIF(?, 0), ?, ?, NULLIF(?, 0), ?)";

int audit_record(struct dbconn *db, int64_t actor_id, const char *action, const char *object_type,
                 int64_t object_id, const char *detail_json, int64_t now)
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
