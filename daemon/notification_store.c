/* Notification rows, their dispatch to the channels, the digest's rows and
 * the preferences (notification.c decides; this file holds the SQL). */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "notification_store.h"
#include "store_sql.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"

static const char sql_insert[] =
	"INSERT INTO notification(account_id, category, title, body, object_type, object_id, created_at) "
	"SELECT id, ?2, ?3, ?4, ?5, ?6, ?7 FROM account WHERE id = ?1 AND status = 'active'";
static const char sql_mark[] = "SELECT IFNULL(max(id), 0) FROM notification";
/* A category's channels: the person's row, else in-app and e-mail on. */
#define PREF(col, dflt) \
	"IFNULL((SELECT " col \
	" FROM notification_pref p WHERE p.account_id = n.account_id AND p.category = n.category), " dflt ")"
/* Rows are inserted shown; only those of people who hide the category are
 * written again (a vacancy matching thousands touches no row twice). */
static const char sql_in_app[] =
	"UPDATE notification AS n SET in_app = 0 WHERE n.id > ?1 AND EXISTS (SELECT 1 FROM notification_pref p "
	"WHERE p.account_id = n.account_id AND p.category = n.category AND p.in_app = 0)";
static const char sql_email_now[] =
	"INSERT INTO outbox(channel, recipient, subject, body, created_at, next_attempt_at) "
	"SELECT 'email', a.email, n.title, printf('Yth. %s,\n\n%s\n\nSalam,\n%s\n', a.display_name, n.body, ?3), ?2, "
	"quiet_release(?2, ?4, s.quiet_from, s.quiet_until) FROM notification n JOIN account a ON a.id = n.account_id "
	"LEFT JOIN notification_setting s ON s.account_id = n.account_id "
	"WHERE n.id > ?1 AND " PREF("email", "1") " = 1 AND IFNULL(s.daily_digest, 0) = 0";
static const char sql_email_digest[] = "UPDATE notification AS n SET digest_state = 'pending' WHERE n.id > ?1 AND " PREF(
	"email",
	"1") " = 1 "
	     "AND EXISTS (SELECT 1 FROM notification_setting s WHERE s.account_id = n.account_id AND s.daily_digest = 1)";
static const char sql_whatsapp[] =
	"INSERT INTO wa_message(account_id, phone, body, next_attempt_at, created_at, updated_at) "
	"SELECT n.account_id, c.phone, n.title || char(10) || char(10) || n.body, "
	"quiet_release(?2, ?4, s.quiet_from, s.quiet_until), ?2, ?2 FROM notification n "
	"JOIN wa_consent c ON c.account_id = n.account_id AND c.withdrawn_at IS NULL "
	"LEFT JOIN notification_setting s ON s.account_id = n.account_id "
	"WHERE n.id > ?1 AND " PREF("whatsapp", "0") " = 1";
/* A push to each device the person registered, held through quiet hours. */
static const char sql_push[] =
	"INSERT INTO push_message(device_id, notification_id, category, title, body, next_attempt_at, created_at, "
	"updated_at) SELECT d.id, n.id, n.category, n.title, n.body, quiet_release(?2, ?4, s.quiet_from, s.quiet_until), "
	"?2, ?2 FROM notification n JOIN push_device d ON d.account_id = n.account_id AND d.dropped_at IS NULL "
	"LEFT JOIN notification_setting s ON s.account_id = n.account_id "
	"WHERE n.id > ?1 AND " PREF("push", "1") " = 1";

int notification_send(struct dbconn *db, const struct config *cfg, int64_t account_id, const struct notification *n,
                      int64_t now)
{
	int64_t mark = notification_mark(db);
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (mark < 0 || !st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, n->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, n->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, n->body, -1, SQLITE_STATIC);
	if (n->object_type) {
		sqlite3_bind_text(st, 5, n->object_type, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, n->object_id);
	}
	sqlite3_bind_int64(st, 7, now);
	int inserted = store_changes(db, st);
	if (inserted < 0)
		return -1;
	return inserted ? notification_dispatch(db, cfg, mark, now) : 0;
}

int64_t notification_mark(struct dbconn *db)
{
	sqlite3_stmt *st = store_stmt(db, sql_mark);
	if (!st)
		return -1;
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return id;
}

