#include <stdio.h>
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
		if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' || *p == ',' || *p == ';' || *p == '"' ||
		    *p == '\\')
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

int phone_normalize(const char *in, char out[20])
{
	char digits[32];
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof digits)
				return -1;
			digits[n++] = *p;
		} else if (!(*p == ' ' || *p == '-' || *p == '.' || *p == '(' || *p == ')' || (*p == '+' && p == in))) {
			return -1;
		}
	}
	digits[n] = '\0';
	const char *national = digits;
	if (in[0] == '+' || (n > 2 && digits[0] == '6' && digits[1] == '2'))
		national = strncmp(digits, "62", 2) == 0 ? digits + 2 : NULL;
	else if (digits[0] == '0')
		national = digits + 1;
	else
		return -1;
	if (!national)
		return -1;
	size_t len = strlen(national);
	if (len < 8 || len > 12 || national[0] == '0')
		return -1;
	snprintf(out, 20, "+62%.12s", national); /* len <= 12, checked above */
	return 0;
}

int valid_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	return n >= min && n <= max && strspn(s, "0123456789") == n ? 0 : -1;
}

int valid_choice(const char *v, const char *const *allowed)
{
	for (; v && *allowed; allowed++)
		if (!strcmp(v, *allowed))
			return 1;
	return 0;
}
