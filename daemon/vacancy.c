/* Vacancies: the employer's report, moderation, public listing, reports,
 * recommendations and expiry. */
#include <ctype.h>
#include <pthread.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "body.h"
#include "dates.h"
#include "http.h"
#include "matching.h"
#include "list.h"
#include "log.h"
#include "organisation.h"
#include "profile.h"
#include "region.h"
#include "region_store.h"
#include "seeker.h"
#include "server.h"
#include "store_sql.h"
#include "validate.h"
#include "vacancy.h"

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
	static const char *const kinds[] = {"kecamatan", "kabkota", "province", "abroad", NULL};
	static const char *const types[] = {"permanent", "contract", "daily", "internship", "part_time", NULL};
	static const char *const setups[] = {"onsite", "remote", "hybrid", NULL};
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

struct vacancy_state {
	json_t *v;
	int64_t id;
	int refusal;
	char note[256], decision[16];
	int men, women;
	struct vacancy_row row;
};

static void vacancy_state_free(void *p)
{
	struct vacancy_state *st = p;
	if (st)
		json_decref(st->v);
	free(st);
}

static void reply_vacancy(struct req *r, int status, int64_t id)
{
	json_t *v = vacancy_json(r->srv->reader, id);
	if (!v) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, v);
}

static void written(struct req *r, int result, int status)
{
	struct vacancy_state *st = r->state;
	if (result == WRITE_OK)
		vacancy_listing_changed();
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	reply_vacancy(r, status, st->id);
}
static void created(struct req *r, int result) { written(r, result, 201); }
static void changed(struct req *r, int result) { written(r, result, 200); }

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
	req_write(r, create_write, created);
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
	req_write(r, update_write, changed);
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
	req_write(r, submit_write, changed);
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
	req_write(r, close_write, changed);
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
	req_write(r, close_write, changed);
}

static const char sql_own[] =
	"SELECT id FROM vacancy WHERE organisation_id = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3";
static const char sql_pending[] =
	"SELECT v.id FROM vacancy v WHERE v.state = 'pending' AND v.id > ?2 ORDER BY v.updated_at, v.id LIMIT ?3";

/* A page of vacancy ids from sql, as full vacancies. */
static void reply_ids(struct req *r, const char *sql, int64_t key)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	sqlite3_stmt *st = store_stmt(r->srv->reader, sql);
	if (!st) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int64(st, 2, page.cursor);
	sqlite3_bind_int(st, 3, page.limit + 1);
	int64_t ids[LIST_MAX_LIMIT + 1];
	int n = 0;
	while (n <= page.limit && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, vacancy_json(r->srv->reader, ids[i]));
	list_reply(r, items, page.limit);
}

void vacancy_list_own(struct req *r) { reply_ids(r, sql_own, r->who.account_id); }

/* ---- officers ---- */

void vacancy_moderation_queue(struct req *r) { reply_ids(r, sql_pending, 0); }

static const struct field_spec moderation_fields[] = {
	{"decision", FIELD_STRING, 1, 16},
	{"note", FIELD_STRING, 0, 255},
	{NULL, 0, 0, 0},
};

/* Publication: the listing, the search index and the run that tells the
 * job seekers who fit (matching.c, after this commits) go together. */
static int moderate_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct vacancy_state *st = r->state;
	int64_t now = now_seconds();
	int publish = !strcmp(st->decision, "publish");
	if (publish) {
		int public = organisation_public(db, st->row.organisation_id);
		if (public < 0)
			return WRITE_STORE_ERROR;
		if (!public) {
			st->refusal = ERR_ORG_NOT_PUBLIC;
			return WRITE_REFUSED;
		}
	}
	int rc = vacancy_transition(db, st->id, "pending", publish ? "published" : "draft", *st->note ? st->note : NULL,
	                            r->who.account_id, now);
	if (rc == 1) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	if (rc < 0)
		return WRITE_STORE_ERROR;
	if (publish) {
		if (vacancy_index(db, st->id) < 0 || matching_queue(db, st->id, now) < 0)
			return WRITE_STORE_ERROR;
	}
	return audit_record(db, r->who.account_id, publish ? "vacancy.publish" : "vacancy.reject", "vacancy", st->id,
	                    NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void moderated(struct req *r, int result)
{
	struct vacancy_state *st = r->state;
	if (result == WRITE_OK) {
		vacancy_listing_changed();
		matching_kick(r->srv);
	}
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	json_t *v = vacancy_json(r->srv->reader, st->id);
	if (!v) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, v);
}

