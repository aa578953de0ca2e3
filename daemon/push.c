#include <curl/curl.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <jansson.h>
#include <jwt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "log.h"
#include "http.h"
#include "outbox_store.h"
#include "pool.h"
#include "provider_http.h"
#include "push.h"
#include "push_device_store.h"
#include "push_store.h"
#include "server.h"
#include "store.h"
#include "writer.h"

#define PUSH_ROUND_MAX 1000 /* push_rate_per_second is capped to this by config */
#define PUSH_SCOPE "https://www.googleapis.com/auth/firebase.messaging"
#define ACCESS_TOKEN_MARGIN_S 60 /* fetched again this long before it expires */

struct push_out {
	int64_t id, device_id, notification_id;
	char *token, *title, *body;
	char category[16];
	int attempts;
	/* outcome, filled on the pool */
	long status, retry_after_s;
	int invalid_token;
	char provider_id[192];
	char error[160];
};

struct push_round {
	struct server *srv;
	struct push_out *msgs;
	int n;
};

/* The service account, read at start; the access token, used by one round
 * at a time (push_round_running), so by one pool thread at a time. */
static struct {
	char *client_email, *private_key, *token_uri;
	char access[4096];
	time_t access_until;
} account;

static struct event *push_timer;
static int push_round_running, curl_ready;

static void round_free(struct push_round *rd)
{
	if (!rd)
		return;
	for (int i = 0; i < rd->n; i++) {
		free(rd->msgs[i].token);
		free(rd->msgs[i].title);
		free(rd->msgs[i].body);
	}
	free(rd->msgs);
	free(rd);
}

/* The OAuth2 access token, from the cache or fetched: 0, or -1 (error set). */
static int access_token(CURL *curl, char *error, size_t errlen)
{
	time_t now = time(NULL);
	if (*account.access && now < account.access_until)
		return 0;
	jwt_t *jwt = NULL;
	char *assertion = NULL, *form = NULL;
	if (jwt_new(&jwt) == 0 && jwt_add_grant(jwt, "iss", account.client_email) == 0 &&
	    jwt_add_grant(jwt, "scope", PUSH_SCOPE) == 0 && jwt_add_grant(jwt, "aud", account.token_uri) == 0 &&
	    jwt_add_grant_int(jwt, "iat", (long)now) == 0 && jwt_add_grant_int(jwt, "exp", (long)now + 3600) == 0 &&
	    jwt_set_alg(jwt, JWT_ALG_RS256, (const unsigned char *)account.private_key,
	                (int)strlen(account.private_key)) == 0)
		assertion = jwt_encode_str(jwt);
	jwt_free(jwt);
	/* A JWT is base64url and dots: nothing to escape in a form. */
	if (!assertion ||
	    asprintf(&form, "grant_type=urn%%3Aietf%%3Aparams%%3Aoauth%%3Agrant-type%%3Ajwt-bearer&assertion=%s",
	             assertion) < 0) {
		free(assertion);
		snprintf(error, errlen, "token: the JWT could not be signed");
		return -1;
	}
	free(assertion);
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
	json_t *answer;
	long status = provider_post(curl, account.token_uri, headers, form, &answer, NULL, error, errlen);
	curl_slist_free_all(headers);
	free(form);
	const char *token = json_string_value(json_object_get(answer, "access_token"));
	json_int_t expires = json_integer_value(json_object_get(answer, "expires_in"));
	int ok = status == 200 && token && *token && strlen(token) < sizeof account.access && expires > 0;
	if (ok) {
		snprintf(account.access, sizeof account.access, "%s", token);
		account.access_until = now + (time_t)expires - ACCESS_TOKEN_MARGIN_S;
	} else if (status) {
		snprintf(error, errlen, "token: HTTP %ld", status);
	}
	json_decref(answer);
	return ok ? 0 : -1;
}

