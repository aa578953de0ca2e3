/* A full disk: the daemon's file size limit (RLIMIT_FSIZE, set on the
 * running daemon as an operator would meet ENOSPC) is reached in the middle
 * of a stream of writes.  Writes are refused with 503 store_unavailable,
 * reads go on, nothing acknowledged is lost and nothing half-written
 * appears; /v1/health answers 503 while writes fail and 200 once they
 * work again; when the space returns the same daemon takes writes again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_client.h"

static struct daemon d;
static char ani[64];

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, NULL) < 0 ||
			!account_ready(&d, "seeker", "ani@example.id", "rahasia-ani-1", "Ani", "3277014101000001", ani)
		? -1
		: 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static off_t size_of(const char *name)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s", d.dir, name);
	return stat(path, &st) == 0 ? st.st_size : 0;
}

static void set_file_limit(rlim_t bytes)
{
	struct rlimit lim = {bytes, bytes};
	struct rlimit old;
	assert_int_equal(prlimit(d.pid, RLIMIT_FSIZE, NULL, &old), 0);
	lim.rlim_max = old.rlim_max; /* lowering and raising the soft limit needs no privilege */
	if (bytes > old.rlim_max)
		lim.rlim_cur = old.rlim_max;
	assert_int_equal(prlimit(d.pid, RLIMIT_FSIZE, &lim, NULL), 0);
}

static long complain(int i, struct response *r)
{
	char body[4200];
	int n = snprintf(body, sizeof body, "{\"category\":\"service\",\"subject\":\"Keluhan %d\",\"body\":\"", i);
	memset(body + n, 'x', 3900);
	snprintf(body + n + 3900, sizeof body - (size_t)n - 3900, "\"}");
	assert_int_equal(http_call(&d, "POST", "/v1/complaints", ani, body, NULL, r), 0);
	return r->status;
}

static void full_disk_refuses_loses_nothing_recovers(void **state)
{
	(void)state;
	struct response r;
	/* Start from an empty WAL so that the next writes must grow a file. */
	db_exec(&d, "PRAGMA wal_checkpoint(TRUNCATE)");
	off_t db = size_of("sidakerd.db");
	assert_true(db > 0);
	set_file_limit((rlim_t)db + 96 * 1024);

	int acknowledged = 0, refused = 0, i = 0;
	for (; i < 400 && refused < 5; i++) {
		long status = complain(i, &r);
		if (status == 201) {
			assert_int_equal(refused, 0); /* once full, nothing slips through */
			acknowledged++;
		} else {
			assert_int_equal(status, 503);
			assert_string_equal(error_code_of(&r), "store_unavailable");
			refused++;
		}
		response_free(&r);
	}
	assert_true(acknowledged > 0);
	assert_int_equal(refused, 5);

	/* Exactly what was acknowledged is there, and reads go on. */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM complaint"), acknowledged);
	assert_int_equal(http_call(&d, "GET", "/v1/me/complaints?limit=1", ani, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	char subject[32];
	snprintf(subject, sizeof subject, "Keluhan %d", acknowledged - 1);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "subject")),
		subject);
	response_free(&r);

	/* Health tells: reads work, writes fail (a load balancer must see it).
	 * A small write may still fit where the checkpointer freed the WAL, so
	 * each look follows a write that fails. */
	sleep(1); /* the health probe is computed at most once a second */
	assert_int_equal(complain(i++, &r), 503);
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/metrics", NULL, NULL, NULL, &r), 0);
	assert_non_null(strstr(r.body, "sidakerd_writer_failing 1\n"));
	response_free(&r);
	assert_int_equal(complain(i++, &r), 503);
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/health", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 503);
	assert_string_equal(json_string_value(json_object_get(r.json, "store")), "ok");
	assert_string_equal(json_string_value(json_object_get(r.json, "writes")), "failing");
	assert_non_null(json_string_value(json_object_get(r.json, "write_error")));
	response_free(&r);

	/* Space returns: health sees it by its own probe write, before any
	 * client writes again, and the same daemon takes writes again. */
	set_file_limit(RLIM_INFINITY);
	long health = 0;
	for (int tries = 0; tries < 50 && health != 200; tries++) {
		usleep(200000);
		assert_int_equal(http_call(&d, "GET", "/v1/health", NULL, NULL, NULL, &r), 0);
		health = r.status;
		response_free(&r);
	}
	assert_int_equal(health, 200);
	assert_int_equal(http_call(&d, "GET", "/metrics", NULL, NULL, NULL, &r), 0);
	assert_non_null(strstr(r.body, "sidakerd_writer_failing 0\n"));
	response_free(&r);
	int after = 0;
	for (int k = 0; k < 3; k++, i++) {
		if (complain(i, &r) == 201)
			after++;
		response_free(&r);
	}
	assert_int_equal(after, 3);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM complaint"), acknowledged + 3);
	/* Nothing half-written: every complaint has its audit record. */
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM complaint c WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
	                         "WHERE a.object_type = 'complaint' AND a.object_id = c.id)"),
	                 0);
	assert_int_equal(daemon_restart(&d, NULL), 0);
	assert_true(db_integrity_ok(&d));
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM complaint"), acknowledged + 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_disk_refuses_loses_nothing_recovers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
