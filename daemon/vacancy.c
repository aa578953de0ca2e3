/* Vacancies, the organisation's side: the report with every required field
 * (Perpres 57/2023), changes, submission, withdrawal, filling, the own list;
 * and what every vacancy route shares (vacancy_request.h).  Moderation,
 * listing and search, recommendations and expiry have files of their own. */
#include <ctype.h>
#include <pthread.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "dates.h"
#include "defaults.h"
#include "export.h"
#include "http.h"
#include "list.h"
#include "organisation.h"
#include "organisation_store.h"
#include "profile.h"
#include "region_store.h"
#include "server.h"
#include "vacancy_listing.h"
#include "validate.h"
#include "vacancy.h"
#include "vacancy_request.h"
#include "scam.h"
#include "vacancy_search.h"
#include "reference.h"

static const struct field_spec fields[] = {
	{"title", FIELD_STRING, 1, 120},           {"kbji", FIELD_STRING, 1, 4},
	{"description", FIELD_STRING, 1, 5000},    {"needed_men", FIELD_INTEGER, 0, 0},
	{"needed_women", FIELD_INTEGER, 0, 0},     {"needed_either", FIELD_INTEGER, 0, 0},
	{"valid_until", FIELD_STRING, 1, 10},      {"age_min", FIELD_INTEGER, 0, 0},
	{"age_max", FIELD_INTEGER, 0, 0},          {"gender", FIELD_STRING, 0, 3},
	{"min_education", FIELD_STRING, 0, 16},    {"skills", FIELD_ARRAY, 0, 20},
	{"experience_years", FIELD_INTEGER, 0, 0}, {"wage_min", FIELD_INTEGER, 0, 0},
	{"wage_max", FIELD_INTEGER, 0, 0},         {"location_kind", FIELD_STRING, 1, 10},
	{"location_code", FIELD_STRING, 0, 20},    {"employment_type", FIELD_STRING, 1, 12},
	{"work_setup", FIELD_STRING, 0, 8},        {"disability_friendly", FIELD_BOOLEAN, 0, 0},
	{"contact", FIELD_STRING, 0, 200},         {NULL, 0, 0, 0},
};

static long long int_or(const json_t *o, const char *k, long long fallback)
{
	json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? json_integer_value(v) : fallback;
}

/* Checks a vacancy and fills what is derived (education rank, the
 * kab/kota of the work place, defaults).  Returns the bad field or NULL. */
