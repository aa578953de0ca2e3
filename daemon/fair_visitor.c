/* Visitors of a job fair.  A job seeker registers in the app and gets a
 * ticket signed by the office (fair_ticket.h), shown as a QR code; a card
 * is not needed to visit.  At the door an officer registers a walk-in by
 * NIK (participant.h: the person the office knows, or a new person row),
 * checked in at once; one who registered already is checked in on their
 * ticket instead. */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "dates.h"
#include "fair.h"
#include "fair_store.h"
#include "fair_ticket.h"
#include "http.h"
#include "mask.h"
#include "nik.h"
#include "participant.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"

/* The ticket as its holder and the door see it: the row, the QR's text
 * (signed now: the same ticket, the same fields, a fresh signature is as
 * good) and the holder's masked name; NULL on a store error. */
static json_t *ticket_reply(struct req *r, struct dbconn *db, int64_t id)
{
	struct ticket_row t;
	json_t *out = ticket_json(db, id);
	if (!out || ticket_fetch(db, id, &t) != 1) {
		json_decref(out);
		return NULL;
	}
	struct fair_ticket signed_ticket = {.fair_id = t.fair_id, .ticket_id = t.id, .issued_at = t.registered_at};
	name_mask(t.holder, signed_ticket.holder, sizeof signed_ticket.holder);
	char code[FAIR_TICKET_TEXT_MAX];
	if (fair_ticket_sign(&r->srv->keys, &signed_ticket, code) < 0) {
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "holder", json_string(signed_ticket.holder));
	json_object_set_new(out, "code", json_string(code));
	return out;
}

struct visit_st {
	int64_t fair_id, seeker_id, ticket_id;
	struct fair_row fair;
	struct participant person;
	int person_created, already_registered, refusal;
	int64_t first_check_in;
};

static void visit_st_free(void *p)
{
	struct visit_st *st = p;
	if (st)
		participant_clear(&st->person);
	free(st);
}

/* The published fair of the path: 0, or -1 answered. */
static int published_fair(struct req *r, struct visit_st *st)
{
	st->fair_id = req_param_id(r, 0);
	int found = st->fair_id > 0 ? fair_fetch(r->srv->reader, st->fair_id, &st->fair) : 0;
	if (found <= 0 || (strcmp(st->fair.state, "published") && !(r->who.role & ROLES_STAFF))) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	if (strcmp(st->fair.state, "published")) {
		req_fail(r, ERR_FAIR_NOT_PUBLISHED, NULL);
		return -1;
	}
	return 0;
}

static void ticket_done(struct req *r, int result, int status)
{
	struct visit_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE,
		         st->refusal == ERR_FAIR_REGISTERED ? "nik" : NULL);
		return;
	}
	json_t *out = ticket_reply(r, r->srv->reader, st->ticket_id);
	if (!out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	int has_card = ticket_holder_has_card(r->srv->reader, st->seeker_id);
	json_object_set_new(out, "has_card", json_boolean(has_card > 0));
	if (r->who.role & ROLES_STAFF)
		json_object_set_new(out, "person_created", json_boolean(st->person_created));
	req_reply(r, status, out);
}

/* ---- POST /v1/job-fairs/{id}/tickets: a job seeker registers ---- */

static int register_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct visit_st *st = r->state;
	int64_t now = now_seconds();
	int rc = ticket_insert(db, st->fair_id, st->fair.capacity, st->seeker_id, 0, r->who.account_id, now,
	                       &st->ticket_id);
	if (rc == TICKET_HELD || rc == TICKET_FULL) {
		st->refusal = rc == TICKET_HELD ? ERR_FAIR_REGISTERED : ERR_FAIR_FULL;
		return WRITE_REFUSED;
	}
	return rc == TICKET_NEW &&
			audit_record(db, r->who.account_id, "job_fair.register", "job_fair_ticket", st->ticket_id, NULL,
	                             now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void registered(struct req *r, int result) { ticket_done(r, result, 201); }

void fair_register(struct req *r)
{
	struct visit_st *st = req_state_new(r, sizeof *st, visit_st_free);
	if (!st || published_fair(r, st) < 0)
		return;
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	if (strcmp(today, st->fair.registration_opens) < 0 || strcmp(today, st->fair.registration_closes) > 0) {
		req_fail(r, ERR_FAIR_REGISTRATION_CLOSED, NULL);
		return;
	}
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &st->seeker_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return;
	}
	req_write(r, register_write, registered);
}

/* ---- POST /v1/job-fairs/{id}/walk-ins: an officer at the door, by NIK ---- */

