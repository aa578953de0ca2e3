/* Uploaded files judged by content: JPEG, PNG (decoded in full), PDF and
 * the photo rule; an image that passes is re-encoded as the card photo is. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filecheck.h"
#include "image_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct file_info info;
	if (file_inspect(data, size, &info) != FILE_OK)
		return 0;
	file_check_photo(&info, 300, 400);
	if (info.width) {
		unsigned char *out;
		size_t out_len;
		if (image_reencode_jpeg(data, size, !strcmp(info.media_type, "image/png"), 90, &out, &out_len) == 0)
			free(out);
	}
	return 0;
}
