/* A person's own data (UU 27/2022): the export of everything held about
 * them, and deletion by anonymisation that leaves the statistics' counts
 * as they were. */
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

static struct daemon d;
static char officer[64], budi[64];
static const char *const nik = "3277011204950003";

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
			!account_ready(&d, "seeker", "budi@example.id", "rahasia-kerja-1", "Budi Santoso", nik, budi)
		? -1
		: 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* Budi: a profile, his three documents, an issued card, a placement. */
static void a_person_with_a_history(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	assert_int_equal(
		call("PUT", "/v1/me/profile", budi,
	             "{\"full_name\":\"Budi Santoso\",\"birth_place\":\"Cimahi\",\"birth_date\":\"1995-04-12\","
	             "\"gender\":\"M\",\"marital_status\":\"belum_kawin\",\"religion\":\"islam\",\"address\":\"Jl. Baros 7\","
	             "\"kecamatan_code\":\"32.77.01\",\"kelurahan_code\":\"32.77.01.1001\",\"phone\":\"081222334455\","
	             "\"education_level\":\"smk\",\"school\":\"SMKN 1 Cimahi\"}",
	             &r),
		200);
	response_free(&r);
	static const char *const docs[][2] = {
		{"photo", "photo-300x400.jpg"}, {"ktp", "ktp.jpg"}, {"diploma", "ijazah.pdf"}};
	for (int i = 0; i < 3; i++) {
		size_t len;
		unsigned char *data = fixture(docs[i][1], &len);
		snprintf(path, sizeof path, "/v1/me/documents?kind=%s", docs[i][0]);
		assert_int_equal(http_call_bytes(&d, "POST", path, budi, data, len, "application/octet-stream", &r), 0);
		assert_int_equal(r.status, 201);
		response_free(&r);
		free(data);
	}
	assert_int_equal(call("POST", "/v1/me/card-applications", budi, "{\"kind\":\"new\"}", &r), 201);
	long long app = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/me/card-applications/%lld/submit", app);
	assert_int_equal(call("POST", path, budi, NULL, &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/card-applications/%lld/issue", app);
	assert_int_equal(call("POST", path, officer, NULL, &r), 201);
	response_free(&r);
	char body[512];
	snprintf(body, sizeof body,
	         "{\"nik\":\"%s\",\"employer_name\":\"PT Maju\",\"employer_type\":\"private_company\","
	         "\"position\":\"Teknisi\",\"location_kind\":\"kabkota\",\"location_code\":\"32.77\","
	         "\"start_date\":\"2025-01-01\",\"channel\":\"job_fair\"}",
	         nik);
	assert_int_equal(call("POST", "/v1/placements", officer, body, &r), 201);
	response_free(&r);
}

static void export_holds_everything(void **state)
{
	(void)state;
	struct response r;
	char disposition[256];
	assert_int_equal(call("GET", "/v1/me/data-export", NULL, NULL, &r), 401);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/data-export", officer, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/data-export", budi, NULL, &r), 200);
	assert_non_null(response_header(&r, "Content-Disposition", disposition, sizeof disposition));
	assert_non_null(strstr(disposition, "attachment"));
	json_t *all = json_loads(r.body, 0, NULL);
	assert_non_null(all);
	/* His own data, unmasked: it is his. */
	assert_string_equal(str(json_object_get(all, "profile"), "nik"), nik);
	assert_string_equal(str(json_object_get(all, "profile"), "school"), "SMKN 1 Cimahi");
	assert_string_equal(str(json_object_get(all, "account"), "email"), "budi@example.id");
	assert_int_equal(json_array_size(json_object_get(all, "documents")), 3);
	assert_int_equal(json_array_size(json_object_get(all, "cards")), 1);
	assert_int_equal(json_array_size(json_object_get(all, "card_applications")), 1);
	assert_int_equal(json_array_size(json_object_get(all, "placements")), 1);
	assert_string_equal(str(json_array_get(json_object_get(all, "placements"), 0), "employer"), "PT Maju");
	json_decref(all);
	response_free(&r);
	/* The export is in the audit log (flushed within a second). */
	for (int i = 0; i < 30 && db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'person.export'") < 1; i++)
		usleep(100000);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'person.export'"), 1);
}

/* Uploads are limited per account and hour (uploads_max_per_account, 60):
 * Budi has stored 3; 57 more, then 429 with Retry-After and nothing stored. */
static void uploads_per_account(void **state)
{
	(void)state;
	struct response r;
	size_t len;
	unsigned char *data = fixture("ktp.jpg", &len);
	for (int i = 0; i < 57; i++) {
		assert_int_equal(http_call_bytes(&d, "POST", "/v1/me/documents?kind=certificate", budi, data, len,
		                                 "application/octet-stream", &r),
		                 0);
		assert_int_equal(r.status, 201);
		response_free(&r);
	}
	long long stored = db_exec(&d, "SELECT count(*) FROM document");
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/me/documents?kind=certificate", budi, data, len,
	                                 "application/octet-stream", &r),
	                 0);
	assert_int_equal(r.status, 429);
	char retry[16];
	assert_non_null(response_header(&r, "Retry-After", retry, sizeof retry));
	assert_true(atoi(retry) > 0);
	response_free(&r);
	free(data);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM document"), stored);
}