static int walk_in_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct visit_st *st = r->state;
	int64_t now = now_seconds();
	if (participant_store(db, &st->person, now, &st->seeker_id, &st->person_created) < 0)
		return WRITE_STORE_ERROR;
	int rc = ticket_insert(db, st->fair_id, st->fair.capacity, st->seeker_id, 1, r->who.account_id, now,
	                       &st->ticket_id);
	if (rc == TICKET_FULL) {
		st->refusal = ERR_FAIR_FULL;
		return WRITE_REFUSED;
	}
	if (rc == TICKET_HELD) {
		/* Registered in the app, without the phone: in on that ticket. */
		struct ticket_row t;
		if (ticket_of(db, st->fair_id, st->seeker_id, &t) != 1)
			return WRITE_STORE_ERROR;
		st->ticket_id = t.id;
		st->already_registered = 1;
		if (ticket_check_in(db, t.id, st->fair_id, now, r->who.account_id, "online", &st->first_check_in) < 0)
			return WRITE_STORE_ERROR;
	} else if (rc != TICKET_NEW) {
		return WRITE_STORE_ERROR;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"person_created\":%s,\"registered\":%s}",
	         st->person_created ? "true" : "false", st->already_registered ? "true" : "false");
	return audit_record(db, r->who.account_id, "job_fair.walk_in", "job_fair_ticket", st->ticket_id, detail, now) ==
			0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void walked_in(struct req *r, int result)
{
	struct visit_st *st = r->state;
	ticket_done(r, result, st->already_registered ? 200 : 201);
}

void fair_walk_in(struct req *r)
{
	struct visit_st *st = req_state_new(r, sizeof *st, visit_st_free);
	if (!st || req_body_check(r, participant_fields) < 0 || published_fair(r, st) < 0)
		return;
	if (!fair_check_in_open(r->srv->cfg, &st->fair, now_seconds())) {
		req_fail(r, ERR_FAIR_CHECK_IN_CLOSED, NULL);
		return;
	}
	const char *nik = body_str(r->body, "nik");
	if (nik_valid_format(nik) < 0) {
		req_fail(r, ERR_NIK_INVALID, "nik");
		return;
	}
	struct body_error err;
	if (participant_resolve(nik, r->body, r->srv->reader, r->srv->cfg, &r->srv->keys, &st->person, &err) < 0) {
		req_fail(r, err.code, err.field);
		return;
	}
	req_write(r, walk_in_write, walked_in);
}

/* ---- GET /v1/me/fair-tickets and its QR ---- */

void fair_my_tickets(struct req *r)
{
	int64_t seeker_id;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *rows = found ? ticket_list_of_seeker(r->srv->reader, seeker_id) : json_array(), *items = json_array(),
	       *t;
	size_t i;
	json_array_foreach (rows, i, t) {
		json_t *full = ticket_reply(r, r->srv->reader, json_integer_value(json_object_get(t, "id")));
		if (full)
			json_array_append_new(items, full);
	}
	int complete = rows && json_array_size(items) == json_array_size(rows);
	json_decref(rows);
	if (!complete) {
		json_decref(items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:o}", "items", items));
}

/* A QR code as SVG: one path of the dark modules, a quiet zone of four. */
static char *qr_svg(const char *text, size_t *len)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return NULL;
	int size = qr->width + 8;
	size_t cap = 256 + (size_t)qr->width * (size_t)qr->width * 24;
	char *svg = malloc(cap);
	if (!svg) {
		QRcode_free(qr);
		return NULL;
	}
	size_t n = (size_t)snprintf(svg, cap,
	                            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	                            "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	                            "<path fill=\"#000\" d=\"",
	                            size, size, size, size);
	for (int y = 0; y < qr->width; y++)
		for (int x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				n += (size_t)snprintf(svg + n, cap - n, "M%d %dh1v1h-1z", x + 4, y + 4);
	n += (size_t)snprintf(svg + n, cap - n, "\"/></svg>");
	QRcode_free(qr);
	*len = n;
	return svg;
}

void fair_my_ticket_qr(struct req *r)
{
	int64_t seeker_id, id = req_param_id(r, 0);
	struct ticket_row t;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	if (found > 0)
		found = id > 0 ? ticket_fetch(r->srv->reader, id, &t) : 0;
	if (found <= 0 || t.seeker_id != seeker_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	json_t *ticket = ticket_reply(r, r->srv->reader, id);
	size_t len = 0;
	char *svg = ticket ? qr_svg(json_string_value(json_object_get(ticket, "code")), &len) : NULL;
	json_decref(ticket);
	if (!svg) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_add_header(r, "Cache-Control", "private, no-store");
	req_reply_raw(r, 200, "image/svg+xml", svg, len);
	free(svg);
}
