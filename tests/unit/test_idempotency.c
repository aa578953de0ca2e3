#include "cmocka_all.h"
#include <stdlib.h>
#include <string.h>

#include "db_fixture.h"
#include "idempotency.h"
#include "idempotency_store.h"

static void in_flight(void **state)
{
	(void)state;
	struct idempotency *t = idempotency_new();
	assert_int_equal(idempotency_begin(t, "0 POST /a", "k1"), 0);
	assert_int_equal(idempotency_begin(t, "0 POST /a", "k1"), -1);
	assert_int_equal(idempotency_begin(t, "0 POST /b", "k1"), 0);
	idempotency_end(t, "0 POST /a", "k1");
	assert_int_equal(idempotency_begin(t, "0 POST /a", "k1"), 0);
	idempotency_free(t); /* frees what is still in flight */
	assert_int_equal(idempotency_key_valid("3f2c-aa"), 0);
	assert_int_equal(idempotency_key_valid(""), -1);
	assert_int_equal(idempotency_key_valid("a b"), -1);
	char long_key[200];
	memset(long_key, 'k', sizeof long_key - 1);
	long_key[sizeof long_key - 1] = '\0';
	assert_int_equal(idempotency_key_valid(long_key), -1);
}

static void stored(void **state)
{
	(void)state;
	struct dbconn *c;
	char path[128];
	unsigned char digest[DIGEST_BYTES];
	memset(digest, 1, sizeof digest);
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	struct stored_reply r;
	assert_int_equal(idempotency_lookup(c, "s", "k", &r), 0);
	assert_int_equal(idempotency_save(c, "s", "k", digest, 201, "{\"id\":1}", 100), 0);
	assert_int_equal(idempotency_lookup(c, "s", "k", &r), 1);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body, "{\"id\":1}");
	assert_memory_equal(r.request_digest, digest, DIGEST_BYTES);
	free(r.body);
	assert_int_equal(idempotency_expire(c, 101), 0);
	assert_int_equal(idempotency_lookup(c, "s", "k", &r), 0);
	store_close(c);
	fixture_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(in_flight), cmocka_unit_test(stored)};
	return cmocka_run_group_tests_name("idempotency", tests, NULL, NULL);
}
