/* The employer's name as a key, so that "PT. Maju Jaya", "pt maju  jaya"
 * and "Maju Jaya, PT" count as one employer when placements are compared. */
#ifndef SIDAKERD_EMPLOYER_KEY_H
#define SIDAKERD_EMPLOYER_KEY_H

#include <stddef.h>

/* Lower-case words of letters and digits, single-spaced, without the legal
 * forms pt, cv, ud, tbk, persero.  Also an SQL function employer_key(name)
 * on every connection (store.c). */
void employer_key(const char *name, char *out, size_t cap);

#endif
