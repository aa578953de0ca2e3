/* organisation's rows (daemon/organisation_store.c). */
#ifndef SIDAKERD_ORGANISATION_STORE_H
#define SIDAKERD_ORGANISATION_STORE_H

#include <jansson.h>
#include <stdint.h>
#include "store.h"

struct dbconn;

json_t *organisation_json(struct dbconn *db, int64_t account_id);
int organisation_save(struct dbconn *db, int64_t account_id, const json_t *profile, int64_t now);
/* STORE_NO_MATCH when there is no profile. */
enum store_result organisation_set_suspension(struct dbconn *db, int64_t account_id, const char *note, int64_t now);
enum org_standing { ORG_VERIFIED = 1, ORG_PENDING, ORG_REJECTED, ORG_SUSPENDED };
/* Where an organisation account stands with the office (a suspension
 * outranks the verification); -1 on error. */
int organisation_standing(struct dbconn *db, int64_t account_id);
/* 1 when the organisation may publish (verified, not suspended), 0, -1. */
int organisation_public(struct dbconn *db, int64_t account_id);

#endif
