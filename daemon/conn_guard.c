/* Deadlines, caps and an early 413 for client connections (conn_guard.h).
 *
 * evhttp owns each connection's bufferevent; the guard makes it (the
 * bufferevent callback) and keeps a reference, so that the memory stays
 * while the guard looks at it, and watches the bytes that arrive through a
 * callback on its input buffer (evhttp never removes that one).  When evhttp
 * lets a connection go it clears the bufferevent's callbacks: the sweep sees
 * that and drops its reference, which closes the socket.  A connection the
 * guard ends is shut down on its socket: evhttp reads the end and frees it
 * in its own way. */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "http.h"
#include "conn_guard.h"
#include "errors.h"
#include "log.h"
#include "router.h"
#include "server.h"

#define GUARD_BUCKETS 4096 /* power of two */
#define LINE_MAX_BYTES 512 /* of the head, only the request line and a few headers are read */

enum phase { WAIT_HEAD, WAIT_BODY, BUSY, ENDING };

struct tracked {
	struct conn_guard *g;
	struct bufferevent *bev;
	enum phase phase;
	double since; /* when this phase began */
	char addr[INET6_ADDRSTRLEN];
	bool addr_known;
	/* The head as it arrives: the current line, the request line's method
	 * and path, Content-Length, and the language of the answer. */
	char line[LINE_MAX_BYTES];
	size_t line_len;
	bool first_line_done, english;
	char method[8], path[256];
	long long content_length; /* -1: none */
	struct tracked *prev, *next, *hnext;
};

struct conn_guard {
	struct server *srv;
	struct event *sweep;
	struct tracked *head;
	struct tracked *buckets[GUARD_BUCKETS];
	struct conn_guard_stats stats;
};

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t bucket_of(const struct bufferevent *bev)
{
	uintptr_t v = (uintptr_t)bev;
	return (size_t)((v >> 4) ^ (v >> 16)) & (GUARD_BUCKETS - 1);
}

static struct tracked *find(struct conn_guard *g, const struct bufferevent *bev)
{
	for (struct tracked *t = g->buckets[bucket_of(bev)]; t; t = t->hnext)
		if (t->bev == bev)
			return t;
	return NULL;
}

static void set_phase(struct tracked *t, enum phase p)
{
	t->phase = p;
	t->since = now_s();
	if (p == WAIT_HEAD) {
		t->line_len = 0;
		t->first_line_done = t->english = false;
		t->content_length = -1;
	}
}

static void forget(struct tracked *t);

/* Ends a connection: its socket is shut, evhttp reads the end and frees it
 * on the loop's next turn, which closes the descriptor.  Called from the
 * connection's own input callback (the early 413), the guard lets go of it
 * in the next sweep instead. */
static void end_connection(struct tracked *t, bool let_go_now)
{
	evutil_socket_t fd = bufferevent_getfd(t->bev);
	if (fd >= 0)
		shutdown(fd, SHUT_RDWR);
	bufferevent_enable(t->bev, EV_READ);
	if (let_go_now) {
		forget(t);
		return;
	}
	t->phase = ENDING;
	t->since = now_s();
	t->g->stats.open--;
}

/* The connection to close to make room, of one address or of all: the one
 * waiting longest for its head, else for its body (a request whose head is
 * whole is about to be served); NULL when every one is busy. */
static struct tracked *longest_waiting(struct conn_guard *g, const char *addr, struct tracked *except)
{
	struct tracked *best = NULL;
	for (int phase = WAIT_HEAD; phase <= WAIT_BODY && !best; phase++)
		for (struct tracked *t = g->head; t; t = t->next)
			if (t != except && (int)t->phase == phase &&
			    (!addr || (t->addr_known && !strcmp(t->addr, addr))) && (!best || t->since < best->since))
				best = t;
	return best;
}

static void learn_address(struct tracked *t)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	evutil_socket_t fd = bufferevent_getfd(t->bev);
	if (fd < 0 || getpeername(fd, (struct sockaddr *)&ss, &len) < 0)
		return;
	const void *a = ss.ss_family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)&ss)->sin6_addr
						 : (const void *)&((struct sockaddr_in *)&ss)->sin_addr;
	if (inet_ntop(ss.ss_family, a, t->addr, sizeof t->addr))
		t->addr_known = true;
}

/* At the per-address cap the address's longest-waiting connection makes
 * room (behind a proxy every client has the proxy's address: no cap). */
static void per_address_cap(struct tracked *t)
{
	struct conn_guard *g = t->g;
	const struct config *cfg = g->srv->cfg;
	if (cfg->trust_proxy || !cfg->max_connections_per_address || !t->addr_known)
		return;
	int same = 0;
	for (struct tracked *o = g->head; o; o = o->next)
		same += o->phase != ENDING && o->addr_known && !strcmp(o->addr, t->addr);
	if (same > cfg->max_connections_per_address) {
		struct tracked *victim = longest_waiting(g, t->addr, t);
		if (victim) {
			end_connection(victim, true);
			g->stats.evicted++;
		}
	}
}

