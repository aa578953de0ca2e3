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

struct app_state {
	int64_t id, seeker_id, vacancy_id;
	struct application_row row;
	struct vacancy_row vacancy;
	char to[16], start_date[DATE_LEN + 1];
	int refusal;
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
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	reply_application(r, status, st->id);
}
static void created(struct req *r, int result) { written(r, result, 201); }
static void changed(struct req *r, int result) { written(r, result, 200); }

/* ---- job seekers ---- */

static const struct field_spec apply_fields[] = {
	{"cover_note", FIELD_STRING, 0, 1000},
	{NULL, 0, 0, 0},
};

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
	if (rc < 0 || audit_record(db, r->who.account_id, "application.create", "application", st->id, NULL, now) < 0)
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

void application_list_for_vacancy(struct req *r)
{
	struct vacancy_row v;
	struct list_page page;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? vacancy_fetch(r->srv->reader, id, &v) : 0;
	if (found <= 0 || (v.organisation_id != r->who.account_id && !(r->who.role & ROLES_STAFF))) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (list_page_parse(r, &page) < 0)
		return;
	struct masked_rows l = {&r->srv->keys, json_array()};
	if (application_store_for_vacancy(r->srv->reader, id, page.cursor, page.limit + 1, masked_rows_add, &l) < 0) {
		json_decref(l.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *items = l.items;
	if (r->who.role & ROLES_STAFF)
		audit_read(r->srv, r->who.account_id, "application.list_read", "vacancy", id);
	list_reply(r, items, page.limit);
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
