/* A retry after a crash never does the work twice (issue 18).  Clients
 * write with Idempotency-Keys (complaints from the app, registrations,
 * placement reports) while the daemon is killed with SIGKILL again and
 * again at random moments; every request that got no answer is retried
 * with the same key until it is answered.  Then: every request was done
 * exactly once (acknowledged or not), every answer is the 201 of the first
 * execution (replayed when the first had committed: the key and its reply
 * commit with the effect), and integrity holds. */
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
#include <time.h>
#include <unistd.h>

#include "api/api_client.h"

#define KILLS 12
#define KINDS 3 /* complaint, registration, placement: one client each */
#define MAX_JOBS 4000

static struct daemon d;
static pthread_mutex_t d_lock = PTHREAD_MUTEX_INITIALIZER; /* d.port and d.pid change on restart */
static char officer[64], seeker[64];
static atomic_int stop;
/* The registration client may open more than the default 50 accounts an
 * hour from 127.0.0.1 when the daemon is quick between kills; the limit is
 * test_api_limits' concern, not this test's. */
static const char *const args[] = {"-o", "register_max_per_address=100000", NULL};

struct job {
	char key[48];
	long status; /* the final answer */
	long long id; /* the id it names */
	int attempts, replayed;
};
static struct job jobs[KINDS][MAX_JOBS];
static atomic_int njobs[KINDS]; /* read by the main thread while the clients run */

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, args) < 0 || !officer_ready(&d, officer) ||
			!account_ready(&d, "seeker", "pelapor@example.id", "rahasia-kerja-1", "Pelapor",
	                               "3277014101900001", seeker)
		? -1
		: 0;
}

static int teardown(void **state)
{
	(void)state;
	return d.pid > 0 && daemon_stop(&d) != 0 ? -1 : 0;
}

static void request_of(int kind, const char *key, char *body, size_t cap, const char **path, const char **token)
{
	if (kind == 0) {
		*path = "/v1/complaints";
		*token = seeker;
		snprintf(body, cap, "{\"category\":\"service\",\"subject\":\"%s\",\"body\":\"Antrean terlalu lama.\"}",
		         key);
	} else if (kind == 1) {
		*path = "/v1/auth/register";
		*token = NULL;
		snprintf(body, cap,
		         "{\"email\":\"%s@contoh.id\",\"password\":\"rahasia-kerja-1\",\"role\":\"company\","
		         "\"name\":\"PT %s\"}",
		         key, key);
	} else {
		*path = "/v1/placements";
		*token = officer;
		snprintf(body, cap,
		         "{\"nik\":\"3277017701%06u\",\"employer_name\":\"%s\",\"employer_type\":"
		         "\"private_company\",\"position\":\"Operator\",\"location_kind\":\"kabkota\","
		         "\"location_code\":\"32.77\",\"start_date\":\"2025-02-01\",\"channel\":\"other\"}",
		         (unsigned)(atoi(key + 2) % 1000000), key);
	}
}

/* One client: request after request, each retried with its key until the
 * daemon answers something other than "not now". */
static void *client(void *arg)
{
	int kind = (int)(intptr_t)arg;
	for (int n = 0; n < MAX_JOBS && !atomic_load(&stop); n++) {
		struct job *j = &jobs[kind][n];
		snprintf(j->key, sizeof j->key, "k%d%05d", kind, n);
		char body[512], header[96];
		const char *path, *token;
		request_of(kind, j->key, body, sizeof body, &path, &token);
		snprintf(header, sizeof header, "Idempotency-Key: %s", j->key);
		const char *headers[] = {header, NULL};
		for (;;) {
			struct response r = {0};
			struct daemon now;
			pthread_mutex_lock(&d_lock);
			now = d;
			pthread_mutex_unlock(&d_lock);
			j->attempts++;
			int rc = now.pid > 0 ? http_call(&now, "POST", path, token, body, headers, &r) : -1;
			if (rc == 0 && r.status != 503) {
				char v[16];
				j->status = r.status;
				j->id = json_integer_value(json_object_get(r.json, "id"));
				j->replayed = response_header(&r, "Idempotent-Replayed", v, sizeof v) != NULL;
				response_free(&r);
				break;
			}
			response_free(&r);
			usleep(20000);
		}
		njobs[kind] = n + 1;
	}
	return NULL;
}

static void killed_again_and_again(void **state)
{
	(void)state;
	pthread_t clients[KINDS];
	for (int k = 0; k < KINDS; k++)
		assert_int_equal(pthread_create(&clients[k], NULL, client, (void *)(intptr_t)k), 0);
	srand((unsigned)time(NULL));
	for (int kill_no = 0; kill_no < KILLS; kill_no++) {
		usleep(150000 + (useconds_t)(rand() % 350000));
		pthread_mutex_lock(&d_lock);
		int pid = d.pid;
		d.pid = 0;
		pthread_mutex_unlock(&d_lock);
		assert_int_equal(kill(pid, SIGKILL), 0);
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		struct daemon next = d;
		assert_int_equal(daemon_restart(&next, args), 0);
		pthread_mutex_lock(&d_lock);
		d = next;
		pthread_mutex_unlock(&d_lock);
	}
	/* Every client gets a few requests done on the last daemon too, however
	 * slow the machine (a registration hashes a password: slow under ASan). */
	double until = mono_seconds() + 30;
	usleep(300000);
	while ((njobs[0] <= 5 || njobs[1] <= 5 || njobs[2] <= 5) && mono_seconds() < until)
		usleep(100000);
	atomic_store(&stop, 1);
	for (int k = 0; k < KINDS; k++)
		pthread_join(clients[k], NULL);

	assert_true(db_integrity_ok(&d));
	static const char *const counts[KINDS] = {
		"SELECT count(*), IFNULL(min(id), 0) FROM complaint WHERE subject = '%s'",
		"SELECT count(*), IFNULL(min(id), 0) FROM account WHERE email = '%s@contoh.id'",
		"SELECT count(*), IFNULL(min(id), 0) FROM placement WHERE employer_name = '%s'",
	};
	int retried = 0, replays = 0, total = 0;
	for (int k = 0; k < KINDS; k++) {
		assert_true(njobs[k] > 5);
		for (int n = 0; n < njobs[k]; n++) {
			const struct job *j = &jobs[k][n];
			char sql[256];
			if (j->status != 201)
				fail_msg("%s: answered %ld after %d attempts", j->key, j->status, j->attempts);
			/* Done once, and the answer names what was done. */
			snprintf(sql, sizeof sql, counts[k], j->key);
			assert_int_equal(db_exec(&d, sql), 1);
			if (k != 1) {
				snprintf(sql, sizeof sql,
				         strstr(counts[k], "complaint")
				                 ? "SELECT id FROM complaint WHERE subject = '%s'"
				                 : "SELECT id FROM placement WHERE employer_name = '%s'",
				         j->key);
				assert_int_equal(db_exec(&d, sql), j->id);
			}
			retried += j->attempts > 1;
			replays += j->replayed;
			total++;
		}
	}
	/* Each kill left requests without an answer, which their retries got. */
	assert_true(retried >= KILLS / 2);
	print_message("crash retry: %d requests, %d retried after a kill, %d of them replayed\n", total, retried,
	              replays);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(killed_again_and_again),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
