/* WhatsApp: consent with the exact wording, templates proposed by an
 * officer and approved by an admin, segments and their preview, the send
 * to consenting recipients only, delivery through the provider adapter to
 * a receiver of our own on 127.0.0.1 (retry after a 500, failure after a
 * 400, the rate limit), the signed webhook (delivery reports, STOP), and
 * WhatsApp as a notification channel.  Refusals: wrong wording, bad phone,
 * unapproved template, a vacancy not public, bad segments, missing
 * variables, a non-officer, an unsigned webhook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api_client.h"
#include "api/wa_receiver.h"

#define SECRET "rahasia-webhook-uji"

static struct daemon d;
static struct wa_receiver wa;
static char officer[64], admin[64], company[64], lpk[64];
static char ani[64], budi[64], citra[64], dedi[64], eka[64];
static long long template_id, vacancy_id, broadcast_id;

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static void consent(const char *token, const char *phone)
{
	struct response r;
	assert_int_equal(call("GET", "/v1/whatsapp/consent-wording", NULL, NULL, &r), 200);
	char *wording = strdup(str(r.json, "wording"));
	response_free(&r);
	json_t *body = json_pack("{s:s, s:s}", "phone", phone, "wording", wording);
	char *text = json_dumps(body, 0);
	assert_int_equal(call("PUT", "/v1/me/whatsapp-consent", token, text, &r), 200);
	assert_true(json_is_true(json_object_get(json_object_get(r.json, "whatsapp"), "consented")));
	response_free(&r);
	free(text);
	json_decref(body);
	free(wording);
}

static int setup(void **state)
{
	(void)state;
	if (wa_receiver_start(&wa) < 0)
		return -1;
	char url[128];
	snprintf(url, sizeof url, "wa_api_url=http://127.0.0.1:%d/v19.0/1234/messages", wa.port);
	const char *const args[] = {"-o", url,
	                            "-o", "wa_api_token=token-uji",
	                            "-o", "wa_webhook_secret=" SECRET,
	                            "-o", "wa_rate_per_second=4",
	                            "-o", "wa_retry_base_s=1",
	                            NULL};
	if (daemon_start(&d, args) < 0 || !officer_ready(&d, officer) || !admin_token(&d, admin) ||
	    !account_ready(&d, "company", "hrd@majujaya.co.id", "maju-jaya-1", "PT Maju", NULL, company) ||
	    !account_ready(&d, "lpk", "lpk@example.id", "rahasia-lpk-1", "LPK Mandiri", NULL, lpk) ||
	    organisation_ready(&d, officer, company, "PT Maju Jaya", "private_company") < 0 ||
	    organisation_ready(&d, officer, lpk, "LPK Mandiri", "private_company") < 0)
		return -1;
	struct {
		const char *email, *name, *nik, *birth, *gender, *education, *kelurahan;
		char *token;
	} people[] = {
		{"ani@example.id", "Ani", "3277014101000001", "2000-01-01", "F", "sma", "32.77.01.1001", ani},
		{"budi@example.id", "Budi", "3277020101900002", "1990-01-01", "M", "s1", "32.77.02.1001", budi},
		{"citra@example.id", "Citra", "3277014202010003", "2001-02-02", "F", "smk", "32.77.01.1001", citra},
		{"dedi@example.id", "Dedi", "3277010303990004", "1999-03-03", "M", "sma", "32.77.01.1001", dedi},
		{"eka@example.id", "Eka", "3277014404020005", "2002-04-04", "F", "sma", "32.77.01.1001", eka},
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
		if (!account_ready(&d, "seeker", people[i].email, "rahasia-kerja-1", people[i].name, people[i].nik,
		                   people[i].token) ||
		    seeker_profile_ready(&d, people[i].token, people[i].name, people[i].birth, people[i].gender,
		                         people[i].education, people[i].kelurahan, NULL) < 0)
			return -1;
	return card_issued(&d, officer, ani);
}

static int teardown(void **state)
{
	(void)state;
	int rc = daemon_stop(&d);
	wa_receiver_stop(&wa);
	return rc == 0 ? 0 : -1;
}

static void consent_refusals_and_record(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("GET", "/v1/whatsapp/consent-wording", NULL, NULL, &r), 200);
	assert_non_null(strstr(str(r.json, "wording"), "Dinas Tenaga Kerja"));
	assert_non_null(strstr(str(r.json, "wording"), "STOP"));
	response_free(&r);
	/* A wording the person did not see now, a bad number, a wrong type. */
	assert_int_equal(call("PUT", "/v1/me/whatsapp-consent", ani,
	                      "{\"phone\":\"081234564455\",\"wording\":\"Saya setuju.\"}", &r),
	                 409);
	assert_string_equal(error_code_of(&r), "consent_wording_changed");
	response_free(&r);
	assert_int_equal(call("PUT", "/v1/me/whatsapp-consent", ani, "{\"phone\":\"12\",\"wording\":\"x\"}", &r), 422);
	assert_string_equal(error_code_of(&r), "phone_invalid");
	response_free(&r);
	assert_int_equal(call("PUT", "/v1/me/whatsapp-consent", ani, "{\"phone\":81234564455,\"wording\":\"x\"}", &r),
	                 400);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM wa_consent"), 0);

	consent(ani, "0812-3456-4455");
	consent(dedi, "081234560004");
	consent(eka, "087770001110");
	consent(budi, "081234560002");
	consent(lpk, "081299990001");
	/* The record: the number normalised, the exact wording, the time. */
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM wa_consent c JOIN account a ON a.id = c.account_id "
	                         "WHERE a.email = 'ani@example.id' AND c.phone = '+6281234564455' AND "
	                         "c.wording LIKE 'Saya setuju menerima pesan WhatsApp dari Dinas Tenaga Kerja%' "
	                         "AND c.given_at > 0 AND c.withdrawn_at IS NULL"),
	                 1);
	/* Shown masked, never whole. */
	assert_int_equal(call("GET", "/v1/me/notification-preferences", ani, NULL, &r), 200);
	assert_string_equal(str(json_object_get(r.json, "whatsapp"), "phone"), "+62812****4455");
	assert_null(strstr(r.body, "81234564455"));
	response_free(&r);
}

