/* Checks of single values shared by every route family. */
#ifndef SIDAKERD_VALIDATE_H
#define SIDAKERD_VALIDATE_H

#include <stddef.h>

/* 0 when s looks like a deliverable address: one '@', a dotted domain, no
 * spaces or control characters, at most EMAIL_MAX_BYTES. */
int valid_email(const char *s);
/* 0 when PASSWORD_MIN_BYTES <= length <= PASSWORD_MAX_BYTES. */
int valid_password(const char *s);
/* 0 when s has 1..max bytes of valid UTF-8 text, no control characters and
 * not only spaces. */
int valid_text(const char *s, size_t max);

/* "0812-3456-7890", "+62 812 3456 7890", "62812…" → "+6281234567890".
 * 0 when it is an Indonesian number of 8 to 12 national digits. */
int phone_normalize(const char *in, char out[20]);
/* 0 when s is 1..max ASCII digits. */
int valid_digits(const char *s, size_t min, size_t max);
/* 1 when v is one of the NULL-terminated allowed values, 0 otherwise (also
 * when v is NULL). */
int valid_choice(const char *v, const char *const *allowed);

#endif
