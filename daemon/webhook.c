/* The admin's webhooks and what queues their deliveries (webhook.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "config.h"
#include "http.h"
#include "list.h"
#include "server.h"
#include "store.h"
#include "validate.h"
#include "webhook.h"
#include "webhook_store.h"

void webhook_secret(const struct keys *k, int64_t id, int64_t generation, char out[WEBHOOK_SECRET_LEN + 1])
{
	char text[64];
	int n = snprintf(text, sizeof text, "webhook:%lld:%lld", (long long)id, (long long)generation);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)text, (unsigned long long)n, k->webhook);
	sodium_bin2base64(out, WEBHOOK_SECRET_LEN + 1, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int webhook_announce(struct dbconn *db, const struct config *cfg, const char *event, const char *month, int64_t now)
{
	char at[24], url[48];
	snprintf(url, sizeof url, "/v1/feed/statistics/%s", month);
	json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "event", event, "month", month, "office",
	                         cfg->office_name, "kabkota_code", cfg->kabkota_code, "url", url, "at",
	                         iso8601(now, at, sizeof at));
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	int n = text ? webhook_delivery_queue(db, event, month, text, now) : -1;
	free(text);
	return n;
}

/* https anywhere; plain http only to this machine, when the office allows it. */
static int url_allowed(const struct config *cfg, const char *url)
{
	if (!url || valid_text(url, 500) < 0 || strchr(url, ' '))
		return 0;
	if (!strncmp(url, "https://", 8) && strlen(url) > 8)
		return 1;
	return cfg->webhook_allow_loopback &&
		(!strncmp(url, "http://127.0.0.1:", 17) || !strncmp(url, "http://127.0.0.1/", 17));
}

static const struct field_spec create_fields[] = {
	{"url", FIELD_STRING, 1, 500},
	{"description", FIELD_STRING, 0, 200},
	{NULL, 0, 0, 0},
};

struct hook_st {
	int64_t id, generation;
	int refusal;
};

static void reply_with_secret(struct req *r, int status)
{
	struct hook_st *st = r->state;
	json_t *w = webhook_json(r->srv->reader, st->id);
	int64_t generation = 0;
	int revoked = 0;
	if (!w || webhook_fetch(r->srv->reader, st->id, &generation, &revoked) != 1) {
		json_decref(w);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	char secret[WEBHOOK_SECRET_LEN + 1];
	webhook_secret(&r->srv->keys, st->id, generation, secret);
	json_object_set_new(w, "secret", json_string(secret));
	sodium_memzero(secret, sizeof secret);
	req_add_header(r, "Cache-Control", "no-store");
	req_reply(r, status, w);
}

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct hook_st *st = r->state;
	int64_t now = now_seconds();
	const char *description = body_str(r->body, "description");
	return webhook_insert(db, body_str(r->body, "url"), description ? description : "", r->who.account_id, now,
	                      &st->id) == 0 &&
			audit_record(db, r->who.account_id, "webhook.create", "webhook", st->id, NULL, now) == 0
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

void webhook_create(struct req *r)
{
	struct hook_st *st = req_state_new(r, sizeof *st, NULL);
	if (!st || req_body_check(r, create_fields) < 0)
		return;
	if (!url_allowed(r->srv->cfg, body_str(r->body, "url"))) {
		req_fail(r, ERR_FIELD_INVALID, "url");
		return;
	}
	const char *description = body_str(r->body, "description");
	if (description && *description && valid_text(description, 200) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "description");
		return;
	}
	req_write(r, create_write, created);
}

void webhook_list(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	json_t *items = webhook_page(r->srv->reader, page.cursor, page.limit + 1);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

/* The webhook of the path: 0, or -1 answered 404. */
static int hook_of_path(struct req *r, struct hook_st *st)
{
	int revoked = 0;
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? webhook_fetch(r->srv->reader, st->id, &st->generation, &revoked) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

static int change_write(struct dbconn *db, struct req *r, int rotating)
{
	struct hook_st *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = rotating ? webhook_store_rotate(db, st->id, now) : webhook_store_revoke(db, st->id, now);
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	return rc == STORE_OK &&
			audit_record(db, r->who.account_id, rotating ? "webhook.rotate" : "webhook.revoke", "webhook",
	                             st->id, NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static int rotate_write(struct dbconn *db, void *arg) { return change_write(db, arg, 1); }
static int revoke_write(struct dbconn *db, void *arg) { return change_write(db, arg, 0); }

static void changed(struct req *r, int result, int rotating)
{
	struct hook_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	if (rotating) {
		reply_with_secret(r, 200);
		return;
	}
	json_t *w = webhook_json(r->srv->reader, st->id);
	if (!w) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, w);
}

static void rotated(struct req *r, int result) { changed(r, result, 1); }
static void revoked(struct req *r, int result) { changed(r, result, 0); }

void webhook_rotate(struct req *r)
{
	struct hook_st *st = req_state_new(r, sizeof *st, NULL);
	if (st && hook_of_path(r, st) == 0)
		req_write(r, rotate_write, rotated);
}

void webhook_revoke(struct req *r)
{
	struct hook_st *st = req_state_new(r, sizeof *st, NULL);
	if (st && hook_of_path(r, st) == 0)
		req_write(r, revoke_write, revoked);
}

void webhook_deliveries(struct req *r)
{
	struct hook_st st;
	struct list_page page;
	int revoked_hook = 0;
	st.id = req_param_id(r, 0);
	int found = st.id > 0 ? webhook_fetch(r->srv->reader, st.id, &st.generation, &revoked_hook) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (list_page_parse(r, &page) < 0)
		return;
	json_t *items = webhook_delivery_page(r->srv->reader, st.id, page.cursor, page.limit + 1);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}
