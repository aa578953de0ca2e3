/* Organisation profiles (company, LPK, BKK) and their suspension. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "http.h"
#include "organisation.h"
#include "organisation_store.h"
#include "region.h"
#include "region_store.h"
#include "server.h"
#include "vacancy_listing.h"
#include "validate.h"
#include "vacancy.h"
#include "vacancy_store.h"
#include "vacancy_search.h"
#include "reference.h"

static const struct field_spec fields[] = {
	{"legal_name", FIELD_STRING, 1, 150},
	{"registration_no", FIELD_STRING, 1, 40},
	{"npwp", FIELD_STRING, 0, 20},
	{"npsn", FIELD_STRING, 0, 8},
	{"kbli", FIELD_STRING, 0, 5},
	{"employer_type", FIELD_STRING, 1, 20},
	{"address", FIELD_STRING, 1, 255},
	{"kecamatan_code", FIELD_STRING, 0, 16},
	{"kelurahan_code", FIELD_STRING, 0, 20},
	{"contact_name", FIELD_STRING, 1, 100},
	{"contact_phone", FIELD_STRING, 1, 24},
	{"contact_email", FIELD_STRING, 1, 254},
	{"website", FIELD_STRING, 0, 200},
	{NULL, 0, 0, 0},
};

static void reply_organisation(struct req *r, int status, int64_t id)
{
	json_t *o = organisation_json(r->srv->reader, id);
	if (!o) {
		req_fail(r, ERR_PROFILE_MISSING, NULL);
		return;
	}
	req_reply(r, status, o);
}

void organisation_get_own(struct req *r) { reply_organisation(r, 200, r->who.account_id); }

struct org_state {
	json_t *profile;
	char note[256];
	int64_t id;
};

static void org_state_free(void *p)
{
	struct org_state *st = p;
	if (st)
		json_decref(st->profile);
	free(st);
}

static int save_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct org_state *st = r->state;
	int64_t now = now_seconds();
	if (organisation_save(db, r->who.account_id, st->profile, now) < 0 ||
	    audit_record(db, r->who.account_id, "organisation.profile_save", "account", r->who.account_id, NULL, now) <
	            0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void saved(struct req *r, int result)
{
	if (result == WRITE_OK)
		vacancy_listing_changed(); /* the employer's name is in the listing */
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	reply_organisation(r, 200, r->who.account_id);
}

static const char *check(struct req *r, json_t *p, enum err *code)
{
	static const char *const types[] = {REF_EMPLOYER_TYPE(REF_VALUE) NULL};
	static const char *const texts[] = {"legal_name", "registration_no", "address", "contact_name", NULL};
	*code = ERR_FIELD_INVALID;
	for (const char *const *f = texts; *f; f++)
		if (valid_text(json_string_value(json_object_get(p, *f)), 255) < 0)
			return *f;
	const char *type = json_string_value(json_object_get(p, "employer_type"));
	if (!valid_choice(type, types))
		return "employer_type";
	const char *npwp = json_string_value(json_object_get(p, "npwp")),
		   *npsn = json_string_value(json_object_get(p, "npsn")),
		   *kbli = json_string_value(json_object_get(p, "kbli"));
	if (npwp && valid_digits(npwp, 15, 16) < 0)
		return "npwp";
	if (npsn && valid_digits(npsn, 8, 8) < 0)
		return "npsn";
	if (kbli && valid_digits(kbli, 5, 5) < 0)
		return "kbli";
	if (r->who.role == ROLE_COMPANY && !kbli) {
		*code = ERR_FIELD_MISSING;
		return "kbli";
	}
	if (r->who.role == ROLE_BKK && !npsn) {
		*code = ERR_FIELD_MISSING;
		return "npsn";
	}
	char phone[20];
	if (phone_normalize(json_string_value(json_object_get(p, "contact_phone")), phone) < 0) {
		*code = ERR_PHONE_INVALID;
		return "contact_phone";
	}
	json_object_set_new(p, "contact_phone", json_string(phone));
	if (valid_email(json_string_value(json_object_get(p, "contact_email"))) < 0) {
		*code = ERR_EMAIL_INVALID;
		return "contact_email";
	}
	/* The organisation's own address may be outside this kab/kota. */
	const char *kec = json_string_value(json_object_get(p, "kecamatan_code")),
		   *kel = json_string_value(json_object_get(p, "kelurahan_code"));
	char parent[32];
	int level;
	if (kec && (region_lookup(r->srv->reader, kec, &level, parent) != 1 || level != 3)) {
		*code = ERR_REGION_INVALID;
		return "kecamatan_code";
	}
	if (kel &&
	    (!kec || region_lookup(r->srv->reader, kel, &level, parent) != 1 || level != 4 || strcmp(parent, kec))) {
		*code = ERR_REGION_INVALID;
		return "kelurahan_code";
	}
	return NULL;
}

void organisation_put_own(struct req *r)
{
	if (req_body_check(r, fields) < 0)
		return;
	struct org_state *st = calloc(1, sizeof *st);
	if (!st || !(st->profile = json_deep_copy(r->body))) {
		free(st);
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	r->state = st;
	r->state_free = org_state_free;
	enum err code;
	const char *bad = check(r, st->profile, &code);
	if (bad) {
		req_fail(r, code, bad);
		return;
	}
	req_write(r, save_write, saved);
}

void organisation_detail(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	if (id < 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	json_t *o = organisation_json(r->srv->reader, id);
	if (!o) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	req_reply(r, 200, o);
}

static const struct field_spec suspend_fields[] = {
	{"note", FIELD_STRING, 1, 255},
	{NULL, 0, 0, 0},
};

static int suspension_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct org_state *st = r->state;
	int64_t now = now_seconds();
	int suspend = *st->note != '\0';
	int rc = organisation_set_suspension(db, st->id, suspend ? st->note : NULL, now);
	if (rc == 1)
		return WRITE_REFUSED;
	/* Out of the listing at once, or back into it. */
	int listed = suspend ? 0 : organisation_public(db, st->id);
	if (rc < 0 || listed < 0 || vacancy_reindex_organisation(db, st->id, listed) < 0 ||
	    audit_record(db, r->who.account_id, suspend ? "organisation.suspend" : "organisation.unsuspend", "account",
	                 st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void suspension_written(struct req *r, int result)
{
	struct org_state *st = r->state;
	if (result == WRITE_OK)
		vacancy_listing_changed();
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? ERR_NOT_FOUND : ERR_STORE, NULL);
		return;
	}
	reply_organisation(r, 200, st->id);
}

static void suspension(struct req *r, int suspend)
{
	struct org_state *st = req_state_new(r, sizeof *st, org_state_free);
	if (!st)
		return;
	if ((st->id = req_param_id(r, 0)) < 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	if (suspend) {
		if (req_body_check(r, suspend_fields) < 0)
			return;
		const char *note = body_str(r->body, "note");
		if (valid_text(note, 255) < 0) {
			req_fail(r, ERR_FIELD_INVALID, "note");
			return;
		}
		snprintf(st->note, sizeof st->note, "%s", note);
	}
	req_write(r, suspension_write, suspension_written);
}

void organisation_suspend(struct req *r) { suspension(r, 1); }
void organisation_unsuspend(struct req *r) { suspension(r, 0); }
