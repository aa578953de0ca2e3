/* Staff routes against a real daemon: the first admin creates an officer,
 * the officer verifies and rejects organisations, roles are enforced, the
 * admin takes an online backup and reads the outbox. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api_client.h"

static struct daemon d;
static char admin[64], officer[64], company[64], seeker[64], lpk[64];

static int setup(void **state)
{
	(void)state;
	if (daemon_start(&d, NULL) < 0 || !admin_token(&d, admin))
		return -1;
	if (!account_ready(&d, "company", "hrd@pt-sinar.co.id", "sinar-terang-1", "PT Sinar Terang", NULL, company) ||
	    !account_ready(&d, "lpk", "admin@lpk-mandiri.id", "lpk-mandiri-1", "LPK Mandiri", NULL, lpk) ||
	    !account_ready(&d, "seeker", "rina@example.id", "rina-rahasia1", "Rina", "3277016508010003", seeker))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}

static void admin_creates_officer(void **state)
{
	(void)state;
	struct response r;
	const char *body = "{\"email\":\"petugas@disnaker.cimahikota.go.id\",\"password\":\"petugas-aman-1\","
			   "\"name\":\"Dewi Lestari\",\"nip\":\"198501012010012001\"}";
	/* Only an admin. */
	assert_int_equal(call("POST", "/v1/admin/officers", company, body, &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/admin/officers", NULL, body, &r), 401);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/admin/officers", admin, body, &r), 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "role")), "officer");
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "active");
	assert_string_equal(json_string_value(json_object_get(r.json, "nip")), "198501012010012001");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/admin/officers", admin, body, &r), 409);
	assert_string_equal(error_code_of(&r), "email_taken");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/admin/officers", admin,
	                      "{\"email\":\"x@disnaker.go.id\",\"password\":\"petugas-aman-1\",\"name\":\"X\"}", &r),
	                 400);
	assert_string_equal(error_code_of(&r), "field_missing");
	response_free(&r);
	assert_non_null(login_token(&d, "petugas@disnaker.cimahikota.go.id", "petugas-aman-1", officer));
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'account.create_officer'"), 1);
}

static void organisations_wait_for_verification(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("GET", "/v1/me", company, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "verification")), "pending");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me", seeker, NULL, &r), 200);
	assert_null(json_object_get(r.json, "verification"));
	response_free(&r);

	assert_int_equal(call("GET", "/v1/organisations?verification=pending", officer, NULL, &r), 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	/* Newest first: the LPK registered after the company. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "role")), "lpk");
	assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
	response_free(&r);

	/* Pagination with a cursor. */
	assert_int_equal(call("GET", "/v1/organisations?limit=1", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	char path[128];
	snprintf(path, sizeof path, "/v1/organisations?limit=1&cursor=%s",
	         json_string_value(json_object_get(r.json, "next_cursor")));
	response_free(&r);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "role")),
		"company");
	response_free(&r);

	assert_int_equal(call("GET", "/v1/organisations?role=seeker", officer, NULL, &r), 400);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/organisations", lpk, NULL, &r), 403);
	response_free(&r);
}

