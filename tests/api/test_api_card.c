/* The AK/I card end to end against a real daemon: profile, hostile uploads,
 * the application workflow with a revision, issue, the PDF read back with
 * pdftotext and its QR code decoded with zbarimg, verification, reports,
 * expiry and renewal, removal, and the legacy register import. */
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
static char admin[64], officer[64], siti[64], budi[64], company[64];
static long long siti_app, siti_card;

static const char *const months[] = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                                     "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
static const char *const profile_siti =
	"{\"full_name\":\"Siti Rahmawati\",\"birth_place\":\"Cimahi\",\"birth_date\":\"1998-05-12\","
	"\"gender\":\"F\",\"marital_status\":\"belum_kawin\",\"religion\":\"islam\","
	"\"address\":\"Jl. Kolonel Masturi No. 5\",\"rt\":\"002\",\"rw\":\"007\","
	"\"kecamatan_code\":\"32.77.03\",\"kelurahan_code\":\"32.77.03.1001\",\"phone\":\"0812-2233-4455\","
	"\"education_level\":\"smk\",\"education_code\":\"3107\",\"school\":\"SMKN 1 Cimahi\","
	"\"major\":\"Teknik Komputer dan Jaringan\",\"graduation_year\":2016,"
	"\"skills\":[\"Jaringan komputer\",\"Microsoft Office\"],"
	"\"experience\":[{\"employer\":\"CV Maju\",\"position\":\"Teknisi\",\"start_year\":2017,\"end_year\":2019}],"
	"\"trainings\":[{\"name\":\"Operator Komputer\",\"organiser\":\"BLK Cimahi\",\"year\":2020}],"
	"\"preferred_kbji\":[\"3512\"],\"preferred_location\":\"domestic\"}";

