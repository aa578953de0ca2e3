/* The restore drill: an online backup taken while placements keep being
 * written, restored into a fresh daemon (the backup file and the key file,
 * nothing else).  The backup is consistent (every placement with its audit
 * record, integrity ok); the restored daemon's tables hold the same rows
 * (count and checksum of every table), and it works: a job seeker logs in
 * with their NIK, which needs the key file to have come along. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api_client.h"

static struct daemon d, restored;
static char officer[64], seeker[64];
static atomic_int stop, written;

static int setup(void **state)
{
	(void)state;
	return daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
			!account_ready(&d, "seeker", "sari@example.id", "rahasia-sari-1", "Sari", "3277014101970005",
	                               seeker)
		? -1
		: 0;
}

static int teardown(void **state)
{
	(void)state;
	int rc = daemon_stop(&d);
	if (restored.pid > 0)
		rc |= daemon_stop(&restored);
	return rc == 0 ? 0 : -1;
}

static void *stream(void *arg)
{
	(void)arg;
	for (int i = 0; !atomic_load(&stop); i++) {
		char body[512];
		struct response r;
		snprintf(
			body, sizeof body,
			"{\"nik\":\"32770177%08d\",\"employer_name\":\"PT Arus %d\",\"employer_type\":\"private_company\","
			"\"position\":\"Operator\",\"location_kind\":\"kabkota\",\"location_code\":\"32.77\","
			"\"start_date\":\"2025-02-01\",\"channel\":\"other\"}",
			i, i);
		if (http_call(&d, "POST", "/v1/placements", officer, body, NULL, &r) == 0 && r.status == 201)
			atomic_fetch_add(&written, 1);
		response_free(&r);
	}
	return NULL;
}

/* Rows and an order-independent checksum of every table but those a
 * starting daemon touches by itself (sessions, tokens, throttles, replays,
 * the outbox it delivers, the audit of its own requests). */
static void fingerprint(const char *path, char *out, size_t cap)
{
	static const char *const volatile_tables[] = {"session", "email_token", "login_throttle", "idempotency",
	                                              "outbox",  "audit_log",   "office_clock",   NULL};
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *tables;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
	                                    "'sqlite_%' AND name NOT LIKE 'vacancy_fts%' ORDER BY name",
	                                    -1, &tables, NULL),
	                 SQLITE_OK);
	size_t n = 0;
	out[0] = '\0';
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		int skip = 0;
		for (const char *const *v = volatile_tables; *v; v++)
			skip |= !strcmp(*v, name);
		if (skip)
			continue;
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
		sqlite3_stmt *rows;
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
		uint64_t sum = 0, count = 0;
		while (sqlite3_step(rows) == SQLITE_ROW) {
			uint64_t h = 1469598103934665603ull; /* FNV-1a over the row's columns */
			for (int c = 0; c < sqlite3_column_count(rows); c++) {
				const unsigned char *v = sqlite3_column_blob(rows, c);
				int len = sqlite3_column_bytes(rows, c);
				for (int k = 0; k < len; k++)
					h = (h ^ v[k]) * 1099511628211ull;
				h = (h ^ (uint64_t)sqlite3_column_type(rows, c)) * 1099511628211ull;
			}
			sum += h;
			count++;
		}
		sqlite3_finalize(rows);
		n += (size_t)snprintf(out + n, cap - n, "%s:%llu:%016llx\n", name, (unsigned long long)count,
		                      (unsigned long long)sum);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
}

static void backup_while_writing_and_restore(void **state)
{
	(void)state;
	pthread_t writer;
	struct response r;
	char admin[64];
	assert_non_null(admin_token(&d, admin));
	assert_int_equal(pthread_create(&writer, NULL, stream, NULL), 0);
	while (atomic_load(&written) < 30)
		usleep(2000);
	assert_int_equal(http_call(&d, "POST", "/v1/admin/backup", admin, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 201);
	char backup[512];
	snprintf(backup, sizeof backup, "%s/backups/%s", d.dir, json_string_value(json_object_get(r.json, "file")));
	response_free(&r);
	while (atomic_load(&written) < 60) /* writes went on during and after it */
		usleep(2000);
	atomic_store(&stop, 1);
	pthread_join(writer, NULL);

	/* A consistent snapshot: whole transactions only. */
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open_v2(backup, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT (SELECT count(*) FROM placement), (SELECT count(*) FROM audit_log "
	                                    "WHERE action = 'placement.report'), (SELECT integrity_check FROM "
	                                    "pragma_integrity_check)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	long long in_backup = sqlite3_column_int64(st, 0);
	assert_true(in_backup >= 30);
	assert_int_equal(sqlite3_column_int64(st, 1), in_backup);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
	assert_true(in_backup < db_exec(&d, "SELECT count(*) FROM placement"));

	/* The drill: a fresh daemon on a copy of the backup and the key file. */
	char copy[600], key[600], before[8192], after[8192];
	snprintf(copy, sizeof copy, "%s.restore.db", backup);
	snprintf(key, sizeof key, "%s/sidakerd.key", d.dir);
	char cmd[1400];
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", backup, copy);
	assert_int_equal(system(cmd), 0);
	fingerprint(copy, before, sizeof before);
	char database_arg[700], key_arg[700];
	snprintf(database_arg, sizeof database_arg, "database=%s", copy);
	snprintf(key_arg, sizeof key_arg, "key_file=%s", key);
	const char *const args[] = {"-o", database_arg, "-o", key_arg, NULL};
	assert_int_equal(daemon_start(&restored, args), 0);
	char token[64];
	assert_non_null(login_token(&restored, "3277014101970005", "rahasia-sari-1", token));
	assert_int_equal(http_call(&restored, "GET", "/v1/me", token, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "email")), "sari@example.id");
	response_free(&r);
	fingerprint(copy, after, sizeof after);
	assert_string_equal(before, after);
	assert_non_null(strstr(after, "placement:"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_while_writing_and_restore),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
