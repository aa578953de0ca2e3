/* Notification rows, their dispatch, the digest's rows and the preferences
 * (daemon/notification_store.c). */
#ifndef SIDAKERD_NOTIFICATION_STORE_H
#define SIDAKERD_NOTIFICATION_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "notification.h"

struct config;
struct dbconn;

/* One person (nothing for a disabled or unconfirmed account): 0 or -1. */
int notification_send(struct dbconn *db, const struct config *cfg, int64_t account_id, const struct notification *n,
                      int64_t now);

/* Set-based senders insert notification rows themselves, then hand the
 * rows after notification_mark() to notification_dispatch() for their channels. */
int64_t notification_mark(struct dbconn *db);
int notification_dispatch(struct dbconn *db, const struct config *cfg, int64_t after_id, int64_t now);

/* The daily digest: up to max accounts whose digest is due at moment (their
 * ids; the count, or -1); one account's waiting items, oldest first (0 or
 * -1); and marking them sent with the account's digest time (0 or -1). */
int notification_store_digest_due(struct dbconn *db, int64_t moment, int64_t *ids, int max);
int notification_store_digest_items(struct dbconn *db, int64_t account_id,
                                    void (*fn)(const char *title, const char *body, void *arg), void *arg);
int notification_store_digest_done(struct dbconn *db, int64_t account_id, int64_t now);

/* The inbox: unread count (-1 on error); a page of JSON objects, newest
 * first (NULL on error). */
long long notification_store_unread(struct dbconn *db, int64_t account_id);
json_t *notification_store_inbox(struct dbconn *db, int64_t account_id, int64_t cursor, int limit, int unread_only,
                                 const char *category);
/* Marks one read: how many changed (0: read already), -2 when it is not the
 * person's, -1 on error. */
int notification_store_read_one(struct dbconn *db, int64_t id, int64_t account_id, int64_t now);
/* Marks all up to up_to (0: all) read: how many changed, or -1. */
int notification_store_read_all(struct dbconn *db, int64_t account_id, int64_t up_to, int64_t now);

/* A category's channels, in this order: in_app, email, whatsapp, push. */
#define NOTIFICATION_CHANNELS 4

/* Preferences: fn for each category the person set (the channels); the settings row (1, 0 when none: the caller's defaults stay,
 * -1); the active WhatsApp consent's phone and time (1, 0 none, -1). */
int notification_store_channels(struct dbconn *db, int64_t account_id,
                                void (*fn)(const char *category, const int channel[NOTIFICATION_CHANNELS], void *arg),
                                void *arg);
int notification_store_setting(struct dbconn *db, int64_t account_id, int *quiet_from, int *quiet_until,
                               int *daily_digest);
int notification_store_consent(struct dbconn *db, int64_t account_id, char phone[32], char given_at[32]);
/* quiet_from < 0: no quiet hours.  0 or -1. */
int notification_store_channels_put(struct dbconn *db, int64_t account_id, const char *category,
                                    const int channel[NOTIFICATION_CHANNELS]);
int notification_store_setting_put(struct dbconn *db, int64_t account_id, int quiet_from, int quiet_until,
                                   int daily_digest, int64_t now);

#endif
