/* The province and the ministry pulling the office's statistics (issue 26)
 * on a real daemon: an admin registers service clients (the secret shown
 * once), rotates a secret (the old one and its tokens stop), revokes a
 * client; tokens by the OAuth 2.0 client-credentials grant with HTTP Basic
 * (RFC 6749's error shapes for a wrong secret, a missing or unknown grant,
 * a scope not the client's); a token without the scope, or none, is
 * refused with its WWW-Authenticate challenge; each client's rate; the
 * feed of closed months with ?since=, a month not closed refused, a
 * correction to a closed month (a person's gender corrected) seen as a
 * change after a point, its document with the frozen tables, the
 * correction and the year's indicators, as JSON and CSV. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "api/api_client.h"

static struct daemon d;
static char admin[64], officer[64], last_month[16];

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static int setup(void **state)
{
	(void)state;
	static const char *const args[] = {"-o", "service_rate_per_minute=40", NULL};
	char today[11];
	office_date(0, today);
	int y = atoi(today), m = atoi(today + 5) - 1;
	if (m == 0) {
		m = 12;
		y--;
	}
	snprintf(last_month, sizeof last_month, "%04d-%02d", y % 10000, m % 100);
	return daemon_start(&d, args) == 0 && admin_token(&d, admin) && officer_ready(&d, officer) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* POST /v1/oauth/token with Basic id:secret and a form body. */
static long token_call(const char *id, const char *secret, const char *form, struct response *r)
{
	char pair[192], basic[300], header[340];
	snprintf(pair, sizeof pair, "%s:%s", id, secret);
	sodium_bin2base64(basic, sizeof basic, (const unsigned char *)pair, strlen(pair),
	                  sodium_base64_VARIANT_ORIGINAL);
	snprintf(header, sizeof header, "Authorization: Basic %s", basic);
	const char *headers[] = {header, "Content-Type: application/x-www-form-urlencoded", NULL};
	assert_int_equal(http_call_raw(&d, "POST", "/v1/oauth/token", NULL, form, strlen(form), headers, r), 0);
	if (!r->json && r->body && r->len && r->body[0] == '{')
		r->json = json_loadb(r->body, r->len, 0, NULL);
	return r->status;
}

struct client {
	long long id;
	char client_id[64], secret[64], token[64];
};

static void client_new(const char *name, const char *scopes, struct client *c)
{
	struct response r;
	char body[256];
	snprintf(body, sizeof body,
	         "{\"name\":\"%s\",\"organisation\":\"Disnakertrans Provinsi Jawa Barat\",\"scopes\":%s}", name,
	         scopes);
	assert_int_equal(call("POST", "/v1/admin/service-clients", admin, body, &r), 201);
	c->id = num(r.json, "id");
	snprintf(c->client_id, sizeof c->client_id, "%s", str(r.json, "client_id"));
	snprintf(c->secret, sizeof c->secret, "%s", str(r.json, "client_secret"));
	response_free(&r);
}

static void token_for(struct client *c)
{
	struct response r;
	assert_int_equal(token_call(c->client_id, c->secret, "grant_type=client_credentials", &r), 200);
	snprintf(c->token, sizeof c->token, "%s", str(r.json, "access_token"));
	response_free(&r);
}

static struct client province, jobs_board;

