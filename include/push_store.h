/* The queue of push notifications (daemon/push_store.c; push.c delivers). */
#ifndef SIDAKERD_PUSH_STORE_H
#define SIDAKERD_PUSH_STORE_H

#include <stdint.h>

struct dbconn;

/* A push due, with its device's token (valid during the call). */
struct push_due {
	int64_t id, device_id, notification_id;
	const char *token, *category, *title, *body;
	int attempts;
};

/* Up to max pending pushes due at now to devices still receiving, oldest
 * due first: fn for each.  How many, or -1. */
int push_message_due(struct dbconn *db, int64_t now, int max, void (*fn)(const struct push_due *p, void *arg),
                     void *arg);
/* Handed to the provider: rows changed (0: no longer pending), or -1. */
int push_message_sent(struct dbconn *db, int64_t id, const char *provider_id, int64_t now);
/* Not sent: tried again at next_attempt_at, or failed for good.  Rows
 * changed, or -1. */
int push_message_retry(struct dbconn *db, int64_t id, int attempts, int64_t next_attempt_at, const char *error,
                       int failed, int64_t now);

#endif
