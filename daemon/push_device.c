#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "http.h"
#include "push_device.h"
#include "push_device_store.h"
#include "server.h"
#include "validate.h"

/* FCM and APNs tokens are base64url-like text; anything else is not one. */
#define PUSH_TOKEN_MAX 4096
#define PUSH_TOKEN_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:_-."

struct device_state {
	int64_t id;
	int created;
	char platform[8];
	const char *token; /* in r->body */
};

static const struct field_spec register_fields[] = {
	{"token", FIELD_STRING, 1, PUSH_TOKEN_MAX},
	{"platform", FIELD_STRING, 1, 8},
	{NULL, 0, 0, 0},
};

static int register_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct device_state *st = r->state;
	int64_t now = now_seconds();
	if (push_device_store_register(db, r->who.account_id, st->token, st->platform, now, &st->id, &st->created) <
	            0 ||
	    (st->created &&
	     audit_record(db, r->who.account_id, "push_device.register", "push_device", st->id, NULL, now) < 0))
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void reply_device(struct req *r, int status, int64_t id)
{
	json_t *device = push_device_store_json(r->srv->reader, id);
	if (!device) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, device);
}

static void registered(struct req *r, int result)
{
	struct device_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	reply_device(r, st->created ? 201 : 200, st->id);
}

void push_device_register(struct req *r)
{
	static const char *const platforms[] = {"android", "ios", "web", NULL};
	struct device_state *st = req_state_new(r, sizeof(struct device_state), NULL);
	if (!st || req_body_check(r, register_fields) < 0)
		return;
	const char *token = body_str(r->body, "token"), *platform = body_str(r->body, "platform");
	if (!*token || strspn(token, PUSH_TOKEN_CHARS) != strlen(token)) {
		req_fail(r, ERR_FIELD_INVALID, "token");
		return;
	}
	if (!valid_choice(platform, platforms)) {
		req_fail(r, ERR_FIELD_INVALID, "platform");
		return;
	}
	st->token = token;
	snprintf(st->platform, sizeof st->platform, "%s", platform);
	req_write(r, register_write, registered);
}

void push_device_list(struct req *r)
{
	json_t *items = push_device_store_list(r->srv->reader, r->who.account_id);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:o}", "items", items));
}

static int remove_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct device_state *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = push_device_store_drop(db, st->id, r->who.account_id, "removed", now);
	if (rc == STORE_NO_MATCH)
		return WRITE_REFUSED;
	return rc == STORE_OK &&
			audit_record(db, r->who.account_id, "push_device.remove", "push_device", st->id, NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void removed(struct req *r, int result)
{
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? ERR_NOT_FOUND : ERR_STORE, NULL);
		return;
	}
	req_reply(r, 204, NULL);
}

void push_device_remove(struct req *r)
{
	struct device_state *st = req_state_new(r, sizeof(struct device_state), NULL);
	if (!st)
		return;
	st->id = req_param_id(r, 0);
	if (st->id <= 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	req_write(r, remove_write, removed);
}
