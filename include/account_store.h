/*
 * SQL of accounts, sessions and e-mail tokens.  Reads take the loop's
 * read-only connection; writes run inside writer jobs.
 */
#ifndef SIDAKERD_ACCOUNT_STORE_H
#define SIDAKERD_ACCOUNT_STORE_H

#include <stdint.h>

#include "crypto.h"
#include "defaults.h"
#include "router.h"

struct dbconn;
struct principal;

struct account_row {
	int64_t id;
	enum role role;
	char status[16]; /* unconfirmed | active | disabled */
	char verification[12]; /* organisations only, else "" */
	char verification_note[256];
	char email[EMAIL_MAX_BYTES + 1];
	char display_name[NAME_MAX_BYTES + 1];
	char nip[NIP_MAX_BYTES + 1];
	unsigned char nik_sealed[NIK_SEALED_BYTES];
	int has_nik;
	char password_hash[PASSWORD_HASH_MAX];
	int64_t created_at, confirmed_at, verified_at;
};

struct new_account {
	enum role role;
	const char *email, *display_name, *nip, *password_hash, *status;
	const unsigned char *nik_sealed, *nik_index; /* seekers only */
};

enum account_conflict { ACCOUNT_OK = 0, ACCOUNT_EMAIL_TAKEN = 1, ACCOUNT_NIK_TAKEN = 2 };
enum token_result { TOKEN_OK = 0, TOKEN_UNKNOWN = 1, TOKEN_EXPIRED = 2 };

/* Reads: 1 found, 0 not found, -1 store error. */
int account_by_session(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t now, struct principal *out);
int account_by_email(struct dbconn *db, const char *email, struct account_row *out);
int account_by_nik_index(struct dbconn *db, const unsigned char index[DIGEST_BYTES], struct account_row *out);
int account_by_id(struct dbconn *db, int64_t id, struct account_row *out);
int account_email_exists(struct dbconn *db, const char *email);
int account_nik_exists(struct dbconn *db, const unsigned char index[DIGEST_BYTES]);
int account_admin_exists(struct dbconn *db);
/* Organisations for officers, newest first after the cursor (an id; 0 = start).
 * role/verification may be NULL.  Calls fn per row; returns rows or -1. */
int account_list_organisations(struct dbconn *db, const char *role, const char *verification, int64_t before_id,
                               int limit, void (*fn)(const struct account_row *row, void *arg), void *arg);

/* Writes: 0 ok (or an enum account_conflict / token_result), -1 store error. */
int account_insert(struct dbconn *db, const struct new_account *a, int64_t now, int64_t *id_out);
int account_activate(struct dbconn *db, int64_t id, int64_t now);
int account_set_password(struct dbconn *db, int64_t id, const char *hash, int64_t now);
/* 1 when the account is not an organisation, 2 when it does not exist. */
int account_set_verification(struct dbconn *db, int64_t id, const char *decision, const char *note, int64_t officer_id,
                             int64_t now);

int session_insert(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t account_id, int64_t now,
                   int64_t expires_at);
int session_delete(struct dbconn *db, const unsigned char digest[DIGEST_BYTES]);
/* Every session of the account except keep (NULL: all). */
int session_delete_account(struct dbconn *db, int64_t account_id, const unsigned char *keep_digest);
int session_expire(struct dbconn *db, int64_t now);
/* Deletes sign-ups never confirmed and created before `before`, with their
 * e-mails; returns how many accounts, or -1. */
int account_purge_unconfirmed(struct dbconn *db, int64_t before);

int email_token_insert(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], int64_t account_id,
                       const char *purpose, int64_t now, int64_t expires_at);
/* Marks the token used; *account_id is set on TOKEN_OK. */
int email_token_consume(struct dbconn *db, const unsigned char digest[DIGEST_BYTES], const char *purpose, int64_t now,
                        int64_t *account_id);
int email_token_expire(struct dbconn *db, int64_t before);

#endif
