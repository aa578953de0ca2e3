/* Trainings: published by a verified LPK/BLK or by the office, listed for
 * job seekers, moved through draft → open → running → finished | cancelled.
 * Officers may act on every training (the office oversees them all); an
 * LPK only on its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "http.h"
#include "list.h"
#include "organisation.h"
#include "organisation_store.h"
#include "profile.h"
#include "region.h"
#include "region_store.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"
#include "training.h"
#include "training_store.h"
#include "validate.h"
#include "enrolment.h"
#include "reference.h"

static const struct field_spec fields[] = {
	{"title", FIELD_STRING, 1, 120},
	{"vocation", FIELD_STRING, 1, 80},
	{"description", FIELD_STRING, 1, 5000},
	{"competency_units", FIELD_ARRAY, 0, 50},
	{"bnsp_scheme", FIELD_STRING, 0, 120},
	{"kkni_level", FIELD_INTEGER, 0, 0},
	{"funding", FIELD_STRING, 1, 8},
	{"quota", FIELD_INTEGER, 1, 0},
	{"sessions", FIELD_INTEGER, 1, 0},
	{"start_date", FIELD_STRING, 1, 10},
	{"end_date", FIELD_STRING, 1, 10},
	{"registration_opens", FIELD_STRING, 1, 10},
	{"registration_closes", FIELD_STRING, 1, 10},
	{"location", FIELD_STRING, 1, 200},
	{"kecamatan_code", FIELD_STRING, 0, 20},
	{"age_min", FIELD_INTEGER, 0, 0},
	{"age_max", FIELD_INTEGER, 0, 0},
	{"min_education", FIELD_STRING, 0, 16},
	{"domicile_only", FIELD_BOOLEAN, 0, 0},
	{NULL, 0, 0, 0},
};

static const char *const fundings[] = {REF_TRAINING_FUNDING(REF_VALUE) NULL};

static const char *text_of(const json_t *t, const char *k) { return json_string_value(json_object_get(t, k)); }

static int date_of_field(const json_t *t, const char *k, struct date *d) { return date_parse(text_of(t, k), d); }

/* Checks a training and fills what is derived.  Returns the bad field or
 * NULL; *code says which error. */
