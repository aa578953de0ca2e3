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
#include "http.h"
#include "list.h"
#include "notification.h"
#include "organisation.h"
#include "server.h"
#include "store.h"
#include "vacancy.h"
#include "validate.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"
/* SQL text laid out by hand: */
/* clang-format off */
#define COMPLAINT_JSON \
	"json_object('id', c.id, 'kind', c.kind, 'category', c.category, 'subject', c.subject, 'body', c.body, " \
	"'vacancy_id', c.vacancy_id, 'organisation_id', c.organisation_id, 'state', c.state, " \
	"'assigned_to', c.assigned_to, 'answer', c.answer, 'due_at', " ISO("c.due_at") ", " \
	"'answered_at', " ISO("c.answered_at") ", 'closed_at', " ISO("c.closed_at") ", " \
	"'created_at', " ISO("c.created_at") ", 'overdue', json(CASE WHEN c.state IN ('open','assigned') " \
	"AND c.due_at < ?2 THEN 'true' ELSE 'false' END), 'complainant', a.display_name)"
/* clang-format on */
static const char sql_insert[] =
	"INSERT INTO complaint(account_id, kind, category, subject, body, vacancy_id, organisation_id, due_at, "
	"created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)";
static const char sql_json[] = "SELECT " COMPLAINT_JSON
			       ", c.account_id FROM complaint c JOIN account a ON a.id = c.account_id WHERE c.id = ?1";
static const char sql_own[] = "SELECT " COMPLAINT_JSON
			      " FROM complaint c JOIN account a ON a.id = c.account_id WHERE c.account_id = ?1 "
			      "AND (?3 = 0 OR c.id < ?3) ORDER BY c.id DESC LIMIT ?4";
/* The officers' queue: oldest (so the nearest deadline) first. */
static const char sql_queue[] =
	"SELECT " COMPLAINT_JSON " FROM complaint c JOIN account a ON a.id = c.account_id "
	"WHERE (?1 IS NULL OR c.state = ?1) AND (?5 = 0 OR (c.state IN ('open','assigned') AND c.due_at < ?2)) "
	"AND (?3 = 0 OR c.id > ?3) ORDER BY c.id LIMIT ?4";
static const char sql_state[] = "SELECT state, account_id FROM complaint WHERE id = ?";
static const char sql_assign[] =
	"UPDATE complaint SET state = 'assigned', assigned_to = ?2, updated_at = ?3 WHERE id = ?1 "
	"AND state IN ('open','assigned')";
static const char sql_answer[] =
	"UPDATE complaint SET state = 'answered', answer = ?2, answered_at = ?3, updated_at = ?3, "
	"assigned_to = IFNULL(assigned_to, ?4) WHERE id = ?1 AND state IN ('open','assigned')";
static const char sql_close[] =
	"UPDATE complaint SET state = 'closed', closed_at = ?2, updated_at = ?2 WHERE id = ?1 AND state <> 'closed'";
/* Per month of the year: received (complaints, suggestions), answered, answered by the deadline. */
static const char sql_monthly[] =
	"SELECT strftime('%m', c.created_at + ?2, 'unixepoch') AS m, count(*), count(CASE WHEN c.kind = 'suggestion' "
	"THEN 1 END), count(c.answered_at), count(CASE WHEN c.answered_at <= c.due_at THEN 1 END) FROM complaint c "
	"WHERE strftime('%Y', c.created_at + ?2, 'unixepoch') = ?1 GROUP BY m ORDER BY m";
static const char sql_open_now[] =
	"SELECT count(CASE WHEN state IN ('open','assigned') THEN 1 END), "
	"count(CASE WHEN state IN ('open','assigned') AND due_at < ?1 THEN 1 END) FROM complaint";

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

/* The complaint as JSON, and its complainant's account (1), 0 none, -1. */
static int complaint_fetch(struct dbconn *db, int64_t id, json_t **out, int64_t *owner)
{
	sqlite3_stmt *st = store_stmt(db, sql_json);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now_seconds());
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = json_loads(store_text(st, 0), 0, NULL);
		*owner = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? (*out ? 1 : -1) : rc == SQLITE_DONE ? 0 : -1;
}

