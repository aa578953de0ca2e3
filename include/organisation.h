/*
 * Organisations (company, LPK, BKK): their profile, the officer's view and
 * suspension.  A suspended or unverified organisation has nothing public:
 * its vacancies leave the listing at once.
 */
#ifndef SIDAKERD_ORGANISATION_H
#define SIDAKERD_ORGANISATION_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

struct dbconn;
struct req;

void organisation_get_own(struct req *r);
void organisation_put_own(struct req *r);
void organisation_detail(struct req *r);
void organisation_suspend(struct req *r);
void organisation_unsuspend(struct req *r);

/* ---- store ---- */
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
