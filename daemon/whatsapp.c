/* The WhatsApp provider adapter.  Outgoing: every second, up to
 * wa_rate_per_second due messages are read on the loop, POSTed to
 * wa_api_url on the work pool (WhatsApp Cloud API shape, libcurl), and
 * their outcome recorded by the writer — a provider message id, or a retry
 * with back-off (network errors, 429, 5xx), or failure (other 4xx, or
 * wa_max_attempts used up).  Incoming: the provider's webhook, signed with
 * wa_webhook_secret, reports delivered / read / failed and carries replies;
 * a STOP reply ends that number's consent at once. */
#include <ctype.h>
#include <curl/curl.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "body.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "outbox.h"
#include "outbox_store.h"
#include "pool.h"
#include "provider_http.h"
#include "server.h"
#include "store.h"
#include "validate.h"
#include "wa_consent.h"
#include "wa_consent_store.h"
#include "whatsapp.h"
#include "whatsapp_store.h"
#include "writer.h"

#define WA_ROUND_MAX 1000 /* wa_rate_per_second is capped to this by config */

struct wa_out {
	int64_t id;
	char phone[20];
	char *body;
	int attempts;
	/* outcome, filled on the pool */
	long status;
	char provider_id[128];
	char error[128];
};

struct wa_round {
	struct server *srv;
	struct wa_out *msgs;
	int n;
};

static struct event *wa_timer;
static int wa_round_running, curl_ready;

int wa_backoff(const struct config *cfg, int attempts) { return outbox_backoff_from(cfg->wa_retry_base_s, attempts); }

static void round_free(struct wa_round *rd)
{
	if (!rd)
		return;
	for (int i = 0; i < rd->n; i++)
		free(rd->msgs[i].body);
	free(rd->msgs);
	free(rd);
}

/* One POST; fills status, provider_id or error. */
static void send_one(CURL *curl, const struct config *cfg, struct wa_out *m)
{
	/* The Cloud API wants the number without '+'. */
	json_t *payload = json_pack("{s:s, s:s, s:s, s:{s:b, s:s}}", "messaging_product", "whatsapp", "to",
	                            m->phone + 1, "type", "text", "text", "preview_url", 0, "body", m->body);
	char *text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
	json_decref(payload);
	char auth[512];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", cfg->wa_api_token);
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
	headers = curl_slist_append(headers, auth);
	json_t *reply = NULL;
	m->status = 0;
	if (!text || !headers)
		snprintf(m->error, sizeof m->error, "out of memory");
	else
		m->status =
			provider_post(curl, cfg->wa_api_url, headers, text, &reply, NULL, m->error, sizeof m->error);
	const char *id =
		json_string_value(json_object_get(json_array_get(json_object_get(reply, "messages"), 0), "id"));
	if (m->status >= 200 && m->status < 300 && id && *id && strlen(id) < sizeof m->provider_id)
		snprintf(m->provider_id, sizeof m->provider_id, "%s", id);
	else if (m->status)
		snprintf(m->error, sizeof m->error, "HTTP %ld%s", m->status,
		         m->status >= 200 && m->status < 300 ? " without a message id" : "");
	json_decref(reply);
	curl_slist_free_all(headers);
	free(text);
}

static void round_deliver(void *arg)
{
	struct wa_round *rd = arg;
	CURL *curl = curl_easy_init();
	for (int i = 0; i < rd->n; i++) {
		if (curl)
			send_one(curl, rd->srv->cfg, &rd->msgs[i]);
		else
			snprintf(rd->msgs[i].error, sizeof rd->msgs[i].error, "curl_easy_init failed");
	}
	if (curl)
		curl_easy_cleanup(curl);
}

static int round_record(struct dbconn *db, void *arg)
{
	struct wa_round *rd = arg;
	const struct config *cfg = rd->srv->cfg;
	int64_t now = now_seconds();
	for (int i = 0; i < rd->n; i++) {
		struct wa_out *m = &rd->msgs[i];
		int rc;
		if (m->provider_id[0]) {
			rc = wa_message_sent(db, m->id, m->provider_id, now);
		} else {
			int attempts = m->attempts + 1;
			/* A 4xx other than 429 is the request's fault (a number not
			 * on WhatsApp, say): retrying would only repeat it. */
			int permanent = m->status >= 400 && m->status < 500 && m->status != 429;
			rc = wa_message_retry(db, m->id, attempts, now + wa_backoff(cfg, attempts), m->error,
			                      permanent || attempts >= cfg->wa_max_attempts, now);
		}
		if (rc < 0)
			return WRITE_STORE_ERROR;
	}
	return WRITE_OK;
}