static void templates_four_eyes(void **state)
{
	(void)state;
	struct response r;
	static const char body[] =
		"{\"name\":\"info_lowongan\",\"body\":\"Halo {{nama}}, ada lowongan {{lowongan}} di {{perusahaan}}. "
		"Daftar sebelum {{batas}}: {{tautan}}\\n{{kantor}}\"}";
	assert_int_equal(call("POST", "/v1/whatsapp/templates", ani, body, &r), 403);
	response_free(&r);
	assert_int_equal(
		call("POST", "/v1/whatsapp/templates", officer, "{\"name\":\"x\",\"body\":\"Halo {{Nama}}\"}", &r),
		422);
	assert_string_equal(error_field_of(&r), "body");
	response_free(&r);
	assert_int_equal(
		call("POST", "/v1/whatsapp/templates", officer, "{\"name\":\"Info Lowongan\",\"body\":\"Halo\"}", &r),
		422);
	assert_string_equal(error_field_of(&r), "name");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/whatsapp/templates", officer, body, &r), 201);
	assert_string_equal(str(r.json, "state"), "pending");
	template_id = num(r.json, "id");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/whatsapp/templates", officer, body, &r), 409);
	assert_string_equal(error_code_of(&r), "template_name_taken");
	response_free(&r);

	/* Pending: no broadcast with it. */
	char req[256];
	snprintf(req, sizeof req, "{\"template_id\":%lld,\"segment\":{\"audience\":\"job_seekers\"}}", template_id);
	assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", officer, req, &r), 409);
	assert_string_equal(error_code_of(&r), "template_not_approved");
	response_free(&r);

	/* The proposing officer cannot approve; an admin can, once. */
	char path[96];
	snprintf(path, sizeof path, "/v1/whatsapp/templates/%lld/decision", template_id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"approve\"}", &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", path, admin, "{\"decision\":\"yes\"}", &r), 422);
	response_free(&r);
	assert_int_equal(call("POST", path, admin, "{\"decision\":\"approve\"}", &r), 200);
	assert_string_equal(str(r.json, "state"), "approved");
	response_free(&r);
	assert_int_equal(call("POST", path, admin, "{\"decision\":\"reject\"}", &r), 409);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/whatsapp/templates?state=approved", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	response_free(&r);
}

