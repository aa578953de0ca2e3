/* What an employer sees of who applied (issue 22, item 5), against a real
 * daemon: the seeker attaches their own documents (never the KTP, never
 * another's), the employer reads the applicant and opens the attached files
 * while the application is open, every read is in the audit log, and once
 * the application closes the employer sees only its id, state and dates;
 * other companies, seekers and a suspended organisation see nothing. */
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
static long long vacancy_id, maju_id;

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static long long account_id(const char *token)
{
	struct response r;
	assert_int_equal(call("GET", "/v1/me", token, NULL, &r), 200);
	long long id = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	return id;
}

/* The id of the seeker's document of a kind. */
static long long document_of(const char *token, const char *kind)
{
	struct response r;
	long long id = 0;
	assert_int_equal(call("GET", "/v1/me/documents", token, NULL, &r), 200);
	size_t i;
	json_t *doc;
	json_array_foreach (json_object_get(r.json, "items"), i, doc)
		if (!strcmp(str(doc, "kind"), kind))
			id = json_integer_value(json_object_get(doc, "id"));
	response_free(&r);
	assert_true(id > 0);
	return id;
}

static void seeker(const char *email, const char *nik, const char *name, char token[64])
{
	assert_non_null(account_ready(&d, "seeker", email, "rahasia-kerja-1", name, nik, token));
	assert_int_equal(seeker_profile_ready(&d, token, name, "1998-04-02", "F", "sma", "32.77.01.1001",
	                                      ",\"skills\":[\"menjahit\"]"),
	                 0);
	assert_int_equal(card_issued(&d, officer, token), 0);
}

static int setup(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "company", "hrd@maju.co.id", "maju-jaya-1", "PT Maju", NULL, maju) ||
	    !account_ready(&d, "company", "hrd@lain.co.id", "lain-lain-1", "PT Lain", NULL, lain) ||
	    organisation_ready(&d, officer, maju, "PT Maju Jaya Garmen", "private_company") < 0 ||
	    organisation_ready(&d, officer, lain, "PT Lain Sekali", "private_company") < 0)
		return -1;
	if (http_call(&d, "POST", "/v1/vacancies", maju,
	              "{\"title\":\"Operator Jahit\",\"kbji\":\"7533\",\"description\":\"Menjahit pakaian jadi di "
	              "pabrik garmen, shift pagi dan siang, lembur dibayar.\",\"needed_either\":5,"
	              "\"valid_until\":\"2027-12-01\",\"min_education\":\"smp\",\"wage_min\":3800000,"
	              "\"location_kind\":\"kabkota\",\"location_code\":\"32.77\",\"employment_type\":\"contract\","
	              "\"contact\":\"hrd@maju.co.id\"}",
	              NULL, &r) < 0 ||
	    r.status != 201)
		return -1;
	vacancy_id = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/submit", vacancy_id);
	int ok = http_call(&d, "POST", path, maju, NULL, NULL, &r) == 0 && r.status == 200;
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/moderation", vacancy_id);
	ok = ok && http_call(&d, "POST", path, officer, "{\"decision\":\"publish\"}", NULL, &r) == 0 && r.status == 200;
	response_free(&r);
	maju_id = db_exec(&d, "SELECT id FROM account WHERE email = 'hrd@maju.co.id'");
	return ok ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* The audit log has n reads of the action by the account, waiting for the
 * batched read records (flushed within a second). */
static void audited(const char *action, long long actor, long long object_id, long long n)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM audit_log WHERE action = '%s' AND actor_id = %lld AND object_id = %lld", action,
	         actor, object_id);
	for (int i = 0; i < 60 && db_exec(&d, sql) < n; i++)
		usleep(50000);
	assert_int_equal(db_exec(&d, sql), n);
}

