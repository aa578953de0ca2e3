/*
 * Webhooks: an admin registers a URL (https, or http on 127.0.0.1 when
 * webhook_allow_loopback is set) and gets its secret once (derived from the
 * master key, the webhook's id and its generation: never stored; a rotation
 * is a new one).  Closing a month, and a closed month's corrections seen to
 * change (stats_feed.c), queue a delivery to each live webhook: a JSON body
 * POSTed with X-Sidakerd-Signature: sha256=<hex HMAC-SHA256 of the body
 * under the secret>, X-Sidakerd-Event and X-Sidakerd-Delivery, retried with
 * back-off (webhook_retry_base_s doubling, webhook_max_attempts) by
 * webhook_delivery.c.  The admin reads each webhook's delivery log.
 */
#ifndef SIDAKERD_WEBHOOK_H
#define SIDAKERD_WEBHOOK_H

#include <stdint.h>

#include "crypto.h"

struct config;
struct dbconn;
struct req;
struct server;

#define WEBHOOK_SECRET_LEN TOKEN_TEXT_LEN

/* webhook.c: the admin's routes */
void webhook_create(struct req *r);
void webhook_list(struct req *r);
void webhook_rotate(struct req *r);
void webhook_revoke(struct req *r);
void webhook_deliveries(struct req *r);
/* The secret of a webhook's generation, as base64url text. */
void webhook_secret(const struct keys *k, int64_t id, int64_t generation, char out[WEBHOOK_SECRET_LEN + 1]);
/* In a writer job: a delivery of event ("month_closed", "month_corrected")
 * about month to every live webhook: how many, or -1. */
int webhook_announce(struct dbconn *db, const struct config *cfg, const char *event, const char *month, int64_t now);

/* webhook_delivery.c */
int webhook_delivery_start(struct server *srv);
void webhook_delivery_stop(void);

#endif
