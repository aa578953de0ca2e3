#include "cmocka_all.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filecheck.h"
#include "image_decode.h"

static unsigned char *load(const char *name, size_t *len)
{
	char path[128];
	snprintf(path, sizeof path, "tests/fixtures/%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *data = malloc(*len);
	assert_int_equal(fread(data, 1, *len, f), *len);
	fclose(f);
	return data;
}

static enum file_problem inspect(const char *name, struct file_info *info)
{
	size_t len;
	unsigned char *data = load(name, &len);
	enum file_problem p = file_inspect(data, len, info);
	free(data);
	return p;
}

static void types_by_content(void **state)
{
	(void)state;
	struct file_info info;
	assert_int_equal(inspect("photo-300x400.jpg", &info), FILE_OK);
	assert_string_equal(info.media_type, "image/jpeg");
	assert_int_equal(info.width, 300);
	assert_int_equal(info.height, 400);
	assert_int_equal(inspect("photo-300x400.png", &info), FILE_OK);
	assert_string_equal(info.media_type, "image/png");
	assert_int_equal(info.height, 400);
	assert_int_equal(inspect("ijazah.pdf", &info), FILE_OK);
	assert_string_equal(info.media_type, "application/pdf");
	assert_int_equal(inspect("fake.jpg", &info), FILE_UNKNOWN_TYPE);
	assert_int_equal(inspect("truncated.jpg", &info), FILE_CORRUPT);
	assert_int_equal(inspect("script.pdf", &info), FILE_ACTIVE_CONTENT);
	/* The same with its objects compressed in an object stream: the byte
	 * scan sees nothing, qpdf's walk from the root finds the action. */
	assert_int_equal(inspect("script-objstm.pdf", &info), FILE_ACTIVE_CONTENT);
	assert_int_equal(file_inspect((const unsigned char *)"", 0, &info), FILE_EMPTY);
}

static void hand_made_files(void **state)
{
	(void)state;
	struct file_info info;
	/* A PNG signature with nothing behind it. */
	assert_int_equal(file_inspect((const unsigned char *)"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, &info), FILE_CORRUPT);
	/* A PDF without its trailer. */
	const char *pdf = "%PDF-1.4\n1 0 obj << >> endobj\n";
	assert_int_equal(file_inspect((const unsigned char *)pdf, strlen(pdf), &info), FILE_CORRUPT);
	/* "/JS " is active wherever it stands; "/JSON" passes the byte scan, and
	 * then qpdf finds no PDF behind the header (no cross-reference table). */
	const char *ok = "%PDF-1.4\n<< /JSONish 1 >>\n%%EOF\n", *bad = "%PDF-1.4\n<< /JS (x) >>\n%%EOF\n";
	assert_int_equal(file_inspect((const unsigned char *)ok, strlen(ok), &info), FILE_CORRUPT);
	assert_int_equal(file_inspect((const unsigned char *)bad, strlen(bad), &info), FILE_ACTIVE_CONTENT);
	/* %PDF-1.4, 100,000 "<<" and a trailer: no objects, refused (issue 20). */
	size_t deep_len = 9 + 200000 + 40;
	char *deep = malloc(deep_len + 1);
	strcpy(deep, "%PDF-1.4\n");
	for (int i = 0; i < 100000; i++)
		strcat(deep + 9 + 2 * i, "<<");
	strcat(deep, "\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
	assert_int_equal(file_inspect((const unsigned char *)deep, strlen(deep), &info), FILE_CORRUPT);
	free(deep);
	/* JPEG markers that run past the end. */
	const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x7F, 0xFF, 0x00};
	assert_int_equal(file_inspect(jpeg, sizeof jpeg, &info), FILE_CORRUPT);
}

static void photos(void **state)
{
	(void)state;
	struct file_info jpeg = {"image/jpeg", 300, 400}, pdf = {"application/pdf", 0, 0};
	assert_int_equal(file_check_photo(&jpeg, 300, 400), FILE_OK);
	assert_int_equal(file_check_photo(&pdf, 300, 400), FILE_WRONG_TYPE);
	struct file_info small = {"image/jpeg", 150, 200}, wide = {"image/jpeg", 600, 450};
	assert_int_equal(file_check_photo(&small, 300, 400), FILE_IMAGE_TOO_SMALL);
	assert_int_equal(file_check_photo(&wide, 300, 400), FILE_BAD_ASPECT);
	/* 5% tolerance around 3:4: 3000x4000 ± 150 in width. */
	struct file_info edge_ok = {"image/png", 3150, 4000}, edge_bad = {"image/png", 3160, 4000};
	assert_int_equal(file_check_photo(&edge_ok, 300, 400), FILE_OK);
	assert_int_equal(file_check_photo(&edge_bad, 300, 400), FILE_BAD_ASPECT);
}

/* Files whose headers look right and whose data is not an image (issue
 * 20): each is decoded in full now, and refused. */
static void images_decode_in_full(void **state)
{
	(void)state;
	struct file_info info;
	/* 23 bytes: start of image, a frame claiming 65535 x 65535, end of image. */
	static const unsigned char tiny[] = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x03,
	                                     0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9};
	assert_int_equal(file_inspect(tiny, sizeof tiny, &info), FILE_CORRUPT);
	/* A real photo whose scan data is cut and replaced by the end marker. */
	size_t len;
	unsigned char *photo = load("photo-300x400.jpg", &len);
	unsigned char *cut = malloc(len);
	size_t keep = len / 3;
	memcpy(cut, photo, keep);
	cut[keep] = 0xFF;
	cut[keep + 1] = 0xD9;
	assert_int_equal(file_inspect(cut, keep + 2, &info), FILE_CORRUPT);
	/* Its header edited to claim more pixels than it has. */
	memcpy(cut, photo, len);
	for (size_t i = 2; i + 9 < len; i++)
		if (cut[i] == 0xFF && cut[i + 1] >= 0xC0 && cut[i + 1] <= 0xC2) {
			cut[i + 5] = 0x10; /* height 4096 and more */
			break;
		}
	assert_int_equal(file_inspect(cut, len, &info), FILE_CORRUPT);
	/* The photo itself still passes. */
	assert_int_equal(file_inspect(photo, len, &info), FILE_OK);
	free(cut);
	free(photo);
	/* A PNG whose image data is garbage behind valid chunks. */
	unsigned char *png = load("photo-300x400.png", &len);
	for (size_t i = 8; i + 8 < len; i++)
		if (!memcmp(png + i, "IDAT", 4)) {
			memset(png + i + 4 + 16, 0x55, 64);
			break;
		}
	assert_int_equal(file_inspect(png, len, &info), FILE_CORRUPT);
	free(png);
}

/* The card photo is re-encoded from its pixels: a JPEG with an EXIF block
 * (camera, GPS) comes back as a JPEG of the same size without it. */
static void photo_reencoded_without_metadata(void **state)
{
	(void)state;
	/* The photo with an APP1 "Exif" segment holding GPS tags' bytes. */
	size_t len, tagged_len;
	unsigned char *tagged = load("photo-exif.jpg", &tagged_len);
	assert_non_null(memmem(tagged, tagged_len, "GPSLatitude", 11));
	struct file_info info;
	assert_int_equal(file_inspect(tagged, tagged_len, &info), FILE_OK);
	unsigned char *clean;
	size_t clean_len;
	assert_int_equal(image_reencode_jpeg(tagged, tagged_len, 0, 90, &clean, &clean_len), 0);
	assert_null(memmem(clean, clean_len, "Exif", 4));
	assert_null(memmem(clean, clean_len, "GPSLatitude", 11));
	assert_int_equal(file_inspect(clean, clean_len, &info), FILE_OK);
	assert_int_equal(info.width, 300);
	assert_int_equal(info.height, 400);
	free(clean);
	/* From a PNG too: a JPEG of its pixels. */
	unsigned char *png = load("photo-300x400.png", &len);
	assert_int_equal(image_reencode_jpeg(png, len, 1, 90, &clean, &clean_len), 0);
	assert_int_equal(file_inspect(clean, clean_len, &info), FILE_OK);
	assert_string_equal(info.media_type, "image/jpeg");
	free(clean);
	free(png);
	free(tagged);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(images_decode_in_full),
		cmocka_unit_test(photo_reencoded_without_metadata),
		cmocka_unit_test(types_by_content),
		cmocka_unit_test(hand_made_files),
		cmocka_unit_test(photos),
	};
	return cmocka_run_group_tests_name("filecheck", tests, NULL, NULL);
}
