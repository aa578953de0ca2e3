#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "application.h"
#include "application_store.h"
#include "audit.h"
#include "body.h"
#include "card_store.h"
#include "dates.h"
#include "document.h"
#include "document_store.h"
#include "http.h"
#include "list.h"
#include "mask.h"
#include "notification.h"
#include "notification_store.h"
#include "nik.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"
#include "validate.h"
#include "vacancy.h"
#include "vacancy_store.h"

const char *placement_kind(const char *office_kabkota4, const char *location_kind, const char *location_code)
{
	if (!strcmp(location_kind, "abroad"))
		return "AKAN";
	return location_code && !strncmp(location_code, office_kabkota4, 2) ? "AKL" : "AKAD";
}

#define APPLICATION_DOCUMENTS_MAX 5

struct app_state {
	int64_t id, seeker_id, vacancy_id;
	struct application_row row;
	struct vacancy_row vacancy;
	char to[16], start_date[DATE_LEN + 1];
	int refusal;
	const char *refusal_field;
	int64_t documents[APPLICATION_DOCUMENTS_MAX];
	size_t ndocuments;
};

static void reply_application(struct req *r, int status, int64_t id)
{
	json_t *a = application_store_json(r->srv->reader, id);
	if (!a) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, a);
}

static void written(struct req *r, int result, int status)
{
	struct app_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, st->refusal_field);
		return;
	}
	reply_application(r, status, st->id);
}
static void created(struct req *r, int result) { written(r, result, 201); }
static void changed(struct req *r, int result) { written(r, result, 200); }

/* ---- job seekers ---- */

static const struct field_spec apply_fields[] = {
	{"cover_note", FIELD_STRING, 0, 1000},
	{"document_ids", FIELD_ARRAY, 0, APPLICATION_DOCUMENTS_MAX},
	{NULL, 0, 0, 0},
};

/* The documents named in document_ids: each a positive id, once, of the
 * seeker's own attachable documents.  0, or -1 when answered. */
static int documents_of_body(struct req *r, struct app_state *st)
{
	json_t *ids = json_object_get(r->body, "document_ids"), *v;
	size_t i;
	json_array_foreach (ids, i, v) {
		int64_t id = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
		for (size_t j = 0; j < st->ndocuments && id > 0; j++)
			if (st->documents[j] == id)
				id = 0;
		int ok = id > 0 ? application_store_attachable(r->srv->reader, r->who.account_id, id) : 0;
		if (ok <= 0) {
			req_fail(r, ok < 0 ? ERR_STORE : ERR_FIELD_INVALID, ok < 0 ? NULL : "document_ids");
			return -1;
		}
		st->documents[st->ndocuments++] = id;
	}
	return 0;
}

static int apply_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct app_state *st = r->state;
	int64_t now = now_seconds();
	const char *note = r->body ? body_str(r->body, "cover_note") : NULL;
	enum store_result rc = application_store_insert(db, st->vacancy_id, st->seeker_id, note, now, &st->id);
	if (rc == STORE_CONFLICT) {
		st->refusal = ERR_ALREADY_APPLIED;
		return WRITE_REFUSED;
	}
	if (rc < 0)
		return WRITE_STORE_ERROR;
	for (size_t i = 0; i < st->ndocuments; i++) {
		rc = application_store_attach(db, st->id, st->documents[i], r->who.account_id);
		if (rc == STORE_NO_MATCH) { /* deleted or replaced since it was checked */
			st->refusal = ERR_FIELD_INVALID;
			st->refusal_field = "document_ids";
			return WRITE_REFUSED;
		}
		if (rc != STORE_OK)
			return WRITE_STORE_ERROR;
	}
	if (audit_record(db, r->who.account_id, "application.create", "application", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void application_apply(struct req *r)
{
	struct app_state *st = req_state_new(r, sizeof(struct app_state), NULL);
	if (!st || req_body_check(r, apply_fields) < 0)
		return;
	const char *note = body_str(r->body, "cover_note");
	if (note && valid_text(note, 1000) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "cover_note");
		return;
	}
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &st->seeker_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return;
	}
	if (documents_of_body(r, st) < 0)
		return;
	st->vacancy_id = req_param_id(r, 0);
	found = st->vacancy_id > 0 ? vacancy_fetch(r->srv->reader, st->vacancy_id, &st->vacancy) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	if (strcmp(st->vacancy.state, "published") || strcmp(st->vacancy.valid_until, today) < 0) {
		req_fail(r, ERR_VACANCY_CLOSED, NULL);
		return;
	}
	int64_t card;
	if (r->srv->cfg->card_required_to_apply) {
		found = card_active_of_seeker(r->srv->reader, st->seeker_id, &card);
		if (found <= 0) {
			req_fail(r, found < 0 ? ERR_STORE : ERR_CARD_REQUIRED, NULL);
			return;
		}
	}
	req_write(r, apply_write, created);
}

