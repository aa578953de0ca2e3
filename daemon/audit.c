#include <stdlib.h>
#include <time.h>

#include "audit.h"
#include "log.h"
#include "writer.h"
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

struct read_record {
	int64_t actor_id, object_id;
	const char *action, *object_type; /* string constants */
	int64_t at;
};

static int read_write(struct dbconn *db, void *arg)
{
	struct read_record *rec = arg;
	return audit_record(db, rec->actor_id, rec->action, rec->object_type, rec->object_id, NULL,
	                    rec->at) == 0 ? WRITE_OK : WRITE_STORE_ERROR;
}

static void read_written(void *arg, int result)
{
	struct read_record *rec = arg;
	if (result != WRITE_OK)
		log_error("audit_read", "action=%s result=%d", rec->action, result);
	free(rec);
}

void audit_read(struct writer *w, int64_t actor_id, const char *action, const char *object_type,
                int64_t object_id)
{
	struct read_record *rec = malloc(sizeof *rec);
	if (!rec || !w) {
		free(rec);
		log_error("audit_read", "action=%s error=\"cannot queue\"", action);
		return;
	}
	*rec = (struct read_record){actor_id, object_id, action, object_type, (int64_t)time(NULL)};
	if (writer_submit(w, read_write, read_written, rec) < 0) {
		log_error("audit_read", "action=%s error=\"writer queue full\"", action);
		free(rec);
	}
}
