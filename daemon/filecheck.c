#include <stdint.h>
#include <string.h>

#include "filecheck.h"
#include "image_decode.h"
#include "pdf_check.h"

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Walks the JPEG markers up to the first start-of-frame for the size. */
static enum file_problem inspect_jpeg(const unsigned char *d, size_t len, struct file_info *out)
{
	size_t i = 2;
	while (i + 4 <= len) {
		if (d[i] != 0xFF)
			return FILE_CORRUPT;
		unsigned char marker = d[i + 1];
		if (marker == 0xFF) { /* fill byte */
			i++;
			continue;
		}
		if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
			i += 2;
			continue;
		}
		unsigned seg = be16(d + i + 2);
		if (seg < 2 || i + 2 + seg > len)
			return FILE_CORRUPT;
		int sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
		if (sof) {
			if (seg < 7)
				return FILE_CORRUPT;
			out->height = (int)be16(d + i + 5);
			out->width = (int)be16(d + i + 7);
			if (out->width == 0 || out->height == 0)
				return FILE_CORRUPT;
			break;
		}
		if (marker == 0xDA || marker == 0xD9) /* scan data before any frame */
			return FILE_CORRUPT;
		i += 2 + seg;
	}
	if (!out->width)
		return FILE_CORRUPT;
	/* End of image within the last bytes (some cameras pad after it). */
	size_t tail = len > 1024 ? len - 1024 : 0;
	for (size_t k = len - 2; k + 1 > tail && k < len; k--)
		if (d[k] == 0xFF && d[k + 1] == 0xD9)
			return FILE_OK;
	return FILE_CORRUPT;
}

static enum file_problem inspect_png(const unsigned char *d, size_t len, struct file_info *out)
{
	/* Signature (8), IHDR: length 13, "IHDR", width, height, …, CRC. */
	if (len < 8 + 25 + 12 || be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0)
		return FILE_CORRUPT;
	uint32_t w = be32(d + 16), h = be32(d + 20);
	if (w == 0 || h == 0 || w > 100000 || h > 100000)
		return FILE_CORRUPT;
	out->width = (int)w;
	out->height = (int)h;
	/* The last chunk is IEND: length 0, "IEND", its fixed CRC. */
	static const unsigned char iend[] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
	return memcmp(d + len - sizeof iend, iend, sizeof iend) == 0 ? FILE_OK : FILE_CORRUPT;
}

static const void *find(const unsigned char *d, size_t len, const char *needle)
{
	return memmem(d, len, needle, strlen(needle));
}

static enum file_problem inspect_pdf(const unsigned char *d, size_t len)
{
	size_t tail = len > 2048 ? len - 2048 : 0;
	if (!find(d + tail, len - tail, "%%EOF"))
		return FILE_CORRUPT;
	/* Names that make a PDF act when opened.  Object streams can hide names
	 * inside compressed data; files are therefore also served only as
	 * attachments, never rendered by sidakerd or shown inline. */
	static const char *const active[] = {"/JavaScript", "/JS",         "/Launch", "/EmbeddedFile", "/RichMedia",
	                                     "/XFA",        "/OpenAction", "/AA",     "/SubmitForm",   "/ImportData"};
	for (size_t i = 0; i < sizeof active / sizeof active[0]; i++) {
		const unsigned char *p = d, *end = d + len;
		size_t n = strlen(active[i]);
		while ((p = find(p, (size_t)(end - p), active[i]))) {
			/* "/JS" must not match "/JSomething": a name ends at a delimiter. */
			unsigned char next = p + n < end ? p[n] : ' ';
			if (!((next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z') ||
			      (next >= '0' && next <= '9')))
				return FILE_ACTIVE_CONTENT;
			p += n;
		}
	}
	return FILE_OK;
}

enum file_problem file_inspect(const unsigned char *data, size_t len, struct file_info *out)
{
	memset(out, 0, sizeof *out);
	if (len == 0)
		return FILE_EMPTY;
	/* An image is what decodes in full, with the size its header gives;
	 * headers and markers alone were fooled by a 23-byte "JPEG". */
	if (len >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
		out->media_type = "image/jpeg";
		enum file_problem p = inspect_jpeg(data, len, out);
		return p != FILE_OK || image_decode_check(data, len, 0, out->width, out->height) == 0 ? p
												      : FILE_CORRUPT;
	}
	if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
		out->media_type = "image/png";
		enum file_problem p = inspect_png(data, len, out);
		return p != FILE_OK || image_decode_check(data, len, 1, out->width, out->height) == 0 ? p
												      : FILE_CORRUPT;
	}
	if (len >= 8 && memcmp(data, "%PDF-", 5) == 0 && (data[5] == '1' || data[5] == '2')) {
		out->media_type = "application/pdf";
		enum file_problem p = inspect_pdf(data, len);
		if (p != FILE_OK)
			return p;
		/* The bytes said nothing wrong; now a PDF library reads it. */
		enum pdf_verdict v = pdf_check(data, len);
		return v == PDF_FINE ? FILE_OK : v == PDF_ACTIVE ? FILE_ACTIVE_CONTENT : FILE_CORRUPT;
	}
	return FILE_UNKNOWN_TYPE;
}

enum file_problem file_check_photo(const struct file_info *info, int min_w, int min_h)
{
	if (strcmp(info->media_type, "image/jpeg") && strcmp(info->media_type, "image/png"))
		return FILE_WRONG_TYPE;
	if (info->width < min_w || info->height < min_h)
		return FILE_IMAGE_TOO_SMALL;
	/* 3:4 within 5%: |w/h - 3/4| <= 0.0375, i.e. |4w - 3h| <= 0.15 h. */
	long diff = 4L * info->width - 3L * info->height;
	if (diff < 0)
		diff = -diff;
	if (diff * 20 > 3L * info->height)
		return FILE_BAD_ASPECT;
	return FILE_OK;
}
