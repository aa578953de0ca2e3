/* Uploaded files judged by content: JPEG, PNG, PDF and the photo rule. */
#include <stddef.h>
#include <stdint.h>

#include "filecheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct file_info info;
	if (file_inspect(data, size, &info) == FILE_OK)
		file_check_photo(&info, 300, 400);
	return 0;
}
