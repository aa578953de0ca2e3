/* The writer: jobs commit together, a refused job leaves no trace while its
 * batch-mates stay, done() runs on the loop after the commit, a full queue
 * says so, a large job runs in a transaction of its own, and the WAL is
 * checkpointed into the database while the writer runs. */
#include "cmocka_all.h"
#include <event2/event.h>
#include <event2/thread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_fixture.h"
#include "handoff.h"
#include "pool.h"
#include "writer.h"

struct job {
	int value; /* inserted as an audit_log object_id */
	int refuse;
	int result;
	int done;
	int *remaining;
	struct event_base *base;
};

static int insert(struct dbconn *db, void *arg)
{
	struct job *j = arg;
	char sql[128];
	snprintf(sql, sizeof sql, "INSERT INTO audit_log(at, action, object_type, object_id) VALUES (1, 'w', 't', %d)",
	         j->value);
	if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return WRITE_STORE_ERROR;
	return j->refuse ? WRITE_REFUSED : WRITE_OK;
}

static void done(void *arg, int result)
{
	struct job *j = arg;
	j->result = result;
	j->done = 1;
	if (--*j->remaining == 0)
		event_base_loopbreak(j->base);
}

static long long count(const char *path, const char *where)
{
	struct dbconn *c;
	char err[128], sql[256];
	long long v = -1;
	sqlite3_stmt *st;
	if (!(c = store_open(path, STORE_READ_ONLY, "FULL", err, sizeof err)))
		return -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE %s", where);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	store_close(c);
	return v;
}

/* A writer on a fresh database, with the loop its results come back to. */
struct rig {
	char path[128];
	struct event_base *base;
	struct handoff *h;
	struct writer *w;
};

static void rig_start(struct rig *g, int queue_max)
{
	struct dbconn *c;
	assert_int_equal(fixture_db(&c, g->path, sizeof g->path), 0);
	evthread_use_pthreads();
	g->base = event_base_new();
	g->h = handoff_new(g->base);
	g->w = writer_new(c, queue_max, g->h);
}

static void rig_stop(struct rig *g)
{
	writer_free(g->w); /* drains what was accepted */
	handoff_free(g->h);
	event_base_free(g->base);
	fixture_remove(g->path);
}

static void group_commit(void **state)
{
	(void)state;
	struct rig g;
	rig_start(&g, 1000);
	enum { N = 500 };
	static struct job jobs[N];
	int remaining = N;
	for (int i = 0; i < N; i++) {
		jobs[i] = (struct job){.value = i, .refuse = i % 7 == 3, .remaining = &remaining, .base = g.base};
		assert_int_equal(writer_submit(g.w, insert, done, &jobs[i]), 0);
	}
	event_base_loop(g.base, EVLOOP_NO_EXIT_ON_EMPTY);
	int refused = 0;
	for (int i = 0; i < N; i++) {
		assert_true(jobs[i].done);
		assert_int_equal(jobs[i].result, jobs[i].refuse ? WRITE_REFUSED : WRITE_OK);
		refused += jobs[i].refuse;
	}
	/* Every accepted job is committed and visible to another connection;
	 * no refused job left a row. */
	assert_int_equal(count(g.path, "action = 'w'"), N - refused);
	assert_int_equal(count(g.path, "action = 'w' AND object_id % 7 = 3"), 0);
	struct writer_stats ws;
	writer_get_stats(g.w, &ws);
	assert_int_equal(ws.jobs, N);
	/* Batched: far fewer commits than jobs. */
	assert_true(ws.commits >= 2 && ws.commits < N);
	rig_stop(&g);
}

/* A job that breaks a schema constraint fails as WRITE_CONSTRAINT, not as a
 * store error: the request is answered 409, never 503 (issue 17). */