/* The dispatch statements share their parameters: ?1 the last row before
 * the new ones, ?2 now, ?3 the office's name, ?4 its UTC offset in minutes;
 * each binds as many as it has. */
static int run(struct dbconn *db, const char *sql, int64_t after_id, int64_t now, const struct config *cfg)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	int n = sqlite3_bind_parameter_count(st);
	sqlite3_bind_int64(st, 1, after_id);
	if (n >= 2)
		sqlite3_bind_int64(st, 2, now);
	if (n >= 3)
		sqlite3_bind_text(st, 3, cfg->office_name, -1, SQLITE_STATIC);
	if (n >= 4)
		sqlite3_bind_int(st, 4, cfg->utc_offset_minutes);
	return store_changes(db, st) < 0 ? -1 : 0;
}

int notification_dispatch(struct dbconn *db, const struct config *cfg, int64_t after_id, int64_t now)
{
	/* No push provider, no pushes: they would wait for ever. */
	return run(db, sql_in_app, after_id, now, cfg) < 0 || run(db, sql_email_now, after_id, now, cfg) < 0 ||
			run(db, sql_email_digest, after_id, now, cfg) < 0 ||
			run(db, sql_whatsapp, after_id, now, cfg) < 0 ||
			(*cfg->push_api_url && run(db, sql_push, after_id, now, cfg) < 0)
		? -1
		: 0;
}

/* ---- the daily digest ---- */

static const char sql_digest_due[] = "SELECT s.account_id FROM notification_setting s WHERE s.daily_digest = 1 "
				     "AND IFNULL(s.last_digest_at, 0) < ?1 AND EXISTS (SELECT 1 FROM notification n "
				     "WHERE n.account_id = s.account_id AND n.digest_state = 'pending') LIMIT ?2";
static const char sql_digest_items[] =
	"SELECT title, body FROM notification WHERE account_id = ?1 AND digest_state = 'pending' ORDER BY id";
static const char sql_digest_done[] =
	"UPDATE notification SET digest_state = 'sent' WHERE account_id = ?1 AND digest_state = 'pending'";
static const char sql_digest_stamp[] = "UPDATE notification_setting SET last_digest_at = ?2 WHERE account_id = ?1";

int notification_store_digest_due(struct dbconn *db, int64_t moment, int64_t *ids, int max)
{
	sqlite3_stmt *st = store_stmt(db, sql_digest_due);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, moment);
	sqlite3_bind_int(st, 2, max);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

int notification_store_digest_items(struct dbconn *db, int64_t account_id,
                                    void (*fn)(const char *title, const char *body, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_digest_items);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(store_text(st, 0), store_text(st, 1), arg);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int notification_store_digest_done(struct dbconn *db, int64_t account_id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_digest_done);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	if (store_changes(db, st) < 0 || !(st = store_stmt(db, sql_digest_stamp)))
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, now);
	return store_changes(db, st) < 0 ? -1 : 0;
}

/* ---- the inbox ---- */

static const char sql_inbox[] =
	"SELECT json_object('id', id, 'category', category, 'title', title, 'body', body, 'object_type', object_type, "
	"'object_id', object_id, 'created_at', " ISO(
		"created_at") ", 'read', json(CASE WHEN read_at IS NULL "
			      "THEN 'false' ELSE 'true' END)) FROM notification WHERE account_id = ?1 AND in_app = 1 "
			      "AND (?2 = 0 OR id < ?2) AND (?4 = 0 OR read_at IS NULL) AND (?5 IS NULL OR category = ?5) "
			      "ORDER BY id DESC LIMIT ?3";
static const char sql_unread[] =
	"SELECT count(*) FROM notification WHERE account_id = ?1 AND in_app = 1 AND read_at IS NULL";
static const char sql_read_one[] =
	"UPDATE notification SET read_at = ?3 WHERE id = ?1 AND account_id = ?2 AND in_app = 1 AND read_at IS NULL";
static const char sql_is_own[] = "SELECT 1 FROM notification WHERE id = ?1 AND account_id = ?2 AND in_app = 1";
static const char sql_read_all[] =
	"UPDATE notification SET read_at = ?3 WHERE account_id = ?1 AND in_app = 1 AND read_at IS NULL "
	"AND (?2 = 0 OR id <= ?2)";

