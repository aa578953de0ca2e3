#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account_store.h"
#include "audit.h"
#include "auth.h"
#include "body.h"
#include "dates.h"
#include "http.h"
#include "log.h"
#include "mail.h"
#include "nik.h"
#include "profile_claim.h"
#include "server.h"
#include "metrics.h"
#include "throttle_store.h"
#include "validate.h"

/* State carried by an auth request across its pool and writer steps. */
struct auth_state {
	struct account_row account; /* the account the request is about */
	int found;
	char email[EMAIL_MAX_BYTES + 1];
	char name[NAME_MAX_BYTES + 1];
	char nip[NIP_MAX_BYTES + 1];
	char nik[NIK_LEN + 1];
	char birth_date[DATE_LEN + 1]; /* a seeker's, to claim a record the office holds; "" when not given */
	enum role role;
	char password[PASSWORD_MAX_BYTES + 1];
	char new_password[PASSWORD_MAX_BYTES + 1];
	char hash[PASSWORD_HASH_MAX];
	int hash_rc, verify_rc;
	unsigned char nik_sealed[NIK_SEALED_BYTES], nik_index[DIGEST_BYTES];
	unsigned char token_raw[TOKEN_BYTES], token_digest[DIGEST_BYTES];
	char token_text[TOKEN_TEXT_LEN + 1];
	unsigned char login_subject[DIGEST_BYTES], address_subject[DIGEST_BYTES];
	int refusal; /* enum err when a write refuses */
	int64_t account_id;
};

static void auth_state_free(void *p)
{
	if (p)
		sodium_memzero(p, sizeof(struct auth_state));
	free(p);
}

static void copy_str(char *dst, size_t cap, const char *src) { snprintf(dst, cap, "%s", src ? src : ""); }

int account_fields_check(struct req *r, const char *email, const char *password, const char *name)
{
	if (valid_email(email) < 0) {
		req_fail(r, ERR_EMAIL_INVALID, "email");
		return -1;
	}
	if (valid_password(password) < 0) {
		req_fail(r, ERR_PASSWORD_WEAK, "password");
		return -1;
	}
	if (valid_text(name, NAME_MAX_BYTES) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "name");
		return -1;
	}
	return 0;
}

static void fail_write(struct req *r, int result, enum err refused)
{
	req_fail(r, result == WRITE_REFUSED ? refused : ERR_STORE, NULL);
}

json_t *account_json(const struct account_row *a, const struct keys *k)
{
	char created[32], masked[NIK_LEN + 1] = "";
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id, "role", role_name(a->role),
	                      "email", a->email, "name", a->display_name, "status", a->status, "created_at",
	                      iso8601(a->created_at, created, sizeof created));
	if (!o)
		return NULL;
	if (a->has_nik)
		nik_masked_of(k, a->nik_sealed, NIK_SEALED_BYTES, masked);
	if (*masked)
		json_object_set_new(o, "nik_masked", json_string(masked));
	if (*a->verification) {
		json_object_set_new(o, "verification", json_string(a->verification));
		if (*a->verification_note)
			json_object_set_new(o, "verification_note", json_string(a->verification_note));
	}
	if (*a->nip)
		json_object_set_new(o, "nip", json_string(a->nip));
	return o;
}

