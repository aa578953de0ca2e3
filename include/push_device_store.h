/* The devices that receive push notifications (daemon/push_device_store.c,
 * sql/0021_push.sql). */
#ifndef SIDAKERD_PUSH_DEVICE_STORE_H
#define SIDAKERD_PUSH_DEVICE_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

/* The most devices an account keeps: a twelfth drops the least recently seen. */
#define PUSH_DEVICES_MAX 10

/* The token for the account, from now on: a token known already (the app
 * registering again, or the phone now signed in to another account) is the
 * same row, and pushes still waiting for its previous account are skipped.
 * *created: 1 when the account had not had it.  0 or -1. */
int push_device_store_register(struct dbconn *db, int64_t account_id, const char *token, const char *platform,
                               int64_t now, int64_t *id, int *created);
/* The account's devices that receive pushes, most recently seen first:
 * {id, platform, token_end, created_at, last_seen_at}; NULL on error. */
json_t *push_device_store_list(struct dbconn *db, int64_t account_id);
/* One of them (id of the account's), or NULL when none. */
json_t *push_device_store_json(struct dbconn *db, int64_t id);
/* Stops pushes to it (reason: removed, invalid, replaced); its waiting
 * pushes are skipped.  account_id 0: whoever's.  STORE_NO_MATCH when there
 * is no such device receiving pushes. */
enum store_result push_device_store_drop(struct dbconn *db, int64_t id, int64_t account_id, const char *reason,
                                         int64_t now);

#endif