static const char *vacancy_check(struct req *r, json_t *v, enum err *code)
{
	static const char *const genders[] = {"any", "M", "F", NULL};
	static const char *const kinds[] = {REF_LOCATION_KIND(REF_VALUE) NULL};
	static const char *const types[] = {REF_EMPLOYMENT_TYPE(REF_VALUE) NULL};
	static const char *const setups[] = {REF_WORK_SETUP(REF_VALUE) NULL};
	*code = ERR_FIELD_INVALID;
	if (valid_text(json_string_value(json_object_get(v, "title")), 120) < 0)
		return "title";
	if (valid_digits(json_string_value(json_object_get(v, "kbji")), 4, 4) < 0)
		return "kbji";
	if (strlen(json_string_value(json_object_get(v, "description"))) < 20)
		return "description";
	long long men = int_or(v, "needed_men", 0), women = int_or(v, "needed_women", 0),
		  either = int_or(v, "needed_either", 0);
	if (men < 0 || men > 10000)
		return "needed_men";
	if (women < 0 || women > 10000)
		return "needed_women";
	if (either < 0 || either > 10000 || men + women + either == 0)
		return "needed_either";
	struct date until, today = date_today(r->srv->cfg->utc_offset_minutes);
	if (date_parse(json_string_value(json_object_get(v, "valid_until")), &until) < 0 ||
	    date_compare(until, today) < 0 || date_compare(until, date_add_days(today, 366)) > 0) {
		*code = ERR_DATE_INVALID;
		return "valid_until";
	}
	long long age_min = int_or(v, "age_min", 15), age_max = int_or(v, "age_max", 100);
	if (age_min < 15 || age_min > 100)
		return "age_min";
	if (age_max < age_min || age_max > 100)
		return "age_max";
	const char *gender = json_string_value(json_object_get(v, "gender"));
	if (gender && !valid_choice(gender, genders))
		return "gender";
	const char *education = json_string_value(json_object_get(v, "min_education"));
	if (education && education_rank(education) < 0)
		return "min_education";
	size_t i;
	json_t *skill;
	json_array_foreach (json_object_get(v, "skills"), i, skill)
		if (!json_is_string(skill) || valid_text(json_string_value(skill), 60) < 0)
			return "skills";
	long long exp = int_or(v, "experience_years", 0), wmin = int_or(v, "wage_min", 0),
		  wmax = int_or(v, "wage_max", wmin);
	if (exp < 0 || exp > 40)
		return "experience_years";
	if (wmin < 0 || wmin > 1000000000LL)
		return "wage_min";
	if (wmax < wmin || wmax > 1000000000LL)
		return "wage_max";
	const char *kind = json_string_value(json_object_get(v, "location_kind")),
		   *where = json_string_value(json_object_get(v, "location_code"));
	if (!valid_choice(kind, kinds))
		return "location_kind";
	char parent[32], kabkota[8] = "";
	int level = 0;
	if (!strcmp(kind, "abroad")) {
		if (!where || strlen(where) != 2 || where[0] < 'A' || where[0] > 'Z' || where[1] < 'A' ||
		    where[1] > 'Z')
			return "location_code";
	} else {
		int want = !strcmp(kind, "province") ? 1 : !strcmp(kind, "kabkota") ? 2 : 3;
		if (!where || region_lookup(r->srv->reader, where, &level, parent) != 1 || level != want) {
			*code = ERR_REGION_INVALID;
			return "location_code";
		}
		if (level >= 2)
			snprintf(kabkota, sizeof kabkota, "%.5s", where);
	}
	if (!valid_choice(json_string_value(json_object_get(v, "employment_type")), types))
		return "employment_type";
	const char *setup = json_string_value(json_object_get(v, "work_setup"));
	if (setup && !valid_choice(setup, setups))
		return "work_setup";
	const char *contact = json_string_value(json_object_get(v, "contact"));
	if (contact && valid_text(contact, 200) < 0)
		return "contact";
	/* Derived and defaults, as stored. */
	json_object_set_new(v, "needed_men", json_integer(men));
	json_object_set_new(v, "needed_women", json_integer(women));
	json_object_set_new(v, "needed_either", json_integer(either));
	/* The rank first: setting min_education frees the string education points to. */
	json_object_set_new(v, "education_rank", json_integer(education ? education_rank(education) : 0));
	json_object_set_new(v, "min_education", json_string(education ? education : "tidak_sekolah"));
	json_object_set_new(v, "gender", json_string(gender ? gender : "any"));
	json_object_set_new(v, "experience_years", json_integer(exp));
	json_object_set_new(v, "kabkota_code", *kabkota ? json_string(kabkota) : json_null());
	json_object_set_new(v, "work_setup", json_string(setup ? setup : "onsite"));
	if (!json_object_get(v, "skills"))
		json_object_set_new(v, "skills", json_array());
	if (!json_object_get(v, "disability_friendly"))
		json_object_set_new(v, "disability_friendly", json_false());
	return NULL;
}

void vacancy_state_free(void *p)
{
	struct vacancy_state *st = p;
	if (st)
		json_decref(st->v);
	free(st);
}

void vacancy_reply(struct req *r, int status, int64_t id)
{
	json_t *v = vacancy_json(r->srv->reader, id);
	if (!v) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, v);
}

void vacancy_written(struct req *r, int result, int status)
{
	struct vacancy_state *st = r->state;
	if (result == WRITE_OK)
		vacancy_listing_changed();
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	vacancy_reply(r, status, st->id);
}
void vacancy_created(struct req *r, int result) { vacancy_written(r, result, 201); }
void vacancy_changed(struct req *r, int result) { vacancy_written(r, result, 200); }

