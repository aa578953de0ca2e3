/* Notifications: the inbox rows, the channels each person chose per
 * category, quiet hours and the daily digest (notification.h).  Delivery itself
 * is the outbox's (e-mail) and whatsapp.c's (WhatsApp); this file decides
 * what goes where and when, set-based so that a vacancy matching thousands
 * of people costs a few statements, not thousands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "body.h"
#include "config.h"
#include "dates.h"
#include "http.h"
#include "list.h"
#include "notification.h"
#include "outbox.h"
#include "server.h"
#include "store.h"
#include "validate.h"

const char *const notice_categories[] = {"card",        "report",    "vacancy", "training",
                                         "application", "complaint", "tracer",  NULL};

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

int notice_send(struct dbconn *db, const struct config *cfg, int64_t account_id, const struct notice *n, int64_t now)
{
	int64_t mark = notice_mark(db);
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
	return inserted ? notice_dispatch(db, cfg, mark, now) : 0;
}

int64_t notice_mark(struct dbconn *db)
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

int notice_dispatch(struct dbconn *db, const struct config *cfg, int64_t after_id, int64_t now)
{
	return run(db, sql_in_app, after_id, now, cfg) < 0 || run(db, sql_email_now, after_id, now, cfg) < 0 ||
			run(db, sql_email_digest, after_id, now, cfg) < 0 ||
			run(db, sql_whatsapp, after_id, now, cfg) < 0
		? -1
		: 0;
}

/* ---- the daily digest ---- */

#define DIGEST_ACCOUNTS_PER_RUN 500
#define DIGEST_ITEMS_MAX 50

static const char sql_digest_due[] = "SELECT s.account_id FROM notification_setting s WHERE s.daily_digest = 1 "
				     "AND IFNULL(s.last_digest_at, 0) < ?1 AND EXISTS (SELECT 1 FROM notification n "
				     "WHERE n.account_id = s.account_id AND n.digest_state = 'pending') LIMIT ?2";
static const char sql_digest_items[] =
	"SELECT title, body FROM notification WHERE account_id = ?1 AND digest_state = 'pending' ORDER BY id";
static const char sql_digest_done[] =
	"UPDATE notification SET digest_state = 'sent' WHERE account_id = ?1 AND digest_state = 'pending'";
static const char sql_digest_stamp[] = "UPDATE notification_setting SET last_digest_at = ?2 WHERE account_id = ?1";

static int digest_one(struct dbconn *db, const struct config *cfg, int64_t account_id, int64_t now)
{
	struct account_row a;
	if (account_by_id(db, account_id, &a) != 1)
		return -1;
	sqlite3_stmt *st = store_stmt(db, sql_digest_items);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		sqlite3_reset(st);
		return -1;
	}
	fprintf(f, "Yth. %s,\n\nBerikut pemberitahuan untuk Anda sejak ringkasan terakhir:\n", a.display_name);
	int items = 0, more = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (items == DIGEST_ITEMS_MAX) {
			more++;
			continue;
		}
		fprintf(f, "\n%d. %s\n   %s\n", ++items, store_text(st, 0), store_text(st, 1));
	}
	sqlite3_reset(st);
	if (more)
		fprintf(f, "\n... dan %d pemberitahuan lain. Lihat semuanya di aplikasi.\n", more);
	fprintf(f, "\nSalam,\n%s\n", cfg->office_name);
	if (fclose(f) != 0) {
		free(text);
		return -1;
	}
	char subject[96];
	snprintf(subject, sizeof subject, "Ringkasan harian: %d pemberitahuan", items + more);
	int rc = !strcmp(a.status, "active") ? outbox_enqueue_email(db, a.email, subject, text, now) : 0;
	free(text);
	if (rc < 0 || !(st = store_stmt(db, sql_digest_done)))
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	if (store_changes(db, st) < 0 || !(st = store_stmt(db, sql_digest_stamp)))
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, now);
	return store_changes(db, st) < 0 ? -1 : 0;
}

int notice_send_digests(struct dbconn *db, const struct config *cfg, int64_t now)
{
	/* Today's digest moment in the office's day; before it, nothing is due. */
	int64_t offset = (int64_t)cfg->utc_offset_minutes * 60, local = now + offset;
	int64_t moment = local - ((local % 86400) + 86400) % 86400 + (int64_t)cfg->digest_hour * 3600 - offset;
	if (now < moment)
		return 0;
	sqlite3_stmt *st = store_stmt(db, sql_digest_due);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, moment);
	sqlite3_bind_int(st, 2, DIGEST_ACCOUNTS_PER_RUN);
	int64_t ids[DIGEST_ACCOUNTS_PER_RUN];
	int n = 0;
	while (n < DIGEST_ACCOUNTS_PER_RUN && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	for (int i = 0; i < n; i++)
		if (digest_one(db, cfg, ids[i], now) < 0)
			return -1;
	return n;
}