static void officer_verifies_and_rejects(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	long company_id = db_exec(&d, "SELECT id FROM account WHERE email = 'hrd@pt-sinar.co.id'");
	long lpk_id = db_exec(&d, "SELECT id FROM account WHERE email = 'admin@lpk-mandiri.id'");
	long seeker_id = db_exec(&d, "SELECT id FROM account WHERE email = 'rina@example.id'");

	snprintf(path, sizeof path, "/v1/organisations/%ld/verification", company_id);
	/* Not by the company itself, not by an admin (officers verify). */
	assert_int_equal(call("POST", path, company, "{\"decision\":\"verified\"}", &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", path, admin, "{\"decision\":\"verified\"}", &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"maybe\"}", &r), 422);
	assert_string_equal(error_code_of(&r), "field_invalid");
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"verified\",\"note\":\"NIB cocok\"}", &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "verification")), "verified");
	assert_string_equal(json_string_value(json_object_get(r.json, "verification_note")), "NIB cocok");
	response_free(&r);

	/* A rejection needs a reason. */
	snprintf(path, sizeof path, "/v1/organisations/%ld/verification", lpk_id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"rejected\"}", &r), 400);
	assert_string_equal(error_code_of(&r), "field_missing");
	response_free(&r);
	assert_int_equal(
		call("POST", path, officer, "{\"decision\":\"rejected\",\"note\":\"Izin LPK kedaluwarsa\"}", &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "verification")), "rejected");
	response_free(&r);

	/* People are not organisations; unknown ids are 404. */
	snprintf(path, sizeof path, "/v1/organisations/%ld/verification", seeker_id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"verified\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "not_an_organisation");
	response_free(&r);
	assert_int_equal(
		call("POST", "/v1/organisations/999999/verification", officer, "{\"decision\":\"verified\"}", &r), 404);
	response_free(&r);

	assert_int_equal(call("GET", "/v1/me", company, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "verification")), "verified");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'organisation.verify'"), 2);
	/* The audit log cannot be rewritten. */
	assert_int_equal(db_exec(&d, "UPDATE audit_log SET action = 'x'"), -1);
	assert_int_equal(db_exec(&d, "DELETE FROM audit_log"), -1);
}

