/* WhatsApp templates, broadcasts and their recipients (broadcast.c). */
#include <stdlib.h>
#include <string.h>

#include "broadcast_store.h"
#include "store_sql.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"

/* ---- templates ---- */

/* SQL text laid out by hand: */
/* clang-format off */
#define TEMPLATE_JSON \
	"json_object('id', id, 'name', name, 'body', body, 'state', state, 'created_by', created_by, " \
	"'decided_by', decided_by, 'created_at', " ISO("created_at") ", 'decided_at', " ISO("decided_at") ")"
/* clang-format on */
static const char sql_template_insert[] =
	"INSERT INTO wa_template(name, body, created_by, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char sql_template_json[] = "SELECT " TEMPLATE_JSON " FROM wa_template WHERE id = ?1";
static const char sql_template_list[] = "SELECT " TEMPLATE_JSON
					" FROM wa_template WHERE (?1 IS NULL OR state = ?1) AND (?2 = 0 OR id < ?2) "
					"ORDER BY id DESC LIMIT ?3";
static const char sql_template_name_taken[] = "SELECT 1 FROM wa_template WHERE name = ?1";
static const char sql_template_decide[] =
	"UPDATE wa_template SET state = ?2, decided_by = ?3, decided_at = ?4 WHERE id = ?1 AND state = 'pending'";
static const char sql_template_get[] = "SELECT body, state FROM wa_template WHERE id = ?1";

json_t *broadcast_store_template(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_template_json, id); }

json_t *broadcast_store_templates(struct dbconn *db, const char *state, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_template_list);
	if (!st)
		return NULL;
	if (state)
		sqlite3_bind_text(st, 1, state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	return store_json_rows(st);
}

/* Reads, then writes: a store with concurrent writers must hold the name
 * (wa_template by name) from the check to the insert. */
enum store_result broadcast_store_template_insert(struct dbconn *db, const char *name, const char *body,
                                                  int64_t created_by, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(db, sql_template_name_taken);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return STORE_CONFLICT;
	if (rc != SQLITE_DONE || !(s = store_stmt(db, sql_template_insert)))
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, created_by);
	sqlite3_bind_int64(s, 4, now);
	return store_insert(db, s, id);
}

enum store_result broadcast_store_template_decide(struct dbconn *db, int64_t id, const char *state, int64_t decided_by,
                                                  int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_template_decide);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, decided_by);
	sqlite3_bind_int64(s, 4, now);
	return store_change_one(db, s);
}

