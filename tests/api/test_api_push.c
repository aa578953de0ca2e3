/* Push notifications (issue 22, item 7), against a real daemon and a push
 * provider of our own on 127.0.0.1 in FCM's shape (fcm_receiver.c): an app
 * registers its device token (again: the same device; bad tokens and
 * platforms refused, nothing written); a notification reaches each device
 * by push, with an OAuth2 access token the daemon got by a JWT signed with
 * the service account's key (checked by the receiver) and reuses; the push
 * channel in the preferences turns it off; a 500 is retried with back-off,
 * a 401 fetches a new access token, a 429 waits its Retry-After; a token the
 * provider calls unregistered is dropped; the rate limit holds; a device
 * removed or moved to another account gets nothing more. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api_client.h"
#include "api/fcm_receiver.h"

#define TOKEN_ANI "fcm-ani:APA91bH-uji_0001"
#define TOKEN_ANI_TABLET "fcm-ani:APA91bH-uji_0002"
#define TOKEN_GONE "fcm-lama:APA91bH-uji_0003"

static struct daemon d;
static struct fcm_receiver fcm;
static char officer[64], ani[64], budi[64];
static char account_file[256];

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* The test service account with the receiver's token endpoint. */
static int write_account_file(void)
{
	size_t len;
	unsigned char *text = fixture("push-service-account.json", &len);
	if (!text)
		return -1;
	char uri[64];
	snprintf(uri, sizeof uri, "http://127.0.0.1:%d/token", fcm.port);
	char *at = strstr((char *)text, "http://127.0.0.1:PORT/token");
	snprintf(account_file, sizeof account_file, "/tmp/sidakerd-push-account-%d.json", (int)getpid());
	FILE *f = fopen(account_file, "w");
	int ok = at && f;
	if (ok)
		fprintf(f, "%.*s%s%s", (int)(at - (char *)text), (char *)text, uri,
		        at + strlen("http://127.0.0.1:PORT/token"));
	if (f)
		fclose(f);
	free(text);
	return ok ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	if (fcm_receiver_start(&fcm, "tests/fixtures/push-service-account.pub.pem") < 0 || write_account_file() < 0)
		return -1;
	char url[128], file[300];
	snprintf(url, sizeof url, "push_api_url=http://127.0.0.1:%d/v1/projects/sidakerd-uji/messages:send", fcm.port);
	snprintf(file, sizeof file, "push_credentials_file=%s", account_file);
	const char *const args[] = {"-o", url, "-o", file, "-o", "push_rate_per_second=3", "-o", "push_retry_base_s=1",
	                            NULL};
	if (daemon_start(&d, args) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "seeker", "ani@example.id", "rahasia-kerja-1", "Ani", "3277014101000001", ani) ||
	    !account_ready(&d, "seeker", "budi@example.id", "rahasia-kerja-1", "Budi", "3277010101900002", budi))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	int rc = daemon_stop(&d);
	fcm_receiver_stop(&fcm);
	unlink(account_file);
	return rc == 0 ? 0 : -1;
}

static long long device(const char *session, const char *token, const char *platform, long status)
{
	char body[512];
	struct response r;
	snprintf(body, sizeof body, "{\"token\":\"%s\",\"platform\":\"%s\"}", token, platform);
	assert_int_equal(call("POST", "/v1/me/devices", session, body, &r), status);
	long long id = json_integer_value(json_object_get(r.json, "id"));
	if (status / 100 == 2)
		assert_string_equal(str(r.json, "token_end"), token + strlen(token) - 6);
	response_free(&r);
	return id;
}

/* A complaint by the session's person, answered by the officer: one
 * notification (category complaint) to them. */
static void answered_complaint(const char *session, const char *subject)
{
	char body[256], path[96];
	struct response r;
	snprintf(body, sizeof body, "{\"category\":\"service\",\"subject\":\"%s\",\"body\":\"Antrean lama sekali.\"}",
	         subject);
	assert_int_equal(call("POST", "/v1/complaints", session, body, &r), 201);
	snprintf(path, sizeof path, "/v1/complaints/%lld/answer",
	         (long long)json_integer_value(json_object_get(r.json, "id")));
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"answer\":\"Loket tambahan dibuka mulai Senin.\"}", &r), 200);
	response_free(&r);
}

