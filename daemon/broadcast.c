/* WhatsApp broadcasts ("WA blast") for officers: an approved template with
 * {{placeholders}}, a segment (job seekers by kecamatan, education, age,
 * gender and card status; all verified LPK; all verified BKK), a preview of
 * how many it reaches, and the send — one wa_message per recipient who
 * consented, written in one transaction and handed to the provider by
 * whatsapp.c at its throttled pace.  A vacancy can be named only while it
 * is published by a verified, unsuspended organisation.
 *
 * Templates: an officer proposes, an admin approves or rejects (the
 * four-eyes rule of what goes out under the office's name). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "broadcast.h"
#include "broadcast_store.h"
#include "config.h"
#include "dates.h"
#include "http.h"
#include "list.h"
#include "organisation.h"
#include "organisation_store.h"
#include "profile.h"
#include "region.h"
#include "region_store.h"
#include "server.h"
#include "store.h"
#include "vacancy.h"
#include "vacancy_store.h"
#include "validate.h"

#define TEMPLATE_BODY_MAX 1024 /* WhatsApp's limit for a template body */
#define VARIABLE_MAX 200

/* Filled by the server, not the officer: the recipient's name, the
 * office, and with a vacancy its title, organisation and address. */
static const char *const builtin_vars[] = {"nama", "kantor", "lowongan", "perusahaan", "tautan", NULL};

/* ---- templates ---- */

/* Checks {{name}} placeholders: lower-case letters, digits and '_', at
 * most 32; calls fn for each.  0, or -1 when one is malformed. */
