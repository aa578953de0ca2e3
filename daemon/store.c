#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embedded.h"
#include "log.h"
#include "dates.h"
#include "employer_key.h"
#include "store_sql.h"

static int exec_sql(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* employer_key(name) in SQL: the same key as the C function. */
static void sql_employer_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *name = sqlite3_value_text(argv[0]);
	if (!name) {
		sqlite3_result_null(ctx);
		return;
	}
	char key[256];
	employer_key((const char *)name, key, sizeof key);
	sqlite3_result_text(ctx, key, -1, SQLITE_TRANSIENT);
}

/* quiet_release(now, offset, from, until) in SQL (dates.h); NULL hours: now. */
static void sql_quiet_release(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_int64 now = sqlite3_value_int64(argv[0]);
	if (sqlite3_value_type(argv[2]) == SQLITE_NULL || sqlite3_value_type(argv[3]) == SQLITE_NULL) {
		sqlite3_result_int64(ctx, now);
		return;
	}
	sqlite3_result_int64(
		ctx,
		quiet_release(now, sqlite3_value_int(argv[1]), sqlite3_value_int(argv[2]), sqlite3_value_int(argv[3])));
}

/* SQLite's default is 2 MB, less than a year's placements at a province's
 * size (80,000 index entries).  A connection's cache lasts only until
 * another connection writes (SQLite then resets it), but between writes a
 * repeated indicator request reads its pages from here instead of from the
 * OS: 34 instead of 44 ms.  (Mapping the database instead was slower: 95
 * ms after each write, every page faulted in again.) */
static int cache_kib = 2000;

void store_set_cache_kib(int kib) { cache_kib = kib; }

void store_global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* A statement's journal (the pages it changes, copied before the change)
	 * stays in memory up to this size instead of 64 KiB: a placement with
	 * its indexes and triggers changes 20-30 pages, and writing each of
	 * them to a temporary file was half of a large upload's time.  It must
	 * stay below 128 KiB: SQLite spills the memory journal to the file in
	 * chunks of this size, and its Unix file layer writes at most 128 KiB
	 * at once (a larger chunk fails as "database or disk is full"). */
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STORE_STATEMENT_JOURNAL_MEMORY);
}