static const char *training_check(struct req *r, json_t *t, enum err *code)
{
	*code = ERR_FIELD_INVALID;
	if (valid_text(text_of(t, "title"), 120) < 0)
		return "title";
	if (valid_text(text_of(t, "vocation"), 80) < 0)
		return "vocation";
	if (valid_text(text_of(t, "description"), 5000) < 0 || strlen(text_of(t, "description")) < 20)
		return "description";
	size_t i;
	json_t *unit;
	json_array_foreach (json_object_get(t, "competency_units"), i, unit)
		if (!json_is_string(unit) || valid_text(json_string_value(unit), 40) < 0)
			return "competency_units";
	const char *scheme = text_of(t, "bnsp_scheme");
	if (scheme && valid_text(scheme, 120) < 0)
		return "bnsp_scheme";
	json_t *kkni = json_object_get(t, "kkni_level");
	if (kkni && (json_integer_value(kkni) < 1 || json_integer_value(kkni) > 9))
		return "kkni_level";
	if (!valid_choice(text_of(t, "funding"), fundings))
		return "funding";
	long long quota = json_integer_value(json_object_get(t, "quota")),
		  sessions = json_integer_value(json_object_get(t, "sessions"));
	if (quota < 1 || quota > 10000)
		return "quota";
	if (sessions < 1 || sessions > 1000)
		return "sessions";
	struct date start, end, opens, closes, today = date_today(r->srv->cfg->utc_offset_minutes);
	/* Each date says what is wrong with it: malformed, in the past, out of
	 * order, or too far ahead (an office took "not valid (YYYY-MM-DD)" for a
	 * well-formed date in the past for a bug). */
	*code = ERR_DATE_INVALID;
	if (date_of_field(t, "registration_opens", &opens) < 0)
		return "registration_opens";
	if (date_of_field(t, "registration_closes", &closes) < 0)
		return "registration_closes";
	if (date_of_field(t, "start_date", &start) < 0)
		return "start_date";
	if (date_of_field(t, "end_date", &end) < 0)
		return "end_date";
	*code = ERR_DATE_ORDER;
	if (date_compare(closes, opens) < 0)
		return "registration_closes";
	if (date_compare(start, closes) < 0)
		return "start_date";
	if (date_compare(end, start) < 0)
		return "end_date";
	*code = ERR_DATE_IN_PAST;
	if (date_compare(closes, today) < 0)
		return "registration_closes";
	*code = ERR_DATE_TOO_FAR;
	if (date_compare(end, date_add_days(today, 2 * 366)) > 0)
		return "end_date";
	*code = ERR_FIELD_INVALID;
	if (valid_text(text_of(t, "location"), 200) < 0)
		return "location";
	const char *kecamatan = text_of(t, "kecamatan_code");
	if (kecamatan) {
		char kabkota[8], parent[32];
		int level = 0;
		region_kabkota_dotted(r->srv->cfg->kabkota_code, kabkota);
		if (region_lookup(r->srv->reader, kecamatan, &level, parent) != 1 || level != 3 ||
		    strcmp(parent, kabkota) != 0) {
			*code = ERR_REGION_INVALID;
			return "kecamatan_code";
		}
	}
	json_t *amin = json_object_get(t, "age_min"), *amax = json_object_get(t, "age_max");
	if (amin && (json_integer_value(amin) < 15 || json_integer_value(amin) > 100))
		return "age_min";
	if (amax &&
	    (json_integer_value(amax) > 100 || json_integer_value(amax) < (amin ? json_integer_value(amin) : 15)))
		return "age_max";
	const char *education = text_of(t, "min_education");
	if (education && education_rank(education) < 0)
		return "min_education";
	/* Derived and defaults, as stored; the rank before the string it reads. */
	json_object_set_new(t, "education_rank", json_integer(education ? education_rank(education) : 0));
	json_object_set_new(t, "min_education", json_string(education ? education : "tidak_sekolah"));
	if (!json_object_get(t, "competency_units"))
		json_object_set_new(t, "competency_units", json_array());
	json_object_set_new(t, "domicile_only", json_boolean(json_is_true(json_object_get(t, "domicile_only"))));
	return NULL;
}

struct training_state {
	json_t *t;
	int64_t id;
	int refusal;
	const char *refusal_field;
	struct training_row row;
	char to[12];
};

static void training_state_free(void *p)
{
	struct training_state *st = p;
	if (st)
		json_decref(st->t);
	free(st);
}

json_t *training_with_provider(json_t *t, const char *office)
{
	if (t && json_is_null(json_object_get(t, "provider")))
		json_object_set_new(t, "provider", json_string(office));
	return t;
}

static json_t *with_provider(struct req *r, json_t *t) { return training_with_provider(t, r->srv->cfg->office_name); }

static void reply_training(struct req *r, int status, int64_t id)
{
	json_t *t = with_provider(r, training_json(r->srv->reader, id));
	if (!t) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, t);
}

static void written(struct req *r, int result, int status)
{
	struct training_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, st->refusal_field);
		return;
	}
	reply_training(r, status, st->id);
}
static void created(struct req *r, int result) { written(r, result, 201); }
static void changed(struct req *r, int result) { written(r, result, 200); }

static int checked_body(struct req *r, struct training_state *st)
{
	/* On a refusal the request, and st with it, is already answered and freed. */
	json_t *t = req_body_checked_copy(r, fields, training_check);
	if (!t)
		return -1;
	st->t = t;
	return 0;
}