static void devices_are_registered_and_refused(void **state)
{
	(void)state;
	struct response r;
	static const char *const bad[][2] = {
		{"{\"platform\":\"android\"}", "token"},
		{"{\"token\":\"\",\"platform\":\"android\"}", "token"},
		{"{\"token\":\"ada spasi\",\"platform\":\"android\"}", "token"},
		{"{\"token\":\"<script>\",\"platform\":\"ios\"}", "token"},
		{"{\"token\":\"abc\",\"platform\":\"symbian\"}", "platform"},
		{"{\"token\":123,\"platform\":\"android\"}", "token"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_true(call("POST", "/v1/me/devices", ani, bad[i][0], &r) / 100 == 4);
		assert_string_equal(error_field_of(&r), bad[i][1]);
		response_free(&r);
	}
	assert_int_equal(call("POST", "/v1/me/devices", officer, "{\"token\":\"abc\",\"platform\":\"web\"}", &r), 403);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM push_device"), 0);

	long long phone = device(ani, TOKEN_ANI, "android", 201);
	assert_int_equal(device(ani, TOKEN_ANI, "android", 200), phone); /* the app again: the same device */
	device(ani, TOKEN_ANI_TABLET, "ios", 201);
	assert_int_equal(call("GET", "/v1/me/devices", ani, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_null(strstr(r.body, TOKEN_ANI)); /* only the token's end is shown */
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/devices", budi, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/v1/me/devices/%lld", phone);
	assert_int_equal(call("DELETE", path, budi, NULL, &r), 404); /* not his */
	response_free(&r);
}

static void notifications_reach_devices_by_push(void **state)
{
	(void)state;
	struct fcm_receiver seen;
	answered_complaint(ani, "Antrean loket kartu");
	assert_int_equal(fcm_receiver_wait(&fcm, 2, 10), 2);
	fcm_receiver_copy(&fcm, &seen);
	/* The daemon proved itself with the service account's key. */
	assert_int_equal(seen.grants, 1);
	assert_int_equal(seen.bad_assertions, 0);
	assert_string_equal(seen.iss, "sidakerd-push@sidakerd-uji.iam.gserviceaccount.com");
	assert_non_null(strstr(seen.aud, "/token"));
	int phone = !strcmp(seen.got[0].token, TOKEN_ANI) ? 0 : 1;
	assert_string_equal(seen.got[phone].token, TOKEN_ANI);
	assert_string_equal(seen.got[1 - phone].token, TOKEN_ANI_TABLET);
	assert_string_equal(seen.got[0].title, "Pengaduan Anda sudah dijawab");
	assert_string_equal(seen.got[0].category, "complaint");
	long long notification = db_exec(&d, "SELECT max(id) FROM notification WHERE category = 'complaint'");
	assert_int_equal(atoll(seen.got[0].notification_id), notification);
	for (int i = 0; i < 50 && db_exec(&d, "SELECT count(*) FROM push_message WHERE state = 'sent'") < 2; i++)
		usleep(100000);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM push_message WHERE state = 'sent' AND provider_id LIKE "
	                         "'projects/sidakerd-uji/messages/%'"),
	                 2);

	/* Push off for complaints: the next one reaches the app's inbox only. */
	struct response r;
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani,
	                      "{\"categories\":{\"complaint\":{\"push\":false}}}", &r),
	                 200);
	assert_false(json_is_true(
		json_object_get(json_object_get(json_object_get(r.json, "categories"), "complaint"), "push")));
	assert_true(
		json_is_true(json_object_get(json_object_get(json_object_get(r.json, "categories"), "card"), "push")));
	response_free(&r);
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani,
	                      "{\"categories\":{\"complaint\":{\"push\":\"no\"}}}", &r),
	                 400);
	response_free(&r);
	answered_complaint(ani, "Antrean loket pelatihan");
	sleep(2);
	assert_int_equal(fcm_receiver_wait(&fcm, 3, 0), 2);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE category = 'complaint'"), 2);
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani,
	                      "{\"categories\":{\"complaint\":{\"push\":true}}}", &r),
	                 200);
	response_free(&r);
}

