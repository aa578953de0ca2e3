/*
 * Small records written after the reply: kept on the loop and committed
 * together in one writer job every flush_ms, or sooner when batch_max are
 * waiting.  For what a request notes in passing and need not wait for (a
 * staff read of personal data in the audit log, a job seeker looking at a
 * vacancy).  A record that cannot be written is logged as lost, never
 * retried: the request it came from was answered long ago.
 */
#ifndef SIDAKERD_DEFERRED_H
#define SIDAKERD_DEFERRED_H

#include <stdint.h>

struct dbconn;
struct server;

struct deferred_record {
	int64_t actor_id, object_id, at;
	const char *action, *object_type; /* string constants, or NULL */
};

/* Runs on the writer thread, one record at a time, in the batch's
 * transaction: 0, or -1 to lose the batch (the store failed). */
typedef int (*deferred_write_fn)(struct dbconn *db, const struct deferred_record *rec);

struct deferred;
/* name is a string constant, used in the log. */
struct deferred *deferred_start(struct server *srv, const char *name, deferred_write_fn write, int flush_ms,
                                int batch_max);
void deferred_add(struct deferred *d, struct deferred_record rec);
/* Submits what is pending (at shutdown, before the writer stops) and frees d. */
void deferred_stop(struct deferred *d);

#endif