void application_list_own(struct req *r)
{
	int64_t seeker_id;
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	/* No profile yet: no applications, an empty page. */
	json_t *items = found > 0 ? application_store_own(r->srv->reader, seeker_id, page.cursor, page.limit + 1)
		: found == 0      ? json_array()
				  : NULL;
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

static int transition_write(struct dbconn *db, void *arg);

void application_withdraw(struct req *r)
{
	struct app_state *st = req_state_new(r, sizeof(struct app_state), NULL);
	if (!st)
		return;
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? application_store_get(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0 || st->row.account_id != r->who.account_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	snprintf(st->to, sizeof st->to, "withdrawn");
	req_write(r, transition_write, changed);
}

/* ---- employers ---- */

/* An application is open until an outcome: accepted, rejected, withdrawn. */
static int is_open(const char *state)
{
	return !strcmp(state, "applied") || !strcmp(state, "viewed") || !strcmp(state, "interview");
}

/* What the employer may see of an applicant: everything while the
 * application is open, only its id, state and dates once it is closed (the
 * person's data was lent for the choice).  Officers see it all. */
struct applicant_rows {
	struct masked_rows masked;
	int employer; /* withhold closed applications' personal data */
};

static void applicant_add(const struct store_row *row, void *arg)
{
	struct applicant_rows *l = arg;
	size_t before = json_array_size(l->masked.items);
	masked_rows_add(row, &l->masked);
	json_t *item = json_array_get(l->masked.items, before);
	if (!item)
		return;
	int open = is_open(json_string_value(json_object_get(item, "state")));
	json_object_set_new(item, "open", json_boolean(open));
	if (open || !l->employer)
		return;
	static const char *const kept[] = {"id", "vacancy_id", "state", "open", "created_at", "decided_at", NULL};
	json_t *reduced = json_object();
	for (const char *const *k = kept; *k; k++)
		json_object_set(reduced, *k, json_object_get(item, *k));
	json_array_set_new(l->masked.items, before, reduced);
}

/* The vacancy of application or list, if the caller may see its applicants:
 * its own organisation or staff.  0, or -1 when answered. */
static int may_see_applicants(struct req *r, int64_t vacancy_id)
{
	struct vacancy_row v;
	int found = vacancy_id > 0 ? vacancy_fetch(r->srv->reader, vacancy_id, &v) : 0;
	if (found <= 0 || (v.organisation_id != r->who.account_id && !(r->who.role & ROLES_STAFF))) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

void application_list_for_vacancy(struct req *r)
{
	struct list_page page;
	int64_t id = req_param_id(r, 0);
	if (may_see_applicants(r, id) < 0 || list_page_parse(r, &page) < 0)
		return;
	struct applicant_rows l = {{&r->srv->keys, json_array()}, !(r->who.role & ROLES_STAFF)};
	if (application_store_for_vacancy(r->srv->reader, id, page.cursor, page.limit + 1, applicant_add, &l) < 0) {
		json_decref(l.masked.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "application.list_read", "vacancy", id);
	list_reply(r, l.masked.items, page.limit);
}

/* The application (1) if the caller may see it, 0 (answered 404) or -1
 * (answered). */
static int application_for_employer(struct req *r, int64_t id, struct application_row *row)
{
	int found = id > 0 ? application_store_get(r->srv->reader, id, row) : 0;
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return -1;
	}
	if (!found) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return -1;
	}
	return may_see_applicants(r, row->vacancy_id) < 0 ? -1 : 1;
}

void application_get_applicant(struct req *r)
{
	struct application_row row;
	int64_t id = req_param_id(r, 0);
	if (application_for_employer(r, id, &row) < 0)
		return;
	struct applicant_rows l = {{&r->srv->keys, json_array()}, !(r->who.role & ROLES_STAFF)};
	if (application_store_applicant(r->srv->reader, id, applicant_add, &l) < 0 ||
	    json_array_size(l.masked.items) != 1) {
		json_decref(l.masked.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *item = json_incref(json_array_get(l.masked.items, 0));
	json_decref(l.masked.items);
	audit_read(r->srv, r->who.account_id, "application.read", "application", id);
	req_reply(r, 200, item);
}

void application_get_document(struct req *r)
{
	struct application_row row;
	struct stored_document doc;
	int64_t id = req_param_id(r, 0), doc_id = req_param_id(r, 1);
	if (application_for_employer(r, id, &row) < 0)
		return;
	/* Only a document attached to this application, and for the employer
	 * only while it is open. */
	int found = doc_id > 0 ? application_store_attached(r->srv->reader, id, doc_id) : 0;
	if (found > 0 && !(r->who.role & ROLES_STAFF) && !is_open(row.state))
		found = 0;
	if (found > 0)
		found = document_fetch(r->srv->reader, doc_id, &doc);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "document.read", "document", doc_id);
	document_send(r, &doc);
}

static const struct field_spec decide_fields[] = {
	{"state", FIELD_STRING, 1, 16},
	{"start_date", FIELD_STRING, 0, 10},
	{NULL, 0, 0, 0},
};

/* Allowed moves: the employer forward through the stages or to an
 * outcome, the seeker to withdrawn before an outcome. */
static int allowed(const char *from, const char *to)
{
	static const struct {
		const char *from, *to;
	} moves[] = {
		{"applied", "viewed"},    {"applied", "interview"},  {"applied", "accepted"},
		{"applied", "rejected"},  {"viewed", "interview"},   {"viewed", "accepted"},
		{"viewed", "rejected"},   {"interview", "accepted"}, {"interview", "rejected"},
		{"applied", "withdrawn"}, {"viewed", "withdrawn"},   {"interview", "withdrawn"},
	};
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (!strcmp(moves[i].from, from) && !strcmp(moves[i].to, to))
			return 1;
	return 0;
}

static int transition_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct app_state *st = r->state;
	int64_t now = now_seconds();
	struct application_row row;
	if (application_store_get(db, st->id, &row) != 1)
		return WRITE_STORE_ERROR;
	if (!allowed(row.state, st->to) ||
	    application_store_set_state(db, st->id, row.state, st->to, now) != STORE_OK) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	if (!strcmp(st->to, "accepted")) {
		struct vacancy_row v;
		if (vacancy_fetch(db, row.vacancy_id, &v) != 1)
			return WRITE_STORE_ERROR;
		int64_t card_id;
		int has_card = card_active_of_seeker(db, row.seeker_id, &card_id);
		if (has_card < 0)
			return WRITE_STORE_ERROR;
		/* A placed card holder's card ends as placed, dated by the start.  The
		 * same placement reported already (by a BKK, say) is not stored twice. */
		enum store_result rc = application_store_place(
			db, st->id, r->who.account_id,
			placement_kind(r->srv->cfg->kabkota_code, v.location_kind, v.location_code), st->start_date,
			now);
		if (rc == STORE_ERROR || (has_card && card_end(db, card_id, "placed", "placed", st->start_date) < 0))
			return WRITE_STORE_ERROR;
	}
	if (row.account_id && strcmp(st->to, "withdrawn")) {
		/* In the person's words, not the API's state names. */
		const char *said = !strcmp(st->to, "viewed") ? "sudah dilihat perusahaan"
			: !strcmp(st->to, "interview")       ? "dipanggil wawancara"
			: !strcmp(st->to, "accepted")        ? "diterima"
							     : "belum berhasil (ditolak)";
		char paragraph[300];
		snprintf(paragraph, sizeof paragraph, "Lamaran Anda %s. Lihat rinciannya di aplikasi.", said);
		struct notification n = {"application", "Status lamaran berubah", paragraph, "application", st->id};
		if (notification_send(db, r->srv->cfg, row.account_id, &n, now) < 0)
			return WRITE_STORE_ERROR;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"state\":\"%s\"}", st->to);
	return audit_record(db, r->who.account_id, "application.state", "application", st->id, detail, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

void application_decide(struct req *r)
{
	static const char *const states[] = {"viewed", "interview", "accepted", "rejected", NULL};
	struct app_state *st = req_state_new(r, sizeof(struct app_state), NULL);
	if (!st || req_body_check(r, decide_fields) < 0)
		return;
	const char *to = body_str(r->body, "state"), *start = body_str(r->body, "start_date");
	if (!valid_choice(to, states)) {
		req_fail(r, ERR_FIELD_INVALID, "state");
		return;
	}
	struct date today = date_today(r->srv->cfg->utc_offset_minutes), d = today;
	if (start &&
	    (strcmp(to, "accepted") || date_parse(start, &d) < 0 || date_compare(d, date_add_days(today, 90)) > 0 ||
	     date_compare(d, date_add_days(today, -365)) < 0)) {
		req_fail(r, ERR_DATE_INVALID, "start_date");
		return;
	}
	date_format(d, st->start_date);
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? application_store_get(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0 || st->row.organisation_id != r->who.account_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	snprintf(st->to, sizeof st->to, "%s", to);
	req_write(r, transition_write, changed);
}
