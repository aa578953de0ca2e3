/* A growing NUL-terminated text, for answers put together from pieces of
 * JSON text (daemon/text_buffer.c). */
#ifndef SIDAKERD_TEXT_BUFFER_H
#define SIDAKERD_TEXT_BUFFER_H

#include <stddef.h>

struct text_buffer {
	char *text; /* malloc'd: the owner frees it */
	size_t len, cap;
};

/* -1 when memory runs out (the text is then as it was). */
int text_append_n(struct text_buffer *b, const char *s, size_t n);
int text_append(struct text_buffer *b, const char *s);
/* s (UTF-8) as a JSON string, quoted and escaped. */
int text_append_json_string(struct text_buffer *b, const char *s);

#endif
