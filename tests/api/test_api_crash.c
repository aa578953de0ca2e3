/* Crash safety: the daemon is killed with SIGKILL in the middle of a stream
 * of writes (single placement reports, and a CSV upload of 300 rows) and
 * started again on the same files.  Every write the client saw
 * acknowledged is there, nothing is half-written (each placement has its
 * audit record; the upload is all there or not at all), and SQLite's
 * integrity check is ok. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/api_client.h"

#define MAX_ACKED 100000

static struct daemon d;
static char officer[64];
static long long acked[MAX_ACKED];
static atomic_int nacked;
static atomic_int stop;

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return d.pid > 0 && daemon_stop(&d) != 0 ? -1 : 0;
}

/* Reports one placement after another until the daemon stops answering. */
static void *stream(void *arg)
{
	(void)arg;
	for (int i = 0; !atomic_load(&stop) && i < MAX_ACKED; i++) {
		char body[512];
		struct response r;
		snprintf(
			body, sizeof body,
			"{\"nik\":\"32770155%08d\",\"employer_name\":\"PT Arus %d\",\"employer_type\":\"private_company\","
			"\"position\":\"Operator\",\"location_kind\":\"kabkota\",\"location_code\":\"32.77\","
			"\"start_date\":\"2025-02-01\",\"channel\":\"other\"}",
			i, i);
		if (http_call(&d, "POST", "/v1/placements", officer, body, NULL, &r) != 0 || r.status != 201) {
			response_free(&r);
			break; /* killed: no answer */
		}
		acked[atomic_load(&nacked)] = json_integer_value(json_object_get(r.json, "id"));
		atomic_fetch_add(&nacked, 1);
		response_free(&r);
	}
	return NULL;
}

static void *upload(void *arg)
{
	int *status = arg;
	char *csv = malloc(64 * 1024);
	size_t n = (size_t)snprintf(csv, 64 * 1024,
	                            "nik,employer_name,employer_type,position,location_kind,location_code,"
	                            "start_date,channel\n");
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(
			csv + n, 64 * 1024 - n,
			"32770166%08d,PT Unggah,private_company,Operator,kabkota,32.77,2025-03-01,other\n", i);
	struct response r;
	*status = http_call_bytes(&d, "POST", "/v1/placement-imports", officer, csv, n, "text/csv", &r) == 0
		? (int)r.status
		: -1;
	response_free(&r);
	free(csv);
	return NULL;
}

static void killed_mid_stream(void **state)
{
	(void)state;
	pthread_t writer, uploader;
	int upload_status = 0;
	assert_int_equal(pthread_create(&writer, NULL, stream, NULL), 0);
	while (atomic_load(&nacked) < 40)
		usleep(2000);
	assert_int_equal(pthread_create(&uploader, NULL, upload, &upload_status), 0);
	usleep(20000);
	/* No warning, no shutdown: the power goes. */
	assert_int_equal(kill(d.pid, SIGKILL), 0);
	int status;
	assert_int_equal(waitpid(d.pid, &status, 0), d.pid);
	assert_true(WIFSIGNALED(status));
	d.pid = 0;
	atomic_store(&stop, 1);
	pthread_join(writer, NULL);
	pthread_join(uploader, NULL);
	int n = atomic_load(&nacked);
	assert_true(n >= 40);

	assert_int_equal(daemon_restart(&d, NULL), 0);
	assert_true(db_integrity_ok(&d));
	/* Every acknowledged placement is there. */
	for (int i = 0; i < n; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM placement WHERE id = %lld", acked[i]);
		assert_int_equal(db_exec(&d, sql), 1);
	}
	/* Nothing half-written: each placement with its audit record, the upload
	 * whole or not at all (and whole when it was acknowledged). */
	long long single = db_exec(&d, "SELECT count(*) FROM placement WHERE employer_name LIKE 'PT Arus %'");
	assert_true(single >= n);
	assert_int_equal(
		db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'placement.report' AND object_id > 0"),
		single);
	long long uploaded = db_exec(&d, "SELECT count(*) FROM placement WHERE employer_name = 'PT Unggah'");
	assert_true(uploaded == 0 || uploaded == 300);
	if (upload_status == 200)
		assert_int_equal(uploaded, 300);
	/* And the daemon works on. */
	struct response r;
	assert_int_equal(http_call(&d, "GET", "/v1/health", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(killed_mid_stream),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