static void reply_complaint(struct req *r, int status, int64_t id)
{
	json_t *c = NULL;
	int64_t owner;
	if (complaint_fetch(&r->srv->reader, id, &c, &owner) != 1) {
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
	sqlite3_stmt *s = store_stmt(db, sql_insert);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, r->who.account_id);
	sqlite3_bind_text(s, 2, st->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, st->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, st->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, st->body, -1, SQLITE_STATIC);
	if (st->vacancy_id)
		sqlite3_bind_int64(s, 6, st->vacancy_id);
	if (st->organisation_id)
		sqlite3_bind_int64(s, 7, st->organisation_id);
	sqlite3_bind_int64(s, 8, now + (int64_t)r->srv->cfg->complaint_response_days * 86400);
	sqlite3_bind_int64(s, 9, now);
	if (store_insert(db, s, &st->id) != 0 ||
	    audit_record(db, r->who.account_id, "complaint.create", "complaint", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void complaint_create(struct req *r)
{
	static const char *const kinds[] = {"complaint", "suggestion", NULL};
	static const char *const categories[] = {"scam_vacancy", "card_problem", "data_correction",
	                                         "service",      "other",        NULL};
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
	if (st->vacancy_id && (st->vacancy_id < 0 || vacancy_fetch(&r->srv->reader, st->vacancy_id, &v) != 1)) {
		req_fail(r, ERR_FIELD_INVALID, "vacancy_id");
		return;
	}
	json_t *org = st->organisation_id > 0 ? organisation_json(&r->srv->reader, st->organisation_id) : NULL;
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

static void list_with(struct req *r, const char *sql, int64_t who, const char *state, int overdue)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	sqlite3_stmt *st = store_stmt(&r->srv->reader, sql);
	if (!st) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (who)
		sqlite3_bind_int64(st, 1, who);
	else if (state)
		sqlite3_bind_text(st, 1, state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, now_seconds());
	sqlite3_bind_int64(st, 3, page.cursor);
	sqlite3_bind_int(st, 4, page.limit + 1);
	sqlite3_bind_int(st, 5, overdue);
	list_reply_rows(r, st, page.limit, NULL);
}

void complaint_list_own(struct req *r) { list_with(r, sql_own, r->who.account_id, NULL, 0); }

void complaint_queue(struct req *r)
{
	static const char *const states[] = {"open", "assigned", "answered", "closed", NULL};
	const char *state, *overdue;
	if (req_query_choice(r, "state", states, &state) < 0 ||
	    req_query_choice(r, "overdue", req_query_booleans, &overdue) < 0)
		return;
	audit_read(r->srv, r->who.account_id, "complaint.list_read", "complaint", 0);
	list_with(r, sql_queue, 0, state, overdue && !strcmp(overdue, "true"));
}

/* The complainant or staff; anyone else is told it does not exist. */
void complaint_get(struct req *r)
{
	json_t *c = NULL;
	int64_t owner = 0, id = req_param_id(r, 0);
	int found = id > 0 ? complaint_fetch(&r->srv->reader, id, &c, &owner) : 0;
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

static int state_of(struct dbconn *db, int64_t id, char state[12], int64_t *owner)
{
	sqlite3_stmt *st = store_stmt(db, sql_state);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(state, 12, "%s", store_text(st, 0));
		*owner = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Runs a bound change of one complaint; 409 when it is not in a state for it. */
static int change_one(struct dbconn *db, sqlite3_stmt *s, struct complaint_state *st)
{
	int rc = store_change_one(db, s);
	if (rc == 1) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	return rc == 0 ? WRITE_OK : WRITE_STORE_ERROR;
}

static int assign_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct complaint_state *st = r->state;
	int64_t now = now_seconds();
	sqlite3_stmt *s = store_stmt(db, sql_assign);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, st->id);
	sqlite3_bind_int64(s, 2, st->officer_id);
	sqlite3_bind_int64(s, 3, now);
	int rc = change_one(db, s, st);
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
	int found = st->id > 0 ? state_of(&r->srv->reader, st->id, state, &owner) : 0;
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
	if (st->officer_id <= 0 || account_by_id(&r->srv->reader, st->officer_id, &a) != 1 || a.role != ROLE_OFFICER ||
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
	sqlite3_stmt *s = store_stmt(db, sql_answer);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, st->id);
	sqlite3_bind_text(s, 2, st->body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, r->who.account_id);
	int rc = change_one(db, s, st);
	if (rc != WRITE_OK)
		return rc;
	char state[12];
	int64_t owner;
	struct notice n = {"complaint", "Pengaduan Anda sudah dijawab",
	                   "Petugas sudah menjawab pengaduan Anda. Lihat jawabannya di aplikasi.", "complaint", st->id};
	if (state_of(db, st->id, state, &owner) != 1 || notice_send(db, r->srv->cfg, owner, &n, now) < 0 ||
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
	sqlite3_stmt *s = store_stmt(db, sql_close);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, st->id);
	sqlite3_bind_int64(s, 2, now);
	int rc = change_one(db, s, st);
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
	sqlite3_stmt *st = store_stmt(&r->srv->reader, sql_monthly);
	if (!st) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	sqlite3_bind_text(st, 1, year, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (int64_t)r->srv->cfg->utc_offset_minutes * 60);
	json_t *months = json_array();
	long long total[4] = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long v[4];
		for (int i = 0; i < 4; i++)
			total[i] += v[i] = sqlite3_column_int64(st, 1 + i);
		char month[24];
		snprintf(month, sizeof month, "%.4s-%.2s", year, store_text(st, 0));
		json_array_append_new(months,
		                      json_pack("{s:s, s:I, s:I, s:I, s:I}", "month", month, "received",
		                                (json_int_t)v[0], "suggestions", (json_int_t)v[1], "answered",
		                                (json_int_t)v[2], "answered_on_time", (json_int_t)v[3]));
	}
	sqlite3_reset(st);
	long long open = 0, overdue = 0;
	if ((st = store_stmt(&r->srv->reader, sql_open_now))) {
		sqlite3_bind_int64(st, 1, now_seconds());
		if (sqlite3_step(st) == SQLITE_ROW) {
			open = sqlite3_column_int64(st, 0);
			overdue = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
	}
	req_reply(r, 200,
	          json_pack("{s:i, s:o, s:{s:I, s:I, s:I, s:I}, s:I, s:I}", "year", atoi(year), "months", months,
	                    "total", "received", (json_int_t)total[0], "suggestions", (json_int_t)total[1], "answered",
	                    (json_int_t)total[2], "answered_on_time", (json_int_t)total[3], "open_now",
	                    (json_int_t)open, "overdue_now", (json_int_t)overdue));
}
