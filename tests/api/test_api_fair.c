/* Job fairs (issue 25) on a real daemon, one fair from its draft to its
 * report: refusals at the field that is wrong; publishing announces it to
 * the job seekers who asked for vacancy news (counted here); a company
 * invited takes its booth at once, one that asks waits for the office, an
 * unverified one is refused, another company's vacancy is refused and
 * changes nothing; a job seeker's ticket, whose signature Node's own
 * Ed25519 checks against the published key (not the daemon's code);
 * registering twice, without a profile, over capacity refused; check-in
 * refusing a forged ticket, another fair's, a company without a booth, a
 * fair that is over; a second scan answering the first's time; a walk-in
 * by NIK, a registered person without their phone checked in on their
 * ticket; an offline scanner's batch with its refused rows; a meeting at a
 * booth becomes an application, its acceptance a placement through the
 * channel job_fair that the IKU and the IPK count; the report's figures
 * against the test's own count, as JSON, XLSX (a real reader) and PDF
 * (pdftotext); the dashboard's next and last fair; a cancelled fair tells
 * its ticket holders. */
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

#include "api/api_client.h"

static struct daemon d;
static char officer[64], acme[64], bengkel[64], baru[64], ani[64], budi[64], citra[64], dewi[64];
static char today[11], tomorrow[11], yesterday[11];
static long long fair_id, small_fair_id, vacancy_acme, vacancy_bengkel;
static char key[64];

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

/* A published vacancy of the company behind token; its id. */
static long long published_vacancy(const char *token, const char *title, const char *contact)
{
	struct response r;
	char body[1024], until[11], path[96];
	office_date(60, until);
	snprintf(body, sizeof body,
	         "{\"title\":\"%s\",\"kbji\":\"7212\",\"description\":\"Bekerja di bengkel produksi, pengalaman "
	         "diutamakan, pelatihan diberikan.\",\"needed_men\":2,\"needed_women\":1,\"valid_until\":\"%s\","
	         "\"min_education\":\"smp\",\"wage_min\":3800000,\"wage_max\":4200000,\"location_kind\":\"kecamatan\","
	         "\"location_code\":\"32.77.01\",\"employment_type\":\"contract\",\"contact\":\"%s\"}",
	         title, until, contact);
	assert_int_equal(call("POST", "/v1/vacancies", token, body, &r), 201);
	long long id = num(r.json, "id");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/submit", id);
	assert_int_equal(call("POST", path, token, NULL, &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/moderation", id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"publish\"}", &r), 200);
	response_free(&r);
	return id;
}

static int setup(void **state)
{
	(void)state;
	office_date(0, today);
	office_date(1, tomorrow);
	office_date(-1, yesterday);
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "company", "hrd@acme.co.id", "rahasia-acme-1", "PT Acme", NULL, acme) ||
	    organisation_ready(&d, officer, acme, "PT Acme Indonesia", "private_company") < 0 ||
	    !account_ready(&d, "company", "hrd@bengkel.co.id", "rahasia-bengkel-1", "CV Bengkel", NULL, bengkel) ||
	    organisation_ready(&d, officer, bengkel, "CV Bengkel Maju", "private_company") < 0 ||
	    !account_ready(&d, "company", "hrd@baru.co.id", "rahasia-baru-1", "PT Baru", NULL, baru) ||
	    organisation_ready(&d, NULL, baru, "PT Baru Berdiri", "private_company") < 0 ||
	    !account_ready(&d, "seeker", "ani@example.id", "rahasia-kerja-1", "Ani Suryani", "3277014101000001", ani) ||
	    seeker_profile_ready(&d, ani, "Ani Suryani", "2001-01-01", "F", "smk", "32.77.01.1001",
	                         ",\"notify_vacancies\":true") < 0 ||
	    !account_ready(&d, "seeker", "budi@example.id", "rahasia-kerja-1", "Budi Santoso", "3277010101900002",
	                   budi) ||
	    seeker_profile_ready(&d, budi, "Budi Santoso", "1990-01-01", "M", "sma", "32.77.02.1001", NULL) < 0 ||
	    !account_ready(&d, "seeker", "citra@example.id", "rahasia-kerja-1", "Citra", "3277014202950003", citra) ||
	    !account_ready(&d, "seeker", "dewi@example.id", "rahasia-kerja-1", "Dewi Lestari", "3277014303800004",
	                   dewi) ||
	    seeker_profile_ready(&d, dewi, "Dewi Lestari", "1980-03-03", "F", "s1", "32.77.01.1001",
	                         ",\"notify_vacancies\":true") < 0 ||
	    card_issued(&d, officer, ani) != 0)
		return -1;
	vacancy_acme = published_vacancy(acme, "Operator Mesin Bubut", "hrd@acme.co.id");
	vacancy_bengkel = published_vacancy(bengkel, "Mekanik Motor", "hrd@bengkel.co.id");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* A fair body: today and tomorrow, doors all day, with one field replaced. */
