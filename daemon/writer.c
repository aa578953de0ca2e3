#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkpointer.h"
#include "defaults.h"
#include "handoff.h"
#include "log.h"
#include "store_sql.h"
#include "writer.h"

struct write_job {
	write_fn fn;
	write_prepare_fn prepare;
	write_done_fn done;
	void *arg;
	int result;
	bool alone; /* a large job: a transaction of its own, no savepoint */
	bool request; /* a request's: cancelled at shutdown while it waits */
	struct write_job *next;
	struct handoff_item item;
};

struct writer {
	struct dbconn *conn;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t ready;
	pthread_cond_t prepared; /* the loop ran a batch's prepare steps */
	struct write_job *head, *tail;
	size_t depth, queue_max;
	bool stopping, started;
	bool closing; /* requests' jobs are refused (shutdown) */
	int deadline_ms; /* 0: no admission by expected wait */
	double job_ms; /* moving average of the time per job (a batch's time over its jobs) */
	struct handoff *handoff;
	uint64_t jobs, commits, failed_commits;
	bool failing;
	char last_error[128];
	struct checkpointer *checkpointer;
	int wal_frames; /* in the WAL after the last commit (writer thread only) */
};

static void job_finish(void *arg)
{
	struct write_job *job = arg;
	job->done(job->arg, job->result);
	free(job);
}

/* A batch's prepare steps, handed to the loop while the writer waits. */
struct prepare_call {
	struct writer *w;
	struct write_job *batch;
	bool done;
	struct handoff_item item;
};

static void prepare_batch(void *arg)
{
	struct prepare_call *pc = arg;
	for (struct write_job *j = pc->batch; j; j = j->next)
		if (j->prepare)
			j->prepare(j->arg, j->result, pc->w->conn);
	pthread_mutex_lock(&pc->w->lock);
	pc->done = true;
	pthread_cond_broadcast(&pc->w->prepared);
	pthread_mutex_unlock(&pc->w->lock);
}

/* On the writer thread, the transaction open: the loop runs the prepare
 * steps; at shutdown writer_free runs them instead. */
