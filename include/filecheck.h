/*
 * Uploaded files are judged by their content, never by their name or the
 * client's Content-Type: JPEG and PNG by their signature and dimensions (and
 * their end marker, so a truncated upload is refused), PDF by its header and
 * trailer and by the absence of active content (JavaScript, launch actions,
 * embedded files).
 */
#ifndef SIDAKERD_FILECHECK_H
#define SIDAKERD_FILECHECK_H

#include <stddef.h>

enum file_problem {
	FILE_OK = 0,
	FILE_EMPTY,
	FILE_TOO_LARGE,
	FILE_UNKNOWN_TYPE, /* neither JPEG, PNG nor PDF */
	FILE_CORRUPT, /* the signature is right, the structure is not */
	FILE_ACTIVE_CONTENT, /* a PDF with scripts, actions or attachments */
	FILE_WRONG_TYPE, /* a type this kind of document does not take */
	FILE_IMAGE_TOO_SMALL,
	FILE_BAD_ASPECT, /* a photo that is not 3:4 */
};

struct file_info {
	const char *media_type; /* "image/jpeg", "image/png", "application/pdf" */
	int width, height; /* images only */
};

enum file_problem file_inspect(const unsigned char *data, size_t len, struct file_info *out);
/* A 3x4 passport photo: JPEG or PNG, at least min_w x min_h, width/height
 * within 5% of 3/4. */
enum file_problem file_check_photo(const struct file_info *info, int min_w, int min_h);

#endif
