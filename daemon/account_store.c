#include <string.h>

#include "account_store.h"
#include "http.h"
#include "store_sql.h"

#define ACCOUNT_COLUMNS \
	"id, role, status, IFNULL(verification,''), IFNULL(verification_note,''), email, " \
	"display_name, IFNULL(nip,''), nik_sealed, password_hash, created_at, " \
	"IFNULL(confirmed_at,0), IFNULL(verified_at,0)"

static const char sql_by_session[] = "SELECT a.id, a.role, a.status, IFNULL(a.verification,''), s.expires_at "
				     "FROM session s JOIN account a ON a.id = s.account_id WHERE s.token_hash = ?";
static const char sql_by_email[] = "SELECT " ACCOUNT_COLUMNS " FROM account WHERE email = ?";
static const char sql_by_nik[] = "SELECT " ACCOUNT_COLUMNS " FROM account WHERE nik_index = ?";
static const char sql_by_id[] = "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = ?";
static const char sql_email_exists[] = "SELECT 1 FROM account WHERE email = ?";
static const char sql_nik_exists[] = "SELECT 1 FROM account WHERE nik_index = ?";
static const char sql_admin_exists[] = "SELECT 1 FROM account WHERE role = 'admin' LIMIT 1";
static const char sql_list_orgs[] =
	"SELECT " ACCOUNT_COLUMNS " FROM account "
	"WHERE role IN ('company','lpk','bkk') AND (?1 IS NULL OR role = ?1) "
	"AND (?2 IS NULL OR verification = ?2) AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT ?4";
static const char sql_insert[] =
	"INSERT INTO account(role, email, password_hash, display_name, nik_sealed, nik_index, nip, "
	"status, verification, created_at, confirmed_at, updated_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	"CASE WHEN ?1 IN ('company','lpk','bkk') THEN 'pending' END, ?9, "
	"CASE WHEN ?8 = 'active' THEN ?9 END, ?9)";
static const char sql_activate[] = "UPDATE account SET status = 'active', confirmed_at = ?2, updated_at = ?2 "
				   "WHERE id = ?1 AND status = 'unconfirmed'";
static const char sql_set_password[] = "UPDATE account SET password_hash = ?2, updated_at = ?3 WHERE id = ?1";
static const char sql_role_of[] = "SELECT role FROM account WHERE id = ?";
static const char sql_set_verification[] =
	"UPDATE account SET verification = ?2, verification_note = ?3, verified_by = ?4, "
	"verified_at = ?5, updated_at = ?5 WHERE id = ?1";
static const char sql_session_insert[] =
	"INSERT INTO session(token_hash, account_id, created_at, expires_at) VALUES (?,?,?,?)";
static const char sql_session_delete[] = "DELETE FROM session WHERE token_hash = ?";
static const char sql_session_delete_account[] =
	"DELETE FROM session WHERE account_id = ?1 AND (?2 IS NULL OR token_hash <> ?2)";
static const char sql_session_expire[] = "DELETE FROM session WHERE expires_at <= ?";
static const char sql_token_insert[] =
	"INSERT INTO email_token(token_hash, account_id, purpose, created_at, expires_at) "
	"VALUES (?,?,?,?,?)";
static const char sql_token_find[] =
	"SELECT account_id, expires_at, used_at FROM email_token WHERE token_hash = ? AND purpose = ?";
static const char sql_token_use[] = "UPDATE email_token SET used_at = ?2 WHERE token_hash = ?1";
static const char sql_token_expire[] = "DELETE FROM email_token WHERE expires_at < ?1 OR used_at < ?1";

