/* Check-in at a job fair's door, by the office's staff or a company with a
 * booth there.  The ticket's signature is checked first (fair_ticket.h):
 * a forged or altered ticket, or one of another fair, changes nothing.
 * Idempotent: a second scan answers when the first was ("already checked
 * in at 09:14") and moves nothing.  A door scanner that lost the network
 * checks tickets with the published key and uploads its scans later as a
 * batch, each with the moment it was made. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "body.h"
#include "dates.h"
#include "defaults.h"
#include "fair.h"
#include "fair_store.h"
#include "fair_ticket.h"
#include "http.h"
#include "server.h"
#include "store.h"

#define CHECK_IN_BATCH_MAX 10000

/* May this account check tickets in at the fair?  Staff may; a company
 * only with an accepted booth there.  0, or -1 answered. */
static int door_staff(struct req *r, const struct fair_row *f)
{
	if (r->who.role & ROLES_STAFF)
		return 0;
	struct booth_row b;
	int found = booth_of(r->srv->reader, f->id, r->who.account_id, &b);
	if (found < 0 || found == 0 || strcmp(b.state, "accepted")) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_BOOTH_NOT_ACCEPTED, NULL);
		return -1;
	}
	return 0;
}

/* The published fair of the path: 0, or -1 answered. */
static int door_fair(struct req *r, struct fair_row *f)
{
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? fair_fetch(r->srv->reader, id, f) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	if (strcmp(f->state, "published")) {
		req_fail(r, ERR_FAIR_NOT_PUBLISHED, NULL);
		return -1;
	}
	return door_staff(r, f);
}

/* "09:14", the office's time of t. */
static void office_time(const struct req *r, int64_t t, char out[6])
{
	int64_t local = t + (int64_t)r->srv->cfg->utc_offset_minutes * 60;
	int minute = (int)(((local % 86400) + 86400) % 86400 / 60);
	snprintf(out, 6, "%02d:%02d", (minute / 60) % 24, minute % 60);
}

/* ---- POST /v1/job-fairs/{id}/check-ins: one scan ---- */

static const struct field_spec scan_fields[] = {{"ticket", FIELD_STRING, 1, FAIR_TICKET_TEXT_MAX}, {NULL, 0, 0, 0}};

struct scan_st {
	struct fair_ticket ticket;
	int64_t first, seeker_id;
	int result, has_card;
};

static int scan_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct scan_st *st = r->state;
	int64_t now = now_seconds();
	st->result = ticket_check_in(db, st->ticket.ticket_id, st->ticket.fair_id, now, r->who.account_id, "online",
	                             &st->first);
	if (st->result == -2)
		return WRITE_REFUSED; /* signed by us, yet no such ticket: a restored database */
	if (st->result < 0)
		return WRITE_STORE_ERROR;
	if (st->result == 1)
		st->first = now;
	struct ticket_row t;
	if (ticket_fetch(db, st->ticket.ticket_id, &t) != 1 ||
	    (st->has_card = ticket_holder_has_card(db, t.seeker_id)) < 0)
		return WRITE_STORE_ERROR;
	if (st->result == 0)
		return WRITE_OK; /* nothing changed: nothing to record */
	return audit_record(db, r->who.account_id, "job_fair.check_in", "job_fair_ticket", st->ticket.ticket_id, NULL,
	                    now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void scanned(struct req *r, int result)
{
	struct scan_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? ERR_NOT_FOUND : ERR_STORE,
		         result == WRITE_REFUSED ? "ticket" : NULL);
		return;
	}
	char at[24], clock[6], message[96];
	office_time(r, st->first, clock);
	int already = st->result == 0;
	if (already)
		snprintf(message, sizeof message, r->english ? "Already checked in at %s." : "Sudah check-in pukul %s.",
		         clock);
	else
		snprintf(message, sizeof message,
		         r->english ? "Welcome: checked in at %s." : "Selamat datang: check-in pukul %s.", clock);
	req_reply(r, 200,
	          json_pack("{s:I, s:I, s:s, s:b, s:s, s:s, s:b, s:s}", "ticket_id", (json_int_t)st->ticket.ticket_id,
	                    "fair_id", (json_int_t)st->ticket.fair_id, "holder", st->ticket.holder, "has_card",
	                    st->has_card, "checked_in_at", iso8601(st->first, at, sizeof at), "checked_in_time", clock,
	                    "already_checked_in", already, "message", message));
}

void fair_check_in(struct req *r)
{
	struct scan_st *st = req_state_new(r, sizeof *st, NULL);
	struct fair_row f;
	if (!st || req_body_check(r, scan_fields) < 0 || door_fair(r, &f) < 0)
		return;
	if (fair_ticket_verify(r->srv->keys.ticket_public, body_str(r->body, "ticket"), &st->ticket) < 0) {
		req_fail(r, ERR_TICKET_INVALID, "ticket");
		return;
	}
	if (st->ticket.fair_id != f.id) {
		req_fail(r, ERR_TICKET_OTHER_FAIR, "ticket");
		return;
	}
	if (!fair_check_in_open(r->srv->cfg, &f, now_seconds())) {
		req_fail(r, ERR_FAIR_CHECK_IN_CLOSED, NULL);
		return;
	}
	req_write(r, scan_write, scanned);
}

