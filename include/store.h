/*
 * The store: SQLite connections, their pragmas, the prepared-statement cache,
 * the embedded migrations and reference data, and online backup.  All SQL of
 * sidakerd lives in the *_store.c files and here; handlers never build SQL.
 *
 * One read-write connection belongs to the writer thread; one read-only
 * connection belongs to the loop thread (WAL: readers never block).
 */
#ifndef SIDAKERD_STORE_H
#define SIDAKERD_STORE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "defaults.h"

struct cached_stmt {
	const char *sql; /* keyed by the address of the SQL text */
	sqlite3_stmt *stmt;
};

struct dbconn {
	sqlite3 *db;
	/* Open addressing on the SQL text's address; it doubles when half
	 * full, so it holds every statement a connection ever prepares. */
	struct cached_stmt *cache;
	size_t cache_slots; /* a power of two, or 0 before the first statement */
	size_t ncache;
};

enum store_mode { STORE_READ_ONLY, STORE_READ_WRITE };

/* Before any other use of SQLite in the process: no memory statistics
 * (their global mutex was taken on every allocation of every thread). */
void store_global_init(void);
/* The page cache of every connection opened after this call (KiB). */
void store_set_cache_kib(int kib);
int store_open(struct dbconn *c, const char *path, enum store_mode mode, const char *synchronous, char *err,
               size_t errlen);
void store_close(struct dbconn *c);
/* The cached statement for sql (a string constant), reset and unbound.
 * NULL if it does not prepare (a programming error, logged) or when memory
 * runs out.  The cache has no fixed capacity. */
sqlite3_stmt *store_stmt(struct dbconn *c, const char *sql);
/* Apply the embedded migrations above PRAGMA user_version in one transaction,
 * seeding reference data on the way; refuses a database newer than the binary. */
int store_migrate(struct dbconn *c, char *err, size_t errlen);
int store_schema_version(void); /* the newest migration this binary knows */
/* Consistent copy of a live database (backup API; writers go on meanwhile).
 * Writes dest atomically (temp file + rename). */
int store_backup(const char *src_path, const char *dest_path, char *err, size_t errlen);
int store_checkpoint(struct dbconn *c);
/* The office's utc_offset_minutes, for the triggers that turn stored
 * seconds into the office's month (sql/0005). */
int store_set_office_clock(struct dbconn *c, int utc_offset_minutes, char *err, size_t errlen);
/* 0 when "PRAGMA quick_check" says ok. */
int store_check(struct dbconn *c);

/* The calling pool thread's own read-only connection, opened on first use
 * and closed when the thread ends (reads too slow for the loop). */
struct dbconn *store_thread_reader(const char *path);
/* Small helpers for the *_store.c files. */
int store_step_done(sqlite3_stmt *st); /* SQLITE_DONE → 0, else -1 */
/* Runs a bound INSERT: 0 and the new rowid, 1 on a UNIQUE conflict, -1. */
int store_insert(struct dbconn *c, sqlite3_stmt *st, int64_t *id);
/* Runs a bound UPDATE/DELETE: the number of rows it changed, or -1. */
int store_changes(struct dbconn *c, sqlite3_stmt *st);
/* The same for a change of one row: 0 when it changed, 1 when no row
 * matched (the caller's "not in that state"), -1 on error. */
int store_change_one(struct dbconn *c, sqlite3_stmt *st);
const char *store_text(sqlite3_stmt *st, int col); /* "" for NULL */
/* A text column into a fixed buffer, cut to fit (no printf: rows are
 * copied by the hundred on hot routes). */
void store_copy_text(char *dst, size_t cap, sqlite3_stmt *st, int col);
/* The JSON text in the first column of sql's first row, with ?1 = id,
 * parsed; NULL when there is no row, the column is NULL or on error. */
json_t *store_json_by_id(struct dbconn *c, const char *sql, int64_t id);

#endif
