/* The WhatsApp message queue (daemon/whatsapp_store.c). */
#ifndef SIDAKERD_WHATSAPP_STORE_H
#define SIDAKERD_WHATSAPP_STORE_H

#include <stdint.h>

struct dbconn;

/* Up to max pending messages due at now, oldest due first: fn for each.
 * How many, or -1. */
int wa_message_due(struct dbconn *db, int64_t now, int max,
                   void (*fn)(int64_t id, const char *phone, const char *body, int attempts, void *arg), void *arg);
/* A pending message handed to the provider: rows changed (0: no longer
 * pending), or -1. */
int wa_message_sent(struct dbconn *db, int64_t id, const char *provider_id, int64_t now);
/* A pending message not sent: tried again at next_attempt_at, or failed for
 * good.  Rows changed, or -1. */
int wa_message_retry(struct dbconn *db, int64_t id, int attempts, int64_t next_attempt_at, const char *error,
                     int failed, int64_t now);
/* The provider's delivery report (delivered, read, failed): only forward.
 * Rows changed, or -1. */
int wa_message_status(struct dbconn *db, const char *provider_id, const char *state, int64_t now);

#endif
