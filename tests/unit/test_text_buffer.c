/* The text builder of answers put together as text (daemon/text_buffer.c):
 * its JSON strings are jansson's, byte for byte. */
#include "cmocka_all.h"
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "text_buffer.h"

static void json_strings_as_jansson_writes_them(void **state)
{
	(void)state;
	const char *cases[] = {"",
	                       "Operator Produksi",
	                       "Staf \"Gudang\"",
	                       "C:\\\\data",
	                       "baris\nbaru\ttab",
	                       "\x01\x1f kontrol",
	                       "Café Öko – 日本",
	                       "/slash/",
	                       "\x7f"};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct text_buffer b = {0};
		assert_int_equal(text_append(&b, "x:"), 0);
		assert_int_equal(text_append_json_string(&b, cases[i]), 0);
		json_t *s = json_string(cases[i]);
		char *want = json_dumps(s, JSON_ENCODE_ANY);
		assert_string_equal(b.text + 2, want);
		free(want);
		json_decref(s);
		free(b.text);
	}
}

static void appends_grow_the_text(void **state)
{
	(void)state;
	struct text_buffer b = {0};
	for (int i = 0; i < 5000; i++)
		assert_int_equal(text_append_n(&b, "abc", 2), 0);
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(b.text), 10000);
	assert_memory_equal(b.text + 9998, "ab", 2);
	free(b.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_strings_as_jansson_writes_them),
		cmocka_unit_test(appends_grow_the_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