long long notification_store_unread(struct dbconn *db, int64_t account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_unread);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

json_t *notification_store_inbox(struct dbconn *db, int64_t account_id, int64_t cursor, int limit, int unread_only,
                                 const char *category)
{
	sqlite3_stmt *st = store_stmt(db, sql_inbox);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	sqlite3_bind_int(st, 4, unread_only);
	if (category)
		sqlite3_bind_text(st, 5, category, -1, SQLITE_TRANSIENT);
	return store_json_rows(st);
}

/* Reads, then writes one row of the person's own: nothing another writer
 * could change between the two (a notification never changes hands). */
int notification_store_read_one(struct dbconn *db, int64_t id, int64_t account_id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_is_own);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, account_id);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return -2;
	if (rc != SQLITE_ROW || !(s = store_stmt(db, sql_read_one)))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, account_id);
	sqlite3_bind_int64(s, 3, now);
	return store_changes(db, s);
}

int notification_store_read_all(struct dbconn *db, int64_t account_id, int64_t up_to, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_read_all);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, up_to);
	sqlite3_bind_int64(s, 3, now);
	return store_changes(db, s);
}

/* ---- preferences ---- */

static const char sql_prefs[] =
	"SELECT category, in_app, email, whatsapp, push FROM notification_pref WHERE account_id = ?1";
static const char sql_setting[] =
	"SELECT quiet_from, quiet_until, daily_digest FROM notification_setting WHERE account_id = ?1";
static const char sql_consent[] =
	"SELECT phone, " ISO("given_at") " FROM wa_consent WHERE account_id = ?1 AND withdrawn_at IS NULL";
static const char sql_pref_put[] =
	"INSERT INTO notification_pref(account_id, category, in_app, email, whatsapp, push) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(account_id, category) DO UPDATE SET in_app = excluded.in_app, "
	"email = excluded.email, whatsapp = excluded.whatsapp, push = excluded.push";
static const char sql_setting_put[] =
	"INSERT INTO notification_setting(account_id, quiet_from, quiet_until, daily_digest, updated_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(account_id) DO UPDATE SET quiet_from = excluded.quiet_from, "
	"quiet_until = excluded.quiet_until, daily_digest = excluded.daily_digest, updated_at = excluded.updated_at";

int notification_store_channels(struct dbconn *db, int64_t account_id,
                                void (*fn)(const char *category, const int channel[NOTIFICATION_CHANNELS], void *arg),
                                void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_prefs);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int channel[NOTIFICATION_CHANNELS];
		for (int k = 0; k < NOTIFICATION_CHANNELS; k++)
			channel[k] = sqlite3_column_int(st, 1 + k);
		fn(store_text(st, 0), channel, arg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int notification_store_setting(struct dbconn *db, int64_t account_id, int *quiet_from, int *quiet_until,
                               int *daily_digest)
{
	sqlite3_stmt *st = store_stmt(db, sql_setting);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			*quiet_from = sqlite3_column_int(st, 0);
			*quiet_until = sqlite3_column_int(st, 1);
		}
		*daily_digest = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int notification_store_consent(struct dbconn *db, int64_t account_id, char phone[32], char given_at[32])
{
	sqlite3_stmt *st = store_stmt(db, sql_consent);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		store_copy_text(phone, 32, st, 0);
		store_copy_text(given_at, 32, st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int notification_store_channels_put(struct dbconn *db, int64_t account_id, const char *category,
                                    const int channel[NOTIFICATION_CHANNELS])
{
	sqlite3_stmt *s = store_stmt(db, sql_pref_put);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, category, -1, SQLITE_STATIC);
	for (int k = 0; k < NOTIFICATION_CHANNELS; k++)
		sqlite3_bind_int(s, 3 + k, channel[k]);
	return store_step_done(s);
}

int notification_store_setting_put(struct dbconn *db, int64_t account_id, int quiet_from, int quiet_until,
                                   int daily_digest, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_setting_put);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	if (quiet_from >= 0) {
		sqlite3_bind_int(s, 2, quiet_from);
		sqlite3_bind_int(s, 3, quiet_until);
	}
	sqlite3_bind_int(s, 4, daily_digest);
	sqlite3_bind_int64(s, 5, now);
	return store_step_done(s);
}