/* The vacancy of the signed-in organisation, or an answer. */
static int own_vacancy(struct req *r, struct vacancy_state *st)
{
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? vacancy_fetch(r->srv->reader, st->id, &st->row) : 0;
	if (found < 0 || !found || st->row.organisation_id != r->who.account_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

/* ---- the organisation's side ---- */

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct vacancy_state *st = r->state;
	int64_t now = now_seconds();
	if (vacancy_insert(db, r->who.account_id, st->v, now, &st->id) < 0 ||
	    audit_record(db, r->who.account_id, "vacancy.create", "vacancy", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static int checked_body(struct req *r, struct vacancy_state *st)
{
	/* On a refusal the request, and st with it, is already answered and freed. */
	json_t *v = req_body_checked_copy(r, fields, vacancy_check);
	if (!v)
		return -1;
	st->v = v;
	return 0;
}

void vacancy_create(struct req *r)
{
	struct vacancy_state *st = req_state_new(r, sizeof(struct vacancy_state), vacancy_state_free);
	if (!st || checked_body(r, st) < 0)
		return;
	json_t *org = organisation_json(r->srv->reader, r->who.account_id);
	if (!org) {
		req_fail(r, ERR_PROFILE_MISSING, NULL);
		return;
	}
	json_decref(org);
	req_write(r, create_write, vacancy_created);
}

static int update_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct vacancy_state *st = r->state;
	int64_t now = now_seconds();
	int rc = vacancy_replace(db, st->id, st->v, now);
	if (rc == 1) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	if (rc < 0 || audit_record(db, r->who.account_id, "vacancy.update", "vacancy", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void vacancy_update(struct req *r)
{
	struct vacancy_state *st = req_state_new(r, sizeof(struct vacancy_state), vacancy_state_free);
	if (!st || own_vacancy(r, st) < 0 || checked_body(r, st) < 0)
		return;
	req_write(r, update_write, vacancy_changed);
}

/* Submitting runs the scam heuristic; what it finds waits for the officer. */
static int submit_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct vacancy_state *st = r->state;
	int64_t now = now_seconds();
	int rc = vacancy_transition(db, st->id, "draft", "pending", NULL, 0, now);
	if (rc == 1) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	json_t *flags = scam_flags(st->v, r->srv->cfg->wage_norm_monthly);
	char detail[256];
	char *text = flags ? json_dumps(flags, JSON_COMPACT) : NULL;
	snprintf(detail, sizeof detail, "{\"scam_flags\":%s}", text ? text : "[]");
	free(text);
	int ok = rc == 0 && flags && vacancy_set_flags(db, st->id, flags) == 0 &&
		audit_record(db, r->who.account_id, "vacancy.submit", "vacancy", st->id, detail, now) == 0;
	json_decref(flags);
	return ok ? WRITE_OK : WRITE_STORE_ERROR;
}

void vacancy_submit(struct req *r)
{
	struct vacancy_state *st = req_state_new(r, sizeof(struct vacancy_state), vacancy_state_free);
	if (!st || own_vacancy(r, st) < 0)
		return;
	if (!(st->v = vacancy_json(r->srv->reader, st->id))) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_write(r, submit_write, vacancy_changed);
}

/* Leaving the listing: out of the index, and open applications end. */
static int close_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct vacancy_state *st = r->state;
	int64_t now = now_seconds();
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	int filled = !strcmp(st->decision, "filled"), rc;
	if (filled)
		rc = vacancy_set_filled(db, st->id, st->men, st->women, today);
	else if ((rc = vacancy_transition(db, st->id, "published", "withdrawn", NULL, 0, now)) == 1)
		if ((rc = vacancy_transition(db, st->id, "pending", "withdrawn", NULL, 0, now)) == 1)
			rc = vacancy_transition(db, st->id, "draft", "withdrawn", NULL, 0, now);
	if (rc == 1) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"men\":%d,\"women\":%d}", st->men, st->women);
	if (rc < 0 || vacancy_unindex(db, st->id) < 0 || vacancy_close_applications(db, st->id, now) < 0 ||
	    audit_record(db, r->who.account_id, filled ? "vacancy.filled" : "vacancy.withdraw", "vacancy", st->id,
	                 filled ? detail : NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void vacancy_withdraw(struct req *r)
{
	struct vacancy_state *st = req_state_new(r, sizeof(struct vacancy_state), vacancy_state_free);
	if (!st || own_vacancy(r, st) < 0)
		return;
	snprintf(st->decision, sizeof st->decision, "withdrawn");
	req_write(r, close_write, vacancy_changed);
}

static const struct field_spec filled_fields[] = {
	{"men", FIELD_INTEGER, 1, 0},
	{"women", FIELD_INTEGER, 1, 0},
	{NULL, 0, 0, 0},
};

/* Perpres 57/2023 Pasal 6: a filled vacancy is reported with whom it took. */
void vacancy_filled(struct req *r)
{
	struct vacancy_state *st = req_state_new(r, sizeof(struct vacancy_state), vacancy_state_free);
	if (!st || own_vacancy(r, st) < 0 || req_body_check(r, filled_fields) < 0)
		return;
	long long men = body_int(r->body, "men", -1), women = body_int(r->body, "women", -1);
	if (men < 0 || men > 10000) {
		req_fail(r, ERR_FIELD_INVALID, "men");
		return;
	}
	if (women < 0 || women > 10000 || men + women == 0) {
		req_fail(r, ERR_FIELD_INVALID, "women");
		return;
	}
	st->men = (int)men;
	st->women = (int)women;
	snprintf(st->decision, sizeof st->decision, "filled");
	req_write(r, close_write, vacancy_changed);
}

void vacancy_reply_ids(struct req *r, enum vacancy_ids which)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	int64_t ids[LIST_MAX_LIMIT + 1];
	int n = which == VACANCIES_OWN
		? vacancy_store_own_ids(r->srv->reader, r->who.account_id, page.cursor, ids, page.limit + 1)
		: vacancy_store_pending_ids(r->srv->reader, page.cursor, ids, page.limit + 1);
	if (n < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, vacancy_json(r->srv->reader, ids[i]));
	list_reply(r, items, page.limit);
}

/* Every vacancy of the company, as the file it keeps of what it reported. */
static void export_own(struct req *r, const char *format)
{
	static const char *const states[] = {"draft",     "Draf",        "pending",   "Menunggu pemeriksaan",
	                                     "published", "Tayang",      "filled",    "Terisi",
	                                     "expired",   "Kedaluwarsa", "withdrawn", "Ditarik",
	                                     NULL};
	static const struct export_column columns[] = {
		{"title", "Jabatan", NULL},
		{"state", "Status", states},
		{"kbji", "KBJI", NULL},
		{"needed.men", "Laki-laki", NULL},
		{"needed.women", "Perempuan", NULL},
		{"needed.either", "L/P", NULL},
		{"min_education", "Pendidikan minimal", export_reference},
		{"employment_type", "Hubungan kerja", export_reference},
		{"location", "Lokasi", NULL},
		{"wage_min", "Upah dari", NULL},
		{"wage_max", "Upah sampai", NULL},
		{"valid_until", "Berlaku sampai", NULL},
		{"ended_on", "Berakhir", NULL},
		{"moderation_note", "Catatan petugas", NULL},
		{NULL, NULL, NULL},
	};
	json_t *items = json_array();
	int64_t ids[LIST_MAX_LIMIT], cursor = 0;
	int n;
	do {
		n = vacancy_store_own_ids(r->srv->reader, r->who.account_id, cursor, ids, LIST_MAX_LIMIT);
		for (int i = 0; i < n; i++)
			json_array_append_new(items, vacancy_json(r->srv->reader, ids[i]));
		cursor = n > 0 ? ids[n - 1] : 0;
	} while (n == LIST_MAX_LIMIT && json_array_size(items) < EXPORT_MAX_ROWS);
	if (n < 0) {
		json_decref(items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "vacancy.export", "organisation", r->who.account_id);
	export_list_reply(r, format, "Lowongan yang dilaporkan", "Semua lowongan", "vacancies",
	                  "Lowongan yang dilaporkan", items, columns);
}

/* The company's own vacancies, a page; with format csv, xlsx or pdf all of them as a file. */
void vacancy_list_own(struct req *r)
{
	const char *format;
	int exporting = export_requested(r, &format, NULL);
	if (exporting > 0)
		export_own(r, format);
	else if (exporting == 0)
		vacancy_reply_ids(r, VACANCIES_OWN);
}
