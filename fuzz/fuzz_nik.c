/* NIK parsing and masking, with and without the typed birth date. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nik.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char nik[64], birth[32] = "";
	size_t n = size < 40 ? size : 40;
	memcpy(nik, data, n);
	nik[n] = '\0';
	if (size > 40) {
		size_t b = size - 40 < 20 ? size - 40 : 20;
		memcpy(birth, data + 40, b);
		birth[b] = '\0';
	}
	if (nik_valid_format(nik) == 0) {
		struct nik_info info;
		char masked[NIK_LEN + 1];
		nik_check(nik, *birth ? birth : NULL, size % 2 ? 'F' : 'M', &info);
		nik_mask(nik, masked);
	}
	return 0;
}
