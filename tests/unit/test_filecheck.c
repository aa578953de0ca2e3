#include "cmocka_all.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filecheck.h"

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
	/* "/JSON" is not "/JS"; "/JS " is. */
	const char *ok = "%PDF-1.4\n<< /JSONish 1 >>\n%%EOF\n", *bad = "%PDF-1.4\n<< /JS (x) >>\n%%EOF\n";
	assert_int_equal(file_inspect((const unsigned char *)ok, strlen(ok), &info), FILE_OK);
	assert_int_equal(file_inspect((const unsigned char *)bad, strlen(bad), &info), FILE_ACTIVE_CONTENT);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(types_by_content), cmocka_unit_test(hand_made_files), cmocka_unit_test(photos),
	};
	return cmocka_run_group_tests_name("filecheck", tests, NULL, NULL);
}
