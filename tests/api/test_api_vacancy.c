/* Organisations, vacancies, search, applications and matching against a
 * real daemon, with the refusals: an unverified company publishing, a
 * company editing another's vacancy, applying twice, applying after expiry,
 * a seeker reading applicants. */
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
static char officer[64], maju[64], lain[64], rina[64], tono[64];
static long long company_id, vacancy_id;

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static const char *const org_body =
	"{\"legal_name\":\"PT Maju Jaya Garmen\",\"registration_no\":\"9120001234567\",\"kbli\":\"14111\","
	"\"employer_type\":\"private_company\",\"address\":\"Jl. Industri 1\",\"kecamatan_code\":\"32.77.01\","
	"\"contact_name\":\"Ibu Rina\",\"contact_phone\":\"022-6651234\",\"contact_email\":\"hrd@majujaya.co.id\"}";
static const char *const vacancy_body =
	"{\"title\":\"Operator Jahit\",\"kbji\":\"7533\",\"description\":\"Menjahit pakaian jadi di pabrik "
	"garmen, shift pagi dan siang, lembur dibayar.\",\"needed_women\":10,\"needed_either\":5,"
	"\"valid_until\":\"2027-02-01\",\"age_min\":18,\"age_max\":35,\"min_education\":\"smp\","
	"\"wage_min\":3800000,\"wage_max\":4200000,\"location_kind\":\"kecamatan\",\"location_code\":\"32.77.01\","
	"\"employment_type\":\"contract\",\"skills\":[\"menjahit\",\"obras\"],\"contact\":\"hrd@majujaya.co.id\"}";

/* A job seeker with profile (and, with card, an issued AK/I card). */
static void seeker(const char *email, const char *nik, const char *birth, const char *gender, const char *education,
                   int notify, int with_card, char token[64])
{
	struct response r;
	char body[2048];
	assert_non_null(account_ready(&d, "seeker", email, "rahasia-kerja-1", "Pencari", nik, token));
	snprintf(body, sizeof body,
	         "{\"full_name\":\"Pencari %s\",\"birth_place\":\"Cimahi\",\"birth_date\":\"%s\",\"gender\":\"%s\","
	         "\"marital_status\":\"belum_kawin\",\"religion\":\"islam\",\"address\":\"Jl. Baros 1\","
	         "\"kecamatan_code\":\"32.77.01\",\"kelurahan_code\":\"32.77.01.1001\",\"phone\":\"081222334455\","
	         "\"education_level\":\"%s\",\"preferred_kbji\":[\"75\"],\"notify_vacancies\":%s}",
	         gender, birth, gender, education, notify ? "true" : "false");
	assert_int_equal(call("PUT", "/v1/me/profile", token, body, &r), 200);
	response_free(&r);
	if (!with_card)
		return;
	assert_int_equal(card_issued(&d, officer, token), 0);
}

