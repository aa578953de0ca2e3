/* Files that are not what they claim (issue 20), uploaded as a job seeker
 * would: each is refused with 422 file_corrupt and nothing is stored (images
 * are decoded in full, PDFs read by qpdf); the
 * photo that is stored is the picture re-encoded, without the EXIF block
 * (camera, GPS) the upload carried, and the card PDF prints it. */
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

static struct daemon d;
static char seeker[64];

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, NULL) < 0 ||
			!account_ready(&d, "seeker", "file@contoh.id", "rahasia-kerja-1", "Berkas", "3277014101990009",
	                               seeker)
		? -1
		: 0;
}

static int teardown(void **state)
{
	(void)state;
	return daemon_stop(&d) == 0 ? 0 : -1;
}

static long upload(const char *kind, const void *data, size_t len, struct response *r)
{
	char path[64];
	snprintf(path, sizeof path, "/v1/me/documents?kind=%s", kind);
	assert_int_equal(http_call_bytes(&d, "POST", path, seeker, data, len, "application/octet-stream", r), 0);
	return r->status;
}

static void not_what_they_claim(void **state)
{
	(void)state;
	struct response r;
	/* 23 bytes: a frame claiming 65535 x 65535 between start and end markers. */
	static const unsigned char tiny[] = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x03,
	                                     0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9};
	static const char *const kinds[] = {"photo", "ktp", "diploma"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(upload(kinds[i], tiny, sizeof tiny, &r), 422);
		assert_string_equal(error_code_of(&r), "file_corrupt");
		response_free(&r);
	}
	/* A real photo cut short behind a forged end marker. */
	size_t len;
	unsigned char *photo = fixture("photo-300x400.jpg", &len);
	unsigned char *cut = malloc(len);
	memcpy(cut, photo, len / 2);
	cut[len / 2] = 0xFF;
	cut[len / 2 + 1] = 0xD9;
	assert_int_equal(upload("photo", cut, len / 2 + 2, &r), 422);
	assert_string_equal(error_code_of(&r), "file_corrupt");
	response_free(&r);
	free(cut);
	/* %PDF-1.4, 100,000 "<<" and a trailer, as a diploma: no PDF behind it. */
	size_t deep_len = 0;
	char *deep = malloc(9 + 200000 + 64);
	deep_len += (size_t)sprintf(deep, "%%PDF-1.4\n");
	for (int i = 0; i < 100000; i++, deep_len += 2)
		memcpy(deep + deep_len, "<<", 2);
	deep_len += (size_t)sprintf(deep + deep_len, "\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n");
	assert_int_equal(upload("diploma", deep, deep_len, &r), 422);
	assert_string_equal(error_code_of(&r), "file_corrupt");
	response_free(&r);
	free(deep);
	/* A real PDF still passes. */
	size_t pdf_len;
	unsigned char *pdf = fixture("ijazah.pdf", &pdf_len);
	assert_int_equal(upload("diploma", pdf, pdf_len, &r), 201);
	response_free(&r);
	free(pdf);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM document"), 1);

	/* A photo with an EXIF block naming where it was taken. */
	size_t tagged_len;
	unsigned char *tagged = fixture("photo-exif.jpg", &tagged_len);
	assert_non_null(memmem(tagged, tagged_len, "GPSLatitude", 11));
	assert_int_equal(upload("photo", tagged, tagged_len, &r), 201);
	long long id = json_integer_value(json_object_get(r.json, "id"));
	assert_int_equal(json_integer_value(json_object_get(r.json, "width")), 300);
	assert_int_equal(json_integer_value(json_object_get(r.json, "height")), 400);
	response_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/v1/me/documents/%lld", id);
	assert_int_equal(http_call(&d, "GET", path, seeker, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 100 && (unsigned char)r.body[0] == 0xFF && (unsigned char)r.body[1] == 0xD8);
	assert_null(memmem(r.body, r.len, "GPSLatitude", 11));
	assert_null(memmem(r.body, r.len, "Exif", 4));
	/* What is kept is a baseline JPEG of the picture: its frame says 300 x 400. */
	char *size = run_on_bytes("python3 -c \"import struct,sys; d=open(sys.argv[1],'rb').read(); "
	                          "i=d.find(b'\\xff\\xc0'); print(struct.unpack('>HH', d[i+5:i+9]))\"",
	                          r.body, r.len, ".jpg");
	assert_non_null(strstr(size, "(400, 300)"));
	free(size);
	response_free(&r);
	free(tagged);
	free(photo);
}

/* A CSV with one field of 1.5 MB: parsed in linear time, answered at once
 * (it took 35-45 s in the sanitizer build, past any client's patience). */
static void one_huge_csv_field(void **state)
{
	(void)state;
	char officer[64];
	assert_non_null(officer_ready(&d, officer));
	size_t big = 1500 * 1000, n = 0;
	char *csv = malloc(big + 512);
	n += (size_t)sprintf(csv,
	                     "nik,full_name,birth_place,birth_date,gender,address,kecamatan_code,kelurahan_code,"
	                     "education_level,card_number,issued_on\n3277010101900001,");
	memset(csv + n, 'a', big);
	n += big;
	n += (size_t)sprintf(csv + n, ",Cimahi,1990-01-01,M,Jl. 1,32.77.01,32.77.01.1001,sma,3277 1,2025-01-01\n");
	struct response r;
	double t0 = mono_seconds();
	assert_int_equal(http_call_bytes(&d, "POST", "/v1/card-imports", officer, csv, n, "text/csv", &r), 0);
	double took = mono_seconds() - t0;
	assert_int_equal(r.status, 422);
	assert_string_equal(error_code_of(&r), "import_invalid");
	response_free(&r);
	free(csv);
	if (took > 10)
		fail_msg("a 1.5 MB field took %.1f s", took);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM card"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_what_they_claim),
		cmocka_unit_test(one_huge_csv_field),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
