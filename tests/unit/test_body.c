#include "cmocka_all.h"
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "defaults.h"

static const struct field_spec specs[] = {
	{"name", FIELD_STRING, 1, 10},
	{"age", FIELD_INTEGER, 0, 0},
	{"tags", FIELD_ARRAY, 0, 2},
	{"ok", FIELD_BOOLEAN, 0, 0},
	{NULL, 0, 0, 0},
};

static int check(const char *text, struct body_error *err)
{
	json_t *v = body_parse(text, strlen(text), err);
	if (!v)
		return -2;
	int rc = body_check(v, specs, err);
	json_decref(v);
	return rc;
}

static void parse_errors(void **state)
{
	(void)state;
	struct body_error err;
	assert_int_equal(check("", &err), -2);
	assert_int_equal(err.code, ERR_BODY_REQUIRED);
	assert_int_equal(check("{", &err), -2);
	assert_int_equal(err.code, ERR_JSON_INVALID);
	assert_int_equal(check("{\"a\":1,\"a\":2}", &err), -2);
	assert_int_equal(err.code, ERR_JSON_INVALID);
	assert_int_equal(check("[1]", &err), -1);
	assert_int_equal(err.code, ERR_BODY_NOT_OBJECT);
}

static void depth(void **state)
{
	(void)state;
	struct body_error err;
	char deep[200];
	size_t n = 0;
	for (int i = 0; i < JSON_MAX_DEPTH + 1; i++)
		deep[n++] = '[';
	for (int i = 0; i < JSON_MAX_DEPTH + 1; i++)
		deep[n++] = ']';
	assert_null(body_parse(deep, n, &err));
	assert_int_equal(err.code, ERR_JSON_INVALID);
	json_t *ok = body_parse(deep + 1, n - 2, &err);
	assert_non_null(ok);
	json_decref(ok);
}

static void fields(void **state)
{
	(void)state;
	struct body_error err;
	assert_int_equal(check("{\"name\":\"Budi\",\"age\":30,\"tags\":[1],\"ok\":true}", &err), 0);
	assert_int_equal(check("{\"age\":30}", &err), -1);
	assert_int_equal(err.code, ERR_FIELD_MISSING);
	assert_string_equal(err.field, "name");
	assert_int_equal(check("{\"name\":null}", &err), -1);
	assert_int_equal(err.code, ERR_FIELD_MISSING);
	assert_int_equal(check("{\"name\":5}", &err), -1);
	assert_int_equal(err.code, ERR_FIELD_TYPE);
	assert_int_equal(check("{\"name\":\"B\",\"age\":1.5}", &err), -1);
	assert_int_equal(err.code, ERR_FIELD_TYPE);
	assert_string_equal(err.field, "age");
	assert_int_equal(check("{\"name\":\"12345678901\"}", &err), -1);
	assert_int_equal(err.code, ERR_FIELD_TOO_LONG);
	assert_int_equal(check("{\"name\":\"B\",\"tags\":[1,2,3]}", &err), -1);
	assert_int_equal(err.code, ERR_FIELD_TOO_LONG);
	assert_int_equal(check("{\"name\":\"a\\u0000b\"}", &err), -2);
	assert_int_equal(err.code, ERR_JSON_INVALID);
	assert_int_equal(check("{\"name\":\"B\",\"role\":\"admin\"}", &err), -1);
	assert_int_equal(err.code, ERR_FIELD_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(depth),
		cmocka_unit_test(fields),
	};
	return cmocka_run_group_tests_name("body", tests, NULL, NULL);
}