static int setup(void **state)
{
	(void)state;
	char admin[64];
	struct response r;
	if (daemon_start(&d, NULL) < 0 || !admin_token(&d, admin))
		return -1;
	http_call(&d, "POST", "/v1/admin/officers", admin,
	          "{\"email\":\"o@disnaker.go.id\",\"password\":\"petugas-aman-1\",\"name\":\"Dewi\",\"nip\":\"1\"}",
	          NULL, &r);
	response_free(&r);
	if (!login_token(&d, "o@disnaker.go.id", "petugas-aman-1", officer) ||
	    !account_ready(&d, "company", "hrd@majujaya.co.id", "maju-jaya-1", "PT Maju", NULL, maju) ||
	    !account_ready(&d, "company", "hrd@lain.co.id", "lain-lain-1", "PT Lain", NULL, lain))
		return -1;
	company_id = db_exec(&d, "SELECT id FROM account WHERE email = 'hrd@majujaya.co.id'");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static void organisation_and_vacancy(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	/* No vacancy before the organisation's profile. */
	assert_int_equal(call("POST", "/v1/vacancies", maju, vacancy_body, &r), 409);
	assert_string_equal(error_code_of(&r), "profile_missing");
	response_free(&r);
	assert_int_equal(call("PUT", "/v1/me/organisation", maju, "{\"legal_name\":\"PT\"}", &r), 400);
	response_free(&r);
	assert_int_equal(call("PUT", "/v1/me/organisation", maju, org_body, &r), 200);
	assert_string_equal(str(r.json, "contact_phone"), "+62226651234");
	assert_string_equal(str(r.json, "verification"), "pending");
	response_free(&r);
	assert_int_equal(call("PUT", "/v1/me/organisation", lain, org_body, &r), 200);
	response_free(&r);

	/* Refusals of the Perpres fields. */
	static const struct {
		const char *from, *to, *field;
	} bad[] = {
		{"\"2027-02-01\"", "\"2020-01-01\"", "valid_until"},
		{"\"7533\"", "\"75X3\"", "kbji"},
		{"\"needed_women\":10,\"needed_either\":5", "\"needed_women\":0", "needed_either"},
		{"\"wage_max\":4200000", "\"wage_max\":100", "wage_max"},
		{"\"age_max\":35", "\"age_max\":16", "age_max"},
		{"\"32.77.01\"", "\"32.77.99\"", "location_code"},
		{"\"contract\"", "\"slavery\"", "employment_type"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *at = strstr(vacancy_body, bad[i].from);
		char body[2048];
		snprintf(body, sizeof body, "%.*s%s%s", (int)(at - vacancy_body), vacancy_body, bad[i].to,
		         at + strlen(bad[i].from));
		assert_int_equal(call("POST", "/v1/vacancies", maju, body, &r), 422);
		assert_string_equal(error_field_of(&r), bad[i].field);
		response_free(&r);
	}
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM vacancy"), 0);
	assert_int_equal(call("POST", "/v1/vacancies", rina[0] ? rina : officer, vacancy_body, &r), 403);
	response_free(&r);

	assert_int_equal(call("POST", "/v1/vacancies", maju, vacancy_body, &r), 201);
	vacancy_id = json_integer_value(json_object_get(r.json, "id"));
	assert_string_equal(str(r.json, "state"), "draft");
	assert_string_equal(str(r.json, "location"), "Cimahi Selatan");
	response_free(&r);
	/* Another company can neither see nor change it. */
	snprintf(path, sizeof path, "/v1/vacancies/%lld", vacancy_id);
	assert_int_equal(call("PUT", path, lain, vacancy_body, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, lain, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 404); /* a draft is not public */
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/submit", vacancy_id);
	assert_int_equal(call("POST", path, lain, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("POST", path, maju, NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "pending");
	assert_int_equal(json_array_size(json_object_get(r.json, "scam_flags")), 0);
	response_free(&r);
	assert_int_equal(call("POST", path, maju, NULL, &r), 409);
	response_free(&r);
}

static void scam_heuristic_holds_for_review(void **state)
{
	(void)state;
	struct response r;
	char body[2048], path[96];
	snprintf(body, sizeof body, "%s", vacancy_body);
	char *p = strstr(body, "lembur dibayar.");
	memcpy(p, "WA saja!! Ada", 13); /* description: "...WA saja!! Ada..." */
	snprintf(body, sizeof body,
	         "{\"title\":\"Admin online, pasti diterima\",\"kbji\":\"4110\",\"description\":\"Kerja dari rumah, "
	         "biaya pendaftaran Rp150.000 transfer ke rekening kami.\",\"needed_either\":50,"
	         "\"valid_until\":\"2027-01-01\",\"wage_min\":15000000,\"wage_max\":20000000,"
	         "\"location_kind\":\"kabkota\",\"location_code\":\"32.77\",\"employment_type\":\"part_time\","
	         "\"contact\":\"WhatsApp 0812-0000-0000\"}");
	assert_int_equal(call("POST", "/v1/vacancies", lain, body, &r), 201);
	long long id = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/submit", id);
	assert_int_equal(call("POST", path, lain, NULL, &r), 200);
	json_t *flags = json_object_get(r.json, "scam_flags");
	char flat[512] = "";
	size_t i;
	json_t *f;
	json_array_foreach (flags, i, f) {
		strcat(flat, json_string_value(f));
		strcat(flat, " ");
	}
	assert_non_null(strstr(flat, "fee_requested"));
	assert_non_null(strstr(flat, "chat_only_contact"));
	assert_non_null(strstr(flat, "wage_far_above_norm"));
	assert_non_null(strstr(flat, "suspicious_phrase"));
	response_free(&r);
	/* The officer sees both in the moderation queue, with the reasons. */
	assert_int_equal(call("GET", "/v1/moderation/vacancies", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/moderation/vacancies", maju, NULL, &r), 403);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/moderation", id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"reject\"}", &r), 400);
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"reject\",\"note\":\"Meminta biaya\"}", &r), 200);
	assert_string_equal(str(r.json, "state"), "draft");
	response_free(&r);
}

/* The vacancy's matching run once it is done (an officer's view), polled
 * for up to 5 s; r holds the answer. */
static json_t *wait_matching_done(long long id, struct response *r)
{
	char path[64];
	snprintf(path, sizeof path, "/v1/vacancies/%lld", id);
	for (int i = 0; i < 250; i++) {
		assert_int_equal(call("GET", path, officer, NULL, r), 200);
		json_t *run = json_object_get(r->json, "matching");
		if (json_is_true(json_object_get(run, "done")))
			return run;
		response_free(r);
		usleep(20000);
	}
	fail_msg("matching of vacancy %lld not done", id);
	return NULL;
}

static void publication_and_matching(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	/* Rina fits (woman, 26, SMK, wants KBJI 75xx, opted in); Tono is too
	 * old for the vacancy; Ani did not opt in. */
	seeker("rina@example.id", "3277015003000001", "2000-03-10", "F", "smk", 1, 1, rina);
	seeker("tono@example.id", "3277011001800002", "1980-01-10", "M", "sma", 1, 1, tono);
	char ani[64];
	seeker("ani@example.id", "3277014505010003", "2001-05-05", "F", "smk", 0, 0, ani);

	/* Unverified: not publishable, by anyone. */
	snprintf(path, sizeof path, "/v1/vacancies/%lld/moderation", vacancy_id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"publish\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "organisation_unverified");
	response_free(&r);
	assert_int_equal(call("POST", path, maju, "{\"decision\":\"publish\"}", &r), 403);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/organisations/%lld/verification", company_id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"verified\"}", &r), 200);
	response_free(&r);
	long mails = db_exec(&d, "SELECT count(*) FROM outbox");
	snprintf(path, sizeof path, "/v1/vacancies/%lld/moderation", vacancy_id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"publish\"}", &r), 200);
	assert_string_equal(str(r.json, "state"), "published");
	assert_true(json_is_object(json_object_get(r.json, "matching")));
	response_free(&r);
	/* The people who fit are told right after the publication: the run
	 * ends having told one person. */
	json_t *run = wait_matching_done(vacancy_id, &r);
	assert_int_equal(json_integer_value(json_object_get(run, "notified")), 1);
	response_free(&r);
	/* Exactly one matching mail, to Rina, addressed to her and signed by
	 * the office. */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM outbox"), mails + 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM outbox WHERE recipient = 'rina@example.id' "
	                         "AND subject = 'Lowongan baru yang cocok' AND body LIKE 'Yth. %,%' "
	                         "AND body LIKE '%Operator Jahit%' AND body LIKE '%Salam,%Dinas Tenaga Kerja%'"),
	                 1);
	/* And the same news in her in-app inbox, as a vacancy notification
	 * pointing at the vacancy. */
	assert_int_equal(call("GET", "/v1/me/notifications?category=vacancy", rina, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	json_t *note = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(str(note, "title"), "Lowongan baru yang cocok");
	assert_non_null(strstr(str(note, "body"), "Operator Jahit"));
	assert_int_equal(json_integer_value(json_object_get(note, "object_id")), vacancy_id);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notifications?category=vacancy", tono, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	/* The public does not see who was told. */
	snprintf(path, sizeof path, "/v1/vacancies/%lld", vacancy_id);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 200);
	assert_null(json_object_get(r.json, "matching"));
	response_free(&r);
	/* A run a stop interrupted goes on at the next start, without telling
	 * anyone twice: the run is put back to its beginning with Rina told
	 * (as if the daemon had stopped before recording its end), and after
	 * a restart it ends with nobody new and Rina's one notification. */
	assert_int_equal(db_exec(&d, "UPDATE vacancy_matching SET finished_at = NULL"), 1);
	assert_int_equal(daemon_stop(&d), 0);
	assert_int_equal(daemon_restart(&d, NULL), 0);
	run = wait_matching_done(vacancy_id, &r);
	assert_int_equal(json_integer_value(json_object_get(run, "notified")), 1);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE category = 'vacancy'"), 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM audit_log WHERE action = 'vacancy.matched'"), 2);

	/* Recommendations with reasons. */
	assert_int_equal(call("GET", "/v1/me/recommendations", rina, NULL, &r), 200);
	json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "vacancy_id")), vacancy_id);
	assert_true(json_integer_value(json_object_get(first, "score")) >= 70);
	char reasons[256] = "";
	size_t i;
	json_t *x;
	json_array_foreach (json_object_get(first, "reasons"), i, x) {
		strcat(reasons, json_string_value(x));
		strcat(reasons, " ");
	}
	assert_non_null(strstr(reasons, "occupation_preferred"));
	assert_non_null(strstr(reasons, "same_kecamatan"));
	/* The item carries what its card shows: no request per item. */
	char vpath[64];
	snprintf(vpath, sizeof vpath, "/v1/vacancies/%lld", vacancy_id);
	struct response v;
	assert_int_equal(call("GET", vpath, rina, NULL, &v), 200);
	assert_string_equal(json_string_value(json_object_get(first, "employer")),
	                    json_string_value(json_object_get(json_object_get(v.json, "employer"), "name")));
	assert_int_equal(json_integer_value(json_object_get(first, "wage_min")),
	                 json_integer_value(json_object_get(v.json, "wage_min")));
	assert_string_equal(json_string_value(json_object_get(first, "employment_type")),
	                    json_string_value(json_object_get(v.json, "employment_type")));
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM region WHERE code = '%s' AND name = '%s'",
	         json_string_value(json_object_get(v.json, "location_code")),
	         json_string_value(json_object_get(first, "location")));
	assert_int_equal(db_exec(&d, sql), 1);
	response_free(&v);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/recommendations", tono, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
}

