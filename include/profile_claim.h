/*
 * Claiming a profile the office already holds.  People are in the store
 * before they have an account: from the legacy AK/I register (card imports)
 * and from LPK participant lists.  When one of them signs up with that NIK
 * (or saves a profile), profile_claim_check() links the account to the
 * record at once if the name and birth date given agree with it, so the
 * card and the profile are theirs without typing anything again; otherwise
 * it queues a claim that an officer links or rejects
 * (GET /v1/profile-claims, POST /v1/profile-claims/{id}/decision), and the
 * person is told.
 */
#ifndef SIDAKERD_PROFILE_CLAIM_H
#define SIDAKERD_PROFILE_CLAIM_H

#include <stdint.h>

#include "crypto.h"

struct dbconn;
struct req;

enum claim_outcome {
	CLAIM_NONE = 0, /* no record to claim, or it is the account's already */
	CLAIM_LINKED, /* linked now: name and birth date agree */
	CLAIM_PENDING, /* waiting for an officer (queued now or before) */
	CLAIM_REJECTED, /* an officer said it is not this person's */
	CLAIM_TAKEN, /* the record is another account's */
};

/* In a write: the NIK's record against what the account's holder gave.
 * birth_date NULL (a sign-up without one) never queues a claim: the
 * profile, which has one, decides later.  The outcome, or -1. */
int profile_claim_check(struct dbconn *db, int64_t account_id, const unsigned char nik_index[DIGEST_BYTES],
                        const char *name, const char *birth_date, int64_t now);
/* "linked", "pending" or "rejected": the state of the account's latest
 * claim into state[16]; 1, 0 when it has none, -1. */
int profile_claim_state(struct dbconn *db, int64_t account_id, char state[16]);

void profile_claim_queue(struct req *r);
void profile_claim_decide(struct req *r);

#endif