static int break_constraint(struct dbconn *db, void *arg)
{
	(void)arg;
	return sqlite3_exec(db->db, "INSERT INTO audit_log(at, action, object_type) VALUES (1, NULL, 't')", NULL, NULL,
	                    NULL) == SQLITE_OK
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void constraint_is_not_a_store_error(void **state)
{
	(void)state;
	struct rig g;
	rig_start(&g, 10);
	int remaining = 2;
	struct job bad = {.remaining = &remaining, .base = g.base};
	struct job good = {.value = 42, .remaining = &remaining, .base = g.base};
	assert_int_equal(writer_submit(g.w, break_constraint, done, &bad), 0);
	assert_int_equal(writer_submit(g.w, insert, done, &good), 0);
	event_base_loop(g.base, EVLOOP_NO_EXIT_ON_EMPTY);
	assert_int_equal(bad.result, WRITE_CONSTRAINT);
	assert_int_equal(good.result, WRITE_OK);
	assert_int_equal(count(g.path, "object_id = 42"), 1);
	rig_stop(&g);
}

static int slow(struct dbconn *db, void *arg)
{
	(void)db;
	(void)arg;
	usleep(100000);
	return WRITE_OK;
}

static void ignore(void *arg, int result)
{
	(void)arg;
	(void)result;
}

static void full_queue(void **state)
{
	(void)state;
	struct rig g;
	rig_start(&g, 2);
	int accepted = 0;
	for (int i = 0; i < 10; i++)
		accepted += writer_submit(g.w, slow, ignore, NULL) == 0;
	assert_true(accepted >= 2 && accepted <= 3);
	rig_stop(&g);
}

/* A large job: 6,000 rows of 1 KB (some 1,500 pages, more than the WAL
 * holds before a checkpoint), in one statement. */
static int insert_many(struct dbconn *db, void *arg)
{
	struct job *j = arg;
	char sql[400];
	snprintf(sql, sizeof sql,
	         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
	         "INSERT INTO audit_log(at, action, object_type, object_id, detail) "
	         "SELECT 1, 'big', 't', %d, printf('%%.1000c', 'x') FROM n",
	         j->value);
	if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return WRITE_STORE_ERROR;
	return j->refuse ? WRITE_REFUSED : WRITE_OK;
}

static long long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static void alone_jobs(void **state)
{
	(void)state;
	struct rig g;
	rig_start(&g, 100);
	struct event_base *base = g.base;
	struct writer *w = g.w;
	long long size_before = file_size(g.path);
	int remaining = 5;
	struct job jobs[5] = {
		{.value = 1, .remaining = &remaining, .base = base}, /* batched */
		{.value = 2, .refuse = 1, .remaining = &remaining, .base = base}, /* alone, refused */
		{.value = 3, .remaining = &remaining, .base = base}, /* alone */
		{.value = 4, .remaining = &remaining, .base = base}, /* batched */
		{.value = 5, .refuse = 1, .remaining = &remaining, .base = base}, /* batched, refused */
	};
	assert_int_equal(writer_submit(w, insert, done, &jobs[0]), 0);
	assert_int_equal(writer_submit_request(w, insert_many, NULL, done, &jobs[1], true), 0);
	assert_int_equal(writer_submit_request(w, insert_many, NULL, done, &jobs[2], true), 0);
	assert_int_equal(writer_submit(w, insert, done, &jobs[3]), 0);
	assert_int_equal(writer_submit(w, insert, done, &jobs[4]), 0);
	event_base_loop(base, EVLOOP_NO_EXIT_ON_EMPTY);
	assert_int_equal(jobs[0].result, WRITE_OK);
	assert_int_equal(jobs[1].result, WRITE_REFUSED);
	assert_int_equal(jobs[2].result, WRITE_OK);
	assert_int_equal(jobs[3].result, WRITE_OK);
	assert_int_equal(jobs[4].result, WRITE_REFUSED);
	/* The refused large job left none of its rows, its neighbours all of
	 * theirs. */
	assert_int_equal(count(g.path, "action = 'big' AND object_id = 2"), 0);
	assert_int_equal(count(g.path, "action = 'big' AND object_id = 3"), 6000);
	assert_int_equal(count(g.path, "action = 'w' AND object_id IN (1, 4)"), 2);
	assert_int_equal(count(g.path, "action = 'w' AND object_id = 5"), 0);
	struct writer_stats ws;
	writer_get_stats(w, &ws);
	/* First job; the large one that stayed; the last two: three commits,
	 * the refused large job's transaction rolled back. */
	assert_int_equal(ws.commits, 3);
	/* The large job's pages reach the database file (6,000 KB of rows): the
	 * checkpointer copies them while the writer is running, not only when it
	 * stops. */
	long long grown = 0;
	for (int i = 0; i < 3000 && grown < 6000LL * 1000; i++) { /* up to 30 s on a busy machine */
		usleep(10000);
		grown = file_size(g.path) - size_before;
	}
	assert_true(grown >= 6000LL * 1000);
	rig_stop(&g);
}

static void square(void *arg) { *(int *)arg *= *(int *)arg; }

static int pool_remaining;
static struct event_base *pool_base;
static void squared(void *arg)
{
	(void)arg;
	if (--pool_remaining == 0)
		event_base_loopbreak(pool_base);
}

static void pool_runs_and_hands_back(void **state)
{
	(void)state;
	pool_base = event_base_new();
	struct handoff *h = handoff_new(pool_base);
	struct pool *p = pool_new(2, 100, 10, h);
	static int values[50];
	pool_remaining = 50;
	for (int i = 0; i < 50; i++) {
		values[i] = i;
		assert_int_equal(pool_submit(p, square, squared, &values[i]), 0);
	}
	event_base_loop(pool_base, EVLOOP_NO_EXIT_ON_EMPTY);
	for (int i = 0; i < 50; i++)
		assert_int_equal(values[i], i * i);
	pool_free(p);
	handoff_free(h);
	event_base_free(pool_base);
}

/* A prepared job (issue 18): its prepare step runs on the loop before the
 * commit, sees the job's own uncommitted row through the writer's
 * connection, and what it writes there commits with the job: a reader
 * never sees one without the other.  done() comes after the commit. */
struct prepared {
	struct job job;
	int saw_own_row, prepared_before_done;
	long long outside_at_prepare;
	const char *path;
};

static void prepare_reply(void *arg, int result, struct dbconn *db)
{
	struct prepared *p = arg;
	char sql[160];
	sqlite3_stmt *st;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE action = 'w' AND object_id = %d", p->job.value);
	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		p->saw_own_row = sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	/* Another connection does not see it yet: the batch has not committed. */
	snprintf(sql, sizeof sql, "action = 'w' AND object_id = %d", p->job.value);
	p->outside_at_prepare = count(p->path, sql);
	snprintf(sql, sizeof sql,
	         "INSERT INTO audit_log(at, action, object_type, object_id) VALUES (1, 'reply', 't', %d)",
	         p->job.value);
	if (result == WRITE_OK)
		sqlite3_exec(db->db, sql, NULL, NULL, NULL);
	p->prepared_before_done = !p->job.done;
}

static void prepared_jobs(void **state)
{
	(void)state;
	struct rig g;
	rig_start(&g, 100);
	enum { N = 20 };
	static struct prepared jobs[N];
	int remaining = N;
	for (int i = 0; i < N; i++) {
		jobs[i] = (struct prepared){
			.job = {.value = 1000 + i, .refuse = i % 5 == 2, .remaining = &remaining, .base = g.base},
			.path = g.path};
		assert_int_equal(writer_submit_request(g.w, insert, prepare_reply, done, &jobs[i], false), 0);
	}
	event_base_loop(g.base, EVLOOP_NO_EXIT_ON_EMPTY);
	for (int i = 0; i < N; i++) {
		assert_true(jobs[i].prepared_before_done);
		assert_int_equal(jobs[i].job.result, jobs[i].job.refuse ? WRITE_REFUSED : WRITE_OK);
		assert_int_equal(jobs[i].saw_own_row, !jobs[i].job.refuse);
		assert_int_equal(jobs[i].outside_at_prepare, 0);
	}
	assert_int_equal(count(g.path, "action = 'w' AND object_id >= 1000"), N - N / 5);
	assert_int_equal(count(g.path, "action = 'reply'"), N - N / 5);
	/* With the loop stopped, writer_free prepares what is still queued
	 * itself instead of waiting for the loop forever. */
	static struct prepared late;
	int one = 1;
	late = (struct prepared){.job = {.value = 5000, .remaining = &one, .base = g.base}, .path = g.path};
	assert_int_equal(writer_submit_request(g.w, insert, prepare_reply, done, &late, false), 0);
	writer_free(g.w);
	handoff_free(g.h);
	assert_true(late.job.done);
	assert_int_equal(late.job.result, WRITE_OK);
	assert_int_equal(count(g.path, "action = 'reply' AND object_id = 5000"), 1);
	event_base_free(g.base);
	fixture_remove(g.path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(group_commit),
		cmocka_unit_test(full_queue),
		cmocka_unit_test(alone_jobs),
		cmocka_unit_test(pool_runs_and_hands_back),
		cmocka_unit_test(constraint_is_not_a_store_error),
		cmocka_unit_test(prepared_jobs),
	};
	return cmocka_run_group_tests_name("writer", tests, NULL, NULL);
}
