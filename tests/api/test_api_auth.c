/* Accounts end to end against a real daemon: registration → confirmation
 * mail from the spool → login by e-mail and by NIK → authorised and refused
 * calls → logout, password change and reset, throttling, expiry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/api_client.h"

static struct daemon d;

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, NULL);
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static long post(const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, "POST", path, token, body, NULL, r), 0);
	return r->status;
}

static void registration_confirmation_login(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(post("/v1/auth/register", NULL,
	                      "{\"email\":\"siti@example.id\",\"password\":\"kuning-2024\","
	                      "\"role\":\"seeker\",\"name\":\"Siti Aminah\",\"nik\":\"3277014506920001\"}",
	                      &r),
	                 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "unconfirmed");
	assert_string_equal(json_string_value(json_object_get(r.json, "role")), "seeker");
	/* The NIK is only ever shown masked. */
	assert_string_equal(json_string_value(json_object_get(r.json, "nik_masked")), "3277********0001");
	assert_null(strstr(r.body, "3277014506920001"));
	response_free(&r);

	/* Not confirmed yet: the right password is told to confirm first. */
	assert_int_equal(
		post("/v1/auth/login", NULL, "{\"login\":\"siti@example.id\",\"password\":\"kuning-2024\"}", &r), 403);
	assert_string_equal(error_code_of(&r), "email_unconfirmed");
	response_free(&r);

	char token[64], body[128];
	assert_int_equal(spool_token(&d, "siti@example.id", "kode konfirmasi", token), 0);
	snprintf(body, sizeof body, "{\"token\":\"%s\"}", token);
	assert_int_equal(post("/v1/auth/confirm", NULL, body, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "active");
	response_free(&r);
	/* Single use. */
	assert_int_equal(post("/v1/auth/confirm", NULL, body, &r), 400);
	assert_string_equal(error_code_of(&r), "token_invalid");
	response_free(&r);

	/* The confirmation again: the same answer for an active account, an
	 * unknown address and one waiting; only the last gets a mail, whose
	 * new code confirms it. */
	int mails = spool_count(&d);
	assert_int_equal(post("/v1/auth/confirm/resend", NULL, "{\"email\":\"siti@example.id\"}", &r), 202);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "accepted");
	response_free(&r);
	assert_int_equal(post("/v1/auth/confirm/resend", NULL, "{\"email\":\"nobody@example.id\"}", &r), 202);
	response_free(&r);
	assert_int_equal(post("/v1/auth/register", NULL,
	                      "{\"email\":\"tuti@example.id\",\"password\":\"kuning-2025\","
	                      "\"role\":\"seeker\",\"name\":\"Tuti\",\"nik\":\"3277014506930002\"}",
	                      &r),
	                 201);
	response_free(&r);
	char first[64], again[64];
	assert_int_equal(spool_token(&d, "tuti@example.id", "kode konfirmasi", first), 0);
	assert_int_equal(spool_count(&d), mails + 1);
	assert_int_equal(post("/v1/auth/confirm/resend", NULL, "{\"email\":\"tuti@example.id\"}", &r), 202);
	response_free(&r);
	for (int waited = 0; spool_count(&d) < mails + 2 && waited < 5000; waited += 25)
		usleep(25000);
	assert_int_equal(spool_count(&d), mails + 2);
	assert_int_equal(spool_token(&d, "tuti@example.id", "kode konfirmasi", again), 0);
	assert_string_not_equal(first, again);
	snprintf(body, sizeof body, "{\"token\":\"%s\"}", again);
	assert_int_equal(post("/v1/auth/confirm", NULL, body, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "active");
	response_free(&r);
	assert_int_equal(post("/v1/auth/confirm/resend", NULL, "{\"email\":\"bukan-alamat\"}", &r), 422);
	assert_string_equal(error_field_of(&r), "email");
	response_free(&r);
	/* Limited per client address (reset_max_per_address, 20 an hour): no
	 * flooding of someone's mailbox, no probing at speed. */
	long status = 0;
	int calls = 0;
	while (calls < 40 && status != 429) {
		status = post("/v1/auth/confirm/resend", NULL, "{\"email\":\"nobody@example.id\"}", &r);
		response_free(&r);
		calls++;
	}
	assert_int_equal(status, 429);
	assert_true(calls <= 20);

	/* Login by e-mail (any case) and by NIK. */
	char t1[64], t2[64];
	assert_non_null(login_token(&d, "SITI@example.id", "kuning-2024", t1));
	assert_non_null(login_token(&d, "3277014506920001", "kuning-2024", t2));
	assert_string_not_equal(t1, t2);

	assert_int_equal(http_call(&d, "GET", "/v1/me", t2, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "email")), "siti@example.id");
	assert_string_equal(json_string_value(json_object_get(r.json, "name")), "Siti Aminah");
	response_free(&r);

	/* A seeker may not list organisations. */
	assert_int_equal(http_call(&d, "GET", "/v1/organisations", t1, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 403);
	assert_string_equal(error_code_of(&r), "forbidden");
	response_free(&r);

	/* Logout ends that session only. */
	assert_int_equal(post("/v1/auth/logout", t1, NULL, &r), 204);
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/me", t1, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(error_code_of(&r), "unauthenticated");
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/me", t2, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);

	/* The database holds no NIK in clear, only the sealed value and index. */
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM account WHERE instr(CAST(nik_sealed AS TEXT),"
	                         " '3277014506920001') > 0 OR nik_index = '3277014506920001'"),
	                 0);
	assert_int_equal(db_exec(&d, "SELECT length(nik_sealed) FROM account WHERE email='siti@example.id'"), 56);
}

