#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reference.h"
#include "report_doc.h"

/* Labels built from a code and a sex ("smk L" → "SMK L") live here, one
 * per thread: reports render on the work pool. */
static _Thread_local char with_sex[160];

const char *report_label(const char *text)
{
	const char *label = reference_label(text);
	if (label)
		return label;
	/* The IPK tables' columns: a code, a space, L or P. */
	size_t len = text ? strlen(text) : 0;
	if (len > 2 && len < 64 && text[len - 2] == ' ' && (text[len - 1] == 'L' || text[len - 1] == 'P')) {
		char code[64];
		snprintf(code, sizeof code, "%.*s", (int)(len - 2), text);
		if ((label = reference_label(code))) {
			snprintf(with_sex, sizeof with_sex, "%s %c", label, text[len - 1]);
			return with_sex;
		}
	}
	return text ? text : "";
}

int report_number(const json_t *v, double *value, int *decimals, int *percent)
{
	*decimals = *percent = 0;
	if (json_is_integer(v)) {
		*value = (double)json_integer_value(v);
		return 1;
	}
	if (json_is_real(v)) {
		*value = json_real_value(v);
		*decimals = 2;
		return 1;
	}
	const char *s = json_string_value(v);
	if (!s || !*s)
		return 0;
	char digits[64];
	size_t n = 0, len = strlen(s);
	int separators = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digits[n++] = c;
		else if ((c == '.' || c == ',') && i > 0 && !separators++) {
			digits[n++] = '.';
			*decimals = (int)(len - i - 1 - (s[len - 1] == '%'));
		} else if (c == '-' && i == 0)
			digits[n++] = c;
		else if (c == '%' && i == len - 1 && i > 0)
			*percent = 1;
		else
			return 0;
		if (n + 1 >= sizeof digits)
			return 0;
	}
	digits[n] = '\0';
	/* Only a decimal or a percentage: digits alone in a text are a code, a
	 * phone number or a KBJI group, whose leading zeros count. */
	if ((!separators && !*percent) || !strpbrk(digits, "0123456789"))
		return 0;
	*value = strtod(digits, NULL);
	if (*percent)
		*value /= 100.0;
	return 1;
}

/* 1234567 → "1.234.567". */
static void thousands(long long v, char *out, size_t cap)
{
	char plain[32];
	snprintf(plain, sizeof plain, "%lld", v < 0 ? -v : v);
	size_t len = strlen(plain), n = 0;
	if (v < 0 && n + 1 < cap)
		out[n++] = '-';
	for (size_t i = 0; i < len && n + 2 < cap; i++) {
		if (i && (len - i) % 3 == 0)
			out[n++] = '.';
		out[n++] = plain[i];
	}
	out[n] = '\0';
}

void report_cell_text(const json_t *v, char *out, size_t cap)
{
	double value;
	int decimals, percent;
	if (!report_number(v, &value, &decimals, &percent)) {
		snprintf(out, cap, "%s", report_label(json_string_value(v)));
		return;
	}
	if (json_is_integer(v)) {
		thousands((long long)json_integer_value(v), out, cap);
		return;
	}
	char text[64];
	snprintf(text, sizeof text, "%.*f%s", decimals, percent ? value * 100.0 : value, percent ? "%" : "");
	char *dot = strchr(text, '.');
	if (dot)
		*dot = ',';
	snprintf(out, cap, "%s", text);
}