static void read_row(sqlite3_stmt *st, struct account_row *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	role_parse(store_text(st, 1), &a->role);
	store_copy_text(a->status, sizeof a->status, st, 2);
	store_copy_text(a->verification, sizeof a->verification, st, 3);
	store_copy_text(a->verification_note, sizeof a->verification_note, st, 4);
	store_copy_text(a->email, sizeof a->email, st, 5);
	store_copy_text(a->display_name, sizeof a->display_name, st, 6);
	store_copy_text(a->nip, sizeof a->nip, st, 7);
	if (sqlite3_column_bytes(st, 8) == NIK_SEALED_BYTES) {
		memcpy(a->nik_sealed, sqlite3_column_blob(st, 8), NIK_SEALED_BYTES);
		a->has_nik = 1;
	}
	store_copy_text(a->password_hash, sizeof a->password_hash, st, 9);
	a->created_at = sqlite3_column_int64(st, 10);
	a->confirmed_at = sqlite3_column_int64(st, 11);
	a->verified_at = sqlite3_column_int64(st, 12);
}

/* Runs a bound single-row query: 1 and the row read, 0 none, -1 error. */
static int one_row(sqlite3_stmt *st, struct account_row *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out)
		read_row(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int account_by_session(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t now, struct principal *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_by_session);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, digest, DIGEST_BYTES, SQLITE_STATIC);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 4) > now && strcmp(store_text(st, 2), "active") == 0) {
		out->account_id = sqlite3_column_int64(st, 0);
		role_parse(store_text(st, 1), &out->role);
		store_copy_text(out->verification, sizeof out->verification, st, 3);
		memcpy(out->session_digest, digest, DIGEST_BYTES);
		found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
}

int account_by_email(struct dbconn *db, const char *email, struct account_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_by_email);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	return one_row(st, out);
}

int account_by_nik_index(struct dbconn *db, const unsigned char index[DIGEST_BYTES], struct account_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_by_nik);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, index, DIGEST_BYTES, SQLITE_STATIC);
	return one_row(st, out);
}

int account_by_id(struct dbconn *db, int64_t id, struct account_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_by_id);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return one_row(st, out);
}

int account_email_exists(struct dbconn *db, const char *email)
{
	sqlite3_stmt *st = store_stmt(db, sql_email_exists);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	return one_row(st, NULL);
}

int account_nik_exists(struct dbconn *db, const unsigned char index[DIGEST_BYTES])
{
	sqlite3_stmt *st = store_stmt(db, sql_nik_exists);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, index, DIGEST_BYTES, SQLITE_STATIC);
	return one_row(st, NULL);
}

int account_admin_exists(struct dbconn *db)
{
	sqlite3_stmt *st = store_stmt(db, sql_admin_exists);
	return st ? one_row(st, NULL) : -1;
}

int account_list_organisations(struct dbconn *db, const char *role, const char *verification, int64_t before_id,
                               int limit, void (*fn)(const struct account_row *row, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_list_orgs);
	if (!st)
		return -1;
	if (role)
		sqlite3_bind_text(st, 1, role, -1, SQLITE_STATIC);
	if (verification)
		sqlite3_bind_text(st, 2, verification, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, before_id);
	sqlite3_bind_int(st, 4, limit);
	int rc, n = 0;
	struct account_row row;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &row);
		fn(&row, arg);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

int account_insert(struct dbconn *db, const struct new_account *a, int64_t now, int64_t *id_out)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, role_name(a->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->display_name, -1, SQLITE_STATIC);
	if (a->nik_sealed) {
		sqlite3_bind_blob(st, 5, a->nik_sealed, NIK_SEALED_BYTES, SQLITE_STATIC);
		sqlite3_bind_blob(st, 6, a->nik_index, DIGEST_BYTES, SQLITE_STATIC);
	}
	if (a->nip)
		sqlite3_bind_text(st, 7, a->nip, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, a->status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		*id_out = sqlite3_last_insert_rowid(db->db);
		return ACCOUNT_OK;
	}
	if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		/* Which unique column: the message names it ("account.email"). */
		return strstr(sqlite3_errmsg(db->db), "nik_index") ? ACCOUNT_NIK_TAKEN : ACCOUNT_EMAIL_TAKEN;
	}
	return -1;
}

int account_activate(struct dbconn *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_activate);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return store_step_done(st);
}

