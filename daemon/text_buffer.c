#include <stdlib.h>
#include <string.h>

#include "text_buffer.h"

int text_append_n(struct text_buffer *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *grown = realloc(b->text, cap);
		if (!grown)
			return -1;
		b->text = grown;
		b->cap = cap;
	}
	memcpy(b->text + b->len, s, n);
	b->len += n;
	b->text[b->len] = '\0';
	return 0;
}

int text_append(struct text_buffer *b, const char *s) { return text_append_n(b, s, strlen(s)); }
