#include "cmocka_all.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db_fixture.h"
#include "store_sql.h"

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
	struct dbconn *c;
	char path[128], err[256];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	assert_int_equal(scalar(c, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(scalar(c, "PRAGMA foreign_keys"), 1);
	/* Reference data: every region of the Kepmendagri list. */
	assert_int_equal(scalar(c, "SELECT count(*) FROM region WHERE level = 1"), 38);
	assert_int_equal(scalar(c, "SELECT count(*) FROM region WHERE level = 2"), 514);
	assert_int_equal(scalar(c, "SELECT count(*) FROM region WHERE level = 3"), 7285);
	assert_int_equal(scalar(c, "SELECT count(*) FROM region WHERE level = 4"), 83762);
	/* Kota Cimahi: 3 kecamatan, 15 kelurahan. */
	assert_int_equal(scalar(c, "SELECT count(*) FROM region WHERE parent = '32.77'"), 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM region WHERE parent LIKE '32.77.0_'"), 15);
	/* Migrating again is a no-op. */
	assert_int_equal(store_migrate(c, err, sizeof err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM region"), 91599);
	store_close(c);
	fixture_remove(path);
}

static void refuses_newer_database(void **state)
{
	(void)state;
	struct dbconn *c;
	char path[128], err[256];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	assert_int_equal(sqlite3_exec(c->db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_migrate(c, err, sizeof err), -1);
	assert_non_null(strstr(err, "newer"));
	store_close(c);
	fixture_remove(path);
}

static void statement_cache(void **state)
{
	(void)state;
	struct dbconn *c;
	char path[128];
	static const char sql[] = "SELECT count(*) FROM region WHERE level = ?";
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	sqlite3_stmt *a = store_stmt(c, sql);
	sqlite3_bind_int(a, 1, 1);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	/* The same text gives the same statement, reset and unbound. */
	sqlite3_stmt *b = store_stmt(c, sql);
	assert_ptr_equal(a, b);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 0); /* level = NULL matches nothing */
	assert_null(store_stmt(c, "SELEC nonsense"));
	store_close(c);
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
	struct dbconn *c;
	char path[128];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	for (int i = 0; i < N; i++) {
		snprintf(sql[i], sizeof sql[i], "SELECT %d + count(*) FROM region WHERE level = 1", i);
		first[i] = store_stmt(c, sql[i]);
		assert_non_null(first[i]);
	}
	assert_int_equal(c->ncache, N);
	for (int i = 0; i < N; i++) {
		sqlite3_stmt *st = store_stmt(c, sql[i]);
		assert_ptr_equal(st, first[i]);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), i + 38);
	}
	store_close(c); /* frees the connection and every cached statement (ASan checks) */
	fixture_remove(path);
}

static void backup_is_a_consistent_copy(void **state)
{
	(void)state;
	struct dbconn *c, *copy;
	char path[128], dest[160], err[256];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	assert_int_equal(sqlite3_exec(c->db, "INSERT INTO audit_log(at, action, object_type) VALUES (1, 'test', 'x')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	snprintf(dest, sizeof dest, "%s.backup", path);
	assert_int_equal(store_backup(path, dest, err, sizeof err), 0);
	assert_int_equal(access(dest, F_OK), 0);
	assert_non_null(copy = store_open(dest, STORE_READ_ONLY, "FULL", err, sizeof err));
	assert_int_equal(store_check(copy), 0);
	assert_int_equal(scalar(copy, "SELECT count(*) FROM audit_log"), 1);
	assert_int_equal(scalar(copy, "SELECT count(*) FROM region"), 91599);
	assert_int_equal(scalar(copy, "PRAGMA user_version"), store_schema_version());
	store_close(copy);
	/* An unwritable destination fails cleanly. */
	assert_int_equal(store_backup(path, "/nonexistent-dir/x.db", err, sizeof err), -1);
	store_close(c);
	fixture_remove(path);
	unlink(dest);
}

/* sql/0017: a card keeps the IPK age group it came in with, through
 * renewals: a new card continuing a replaced one takes the chain's entry
 * month, from the trigger for new cards and from the migration's back-fill
 * for cards already there. */
static void card_entry_month_follows_renewals(void **state)
{
	(void)state;
	struct dbconn *c;
	char path[128], err[256];
	assert_int_equal(fixture_db(&c, path, sizeof path), 0);
	static const char seed[] =
		"INSERT INTO seeker(id, nik_sealed, nik_index, full_name, birth_place, birth_date, gender, address, "
		"kecamatan_code, kelurahan_code, education_level, created_at, updated_at) VALUES "
		"(1, x'00', x'01', 'A', 'Cimahi', '1995-12-20', 'M', 'Jl. 1', '32.77.01', '32.77.01.1001', 'sma', 0, 0),"
		"(2, x'00', x'02', 'B', 'Cimahi', '1990-01-01', 'F', 'Jl. 2', '32.77.01', '32.77.01.1001', 'sma', 0, 0);"
		/* A registered 2023-05, renewed 2025-05 (the first replaced), renewed again 2026-05. */
		"INSERT INTO card(id, number, number_key, seeker_id, kind, issued_on, valid_until, state, ended_on, "
		"end_reason, created_at) VALUES (1, 'N1', 'N1', 1, 'new', '2023-05-10', '2025-05-10', 'replaced', "
		"'2025-05-02', 'replaced', 0);"
		"INSERT INTO card(id, number, number_key, seeker_id, kind, issued_on, valid_until, state, ended_on, "
		"end_reason, replaces_card_id, created_at) VALUES (2, 'N2', 'N2', 1, 'renewal', '2025-05-02', "
		"'2027-05-02', 'replaced', '2026-05-03', 'replaced', 1, 0);"
		"INSERT INTO card(id, number, number_key, seeker_id, kind, issued_on, valid_until, replaces_card_id, "
		"created_at) VALUES (3, 'N3', 'N3', 1, 'renewal', '2026-05-03', '2028-05-03', 2, 0);"
		/* B's card expired before the new one: a new registration. */
		"INSERT INTO card(id, number, number_key, seeker_id, kind, issued_on, valid_until, state, ended_on, "
		"end_reason, created_at) VALUES (4, 'N4', 'N4', 2, 'new', '2022-01-10', '2024-01-10', 'expired', "
		"'2024-01-10', 'expired', 0);"
		"INSERT INTO card(id, number, number_key, seeker_id, kind, issued_on, valid_until, replaces_card_id, "
		"created_at) VALUES (5, 'N5', 'N5', 2, 'renewal', '2024-03-01', '2026-03-01', 4, 0);";
	char *why = NULL;
	if (sqlite3_exec(c->db, seed, NULL, NULL, &why) != SQLITE_OK)
		fail_msg("%s", why);
	static const char entries[] = "SELECT group_concat(id || '=' || ipk_entry_month, ' ') FROM "
				      "(SELECT id, ipk_entry_month FROM card ORDER BY id)";
	static const char want[] = "1=2023-05 2=2023-05 3=2023-05 4=2022-01 5=2024-03";
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(c->db, entries, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
	sqlite3_finalize(st);
	/* The same from the back-fill, on a database as 0016 left it. */
	if (sqlite3_exec(c->db,
	                 "DROP INDEX card_out_month; CREATE INDEX card_out_month ON card(out_month) "
	                 "WHERE out_month IS NOT NULL; DROP TRIGGER card_in_month; "
	                 "CREATE TRIGGER card_in_month AFTER INSERT ON card BEGIN SELECT 1; END; "
	                 "ALTER TABLE card DROP COLUMN ipk_entry_month; DROP INDEX placement_card; "
	                 "DROP TABLE application_document; DROP TABLE profile_claim; DROP TABLE push_message; "
	                 "DROP TABLE push_device; ALTER TABLE notification_pref DROP COLUMN push; "
	                 "DROP TABLE webhook_delivery; DROP TABLE webhook; "
	                 "DROP TABLE stats_feed_change; DROP TABLE service_token; DROP TABLE service_client; "
	                 "DROP TABLE job_fair_application; DROP TABLE job_fair_ticket; "
	                 "DROP TABLE job_fair_vacancy; DROP TABLE job_fair_booth; DROP TABLE job_fair; "
	                 "DROP TABLE vacancy_view; DROP TABLE quiz_attempt; DROP TABLE lesson_progress; "
	                 "DROP TABLE course_learner; "
	                 "DROP TABLE video_upload; DROP TABLE quiz_question; DROP TABLE course_lesson; "
	                 "DROP TABLE course_module; DROP TABLE course; "
	                 "PRAGMA user_version = 16",
	                 NULL, NULL, &why) != SQLITE_OK)
		fail_msg("%s", why);
	if (store_migrate(c, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(sqlite3_prepare_v2(c->db, entries, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
	sqlite3_finalize(st);
	store_close(c);
	fixture_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrate_and_seed),
		cmocka_unit_test(refuses_newer_database),
		cmocka_unit_test(statement_cache),
		cmocka_unit_test(statement_cache_has_no_capacity),
		cmocka_unit_test(backup_is_a_consistent_copy),
		cmocka_unit_test(card_entry_month_follows_renewals),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
