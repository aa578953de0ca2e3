/* The region reference table (sql/ref/wilayah.tsv). */
#include <stdio.h>

#include "region_store.h"
#include "store_sql.h"

static const char sql_lookup[] = "SELECT level, IFNULL(parent, '') FROM region WHERE code = ?";

int region_lookup(struct dbconn *db, const char *code, int *level, char parent[32])
{
	sqlite3_stmt *st = store_stmt(db, sql_lookup);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*level = sqlite3_column_int(st, 0);
		snprintf(parent, 32, "%s", store_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static const char sql_children[] =
	"SELECT json_object('parent', json_object('code', p.code, 'name', p.name, 'level', p.level), "
	"'items', (SELECT json_group_array(json_object('code', c.code, 'name', c.name, 'level', c.level)) "
	"FROM (SELECT code, name, level FROM region WHERE parent = p.code ORDER BY code) c)) "
	"FROM region p WHERE p.code = ?1";

int region_store_children(struct dbconn *db, const char *parent, json_t **out)
{
	sqlite3_stmt *st = store_stmt(db, sql_children);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, parent, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = json_loads(store_text(st, 0), 0, NULL);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? (*out ? 1 : -1) : rc == SQLITE_DONE ? 0 : -1;
}
