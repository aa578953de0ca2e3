/* A person's data for their export, and their anonymisation
 * (daemon/personal_data_store.c). */
#ifndef SIDAKERD_PERSONAL_DATA_STORE_H
#define SIDAKERD_PERSONAL_DATA_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "crypto.h"

struct dbconn;

/* The parts of the export kept by account (notifications, WhatsApp
 * consents, tracer surveys) and by job seeker (cards with their reports,
 * applications, enrolments, certificates, placements), each set in out
 * under its key; 0, or -1 when a part could not be read (it is then null). */
int personal_data_store_of_account(struct dbconn *db, int64_t account_id, json_t *out);
int personal_data_store_of_seeker(struct dbconn *db, int64_t seeker_id, json_t *out);
/* Anonymises the person (seeker_id 0: an account without a profile): the
 * random sealed and index take the NIK's place.  0 or -1. */
int personal_data_store_anonymise(struct dbconn *db, int64_t seeker_id, int64_t account_id,
                                  const unsigned char sealed[NIK_SEALED_BYTES], const unsigned char index[DIGEST_BYTES],
                                  int64_t now);

#endif
