#include "cmocka_all.h"
#include <string.h>

#include "db_fixture.h"
#include "throttle_store.h"

static void window(void **state)
{
	(void)state;
	struct dbconn *c;
	char path[128];
	unsigned char s[DIGEST_BYTES];
	memset(s, 7, sizeof s);
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	assert_int_equal(throttle_wait(c, s, 3, 100, 1000), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(throttle_fail(c, s, 100, 1000 + i), 0);
	/* Locked until the window that began at 1000 ends. */
	assert_int_equal(throttle_wait(c, s, 3, 100, 1010), 90);
	assert_int_equal(throttle_wait(c, s, 4, 100, 1010), 0);
	assert_int_equal(throttle_wait(c, s, 3, 100, 1100), 0);
	/* A failure after the window starts a new count. */
	assert_int_equal(throttle_fail(c, s, 100, 1200), 0);
	assert_int_equal(throttle_wait(c, s, 2, 100, 1201), 0);
	assert_int_equal(throttle_fail(c, s, 100, 1201), 0);
	assert_int_equal(throttle_wait(c, s, 2, 100, 1201), 99);
	assert_int_equal(throttle_clear(c, s), 0);
	assert_int_equal(throttle_wait(c, s, 2, 100, 1201), 0);
	store_close(c);
	fixture_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(window)};
	return cmocka_run_group_tests_name("throttle", tests, NULL, NULL);
}
