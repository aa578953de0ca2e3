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

#endif
