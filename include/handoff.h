/*
 * Completions handed from the writer and pool threads back to the loop
 * thread, where replies are sent (evhttp is not thread-safe).  Posting is
 * thread-safe; the callbacks run on the loop, in order.
 */
#ifndef SIDAKERD_HANDOFF_H
#define SIDAKERD_HANDOFF_H

#include <stddef.h>

struct event_base;
struct handoff;

/* Intrusive: the poster's own struct holds the item, so posting never
 * allocates and cannot fail. */
struct handoff_item {
	void (*fn)(void *arg);
	void *arg;
	struct handoff_item *next;
};

struct handoff *handoff_new(struct event_base *base);
void handoff_post(struct handoff *h, struct handoff_item *item);
/* Runs whatever is queued now, on the calling thread (used at shutdown,
 * after the loop has stopped). */
void handoff_drain(struct handoff *h);
/* Runs whatever is still queued (on the calling thread), then frees. */
void handoff_free(struct handoff *h);
size_t handoff_depth(struct handoff *h);

#endif