int account_set_password(struct dbconn *db, int64_t id, const char *hash, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_set_password);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return store_step_done(st);
}

int account_set_verification(struct dbconn *db, int64_t id, const char *decision, const char *note, int64_t officer_id,
                             int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_role_of);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	enum role role = 0;
	if (rc == SQLITE_ROW)
		role_parse(store_text(st, 0), &role);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 2;
	if (rc != SQLITE_ROW)
		return -1;
	if (!(role & ROLES_ORGANISATION))
		return 1;
	st = store_stmt(db, sql_set_verification);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, decision, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, officer_id);
	sqlite3_bind_int64(st, 5, now);
	return store_step_done(st);
}

int session_insert(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t account_id, int64_t now,
                   int64_t expires_at)
{
	sqlite3_stmt *st = store_stmt(db, sql_session_insert);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, digest, DIGEST_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, account_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, expires_at);
	return store_step_done(st);
}

int session_delete(struct dbconn *db, const unsigned char digest[DIGEST_BYTES])
{
	sqlite3_stmt *st = store_stmt(db, sql_session_delete);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, digest, DIGEST_BYTES, SQLITE_STATIC);
	return store_step_done(st);
}

int session_delete_account(struct dbconn *db, int64_t account_id, const unsigned char *keep_digest)
{
	sqlite3_stmt *st = store_stmt(db, sql_session_delete_account);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	if (keep_digest)
		sqlite3_bind_blob(st, 2, keep_digest, DIGEST_BYTES, SQLITE_STATIC);
	return store_step_done(st);
}

int session_expire(struct dbconn *db, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_session_expire);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	return store_step_done(st);
}

int email_token_insert(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t account_id,
                       const char *purpose, int64_t now, int64_t expires_at)
{
	sqlite3_stmt *st = store_stmt(db, sql_token_insert);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, digest, DIGEST_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, account_id);
	sqlite3_bind_text(st, 3, purpose, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, expires_at);
	return store_step_done(st);
}

int email_token_consume(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], const char *purpose, int64_t now,
                        int64_t *account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_token_find);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, digest, DIGEST_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, purpose, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st), result;
	if (rc == SQLITE_DONE) {
		result = TOKEN_UNKNOWN;
	} else if (rc != SQLITE_ROW) {
		result = -1;
	} else if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
		result = TOKEN_UNKNOWN; /* single use */
	} else if (sqlite3_column_int64(st, 1) <= now) {
		result = TOKEN_EXPIRED;
	} else {
		*account_id = sqlite3_column_int64(st, 0);
		result = TOKEN_OK;
	}
	sqlite3_reset(st);
	if (result != TOKEN_OK)
		return result;
	st = store_stmt(db, sql_token_use);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, digest, DIGEST_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	return store_step_done(st);
}

int email_token_expire(struct dbconn *db, int64_t before)
{
	sqlite3_stmt *st = store_stmt(db, sql_token_expire);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	return store_step_done(st);
}

/* Sign-ups never confirmed, older than before: their queued and sent
 * e-mails, then the accounts (tokens go with them).  An account that
 * anything refers to is left alone. */
static const char sql_purge_mail[] =
	"DELETE FROM outbox WHERE recipient IN (SELECT email FROM account WHERE status = 'unconfirmed' "
	"AND created_at < ?1)";
static const char sql_purge_accounts[] =
	"DELETE FROM account WHERE status = 'unconfirmed' AND created_at < ?1 "
	"AND NOT EXISTS (SELECT 1 FROM seeker WHERE seeker.account_id = account.id) "
	"AND NOT EXISTS (SELECT 1 FROM organisation WHERE organisation.account_id = account.id)";

int account_purge_unconfirmed(struct dbconn *db, int64_t before)
{
	sqlite3_stmt *st = store_stmt(db, sql_purge_mail);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	if (store_changes(db, st) < 0 || !(st = store_stmt(db, sql_purge_accounts)))
		return -1;
	sqlite3_bind_int64(st, 1, before);
	return store_changes(db, st);
}
