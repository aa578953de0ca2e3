/* SIGTERM with full queues (issue 18): 600 registrations, more than the
 * grace period can hash (each an argon2id hash on the small work pool, then
 * a write), are sent at once, each whole on its own connection, and the
 * daemon is told to stop.  Every request gets an answer (201, or 503 for
 * the work that had not started two seconds before the end of the grace);
 * the daemon exits within its grace period; and every account that exists
 * afterwards was either answered 201 or is replayed by its Idempotency-Key:
 * nothing is committed without a reply or a key that gives it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/api_client.h"

#define N 600
#define GRACE_S 10 /* HTTP_SHUTDOWN_GRACE_S */

static struct daemon d;
static const char *const args[] = {"-o", "register_max_per_address=100000", "-o", "pool_queue_max=5000",
                                   "-o", "admission_deadline_ms=600000", /* all of it queued */
                                   "-o", "max_connections_per_address=0",   NULL}; /* all from 127.0.0.1 */

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, args) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return d.pid > 0 && daemon_stop(&d) != 0 ? -1 : 0;
}

static void body_of(int i, char *out, size_t cap)
{
	snprintf(out, cap,
	         "{\"email\":\"pt%03d@contoh.id\",\"password\":\"rahasia-kerja-1\",\"role\":\"company\","
	         "\"name\":\"PT Berhenti %d\"}",
	         i, i);
}

static int send_whole(int i)
{
	int fd = daemon_connect(&d);
	if (fd < 0)
		return -1;
	char body[256], request[768];
	body_of(i, body, sizeof body);
	int n = snprintf(request, sizeof request,
	                 "POST /v1/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
	                 "Idempotency-Key: stop-%03d\r\nConnection: close\r\nContent-Length: %zu\r\n\r\n%s",
	                 i, strlen(body), body);
	return write(fd, request, (size_t)n) == n ? fd : (close(fd), -1);
}

static void sigterm_with_full_queues(void **state)
{
	(void)state;
	static int fds[N], status[N];
	for (int i = 0; i < N; i++) {
		fds[i] = send_whole(i);
		assert_true(fds[i] >= 0);
	}
	usleep(300000); /* the daemon has read them: the pool queue is full */
	double stopped_at = mono_seconds();
	assert_int_equal(kill(d.pid, SIGTERM), 0);

	/* Every request, sent whole before the signal, gets an answer. */
	static char got[N][64];
	read_answers(fds, N, GRACE_S + 5, &got[0][0], sizeof got[0], NULL);
	int ok = 0, refused = 0;
	for (int i = 0; i < N; i++) {
		if (sscanf(got[i], "HTTP/1.1 %d", &status[i]) != 1)
			fail_msg("request %d got no answer (%zu bytes)", i, strlen(got[i]));
		ok += status[i] == 201;
		refused += status[i] == 503;
		assert_true(status[i] == 201 || status[i] == 503);
	}
	/* Within the grace period. */
	int wstatus;
	assert_int_equal(waitpid(d.pid, &wstatus, 0), d.pid);
	double took = mono_seconds() - stopped_at;
	d.pid = 0;
	assert_true(WIFEXITED(wstatus));
	if (took > GRACE_S + 1)
		fail_msg("exit took %.1f s", took);

	/* Afterwards: each account was answered 201, or its key replays it. */
	assert_int_equal(daemon_restart(&d, args), 0);
	assert_true(db_integrity_ok(&d));
	int replayed = 0, committed = 0;
	for (int i = 0; i < N; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM account WHERE email = 'pt%03d@contoh.id'", i);
		long long exists = db_exec(&d, sql);
		committed += (int)exists;
		if (status[i] == 201) {
			assert_int_equal(exists, 1);
			continue;
		}
		if (!exists)
			continue;
		char body[256], header[64], v[16];
		body_of(i, body, sizeof body);
		snprintf(header, sizeof header, "Idempotency-Key: stop-%03d", i);
		const char *headers[] = {header, NULL};
		struct response r;
		assert_int_equal(http_call(&d, "POST", "/v1/auth/register", NULL, body, headers, &r), 0);
		assert_int_equal(r.status, 201);
		assert_non_null(response_header(&r, "Idempotent-Replayed", v, sizeof v));
		response_free(&r);
		replayed++;
	}
	print_message("shutdown: %d answered 201, %d answered 503, %d committed, %d replayed after, exit in %.1f s\n",
	              ok, refused, committed, replayed, took);
	assert_true(ok > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sigterm_with_full_queues),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