void vacancy_moderate(struct req *r)
{
	struct vacancy_state *st = req_state_new(r, sizeof(struct vacancy_state), vacancy_state_free);
	if (!st || req_body_check(r, moderation_fields) < 0)
		return;
	const char *decision = body_str(r->body, "decision"), *note = body_str(r->body, "note");
	if (strcmp(decision, "publish") && strcmp(decision, "reject")) {
		req_fail(r, ERR_FIELD_INVALID, "decision");
		return;
	}
	if (!strcmp(decision, "reject") && (!note || valid_text(note, 255) < 0)) {
		req_fail(r, ERR_FIELD_MISSING, "note");
		return;
	}
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? vacancy_fetch(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	snprintf(st->decision, sizeof st->decision, "%s", decision);
	snprintf(st->note, sizeof st->note, "%s", note ? note : "");
	req_write(r, moderate_write, moderated);
}

/* ---- anyone ---- */

/* Published, valid and of a verified organisation that is not suspended. */
static int is_public(struct req *r, const struct vacancy_row *v)
{
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	return !strcmp(v->state, "published") && strcmp(v->valid_until, today) >= 0 &&
		organisation_public(r->srv->reader, v->organisation_id) == 1;
}

static int visible(struct req *r, int64_t id, struct vacancy_row *v)
{
	int found = id > 0 ? vacancy_fetch(r->srv->reader, id, v) : 0;
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return -1;
	}
	int allowed = found &&
		(is_public(r, v) || v->organisation_id == r->who.account_id || (r->who.role & ROLES_STAFF));
	if (!allowed) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

void vacancy_get(struct req *r)
{
	struct vacancy_row v;
	req_authenticate_optional(r);
	if (visible(r, req_param_id(r, 0), &v) < 0)
		return;
	json_t *out = vacancy_json(r->srv->reader, v.id);
	if (!out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* Moderation details are for the owner and officers. */
	if (v.organisation_id != r->who.account_id && !(r->who.role & ROLES_STAFF)) {
		json_object_del(out, "scam_flags");
		json_object_del(out, "moderation_note");
		json_object_del(out, "matching");
	}
	req_reply(r, 200, out);
}

static const char *schema_employment(const char *type)
{
	if (!strcmp(type, "permanent"))
		return "FULL_TIME";
	if (!strcmp(type, "contract"))
		return "CONTRACTOR";
	if (!strcmp(type, "daily"))
		return "TEMPORARY";
	if (!strcmp(type, "internship"))
		return "INTERN";
	return "PART_TIME";
}

/* schema.org JobPosting, for search engines and other job boards. */
void vacancy_jsonld(struct req *r)
{
	struct vacancy_row row;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? vacancy_fetch(r->srv->reader, id, &row) : 0;
	if (found <= 0 || !is_public(r, &row)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	json_t *v = vacancy_json(r->srv->reader, id);
	if (!v) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *employer = json_object_get(v, "employer");
	json_t *needed = json_object_get(v, "needed");
	int abroad = !strcmp(row.location_kind, "abroad");
	char date_posted[16], ident[32];
	snprintf(date_posted, sizeof date_posted, "%.10s", json_string_value(json_object_get(v, "published_at")));
	snprintf(ident, sizeof ident, "%lld", (long long)id);
	const char *locality = json_string_value(json_object_get(v, "location"));
	json_t *ld = json_pack(
		"{s:s, s:s, s:O, s:O, s:s, s:s, s:s, s:{s:s, s:O}, s:{s:s, s:{s:s, s:s, s:s}}, s:I, s:{s:s, s:s, s:s}}",
		"@context", "https://schema.org/", "@type", "JobPosting", "title", json_object_get(v, "title"),
		"description", json_object_get(v, "description"), "datePosted", date_posted, "validThrough",
		row.valid_until, "employmentType", schema_employment(row.employment_type), "hiringOrganization",
		"@type", "Organization", "name", json_object_get(employer, "name"), "jobLocation", "@type", "Place",
		"address", "@type", "PostalAddress", "addressLocality", locality ? locality : "", "addressCountry",
		abroad ? row.location_code : "ID", "totalJobOpenings",
		(json_int_t)(json_integer_value(json_object_get(needed, "men")) +
	                     json_integer_value(json_object_get(needed, "women")) +
	                     json_integer_value(json_object_get(needed, "either"))),
		"identifier", "@type", "PropertyValue", "name", r->srv->cfg->office_name, "value", ident);
	if (ld && row.has_wage_min)
		json_object_set_new(ld, "baseSalary",
		                    json_pack("{s:s, s:s, s:{s:s, s:I, s:I, s:s}}", "@type", "MonetaryAmount",
		                              "currency", "IDR", "value", "@type", "QuantitativeValue", "minValue",
		                              (json_int_t)row.wage_min, "maxValue", (json_int_t)row.wage_max,
		                              "unitText", "MONTH"));
	json_decref(v);
	char *text = ld ? json_dumps(ld, JSON_COMPACT) : NULL;
	json_decref(ld);
	if (!text) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_reply_raw(r, 200, "application/ld+json; charset=utf-8", text, strlen(text));
	free(text);
}

/* What a person typed, as a safe FTS5 query: each word quoted, as a prefix. */
static int fts_query(const char *q, char *out, size_t cap)
{
	size_t n = 0;
	int words = 0;
	for (const unsigned char *p = (const unsigned char *)q; *p && words < 8;) {
		while (*p && !(isalnum(*p) || *p >= 0x80))
			p++;
		const unsigned char *start = p;
		while (*p && (isalnum(*p) || *p >= 0x80))
			p++;
		size_t len = (size_t)(p - start);
		if (!len)
			break;
		if (n + len + 6 >= cap)
			break;
		n += (size_t)snprintf(out + n, cap - n, "%s\"%.*s\"*", words ? " " : "", (int)len, start);
		words++;
	}
	out[n] = '\0';
	return words;
}

/* ---- the search answer cache (loop thread only) ---- */

struct cached_answer {
	char *query;
	char *body;
	uint64_t generation;
	int64_t expires;
	/* A computation in flight for pending_query, and the requests for the
	 * same query waiting for its answer (coalesced: one computation). */
	char *pending_query;
	struct req **waiters;
	size_t nwaiters;
};

static struct cached_answer search_cache[SEARCH_CACHE_SLOTS];
static uint64_t listing_generation;

void vacancy_listing_changed(void) { listing_generation++; }

static struct cached_answer *cache_slot(const char *query)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)query; *p; p++)
		h = (h ^ *p) * 16777619u;
	return &search_cache[h % SEARCH_CACHE_SLOTS];
}