/* ---- POST /v1/job-fairs/{id}/check-ins/batch: an offline scanner's scans ---- */

static const struct field_spec batch_fields[] = {{"check_ins", FIELD_ARRAY, 1, CHECK_IN_BATCH_MAX}, {NULL, 0, 0, 0}};

struct batch_row {
	int64_t ticket_id, at, first;
	enum err refusal; /* ERR_COUNT: none */
	int result; /* ticket_check_in's */
};

struct batch_st {
	struct fair_row fair;
	json_t *items; /* the body's rows, kept for the pool */
	struct batch_row *rows;
	size_t n;
	int checked_in, already, refused;
};

static void batch_st_free(void *p)
{
	struct batch_st *st = p;
	if (st) {
		json_decref(st->items);
		free(st->rows);
	}
	free(st);
}

/* On the pool: every signature, and each scan's moment within the fair. */
static void batch_verify(struct req *r)
{
	struct batch_st *st = r->state;
	size_t i;
	json_t *item;
	json_array_foreach (st->items, i, item) {
		struct batch_row *row = &st->rows[i];
		struct fair_ticket t;
		row->refusal = ERR_COUNT;
		const char *text = json_string_value(json_object_get(item, "ticket"));
		row->at = utc_moment_parse(json_string_value(json_object_get(item, "at")));
		if (!json_is_object(item) || !text || json_object_size(item) != 2 || row->at < 0)
			row->refusal = ERR_FIELD_INVALID;
		else if (fair_ticket_verify(r->srv->keys.ticket_public, text, &t) < 0)
			row->refusal = ERR_TICKET_INVALID;
		else if (t.fair_id != st->fair.id)
			row->refusal = ERR_TICKET_OTHER_FAIR;
		else if (!fair_check_in_open(r->srv->cfg, &st->fair, row->at) || row->at > now_seconds() + 300)
			row->refusal = ERR_FAIR_CHECK_IN_CLOSED;
		else
			row->ticket_id = t.ticket_id;
	}
}

static int batch_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct batch_st *st = r->state;
	int64_t now = now_seconds();
	st->checked_in = st->already = 0;
	for (size_t i = 0; i < st->n; i++) {
		struct batch_row *row = &st->rows[i];
		if (row->refusal != ERR_COUNT)
			continue;
		row->result = ticket_check_in(db, row->ticket_id, st->fair.id, row->at, r->who.account_id, "offline",
		                              &row->first);
		if (row->result == -1)
			return WRITE_STORE_ERROR;
		st->checked_in += row->result == 1;
		st->already += row->result == 0;
	}
	char detail[96];
	snprintf(detail, sizeof detail, "{\"received\":%zu,\"checked_in\":%d,\"already\":%d}", st->n, st->checked_in,
	         st->already);
	return audit_record(db, r->who.account_id, "job_fair.check_in_batch", "job_fair", st->fair.id, detail, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void batch_written(struct req *r, int result)
{
	struct batch_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *refused = json_array(), *already = json_array();
	for (size_t i = 0; i < st->n; i++) {
		struct batch_row *row = &st->rows[i];
		enum err e = row->refusal != ERR_COUNT ? row->refusal : row->result == -2 ? ERR_NOT_FOUND : ERR_COUNT;
		if (e != ERR_COUNT) {
			json_array_append_new(refused,
			                      json_pack("{s:I, s:s, s:s}", "index", (json_int_t)i, "code",
			                                error_code(e), "message", error_message(e, r->english)));
		} else if (row->result == 0) {
			char at[24];
			json_array_append_new(already,
			                      json_pack("{s:I, s:I, s:s}", "index", (json_int_t)i, "ticket_id",
			                                (json_int_t)row->ticket_id, "checked_in_at",
			                                iso8601(row->first, at, sizeof at)));
		}
	}
	req_reply(r, 200,
	          json_pack("{s:I, s:i, s:o, s:o}", "received", (json_int_t)st->n, "checked_in", st->checked_in,
	                    "already_checked_in", already, "refused", refused));
}

static void batch_verified(struct req *r) { req_write_alone(r, batch_write, batch_written); }

void fair_check_in_batch(struct req *r)
{
	struct batch_st *st = req_state_new(r, sizeof *st, batch_st_free);
	if (!st || req_body_check(r, batch_fields) < 0 || door_fair(r, &st->fair) < 0)
		return;
	st->items = json_incref(json_object_get(r->body, "check_ins"));
	st->n = json_array_size(st->items);
	if (st->n == 0) {
		req_fail(r, ERR_FIELD_INVALID, "check_ins");
		return;
	}
	if (!(st->rows = calloc(st->n, sizeof *st->rows))) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_pool(r, batch_verify, batch_verified);
}