struct dbconn *store_open(const char *path, enum store_mode mode, const char *synchronous, char *err, size_t errlen)
{
	struct dbconn *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	int flags = SQLITE_OPEN_NOMUTEX |
		(mode == STORE_READ_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
	if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, c->db ? sqlite3_errmsg(c->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(c->db, STORE_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_create_function(c->db, "employer_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_employer_key,
	                        NULL, NULL);
	sqlite3_create_function(c->db, "quiet_release", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_quiet_release,
	                        NULL, NULL);
	char pragmas[200];
	snprintf(pragmas, sizeof pragmas, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-%d; %s%s%s", cache_kib,
	         mode == STORE_READ_WRITE ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=" : "",
	         mode == STORE_READ_WRITE ? synchronous : "", mode == STORE_READ_WRITE ? ";" : "");
	if (exec_sql(c->db, pragmas, err, errlen) < 0)
		goto fail;
	return c;
fail:
	sqlite3_close(c->db);
	free(c);
	return NULL;
}

void store_close(struct dbconn *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cache_slots; i++)
		if (c->cache[i].stmt)
			sqlite3_finalize(c->cache[i].stmt);
	free(c->cache);
	c->cache = NULL;
	c->cache_slots = c->ncache = 0;
	if (c->db)
		sqlite3_close(c->db);
	free(c);
}

static const char sql_version[] = "PRAGMA user_version";
static const char sql_write_probe[] =
	"INSERT INTO counter(name, value) VALUES ('health_probe', ?1) ON CONFLICT(name) DO UPDATE SET value = ?1";

int store_version_of(struct dbconn *c)
{
	sqlite3_stmt *st = store_stmt(c, sql_version);
	if (!st)
		return -1;
	int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return version;
}

int store_write_probe(struct dbconn *c, int64_t now)
{
	sqlite3_stmt *st = store_stmt(c, sql_write_probe);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	return store_step_done(st);
}

int store_begin(struct dbconn *c)
{
	return sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}
int store_commit(struct dbconn *c) { return sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1; }
void store_rollback(struct dbconn *c) { sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL); }
const char *store_error(struct dbconn *c) { return c && c->db ? sqlite3_errmsg(c->db) : "not open"; }

int64_t store_row_int64(const struct store_row *row, int col)
{
	return sqlite3_column_int64((sqlite3_stmt *)(void *)row, col);
}
const char *store_row_text(const struct store_row *row, int col)
{
	return store_text((sqlite3_stmt *)(void *)row, col);
}
const void *store_row_blob(const struct store_row *row, int col, size_t *len)
{
	sqlite3_stmt *st = (sqlite3_stmt *)(void *)row;
	const void *p = sqlite3_column_blob(st, col);
	*len = (size_t)sqlite3_column_bytes(st, col);
	return p;
}
int store_row_is_null(const struct store_row *row, int col)
{
	return sqlite3_column_type((sqlite3_stmt *)(void *)row, col) == SQLITE_NULL;
}

static size_t stmt_slot(const struct cached_stmt *cache, size_t slots, const char *sql)
{
	/* SQL texts are string constants: their addresses are the keys.  The
	 * table is a power of two and never full (it grows at half), so the
	 * probe ends. */
	assert(slots && (slots & (slots - 1)) == 0);
	uint64_t h = (uint64_t)(uintptr_t)sql * 0x9E3779B97F4A7C15u;
	size_t i = (size_t)(h >> 32) & (slots - 1);
	while (cache[i].sql && cache[i].sql != sql)
		i = (i + 1) & (slots - 1);
	return i;
}

/* Doubles the table (or makes the first one): 0, or -1 without memory. */
static int stmt_cache_grow(struct dbconn *c)
{
	size_t slots = c->cache_slots ? c->cache_slots * 2 : STORE_STMT_CACHE_SLOTS;
	struct cached_stmt *cache = calloc(slots, sizeof *cache);
	if (!cache)
		return -1;
	for (size_t i = 0; i < c->cache_slots; i++)
		if (c->cache[i].sql)
			cache[stmt_slot(cache, slots, c->cache[i].sql)] = c->cache[i];
	free(c->cache);
	c->cache = cache;
	c->cache_slots = slots;
	return 0;
}

sqlite3_stmt *store_stmt(struct dbconn *c, const char *sql)
{
	/* The cache is keyed by the text's address: a statement is a constant,
	 * never text built at run time (which would fill the cache). */
	assert(c && c->db && sql);
	if (c->cache_slots) {
		struct cached_stmt *hit = &c->cache[stmt_slot(c->cache, c->cache_slots, sql)];
		if (hit->sql) {
			sqlite3_reset(hit->stmt);
			sqlite3_clear_bindings(hit->stmt);
			return hit->stmt;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		log_error("store_prepare", "error=\"%s\"", sqlite3_errmsg(c->db));
		return NULL;
	}
	if ((c->ncache + 1) * 2 > c->cache_slots && stmt_cache_grow(c) < 0) {
		log_error("store_prepare", "error=\"out of memory\"");
		sqlite3_finalize(st);
		return NULL;
	}
	c->cache[stmt_slot(c->cache, c->cache_slots, sql)] = (struct cached_stmt){sql, st};
	c->ncache++;
	return st;
}

int store_step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

enum store_result store_insert(struct dbconn *c, sqlite3_stmt *st, int64_t *id)
{
	assert(id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return STORE_CONFLICT;
	if (rc != SQLITE_DONE)
		return STORE_ERROR;
	*id = sqlite3_last_insert_rowid(c->db);
	return STORE_OK;
}

int store_changes(struct dbconn *c, sqlite3_stmt *st) { return store_step_done(st) < 0 ? -1 : sqlite3_changes(c->db); }

enum store_result store_change_one(struct dbconn *c, sqlite3_stmt *st)
{
	int changed = store_changes(c, st);
	return changed < 0 ? STORE_ERROR : changed == 1 ? STORE_OK : STORE_NO_MATCH;
}

const char *store_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

void store_copy_text(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
	const char *s = store_text(st, col);
	size_t n = strlen(s);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

json_t *store_json_one(sqlite3_stmt *st)
{
	json_t *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = json_loads(store_text(st, 0), 0, NULL);
	sqlite3_reset(st);
	return v;
}

json_t *store_json_by_id(struct dbconn *c, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(c, sql);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	return store_json_one(st);
}

int store_schema_version(void) { return embedded_migrations[embedded_migrations_count - 1].version; }

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Region levels by the number of dots in the code: 32 / 32.77 / 32.77.01 / 32.77.01.1001. */
static int seed_regions(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO region(code, name, level, parent) VALUES (?,?,?,?)", -1, &st, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	const char *p = embedded_wilayah.start, *end = embedded_wilayah.end;
	int line = 0, rc = 0;
	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *tab = memchr(p, '\t', (size_t)(eol - p));
		if (line++ > 0 && tab) {
			int code_len = (int)(tab - p), name_len = (int)(eol - tab - 1), level = 1;
			if (name_len > 0 && tab[name_len] == '\r')
				name_len--;
			for (int i = 0; i < code_len; i++)
				level += p[i] == '.';
			int parent_len = 0;
			for (int i = code_len - 1; i > 0 && !parent_len; i--)
				if (p[i] == '.')
					parent_len = i;
			sqlite3_bind_text(st, 1, p, code_len, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, tab + 1, name_len, SQLITE_STATIC);
			sqlite3_bind_int(st, 3, level);
			if (parent_len)
				sqlite3_bind_text(st, 4, p, parent_len, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, 4);
			if (sqlite3_step(st) != SQLITE_DONE) {
				snprintf(err, errlen, "wilayah.tsv line %d: %s", line, sqlite3_errmsg(db));
				rc = -1;
			}
			sqlite3_reset(st);
		}
		p = eol + 1;
	}
	sqlite3_finalize(st);
	return rc;
}

int store_migrate(struct dbconn *c, char *err, size_t errlen)
{
	int have = user_version(c->db), latest = store_schema_version();
	if (have < 0) {
		snprintf(err, errlen, "cannot read schema version: %s", sqlite3_errmsg(c->db));
		return -1;
	}
	if (have > latest) {
		snprintf(err, errlen, "database schema %d is newer than this sidakerd (%d): refusing to start", have,
		         latest);
		return -1;
	}
	if (have == latest)
		return 0;
	if (exec_sql(c->db, "BEGIN IMMEDIATE", err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < embedded_migrations_count; i++) {
		const struct embedded_file *m = &embedded_migrations[i];
		if (m->version <= have)
			continue;
		/* The embedded text is NUL-terminated by embed.sh. */
		char sub[256];
		if (exec_sql(c->db, m->start, sub, sizeof sub) < 0) {
			snprintf(err, errlen, "%s: %s", m->name, sub);
			goto fail;
		}
		if (m->version == 1 && seed_regions(c->db, err, errlen) < 0)
			goto fail;
		log_info("migration", "applied=%s", m->name);
	}
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", latest);
	if (exec_sql(c->db, pragma, err, errlen) < 0 || exec_sql(c->db, "COMMIT", err, errlen) < 0)
		goto fail;
	/* Migrations that build indexes leave them without statistics, and
	 * SQLite then guesses: placing 10,000 people from a CSV took 4.9 s
	 * instead of 2.7 s on a province's data until ANALYZE ran (3 s there,
	 * once; nothing on a new database). */
	if (have > 0 && exec_sql(c->db, "ANALYZE", err, errlen) < 0)
		return -1;
	return 0;
fail:
	sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int store_backup(const char *src_path, const char *dest_path, char *err, size_t errlen)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b = NULL;
	char tmp[4096];
	int rc = -1;
	snprintf(tmp, sizeof tmp, "%s.partial", dest_path);
	unlink(tmp);
	if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "open: %s", sqlite3_errmsg(src && !dst ? src : dst ? dst : src));
		goto done;
	}
	sqlite3_busy_timeout(src, STORE_BUSY_TIMEOUT_MS);
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
		goto done;
	}
	/* One step copies every page under a single read transaction: in WAL mode
	 * that is a consistent snapshot and writers are not held up. */
	int step = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		snprintf(err, errlen, "backup: %s", sqlite3_errstr(step));
		goto done;
	}
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
		goto done;
	}
	rc = 0;