static void cache_free(void)
{
	for (int i = 0; i < SEARCH_CACHE_SLOTS; i++) {
		free(search_cache[i].query);
		free(search_cache[i].body);
		free(search_cache[i].pending_query);
		free(search_cache[i].waiters);
		search_cache[i] = (struct cached_answer){0};
	}
}

/* Answers the requests that waited for the computation of c's pending
 * query: with body, or with err when it failed. */
static void answer_waiters(struct cached_answer *c, const char *body)
{
	struct req **waiters = c->waiters;
	size_t n = c->nwaiters;
	free(c->pending_query);
	c->pending_query = NULL;
	c->waiters = NULL;
	c->nwaiters = 0;
	for (size_t i = 0; i < n; i++) {
		if (body)
			req_reply_raw(waiters[i], 200, "application/json; charset=utf-8", body, strlen(body));
		else
			req_fail(waiters[i], ERR_STORE, NULL);
	}
	free(waiters);
}

/* A search that missed the cache: checked on the loop, computed on the read
 * pool with that thread's own connection (at 200,000 vacancies a broad
 * one takes tens of ms: the loop keeps answering meanwhile), then cached. */
struct search_state {
	struct search_filters f;
	char match[512], today[DATE_LEN + 1];
	char *query; /* the raw query string: the cache key */
	int64_t after_time, after_id;
	int limit;
	char *answer; /* the JSON text, or NULL on a store error */
	uint64_t generation; /* of the listing when the computation began */
};

