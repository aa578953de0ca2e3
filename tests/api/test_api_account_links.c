/* E-mails a phone can act on (issue 22, item 2), against a real daemon: the
 * confirmation and reset e-mails carry a link under public_base_url whose
 * fragment holds the code; the page it opens is served with its own CSP,
 * the office's name and the app's link filled in (escaped); the files that
 * let Android and iOS open those links in the app come from the settings,
 * cacheable, and are 404 while unset; a settings file with a script link
 * for the app is refused at start.  (tests/browser: the same pages tapped
 * through in Chromium.) */
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
static const char *const with_app[] = {"-o", "public_base_url=https://kerja.cimahikota.go.id",
                                       "-o", "office_name=Disnaker <Kota> Cimahi",
                                       "-o", "app_link_url=sidaker://akun",
                                       "-o", "android_app_package=id.go.cimahikota.sidaker",
                                       "-o", "android_app_sha256=14:6D:E9:83,FA:C6:17:45",
                                       "-o", "ios_app_id=ABCDE12345.id.go.cimahikota.sidaker",
                                       NULL};

static long get(const char *path, const char *const *headers, struct response *r)
{
	assert_int_equal(http_call(&d, "GET", path, NULL, NULL, headers, r), 0);
	return r->status;
}

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, with_app);
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* The link line of a mail, for step (confirm or reset), holds the code. */
static void mail_links_to(const char *addr, const char *word, const char *step)
{
	char code[64], link[160];
	assert_int_equal(spool_token(&d, addr, word, code), 0);
	char *mail = spool_mail(&d, addr, word);
	assert_non_null(mail);
	snprintf(link, sizeof link, "\nhttps://kerja.cimahikota.go.id/account/%s#token=%s\r\n", step, code);
	assert_non_null(strstr(mail, link));
	free(mail);
}

static void mails_carry_a_link_to_tap(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(http_call(&d, "POST", "/v1/auth/register", NULL,
	                           "{\"email\":\"tap@example.id\",\"password\":\"rahasia-kerja-1\",\"role\":\"seeker\","
	                           "\"name\":\"Tapi\",\"nik\":\"3277014101950009\"}",
	                           NULL, &r),
	                 0);
	assert_int_equal(r.status, 201);
	response_free(&r);
	mail_links_to("tap@example.id", "kode konfirmasi", "confirm");
	assert_int_equal(
		http_call(&d, "POST", "/v1/auth/password-reset", NULL, "{\"email\":\"tap@example.id\"}", NULL, &r), 0);
	assert_int_equal(r.status, 202);
	response_free(&r);
	mail_links_to("tap@example.id", "pengaturan ulang", "reset");
	/* The code is in the fragment: no request the daemon saw named it. */
	assert_false(log_contains(&d, "token="));
}

static void account_pages_are_served_filled_and_escaped(void **state)
{
	(void)state;
	struct response r;
	char value[512];
	static const char *const pages[] = {"/account/confirm", "/account/reset"};
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(get(pages[i], NULL, &r), 200);
		assert_non_null(response_header(&r, "Content-Type", value, sizeof value));
		assert_string_equal(value, "text/html; charset=utf-8");
		assert_non_null(response_header(&r, "Content-Security-Policy", value, sizeof value));
		assert_non_null(strstr(value, "script-src 'self'"));
		assert_null(strstr(value, "unsafe-inline"));
		assert_non_null(strstr(r.body, "<meta name=\"app-link\" content=\"sidaker://akun\">"));
		assert_non_null(strstr(r.body, "Disnaker &lt;Kota&gt; Cimahi"));
		assert_null(strstr(r.body, "<Kota>"));
		assert_null(strstr(r.body, "{{"));
		assert_non_null(strstr(r.body, "/account/account.js"));
		response_free(&r);
	}
	assert_int_equal(get("/account/account.js", NULL, &r), 200);
	assert_non_null(response_header(&r, "Content-Type", value, sizeof value));
	assert_string_equal(value, "text/javascript; charset=utf-8");
	assert_non_null(strstr(r.body, "/v1/auth/password-reset/confirm"));
	response_free(&r);
	assert_int_equal(get("/account/account.css", NULL, &r), 200);
	response_free(&r);
	/* Only the four names: not the templates by file name, not a path. */
	static const char *const missing[] = {"/account/confirm.html", "/account/x", "/account/..%2Fsidakerd.db"};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		assert_int_equal(get(missing[i], NULL, &r), 404);
		response_free(&r);
	}
}