static void vacancy_ready(void)
{
	struct response r;
	char body[1024], until[16];
	time_t later = time(NULL) + 60 * 86400;
	strftime(until, sizeof until, "%Y-%m-%d", gmtime(&later));
	snprintf(body, sizeof body,
	         "{\"title\":\"Operator Jahit\",\"kbji\":\"7533\",\"description\":\"Menjahit pakaian jadi di pabrik "
	         "garmen, shift pagi dan siang, lembur dibayar.\",\"needed_women\":10,\"valid_until\":\"%s\","
	         "\"min_education\":\"smp\",\"wage_min\":3800000,\"wage_max\":4200000,\"location_kind\":\"kecamatan\","
	         "\"location_code\":\"32.77.01\",\"employment_type\":\"contract\",\"contact\":\"hrd@majujaya.co.id\"}",
	         until);
	assert_int_equal(call("POST", "/v1/vacancies", company, body, &r), 201);
	vacancy_id = num(r.json, "id");
	response_free(&r);
}

static void publish_vacancy(void)
{
	struct response r;
	char path[96];
	snprintf(path, sizeof path, "/v1/vacancies/%lld/submit", vacancy_id);
	assert_int_equal(call("POST", path, company, NULL, &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/moderation", vacancy_id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"publish\"}", &r), 200);
	assert_string_equal(str(r.json, "state"), "published");
	response_free(&r);
}

