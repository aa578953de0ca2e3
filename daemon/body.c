#include <string.h>

#include "body.h"
#include "defaults.h"

static int depth_ok(const json_t *v, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return 0;
	if (json_is_object(v)) {
		const char *k;
		json_t *child;
		json_object_foreach ((json_t *)v, k, child)
			if (!depth_ok(child, depth + 1))
				return 0;
	} else if (json_is_array(v)) {
		size_t i;
		json_t *child;
		json_array_foreach (v, i, child)
			if (!depth_ok(child, depth + 1))
				return 0;
	}
	return 1;
}

json_t *body_parse(const char *text, size_t len, struct body_error *err)
{
	json_error_t jerr;
	err->field = NULL;
	if (len == 0) {
		err->code = ERR_BODY_REQUIRED;
		return NULL;
	}
	/* jansson's own nesting cap (2048) protects its stack; ours keeps the
	 * recursive checks below and in handlers cheap.  Without JSON_ALLOW_NUL
	 * jansson refuses "\u0000", so no string reaching C code ends early. */
	json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v) {
		err->code = ERR_JSON_INVALID;
		return NULL;
	}
	if (!depth_ok(v, 1)) {
		json_decref(v);
		err->code = ERR_JSON_INVALID;
		return NULL;
	}
	return v;
}

static int type_matches(const json_t *v, enum field_type t)
{
	switch (t) {
	case FIELD_STRING: return json_is_string(v);
	case FIELD_INTEGER: return json_is_integer(v);
	case FIELD_BOOLEAN: return json_is_boolean(v);
	case FIELD_OBJECT: return json_is_object(v);
	case FIELD_ARRAY: return json_is_array(v);
	case FIELD_NUMBER: return json_is_number(v);
	}
	return 0;
}

int body_check(const json_t *obj, const struct field_spec *specs, struct body_error *err)
{
	err->field = NULL;
	if (!json_is_object(obj)) {
		err->code = ERR_BODY_NOT_OBJECT;
		return -1;
	}
	const char *key;
	json_t *value;
	json_object_foreach ((json_t *)obj, key, value) {
		const struct field_spec *s = specs;
		while (s->name && strcmp(s->name, key) != 0)
			s++;
		if (!s->name) {
			err->code = ERR_FIELD_UNKNOWN;
			err->field = key; /* lives as long as obj, which outlives the reply */
			return -1;
		}
	}
	for (const struct field_spec *s = specs; s->name; s++) {
		json_t *v = json_object_get(obj, s->name);
		err->field = s->name;
		if (!v || json_is_null(v)) {
			if (s->required) {
				err->code = ERR_FIELD_MISSING;
				return -1;
			}
			continue;
		}
		if (!type_matches(v, s->type)) {
			err->code = ERR_FIELD_TYPE;
			return -1;
		}
		size_t cap = s->max_len;
		if (s->type == FIELD_STRING) {
			size_t n = json_string_length(v);
			if (n > (cap ? cap : JSON_MAX_STRING_BYTES)) {
				err->code = ERR_FIELD_TOO_LONG;
				return -1;
			}
		} else if (s->type == FIELD_ARRAY && cap && json_array_size(v) > cap) {
			err->code = ERR_FIELD_TOO_LONG;
			return -1;
		}
	}
	err->field = NULL;
	return 0;
}

const char *body_str(const json_t *obj, const char *name) { return json_string_value(json_object_get(obj, name)); }

long long body_int(const json_t *obj, const char *name, long long fallback)
{
	json_t *v = json_object_get(obj, name);
	return json_is_integer(v) ? json_integer_value(v) : fallback;
}
