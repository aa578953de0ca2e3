/* AK/I card applications: the job seeker's side and the officer's queue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "audit.h"
#include "body.h"
#include "card.h"
#include "card_store.h"
#include "document.h"
#include "document_store.h"
#include "http.h"
#include "notification.h"
#include "notification_store.h"
#include "nik.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"
#include "validate.h"
#include "card_application.h"

struct card_application_state {
	int64_t seeker_id, application_id, card_id, replaces_card_id;
	char kind[24], note[256]; /* kind: also the decision, e.g. "revision_requested" */
	int refusal;
	const char *refusal_field;
};

static void fail_result(struct req *r, int result)
{
	struct card_application_state *st = r->state;
	if (result == WRITE_REFUSED)
		req_fail(r, (enum err)st->refusal, st->refusal_field);
	else
		req_fail(r, ERR_STORE, NULL);
}

static int refuse(struct card_application_state *st, enum err e, const char *field)
{
	st->refusal = e;
	st->refusal_field = field;
	return WRITE_REFUSED;
}

static void reply_application(struct req *r, int status, int64_t id)
{
	json_t *a = card_application_store_json(r->srv->reader, id);
	if (!a) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, a);
}

/* The seeker behind the signed-in account; answers and returns -1 when
 * there is none yet (no profile). */
static int own_seeker(struct req *r, int64_t *seeker_id)
{
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, seeker_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return -1;
	}
	return 0;
}

/* ---- job seeker: create, list, submit ---- */

