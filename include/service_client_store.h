/* Service clients, their access tokens and the statistics feed's change log
 * (daemon/service_client_store.c). */
#ifndef SIDAKERD_SERVICE_CLIENT_STORE_H
#define SIDAKERD_SERVICE_CLIENT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "crypto.h"
#include "store.h"

struct dbconn;

struct service_client_row {
	int64_t id;
	char client_id[48], name[128];
	char scopes[256]; /* JSON array */
	unsigned char secret_digest[DIGEST_BYTES];
	int revoked;
};

int service_client_insert(struct dbconn *db, const char *client_id, const char *name, const char *organisation,
                          const char *scopes_json, const unsigned char digest[DIGEST_BYTES], int64_t by, int64_t now,
                          int64_t *id);
int service_client_by_client_id(struct dbconn *db, const char *client_id, struct service_client_row *out);
int service_client_fetch(struct dbconn *db, int64_t id, struct service_client_row *out); /* 1, 0, -1 */
/* A new secret (rotation) or none (revocation): its tokens go either way.
 * STORE_NO_MATCH when the client is revoked already. */
enum store_result service_client_rotate(struct dbconn *db, int64_t id, const unsigned char digest[DIGEST_BYTES],
                                        int64_t now);
enum store_result service_client_revoke(struct dbconn *db, int64_t id, int64_t now);
json_t *service_client_json(struct dbconn *db, int64_t id);
json_t *service_client_page(struct dbconn *db, int64_t cursor, int limit);

int service_token_insert(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t client,
                         const char *scopes_json, int64_t expires_at, int64_t now);
/* The token's client and scopes while it lasts and its client is not
 * revoked: 1, 0, -1. */
int service_token_find(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t now, int64_t *client,
                       char scopes[256]);
int service_token_expire(struct dbconn *db, int64_t now);

/* The feed: closed months with their closing time and the last time their
 * corrections were seen to change (0: never), oldest first. */
int stats_feed_months(struct dbconn *db,
                      void (*fn)(const char *month, int64_t closed_at, int64_t changed_at, void *arg), void *arg);
/* Notes digest as the month's corrections now, when it differs from the
 * last noted (or, none noted yet, from none: the digest of no
 * corrections, what a month has when it closes): 1 noted, 0, -1. */
int stats_feed_note(struct dbconn *db, const char *month, int64_t digest, int64_t none, int64_t now);

#endif