static void search_state_free(void *p)
{
	struct search_state *st = p;
	if (st) {
		free(st->query);
		free(st->answer);
	}
	free(st);
}

static void search_run(struct req *r)
{
	struct search_state *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	json_t *items = json_array();
	/* One more than the page: a cursor only when there is a next page. */
	int n = db ? vacancy_find(db, &st->f, st->after_time, st->after_id, st->limit + 1, items) : -1;
	json_t *facets = n >= 0 ? vacancy_facets(db, &st->f) : NULL;
	if (n < 0 || !facets) {
		json_decref(items);
		json_decref(facets);
		return;
	}
	json_t *next = json_null();
	if (n > st->limit) {
		json_array_remove(items, (size_t)st->limit);
		n = st->limit;
		json_t *last = json_array_get(items, (size_t)n - 1);
		char buf[48];
		snprintf(buf, sizeof buf, "%lld_%lld",
		         (long long)json_integer_value(json_object_get(last, "cursor_time")),
		         (long long)json_integer_value(json_object_get(last, "id")));
		next = json_string(buf);
	}
	size_t i;
	json_t *item;
	json_array_foreach (items, i, item)
		json_object_del(item, "cursor_time");
	json_t *answer = json_pack("{s:o, s:o, s:o}", "items", items, "facets", facets, "next_cursor", next);
	st->answer = answer ? json_dumps(answer, JSON_COMPACT) : NULL;
	json_decref(answer);
}