static const struct field_spec create_fields[] = {
	{"kind", FIELD_STRING, 1, 16},
	{"replaces_card_id", FIELD_INTEGER, 0, 0},
	{NULL, 0, 0, 0},
};

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct card_application_state *st = r->state;
	int64_t now = now_seconds();
	int rc = card_application_store_create(db, st->seeker_id, st->kind, st->replaces_card_id, now,
	                                       &st->application_id);
	if (rc == 1)
		return refuse(st, ERR_APPLICATION_OPEN, NULL);
	char detail[48];
	snprintf(detail, sizeof detail, "{\"kind\":\"%s\"}", st->kind);
	if (rc < 0 ||
	    audit_record(db, r->who.account_id, "card_application.create", "card_application", st->application_id,
	                 detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

/* After a write on an application: the refusal, or the application now. */
static void application_written(struct req *r, int result, int status)
{
	struct card_application_state *st = r->state;
	if (result != WRITE_OK) {
		fail_result(r, result);
		return;
	}
	reply_application(r, status, st->application_id);
}

static void created(struct req *r, int result) { application_written(r, result, 201); }
static void changed(struct req *r, int result) { application_written(r, result, 200); }

void card_application_create(struct req *r)
{
	if (req_body_check(r, create_fields) < 0)
		return;
	const char *kind = body_str(r->body, "kind");
	int64_t replaces = body_int(r->body, "replaces_card_id", 0);
	if (strcmp(kind, "new") && strcmp(kind, "renewal") && strcmp(kind, "correction")) {
		req_fail(r, ERR_FIELD_INVALID, "kind");
		return;
	}
	struct card_application_state *st = req_state_new(r, sizeof(struct card_application_state), NULL);
	if (!st || own_seeker(r, &st->seeker_id) < 0)
		return;
	snprintf(st->kind, sizeof st->kind, "%s", kind);
	int64_t active;
	int has_active = card_active_of_seeker(r->srv->reader, st->seeker_id, &active);
	if (has_active < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (!strcmp(kind, "new")) {
		if (replaces) {
			req_fail(r, ERR_FIELD_INVALID, "replaces_card_id");
			return;
		}
		if (has_active) {
			req_fail(r, ERR_CARD_ACTIVE, NULL);
			return;
		}
	} else {
		int64_t owner;
		char state[16];
		if (!replaces) {
			req_fail(r, ERR_FIELD_MISSING, "replaces_card_id");
			return;
		}
		int found = card_seeker(r->srv->reader, replaces, &owner, state);
		/* Someone else's card does not exist, as far as this seeker knows. */
		if (found <= 0 || owner != st->seeker_id) {
			req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, "replaces_card_id");
			return;
		}
		/* A renewal follows an active or expired card; a correction fixes an active one. */
		int allowed = !strcmp(kind, "renewal") ? !strcmp(state, "active") || !strcmp(state, "expired")
						       : !strcmp(state, "active");
		if (!allowed || (has_active && active != replaces)) {
			req_fail(r, ERR_STATE, "replaces_card_id");
			return;
		}
		st->replaces_card_id = replaces;
	}
	req_write(r, create_write, created);
}

void card_application_list_own(struct req *r)
{
	int64_t seeker_id;
	if (own_seeker(r, &seeker_id) < 0)
		return;
	json_t *items = card_application_store_list_own(r->srv->reader, seeker_id);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:o}", "items", items));
}

static int submit_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct card_application_state *st = r->state;
	int64_t now = now_seconds();
	int rc = card_application_store_submit(db, st->application_id, now);
	if (rc == 1)
		return refuse(st, ERR_STATE, NULL);
	if (rc < 0 ||
	    audit_record(db, r->who.account_id, "card_application.submit", "card_application", st->application_id, NULL,
	                 now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void card_application_submit(struct req *r)
{
	struct card_application_row app;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? card_application_store_get(r->srv->reader, id, &app) : 0;
	if (found < 0 || (found && app.account_id != r->who.account_id) || !found) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (strcmp(app.state, "draft") && strcmp(app.state, "revision_requested")) {
		req_fail(r, ERR_STATE, NULL);
		return;
	}
	json_t *profile = seeker_profile(r->srv->reader, app.seeker_id);
	struct date birth;
	if (!profile || date_parse(json_string_value(json_object_get(profile, "birth_date")), &birth) < 0) {
		json_decref(profile);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_decref(profile);
	if (date_age(birth, date_today(r->srv->cfg->utc_offset_minutes)) < r->srv->cfg->min_seeker_age) {
		req_fail(r, ERR_TOO_YOUNG, "birth_date");
		return;
	}
	int kinds = document_kinds(r->srv->reader, r->who.account_id);
	if (kinds < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	static const struct {
		int bit;
		const char *name;
	} required[] = {{DOC_PHOTO, "photo"}, {DOC_KTP, "ktp"}, {DOC_DIPLOMA, "diploma"}};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!(kinds & required[i].bit)) {
			req_fail(r, ERR_DOCUMENTS_MISSING, required[i].name);
			return;
		}
	struct card_application_state *st = req_state_new(r, sizeof(struct card_application_state), NULL);
	if (!st)
		return;
	st->application_id = id;
	req_write(r, submit_write, changed);
}

/* ---- officers: queue and detail ---- */

static json_t *warning_names(unsigned warnings)
{
	json_t *a = json_array();
	for (unsigned bit = 1; nik_warning_name(bit); bit <<= 1)
		if (warnings & bit)
			json_array_append_new(a, json_string(nik_warning_name(bit)));
	return a;
}

struct queue_ctx {
	struct req *r;
	json_t *items;
	int64_t last_time, last_id;
	int limit, more; /* more: a row past the page came, so there is a next page */
};

static void add_queue_row(const struct queue_row *row, void *arg)
{
	struct queue_ctx *q = arg;
	if (json_array_size(q->items) == (size_t)q->limit) {
		q->more = 1;
		json_decref(row->item);
		return;
	}
	char masked[17];
	nik_masked_of(&q->r->srv->keys, row->nik_sealed, row->nik_sealed_len, masked);
	json_object_set_new(row->item, "nik_masked", json_string(masked));
	json_object_set_new(row->item, "nik_warnings", warning_names(row->nik_warnings));
	q->last_time = row->submitted_at;
	q->last_id = row->id;
	json_array_append_new(q->items, row->item);
}

void card_application_queue(struct req *r)
{
	const char *state = req_query(r, "state"), *kecamatan = req_query(r, "kecamatan");
	const char *cursor = req_query(r, "cursor"), *limit_text = req_query(r, "limit");
	if (!state)
		state = "submitted";
	if (strcmp(state, "submitted") && strcmp(state, "revision_requested") && strcmp(state, "issued") &&
	    strcmp(state, "rejected") && strcmp(state, "draft")) {
		req_fail(r, ERR_QUERY_INVALID, "state");
		return;
	}
	if (kecamatan && strlen(kecamatan) > 16) {
		req_fail(r, ERR_QUERY_INVALID, "kecamatan");
		return;
	}
	long long after_time = 0, after_id = 0;
	int limit = LIST_DEFAULT_LIMIT;
	char tail;
	if (cursor &&
	    (sscanf(cursor, "%lld_%lld%c", &after_time, &after_id, &tail) != 2 || after_time < 0 || after_id < 0)) {
		req_fail(r, ERR_QUERY_INVALID, "cursor");
		return;
	}
	if (limit_text &&
	    (valid_digits(limit_text, 1, 3) < 0 || (limit = atoi(limit_text)) < 1 || limit > LIST_MAX_LIMIT)) {
		req_fail(r, ERR_QUERY_INVALID, "limit");
		return;
	}
	/* One row more than the page: a cursor only when there is a next page. */
	struct queue_ctx q = {r, json_array(), 0, 0, limit, 0};
	int n = card_application_store_queue(r->srv->reader, state, kecamatan, after_time, after_id, limit + 1,
	                                     add_queue_row, &q);
	if (n < 0) {
		json_decref(q.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "card_application.queue_read", "card_application", 0);
	char next[48];
	snprintf(next, sizeof next, "%lld_%lld", (long long)q.last_time, (long long)q.last_id);
	req_reply(r, 200,
	          json_pack("{s:o, s:o}", "items", q.items, "next_cursor", q.more ? json_string(next) : json_null()));
}

/* An officer's look at one application: the full NIK (to compare with the
 * KTP), the warnings, the profile and the documents; the read is audited. */
void card_application_detail(struct req *r)
{
	struct card_application_row app;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? card_application_store_get(r->srv->reader, id, &app) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	json_t *a = card_application_store_json(r->srv->reader, id);
	json_t *p = seeker_profile(r->srv->reader, app.seeker_id);
	json_t *docs = app.account_id ? document_list(r->srv->reader, app.account_id) : json_array();
	char nik[17];
	if (!a || !p || !docs || seeker_nik(r->srv->reader, &r->srv->keys, app.seeker_id, nik) < 0) {
		json_decref(a);
		json_decref(p);
		json_decref(docs);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_object_set_new(p, "nik", json_string(nik));
	sodium_memzero(nik, sizeof nik);
	audit_read(r->srv, r->who.account_id, "card_application.read", "card_application", id);
	req_reply(r, 200, json_pack("{s:o, s:o, s:o}", "application", a, "profile", p, "documents", docs));
}

void card_application_document(struct req *r)
{
	struct card_application_row app;
	struct stored_document doc;
	int64_t id = req_param_id(r, 0), doc_id = req_param_id(r, 1);
	int found = id > 0 && doc_id > 0 ? card_application_store_get(r->srv->reader, id, &app) : 0;
	if (found > 0)
		found = document_fetch(r->srv->reader, doc_id, &doc);
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* Only a document of this application's applicant. */
	if (!found || doc.account_id != app.account_id) {
		if (found)
			free(doc.content);
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "document.read", "document", doc_id);
	document_send(r, &doc);
}

/* ---- officers: decisions ---- */

static const struct field_spec note_fields[] = {
	{"note", FIELD_STRING, 1, 255},
	{NULL, 0, 0, 0},
};

/* Tells the applicant, in the same transaction as the decision. */
static int notify_applicant(struct dbconn *db, struct req *r, const struct card_application_row *app,
                            const char *subject, const char *paragraph, int64_t now)
{
	if (!app->account_id)
		return 0;
	struct notification n = {"card", subject, paragraph, "card_application", app->id};
	return notification_send(db, r->srv->cfg, app->account_id, &n, now);
}

static int decide_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct card_application_state *st = r->state;
	struct card_application_row app;
	int64_t now = now_seconds();
	if (card_application_store_get(db, st->application_id, &app) != 1)
		return refuse(st, ERR_NOT_FOUND, NULL);
	int revision = !strcmp(st->kind, "revision_requested");
	/* Revision from submitted only; rejection from submitted or from a
	 * pending revision. */
	if (strcmp(app.state, "submitted") && (revision || strcmp(app.state, "revision_requested")))
		return refuse(st, ERR_STATE, NULL);
	char paragraph[400];
	snprintf(
		paragraph, sizeof paragraph,
		revision
			? "Permohonan kartu AK/I Anda perlu diperbaiki: %s\nSilakan perbaiki lalu ajukan kembali melalui aplikasi."
			: "Permohonan kartu AK/I Anda ditolak dengan alasan: %s",
		st->note);
	if (card_application_store_set_state(db, st->application_id, st->kind, st->note, r->who.account_id, 0, now) <
	            0 ||
	    notify_applicant(db, r, &app, revision ? "Permohonan AK/I perlu perbaikan" : "Permohonan AK/I ditolak",
	                     paragraph, now) < 0 ||
	    audit_record(db, r->who.account_id, revision ? "card_application.revision" : "card_application.reject",
	                 "card_application", st->application_id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void decide(struct req *r, const char *new_state)
{
	if (req_body_check(r, note_fields) < 0)
		return;
	const char *note = body_str(r->body, "note");
	if (valid_text(note, 255) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "note");
		return;
	}
	int64_t id = req_param_id(r, 0);
	if (id < 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	struct card_application_state *st = req_state_new(r, sizeof(struct card_application_state), NULL);
	if (!st)
		return;
	st->application_id = id;
	snprintf(st->kind, sizeof st->kind, "%s", new_state);
	snprintf(st->note, sizeof st->note, "%s", note);
	req_write(r, decide_write, changed);
}

void card_application_request_revision(struct req *r) { decide(r, "revision_requested"); }
void card_application_reject(struct req *r) { decide(r, "rejected"); }

static int issue_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct card_application_state *st = r->state;
	const struct config *cfg = r->srv->cfg;
	struct card_application_row app;
	struct account_row officer;
	int64_t now = now_seconds();
	struct date today = date_today(cfg->utc_offset_minutes), valid;
	char today_text[DATE_LEN + 1], number[64];
	date_format(today, today_text);
	if (card_application_store_get(db, st->application_id, &app) != 1)
		return refuse(st, ERR_NOT_FOUND, NULL);
	if (strcmp(app.state, "submitted"))
		return refuse(st, ERR_STATE, NULL);
	if (account_by_id(db, r->who.account_id, &officer) != 1)
		return WRITE_STORE_ERROR;
	valid = date_add_months(today, cfg->card_valid_months);
	if (app.replaces_card_id) {
		/* A correction reprints the card with the validity it had. */
		if (!strcmp(app.kind, "correction")) {
			char until[16];
			if (card_valid_until(db, app.replaces_card_id, until) != 1 || date_parse(until, &valid) < 0)
				return WRITE_STORE_ERROR;
		}
		int ended = card_end(db, app.replaces_card_id, "replaced", "replaced", today_text);
		if (ended < 0)
			return WRITE_STORE_ERROR;
		/* A renewal of an expired card finds it already ended: fine. */
	}
	int64_t serial = card_next_serial(db);
	if (serial < 0 ||
	    card_number_format(cfg->card_number_format, cfg->kabkota_code, serial, today, number, sizeof number) < 0)
		return WRITE_STORE_ERROR;
	int rc = card_insert(db, number, app.seeker_id, app.kind, serial, today, valid, officer.id,
	                     officer.display_name, officer.nip, app.replaces_card_id, 0, "active", NULL, NULL, now,
	                     &st->card_id);
	if (rc == 1) /* another card of this person is still active */
		return refuse(st, ERR_CARD_ACTIVE, NULL);
	char paragraph[300], detail[96];
	snprintf(paragraph, sizeof paragraph,
	         "Kartu AK/I Anda telah terbit dengan nomor %s dan berlaku sampai %04d-%02d-%02d. "
	         "Kartu dapat diunduh di aplikasi. Jangan lupa melapor setiap 6 bulan.",
	         number, valid.year, valid.month, valid.day);
	snprintf(detail, sizeof detail, "{\"card_id\":%lld,\"serial\":%lld}", (long long)st->card_id,
	         (long long)serial);
	if (rc < 0 || card_schedule_reports(db, st->card_id, today, cfg->card_report_months, NULL) < 0 ||
	    card_application_store_set_state(db, app.id, "issued", NULL, r->who.account_id, st->card_id, now) < 0 ||
	    notify_applicant(db, r, &app, "Kartu AK/I telah terbit", paragraph, now) < 0 ||
	    audit_record(db, r->who.account_id, "card.issue", "card_application", app.id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void issued(struct req *r, int result)
{
	struct card_application_state *st = r->state;
	if (result != WRITE_OK) {
		fail_result(r, result);
		return;
	}
	json_t *card = card_json(r->srv->reader, st->card_id);
	if (!card) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 201, card);
}

void card_application_issue(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	if (id < 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	struct card_application_state *st = req_state_new(r, sizeof(struct card_application_state), NULL);
	if (!st)
		return;
	st->application_id = id;
	req_write(r, issue_write, issued);
}