/* Replies with the account as it is now committed. */
static void reply_account(struct req *r, int status, int64_t id)
{
	struct account_row a;
	int found = account_by_id(r->srv->reader, id, &a);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	json_t *account = account_json(&a, &r->srv->keys);
	char claim[16];
	int claimed = a.role == ROLE_SEEKER ? profile_claim_state(r->srv->reader, id, claim) : 0;
	if (claimed < 0) {
		json_decref(account);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (claimed)
		json_object_set_new(account, "profile_claim", json_string(claim));
	req_reply(r, status, account);
}

static void hash_new_password(struct req *r)
{
	struct auth_state *st = r->state;
	st->hash_rc = password_hash(*st->new_password ? st->new_password : st->password, st->hash);
}

/* ---- per-address limits on registration and reset requests ---- */

#define ADDRESS_WINDOW_S 3600

static void address_subject(struct req *r, const char *what, unsigned char out[DIGEST_BYTES])
{
	char subject[96];
	snprintf(subject, sizeof subject, "%s:%s", what, r->address);
	subject_digest(&r->srv->keys, subject, out);
}

/* 0 when the client may go on; otherwise answered (429 or store error). */
static int address_allowed(struct req *r, const unsigned char subject[DIGEST_BYTES], int max)
{
	int wait = throttle_wait(r->srv->reader, subject, max, ADDRESS_WINDOW_S, now_seconds());
	if (wait < 0) {
		req_fail(r, ERR_STORE, NULL);
		return -1;
	}
	if (wait > 0) {
		req_fail_retry(r, ERR_RATE_LIMITED, wait);
		return -1;
	}
	return 0;
}

/* ---- registration ---- */

static const struct field_spec register_fields[] = {
	{"email", FIELD_STRING, 1, EMAIL_MAX_BYTES},
	{"password", FIELD_STRING, 1, 1024},
	{"role", FIELD_STRING, 1, 16},
	{"name", FIELD_STRING, 1, NAME_MAX_BYTES},
	{"nik", FIELD_STRING, 0, 64},
	{"birth_date", FIELD_STRING, 0, 10},
	{NULL, 0, 0, 0},
};

static int register_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct auth_state *st = r->state;
	int64_t now = now_seconds();
	struct new_account a = {
		.role = st->role,
		.email = st->email,
		.display_name = st->name,
		.password_hash = st->hash,
		.status = "unconfirmed",
		.nik_sealed = st->role == ROLE_SEEKER ? st->nik_sealed : NULL,
		.nik_index = st->role == ROLE_SEEKER ? st->nik_index : NULL,
	};
	int rc = account_insert(db, &a, now, &st->account_id);
	if (rc == ACCOUNT_EMAIL_TAKEN || rc == ACCOUNT_NIK_TAKEN) {
		/* Refused, and counted against the address like a registration:
		 * asking NIK after NIK is how one learns which are registered. */
		st->refusal = rc == ACCOUNT_EMAIL_TAKEN ? ERR_EMAIL_TAKEN : ERR_NIK_TAKEN;
		return throttle_fail(db, st->address_subject, ADDRESS_WINDOW_S, now) == 0 ? WRITE_OK
											  : WRITE_STORE_ERROR;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"role\":\"%s\"}", role_name(st->role));
	/* A person the office holds already (the card register, a training
	 * list) gets their record now when name and birth date agree. */
	if (rc == ACCOUNT_OK && st->role == ROLE_SEEKER &&
	    profile_claim_check(db, st->account_id, st->nik_index, st->name, *st->birth_date ? st->birth_date : NULL,
	                        now) < 0)
		return WRITE_STORE_ERROR;
	if (rc != ACCOUNT_OK || throttle_fail(db, st->address_subject, ADDRESS_WINDOW_S, now) < 0 ||
	    email_token_insert(db, st->token_digest, st->account_id, "confirm", now, now + CONFIRM_TOKEN_TTL_S) < 0 ||
	    mail_queue_confirmation(db, r->srv->cfg, st->email, st->name, st->token_text, now) < 0 ||
	    audit_record(db, st->account_id, "account.register", "account", st->account_id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

/* A registration refused before its hash: only the attempt is counted. */
static int count_attempt_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct auth_state *st = r->state;
	return throttle_fail(db, st->address_subject, ADDRESS_WINDOW_S, now_seconds()) == 0 ? WRITE_OK
											    : WRITE_STORE_ERROR;
}

static void register_done(struct req *r, int result)
{
	struct auth_state *st = r->state;
	if (result == WRITE_OK && st->refusal) {
		metrics_count_taken(r->srv->metrics, st->refusal == ERR_NIK_TAKEN);
		req_fail(r, (enum err)st->refusal, st->refusal == ERR_NIK_TAKEN ? "nik" : "email");
		return;
	}
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE,
		         st->refusal == ERR_NIK_TAKEN             ? "nik"
		                 : st->refusal == ERR_EMAIL_TAKEN ? "email"
		                                                  : NULL);
		return;
	}
	reply_account(r, 201, st->account_id);
}

