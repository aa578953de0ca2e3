/* Lesson videos judged by their container headers: MP4 boxes and WebM
 * EBML elements, sizes checked before anything is read. */
#include <stddef.h>
#include <stdint.h>

#include "video_probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct video_info info;
	video_probe_buffer(data, size, &info);
	return 0;
}