static int placeholders(const char *text, int (*fn)(const char *name, void *arg), void *arg)
{
	for (const char *p = strstr(text, "{{"); p; p = strstr(p, "{{")) {
		const char *end = strstr(p + 2, "}}");
		if (!end)
			return -1;
		size_t n = (size_t)(end - (p + 2));
		char name[33];
		if (n == 0 || n > 32 || strspn(p + 2, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
			return -1;
		memcpy(name, p + 2, n);
		name[n] = '\0';
		if (fn && fn(name, arg) < 0)
			return -1;
		p = end + 2;
	}
	return 0;
}

struct template_state {
	int64_t id;
	char name[65];
	char *body;
	char decision[12];
	int refusal;
};

static void template_state_free(void *p)
{
	struct template_state *st = p;
	if (st)
		free(st->body);
	free(st);
}

static void template_written(struct req *r, int result, int status)
{
	struct template_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	json_t *t = broadcast_store_template(r->srv->reader, st->id);
	if (!t) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, t);
}
static void template_created(struct req *r, int result) { template_written(r, result, 201); }
static void template_decided(struct req *r, int result) { template_written(r, result, 200); }

static int template_create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct template_state *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = broadcast_store_template_insert(db, st->name, st->body, r->who.account_id, now, &st->id);
	if (rc == STORE_CONFLICT) {
		st->refusal = ERR_TEMPLATE_TAKEN;
		return WRITE_REFUSED;
	}
	if (rc != STORE_OK ||
	    audit_record(db, r->who.account_id, "wa_template.create", "wa_template", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static const struct field_spec template_fields[] = {
	{"name", FIELD_STRING, 1, 64},
	{"body", FIELD_STRING, 1, TEMPLATE_BODY_MAX},
	{NULL, 0, 0, 0},
};

/* Template text may hold line breaks (messages have paragraphs), nothing
 * else below 0x20. */
static int valid_message_text(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			return -1;
	return *s ? 0 : -1;
}

int broadcast_template_valid(const char *body)
{
	return valid_message_text(body) == 0 && placeholders(body, NULL, NULL) == 0;
}

void broadcast_template_create(struct req *r)
{
	if (req_body_check(r, template_fields) < 0)
		return;
	const char *name = body_str(r->body, "name"), *body = body_str(r->body, "body");
	if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name) || !*name) {
		req_fail(r, ERR_FIELD_INVALID, "name");
		return;
	}
	if (!broadcast_template_valid(body)) {
		req_fail(r, ERR_FIELD_INVALID, "body");
		return;
	}
	struct template_state *st = req_state_new(r, sizeof *st, template_state_free);
	if (!st)
		return;
	snprintf(st->name, sizeof st->name, "%s", name);
	if (!(st->body = strdup(body))) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_write(r, template_create_write, template_created);
}

void broadcast_template_list(struct req *r)
{
	static const char *const states[] = {"pending", "approved", "rejected", NULL};
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	const char *state;
	if (req_query_choice(r, "state", states, &state) < 0)
		return;
	json_t *items = broadcast_store_templates(r->srv->reader, state, page.cursor, page.limit + 1);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

static int template_decide_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct template_state *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = broadcast_store_template_decide(db, st->id, st->decision, r->who.account_id, now);
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	if (rc < 0 || audit_record(db, r->who.account_id, "wa_template.decide", "wa_template", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static const struct field_spec decision_fields[] = {
	{"decision", FIELD_STRING, 1, 12},
	{NULL, 0, 0, 0},
};

/* POST /v1/whatsapp/templates/{id}/decision {"decision": approve|reject}. */
void broadcast_template_decide(struct req *r)
{
	static const char *const decisions[] = {"approve", "reject", NULL};
	if (req_body_check(r, decision_fields) < 0)
		return;
	const char *decision = body_str(r->body, "decision");
	if (!valid_choice(decision, decisions)) {
		req_fail(r, ERR_FIELD_INVALID, "decision");
		return;
	}
	struct template_state *st = req_state_new(r, sizeof *st, template_state_free);
	if (!st)
		return;
	st->id = req_param_id(r, 0);
	json_t *t = st->id > 0 ? broadcast_store_template(r->srv->reader, st->id) : NULL;
	if (!t) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	json_decref(t);
	snprintf(st->decision, sizeof st->decision, "%s", !strcmp(decision, "approve") ? "approved" : "rejected");
	req_write(r, template_decide_write, template_decided);
}

/* ---- segments ---- */

static void segment_free(struct wa_segment *s)
{
	free(s->kecamatan);
	free(s->education);
}

static const struct field_spec segment_fields[] = {
	{"audience", FIELD_STRING, 1, 12},   {"kecamatan", FIELD_ARRAY, 0, 100},
	{"education", FIELD_ARRAY, 0, 12},   {"age_min", FIELD_INTEGER, 0, 0},
	{"age_max", FIELD_INTEGER, 0, 0},    {"gender", FIELD_STRING, 0, 1},
	{"card_status", FIELD_STRING, 0, 8}, {NULL, 0, 0, 0},
};

/* Checks and reads the segment object; the offending field in *field. */
static enum err segment_parse(struct req *r, const json_t *obj, struct wa_segment *s, const char **field)
{
	static const char *const audiences[] = {"job_seekers", "lpk", "bkk", NULL};
	static const char *const card_states[] = {"active", "none", NULL};
	static const char *const genders[] = {"M", "F", NULL};
	struct body_error err;
	memset(s, 0, sizeof *s);
	s->age_min = s->age_max = -1;
	date_format(date_today(r->srv->cfg->utc_offset_minutes), s->today);
	*field = "segment";
	if (!json_is_object(obj))
		return obj ? ERR_FIELD_TYPE : ERR_FIELD_MISSING;
	if (body_check(obj, segment_fields, &err) < 0) {
		*field = err.field ? err.field : "segment";
		return err.code;
	}
	const char *audience = body_str(obj, "audience");
	*field = "segment.audience";
	if (!valid_choice(audience, audiences))
		return ERR_FIELD_INVALID;
	snprintf(s->role, sizeof s->role, "%s", !strcmp(audience, "job_seekers") ? "seeker" : audience);
	int people = !strcmp(s->role, "seeker");
	size_t i;
	json_t *v;
	json_t *kec = json_object_get(obj, "kecamatan"), *edu = json_object_get(obj, "education");
	*field = "segment.kecamatan";
	json_array_foreach (kec, i, v) {
		int level;
		char parent[32], kabkota[8];
		region_kabkota_dotted(r->srv->cfg->kabkota_code, kabkota);
		if (!json_is_string(v) || region_lookup(r->srv->reader, json_string_value(v), &level, parent) != 1 ||
		    level != 3 || strcmp(parent, kabkota))
			return ERR_FIELD_INVALID;
	}
	*field = "segment.education";
	json_array_foreach (edu, i, v)
		if (!json_is_string(v) || education_rank(json_string_value(v)) < 0)
			return ERR_FIELD_INVALID;
	s->age_min = (int)body_int(obj, "age_min", -1);
	s->age_max = (int)body_int(obj, "age_max", -1);
	*field = "segment.age_min";
	if (json_object_get(obj, "age_min") && (s->age_min < 14 || s->age_min > 100))
		return ERR_FIELD_INVALID;
	*field = "segment.age_max";
	if (json_object_get(obj, "age_max") &&
	    (s->age_max < 14 || s->age_max > 100 || (s->age_min >= 0 && s->age_max < s->age_min)))
		return ERR_FIELD_INVALID;
	const char *gender = body_str(obj, "gender"), *card = body_str(obj, "card_status");
	*field = "segment.gender";
	if (gender && !valid_choice(gender, genders))
		return ERR_FIELD_INVALID;
	*field = "segment.card_status";
	if (card && !valid_choice(card, card_states))
		return ERR_FIELD_INVALID;
	/* Filters describe people; an organisation audience takes none. */
	*field = "segment";
	if (!people && (kec || edu || s->age_min >= 0 || s->age_max >= 0 || gender || card))
		return ERR_FIELD_INVALID;
	snprintf(s->gender, sizeof s->gender, "%s", gender ? gender : "");
	snprintf(s->card, sizeof s->card, "%s", card ? card : "");
	if ((kec && json_array_size(kec) && !(s->kecamatan = json_dumps(kec, JSON_COMPACT))) ||
	    (edu && json_array_size(edu) && !(s->education = json_dumps(edu, JSON_COMPACT))))
		return ERR_BUSY;
	*field = NULL;
	return 0;
}

/* ---- broadcasts ---- */

struct broadcast_state {
	struct wa_segment segment;
	int64_t template_id, vacancy_id, id;
	char *text; /* the message with everything but {{nama}} filled in */
	char *segment_json, *variables_json;
	long long recipients;
	int refusal;
	const char *refusal_field;
};

static void broadcast_state_free(void *p)
{
	struct broadcast_state *st = p;
	if (!st)
		return;
	segment_free(&st->segment);
	free(st->text);
	free(st->segment_json);
	free(st->variables_json);
	free(st);
}

/* Replaces every {{name}} of text by value; returns a new string. */
static char *fill(const char *text, const char *name, const char *value)
{
	char key[40];
	snprintf(key, sizeof key, "{{%s}}", name);
	size_t klen = strlen(key), vlen = strlen(value), count = 0;
	for (const char *p = strstr(text, key); p; p = strstr(p + klen, key))
		count++;
	char *out = malloc(strlen(text) + count * vlen + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *p = text;;) {
		const char *hit = strstr(p, key);
		size_t n = hit ? (size_t)(hit - p) : strlen(p);
		memcpy(o, p, n);
		o += n;
		if (!hit)
			break;
		memcpy(o, value, vlen);
		o += vlen;
		p = hit + klen;
	}
	*o = '\0';
	return out;
}

struct fill_ctx {
	const json_t *vars;
	char **text;
	const char *missing;
};

static int fill_variable(const char *name, void *arg)
{
	struct fill_ctx *ctx = arg;
	if (valid_choice(name, builtin_vars))
		return 0;
	const char *value = json_string_value(json_object_get(ctx->vars, name));
	if (!value) {
		ctx->missing = "variables";
		return -1;
	}
	char *next = fill(*ctx->text, name, value);
	if (!next)
		return -1;
	free(*ctx->text);
	*ctx->text = next;
	return 0;
}

static const struct field_spec broadcast_fields[] = {
	{"template_id", FIELD_INTEGER, 1, 0},
	{"segment", FIELD_OBJECT, 1, 0},
	{"variables", FIELD_OBJECT, 0, 0},
	{"vacancy_id", FIELD_INTEGER, 0, 0},
	{NULL, 0, 0, 0},
};

/* Everything a preview and a send share: the checks, the text, the count.
 * 0, or -1 with the request answered. */
static int broadcast_prepare(struct req *r, struct broadcast_state **out)
{
	if (req_body_check(r, broadcast_fields) < 0)
		return -1;
	struct broadcast_state *st = req_state_new(r, sizeof *st, broadcast_state_free);
	if (!st)
		return -1;
	const char *field;
	enum err e = segment_parse(r, json_object_get(r->body, "segment"), &st->segment, &field);
	if (e) {
		req_fail(r, e, field);
		return -1;
	}
	json_t *vars = json_object_get(r->body, "variables");
	const char *key;
	json_t *v;
	json_object_foreach (vars, key, v) {
		if (!json_is_string(v) || json_string_length(v) > VARIABLE_MAX ||
		    valid_text(json_string_value(v), VARIABLE_MAX) < 0 || valid_choice(key, builtin_vars)) {
			req_fail(r, ERR_FIELD_INVALID, "variables");
			return -1;
		}
	}
	/* The template: approved, its own placeholders all given. */
	st->template_id = body_int(r->body, "template_id", 0);
	int approved = 0, found = broadcast_store_template_text(r->srv->reader, st->template_id, &st->text, &approved);
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return -1;
	}
	if (!found) {
		req_fail(r, ERR_FIELD_INVALID, "template_id");
		return -1;
	}
	if (!approved) {
		req_fail(r, ERR_TEMPLATE_NOT_APPROVED, "template_id");
		return -1;
	}
	/* Walk the template's own text while the copy in st->text is filled
	 * (each fill replaces st->text). */
	struct fill_ctx ctx = {vars, &st->text, NULL};
	char *walk = st->text ? strdup(st->text) : NULL;
	int filled = walk ? placeholders(walk, fill_variable, &ctx) : -1;
	free(walk);
	if (filled < 0) {
		req_fail(r, ctx.missing ? ERR_FIELD_INVALID : ERR_BUSY, ctx.missing);
		return -1;
	}
	/* The vacancy: only a public one, never one held or of an unverified
	 * organisation — a broadcast is the office vouching for it. */
	st->vacancy_id = body_int(r->body, "vacancy_id", 0);
	int wants_vacancy = strstr(st->text, "{{lowongan}}") || strstr(st->text, "{{perusahaan}}") ||
		strstr(st->text, "{{tautan}}");
	if (wants_vacancy && !st->vacancy_id) {
		req_fail(r, ERR_FIELD_MISSING, "vacancy_id");
		return -1;
	}
	struct vacancy_row vac;
	if (st->vacancy_id) {
		found = st->vacancy_id > 0 ? vacancy_fetch(r->srv->reader, st->vacancy_id, &vac) : 0;
		if (found != 1) {
			req_fail(r, found < 0 ? ERR_STORE : ERR_FIELD_INVALID, "vacancy_id");
			return -1;
		}
		int listed = organisation_public(r->srv->reader, vac.organisation_id);
		if (listed != 1 || strcmp(vac.state, "published") || strcmp(vac.valid_until, st->segment.today) < 0) {
			req_fail(r, listed < 0 ? ERR_STORE : ERR_VACANCY_NOT_PUBLIC, "vacancy_id");
			return -1;
		}
		json_t *org = organisation_json(r->srv->reader, vac.organisation_id);
		char link[512];
		snprintf(link, sizeof link, "%s/v1/vacancies/%lld", r->srv->cfg->public_base_url, (long long)vac.id);
		const char *org_name = json_string_value(json_object_get(org, "legal_name"));
		char *a = fill(st->text, "lowongan", vac.title),
		     *b = a ? fill(a, "perusahaan", org_name ? org_name : "") : NULL,
		     *c = b ? fill(b, "tautan", link) : NULL;
		json_decref(org);
		free(a);
		free(b);
		free(st->text);
		if (!(st->text = c)) {
			req_fail(r, ERR_BUSY, NULL);
			return -1;
		}
	}
	char *office = fill(st->text, "kantor", r->srv->cfg->office_name);
	free(st->text);
	if (!(st->text = office)) {
		req_fail(r, ERR_BUSY, NULL);
		return -1;
	}
	if ((st->recipients = broadcast_store_segment_count(r->srv->reader, &st->segment, 1)) < 0) {
		req_fail(r, ERR_STORE, NULL);
		return -1;
	}
	*out = st;
	return 0;
}

/* POST /v1/whatsapp/broadcasts/preview: how many it reaches, how many of
 * the segment it does not (no consent), and the text as it will read. */
void broadcast_preview(struct req *r)
{
	struct broadcast_state *st;
	if (broadcast_prepare(r, &st) < 0)
		return;
	long long everyone = broadcast_store_segment_count(r->srv->reader, &st->segment, 0);
	char *sample = fill(st->text, "nama", "[nama penerima]");
	if (everyone < 0 || !sample) {
		free(sample);
		req_fail(r, everyone < 0 ? ERR_STORE : ERR_BUSY, NULL);
		return;
	}
	req_reply(r, 200,
	          json_pack("{s:I, s:I, s:s, s:b}", "recipients", (json_int_t)st->recipients, "without_consent",
	                    (json_int_t)(everyone - st->recipients), "sample", sample, "within_limit",
	                    st->recipients <= r->srv->cfg->wa_broadcast_max));
	free(sample);
}

static int broadcast_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct broadcast_state *st = r->state;
	int64_t now = now_seconds();
	struct wa_broadcast_new b = {st->template_id,
	                             st->segment_json,
	                             st->variables_json,
	                             st->vacancy_id,
	                             r->who.account_id,
	                             st->text,
	                             r->srv->cfg->utc_offset_minutes};
	int n = broadcast_store_send(db, &b, &st->segment, now, &st->id);
	if (n < 0)
		return WRITE_STORE_ERROR;
	if (n > r->srv->cfg->wa_broadcast_max) {
		st->refusal = ERR_FIELD_INVALID;
		st->refusal_field = "segment";
		return WRITE_REFUSED; /* the transaction is rolled back: nothing sent */
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"recipients\":%d}", n);
	if (audit_record(db, r->who.account_id, "wa_broadcast.send", "wa_broadcast", st->id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void broadcast_written(struct req *r, int result)
{
	struct broadcast_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, st->refusal_field);
		return;
	}
	json_t *b = broadcast_store_get(r->srv->reader, st->id);
	if (!b) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 201, b);
}

/* POST /v1/whatsapp/broadcasts: sends (queues) it. */
void broadcast_send(struct req *r)
{
	struct broadcast_state *st;
	if (broadcast_prepare(r, &st) < 0)
		return;
	if (st->recipients > r->srv->cfg->wa_broadcast_max) {
		req_fail(r, ERR_FIELD_INVALID, "segment");
		return;
	}
	json_t *vars = json_object_get(r->body, "variables");
	st->segment_json = json_dumps(json_object_get(r->body, "segment"), JSON_COMPACT | JSON_SORT_KEYS);
	/* "variables": null is as good as none (the preview takes it too). */
	st->variables_json = json_is_object(vars) ? json_dumps(vars, JSON_COMPACT | JSON_SORT_KEYS) : strdup("{}");
	if (!st->segment_json || !st->variables_json) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_write(r, broadcast_write, broadcast_written);
}

void broadcast_list(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	json_t *items = broadcast_store_list(r->srv->reader, page.cursor, page.limit + 1);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

/* GET /v1/whatsapp/broadcasts/{id}: with its delivery figures. */
void broadcast_get(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	json_t *b = id > 0 ? broadcast_store_get(r->srv->reader, id) : NULL;
	if (!b) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	req_reply(r, 200, b);
}