static void registration_refusals(void **state)
{
	(void)state;
	struct response r;
	static const struct {
		const char *body;
		long status;
		const char *code, *field;
	} cases[] = {
		{"{\"email\":\"a@example.id\",\"password\":\"rahasia123\",\"role\":\"seeker\",\"name\":\"A\","
	         "\"nik\":\"32770145069200\"}",
	         422, "nik_invalid", "nik"},
		{"{\"email\":\"a@example.id\",\"password\":\"rahasia123\",\"role\":\"seeker\",\"name\":\"A\","
	         "\"nik\":\"327701450692000X\"}",
	         422, "nik_invalid", "nik"},
		{"{\"email\":\"a@example.id\",\"password\":\"rahasia123\",\"role\":\"seeker\",\"name\":\"A\","
	         "\"nik\":3277014506920002}",
	         400, "field_type", "nik"},
		{"{\"email\":\"a@example.id\",\"password\":\"rahasia123\",\"role\":\"seeker\",\"name\":\"A\"}", 400,
	         "field_missing", "nik"},
		{"{\"email\":\"a@example.id\",\"password\":\"rahasia123\",\"role\":\"admin\",\"name\":\"A\"}", 422,
	         "role_invalid", "role"},
		{"{\"email\":\"a@example.id\",\"password\":\"rahasia123\",\"role\":\"officer\",\"name\":\"A\"}", 422,
	         "role_invalid", "role"},
		{"{\"email\":\"not-an-email\",\"password\":\"rahasia123\",\"role\":\"company\",\"name\":\"PT A\"}", 422,
	         "email_invalid", "email"},
		{"{\"email\":\"a@example.id\",\"password\":\"short\",\"role\":\"company\",\"name\":\"PT A\"}", 422,
	         "password_invalid", "password"},
		{"{\"email\":\"a@example.id\",\"password\":\"rahasia123\",\"role\":\"company\",\"name\":\"   \"}", 422,
	         "field_invalid", "name"},
		{"{\"email\":\"a@example.id\",\"password\":\"rahasia123\",\"role\":\"company\",\"name\":\"PT A\","
	         "\"nik\":\"3277014506920002\"}",
	         422, "field_invalid", "nik"},
		{"{\"email\":\"a@example.id\",\"password\":\"rahasia123\",\"role\":\"company\",\"name\":\"PT A\","
	         "\"admin\":true}",
	         400, "field_unknown", "admin"},
	};
	long before = db_exec(&d, "SELECT count(*) FROM account");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(post("/v1/auth/register", NULL, cases[i].body, &r), cases[i].status);
		assert_string_equal(error_code_of(&r), cases[i].code);
		assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
		                    cases[i].field);
		response_free(&r);
	}
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account"), before);

	/* Duplicates: the same e-mail in another case, the same NIK. */
	char t[64];
	assert_non_null(account_ready(&d, "seeker", "dup@example.id", "rahasia123", "Dup", "3277011204950003", t));
	assert_int_equal(post("/v1/auth/register", NULL,
	                      "{\"email\":\"DUP@example.id\",\"password\":\"rahasia123\",\"role\":\"seeker\","
	                      "\"name\":\"B\",\"nik\":\"3277011204950004\"}",
	                      &r),
	                 409);
	assert_string_equal(error_code_of(&r), "email_taken");
	response_free(&r);
	assert_int_equal(post("/v1/auth/register", NULL,
	                      "{\"email\":\"other@example.id\",\"password\":\"rahasia123\",\"role\":\"seeker\","
	                      "\"name\":\"B\",\"nik\":\"3277011204950003\"}",
	                      &r),
	                 409);
	assert_string_equal(error_code_of(&r), "nik_taken");
	/* It tells the person what to do, and an operator sees the asking. */
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(r.json, "error"), "message")),
	                       "pulihkan kata sandi"));
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM account"), before + 1);
	assert_int_equal(http_call(&d, "GET", "/metrics", NULL, NULL, NULL, &r), 0);
	assert_non_null(strstr(r.body, "sidakerd_registrations_taken_total{what=\"nik\"} 1\n"));
	response_free(&r);
}

