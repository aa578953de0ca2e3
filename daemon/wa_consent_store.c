/* WhatsApp consents and the messages a withdrawal stops (wa_consent.c). */
#include "store_sql.h"
#include "wa_consent_store.h"

static const char sql_withdraw_account[] =
	"UPDATE wa_consent SET withdrawn_at = ?2, withdrawn_by = ?3 WHERE account_id = ?1 AND withdrawn_at IS NULL";
static const char sql_skip_account[] =
	"UPDATE wa_message SET state = 'skipped', updated_at = ?2 WHERE account_id = ?1 AND state = 'pending'";
static const char sql_withdraw_phone[] =
	"UPDATE wa_consent SET withdrawn_at = ?2, withdrawn_by = 'stop_reply' WHERE phone = ?1 AND withdrawn_at IS NULL";
static const char sql_skip_phone[] =
	"UPDATE wa_message SET state = 'skipped', updated_at = ?2 WHERE phone = ?1 AND state = 'pending'";
static const char sql_give[] = "INSERT INTO wa_consent(account_id, phone, wording, given_at) VALUES (?1, ?2, ?3, ?4)";

static int run_two(struct dbconn *db, const char *first, const char *second, int64_t key_id, const char *key_text,
                   const char *by, int64_t now)
{
	int total = 0;
	const char *sqls[2] = {first, second};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = store_stmt(db, sqls[i]);
		if (!st)
			return -1;
		if (key_text)
			sqlite3_bind_text(st, 1, key_text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(st, 1, key_id);
		sqlite3_bind_int64(st, 2, now);
		if (i == 0 && by)
			sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
		int n = store_changes(db, st);
		if (n < 0)
			return -1;
		if (i == 0)
			total = n;
	}
	return total;
}

int wa_consent_withdraw_account(struct dbconn *db, int64_t account_id, const char *by, int64_t now)
{
	return run_two(db, sql_withdraw_account, sql_skip_account, account_id, NULL, by, now);
}

int wa_consent_withdraw_phone(struct dbconn *db, const char *phone, int64_t now)
{
	return run_two(db, sql_withdraw_phone, sql_skip_phone, 0, phone, NULL, now);
}

int wa_consent_insert(struct dbconn *db, int64_t account_id, const char *phone, const char *wording, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_give);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, wording, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_step_done(s);
}
