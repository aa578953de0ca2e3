/*
 * Request bodies: JSON text → json_t, and a declarative check of an object's
 * fields (names, types, required, length) that names the offending field in
 * its error, so every route rejects a bad body the same way.
 */
#ifndef SIDAKERD_BODY_H
#define SIDAKERD_BODY_H

#include <jansson.h>
#include <stddef.h>

#include "errors.h"

enum field_type { FIELD_STRING, FIELD_INTEGER, FIELD_BOOLEAN, FIELD_OBJECT, FIELD_ARRAY, FIELD_NUMBER };

struct field_spec {
	const char *name;
	enum field_type type;
	int required;
	size_t max_len; /* strings: bytes, 0 = JSON_MAX_STRING_BYTES; arrays: items */
};

struct body_error {
	enum err code;
	const char *field; /* points into the spec or is NULL */
};

/* Parse text; rejects invalid UTF-8, duplicate keys, NUL bytes and nesting
 * deeper than JSON_MAX_DEPTH.  Returns the value or NULL with *err set. */
json_t *body_parse(const char *text, size_t len, struct body_error *err);
/* Check that obj is an object holding only known fields of the right types.
 * specs ends with an entry whose name is NULL. */
int body_check(const json_t *obj, const struct field_spec *specs, struct body_error *err);
/* Convenience getters for checked objects: NULL / fallback when absent. */
const char *body_str(const json_t *obj, const char *name);
long long body_int(const json_t *obj, const char *name, long long fallback);

#endif
