/* Notifications: events land in the person's in-app inbox with an unread
 * count; per-category channel preferences decide e-mail (and WhatsApp);
 * quiet hours hold an e-mail until they end, to the second; the daily
 * digest gathers e-mails into one, once a day; the 6-monthly report
 * reminder goes out once.  Refusals: bad preference bodies change nothing,
 * another person's notification cannot be marked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api_client.h"

static struct daemon d;
static char officer[64], ani[64], budi[64];

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static long long ani_mails(void)
{
	return db_exec(&d, "SELECT count(*) FROM outbox WHERE recipient = 'ani@example.id'");
}

static int setup(void **state)
{
	(void)state;
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "seeker", "ani@example.id", "rahasia-ani-1", "Ani", "3277014101000001", ani) ||
	    !account_ready(&d, "seeker", "budi@example.id", "rahasia-budi-1", "Budi", "3277010101900002", budi) ||
	    seeker_profile_ready(&d, ani, "Ani Lestari", "2000-01-01", "F", "smk", "32.77.01.1001", NULL) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* A complaint by Ani answered by the officer: one "complaint" event. */
static void complaint_answered(void)
{
	struct response r;
	char path[96];
	assert_int_equal(call("POST", "/v1/complaints", ani,
	                      "{\"category\":\"service\",\"subject\":\"Antrean\","
	                      "\"body\":\"Antrean loket lama.\"}",
	                      &r),
	                 201);
	snprintf(path, sizeof path, "/v1/complaints/%lld/answer", num(r.json, "id"));
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"answer\":\"Loket ditambah.\"}", &r), 200);
	response_free(&r);
}

static void inbox_and_unread(void **state)
{
	(void)state;
	struct response r;
	long long mails = ani_mails();
	assert_int_equal(card_issued(&d, officer, ani), 0);
	/* The card event: in the inbox, unread, and by e-mail (the default). */
	assert_int_equal(call("GET", "/v1/me/notifications", ani, NULL, &r), 200);
	assert_int_equal(num(r.json, "unread"), 1);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *first = json_array_get(items, 0);
	assert_string_equal(str(first, "category"), "card");
	assert_string_equal(str(first, "title"), "Kartu AK/I telah terbit");
	assert_non_null(strstr(str(first, "body"), "berlaku sampai"));
	assert_true(json_is_false(json_object_get(first, "read")));
	long long card_note = num(first, "id");
	response_free(&r);
	assert_int_equal(ani_mails(), mails + 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM outbox WHERE recipient = 'ani@example.id' AND "
	                         "subject = 'Kartu AK/I telah terbit' AND body LIKE 'Yth. Ani,%'"),
	                 1);

	/* Budi can neither see nor mark it. */
	char path[96];
	snprintf(path, sizeof path, "/v1/me/notifications/%lld/read", card_note);
	assert_int_equal(call("POST", path, budi, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notifications", budi, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE read_at IS NOT NULL"), 0);

	/* Ani marks it read; twice is fine. */
	assert_int_equal(call("POST", path, ani, NULL, &r), 200);
	assert_int_equal(num(r.json, "marked"), 1);
	assert_int_equal(num(r.json, "unread"), 0);
	response_free(&r);
	assert_int_equal(call("POST", path, ani, NULL, &r), 200);
	assert_int_equal(num(r.json, "marked"), 0);
	response_free(&r);

	/* Two more events; "read all up to" the first leaves the newer unread. */
	complaint_answered();
	complaint_answered();
	assert_int_equal(call("GET", "/v1/me/notifications?unread=true&category=complaint", ani, NULL, &r), 200);
	assert_int_equal(num(r.json, "unread"), 2);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	long long older = num(json_array_get(items, 1), "id");
	response_free(&r);
	char body[64];
	snprintf(body, sizeof body, "{\"up_to_id\":%lld}", older);
	assert_int_equal(call("POST", "/v1/me/notifications/read", ani, body, &r), 200);
	assert_int_equal(num(r.json, "marked"), 1);
	assert_int_equal(num(r.json, "unread"), 1);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/me/notifications/read", ani, "{\"up_to_id\":\"x\"}", &r), 400);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notifications?unread=maybe", ani, NULL, &r), 400);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notifications?limit=1", ani, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(json_is_string(json_object_get(r.json, "next_cursor")));
	response_free(&r);
}

