/* Webhooks on closing a month and on its corrections (issue 26) against a
 * receiver of the test's own on 127.0.0.1: registration (the secret shown
 * once; a URL that is neither https nor this machine refused), the call on
 * closing signed with HMAC-SHA256 and checked here by Python's hmac, not
 * the daemon's code; a receiver that fails once is called again after the
 * back-off, and the delivery log says so; a correction seen by a puller
 * calls again; a rotated secret signs the next call and the old one no
 * longer matches; a revoked webhook is called no more. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "api/api_client.h"
#include "api/stub_http.h"

/* ---- the receiver: every call kept (event, signature, body) ---- */

#define CALLS_MAX 32

static struct {
	int port, listen_fd, fail_next, stop, n;
	struct {
		char event[32], signature[96], body[1024];
		int status;
	} calls[CALLS_MAX];
	pthread_t thread;
	pthread_mutex_t lock;
} rx = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void *receive(void *arg)
{
	(void)arg;
	static char buf[65536];
	for (;;) {
		pthread_mutex_lock(&rx.lock);
		int stop = rx.stop;
		pthread_mutex_unlock(&rx.lock);
		if (stop)
			return NULL;
		struct pollfd p = {rx.listen_fd, POLLIN, 0};
		if (poll(&p, 1, 100) <= 0)
			continue;
		int fd = accept(rx.listen_fd, NULL, NULL);
		char *body;
		size_t len;
		if (fd < 0)
			continue;
		if (stub_read_request(fd, buf, sizeof buf, &body, &len) == 0) {
			pthread_mutex_lock(&rx.lock);
			int status = rx.fail_next > 0 ? 500 : 200;
			if (rx.fail_next > 0)
				rx.fail_next--;
			if (rx.n < CALLS_MAX) {
				stub_header_value(buf, "X-Sidakerd-Event", rx.calls[rx.n].event,
				                  sizeof rx.calls[rx.n].event);
				stub_header_value(buf, "X-Sidakerd-Signature", rx.calls[rx.n].signature,
				                  sizeof rx.calls[rx.n].signature);
				snprintf(rx.calls[rx.n].body, sizeof rx.calls[rx.n].body, "%.*s", (int)len, body);
				rx.calls[rx.n++].status = status;
			}
			pthread_mutex_unlock(&rx.lock);
			stub_reply(fd, status, NULL, status == 200 ? "{\"ok\":true}" : "{\"ok\":false}");
		}
		close(fd);
	}
}

static int calls_wait(int n, double seconds)
{
	double until = stub_monotonic() + seconds;
	int got;
	for (;;) {
		pthread_mutex_lock(&rx.lock);
		got = rx.n;
		pthread_mutex_unlock(&rx.lock);
		if (got >= n || stub_monotonic() > until)
			return got;
		usleep(50 * 1000);
	}
}

/* ---- the daemon ---- */

