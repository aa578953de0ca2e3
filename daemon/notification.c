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
#include "notification_store.h"
#include "outbox.h"
#include "outbox_store.h"
#include "server.h"
#include "store.h"
#include "validate.h"

const char *const notification_categories[] = {"card",        "report",    "vacancy", "training",
                                               "application", "complaint", "tracer",  NULL};

/* ---- the daily digest ---- */

#define DIGEST_ACCOUNTS_PER_RUN 500
#define DIGEST_ITEMS_MAX 50

struct digest {
	FILE *f;
	int items, more;
};

static void digest_item(const char *title, const char *body, void *arg)
{
	struct digest *d = arg;
	if (d->items == DIGEST_ITEMS_MAX)
		d->more++;
	else
		fprintf(d->f, "\n%d. %s\n   %s\n", ++d->items, title, body);
}

static int digest_one(struct dbconn *db, const struct config *cfg, int64_t account_id, int64_t now)
{
	struct account_row a;
	if (account_by_id(db, account_id, &a) != 1)
		return -1;
	char *text = NULL;
	size_t len = 0;
	struct digest d = {open_memstream(&text, &len), 0, 0};
	if (!d.f)
		return -1;
	fprintf(d.f, "Yth. %s,\n\nBerikut pemberitahuan untuk Anda sejak ringkasan terakhir:\n", a.display_name);
	int listed = notification_store_digest_items(db, account_id, digest_item, &d);
	if (d.more)
		fprintf(d.f, "\n... dan %d pemberitahuan lain. Lihat semuanya di aplikasi.\n", d.more);
	fprintf(d.f, "\nSalam,\n%s\n", cfg->office_name);
	if (fclose(d.f) != 0 || listed < 0) {
		free(text);
		return -1;
	}
	char subject[96];
	snprintf(subject, sizeof subject, "Ringkasan harian: %d pemberitahuan", d.items + d.more);
	int rc = !strcmp(a.status, "active") ? outbox_enqueue_email(db, a.email, subject, text, now) : 0;
	free(text);
	return rc < 0 ? -1 : notification_store_digest_done(db, account_id, now);
}

int notification_send_digests(struct dbconn *db, const struct config *cfg, int64_t now)
{
	/* Today's digest moment in the office's day; before it, nothing is due. */
	int64_t offset = (int64_t)cfg->utc_offset_minutes * 60, local = now + offset;
	int64_t moment = local - ((local % 86400) + 86400) % 86400 + (int64_t)cfg->digest_hour * 3600 - offset;
	if (now < moment)
		return 0;
	int64_t ids[DIGEST_ACCOUNTS_PER_RUN];
	int n = notification_store_digest_due(db, moment, ids, DIGEST_ACCOUNTS_PER_RUN);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (digest_one(db, cfg, ids[i], now) < 0)
			return -1;
	return n;
}

/* ---- routes: the inbox ---- */

/* GET /v1/me/notifications?unread=true&category=: newest first, with the
 * unread count beside the page (the app's badge). */
void notification_inbox(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	const char *unread, *category;
	if (req_query_choice(r, "unread", req_query_booleans, &unread) < 0 ||
	    req_query_choice(r, "category", notification_categories, &category) < 0)
		return;
	long long count = notification_store_unread(r->srv->reader, r->who.account_id);
	json_t *items = count < 0
		? NULL
		: notification_store_inbox(r->srv->reader, r->who.account_id, page.cursor, page.limit + 1,
	                                   unread && !strcmp(unread, "true"), category);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply_extra(r, items, page.limit, json_pack("{s:I}", "unread", (json_int_t)count));
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
	long long count = notification_store_unread(r->srv->reader, r->who.account_id);
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
	st->changed = notification_store_read_one(db, st->id, r->who.account_id, now_seconds());
	return st->changed == -2  ? WRITE_REFUSED /* someone else's is as good as none */
		: st->changed < 0 ? WRITE_STORE_ERROR
				  : WRITE_OK;
}

/* POST /v1/me/notifications/{id}/read: marking twice is not an error. */
void notification_mark_read(struct req *r)
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
	st->changed = notification_store_read_all(db, r->who.account_id, st->up_to, now_seconds());
	return st->changed < 0 ? WRITE_STORE_ERROR : WRITE_OK;
}

static const struct field_spec read_all_fields[] = {
	{"up_to_id", FIELD_INTEGER, 0, 0},
	{NULL, 0, 0, 0},
};

/* POST /v1/me/notifications/read {"up_to_id"}: everything up to the newest
 * the app has shown (so that one arriving meanwhile stays unread). */
void notification_mark_all_read(struct req *r)
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

static const char *const channels[NOTIFICATION_CHANNELS] = {"in_app", "email", "whatsapp", "push"};

struct prefs {
	int channel[8][NOTIFICATION_CHANNELS]; /* per notification_categories index */
	int quiet_from, quiet_until; /* -1: none */
	int daily_digest;
};

