/* Request bodies: the JSON decoder and the declarative field check every
 * route uses, against the profile's field list (the longest). */
#include <stddef.h>
#include <stdint.h>

#include "body.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct body_error err;
	json_t *v = body_parse((const char *)data, size, &err);
	if (v) {
		body_check(v, profile_fields, &err);
		body_str(v, "full_name");
		body_int(v, "graduation_year", 0);
		json_decref(v);
	}
	return 0;
}
