/*
 * The one daemon-wide context, created in main.c and reachable from every
 * request: configuration, the event base, the store connections, the writer,
 * the work pool, the keys and the metrics.
 */
#ifndef SIDAKERD_SERVER_H
#define SIDAKERD_SERVER_H

#include <stdbool.h>

#include "config.h"
#include "crypto.h"
#include "store.h"

struct event;
struct event_base;
struct evhttp;
struct evhttp_bound_socket;
struct handoff;
struct idempotency;
struct metrics;
struct pool;
struct writer;

struct server {
	struct config *cfg;
	struct event_base *base;
	struct evhttp *http;
	struct evhttp_bound_socket *bound;
	struct conn_guard *guard; /* deadlines and caps of client connections */
	struct event *accept_resume;
	int port; /* the port actually bound */
	struct dbconn *reader; /* loop thread only */
	struct writer *writer;
	struct pool *pool; /* slow CPU work, below the loop's priority */
	struct pool *read_pool; /* reads too slow for the loop (uncached searches) */
	struct handoff *handoff;
	struct keys keys;
	struct metrics *metrics;
	struct idempotency *idempotency;
	int inflight; /* requests not yet answered */
	bool shutting_down;
	/* A password hash nobody knows: verifying against it when the account
	 * does not exist makes "no such account" cost what a wrong password does. */
	char decoy_hash[PASSWORD_HASH_MAX];
	bool decoy_ready;
};

#endif