static struct daemon d;
static char admin[64], officer[64], last_month[16], secret[64];
static long long hook;

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static int setup(void **state)
{
	(void)state;
	rx.listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	if (rx.listen_fd < 0 || bind(rx.listen_fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(rx.listen_fd, 16) < 0 || getsockname(rx.listen_fd, (struct sockaddr *)&a, &alen) < 0 ||
	    pthread_create(&rx.thread, NULL, receive, NULL) != 0)
		return -1;
	rx.port = ntohs(a.sin_port);
	static const char *const args[] = {"-o", "webhook_allow_loopback=true", "-o", "webhook_retry_base_s=1", NULL};
	char today[11];
	office_date(0, today);
	int y = atoi(today), m = atoi(today + 5) - 1;
	if (m == 0) {
		m = 12;
		y--;
	}
	snprintf(last_month, sizeof last_month, "%04d-%02d", y % 10000, m % 100);
	return daemon_start(&d, args) == 0 && admin_token(&d, admin) && officer_ready(&d, officer) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	pthread_mutex_lock(&rx.lock);
	rx.stop = 1;
	pthread_mutex_unlock(&rx.lock);
	pthread_join(rx.thread, NULL);
	close(rx.listen_fd);
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* Python's hmac over a call's body: does "sha256=<hex>" match key? */
static int signed_with(const char *key, int call_index)
{
	char command[256], body[1024], signature[96];
	pthread_mutex_lock(&rx.lock);
	snprintf(body, sizeof body, "%s", rx.calls[call_index].body);
	snprintf(signature, sizeof signature, "%s", rx.calls[call_index].signature);
	pthread_mutex_unlock(&rx.lock);
	snprintf(command, sizeof command,
	         "/usr/bin/python3 -c 'import hmac,hashlib,sys;print(\"sha256=\"+hmac.new(sys.argv[1].encode(),"
	         "open(sys.argv[2],\"rb\").read(),hashlib.sha256).hexdigest(),end=\"\")' %s",
	         key);
	char *expected = run_on_bytes(command, body, strlen(body), ".json");
	int same = expected && !strcmp(expected, signature);
	free(expected);
	return same;
}

static void registered_and_refused(void **state)
{
	(void)state;
	struct response r;
	char body[256];
	snprintf(body, sizeof body, "{\"url\":\"http://127.0.0.1:%d/sidakerd\",\"description\":\"SIAPkerja\"}",
	         rx.port);
	assert_int_equal(call("POST", "/v1/admin/webhooks", officer, body, &r), 403);
	response_free(&r);
	static const char *const bad[] = {"{\"url\":\"ftp://127.0.0.1/x\"}", "{\"url\":\"http://example.org/hook\"}",
	                                  "{\"url\":\"https://\"}"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(call("POST", "/v1/admin/webhooks", admin, bad[i], &r), 422);
		assert_string_equal(error_field_of(&r), "url");
		response_free(&r);
	}
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM webhook"), 0);
	assert_int_equal(call("POST", "/v1/admin/webhooks", admin, body, &r), 201);
	hook = num(r.json, "id");
	snprintf(secret, sizeof secret, "%s", str(r.json, "secret"));
	assert_int_equal(strlen(secret), 43);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/admin/webhooks", admin, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_null(strstr(r.body, secret));
	response_free(&r);
}

static void closing_calls_signed_and_retried(void **state)
{
	(void)state;
	struct response r;
	char csv[1024], body[64], path[96];
	snprintf(csv, sizeof csv,
	         "nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,kelurahan_code,education_level,"
	         "card_number,issued_on,state,ended_on,end_reason\n"
	         "3277010101900041,Dadang,Cimahi,1990-01-01,M,Jl. D,32.77.01,32.77.01.1001,sma,3277 000041 1,%s-12,"
	         "active,,\n",
	         last_month);
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, csv, strlen(csv), "text/csv", &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
	pthread_mutex_lock(&rx.lock);
	rx.fail_next = 1; /* the receiver is down for the first call */
	pthread_mutex_unlock(&rx.lock);
	snprintf(body, sizeof body, "{\"month\":\"%s\"}", last_month);
	assert_int_equal(call("POST", "/v1/statistics/ipk/closures", officer, body, &r), 201);
	long long closed = (long long)json_array_size(json_object_get(r.json, "closed"));
	response_free(&r);
	/* One call per month closed; the first one twice (500, then 200). */
	assert_int_equal(calls_wait((int)closed + 1, 15), closed + 1);
	pthread_mutex_lock(&rx.lock);
	assert_int_equal(rx.calls[0].status, 500);
	assert_int_equal(rx.calls[1].status, 200);
	assert_string_equal(rx.calls[1].event, "month_closed");
	json_t *sent = json_loads(rx.calls[closed].body, 0, NULL);
	pthread_mutex_unlock(&rx.lock);
	assert_non_null(sent);
	assert_string_equal(str(sent, "month"), last_month); /* the last month closed comes last */
	char url[48];
	snprintf(url, sizeof url, "/v1/feed/statistics/%s", last_month);
	assert_string_equal(str(sent, "url"), url);
	json_decref(sent);
	for (int i = 0; i <= closed; i++)
		assert_true(signed_with(secret, i));
	assert_false(signed_with("another-secret", 1));
	/* The log: the retried one delivered at its second attempt. */
	snprintf(path, sizeof path, "/v1/admin/webhooks/%lld/deliveries", hook);
	for (int tries = 0; tries < 40; tries++) {
		assert_int_equal(call("GET", path, admin, NULL, &r), 200);
		int pending = strstr(r.body, "\"pending\"") != NULL;
		if (!pending)
			break;
		response_free(&r);
		usleep(100 * 1000);
	}
	json_t *items = json_object_get(r.json, "items"), *first = json_array_get(items, json_array_size(items) - 1);
	assert_int_equal((long long)json_array_size(items), closed);
	assert_string_equal(str(first, "state"), "delivered");
	assert_int_equal(num(first, "attempts"), 2);
	assert_int_equal(num(first, "last_status"), 200);
	response_free(&r);
}

/* A correction a puller sees calls again; rotated, then revoked. */
static void corrections_rotation_revocation(void **state)
{
	(void)state;
	struct response r;
	char body[256], path[96], header[400], pair[160], basic[240];
	assert_int_equal(call("POST", "/v1/admin/service-clients", admin,
	                      "{\"name\":\"Provinsi\",\"organisation\":\"Disnakertrans\",\"scopes\":[\"stats:read\"]}",
	                      &r),
	                 201);
	snprintf(pair, sizeof pair, "%s:%s", str(r.json, "client_id"), str(r.json, "client_secret"));
	response_free(&r);
	sodium_bin2base64(basic, sizeof basic, (const unsigned char *)pair, strlen(pair),
	                  sodium_base64_VARIANT_ORIGINAL);
	snprintf(header, sizeof header, "Authorization: Basic %s", basic);
	const char *headers[] = {header, "Content-Type: application/x-www-form-urlencoded", NULL};
	const char *form = "grant_type=client_credentials";
	assert_int_equal(http_call_raw(&d, "POST", "/v1/oauth/token", NULL, form, strlen(form), headers, &r), 0);
	json_t *t = json_loadb(r.body, r.len, 0, NULL);
	char token[64];
	snprintf(token, sizeof token, "%s", str(t, "access_token"));
	json_decref(t);
	response_free(&r);
	int before = calls_wait(0, 0);
	assert_int_equal(db_exec(&d, "UPDATE seeker SET gender = 'F' WHERE full_name = 'Dadang'"), 1);
	assert_int_equal(call("GET", "/v1/feed/statistics", token, NULL, &r), 200);
	response_free(&r);
	assert_int_equal(calls_wait(before + 1, 10), before + 1);
	pthread_mutex_lock(&rx.lock);
	assert_string_equal(rx.calls[before].event, "month_corrected");
	pthread_mutex_unlock(&rx.lock);
	assert_true(signed_with(secret, before));
	/* Rotated: the next call is signed with the new secret only. */
	snprintf(path, sizeof path, "/v1/admin/webhooks/%lld/rotation", hook);
	assert_int_equal(call("POST", path, admin, NULL, &r), 200);
	char rotated[64];
	snprintf(rotated, sizeof rotated, "%s", str(r.json, "secret"));
	assert_string_not_equal(rotated, secret);
	response_free(&r);
	assert_int_equal(db_exec(&d, "UPDATE seeker SET gender = 'M' WHERE full_name = 'Dadang'"), 1);
	assert_int_equal(call("GET", "/v1/feed/statistics", token, NULL, &r), 200);
	response_free(&r);
	assert_int_equal(calls_wait(before + 2, 10), before + 2);
	assert_true(signed_with(rotated, before + 1));
	assert_false(signed_with(secret, before + 1));
	/* Revoked: a correction queues nothing for it. */
	snprintf(path, sizeof path, "/v1/admin/webhooks/%lld/revocation", hook);
	assert_int_equal(call("POST", path, admin, NULL, &r), 200);
	assert_non_null(str(r.json, "revoked_at"));
	response_free(&r);
	assert_int_equal(call("POST", path, admin, NULL, &r), 409);
	response_free(&r);
	long long queued = db_exec(&d, "SELECT count(*) FROM webhook_delivery");
	assert_int_equal(db_exec(&d, "UPDATE seeker SET gender = 'F' WHERE full_name = 'Dadang'"), 1);
	assert_int_equal(call("GET", "/v1/feed/statistics", token, NULL, &r), 200);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM webhook_delivery"), queued);
	snprintf(body, sizeof body, "/v1/admin/webhooks/%lld/deliveries", hook);
	assert_int_equal(call("GET", body, admin, NULL, &r), 200);
	assert_int_equal((long long)json_array_size(json_object_get(r.json, "items")), queued);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registered_and_refused),
		cmocka_unit_test(closing_calls_signed_and_retried),
		cmocka_unit_test(corrections_rotation_revocation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
