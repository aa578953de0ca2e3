/* Per-address limits on registration and password-reset requests, with a
 * daemon whose limits are small: the next attempt gets 429 and Retry-After,
 * and nothing is written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_client.h"

static struct daemon d;

static int setup(void **state)
{
	(void)state;
	static const char *const args[] = {"-o", "register_max_per_address=2", "-o", "reset_max_per_address=3", NULL};
	return daemon_start(&d, args);
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static long post(const char *path, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, "POST", path, NULL, body, NULL, r), 0);
	return r->status;
}

static void registrations_per_address(void **state)
{
	(void)state;
	struct response r;
	char body[256], v[32];
	snprintf(body, sizeof body,
	         "{\"email\":\"pt0@example.id\",\"password\":\"rahasia123\","
	         "\"role\":\"company\",\"name\":\"PT 0\"}");
	assert_int_equal(post("/v1/auth/register", body, &r), 201);
	response_free(&r);
	/* A refused registration counts like one made: asking address after
	 * address (or NIK after NIK) is how one learns which are registered. */
	assert_int_equal(post("/v1/auth/register", body, &r), 409);
	assert_string_equal(error_code_of(&r), "email_taken");
	response_free(&r);
	assert_int_equal(post("/v1/auth/register",
	                      "{\"email\":\"pt9@example.id\",\"password\":\"rahasia123\","
	                      "\"role\":\"company\",\"name\":\"PT 9\"}",
	                      &r),
	                 429);
	assert_string_equal(error_code_of(&r), "too_many_attempts");
	assert_non_null(response_header(&r, "Retry-After", v, sizeof v));
	assert_true(atoi(v) > 0 && atoi(v) <= 3600);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account WHERE role = 'company'"), 1);
	/* The refusals show in the metrics, for an operator to see enumeration. */
	assert_int_equal(http_call(&d, "GET", "/metrics", NULL, NULL, NULL, &r), 0);
	assert_non_null(strstr(r.body, "sidakerd_registrations_taken_total{what=\"email\"} 1\n"));
	response_free(&r);
}

static void reset_requests_per_address(void **state)
{
	(void)state;
	struct response r;
	long mails = db_exec(&d, "SELECT count(*) FROM outbox");
	for (int i = 0; i < 3; i++) {
		/* Known or unknown addresses count alike. */
		assert_int_equal(post("/v1/auth/password-reset",
		                      i ? "{\"email\":\"nobody@example.id\"}" : "{\"email\":\"pt0@example.id\"}", &r),
		                 202);
		response_free(&r);
	}
	assert_int_equal(post("/v1/auth/password-reset", "{\"email\":\"pt0@example.id\"}", &r), 429);
	assert_string_equal(error_code_of(&r), "too_many_attempts");
	response_free(&r);
	/* One reset mail (the known address), none for the refused request. */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM outbox"), mails + 1);
	/* Login is limited separately and still works for others. */
	assert_int_equal(post("/v1/auth/login", "{\"login\":\"pt0@example.id\",\"password\":\"wrong-pass\"}", &r), 401);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registrations_per_address),
		cmocka_unit_test(reset_requests_per_address),
	};
	return cmocka_run_group_tests_name("api_limits", tests, setup, teardown);
}
