#include "store_sql.h"
#include "throttle_store.h"

static const char sql_get[] = "SELECT window_start, failures FROM login_throttle WHERE subject = ?";
/* A failure outside the current window starts a new one. */
static const char sql_fail[] = "INSERT INTO login_throttle(subject, window_start, failures) VALUES (?1, ?2, 1) "
			       "ON CONFLICT(subject) DO UPDATE SET "
			       "failures = CASE WHEN window_start <= ?2 - ?3 THEN 1 ELSE failures + 1 END, "
			       "window_start = CASE WHEN window_start <= ?2 - ?3 THEN ?2 ELSE window_start END";
static const char sql_clear[] = "DELETE FROM login_throttle WHERE subject = ?";
static const char sql_expire[] = "DELETE FROM login_throttle WHERE window_start < ?";

int throttle_wait(struct dbconn *db, const unsigned char subject[DIGEST_BYTES], int max_failures, int window_s,
                  int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_get);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, subject, DIGEST_BYTES, SQLITE_STATIC);
	int rc = sqlite3_step(st), wait = 0;
	if (rc == SQLITE_ROW) {
		int64_t start = sqlite3_column_int64(st, 0), failures = sqlite3_column_int64(st, 1);
		if (failures >= max_failures && now < start + window_s)
			wait = (int)(start + window_s - now);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? wait : -1;
}

int throttle_fail(struct dbconn *db, const unsigned char subject[DIGEST_BYTES], int window_s, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_fail);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, subject, DIGEST_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, window_s);
	return store_step_done(st);
}

int throttle_clear(struct dbconn *db, const unsigned char subject[DIGEST_BYTES])
{
	sqlite3_stmt *st = store_stmt(db, sql_clear);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, subject, DIGEST_BYTES, SQLITE_STATIC);
	return store_step_done(st);
}

int throttle_expire(struct dbconn *db, int64_t before)
{
	sqlite3_stmt *st = store_stmt(db, sql_expire);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	return store_step_done(st);
}