static void wrong_passwords_are_throttled(void **state)
{
	(void)state;
	struct response r;
	char t[64];
	assert_non_null(account_ready(&d, "company", "hrd@pt-maju.co.id", "maju-jaya-1", "PT Maju", NULL, t));
	for (int i = 0; i < 5; i++) {
		assert_int_equal(post("/v1/auth/login", NULL,
		                      "{\"login\":\"hrd@pt-maju.co.id\",\"password\":\"wrong-password\"}", &r),
		                 401);
		assert_string_equal(error_code_of(&r), "invalid_credentials");
		response_free(&r);
	}
	/* Locked now, even with the right password. */
	assert_int_equal(
		post("/v1/auth/login", NULL, "{\"login\":\"hrd@pt-maju.co.id\",\"password\":\"maju-jaya-1\"}", &r),
		429);
	assert_string_equal(error_code_of(&r), "too_many_attempts");
	char v[32];
	assert_non_null(response_header(&r, "Retry-After", v, sizeof v));
	assert_true(atoi(v) > 0 && atoi(v) <= 900);
	response_free(&r);
	/* Unknown accounts answer exactly like wrong passwords. */
	assert_int_equal(
		post("/v1/auth/login", NULL, "{\"login\":\"nobody@example.id\",\"password\":\"whatever1\"}", &r), 401);
	assert_string_equal(error_code_of(&r), "invalid_credentials");
	response_free(&r);
	/* The window passing (simulated) unlocks the account. */
	assert_true(db_exec(&d, "UPDATE login_throttle SET window_start = window_start - 1000") > 0);
	assert_non_null(login_token(&d, "hrd@pt-maju.co.id", "maju-jaya-1", t));
}