static void round_recorded(void *arg, int result)
{
	struct wa_round *rd = arg;
	int sent = 0;
	for (int i = 0; i < rd->n; i++)
		sent += rd->msgs[i].provider_id[0] != '\0';
	if (result != WRITE_OK)
		log_warn("whatsapp", "result=%d note=\"outcome not recorded; will be retried\"", result);
	log_info("whatsapp", "sent=%d not_sent=%d", sent, rd->n - sent);
	round_free(rd);
	wa_round_running = 0;
}

static void round_delivered(void *arg)
{
	struct wa_round *rd = arg;
	if (!rd->srv->writer || writer_submit(rd->srv->writer, round_record, round_recorded, rd) < 0) {
		round_free(rd);
		wa_round_running = 0;
	}
}

static void take_due(int64_t id, const char *phone, const char *body, int attempts, void *arg)
{
	struct wa_round *rd = arg;
	struct wa_out *m = &rd->msgs[rd->n];
	m->id = id;
	snprintf(m->phone, sizeof m->phone, "%s", phone);
	m->attempts = attempts;
	if ((m->body = strdup(body)))
		rd->n++; /* out of memory: the message waits for the next round */
}

static int read_due(struct server *srv, struct wa_round *rd)
{
	int max = srv->cfg->wa_rate_per_second < WA_ROUND_MAX ? srv->cfg->wa_rate_per_second : WA_ROUND_MAX;
	if (!(rd->msgs = calloc((size_t)max, sizeof *rd->msgs)))
		return -1;
	return wa_message_due(srv->reader, now_seconds(), max, take_due, rd) < 0 ? -1 : rd->n;
}

/* Once a second: one round at a time, so the provider never sees more
 * than wa_rate_per_second messages in a second. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (wa_round_running || srv->shutting_down)
		return;
	struct wa_round *rd = calloc(1, sizeof *rd);
	if (!rd)
		return;
	rd->srv = srv;
	if (read_due(srv, rd) <= 0) {
		round_free(rd);
		return;
	}
	wa_round_running = 1;
	if (pool_submit(srv->pool, round_deliver, round_delivered, rd) < 0) {
		round_free(rd);
		wa_round_running = 0;
	}
}

int whatsapp_start(struct server *srv)
{
	/* An office without a provider has no deliveries to make: no timer,
	 * and no TLS library initialised (it costs megabytes of memory). */
	if (!*srv->cfg->wa_api_url)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	curl_ready = 1;
	wa_timer = event_new(srv->base, -1, EV_PERSIST, on_tick, srv);
	struct timeval second = {1, 0};
	return wa_timer && event_add(wa_timer, &second) == 0 ? 0 : -1;
}

void whatsapp_stop(void)
{
	if (wa_timer)
		event_free(wa_timer);
	wa_timer = NULL;
	/* Stopping runs at the signal and again at teardown; a round still on
	 * the pool at the first keeps using curl until the second. */
	if (curl_ready && !wa_round_running) {
		curl_global_cleanup();
		curl_ready = 0;
	}
}

/* ---- the webhook ---- */

struct hook_state {
	json_t *events; /* [[kind, a, b], ...]: "status" id state | "stop" phone */
	int statuses, opt_outs;
};

static void hook_state_free(void *p)
{
	struct hook_state *st = p;
	if (st)
		json_decref(st->events);
	free(st);
}

static int is_stop_word(const char *text)
{
	static const char *const words[] = {"STOP", "BERHENTI", "UNSUBSCRIBE", "STOP WA", NULL};
	char word[16];
	size_t n = 0;
	while (*text && isspace((unsigned char)*text))
		text++;
	for (; *text && n + 1 < sizeof word; text++)
		word[n++] = (char)toupper((unsigned char)*text);
	while (n && isspace((unsigned char)word[n - 1]))
		n--;
	word[n] = '\0';
	if (*text)
		return 0; /* longer than any stop word */
	for (int i = 0; words[i]; i++)
		if (!strcmp(word, words[i]))
			return 1;
	return 0;
}

/* Collects what the Cloud API payload says: entry[].changes[].value.
 * statuses[] {id, status} and messages[] {from, text.body}. */
