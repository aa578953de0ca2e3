#include <string.h>

#include "defaults.h"
#include "validate.h"

int valid_email(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > EMAIL_MAX_BYTES)
		return -1;
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return -1;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return -1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' || *p == ',' || *p == ';' ||
		    *p == '"' || *p == '\\')
			return -1;
	return 0;
}

int valid_password(const char *s)
{
	size_t n = strlen(s);
	return n >= PASSWORD_MIN_BYTES && n <= PASSWORD_MAX_BYTES ? 0 : -1;
}

int valid_text(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max || strspn(s, " ") == n)
		return -1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return -1;
	return 0; /* UTF-8 validity is guaranteed by jansson for JSON input */
}
