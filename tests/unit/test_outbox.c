#include "cmocka_all.h"
#include <stdlib.h>
#include <string.h>

#include "db_fixture.h"
#include "defaults.h"
#include "outbox.h"
#include "outbox_store.h"

static void backoff(void **state)
{
	(void)state;
	assert_int_equal(outbox_backoff(1), 30);
	assert_int_equal(outbox_backoff(2), 60);
	assert_int_equal(outbox_backoff(3), 120);
	assert_int_equal(outbox_backoff(50), OUTBOX_BACKOFF_MAX_S);
}

static int listed;
static void count_row(const struct outbox_row *row, void *arg)
{
	(void)row;
	(void)arg;
	listed++;
}

static void lifecycle(void **state)
{
	(void)state;
	struct dbconn *c;
	char path[128];
	struct outbox_row rows[4];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	assert_int_equal(outbox_enqueue_email(c, "a@example.id", "Subjek", "Isi", 100), 0);
	assert_int_equal(outbox_enqueue_email(c, "b@example.id", "Subjek", "Isi", 100), 0);
	/* Not due before its time. */
	assert_int_equal(outbox_due(c, 99, rows, 4), 0);
	int n = outbox_due(c, 100, rows, 4);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].recipient, "a@example.id");
	assert_string_equal(rows[0].body, "Isi");
	assert_int_equal(outbox_mark_sent(c, rows[0].id, 101), 0);
	assert_int_equal(outbox_mark_failed(c, rows[1].id, 1, 131, 0, "boom", 101), 0);
	for (int i = 0; i < n; i++)
		free(rows[i].body);
	/* The failed one comes back after its back-off, the sent one never. */
	assert_int_equal(outbox_due(c, 130, rows, 4), 0);
	assert_int_equal(outbox_due(c, 131, rows, 4), 1);
	free(rows[0].body);
	listed = 0;
	assert_int_equal(outbox_list(c, "failed", 0, 10, count_row, NULL), 1);
	assert_int_equal(outbox_list(c, "sent", 0, 10, count_row, NULL), 1);
	/* Giving up stops it; a retry brings it back; a sent one cannot be retried. */
	assert_int_equal(outbox_mark_failed(c, 2, 10, 999, 1, "boom", 140), 0);
	assert_int_equal(outbox_due(c, 10000, rows, 4), 0);
	assert_int_equal(outbox_retry(c, 2, 200), 0);
	assert_int_equal(outbox_due(c, 200, rows, 4), 1);
	free(rows[0].body);
	assert_int_equal(outbox_retry(c, 1, 200), 1);
	assert_int_equal(outbox_retry(c, 77, 200), 1);
	store_close(c);
	fixture_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(backoff), cmocka_unit_test(lifecycle)};
	return cmocka_run_group_tests_name("outbox", tests, NULL, NULL);
}
