/* Masks for personal data in public answers and shared views. */
#ifndef SIDAKERD_MASK_H
#define SIDAKERD_MASK_H

#include <stddef.h>

/* "Siti Nurhaliza" → "S*** N*******": the first letter of each word, a
 * star for every other character (UTF-8 aware).  out holds cap bytes;
 * the result is cut at a character boundary when it does not fit. */
void name_mask(const char *name, char *out, size_t cap);

#endif