static void prepare_on_loop(struct writer *w, struct write_job *batch)
{
	bool any = false;
	for (struct write_job *j = batch; j; j = j->next)
		any |= j->prepare != NULL;
	if (!any)
		return;
	struct prepare_call pc = {w, batch, false, {prepare_batch, NULL, NULL}};
	pc.item.arg = &pc;
	handoff_post(w->handoff, &pc.item);
	pthread_mutex_lock(&w->lock);
	while (!pc.done)
		pthread_cond_wait(&w->prepared, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

static int exec(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1; }

/* Runs one job inside a savepoint so that a refused or failed job leaves no
 * trace while the other jobs of the batch stay.
 *
 * A job alone in its transaction runs without one: commit_batch() rolls the
 * whole transaction back instead.  This matters for large jobs.  Inside a
 * savepoint SQLite keeps every statement's journal (the pages a statement
 * changes, copied before the change) until the savepoint ends, so a
 * 10,000-row upload wrote 420 MB of page copies to a temporary file and took
 * half its time doing so.  Without a savepoint each statement's journal is
 * dropped when the statement ends, and stays in memory (store_global_init). */
static void run_job(sqlite3 *db, struct writer *w, struct write_job *job)
{
	if (!job->alone && exec(db, "SAVEPOINT job") < 0) {
		job->result = WRITE_STORE_ERROR;
		return;
	}
	job->result = job->fn(w->conn, job->arg);
	if (job->result == WRITE_STORE_ERROR && (sqlite3_errcode(db) & 0xff) == SQLITE_CONSTRAINT) {
		log_warn("writer_job", "constraint=\"%s\"", sqlite3_errmsg(db));
		job->result = WRITE_CONSTRAINT;
	} else if (job->result == WRITE_STORE_ERROR) {
		log_error("writer_job", "error=\"%s\"", sqlite3_errmsg(db));
	}
	if (job->alone)
		return;
	if (job->result != WRITE_OK && exec(db, "ROLLBACK TO job") < 0)
		job->result = WRITE_STORE_ERROR;
	exec(db, "RELEASE job");
}

/* After each commit (SQLite's WAL hook, in place of its automatic
 * checkpoint): a long WAL is handed to the checkpointer's thread.
 *
 * The WAL starts again from its beginning only when a write finds it all
 * copied.  Under steady writes the checkpointer keeps a few commits behind,
 * and the WAL grew to 25,000 frames (100 MB) before it started again.  So
 * once the WAL is past WRITER_WAL_FRAMES_MAX, the writer copies the rest
 * itself after a small commit: only the frames the checkpointer has not
 * copied yet, or nothing (BUSY) while it is copying.  Never after a large
 * commit: the request that made it would wait for the copy of its pages. */
static int wal_committed(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct writer *w = arg;
	int added = frames >= w->wal_frames ? frames - w->wal_frames : frames;
	w->wal_frames = frames;
	if (frames >= WRITER_WAL_FRAMES_MAX && added < WRITER_CHECKPOINT_FRAMES)
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	else if (frames >= WRITER_CHECKPOINT_FRAMES)
		checkpointer_poke(w->checkpointer);
	return SQLITE_OK;
}

static void commit_batch(struct writer *w, struct write_job *batch)
{
	sqlite3 *db = w->conn->db;
	bool ok = exec(db, "BEGIN IMMEDIATE") == 0;
	for (struct write_job *j = batch; j; j = j->next) {
		if (!ok || sqlite3_get_autocommit(db)) {
			/* No transaction (BEGIN failed, or SQLite rolled it back on a
			 * hard error such as SQLITE_FULL): nothing of this batch stays. */
			ok = false;
			j->result = WRITE_STORE_ERROR;
			continue;
		}
		run_job(db, w, j);
	}
	if (ok && !sqlite3_get_autocommit(db))
		prepare_on_loop(w, batch);
	bool committed = false;
	if (ok && batch->alone && batch->result != WRITE_OK) {
		/* Refused or failed alone: its transaction goes, its result stays. */
		if (!sqlite3_get_autocommit(db) && exec(db, "ROLLBACK") < 0)
			ok = false;
	} else if (ok && exec(db, "COMMIT") < 0) {
		log_error("writer_commit", "error=\"%s\"", sqlite3_errmsg(db));
		exec(db, "ROLLBACK");
		ok = false;
	} else if (ok) {
		committed = true;
	}
	if (!ok) {
		if (!sqlite3_get_autocommit(db))
			exec(db, "ROLLBACK");
		for (struct write_job *j = batch; j; j = j->next)
			j->result = WRITE_STORE_ERROR;
	}
	char error[sizeof w->last_error];
	if (!ok)
		snprintf(error, sizeof error, "%s", sqlite3_errmsg(db));
	pthread_mutex_lock(&w->lock);
	if (committed) {
		w->commits++;
		w->failing = false;
	} else if (!ok) {
		w->failed_commits++;
		w->failing = true;
		memcpy(w->last_error, error, sizeof error);
	}
	pthread_mutex_unlock(&w->lock);
	while (batch) {
		struct write_job *next = batch->next;
		batch->item = (struct handoff_item){job_finish, batch, NULL};
		handoff_post(w->handoff, &batch->item);
		batch = next;
	}
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->lock);
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->ready, &w->lock);
		if (!w->head) {
			pthread_mutex_unlock(&w->lock);
			return NULL;
		}
		struct write_job *batch = w->head, *last = batch;
		size_t n = 1;
		while (!batch->alone && last->next && !last->next->alone && n < WRITER_BATCH_MAX) {
			last = last->next;
			n++;
		}
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		w->depth -= n;
		w->jobs += n;
		pthread_mutex_unlock(&w->lock);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		commit_batch(w, batch);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		pthread_mutex_lock(&w->lock);
		w->job_ms = w->job_ms > 0 ? w->job_ms + (ms / (double)n - w->job_ms) / 8 : ms / (double)n;
		pthread_mutex_unlock(&w->lock);
	}
}

struct writer *writer_new(struct dbconn *conn, int queue_max, struct handoff *h)
{
	struct writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	char err[200];
	w->checkpointer = checkpointer_new(sqlite3_db_filename(conn->db, "main"), err, sizeof err);
	if (!w->checkpointer) {
		log_error("checkpointer", "error=\"%s\"", err);
		free(w);
		return NULL;
	}
	w->queue_max = (size_t)queue_max;
	w->handoff = h;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->ready, NULL);
	pthread_cond_init(&w->prepared, NULL);
	sqlite3_wal_hook(conn->db, wal_committed, w); /* replaces SQLite's automatic checkpoint */
	w->conn = conn;
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		sqlite3_wal_hook(conn->db, NULL, NULL);
		w->conn = NULL; /* stays the caller's */
		writer_free(w);
		return NULL;
	}
	w->started = true;
	return w;
}