/* 413 from the head, on the socket itself, before evhttp reads a byte of
 * the body: the answer, then the end of the connection both ways. */
static void refuse_body(struct tracked *t, enum err e)
{
	char body[256], reply[512];
	int n = snprintf(body, sizeof body, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}", error_code(e),
	                 error_message(e, t->english));
	int m = snprintf(reply, sizeof reply,
	                 "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json; charset=utf-8\r\n"
	                 "Content-Length: %d\r\nConnection: close\r\nCache-Control: no-store\r\n"
	                 "X-Content-Type-Options: nosniff\r\n\r\n%s",
	                 n, body);
	evutil_socket_t fd = bufferevent_getfd(t->bev);
	if (fd >= 0 && evbuffer_get_length(bufferevent_get_output(t->bev)) == 0 && m > 0 && (size_t)m < sizeof reply &&
	    send(fd, reply, (size_t)m, MSG_NOSIGNAL) == m) {
		t->g->stats.early_413++;
		log_info("http", "method=%s status=413 early=1", t->method);
	}
	end_connection(t, false);
}

/* The end of the head: a body larger than the route takes is refused now. */
static void head_complete(struct tracked *t)
{
	const struct config *cfg = t->g->srv->cfg;
	set_phase(t, WAIT_BODY);
	if (t->content_length <= 0)
		return;
	static const struct {
		const char *name;
		enum http_method m;
	} methods[] = {{"GET", METHOD_GET},
	               {"POST", METHOD_POST},
	               {"PUT", METHOD_PUT},
	               {"PATCH", METHOD_PATCH},
	               {"DELETE", METHOD_DELETE}};
	long long limit = http_largest_body(cfg);
	enum err e = ERR_BODY_TOO_LARGE;
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		struct route_match match;
		if (strcmp(methods[i].name, t->method) || router_match(methods[i].m, t->path, &match) != 200)
			continue;
		bool upload = match.route->flags & ROUTE_UPLOAD, chunk = match.route->flags & ROUTE_CHUNK;
		bool batch = match.route->flags & ROUTE_BATCH;
		limit = chunk             ? cfg->video_chunk_max_bytes
			: upload || batch ? cfg->max_upload_bytes
					  : cfg->max_body_bytes;
		e = upload || chunk ? ERR_FILE_TOO_LARGE : ERR_BODY_TOO_LARGE;
	}
	if (t->content_length > limit)
		refuse_body(t, e);
}

