/* Claims of a profile the office already holds (daemon/profile_claim_store.c,
 * sql/0020_profile_claims.sql). */
#ifndef SIDAKERD_PROFILE_CLAIM_STORE_H
#define SIDAKERD_PROFILE_CLAIM_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "crypto.h"
#include "store.h"

/* The record a NIK names: the seeker row and whose it is. */
struct claimed_record {
	int64_t seeker_id, account_id; /* account_id 0: nobody's yet */
	char full_name[256], birth_date[11];
};

struct profile_claim_new {
	int64_t account_id, seeker_id;
	const char *state; /* "pending" or "linked" */
	const char *name_given, *birth_date_given; /* birth date may be NULL */
	int name_agrees, birth_date_agrees;
};

struct profile_claim_row {
	int64_t id, account_id, seeker_id;
	char state[16];
};

/* 1 found, 0 none, -1. */
int profile_claim_store_record(struct dbconn *db, const unsigned char nik_index[DIGEST_BYTES],
                               struct claimed_record *out);
/* The state of the account's claim of the record into state[16]: 1, 0 when
 * it has none, -1. */
int profile_claim_store_existing(struct dbconn *db, int64_t account_id, int64_t seeker_id, char state[16]);
/* The state of the account's latest claim (any record): 1, 0 none, -1. */
int profile_claim_store_latest(struct dbconn *db, int64_t account_id, char state[16]);
enum store_result profile_claim_store_insert(struct dbconn *db, const struct profile_claim_new *c, int64_t now,
                                             int64_t *id);
/* Gives the record to the account: STORE_NO_MATCH when it is someone's
 * already. */
enum store_result profile_claim_store_link(struct dbconn *db, int64_t seeker_id, int64_t account_id);
/* 1, 0, -1. */
int profile_claim_store_get(struct dbconn *db, int64_t id, struct profile_claim_row *out);
/* pending → linked | rejected: STORE_NO_MATCH when it is not pending. */
enum store_result profile_claim_store_decide(struct dbconn *db, int64_t id, const char *state, const char *note,
                                             int64_t officer_id, int64_t now);
/* The officers' queue in a state, oldest first: fn gets column 0, the
 * claim with what was given and what the record says (JSON), and 1, the
 * record's sealed NIK.  id > 0: only that claim.  0 or -1. */
int profile_claim_store_list(struct dbconn *db, const char *state, int64_t id, int64_t cursor, int limit,
                             store_row_fn fn, void *arg);

#endif