static void search(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("GET", "/v1/vacancies?q=jahit", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	json_t *facets = json_object_get(r.json, "facets");
	assert_int_equal(json_integer_value(json_object_get(facets, "total")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(facets, "kabkota"), "32.77")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(facets, "kbji_major"), "7")), 1);
	assert_true(json_is_true(json_object_get(facets, "exact")));
	/* The public does not see moderation details. */
	assert_null(strstr(r.body, "scam_flags"));
	response_free(&r);
	/* A page that holds the last result says there is no next one. */
	assert_int_equal(call("GET", "/v1/vacancies?q=jahit&limit=1", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
	response_free(&r);
	static const struct {
		const char *query;
		size_t hits;
	} cases[] = {
		{"/v1/vacancies?q=garmen", 1}, /* the employer's name */
		{"/v1/vacancies?q=obras", 1}, /* a skill */
		{"/v1/vacancies?q=JAHIT%20pagi", 1},
		{"/v1/vacancies?q=programmer", 0},
		{"/v1/vacancies?kecamatan=32.77.01", 1},
		{"/v1/vacancies?kecamatan=32.77.02", 0},
		{"/v1/vacancies?kbji=75", 1},
		{"/v1/vacancies?kbji=2", 0},
		{"/v1/vacancies?education=sd", 0}, /* needs SMP */
		{"/v1/vacancies?education=smk", 1},
		{"/v1/vacancies?min_wage=4000000", 1},
		{"/v1/vacancies?min_wage=5000000", 0},
		{"/v1/vacancies?employment_type=permanent", 0},
		{"/v1/vacancies?disability_friendly=true", 0},
		{"/v1/vacancies?since=2020-01-01", 1},
		{"/v1/vacancies?q=%22)%20OR%20*", 0}, /* FTS syntax is not injectable */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(call("GET", cases[i].query, NULL, NULL, &r), 200);
		if (json_array_size(json_object_get(r.json, "items")) != cases[i].hits)
			fail_msg("%s: %zu hits", cases[i].query, json_array_size(json_object_get(r.json, "items")));
		response_free(&r);
	}
	/* The same searches once the listing in memory has every change (it is
	 * built again 200 ms after one): the same hits, every answer from it
	 * (another limit: a new query string, which the answer cache has not seen). */
	for (int i = 0; i < 200 && metric_value(&d, "sidakerd_listing_current") != 1; i++)
		usleep(20000);
	assert_int_equal(metric_value(&d, "sidakerd_listing_current"), 1);
	assert_true(metric_value(&d, "sidakerd_listing_vacancies") >= 1);
	const char *memory = "sidakerd_search_answers_total{source=\"memory\"}";
	long long before = metric_value(&d, memory);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char query[160];
		snprintf(query, sizeof query, "%s&limit=19", cases[i].query);
		assert_int_equal(call("GET", query, NULL, NULL, &r), 200);
		if (json_array_size(json_object_get(r.json, "items")) != cases[i].hits)
			fail_msg("%s from memory: %zu hits", query, json_array_size(json_object_get(r.json, "items")));
		response_free(&r);
	}
	assert_int_equal(metric_value(&d, memory) - before, (long long)(sizeof cases / sizeof cases[0]));
	assert_int_equal(call("GET", "/v1/vacancies?education=phd", NULL, NULL, &r), 400);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/vacancies?q=%21%21%21", NULL, NULL, &r), 400);
	response_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/v1/vacancies/%lld/jsonld", vacancy_id);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 200);
	assert_string_equal(str(r.json, "@type"), "JobPosting");
	assert_string_equal(str(r.json, "employmentType"), "CONTRACTOR");
	assert_int_equal(json_integer_value(json_object_get(r.json, "totalJobOpenings")), 15);
	assert_string_equal(str(json_object_get(json_object_get(r.json, "baseSalary"), "value"), "unitText"), "MONTH");
	json_t *one = json_deep_copy(r.json);
	response_free(&r);
	/* The feed for job boards: every open vacancy as that same posting,
	 * paged by cursor, nobody's draft. */
	long long open_count = db_exec(&d,
	                               "SELECT count(*) FROM vacancy WHERE state = 'published' AND "
	                               "organisation_listed = 1");
	assert_true(open_count >= 1);
	assert_int_equal(call("GET", "/v1/feed/vacancies?limit=1", NULL, NULL, &r), 200);
	json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(str(first, "@type"), "JobPosting");
	long long seen = (long long)json_array_size(json_object_get(r.json, "items"));
	char next[160];
	const char *cursor = str(r.json, "next_cursor");
	snprintf(next, sizeof next, "%s", cursor ? cursor : "");
	int same = 0;
	if (json_integer_value(json_object_get(first, "id")) == vacancy_id) {
		json_object_del(first, "id");
		same = json_equal(first, one);
	}
	response_free(&r);
	while (*next) {
		char page[200];
		snprintf(page, sizeof page, "/v1/feed/vacancies?limit=1&cursor=%s", next);
		assert_int_equal(call("GET", page, NULL, NULL, &r), 200);
		json_t *item = json_array_get(json_object_get(r.json, "items"), 0);
		seen += (long long)json_array_size(json_object_get(r.json, "items"));
		if (item && json_integer_value(json_object_get(item, "id")) == vacancy_id) {
			json_object_del(item, "id");
			same = json_equal(item, one);
		}
		cursor = str(r.json, "next_cursor");
		snprintf(next, sizeof next, "%s", cursor ? cursor : "");
		response_free(&r);
	}
	assert_int_equal(seen, open_count);
	assert_true(same); /* the feed's posting is the page's */
	json_decref(one);
}

