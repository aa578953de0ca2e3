#include <stdio.h>
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

int text_append_json_string(struct text_buffer *b, const char *s)
{
	size_t start = b->len;
	int failed = text_append_n(b, "\"", 1) < 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && !failed; p++) {
		char escaped[8];
		if (*p == '"' || *p == '\\')
			snprintf(escaped, sizeof escaped, "\\%c", *p);
		else if (*p < 0x20 && strchr("\b\f\n\r\t", *p))
			snprintf(escaped, sizeof escaped, "\\%c", "bfnrt"[strchr("\b\f\n\r\t", *p) - "\b\f\n\r\t"]);
		else if (*p < 0x20)
			snprintf(escaped, sizeof escaped, "\\u%04X", *p);
		else {
			size_t run = 1; /* the bytes up to the next that needs escaping, at once */
			while (p[run] && p[run] != '"' && p[run] != '\\' && p[run] >= 0x20)
				run++;
			failed = text_append_n(b, (const char *)p, run) < 0;
			p += run - 1;
			continue;
		}
		failed = text_append(b, escaped) < 0;
	}
	failed = failed || text_append_n(b, "\"", 1) < 0;
	if (failed) {
		b->len = start;
		if (b->text)
			b->text[start] = '\0';
	}
	return failed ? -1 : 0;
}
