/*
 * Idempotency-Key on POST: a mobile client on a bad network retries with the
 * same key and gets the first reply again instead of a second effect.  The
 * reply is stored (by the writer) before it is sent; while the first request
 * is still running a retry gets 409.  A key reused with another body gets 422.
 */
#ifndef SIDAKERD_IDEMPOTENCY_H
#define SIDAKERD_IDEMPOTENCY_H

#include <stdint.h>

#include "crypto.h"

struct dbconn;
struct idempotency;

struct idempotency *idempotency_new(void);
void idempotency_free(struct idempotency *t);
/* -1 when (scope, key) is already being processed. */
int idempotency_begin(struct idempotency *t, const char *scope, const char *key);
void idempotency_end(struct idempotency *t, const char *scope, const char *key);
/* 0 when s is a usable key: 1-IDEMPOTENCY_KEY_MAX visible ASCII characters. */
int idempotency_key_valid(const char *s);

#endif