int training_managed_by(const struct req *r, const struct training_row *t)
{
	return (r->who.role & ROLE_OFFICER) || t->provider_id == r->who.account_id;
}

/* The training named in the path, when the caller manages it; else 404
 * (another LPK's training is as good as absent). */
static int managed_training(struct req *r, struct training_state *st)
{
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? training_fetch(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0 || !training_managed_by(r, &st->row)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct training_state *st = r->state;
	int64_t now = now_seconds();
	const char *kind = r->who.role & ROLE_LPK ? "lpk" : "office";
	if (training_insert(db, r->who.account_id, kind, st->t, now, &st->id) < 0 ||
	    audit_record(db, r->who.account_id, "training.create", "training", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void training_create(struct req *r)
{
	struct training_state *st = req_state_new(r, sizeof(struct training_state), training_state_free);
	if (!st || checked_body(r, st) < 0)
		return;
	if (r->who.role & ROLE_LPK) {
		json_t *org = organisation_json(r->srv->reader, r->who.account_id);
		if (!org) {
			req_fail(r, ERR_PROFILE_MISSING, NULL);
			return;
		}
		json_decref(org);
	}
	req_write(r, create_write, created);
}

static int update_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct training_state *st = r->state;
	int64_t now = now_seconds();
	/* Fewer places than people already accepted would break the quota. */
	int taken = training_places_taken(db, st->id);
	if (taken < 0)
		return WRITE_STORE_ERROR;
	if (json_integer_value(json_object_get(st->t, "quota")) < taken) {
		st->refusal = ERR_FIELD_INVALID;
		st->refusal_field = "quota";
		return WRITE_REFUSED;
	}
	int rc = training_replace(db, st->id, st->t, now);
	if (rc == 1) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	if (rc < 0 || training_fetch(db, st->id, &st->row) != 1 ||
	    /* More places: the waitlist moves up at once. */
	    (!strcmp(st->row.state, "open") && enrolment_promote_waitlist(db, r->srv->cfg, &st->row, now) < 0) ||
	    audit_record(db, r->who.account_id, "training.update", "training", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void training_update(struct req *r)
{
	struct training_state *st = req_state_new(r, sizeof(struct training_state), training_state_free);
	if (!st || managed_training(r, st) < 0 || checked_body(r, st) < 0)
		return;
	req_write(r, update_write, changed);
}

static const struct field_spec state_fields[] = {
	{"state", FIELD_STRING, 1, 12},
	{NULL, 0, 0, 0},
};

/* draft → open → running → finished; any but finished → cancelled. */
static const char *move_from(const char *to)
{
	if (!strcmp(to, "open"))
		return "draft";
	if (!strcmp(to, "running"))
		return "open";
	if (!strcmp(to, "finished"))
		return "running";
	return NULL;
}

static int state_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct training_state *st = r->state;
	int64_t now = now_seconds();
	struct training_row t;
	if (training_fetch(db, st->id, &t) != 1)
		return WRITE_STORE_ERROR;
	const char *from = move_from(st->to);
	int cancelling = !strcmp(st->to, "cancelled");
	if (cancelling && (!strcmp(t.state, "finished") || !strcmp(t.state, "cancelled")))
		from = NULL;
	else if (cancelling)
		from = t.state;
	st->refusal = ERR_STATE;
	if (!from || strcmp(from, t.state))
		return WRITE_REFUSED;
	if (!strcmp(st->to, "open") && !strcmp(t.provider_kind, "lpk")) {
		int public = organisation_public(db, t.provider_id);
		if (public < 0)
			return WRITE_STORE_ERROR;
		if (!public) {
			st->refusal = ERR_ORG_NOT_PUBLIC;
			return WRITE_REFUSED;
		}
	}
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	/* A training runs from its start date and finishes on or after its end. */
	if ((!strcmp(st->to, "running") && strcmp(today, t.start_date) < 0) ||
	    (!strcmp(st->to, "finished") && strcmp(today, t.end_date) < 0)) {
		st->refusal = ERR_TRAINING_DATES;
		return WRITE_REFUSED;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"state\":\"%s\"}", st->to);
	if (training_set_state(db, st->id, from, st->to, now) != 0 ||
	    enrolment_follow_training(db, r->srv->cfg, &t, st->to, now) < 0 ||
	    audit_record(db, r->who.account_id, "training.state", "training", st->id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void training_change_state(struct req *r)
{
	static const char *const states[] = {"open", "running", "finished", "cancelled", NULL};
	struct training_state *st = req_state_new(r, sizeof(struct training_state), training_state_free);
	if (!st || managed_training(r, st) < 0 || req_body_check(r, state_fields) < 0)
		return;
	const char *to = body_str(r->body, "state");
	if (!valid_choice(to, states)) {
		req_fail(r, ERR_FIELD_INVALID, "state");
		return;
	}
	snprintf(st->to, sizeof st->to, "%s", to);
	req_write(r, state_write, changed);
}

/* ---- reading ---- */

/* Public once it has left draft and while its provider may publish;
 * the provider and officers see it always. */
void training_get(struct req *r)
{
	struct training_row t;
	req_authenticate_optional(r);
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? training_fetch(r->srv->reader, id, &t) : 0;
	if (found > 0 && !training_managed_by(r, &t) && !(r->who.role & ROLES_STAFF)) {
		int public = !strcmp(t.provider_kind, "office") ? 1
								: organisation_public(r->srv->reader, t.provider_id);
		if (public < 0)
			found = -1;
		else if (!public || !strcmp(t.state, "draft"))
			found = 0;
	}
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	reply_training(r, 200, id);
}

static void reply_list(struct req *r, json_t *items, int limit)
{
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	size_t i;
	json_t *t;
	json_array_foreach (items, i, t)
		with_provider(r, t);
	list_reply(r, items, limit);
}

void training_search(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	const char *funding;
	if (req_query_choice(r, "funding", fundings, &funding) < 0)
		return;
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	struct training_filter f = {today, funding, req_query(r, "vocation"), req_query(r, "kecamatan_code"),
	                            req_query(r, "q")};
	if ((f.vocation && valid_text(f.vocation, 80) < 0) || (f.q && valid_text(f.q, 100) < 0) ||
	    (f.kecamatan_code && strlen(f.kecamatan_code) > 20)) {
		req_fail(r, ERR_QUERY_INVALID,
		         f.q && valid_text(f.q, 100) < 0 ? "q"
		                 : f.vocation            ? "vocation"
		                                         : "kecamatan_code");
		return;
	}
	reply_list(r, training_search_json(r->srv->reader, &f, page.cursor, page.limit), page.limit);
}

/* An LPK's own trainings in every state; an officer's view is all of them. */
void training_list_provider(struct req *r)
{
	static const char *const states[] = {"draft", "open", "running", "finished", "cancelled", NULL};
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	const char *state;
	if (req_query_choice(r, "state", states, &state) < 0)
		return;
	int64_t provider = r->who.role & ROLE_OFFICER ? 0 : r->who.account_id;
	reply_list(r, training_provider_json(r->srv->reader, provider, state, page.cursor, page.limit), page.limit);
}

/* The trainings a job seeker fits (age on the start date, education,
 * domicile) and can register for today. */
void training_list_fitting(struct req *r)
{
	int64_t seeker_id;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return;
	}
	char today[DATE_LEN + 1], kabkota[8];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	region_kabkota_dotted(r->srv->cfg->kabkota_code, kabkota);
	json_t *items = training_fitting_json(r->srv->reader, seeker_id, today, kabkota, LIST_MAX_LIMIT);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	size_t i;
	json_t *t;
	json_array_foreach (items, i, t)
		with_provider(r, t);
	req_reply(r, 200, json_pack("{s:o}", "items", items));
}
