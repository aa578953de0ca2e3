/* The log of CSV imports: one table per kind, the same columns. */
#include <string.h>

#include "csv_upload_store.h"
#include "store_sql.h"
#include "card_import.h"

static const char sql_card_import[] =
	"INSERT INTO card_import(sha256, officer_id, mode, rows_total, imported, skipped, created_at) "
	"VALUES (?,?,?,?,?,?,?)";
static const char sql_training_import[] =
	"INSERT INTO training_import(sha256, officer_id, mode, rows_total, imported, skipped, created_at) "
	"VALUES (?,?,?,?,?,?,?)";

int64_t import_log_insert(struct dbconn *db, const char *kind, const unsigned char sha256[32], int64_t officer,
                          const char *mode, int total, int imported, int skipped, int64_t now)
{
	const char *sql = !strcmp(kind, "card_import") ? sql_card_import
		: !strcmp(kind, "training_import")     ? sql_training_import
						       : NULL;
	sqlite3_stmt *st = sql ? store_stmt(db, sql) : NULL;
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, sha256, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, officer);
	sqlite3_bind_text(st, 3, mode, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, total);
	sqlite3_bind_int(st, 5, imported);
	sqlite3_bind_int(st, 6, skipped);
	sqlite3_bind_int64(st, 7, now);
	int64_t id;
	return store_insert(db, st, &id) == STORE_OK ? id : -1;
}
