/* The HTTP core against a real daemon: health and metrics, routing errors,
 * hostile bodies and headers, Idempotency-Key, security headers, restart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "api/api_client.h"

static struct daemon d;

static int setup(void **state)
{
	(void)state;
	static const char *const args[] = {"-o", "max_body_bytes=65536", NULL};
	return daemon_start(&d, args);
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static void health_and_metrics(void **state)
{
	(void)state;
	struct response r;
	char v[128];
	assert_int_equal(http_call(&d, "GET", "/v1/health", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(r.json, "store")), "ok");
	assert_int_equal(json_integer_value(json_object_get(r.json, "schema_version")),
	                 db_exec(&d, "PRAGMA user_version"));
	assert_true(json_integer_value(json_object_get(r.json, "schema_version")) >= 2);
	/* Security headers on every response. */
	assert_string_equal(response_header(&r, "X-Content-Type-Options", v, sizeof v), "nosniff");
	assert_string_equal(response_header(&r, "Cache-Control", v, sizeof v), "no-store");
	assert_string_equal(response_header(&r, "X-Frame-Options", v, sizeof v), "DENY");
	assert_non_null(response_header(&r, "Content-Security-Policy", v, sizeof v));
	assert_non_null(response_header(&r, "X-Request-Id", v, sizeof v));
	response_free(&r);

	static const char *const rid[] = {"X-Request-Id: app-retry-42", NULL};
	assert_int_equal(http_call(&d, "GET", "/v1/health", NULL, NULL, rid, &r), 0);
	assert_string_equal(response_header(&r, "X-Request-Id", v, sizeof v), "app-retry-42");
	response_free(&r);

	assert_int_equal(http_call(&d, "HEAD", "/v1/health", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 0);
	response_free(&r);
	/* HEAD then GET on one connection: the HEAD answer has GET's length and
	 * no body, so the GET's answer starts where it should (a body after a
	 * HEAD answer broke keep-alive clients such as Node's). */
	int fd = daemon_connect(&d);
	static const char pipelined[] = "HEAD /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
					"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	assert_true(fd >= 0 && write(fd, pipelined, sizeof pipelined - 1) == (ssize_t)(sizeof pipelined - 1));
	char both[4096];
	read_answers(&fd, 1, 5.0, both, sizeof both, NULL);
	const char *second = strstr(both, "\r\n\r\nHTTP/1.1 200");
	assert_non_null(second);
	assert_non_null(strstr(both, "Content-Length: "));
	assert_null(strstr(both, "\"status\":\"ok\"") < second ? strstr(both, "\"status\":\"ok\"") : NULL);
	assert_non_null(strstr(second, "\"status\":\"ok\""));

	assert_int_equal(http_call(&d, "GET", "/metrics", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(
		strstr(r.body, "sidakerd_http_requests_total{route=\"/v1/health\",method=\"GET\",status=\"200\"} 5"));
	assert_non_null(strstr(
		r.body,
		"sidakerd_http_request_duration_seconds_bucket{route=\"/v1/health\",method=\"GET\",le=\"+Inf\"} 5"));
	assert_non_null(strstr(r.body, "sidakerd_queue_depth{queue=\"writer\"}"));
	assert_non_null(strstr(r.body, "sidakerd_queue_depth{queue=\"pool\"}"));
	assert_non_null(strstr(r.body, "sidakerd_writer_commits_total"));
	response_free(&r);
}

/* A page of the daemon's own (the office dashboard, the organisations'
 * portal): its embedded files only, with a CSP that lets it run its own
 * script and nothing else; API answers keep the sandboxing CSP. */
static void embedded_page(const char *page, const char *script, const char *script_calls)
{
	struct response r;
	char csp[256], path[96];
	assert_int_equal(http_call(&d, "GET", page, NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<html lang=\"id\">"));
	assert_non_null(response_header(&r, "Content-Security-Policy", csp, sizeof csp));
	assert_non_null(strstr(csp, "script-src 'self'"));
	assert_null(strstr(csp, "unsafe"));
	response_free(&r);
	snprintf(path, sizeof path, "%s/%s", page, script);
	assert_int_equal(http_call(&d, "GET", path, NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, script_calls));
	assert_non_null(response_header(&r, "Content-Type", csp, sizeof csp));
	assert_string_equal(csp, "text/javascript; charset=utf-8");
	response_free(&r);
	static const char *const missing[] = {"/secret.js", "/..%2Fsidakerd.db", "/"};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		snprintf(path, sizeof path, "%s%s", page, missing[i]);
		assert_int_equal(http_call(&d, "GET", path, NULL, NULL, NULL, &r), 0);
		assert_int_equal(r.status, 404);
		response_free(&r);
	}
}

static void dashboard_page(void **state)
{
	(void)state;
	struct response r;
	char csp[256];
	embedded_page("/dashboard", "dashboard.js", "/v1/statistics/dashboard");
	embedded_page("/portal", "portal.js", "/v1/me/vacancies");
	embedded_page("/app", "app.js", "/v1/me/card");
	/* The web app's service worker may control /app (the page has no slash). */
	assert_int_equal(http_call(&d, "GET", "/app/sw.js", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(response_header(&r, "Service-Worker-Allowed", csp, sizeof csp));
	assert_string_equal(csp, "/app");
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/app/manifest.webmanifest", NULL, NULL, NULL, &r), 0);
	assert_non_null(response_header(&r, "Content-Type", csp, sizeof csp));
	assert_string_equal(csp, "application/manifest+json");
	assert_string_equal(json_string_value(json_object_get(r.json, "start_url")), "/app");
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/health", NULL, NULL, NULL, &r), 0);
	assert_non_null(response_header(&r, "Content-Security-Policy", csp, sizeof csp));
	assert_non_null(strstr(csp, "sandbox"));
	response_free(&r);
}

/* Personal data on disk is readable by the daemon's user only. */
static void files_are_private(void **state)
{
	(void)state;
	static const char *const names[] = {"sidakerd.db", "sidakerd.db-wal", "sidakerd.key", "initial-admin-password",
	                                    "spool",       "backups"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[400];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", d.dir, names[i]);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 077, 0);
	}
}

static void routing_errors(void **state)
{
	(void)state;
	struct response r;
	char v[64];
	assert_int_equal(http_call(&d, "GET", "/v1/nothing-here", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	assert_string_equal(error_code_of(&r), "route_not_found");
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/health/", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	response_free(&r);
	assert_int_equal(http_call(&d, "DELETE", "/v1/health", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 405);
	assert_string_equal(error_code_of(&r), "method_not_allowed");
	assert_string_equal(response_header(&r, "Allow", v, sizeof v), "GET, HEAD");
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/auth/login", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 405);
	assert_string_equal(response_header(&r, "Allow", v, sizeof v), "POST");
	response_free(&r);
	assert_int_equal(http_call(&d, "OPTIONS", "/v1/me", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 204);
	assert_string_equal(response_header(&r, "Allow", v, sizeof v), "GET, HEAD");
	response_free(&r);
	/* Path parameters must be ids; encoded NUL never reaches a handler. */
	char admin[64];
	assert_non_null(admin_token(&d, admin));
	assert_int_equal(http_call(&d, "POST", "/v1/admin/outbox/abc/retry", admin, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	response_free(&r);
	assert_int_equal(http_call(&d, "POST", "/v1/admin/outbox/1%00/retry", admin, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 404);
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/organisations?limit=0", admin, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(error_code_of(&r), "query_invalid");
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/organisations?limit=201", admin, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 400);
	response_free(&r);
	/* An unsupported method is refused by evhttp itself. */
	char reply[4096];
	const char *trace = "TRACE /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	int status = raw_request(&d, trace, strlen(trace), reply, sizeof reply);
	assert_true(status == 405 || status == 501);
}

static void hostile_bodies(void **state)
{
	(void)state;
	struct response r;
	long accounts = db_exec(&d, "SELECT count(*) FROM account");
	static const struct {
		const char *body;
		long status;
		const char *code;
	} cases[] = {
		{"{\"login\":", 400, "json_invalid"},
		{"", 400, "body_required"},
		{"[1,2,3]", 400, "body_not_object"},
		{"\"just a string\"", 400, "json_invalid"},
		{"{\"login\":\"a\",\"login\":\"b\",\"password\":\"x\"}", 400, "json_invalid"},
		{"{\"login\":\"\xff\xfe\",\"password\":\"rahasia123\"}", 400, "json_invalid"},
		{"{\"login\":{\"$gt\":\"\"},\"password\":\"rahasia123\"}", 400, "field_type"},
		{"{\"login\":\"a@b.id\",\"password\":12345678}", 400, "field_type"},
		{"{\"login\":\"a@b.id\"}", 400, "field_missing"},
		{"{\"login\":\"a@b.id\",\"password\":\"x\",\"remember\":true}", 400, "field_unknown"},
		{"{\"login\":null,\"password\":\"rahasia123\"}", 400, "field_missing"},
		{"{\"login\":\"a\\u0000@b.id\",\"password\":\"rahasia123\"}", 400, "json_invalid"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(http_call(&d, "POST", "/v1/auth/login", NULL, cases[i].body, NULL, &r), 0);
		assert_int_equal(r.status, cases[i].status);
		assert_string_equal(error_code_of(&r), cases[i].code);
		response_free(&r);
	}
	/* Deep nesting: our own cap (32) and jansson's (2048) are both a clean
	 * 400; 30000 levels still fit the 64 KiB body limit of this daemon. */
	static const int depths[] = {40, 30000};
	for (size_t k = 0; k < 2; k++) {
		int depth = depths[k];
		char *deep = malloc((size_t)depth * 2 + 64);
		size_t n = (size_t)sprintf(deep, "{\"login\":");
		for (int i = 0; i < depth; i++)
			deep[n++] = '[';
		for (int i = 0; i < depth; i++)
			deep[n++] = ']';
		strcpy(deep + n, ",\"password\":\"x\"}");
		assert_int_equal(http_call(&d, "POST", "/v1/auth/login", NULL, deep, NULL, &r), 0);
		assert_int_equal(r.status, 400);
		assert_string_equal(error_code_of(&r), "json_invalid");
		response_free(&r);
		free(deep);
	}
	/* Wrong media type. */
	static const char *const form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	assert_int_equal(http_call(&d, "POST", "/v1/auth/login", NULL, "login=a&password=b", form, &r), 0);
	assert_int_equal(r.status, 415);
	assert_string_equal(error_code_of(&r), "unsupported_media_type");
	response_free(&r);
	/* A body over max_body_bytes (64 KiB here) is refused with 413. */
	size_t big = 70000;
	char *huge = malloc(big + 64);
	memset(huge, 'a', big + 64);
	memcpy(huge, "{\"login\":\"", 10);
	strcpy(huge + big, "\",\"password\":\"x\"}");
	assert_int_equal(http_call(&d, "POST", "/v1/auth/login", NULL, huge, NULL, &r), 0);
	assert_int_equal(r.status, 413);
	response_free(&r);
	free(huge);
	/* Oversized header block. */
	char *hdr = malloc(40000), reply[4096];
	int n = sprintf(hdr, "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(hdr + n, 'b', 30000);
	strcpy(hdr + n + 30000, "\r\nConnection: close\r\n\r\n");
	int status = raw_request(&d, hdr, strlen(hdr), reply, sizeof reply);
	assert_true(status == 400 || status == 413 || status == 431 || status == -1);
	free(hdr);
	/* Garbage request line. */
	const char *junk = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n";
	status = raw_request(&d, junk, strlen(junk), reply, sizeof reply);
	assert_true(status == 400 || status == -1);
	/* Nothing was written, and the daemon still answers. */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account"), accounts);
	assert_int_equal(http_call(&d, "GET", "/v1/health", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
}

static void english_messages(void **state)
{
	(void)state;
	struct response r;
	static const char *const en[] = {"Accept-Language: en-US,en;q=0.9", NULL};
	assert_int_equal(http_call(&d, "POST", "/v1/auth/login", NULL, "{", en, &r), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "message")),
	                    "The request body is not valid JSON.");
	response_free(&r);
	assert_int_equal(http_call(&d, "POST", "/v1/auth/login", NULL, "{", NULL, &r), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "message")),
	                    "Badan permintaan bukan JSON yang sah.");
	response_free(&r);
}

static void idempotency_key(void **state)
{
	(void)state;
	struct response a, b, c;
	char v[32];
	static const char *const key[] = {"Idempotency-Key: reg-7f3a-0001", NULL};
	const char *body = "{\"email\":\"retry@example.id\",\"password\":\"rahasia123\",\"role\":\"seeker\","
			   "\"name\":\"Retry\",\"nik\":\"3277016007990002\"}";
	assert_int_equal(http_call(&d, "POST", "/v1/auth/register", NULL, body, key, &a), 0);
	assert_int_equal(a.status, 201);
	/* The retry gets the first reply again, not "email taken". */
	assert_int_equal(http_call(&d, "POST", "/v1/auth/register", NULL, body, key, &b), 0);
	assert_int_equal(b.status, 201);
	assert_string_equal(a.body, b.body);
	assert_string_equal(response_header(&b, "Idempotent-Replayed", v, sizeof v), "true");
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account WHERE email = 'retry@example.id'"), 1);
	/* One confirmation mail, not two. */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM outbox WHERE recipient = 'retry@example.id'"), 1);
	/* The same key with another body is an error. */
	const char *other = "{\"email\":\"retry2@example.id\",\"password\":\"rahasia123\",\"role\":\"seeker\","
			    "\"name\":\"Retry\",\"nik\":\"3277016007990003\"}";
	assert_int_equal(http_call(&d, "POST", "/v1/auth/register", NULL, other, key, &c), 0);
	assert_int_equal(c.status, 422);
	assert_string_equal(error_code_of(&c), "idempotency_key_reused");
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account WHERE email = 'retry2@example.id'"), 0);
	response_free(&a);
	response_free(&b);
	response_free(&c);
	/* A malformed key. */
	static const char *const bad[] = {"Idempotency-Key: has space", NULL};
	assert_int_equal(http_call(&d, "POST", "/v1/auth/register", NULL, other, bad, &c), 0);
	assert_int_equal(c.status, 400);
	assert_string_equal(error_code_of(&c), "idempotency_key_invalid");
	response_free(&c);
}

static void restart_keeps_data(void **state)
{
	(void)state;
	struct response r;
	long accounts = db_exec(&d, "SELECT count(*) FROM account");
	assert_int_equal(daemon_stop(&d), 0);
	/* A clean stop checkpoints the WAL into the database file. */
	assert_true(db_integrity_ok(&d));
	assert_int_equal(daemon_restart(&d, NULL), 0);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account"), accounts);
	assert_int_equal(http_call(&d, "GET", "/v1/health", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
	/* Migrations ran once, the admin was created once. */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'account.bootstrap_admin'"), 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM region WHERE code = '32.77'"), 1);
}

static void refuses_a_newer_database(void **state)
{
	(void)state;
	assert_int_equal(daemon_stop(&d), 0);
	long long version = db_exec(&d, "PRAGMA user_version");
	char restore[64];
	snprintf(restore, sizeof restore, "PRAGMA user_version = %lld", version);
	assert_int_equal(db_exec(&d, "PRAGMA user_version = 999"), 0);
	assert_int_not_equal(daemon_restart(&d, NULL), 0);
	assert_true(log_contains(&d, "newer than this sidakerd"));
	assert_int_equal(db_exec(&d, restore), 0);
	assert_int_equal(daemon_restart(&d, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(health_and_metrics),       cmocka_unit_test(files_are_private),
		cmocka_unit_test(dashboard_page),           cmocka_unit_test(routing_errors),
		cmocka_unit_test(hostile_bodies),           cmocka_unit_test(english_messages),
		cmocka_unit_test(idempotency_key),          cmocka_unit_test(restart_keeps_data),
		cmocka_unit_test(refuses_a_newer_database),
	};
	return cmocka_run_group_tests_name("api_http", tests, setup, teardown);
}
