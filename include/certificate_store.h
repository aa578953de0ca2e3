/* certificate's rows (daemon/certificate_store.c). */
#ifndef SIDAKERD_CERTIFICATE_STORE_H
#define SIDAKERD_CERTIFICATE_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "certificate.h"
#include "dates.h"
#include "store.h"

struct dbconn;

struct certificate {
	char number[CERTIFICATE_NUMBER_MAX + 1], kind[8], scheme[128], lsp[128];
	char issued_on[DATE_LEN + 1], expires_on[DATE_LEN + 1]; /* "" when none */
	int64_t seeker_id, enrolment_id, recorded_by;
};

/* What the public check may know. */
struct certificate_check {
	char number[CERTIFICATE_NUMBER_MAX + 1], holder[256], scheme[128], expires_on[DATE_LEN + 1];
};

/* STORE_OK and the id; STORE_CONFLICT when the number is taken. */
enum store_result certificate_insert(struct dbconn *db, const struct certificate *c, int64_t now, int64_t *id);
json_t *certificate_json(struct dbconn *db, int64_t id);
json_t *certificate_own_json(struct dbconn *db, int64_t seeker_id, int64_t cursor, int limit);
/* 1 found, 0 none, -1. */
int certificate_lookup(struct dbconn *db, const char *number, struct certificate_check *out);

#endif
