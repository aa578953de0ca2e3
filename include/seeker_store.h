/* seeker's rows (daemon/seeker_store.c). */
#ifndef SIDAKERD_SEEKER_STORE_H
#define SIDAKERD_SEEKER_STORE_H

#include <jansson.h>
#include <stdint.h>
#include "crypto.h"

struct dbconn;
struct keys;

/* 1 found (*id set), 0 none, -1 error. */
int seeker_id_of_account(struct dbconn *db, int64_t account_id, int64_t *id);
int seeker_id_of_nik(struct dbconn *db, const unsigned char index[DIGEST_BYTES], int64_t *id);
/* The profile as JSON (every column, arrays as arrays) or NULL; the NIK is
 * added by the caller as it may show it (masked or not). */
json_t *seeker_profile(struct dbconn *db, int64_t seeker_id);
/* The sealed NIK of a seeker into nik (17 bytes): 0 or -1. */
int seeker_nik(struct dbconn *db, const struct keys *k, int64_t seeker_id, char nik[17]);
/* Insert or update the seeker of account_id from a normalised profile.  A
 * row imported from the legacy register with the same NIK and no account
 * yet becomes this account's.  Returns 0, 1 when the NIK belongs to another
 * account, -1 on error. */
int seeker_save(struct dbconn *db, int64_t account_id, const unsigned char *nik_sealed,
                const unsigned char nik_index[DIGEST_BYTES], const json_t *profile, unsigned warnings, int64_t now,
                int64_t *id);
/* A legacy-register person: inserted when the NIK is new, else left as it
 * is.  *id is the person's row either way; *created says which. */
int seeker_import(struct dbconn *db, const unsigned char *nik_sealed, const unsigned char nik_index[DIGEST_BYTES],
                  const json_t *profile, unsigned warnings, int64_t now, int64_t *id, int *created);

#endif