/* The provider says the token names no app installation (any more). */
static int token_invalid(long status, const json_t *answer)
{
	const json_t *err = json_object_get(answer, "error"), *detail;
	const char *message = json_string_value(json_object_get(err, "message"));
	size_t i;
	json_array_foreach (json_object_get(err, "details"), i, detail) {
		const char *code = json_string_value(json_object_get(detail, "errorCode"));
		if (code &&
		    (!strcmp(code, "UNREGISTERED") ||
		     (!strcmp(code, "INVALID_ARGUMENT") && message && strstr(message, "registration token"))))
			return 1;
	}
	return status == 404;
}

static void send_one(CURL *curl, struct push_out *m, const char *url)
{
	char notification_id[24];
	snprintf(notification_id, sizeof notification_id, "%lld", (long long)m->notification_id);
	json_t *payload = json_pack("{s:{s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:{s:s}}}}", "message", "token",
	                            m->token, "notification", "title", m->title, "body", m->body, "data", "category",
	                            m->category, "notification_id", notification_id, "android", "priority", "HIGH",
	                            "apns", "headers", "apns-priority", "10");
	char *text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
	json_decref(payload);
	char auth[4200];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", account.access);
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json; charset=UTF-8");
	headers = curl_slist_append(headers, auth);
	json_t *answer = NULL;
	if (!text || !headers)
		snprintf(m->error, sizeof m->error, "out of memory");
	else
		m->status =
			provider_post(curl, url, headers, text, &answer, &m->retry_after_s, m->error, sizeof m->error);
	const char *name = json_string_value(json_object_get(answer, "name"));
	if (m->status >= 200 && m->status < 300 && name && *name && strlen(name) < sizeof m->provider_id) {
		snprintf(m->provider_id, sizeof m->provider_id, "%s", name);
	} else if (m->status) {
		m->invalid_token = token_invalid(m->status, answer);
		snprintf(m->error, sizeof m->error, "HTTP %ld%s", m->status,
		         m->status >= 200 && m->status < 300 ? " without a message name" : "");
		if (m->status == 401 || m->status == 403)
			account.access[0] = '\0'; /* fetched again for the next try */
	}
	json_decref(answer);
	curl_slist_free_all(headers);
	free(text);
}

static void round_deliver(void *arg)
{
	struct push_round *rd = arg;
	CURL *curl = curl_easy_init();
	for (int i = 0; i < rd->n; i++) {
		struct push_out *m = &rd->msgs[i];
		/* A 401 clears the access token: the next push gets a new one. */
		if (!curl)
			snprintf(m->error, sizeof m->error, "curl_easy_init failed");
		else if (access_token(curl, m->error, sizeof m->error) == 0)
			send_one(curl, m, rd->srv->cfg->push_api_url);
	}
	if (curl)
		curl_easy_cleanup(curl);
}

static int round_record(struct dbconn *db, void *arg)
{
	struct push_round *rd = arg;
	const struct config *cfg = rd->srv->cfg;
	int64_t now = now_seconds();
	for (int i = 0; i < rd->n; i++) {
		struct push_out *m = &rd->msgs[i];
		int rc;
		if (m->provider_id[0]) {
			rc = push_message_sent(db, m->id, m->provider_id, now);
		} else if (m->invalid_token) {
			/* No more pushes to it: this one and any waiting are skipped. */
			enum store_result dropped = push_device_store_drop(db, m->device_id, 0, "invalid", now);
			rc = dropped == STORE_ERROR ? -1 : 0;
		} else {
			int attempts = m->attempts + 1;
			/* Another 4xx is the request's own fault: trying again repeats it. */
			int permanent = m->status >= 400 && m->status < 500 && m->status != 401 && m->status != 403 &&
				m->status != 429;
			int64_t wait = outbox_backoff_from(cfg->push_retry_base_s, attempts);
			if (m->retry_after_s > wait)
				wait = m->retry_after_s;
			rc = push_message_retry(db, m->id, attempts, now + wait, m->error,
			                        permanent || attempts >= cfg->push_max_attempts, now);
		}
		if (rc < 0)
			return WRITE_STORE_ERROR;
	}
	return WRITE_OK;
}

