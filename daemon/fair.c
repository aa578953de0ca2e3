/* Job fairs themselves: an officer creates one as a draft, changes it,
 * publishes it (announced to the job seekers who asked for news of
 * vacancies) or cancels it (its ticket holders are told).  Published fairs
 * are public; drafts are the staff's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "body.h"
#include "config.h"
#include "dates.h"
#include "fair.h"
#include "fair_store.h"
#include "fair_ticket.h"
#include "http.h"
#include "list.h"
#include "notification_store.h"
#include "region.h"
#include "region_store.h"
#include "server.h"
#include "store.h"
#include "validate.h"

static const struct field_spec fields[] = {
	{"name", FIELD_STRING, 1, 160},
	{"description", FIELD_STRING, 1, 5000},
	{"venue_kind", FIELD_STRING, 1, 8},
	{"venue", FIELD_STRING, 0, 200},
	{"kecamatan_code", FIELD_STRING, 0, 20},
	{"online_url", FIELD_STRING, 0, 500},
	{"start_date", FIELD_STRING, 1, 10},
	{"end_date", FIELD_STRING, 1, 10},
	{"opens_at", FIELD_STRING, 1, 5},
	{"closes_at", FIELD_STRING, 1, 5},
	{"registration_opens", FIELD_STRING, 1, 10},
	{"registration_closes", FIELD_STRING, 1, 10},
	{"capacity", FIELD_INTEGER, 1, 0},
	{NULL, 0, 0, 0},
};

static const char *text_of(const json_t *j, const char *k) { return json_string_value(json_object_get(j, k)); }

/* "HH:MM", 00:00-23:59: the minutes of the day, or -1. */
static int minutes_of(const char *hhmm)
{
	if (!hhmm || strlen(hhmm) != 5 || hhmm[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (hhmm[i] < '0' || hhmm[i] > '9'))
			return -1;
	int h = (hhmm[0] - '0') * 10 + hhmm[1] - '0', m = (hhmm[3] - '0') * 10 + hhmm[4] - '0';
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

int64_t fair_moment(const struct config *cfg, const char *date, const char *hhmm)
{
	struct date d;
	int minutes = minutes_of(hhmm);
	if (date_parse(date, &d) < 0 || minutes < 0)
		return 0;
	struct tm tm = {.tm_year = d.year - 1900, .tm_mon = d.month - 1, .tm_mday = d.day};
	return (int64_t)timegm(&tm) + (int64_t)(minutes - cfg->utc_offset_minutes) * 60;
}

int fair_check_in_open(const struct config *cfg, const struct fair_row *f, int64_t at)
{
	return at >= fair_moment(cfg, f->start_date, f->opens_at) - 3600 &&
		at <= fair_moment(cfg, f->end_date, f->closes_at);
}

/* Checks a fair and fills what is derived; the bad field or NULL. */
static const char *fair_check(struct req *r, json_t *f, enum err *code)
{
	*code = ERR_FIELD_INVALID;
	if (valid_text(text_of(f, "name"), 160) < 0)
		return "name";
	if (valid_text(text_of(f, "description"), 5000) < 0)
		return "description";
	static const char *const kinds[] = {"venue", "online", NULL};
	const char *kind = text_of(f, "venue_kind");
	if (!valid_choice(kind, kinds))
		return "venue_kind";
	int online = !strcmp(kind, "online");
	/* A fair somewhere says where; one online gives its link. */
	const char *venue = text_of(f, "venue"), *url = text_of(f, "online_url");
	if (!online && valid_text(venue, 200) < 0) {
		*code = venue ? ERR_FIELD_INVALID : ERR_FIELD_MISSING;
		return "venue";
	}
	if (online && (!url || strncmp(url, "https://", 8) || valid_text(url, 500) < 0 || strchr(url, ' '))) {
		*code = url ? ERR_FIELD_INVALID : ERR_FIELD_MISSING;
		return "online_url";
	}
	const char *kecamatan = text_of(f, "kecamatan_code");
	if (kecamatan) {
		char kabkota[8], parent[32];
		int level = 0;
		region_kabkota_dotted(r->srv->cfg->kabkota_code, kabkota);
		if (region_lookup(r->srv->reader, kecamatan, &level, parent) != 1 || level != 3 ||
		    strcmp(parent, kabkota) != 0) {
			*code = ERR_REGION_INVALID;
			return "kecamatan_code";
		}
	}
	long long capacity = json_integer_value(json_object_get(f, "capacity"));
	if (capacity < 1 || capacity > 100000)
		return "capacity";
	struct date start, end, opens, closes, today = date_today(r->srv->cfg->utc_offset_minutes);
	static const char *const date_fields[] = {"registration_opens", "registration_closes", "start_date",
	                                          "end_date"};
	struct date *dates[] = {&opens, &closes, &start, &end};
	*code = ERR_DATE_INVALID;
	for (int i = 0; i < 4; i++)
		if (date_parse(text_of(f, date_fields[i]), dates[i]) < 0)
			return date_fields[i];
	*code = ERR_FAIR_DATE_ORDER;
	if (date_compare(closes, opens) < 0)
		return "registration_closes";
	if (date_compare(end, start) < 0)
		return "end_date";
	if (date_compare(closes, end) > 0)
		return "registration_closes";
	*code = ERR_DATE_IN_PAST;
	if (date_compare(end, today) < 0)
		return "end_date";
	*code = ERR_DATE_TOO_FAR;
	if (date_compare(end, date_add_days(today, 2 * 366)) > 0)
		return "end_date";
	*code = ERR_TIME_INVALID;
	int from = minutes_of(text_of(f, "opens_at")), until = minutes_of(text_of(f, "closes_at"));
	if (from < 0)
		return "opens_at";
	if (until <= from)
		return "closes_at";
	/* As stored: what does not apply to the kind is dropped. */
	json_object_del(f, online ? "venue" : "online_url");
	return NULL;
}

struct fair_state_st {
	json_t *f;
	int64_t id;
	int refusal;
	const char *refusal_field;
	char to[12];
	int announced;
};

static void fair_state_free(void *p)
{
	struct fair_state_st *st = p;
	if (st)
		json_decref(st->f);
	free(st);
}

static void reply_fair(struct req *r, int status, int64_t id)
{
	json_t *f = fair_json(r->srv->reader, id);
	if (!f) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, f);
}

static void written(struct req *r, int result, int status)
{
	struct fair_state_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, st->refusal_field);
		return;
	}
	reply_fair(r, status, st->id);
}
static void created(struct req *r, int result) { written(r, result, 201); }
static void changed(struct req *r, int result) { written(r, result, 200); }

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct fair_state_st *st = r->state;
	int64_t now = now_seconds();
	return fair_insert(db, r->who.account_id, st->f, now, &st->id) == 0 &&
			audit_record(db, r->who.account_id, "job_fair.create", "job_fair", st->id, NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

void fair_create(struct req *r)
{
	struct fair_state_st *st = req_state_new(r, sizeof *st, fair_state_free);
	/* On a refusal the request, and st with it, is answered and freed. */
	json_t *f = st ? req_body_checked_copy(r, fields, fair_check) : NULL;
	if (!f)
		return;
	st->f = f;
	req_write(r, create_write, created);
}

/* The fair named in the path, as staff see it: 0, or -1 answered. */
static int fair_of_path(struct req *r, struct fair_row *f)
{
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? fair_fetch(r->srv->reader, id, f) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

static int update_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct fair_state_st *st = r->state;
	int64_t now = now_seconds();
	struct fair_row f;
	if (fair_fetch(db, st->id, &f) != 1)
		return WRITE_STORE_ERROR;
	/* Fewer places than tickets already given would break the capacity. */
	json_t *counts = fair_json(db, st->id);
	long long registered = json_integer_value(json_object_get(counts, "registered"));
	json_decref(counts);
	if (json_integer_value(json_object_get(st->f, "capacity")) < registered) {
		st->refusal = ERR_FIELD_INVALID;
		st->refusal_field = "capacity";
		return WRITE_REFUSED;
	}
	enum store_result rc = fair_replace(db, st->id, st->f, now);
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	return rc == STORE_OK &&
			audit_record(db, r->who.account_id, "job_fair.update", "job_fair", st->id, NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

void fair_update(struct req *r)
{
	struct fair_state_st *st = req_state_new(r, sizeof *st, fair_state_free);
	struct fair_row f;
	if (!st || fair_of_path(r, &f) < 0)
		return;
	st->id = f.id;
	/* A fair that has ended is what its report says: not rewritten. */
	if (!strcmp(f.state, "cancelled") || now_seconds() > fair_moment(r->srv->cfg, f.end_date, f.closes_at)) {
		req_fail(r, ERR_STATE, NULL);
		return;
	}
	json_t *checked = req_body_checked_copy(r, fields, fair_check);
	if (!checked)
		return;
	st->f = checked;
	req_write(r, update_write, changed);
}

void fair_get(struct req *r)
{
	req_authenticate_optional(r);
	struct fair_row f;
	if (fair_of_path(r, &f) < 0)
		return;
	if (strcmp(f.state, "published") && !(r->who.role & ROLES_STAFF)) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	reply_fair(r, 200, f.id);
}

void fair_list(struct req *r)
{
	req_authenticate_optional(r);
	static const char *const whens[] = {"upcoming", "past", NULL};
	const char *when = NULL;
	struct list_page page;
	if (req_query_choice(r, "when", whens, &when) < 0 || list_page_parse(r, &page) < 0)
		return;
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	json_t *items =
		fair_page(r->srv->reader, when, today, (r->who.role & ROLES_STAFF) != 0, page.cursor, page.limit + 1);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

static const struct field_spec state_fields[] = {{"state", FIELD_STRING, 1, 12}, {NULL, 0, 0, 0}};

/* Its ticket holders hear that a fair is cancelled. */
static const char cancelled_body[] = "Bursa kerja yang Anda daftari dibatalkan oleh Disnaker. Tiket Anda tidak "
				     "berlaku lagi; bursa kerja berikutnya akan diumumkan di aplikasi.";

static int tell_ticket_holders(struct dbconn *db, const struct config *cfg, int64_t fair_id, int64_t now)
{
	/* Set-based: every holder with an account, through their channels. */
	int64_t mark = notification_mark(db);
	int n = fair_tell_holders(db, fair_id, "Bursa kerja dibatalkan", cancelled_body, now);
	return n < 0 || (n > 0 && notification_dispatch(db, cfg, mark, now) < 0) ? -1 : 0;
}

static int state_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct fair_state_st *st = r->state;
	int64_t now = now_seconds();
	struct fair_row f;
	if (fair_fetch(db, st->id, &f) != 1)
		return WRITE_STORE_ERROR;
	int publishing = !strcmp(st->to, "published");
	const char *from = publishing ? "draft" : f.state;
	st->refusal = ERR_STATE;
	if (strcmp(from, f.state) || !strcmp(f.state, "cancelled") ||
	    now > fair_moment(r->srv->cfg, f.end_date, f.closes_at))
		return WRITE_REFUSED;
	if (fair_set_state(db, st->id, from, st->to, now) != STORE_OK)
		return WRITE_STORE_ERROR;
	if (publishing) {
		int64_t mark = notification_mark(db);
		st->announced = fair_announce(db, &f, now);
		if (st->announced < 0 || (st->announced > 0 && notification_dispatch(db, r->srv->cfg, mark, now) < 0))
			return WRITE_STORE_ERROR;
	} else if (tell_ticket_holders(db, r->srv->cfg, st->id, now) < 0) {
		return WRITE_STORE_ERROR;
	}
	char detail[48];
	snprintf(detail, sizeof detail, "{\"to\":\"%s\",\"announced\":%d}", st->to, st->announced);
	return audit_record(db, r->who.account_id, "job_fair.state", "job_fair", st->id, detail, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void state_done(struct req *r, int result)
{
	struct fair_state_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	json_t *f = fair_json(r->srv->reader, st->id);
	if (!f) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_object_set_new(f, "announced_to", json_integer(st->announced));
	req_reply(r, 200, f);
}

void fair_state(struct req *r)
{
	struct fair_state_st *st = req_state_new(r, sizeof *st, fair_state_free);
	struct fair_row f;
	if (!st || req_body_check(r, state_fields) < 0 || fair_of_path(r, &f) < 0)
		return;
	static const char *const targets[] = {"published", "cancelled", NULL};
	const char *to = body_str(r->body, "state");
	if (!valid_choice(to, targets)) {
		req_fail(r, ERR_FIELD_INVALID, "state");
		return;
	}
	st->id = f.id;
	snprintf(st->to, sizeof st->to, "%s", to);
	req_write(r, state_write, state_done);
}

/* The key a door scanner checks tickets with, offline. */
void fair_ticket_key(struct req *r)
{
	char key[48], body[256];
	fair_ticket_public_text(&r->srv->keys, key);
	int n = snprintf(body, sizeof body,
	                 "{\"algorithm\":\"Ed25519\",\"public_key\":\"%s\",\"encoding\":\"base64url\","
	                 "\"ticket_format\":\"SKT1.<payload>.<signature>\"}",
	                 key);
	req_reply_cacheable(r, body, (size_t)n, 3600);
}
