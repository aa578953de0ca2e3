/*
 * POST /v1/trainings/{id}/participants: an officer enrols a person by NIK in
 * a training the office runs.  Offices run most trainings with walk-in
 * participants listed on paper: card holders or not, with the app or not.
 * The person is the one the office knows by that NIK, or a new person row
 * from the data given (participant.h); either way they take a place at once
 * (the quota holds), and from then on attendance, completion, results and
 * certificates go as for anyone who applied in the app.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "http.h"
#include "nik.h"
#include "participant.h"
#include "server.h"
#include "store.h"
#include "training.h"
#include "training_store.h"
#include "enrolment.h"
#include "training_participant.h"

struct walk_in {
	int64_t training_id, enrolment_id;
	struct participant person;
	int person_created;
	int refusal;
};

static void walk_in_free(void *p)
{
	struct walk_in *w = p;
	if (w)
		participant_clear(&w->person);
	free(w);
}

static int take_in_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct walk_in *w = r->state;
	int64_t now = now_seconds(), seeker_id;
	struct training_row t;
	/* The training again, inside the transaction: it may have moved on. */
	if (training_fetch(db, w->training_id, &t) != 1)
		return WRITE_STORE_ERROR;
	if (strcmp(t.state, "open") && strcmp(t.state, "running")) {
		w->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	int taken = training_places_taken(db, t.id);
	if (taken < 0 || participant_store(db, &w->person, now, &seeker_id, &w->person_created) < 0)
		return WRITE_STORE_ERROR;
	/* One who already holds a place is told so, not that the training is full. */
	int rc = enrolment_take_in(db, t.id, seeker_id, r->who.account_id, taken < t.quota, now, &w->enrolment_id);
	if (rc == 1 || rc == 2) {
		w->refusal = rc == 1 ? ERR_ALREADY_ENROLLED : ERR_QUOTA_FULL;
		return WRITE_REFUSED;
	}
	char detail[48];
	snprintf(detail, sizeof detail, "{\"person_created\":%s}", w->person_created ? "true" : "false");
	if (rc < 0 ||
	    enrolment_tell(db, r->srv->cfg, w->enrolment_id, "Anda terdaftar dalam pelatihan",
	                   "Petugas Disnaker mendaftarkan Anda sebagai peserta pelatihan.", now) < 0 ||
	    audit_record(db, r->who.account_id, "enrolment.walk_in", "enrolment", w->enrolment_id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

struct reply {
	struct req *r;
	json_t *item;
};

static void participant_item(const struct store_row *row, void *arg)
{
	struct reply *out = arg;
	out->item = enrolment_participant_item(out->r, row);
}

static void taken_in(struct req *r, int result)
{
	struct walk_in *w = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)w->refusal : ERR_STORE,
		         w->refusal == ERR_ALREADY_ENROLLED ? "nik" : NULL);
		return;
	}
	struct reply out = {r, NULL};
	if (enrolment_participant(r->srv->reader, w->enrolment_id, participant_item, &out) != 1 || !out.item) {
		json_decref(out.item);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_object_set_new(out.item, "person_created", json_boolean(w->person_created));
	req_reply(r, 201, out.item);
}

void training_participant_enrol(struct req *r)
{
	struct walk_in *w = req_state_new(r, sizeof *w, walk_in_free);
	if (!w || req_body_check(r, participant_fields) < 0)
		return;
	struct dbconn *db = r->srv->reader;
	struct training_row t;
	w->training_id = req_param_id(r, 0);
	int found = w->training_id > 0 ? training_fetch(db, w->training_id, &t) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (strcmp(t.provider_kind, "office")) {
		req_fail(r, ERR_NOT_OFFICE_TRAINING, NULL);
		return;
	}
	if (strcmp(t.state, "open") && strcmp(t.state, "running")) {
		req_fail(r, ERR_STATE, NULL);
		return;
	}
	const char *nik = body_str(r->body, "nik");
	if (nik_valid_format(nik) < 0) {
		req_fail(r, ERR_NIK_INVALID, "nik");
		return;
	}
	struct body_error err;
	if (participant_resolve(nik, r->body, db, r->srv->cfg, &r->srv->keys, &w->person, &err) < 0) {
		req_fail(r, err.code, err.field);
		return;
	}
	req_write(r, take_in_write, taken_in);
}