done:
	sqlite3_close(dst);
	sqlite3_close(src);
	if (rc == 0 && rename(tmp, dest_path) < 0) {
		snprintf(err, errlen, "rename: cannot move backup into place");
		rc = -1;
	}
	if (rc < 0)
		unlink(tmp);
	return rc;
}

int store_checkpoint(struct dbconn *c)
{
	return sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int store_bind_json(sqlite3_stmt *st, int slot, const json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	if (!text)
		return -1;
	sqlite3_bind_text(st, slot, text, -1, free);
	return 0;
}

json_t *store_json_rows(sqlite3_stmt *st)
{
	json_t *items = json_array();
	int rc = items ? SQLITE_ROW : SQLITE_NOMEM;
	while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if (json_array_append_new(items, json_loads(store_text(st, 0), 0, NULL)) < 0)
			rc = SQLITE_NOMEM; /* json_loads failed: NULL is not appended */
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return NULL;
	}
	return items;
}

int store_each_row(sqlite3_stmt *st, store_row_fn fn, void *arg)
{
	assert(st && fn);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(store_row_of(st), arg);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_check(struct dbconn *c)
{
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_prepare_v2(c->db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp(store_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

int store_set_office_clock(struct dbconn *c, int utc_offset_minutes, char *err, size_t errlen)
{
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE office_clock SET utc_offset_minutes = %d", utc_offset_minutes);
	char *msg = NULL;
	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "cannot record the office's time zone: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static pthread_key_t reader_key;
static pthread_once_t reader_once = PTHREAD_ONCE_INIT;

static void reader_close(void *p) { store_close(p); }

static void reader_key_create(void) { pthread_key_create(&reader_key, reader_close); }

struct dbconn *store_thread_reader(const char *path)
{
	pthread_once(&reader_once, reader_key_create);
	struct dbconn *db = pthread_getspecific(reader_key);
	if (db)
		return db;
	char err[128];
	db = store_open(path, STORE_READ_ONLY, "FULL", err, sizeof err);
	if (!db)
		return NULL;
	pthread_setspecific(reader_key, db);
	return db;
}

int store_queue_retry(struct dbconn *c, const char *sql, int64_t id, int attempts, int64_t next_attempt_at,
                      const char *error, int failed, int64_t now)
{
	sqlite3_stmt *st = store_stmt(c, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, attempts);
	sqlite3_bind_int64(st, 3, next_attempt_at);
	sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int(st, 6, failed);
	return store_changes(c, st);
}