/* The audit log for an admin: filtered, paged, ids only. */
static void audit_queryable_by_admin(void **state)
{
	(void)state;
	struct response r;
	long long officer_id = db_exec(&d, "SELECT id FROM account WHERE role = 'officer'");
	char path[160];
	snprintf(path, sizeof path, "/v1/admin/audit?actor_id=%lld&action=organisation.", officer_id);
	assert_int_equal(call("GET", path, officer, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", path, admin, NULL, &r), 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items),
	                 db_exec(&d,
	                         "SELECT count(*) FROM audit_log WHERE action LIKE "
	                         "'organisation.%' AND actor_id = (SELECT id FROM account "
	                         "WHERE role = 'officer')"));
	assert_true(json_array_size(items) >= 2);
	size_t i;
	json_t *e;
	long long previous = 0;
	json_array_foreach (items, i, e) {
		assert_int_equal(json_integer_value(json_object_get(e, "actor_id")), officer_id);
		assert_string_equal(json_string_value(json_object_get(e, "actor_role")), "officer");
		assert_int_equal(strncmp(json_string_value(json_object_get(e, "action")), "organisation.", 13), 0);
		long long id = json_integer_value(json_object_get(e, "id"));
		assert_true(previous == 0 || id < previous); /* newest first */
		previous = id;
	}
	/* No personal data in it: not the seeker's NIK, name or e-mail. */
	assert_null(strstr(r.body, "3277016508010003"));
	assert_null(strstr(r.body, "rina@example.id"));
	response_free(&r);
	/* One exact action, one object, a page of one with a cursor. */
	assert_int_equal(call("GET", "/v1/admin/audit?action=account.create_officer&limit=1", admin, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
	response_free(&r);
	/* Today's entries, and none in a year long past. */
	time_t now = time(NULL) + 7 * 3600;
	char today[16];
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
	snprintf(path, sizeof path, "/v1/admin/audit?since=%s&until=%s&limit=200", today, today);
	assert_int_equal(call("GET", path, admin, NULL, &r), 200);
	assert_true(json_array_size(json_object_get(r.json, "items")) >= 3);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/admin/audit?until=2001-12-31", admin, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	static const char *const bad[] = {"actor_id=x", "object_id=-1", "action=DROP%20TABLE", "since=2026-13-01",
	                                  "limit=0"};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		snprintf(path, sizeof path, "/v1/admin/audit?%s", bad[k]);
		assert_int_equal(call("GET", path, admin, NULL, &r), 400);
		response_free(&r);
	}
}

static void online_backup(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("POST", "/v1/admin/backup", officer, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/admin/backup", admin, NULL, &r), 201);
	const char *file = json_string_value(json_object_get(r.json, "file"));
	assert_non_null(file);
	assert_true(json_integer_value(json_object_get(r.json, "bytes")) > 100000);
	char path[600];
	snprintf(path, sizeof path, "%s/backups/%s", d.dir, file);
	response_free(&r);
	/* The copy opens on its own and has the same accounts and regions. */
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT (SELECT count(*) FROM account), "
	                                    "(SELECT count(*) FROM region)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), db_exec(&d, "SELECT count(*) FROM account"));
	assert_int_equal(sqlite3_column_int64(st, 1), 91599);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void outbox_for_admins(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("GET", "/v1/admin/outbox?state=sent", admin, NULL, &r), 200);
	json_t *items = json_object_get(r.json, "items");
	assert_true(json_array_size(items) >= 3);
	/* Recipients are masked in the listing. */
	assert_null(strstr(r.body, "rina@example.id"));
	assert_non_null(strstr(r.body, "ri***@example.id"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/admin/outbox?state=lost", admin, NULL, &r), 400);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/admin/outbox", officer, NULL, &r), 403);
	response_free(&r);
	/* A sent message cannot be retried. */
	long sent_id = db_exec(&d, "SELECT max(id) FROM outbox WHERE sent_at IS NOT NULL");
	char path[64];
	snprintf(path, sizeof path, "/v1/admin/outbox/%ld/retry", sent_id);
	assert_int_equal(call("POST", path, admin, NULL, &r), 404);
	response_free(&r);
}

static void failed_delivery_is_retried_and_visible(void **state)
{
	(void)state;
	struct response r;
	/* Restart with a mail command that always fails. */
	assert_int_equal(daemon_stop(&d), 0);
	static const char *const args[] = {"-o", "mail_command=/bin/false", NULL};
	assert_int_equal(daemon_restart(&d, args), 0);
	assert_int_equal(call("POST", "/v1/auth/password-reset", NULL, "{\"email\":\"rina@example.id\"}", &r), 202);
	response_free(&r);
	long id = db_exec(&d, "SELECT max(id) FROM outbox");
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT attempts FROM outbox WHERE id = %ld", id);
	for (int i = 0; i < 200 && db_exec(&d, sql) < 1; i++)
		usleep(25000);
	assert_int_equal(db_exec(&d, sql), 1);
	snprintf(sql, sizeof sql, "SELECT next_attempt_at - strftime('%%s','now') FROM outbox WHERE id = %ld", id);
	long wait = db_exec(&d, sql);
	assert_true(wait >= 25 && wait <= 30); /* back-off: 30 s after the first failure */

	assert_non_null(admin_token(&d, admin));
	assert_int_equal(call("GET", "/v1/admin/outbox?state=failed", admin, NULL, &r), 200);
	json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), id);
	assert_string_equal(json_string_value(json_object_get(first, "last_error")),
	                    "mail_command exited with status 1");
	response_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/v1/admin/outbox/%ld/retry", id);
	assert_int_equal(call("POST", path, admin, NULL, &r), 202);
	response_free(&r);
	snprintf(sql, sizeof sql, "SELECT attempts FROM outbox WHERE id = %ld", id);
	for (int i = 0; i < 200 && db_exec(&d, sql) < 2; i++)
		usleep(25000);
	assert_int_equal(db_exec(&d, sql), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(admin_creates_officer),
		cmocka_unit_test(organisations_wait_for_verification),
		cmocka_unit_test(officer_verifies_and_rejects),
		cmocka_unit_test(audit_queryable_by_admin),
		cmocka_unit_test(online_backup),
		cmocka_unit_test(outbox_for_admins),
		cmocka_unit_test(failed_delivery_is_retried_and_visible),
	};
	return cmocka_run_group_tests_name("api_staff", tests, setup, teardown);
}