static void fair_body(char *out, size_t cap, const char *name, int capacity, const char *from, const char *to)
{
	char body[2048];
	snprintf(body, sizeof body,
	         "{\"name\":\"%s\",\"description\":\"Bursa kerja tahunan Disnaker dengan perusahaan di Cimahi.\","
	         "\"venue_kind\":\"venue\",\"venue\":\"Gedung Technopark, Jl. Baros\",\"kecamatan_code\":\"32.77.01\","
	         "\"start_date\":\"%s\",\"end_date\":\"%s\",\"opens_at\":\"00:00\",\"closes_at\":\"23:59\","
	         "\"registration_opens\":\"%s\",\"registration_closes\":\"%s\",\"capacity\":%d}",
	         name, today, tomorrow, today, tomorrow, capacity);
	if (from) {
		char *at = strstr(body, from);
		assert_non_null(at);
		snprintf(out, cap, "%.*s%s%s", (int)(at - body), body, to, at + strlen(from));
	} else {
		snprintf(out, cap, "%s", body);
	}
}

static void fair_created_published_and_announced(void **state)
{
	(void)state;
	struct response r;
	char body[2048], path[96];
	/* Refusals, each at its field. */
	static const struct {
		const char *from, *to, *code, *field;
	} bad[] = {
		{"\"closes_at\":\"23:59\"", "\"closes_at\":\"00:00\"", "time_invalid", "closes_at"},
		{"\"opens_at\":\"00:00\"", "\"opens_at\":\"25:00\"", "time_invalid", "opens_at"},
		{"\"capacity\":500", "\"capacity\":0", "field_invalid", "capacity"},
		{"\"venue_kind\":\"venue\"", "\"venue_kind\":\"online\"", "field_missing", "online_url"},
		{"\"kecamatan_code\":\"32.77.01\"", "\"kecamatan_code\":\"32.73.01\"", "region_invalid",
	         "kecamatan_code"},
		{"\"start_date\":\"", "\"start_date\":\"2026-02-30", "date_invalid", "start_date"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fair_body(body, sizeof body, "Bursa Kerja Cimahi", 500, bad[i].from, bad[i].to);
		if (!strcmp(bad[i].field, "start_date")) /* "2026-02-30" then the real date: cut the real one */
			memmove(strstr(body, "2026-02-30") + 10, strstr(body, "2026-02-30") + 20,
			        strlen(strstr(body, "2026-02-30") + 20) + 1);
		long status = call("POST", "/v1/job-fairs", officer, body, &r);
		if (strcmp(error_code_of(&r), bad[i].code) || strcmp(error_field_of(&r), bad[i].field))
			fail_msg("%zu: %ld %s", i, status, r.body);
		response_free(&r);
	}
	/* Registration closing after the fair's last day. */
	fair_body(body, sizeof body, "Bursa Kerja Cimahi", 500, NULL, NULL);
	char late[11];
	office_date(3, late);
	char *closes = strstr(body, "\"registration_closes\":\"") + strlen("\"registration_closes\":\"");
	memcpy(closes, late, 10);
	assert_int_equal(call("POST", "/v1/job-fairs", officer, body, &r), 422);
	assert_string_equal(error_code_of(&r), "fair_date_order");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM job_fair"), 0); /* nothing kept */
	fair_body(body, sizeof body, "Bursa Kerja Cimahi", 500, NULL, NULL);
	assert_int_equal(call("POST", "/v1/job-fairs", acme, body, &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/job-fairs", officer, body, &r), 201);
	fair_id = num(r.json, "id");
	assert_string_equal(str(r.json, "state"), "draft");
	assert_string_equal(str(r.json, "kecamatan"), "Cimahi Selatan");
	response_free(&r);
	/* A draft is the office's. */
	snprintf(path, sizeof path, "/v1/job-fairs/%lld", fair_id);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/job-fairs", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	/* Published: announced to those who asked for vacancy news, counted here. */
	long long asked = db_exec(&d,
	                          "SELECT count(*) FROM seeker s JOIN account a ON a.id = s.account_id WHERE "
	                          "s.notify_vacancies = 1 AND a.status = 'active'");
	assert_int_equal(asked, 2); /* Ani and Dewi */
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/state", fair_id);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"published\"}", &r), 200);
	assert_int_equal(num(r.json, "announced_to"), asked);
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"published\"}", &r), 409);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notifications", ani, NULL, &r), 200);
	assert_non_null(strstr(r.body, "Bursa kerja: Bursa Kerja Cimahi"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notifications", budi, NULL, &r), 200);
	assert_null(strstr(r.body, "Bursa kerja: Bursa Kerja Cimahi")); /* did not ask */
	response_free(&r);
	assert_int_equal(call("GET", "/v1/job-fairs?when=upcoming", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	response_free(&r);
	/* The key tickets are checked with, public. */
	assert_int_equal(call("GET", "/v1/job-fairs/ticket-key", NULL, NULL, &r), 200);
	assert_string_equal(str(r.json, "algorithm"), "Ed25519");
	snprintf(key, sizeof key, "%s", str(r.json, "public_key"));
	assert_int_equal(strlen(key), 43);
	response_free(&r);
}

static void booths_taken_asked_for_and_refused(void **state)
{
	(void)state;
	struct response r;
	char path[128], body[128];
	/* Acme is invited; taking its booth is accepting it. */
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/invitations", fair_id);
	long long acme_id = db_exec(&d, "SELECT id FROM account WHERE email = 'hrd@acme.co.id'");
	snprintf(body, sizeof body, "{\"organisation_id\":%lld}", acme_id);
	assert_int_equal(call("POST", path, officer, body, &r), 201);
	assert_string_equal(str(r.json, "state"), "invited");
	response_free(&r);
	assert_int_equal(call("POST", path, officer, body, &r), 409);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/booth", fair_id);
	/* Another company's vacancy: refused, and nothing taken. */
	snprintf(body, sizeof body, "{\"vacancy_ids\":[%lld,%lld]}", vacancy_acme, vacancy_bengkel);
	assert_int_equal(call("PUT", path, acme, body, &r), 422);
	assert_string_equal(error_code_of(&r), "vacancy_not_yours");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM job_fair_booth WHERE state = 'invited'"), 1);
	snprintf(body, sizeof body, "{\"vacancy_ids\":[%lld]}", vacancy_acme);
	assert_int_equal(call("PUT", path, acme, body, &r), 200);
	assert_string_equal(str(r.json, "state"), "accepted");
	assert_int_equal(json_array_size(json_object_get(r.json, "vacancies")), 1);
	response_free(&r);
	/* The workshop asks; the office decides. */
	snprintf(body, sizeof body, "{\"vacancy_ids\":[%lld]}", vacancy_bengkel);
	assert_int_equal(call("PUT", path, bengkel, body, &r), 200);
	assert_string_equal(str(r.json, "state"), "requested");
	long long booth = num(r.json, "id");
	response_free(&r);
	/* Not verified: no booth. */
	assert_int_equal(call("PUT", path, baru, "{\"vacancy_ids\":[]}", &r), 403);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld", fair_id);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "booths")), 1); /* only the accepted */
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/booths/%lld/decision", fair_id, booth);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"maybe\"}", &r), 422);
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"accept\"}", &r), 200);
	assert_string_equal(str(r.json, "state"), "accepted");
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"refuse\"}", &r), 409);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld", fair_id);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 200);
	json_t *booths = json_object_get(r.json, "booths");
	assert_int_equal(json_array_size(booths), 2);
	assert_string_equal(str(json_array_get(booths, 0), "organisation"), "CV Bengkel Maju"); /* by name */
	assert_int_equal(num(json_array_get(json_object_get(json_array_get(booths, 1), "vacancies"), 0), "needed"), 3);
	response_free(&r);
	/* A company sees its own booth, officers all. */
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/booths", fair_id);
	assert_int_equal(call("GET", path, acme, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	response_free(&r);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	response_free(&r);
}

/* The ticket's text, checked by Node's crypto: the payload JSON, malloc'd. */
static char *independently_verified(const char *ticket)
{
	char command[160];
	snprintf(command, sizeof command, "node tests/readers/verify_ticket.mjs %s", key);
	return run_on_bytes(command, ticket, strlen(ticket), ".txt");
}

static char ticket_ani[400], ticket_budi[400], ticket_small[400];

static void tickets_signed_and_refused(void **state)
{
	(void)state;
	struct response r;
	char path[96], body[2048];
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/tickets", fair_id);
	assert_int_equal(call("POST", path, ani, NULL, &r), 201);
	snprintf(ticket_ani, sizeof ticket_ani, "%s", str(r.json, "code"));
	assert_string_equal(str(r.json, "holder"), "A** S******");
	assert_true(json_is_true(json_object_get(r.json, "has_card")));
	assert_true(json_is_null(json_object_get(r.json, "checked_in_at")));
	long long ticket_id = num(r.json, "id");
	response_free(&r);
	/* Node says it is the office's, and what it carries. */
	char *payload = independently_verified(ticket_ani);
	json_t *p = json_loads(payload, 0, NULL);
	if (!p)
		fail_msg("not verified: %s", payload);
	assert_int_equal(num(p, "fair"), fair_id);
	assert_int_equal(num(p, "ticket"), ticket_id);
	assert_string_equal(str(p, "holder"), "A** S******");
	json_decref(p);
	free(payload);
	/* One letter changed in the payload: Node refuses it too. */
	char altered[400];
	snprintf(altered, sizeof altered, "%s", ticket_ani);
	altered[8] = altered[8] == 'A' ? 'B' : 'A';
	payload = independently_verified(altered);
	assert_string_equal(payload, "invalid");
	free(payload);
	assert_int_equal(call("POST", path, ani, NULL, &r), 409);
	assert_string_equal(error_code_of(&r), "fair_already_registered");
	response_free(&r);
	assert_int_equal(call("POST", path, citra, NULL, &r), 409); /* no profile yet */
	assert_string_equal(error_code_of(&r), "profile_missing");
	response_free(&r);
	assert_int_equal(call("POST", path, budi, NULL, &r), 201); /* no card: welcome all the same */
	assert_true(json_is_false(json_object_get(r.json, "has_card")));
	snprintf(ticket_budi, sizeof ticket_budi, "%s", str(r.json, "code"));
	response_free(&r);
	/* Changed: not below the two tickets given; renamed. */
	snprintf(path, sizeof path, "/v1/job-fairs/%lld", fair_id);
	fair_body(body, sizeof body, "Bursa Kerja Cimahi", 1, NULL, NULL);
	assert_int_equal(call("PUT", path, officer, body, &r), 422);
	assert_string_equal(error_field_of(&r), "capacity");
	response_free(&r);
	fair_body(body, sizeof body, "Bursa Kerja Kota Cimahi", 500, NULL, NULL);
	assert_int_equal(call("PUT", path, officer, body, &r), 200);
	assert_string_equal(str(r.json, "name"), "Bursa Kerja Kota Cimahi");
	assert_int_equal(num(r.json, "registered"), 2);
	response_free(&r);
	fair_body(body, sizeof body, "Bursa Kerja Cimahi", 500, NULL, NULL);
	assert_int_equal(call("PUT", path, officer, body, &r), 200);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/fair-tickets", ani, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(str(json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "fair"), "name"),
	                    "Bursa Kerja Cimahi");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/me/fair-tickets/%lld/qr", ticket_id);
	assert_int_equal(call("GET", path, ani, NULL, &r), 200);
	assert_memory_equal(r.body, "<svg", 4);
	response_free(&r);
	assert_int_equal(call("GET", path, budi, NULL, &r), 404); /* not his */
	response_free(&r);
	/* A small fair of one place: Dewi takes it, Ani finds it full. */
	fair_body(body, sizeof body, "Bursa Kerja Mini", 1, NULL, NULL);
	assert_int_equal(call("POST", "/v1/job-fairs", officer, body, &r), 201);
	small_fair_id = num(r.json, "id");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/tickets", small_fair_id);
	assert_int_equal(call("POST", path, dewi, NULL, &r), 404); /* a draft */
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/state", small_fair_id);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"published\"}", &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/tickets", small_fair_id);
	assert_int_equal(call("POST", path, dewi, NULL, &r), 201);
	snprintf(ticket_small, sizeof ticket_small, "%s", str(r.json, "code"));
	response_free(&r);
	assert_int_equal(call("POST", path, ani, NULL, &r), 409);
	assert_string_equal(error_code_of(&r), "fair_full");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM job_fair_ticket"), 3);
}