static void failures_are_retried_and_dead_tokens_dropped(void **state)
{
	(void)state;
	struct fcm_receiver seen;
	/* A 401 (a new access token at once), a 500 (tried again), and the
	 * tablet's token unregistered. */
	int before = fcm_receiver_wait(&fcm, 0, 0);
	fcm_receiver_set(&fcm, 1, 1, 0, TOKEN_ANI_TABLET);
	answered_complaint(ani, "Loket tutup lebih awal");
	for (int i = 0; i < 150 && db_exec(&d, "SELECT count(*) FROM push_message WHERE state = 'pending'") > 0; i++)
		usleep(100000);
	fcm_receiver_copy(&fcm, &seen);
	assert_int_equal(seen.grants, 2);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM push_message WHERE state = 'pending'"), 0);
	int answered[600] = {0};
	for (int i = before; i < seen.n; i++)
		answered[seen.got[i].status]++;
	assert_int_equal(answered[401], 1);
	assert_int_equal(answered[500], 1);
	assert_int_equal(answered[404], 1);
	assert_int_equal(answered[200], 1);
	/* The phone's push came through on a later try. */
	assert_true(db_exec(&d,
	                    "SELECT attempts FROM push_message m JOIN push_device d ON d.id = m.device_id "
	                    "WHERE d.token = '" TOKEN_ANI "' AND m.state = 'sent' ORDER BY m.id DESC LIMIT 1") >= 2);
	/* The tablet's token is unregistered: dropped, and no longer listed. */
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM push_device WHERE token = '" TOKEN_ANI_TABLET
	                         "' AND drop_reason = 'invalid'"),
	                 1);
	struct response r;
	assert_int_equal(call("GET", "/v1/me/devices", ani, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	response_free(&r);

	/* A 429 waits its Retry-After (3 s), longer than the back-off (1 s). */
	fcm_receiver_set(&fcm, 0, 0, 1, NULL);
	before = fcm_receiver_wait(&fcm, 0, 0);
	answered_complaint(ani, "Formulir hilang");
	assert_int_equal(fcm_receiver_wait(&fcm, before + 2, 15), before + 2);
	fcm_receiver_copy(&fcm, &seen);
	assert_int_equal(seen.got[before].status, 429);
	assert_int_equal(seen.got[before + 1].status, 200);
	assert_true(seen.got[before + 1].at - seen.got[before].at >= 2.0);
}

static void rate_is_held_and_moved_devices_follow_their_account(void **state)
{
	(void)state;
	struct fcm_receiver seen;
	fcm_receiver_set(&fcm, 0, 0, 0, NULL);
	int before = fcm_receiver_wait(&fcm, 0, 0);
	for (int i = 0; i < 7; i++) {
		char subject[32];
		snprintf(subject, sizeof subject, "Aduan ke-%d", i);
		answered_complaint(ani, subject);
	}
	assert_int_equal(fcm_receiver_wait(&fcm, before + 7, 15), before + 7);
	fcm_receiver_copy(&fcm, &seen);
	/* push_rate_per_second=3: no second saw more than three. */
	for (int i = before; i + 3 < before + 7; i++)
		assert_true(seen.got[i + 3].at - seen.got[i].at > 0.8);

	/* Ani's phone is now signed in to Budi's account: his pushes, not hers. */
	long long phone = device(budi, TOKEN_ANI, "android", 201);
	before = fcm_receiver_wait(&fcm, 0, 0);
	answered_complaint(ani, "Untuk Ani");
	answered_complaint(budi, "Untuk Budi");
	assert_int_equal(fcm_receiver_wait(&fcm, before + 1, 10), before + 1);
	sleep(2);
	fcm_receiver_copy(&fcm, &seen);
	assert_int_equal(seen.n, before + 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM push_message m JOIN notification n ON n.id = m.notification_id "
	                         "JOIN account a ON a.id = n.account_id WHERE a.email = 'budi@example.id'"),
	                 1);
	/* Removed at sign-out: nothing more, and a second removal finds none. */
	char path[64];
	struct response r;
	snprintf(path, sizeof path, "/v1/me/devices/%lld", phone);
	assert_int_equal(call("DELETE", path, budi, NULL, &r), 204);
	response_free(&r);
	assert_int_equal(call("DELETE", path, budi, NULL, &r), 404);
	response_free(&r);
	before = fcm_receiver_wait(&fcm, 0, 0);
	answered_complaint(budi, "Setelah keluar");
	sleep(2);
	assert_int_equal(fcm_receiver_wait(&fcm, before + 1, 0), before);
	/* No device token in the log. */
	assert_false(log_contains(&d, "APA91bH"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(devices_are_registered_and_refused),
		cmocka_unit_test(notifications_reach_devices_by_push),
		cmocka_unit_test(failures_are_retried_and_dead_tokens_dropped),
		cmocka_unit_test(rate_is_held_and_moved_devices_follow_their_account),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