static void preview_refusals_and_counts(void **state)
{
	(void)state;
	struct response r;
	char req[1024];
	vacancy_ready();
	/* A draft vacancy is not the office's to vouch for. */
	snprintf(req, sizeof req,
	         "{\"template_id\":%lld,\"segment\":{\"audience\":\"job_seekers\"},"
	         "\"variables\":{\"batas\":\"30 November\"},\"vacancy_id\":%lld}",
	         template_id, vacancy_id);
	assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", officer, req, &r), 409);
	assert_string_equal(error_code_of(&r), "vacancy_not_public");
	response_free(&r);
	publish_vacancy();

	static const struct {
		const char *segment, *extra;
		long status;
		const char *field;
	} bad[] = {
		{"{\"audience\":\"everyone\"}", "", 422, "segment.audience"},
		{"{\"audience\":\"lpk\",\"education\":[\"sma\"]}", "", 422, "segment"},
		{"{\"audience\":\"job_seekers\",\"kecamatan\":[\"32.73.01\"]}", "", 422, "segment.kecamatan"},
		{"{\"audience\":\"job_seekers\",\"education\":[\"sma\",\"phd\"]}", "", 422, "segment.education"},
		{"{\"audience\":\"job_seekers\",\"age_min\":30,\"age_max\":20}", "", 422, "segment.age_max"},
		{"{\"audience\":\"job_seekers\",\"colour\":\"red\"}", "", 400, "colour"},
		{"{\"audience\":\"job_seekers\"}", ",\"variables\":{}", 422, "variables"},
		{"{\"audience\":\"job_seekers\"}", ",\"variables\":{\"batas\":5}", 422, "variables"},
		{"{\"audience\":\"job_seekers\"}", ",\"variables\":{\"batas\":\"x\",\"nama\":\"y\"}", 422, "variables"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(req, sizeof req, "{\"template_id\":%lld,\"segment\":%s,\"vacancy_id\":%lld%s}", template_id,
		         bad[i].segment, vacancy_id, *bad[i].extra ? bad[i].extra : ",\"variables\":{\"batas\":\"x\"}");
		assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", officer, req, &r), bad[i].status);
		assert_string_equal(error_field_of(&r), bad[i].field);
		response_free(&r);
	}
	snprintf(req, sizeof req,
	         "{\"template_id\":%lld,\"segment\":{\"audience\":\"job_seekers\"},"
	         "\"variables\":{\"batas\":\"x\"}}",
	         template_id);
	assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", officer, req, &r), 400);
	assert_string_equal(error_field_of(&r), "vacancy_id");
	response_free(&r);

	/* SMA/SMK job seekers: Ani, Dedi, Eka consented; Citra did not; Budi
	 * (S1) is outside. */
	snprintf(req, sizeof req,
	         "{\"template_id\":%lld,\"segment\":{\"audience\":\"job_seekers\",\"education\":[\"sma\","
	         "\"smk\"]},\"variables\":{\"batas\":\"30 November\"},\"vacancy_id\":%lld}",
	         template_id, vacancy_id);
	assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", ani, req, &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", officer, req, &r), 200);
	assert_int_equal(num(r.json, "recipients"), 3);
	assert_int_equal(num(r.json, "without_consent"), 1);
	const char *sample = str(r.json, "sample");
	assert_non_null(strstr(sample, "Halo [nama penerima], ada lowongan Operator Jahit di PT Maju Jaya."));
	assert_non_null(strstr(sample, "Daftar sebelum 30 November: http://127.0.0.1:8080/v1/vacancies/"));
	assert_non_null(strstr(sample, "\nDinas Tenaga Kerja"));
	assert_null(strstr(sample, "{{"));
	response_free(&r);
	/* Narrower: an active card (Ani), women aged 25-30 (Ani 26; Eka is 24), Cimahi Tengah (Budi). */
	const char *const segments[][2] = {
		{"{\"audience\":\"job_seekers\",\"card_status\":\"active\"}", "1"},
		{"{\"audience\":\"job_seekers\",\"card_status\":\"none\"}", "3"},
		{"{\"audience\":\"job_seekers\",\"gender\":\"F\",\"age_min\":25,\"age_max\":30}", "1"},
		{"{\"audience\":\"job_seekers\",\"kecamatan\":[\"32.77.02\"]}", "1"},
		{"{\"audience\":\"lpk\"}", "1"},
		{"{\"audience\":\"bkk\"}", "0"},
	};
	for (size_t i = 0; i < sizeof segments / sizeof segments[0]; i++) {
		snprintf(req, sizeof req,
		         "{\"template_id\":%lld,\"segment\":%s,\"variables\":{\"batas\":\"x\"},"
		         "\"vacancy_id\":%lld}",
		         template_id, segments[i][0], vacancy_id);
		assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", officer, req, &r), 200);
		assert_int_equal(num(r.json, "recipients"), atoi(segments[i][1]));
		response_free(&r);
	}
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM wa_message"), 0);
}

static long long delivery(const char *state)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM wa_message WHERE broadcast_id = %lld AND state = '%s'",
	         broadcast_id, state);
	return db_exec(&d, sql);
}