static void door_check_ins(void **state)
{
	(void)state;
	struct response r;
	char path[96], body[600];
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/check-ins", fair_id);
	/* Forged: one letter of the payload changed. */
	char altered[400];
	snprintf(altered, sizeof altered, "%s", ticket_ani);
	altered[8] = altered[8] == 'A' ? 'B' : 'A';
	snprintf(body, sizeof body, "{\"ticket\":\"%s\"}", altered);
	assert_int_equal(call("POST", path, officer, body, &r), 422);
	assert_string_equal(error_code_of(&r), "ticket_invalid");
	response_free(&r);
	snprintf(body, sizeof body, "{\"ticket\":\"%s\"}", ticket_small);
	assert_int_equal(call("POST", path, officer, body, &r), 422);
	assert_string_equal(error_code_of(&r), "ticket_other_fair");
	response_free(&r);
	snprintf(body, sizeof body, "{\"ticket\":\"%s\"}", ticket_ani);
	assert_int_equal(call("POST", path, baru, body, &r), 403); /* not verified */
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM job_fair_ticket WHERE checked_in_at IS NOT NULL"), 0);
	/* A booth company may scan at the door too. */
	assert_int_equal(call("POST", path, bengkel, body, &r), 200);
	assert_true(json_is_false(json_object_get(r.json, "already_checked_in")));
	assert_string_equal(str(r.json, "holder"), "A** S******");
	assert_true(json_is_true(json_object_get(r.json, "has_card")));
	char first[32], clock[8], said[64];
	snprintf(first, sizeof first, "%s", str(r.json, "checked_in_at"));
	snprintf(clock, sizeof clock, "%s", str(r.json, "checked_in_time"));
	response_free(&r);
	sleep(1);
	assert_int_equal(call("POST", path, officer, body, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "already_checked_in")));
	assert_string_equal(str(r.json, "checked_in_at"), first);
	snprintf(said, sizeof said, "Sudah check-in pukul %s.", clock);
	assert_string_equal(str(r.json, "message"), said);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM job_fair_ticket WHERE checked_in_at IS NOT NULL"), 1);
	/* A walk-in by NIK, new to the office; a bad NIK refused. */
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/walk-ins", fair_id);
	assert_int_equal(call("POST", path, officer, "{\"nik\":\"123\"}", &r), 422);
	response_free(&r);
	static const char walk_in[] =
		"{\"nik\":\"3277015505030005\",\"full_name\":\"Eka Putri\",\"birth_place\":\"Cimahi\",\"address\":\"Jl. "
		"Kebon Kopi 3\",\"kecamatan_code\":\"32.77.02\",\"kelurahan_code\":\"32.77.02.1001\",\"education_level\":"
		"\"sma\",\"marital_status\":\"belum_kawin\",\"religion\":\"islam\"}";
	long status = call("POST", path, officer, walk_in, &r);
	if (status != 201)
		fail_msg("walk-in: %ld %s", status, r.body);
	assert_true(json_is_true(json_object_get(r.json, "person_created")));
	assert_true(json_is_true(json_object_get(r.json, "walk_in")));
	assert_false(json_is_null(json_object_get(r.json, "checked_in_at")));
	response_free(&r);
	/* Budi registered, and left his phone at home: in on his ticket. */
	assert_int_equal(call("POST", path, officer, "{\"nik\":\"3277010101900002\"}", &r), 200);
	assert_true(json_is_false(json_object_get(r.json, "walk_in")));
	assert_true(json_is_false(json_object_get(r.json, "person_created")));
	response_free(&r);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM job_fair_ticket WHERE fair_id = (SELECT max(id) FROM "
	                         "job_fair WHERE name = 'Bursa Kerja Cimahi') AND checked_in_at IS NOT NULL"),
	                 3);
	/* After the fair: no check-in.  The small fair moved into the past. */
	char sql[256];
	snprintf(sql, sizeof sql,
	         "UPDATE job_fair SET start_date = '%s', end_date = '%s', registration_opens = '%s', "
	         "registration_closes = '%s' WHERE id = %lld",
	         yesterday, yesterday, yesterday, yesterday, small_fair_id);
	db_exec(&d, sql);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/check-ins", small_fair_id);
	snprintf(body, sizeof body, "{\"ticket\":\"%s\"}", ticket_small);
	assert_int_equal(call("POST", path, officer, body, &r), 409);
	assert_string_equal(error_code_of(&r), "fair_check_in_closed");
	response_free(&r);
}

