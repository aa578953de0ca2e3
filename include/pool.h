/*
 * The work pool: a few threads for slow CPU work (argon2id, rendering) so the
 * loop never blocks.  run() executes on a pool thread, done() on the loop.
 */
#ifndef SIDAKERD_POOL_H
#define SIDAKERD_POOL_H

#include <stddef.h>

struct handoff;
struct pool;

/* nice: the threads' priority; slow CPU work (argon2id) runs below the
 * loop (POOL_NICE), reads that must not starve run at 0. */
struct pool *pool_new(int threads, int queue_max, int nice, struct handoff *h);
/* -1 when the queue is full (the caller answers 503) or out of memory. */
int pool_submit(struct pool *p, void (*run)(void *arg), void (*done)(void *arg), void *arg);
/* Admission by expected wait: from then on a cancellable job (a request's)
 * that would start later than deadline_ms, by the queue's length and the
 * measured run time of its jobs, is refused (-2). */
void pool_set_deadline(struct pool *p, int deadline_ms);
/* The wait a job submitted now can expect before it starts, ms. */
long pool_expected_wait_ms(struct pool *p);
/* The same for a request's step: at shutdown, if it has not started, it is
 * not run and cancelled() gets it on the loop instead of done(); -2 when it
 * would start later than the deadline (pool_set_deadline). */
int pool_submit_cancellable(struct pool *p, void (*run)(void *arg), void (*done)(void *arg),
                            void (*cancelled)(void *arg), void *arg);
/* Shutdown: the queued cancellable jobs go to their cancelled() (through the
 * handoff) without running, and no more are taken. */
void pool_cancel_queued(struct pool *p);
/* Finishes the queued jobs, joins the threads; their done() go to the handoff. */
void pool_free(struct pool *p);
size_t pool_depth(struct pool *p);

#endif