static void send_deliver_retry_fail(void **state)
{
	(void)state;
	struct response r;
	char req[512];
	/* The provider fails the first request; Eka's number is not on WhatsApp. */
	wa_receiver_set(&wa, 1, "6287770001110");
	snprintf(req, sizeof req,
	         "{\"template_id\":%lld,\"segment\":{\"audience\":\"job_seekers\",\"education\":[\"sma\","
	         "\"smk\"]},\"variables\":{\"batas\":\"30 November\"},\"vacancy_id\":%lld}",
	         template_id, vacancy_id);
	const char *const key[] = {"Idempotency-Key: siaran-1", NULL};
	assert_int_equal(http_call(&d, "POST", "/v1/whatsapp/broadcasts", company, req, key, &r), 0);
	assert_int_equal(r.status, 403);
	response_free(&r);
	assert_int_equal(http_call(&d, "POST", "/v1/whatsapp/broadcasts", officer, req, key, &r), 0);
	assert_int_equal(r.status, 201);
	broadcast_id = num(r.json, "id");
	assert_int_equal(num(r.json, "recipients"), 3);
	assert_int_equal(num(json_object_get(r.json, "delivery"), "pending"), 3);
	response_free(&r);
	/* A retried request is the same broadcast, not a second one. */
	assert_int_equal(http_call(&d, "POST", "/v1/whatsapp/broadcasts", officer, req, key, &r), 0);
	assert_int_equal(r.status, 201);
	assert_int_equal(num(r.json, "id"), broadcast_id);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM wa_broadcast"), 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM wa_message"), 3);

	/* Three first attempts, one retry of the 500 a second later. */
	assert_int_equal(wa_receiver_wait(&wa, 4, 15), 4);
	for (int i = 0; i < 100 && delivery("pending"); i++)
		usleep(100000);
	assert_int_equal(delivery("sent"), 2);
	assert_int_equal(delivery("failed"), 1);
	assert_int_equal(db_exec(&d, "SELECT attempts FROM wa_message WHERE phone = '+6287770001110'"), 1);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM wa_message WHERE attempts = 2 AND state = 'sent'"), 1);

	int fails = 0, rejected = 0, ok = 0;
	for (int i = 0; i < wa.n; i++) {
		struct wa_received *g = &wa.got[i];
		assert_string_equal(g->authorization, "Bearer token-uji");
		fails += g->status == 500;
		rejected += g->status == 400;
		ok += g->status == 200;
		assert_non_null(strstr(g->text, "ada lowongan Operator Jahit di PT Maju Jaya"));
		/* Each by name, to the number without '+'. */
		if (!strcmp(g->to, "6281234564455"))
			assert_non_null(strstr(g->text, "Halo Ani,"));
		else if (!strcmp(g->to, "6281234560004"))
			assert_non_null(strstr(g->text, "Halo Dedi,"));
		else
			assert_string_equal(g->to, "6287770001110");
	}
	assert_int_equal(fails, 1);
	assert_int_equal(rejected, 1);
	assert_int_equal(ok, 2);
	char path[96];
	snprintf(path, sizeof path, "/v1/whatsapp/broadcasts/%lld", broadcast_id);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	json_t *dl = json_object_get(r.json, "delivery");
	assert_int_equal(num(dl, "sent"), 2);
	assert_int_equal(num(dl, "failed"), 1);
	assert_int_equal(num(dl, "pending"), 0);
	assert_string_equal(str(r.json, "template_name"), "info_lowongan");
	response_free(&r);
}

static void post_webhook(const char *payload, const char *signature, struct response *r)
{
	char header[128];
	snprintf(header, sizeof header, "X-Hub-Signature-256: %s", signature);
	const char *const headers[] = {header, NULL};
	assert_int_equal(http_call(&d, "POST", "/v1/whatsapp/webhook", NULL, payload, headers, r), 0);
}

static void signed_webhook(const char *payload, struct response *r)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state h;
	crypto_auth_hmacsha256_init(&h, (const unsigned char *)SECRET, strlen(SECRET));
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)payload, strlen(payload));
	crypto_auth_hmacsha256_final(&h, mac);
	char sig[8 + 2 * sizeof mac + 1] = "sha256=";
	sodium_bin2hex(sig + 7, sizeof sig - 7, mac, sizeof mac);
	post_webhook(payload, sig, r);
}