static void clients_and_tokens(void **state)
{
	(void)state;
	struct response r;
	/* Only an admin; only scopes the daemon knows. */
	assert_int_equal(call("POST", "/v1/admin/service-clients", officer,
	                      "{\"name\":\"X\",\"organisation\":\"X\",\"scopes\":[\"stats:read\"]}", &r),
	                 403);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/admin/service-clients", admin,
	                      "{\"name\":\"X\",\"organisation\":\"X\",\"scopes\":[\"people:read\"]}", &r),
	                 422);
	assert_string_equal(error_field_of(&r), "scopes");
	response_free(&r);
	client_new("SIAPkerja Provinsi", "[\"stats:read\"]", &province);
	client_new("Papan lowongan nasional", "[\"vacancies:read\"]", &jobs_board);
	assert_int_equal(strlen(province.secret), 43);
	/* The list never shows a secret. */
	assert_int_equal(call("GET", "/v1/admin/service-clients", admin, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_null(strstr(r.body, province.secret));
	response_free(&r);

	/* RFC 6749's refusals. */
	assert_int_equal(token_call(province.client_id, "wrong-secret", "grant_type=client_credentials", &r), 401);
	assert_string_equal(str(r.json, "error"), "invalid_client");
	char challenge[64];
	assert_non_null(response_header(&r, "WWW-Authenticate", challenge, sizeof challenge));
	response_free(&r);
	assert_int_equal(token_call(province.client_id, province.secret, "scope=stats%3Aread", &r), 400);
	assert_string_equal(str(r.json, "error"), "invalid_request");
	response_free(&r);
	assert_int_equal(token_call(province.client_id, province.secret, "grant_type=password", &r), 400);
	assert_string_equal(str(r.json, "error"), "unsupported_grant_type");
	response_free(&r);
	assert_int_equal(token_call(province.client_id, province.secret,
	                            "grant_type=client_credentials&scope=vacancies%3Aread", &r),
	                 400);
	assert_string_equal(str(r.json, "error"), "invalid_scope");
	response_free(&r);
	assert_int_equal(
		token_call(province.client_id, province.secret, "grant_type=client_credentials&scope=stats%3Aread", &r),
		200);
	assert_string_equal(str(r.json, "token_type"), "Bearer");
	assert_string_equal(str(r.json, "scope"), "stats:read");
	assert_int_equal(num(r.json, "expires_in"), 900);
	char no_store[32];
	assert_string_equal(response_header(&r, "Cache-Control", no_store, sizeof no_store), "no-store");
	snprintf(province.token, sizeof province.token, "%s", str(r.json, "access_token"));
	response_free(&r);
	token_for(&jobs_board);

	/* The feed: no token, another's scope, a session of a person: refused. */
	assert_int_equal(call("GET", "/v1/feed/statistics", NULL, NULL, &r), 401);
	assert_non_null(response_header(&r, "WWW-Authenticate", challenge, sizeof challenge));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/feed/statistics", jobs_board.token, NULL, &r), 403);
	assert_string_equal(error_code_of(&r), "insufficient_scope");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/feed/statistics", officer, NULL, &r), 401);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/feed/statistics", province.token, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "months")), 0); /* nothing closed yet */
	response_free(&r);
	/* Every call audited, refusals too (noted after the reply, within a second). */
	for (int tries = 0; tries < 30 &&
	     db_exec(&d,
	             "SELECT count(*) FROM audit_log WHERE action = "
	             "'service.refused_token'") < 1;
	     tries++)
		usleep(100 * 1000);
	assert_true(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'service.refused_token'") >= 1);
	assert_true(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'service.refused_secret'") >= 1);
}

static void rotation_revocation_and_rate(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	struct client old = province;
	snprintf(path, sizeof path, "/v1/admin/service-clients/%lld/rotation", province.id);
	assert_int_equal(call("POST", path, admin, NULL, &r), 200);
	snprintf(province.secret, sizeof province.secret, "%s", str(r.json, "client_secret"));
	assert_string_not_equal(province.secret, old.secret);
	response_free(&r);
	/* The old secret and the old token stop at once. */
	assert_int_equal(token_call(old.client_id, old.secret, "grant_type=client_credentials", &r), 401);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/feed/statistics", old.token, NULL, &r), 401);
	response_free(&r);
	token_for(&province);
	assert_int_equal(call("GET", "/v1/feed/statistics", province.token, NULL, &r), 200);
	response_free(&r);
	/* Revoked: no token, no call; revoking twice is refused. */
	snprintf(path, sizeof path, "/v1/admin/service-clients/%lld/revocation", jobs_board.id);
	assert_int_equal(call("POST", path, admin, NULL, &r), 200);
	assert_non_null(str(r.json, "revoked_at"));
	response_free(&r);
	assert_int_equal(call("POST", path, admin, NULL, &r), 409);
	response_free(&r);
	assert_int_equal(token_call(jobs_board.client_id, jobs_board.secret, "grant_type=client_credentials", &r), 401);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/feed/statistics", jobs_board.token, NULL, &r), 401);
	response_free(&r);
	/* The rate: 40 calls a minute per client, refused ones included; then
	 * 429 with Retry-After, and another client is not held back. */
	struct client other;
	client_new("Kemnaker", "[\"stats:read\"]", &other);
	token_for(&other);
	long status = 200;
	int calls = 0;
	while (status == 200 && calls < 60) {
		status = call("GET", "/v1/feed/statistics?since=2020-01-01T00:00:00Z", other.token, NULL, &r);
		if (status == 429) {
			char retry[16];
			assert_non_null(response_header(&r, "Retry-After", retry, sizeof retry));
			assert_true(atoi(retry) >= 1 && atoi(retry) <= 60);
		}
		response_free(&r);
		calls++;
	}
	assert_int_equal(status, 429);
	assert_true(calls >= 39 && calls <= 41); /* the token request was the first */
	assert_int_equal(call("GET", "/v1/feed/statistics", province.token, NULL, &r), 200);
	response_free(&r);
}

/* A card issued last month, the month closed; then a correction to it. */
static void feed_with_since_and_corrections(void **state)
{
	(void)state;
	struct response r;
	char csv[1024], body[64], path[96];
	snprintf(csv, sizeof csv,
	         "nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,kelurahan_code,education_level,"
	         "card_number,issued_on,state,ended_on,end_reason\n"
	         "3277010101900031,Cecep,Cimahi,1990-01-01,M,Jl. C,32.77.01,32.77.01.1001,smk,3277 000031 1,%s-10,"
	         "active,,\n",
	         last_month);
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, csv, strlen(csv), "text/csv", &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
	/* Cecep found work last month, through a job fair. */
	char placed[512];
	snprintf(placed, sizeof placed,
	         "{\"nik\":\"3277010101900031\",\"employer_name\":\"PT Tekstil\",\"employer_type\":"
	         "\"private_company\",\"position\":\"Operator\",\"location_kind\":\"kecamatan\",\"location_code\":"
	         "\"32.77.01\",\"start_date\":\"%s-20\",\"channel\":\"job_fair\"}",
	         last_month);
	assert_int_equal(call("POST", "/v1/placements", officer, placed, &r), 201);
	response_free(&r);
	/* Not closed: refused. */
	snprintf(path, sizeof path, "/v1/feed/statistics/%s", last_month);
	assert_int_equal(call("GET", path, province.token, NULL, &r), 409);
	assert_string_equal(error_code_of(&r), "month_not_closed");
	response_free(&r);
	snprintf(body, sizeof body, "{\"month\":\"%s\"}", last_month);
	assert_int_equal(call("POST", "/v1/statistics/ipk/closures", officer, body, &r), 201);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/feed/statistics", province.token, NULL, &r), 200);
	json_t *months = json_object_get(r.json, "months");
	json_t *mine = NULL, *m;
	size_t i;
	json_array_foreach (months, i, m)
		if (!strcmp(str(m, "month"), last_month))
			mine = m;
	assert_non_null(mine);
	assert_true(json_is_null(json_object_get(mine, "corrected_at")));
	response_free(&r);
	/* A point after the closing: nothing changed since. */
	sleep(1);
	char since[24];
	time_t point = time(NULL);
	strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", gmtime(&point));
	sleep(1);
	char query[160];
	snprintf(query, sizeof query, "/v1/feed/statistics?since=%s", since);
	assert_int_equal(call("GET", query, province.token, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "months")), 0);
	response_free(&r);
	/* A since from the future: refused. */
	assert_int_equal(call("GET", "/v1/feed/statistics?since=2999-01-01T00:00:00Z", province.token, NULL, &r), 400);
	assert_string_equal(error_field_of(&r), "since");
	response_free(&r);
	/* Cecep's gender corrected in the register: last month changed after
	 * the point, with the correction in its document. */
	assert_int_equal(db_exec(&d, "UPDATE seeker SET gender = 'F' WHERE full_name = 'Cecep'"), 1);
	assert_int_equal(call("GET", query, province.token, NULL, &r), 200);
	months = json_object_get(r.json, "months");
	assert_int_equal(json_array_size(months), 1);
	assert_string_equal(str(json_array_get(months, 0), "month"), last_month);
	assert_false(json_is_null(json_object_get(json_array_get(months, 0), "corrected_at")));
	response_free(&r);
	assert_int_equal(call("GET", path, province.token, NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "closed")));
	json_t *fixes = json_object_get(r.json, "corrections");
	assert_true(json_array_size(fixes) > 0);
	int men_fewer = 0;
	json_array_foreach (fixes, i, m)
		men_fewer |= !strcmp(str(m, "table"), "job_seekers_by_age") && !strcmp(str(m, "row"), "2") &&
			num(m, "published") == 1 && num(m, "now") == 0 && strstr(str(m, "column"), " L");
	assert_true(men_fewer);
	/* The frozen tables, the month's placements by channel, the year's indicators. */
	json_t *last_table = json_array_get(json_object_get(r.json, "tables"),
	                                    json_array_size(json_object_get(r.json, "tables")) - 1);
	assert_string_equal(str(last_table, "key"), "placements_by_channel");
	json_t *fair_row = json_array_get(json_object_get(last_table, "rows"), 0);
	assert_string_equal(str(fair_row, "row"), "job_fair");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(fair_row, "values"), 2)), 1);
	assert_non_null(json_object_get(json_object_get(r.json, "iku"), "indicators"));
	response_free(&r);
	/* Seen once: the next pull after that has nothing new. */
	sleep(1);
	point = time(NULL);
	strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", gmtime(&point));
	sleep(1);
	snprintf(query, sizeof query, "/v1/feed/statistics?since=%s", since);
	assert_int_equal(call("GET", query, province.token, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "months")), 0);
	response_free(&r);
	/* CSV of the tables. */
	snprintf(query, sizeof query, "%s?format=csv", path);
	assert_int_equal(call("GET", query, province.token, NULL, &r), 200);
	assert_non_null(strstr(r.body, "Terdaftar bulan ini"));
	response_free(&r);
	sleep(2); /* the audit's last batch */
	assert_true(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'service.call'") > 5);
	assert_true(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'service.refused_scope'") >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clients_and_tokens),
		cmocka_unit_test(rotation_revocation_and_rate),
		cmocka_unit_test(feed_with_since_and_corrections),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
