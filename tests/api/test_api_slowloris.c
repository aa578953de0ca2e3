/* Hostile connections on loopback (issue 18), against a daemon with a 3 s
 * deadline for a request's head and a cap of 64 connections:
 *  - slowloris: 200 connections (more than the descriptors allowed) that send their head a byte every half
 *    second (each byte used to reset the timeout, for ever), reopened as
 *    soon as they are closed, while a client polls /v1/health: every poll is
 *    answered 200 at once, because at the cap the longest-waiting connection
 *    is closed to make room, and each slow head ends at its deadline;
 *  - a Content-Length far above the limit is answered 413 from the head,
 *    without the daemon reading the body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/api_client.h"

#define SLOW 200

static struct daemon d;
static atomic_int stop;

static int setup(void **state)
{
	(void)state;
	static const char *const args[] = {
		"-o", "request_head_timeout_s=3", "-o", "max_connections=64", "-o", "timeout_s=30",
		"-o", "max_body_bytes=65536",     NULL};
	return daemon_start(&d, args);
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* The attacker: SLOW connections, a head byte every half second each,
 * each reopened when the daemon closes it. */
struct attack {
	int connections;
	atomic_int reopened;
};

static void *slowloris(void *arg)
{
	struct attack *a = arg;
	atomic_int *reopened = &a->reopened;
	static const char head[] =
		"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	int fds[SLOW];
	size_t sent[SLOW];
	for (int i = 0; i < a->connections; i++) {
		fds[i] = daemon_connect(&d);
		sent[i] = 0;
	}
	while (!atomic_load(&stop)) {
		for (int i = 0; i < a->connections; i++) {
			if (fds[i] < 0 || sent[i] >= sizeof head - 1 ||
			    send(fds[i], head + sent[i], 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1) {
				if (fds[i] >= 0)
					close(fds[i]);
				fds[i] = daemon_connect(&d);
				sent[i] = 0;
				atomic_fetch_add(reopened, 1);
				continue;
			}
			sent[i]++;
			/* A closed connection shows as readable (its end). */
			struct pollfd p = {fds[i], POLLIN, 0};
			char c;
			if (poll(&p, 1, 0) > 0 && recv(fds[i], &c, 1, MSG_DONTWAIT) <= 0) {
				close(fds[i]);
				fds[i] = -1;
			}
		}
		usleep(500000);
	}
	for (int i = 0; i < a->connections; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return NULL;
}

/* Health polled for `seconds` during an attack of n connections: every poll
 * answered 200 within a second.  Returns the reopened connections. */
static int health_during_attack(int n, double seconds)
{
	struct attack a = {.connections = n};
	pthread_t attacker;
	atomic_store(&stop, 0);
	assert_int_equal(pthread_create(&attacker, NULL, slowloris, &a), 0);
	usleep(500000);
	double start = mono_seconds(), worst = 0;
	int polls = 0;
	while (mono_seconds() - start < seconds) {
		double t0 = mono_seconds();
		struct response r = {0};
		int rc = http_call(&d, "GET", "/v1/health", NULL, NULL, NULL, &r);
		double took = mono_seconds() - t0;
		if (rc != 0 || r.status != 200)
			fail_msg("health failed during slowloris after %.1f s: rc %d status %ld",
			         mono_seconds() - start, rc, r.status);
		response_free(&r);
		worst = took > worst ? took : worst;
		polls++;
		usleep(50000);
	}
	atomic_store(&stop, 1);
	pthread_join(attacker, NULL);
	print_message("slowloris of %d: %d health polls, slowest %.0f ms, %d slow connections reopened\n", n, polls,
	              worst * 1000, atomic_load(&a.reopened));
	assert_true(worst < 1.0);
	return atomic_load(&a.reopened);
}

static void slowloris_at_the_cap(void **state)
{
	(void)state;
	/* Below the cap: every slow head ends at its 3 s deadline, though its
	 * bytes keep coming. */
	long long timeouts = metric_value(&d, "sidakerd_connections_closed_total{reason=\"head_timeout\"}");
	assert_true(health_during_attack(30, 5) >= 30);
	assert_true(metric_value(&d, "sidakerd_connections_closed_total{reason=\"head_timeout\"}") >= timeouts + 30);
	/* Past the cap: the longest-waiting make room for whoever comes. */
	long long evicted = metric_value(&d, "sidakerd_connections_closed_total{reason=\"evicted\"}");
	assert_true(health_during_attack(SLOW, 6) > SLOW);
	assert_true(metric_value(&d, "sidakerd_connections_closed_total{reason=\"evicted\"}") > evicted);
}

static void oversized_body_refused_from_the_head(void **state)
{
	(void)state;
	int fd = daemon_connect(&d);
	assert_true(fd >= 0);
	/* 50 MB promised to a JSON route whose limit is 64 KiB: only the head
	 * and a first kilobyte are sent. */
	const char head[] = "POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
			    "Accept-Language: en\r\nContent-Length: 52428800\r\n\r\n";
	char first[1024];
	memset(first, ' ', sizeof first);
	double t0 = mono_seconds();
	assert_true(send(fd, head, sizeof head - 1, MSG_NOSIGNAL) == (ssize_t)(sizeof head - 1));
	send(fd, first, sizeof first, MSG_NOSIGNAL);
	char reply[2048] = "";
	size_t got = 0;
	while (got < sizeof reply - 1 && mono_seconds() - t0 < 5) {
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, 100) <= 0)
			continue;
		ssize_t n = recv(fd, reply + got, sizeof reply - 1 - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	reply[got] = '\0';
	close(fd);
	assert_non_null(strstr(reply, "HTTP/1.1 413"));
	assert_non_null(strstr(reply, "\"code\":\"body_too_large\""));
	assert_non_null(strstr(reply, "too large"));
	assert_true(mono_seconds() - t0 < 2);
	assert_true(metric_value(&d, "sidakerd_connections_closed_total{reason=\"early_413\"}") >= 1);
	/* A body within the limit is read and handled as ever. */
	struct response r;
	assert_int_equal(http_call(&d, "POST", "/v1/auth/login", NULL,
	                           "{\"login\":\"x@y.id\",\"password\":\"salah-sekali-1\"}", NULL, &r),
	                 0);
	assert_int_equal(r.status, 401);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(slowloris_at_the_cap),
		cmocka_unit_test(oversized_body_refused_from_the_head),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