static void webhook_reports_and_stop(void **state)
{
	(void)state;
	struct response r;
	char payload[1024];
	char ani_id[64];
	long long id = db_exec(&d,
	                       "SELECT CAST(substr(provider_id, 7) AS INTEGER) FROM wa_message "
	                       "WHERE phone = '+6281234564455'");
	snprintf(ani_id, sizeof ani_id, "wamid.%lld", id);
	snprintf(payload, sizeof payload,
	         "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"value\":{\"statuses\":["
	         "{\"id\":\"%s\",\"status\":\"delivered\"},{\"id\":\"%s\",\"status\":\"read\"},"
	         "{\"id\":\"%s\",\"status\":\"delivered\"},{\"id\":\"wamid.unknown\",\"status\":\"read\"}]}}]}]}",
	         ani_id, ani_id, ani_id);
	/* Unsigned, wrongly signed: refused, nothing recorded. */
	post_webhook(payload, "", &r);
	assert_int_equal(r.status, 401);
	assert_string_equal(error_code_of(&r), "signature_invalid");
	response_free(&r);
	post_webhook(payload, "sha256=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", &r);
	assert_int_equal(r.status, 401);
	response_free(&r);
	assert_int_equal(delivery("read"), 0);
	/* Delivered then read; the late "delivered" does not undo "read". */
	signed_webhook(payload, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(num(r.json, "statuses_recorded"), 2);
	response_free(&r);
	assert_int_equal(delivery("read"), 1);
	signed_webhook("{\"entry\":[}", &r);
	assert_int_equal(r.status, 400);
	response_free(&r);

	/* The subscription handshake. */
	assert_int_equal(call("GET",
	                      "/v1/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=" SECRET
	                      "&hub.challenge=1158201444",
	                      NULL, NULL, &r),
	                 200);
	assert_string_equal(r.body, "1158201444");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1",
	                      NULL, NULL, &r),
	                 401);
	response_free(&r);

	/* Dedi replies STOP: his consent ends at once, and a "Stop" inside a
	 * sentence is not an opt-out. */
	signed_webhook(
		"{\"entry\":[{\"changes\":[{\"value\":{\"messages\":[{\"from\":\"6281234560004\",\"type\":\"text\","
		"\"text\":{\"body\":\" stop \"}},{\"from\":\"6281234564455\",\"type\":\"text\",\"text\":{\"body\":"
		"\"jangan stop dulu\"}}]}}]}]}",
		&r);
	assert_int_equal(r.status, 200);
	assert_int_equal(num(r.json, "opt_outs"), 1);
	response_free(&r);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM wa_consent WHERE phone = '+6281234560004' AND "
	                         "withdrawn_by = 'stop_reply'"),
	                 1);
	assert_int_equal(call("GET", "/v1/me/notification-preferences", dedi, NULL, &r), 200);
	assert_true(json_is_false(json_object_get(json_object_get(r.json, "whatsapp"), "consented")));
	response_free(&r);
	char req[512];
	snprintf(req, sizeof req,
	         "{\"template_id\":%lld,\"segment\":{\"audience\":\"job_seekers\",\"education\":[\"sma\","
	         "\"smk\"]},\"variables\":{\"batas\":\"x\"},\"vacancy_id\":%lld}",
	         template_id, vacancy_id);
	assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", officer, req, &r), 200);
	assert_int_equal(num(r.json, "recipients"), 2); /* Ani and Eka */
	response_free(&r);

	/* Suspending the company takes its vacancy out of reach at once. */
	long long company_id = db_exec(&d, "SELECT id FROM account WHERE email = 'hrd@majujaya.co.id'");
	char path[96];
	snprintf(path, sizeof path, "/v1/organisations/%lld/suspension", company_id);
	assert_int_equal(call("POST", path, officer, "{\"note\":\"Diperiksa\"}", &r), 200);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", officer, req, &r), 409);
	assert_string_equal(error_code_of(&r), "vacancy_not_public");
	response_free(&r);
	assert_int_equal(call("DELETE", path, officer, NULL, &r), 200);
	response_free(&r);
}

static void rate_limit_and_withdrawal(void **state)
{
	(void)state;
	struct response r;
	/* Twelve queued messages at 4 a second take at least two seconds. */
	int before = wa_receiver_count(&wa);
	db_exec(&d,
	        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) "
	        "INSERT INTO wa_message(phone, body, next_attempt_at, created_at, updated_at) "
	        "SELECT '+62812000000' || printf('%02d', i), 'Uji ' || i, 0, 0, 0 FROM n");
	assert_int_equal(wa_receiver_wait(&wa, before + 12, 20), before + 12);
	double first = wa.got[before].at, last = wa.got[before + 11].at;
	assert_true(last - first >= 1.9);
	for (int i = before; i < before + 12; i++) {
		int within = 0;
		for (int j = before; j < before + 12; j++)
			within += wa.got[j].at >= wa.got[i].at && wa.got[j].at < wa.got[i].at + 0.9;
		assert_true(within <= 4);
	}

	/* Withdrawing skips what is still queued for the person. */
	db_exec(&d,
	        "INSERT INTO wa_message(account_id, phone, body, next_attempt_at, created_at, updated_at) "
	        "SELECT id, '+6281234564455', 'nanti', 4102444800, 0, 0 FROM account WHERE email = 'ani@example.id'");
	assert_int_equal(call("DELETE", "/v1/me/whatsapp-consent", ani, NULL, &r), 200);
	assert_true(json_is_false(json_object_get(json_object_get(r.json, "whatsapp"), "consented")));
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM wa_message WHERE body = 'nanti' AND state = 'skipped'"), 1);
	assert_int_equal(call("DELETE", "/v1/me/whatsapp-consent", ani, NULL, &r), 200);
	response_free(&r);
}

