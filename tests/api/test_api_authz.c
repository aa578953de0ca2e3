/* The authorisation matrix: every route of the router (sidakerd
 * --print-routes), called anonymously and as every role.  A route that
 * needs an account answers 401 without one; a role it does not admit gets
 * 403 "forbidden"; a role it admits gets neither (whatever else the empty
 * request deserves).  New routes are in the matrix the moment they are in
 * the router; tests/spec keeps the router equal to proto/openapi.yaml. */
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
static const char *const roles[] = {"seeker", "company", "lpk", "bkk", "officer", "admin"};
static char tokens[6][64];

static int setup(void **state)
{
	(void)state;
	struct response r;
	if (daemon_start(&d, NULL) < 0 || !admin_token(&d, tokens[5]))
		return -1;
	http_call(&d, "POST", "/v1/admin/officers", tokens[5],
	          "{\"email\":\"o@disnaker.go.id\",\"password\":\"petugas-aman-1\",\"name\":\"O\",\"nip\":\"1\"}", NULL,
	          &r);
	response_free(&r);
	if (!login_token(&d, "o@disnaker.go.id", "petugas-aman-1", tokens[4]) ||
	    !account_ready(&d, "seeker", "s@example.id", "rahasia-aman-1", "S", "3277010101900001", tokens[0]) ||
	    !account_ready(&d, "company", "c@example.id", "rahasia-aman-1", "C", NULL, tokens[1]) ||
	    !account_ready(&d, "lpk", "l@example.id", "rahasia-aman-1", "L", NULL, tokens[2]) ||
	    !account_ready(&d, "bkk", "b@example.id", "rahasia-aman-1", "B", NULL, tokens[3]))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static void every_route_every_role(void **state)
{
	(void)state;
	const char *bin = getenv("SIDAKERD_BIN") ? getenv("SIDAKERD_BIN") : "build/sidakerd";
	char cmd[512], line[512];
	snprintf(cmd, sizeof cmd, "%s --print-routes", bin);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	/* Logout ends the session every later call needs: it goes last. */
	char lines[256][512], logout[512] = "";
	int nlines = 0;
	while (nlines < 255 && fgets(line, sizeof line, p)) {
		if (strstr(line, "/v1/auth/logout "))
			memcpy(logout, line, sizeof line);
		else
			memcpy(lines[nlines++], line, sizeof line);
	}
	if (*logout)
		memcpy(lines[nlines++], logout, sizeof logout);
	pclose(p);
	int routes = 0, checks = 0;
	for (int k = 0; k < nlines; k++) {
		memcpy(line, lines[k], sizeof line);
		char method[16], pattern[256], path[256];
		int used = 0;
		if (sscanf(line, "%15s %255s%n", method, pattern, &used) != 2)
			continue;
		const char *admitted = line + used;
		path_with_ones(pattern, path, sizeof path);
		const char *body = strcmp(method, "GET") && strcmp(method, "DELETE") ? "" : NULL;
		struct response r;
		routes++;
		if (strstr(admitted, "public")) {
			/* Public routes never ask for an account (a provider's webhook
			 * may still refuse an unsigned call: signature_invalid; a feed
			 * asks for a service client's token, and says so in its
			 * WWW-Authenticate challenge). */
			assert_int_equal(http_call(&d, method, path, NULL, body, NULL, &r), 0);
			char challenge[128];
			if ((r.status == 401 || r.status == 403) && strcmp(error_code_of(&r), "signature_invalid") &&
			    !response_header(&r, "WWW-Authenticate", challenge, sizeof challenge))
				fail_msg("%s %s: public but answered %ld", method, pattern, r.status);
			response_free(&r);
			continue;
		}
		assert_int_equal(http_call(&d, method, path, NULL, body, NULL, &r), 0);
		if (r.status != 401)
			fail_msg("%s %s without a token: %ld", method, pattern, r.status);
		response_free(&r);
		for (int i = 0; i < 6; i++) {
			char word[24];
			snprintf(word, sizeof word, " %s", roles[i]);
			int allowed = strstr(admitted, word) &&
				(strchr(strstr(admitted, word) + strlen(word), ' ') ||
			         strstr(admitted, word)[strlen(word)] == '\n' ||
			         strstr(admitted, word)[strlen(word)] == '\0');
			assert_int_equal(http_call(&d, method, path, tokens[i], body, NULL, &r), 0);
			int forbidden = r.status == 403 && !strcmp(error_code_of(&r), "forbidden");
			if (allowed && (r.status == 401 || forbidden))
				fail_msg("%s %s as %s (admitted): %ld %s", method, pattern, roles[i], r.status,
				         error_code_of(&r));
			if (!allowed && !forbidden)
				fail_msg("%s %s as %s (not admitted): %ld %s", method, pattern, roles[i], r.status,
				         error_code_of(&r));
			response_free(&r);
			checks++;
		}
	}
	assert_true(routes >= 60);
	assert_true(checks >= 250);
	/* Nothing of this crashed or wedged the daemon. */
	struct response r;
	assert_int_equal(http_call(&d, "GET", "/v1/health", NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(every_route_every_role)};
	return cmocka_run_group_tests_name("api_authz", tests, setup, teardown);
}
