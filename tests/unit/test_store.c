#include "cmocka_all.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db_fixture.h"
#include "store.h"

static long long scalar(struct dbconn *c, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void migrate_and_seed(void **state)
{
	(void)state;
	struct dbconn c;
	char path[128], err[256];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	assert_int_equal(scalar(&c, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(scalar(&c, "PRAGMA foreign_keys"), 1);
	/* Reference data: every region of the Kepmendagri list. */
	assert_int_equal(scalar(&c, "SELECT count(*) FROM region WHERE level = 1"), 38);
	assert_int_equal(scalar(&c, "SELECT count(*) FROM region WHERE level = 2"), 514);
	assert_int_equal(scalar(&c, "SELECT count(*) FROM region WHERE level = 3"), 7285);
	assert_int_equal(scalar(&c, "SELECT count(*) FROM region WHERE level = 4"), 83762);
	/* Kota Cimahi: 3 kecamatan, 15 kelurahan. */
	assert_int_equal(scalar(&c, "SELECT count(*) FROM region WHERE parent = '32.77'"), 3);
	assert_int_equal(scalar(&c, "SELECT count(*) FROM region WHERE parent LIKE '32.77.0_'"), 15);
	/* Migrating again is a no-op. */
	assert_int_equal(store_migrate(&c, err, sizeof err), 0);
	assert_int_equal(scalar(&c, "SELECT count(*) FROM region"), 91599);
	store_close(&c);
	fixture_remove(path);
}

static void refuses_newer_database(void **state)
{
	(void)state;
	struct dbconn c;
	char path[128], err[256];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	assert_int_equal(sqlite3_exec(c.db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_migrate(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "newer"));
	store_close(&c);
	fixture_remove(path);
}

static void statement_cache(void **state)
{
	(void)state;
	struct dbconn c;
	char path[128];
	static const char sql[] = "SELECT count(*) FROM region WHERE level = ?";
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	sqlite3_stmt *a = store_stmt(&c, sql);
	sqlite3_bind_int(a, 1, 1);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	/* The same text gives the same statement, reset and unbound. */
	sqlite3_stmt *b = store_stmt(&c, sql);
	assert_ptr_equal(a, b);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 0); /* level = NULL matches nothing */
	assert_null(store_stmt(&c, "SELEC nonsense"));
	store_close(&c);
	fixture_remove(path);
}

/* A day of mixed use prepares more statements than any fixed cache held
 * (issue 17: 128, then every new write answered 503).  The cache grows: a
 * thousand different statements all prepare, and each is found again. */
static void statement_cache_has_no_capacity(void **state)
{
	(void)state;
	enum { N = 1000 };
	static char sql[N][64];
	sqlite3_stmt *first[N];
	struct dbconn c;
	char path[128];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	for (int i = 0; i < N; i++) {
		snprintf(sql[i], sizeof sql[i], "SELECT %d + count(*) FROM region WHERE level = 1", i);
		first[i] = store_stmt(&c, sql[i]);
		assert_non_null(first[i]);
	}
	assert_int_equal(c.ncache, N);
	for (int i = 0; i < N; i++) {
		sqlite3_stmt *st = store_stmt(&c, sql[i]);
		assert_ptr_equal(st, first[i]);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), i + 38);
	}
	store_close(&c);
	assert_int_equal(c.ncache, 0);
	fixture_remove(path);
}

static void backup_is_a_consistent_copy(void **state)
{
	(void)state;
	struct dbconn c, copy;
	char path[128], dest[160], err[256];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	assert_int_equal(sqlite3_exec(c.db,
	                              "INSERT INTO audit_log(at, action, object_type) VALUES (1, 'test', 'x')",
	                              NULL, NULL, NULL), SQLITE_OK);
	snprintf(dest, sizeof dest, "%s.backup", path);
	assert_int_equal(store_backup(path, dest, err, sizeof err), 0);
	assert_int_equal(access(dest, F_OK), 0);
	assert_int_equal(store_open(&copy, dest, STORE_READ_ONLY, "FULL", err, sizeof err), 0);
	assert_int_equal(store_check(&copy), 0);
	assert_int_equal(scalar(&copy, "SELECT count(*) FROM audit_log"), 1);
	assert_int_equal(scalar(&copy, "SELECT count(*) FROM region"), 91599);
	assert_int_equal(scalar(&copy, "PRAGMA user_version"), store_schema_version());
	store_close(&copy);
	/* An unwritable destination fails cleanly. */
	assert_int_equal(store_backup(path, "/nonexistent-dir/x.db", err, sizeof err), -1);
	store_close(&c);
	fixture_remove(path);
	unlink(dest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrate_and_seed), cmocka_unit_test(refuses_newer_database),
		cmocka_unit_test(statement_cache), cmocka_unit_test(statement_cache_has_no_capacity),
		cmocka_unit_test(backup_is_a_consistent_copy),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