static void category_channels(const char *category, const int channel[NOTIFICATION_CHANNELS], void *arg)
{
	struct prefs *p = arg;
	for (int c = 0; notification_categories[c]; c++)
		if (!strcmp(notification_categories[c], category))
			memcpy(p->channel[c], channel, sizeof p->channel[c]);
}

static void hhmm(int minutes, char out[6])
{
	unsigned m = (unsigned)minutes % 1440u;
	snprintf(out, 6, "%02u:%02u", m / 60u, m % 60u);
}

static int prefs_load(struct dbconn *db, int64_t account_id, struct prefs *p)
{
	memset(p, 0, sizeof *p);
	for (int c = 0; notification_categories[c]; c++) {
		/* In the app, by e-mail and by push (once a device is registered);
		 * WhatsApp only when asked for. */
		p->channel[c][0] = p->channel[c][1] = p->channel[c][3] = 1;
		p->channel[c][2] = 0;
	}
	p->quiet_from = p->quiet_until = -1;
	if (notification_store_channels(db, account_id, category_channels, p) < 0 ||
	    notification_store_setting(db, account_id, &p->quiet_from, &p->quiet_until, &p->daily_digest) < 0)
		return -1;
	return 0;
}

static json_t *prefs_json(struct dbconn *db, int64_t account_id, const struct prefs *p)
{
	json_t *cats = json_object();
	for (int c = 0; notification_categories[c]; c++)
		json_object_set_new(cats, notification_categories[c],
		                    json_pack("{s:b, s:b, s:b, s:b}", "in_app", p->channel[c][0], "email",
		                              p->channel[c][1], "whatsapp", p->channel[c][2], "push",
		                              p->channel[c][3]));
	json_t *quiet = json_null();
	if (p->quiet_from >= 0) {
		char from[6], until[6];
		hhmm(p->quiet_from, from);
		hhmm(p->quiet_until, until);
		quiet = json_pack("{s:s, s:s}", "from", from, "until", until);
	}
	json_t *wa = json_pack("{s:b}", "consented", 0);
	char phone[32], given_at[32];
	if (notification_store_consent(db, account_id, phone, given_at) == 1) {
		char masked[24];
		size_t n = strlen(phone);
		/* +62812****5678: enough to recognise one's own number. */
		snprintf(masked, sizeof masked, "%.*s****%s", n > 8 ? 6 : 0, phone, n > 8 ? phone + n - 4 : "");
		json_decref(wa);
		wa = json_pack("{s:b, s:s, s:s}", "consented", 1, "phone", masked, "given_at", given_at);
	}
	return json_pack("{s:o, s:o, s:b, s:o}", "categories", cats, "quiet_hours", quiet, "daily_digest",
	                 p->daily_digest, "whatsapp", wa);
}

void notification_preferences_get(struct req *r)
{
	struct prefs p;
	if (prefs_load(r->srv->reader, r->who.account_id, &p) < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, prefs_json(r->srv->reader, r->who.account_id, &p));
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
	int set[8][NOTIFICATION_CHANNELS]; /* -1: keep */
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
		while (notification_categories[c] && strcmp(notification_categories[c], key))
			c++;
		snprintf(ch->field, sizeof ch->field, "categories.%.40s", key);
		if (!notification_categories[c])
			return ERR_FIELD_INVALID;
		if (!json_is_object(v))
			return ERR_FIELD_TYPE;
		const char *k2;
		json_t *flag;
		json_object_foreach (v, k2, flag) {
			int k = 0;
			while (k < NOTIFICATION_CHANNELS && strcmp(channels[k], k2))
				k++;
			snprintf(ch->field, sizeof ch->field, "categories.%.20s.%.20s", key, k2);
			if (k == NOTIFICATION_CHANNELS)
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
	for (int c = 0; notification_categories[c]; c++) {
		int touched = 0;
		for (int k = 0; k < NOTIFICATION_CHANNELS; k++)
			if (ch->set[c][k] >= 0) {
				p.channel[c][k] = ch->set[c][k];
				touched = 1;
			}
		if (touched && notification_store_channels_put(db, who, notification_categories[c], p.channel[c]) < 0)
			return WRITE_STORE_ERROR;
	}
	if (ch->quiet_given) {
		p.quiet_from = ch->quiet_from;
		p.quiet_until = ch->quiet_until;
	}
	if (ch->digest >= 0)
		p.daily_digest = ch->digest;
	return notification_store_setting_put(db, who, p.quiet_from, p.quiet_until, p.daily_digest, now_seconds()) < 0
		? WRITE_STORE_ERROR
		: WRITE_OK;
}

static void prefs_written(struct req *r, int result)
{
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	notification_preferences_get(r);
}

enum err notification_preferences_check(const json_t *body)
{
	struct prefs_change ch;
	return prefs_change_parse(body, &ch);
}

/* PUT /v1/me/notification-preferences: only what the body names changes. */
void notification_preferences_put(struct req *r)
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