static void round_recorded(void *arg, int result)
{
	struct push_round *rd = arg;
	int sent = 0, dropped = 0;
	for (int i = 0; i < rd->n; i++) {
		sent += rd->msgs[i].provider_id[0] != '\0';
		dropped += rd->msgs[i].invalid_token;
	}
	if (result != WRITE_OK)
		log_warn("push", "result=%d note=\"outcome not recorded; will be retried\"", result);
	log_info("push", "sent=%d not_sent=%d devices_dropped=%d", sent, rd->n - sent, dropped);
	round_free(rd);
	push_round_running = 0;
}

static void round_delivered(void *arg)
{
	struct push_round *rd = arg;
	if (!rd->srv->writer || writer_submit(rd->srv->writer, round_record, round_recorded, rd) < 0) {
		round_free(rd);
		push_round_running = 0;
	}
}

static void take_due(const struct push_due *p, void *arg)
{
	struct push_round *rd = arg;
	struct push_out *m = &rd->msgs[rd->n];
	memset(m, 0, sizeof *m);
	m->id = p->id;
	m->device_id = p->device_id;
	m->notification_id = p->notification_id;
	m->attempts = p->attempts;
	snprintf(m->category, sizeof m->category, "%s", p->category);
	m->token = strdup(p->token);
	m->title = strdup(p->title);
	m->body = strdup(p->body);
	if (m->token && m->title && m->body) {
		rd->n++;
		return;
	}
	/* Out of memory: the push waits for the next round. */
	free(m->token);
	free(m->title);
	free(m->body);
}

/* Once a second, one round at a time: the provider never sees more than
 * push_rate_per_second pushes in a second. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (push_round_running || srv->shutting_down)
		return;
	struct push_round *rd = calloc(1, sizeof *rd);
	int max = srv->cfg->push_rate_per_second < PUSH_ROUND_MAX ? srv->cfg->push_rate_per_second : PUSH_ROUND_MAX;
	if (!rd || !(rd->msgs = calloc((size_t)max, sizeof *rd->msgs))) {
		free(rd);
		return;
	}
	rd->srv = srv;
	if (push_message_due(srv->reader, now_seconds(), max, take_due, rd) <= 0) {
		round_free(rd);
		return;
	}
	push_round_running = 1;
	if (pool_submit(srv->pool, round_deliver, round_delivered, rd) < 0) {
		round_free(rd);
		push_round_running = 0;
	}
}

/* The service account file: client_email, private_key, token_uri. */
static int read_account(const char *path)
{
	json_error_t jerr;
	json_t *file = json_load_file(path, 0, &jerr);
	const char *email = json_string_value(json_object_get(file, "client_email")),
		   *key = json_string_value(json_object_get(file, "private_key")),
		   *uri = json_string_value(json_object_get(file, "token_uri"));
	int ok = email && key && uri && (!strncmp(uri, "https://", 8) || !strncmp(uri, "http://127.0.0.1", 16));
	if (ok) {
		account.client_email = strdup(email);
		account.private_key = strdup(key);
		account.token_uri = strdup(uri);
		ok = account.client_email && account.private_key && account.token_uri;
	}
	json_decref(file);
	if (!ok)
		log_error("push",
		          "error=\"push_credentials_file has no client_email, private_key and https token_uri\"");
	return ok ? 0 : -1;
}

int push_start(struct server *srv)
{
	if (!*srv->cfg->push_api_url)
		return 0;
	if (read_account(srv->cfg->push_credentials_file) < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	curl_ready = 1;
	push_timer = event_new(srv->base, -1, EV_PERSIST, on_tick, srv);
	struct timeval second = {1, 0};
	return push_timer && event_add(push_timer, &second) == 0 ? 0 : -1;
}

void push_stop(void)
{
	if (push_timer)
		event_free(push_timer);
	push_timer = NULL;
	/* Stopping runs at the signal and again at teardown; a round still on
	 * the pool at the first keeps using curl and the key until the second. */
	if (push_round_running)
		return;
	if (curl_ready) {
		curl_global_cleanup();
		curl_ready = 0;
	}
	if (account.private_key)
		memset(account.private_key, 0, strlen(account.private_key));
	free(account.client_email);
	free(account.private_key);
	free(account.token_uri);
	memset(&account, 0, sizeof account);
}
