/* Complaints and suggestions (pengaduan): anyone with an account files one
 * (about a scam vacancy, a card problem, a data correction, the service,
 * anything else; optionally naming a vacancy or an organisation); officers
 * assign, answer and close them within complaint_response_days; the
 * complainant follows the state and is told of the answer.  Monthly counts
 * feed the office's complaint indicator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "audit.h"
#include "body.h"
#include "dates.h"
#include "complaint.h"
#include "complaint_store.h"
#include "http.h"
#include "list.h"
#include "notification.h"
#include "notification_store.h"
#include "organisation.h"
#include "organisation_store.h"
#include "server.h"
#include "store.h"
#include "vacancy.h"
#include "vacancy_store.h"
#include "validate.h"
#include "reference.h"

static const struct field_spec fields[] = {
	{"kind", FIELD_STRING, 0, 12},
	{"category", FIELD_STRING, 1, 20},
	{"subject", FIELD_STRING, 1, 150},
	{"body", FIELD_STRING, 1, 4000},
	{"vacancy_id", FIELD_INTEGER, 0, 0},
	{"organisation_id", FIELD_INTEGER, 0, 0},
	{NULL, 0, 0, 0},
};

struct complaint_state {
	int64_t id, vacancy_id, organisation_id, officer_id;
	char kind[12], category[20], subject[152], *body;
	int refusal;
};

static void complaint_state_free(void *p)
{
	struct complaint_state *st = p;
	if (st)
		free(st->body);
	free(st);
}

static void reply_complaint(struct req *r, int status, int64_t id)
{
	json_t *c = NULL;
	int64_t owner;
	if (complaint_store_fetch(r->srv->reader, id, now_seconds(), &c, &owner) != 1) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, c);
}

static void written(struct req *r, int result, int status)
{
	struct complaint_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	reply_complaint(r, status, st->id);
}
static void created(struct req *r, int result) { written(r, result, 201); }
static void changed(struct req *r, int result) { written(r, result, 200); }

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct complaint_state *st = r->state;
	int64_t now = now_seconds();
	struct complaint_new c = {r->who.account_id,
	                          st->kind,
	                          st->category,
	                          st->subject,
	                          st->body,
	                          st->vacancy_id,
	                          st->organisation_id,
	                          now + (int64_t)r->srv->cfg->complaint_response_days * 86400};
	if (complaint_store_insert(db, &c, now, &st->id) != STORE_OK ||
	    audit_record(db, r->who.account_id, "complaint.create", "complaint", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void complaint_create(struct req *r)
{
	static const char *const kinds[] = {"complaint", "suggestion", NULL};
	static const char *const categories[] = {REF_COMPLAINT_CATEGORY(REF_VALUE) NULL};
	struct complaint_state *st = req_state_new(r, sizeof(struct complaint_state), complaint_state_free);
	if (!st || req_body_check(r, fields) < 0)
		return;
	const char *kind = body_str(r->body, "kind"), *category = body_str(r->body, "category"),
		   *subject = body_str(r->body, "subject"), *body = body_str(r->body, "body");
	const char *bad = kind && !valid_choice(kind, kinds) ? "kind"
		: !valid_choice(category, categories)        ? "category"
		: valid_text(subject, 150) < 0               ? "subject"
		: valid_text(body, 4000) < 0                 ? "body"
							     : NULL;
	if (bad) {
		req_fail(r, ERR_FIELD_INVALID, bad);
		return;
	}
	st->vacancy_id = body_int(r->body, "vacancy_id", 0);
	st->organisation_id = body_int(r->body, "organisation_id", 0);
	struct vacancy_row v;
	if (st->vacancy_id && (st->vacancy_id < 0 || vacancy_fetch(r->srv->reader, st->vacancy_id, &v) != 1)) {
		req_fail(r, ERR_FIELD_INVALID, "vacancy_id");
		return;
	}
	json_t *org = st->organisation_id > 0 ? organisation_json(r->srv->reader, st->organisation_id) : NULL;
	if (st->organisation_id && !org) {
		req_fail(r, ERR_FIELD_INVALID, "organisation_id");
		return;
	}
	json_decref(org);
	snprintf(st->kind, sizeof st->kind, "%s", kind ? kind : "complaint");
	snprintf(st->category, sizeof st->category, "%s", category);
	snprintf(st->subject, sizeof st->subject, "%s", subject);
	if (!(st->body = strdup(body))) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_write(r, create_write, created);
}

/* who: the complainant's own; else the queue, by state and overdue. */
static void list_with(struct req *r, int64_t who, const char *state, int overdue)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	int64_t now = now_seconds();
	json_t *items = who ? complaint_store_own(r->srv->reader, who, now, page.cursor, page.limit + 1)
			    : complaint_store_queue(r->srv->reader, state, overdue, now, page.cursor, page.limit + 1);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

