#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "document_store.h"
#include "store_sql.h"

static const char sql_insert[] =
	"INSERT INTO document(account_id, kind, media_type, bytes, width, height, sha256, content, "
	"uploaded_at) VALUES (?,?,?,?,NULLIF(?,0),NULLIF(?,0),?,?,?)";
static const char sql_delete_kind[] = "DELETE FROM document WHERE account_id = ? AND kind = ?";
static const char sql_list[] = "SELECT json_group_array(json_object('id', id, 'kind', kind, 'media_type', media_type, "
			       "'bytes', bytes, 'width', width, 'height', height, "
			       "'uploaded_at', strftime('%Y-%m-%dT%H:%M:%SZ', uploaded_at, 'unixepoch'))) "
			       "FROM (SELECT * FROM document WHERE account_id = ? ORDER BY id)";
static const char sql_kinds[] = "SELECT DISTINCT kind FROM document WHERE account_id = ?";
static const char sql_fetch[] = "SELECT id, account_id, kind, media_type, content FROM document WHERE id = ?";
static const char sql_fetch_kind[] =
	"SELECT id, account_id, kind, media_type, content FROM document WHERE account_id = ? AND kind = ? "
	"ORDER BY id DESC LIMIT 1";

int document_insert(struct dbconn *db, int64_t account_id, const char *kind, const char *media_type,
                    const unsigned char *content, size_t len, int width, int height, const unsigned char sha256[32],
                    int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, media_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)len);
	sqlite3_bind_int(st, 5, width);
	sqlite3_bind_int(st, 6, height);
	sqlite3_bind_blob(st, 7, sha256, 32, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 8, content, len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, now);
	return store_insert(db, st, id) == 0 ? 0 : -1;
}

int document_delete_kind(struct dbconn *db, int64_t account_id, const char *kind)
{
	sqlite3_stmt *st = store_stmt(db, sql_delete_kind);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	return store_step_done(st);
}

json_t *document_list(struct dbconn *db, int64_t account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_list);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, account_id);
	json_t *list = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		list = json_loads(store_text(st, 0), 0, NULL);
	sqlite3_reset(st);
	return list;
}

int document_kinds(struct dbconn *db, int64_t account_id)
{
	static const struct {
		const char *kind;
		int bit;
	} bits[] = {{"photo", DOC_PHOTO},
	            {"ktp", DOC_KTP},
	            {"diploma", DOC_DIPLOMA},
	            {"certificate", DOC_CERTIFICATE},
	            {"work_letter", DOC_WORK_LETTER}};
	sqlite3_stmt *st = store_stmt(db, sql_kinds);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc, kinds = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
			if (!strcmp(store_text(st, 0), bits[i].kind))
				kinds |= bits[i].bit;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? kinds : -1;
}

static int fetch_row(sqlite3_stmt *st, struct stored_document *out)
{
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->account_id = sqlite3_column_int64(st, 1);
		snprintf(out->kind, sizeof out->kind, "%s", store_text(st, 2));
		snprintf(out->media_type, sizeof out->media_type, "%s", store_text(st, 3));
		out->len = (size_t)sqlite3_column_bytes(st, 4);
		out->content = malloc(out->len ? out->len : 1);
		if (out->content) {
			memcpy(out->content, sqlite3_column_blob(st, 4), out->len);
			found = 1;
		} else {
			rc = SQLITE_NOMEM;
		}
	}
	sqlite3_reset(st);
	return found ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int document_fetch(struct dbconn *db, int64_t id, struct stored_document *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return fetch_row(st, out);
}

int document_fetch_kind(struct dbconn *db, int64_t account_id, const char *kind, struct stored_document *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_fetch_kind);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	return fetch_row(st, out);
}
