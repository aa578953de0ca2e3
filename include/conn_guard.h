/*
 * Client connections as the daemon's to keep: evhttp only knows an idle
 * timeout, which each byte resets, so headers sent one byte every few
 * seconds held a connection for ever, and 1,100 of them locked everyone
 * out.  The guard sees every connection from its first byte (evhttp's
 * bufferevent callback) and holds:
 *  - a deadline for the whole request head (request_head_timeout_s), and
 *    one for the body (request_body_timeout_s), from the moment the
 *    connection waits for a request (on opening, or after an answer): a
 *    keep-alive connection idle that long is closed too;
 *  - at max_connections, and at max_connections_per_address for one
 *    address, the connection waiting longest (head or body, never one whose
 *    request is being handled) is closed to make room, instead of refusing
 *    the newcomer and everyone after it;
 *  - a Content-Length above the route's limit is answered 413 from the
 *    head, before a byte of the body is read.
 */
#ifndef SIDAKERD_CONN_GUARD_H
#define SIDAKERD_CONN_GUARD_H

#include <stdint.h>

struct evhttp_connection;
struct server;

struct conn_guard;

struct conn_guard_stats {
	uint64_t head_timeouts, body_timeouts, evicted, early_413;
	int open;
};

/* Installs itself on srv->http (before the listener is bound). */
struct conn_guard *conn_guard_new(struct server *srv);
void conn_guard_free(struct conn_guard *g);
/* A request of the connection is being handled: no deadline, never evicted. */
void conn_guard_busy(struct conn_guard *g, struct evhttp_connection *evcon);
/* Its answer is on its way: the connection waits for the next request. */
void conn_guard_waiting(struct conn_guard *g, struct evhttp_connection *evcon);
/* Out of descriptors: up to n of the longest-waiting connections are
 * closed.  Returns how many. */
int conn_guard_make_room(struct conn_guard *g, int n);
void conn_guard_get_stats(struct conn_guard *g, struct conn_guard_stats *out);

#endif