static void register_hashed(struct req *r)
{
	struct auth_state *st = r->state;
	if (st->hash_rc != 0) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_write(r, register_write, register_done);
}

void auth_register(struct req *r)
{
	if (req_body_check(r, register_fields) < 0)
		return;
	const char *email = body_str(r->body, "email"), *password = body_str(r->body, "password"),
		   *role = body_str(r->body, "role"), *name = body_str(r->body, "name"),
		   *nik = body_str(r->body, "nik"), *birth_date = body_str(r->body, "birth_date");
	enum role parsed;
	if (role_parse(role, &parsed) < 0 || !(parsed & (ROLE_SEEKER | ROLES_ORGANISATION))) {
		req_fail(r, ERR_ROLE_INVALID, "role");
		return;
	}
	if (account_fields_check(r, email, password, name) < 0)
		return;
	if (parsed == ROLE_SEEKER && !nik) {
		req_fail(r, ERR_FIELD_MISSING, "nik");
		return;
	}
	if (parsed != ROLE_SEEKER && nik) {
		req_fail(r, ERR_FIELD_INVALID, "nik");
		return;
	}
	if (nik && nik_valid_format(nik) < 0) {
		req_fail(r, ERR_NIK_INVALID, "nik");
		return;
	}
	struct date born;
	if (birth_date && (parsed != ROLE_SEEKER || date_parse(birth_date, &born) < 0)) {
		req_fail(r, parsed != ROLE_SEEKER ? ERR_FIELD_INVALID : ERR_DATE_INVALID, "birth_date");
		return;
	}
	struct auth_state *st = req_state_new(r, sizeof(struct auth_state), auth_state_free);
	if (!st)
		return;
	address_subject(r, "register", st->address_subject);
	if (address_allowed(r, st->address_subject, r->srv->cfg->register_max_per_address) < 0)
		return;
	st->role = parsed;
	copy_str(st->email, sizeof st->email, email);
	copy_str(st->name, sizeof st->name, name);
	copy_str(st->birth_date, sizeof st->birth_date, birth_date);
	copy_str(st->password, sizeof st->password, password);
	if (nik) {
		nik_blind_index(&r->srv->keys, nik, st->nik_index);
		if (nik_seal(&r->srv->keys, nik, st->nik_sealed) < 0) {
			req_fail(r, ERR_BUSY, NULL);
			return;
		}
	}
	/* Cheap early answers for the common duplicate; the unique indexes
	 * decide for real inside the write. */
	int taken = account_email_exists(r->srv->reader, email);
	if (taken == 0 && nik)
		taken = account_nik_exists(r->srv->reader, st->nik_index) > 0 ? 2 : 0;
	if (taken < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (taken) {
		st->refusal = taken == 2 ? ERR_NIK_TAKEN : ERR_EMAIL_TAKEN;
		req_write(r, count_attempt_write, register_done);
		return;
	}
	token_generate(st->token_raw, st->token_text);
	token_digest(&r->srv->keys, st->token_raw, st->token_digest);
	req_pool(r, hash_new_password, register_hashed);
}

/* ---- e-mail confirmation ---- */

static const struct field_spec token_fields[] = {
	{"token", FIELD_STRING, 1, 128},
	{NULL, 0, 0, 0},
};

static int consume_token(struct dbconn *db, struct auth_state *st, const char *purpose)
{
	int rc = email_token_consume(db, st->token_digest, purpose, now_seconds(), &st->account_id);
	if (rc == TOKEN_OK)
		return WRITE_OK;
	if (rc < 0)
		return WRITE_STORE_ERROR;
	st->refusal = rc == TOKEN_EXPIRED ? ERR_TOKEN_EXPIRED : ERR_TOKEN_INVALID;
	return WRITE_REFUSED;
}

static int confirm_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct auth_state *st = r->state;
	int rc = consume_token(db, st, "confirm");
	if (rc != WRITE_OK)
		return rc;
	int64_t now = now_seconds();
	if (account_activate(db, st->account_id, now) < 0 ||
	    audit_record(db, st->account_id, "account.confirm", "account", st->account_id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void token_write_done(struct req *r, int result)
{
	struct auth_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE,
		         result == WRITE_REFUSED ? "token" : NULL);
		return;
	}
	reply_account(r, 200, st->account_id);
}

static int take_token(struct req *r, struct auth_state **out)
{
	unsigned char raw[TOKEN_BYTES];
	if (token_parse(body_str(r->body, "token"), raw) < 0) {
		req_fail(r, ERR_TOKEN_INVALID, "token");
		return -1;
	}
	struct auth_state *st = req_state_new(r, sizeof(struct auth_state), auth_state_free);
	if (!st)
		return -1;
	token_digest(&r->srv->keys, raw, st->token_digest);
	*out = st;
	return 0;
}

void auth_confirm(struct req *r)
{
	struct auth_state *st;
	if (req_body_check(r, token_fields) < 0 || take_token(r, &st) < 0)
		return;
	req_write(r, confirm_write, token_write_done);
}

/* ---- login ---- */

static const struct field_spec login_fields[] = {
	{"login", FIELD_STRING, 1, EMAIL_MAX_BYTES},
	{"password", FIELD_STRING, 1, 1024},
	{NULL, 0, 0, 0},
};

static void login_verify(struct req *r)
{
	struct auth_state *st = r->state;
	const char *hash = st->found ? st->account.password_hash : r->srv->decoy_hash;
	st->verify_rc = password_verify(hash, st->password);
}

static int login_success_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct auth_state *st = r->state;
	int64_t now = now_seconds();
	if (session_insert(db, st->token_digest, st->account.id, now, now + r->srv->cfg->session_ttl_s) < 0 ||
	    throttle_clear(db, st->login_subject) < 0 ||
	    audit_record(db, st->account.id, "session.create", "account", st->account.id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void login_success_done(struct req *r, int result)
{
	struct auth_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	char expires[32];
	json_t *account = account_json(&st->account, &r->srv->keys);
	req_reply(r, 200,
	          json_pack("{s:s, s:s, s:s, s:o*}", "token", st->token_text, "token_type", "Bearer", "expires_at",
	                    iso8601(now_seconds() + r->srv->cfg->session_ttl_s, expires, sizeof expires), "account",
	                    account));
}

static int login_failure_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct auth_state *st = r->state;
	int64_t now = now_seconds();
	int window = r->srv->cfg->login_window_s;
	if (throttle_fail(db, st->login_subject, window, now) < 0 ||
	    throttle_fail(db, st->address_subject, window, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void login_failure_done(struct req *r, int result)
{
	req_fail(r, result == WRITE_OK ? ERR_CREDENTIALS : ERR_STORE, NULL);
}

static void login_verified(struct req *r)
{
	struct auth_state *st = r->state;
	if (!st->found || st->verify_rc != 0) {
		req_write(r, login_failure_write, login_failure_done);
		return;
	}
	/* Only after the right password: otherwise these would tell a stranger
	 * which e-mails and NIKs have accounts. */
	if (strcmp(st->account.status, "unconfirmed") == 0) {
		req_fail(r, ERR_UNCONFIRMED, NULL);
		return;
	}
	if (strcmp(st->account.status, "active") != 0) {
		req_fail(r, ERR_DISABLED, NULL);
		return;
	}
	token_generate(st->token_raw, st->token_text);
	token_digest(&r->srv->keys, st->token_raw, st->token_digest);
	req_write(r, login_success_write, login_success_done);
}

void auth_login(struct req *r)
{
	if (req_body_check(r, login_fields) < 0)
		return;
	struct auth_state *st = req_state_new(r, sizeof(struct auth_state), auth_state_free);
	if (!st)
		return;
	const char *login = body_str(r->body, "login");
	copy_str(st->password, sizeof st->password, body_str(r->body, "password"));
	char subject[EMAIL_MAX_BYTES + 16];
	if (nik_valid_format(login) == 0) {
		unsigned char index[DIGEST_BYTES];
		nik_blind_index(&r->srv->keys, login, index);
		st->found = account_by_nik_index(r->srv->reader, index, &st->account);
		snprintf(subject, sizeof subject, "nik:%s", login);
	} else {
		st->found = account_by_email(r->srv->reader, login, &st->account);
		snprintf(subject, sizeof subject, "email:%s", login);
		for (char *p = subject; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	if (st->found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* One budget per account, whether it is addressed by e-mail or NIK; an
	 * unknown login gets its own, so both lock after the same failures. */
	if (st->found)
		snprintf(subject, sizeof subject, "account:%lld", (long long)st->account.id);
	subject_digest(&r->srv->keys, subject, st->login_subject);
	snprintf(subject, sizeof subject, "address:%s", r->address);
	subject_digest(&r->srv->keys, subject, st->address_subject);
	const struct config *cfg = r->srv->cfg;
	int64_t now = now_seconds();
	int wait_login = throttle_wait(r->srv->reader, st->login_subject, cfg->login_max_fails_account,
	                               cfg->login_window_s, now);
	int wait_address = throttle_wait(r->srv->reader, st->address_subject, cfg->login_max_fails_address,
	                                 cfg->login_window_s, now);
	if (wait_login < 0 || wait_address < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (wait_login > 0 || wait_address > 0) {
		req_fail_retry(r, ERR_RATE_LIMITED, wait_login > wait_address ? wait_login : wait_address);
		return;
	}
	req_pool(r, login_verify, login_verified);
}

/* ---- logout, me ---- */

static int logout_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	return session_delete(db, r->who.session_digest) == 0 ? WRITE_OK : WRITE_STORE_ERROR;
}

static void no_content_done(struct req *r, int result)
{
	if (result != WRITE_OK) {
		struct auth_state *st = r->state;
		fail_write(r, result, st ? (enum err)st->refusal : ERR_STORE);
		return;
	}
	req_reply(r, 204, NULL);
}

void auth_logout(struct req *r) { req_write(r, logout_write, no_content_done); }

void auth_me(struct req *r) { reply_account(r, 200, r->who.account_id); }

/* ---- password change ---- */

static const struct field_spec change_password_fields[] = {
	{"current_password", FIELD_STRING, 1, 1024},
	{"new_password", FIELD_STRING, 1, 1024},
	{NULL, 0, 0, 0},
};

static void change_password_run(struct req *r)
{
	struct auth_state *st = r->state;
	st->verify_rc = password_verify(st->account.password_hash, st->password);
	if (st->verify_rc == 0)
		hash_new_password(r);
}

static int change_password_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct auth_state *st = r->state;
	int64_t now = now_seconds();
	/* Other devices are signed out: a changed password is often a response
	 * to a stolen one. */
	if (account_set_password(db, st->account.id, st->hash, now) < 0 ||
	    session_delete_account(db, st->account.id, r->who.session_digest) < 0 ||
	    audit_record(db, st->account.id, "account.password_change", "account", st->account.id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void change_password_checked(struct req *r)
{
	struct auth_state *st = r->state;
	if (st->verify_rc != 0) {
		req_fail(r, ERR_PASSWORD_WRONG, "current_password");
		return;
	}
	if (st->hash_rc != 0) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_write(r, change_password_write, no_content_done);
}

void auth_change_password(struct req *r)
{
	if (req_body_check(r, change_password_fields) < 0)
		return;
	if (valid_password(body_str(r->body, "new_password")) < 0) {
		req_fail(r, ERR_PASSWORD_WEAK, "new_password");
		return;
	}
	struct auth_state *st = req_state_new(r, sizeof(struct auth_state), auth_state_free);
	if (!st)
		return;
	int found = account_by_id(r->srv->reader, r->who.account_id, &st->account);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_UNAUTHENTICATED, NULL);
		return;
	}
	copy_str(st->password, sizeof st->password, body_str(r->body, "current_password"));
	copy_str(st->new_password, sizeof st->new_password, body_str(r->body, "new_password"));
	req_pool(r, change_password_run, change_password_checked);
}

/* ---- mails asked for by address: the confirmation again, a reset ---- */

/* The look-up happens inside the write so that known and unknown addresses
 * take the same path and the same time.  Every request counts, known
 * address or not: the limit is against flooding someone's mailbox and
 * against probing.  1 and st->account when the address has an account, 0,
 * -1. */
static int address_lookup(struct dbconn *db, struct auth_state *st, int64_t now)
{
	if (throttle_fail(db, st->address_subject, ADDRESS_WINDOW_S, now) < 0)
		return -1;
	return account_by_email(db, st->email, &st->account);
}

/* The confirmation again, for an account waiting for it. */
static int resend_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct auth_state *st = r->state;
	int64_t now = now_seconds();
	int found = address_lookup(db, st, now);
	if (found < 0)
		return WRITE_STORE_ERROR;
	if (!found || strcmp(st->account.status, "unconfirmed") != 0)
		return WRITE_OK;
	if (email_token_insert(db, st->token_digest, st->account.id, "confirm", now, now + CONFIRM_TOKEN_TTL_S) < 0 ||
	    mail_queue_confirmation(db, r->srv->cfg, st->account.email, st->account.display_name, st->token_text, now) <
	            0 ||
	    audit_record(db, st->account.id, "account.confirmation_resend", "account", st->account.id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

/* A reset code, for any account that is not disabled. */
static int reset_request_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct auth_state *st = r->state;
	int64_t now = now_seconds();
	int found = address_lookup(db, st, now);
	if (found < 0)
		return WRITE_STORE_ERROR;
	if (!found || strcmp(st->account.status, "disabled") == 0)
		return WRITE_OK;
	if (email_token_insert(db, st->token_digest, st->account.id, "reset", now, now + RESET_TOKEN_TTL_S) < 0 ||
	    mail_queue_password_reset(db, r->srv->cfg, st->account.email, st->account.display_name, st->token_text,
	                              now) < 0 ||
	    audit_record(db, st->account.id, "account.password_reset_request", "account", st->account.id, NULL, now) <
	            0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

/* The same answer whatever the address: 202. */
static void address_mail_done(struct req *r, int result)
{
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 202, json_pack("{s:s}", "status", "accepted"));
}

static const struct field_spec address_mail_fields[] = {
	{"email", FIELD_STRING, 1, EMAIL_MAX_BYTES},
	{NULL, 0, 0, 0},
};

/* {"email"}: checks it, counts the client address against its own limit
 * (what: the kind of mail; at most reset_max_per_address an hour), makes
 * the code to mail and hands over to write. */
static void address_mail(struct req *r, const char *what, write_fn write)
{
	if (req_body_check(r, address_mail_fields) < 0)
		return;
	const char *email = body_str(r->body, "email");
	if (valid_email(email) < 0) {
		req_fail(r, ERR_EMAIL_INVALID, "email");
		return;
	}
	struct auth_state *st = req_state_new(r, sizeof(struct auth_state), auth_state_free);
	if (!st)
		return;
	address_subject(r, what, st->address_subject);
	if (address_allowed(r, st->address_subject, r->srv->cfg->reset_max_per_address) < 0)
		return;
	copy_str(st->email, sizeof st->email, email);
	token_generate(st->token_raw, st->token_text);
	token_digest(&r->srv->keys, st->token_raw, st->token_digest);
	req_write(r, write, address_mail_done);
}

/* POST /v1/auth/confirm/resend {"email"}: a new confirmation code for an
 * account not confirmed yet (the first mail lost, or its code expired);
 * the earlier codes stay valid until they expire. */
void auth_resend_confirmation(struct req *r) { address_mail(r, "resend", resend_write); }

/* ---- password reset ---- */

void auth_request_reset(struct req *r) { address_mail(r, "reset", reset_request_write); }

static const struct field_spec reset_fields[] = {
	{"token", FIELD_STRING, 1, 128},
	{"new_password", FIELD_STRING, 1, 1024},
	{NULL, 0, 0, 0},
};

static int reset_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct auth_state *st = r->state;
	int rc = consume_token(db, st, "reset");
	if (rc != WRITE_OK)
		return rc;
	int64_t now = now_seconds();
	/* Following the e-mailed link proves the address, so an unconfirmed
	 * account becomes active too. */
	if (account_set_password(db, st->account_id, st->hash, now) < 0 ||
	    account_activate(db, st->account_id, now) < 0 || session_delete_account(db, st->account_id, NULL) < 0 ||
	    audit_record(db, st->account_id, "account.password_reset", "account", st->account_id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void reset_hashed(struct req *r)
{
	struct auth_state *st = r->state;
	if (st->hash_rc != 0) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_write(r, reset_write, token_write_done);
}

void auth_reset_password(struct req *r)
{
	struct auth_state *st;
	if (req_body_check(r, reset_fields) < 0)
		return;
	if (valid_password(body_str(r->body, "new_password")) < 0) {
		req_fail(r, ERR_PASSWORD_WEAK, "new_password");
		return;
	}
	if (take_token(r, &st) < 0)
		return;
	copy_str(st->new_password, sizeof st->new_password, body_str(r->body, "new_password"));
	req_pool(r, hash_new_password, reset_hashed);
}

/* ---- first admin ---- */

int auth_bootstrap_admin(struct server *srv, char *err, size_t errlen)
{
	int have = account_admin_exists(srv->reader);
	if (have != 0) {
		if (have < 0)
			snprintf(err, errlen, "cannot read accounts");
		return have < 0 ? -1 : 0;
	}
	/* Runs before the writer starts, on a connection of its own. */
	unsigned char raw[18];
	char password[32], hash[PASSWORD_HASH_MAX], path[4096];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(password, sizeof password, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	if (password_hash(password, hash) != 0) {
		snprintf(err, errlen, "cannot hash the first admin's password");
		return -1;
	}
	struct dbconn *db = store_open(srv->cfg->database, STORE_READ_WRITE, srv->cfg->synchronous, err, errlen);
	if (!db)
		return -1;
	int64_t id, now = now_seconds();
	struct new_account a = {.role = ROLE_ADMIN,
	                        .email = srv->cfg->admin_email,
	                        .display_name = "Administrator",
	                        .password_hash = hash,
	                        .status = "active"};
	int rc = store_begin(db) == 0 && account_insert(db, &a, now, &id) == ACCOUNT_OK &&
			audit_record(db, 0, "account.bootstrap_admin", "account", id, NULL, now) == 0
		? 0
		: -1;
	snprintf(path, sizeof path, "%s/initial-admin-password", srv->cfg->data_dir);
	int fd = rc == 0 ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
	if (fd < 0 || dprintf(fd, "%s\n", password) < 0 || fsync(fd) < 0)
		rc = -1;
	if (fd >= 0)
		close(fd);
	if (rc == 0 && store_commit(db) < 0)
		rc = -1;
	if (rc < 0) {
		snprintf(err, errlen, "cannot create the first admin: %s", store_error(db));
		store_rollback(db);
	} else {
		log_info("first_admin", "email=%s password_file=%s", srv->cfg->admin_email, path);
	}
	sodium_memzero(password, sizeof password);
	store_close(db);
	return rc;
}