static void offline_batch(void **state)
{
	(void)state;
	struct response r;
	char path[96], at[32], *body = malloc(8192);
	time_t now = time(NULL);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	char altered[400];
	snprintf(altered, sizeof altered, "%s", ticket_budi);
	altered[10] = altered[10] == 'A' ? 'B' : 'A';
	/* Budi again (in already), a forged one, another fair's, a scan a year
	 * on, a row that is not a scan. */
	snprintf(
		body, 8192,
		"{\"check_ins\":[{\"ticket\":\"%s\",\"at\":\"%s\"},{\"ticket\":\"%s\",\"at\":\"%s\"},{\"ticket\":\"%s\","
		"\"at\":\"%s\"},{\"ticket\":\"%s\",\"at\":\"2099-01-01T00:00:00Z\"},{\"ticket\":\"%s\"}]}",
		ticket_budi, at, altered, at, ticket_small, at, ticket_ani, ticket_ani);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/check-ins/batch", fair_id);
	assert_int_equal(call("POST", path, acme, body, &r), 200);
	assert_int_equal(num(r.json, "received"), 5);
	assert_int_equal(num(r.json, "checked_in"), 0);
	assert_int_equal(json_array_size(json_object_get(r.json, "already_checked_in")), 1);
	json_t *refused = json_object_get(r.json, "refused");
	assert_int_equal(json_array_size(refused), 4);
	static const char *const codes[] = {"ticket_invalid", "ticket_other_fair", "fair_check_in_closed",
	                                    "field_invalid"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(num(json_array_get(refused, i), "index"), (long long)i + 1);
		assert_string_equal(str(json_array_get(refused, i), "code"), codes[i]);
	}
	response_free(&r);
	assert_int_equal(call("POST", path, acme, "{\"check_ins\":[]}", &r), 422);
	response_free(&r);
	free(body);
}