void complaint_list_own(struct req *r) { list_with(r, r->who.account_id, NULL, 0); }

void complaint_queue(struct req *r)
{
	static const char *const states[] = {"open", "assigned", "answered", "closed", NULL};
	const char *state, *overdue;
	if (req_query_choice(r, "state", states, &state) < 0 ||
	    req_query_choice(r, "overdue", req_query_booleans, &overdue) < 0)
		return;
	audit_read(r->srv, r->who.account_id, "complaint.list_read", "complaint", 0);
	list_with(r, 0, state, overdue && !strcmp(overdue, "true"));
}

/* The complainant or staff; anyone else is told it does not exist. */
void complaint_get(struct req *r)
{
	json_t *c = NULL;
	int64_t owner = 0, id = req_param_id(r, 0);
	int found = id > 0 ? complaint_store_fetch(r->srv->reader, id, now_seconds(), &c, &owner) : 0;
	if (found == 1 && owner != r->who.account_id && !(r->who.role & ROLES_STAFF)) {
		json_decref(c);
		found = 0;
	}
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (r->who.role & ROLES_STAFF)
		audit_read(r->srv, r->who.account_id, "complaint.read", "complaint", id);
	req_reply(r, 200, c);
}

/* ---- officers ---- */

/* The outcome of a change of one complaint; 409 when it is not in a state
 * for it. */
static int changed_one(enum store_result rc, struct complaint_state *st)
{
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	return rc == STORE_OK ? WRITE_OK : WRITE_STORE_ERROR;
}

static int assign_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct complaint_state *st = r->state;
	int64_t now = now_seconds();
	int rc = changed_one(complaint_store_assign(db, st->id, st->officer_id, now), st);
	if (rc == WRITE_OK &&
	    audit_record(db, r->who.account_id, "complaint.assign", "complaint", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return rc;
}

static const struct field_spec assign_fields[] = {
	{"officer_id", FIELD_INTEGER, 0, 0},
	{NULL, 0, 0, 0},
};

static struct complaint_state *existing(struct req *r)
{
	struct complaint_state *st = req_state_new(r, sizeof(struct complaint_state), complaint_state_free);
	if (!st)
		return NULL;
	char state[12];
	int64_t owner;
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? complaint_store_state(r->srv->reader, st->id, state, &owner) : 0;
	/* The complainant may close their own; all else is for officers. */
	if (found == 1 && !(r->who.role & ROLE_OFFICER) && owner != r->who.account_id)
		found = 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return NULL;
	}
	return st;
}

void complaint_assign(struct req *r)
{
	if (req_body_check(r, assign_fields) < 0)
		return;
	struct complaint_state *st = existing(r);
	if (!st)
		return;
	st->officer_id = body_int(r->body, "officer_id", r->who.account_id);
	struct account_row a;
	if (st->officer_id <= 0 || account_by_id(r->srv->reader, st->officer_id, &a) != 1 || a.role != ROLE_OFFICER ||
	    strcmp(a.status, "active")) {
		req_fail(r, ERR_FIELD_INVALID, "officer_id");
		return;
	}
	req_write(r, assign_write, changed);
}