static void preferences_refusals_and_channels(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("GET", "/v1/me/notification-preferences", ani, NULL, &r), 200);
	json_t *cats = json_object_get(r.json, "categories");
	assert_int_equal(json_object_size(cats), 7);
	assert_true(json_is_true(json_object_get(json_object_get(cats, "complaint"), "email")));
	assert_true(json_is_false(json_object_get(json_object_get(cats, "complaint"), "whatsapp")));
	assert_true(json_is_null(json_object_get(r.json, "quiet_hours")));
	assert_true(json_is_false(json_object_get(r.json, "daily_digest")));
	char *before = json_dumps(r.json, JSON_SORT_KEYS);
	response_free(&r);

	/* Every bad body is named and changes nothing. */
	static const struct {
		const char *body;
		long status;
		const char *field;
	} bad[] = {
		{"{\"categories\":{\"weather\":{\"email\":false}}}", 422, "categories.weather"},
		{"{\"categories\":{\"complaint\":{\"email\":\"no\"}}}", 400, "categories.complaint.email"},
		{"{\"categories\":{\"complaint\":{\"sms\":true}}}", 400, "categories.complaint.sms"},
		{"{\"categories\":[1]}", 400, "categories"},
		{"{\"quiet_hours\":{\"from\":\"25:00\",\"until\":\"06:00\"}}", 422, "quiet_hours"},
		{"{\"quiet_hours\":{\"from\":\"22:00\",\"until\":\"22:00\"}}", 422, "quiet_hours"},
		{"{\"quiet_hours\":\"22-06\"}", 400, "quiet_hours"},
		{"{\"daily_digest\":1}", 400, "daily_digest"},
		{"{\"categories\":{\"complaint\":{\"email\":false}},\"volume\":3}", 400, "volume"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani, bad[i].body, &r), bad[i].status);
		assert_string_equal(error_field_of(&r), bad[i].field);
		response_free(&r);
	}
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani, "[]", &r), 400);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notification-preferences", ani, NULL, &r), 200);
	char *after = json_dumps(r.json, JSON_SORT_KEYS);
	response_free(&r);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification_pref"), 0);

	/* Complaint answers: in the inbox only, no e-mail. */
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani,
	                      "{\"categories\":{\"complaint\":{\"email\":false}}}", &r),
	                 200);
	cats = json_object_get(r.json, "categories");
	assert_true(json_is_false(json_object_get(json_object_get(cats, "complaint"), "email")));
	assert_true(json_is_true(json_object_get(json_object_get(cats, "complaint"), "in_app")));
	assert_true(json_is_true(json_object_get(json_object_get(cats, "card"), "email")));
	response_free(&r);
	long long mails = ani_mails(), shown = db_exec(&d, "SELECT count(*) FROM notification WHERE in_app = 1");
	complaint_answered();
	assert_int_equal(ani_mails(), mails);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE in_app = 1"), shown + 1);

	/* Neither inbox nor e-mail: the event is kept but shown nowhere. */
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani,
	                      "{\"categories\":{\"complaint\":{\"in_app\":false}}}", &r),
	                 200);
	response_free(&r);
	complaint_answered();
	assert_int_equal(ani_mails(), mails);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE in_app = 1"), shown + 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE in_app = 0"), 1);
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani,
	                      "{\"categories\":{\"complaint\":{\"in_app\":true,\"email\":true}}}", &r),
	                 200);
	response_free(&r);
}

/* Quiet hours around the office's current minute: the e-mail waits until
 * they end, exactly. */
static void quiet_hours_hold_email(void **state)
{
	(void)state;
	struct response r;
	time_t now = time(NULL);
	int minute = (int)(((now + 7 * 3600) % 86400) / 60);
	int from = (minute + 1440 - 60) % 1440, until = (minute + 60) % 1440;
	char body[128];
	snprintf(body, sizeof body, "{\"quiet_hours\":{\"from\":\"%02d:%02d\",\"until\":\"%02d:%02d\"}}", from / 60,
	         from % 60, until / 60, until % 60);
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani, body, &r), 200);
	char expect[16];
	snprintf(expect, sizeof expect, "%02d:%02d", until / 60, until % 60);
	assert_string_equal(str(json_object_get(r.json, "quiet_hours"), "until"), expect);
	response_free(&r);
	long long mails = ani_mails();
	complaint_answered();
	assert_int_equal(ani_mails(), mails + 1);
	long long created = db_exec(&d, "SELECT created_at FROM outbox ORDER BY id DESC LIMIT 1");
	long long due = db_exec(&d, "SELECT next_attempt_at FROM outbox ORDER BY id DESC LIMIT 1");
	long long second = (created + 7 * 3600) % 86400;
	assert_int_equal(due, created + ((long long)until * 60 - second + 86400) % 86400);
	assert_true(due > created + 3000); /* about an hour, never now */
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani, "{\"quiet_hours\":null}", &r), 200);
	assert_true(json_is_null(json_object_get(r.json, "quiet_hours")));
	response_free(&r);
	/* Out of quiet hours: due at once. */
	complaint_answered();
	assert_int_equal(db_exec(&d, "SELECT next_attempt_at - created_at FROM outbox ORDER BY id DESC LIMIT 1"), 0);
}

