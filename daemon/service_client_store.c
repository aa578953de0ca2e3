#include <stdio.h>
#include <string.h>

#include "service_client_store.h"
#include "store_sql.h"

#define CLIENT_JSON \
	"json_object('id', c.id, 'client_id', c.client_id, 'name', c.name, 'organisation', c.organisation, " \
	"'scopes', json(c.scopes), 'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', c.created_at, 'unixepoch'), " \
	"'rotated_at', strftime('%Y-%m-%dT%H:%M:%SZ', c.rotated_at, 'unixepoch'), 'revoked_at', " \
	"strftime('%Y-%m-%dT%H:%M:%SZ', c.revoked_at, 'unixepoch'))"
static const char sql_insert[] =
	"INSERT INTO service_client(client_id, name, organisation, scopes, secret_digest, created_by, created_at) "
	"VALUES (?1, ?2, ?3, json(?4), ?5, ?6, ?7)";
static const char sql_by_client_id[] =
	"SELECT id, client_id, name, scopes, secret_digest, revoked_at IS NOT NULL FROM service_client WHERE client_id = ?1";
static const char sql_fetch[] =
	"SELECT id, client_id, name, scopes, secret_digest, revoked_at IS NOT NULL FROM service_client WHERE id = ?1";
static const char sql_rotate[] =
	"UPDATE service_client SET secret_digest = ?2, rotated_at = ?3 WHERE id = ?1 AND revoked_at IS NULL";
static const char sql_revoke[] = "UPDATE service_client SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";
static const char sql_drop_tokens[] = "DELETE FROM service_token WHERE client = ?1";
static const char sql_json[] = "SELECT " CLIENT_JSON " FROM service_client c WHERE c.id = ?";
static const char sql_page[] = "SELECT " CLIENT_JSON
			       " FROM service_client c WHERE (?1 = 0 OR c.id < ?1) ORDER BY c.id DESC LIMIT ?2";
static const char sql_token_insert[] =
	"INSERT INTO service_token(digest, client, scopes, expires_at, created_at) VALUES (?1, ?2, json(?3), ?4, ?5)";
static const char sql_token_find[] =
	"SELECT t.client, t.scopes FROM service_token t JOIN service_client c ON c.id = t.client WHERE t.digest = ?1 "
	"AND t.expires_at > ?2 AND c.revoked_at IS NULL";
static const char sql_token_expire[] = "DELETE FROM service_token WHERE expires_at <= ?1";
static const char sql_months[] =
	"SELECT k.month, k.closed_at, IFNULL((SELECT max(f.at) FROM stats_feed_change f WHERE f.month = k.month), 0) "
	"FROM ipk_closure k ORDER BY k.month";
/* A digest unlike the last noted; the first only when it is not of "no
 * corrections" (?4), which is what a month has at its closing. */
static const char sql_note[] =
	"INSERT INTO stats_feed_change(month, digest, at) SELECT ?1, ?2, ?3 WHERE IFNULL((SELECT digest FROM "
	"stats_feed_change WHERE month = ?1 ORDER BY id DESC LIMIT 1), ?4) <> ?2";

static int read_client(sqlite3_stmt *st, struct service_client_row *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		store_copy_text(out->client_id, sizeof out->client_id, st, 1);
		store_copy_text(out->name, sizeof out->name, st, 2);
		store_copy_text(out->scopes, sizeof out->scopes, st, 3);
		const void *digest = sqlite3_column_blob(st, 4);
		if (digest && sqlite3_column_bytes(st, 4) == DIGEST_BYTES)
			memcpy(out->secret_digest, digest, DIGEST_BYTES);
		out->revoked = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int service_client_insert(struct dbconn *db, const char *client_id, const char *name, const char *organisation,
                          const char *scopes_json, const unsigned char digest[DIGEST_BYTES], int64_t by, int64_t now,
                          int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, organisation, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, scopes_json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 5, digest, DIGEST_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, by);
	sqlite3_bind_int64(st, 7, now);
	return store_insert(db, st, id) == STORE_OK ? 0 : -1;
}

int service_client_by_client_id(struct dbconn *db, const char *client_id, struct service_client_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_by_client_id);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, client_id, -1, SQLITE_TRANSIENT);
	return read_client(st, out);
}

int service_client_fetch(struct dbconn *db, int64_t id, struct service_client_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return read_client(st, out);
}

static int drop_tokens(struct dbconn *db, int64_t id)
{
	sqlite3_stmt *st = store_stmt(db, sql_drop_tokens);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_changes(db, st) < 0 ? -1 : 0;
}

enum store_result service_client_rotate(struct dbconn *db, int64_t id, const unsigned char digest[DIGEST_BYTES],
                                        int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_rotate);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_blob(st, 2, digest, DIGEST_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	enum store_result rc = store_change_one(db, st);
	return rc == STORE_OK && drop_tokens(db, id) < 0 ? STORE_ERROR : rc;
}

enum store_result service_client_revoke(struct dbconn *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_revoke);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	enum store_result rc = store_change_one(db, st);
	return rc == STORE_OK && drop_tokens(db, id) < 0 ? STORE_ERROR : rc;
}

json_t *service_client_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_json, id); }

json_t *service_client_page(struct dbconn *db, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_page);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, cursor);
	sqlite3_bind_int(st, 2, limit);
	return store_json_rows(st);
}

int service_token_insert(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t client,
                         const char *scopes_json, int64_t expires_at, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_token_insert);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, digest, DIGEST_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, client);
	sqlite3_bind_text(st, 3, scopes_json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, expires_at);
	sqlite3_bind_int64(st, 5, now);
	return store_step_done(st);
}

int service_token_find(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t now, int64_t *client,
                       char scopes[256])
{
	sqlite3_stmt *st = store_stmt(db, sql_token_find);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, digest, DIGEST_BYTES, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*client = sqlite3_column_int64(st, 0);
		store_copy_text(scopes, 256, st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int service_token_expire(struct dbconn *db, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_token_expire);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	return store_changes(db, st) < 0 ? -1 : 0;
}

int stats_feed_months(struct dbconn *db,
                      void (*fn)(const char *month, int64_t closed_at, int64_t changed_at, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_months);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(store_text(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), arg);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int stats_feed_note(struct dbconn *db, const char *month, int64_t digest, int64_t none, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_note);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, digest);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, none);
	return store_changes(db, st);
}