static int answer_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct complaint_state *st = r->state;
	int64_t now = now_seconds();
	int rc = changed_one(complaint_store_answer(db, st->id, st->body, r->who.account_id, now), st);
	if (rc != WRITE_OK)
		return rc;
	char state[12];
	int64_t owner;
	struct notification n = {"complaint", "Pengaduan Anda sudah dijawab",
	                         "Petugas sudah menjawab pengaduan Anda. Lihat jawabannya di aplikasi.", "complaint",
	                         st->id};
	if (complaint_store_state(db, st->id, state, &owner) != 1 ||
	    notification_send(db, r->srv->cfg, owner, &n, now) < 0 ||
	    audit_record(db, r->who.account_id, "complaint.answer", "complaint", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static const struct field_spec answer_fields[] = {
	{"answer", FIELD_STRING, 1, 4000},
	{NULL, 0, 0, 0},
};

void complaint_answer(struct req *r)
{
	if (req_body_check(r, answer_fields) < 0)
		return;
	const char *answer = body_str(r->body, "answer");
	if (valid_text(answer, 4000) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "answer");
		return;
	}
	struct complaint_state *st = existing(r);
	if (!st)
		return;
	if (!(st->body = strdup(answer))) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_write(r, answer_write, changed);
}

static int close_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct complaint_state *st = r->state;
	int64_t now = now_seconds();
	int rc = changed_one(complaint_store_close(db, st->id, now), st);
	if (rc == WRITE_OK &&
	    audit_record(db, r->who.account_id, "complaint.close", "complaint", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return rc;
}

void complaint_close(struct req *r)
{
	struct complaint_state *st = existing(r);
	if (st)
		req_write(r, close_write, changed);
}

struct monthly {
	const char *year;
	json_t *months;
	long long total[4];
};

static void add_month(const char *mm, const long long v[4], void *arg)
{
	struct monthly *m = arg;
	for (int i = 0; i < 4; i++)
		m->total[i] += v[i];
	char month[24];
	snprintf(month, sizeof month, "%.4s-%.2s", m->year, mm);
	json_array_append_new(m->months,
	                      json_pack("{s:s, s:I, s:I, s:I, s:I}", "month", month, "received", (json_int_t)v[0],
	                                "suggestions", (json_int_t)v[1], "answered", (json_int_t)v[2],
	                                "answered_on_time", (json_int_t)v[3]));
}

/* GET /v1/stats/complaints?year=: per month received (of them suggestions),
 * answered and answered by the deadline; open and overdue now; the month is
 * the office's month of filing. */
void complaint_stats(struct req *r)
{
	const char *year = req_query(r, "year");
	char this_year[8];
	if (!year) {
		snprintf(this_year, sizeof this_year, "%04u",
		         (unsigned)date_today(r->srv->cfg->utc_offset_minutes).year % 10000u);
		year = this_year;
	}
	if (strlen(year) != 4 || strspn(year, "0123456789") != 4) {
		req_fail(r, ERR_QUERY_INVALID, "year");
		return;
	}
	struct monthly m = {year, json_array(), {0}};
	long long open = 0, overdue = 0;
	if (complaint_store_monthly(r->srv->reader, year, (int64_t)r->srv->cfg->utc_offset_minutes * 60, add_month,
	                            &m) < 0 ||
	    complaint_store_open_now(r->srv->reader, now_seconds(), &open, &overdue) < 0) {
		json_decref(m.months);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *months = m.months;
	long long *total = m.total;
	req_reply(r, 200,
	          json_pack("{s:i, s:o, s:{s:I, s:I, s:I, s:I}, s:I, s:I}", "year", atoi(year), "months", months,
	                    "total", "received", (json_int_t)total[0], "suggestions", (json_int_t)total[1], "answered",
	                    (json_int_t)total[2], "answered_on_time", (json_int_t)total[3], "open_now",
	                    (json_int_t)open, "overdue_now", (json_int_t)overdue));
}