/* WhatsApp as a notification channel: chosen per category, with consent. */
static void notification_channel(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", eka,
	                      "{\"categories\":{\"complaint\":{\"whatsapp\":true,\"email\":false}}}", &r),
	                 200);
	response_free(&r);
	wa_receiver_set(&wa, 0, NULL);
	int before = wa_receiver_count(&wa);
	assert_int_equal(call("POST", "/v1/complaints", eka,
	                      "{\"category\":\"service\",\"subject\":\"Loket\","
	                      "\"body\":\"Loket tutup.\"}",
	                      &r),
	                 201);
	char path[96];
	snprintf(path, sizeof path, "/v1/complaints/%lld/answer", num(r.json, "id"));
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"answer\":\"Sudah dibuka.\"}", &r), 200);
	response_free(&r);
	assert_int_equal(wa_receiver_wait(&wa, before + 1, 10), before + 1);
	assert_string_equal(wa.got[before].to, "6287770001110");
	assert_non_null(strstr(wa.got[before].text, "Pengaduan Anda sudah dijawab"));
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM outbox WHERE recipient = 'eka@example.id' AND "
	                         "subject = 'Pengaduan Anda sudah dijawab'"),
	                 0);
	/* Without consent the same preference reaches no one on WhatsApp. */
	assert_int_equal(call("PUT", "/v1/me/notification-preferences", ani,
	                      "{\"categories\":{\"complaint\":{\"whatsapp\":true}}}", &r),
	                 200);
	response_free(&r);
	long long queued = db_exec(&d, "SELECT count(*) FROM wa_message");
	assert_int_equal(call("POST", "/v1/complaints", ani,
	                      "{\"category\":\"service\",\"subject\":\"Loket\","
	                      "\"body\":\"Loket tutup.\"}",
	                      &r),
	                 201);
	snprintf(path, sizeof path, "/v1/complaints/%lld/answer", num(r.json, "id"));
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"answer\":\"Sudah dibuka.\"}", &r), 200);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM wa_message"), queued);
}

/* A template of its own words only: "variables": null is as good as none,
 * for the send as for the preview (the send answered 503 "busy"). */
static void variables_null(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("POST", "/v1/whatsapp/templates", officer,
	                      "{\"name\":\"info_umum\",\"body\":\"Halo {{nama}}, kantor buka Sabtu.\\n{{kantor}}\"}",
	                      &r),
	                 201);
	long long plain = num(r.json, "id");
	response_free(&r);
	char path[96], req[256];
	snprintf(path, sizeof path, "/v1/whatsapp/templates/%lld/decision", plain);
	assert_int_equal(call("POST", path, admin, "{\"decision\":\"approve\"}", &r), 200);
	response_free(&r);
	snprintf(req, sizeof req, "{\"template_id\":%lld,\"segment\":{\"audience\":\"lpk\"},\"variables\":null}",
	         plain);
	assert_int_equal(call("POST", "/v1/whatsapp/broadcasts/preview", officer, req, &r), 200);
	long long recipients = num(r.json, "recipients");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/whatsapp/broadcasts", officer, req, &r), 201);
	assert_int_equal(num(r.json, "recipients"), recipients);
	assert_int_equal(json_object_size(json_object_get(r.json, "variables")), 0);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(consent_refusals_and_record), cmocka_unit_test(templates_four_eyes),
		cmocka_unit_test(preview_refusals_and_counts), cmocka_unit_test(send_deliver_retry_fail),
		cmocka_unit_test(webhook_reports_and_stop),    cmocka_unit_test(rate_limit_and_withdrawal),
		cmocka_unit_test(notification_channel),        cmocka_unit_test(variables_null),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
