/* The writer: jobs commit together, a refused job leaves no trace while its
 * batch-mates stay, done() runs on the loop after the commit, and a full
 * queue says so. */
#include "cmocka_all.h"
#include <event2/event.h>
#include <event2/thread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_fixture.h"
#include "handoff.h"
#include "pool.h"
#include "writer.h"

struct job {
	int value;       /* inserted as an audit_log object_id */
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
	snprintf(sql, sizeof sql,
	         "INSERT INTO audit_log(at, action, object_type, object_id) VALUES (1, 'w', 't', %d)", j->value);
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
	struct dbconn c;
	char err[128], sql[256];
	long long v = -1;
	sqlite3_stmt *st;
	if (store_open(&c, path, STORE_READ_ONLY, "FULL", err, sizeof err) < 0)
		return -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE %s", where);
	if (sqlite3_prepare_v2(c.db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	store_close(&c);
	return v;
}

static void group_commit(void **state)
{
	(void)state;
	struct dbconn *c = calloc(1, sizeof *c);
	char path[128];
	assert_int_equal(fixture_db(c, path, sizeof path), 0);
	evthread_use_pthreads();
	struct event_base *base = event_base_new();
	struct handoff *h = handoff_new(base);
	struct writer *w = writer_new(c, 1000, h);
	enum { N = 500 };
	static struct job jobs[N];
	int remaining = N;
	for (int i = 0; i < N; i++) {
		jobs[i] = (struct job){.value = i, .refuse = i % 7 == 3, .remaining = &remaining, .base = base};
		assert_int_equal(writer_submit(w, insert, done, &jobs[i]), 0);
	}
	event_base_loop(base, EVLOOP_NO_EXIT_ON_EMPTY);
	int refused = 0;
	for (int i = 0; i < N; i++) {
		assert_true(jobs[i].done);
		assert_int_equal(jobs[i].result, jobs[i].refuse ? WRITE_REFUSED : WRITE_OK);
		refused += jobs[i].refuse;
	}
	/* Every accepted job is committed and visible to another connection;
	 * no refused job left a row. */
	assert_int_equal(count(path, "action = 'w'"), N - refused);
	assert_int_equal(count(path, "action = 'w' AND object_id % 7 = 3"), 0);
	struct writer_stats ws;
	writer_get_stats(w, &ws);
	assert_int_equal(ws.jobs, N);
	/* Batched: far fewer commits than jobs. */
	assert_true(ws.commits >= 2 && ws.commits < N);
	writer_free(w);
	handoff_free(h);
	event_base_free(base);
	fixture_remove(path);
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
	struct dbconn *c = calloc(1, sizeof *c);
	char path[128];
	assert_int_equal(fixture_db(c, path, sizeof path), 0);
	struct event_base *base = event_base_new();
	struct handoff *h = handoff_new(base);
	struct writer *w = writer_new(c, 2, h);
	int accepted = 0;
	for (int i = 0; i < 10; i++)
		accepted += writer_submit(w, slow, ignore, NULL) == 0;
	assert_true(accepted >= 2 && accepted <= 3);
	writer_free(w); /* drains what was accepted */
	handoff_free(h);
	event_base_free(base);
	fixture_remove(path);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(group_commit), cmocka_unit_test(full_queue),
		cmocka_unit_test(pool_runs_and_hands_back),
	};
	return cmocka_run_group_tests_name("writer", tests, NULL, NULL);
}