static int submit(struct writer *w, write_fn fn, write_prepare_fn prepare, write_done_fn done, void *arg, bool alone,
                  bool request)
{
	struct write_job *job = malloc(sizeof *job);
	if (!job)
		return -1;
	*job = (struct write_job){
		.fn = fn, .prepare = prepare, .done = done, .arg = arg, .alone = alone, .request = request};
	pthread_mutex_lock(&w->lock);
	if (w->depth >= w->queue_max || w->stopping || (request && w->closing)) {
		pthread_mutex_unlock(&w->lock);
		free(job);
		return -1;
	}
	if (request && w->deadline_ms && (double)w->depth * w->job_ms > w->deadline_ms) {
		pthread_mutex_unlock(&w->lock);
		free(job);
		return -2;
	}
	if (w->tail)
		w->tail->next = job;
	else
		w->head = job;
	w->tail = job;
	w->depth++;
	pthread_cond_signal(&w->ready);
	pthread_mutex_unlock(&w->lock);
	return 0;
}

int writer_submit(struct writer *w, write_fn fn, write_done_fn done, void *arg)
{
	return submit(w, fn, NULL, done, arg, false, false);
}

int writer_submit_request(struct writer *w, write_fn fn, write_prepare_fn prepare, write_done_fn done, void *arg,
                          bool alone)
{
	return submit(w, fn, prepare, done, arg, alone, true);
}

void writer_set_deadline(struct writer *w, int deadline_ms)
{
	pthread_mutex_lock(&w->lock);
	w->deadline_ms = deadline_ms;
	pthread_mutex_unlock(&w->lock);
}

long writer_expected_wait_ms(struct writer *w)
{
	pthread_mutex_lock(&w->lock);
	long ms = (long)((double)w->depth * w->job_ms);
	pthread_mutex_unlock(&w->lock);
	return ms;
}

void writer_cancel_queued(struct writer *w)
{
	if (!w)
		return;
	struct write_job *cancelled = NULL, **tail = &cancelled;
	pthread_mutex_lock(&w->lock);
	w->closing = true;
	struct write_job **at = &w->head;
	w->tail = NULL;
	while (*at) {
		struct write_job *job = *at;
		if (job->request) {
			*at = job->next;
			job->next = NULL;
			*tail = job;
			tail = &job->next;
			w->depth--;
		} else {
			w->tail = job;
			at = &job->next;
		}
	}
	pthread_mutex_unlock(&w->lock);
	while (cancelled) {
		struct write_job *next = cancelled->next;
		cancelled->result = WRITE_CANCELLED;
		cancelled->item = (struct handoff_item){job_finish, cancelled, NULL};
		handoff_post(w->handoff, &cancelled->item);
		cancelled = next;
	}
}

void writer_free(struct writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->ready);
	pthread_mutex_unlock(&w->lock);
	/* The loop has stopped: a batch that waits for its prepare steps gets
	 * them here (the handoff runs them on this thread), until the thread
	 * has run the queue and ended. */
	if (w->started) {
		for (;;) {
			handoff_drain(w->handoff);
			if (pthread_tryjoin_np(w->thread, NULL) == 0)
				break;
			struct timespec t;
			clock_gettime(CLOCK_REALTIME, &t);
			t.tv_nsec += 5 * 1000 * 1000;
			if (t.tv_nsec >= 1000000000L) {
				t.tv_sec++;
				t.tv_nsec -= 1000000000L;
			}
			pthread_mutex_lock(&w->lock);
			pthread_cond_timedwait(&w->prepared, &w->lock, &t);
			pthread_mutex_unlock(&w->lock);
		}
	}
	checkpointer_free(w->checkpointer); /* before the last checkpoint, which must not find it busy */
	if (w->conn && w->conn->db) {
		if (store_checkpoint(w->conn) < 0)
			log_warn("writer_checkpoint", "error=\"%s\"", sqlite3_errmsg(w->conn->db));
	}
	store_close(w->conn);
	pthread_cond_destroy(&w->ready);
	pthread_cond_destroy(&w->prepared);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

void writer_get_stats(struct writer *w, struct writer_stats *out)
{
	pthread_mutex_lock(&w->lock);
	*out = (struct writer_stats){w->jobs, w->commits, w->failed_commits, w->depth, w->failing, ""};
	memcpy(out->last_error, w->last_error, sizeof out->last_error);
	pthread_mutex_unlock(&w->lock);
}