static void password_change_and_reset(void **state)
{
	(void)state;
	struct response r;
	char a[64], b[64], body[256], token[64];
	assert_non_null(account_ready(&d, "seeker", "andi@example.id", "lama-sekali-1", "Andi", "3277010101900005", a));
	assert_non_null(login_token(&d, "andi@example.id", "lama-sekali-1", b));

	assert_int_equal(post("/v1/auth/password", a,
	                      "{\"current_password\":\"salah-sekali\",\"new_password\":\"baru-sekali-2\"}", &r),
	                 403);
	assert_string_equal(error_code_of(&r), "password_wrong");
	response_free(&r);
	assert_int_equal(post("/v1/auth/password", a,
	                      "{\"current_password\":\"lama-sekali-1\",\"new_password\":\"pendek\"}", &r),
	                 422);
	assert_string_equal(error_code_of(&r), "password_invalid");
	response_free(&r);
	assert_int_equal(post("/v1/auth/password", a,
	                      "{\"current_password\":\"lama-sekali-1\",\"new_password\":\"baru-sekali-2\"}", &r),
	                 204);
	response_free(&r);
	/* This device stays signed in, the other is signed out. */
	assert_int_equal(http_call(&d, "GET", "/v1/me", a, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/me", b, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	response_free(&r);
	assert_null(login_token(&d, "andi@example.id", "lama-sekali-1", b));
	assert_non_null(login_token(&d, "andi@example.id", "baru-sekali-2", b));

	/* Reset: the answer is the same for known and unknown addresses. */
	assert_int_equal(post("/v1/auth/password-reset", NULL, "{\"email\":\"andi@example.id\"}", &r), 202);
	response_free(&r);
	assert_int_equal(post("/v1/auth/password-reset", NULL, "{\"email\":\"nobody@example.id\"}", &r), 202);
	response_free(&r);
	assert_int_equal(spool_token(&d, "andi@example.id", "pengaturan ulang", token), 0);
	snprintf(body, sizeof body, "{\"token\":\"%s\",\"new_password\":\"ketiga-kali-3\"}", token);
	assert_int_equal(post("/v1/auth/password-reset/confirm", NULL, body, &r), 200);
	response_free(&r);
	assert_int_equal(post("/v1/auth/password-reset/confirm", NULL, body, &r), 400);
	assert_string_equal(error_code_of(&r), "token_invalid");
	response_free(&r);
	/* Every session ended; only the new password works. */
	assert_int_equal(http_call(&d, "GET", "/v1/me", a, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	response_free(&r);
	assert_null(login_token(&d, "andi@example.id", "baru-sekali-2", b));
	assert_non_null(login_token(&d, "andi@example.id", "ketiga-kali-3", b));
}

static void expired_tokens_and_sessions(void **state)
{
	(void)state;
	struct response r;
	char t[64], token[64], body[256];
	assert_non_null(account_ready(&d, "bkk", "bkk@smkn1.sch.id", "sekolah-bkk-1", "BKK SMKN 1", NULL, t));
	/* An expired session is refused. */
	assert_int_equal(db_exec(&d,
	                         "UPDATE session SET expires_at = 1 WHERE account_id = "
	                         "(SELECT id FROM account WHERE email = 'bkk@smkn1.sch.id')"),
	                 1);
	assert_int_equal(http_call(&d, "GET", "/v1/me", t, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	response_free(&r);
	/* An expired reset token is refused and changes nothing. */
	assert_int_equal(post("/v1/auth/password-reset", NULL, "{\"email\":\"bkk@smkn1.sch.id\"}", &r), 202);
	response_free(&r);
	assert_int_equal(spool_token(&d, "bkk@smkn1.sch.id", "pengaturan ulang", token), 0);
	assert_true(db_exec(&d, "UPDATE email_token SET expires_at = 1 WHERE purpose = 'reset'") >= 1);
	snprintf(body, sizeof body, "{\"token\":\"%s\",\"new_password\":\"tidak-jadi-1\"}", token);
	assert_int_equal(post("/v1/auth/password-reset/confirm", NULL, body, &r), 400);
	assert_string_equal(error_code_of(&r), "token_expired");
	response_free(&r);
	assert_non_null(login_token(&d, "bkk@smkn1.sch.id", "sekolah-bkk-1", t));
	/* Garbage tokens. */
	assert_int_equal(http_call(&d, "GET", "/v1/me", "not-a-token", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 401);
	response_free(&r);
	assert_int_equal(post("/v1/auth/confirm", NULL, "{\"token\":\"AAAA\"}", &r), 400);
	assert_string_equal(error_code_of(&r), "token_invalid");
	response_free(&r);
}

static void personal_data_stays_out_of_the_log(void **state)
{
	(void)state;
	/* Everything above went through the access log. */
	assert_false(log_contains(&d, "3277014506920001"));
	assert_false(log_contains(&d, "siti@example.id"));
	assert_false(log_contains(&d, "Siti Aminah"));
	assert_false(log_contains(&d, "kuning-2024"));
	assert_true(log_contains(&d, "route=/v1/auth/login"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registration_confirmation_login), cmocka_unit_test(registration_refusals),
		cmocka_unit_test(wrong_passwords_are_throttled),   cmocka_unit_test(password_change_and_reset),
		cmocka_unit_test(expired_tokens_and_sessions),     cmocka_unit_test(personal_data_stays_out_of_the_log),
	};
	return cmocka_run_group_tests_name("api_auth", tests, setup, teardown);
}
