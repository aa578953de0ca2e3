/* GET and PUT /v1/me/profile: the job seeker's own profile. */
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "audit.h"
#include "http.h"
#include "nik.h"
#include "profile.h"
#include "profile_claim.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"

struct profile_state {
	json_t *profile; /* normalised */
	unsigned char nik_sealed[NIK_SEALED_BYTES];
	unsigned char nik_index[DIGEST_BYTES];
	unsigned warnings;
	int64_t seeker_id;
	int refusal; /* enum err: refused, with what the write did committed (a claim queued) */
};

static void profile_state_free(void *p)
{
	struct profile_state *st = p;
	if (st)
		json_decref(st->profile);
	free(st);
}

/* The profile as its owner sees it: the NIK masked, the officer's NIK
 * warnings left out. */
static void reply_own_profile(struct req *r, int status, int64_t seeker_id)
{
	json_t *p = seeker_profile(r->srv->reader, seeker_id);
	char nik[17], masked[17];
	if (!p || seeker_nik(r->srv->reader, &r->srv->keys, seeker_id, nik) < 0) {
		json_decref(p);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	nik_mask(nik, masked);
	sodium_memzero(nik, sizeof nik);
	json_object_set_new(p, "nik_masked", json_string(masked));
	json_object_del(p, "nik_warnings");
	json_object_del(p, "has_account");
	req_reply(r, status, p);
}

void seeker_get_profile(struct req *r)
{
	int64_t id;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return;
	}
	reply_own_profile(r, 200, id);
}

static int profile_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct profile_state *st = r->state;
	int64_t now = now_seconds();
	/* The NIK's record held by the office before this account (the card
	 * register, a training list) becomes the account's only when the name
	 * and birth date typed agree with it or an officer links it; otherwise
	 * the claim waits in the officers' queue (committed, and refused). */
	int claim = profile_claim_check(db, r->who.account_id, st->nik_index,
	                                json_string_value(json_object_get(st->profile, "full_name")),
	                                json_string_value(json_object_get(st->profile, "birth_date")), now);
	if (claim < 0)
		return WRITE_STORE_ERROR;
	if (claim == CLAIM_PENDING || claim == CLAIM_REJECTED || claim == CLAIM_TAKEN) {
		st->refusal = claim == CLAIM_PENDING ? ERR_CLAIM_PENDING : ERR_NIK_TAKEN;
		return WRITE_OK;
	}
	int rc = seeker_save(db, r->who.account_id, st->nik_sealed, st->nik_index, st->profile, st->warnings, now,
	                     &st->seeker_id);
	if (rc == 1)
		return WRITE_REFUSED;
	if (rc < 0 ||
	    audit_record(db, r->who.account_id, "seeker.profile_save", "seeker", st->seeker_id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void profile_written(struct req *r, int result)
{
	struct profile_state *st = r->state;
	if (result == WRITE_OK && st->refusal) {
		req_fail(r, (enum err)st->refusal, NULL);
		return;
	}
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? ERR_NIK_TAKEN : ERR_STORE, NULL);
		return;
	}
	reply_own_profile(r, 200, st->seeker_id);
}

void seeker_put_profile(struct req *r)
{
	struct account_row account;
	struct body_error err;
	json_t *profile;
	if (profile_normalize(r->body, r->srv->reader, r->srv->cfg, PROFILE_FULL, &profile, &err) < 0) {
		req_fail(r, err.code, err.field);
		return;
	}
	struct profile_state *st = calloc(1, sizeof *st);
	if (!st) {
		json_decref(profile);
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	st->profile = profile;
	r->state = st;
	r->state_free = profile_state_free;
	char nik[17];
	if (account_by_id(r->srv->reader, r->who.account_id, &account) <= 0 || !account.has_nik ||
	    nik_unseal(&r->srv->keys, account.nik_sealed, NIK_SEALED_BYTES, nik) < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* What the person typed against what their NIK encodes: warnings for
	 * the officer, never a refusal (NIKs are not re-issued). */
	const char *gender = json_string_value(json_object_get(profile, "gender"));
	st->warnings = nik_check(nik, json_string_value(json_object_get(profile, "birth_date")), gender[0], NULL);
	memcpy(st->nik_sealed, account.nik_sealed, NIK_SEALED_BYTES);
	nik_blind_index(&r->srv->keys, nik, st->nik_index);
	sodium_memzero(nik, sizeof nik);
	req_write(r, profile_write, profile_written);
}
