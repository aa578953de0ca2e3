/* POST /v1/job-fairs/{id}/meetings: at its booth a company scans a
 * visitor's ticket and records that it met them for one of the vacancies
 * it brought.  That is an application with the fair as its source; the
 * company moves it on with POST /v1/applications/{id}/status as any other
 * (interview, accepted, rejected), and its acceptance records the
 * placement through the channel job_fair (application_store.c), with no
 * second report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application_store.h"
#include "audit.h"
#include "body.h"
#include "fair.h"
#include "fair_store.h"
#include "fair_ticket.h"
#include "http.h"
#include "notification.h"
#include "notification_store.h"
#include "server.h"
#include "store.h"
#include "vacancy_store.h"

static const struct field_spec meeting_fields[] = {
	{"ticket", FIELD_STRING, 1, FAIR_TICKET_TEXT_MAX},
	{"vacancy_id", FIELD_INTEGER, 1, 0},
	{NULL, 0, 0, 0},
};

struct meeting_st {
	struct fair_ticket ticket;
	struct ticket_row holder;
	int64_t fair_id, vacancy_id, application_id, account_id;
	int refusal;
};

static int meeting_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct meeting_st *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc =
		application_store_insert(db, st->vacancy_id, st->holder.seeker_id, NULL, now, &st->application_id);
	if (rc == STORE_CONFLICT) {
		st->refusal = ERR_ALREADY_APPLIED_HERE;
		return WRITE_REFUSED;
	}
	if (rc != STORE_OK ||
	    fair_application_insert(db, st->application_id, st->fair_id, st->holder.id, r->who.account_id, now) < 0 ||
	    audit_record(db, r->who.account_id, "job_fair.meeting", "application", st->application_id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	/* The person, if they use the app, finds it among their applications. */
	struct application_row a;
	if (application_store_get(db, st->application_id, &a) != 1)
		return WRITE_STORE_ERROR;
	if (a.account_id) {
		struct notification n = {"application", "Lamaran dari bursa kerja",
		                         "Perusahaan yang Anda temui di stan bursa kerja mencatat lamaran Anda. Lihat "
		                         "statusnya di aplikasi.",
		                         "application", st->application_id};
		if (notification_send(db, r->srv->cfg, a.account_id, &n, now) < 0)
			return WRITE_STORE_ERROR;
	}
	return WRITE_OK;
}

static void met(struct req *r, int result)
{
	struct meeting_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE,
		         result == WRITE_REFUSED ? "ticket" : NULL);
		return;
	}
	json_t *a = application_store_json(r->srv->reader, st->application_id);
	if (!a) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_object_set_new(a, "fair_id", json_integer(st->fair_id));
	json_object_set_new(a, "holder", json_string(st->ticket.holder));
	req_reply(r, 201, a);
}

void fair_meeting(struct req *r)
{
	struct meeting_st *st = req_state_new(r, sizeof *st, NULL);
	if (!st || req_body_check(r, meeting_fields) < 0)
		return;
	struct dbconn *db = r->srv->reader;
	struct fair_row f;
	st->fair_id = req_param_id(r, 0);
	int found = st->fair_id > 0 ? fair_fetch(db, st->fair_id, &f) : 0;
	if (found <= 0 || strcmp(f.state, "published")) {
		req_fail(r, found < 0 ? ERR_STORE : found ? ERR_FAIR_NOT_PUBLISHED : ERR_NOT_FOUND, NULL);
		return;
	}
	struct booth_row b;
	found = booth_of(db, st->fair_id, r->who.account_id, &b);
	if (found <= 0 || strcmp(b.state, "accepted")) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_BOOTH_NOT_ACCEPTED, NULL);
		return;
	}
	st->vacancy_id = json_integer_value(json_object_get(r->body, "vacancy_id"));
	found = st->vacancy_id > 0 ? booth_has_vacancy(db, b.id, st->vacancy_id) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_VACANCY_NOT_AT_BOOTH, "vacancy_id");
		return;
	}
	/* One still in moderation is at the booth, but not yet open to applications. */
	struct vacancy_row v;
	found = vacancy_fetch(db, st->vacancy_id, &v);
	if (found <= 0 || strcmp(v.state, "published")) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_STATE, "vacancy_id");
		return;
	}
	if (fair_ticket_verify(r->srv->keys.ticket_public, body_str(r->body, "ticket"), &st->ticket) < 0) {
		req_fail(r, ERR_TICKET_INVALID, "ticket");
		return;
	}
	if (st->ticket.fair_id != st->fair_id) {
		req_fail(r, ERR_TICKET_OTHER_FAIR, "ticket");
		return;
	}
	found = ticket_fetch(db, st->ticket.ticket_id, &st->holder);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, "ticket");
		return;
	}
	/* Met at the fair: through its door. */
	if (!st->holder.checked_in_at) {
		req_fail(r, ERR_TICKET_NOT_CHECKED_IN, "ticket");
		return;
	}
	req_write(r, meeting_write, met);
}