int broadcast_store_template_text(struct dbconn *db, int64_t id, char **body, int *approved)
{
	sqlite3_stmt *s = store_stmt(db, sql_template_get);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*approved = !strcmp(store_text(s, 1), "approved");
		*body = strdup(store_text(s, 0));
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return *body ? 1 : -1;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- segments ---- */

#define RECIPIENT_NAME "{{nama}}"
/* Recipients: active accounts of the audience with an active consent
 * (unless ?2 = 0: the whole segment, for the preview's comparison);
 * organisations only verified and unsuspended.  Filters are JSON arrays
 * or NULL. */
#define SEGMENT_FROM \
	"FROM account a LEFT JOIN wa_consent c ON c.account_id = a.id AND c.withdrawn_at IS NULL " \
	"LEFT JOIN notification_setting ns ON ns.account_id = a.id " \
	"WHERE a.role = ?1 AND a.status = 'active' AND (?2 = 0 OR c.id IS NOT NULL) " \
	"AND (?1 = 'seeker' OR (a.verification = 'verified' AND EXISTS (SELECT 1 FROM organisation o " \
	"WHERE o.account_id = a.id AND o.suspended_at IS NULL))) " \
	"AND (?1 <> 'seeker' OR EXISTS (SELECT 1 FROM seeker s WHERE s.account_id = a.id " \
	"AND (?3 IS NULL OR s.kecamatan_code IN (SELECT value FROM json_each(?3))) " \
	"AND (?4 IS NULL OR s.education_level IN (SELECT value FROM json_each(?4))) " \
	"AND (?5 IS NULL OR s.birth_date <= date(?8, '-' || ?5 || ' years')) " \
	"AND (?6 IS NULL OR s.birth_date > date(?8, '-' || (?6 + 1) || ' years')) " \
	"AND (?7 IS NULL OR s.gender = ?7) " \
	"AND (?9 IS NULL OR (?9 = 'active') = EXISTS (SELECT 1 FROM card k WHERE k.seeker_id = s.id " \
	"AND k.state = 'active'))))"
static const char sql_segment_count[] = "SELECT count(*) " SEGMENT_FROM;
static const char sql_segment_send[] =
	"INSERT INTO wa_message(broadcast_id, account_id, phone, body, next_attempt_at, created_at, updated_at) "
	"SELECT ?10, a.id, c.phone, replace(?11, '" RECIPIENT_NAME "', a.display_name), "
	"quiet_release(?12, ?13, ns.quiet_from, ns.quiet_until), ?12, ?12 " SEGMENT_FROM;

static void segment_bind(sqlite3_stmt *st, const struct wa_segment *s, int consent_required)
{
	sqlite3_bind_text(st, 1, s->role, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, consent_required);
	if (s->kecamatan)
		sqlite3_bind_text(st, 3, s->kecamatan, -1, SQLITE_STATIC);
	if (s->education)
		sqlite3_bind_text(st, 4, s->education, -1, SQLITE_STATIC);
	if (s->age_min >= 0)
		sqlite3_bind_int(st, 5, s->age_min);
	if (s->age_max >= 0)
		sqlite3_bind_int(st, 6, s->age_max);
	if (*s->gender)
		sqlite3_bind_text(st, 7, s->gender, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, s->today, -1, SQLITE_STATIC);
	if (*s->card)
		sqlite3_bind_text(st, 9, s->card, -1, SQLITE_STATIC);
}

long long broadcast_store_segment_count(struct dbconn *db, const struct wa_segment *s, int consent_required)
{
	sqlite3_stmt *st = store_stmt(db, sql_segment_count);
	if (!st)
		return -1;
	segment_bind(st, s, consent_required);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* ---- broadcasts ---- */

/* SQL text laid out by hand: */
/* clang-format off */
#define BROADCAST_JSON \
	"json_object('id', b.id, 'template_id', b.template_id, 'template_name', t.name, 'segment', json(b.segment), " \
	"'variables', json(b.variables), 'vacancy_id', b.vacancy_id, 'recipients', b.recipients, 'created_by', " \
	"b.created_by, 'created_at', " ISO("b.created_at") ", 'delivery', (SELECT json_object('pending', " \
	"count(CASE WHEN m.state = 'pending' THEN 1 END), 'sent', count(CASE WHEN m.state = 'sent' THEN 1 END), " \
	"'delivered', count(CASE WHEN m.state = 'delivered' THEN 1 END), 'read', count(CASE WHEN m.state = 'read' " \
	"THEN 1 END), 'failed', count(CASE WHEN m.state = 'failed' THEN 1 END), 'skipped', count(CASE WHEN " \
	"m.state = 'skipped' THEN 1 END)) FROM wa_message m WHERE m.broadcast_id = b.id))"
/* clang-format on */
static const char sql_broadcast_json[] =
	"SELECT " BROADCAST_JSON " FROM wa_broadcast b JOIN wa_template t ON t.id = b.template_id WHERE b.id = ?1";
static const char sql_broadcast_list[] = "SELECT " BROADCAST_JSON
					 " FROM wa_broadcast b JOIN wa_template t ON t.id = b.template_id "
					 "WHERE (?1 = 0 OR b.id < ?1) ORDER BY b.id DESC LIMIT ?2";
static const char sql_broadcast_insert[] =
	"INSERT INTO wa_broadcast(template_id, segment, variables, vacancy_id, recipients, created_by, created_at) "
	"VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)";
static const char sql_broadcast_count[] = "UPDATE wa_broadcast SET recipients = ?2 WHERE id = ?1";

int broadcast_store_send(struct dbconn *db, const struct wa_broadcast_new *b, const struct wa_segment *seg, int64_t now,
                         int64_t *id)
{
	sqlite3_stmt *s = store_stmt(db, sql_broadcast_insert);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, b->template_id);
	sqlite3_bind_text(s, 2, b->segment_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, b->variables_json, -1, SQLITE_STATIC);
	if (b->vacancy_id)
		sqlite3_bind_int64(s, 4, b->vacancy_id);
	sqlite3_bind_int64(s, 5, b->created_by);
	sqlite3_bind_int64(s, 6, now);
	if (store_insert(db, s, id) != STORE_OK || !(s = store_stmt(db, sql_segment_send)))
		return -1;
	/* The recipients are chosen again here, inside the transaction: a
	 * consent withdrawn since the preview is respected. */
	segment_bind(s, seg, 1);
	sqlite3_bind_int64(s, 10, *id);
	sqlite3_bind_text(s, 11, b->text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 12, now);
	sqlite3_bind_int(s, 13, b->utc_offset_minutes);
	int n = store_changes(db, s);
	if (n < 0 || !(s = store_stmt(db, sql_broadcast_count)))
		return -1;
	sqlite3_bind_int64(s, 1, *id);
	sqlite3_bind_int(s, 2, n);
	return store_changes(db, s) < 0 ? -1 : n;
}

json_t *broadcast_store_get(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_broadcast_json, id); }

json_t *broadcast_store_list(struct dbconn *db, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_broadcast_list);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, cursor);
	sqlite3_bind_int(st, 2, limit);
	return store_json_rows(st);
}
