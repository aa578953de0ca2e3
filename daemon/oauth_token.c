/* POST /v1/oauth/token: the OAuth 2.0 client-credentials grant (RFC 6749
 * 4.4).  The client authenticates with HTTP Basic (client_id:secret, 2.3.1);
 * the body is application/x-www-form-urlencoded with grant_type and an
 * optional scope (space-separated, within the client's).  Answers and
 * errors are RFC 6749's own shapes (5.1, 5.2), which clients' OAuth
 * libraries read, not the API's error object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "audit.h"
#include "config.h"
#include "crypto.h"
#include "http.h"
#include "server.h"
#include "service_client.h"
#include "service_client_store.h"

struct token_st {
	int64_t client;
	char scopes[256], token[TOKEN_TEXT_LEN + 1];
	unsigned char digest[DIGEST_BYTES];
};

static void oauth_error(struct req *r, int status, const char *error, const char *description)
{
	req_add_header(r, "Cache-Control", "no-store");
	if (status == 401)
		req_add_header(r, "WWW-Authenticate", "Basic realm=\"sidakerd\"");
	req_reply(r, status, json_pack("{s:s, s:s}", "error", error, "error_description", description));
}

/* "Basic base64(client_id:secret)": 0 with both copied, else -1. */
static int basic_credentials(const char *h, char id[64], char secret[96])
{
	unsigned char raw[192];
	size_t len = 0;
	if (!h || strncmp(h, "Basic ", 6) != 0 ||
	    sodium_base642bin(raw, sizeof raw - 1, h + 6, strlen(h + 6), NULL, &len, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	raw[len] = '\0';
	char *colon = memchr(raw, ':', len);
	if (!colon || (size_t)(colon - (char *)raw) >= 64 || strlen(colon + 1) >= 96)
		return -1;
	*colon = '\0';
	memcpy(id, raw, (size_t)(colon - (char *)raw) + 1);
	memcpy(secret, colon + 1, strlen(colon + 1) + 1);
	sodium_memzero(raw, sizeof raw);
	return 0;
}

/* The scopes asked for (space-separated), each the client's: their JSON
 * array in out, or -1.  None asked: all of the client's. */
static int granted(const char *asked, const char *client_scopes, char out[256])
{
	if (!asked || !*asked) {
		snprintf(out, 256, "%s", client_scopes);
		return 0;
	}
	json_t *list = json_array();
	char copy[256], quoted[64];
	snprintf(copy, sizeof copy, "%s", asked);
	for (char *save = NULL, *s = strtok_r(copy, " ", &save); s; s = strtok_r(NULL, " ", &save)) {
		snprintf(quoted, sizeof quoted, "\"%s\"", s);
		if (!service_scope_known(s) || !strstr(client_scopes, quoted)) {
			json_decref(list);
			return -1;
		}
		json_array_append_new(list, json_string(s));
	}
	char *text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	int ok = text && strlen(text) < 256;
	if (ok)
		snprintf(out, 256, "%s", text);
	free(text);
	return ok ? 0 : -1;
}

static int token_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct token_st *st = r->state;
	int64_t now = now_seconds();
	return service_token_insert(db, st->digest, st->client, st->scopes, now + r->srv->cfg->service_token_ttl_s,
	                            now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void issued(struct req *r, int result)
{
	struct token_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* "scope" in the answer: space-separated, as asked. */
	json_t *list = json_loads(st->scopes, 0, NULL), *s;
	char scope[256] = "";
	size_t i, n = 0;
	json_array_foreach (list, i, s)
		n += (size_t)snprintf(scope + n, sizeof scope - n, "%s%s", i ? " " : "", json_string_value(s));
	json_decref(list);
	audit_read(r->srv, 0, "service.token", "service_client", st->client);
	req_add_header(r, "Cache-Control", "no-store");
	req_add_header(r, "Pragma", "no-cache");
	req_reply(r, 200,
	          json_pack("{s:s, s:s, s:i, s:s}", "access_token", st->token, "token_type", "Bearer", "expires_in",
	                    r->srv->cfg->service_token_ttl_s, "scope", scope));
	sodium_memzero(st->token, sizeof st->token);
}

void oauth_token(struct req *r)
{
	struct token_st *st = req_state_new(r, sizeof *st, NULL);
	if (!st)
		return;
	const char *type = req_header(r, "Content-Type");
	if (!type || strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0) {
		oauth_error(r, 400, "invalid_request", "The body is application/x-www-form-urlencoded.");
		return;
	}
	char id[64], secret[96];
	struct service_client_row c;
	int found = basic_credentials(req_header(r, "Authorization"), id, secret) == 0
		? service_client_by_client_id(r->srv->reader, id, &c)
		: 0;
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	unsigned char raw[TOKEN_BYTES], digest[DIGEST_BYTES];
	int secret_ok = found && !c.revoked && token_parse(secret, raw) == 0;
	if (secret_ok) {
		token_digest(&r->srv->keys, raw, digest);
		secret_ok = sodium_memcmp(digest, c.secret_digest, DIGEST_BYTES) == 0;
	}
	sodium_memzero(secret, sizeof secret);
	int retry;
	if (found && service_rate_take(r->srv, c.id, &retry) < 0) {
		audit_read(r->srv, 0, "service.rate_limited", "service_client", c.id);
		req_fail_retry(r, ERR_RATE_LIMITED, retry);
		return;
	}
	if (!secret_ok) {
		audit_read(r->srv, 0, "service.refused_secret", "service_client", found ? c.id : 0);
		oauth_error(r, 401, "invalid_client", "Unknown client, wrong secret, or a revoked client.");
		return;
	}
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t len = evbuffer_get_length(in);
	char *body = malloc(len + 1);
	struct evkeyvalq form;
	TAILQ_INIT(&form);
	if (!body) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	evbuffer_copyout(in, body, len);
	body[len] = '\0';
	int parsed = evhttp_parse_query_str(body, &form);
	free(body);
	const char *found_grant = parsed == 0 ? evhttp_find_header(&form, "grant_type") : NULL;
	char grant[32] = "";
	if (found_grant)
		snprintf(grant, sizeof grant, "%s", found_grant);
	int scoped = found_grant ? granted(evhttp_find_header(&form, "scope"), c.scopes, st->scopes) : -1;
	evhttp_clear_headers(&form);
	if (!found_grant) {
		oauth_error(r, 400, "invalid_request", "grant_type is missing.");
		return;
	}
	if (strcmp(grant, "client_credentials")) {
		oauth_error(r, 400, "unsupported_grant_type", "Only client_credentials is granted here.");
		return;
	}
	if (scoped < 0) {
		audit_read(r->srv, 0, "service.refused_scope", "service_client", c.id);
		oauth_error(r, 400, "invalid_scope", "A scope asked for is not the client's.");
		return;
	}
	st->client = c.id;
	unsigned char fresh[TOKEN_BYTES];
	token_generate(fresh, st->token);
	token_digest(&r->srv->keys, fresh, st->digest);
	sodium_memzero(fresh, sizeof fresh);
	req_write(r, token_write, issued);
}
