/* Only an organisation an officer has verified, and has not suspended,
 * writes what the statistics count (issue 17: a pending company reported a
 * placement, the person's card ended as placed and counted in the IPK).
 *
 * The matrix: every route of the route table marked ROUTE_VERIFIED_ORG,
 * for a company, an LPK and a BKK that is pending, rejected, suspended or
 * verified.  The first three get 403 with the code that says why, and
 * nothing the statistics read changes; the verified one gets past the
 * check.  A route added with the flag joins the matrix by itself. */
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
#include "router.h"

static struct daemon d;
static char officer[64], holder[64];
static const char *const holder_nik = "3277015003000001";

enum standing { PENDING, REJECTED, SUSPENDED, VERIFIED, NSTANDING };
static const char *const standing_names[NSTANDING] = {"pending", "rejected", "suspended", "verified"};
static const char *const standing_codes[NSTANDING] = {"organisation_not_verified", "organisation_rejected",
                                                      "organisation_suspended", NULL};
static const struct {
	const char *name;
	unsigned role;
} roles[] = {{"company", ROLE_COMPANY}, {"lpk", ROLE_LPK}, {"bkk", ROLE_BKK}};
#define NROLES (sizeof roles / sizeof roles[0])
static char org[NROLES][NSTANDING][64];

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}

static long long account_id(const char *token)
{
	struct response r;
	assert_int_equal(call("GET", "/v1/me", token, NULL, &r), 200);
	long long id = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	return id;
}

/* One organisation of role in the given standing, with its profile. */
static int organisation_in(const char *role, enum standing s, char token[64])
{
	char email[96], name[64], path[96];
	snprintf(email, sizeof email, "%s-%s@org.id", role, standing_names[s]);
	snprintf(name, sizeof name, "%s %s", role, standing_names[s]);
	if (!account_ready(&d, role, email, "rahasia-org-1", name, NULL, token) ||
	    organisation_ready(&d, s == PENDING || s == REJECTED ? NULL : officer, token, name, "private_company") < 0)
		return -1;
	struct response r;
	long status = 200;
	if (s == REJECTED) {
		snprintf(path, sizeof path, "/v1/organisations/%lld/verification", account_id(token));
		status = call("POST", path, officer, "{\"decision\":\"rejected\",\"note\":\"NIB tidak terbaca\"}", &r);
		response_free(&r);
	} else if (s == SUSPENDED) {
		snprintf(path, sizeof path, "/v1/organisations/%lld/suspension", account_id(token));
		status = call("POST", path, officer, "{\"note\":\"Laporan penipuan sedang diperiksa\"}", &r);
		response_free(&r);
	}
	return status == 200 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "seeker", "ani@example.id", "rahasia-kerja-1", "Ani Suryani", holder_nik, holder) ||
	    seeker_profile_ready(&d, holder, "Ani Suryani", "2000-03-10", "F", "smk", "32.77.01.1001", NULL) < 0 ||
	    card_issued(&d, officer, holder) < 0)
		return -1;
	for (size_t i = 0; i < NROLES; i++)
		for (int s = 0; s < NSTANDING; s++)
			if (organisation_in(roles[i].name, (enum standing)s, org[i][s]) < 0)
				return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* What the IPK, the IKU and the dashboard read, as one number per table. */
static void counted(long long out[8])
{
	static const char *const sql[8] = {
		"SELECT count(*) FROM placement",
		"SELECT count(*) FROM card WHERE state <> 'active'",
		"SELECT count(*) FROM vacancy WHERE state NOT IN ('draft', 'pending')",
		"SELECT count(*) FROM training WHERE state <> 'draft'",
		"SELECT count(*) FROM enrolment WHERE state <> 'applied'",
		"SELECT count(*) FROM attendance",
		"SELECT count(*) FROM certificate",
		"SELECT count(*) FROM bkk_graduate",
	};
	for (int i = 0; i < 8; i++)
		out[i] = db_exec(&d, sql[i]);
}

static void every_flagged_route_every_standing(void **state)
{
	(void)state;
	long long before[8], after[8];
	counted(before);
	int flagged = 0, checked = 0;
	for (size_t k = 0; k < routes_count; k++) {
		const struct route *rt = &routes[k];
		if (!(rt->flags & ROUTE_VERIFIED_ORG))
			continue;
		flagged++;
		char path[128];
		path_with_ones(rt->pattern, path, sizeof path);
		for (size_t i = 0; i < NROLES; i++) {
			if (!(rt->roles & roles[i].role))
				continue;
			for (int s = 0; s < NSTANDING; s++) {
				struct response r;
				const char *body = rt->flags & ROUTE_UPLOAD ? "nik,employer_name\n" : "{}";
				assert_int_equal(
					http_call(&d, method_name(rt->method), path, org[i][s], body, NULL, &r), 0);
				if (s == VERIFIED) {
					/* Past the check: the body or the id is what it says no to. */
					if (r.status == 403)
						fail_msg("%s %s as a verified %s: 403 %s", method_name(rt->method),
						         path, roles[i].name, error_code_of(&r));
				} else {
					if (r.status != 403 || strcmp(error_code_of(&r), standing_codes[s]))
						fail_msg("%s %s as a %s %s: %ld %s", method_name(rt->method), path,
						         standing_names[s], roles[i].name, r.status, r.body);
				}
				response_free(&r);
				checked++;
			}
		}
	}
	/* Placements, vacancies, trainings and their results, graduates. */
	assert_true(flagged >= 11);
	assert_true(checked >= flagged * NSTANDING);
	counted(after);
	assert_memory_equal(before, after, sizeof before);
}

/* The failure as it was found: a placement by NIK of a card holder. */
static void placement_by_an_unverified_company(void **state)
{
	(void)state;
	char body[512], today[16];
	time_t now = time(NULL) + 7 * 3600; /* the office's date (UTC+7, the default) */
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
	snprintf(body, sizeof body,
	         "{\"nik\":\"%s\",\"employer_name\":\"PT Maju\",\"employer_type\":\"private_company\","
	         "\"position\":\"Operator\",\"location_kind\":\"kabkota\",\"location_code\":\"32.77\","
	         "\"start_date\":\"%s\",\"channel\":\"company_report\"}",
	         holder_nik, today);
	struct response r;
	for (int s = 0; s < VERIFIED; s++) {
		assert_int_equal(call("POST", "/v1/placements", org[0][s], body, &r), 403);
		assert_string_equal(error_code_of(&r), standing_codes[s]);
		/* In English too. */
		response_free(&r);
		const char *const en[] = {"Accept-Language: en", NULL};
		assert_int_equal(http_call(&d, "POST", "/v1/placements", org[0][s], body, en, &r), 0);
		assert_int_equal(r.status, 403);
		assert_non_null(strstr(r.body, "office"));
		response_free(&r);
	}
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM placement"), 0);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card WHERE state = 'active'"), 1);
	/* The verified company's report counts, and ends the card as placed. */
	assert_int_equal(call("POST", "/v1/placements", org[0][VERIFIED], body, &r), 201);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM placement"), 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card WHERE state = 'placed'"), 1);
	/* Lifting a suspension gives the right back. */
	char path[96];
	snprintf(path, sizeof path, "/v1/organisations/%lld/suspension", account_id(org[0][SUSPENDED]));
	assert_int_equal(call("DELETE", path, officer, NULL, &r), 200);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/placements", org[0][SUSPENDED], body, &r), 201);
	response_free(&r);
	assert_true(db_integrity_ok(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_flagged_route_every_standing),
		cmocka_unit_test(placement_by_an_unverified_company),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