static int setup(void **state)
{
	(void)state;
	if (daemon_start(&d, NULL) < 0 || !admin_token(&d, admin))
		return -1;
	struct response r;
	http_call(&d, "POST", "/v1/admin/officers", admin,
	          "{\"email\":\"pengantar@disnaker.go.id\",\"password\":\"petugas-aman-1\","
	          "\"name\":\"Dewi Lestari\",\"nip\":\"198501012010012001\"}",
	          NULL, &r);
	response_free(&r);
	if (!login_token(&d, "pengantar@disnaker.go.id", "petugas-aman-1", officer) ||
	    /* born 12-05-1998, female: the NIK says 52-05-98 */
	    !account_ready(&d, "seeker", "siti@example.id", "siti-rahasia-1", "Siti", "3277015205980001", siti) ||
	    !account_ready(&d, "seeker", "budi@example.id", "budi-rahasia-1", "Budi", "3277011008990002", budi) ||
	    !account_ready(&d, "company", "hrd@pt-garmen.co.id", "garmen-jaya-1", "PT Garmen", NULL, company))
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

static long upload(const char *token, const char *kind, const char *name, struct response *r)
{
	size_t len;
	unsigned char *data = fixture(name, &len);
	assert_non_null(data);
	char path[64];
	snprintf(path, sizeof path, "/v1/me/documents?kind=%s", kind);
	assert_int_equal(http_call_bytes(&d, "POST", path, token, data, len, "application/octet-stream", r), 0);
	free(data);
	return r->status;
}

static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void profile(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("GET", "/v1/me/profile", siti, NULL, &r), 409);
	assert_string_equal(error_code_of(&r), "profile_missing");
	response_free(&r);
	assert_int_equal(call("PUT", "/v1/me/profile", siti, profile_siti, &r), 200);
	assert_string_equal(str(r.json, "phone"), "+6281222334455");
	assert_string_equal(str(r.json, "kecamatan"), "Cimahi Utara");
	assert_string_equal(str(r.json, "nik_masked"), "3277********0001");
	assert_null(json_object_get(r.json, "nik_warnings")); /* for officers only */
	response_free(&r);
	/* Refusals leave the profile as it was. */
	static const struct {
		const char *from, *to, *code, *field;
	} bad[] = {
		{"\"32.77.03\"", "\"32.73.01\"", "region_invalid", "kecamatan_code"}, /* Bandung */
		{"\"32.77.03.1001\"", "\"32.77.01.1001\"", "region_invalid", "kelurahan_code"},
		{"\"0812-2233-4455\"", "\"12345\"", "phone_invalid", "phone"},
		{"\"1998-05-12\"", "\"1998-02-30\"", "date_invalid", "birth_date"},
		{"\"1998-05-12\"", "\"2099-01-01\"", "date_invalid", "birth_date"},
		{"\"gender\":\"F\"", "\"gender\":\"X\"", "field_invalid", "gender"},
		{"\"smk\"", "\"sekolah\"", "field_invalid", "education_level"},
		{"\"3512\"", "\"35a2\"", "field_invalid", "preferred_kbji"},
		{"\"religion\":\"islam\",", "", "field_missing", "religion"},
		{"\"start_year\":2017", "\"start_year\":\"2017\"", "field_invalid", "experience"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *at = strstr(profile_siti, bad[i].from);
		assert_non_null(at);
		char body[4096];
		snprintf(body, sizeof body, "%.*s%s%s", (int)(at - profile_siti), profile_siti, bad[i].to,
		         at + strlen(bad[i].from));
		assert_int_equal(call("PUT", "/v1/me/profile", siti, body, &r),
		                 bad[i].code[0] == 'f' && !strcmp(bad[i].code, "field_missing") ? 400 : 422);
		assert_string_equal(error_code_of(&r), bad[i].code);
		assert_string_equal(error_field_of(&r), bad[i].field);
		response_free(&r);
	}
	assert_int_equal(call("GET", "/v1/me/profile", siti, NULL, &r), 200);
	assert_string_equal(str(r.json, "kecamatan_code"), "32.77.03");
	response_free(&r);
	/* Only job seekers have a profile. */
	assert_int_equal(call("PUT", "/v1/me/profile", company, profile_siti, &r), 403);
	response_free(&r);
	/* Budi's profile says male, born 1999-08-10: his NIK agrees. */
	char budi_profile[4096];
	snprintf(budi_profile, sizeof budi_profile, "%s", profile_siti);
	char *p = strstr(budi_profile, "1998-05-12");
	memcpy(p, "1999-08-10", 10);
	p = strstr(budi_profile, "\"gender\":\"F\"");
	p[10] = 'M';
	assert_int_equal(call("PUT", "/v1/me/profile", budi, budi_profile, &r), 200);
	response_free(&r);
}

static void hostile_uploads(void **state)
{
	(void)state;
	struct response r;
	long before = db_exec(&d, "SELECT count(*) FROM document");
	static const struct {
		const char *kind, *file;
		long status;
		const char *code;
	} bad[] = {
		{"photo", "fake.jpg", 415, "file_type"},
		{"photo", "truncated.jpg", 422, "file_corrupt"},
		{"photo", "photo-150x200.jpg", 422, "photo_too_small"},
		{"photo", "photo-600x450.jpg", 422, "photo_not_3x4"},
		{"photo", "ijazah.pdf", 415, "file_type"},
		{"diploma", "script.pdf", 422, "file_active_content"},
		{"diploma", "fake.jpg", 415, "file_type"},
		{"passport", "ktp.jpg", 400, "query_invalid"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(upload(siti, bad[i].kind, bad[i].file, &r), bad[i].status);
		assert_string_equal(error_code_of(&r), bad[i].code);
		response_free(&r);
	}
	/* Empty and oversized bodies. */
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/me/documents?kind=ktp", siti, "", 0, "image/jpeg", &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(error_code_of(&r), "file_empty");
	response_free(&r);
	size_t big = 3 * 1024 * 1024;
	unsigned char *huge = calloc(1, big);
	memcpy(huge, "\xFF\xD8\xFF", 3);
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/me/documents?kind=photo", siti, huge, big, "image/jpeg", &r),
	                 0);
	assert_int_equal(r.status, 413);
	assert_string_equal(error_code_of(&r), "file_too_large");
	response_free(&r);
	free(huge);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM document"), before);
	/* Companies cannot upload seeker documents. */
	assert_int_equal(upload(company, "ktp", "ktp.jpg", &r), 403);
	response_free(&r);
}

static void application_workflow(void **state)
{
	(void)state;
	struct response r;
	char path[128];
	/* Apply: a draft, which cannot be submitted without documents. */
	assert_int_equal(call("POST", "/v1/me/card-applications", siti, "{\"kind\":\"new\"}", &r), 201);
	siti_app = json_integer_value(json_object_get(r.json, "id"));
	assert_string_equal(str(r.json, "state"), "draft");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/me/card-applications", siti, "{\"kind\":\"new\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "application_open");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/me/card-applications/%lld/submit", siti_app);
	assert_int_equal(call("POST", path, siti, NULL, &r), 409);
	assert_string_equal(error_code_of(&r), "documents_missing");
	assert_string_equal(error_field_of(&r), "photo");
	response_free(&r);
	assert_int_equal(upload(siti, "photo", "photo-300x400.jpg", &r), 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "width")), 300);
	response_free(&r);
	assert_int_equal(upload(siti, "ktp", "ktp.jpg", &r), 201);
	response_free(&r);
	assert_int_equal(call("POST", path, siti, NULL, &r), 409);
	assert_string_equal(error_field_of(&r), "diploma");
	response_free(&r);
	assert_int_equal(upload(siti, "diploma", "ijazah.pdf", &r), 201);
	long long diploma = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	/* Another seeker's submit of this application: not found. */
	assert_int_equal(call("POST", path, budi, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("POST", path, siti, NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "submitted");
	response_free(&r);
	/* Double submission. */
	assert_int_equal(call("POST", path, siti, NULL, &r), 409);
	assert_string_equal(error_code_of(&r), "state_conflict");
	response_free(&r);

	/* The officer's queue shows the application with the masked NIK; the
	 * detail shows the full NIK for comparison with the KTP. */
	assert_int_equal(call("GET", "/v1/card-applications?kecamatan=32.77.03", officer, NULL, &r), 200);
	json_t *first = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(str(first, "nik_masked"), "3277********0001");
	assert_string_equal(str(first, "name"), "Siti Rahmawati");
	assert_int_equal(json_array_size(json_object_get(first, "nik_warnings")), 0);
	response_free(&r);
	/* A page exactly as long as the queue is its last: no cursor to an
	 * empty page. */
	assert_int_equal(call("GET", "/v1/card-applications?kecamatan=32.77.03&limit=1", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(json_is_null(json_object_get(r.json, "next_cursor")));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/card-applications?kecamatan=32.77.01", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/card-applications", siti, NULL, &r), 403);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/card-applications/%lld", siti_app);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_string_equal(str(json_object_get(r.json, "profile"), "nik"), "3277015205980001");
	assert_int_equal(json_array_size(json_object_get(r.json, "documents")), 3);
	response_free(&r);
	/* Documents: the officer through the application, the owner directly,
	 * nobody else. */
	snprintf(path, sizeof path, "/v1/card-applications/%lld/documents/%lld", siti_app, diploma);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(r.len, 601);
	char v[128];
	assert_non_null(strstr(response_header(&r, "Content-Disposition", v, sizeof v), "attachment"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/me/documents/%lld", diploma);
	assert_int_equal(call("GET", path, siti, NULL, &r), 200);
	response_free(&r);
	assert_int_equal(call("GET", path, budi, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, company, NULL, &r), 403);
	response_free(&r);

	/* Sent back for revision, then resubmitted. */
	snprintf(path, sizeof path, "/v1/card-applications/%lld/revision", siti_app);
	assert_int_equal(call("POST", path, officer, "{\"note\":\"Foto buram, mohon unggah ulang\"}", &r), 200);
	assert_string_equal(str(r.json, "state"), "revision_requested");
	response_free(&r);
	char token[64];
	assert_int_equal(spool_token(&d, "siti@example.id", "Foto buram", token) == 0 ||
	                         db_exec(&d,
	                                 "SELECT count(*) FROM outbox WHERE recipient='siti@example.id' "
	                                 "AND body LIKE '%Foto buram%'") == 1,
	                 1);
	snprintf(path, sizeof path, "/v1/card-applications/%lld/issue", siti_app);
	assert_int_equal(call("POST", path, officer, NULL, &r), 409);
	response_free(&r);
	assert_int_equal(upload(siti, "photo", "photo-300x400.png", &r), 201);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM document WHERE kind='photo'"), 1);
	snprintf(path, sizeof path, "/v1/me/card-applications/%lld/submit", siti_app);
	assert_int_equal(call("POST", path, siti, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "submissions")), 2);
	assert_true(json_is_true(json_object_get(r.json, "resubmitted")));
	response_free(&r);

	/* Issued: the number is kab/kota code, serial, issue date. */
	snprintf(path, sizeof path, "/v1/card-applications/%lld/issue", siti_app);
	assert_int_equal(call("POST", path, company, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", path, officer, NULL, &r), 201);
	siti_card = json_integer_value(json_object_get(r.json, "id"));
	const char *number = str(r.json, "number");
	assert_int_equal(strlen(number), 18);
	assert_memory_equal(number, "3277 000001 ", 12);
	assert_string_equal(str(r.json, "officer_nip"), "198501012010012001");
	assert_int_equal(json_array_size(json_object_get(r.json, "reports")), 3);
	response_free(&r);
	assert_int_equal(call("POST", path, officer, NULL, &r), 409);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card"), 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM outbox WHERE recipient='siti@example.id' "
	                         "AND subject='Kartu AK/I telah terbit'"),
	                 1);
	/* A new application while the card is active. */
	assert_int_equal(call("POST", "/v1/me/card-applications", siti, "{\"kind\":\"new\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "card_active");
	response_free(&r);
}

static void card_pdf_and_verification(void **state)
{
	(void)state;
	struct response r;
	assert_int_equal(call("GET", "/v1/me/card", siti, NULL, &r), 200);
	char number[32], key[32];
	snprintf(number, sizeof number, "%s", str(r.json, "number"));
	snprintf(key, sizeof key, "%.4s%.6s%.6s", number, number + 5, number + 12);
	char valid_until[16];
	snprintf(valid_until, sizeof valid_until, "%s", str(r.json, "valid_until"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/card", budi, NULL, &r), 404);
	assert_string_equal(error_code_of(&r), "no_card");
	response_free(&r);

	assert_int_equal(call("GET", "/v1/me/card/pdf", siti, NULL, &r), 200);
	char v[64];
	assert_string_equal(response_header(&r, "Content-Type", v, sizeof v), "application/pdf");
	char *text = run_on_bytes("sh -c 'pdftotext -layout \"$0\" -'", r.body, r.len, ".pdf");
	assert_non_null(strstr(text, "KARTU TANDA BUKTI PENDAFTARAN PENCARI KERJA"));
	assert_non_null(strstr(text, number));
	assert_non_null(strstr(text, "3277015205980001"));
	assert_non_null(strstr(text, "Siti Rahmawati"));
	assert_non_null(strstr(text, "Perempuan"));
	assert_non_null(strstr(text, "Berlaku Sampai"));
	/* Dates in words: "6 Desember 2028". */
	char until_words[32];
	snprintf(until_words, sizeof until_words, "%d %s %.4s", atoi(valid_until + 8),
	         months[atoi(valid_until + 5) - 1], valid_until);
	assert_non_null(strstr(text, until_words));
	assert_null(strstr(text, valid_until));
	/* The embedded font prints a J whole ("Jl.", not "J l."). */
	assert_null(strstr(text, "J l."));
	assert_non_null(strstr(text, "Dewi Lestari"));
	assert_non_null(strstr(text, "NIP. 198501012010012001"));
	assert_non_null(strstr(text, "LAPORAN PENCARI KERJA"));
	free(text);
	free(run_on_bytes("sh -c 'mkdir -p build/screenshots && pdftoppm -r 70 -png -f 1 -l 1 -singlefile \"$0\" "
	                  "build/screenshots/report-card'",
	                  r.body, r.len, ".pdf"));
	/* The QR code on the card decodes to the public verification URL. */
	char *qr = run_on_bytes("sh -c 'pdftoppm -r 150 -png \"$0\" /tmp/sidakerd-qr && "
	                        "zbarimg -q --raw /tmp/sidakerd-qr-1.png; rm -f /tmp/sidakerd-qr-1.png'",
	                        r.body, r.len, ".pdf");
	char expected[128];
	snprintf(expected, sizeof expected, "http://127.0.0.1:8080/v1/verify/cards/%s\n", key);
	assert_string_equal(qr, expected);
	free(qr);
	response_free(&r);

	/* Verification answers number, status, validity and the holder's name
	 * masked: nothing else personal. */
	char path[96];
	snprintf(path, sizeof path, "/v1/verify/cards/%s", key);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 200);
	assert_string_equal(str(r.json, "number"), number);
	assert_string_equal(str(r.json, "status"), "active");
	assert_string_equal(str(r.json, "holder"), "S*** R********");
	assert_true(json_is_true(json_object_get(r.json, "valid")));
	assert_int_equal(json_object_size(r.json), 5);
	assert_null(strstr(r.body, "Siti"));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/verify/cards/3277999999010101", NULL, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/verify/cards/abc", NULL, NULL, &r), 404);
	response_free(&r);

	/* A phone's camera opens the QR code in a browser: a page in
	 * Indonesian, the validity in words, the issuing office, nothing that
	 * runs (its CSP allows its inline style only). */
	static const char *const browser[] = {"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
	                                      NULL};
	assert_int_equal(http_call(&d, "GET", path, NULL, NULL, browser, &r), 0);
	assert_int_equal(r.status, 200);
	char type[64], csp[200];
	assert_non_null(response_header(&r, "Content-Type", type, sizeof type));
	assert_string_equal(type, "text/html; charset=utf-8");
	assert_non_null(response_header(&r, "Content-Security-Policy", csp, sizeof csp));
	assert_non_null(strstr(csp, "default-src 'none'"));
	assert_null(strstr(csp, "script-src"));
	int y, m, day;
	assert_int_equal(sscanf(valid_until, "%d-%d-%d", &y, &m, &day), 3);
	char words[48];
	snprintf(words, sizeof words, "%d %s %04u", day, months[m - 1], (unsigned)y % 10000u);
	const char *const wanted[] = {"Verifikasi Kartu AK/I",
	                              ">Berlaku<",
	                              number,
	                              "S*** R********",
	                              words,
	                              "Diterbitkan oleh Dinas Tenaga Kerja",
	                              NULL};
	for (const char *const *w = wanted; *w; w++)
		if (!strstr(r.body, *w))
			fail_msg("the page lacks \"%s\":\n%s", *w, r.body);
	assert_null(strstr(r.body, "Siti"));
	assert_null(strstr(r.body, "<script"));
	response_free(&r);
	assert_int_equal(http_call(&d, "GET", "/v1/verify/cards/3277999999010101", NULL, NULL, browser, &r), 0);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "tidak terdaftar"));
	response_free(&r);
	/* An app that asks for JSON first gets JSON. */
	static const char *const app[] = {"Accept: application/json, text/html", NULL};
	assert_int_equal(http_call(&d, "GET", path, NULL, NULL, app, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(str(r.json, "status"), "active");
	response_free(&r);
	/* Officers print any card; others cannot. */
	snprintf(path, sizeof path, "/v1/cards/%lld/pdf", siti_card);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_memory_equal(r.body, "%PDF-", 5);
	response_free(&r);
	assert_int_equal(call("GET", path, budi, NULL, &r), 403);
	response_free(&r);
}

static void reports_and_placement(void **state)
{
	(void)state;
	struct response r;
	/* Nothing is due in the first months. */
	assert_int_equal(call("POST", "/v1/me/card/reports", siti, "{\"status\":\"still_looking\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "report_not_due");
	response_free(&r);
	/* Six months later (simulated): the first report is due and overdue. */
	char sql[160];
	snprintf(sql, sizeof sql,
	         "UPDATE card_report SET due_on = date('now', '-3 days') WHERE card_id = %lld AND seq = 1", siti_card);
	assert_int_equal(db_exec(&d, sql), 1);
	assert_int_equal(call("GET", "/v1/cards/overdue", officer, NULL, &r), 200);
	json_t *row = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(row, "card_id")), siti_card);
	assert_true(json_integer_value(json_object_get(row, "days_overdue")) >= 2);
	assert_string_equal(str(row, "nik_masked"), "3277********0001");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/me/card/reports", siti, "{\"status\":\"still_looking\"}", &r), 200);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "reports"), 0), "status"), "still_looking");
	assert_string_equal(str(r.json, "state"), "active");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/cards/overdue", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	/* A placement needs employer, position and start date. */
	assert_int_equal(
		call("POST", "/v1/me/card/reports", siti, "{\"status\":\"placed\",\"employer\":\"PT Garmen\"}", &r),
		400);
	assert_string_equal(error_code_of(&r), "field_missing");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/me/card/reports", siti,
	                      "{\"status\":\"placed\",\"employer\":\"PT Garmen Jaya\",\"position\":\"Operator\","
	                      "\"start_date\":\"2099-01-01\"}",
	                      &r),
	                 422);
	assert_string_equal(error_code_of(&r), "date_invalid");
	response_free(&r);
	assert_int_equal(call("POST", "/v1/me/card/reports", siti,
	                      "{\"status\":\"placed\",\"employer\":\"PT Garmen Jaya\",\"position\":\"Operator\","
	                      "\"start_date\":\"2026-11-01\"}",
	                      &r),
	                 200);
	assert_string_equal(str(r.json, "state"), "placed");
	assert_string_equal(str(r.json, "end_reason"), "placed");
	assert_string_equal(str(r.json, "ended_on"), "2026-11-01");
	response_free(&r);
	/* The card has ended: nothing to report, said so (not "no card"). */
	assert_int_equal(call("POST", "/v1/me/card/reports", siti, "{\"status\":\"still_looking\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "card_ended");
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(r.json, "error"), "message")),
	                       "tidak berlaku"));
	response_free(&r);
}

