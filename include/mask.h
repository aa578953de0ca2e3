/* Masks for personal data in public answers and shared views. */
#ifndef SIDAKERD_MASK_H
#define SIDAKERD_MASK_H

#include <jansson.h>
#include <stddef.h>

struct keys;
struct store_row;

/* "Siti Nurhaliza" → "S*** N*******": the first letter of each word, a
 * star for every other character (UTF-8 aware).  out holds cap bytes;
 * the result is cut at a character boundary when it does not fit. */
void name_mask(const char *name, char *out, size_t cap);

/* A list of people as staff or an employer see them: rows whose column 0 is
 * a JSON object and column 1 a sealed NIK become objects with "nik_masked"
 * (masked_rows_add is the store_row_fn; a row whose JSON does not parse is
 * left out). */
struct masked_rows {
	const struct keys *keys;
	json_t *items;
};
void masked_rows_add(const struct store_row *row, void *arg);

#endif