static void search_done(struct req *r)
{
	struct search_state *st = r->state;
	struct cached_answer *c = cache_slot(st->query);
	int coalesced = c->pending_query && !strcmp(c->pending_query, st->query);
	if (!st->answer) {
		if (coalesced)
			answer_waiters(c, NULL);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* The cache takes the answer first: replying frees r and its state. */
	free(c->query);
	free(c->body);
	c->query = st->query;
	c->body = st->answer;
	c->generation = st->generation; /* a change during the computation leaves it stale */
	c->expires = now_seconds() + SEARCH_CACHE_TTL_S;
	st->query = st->answer = NULL;
	if (coalesced)
		answer_waiters(c, c->body);
	req_reply_raw(r, 200, "application/json; charset=utf-8", c->body, strlen(c->body));
}

static void search_compute(struct req *r, const char *raw_query)
{
	struct search_state *st = calloc(1, sizeof *st);
	if (!st || !(st->query = strdup(raw_query))) {
		free(st);
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	r->state = st;
	r->state_free = search_state_free;
	struct search_filters *f = &st->f;
	*f = (struct search_filters){.education_rank = -1, .min_wage = -1};
	date_format(date_today(r->srv->cfg->utc_offset_minutes), st->today);
	f->today = st->today;
	const char *q = req_query(r, "q"), *education = req_query(r, "education");
	const char *min_wage = req_query(r, "min_wage"), *since = req_query(r, "since");
	const char *cursor = req_query(r, "cursor"), *limit_text = req_query(r, "limit");
	if (q && (strlen(q) > 200 || fts_query(q, st->match, sizeof st->match) == 0)) {
		req_fail(r, ERR_QUERY_INVALID, "q");
		return;
	}
	f->match = q ? st->match : NULL;
	/* The query strings live in r->query until the reply, like st. */
	f->kecamatan = req_query(r, "kecamatan");
	f->kabkota = req_query(r, "kabkota");
	f->kbji = req_query(r, "kbji");
	f->employment_type = req_query(r, "employment_type");
	if (f->kbji && valid_digits(f->kbji, 1, 4) < 0) {
		req_fail(r, ERR_QUERY_INVALID, "kbji");
		return;
	}
	if (education && (f->education_rank = education_rank(education)) < 0) {
		req_fail(r, ERR_QUERY_INVALID, "education");
		return;
	}
	if (min_wage && (valid_digits(min_wage, 1, 10) < 0 || (f->min_wage = atol(min_wage)) < 0)) {
		req_fail(r, ERR_QUERY_INVALID, "min_wage");
		return;
	}
	struct date since_date;
	if (since) {
		if (date_parse(since, &since_date) < 0) {
			req_fail(r, ERR_QUERY_INVALID, "since");
			return;
		}
		/* Midnight of that day in the office's time zone. */
		struct tm tm = {
			.tm_year = since_date.year - 1900, .tm_mon = since_date.month - 1, .tm_mday = since_date.day};
		f->since = (int64_t)timegm(&tm) - (int64_t)r->srv->cfg->utc_offset_minutes * 60;
	}
	const char *disability = req_query(r, "disability_friendly");
	f->disability_friendly = disability && !strcmp(disability, "true");
	long long after_time = 0, after_id = 0;
	char tail;
	st->limit = 20;
	if (cursor && sscanf(cursor, "%lld_%lld%c", &after_time, &after_id, &tail) != 2) {
		req_fail(r, ERR_QUERY_INVALID, "cursor");
		return;
	}
	if (limit_text &&
	    (valid_digits(limit_text, 1, 3) < 0 || (st->limit = atoi(limit_text)) < 1 || st->limit > 100)) {
		req_fail(r, ERR_QUERY_INVALID, "limit");
		return;
	}
	st->after_time = after_time;
	st->after_id = after_id;
	st->generation = listing_generation;
	struct cached_answer *c = cache_slot(raw_query);
	int first = !c->pending_query;
	if (first)
		c->pending_query = strdup(raw_query); /* later misses of it wait for this one */
	if (req_read_pool(r, search_run, search_done) < 0 && first) {
		free(c->pending_query); /* answered busy: nothing is coming */
		c->pending_query = NULL;
	}
}

void vacancy_search(struct req *r)
{
	const char *raw = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(r->ev));
	const char *query = raw ? raw : "";
	struct cached_answer *c = cache_slot(query);
	int64_t now = now_seconds();
	if (c->query && c->body && !strcmp(c->query, query) && c->generation == listing_generation &&
	    c->expires > now) {
		/* Refresh ahead: near the end of its life one request recomputes the
		 * answer while every other is still served from the cache, so a
		 * popular search never expires into a queue of waiting requests. */
		if (c->expires - now > SEARCH_REFRESH_AHEAD_S || c->pending_query) {
			req_reply_raw(r, 200, "application/json; charset=utf-8", c->body, strlen(c->body));
			return;
		}
		search_compute(r, query);
		return;
	}
	if (c->pending_query && !strcmp(c->pending_query, query)) {
		struct req **grown = realloc(c->waiters, (c->nwaiters + 1) * sizeof *grown);
		if (!grown) {
			req_fail(r, ERR_BUSY, NULL);
			return;
		}
		c->waiters = grown;
		c->waiters[c->nwaiters++] = r; /* answered by search_done */
		return;
	}
	search_compute(r, query);
}

static const struct field_spec report_fields[] = {
	{"reason", FIELD_STRING, 1, 16},
	{"note", FIELD_STRING, 0, 500},
	{NULL, 0, 0, 0},
};

static const char sql_report[] =
	"INSERT INTO vacancy_report(vacancy_id, reporter_id, reason, note, created_at) VALUES (?,?,?,?,?)";

static int report_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct vacancy_state *st = r->state;
	int64_t now = now_seconds(), id;
	sqlite3_stmt *s = store_stmt(db, sql_report);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, st->id);
	sqlite3_bind_int64(s, 2, r->who.account_id);
	sqlite3_bind_text(s, 3, body_str(r->body, "reason"), -1, SQLITE_STATIC);
	if (body_str(r->body, "note"))
		sqlite3_bind_text(s, 4, body_str(r->body, "note"), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, now);
	int rc = store_insert(db, s, &id);
	if (rc == 1) {
		st->refusal = ERR_ALREADY_REPORTED;
		return WRITE_REFUSED;
	}
	if (rc < 0 || audit_record(db, r->who.account_id, "vacancy.report", "vacancy", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void reported(struct req *r, int result)
{
	struct vacancy_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	req_reply(r, 201, json_pack("{s:s}", "status", "received"));
}

void vacancy_report(struct req *r)
{
	static const char *const reasons[] = {"fee_requested", "fake", "misleading", "discriminatory", "other", NULL};
	struct vacancy_state *st = req_state_new(r, sizeof(struct vacancy_state), vacancy_state_free);
	if (!st || req_body_check(r, report_fields) < 0)
		return;
	if (!valid_choice(body_str(r->body, "reason"), reasons)) {
		req_fail(r, ERR_FIELD_INVALID, "reason");
		return;
	}
	const char *note = body_str(r->body, "note");
	if (note && valid_text(note, 500) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "note");
		return;
	}
	st->id = req_param_id(r, 0);
	if (visible(r, st->id, &st->row) < 0)
		return;
	req_write(r, report_write, reported);
}

static const char sql_reports[] =
	"SELECT json_object('id', vr.id, 'vacancy_id', vr.vacancy_id, 'title', v.title, 'employer', o.legal_name, "
	"'reason', vr.reason, 'note', vr.note, 'reports_of_vacancy', "
	"(SELECT count(*) FROM vacancy_report x WHERE x.vacancy_id = vr.vacancy_id), 'vacancy_state', v.state, "
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', vr.created_at, 'unixepoch')) "
	"FROM vacancy_report vr JOIN vacancy v ON v.id = vr.vacancy_id JOIN organisation o ON o.account_id = "
	"v.organisation_id WHERE vr.resolved_at IS NULL AND (?1 = 0 OR vr.id < ?1) ORDER BY vr.id DESC LIMIT ?2";

void vacancy_reports_list(struct req *r) { list_reply_query(r, sql_reports); }

/* ---- recommendations ---- */

/* Scoring keeps small rows and builds JSON only for the twenty shown: the
 * 500 newest vacancies are scored on every request of the app's home screen. */
enum reason {
	REASON_EDUCATION = 1 << 0,
	REASON_OCCUPATION = 1 << 1,
	REASON_KECAMATAN = 1 << 2,
	REASON_KABKOTA = 1 << 3,
	REASON_AGE_GENDER = 1 << 4,
};
static const char *const reason_names[] = {"education_fits", "occupation_preferred", "same_kecamatan", "same_kabkota",
                                           "age_and_gender_fit"};

struct candidate {
	struct vacancy_row v;
	int score, position;
	unsigned reasons;
};

#define RECOMMEND_SCAN 500
#define RECOMMEND_SHOWN 20
#define PREFERRED_MAX 16

struct recommend_ctx {
	int age, rank, n_preferred;
	const char *gender, *location, *kecamatan;
	const char *preferred[PREFERRED_MAX];
	struct candidate *found;
	int n_found;
};

static void score(const struct vacancy_row *v, void *arg)
{
	struct recommend_ctx *c = arg;
	/* Hard requirements first: a vacancy the person cannot take is not
	 * recommended at all. */
	if (c->rank < v->education_rank || (strcmp(v->gender, "any") && strcmp(v->gender, c->gender)) ||
	    (v->has_age_min && c->age < v->age_min) || (v->has_age_max && c->age > v->age_max))
		return;
	int abroad = !strcmp(v->location_kind, "abroad");
	if ((abroad && !strcmp(c->location, "domestic")) || (!abroad && !strcmp(c->location, "abroad")))
		return;
	if (c->n_found >= RECOMMEND_SCAN)
		return;
	struct candidate *k = &c->found[c->n_found];
	k->v = *v;
	k->position = c->n_found++;
	k->score = 40;
	k->reasons = REASON_EDUCATION;
	for (int i = 0; i < c->n_preferred; i++)
		if (!strncmp(v->kbji, c->preferred[i], strlen(c->preferred[i]))) {
			k->score += 30;
			k->reasons |= REASON_OCCUPATION;
			break;
		}
	if (c->kecamatan && !strcmp(v->location_code, c->kecamatan)) {
		k->score += 20;
		k->reasons |= REASON_KECAMATAN;
	} else if (c->kecamatan && *v->kabkota_code && !strncmp(v->kabkota_code, c->kecamatan, 5)) {
		k->score += 10;
		k->reasons |= REASON_KABKOTA;
	}
	if (v->has_age_min || v->has_age_max || strcmp(v->gender, "any")) {
		k->score += 10;
		k->reasons |= REASON_AGE_GENDER;
	}
}

/* Highest score first; among equals the newer (scanned earlier). */
static int by_score(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->position - y->position;
}

static json_t *candidate_json(const struct candidate *k)
{
	json_t *reasons = json_array();
	for (size_t bit = 0; bit < sizeof reason_names / sizeof reason_names[0]; bit++)
		if (k->reasons & (1u << bit))
			json_array_append_new(reasons, json_string(reason_names[bit]));
	return json_pack("{s:I, s:s, s:s, s:i, s:o}", "vacancy_id", (json_int_t)k->v.id, "title", k->v.title,
	                 "valid_until", k->v.valid_until, "score", k->score, "reasons", reasons);
}

void vacancy_recommendations(struct req *r)
{
	int64_t seeker_id;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	json_t *profile = found > 0 ? seeker_profile(r->srv->reader, seeker_id) : NULL;
	if (!profile) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return;
	}
	struct date today = date_today(r->srv->cfg->utc_offset_minutes), birth = {0, 0, 0};
	date_parse(json_string_value(json_object_get(profile, "birth_date")), &birth);
	struct recommend_ctx c = {
		.age = date_age(birth, today),
		.rank = education_rank(json_string_value(json_object_get(profile, "education_level"))),
		.gender = json_string_value(json_object_get(profile, "gender")),
		.location = json_string_value(json_object_get(profile, "preferred_location")),
		.kecamatan = json_string_value(json_object_get(profile, "kecamatan_code")),
		.found = malloc(RECOMMEND_SCAN * sizeof(struct candidate)),
	};
	size_t i;
	json_t *kbji;
	json_array_foreach (json_object_get(profile, "preferred_kbji"), i, kbji) {
		if (c.n_preferred < PREFERRED_MAX && json_string_value(kbji))
			c.preferred[c.n_preferred++] = json_string_value(kbji);
	}
	if (!c.gender)
		c.gender = "";
	if (!c.location)
		c.location = "";
	char today_text[DATE_LEN + 1];
	date_format(today, today_text);
	if (!c.found || vacancy_recent(r->srv->reader, today_text, RECOMMEND_SCAN, score, &c) < 0) {
		json_decref(profile);
		free(c.found);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	qsort(c.found, (size_t)c.n_found, sizeof *c.found, by_score);
	json_t *top = json_array();
	for (int k = 0; k < c.n_found && k < RECOMMEND_SHOWN; k++)
		json_array_append_new(top, candidate_json(&c.found[k]));
	free(c.found);
	json_decref(profile);
	req_reply(r, 200, json_pack("{s:o}", "items", top));
}

/* ---- expiry ---- */

static struct event *expiry_timer;

static int expire_write(struct dbconn *db, void *arg)
{
	struct server *srv = arg;
	char today[DATE_LEN + 1];
	date_format(date_today(srv->cfg->utc_offset_minutes), today);
	int n = vacancy_expire(db, today, now_seconds());
	if (n < 0)
		return WRITE_STORE_ERROR;
	if (n > 0)
		log_info("vacancy_expiry", "expired=%d", n);
	return WRITE_OK;
}

static void expired(void *arg, int result)
{
	(void)arg;
	vacancy_listing_changed();
	if (result != WRITE_OK)
		log_warn("vacancy_expiry", "result=%d", result);
}

static void on_expiry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (srv->writer && !srv->shutting_down)
		writer_submit(srv->writer, expire_write, expired, srv);
}

int vacancy_lifecycle_start(struct server *srv)
{
	expiry_timer = event_new(srv->base, -1, EV_PERSIST, on_expiry, srv);
	struct timeval hour = {3600, 0};
	if (!expiry_timer || event_add(expiry_timer, &hour) < 0)
		return -1;
	event_active(expiry_timer, EV_TIMEOUT, 0);
	return 0;
}

void vacancy_lifecycle_stop(void)
{
	cache_free();
	if (expiry_timer)
		event_free(expiry_timer);
	expiry_timer = NULL;
}