static void hook_collect(const json_t *payload, json_t *events)
{
	size_t i, j, k;
	json_t *entry, *change, *item;
	json_array_foreach (json_object_get(payload, "entry"), i, entry) {
		json_array_foreach (json_object_get(entry, "changes"), j, change) {
			json_t *value = json_object_get(change, "value");
			json_array_foreach (json_object_get(value, "statuses"), k, item) {
				const char *id = json_string_value(json_object_get(item, "id")),
					   *status = json_string_value(json_object_get(item, "status"));
				if (id && status &&
				    (!strcmp(status, "delivered") || !strcmp(status, "read") ||
				     !strcmp(status, "failed")))
					json_array_append_new(events, json_pack("[s,s,s]", "status", id, status));
			}
			json_array_foreach (json_object_get(value, "messages"), k, item) {
				const char *from = json_string_value(json_object_get(item, "from")),
					   *text = json_string_value(
						   json_object_get(json_object_get(item, "text"), "body"));
				char phone[20];
				char plus[40];
				if (!from || !text || !is_stop_word(text))
					continue;
				snprintf(plus, sizeof plus, "+%.30s", from);
				if (phone_normalize(plus, phone) == 0)
					json_array_append_new(events, json_pack("[s,s,s]", "stop", phone, ""));
			}
		}
	}
}

json_t *whatsapp_webhook_events(const json_t *payload)
{
	json_t *events = json_array();
	if (events)
		hook_collect(payload, events);
	return events;
}

static int hook_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct hook_state *st = r->state;
	int64_t now = now_seconds();
	size_t i;
	json_t *ev;
	json_array_foreach (st->events, i, ev) {
		const char *kind = json_string_value(json_array_get(ev, 0)),
			   *a = json_string_value(json_array_get(ev, 1)), *b = json_string_value(json_array_get(ev, 2));
		if (!strcmp(kind, "status")) {
			int n = wa_message_status(db, a, b, now);
			if (n < 0)
				return WRITE_STORE_ERROR;
			st->statuses += n;
		} else {
			int n = wa_consent_withdraw_phone(db, a, now);
			if (n < 0)
				return WRITE_STORE_ERROR;
			st->opt_outs += n;
		}
	}
	return WRITE_OK;
}

static void hook_done(struct req *r, int result)
{
	struct hook_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:i, s:i}", "statuses_recorded", st->statuses, "opt_outs", st->opt_outs));
}

/* X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256 of the raw body. */
static int signature_ok(const struct config *cfg, const char *header, const unsigned char *body, size_t len)
{
	if (!*cfg->wa_webhook_secret || !header || strncmp(header, "sha256=", 7) ||
	    strlen(header + 7) != 2 * crypto_auth_hmacsha256_BYTES)
		return 0;
	unsigned char given[crypto_auth_hmacsha256_BYTES], mac[crypto_auth_hmacsha256_BYTES];
	if (sodium_hex2bin(given, sizeof given, header + 7, 2 * sizeof given, NULL, NULL, NULL) != 0)
		return 0;
	crypto_auth_hmacsha256_state h;
	crypto_auth_hmacsha256_init(&h, (const unsigned char *)cfg->wa_webhook_secret, strlen(cfg->wa_webhook_secret));
	crypto_auth_hmacsha256_update(&h, body, len);
	crypto_auth_hmacsha256_final(&h, mac);
	return sodium_memcmp(given, mac, sizeof mac) == 0;
}

/* POST /v1/whatsapp/webhook: the provider's delivery reports and replies. */
void whatsapp_webhook(struct req *r)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t len = evbuffer_get_length(in);
	const unsigned char *raw = len ? evbuffer_pullup(in, -1) : (const unsigned char *)"";
	if (!signature_ok(r->srv->cfg, req_header(r, "X-Hub-Signature-256"), raw, len)) {
		req_fail(r, ERR_SIGNATURE, NULL);
		return;
	}
	struct body_error err;
	json_t *payload = body_parse((const char *)raw, len, &err);
	if (!payload) {
		req_fail(r, err.code, NULL);
		return;
	}
	struct hook_state *st = req_state_new(r, sizeof *st, hook_state_free);
	if (!st) {
		json_decref(payload);
		return;
	}
	st->events = whatsapp_webhook_events(payload);
	json_decref(payload);
	if (!st->events) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_write(r, hook_write, hook_done);
}

/* GET /v1/whatsapp/webhook: the provider's subscription handshake echoes
 * hub.challenge when hub.verify_token is our secret. */
void whatsapp_webhook_verify(struct req *r)
{
	const char *mode = req_query(r, "hub.mode"), *token = req_query(r, "hub.verify_token"),
		   *challenge = req_query(r, "hub.challenge");
	const char *secret = r->srv->cfg->wa_webhook_secret;
	if (!mode || strcmp(mode, "subscribe") || !token || !*secret || strlen(token) != strlen(secret) ||
	    sodium_memcmp(token, secret, strlen(secret)) != 0 || !challenge || strlen(challenge) > 128 ||
	    strspn(challenge, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") !=
	            strlen(challenge)) {
		req_fail(r, ERR_SIGNATURE, NULL);
		return;
	}
	req_reply_raw(r, 200, "text/plain; charset=utf-8", challenge, strlen(challenge));
}
