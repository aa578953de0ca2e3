#include "mask.h"

void name_mask(const char *name, char *out, size_t cap)
{
	size_t n = 0;
	int word_start = 1;
	if (!cap)
		return;
	for (const unsigned char *p = (const unsigned char *)name; *p;) {
		/* One UTF-8 character: a lead byte and its continuation bytes. */
		size_t len = 1;
		while ((p[len] & 0xC0) == 0x80)
			len++;
		if (*p == ' ') {
			if (n + 1 >= cap)
				break;
			out[n++] = ' ';
			word_start = 1;
		} else if (word_start) {
			if (n + len >= cap)
				break;
			for (size_t i = 0; i < len; i++)
				out[n++] = (char)p[i];
			word_start = 0;
		} else {
			if (n + 1 >= cap)
				break;
			out[n++] = '*';
		}
		p += len;
	}
	out[n] = '\0';
}