static void daily_digest_once(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani, "{\"daily_digest\":true}", &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "daily_digest")));
	response_free(&r);
	long long mails = ani_mails();
	complaint_answered();
	complaint_answered();
	/* Both wait for the digest. */
	assert_int_equal(ani_mails(), mails);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE digest_state = 'pending'"), 2);

	/* The digest hour has passed at midnight; the daily job at start sends it. */
	const char *const midnight[] = {"-o", "digest_hour=0", NULL};
	assert_int_equal(daemon_restart(&d, midnight), 0);
	assert_non_null(login_token(&d, "ani@example.id", "rahasia-ani-1", ani));
	assert_non_null(login_token(&d, "o@disnaker.go.id", "petugas-aman-1", officer));
	for (int i = 0; i < 50 && db_exec(&d, "SELECT count(*) FROM notification WHERE digest_state = 'pending'"); i++)
		nanosleep(&(struct timespec){0, 100000000}, NULL);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE digest_state = 'pending'"), 0);
	assert_int_equal(ani_mails(), mails + 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM outbox WHERE recipient = 'ani@example.id' AND "
	                         "subject = 'Ringkasan harian: 2 pemberitahuan' AND "
	                         "body LIKE '%1. Pengaduan Anda sudah dijawab%2. Pengaduan Anda sudah dijawab%'"),
	                 1);
	/* Once a day: another event and another start send nothing today. */
	complaint_answered();
	assert_int_equal(daemon_restart(&d, midnight), 0);
	assert_non_null(login_token(&d, "ani@example.id", "rahasia-ani-1", ani));
	assert_non_null(login_token(&d, "o@disnaker.go.id", "petugas-aman-1", officer));
	assert_int_equal(ani_mails(), mails + 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE digest_state = 'pending'"), 1);
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani, "{\"daily_digest\":false}", &r), 200);
	response_free(&r);
}

static void report_reminder_once(void **state)
{
	(void)state;
	struct response r;
	/* Ani's first report falls due in three days. */
	db_exec(&d, "UPDATE card_report SET due_on = date('now', '+3 days') WHERE seq = 1");
	assert_int_equal(daemon_restart(&d, NULL), 0);
	assert_non_null(login_token(&d, "ani@example.id", "rahasia-ani-1", ani));
	for (int i = 0; i < 50 && !db_exec(&d, "SELECT count(*) FROM notification WHERE category = 'report'"); i++)
		nanosleep(&(struct timespec){0, 100000000}, NULL);
	assert_int_equal(call("GET", "/v1/me/notifications?category=report", ani, NULL, &r), 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(str(json_array_get(items, 0), "title"), "Saatnya lapor AK/I");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM outbox WHERE subject = 'Saatnya lapor AK/I'"), 1);
	/* The next run does not remind again. */
	assert_int_equal(daemon_restart(&d, NULL), 0);
	assert_non_null(login_token(&d, "ani@example.id", "rahasia-ani-1", ani));
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE category = 'report'"), 1);

	/* The person's export holds their notifications. */
	assert_int_equal(call("GET", "/v1/me/data-export", ani, NULL, &r), 200);
	json_t *all = json_loadb(r.body, r.len, 0, NULL);
	assert_true(json_array_size(json_object_get(all, "notifications")) >= 5);
	json_decref(all);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inbox_and_unread),       cmocka_unit_test(preferences_refusals_and_channels),
		cmocka_unit_test(quiet_hours_hold_email), cmocka_unit_test(daily_digest_once),
		cmocka_unit_test(report_reminder_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
