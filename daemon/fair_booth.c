/* Booths at a job fair.  The office invites a company, or a verified
 * company asks for a booth; a company that was invited has its booth as
 * soon as it takes it, one that asked waits for an officer's decision.
 * Either way the company brings its own vacancies, published or still in
 * moderation (a new one is moderated as usual and shown once published). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "audit.h"
#include "body.h"
#include "fair.h"
#include "fair_store.h"
#include "http.h"
#include "notification.h"
#include "notification_store.h"
#include "organisation_store.h"
#include "server.h"
#include "store.h"
#include "validate.h"

#define BOOTH_VACANCIES_MAX 50

struct booth_st {
	int64_t fair_id, booth_id, organisation_id;
	json_t *vacancy_ids;
	int refusal;
	const char *refusal_field;
	char to[12];
	struct fair_row fair;
};

static void booth_st_free(void *p)
{
	struct booth_st *st = p;
	if (st)
		json_decref(st->vacancy_ids);
	free(st);
}

/* The fair of the path, published and not over: 0, or -1 answered. */
static int open_fair(struct req *r, struct booth_st *st)
{
	st->fair_id = req_param_id(r, 0);
	int found = st->fair_id > 0 ? fair_fetch(r->srv->reader, st->fair_id, &st->fair) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	if (strcmp(st->fair.state, "published") && strcmp(st->fair.state, "draft")) {
		req_fail(r, ERR_FAIR_NOT_PUBLISHED, NULL);
		return -1;
	}
	if (now_seconds() > fair_moment(r->srv->cfg, st->fair.end_date, st->fair.closes_at)) {
		req_fail(r, ERR_STATE, NULL);
		return -1;
	}
	return 0;
}

static void reply_booth(struct req *r, int status, int64_t id)
{
	json_t *b = booth_json(r->srv->reader, id);
	if (!b) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, b);
}

static void booth_written(struct req *r, int result, int status)
{
	struct booth_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, st->refusal_field);
		return;
	}
	reply_booth(r, status, st->booth_id);
}
static void booth_created(struct req *r, int result) { booth_written(r, result, 201); }
static void booth_changed(struct req *r, int result) { booth_written(r, result, 200); }

static int tell_company(struct dbconn *db, const struct config *cfg, int64_t organisation_id, const char *title,
                        const char *body, int64_t fair_id, int64_t now)
{
	struct notification n = {"vacancy", title, body, "job_fair", fair_id};
	return notification_send(db, cfg, organisation_id, &n, now);
}

/* ---- POST /v1/job-fairs/{id}/invitations: the office invites a company ---- */

static const struct field_spec invite_fields[] = {{"organisation_id", FIELD_INTEGER, 1, 0}, {NULL, 0, 0, 0}};

static int invite_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct booth_st *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = booth_insert(db, st->fair_id, st->organisation_id, "invited", now, &st->booth_id);
	if (rc == STORE_CONFLICT) {
		st->refusal = ERR_STATE;
		st->refusal_field = "organisation_id";
		return WRITE_REFUSED;
	}
	char body[400];
	snprintf(body, sizeof body,
	         "Disnaker mengundang perusahaan Anda membuka stan di bursa kerja %s (%s sampai %s). Ambil stan dan "
	         "pilih lowongan yang dibawa di portal.",
	         st->fair.name, st->fair.start_date, st->fair.end_date);
	return rc == STORE_OK &&
			tell_company(db, r->srv->cfg, st->organisation_id, "Undangan bursa kerja", body, st->fair_id,
	                             now) == 0 &&
			audit_record(db, r->who.account_id, "job_fair.invite", "job_fair_booth", st->booth_id, NULL,
	                             now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

void fair_invite(struct req *r)
{
	struct booth_st *st = req_state_new(r, sizeof *st, booth_st_free);
	if (!st || req_body_check(r, invite_fields) < 0 || open_fair(r, st) < 0)
		return;
	st->organisation_id = json_integer_value(json_object_get(r->body, "organisation_id"));
	struct account_row a;
	int found = st->organisation_id > 0 ? account_by_id(r->srv->reader, st->organisation_id, &a) : 0;
	json_t *org = found > 0 && a.role == ROLE_COMPANY ? organisation_json(r->srv->reader, st->organisation_id)
							  : NULL;
	if (!org) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, "organisation_id");
		return;
	}
	json_decref(org);
	req_write(r, invite_write, booth_created);
}

/* ---- PUT /v1/job-fairs/{id}/booth: a company takes its booth and says what it brings ---- */

static const struct field_spec booth_fields[] = {{"vacancy_ids", FIELD_ARRAY, 1, BOOTH_VACANCIES_MAX}, {NULL, 0, 0, 0}};