/* ---- routes: the inbox ---- */

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

static long long unread_count(struct dbconn *db, int64_t account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_unread);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* GET /v1/me/notifications?unread=true&category=: newest first, with the
 * unread count beside the page (the app's badge). */
void notice_inbox(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	const char *unread, *category;
	if (req_query_choice(r, "unread", req_query_booleans, &unread) < 0 ||
	    req_query_choice(r, "category", notice_categories, &category) < 0)
		return;
	long long count = unread_count(&r->srv->reader, r->who.account_id);
	sqlite3_stmt *st = count < 0 ? NULL : store_stmt(&r->srv->reader, sql_inbox);
	if (!st) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	sqlite3_bind_int64(st, 1, r->who.account_id);
	sqlite3_bind_int64(st, 2, page.cursor);
	sqlite3_bind_int(st, 3, page.limit + 1);
	sqlite3_bind_int(st, 4, unread && !strcmp(unread, "true"));
	if (category)
		sqlite3_bind_text(st, 5, category, -1, SQLITE_TRANSIENT);
	list_reply_rows(r, st, page.limit, json_pack("{s:I}", "unread", (json_int_t)count));
}

struct read_state {
	int64_t id, up_to;
	int changed;
};

static void read_done(struct req *r, int result)
{
	struct read_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? ERR_NOT_FOUND : ERR_STORE, NULL);
		return;
	}
	long long count = unread_count(&r->srv->reader, r->who.account_id);
	if (count < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:i, s:I}", "marked", st->changed, "unread", (json_int_t)count));
}

static int read_one_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct read_state *st = r->state;
	sqlite3_stmt *s = store_stmt(db, sql_is_own);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, st->id);
	sqlite3_bind_int64(s, 2, r->who.account_id);
	int own = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	if (!own)
		return WRITE_REFUSED; /* someone else's is as good as none */
	if (!(s = store_stmt(db, sql_read_one)))
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, st->id);
	sqlite3_bind_int64(s, 2, r->who.account_id);
	sqlite3_bind_int64(s, 3, now_seconds());
	return (st->changed = store_changes(db, s)) < 0 ? WRITE_STORE_ERROR : WRITE_OK;
}

/* POST /v1/me/notifications/{id}/read: marking twice is not an error. */
void notice_mark_read(struct req *r)
{
	struct read_state *st = req_state_new(r, sizeof *st, NULL);
	if (!st)
		return;
	if ((st->id = req_param_id(r, 0)) <= 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	req_write(r, read_one_write, read_done);
}

static int read_all_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct read_state *st = r->state;
	sqlite3_stmt *s = store_stmt(db, sql_read_all);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, r->who.account_id);
	sqlite3_bind_int64(s, 2, st->up_to);
	sqlite3_bind_int64(s, 3, now_seconds());
	return (st->changed = store_changes(db, s)) < 0 ? WRITE_STORE_ERROR : WRITE_OK;
}

static const struct field_spec read_all_fields[] = {
	{"up_to_id", FIELD_INTEGER, 0, 0},
	{NULL, 0, 0, 0},
};

/* POST /v1/me/notifications/read {"up_to_id"}: everything up to the newest
 * the app has shown (so that one arriving meanwhile stays unread). */
void notice_mark_all_read(struct req *r)
{
	if (req_body_check(r, read_all_fields) < 0)
		return;
	struct read_state *st = req_state_new(r, sizeof *st, NULL);
	if (!st)
		return;
	st->up_to = body_int(r->body, "up_to_id", 0);
	if (st->up_to < 0) {
		req_fail(r, ERR_FIELD_INVALID, "up_to_id");
		return;
	}
	req_write(r, read_all_write, read_done);
}

/* ---- routes: preferences ---- */

static const char sql_prefs[] = "SELECT category, in_app, email, whatsapp FROM notification_pref WHERE account_id = ?1";
static const char sql_setting[] =
	"SELECT quiet_from, quiet_until, daily_digest FROM notification_setting WHERE account_id = ?1";
static const char sql_consent[] =
	"SELECT phone, " ISO("given_at") " FROM wa_consent WHERE account_id = ?1 AND withdrawn_at IS NULL";
static const char sql_pref_put[] =
	"INSERT INTO notification_pref(account_id, category, in_app, email, whatsapp) VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT(account_id, category) DO UPDATE SET in_app = excluded.in_app, email = excluded.email, "
	"whatsapp = excluded.whatsapp";
