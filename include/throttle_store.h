/*
 * Failed-login throttling per subject (the login name, the client address):
 * after max failures inside a window the subject is refused until the window
 * ends.  Subjects are stored as keyed digests, never in clear.
 */
#ifndef SIDAKERD_THROTTLE_STORE_H
#define SIDAKERD_THROTTLE_STORE_H

#include <stdint.h>

#include "crypto.h"

struct dbconn;

/* Seconds until the subject may try again (0: free now), or -1 on error. */
int throttle_wait(struct dbconn *db, const unsigned char subject[DIGEST_BYTES], int max_failures, int window_s,
                  int64_t now);
int throttle_fail(struct dbconn *db, const unsigned char subject[DIGEST_BYTES], int window_s, int64_t now);
int throttle_clear(struct dbconn *db, const unsigned char subject[DIGEST_BYTES]);
int throttle_expire(struct dbconn *db, int64_t before);

#endif