static long long ipk_akl_total(void)
{
	struct response r;
	char path[64];
	snprintf(path, sizeof path, "/v1/statistics/ipk?month=%.7s", today);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	long long total = -1;
	size_t i, j;
	json_t *t, *row;
	json_array_foreach (json_object_get(r.json, "tables"), i, t) {
		if (strcmp(str(t, "key"), "placements_by_kind"))
			continue;
		json_array_foreach (json_object_get(t, "rows"), j, row)
			if (!strcmp(str(row, "row"), "AKL")) {
				json_t *values = json_object_get(row, "values");
				total = json_integer_value(json_array_get(values, 2)); /* L, P, Jumlah */
			}
	}
	response_free(&r);
	return total;
}

static void met_at_the_booth_and_placed(void **state)
{
	(void)state;
	struct response r;
	char path[128], body[600];
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/meetings", fair_id);
	/* Not at Acme's booth: the workshop's vacancy. */
	snprintf(body, sizeof body, "{\"ticket\":\"%s\",\"vacancy_id\":%lld}", ticket_ani, vacancy_bengkel);
	assert_int_equal(call("POST", path, acme, body, &r), 422);
	assert_string_equal(error_code_of(&r), "vacancy_not_at_booth");
	response_free(&r);
	snprintf(body, sizeof body, "{\"ticket\":\"%s\",\"vacancy_id\":%lld}", ticket_ani, vacancy_acme);
	assert_int_equal(call("POST", path, baru, body, &r), 403);
	response_free(&r);
	long long before = ipk_akl_total();
	assert_int_equal(call("POST", path, acme, body, &r), 201);
	long long application = num(r.json, "id");
	assert_int_equal(num(r.json, "fair_id"), fair_id);
	response_free(&r);
	assert_int_equal(call("POST", path, acme, body, &r), 409);
	assert_string_equal(error_code_of(&r), "visitor_already_applied");
	response_free(&r);
	/* Dewi holds the small fair's ticket: not this fair's. */
	snprintf(body, sizeof body, "{\"ticket\":\"%s\",\"vacancy_id\":%lld}", ticket_small, vacancy_acme);
	assert_int_equal(call("POST", path, acme, body, &r), 422);
	response_free(&r);
	/* Interview, then accepted: the placement follows, through job_fair. */
	snprintf(path, sizeof path, "/v1/applications/%lld/status", application);
	assert_int_equal(call("POST", path, acme, "{\"state\":\"interview\"}", &r), 200);
	response_free(&r);
	snprintf(body, sizeof body, "{\"state\":\"accepted\",\"start_date\":\"%s\"}", today);
	assert_int_equal(call("POST", path, acme, body, &r), 200);
	response_free(&r);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM placement WHERE channel = 'job_fair' AND application_id = %lld",
	         application);
	assert_int_equal(db_exec(&d, sql), 1);
	assert_int_equal(ipk_akl_total(), before + 1);
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%.4s", today);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	size_t i;
	json_t *ind;
	long long via_fair = -1;
	json_array_foreach (json_object_get(r.json, "indicators"), i, ind)
		if (!strcmp(str(ind, "key"), "placements"))
			via_fair = num(json_object_get(ind, "by_channel"), "job_fair");
	assert_int_equal(via_fair, 1);
	response_free(&r);
	/* Ani sees the application in the app. */
	assert_int_equal(call("GET", "/v1/me/applications", ani, NULL, &r), 200);
	assert_non_null(strstr(r.body, "Operator Mesin Bubut"));
	response_free(&r);
}