static const char sql_setting_put[] =
	"INSERT INTO notification_setting(account_id, quiet_from, quiet_until, daily_digest, updated_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(account_id) DO UPDATE SET quiet_from = excluded.quiet_from, "
	"quiet_until = excluded.quiet_until, daily_digest = excluded.daily_digest, updated_at = excluded.updated_at";

static const char *const channels[] = {"in_app", "email", "whatsapp"};

struct prefs {
	int channel[8][3]; /* per notice_categories index */
	int quiet_from, quiet_until; /* -1: none */
	int daily_digest;
};

static void hhmm(int minutes, char out[6])
{
	unsigned m = (unsigned)minutes % 1440u;
	snprintf(out, 6, "%02u:%02u", m / 60u, m % 60u);
}

static int prefs_load(struct dbconn *db, int64_t account_id, struct prefs *p)
{
	memset(p, 0, sizeof *p);
	for (int c = 0; notice_categories[c]; c++) {
		p->channel[c][0] = p->channel[c][1] = 1;
		p->channel[c][2] = 0;
	}
	p->quiet_from = p->quiet_until = -1;
	sqlite3_stmt *st = store_stmt(db, sql_prefs);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int c = 0; notice_categories[c]; c++)
			if (!strcmp(notice_categories[c], store_text(st, 0)))
				for (int k = 0; k < 3; k++)
					p->channel[c][k] = sqlite3_column_int(st, 1 + k);
	sqlite3_reset(st);
	if (!(st = store_stmt(db, sql_setting)))
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			p->quiet_from = sqlite3_column_int(st, 0);
			p->quiet_until = sqlite3_column_int(st, 1);
		}
		p->daily_digest = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return 0;
}

static json_t *prefs_json(struct dbconn *db, int64_t account_id, const struct prefs *p)
{
	json_t *cats = json_object();
	for (int c = 0; notice_categories[c]; c++)
		json_object_set_new(cats, notice_categories[c],
		                    json_pack("{s:b, s:b, s:b}", "in_app", p->channel[c][0], "email", p->channel[c][1],
		                              "whatsapp", p->channel[c][2]));
	json_t *quiet = json_null();
	if (p->quiet_from >= 0) {
		char from[6], until[6];
		hhmm(p->quiet_from, from);
		hhmm(p->quiet_until, until);
		quiet = json_pack("{s:s, s:s}", "from", from, "until", until);
	}
	json_t *wa = json_pack("{s:b}", "consented", 0);
	sqlite3_stmt *st = store_stmt(db, sql_consent);
	if (st) {
		sqlite3_bind_int64(st, 1, account_id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			char masked[24];
			const char *phone = store_text(st, 0);
			size_t n = strlen(phone);
			/* +62812****5678: enough to recognise one's own number. */
			snprintf(masked, sizeof masked, "%.*s****%s", n > 8 ? 6 : 0, phone, n > 8 ? phone + n - 4 : "");
			json_decref(wa);
			wa = json_pack("{s:b, s:s, s:s}", "consented", 1, "phone", masked, "given_at",
			               store_text(st, 1));
		}
		sqlite3_reset(st);
	}
	return json_pack("{s:o, s:o, s:b, s:o}", "categories", cats, "quiet_hours", quiet, "daily_digest",
	                 p->daily_digest, "whatsapp", wa);
}

void notice_preferences_get(struct req *r)
{
	struct prefs p;
	if (prefs_load(&r->srv->reader, r->who.account_id, &p) < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, prefs_json(&r->srv->reader, r->who.account_id, &p));
}

/* "HH:MM" → minutes of the day, or -1. */
static int parse_hhmm(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':' || strspn(s, "0123456789:") != 5)
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

/* What the body asks to change, checked before anything is written. */
struct prefs_change {
	int set[8][3]; /* -1: keep */
	int quiet_given, quiet_from, quiet_until;
	int digest; /* -1: keep */
	char field[64]; /* the offending field */
};

