/* Staff routes on accounts: admins create officers; officers verify
 * organisations (company, LPK, BKK) with a reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "audit.h"
#include "auth.h"
#include "body.h"
#include "http.h"
#include "list.h"
#include "organisation.h"
#include "organisation_store.h"
#include "server.h"
#include "vacancy_listing.h"
#include "validate.h"
#include "vacancy.h"
#include "vacancy_store.h"
#include "accounts.h"
#include "vacancy_search.h"

struct officer_state {
	char email[EMAIL_MAX_BYTES + 1], name[NAME_MAX_BYTES + 1], nip[NIP_MAX_BYTES + 1];
	char password[PASSWORD_MAX_BYTES + 1], hash[PASSWORD_HASH_MAX];
	int hash_rc, conflict;
	int64_t id;
};

static void officer_state_free(void *p)
{
	if (p)
		sodium_memzero(p, sizeof(struct officer_state));
	free(p);
}

static const struct field_spec officer_fields[] = {
	{"email", FIELD_STRING, 1, EMAIL_MAX_BYTES},
	{"password", FIELD_STRING, 1, 1024},
	{"name", FIELD_STRING, 1, NAME_MAX_BYTES},
	{"nip", FIELD_STRING, 1, NIP_MAX_BYTES},
	{NULL, 0, 0, 0},
};

static void officer_hash(struct req *r)
{
	struct officer_state *st = r->state;
	st->hash_rc = password_hash(st->password, st->hash);
}

static int officer_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct officer_state *st = r->state;
	int64_t now = now_seconds();
	struct new_account a = {.role = ROLE_OFFICER,
	                        .email = st->email,
	                        .display_name = st->name,
	                        .nip = st->nip,
	                        .password_hash = st->hash,
	                        .status = "active"};
	int rc = account_insert(db, &a, now, &st->id);
	if (rc == ACCOUNT_EMAIL_TAKEN) {
		st->conflict = 1;
		return WRITE_REFUSED;
	}
	if (rc != ACCOUNT_OK ||
	    audit_record(db, r->who.account_id, "account.create_officer", "account", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void officer_done(struct req *r, int result)
{
	struct officer_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? ERR_EMAIL_TAKEN : ERR_STORE,
		         result == WRITE_REFUSED ? "email" : NULL);
		return;
	}
	struct account_row a;
	if (account_by_id(r->srv->reader, st->id, &a) <= 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 201, account_json(&a, &r->srv->keys));
}

static void officer_hashed(struct req *r)
{
	struct officer_state *st = r->state;
	if (st->hash_rc != 0)
		req_fail(r, ERR_BUSY, NULL);
	else
		req_write(r, officer_write, officer_done);
}

void accounts_create_officer(struct req *r)
{
	if (req_body_check(r, officer_fields) < 0)
		return;
	const char *email = body_str(r->body, "email"), *name = body_str(r->body, "name"),
		   *nip = body_str(r->body, "nip"), *password = body_str(r->body, "password");
	if (account_fields_check(r, email, password, name) < 0)
		return;
	/* NIP: 18 digits for civil servants; contract staff have other numbers. */
	if (valid_text(nip, NIP_MAX_BYTES) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "nip");
		return;
	}
	struct officer_state *st = req_state_new(r, sizeof *st, officer_state_free);
	if (!st)
		return;
	snprintf(st->email, sizeof st->email, "%s", email);
	snprintf(st->name, sizeof st->name, "%s", name);
	snprintf(st->nip, sizeof st->nip, "%s", nip);
	snprintf(st->password, sizeof st->password, "%s", password);
	req_pool(r, officer_hash, officer_hashed);
}

/* ---- organisations ---- */

struct list_ctx {
	json_t *items;
	const struct keys *keys;
	int64_t last_id;
};

static void add_org(const struct account_row *row, void *arg)
{
	struct list_ctx *ctx = arg;
	json_array_append_new(ctx->items, account_json(row, ctx->keys));
	ctx->last_id = row->id;
}

void accounts_list_organisations(struct req *r)
{
	const char *role = req_query(r, "role"), *verification = req_query(r, "verification");
	enum role parsed;
	if (role && (role_parse(role, &parsed) < 0 || !(parsed & ROLES_ORGANISATION))) {
		req_fail(r, ERR_QUERY_INVALID, "role");
		return;
	}
	if (verification && strcmp(verification, "pending") && strcmp(verification, "verified") &&
	    strcmp(verification, "rejected")) {
		req_fail(r, ERR_QUERY_INVALID, "verification");
		return;
	}
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	struct list_ctx ctx = {json_array(), &r->srv->keys, 0};
	int n = account_list_organisations(r->srv->reader, role, verification, page.cursor, page.limit + 1, add_org,
	                                   &ctx);
	if (n < 0) {
		json_decref(ctx.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, ctx.items, page.limit);
}

struct verify_state {
	int64_t id;
	char decision[12];
	char note[256];
	int refusal;
};

static const struct field_spec verify_fields[] = {
	{"decision", FIELD_STRING, 1, 16},
	{"note", FIELD_STRING, 0, 255},
	{NULL, 0, 0, 0},
};

static int verify_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct verify_state *st = r->state;
	int64_t now = now_seconds();
	int rc = account_set_verification(db, st->id, st->decision, st->note, r->who.account_id, now);
	if (rc == 1 || rc == 2) {
		st->refusal = rc == 1 ? ERR_NOT_ORGANISATION : ERR_NOT_FOUND;
		return WRITE_REFUSED;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"decision\":\"%s\"}", st->decision);
	int listed = rc == 0 ? organisation_public(db, st->id) : 0;
	if (rc < 0 || listed < 0 || vacancy_reindex_organisation(db, st->id, listed) < 0 ||
	    audit_record(db, r->who.account_id, "organisation.verify", "account", st->id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void verify_done(struct req *r, int result)
{
	struct verify_state *st = r->state;
	if (result == WRITE_OK)
		vacancy_listing_changed(); /* verification decides what is public */
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	struct account_row a;
	if (account_by_id(r->srv->reader, st->id, &a) <= 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, account_json(&a, &r->srv->keys));
}

void accounts_verify_organisation(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	if (id < 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	if (req_body_check(r, verify_fields) < 0)
		return;
	const char *decision = body_str(r->body, "decision"), *note = body_str(r->body, "note");
	if (strcmp(decision, "verified") && strcmp(decision, "rejected")) {
		req_fail(r, ERR_FIELD_INVALID, "decision");
		return;
	}
	/* A rejection must say why: the organisation has to know what to fix. */
	if (!strcmp(decision, "rejected") && (!note || valid_text(note, 255) < 0)) {
		req_fail(r, ERR_FIELD_MISSING, "note");
		return;
	}
	if (note && *note && valid_text(note, 255) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "note");
		return;
	}
	struct verify_state *st = req_state_new(r, sizeof *st, NULL);
	if (!st)
		return;
	st->id = id;
	snprintf(st->decision, sizeof st->decision, "%s", decision);
	snprintf(st->note, sizeof st->note, "%s", note ? note : "");
	req_write(r, verify_write, verify_done);
}
