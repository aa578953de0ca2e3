/*
 * The store seam: what the rest of sidakerd knows of the database.  A
 * connection (struct dbconn) is opaque; every statement lives in a
 * daemon/<module>_store.c file, whose functions take and return C values,
 * structs or JSON.  Those files (and only they) include store_sql.h, which
 * holds SQLite.  tests/lint/check_seam.py keeps it so.
 *
 * One read-write connection belongs to the writer thread; one read-only
 * connection belongs to the loop thread (WAL: readers never block); each
 * pool thread opens its own reader (store_thread_reader).
 */
#ifndef SIDAKERD_STORE_H
#define SIDAKERD_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "defaults.h"

struct dbconn; /* a connection: defined in store_sql.h */
struct store_row; /* one row of a result, handed to a caller's callback */

enum store_mode { STORE_READ_ONLY, STORE_READ_WRITE };

/* What a store function that changes or looks up one row answers.  The
 * values are those the code used before they had names (0, 1, -1), so a
 * comparison with the number still means the same. */
enum store_result {
	STORE_ERROR = -1, /* the store failed: the caller answers 503 */
	STORE_OK = 0, /* done */
	STORE_CONFLICT = 1, /* an insert: a unique key holds that value already */
	STORE_NO_MATCH = 1, /* a change: no row in the state the change needs */
};

/* Before any other use of SQLite in the process: no memory statistics
 * (their global mutex was taken on every allocation of every thread). */
void store_global_init(void);
/* The page cache of every connection opened after this call (KiB). */
void store_set_cache_kib(int kib);
/* A new connection, or NULL with the reason in err. */
struct dbconn *store_open(const char *path, enum store_mode mode, const char *synchronous, char *err, size_t errlen);
void store_close(struct dbconn *c); /* closes and frees; NULL does nothing */
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
/* The schema version of the database (a real read: the health probe), -1. */
int store_version_of(struct dbconn *c);
/* One small write (a counter row), whose commit proves writes work: 0, -1. */
int store_write_probe(struct dbconn *c, int64_t now);
/* A transaction outside the writer (start-up only: the first admin). */
int store_begin(struct dbconn *c);
int store_commit(struct dbconn *c);
void store_rollback(struct dbconn *c);
/* The last error of the connection, for a log line. */
const char *store_error(struct dbconn *c);

/* The calling pool thread's own read-only connection, opened on first use
 * and closed when the thread ends (reads too slow for the loop). */
struct dbconn *store_thread_reader(const char *path);

/* A row's columns by index, as the store function that hands the row over
 * documents them. */
int64_t store_row_int64(const struct store_row *row, int col);
const char *store_row_text(const struct store_row *row, int col); /* "" for NULL */
const void *store_row_blob(const struct store_row *row, int col, size_t *len);
int store_row_is_null(const struct store_row *row, int col);
/* What a store function that walks rows calls for each. */
typedef void (*store_row_fn)(const struct store_row *row, void *arg);

#endif