static void app_link_files_come_from_settings(void **state)
{
	(void)state;
	struct response r;
	char etag[128], header[160];
	assert_int_equal(get("/.well-known/assetlinks.json", NULL, &r), 200);
	json_t *statement = json_array_get(r.json, 0);
	assert_int_equal(json_array_size(r.json), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(statement, "relation"), 0)),
	                    "delegate_permission/common.handle_all_urls");
	json_t *target = json_object_get(statement, "target");
	assert_string_equal(json_string_value(json_object_get(target, "namespace")), "android_app");
	assert_string_equal(json_string_value(json_object_get(target, "package_name")), "id.go.cimahikota.sidaker");
	json_t *prints = json_object_get(target, "sha256_cert_fingerprints");
	assert_int_equal(json_array_size(prints), 2);
	assert_string_equal(json_string_value(json_array_get(prints, 1)), "FA:C6:17:45");
	assert_non_null(response_header(&r, "ETag", etag, sizeof etag));
	response_free(&r);
	snprintf(header, sizeof header, "If-None-Match: %s", etag);
	const char *const again[] = {header, NULL};
	assert_int_equal(get("/.well-known/assetlinks.json", again, &r), 304);
	response_free(&r);

	assert_int_equal(get("/.well-known/apple-app-site-association", NULL, &r), 200);
	json_t *detail = json_array_get(json_object_get(json_object_get(r.json, "applinks"), "details"), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(detail, "appIDs"), 0)),
	                    "ABCDE12345.id.go.cimahikota.sidaker");
	json_t *components = json_object_get(detail, "components");
	assert_string_equal(json_string_value(json_object_get(json_array_get(components, 0), "/")), "/account/confirm");
	assert_string_equal(json_string_value(json_object_get(json_array_get(components, 1), "/")), "/account/reset");
	response_free(&r);

	/* Unset: nothing to claim, and the page offers no app. */
	assert_int_equal(daemon_restart(&d, NULL), 0);
	assert_int_equal(get("/.well-known/assetlinks.json", NULL, &r), 404);
	response_free(&r);
	assert_int_equal(get("/.well-known/apple-app-site-association", NULL, &r), 404);
	response_free(&r);
	assert_int_equal(get("/account/confirm", NULL, &r), 200);
	assert_non_null(strstr(r.body, "<meta name=\"app-link\" content=\"\">"));
	response_free(&r);
}

static void script_links_are_refused_at_start(void **state)
{
	(void)state;
	static const char *const bad[][2] = {
		{"app_link_url=javascript:alert(1)", NULL},
		{"app_link_url=sidaker://akun\"><script>", NULL},
		{"android_app_package=id.go.x\"", "android_app_sha256=AB:CD"},
		{"android_app_package=id.go.cimahikota.sidaker", NULL}, /* without its fingerprint */
	};
	assert_int_equal(daemon_stop(&d), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *args[] = {"-o", bad[i][0], bad[i][1] ? "-o" : NULL, bad[i][1], NULL};
		struct daemon other;
		assert_true(daemon_start(&other, args) < 0);
	}
	assert_int_equal(daemon_restart(&d, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mails_carry_a_link_to_tap),
		cmocka_unit_test(account_pages_are_served_filled_and_escaped),
		cmocka_unit_test(app_link_files_come_from_settings),
		cmocka_unit_test(script_links_are_refused_at_start),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