/* Budi: card issued, expires (daily job at restart), renewed. */
static void expiry_and_renewal(void **state)
{
	(void)state;
	struct response r;
	char path[96];
	assert_int_equal(upload(budi, "photo", "photo-300x400.jpg", &r), 201);
	response_free(&r);
	assert_int_equal(upload(budi, "ktp", "ktp.jpg", &r), 201);
	response_free(&r);
	assert_int_equal(upload(budi, "diploma", "ijazah.pdf", &r), 201);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/me/card-applications", budi, "{\"kind\":\"new\"}", &r), 201);
	long long app = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/me/card-applications/%lld/submit", app);
	assert_int_equal(call("POST", path, budi, NULL, &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/card-applications/%lld/issue", app);
	assert_int_equal(call("POST", path, officer, NULL, &r), 201);
	long long card = json_integer_value(json_object_get(r.json, "id"));
	/* Serials are never reused: this is the second card. */
	assert_memory_equal(str(r.json, "number"), "3277 000002 ", 12);
	response_free(&r);

	/* Two years pass (simulated); the daily job runs at start-up. */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE card SET valid_until = date('now', '-2 days') WHERE id = %lld", card);
	assert_int_equal(db_exec(&d, sql), 1);
	assert_int_equal(daemon_stop(&d), 0);
	assert_int_equal(daemon_restart(&d, NULL), 0);
	assert_non_null(login_token(&d, "budi@example.id", "budi-rahasia-1", budi));
	assert_non_null(login_token(&d, "pengantar@disnaker.go.id", "petugas-aman-1", officer));
	for (int i = 0; i < 100 && db_exec(&d, "SELECT count(*) FROM card WHERE state='expired'") < 1; i++)
		usleep(20000);
	assert_int_equal(call("GET", "/v1/me/card", budi, NULL, &r), 200);
	assert_string_equal(str(r.json, "state"), "expired");
	assert_string_equal(str(r.json, "end_reason"), "expired");
	response_free(&r);

	/* Renewing someone else's card, or without naming the card: refused. */
	char body[96];
	snprintf(body, sizeof body, "{\"kind\":\"renewal\",\"replaces_card_id\":%lld}", siti_card);
	assert_int_equal(call("POST", "/v1/me/card-applications", budi, body, &r), 404);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/me/card-applications", budi, "{\"kind\":\"renewal\"}", &r), 400);
	response_free(&r);
	snprintf(body, sizeof body, "{\"kind\":\"renewal\",\"replaces_card_id\":%lld}", card);
	assert_int_equal(call("POST", "/v1/me/card-applications", budi, body, &r), 201);
	app = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/me/card-applications/%lld/submit", app);
	assert_int_equal(call("POST", path, budi, NULL, &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/card-applications/%lld/issue", app);
	assert_int_equal(call("POST", path, officer, NULL, &r), 201);
	assert_string_equal(str(r.json, "kind"), "renewal");
	assert_int_equal(json_integer_value(json_object_get(r.json, "replaces_card_id")), card);
	long long renewed = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);

	/* Officer removal (moved away); a second removal is a conflict. */
	snprintf(path, sizeof path, "/v1/cards/%lld/removal", renewed);
	assert_int_equal(call("POST", path, budi, "{\"reason\":\"moved\"}", &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"reason\":\"bored\"}", &r), 422);
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"reason\":\"moved\"}", &r), 200);
	assert_string_equal(str(r.json, "state"), "removed");
	assert_string_equal(str(r.json, "end_reason"), "moved");
	response_free(&r);
	assert_int_equal(call("POST", path, officer, "{\"reason\":\"moved\"}", &r), 409);
	response_free(&r);
}

