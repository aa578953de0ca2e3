/* The small parsers of typed text: dates, certificate numbers, targets,
 * employer keys, name masks, phone numbers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "certificate.h"
#include "dates.h"
#include "employer_key.h"
#include "iku.h"
#include "mask.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[512], out[512], number[CERTIFICATE_NUMBER_MAX + 1], phone[20];
	size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	struct date d;
	if (date_parse(text, &d) == 0) {
		char back[DATE_LEN + 1];
		date_format(date_add_months(d, 25), back);
		date_age(d, date_add_days(d, 4000));
	}
	certificate_number_normalize(text, number);
	iku_parse_target(text);
	employer_key(text, out, sizeof out);
	if (valid_text(text, sizeof text) == 0)
		name_mask(text, out, 1 + size % sizeof out);
	phone_normalize(text, phone);
	valid_email(text);
	return 0;
}
