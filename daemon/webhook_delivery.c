/* Webhook deliveries (webhook.h): once a second, the due ones POSTed from
 * the work pool with libcurl (provider_http.h's limits), each signed with
 * its webhook's secret; a 2xx is delivered, anything else tried again
 * after webhook_retry_base_s doubling (or the receiver's Retry-After), up
 * to webhook_max_attempts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "config.h"
#include "http.h"
#include "log.h"
#include "outbox_store.h"
#include "pool.h"
#include "provider_http.h"
#include "server.h"
#include "webhook.h"
#include "webhook_store.h"
#include "writer.h"

#define WEBHOOK_ROUND_MAX 16

struct hook_out {
	int64_t id;
	int attempts;
	char *url, *body, event[24], secret[WEBHOOK_SECRET_LEN + 1];
	long status, retry_after_s;
	char error[160];
};

struct hook_round {
	struct server *srv;
	struct hook_out out[WEBHOOK_ROUND_MAX];
	int n;
};

static struct event *hook_timer;
static int round_running, curl_ready;

static void round_free(struct hook_round *rd)
{
	for (int i = 0; i < rd->n; i++) {
		free(rd->out[i].url);
		free(rd->out[i].body);
		sodium_memzero(rd->out[i].secret, sizeof rd->out[i].secret);
	}
	free(rd);
}

/* "sha256=" and the hex HMAC-SHA256 of body under the secret's text. */
static void signature(const char *secret, const char *body, char out[8 + 2 * crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state state;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&state, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&state, (const unsigned char *)body, strlen(body));
	crypto_auth_hmacsha256_final(&state, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, 2 * sizeof mac + 1, mac, sizeof mac);
}

static void round_deliver(void *arg)
{
	struct hook_round *rd = arg;
	CURL *curl = curl_easy_init();
	for (int i = 0; i < rd->n; i++) {
		struct hook_out *m = &rd->out[i];
		char sig[8 + 2 * crypto_auth_hmacsha256_BYTES], h_sig[128], h_event[64], h_id[64];
		signature(m->secret, m->body, sig);
		snprintf(h_sig, sizeof h_sig, "X-Sidakerd-Signature: %s", sig);
		snprintf(h_event, sizeof h_event, "X-Sidakerd-Event: %s", m->event);
		snprintf(h_id, sizeof h_id, "X-Sidakerd-Delivery: %lld", (long long)m->id);
		struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
		headers = curl_slist_append(headers, h_sig);
		headers = curl_slist_append(headers, h_event);
		headers = curl_slist_append(headers, h_id);
		json_t *answer = NULL;
		if (!curl || !headers)
			snprintf(m->error, sizeof m->error, "out of memory");
		else
			m->status = provider_post(curl, m->url, headers, m->body, &answer, &m->retry_after_s, m->error,
			                          sizeof m->error);
		if (m->status && (m->status < 200 || m->status >= 300))
			snprintf(m->error, sizeof m->error, "HTTP %ld", m->status);
		json_decref(answer);
		curl_slist_free_all(headers);
	}
	if (curl)
		curl_easy_cleanup(curl);
}

static int round_record(struct dbconn *db, void *arg)
{
	struct hook_round *rd = arg;
	const struct config *cfg = rd->srv->cfg;
	int64_t now = now_seconds();
	for (int i = 0; i < rd->n; i++) {
		struct hook_out *m = &rd->out[i];
		int rc;
		if (m->status >= 200 && m->status < 300) {
			rc = webhook_delivery_done(db, m->id, m->status, now);
		} else {
			int attempts = m->attempts + 1;
			int64_t wait = outbox_backoff_from(cfg->webhook_retry_base_s, attempts);
			if (m->retry_after_s > wait)
				wait = m->retry_after_s;
			rc = webhook_delivery_retry(db, m->id, attempts, now + wait, m->status, m->error,
			                            attempts >= cfg->webhook_max_attempts, now);
		}
		if (rc < 0)
			return WRITE_STORE_ERROR;
	}
	return WRITE_OK;
}

static void round_recorded(void *arg, int result)
{
	struct hook_round *rd = arg;
	int delivered = 0;
	for (int i = 0; i < rd->n; i++)
		delivered += rd->out[i].status >= 200 && rd->out[i].status < 300;
	if (result != WRITE_OK)
		log_warn("webhook", "result=%d note=\"outcome not recorded; will be retried\"", result);
	log_info("webhook", "delivered=%d not_delivered=%d", delivered, rd->n - delivered);
	round_free(rd);
	round_running = 0;
}

static void round_delivered(void *arg)
{
	struct hook_round *rd = arg;
	if (!rd->srv->writer || writer_submit(rd->srv->writer, round_record, round_recorded, rd) < 0) {
		round_free(rd);
		round_running = 0;
	}
}

static void take_due(const struct webhook_due *d, void *arg)
{
	struct hook_round *rd = arg;
	if (rd->n == WEBHOOK_ROUND_MAX)
		return;
	struct hook_out *m = &rd->out[rd->n];
	memset(m, 0, sizeof *m);
	m->id = d->id;
	m->attempts = d->attempts;
	snprintf(m->event, sizeof m->event, "%s", d->event);
	webhook_secret(&rd->srv->keys, d->webhook_id, d->generation, m->secret);
	m->url = strdup(d->url);
	m->body = strdup(d->body);
	if (m->url && m->body) {
		rd->n++;
		return;
	}
	free(m->url);
	free(m->body);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (round_running || srv->shutting_down)
		return;
	struct hook_round *rd = calloc(1, sizeof *rd);
	if (!rd)
		return;
	rd->srv = srv;
	if (webhook_delivery_due(srv->reader, now_seconds(), WEBHOOK_ROUND_MAX, take_due, rd) <= 0 || rd->n == 0) {
		round_free(rd);
		return;
	}
	round_running = 1;
	if (pool_submit(srv->pool, round_deliver, round_delivered, rd) < 0) {
		round_free(rd);
		round_running = 0;
	}
}

int webhook_delivery_start(struct server *srv)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	curl_ready = 1;
	hook_timer = event_new(srv->base, -1, EV_PERSIST, on_tick, srv);
	struct timeval second = {1, 0};
	return hook_timer && event_add(hook_timer, &second) == 0 ? 0 : -1;
}

void webhook_delivery_stop(void)
{
	if (hook_timer)
		event_free(hook_timer);
	hook_timer = NULL;
	if (curl_ready)
		curl_global_cleanup();
	curl_ready = 0;
}
