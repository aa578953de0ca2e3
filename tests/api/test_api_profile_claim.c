/* Card holders from the legacy register claim their card (issue 22, item
 * 4), against a real daemon: the office imports its register; a holder who
 * signs up with the NIK, the name and the birth date of the record finds
 * the card and the profile there at once; one whose birth date differs waits
 * for an officer, who links or rejects the claim from a queue, and is told;
 * meanwhile nobody can take the record over by typing a profile; a
 * sign-up without a birth date is decided by the profile it saves. */
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
static char officer[64];

static const char register_csv[] =
	"nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,kelurahan_code,education_level,"
	"card_number,issued_on,valid_until,state,ended_on,end_reason\n"
	"3277015203950001,SITI RAHAYU,Cimahi,1995-03-12,F,Jl. Kebon Kopi 4,32.77.01,32.77.01.1001,smk,"
	"3277 000201 010125,2025-01-06,,active,,\n"
	"3277010107900002,Budi Santoso,Bandung,1990-07-01,M,Jl. Baros 8,32.77.01,32.77.01.1001,sma,"
	"3277 000202 020125,2025-02-03,,active,,\n"
	"3277014404000003,Ani Lestari,Cimahi,2000-04-04,F,Jl. Leuwigajah 2,32.77.02,32.77.02.1001,s1,"
	"3277 000203 030125,2025-03-03,,active,,\n"
	"3277015505010004,Dewi Kartika,Cimahi,2001-05-15,F,Jl. Cibeber 9,32.77.02,32.77.02.1001,d3,"
	"3277 000204 040125,2025-04-07,,active,,\n";

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int setup(void **state)
{
	(void)state;
	struct response r;
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    http_call_bytes(&d, "POST", "/v1/card-imports", officer, register_csv, strlen(register_csv), "text/csv",
	                    &r) < 0)
		return -1;
	int ok = r.status == 200 && json_integer_value(json_object_get(r.json, "imported")) == 4;
	if (!ok)
		fprintf(stderr, "import: %ld %s\n", r.status, r.body);
	response_free(&r);
	return ok ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* Registers (checking the claim the answer names: NULL for none), confirms
 * and logs in. */
static void sign_up(const char *email, const char *nik, const char *name, const char *birth_date, const char *claim,
                    char token[64])
{
	char body[512], birth[48] = "";
	struct response r;
	if (birth_date)
		snprintf(birth, sizeof birth, ",\"birth_date\":\"%s\"", birth_date);
	snprintf(body, sizeof body,
	         "{\"email\":\"%s\",\"password\":\"rahasia-kerja-1\",\"role\":\"seeker\",\"name\":\"%s\","
	         "\"nik\":\"%s\"%s}",
	         email, name, nik, birth);
	assert_int_equal(call("POST", "/v1/auth/register", NULL, body, &r), 201);
	if (claim)
		assert_string_equal(str(r.json, "profile_claim"), claim);
	else
		assert_null(json_object_get(r.json, "profile_claim"));
	response_free(&r);
	char code[64];
	assert_int_equal(spool_token(&d, email, "kode konfirmasi", code), 0);
	snprintf(body, sizeof body, "{\"token\":\"%s\"}", code);
	assert_int_equal(call("POST", "/v1/auth/confirm", NULL, body, &r), 200);
	response_free(&r);
	assert_non_null(login_token(&d, email, "rahasia-kerja-1", token));
}

static long long seekers(void) { return db_exec(&d, "SELECT count(*) FROM seeker"); }

static void agreeing_holder_finds_card_and_profile(void **state)
{
	(void)state;
	struct response r;
	char siti[64];
	/* Case and spacing of the name do not matter. */
	sign_up("siti@example.id", "3277015203950001", "Siti  Rahayu", "1995-03-12", "linked", siti);
	assert_int_equal(call("GET", "/v1/me/card", siti, NULL, &r), 200);
	assert_string_equal(str(r.json, "number"), "3277 000201 010125");
	assert_string_equal(str(r.json, "state"), "active");
	response_free(&r);
	/* The profile is the register's: nothing to type again. */
	assert_int_equal(call("GET", "/v1/me/profile", siti, NULL, &r), 200);
	assert_string_equal(str(r.json, "full_name"), "SITI RAHAYU");
	assert_string_equal(str(r.json, "address"), "Jl. Kebon Kopi 4");
	assert_string_equal(str(r.json, "education_level"), "smk");
	assert_string_equal(str(r.json, "nik_masked"), "3277********0001");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me", siti, NULL, &r), 200);
	assert_string_equal(str(r.json, "profile_claim"), "linked");
	response_free(&r);
	assert_int_equal(seekers(), 4); /* linked, not copied */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'profile_claim.linked'"), 1);
}

