/* GET /v1/admin/audit: the audit log for an admin, newest first, filtered
 * by actor, action (exact, or every action under a prefix ending in '.':
 * "complaint."), object, and office dates.  The log holds ids, not personal
 * data, so reading it is not itself a read of personal data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "config.h"
#include "dates.h"
#include "http.h"
#include "list.h"
#include "server.h"
#include "store.h"

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

static int query_word(const char *s)
{
	return !s || (strlen(s) <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz_.") == strlen(s) && *s);
}

void audit_list(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	int64_t actor = 0, object = 0;
	const char *action = req_query(r, "action"), *type = req_query(r, "object_type");
	const char *since = req_query(r, "since"), *until = req_query(r, "until");
	struct date day;
	const char *bad = req_query_id(r, "actor_id", &actor) < 0 ? "actor_id"
		: req_query_id(r, "object_id", &object) < 0       ? "object_id"
		: !query_word(action)                             ? "action"
		: !query_word(type)                               ? "object_type"
		: since && date_parse(since, &day) < 0            ? "since"
		: until && date_parse(until, &day) < 0            ? "until"
								  : NULL;
	if (bad) {
		req_fail(r, ERR_QUERY_INVALID, bad);
		return;
	}
	sqlite3_stmt *st = store_stmt(&r->srv->reader, sql_list);
	if (!st) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (actor)
		sqlite3_bind_int64(st, 1, actor);
	if (action)
		sqlite3_bind_text(st, 2, action, -1, SQLITE_TRANSIENT);
	if (type)
		sqlite3_bind_text(st, 3, type, -1, SQLITE_TRANSIENT);
	if (object)
		sqlite3_bind_int64(st, 4, object);
	if (since)
		sqlite3_bind_text(st, 5, since, -1, SQLITE_TRANSIENT);
	if (until)
		sqlite3_bind_text(st, 6, until, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, page.cursor);
	sqlite3_bind_int(st, 8, page.limit + 1);
	sqlite3_bind_int(st, 9, r->srv->cfg->utc_offset_minutes * 60);
	list_reply_rows(r, st, page.limit, NULL);
}
