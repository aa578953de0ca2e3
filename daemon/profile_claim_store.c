/* Claims of a profile the office already holds (profile_claim.c). */
#include <stdio.h>

#include "profile_claim_store.h"
#include "store_sql.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"
static const char sql_record[] = "SELECT id, IFNULL(account_id, 0), full_name, birth_date FROM seeker "
				 "WHERE nik_index = ? AND deleted_at IS NULL";
static const char sql_existing[] = "SELECT state FROM profile_claim WHERE account_id = ?1 AND seeker_id = ?2";
static const char sql_latest[] = "SELECT state FROM profile_claim WHERE account_id = ?1 ORDER BY id DESC LIMIT 1";
static const char sql_insert[] =
	"INSERT INTO profile_claim(account_id, seeker_id, state, name_given, birth_date_given, name_agrees, "
	"birth_date_agrees, created_at, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	"CASE WHEN ?3 = 'linked' THEN ?8 END)";
static const char sql_link[] = "UPDATE seeker SET account_id = ?2 WHERE id = ?1 AND account_id IS NULL";
static const char sql_get[] = "SELECT id, account_id, seeker_id, state FROM profile_claim WHERE id = ?";
static const char sql_decide[] = "UPDATE profile_claim SET state = ?2, note = ?3, decided_by = ?4, decided_at = ?5 "
				 "WHERE id = ?1 AND state = 'pending'";
/* SQL text laid out by hand: */
/* clang-format off */
static const char sql_list[] =
	"SELECT json_object('id', p.id, 'state', p.state, "
	"'given', json_object('name', p.name_given, 'birth_date', p.birth_date_given, 'email', a.email), "
	"'name_agrees', json(CASE p.name_agrees WHEN 1 THEN 'true' ELSE 'false' END), "
	"'birth_date_agrees', json(CASE p.birth_date_agrees WHEN 1 THEN 'true' ELSE 'false' END), "
	"'record', json_object('name', s.full_name, 'birth_date', s.birth_date, "
	"'kecamatan', (SELECT name FROM region WHERE code = s.kecamatan_code), "
	"'cards', (SELECT count(*) FROM card c WHERE c.seeker_id = s.id)), "
	"'note', p.note, 'created_at', " ISO("p.created_at") ", 'decided_at', " ISO("p.decided_at") "), "
	"s.nik_sealed FROM profile_claim p JOIN account a ON a.id = p.account_id JOIN seeker s ON s.id = p.seeker_id "
	"WHERE (?4 > 0 AND p.id = ?4) OR (?4 = 0 AND p.state = ?1 AND (?2 = 0 OR p.id > ?2)) ORDER BY p.id LIMIT ?3";
/* clang-format on */

int profile_claim_store_record(struct dbconn *db, const unsigned char nik_index[DIGEST_BYTES],
                               struct claimed_record *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_record);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, nik_index, DIGEST_BYTES, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->seeker_id = sqlite3_column_int64(st, 0);
		out->account_id = sqlite3_column_int64(st, 1);
		store_copy_text(out->full_name, sizeof out->full_name, st, 2);
		store_copy_text(out->birth_date, sizeof out->birth_date, st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int state_of(sqlite3_stmt *st, char state[16])
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_copy_text(state, 16, st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int profile_claim_store_existing(struct dbconn *db, int64_t account_id, int64_t seeker_id, char state[16])
{
	sqlite3_stmt *st = store_stmt(db, sql_existing);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, seeker_id);
	return state_of(st, state);
}

int profile_claim_store_latest(struct dbconn *db, int64_t account_id, char state[16])
{
	sqlite3_stmt *st = store_stmt(db, sql_latest);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	return state_of(st, state);
}

enum store_result profile_claim_store_insert(struct dbconn *db, const struct profile_claim_new *c, int64_t now,
                                             int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, c->account_id);
	sqlite3_bind_int64(st, 2, c->seeker_id);
	sqlite3_bind_text(st, 3, c->state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->name_given, -1, SQLITE_STATIC);
	if (c->birth_date_given)
		sqlite3_bind_text(st, 5, c->birth_date_given, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, c->name_agrees);
	sqlite3_bind_int(st, 7, c->birth_date_agrees);
	sqlite3_bind_int64(st, 8, now);
	return store_insert(db, st, id);
}

enum store_result profile_claim_store_link(struct dbconn *db, int64_t seeker_id, int64_t account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_link);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, seeker_id);
	sqlite3_bind_int64(st, 2, account_id);
	return store_change_one(db, st);
}

int profile_claim_store_get(struct dbconn *db, int64_t id, struct profile_claim_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_get);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->account_id = sqlite3_column_int64(st, 1);
		out->seeker_id = sqlite3_column_int64(st, 2);
		store_copy_text(out->state, sizeof out->state, st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum store_result profile_claim_store_decide(struct dbconn *db, int64_t id, const char *state, const char *note,
                                             int64_t officer_id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_decide);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	if (note)
		sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, officer_id);
	sqlite3_bind_int64(st, 5, now);
	return store_change_one(db, st);
}

int profile_claim_store_list(struct dbconn *db, const char *state, int64_t id, int64_t cursor, int limit,
                             store_row_fn fn, void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_list);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	sqlite3_bind_int64(st, 4, id);
	return store_each_row(st, fn, arg);
}