static void head_line(struct tracked *t)
{
	char *line = t->line;
	size_t n = t->line_len;
	if (n && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	if (!t->first_line_done) {
		if (n == 0)
			return; /* blank lines before a request are allowed */
		t->first_line_done = true;
		char *sp = strchr(line, ' ');
		if (!sp)
			return;
		snprintf(t->method, sizeof t->method, "%.*s", (int)(sp - line), line);
		char *path = sp + 1, *end = strpbrk(path, " ?");
		snprintf(t->path, sizeof t->path, "%.*s", (int)(end ? end - path : (long)strlen(path)), path);
		return;
	}
	if (n == 0) {
		head_complete(t);
		return;
	}
	if (!strncasecmp(line, "content-length:", 15))
		t->content_length = atoll(line + 15);
	else if (!strncasecmp(line, "accept-language:", 16)) {
		const char *v = line + 16;
		while (*v == ' ')
			v++;
		t->english = !strncasecmp(v, "en", 2);
	}
}

/* Bytes arrived: read the head as it comes, to find its end. */
static void input_added(struct evbuffer *buf, const struct evbuffer_cb_info *info, void *arg)
{
	struct tracked *t = arg;
	if (!info->n_added || t->phase == ENDING)
		return;
	if (!t->addr_known) {
		learn_address(t);
		per_address_cap(t);
	}
	if (t->phase != WAIT_HEAD)
		return;
	struct evbuffer_ptr at;
	if (evbuffer_ptr_set(buf, &at, info->orig_size, EVBUFFER_PTR_SET) < 0)
		return;
	struct evbuffer_iovec v[8];
	int nv = evbuffer_peek(buf, (ev_ssize_t)info->n_added, &at, v, 8);
	size_t left = info->n_added;
	for (int i = 0; i < nv && left && t->phase == WAIT_HEAD; i++) {
		const char *p = v[i].iov_base;
		size_t len = v[i].iov_len < left ? v[i].iov_len : left;
		left -= len;
		for (size_t k = 0; k < len && t->phase == WAIT_HEAD; k++) {
			if (p[k] == '\n') {
				head_line(t);
				t->line_len = 0;
			} else if (t->line_len < sizeof t->line - 1) {
				t->line[t->line_len++] = p[k];
			}
		}
	}
}

static void forget(struct tracked *t)
{
	struct conn_guard *g = t->g;
	struct tracked **h = &g->buckets[bucket_of(t->bev)];
	while (*h != t)
		h = &(*h)->hnext;
	*h = t->hnext;
	if (t->prev)
		t->prev->next = t->next;
	else
		g->head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	if (t->phase != ENDING)
		g->stats.open--;
	evbuffer_remove_cb(bufferevent_get_input(t->bev), input_added, t);
	bufferevent_decref(t->bev); /* evhttp let it go: this closes the socket */
	free(t);
}

/* Every connection evhttp makes comes through here. */
static struct bufferevent *new_connection(struct event_base *base, void *arg)
{
	struct conn_guard *g = arg;
	struct bufferevent *bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	struct tracked *t = bev ? calloc(1, sizeof *t) : NULL;
	if (!t)
		return bev; /* unguarded, but served */
	t->g = g;
	t->bev = bev;
	set_phase(t, WAIT_HEAD);
	bufferevent_incref(bev);
	evbuffer_add_cb(bufferevent_get_input(bev), input_added, t);
	size_t b = bucket_of(bev);
	t->hnext = g->buckets[b];
	g->buckets[b] = t;
	t->next = g->head;
	if (g->head)
		g->head->prev = t;
	g->head = t;
	/* At the cap the longest-waiting connection makes room. */
	if (++g->stats.open > g->srv->cfg->max_connections) {
		struct tracked *victim = longest_waiting(g, NULL, t);
		if (victim) {
			end_connection(victim, true);
			g->stats.evicted++;
		}
	}
	return bev;
}

static void sweep(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct conn_guard *g = arg;
	const struct config *cfg = g->srv->cfg;
	double now = now_s();
	struct tracked *t = g->head;
	while (t) {
		struct tracked *next = t->next;
		bufferevent_data_cb readcb;
		bufferevent_getcb(t->bev, &readcb, NULL, NULL, NULL);
		if (!readcb) {
			forget(t);
		} else if (t->phase == WAIT_HEAD && evbuffer_get_length(bufferevent_get_output(t->bev))) {
			/* An answer still on its way to a slow reader (a large export on
			 * a mobile network): the wait for the next head starts after it;
			 * evhttp's own write timeout (timeout_s) covers a reader that
			 * stops. */
			t->since = now;
		} else if (t->phase == WAIT_HEAD && now - t->since > cfg->request_head_timeout_s) {
			g->stats.head_timeouts++;
			end_connection(t, true);
		} else if (t->phase == WAIT_BODY && now - t->since > cfg->request_body_timeout_s) {
			g->stats.body_timeouts++;
			end_connection(t, true);
		}
		t = next;
	}
}

struct conn_guard *conn_guard_new(struct server *srv)
{
	struct conn_guard *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->srv = srv;
	g->sweep = event_new(srv->base, -1, EV_PERSIST, sweep, g);
	struct timeval tick = {0, 100000};
	if (!g->sweep || event_add(g->sweep, &tick) < 0) {
		if (g->sweep)
			event_free(g->sweep);
		free(g);
		return NULL;
	}
	evhttp_set_bevcb(srv->http, new_connection, g);
	return g;
}

void conn_guard_free(struct conn_guard *g)
{
	if (!g)
		return;
	event_free(g->sweep);
	while (g->head) {
		struct tracked *t = g->head;
		g->head = t->next;
		evbuffer_remove_cb(bufferevent_get_input(t->bev), input_added, t);
		bufferevent_decref(t->bev);
		free(t);
	}
	free(g);
}

static struct tracked *of_connection(struct conn_guard *g, struct evhttp_connection *evcon)
{
	struct bufferevent *bev = g && evcon ? evhttp_connection_get_bufferevent(evcon) : NULL;
	return bev ? find(g, bev) : NULL;
}

void conn_guard_busy(struct conn_guard *g, struct evhttp_connection *evcon)
{
	struct tracked *t = of_connection(g, evcon);
	if (t && t->phase != ENDING)
		set_phase(t, BUSY);
}

void conn_guard_waiting(struct conn_guard *g, struct evhttp_connection *evcon)
{
	struct tracked *t = of_connection(g, evcon);
	if (t && t->phase != ENDING)
		set_phase(t, WAIT_HEAD);
}

int conn_guard_make_room(struct conn_guard *g, int n)
{
	int ended = 0;
	for (struct tracked *victim; g && ended < n && (victim = longest_waiting(g, NULL, NULL)); ended++) {
		end_connection(victim, true);
		g->stats.evicted++;
	}
	return ended;
}

void conn_guard_get_stats(struct conn_guard *g, struct conn_guard_stats *out)
{
	if (g)
		*out = g->stats;
	else
		memset(out, 0, sizeof *out);
}
