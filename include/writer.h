/*
 * The writer thread owns the one read-write connection.  Jobs wait in a
 * bounded queue; the thread takes up to WRITER_BATCH_MAX of them, runs each
 * inside its own SAVEPOINT of one BEGIN IMMEDIATE transaction and commits once
 * (group commit): one fsync for many acknowledged writes.  A job's done()
 * runs on the loop thread after the COMMIT, never before.  A thread of its
 * own copies the WAL into the database meanwhile (checkpointer.h).
 */
#ifndef SIDAKERD_WRITER_H
#define SIDAKERD_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dbconn;
struct handoff;
struct writer;

enum write_result {
	WRITE_OK = 0,
	WRITE_REFUSED = -1, /* the job said no (its arg tells why); its changes are undone */
	WRITE_STORE_ERROR = -2, /* SQLite failed (disk full, I/O): nothing of the job is kept */
	/* Set by the writer, never returned by a job: the job failed on a
	 * constraint of the schema (a UNIQUE, CHECK or foreign key that its own
	 * checks missed).  The data said no, the store is fine: the request is
	 * answered 409, not 503 (req_fail). */
	WRITE_CONSTRAINT = -3,
	/* Set by the writer at shutdown for a request's job that had not
	 * started (writer_cancel_queued): it never ran; answer 503. */
	WRITE_CANCELLED = -4,
};

/* Runs on the writer thread; returns WRITE_OK, WRITE_REFUSED or WRITE_STORE_ERROR. */
typedef int (*write_fn)(struct dbconn *db, void *arg);
/* Runs on the loop thread with the job's final result. */
typedef void (*write_done_fn)(void *arg, int result);
/* Runs on the loop thread after the job, before its batch commits, while the
 * writer thread waits: db is the writer's connection with the batch's
 * transaction open.  What it writes there commits with the job or not at
 * all (a request's reply for its Idempotency-Key, see http.c). */
typedef void (*write_prepare_fn)(void *arg, int result, struct dbconn *db);

struct writer_stats {
	uint64_t jobs, commits, failed_commits;
	size_t depth;
	bool failing; /* the last transaction failed, none has committed since */
	char last_error[128]; /* SQLite's message for it */
};

/* Takes ownership of conn (heap-allocated; closed and freed by writer_free)
 * unless it returns NULL. */
struct writer *writer_new(struct dbconn *conn, int queue_max, struct handoff *h);
/* -1 when the queue is full or the writer is stopping: answer 503. */
int writer_submit(struct writer *w, write_fn fn, write_done_fn done, void *arg);
/* A request's write: like the above, with two more things.
 *  - prepare (may be NULL): run on the loop before the commit (above); done
 *    then gets the commit's result.
 *  - alone: a large job (an upload of thousands of rows) runs in a
 *    transaction of its own without a savepoint, which SQLite makes far
 *    cheaper for many statements (see run_job in writer.c).
 * Cancelled by writer_cancel_queued() while it waits; -2 when it would start
 * later than the deadline (writer_set_deadline). */
int writer_submit_request(struct writer *w, write_fn fn, write_prepare_fn prepare, write_done_fn done, void *arg,
                          bool alone);
/* Admission by expected wait, as pool_set_deadline(); the expected wait
 * comes from the queue's length and the measured time per job. */
void writer_set_deadline(struct writer *w, int deadline_ms);
long writer_expected_wait_ms(struct writer *w);
/* Shutdown: the requests' jobs still waiting end as WRITE_CANCELLED (their
 * done() through the handoff) without running, and no more are taken. */
void writer_cancel_queued(struct writer *w);
/* Commits what is queued, checkpoints the WAL, closes the connection.  A
 * batch waiting for its prepare step is prepared on the calling thread
 * (the loop has stopped by then). */
void writer_free(struct writer *w);
void writer_get_stats(struct writer *w, struct writer_stats *out);

#endif