static void report_dashboard_and_cancel(void **state)
{
	(void)state;
	struct response r;
	char path[128];
	/* Counted here: Ani (F, 25, smk, Cimahi Selatan), Budi (M, 36, sma,
	 * Cimahi Tengah) and Eka the walk-in (F, NIK 550503: 23, sma, Cimahi
	 * Tengah) came; nobody failed to come. */
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/report", fair_id);
	assert_int_equal(call("GET", path, acme, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	json_t *v = json_object_get(r.json, "visitors");
	assert_int_equal(num(v, "registered"), 3);
	assert_int_equal(num(v, "checked_in"), 3);
	assert_int_equal(num(v, "walk_ins"), 1);
	assert_int_equal(num(v, "no_shows"), 0);
	assert_int_equal(num(v, "men"), 1);
	assert_int_equal(num(v, "women"), 2);
	assert_int_equal(num(r.json, "companies_count"), 2);
	assert_int_equal(num(r.json, "vacancies"), 2);
	assert_int_equal(num(r.json, "places"), 6);
	assert_int_equal(num(r.json, "applicants"), 1);
	assert_int_equal(num(json_object_get(r.json, "placed"), "placements"), 1);
	assert_int_equal(num(json_object_get(r.json, "placed"), "women"), 1);
	char due[11];
	office_date(31, due);
	assert_string_equal(str(r.json, "outcomes_due_on"), due);
	json_t *tables = json_object_get(r.json, "tables"), *by_age = json_array_get(tables, 1);
	assert_string_equal(str(by_age, "key"), "visitors_by_age");
	/* 20-29: Ani and Eka, women; 30-44: Budi. */
	json_t *twenties = json_array_get(json_object_get(by_age, "rows"), 2);
	assert_string_equal(str(twenties, "label"), "20-29");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(twenties, "values"), 1)), 2);
	json_t *thirties = json_array_get(json_object_get(by_age, "rows"), 3);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(thirties, "values"), 0)), 1);
	json_t *by_kecamatan = json_array_get(tables, 3);
	assert_int_equal(json_array_size(json_object_get(by_kecamatan, "rows")), 3); /* two and the total */
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/report?format=xlsx", fair_id);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	char *cells = run_on_bytes("/usr/bin/python3 tests/readers/xlsx_cells.py", r.body, r.len, ".xlsx");
	assert_non_null(strstr(cells, "\tPT Acme Indonesia\n"));
	assert_non_null(strstr(cells, "\tPengunjung (check-in)\n"));
	free(cells);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/report?format=pdf", fair_id);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	char *text = run_on_bytes("sh -c 'pdftotext -layout \"$0\" -'", r.body, r.len, ".pdf");
	assert_non_null(strstr(text, "Laporan Bursa Kerja: Bursa Kerja Cimahi"));
	assert_non_null(strstr(text, "CV Bengkel Maju"));
	free(text);
	response_free(&r);
	/* The dashboard: this fair is the next; the small one, moved into the
	 * past, the last. */
	assert_int_equal(call("GET", "/v1/statistics/dashboard", officer, NULL, &r), 200);
	json_t *fairs = json_object_get(r.json, "job_fairs");
	assert_int_equal(num(json_object_get(fairs, "next"), "id"), fair_id);
	assert_int_equal(num(json_object_get(fairs, "last"), "id"), small_fair_id);
	assert_int_equal(num(json_object_get(fairs, "next"), "checked_in"), 3);
	response_free(&r);
	/* Cancelled: its ticket holders hear it; no more registering. */
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/state", fair_id);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"cancelled\"}", &r), 200);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/notifications", budi, NULL, &r), 200);
	assert_non_null(strstr(r.body, "Bursa kerja dibatalkan"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/job-fairs/%lld/tickets", fair_id);
	assert_int_equal(call("POST", path, dewi, NULL, &r), 404);
	response_free(&r);
	assert_true(db_integrity_ok(&d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fair_created_published_and_announced),
		cmocka_unit_test(booths_taken_asked_for_and_refused),
		cmocka_unit_test(tickets_signed_and_refused),
		cmocka_unit_test(door_check_ins),
		cmocka_unit_test(offline_batch),
		cmocka_unit_test(met_at_the_booth_and_placed),
		cmocka_unit_test(report_dashboard_and_cancel),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
