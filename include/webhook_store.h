/* Webhooks and their deliveries (daemon/webhook_store.c). */
#ifndef SIDAKERD_WEBHOOK_STORE_H
#define SIDAKERD_WEBHOOK_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

struct dbconn;

int webhook_insert(struct dbconn *db, const char *url, const char *description, int64_t by, int64_t now, int64_t *id);
/* The webhook's generation and whether it is revoked: 1, 0 none, -1. */
int webhook_fetch(struct dbconn *db, int64_t id, int64_t *generation, int *revoked);
enum store_result webhook_store_rotate(struct dbconn *db, int64_t id, int64_t now);
enum store_result webhook_store_revoke(struct dbconn *db, int64_t id, int64_t now);
json_t *webhook_json(struct dbconn *db, int64_t id);
json_t *webhook_page(struct dbconn *db, int64_t cursor, int limit);
json_t *webhook_delivery_page(struct dbconn *db, int64_t webhook_id, int64_t cursor, int limit);
/* A delivery to every live webhook: how many, or -1. */
int webhook_delivery_queue(struct dbconn *db, const char *event, const char *month, const char *body, int64_t now);

struct webhook_due {
	int64_t id, webhook_id, generation;
	int attempts;
	const char *url, *event, *body;
};
/* Deliveries due at now, up to max, for live webhooks: fn for each; the
 * count, or -1. */
int webhook_delivery_due(struct dbconn *db, int64_t now, int max, void (*fn)(const struct webhook_due *d, void *arg),
                         void *arg);
int webhook_delivery_done(struct dbconn *db, int64_t id, long status, int64_t now);
/* Another try later (failed: no more), with the status and error seen. */
int webhook_delivery_retry(struct dbconn *db, int64_t id, int attempts, int64_t next_at, long status, const char *error,
                           int failed, int64_t now);

#endif
