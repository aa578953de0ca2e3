#include "crypto.h"
#include "mask.h"
#include "store.h"

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

void masked_rows_add(const struct store_row *row, void *arg)
{
	struct masked_rows *l = arg;
	json_t *item = json_loads(store_row_text(row, 0), 0, NULL);
	char masked[17];
	size_t len;
	const void *sealed = store_row_blob(row, 1, &len);
	if (!item)
		return;
	nik_masked_of(l->keys, sealed, len, masked);
	json_object_set_new(item, "nik_masked", json_string(masked));
	json_array_append_new(l->items, item);
}