static void applications(void **state)
{
	(void)state;
	struct response r;
	char path[96], ani[64];
	assert_non_null(login_token(&d, "ani@example.id", "rahasia-kerja-1", ani));
	snprintf(path, sizeof path, "/v1/vacancies/%lld/applications", vacancy_id);
	/* No card, no application (setting card_required_to_apply). */
	assert_int_equal(call("POST", path, ani, "{}", &r), 409);
	assert_string_equal(error_code_of(&r), "card_required");
	response_free(&r);
	assert_int_equal(call("POST", path, rina, "{\"cover_note\":\"Saya berpengalaman menjahit 3 tahun.\"}", &r),
	                 201);
	long long app = json_integer_value(json_object_get(r.json, "id"));
	assert_string_equal(str(r.json, "state"), "applied");
	response_free(&r);
	assert_int_equal(call("POST", path, rina, "{}", &r), 409);
	assert_string_equal(error_code_of(&r), "already_applied");
	response_free(&r);
	assert_int_equal(call("POST", path, tono, "{}", &r), 201);
	long long tono_app = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	/* Applicants: the employer and officers, not seekers nor other companies. */
	assert_int_equal(call("GET", path, rina, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", path, lain, NULL, &r), 403); /* not verified: no applicant's data */
	assert_string_equal(error_code_of(&r), "organisation_not_verified");
	response_free(&r);
	assert_int_equal(call("GET", path, maju, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_non_null(strstr(r.body, "3277********0001"));
	assert_null(strstr(r.body, "3277015003000001"));
	response_free(&r);
	/* The employer moves it on; another company cannot (this one is not
	 * even verified, which is said first). */
	snprintf(path, sizeof path, "/v1/applications/%lld/status", app);
	assert_int_equal(call("POST", path, lain, "{\"state\":\"viewed\"}", &r), 403);
	assert_string_equal(error_code_of(&r), "organisation_not_verified");
	response_free(&r);
	assert_int_equal(call("POST", path, maju, "{\"state\":\"interview\"}", &r), 200);
	response_free(&r);
	/* The applicant is told in their words. */
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM notification WHERE category = 'application' AND "
	                         "body = 'Lamaran Anda dipanggil wawancara. Lihat rinciannya di aplikasi.'"),
	                 1);
	assert_int_equal(call("POST", path, maju, "{\"state\":\"viewed\"}", &r), 409);
	response_free(&r);
	assert_int_equal(call("POST", path, maju, "{\"state\":\"accepted\",\"start_date\":\"2026-12-01\"}", &r), 200);
	assert_string_equal(str(r.json, "state"), "accepted");
	response_free(&r);
	/* The placement is recorded (app channel, AKL: same province) and the
	 * card ends as placed. */
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM placement WHERE channel = 'app_vacancy' AND "
	                         "placement_kind = 'AKL' AND start_date = '2026-12-01' AND employer_type = "
	                         "'private_company' AND kbli = '14111' AND card_id IS NOT NULL"),
	                 1);
	assert_int_equal(call("GET", "/v1/me/card", rina, NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "placed");
	response_free(&r);
	/* Tono withdraws; then the vacancy is filled. */
	snprintf(path, sizeof path, "/v1/applications/%lld/withdraw", tono_app);
	assert_int_equal(call("POST", path, rina, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("POST", path, tono, NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "withdrawn");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/applications", rina, NULL, &r), 200);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "items"), 0), "employer"),
	                    "PT Maju Jaya Garmen");
	response_free(&r);

	/* Reports by anyone with an account, once each. */
	snprintf(path, sizeof path, "/v1/vacancies/%lld/reports", vacancy_id);
	assert_int_equal(call("POST", path, NULL, "{\"reason\":\"fake\"}", &r), 401);
	response_free(&r);
	assert_int_equal(call("POST", path, tono, "{\"reason\":\"fee_requested\",\"note\":\"Diminta uang\"}", &r), 201);
	response_free(&r);
	assert_int_equal(call("POST", path, tono, "{\"reason\":\"fake\"}", &r), 409);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/vacancy-reports", officer, NULL, &r), 200);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "items"), 0), "reason"), "fee_requested");
	response_free(&r);

	snprintf(path, sizeof path, "/v1/vacancies/%lld/filled", vacancy_id);
	assert_int_equal(call("POST", path, maju, "{\"men\":0,\"women\":0}", &r), 422);
	response_free(&r);
	assert_int_equal(call("POST", path, maju, "{\"men\":3,\"women\":9}", &r), 200);
	assert_string_equal(str(r.json, "state"), "filled");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r.json, "filled"), "women")), 9);
	response_free(&r);
	/* Out of the listing; applying now is refused. */
	assert_int_equal(call("GET", "/v1/vacancies?q=jahit", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/applications", vacancy_id);
	char ani_card_less[64];
	(void)ani_card_less;
	assert_int_equal(call("POST", path, tono, "{}", &r), 409);
	response_free(&r);
}

/* A company keeps a file of what it reported: every vacancy of its own in
 * the API's list is a row, with its state and fields in words (the one
 * filled by the applications test, a new draft); another company's file
 * holds none of them. */
static void own_vacancies_as_a_file(void **state)
{
	(void)state;
	struct response r;
	/* A draft beside the published one. */
	char draft[2048];
	const char *title = strstr(vacancy_body, "Operator Jahit");
	snprintf(draft, sizeof draft, "%.*sPenjahit Sampel%s", (int)(title - vacancy_body), vacancy_body,
	         title + strlen("Operator Jahit"));
	assert_int_equal(call("POST", "/v1/vacancies", maju, draft, &r), 201);
	response_free(&r);
	size_t listed = 0;
	char path[96] = "/v1/me/vacancies?limit=1";
	for (;;) {
		assert_int_equal(call("GET", path, maju, NULL, &r), 200);
		listed += json_array_size(json_object_get(r.json, "items"));
		const char *next = str(r.json, "next_cursor");
		if (!next) {
			response_free(&r);
			break;
		}
		snprintf(path, sizeof path, "/v1/me/vacancies?limit=1&cursor=%s", next);
		response_free(&r);
	}
	assert_true(listed >= 2);
	assert_int_equal(call("GET", "/v1/me/vacancies?format=csv", maju, NULL, &r), 200);
	assert_int_equal(export_csv_rows(r.body), listed);
	assert_non_null(strstr(r.body, "\"Penjahit Sampel\",\"Draf\","));
	assert_non_null(strstr(r.body, "\"Operator Jahit\",\"Terisi\",\"7533\",0,10,5,\"SMP/sederajat\",\"Kontrak\""));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/vacancies?format=xlsx", maju, NULL, &r), 200);
	char *cells = run_on_bytes("/usr/bin/python3 tests/readers/xlsx_cells.py", r.body, r.len, ".xlsx");
	assert_non_null(strstr(cells, "vacancies!A1\tLowongan yang dilaporkan\n"));
	assert_non_null(strstr(cells, "\tOperator Jahit\n"));
	free(cells);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/vacancies?format=csv", lain, NULL, &r), 200);
	assert_null(strstr(r.body, "Operator Jahit"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/vacancies?format=doc", maju, NULL, &r), 400);
	assert_string_equal(error_field_of(&r), "format");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/vacancies?format=csv", rina, NULL, &r), 403);
	response_free(&r);
}

static void suspension_and_expiry(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	assert_int_equal(call("POST", "/v1/vacancies", maju, vacancy_body, &r), 201);
	long long id = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/submit", id);
	assert_int_equal(call("POST", path, maju, NULL, &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/moderation", id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"publish\"}", &r), 200);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/vacancies?q=jahit", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	response_free(&r);
	/* Suspended: gone from the listing at once; back when lifted. */
	snprintf(path, sizeof path, "/v1/organisations/%lld/suspension", company_id);
	assert_int_equal(call("POST", path, maju, "{\"note\":\"x\"}", &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"note\":\"Laporan penipuan sedang diperiksa\"}", &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "suspended")));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/vacancies?q=jahit", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld", id);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 404);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/organisations/%lld/suspension", company_id);
	assert_int_equal(call("DELETE", path, officer, NULL, &r), 200);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/vacancies?q=jahit", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	response_free(&r);
	/* Validity passes (simulated): the hourly job runs at start-up. */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE vacancy SET valid_until = date('now', '-2 days') WHERE id = %lld", id);
	assert_int_equal(db_exec(&d, sql), 1);
	assert_int_equal(daemon_stop(&d), 0);
	assert_int_equal(daemon_restart(&d, NULL), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM vacancy WHERE id = %lld AND state = 'expired'", id);
	for (int i = 0; i < 100 && db_exec(&d, sql) < 1; i++)
		usleep(20000);
	assert_int_equal(db_exec(&d, sql), 1);
	assert_int_equal(call("GET", "/v1/vacancies?q=jahit", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	assert_false(log_contains(&d, "rina@example.id"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(organisation_and_vacancy),
		cmocka_unit_test(scam_heuristic_holds_for_review),
		cmocka_unit_test(publication_and_matching),
		cmocka_unit_test(search),
		cmocka_unit_test(applications),
		cmocka_unit_test(own_vacancies_as_a_file),
		cmocka_unit_test(suspension_and_expiry),
	};
	return cmocka_run_group_tests_name("api_vacancy", tests, setup, teardown);
}
