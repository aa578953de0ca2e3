#include <ctype.h>
#include <string.h>

#include "employer_key.h"

static int legal_form(const char *word, size_t len)
{
	static const char *const forms[] = {"pt", "cv", "ud", "tbk", "persero", NULL};
	for (const char *const *f = forms; *f; f++)
		if (strlen(*f) == len && !memcmp(*f, word, len))
			return 1;
	return 0;
}

void employer_key(const char *name, char *out, size_t cap)
{
	size_t n = 0;
	if (!cap)
		return;
	const unsigned char *p = (const unsigned char *)name;
	while (*p) {
		/* Next word: a run of letters, digits or non-ASCII bytes. */
		while (*p && !isalnum(*p) && *p < 0x80)
			p++;
		char word[128];
		size_t len = 0;
		while (*p && (isalnum(*p) || *p >= 0x80)) {
			if (len + 1 < sizeof word)
				word[len++] = (char)tolower(*p);
			p++;
		}
		if (!len || legal_form(word, len))
			continue;
		if (n && n + 1 < cap)
			out[n++] = ' ';
		for (size_t i = 0; i < len && n + 1 < cap; i++)
			out[n++] = word[i];
	}
	out[n] = '\0';
}