static void employer_sees_applicants_while_open(void **state)
{
	(void)state;
	struct response r;
	char path[128], body[256];
	seeker("rina@example.id", "3277015003980001", "Rina Marlina", rina);
	seeker("tono@example.id", "3277011203980002", "Tono Sutono", tono);
	size_t cert_len;
	unsigned char *cert = fixture("ijazah.pdf", &cert_len);
	assert_non_null(cert);
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/me/documents?kind=certificate", rina, cert, cert_len,
	                                 "application/octet-stream", &r),
	                 0);
	assert_int_equal(r.status, 201);
	response_free(&r);
	long long diploma = document_of(rina, "diploma"), certificate = document_of(rina, "certificate"),
		  ktp = document_of(rina, "ktp"), tono_diploma = document_of(tono, "diploma");

	/* Refused, and nothing written: the KTP, another's document, an id
	 * twice, too many, not an id. */
	snprintf(path, sizeof path, "/v1/vacancies/%lld/applications", vacancy_id);
	const struct {
		long long id;
		const char *more;
		long status;
	} refused[] = {{ktp, "", 422},
	               {tono_diploma, "", 422},
	               {0, "", 422},
	               {diploma, ",\"1\"", 422},
	               {diploma, ",1,2,3,4,5", 400}};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		snprintf(body, sizeof body, "{\"cover_note\":\"Siap bekerja.\",\"document_ids\":[%lld%s]}",
		         refused[i].id, refused[i].more);
		assert_int_equal(call("POST", path, rina, body, &r), refused[i].status);
		assert_string_equal(error_field_of(&r), "document_ids");
		response_free(&r);
	}
	snprintf(body, sizeof body, "{\"document_ids\":[%lld,%lld]}", diploma, diploma);
	assert_int_equal(call("POST", path, rina, body, &r), 422);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM application"), 0);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM application_document"), 0);

	snprintf(body, sizeof body, "{\"cover_note\":\"Siap bekerja.\",\"document_ids\":[%lld,%lld]}", diploma,
	         certificate);
	assert_int_equal(call("POST", path, rina, body, &r), 201);
	long long rina_app = json_integer_value(json_object_get(r.json, "id"));
	json_t *docs = json_object_get(r.json, "documents");
	assert_int_equal(json_array_size(docs), 2);
	response_free(&r);
	assert_int_equal(call("POST", path, tono, "{}", &r), 201);
	long long tono_app = json_integer_value(json_object_get(r.json, "id"));
	assert_int_equal(json_array_size(json_object_get(r.json, "documents")), 0);
	response_free(&r);

	/* The employer's list: both, with what it needs to choose. */
	assert_int_equal(call("GET", path, maju, NULL, &r), 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *rina_item = json_array_get(items, 1); /* newest first */
	assert_int_equal(json_integer_value(json_object_get(rina_item, "id")), rina_app);
	assert_true(json_is_true(json_object_get(rina_item, "open")));
	assert_string_equal(str(rina_item, "name"), "Rina Marlina");
	assert_string_equal(str(rina_item, "phone"), "+6281222334455");
	assert_string_equal(str(rina_item, "nik_masked"), "3277********0001");
	assert_int_equal(json_array_size(json_object_get(rina_item, "documents")), 2);
	assert_null(strstr(r.body, "3277015003980001"));
	response_free(&r);
	audited("application.list_read", maju_id, vacancy_id, 1);

	/* One applicant, and the attached files, byte for byte. */
	snprintf(path, sizeof path, "/v1/applications/%lld", rina_app);
	assert_int_equal(call("GET", path, maju, NULL, &r), 200);
	assert_string_equal(str(r.json, "name"), "Rina Marlina");
	assert_string_equal(str(r.json, "cover_note"), "Siap bekerja.");
	assert_string_equal(str(json_array_get(json_object_get(r.json, "documents"), 0), "kind"), "diploma");
	response_free(&r);
	audited("application.read", maju_id, rina_app, 1);
	snprintf(path, sizeof path, "/v1/applications/%lld/documents/%lld", rina_app, certificate);
	assert_int_equal(call("GET", path, maju, NULL, &r), 200);
	assert_int_equal(r.len, cert_len);
	assert_memory_equal(r.body, cert, cert_len);
	char type[64];
	assert_non_null(response_header(&r, "Content-Type", type, sizeof type));
	assert_string_equal(type, "application/pdf");
	response_free(&r);
	audited("document.read", maju_id, certificate, 1);
	free(cert);

	/* Not attached (her KTP), not this application's, not this company's,
	 * not a company at all. */
	snprintf(path, sizeof path, "/v1/applications/%lld/documents/%lld", rina_app, ktp);
	assert_int_equal(call("GET", path, maju, NULL, &r), 404);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/applications/%lld/documents/%lld", tono_app, diploma);
	assert_int_equal(call("GET", path, maju, NULL, &r), 404);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/applications/%lld/documents/%lld", rina_app, diploma);
	assert_int_equal(call("GET", path, lain, NULL, &r), 404);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/applications/%lld", rina_app);
	assert_int_equal(call("GET", path, lain, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, tono, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/applications/999999", maju, NULL, &r), 404);
	response_free(&r);
	audited("application.read", account_id(lain), rina_app, 0);

	/* Rejected: closed, and the employer keeps only the outcome. */
	snprintf(path, sizeof path, "/v1/applications/%lld/status", rina_app);
	assert_int_equal(call("POST", path, maju, "{\"state\":\"rejected\"}", &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/applications/%lld", rina_app);
	assert_int_equal(call("GET", path, maju, NULL, &r), 200);
	assert_false(json_is_true(json_object_get(r.json, "open")));
	assert_string_equal(str(r.json, "state"), "rejected");
	assert_non_null(str(r.json, "decided_at"));
	assert_int_equal(json_object_size(r.json), 6); /* id, vacancy_id, state, open, created_at, decided_at */
	assert_null(strstr(r.body, "Rina"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/applications", vacancy_id);
	assert_int_equal(call("GET", path, maju, NULL, &r), 200);
	assert_null(strstr(r.body, "Rina"));
	assert_null(json_object_get(json_array_get(json_object_get(r.json, "items"), 1), "documents"));
	assert_non_null(strstr(r.body, "Tono Sutono")); /* still open */
	response_free(&r);
	snprintf(path, sizeof path, "/v1/applications/%lld/documents/%lld", rina_app, diploma);
	assert_int_equal(call("GET", path, maju, NULL, &r), 404);
	response_free(&r);
	/* An officer still sees it all, audited. */
	long long officer_id = account_id(officer);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/applications/%lld", rina_app);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_string_equal(str(r.json, "name"), "Rina Marlina");
	response_free(&r);
	audited("document.read", officer_id, diploma, 1);

	/* The seeker's own list carries what its card shows (the vacancy's
	 * title, employer, place, wage and state) and what she attached. */
	assert_int_equal(call("GET", "/v1/me/applications", rina, NULL, &r), 200);
	json_t *own = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(str(own, "title"), "Operator Jahit");
	assert_string_equal(str(own, "employer"), "PT Maju Jaya Garmen");
	assert_string_equal(str(own, "location"), "Kota Cimahi");
	assert_int_equal(json_integer_value(json_object_get(own, "wage_min")), 3800000);
	assert_string_equal(str(own, "vacancy_state"), "published");
	assert_string_equal(str(own, "state"), "rejected");
	assert_int_equal(json_array_size(json_object_get(own, "documents")), 2);
	assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
	response_free(&r);

	/* Suspended: the organisation reads no applicant at all. */
	snprintf(path, sizeof path, "/v1/organisations/%lld/suspension", maju_id);
	assert_int_equal(call("POST", path, officer, "{\"note\":\"Laporan penipuan sedang diperiksa\"}", &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/applications/%lld", tono_app);
	assert_int_equal(call("GET", path, maju, NULL, &r), 403);
	assert_string_equal(error_code_of(&r), "organisation_suspended");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/applications", vacancy_id);
	assert_int_equal(call("GET", path, maju, NULL, &r), 403);
	response_free(&r);
	assert_false(log_contains(&d, "Rina Marlina"));
	assert_false(log_contains(&d, "3277015003980001"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(employer_sees_applicants_while_open),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