static const char import_csv[] =
	"nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,kelurahan_code,education_level,card_number,issued_on,valid_until,state,ended_on,end_reason\n"
	"3277014101950003,Ani Suryani,Cimahi,1995-01-01,F,Jl. Sangkuriang 1,32.77.02,32.77.02.1001,sma,3277 000101 020123,2023-01-02,,placed,2023-06-01,\n"
	"3277010202940004,\"Ujang, S.T.\",Bandung,1994-02-02,M,Jl. Cihanjuang 2,32.77.03,32.77.03.1002,s1,3277 000102 030124,2024-01-03,,active,,\n"
	"3277010303930005,Dedi,Cimahi,1993-03-03,M,Jl. Baros 3,32.77.01,32.77.01.1001,smp,3277 000103 040122,2022-01-04,,active,,\n";

static void legacy_import(void **state)
{
	(void)state;
	struct response r;
	const char *bad_rows =
		"3277010404920006,Eka,Cimahi,1992-13-04,M,Jl. X,32.77.01,32.77.01.1001,sd,3277 000104 050122,2022-01-05,,active,,\n"
		"327701,Fajar,Cimahi,1992-04-04,M,Jl. Y,32.77.01,32.77.01.1001,sd,3277 000105 050122,2022-01-05,,active,,\n"
		"3277010505910007,Gita,Cimahi,1991-05-05,F,Jl. Z,32.73.01,32.73.01.1001,sd,3277 000106 050122,2022-01-05,,active,,\n";
	char csv[4096];
	snprintf(csv, sizeof csv, "%s%s", import_csv, bad_rows);
	long cards = db_exec(&d, "SELECT count(*) FROM card"), people = db_exec(&d, "SELECT count(*) FROM seeker");
	/* All or nothing: three bad rows, each named by line; nothing written. */
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, csv, strlen(csv), "text/csv", &r), 0);
	assert_int_equal(r.status, 422);
	assert_string_equal(error_code_of(&r), "import_invalid");
	json_t *errors = json_object_get(r.json, "errors");
	assert_int_equal(json_array_size(errors), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(errors, 0), "line")), 5);
	assert_string_equal(str(json_array_get(errors, 0), "field"), "birth_date");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(errors, 1), "line")), 6);
	assert_string_equal(str(json_array_get(errors, 1), "code"), "nik_invalid");
	assert_string_equal(str(json_array_get(errors, 2), "code"), "region_invalid");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card"), cards);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker"), people);

	/* The valid rows only, on request. */
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports?mode=valid_only", officer, csv, strlen(csv),
	                                 "text/csv", &r),
	                 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "rows")), 6);
	assert_int_equal(json_integer_value(json_object_get(r.json, "imported")), 3);
	assert_int_equal(json_array_size(json_object_get(r.json, "errors")), 3);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card"), cards + 3);
	/* Dedi's card of 2022 is past its validity: imported as expired. */
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM card WHERE number = '3277 000103 040122' "
	                         "AND state = 'expired' AND ended_on = '2024-01-04'"),
	                 1);
	assert_int_equal(db_exec(&d,
	                         "SELECT count(*) FROM card WHERE number = '3277 000101 020123' "
	                         "AND state = 'placed' AND ended_on = '2023-06-01'"),
	                 1);
	/* Imported cards keep their historical issue dates. */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card WHERE imported AND issued_on < '2025-01-01'"), 3);

	/* The same file again changes nothing. */
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, import_csv, strlen(import_csv),
	                                 "text/csv", &r),
	                 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "imported")), 0);
	assert_int_equal(json_integer_value(json_object_get(r.json, "skipped")), 3);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card"), cards + 3);

	/* A card number that belongs to someone else. */
	const char *clash =
		"nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,kelurahan_code,education_level,card_number,issued_on\n"
		"3277010606900008,Hana,Cimahi,1990-06-06,F,Jl. W,32.77.01,32.77.01.1001,sma,3277 000101 020123,2023-01-02\n";
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, clash, strlen(clash), "text/csv", &r),
	                 0);
	assert_int_equal(r.status, 422);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "errors"), 0), "code"), "card_number_taken");
	response_free(&r);
	/* Malformed files and wrong callers. */
	const char *no_header = "just,some,columns\n1,2,3\n";
	assert_int_equal(
		http_call_bytes(&d, "POST", "/v1/card-imports", officer, no_header, strlen(no_header), "text/csv", &r),
		0);
	assert_int_equal(r.status, 422);
	response_free(&r);
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, import_csv, strlen(import_csv),
	                                 "application/json", &r),
	                 0);
	assert_int_equal(r.status, 415);
	response_free(&r);
	assert_int_equal(
		http_call_bytes(&d, "POST", "/v1/card-imports", siti, import_csv, strlen(import_csv), "text/csv", &r),
		0);
	assert_int_equal(r.status, 403);
	response_free(&r);

	/* Ujang, known from the register, registers in the app: a profile with
	 * the register's name and birth date takes over the imported person and
	 * his card is his (test_api_profile_claim.c: the claim when they differ). */
	char token[64];
	assert_non_null(
		account_ready(&d, "seeker", "ujang@example.id", "ujang-rahasia-1", "Ujang", "3277010202940004", token));
	char profile[4096];
	snprintf(
		profile, sizeof profile,
		"{\"full_name\":\"Ujang, S.T.\",\"birth_place\":\"Bandung\",\"birth_date\":\"1994-02-02\",\"gender\":\"M\",%s",
		strstr(profile_siti, "\"marital_status\""));
	assert_int_equal(call("PUT", "/v1/me/profile", token, profile, &r), 200);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/card", token, NULL, &r), 200);
	assert_string_equal(str(r.json, "number"), "3277 000102 030124");
	assert_true(json_is_true(json_object_get(r.json, "imported")));
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM seeker WHERE account_id IS NOT NULL"), 3);
}

static void no_personal_data_in_logs(void **state)
{
	(void)state;
	assert_false(log_contains(&d, "3277015205980001"));
	assert_false(log_contains(&d, "Siti Rahmawati"));
	assert_false(log_contains(&d, "+6281222334455"));
	assert_false(log_contains(&d, "Ujang"));
	assert_true(log_contains(&d, "route=/v1/card-applications/{id}/issue"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(profile),
		cmocka_unit_test(hostile_uploads),
		cmocka_unit_test(application_workflow),
		cmocka_unit_test(card_pdf_and_verification),
		cmocka_unit_test(reports_and_placement),
		cmocka_unit_test(expiry_and_renewal),
		cmocka_unit_test(legacy_import),
		cmocka_unit_test(no_personal_data_in_logs),
	};
	return cmocka_run_group_tests_name("api_card", tests, setup, teardown);
}