static enum err prefs_change_parse(const json_t *body, struct prefs_change *ch)
{
	memset(ch, 0, sizeof *ch);
	memset(ch->set, 0xff, sizeof ch->set);
	ch->digest = -1;
	const char *key;
	json_t *v;
	json_object_foreach ((json_t *)body, key, v) {
		if (strcmp(key, "categories") && strcmp(key, "quiet_hours") && strcmp(key, "daily_digest")) {
			snprintf(ch->field, sizeof ch->field, "%s", key);
			return ERR_FIELD_UNKNOWN;
		}
	}
	json_t *cats = json_object_get(body, "categories");
	if (cats && !json_is_object(cats)) {
		snprintf(ch->field, sizeof ch->field, "categories");
		return ERR_FIELD_TYPE;
	}
	json_object_foreach (cats, key, v) {
		int c = 0;
		while (notice_categories[c] && strcmp(notice_categories[c], key))
			c++;
		snprintf(ch->field, sizeof ch->field, "categories.%.40s", key);
		if (!notice_categories[c])
			return ERR_FIELD_INVALID;
		if (!json_is_object(v))
			return ERR_FIELD_TYPE;
		const char *k2;
		json_t *flag;
		json_object_foreach (v, k2, flag) {
			int k = 0;
			while (k < 3 && strcmp(channels[k], k2))
				k++;
			snprintf(ch->field, sizeof ch->field, "categories.%.20s.%.20s", key, k2);
			if (k == 3)
				return ERR_FIELD_UNKNOWN;
			if (!json_is_boolean(flag))
				return ERR_FIELD_TYPE;
			ch->set[c][k] = json_is_true(flag);
		}
	}
	json_t *quiet = json_object_get(body, "quiet_hours");
	if (quiet) {
		ch->quiet_given = 1;
		ch->quiet_from = ch->quiet_until = -1;
		snprintf(ch->field, sizeof ch->field, "quiet_hours");
		if (!json_is_null(quiet)) {
			if (!json_is_object(quiet) || json_object_size(quiet) != 2)
				return ERR_FIELD_TYPE;
			ch->quiet_from = parse_hhmm(json_string_value(json_object_get(quiet, "from")));
			ch->quiet_until = parse_hhmm(json_string_value(json_object_get(quiet, "until")));
			if (ch->quiet_from < 0 || ch->quiet_until < 0 || ch->quiet_from == ch->quiet_until)
				return ERR_FIELD_INVALID;
		}
	}
	json_t *digest = json_object_get(body, "daily_digest");
	if (digest) {
		snprintf(ch->field, sizeof ch->field, "daily_digest");
		if (!json_is_boolean(digest))
			return ERR_FIELD_TYPE;
		ch->digest = json_is_true(digest);
	}
	ch->field[0] = '\0';
	return 0;
}

static int prefs_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct prefs_change *ch = r->state;
	struct prefs p;
	int64_t who = r->who.account_id;
	if (prefs_load(db, who, &p) < 0)
		return WRITE_STORE_ERROR;
	for (int c = 0; notice_categories[c]; c++) {
		int touched = 0;
		for (int k = 0; k < 3; k++)
			if (ch->set[c][k] >= 0) {
				p.channel[c][k] = ch->set[c][k];
				touched = 1;
			}
		sqlite3_stmt *s = touched ? store_stmt(db, sql_pref_put) : NULL;
		if (touched && !s)
			return WRITE_STORE_ERROR;
		if (!s)
			continue;
		sqlite3_bind_int64(s, 1, who);
		sqlite3_bind_text(s, 2, notice_categories[c], -1, SQLITE_STATIC);
		for (int k = 0; k < 3; k++)
			sqlite3_bind_int(s, 3 + k, p.channel[c][k]);
		if (store_step_done(s) < 0)
			return WRITE_STORE_ERROR;
	}
	if (ch->quiet_given) {
		p.quiet_from = ch->quiet_from;
		p.quiet_until = ch->quiet_until;
	}
	if (ch->digest >= 0)
		p.daily_digest = ch->digest;
	sqlite3_stmt *s = store_stmt(db, sql_setting_put);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, who);
	if (p.quiet_from >= 0) {
		sqlite3_bind_int(s, 2, p.quiet_from);
		sqlite3_bind_int(s, 3, p.quiet_until);
	}
	sqlite3_bind_int(s, 4, p.daily_digest);
	sqlite3_bind_int64(s, 5, now_seconds());
	return store_step_done(s) < 0 ? WRITE_STORE_ERROR : WRITE_OK;
}

static void prefs_written(struct req *r, int result)
{
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	notice_preferences_get(r);
}

enum err notice_preferences_check(const json_t *body)
{
	struct prefs_change ch;
	return prefs_change_parse(body, &ch);
}

/* PUT /v1/me/notification-preferences: only what the body names changes. */
void notice_preferences_put(struct req *r)
{
	struct prefs_change *ch = req_state_new(r, sizeof *ch, NULL);
	if (!ch)
		return;
	enum err e = prefs_change_parse(r->body, ch);
	if (e) {
		req_fail(r, e, ch->field);
		return;
	}
	req_write(r, prefs_write, prefs_written);
}
