/* outbox's rows (daemon/outbox_store.c). */
#ifndef SIDAKERD_OUTBOX_STORE_H
#define SIDAKERD_OUTBOX_STORE_H

#include <stdint.h>

struct dbconn;

struct outbox_row {
	int64_t id;
	char recipient[256];
	char subject[256];
	char *body; /* malloc'd by outbox_due */
	int attempts;
	int64_t created_at, next_attempt_at, sent_at, failed_at;
	char last_error[256];
};

int outbox_enqueue_email(struct dbconn *db, const char *to, const char *subject, const char *body, int64_t now);
/* Up to max due messages into rows[]; returns how many, or -1. */
int outbox_due(struct dbconn *db, int64_t now, struct outbox_row *rows, int max);
int outbox_mark_sent(struct dbconn *db, int64_t id, int64_t now);
int outbox_mark_failed(struct dbconn *db, int64_t id, int attempts, int64_t next_attempt_at, int give_up,
                       const char *error, int64_t now);
/* Admin view: state is "pending", "sent" or "failed"; newest first after
 * before_id (0: start).  Bodies are not read.  Returns rows or -1. */
int outbox_list(struct dbconn *db, const char *state, int64_t before_id, int limit,
                void (*fn)(const struct outbox_row *row, void *arg), void *arg);
/* Makes a failed or pending message due now; STORE_NO_MATCH when unknown or sent. */
enum store_result outbox_retry(struct dbconn *db, int64_t id, int64_t now);
/* Seconds to wait before attempt number `attempts` + 1. */
int outbox_backoff(int attempts);
/* The same doubling from base_s (at most OUTBOX_BACKOFF_MAX_S): WhatsApp's. */
int outbox_backoff_from(int base_s, int attempts);

#endif