static void deletion_anonymises_and_keeps_counts(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	snprintf(path, sizeof path, "/v1/statistics/iku?year=2025");
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	char *before = json_dumps(json_object_get(r.json, "indicators"), JSON_SORT_KEYS | JSON_COMPACT);
	response_free(&r);
	long long cards = db_exec(&d, "SELECT count(*) FROM card"),
		  placements = db_exec(&d, "SELECT count(*) FROM placement");
	long long card_id = db_exec(&d, "SELECT max(id) FROM card");
	char pdf[64];
	snprintf(pdf, sizeof pdf, "/v1/cards/%lld/pdf", card_id);
	assert_int_equal(call("GET", pdf, officer, NULL, &r), 200);
	response_free(&r);

	/* The password again; a wrong one changes nothing. */
	assert_int_equal(call("POST", "/v1/me/deletion", budi, "{}", &r), 400);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/me/deletion", budi, "{\"password\":\"salah-sekali-1\"}", &r), 403);
	assert_string_equal(error_code_of(&r), "password_wrong");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker WHERE full_name = 'Budi Santoso'"), 1);
	assert_int_equal(call("POST", "/v1/me/deletion", budi, "{\"password\":\"rahasia-kerja-1\"}", &r), 200);
	assert_string_equal(str(r.json, "status"), "anonymised");
	response_free(&r);

	/* Gone: the session, the login, the name, the contact, the documents, the mails. */
	assert_int_equal(call("GET", "/v1/me", budi, NULL, &r), 401);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/auth/login", NULL,
	                      "{\"login\":\"budi@example.id\",\"password\":\"rahasia-kerja-1\"}", &r),
	                 401);
	response_free(&r);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM seeker WHERE full_name = '(dihapus)' AND phone IS NULL "
	                         "AND school IS NULL AND address = '-' AND account_id IS NULL"),
	                 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM document"), 0);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account WHERE email = 'budi@example.id'"), 0);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM outbox WHERE recipient = 'budi@example.id'"), 0);
	/* The card stays in the register, but nobody's card can be printed: a
	 * clear 410 (it was 503, which monitoring reads as the store down). */
	assert_int_equal(call("GET", pdf, officer, NULL, &r), 410);
	assert_string_equal(error_code_of(&r), "person_deleted");
	assert_null(response_header(&r, "Retry-After", path, sizeof path));
	response_free(&r);
	/* Kept: what the statistics count, with the same numbers. */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card"), cards);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM placement"), placements);
	assert_true(iku_counts_agree(&d)); /* the placements' person changed to an anonymous one */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker WHERE birth_date = '1995-04-12' AND gender = 'M'"),
	                 1);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	char *after = json_dumps(json_object_get(r.json, "indicators"), JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(before, after);
	free(before);
	free(after);
	response_free(&r);
	/* The NIK is free: the person may register again as someone new. */
	char again[64];
	assert_non_null(account_ready(&d, "seeker", "budi.baru@example.id", "rahasia-kerja-2", "Budi", nik, again));
	assert_true(db_integrity_ok(&d));
}

/* Retention: a sign-up never confirmed goes after unconfirmed_retention_days
 * (30) with the e-mails sent to it; a confirmed account stays. */
static void stale_sign_ups_are_deleted(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("POST", "/v1/auth/register", NULL,
	                      "{\"email\":\"lupa@example.id\",\"password\":\"rahasia-lupa-1\",\"role\":\"seeker\","
	                      "\"name\":\"Lupa\",\"nik\":\"3277010101990077\"}",
	                      &r),
	                 201);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/auth/register", NULL,
	                      "{\"email\":\"baru@example.id\",\"password\":\"rahasia-baru-1\",\"role\":\"company\","
	                      "\"name\":\"PT Baru\"}",
	                      &r),
	                 201);
	response_free(&r);
	for (int i = 0; i < 50 && db_exec(&d, "SELECT count(*) FROM outbox WHERE recipient = 'lupa@example.id'") < 1;
	     i++)
		usleep(100000);
	/* Thirty-one days ago for one of them; the other is a day old. */
	assert_int_equal(
		db_exec(&d, "UPDATE account SET created_at = unixepoch() - 31 * 86400 WHERE email = 'lupa@example.id'"),
		1);
	assert_int_equal(
		db_exec(&d, "UPDATE account SET created_at = unixepoch() - 86400 WHERE email = 'baru@example.id'"), 1);
	long long confirmed = db_exec(&d, "SELECT count(*) FROM account WHERE status = 'active'");
	/* Housekeeping runs at start and every hour: a restart runs it now. */
	assert_int_equal(daemon_stop(&d), 0);
	assert_int_equal(daemon_restart(&d, NULL), 0);
	for (int i = 0; i < 50 && db_exec(&d, "SELECT count(*) FROM account WHERE email = 'lupa@example.id'") > 0; i++)
		usleep(100000);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account WHERE email = 'lupa@example.id'"), 0);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM outbox WHERE recipient = 'lupa@example.id'"), 0);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account WHERE email = 'baru@example.id'"), 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account WHERE status = 'active'"), confirmed);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'account.purge_unconfirmed'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_person_with_a_history),    cmocka_unit_test(export_holds_everything),
		cmocka_unit_test(uploads_per_account),        cmocka_unit_test(deletion_anonymises_and_keeps_counts),
		cmocka_unit_test(stale_sign_ups_are_deleted),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
