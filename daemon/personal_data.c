/* A job seeker's rights under UU 27/2022 (PDP): to download everything the
 * office holds about them (GET /v1/me/data-export), and to be deleted
 * (POST /v1/me/deletion) — anonymised: name, NIK, contact, address, school,
 * documents and e-mails go; what the statistics count (birth date, gender,
 * education, kecamatan/kelurahan, the cards' and placements' dates) stays,
 * so published and future tables keep their numbers. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "audit.h"
#include "body.h"
#include "card_store.h"
#include "crypto.h"
#include "document.h"
#include "document_store.h"
#include "http.h"
#include "personal_data.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "personal_data_store.h"
#include "store.h"

void personal_data_export(struct req *r)
{
	struct dbconn *db = r->srv->reader;
	struct account_row a;
	int64_t seeker_id = 0;
	if (account_by_id(db, r->who.account_id, &a) != 1 ||
	    seeker_id_of_account(db, r->who.account_id, &seeker_id) < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	char when[24];
	json_t *out = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "exported_at",
	                        iso8601(now_seconds(), when, sizeof when), "office", r->srv->cfg->office_name,
	                        "account", "email", a.email, "name", a.display_name, "created_at",
	                        iso8601(a.created_at, when, sizeof when));
	json_t *documents = document_list(db, r->who.account_id);
	json_object_set_new(out, "documents", documents ? documents : json_null());
	int complete = documents && personal_data_store_of_account(db, r->who.account_id, out) == 0;
	if (seeker_id) {
		char nik[17] = "";
		json_t *profile = seeker_profile(db, seeker_id);
		if (profile && seeker_nik(db, &r->srv->keys, seeker_id, nik) == 0)
			json_object_set_new(profile, "nik", json_string(nik));
		sodium_memzero(nik, sizeof nik);
		json_object_set_new(out, "profile", profile ? profile : json_null());
		json_object_set_new(out, "card_applications", card_application_store_list_own(db, seeker_id));
		complete &= personal_data_store_of_seeker(db, seeker_id, out) == 0;
	}
	/* A part that could not be read would make an incomplete export: refuse. */
	if (!complete) {
		json_decref(out);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	char *text = json_dumps(out, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(out);
	if (!text) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "person.export", "account", r->who.account_id);
	req_reply_file(r, "application/json", text, strlen(text), "data-saya.json");
	sodium_memzero(text, strlen(text));
	free(text);
}

/* ---- deletion ---- */

struct deletion_state {
	struct account_row account;
	char password[PASSWORD_MAX_BYTES + 1];
	int verified;
	int64_t seeker_id;
};

static void deletion_state_free(void *p)
{
	struct deletion_state *st = p;
	if (st)
		sodium_memzero(st, sizeof *st);
	free(st);
}

static int anonymise_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct deletion_state *st = r->state;
	int64_t now = now_seconds();
	/* Random in place of the NIK: the rows stay one person's, no one's. */
	unsigned char sealed[NIK_SEALED_BYTES], index[DIGEST_BYTES];
	randombytes_buf(sealed, sizeof sealed);
	randombytes_buf(index, sizeof index);
	if (personal_data_store_anonymise(db, st->seeker_id, st->account.id, sealed, index, now) < 0)
		return WRITE_STORE_ERROR;
	return audit_record(db, st->account.id, "person.anonymised", "account", st->account.id, NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void anonymised(struct req *r, int result)
{
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:s}", "status", "anonymised"));
}

static void verify_run(struct req *r)
{
	struct deletion_state *st = r->state;
	st->verified = password_verify(st->account.password_hash, st->password) == 0;
	sodium_memzero(st->password, sizeof st->password);
}

static void verified(struct req *r)
{
	struct deletion_state *st = r->state;
	if (!st->verified) {
		req_fail(r, ERR_PASSWORD_WRONG, "password");
		return;
	}
	req_write(r, anonymise_write, anonymised);
}

static const struct field_spec deletion_fields[] = {
	{"password", FIELD_STRING, 1, PASSWORD_MAX_BYTES},
	{NULL, 0, 0, 0},
};

/* The password again, so that a stolen session cannot erase a person. */
void personal_data_delete(struct req *r)
{
	if (req_body_check(r, deletion_fields) < 0)
		return;
	struct deletion_state *st = req_state_new(r, sizeof(struct deletion_state), deletion_state_free);
	if (!st)
		return;
	int found = account_by_id(r->srv->reader, r->who.account_id, &st->account);
	if (found > 0)
		found = seeker_id_of_account(r->srv->reader, r->who.account_id, &st->seeker_id) < 0 ? -1 : 1;
	if (found <= 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	snprintf(st->password, sizeof st->password, "%s", body_str(r->body, "password"));
	req_pool(r, verify_run, verified);
}
