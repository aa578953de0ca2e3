/* The stored replies of Idempotency-Key requests (idempotency.h says why). */
#include <stdlib.h>
#include <string.h>

#include "idempotency_store.h"
#include "store_sql.h"

static const char sql_lookup[] = "SELECT request_hash, status, body FROM idempotency WHERE scope = ? AND key = ?";
static const char sql_save[] = "INSERT OR REPLACE INTO idempotency(scope, key, request_hash, status, body, created_at) "
			       "VALUES (?,?,?,?,?,?)";
static const char sql_expire[] = "DELETE FROM idempotency WHERE created_at < ?";

int idempotency_lookup(struct dbconn *db, const char *scope, const char *key, struct stored_reply *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_lookup);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_ROW || sqlite3_column_bytes(st, 0) != DIGEST_BYTES) {
		sqlite3_reset(st);
		return -1;
	}
	memcpy(out->request_digest, sqlite3_column_blob(st, 0), DIGEST_BYTES);
	out->status = sqlite3_column_int(st, 1);
	out->body = strdup(store_text(st, 2));
	sqlite3_reset(st);
	return out->body ? 1 : -1;
}

int idempotency_save(struct dbconn *db, const char *scope, const char *key, const unsigned char digest[DIGEST_BYTES],
                     int status, const char *body, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_save);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, digest, DIGEST_BYTES, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, status);
	sqlite3_bind_text(st, 5, body ? body : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	return store_step_done(st);
}

int idempotency_expire(struct dbconn *db, int64_t before)
{
	sqlite3_stmt *st = store_stmt(db, sql_expire);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	return store_step_done(st);
}
