/*
 * A training participant named by NIK, as an officer enrols walk-ins and as
 * the training-history import lists them: the person the office already
 * knows (an app user, a card from the register, an earlier training), or a
 * new person row made from the data the officer gives.  For a new person the
 * birth date and gender come from the NIK when not given; the rest of what a
 * person row holds (name, birth place, address, kecamatan, kelurahan,
 * education) must be given.  A known person's own data is never overwritten.
 */
#ifndef SIDAKERD_PARTICIPANT_H
#define SIDAKERD_PARTICIPANT_H

#include <jansson.h>
#include <stdint.h>

#include "body.h"
#include "crypto.h"

struct config;
struct dbconn;

struct participant {
	unsigned char nik_sealed[NIK_SEALED_BYTES], nik_index[DIGEST_BYTES];
	unsigned warnings;
	int64_t seeker_id; /* the known person; 0 when new */
	json_t *profile; /* the new person's normalised data; NULL when known */
};

/* The person fields a participant may carry besides "nik" (profile.c's). */
extern const struct field_spec participant_fields[];

/* Finds the person of nik (16 digits, checked by the caller) on db, or
 * checks the fields for a new one.  Returns 0, or -1 with err naming the
 * field (ERR_PERSON_DATA_NEEDED when the NIK is new and a field is missing;
 * ERR_STORE when the store failed).  Clear out with participant_clear. */
int participant_resolve(const char *nik, const json_t *fields, struct dbconn *db, const struct config *cfg,
                        const struct keys *keys, struct participant *out, struct body_error *err);
/* In the writer: the person's row, inserted when new (*created 1; another
 * request may have inserted the same NIK meanwhile, then it is that row).
 * Returns 0 and *seeker_id, or -1. */
int participant_store(struct dbconn *db, struct participant *p, int64_t now, int64_t *seeker_id, int *created);
void participant_clear(struct participant *p);

#endif