static void differing_holder_waits_for_an_officer(void **state)
{
	(void)state;
	struct response r;
	char budi[64], path[96];
	sign_up("budi@example.id", "3277010107900002", "Budi Santoso", "1990-07-02", "pending", budi);
	/* Meanwhile: no card, and no profile typed over the record. */
	assert_int_equal(call("GET", "/v1/me/card", budi, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(
		seeker_profile_ready(&d, budi, "Budi Santoso", "1990-07-02", "M", "sma", "32.77.01.1001", NULL), -1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker WHERE account_id IS NOT NULL"), 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker WHERE address = 'Jl. Baros 8'"), 1);

	/* The queue shows what was given beside what the record says. */
	assert_int_equal(call("GET", "/v1/profile-claims", budi, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/profile-claims?state=unknown", officer, NULL, &r), 400);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/profile-claims", officer, NULL, &r), 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *claim = json_array_get(items, 0);
	long long id = json_integer_value(json_object_get(claim, "id"));
	assert_string_equal(str(claim, "state"), "pending");
	assert_true(json_is_true(json_object_get(claim, "name_agrees")));
	assert_false(json_is_true(json_object_get(claim, "birth_date_agrees")));
	assert_string_equal(str(json_object_get(claim, "given"), "birth_date"), "1990-07-02");
	assert_string_equal(str(json_object_get(claim, "record"), "birth_date"), "1990-07-01");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(claim, "record"), "cards")), 1);
	assert_string_equal(str(claim, "nik_masked"), "3277********0002");
	assert_null(strstr(r.body, "3277010107900002"));
	assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
	response_free(&r);

	/* Refusals change nothing. */
	snprintf(path, sizeof path, "/v1/profile-claims/%lld/decision", id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"reject\"}", &r), 400);
	assert_string_equal(error_field_of(&r), "note");
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"maybe\"}", &r), 422);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/profile-claims/999999/decision", officer, "{\"decision\":\"link\"}", &r),
	                 404);
	response_free(&r);
	assert_int_equal(call("POST", path, budi, "{\"decision\":\"link\"}", &r), 403);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM profile_claim WHERE state = 'pending'"), 1);

	/* The officer checked the KTP at the counter: linked, and Budi is told. */
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"link\",\"note\":\"KTP diperiksa di loket\"}", &r),
	                 200);
	assert_string_equal(str(r.json, "state"), "linked");
	assert_non_null(str(r.json, "decided_at"));
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"reject\",\"note\":\"x\"}", &r), 409);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/card", budi, NULL, &r), 200);
	assert_string_equal(str(r.json, "number"), "3277 000202 020125");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notifications", budi, NULL, &r), 200);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "items"), 0), "title"),
	                    "Data register Anda sudah tertaut");
	response_free(&r);
	/* Now his profile is his to change. */
	assert_int_equal(
		seeker_profile_ready(&d, budi, "Budi Santoso", "1990-07-01", "M", "sma", "32.77.01.1001", NULL), 0);
	assert_int_equal(seekers(), 4);
}

