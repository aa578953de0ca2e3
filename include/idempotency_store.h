/* The stored replies of Idempotency-Key requests (daemon/idempotency_store.c). */
#ifndef SIDAKERD_IDEMPOTENCY_STORE_H
#define SIDAKERD_IDEMPOTENCY_STORE_H

#include <stdint.h>

#include "crypto.h"

struct dbconn;

struct stored_reply {
	unsigned char request_digest[DIGEST_BYTES];
	int status;
	char *body; /* malloc'd */
};
/* 1 found, 0 not found, -1 store error. */
int idempotency_lookup(struct dbconn *db, const char *scope, const char *key, struct stored_reply *out);
int idempotency_save(struct dbconn *db, const char *scope, const char *key, const unsigned char digest[DIGEST_BYTES],
                     int status, const char *body, int64_t now);
int idempotency_expire(struct dbconn *db, int64_t before);

#endif
