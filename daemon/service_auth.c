/* A feed route's check of a service client's access token, and each
 * client's rate (kept on the loop thread: a fixed table, as few clients as
 * there are offices above this one). */
#include <string.h>

#include "audit.h"
#include "config.h"
#include "crypto.h"
#include "http.h"
#include "server.h"
#include "service_client.h"
#include "service_client_store.h"

#define RATE_SLOTS 64

static struct rate_slot {
	int64_t client, minute;
	int calls;
} slots[RATE_SLOTS];

int service_rate_take(const struct server *srv, int64_t client, int *retry_after_s)
{
	int64_t now = now_seconds(), minute = now / 60;
	struct rate_slot *slot = NULL, *oldest = &slots[0];
	for (int i = 0; i < RATE_SLOTS && !slot; i++) {
		if (slots[i].client == client)
			slot = &slots[i];
		else if (slots[i].minute < oldest->minute)
			oldest = &slots[i];
	}
	if (!slot) {
		slot = oldest;
		*slot = (struct rate_slot){client, minute, 0};
	}
	if (slot->minute != minute)
		*slot = (struct rate_slot){client, minute, 0};
	if (++slot->calls > srv->cfg->service_rate_per_minute) {
		*retry_after_s = (int)(60 - now % 60);
		return -1;
	}
	return 0;
}

/* The token of "Authorization: Bearer …": 1 and its client and scopes. */
static int token_of(struct req *r, int64_t *client, char scopes[256])
{
	const char *h = req_header(r, "Authorization");
	unsigned char raw[TOKEN_BYTES], digest[DIGEST_BYTES];
	if (!h || strncmp(h, "Bearer ", 7) != 0 || token_parse(h + 7, raw) < 0)
		return 0;
	token_digest(&r->srv->keys, raw, digest);
	return service_token_find(r->srv->reader, digest, now_seconds(), client, scopes);
}

int service_authorize(struct req *r, const char *scope, int64_t *client)
{
	char scopes[256] = "", quoted[64];
	int found = token_of(r, client, scopes);
	if (found <= 0) {
		audit_read(r->srv, 0, "service.refused_token", "service_client", 0);
		req_add_header(r, "WWW-Authenticate", "Bearer realm=\"sidakerd\", error=\"invalid_token\"");
		req_fail(r, found < 0 ? ERR_STORE : ERR_UNAUTHENTICATED, NULL);
		return -1;
	}
	int retry;
	if (service_rate_take(r->srv, *client, &retry) < 0) {
		audit_read(r->srv, 0, "service.rate_limited", "service_client", *client);
		req_fail_retry(r, ERR_RATE_LIMITED, retry);
		return -1;
	}
	snprintf(quoted, sizeof quoted, "\"%s\"", scope);
	if (!strstr(scopes, quoted)) {
		char challenge[128];
		snprintf(challenge, sizeof challenge,
		         "Bearer realm=\"sidakerd\", error=\"insufficient_scope\", scope=\"%s\"", scope);
		audit_read(r->srv, 0, "service.refused_scope", "service_client", *client);
		req_add_header(r, "WWW-Authenticate", challenge);
		req_fail(r, ERR_SCOPE, NULL);
		return -1;
	}
	audit_read(r->srv, 0, "service.call", "service_client", *client);
	return 0;
}