static void sign_up_without_birth_date_is_decided_by_the_profile(void **state)
{
	(void)state;
	struct response r;
	char ani[64], dewi[64], path[96];
	/* Ani: no birth date at sign-up, nothing decided yet. */
	sign_up("ani@example.id", "3277014404000003", "Ani", NULL, NULL, ani);
	assert_int_equal(call("GET", "/v1/me/profile", ani, NULL, &r), 409);
	assert_string_equal(error_code_of(&r), "profile_missing");
	response_free(&r);
	/* A profile whose name differs from the record's queues a claim. */
	assert_int_equal(seeker_profile_ready(&d, ani, "Ani Wijaya", "2000-04-04", "F", "s1", "32.77.02.1001", NULL),
	                 -1);
	assert_int_equal(call("PUT", "/v1/me/profile", ani,
	                      "{\"full_name\":\"Ani Wijaya\",\"birth_place\":\"Cimahi\",\"birth_date\":\"2000-04-04\","
	                      "\"gender\":\"F\",\"marital_status\":\"belum_kawin\",\"religion\":\"islam\",\"address\":"
	                      "\"Jl. Lain 1\",\"kecamatan_code\":\"32.77.02\",\"kelurahan_code\":\"32.77.02.1001\","
	                      "\"phone\":\"081222334455\",\"education_level\":\"s1\"}",
	                      &r),
	                 409);
	assert_string_equal(error_code_of(&r), "profile_claim_pending");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM profile_claim WHERE state = 'pending' AND name_agrees = 0"),
	                 1);
	assert_int_equal(
		db_exec(&d, "SELECT count(*) FROM seeker WHERE full_name = 'Ani Lestari' AND account_id IS NULL"), 1);
	/* Rejected with a reason, which Ani is told; the record stays as it was. */
	long long id = db_exec(&d, "SELECT id FROM profile_claim WHERE state = 'pending'");
	snprintf(path, sizeof path, "/v1/profile-claims/%lld/decision", id);
	assert_int_equal(call("POST", path, officer,
	                      "{\"decision\":\"reject\",\"note\":\"Nama tidak sesuai dengan register\"}", &r),
	                 200);
	assert_string_equal(str(r.json, "state"), "rejected");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me", ani, NULL, &r), 200);
	assert_string_equal(str(r.json, "profile_claim"), "rejected");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notifications", ani, NULL, &r), 200);
	assert_non_null(strstr(r.body, "Nama tidak sesuai dengan register"));
	response_free(&r);
	assert_int_equal(seeker_profile_ready(&d, ani, "Ani Lestari", "2000-04-04", "F", "s1", "32.77.02.1001", NULL),
	                 -1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM seeker WHERE full_name = 'Ani Lestari' AND account_id IS NULL "
	                         "AND address = 'Jl. Leuwigajah 2'"),
	                 1);

	/* Dewi: no birth date at sign-up, then a profile that agrees: linked,
	 * with what she typed. */
	sign_up("dewi@example.id", "3277015505010004", "Dewi", NULL, NULL, dewi);
	assert_int_equal(seeker_profile_ready(&d, dewi, "Dewi Kartika", "2001-05-15", "F", "d3", "32.77.02.1001", NULL),
	                 0);
	assert_int_equal(call("GET", "/v1/me/card", dewi, NULL, &r), 200);
	assert_string_equal(str(r.json, "number"), "3277 000204 040125");
	response_free(&r);
	assert_int_equal(seekers(), 4);
	assert_int_equal(
		db_exec(&d, "SELECT count(*) FROM profile_claim WHERE state = 'linked' AND decided_by IS NULL"), 2);

	/* Bad sign-ups: written nowhere. */
	static const char *const bad[] = {
		"{\"email\":\"x@example.id\",\"password\":\"rahasia-kerja-1\",\"role\":\"seeker\",\"name\":\"X\","
		"\"nik\":\"3277010101900009\",\"birth_date\":\"1990-13-01\"}",
		"{\"email\":\"y@example.id\",\"password\":\"rahasia-kerja-1\",\"role\":\"company\",\"name\":\"PT Y\","
		"\"birth_date\":\"1990-01-01\"}",
		"{\"email\":\"z@example.id\",\"password\":\"rahasia-kerja-1\",\"role\":\"seeker\",\"name\":\"Z\","
		"\"nik\":\"3277010101900009\",\"birth_date\":19900101}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_true(call("POST", "/v1/auth/register", NULL, bad[i], &r) / 100 == 4);
		assert_string_equal(error_field_of(&r), "birth_date");
		response_free(&r);
	}
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM account WHERE email IN ('x@example.id','y@example.id',"
	                         "'z@example.id')"),
	                 0);
	/* Nobody's NIK or name in the log. */
	assert_false(log_contains(&d, "3277014404000003"));
	assert_false(log_contains(&d, "Ani Lestari"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(agreeing_holder_finds_card_and_profile),
		cmocka_unit_test(differing_holder_waits_for_an_officer),
		cmocka_unit_test(sign_up_without_birth_date_is_decided_by_the_profile),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