static int booth_put_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct booth_st *st = r->state;
	int64_t now = now_seconds();
	struct booth_row b;
	int found = booth_of(db, st->fair_id, r->who.account_id, &b);
	if (found < 0)
		return WRITE_STORE_ERROR;
	const char *action = "job_fair.booth_update";
	if (!found) {
		/* Asked for: an officer decides. */
		if (booth_insert(db, st->fair_id, r->who.account_id, "requested", now, &st->booth_id) != STORE_OK)
			return WRITE_STORE_ERROR;
		action = "job_fair.booth_request";
	} else {
		st->booth_id = b.id;
		if (!strcmp(b.state, "refused")) {
			st->refusal = ERR_BOOTH_REFUSED;
			return WRITE_REFUSED;
		}
		/* Invited: taking it is accepting it. */
		if (!strcmp(b.state, "invited")) {
			if (booth_set_state(db, b.id, "invited", "accepted", 0, now) != STORE_OK)
				return WRITE_STORE_ERROR;
			action = "job_fair.booth_take";
		}
	}
	int foreign = booth_set_vacancies(db, st->booth_id, r->who.account_id, st->vacancy_ids);
	if (foreign > 0) {
		st->refusal = ERR_VACANCY_NOT_YOURS;
		st->refusal_field = "vacancy_ids";
		return WRITE_REFUSED;
	}
	return foreign == 0 &&
			audit_record(db, r->who.account_id, action, "job_fair_booth", st->booth_id, NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

void fair_booth_put(struct req *r)
{
	struct booth_st *st = req_state_new(r, sizeof *st, booth_st_free);
	if (!st || req_body_check(r, booth_fields) < 0 || open_fair(r, st) < 0)
		return;
	if (strcmp(st->fair.state, "published")) {
		req_fail(r, ERR_FAIR_NOT_PUBLISHED, NULL);
		return;
	}
	const json_t *ids = json_object_get(r->body, "vacancy_ids"), *id;
	size_t i;
	json_array_foreach (ids, i, id)
		if (!json_is_integer(id) || json_integer_value(id) < 1) {
			req_fail(r, ERR_FIELD_INVALID, "vacancy_ids");
			return;
		}
	st->vacancy_ids = json_deep_copy(ids);
	req_write(r, booth_put_write, booth_changed);
}

/* ---- POST /v1/job-fairs/{id}/booths/{booth}/decision: the office accepts or refuses a request ---- */

static const struct field_spec decision_fields[] = {{"decision", FIELD_STRING, 1, 8}, {NULL, 0, 0, 0}};

static int decide_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct booth_st *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = booth_set_state(db, st->booth_id, "requested", st->to, r->who.account_id, now);
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	int accepted = !strcmp(st->to, "accepted");
	char body[300];
	snprintf(body, sizeof body, "Permohonan stan perusahaan Anda di bursa kerja %s %s oleh Disnaker.",
	         st->fair.name, accepted ? "diterima" : "ditolak");
	return rc == STORE_OK &&
			tell_company(db, r->srv->cfg, st->organisation_id,
	                             accepted ? "Stan bursa kerja diterima" : "Stan bursa kerja ditolak", body,
	                             st->fair_id, now) == 0 &&
			audit_record(db, r->who.account_id,
	                             accepted ? "job_fair.booth_accept" : "job_fair.booth_refuse", "job_fair_booth",
	                             st->booth_id, NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

void fair_booth_decide(struct req *r)
{
	struct booth_st *st = req_state_new(r, sizeof *st, booth_st_free);
	if (!st || req_body_check(r, decision_fields) < 0 || open_fair(r, st) < 0)
		return;
	static const char *const decisions[] = {"accept", "refuse", NULL};
	const char *decision = body_str(r->body, "decision");
	if (!valid_choice(decision, decisions)) {
		req_fail(r, ERR_FIELD_INVALID, "decision");
		return;
	}
	struct booth_row b;
	st->booth_id = req_param_id(r, 1);
	int found = st->booth_id > 0 ? booth_fetch(r->srv->reader, st->booth_id, &b) : 0;
	if (found <= 0 || b.fair_id != st->fair_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	st->organisation_id = b.organisation_id;
	snprintf(st->to, sizeof st->to, "%s", !strcmp(decision, "accept") ? "accepted" : "refused");
	req_write(r, decide_write, booth_changed);
}

/* ---- GET /v1/job-fairs/{id}/booths: every booth for officers, its own for a company ---- */

void fair_booth_list(struct req *r)
{
	struct fair_row f;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? fair_fetch(r->srv->reader, id, &f) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	json_t *items = booth_list_json(r->srv->reader, id, (r->who.role & ROLES_STAFF) ? 0 : r->who.account_id);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:o}", "items", items));
}
