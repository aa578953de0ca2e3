/*
 * For the store files only (the daemon/..._store.c files, store.c, writer.c,
 * checkpointer.c): SQLite, the connection's insides, the prepared-statement
 * cache and the small helpers every store function uses.
 */
#ifndef SIDAKERD_STORE_SQL_H
#define SIDAKERD_STORE_SQL_H

#include <sqlite3.h>

#include "store.h"

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

/* The cached statement for sql (a string constant), reset and unbound.
 * NULL if it does not prepare (a programming error, logged) or when memory
 * runs out.  The cache has no fixed capacity. */
sqlite3_stmt *store_stmt(struct dbconn *c, const char *sql);
/* A statement positioned on a row, as the row callers read (store.h). */
static inline const struct store_row *store_row_of(sqlite3_stmt *st) { return (const struct store_row *)(void *)st; }
int store_step_done(sqlite3_stmt *st); /* SQLITE_DONE → 0, else -1 */
/* Runs a bound INSERT: STORE_OK and the new rowid, STORE_CONFLICT on a
 * UNIQUE conflict, STORE_ERROR. */
enum store_result store_insert(struct dbconn *c, sqlite3_stmt *st, int64_t *id);
/* Runs a bound UPDATE/DELETE: the number of rows it changed, or -1. */
int store_changes(struct dbconn *c, sqlite3_stmt *st);
/* The same for a change of one row: STORE_OK when it changed,
 * STORE_NO_MATCH when no row matched (the caller's "not in that state"). */
enum store_result store_change_one(struct dbconn *c, sqlite3_stmt *st);
const char *store_text(sqlite3_stmt *st, int col); /* "" for NULL */
/* A text column into a fixed buffer, cut to fit (no printf: rows are
 * copied by the hundred on hot routes). */
void store_copy_text(char *dst, size_t cap, sqlite3_stmt *st, int col);
/* The JSON text in the first column of sql's first row, with ?1 = id,
 * parsed; NULL when there is no row, the column is NULL or on error. */
json_t *store_json_by_id(struct dbconn *c, const char *sql, int64_t id);
/* The same for a statement the caller bound. */
json_t *store_json_one(sqlite3_stmt *st);
/* Steps a bound statement whose first column is a JSON object and returns
 * them as an array (a list page: list_reply() takes it); NULL on error. */
json_t *store_json_rows(sqlite3_stmt *st);
/* Binds j as compact JSON text to slot (the statement's SQL reads it with
 * ->> and json_each): 0, or -1 when out of memory. */
int store_bind_json(sqlite3_stmt *st, int slot, const json_t *j);
/* A delivery queue's row not sent (wa_message, push_message): sql binds ?1
 * id, ?2 attempts, ?3 next attempt, ?4 error, ?5 now, ?6 failed for good.
 * Rows changed, or -1. */
int store_queue_retry(struct dbconn *c, const char *sql, int64_t id, int attempts, int64_t next_attempt_at,
                      const char *error, int failed, int64_t now);
/* Steps a bound statement and calls fn for each row: 0, or -1 on error. */
int store_each_row(sqlite3_stmt *st, store_row_fn fn, void *arg);

#endif
