/* The admin's side of service clients: register one (its secret shown
 * once), list them, rotate a secret (the old one and its tokens stop at
 * once), revoke a client (its tokens too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "crypto.h"
#include "http.h"
#include "list.h"
#include "server.h"
#include "service_client.h"
#include "service_client_store.h"
#include "store.h"
#include "validate.h"

static const char *const scopes_known[] = {SCOPE_STATS_READ, SCOPE_VACANCIES_READ, NULL};

int service_scope_known(const char *scope) { return valid_choice(scope, scopes_known); }

static const struct field_spec create_fields[] = {
	{"name", FIELD_STRING, 1, 120},
	{"organisation", FIELD_STRING, 1, 160},
	{"scopes", FIELD_ARRAY, 1, 8},
	{NULL, 0, 0, 0},
};

struct client_st {
	int64_t id;
	char client_id[48], secret[TOKEN_TEXT_LEN + 1], scopes[256];
	unsigned char digest[DIGEST_BYTES];
	int refusal;
};

static void secret_new(const struct server *srv, struct client_st *st)
{
	unsigned char raw[TOKEN_BYTES];
	token_generate(raw, st->secret);
	token_digest(&srv->keys, raw, st->digest);
	sodium_memzero(raw, sizeof raw);
}

/* The client with its new secret, which is never shown again. */
static void reply_with_secret(struct req *r, int status)
{
	struct client_st *st = r->state;
	json_t *c = service_client_json(r->srv->reader, st->id);
	if (!c) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_object_set_new(c, "client_secret", json_string(st->secret));
	sodium_memzero(st->secret, sizeof st->secret);
	req_add_header(r, "Cache-Control", "no-store");
	req_reply(r, status, c);
}

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct client_st *st = r->state;
	int64_t now = now_seconds();
	return service_client_insert(db, st->client_id, body_str(r->body, "name"), body_str(r->body, "organisation"),
	                             st->scopes, st->digest, r->who.account_id, now, &st->id) == 0 &&
			audit_record(db, r->who.account_id, "service_client.create", "service_client", st->id, NULL,
	                             now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void created(struct req *r, int result)
{
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	reply_with_secret(r, 201);
}

void service_client_create(struct req *r)
{
	struct client_st *st = req_state_new(r, sizeof *st, NULL);
	if (!st || req_body_check(r, create_fields) < 0)
		return;
	if (valid_text(body_str(r->body, "name"), 120) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "name");
		return;
	}
	if (valid_text(body_str(r->body, "organisation"), 160) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "organisation");
		return;
	}
	const json_t *scopes = json_object_get(r->body, "scopes"), *s;
	size_t i;
	if (json_array_size(scopes) == 0) {
		req_fail(r, ERR_FIELD_INVALID, "scopes");
		return;
	}
	json_array_foreach (scopes, i, s)
		if (!service_scope_known(json_string_value(s))) {
			req_fail(r, ERR_FIELD_INVALID, "scopes");
			return;
		}
	char *text = json_dumps(scopes, JSON_COMPACT);
	if (!text || strlen(text) >= sizeof st->scopes) {
		free(text);
		req_fail(r, ERR_FIELD_INVALID, "scopes");
		return;
	}
	snprintf(st->scopes, sizeof st->scopes, "%s", text);
	free(text);
	/* The client's public name: "svc_" and 16 random bytes. */
	char random[TOKEN_TEXT_LEN + 1];
	unsigned char raw[TOKEN_BYTES];
	token_generate(raw, random);
	snprintf(st->client_id, sizeof st->client_id, "svc_%.22s", random);
	secret_new(r->srv, st);
	req_write(r, create_write, created);
}

void service_client_list(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	json_t *items = service_client_page(r->srv->reader, page.cursor, page.limit + 1);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

static int rotate_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct client_st *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = service_client_rotate(db, st->id, st->digest, now);
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_SERVICE_CLIENT_REVOKED;
		return WRITE_REFUSED;
	}
	return rc == STORE_OK &&
			audit_record(db, r->who.account_id, "service_client.rotate", "service_client", st->id, NULL,
	                             now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void rotated(struct req *r, int result)
{
	struct client_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	reply_with_secret(r, 200);
}

/* The client of the path: 0, or -1 answered 404. */
static int client_of_path(struct req *r, struct client_st *st)
{
	struct service_client_row c;
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? service_client_fetch(r->srv->reader, st->id, &c) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

void service_client_rotate_secret(struct req *r)
{
	struct client_st *st = req_state_new(r, sizeof *st, NULL);
	if (!st || client_of_path(r, st) < 0)
		return;
	secret_new(r->srv, st);
	req_write(r, rotate_write, rotated);
}

static int revoke_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct client_st *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = service_client_revoke(db, st->id, now);
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_SERVICE_CLIENT_REVOKED;
		return WRITE_REFUSED;
	}
	return rc == STORE_OK &&
			audit_record(db, r->who.account_id, "service_client.revoke", "service_client", st->id, NULL,
	                             now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void revoked(struct req *r, int result)
{
	struct client_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	json_t *c = service_client_json(r->srv->reader, st->id);
	if (!c) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, c);
}

void service_client_revoke_route(struct req *r)
{
	struct client_st *st = req_state_new(r, sizeof *st, NULL);
	if (!st || client_of_path(r, st) < 0)
		return;
	req_write(r, revoke_write, revoked);
}
