#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <event2/util.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "account_store.h"
#include "store.h"
#include "body.h"
#include "defaults.h"
#include "http.h"
#include "conn_guard.h"
#include "idempotency.h"
#include "idempotency_store.h"
#include "log.h"
#include "metrics.h"
#include "organisation.h"
#include "organisation_store.h"
#include "pool.h"
#include "server.h"
#include "validate.h"

int64_t now_seconds(void) { return (int64_t)time(NULL); }

uint64_t now_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

const char *iso8601(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

const char *req_header(const struct req *r, const char *name)
{
	return evhttp_find_header(evhttp_request_get_input_headers(r->ev), name);
}

const char *req_query(const struct req *r, const char *name)
{
	return r->has_query ? evhttp_find_header(&((struct req *)r)->query, name) : NULL;
}

void *req_state_new(struct req *r, size_t size, void (*state_free)(void *))
{
	void *st = calloc(1, size);
	if (!st) {
		req_fail(r, ERR_BUSY, NULL);
		return NULL;
	}
	r->state = st;
	r->state_free = state_free ? state_free : free;
	return st;
}

void req_state_release(struct req *r)
{
	if (r->state && r->state_free)
		r->state_free(r->state);
	r->state = NULL;
	r->state_free = NULL;
}

int req_body_check(struct req *r, const struct field_spec *specs)
{
	struct body_error err;
	if (body_check(r->body, specs, &err) == 0)
		return 0;
	req_fail(r, err.code, err.field);
	return -1;
}

json_t *req_body_checked_copy(struct req *r, const struct field_spec *specs,
                              const char *(*check)(struct req *r, json_t *copy, enum err *code))
{
	if (req_body_check(r, specs) < 0)
		return NULL;
	json_t *copy = json_deep_copy(r->body);
	if (!copy) {
		req_fail(r, ERR_BUSY, NULL);
		return NULL;
	}
	enum err code;
	const char *bad = check(r, copy, &code);
	if (bad) {
		req_fail(r, code, bad); /* bad may point into copy: fail before freeing it */
		json_decref(copy);
		return NULL;
	}
	return copy;
}

int64_t req_param_id(const struct req *r, size_t i)
{
	if (i >= r->nparams)
		return -1;
	const char *s = r->param[i];
	size_t n = strlen(s);
	if (n == 0 || n > 18 || strspn(s, "0123456789") != n || s[0] == '0')
		return -1;
	return strtoll(s, NULL, 10);
}

int req_query_id(const struct req *r, const char *name, int64_t *out)
{
	const char *s = req_query(r, name);
	if (!s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0)
		return -1;
	*out = v;
	return 1;
}

const char *const req_query_booleans[] = {"true", "false", NULL};

int req_query_choice(struct req *r, const char *name, const char *const *choices, const char **out)
{
	*out = req_query(r, name);
	if (*out && !valid_choice(*out, choices)) {
		req_fail(r, ERR_QUERY_INVALID, name);
		return -1;
	}
	return 0;
}

/* ---- the one place a reply leaves and a request is freed ---- */

static void req_free(struct req *r)
{
	if (r->state_free)
		r->state_free(r->state);
	if (r->idempotency_key)
		idempotency_end(r->srv->idempotency, r->idempotency_scope, r->idempotency_key);
	free(r->idempotency_scope);
	free(r->idempotency_key);
	free(r->pending_body);
	free(r->held_type);
	free(r->held_body);
	if (r->has_query)
		evhttp_clear_headers(&r->query);
	json_decref(r->body);
	free(r->path);
	free(r);
}

/* API answers are data, never a document: nothing in them may run.  The
 * dashboard's own files may load each other and call the API, nothing
 * else (no inline script, no other origin). */
#define CSP_API "default-src 'none'; frame-ancestors 'none'; sandbox"
#define CSP_HTML \
	"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
#define CSP_PAGE \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self'; " \
	"connect-src 'self'; manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; " \
	"form-action 'none'"

static void add_common_headers(struct req *r)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(r->ev);
	evhttp_add_header(out, "X-Request-Id", r->id);
	char cache[48];
	if (r->public_max_age > 0)
		snprintf(cache, sizeof cache, "public, max-age=%d", r->public_max_age);
	evhttp_add_header(out, "Cache-Control", r->public_max_age > 0 ? cache : r->page ? "no-cache" : "no-store");
	evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(out, "X-Frame-Options", "DENY");
	evhttp_add_header(out, "Referrer-Policy", "no-referrer");
	evhttp_add_header(out, "Content-Security-Policy", r->page ? CSP_PAGE : r->html ? CSP_HTML : CSP_API);
	if (r->srv->shutting_down)
		evhttp_add_header(out, "Connection", "close");
}

/* libevent 2.1 knows no phrase for these and would say "Client Error". */
static const char *reason_phrase(int status)
{
	switch (status) {
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	default: return NULL;
	}
}

static void send_buffer(struct req *r, int status, struct evbuffer *buf);

static void send_now(struct req *r, int status, const char *content_type, const char *body, size_t len)
{
	if (r->holding) {
		/* Before the commit: kept, sent once the transaction is durable. */
		free(r->held_type);
		free(r->held_body);
		r->held_type = strdup(content_type ? content_type : "");
		r->held_body = len ? malloc(len) : NULL;
		if (len && r->held_body)
			memcpy(r->held_body, body, len);
		r->held_len = r->held_body ? len : 0;
		r->held_status = r->held_type && (r->held_body || !len) ? status : 503;
		r->held = true;
		return;
	}
	add_common_headers(r);
	struct evbuffer *buf = evbuffer_new();
	if (body && buf) {
		evhttp_add_header(evhttp_request_get_output_headers(r->ev), "Content-Type", content_type);
		evbuffer_add(buf, body, len);
	}
	send_buffer(r, status, buf);
}

/* The reply with buf (NULL: none) as its body; the request ends here. */
static void send_buffer(struct req *r, int status, struct evbuffer *buf)
{
	struct server *srv = r->srv;
	/* HEAD: the headers GET would have, the length included, and no body
	 * (evhttp would send one). */
	if (buf && evhttp_request_get_command(r->ev) == EVHTTP_REQ_HEAD) {
		char length[24];
		snprintf(length, sizeof length, "%zu", evbuffer_get_length(buf));
		evhttp_add_header(evhttp_request_get_output_headers(r->ev), "Content-Length", length);
		evbuffer_free(buf);
		buf = NULL;
	}
	conn_guard_waiting(srv->guard, evhttp_request_get_connection(r->ev));
	evhttp_send_reply(r->ev, status, reason_phrase(status), buf);
	if (buf)
		evbuffer_free(buf);
	double seconds = (double)(now_mono_ns() - r->started_ns) / 1e9;
	metrics_record(srv->metrics, r->route_index, status, seconds);
	/* Access log: route pattern, never the path (ids) or the address. */
	log_info("http", "rid=%s method=%s route=%s status=%d ms=%.2f account=%lld", r->id,
	         r->route ? method_name(r->route->method) : "-", r->route ? r->route->pattern : "unmatched", status,
	         seconds * 1000, (long long)r->who.account_id);
	srv->inflight--;
	req_free(r);
}

static int idempotent_storable(int status)
{
	/* Replays must not freeze a transient answer. */
	return status < 500 && status != 401 && status != 409 && status != 429;
}

struct idem_save {
	struct req *r;
};

static int idem_save_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	return idempotency_save(db, r->idempotency_scope, r->idempotency_key, r->request_digest, r->pending_status,
	                        r->pending_body, now_seconds()) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void idem_save_done(void *arg, int result)
{
	struct req *r = arg;
	if (result != WRITE_OK) {
		/* The change itself is committed; only the replay record is lost.
		 * Say so instead of pretending the key will replay. */
		log_warn("idempotency_save", "rid=%s result=%d", r->id, result);
	}
	char *body = r->pending_body;
	r->pending_body = NULL;
	send_now(r, r->pending_status, "application/json; charset=utf-8", body, body ? strlen(body) : 0);
	free(body);
}

void req_reply(struct req *r, int status, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (body && !text) {
		status = 503;
		text = strdup("{\"error\":{\"code\":\"busy\",\"message\":\"out of memory\"}}");
	}
	if (r->commit_failed && status < 500) {
		/* The write this answer reports was not committed. */
		free(text);
		r->commit_failed = false;
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (r->idempotency_key && idempotent_storable(status) && r->holding) {
		/* In the effect's own transaction (r->srv->reader is the writer's
		 * connection while holding): the key, the request's digest and
		 * this reply commit with the effect or not at all. */
		if (idempotency_save(r->srv->reader, r->idempotency_scope, r->idempotency_key, r->request_digest,
		                     status, text, now_seconds()) == 0)
			r->reply_stored = true;
		else
			log_warn("idempotency_save", "rid=%s in_transaction=1", r->id);
		send_now(r, status, "application/json; charset=utf-8", text, text ? strlen(text) : 0);
		free(text);
		return;
	}
	if (r->idempotency_key && idempotent_storable(status)) {
		r->pending_status = status;
		r->pending_body = text;
		if (r->srv->writer && writer_submit(r->srv->writer, idem_save_write, idem_save_done, r) == 0)
			return;
		r->pending_body = NULL;
	}
	send_now(r, status, "application/json; charset=utf-8", text, text ? strlen(text) : 0);
	free(text);
}

void req_reply_raw(struct req *r, int status, const char *content_type, const char *body, size_t len)
{
	send_now(r, status, content_type, body, len);
}

void req_reply_cacheable(struct req *r, const char *body, size_t len, int max_age_s)
{
	unsigned char hash[16];
	char hex[33], etag[40];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)body, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	snprintf(etag, sizeof etag, "\"%s\"", hex);
	r->public_max_age = max_age_s;
	evhttp_add_header(evhttp_request_get_output_headers(r->ev), "ETag", etag);
	const char *match = req_header(r, "If-None-Match");
	if (match && strstr(match, etag)) {
		send_now(r, 304, NULL, NULL, 0);
		return;
	}
	send_now(r, 200, "application/json; charset=utf-8", body, len);
}

void req_reply_html(struct req *r, int status, const char *html, size_t len)
{
	r->html = true;
	send_now(r, status, "text/html; charset=utf-8", html, len);
}

int req_wants_html(const struct req *r)
{
	const char *accept = req_header(r, "Accept");
	const char *html = accept ? strstr(accept, "text/html") : NULL,
		   *json = accept ? strstr(accept, "application/json") : NULL;
	return html && (!json || html < json);
}

void req_add_header(struct req *r, const char *name, const char *value)
{
	evhttp_add_header(evhttp_request_get_output_headers(r->ev), name, value);
}

void req_reply_page(struct req *r, const char *content_type, const char *body, size_t len)
{
	r->page = true;
	send_now(r, 200, content_type, body, len);
}

void req_reply_file(struct req *r, const char *media_type, const void *data, size_t len, const char *filename)
{
	char disposition[160];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
	struct evkeyvalq *out = evhttp_request_get_output_headers(r->ev);
	evhttp_add_header(out, "Content-Disposition", disposition);
	send_now(r, 200, media_type, data, len);
}

void req_reply_segment(struct req *r, int status, const char *media_type, int fd, int64_t offset, int64_t length)
{
	add_common_headers(r);
	evhttp_add_header(evhttp_request_get_output_headers(r->ev), "Content-Type", media_type);
	/* A buffer that only ever drains to the socket: libevent then keeps the
	 * segment for sendfile instead of mapping the file into memory. */
	struct evbuffer *buf = evbuffer_new();
	if (buf)
		evbuffer_set_flags(buf, EVBUFFER_FLAG_DRAINS_TO_FD);
	struct evbuffer_file_segment *seg = buf ? evbuffer_file_segment_new(fd, offset, length, EVBUF_FS_CLOSE_ON_FREE)
						: NULL;
	if (!seg || evbuffer_add_file_segment(buf, seg, 0, length) < 0) {
		if (!seg)
			close(fd);
		if (seg)
			evbuffer_file_segment_free(seg);
		if (buf)
			evbuffer_free(buf);
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	evbuffer_file_segment_free(seg); /* the buffer holds its own reference */
	struct evhttp_connection *con = evhttp_request_get_connection(r->ev);
	struct bufferevent *bev = con ? evhttp_connection_get_bufferevent(con) : NULL;
	if (bev)
		bufferevent_priority_set(bev, EVENT_PRIORITIES - 1);
	send_buffer(r, status, buf);
}

static json_t *error_body(struct req *r, enum err e, const char *field)
{
	json_t *err = json_pack("{s:s, s:s}", "code", error_code(e), "message", error_message(e, r->english));
	if (err && field)
		json_object_set_new(err, "field", json_string(field));
	return json_pack("{s:o}", "error", err);
}

void req_fail(struct req *r, enum err e, const char *field)
{
	/* 503 says "the store or a queue cannot take the work" and nothing else:
	 * monitoring reads it as an outage.  A write the schema refused is the
	 * request's own conflict with the data. */
	if (e == ERR_STORE && r->write_constraint)
		e = ERR_DATA_CONFLICT;
	if (error_status(e) == 503)
		evhttp_add_header(evhttp_request_get_output_headers(r->ev), "Retry-After", "1");
	req_reply(r, error_status(e), error_body(r, e, field));
}

void req_fail_retry(struct req *r, enum err e, int retry_after_s)
{
	char v[16];
	snprintf(v, sizeof v, "%d", retry_after_s > 0 ? retry_after_s : 1);
	evhttp_add_header(evhttp_request_get_output_headers(r->ev), "Retry-After", v);
	req_reply(r, error_status(e), error_body(r, e, NULL));
}

/* ---- pool and writer steps of a request ---- */

struct step {
	struct req *r;
	void (*run)(struct req *);
	void (*done)(struct req *);
	void (*write_done)(struct req *, int);
	write_fn fn;
	bool prepared; /* its done step ran before the commit (step_prepare) */
};

static void step_run(void *arg)
{
	struct step *s = arg;
	s->run(s->r);
}

static void step_done(void *arg)
{
	struct step *s = arg;
	struct req *r = s->r;
	void (*done)(struct req *) = s->done;
	free(s);
	done(r);
}

/* Shutdown took it from the queue before it ran. */
static void step_cancelled(void *arg)
{
	struct step *s = arg;
	struct req *r = s->r;
	free(s);
	req_fail(r, ERR_SHUTTING_DOWN, NULL);
}

static int submit_step(struct req *r, struct pool *pool, void (*run)(struct req *), void (*done)(struct req *))
{
	struct step *s = malloc(sizeof *s);
	if (s) {
		*s = (struct step){.r = r, .run = run, .done = done};
		int rc = pool ? pool_submit_cancellable(pool, step_run, step_done, step_cancelled, s) : -1;
		if (rc == 0)
			return 0;
		free(s);
		if (rc == -2) { /* it would start too late to be of use: say when to come back */
			req_fail_retry(r, ERR_BUSY, (int)(pool_expected_wait_ms(pool) / 1000) + 1);
			return -1;
		}
	}
	req_fail(r, ERR_BUSY, NULL);
	return -1;
}

int req_pool(struct req *r, void (*run)(struct req *), void (*done)(struct req *))
{
	return submit_step(r, r->srv->pool, run, done);
}

int req_read_pool(struct req *r, void (*run)(struct req *), void (*done)(struct req *))
{
	return submit_step(r, r->srv->read_pool, run, done);
}

static int step_write(struct dbconn *db, void *arg)
{
	struct step *s = arg;
	return s->fn(db, s->r);
}

static void step_write_done(void *arg, int result)
{
	struct step *s = arg;
	struct req *r = s->r;
	void (*done)(struct req *, int) = s->write_done;
	if (result == WRITE_CANCELLED) {
		step_cancelled(s);
		return;
	}
	free(s);
	r->write_constraint = result == WRITE_CONSTRAINT;
	done(r, r->write_constraint ? WRITE_STORE_ERROR : result);
}

/* A write with an Idempotency-Key, on the loop thread before its batch
 * commits (writer.h): the handler's done step runs with the writer's
 * connection in place of the reader, so that it reads what its write did;
 * its reply is stored by req_reply() in the same transaction and held.  A
 * handler that goes on to more work (a pool step, another write) replies
 * later: its key is then kept as taken without a reply, so that a retry
 * never does the work twice. */
static void step_prepare(void *arg, int result, struct dbconn *db)
{
	struct step *s = arg;
	struct req *r = s->r;
	struct dbconn *reader = r->srv->reader;
	r->srv->reader = db;
	r->holding = true;
	r->prepared_result = result;
	s->prepared = true;
	r->write_constraint = result == WRITE_CONSTRAINT;
	s->write_done(r, r->write_constraint ? WRITE_STORE_ERROR : result);
	r->holding = false;
	if (result == WRITE_OK && r->idempotency_key && !r->reply_stored &&
	    idempotency_save(r->srv->reader, r->idempotency_scope, r->idempotency_key, r->request_digest, 0, "",
	                     now_seconds()) < 0)
		log_warn("idempotency_save", "rid=%s in_transaction=1 reply=later", r->id);
	r->srv->reader = reader;
}

/* After the commit: the held reply goes out, or, when the commit failed,
 * 503 in its place. */
static void step_prepared_done(void *arg, int result)
{
	struct step *s = arg;
	struct req *r = s->r;
	if (!s->prepared) { /* the batch failed before its prepare steps */
		step_write_done(arg, result);
		return;
	}
	free(s);
	bool committed = result == r->prepared_result;
	if (!r->held) { /* still working: its later answer must know */
		r->commit_failed = !committed;
		return;
	}
	r->held = false;
	if (!committed) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	char *type = r->held_type, *body = r->held_body;
	r->held_type = r->held_body = NULL;
	send_now(r, r->held_status, type, body, r->held_len);
	free(type);
	free(body);
}

static int submit_write(struct req *r, write_fn fn, void (*done)(struct req *, int result), bool alone)
{
	struct step *s = malloc(sizeof *s);
	if (s) {
		*s = (struct step){.r = r, .fn = fn, .write_done = done};
		struct writer *w = r->srv->writer;
		int rc = !w ? -1
			: r->idempotency_key
			? writer_submit_request(w, step_write, step_prepare, step_prepared_done, s, alone)
			: writer_submit_request(w, step_write, NULL, step_write_done, s, alone);
		if (rc == 0)
			return 0;
		free(s);
		if (rc == -2) {
			req_fail_retry(r, ERR_BUSY, (int)(writer_expected_wait_ms(w) / 1000) + 1);
			return -1;
		}
	}
	req_fail(r, ERR_BUSY, NULL);
	return -1;
}

int req_write(struct req *r, write_fn fn, void (*done)(struct req *, int result))
{
	return submit_write(r, fn, done, false);
}

int req_write_alone(struct req *r, write_fn fn, void (*done)(struct req *, int result))
{
	return submit_write(r, fn, done, true);
}

/* ---- request intake: parse, route, authenticate, decode, dispatch ---- */

/* Request ids: a random prefix drawn once per process and a counter, so
 * that ids are unique across restarts without a getrandom() per request. */
static char request_id_prefix[12];
static uint64_t request_counter;

static void assign_request_id(struct req *r)
{
	const char *given = req_header(r, "X-Request-Id");
	size_t n = given ? strlen(given) : 0;
	if (n > 0 && n <= REQUEST_ID_MAX &&
	    strspn(given, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n) {
		memcpy(r->id, given, n + 1);
		return;
	}
	if (!request_id_prefix[0]) {
		unsigned char raw[6];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2base64(request_id_prefix, sizeof request_id_prefix, raw, sizeof raw,
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	}
	snprintf(r->id, sizeof r->id, "%s-%llx", request_id_prefix, (unsigned long long)++request_counter);
}

static int method_of(enum evhttp_cmd_type t, enum http_method *m)
{
	switch (t) {
	case EVHTTP_REQ_GET:
	case EVHTTP_REQ_HEAD: *m = METHOD_GET; return 0;
	case EVHTTP_REQ_POST: *m = METHOD_POST; return 0;
	case EVHTTP_REQ_PUT: *m = METHOD_PUT; return 0;
	case EVHTTP_REQ_PATCH: *m = METHOD_PATCH; return 0;
	case EVHTTP_REQ_DELETE: *m = METHOD_DELETE; return 0;
	default: return -1;
	}
}

static void set_allow(struct req *r, unsigned allowed)
{
	char allow[64] = "";
	for (int m = 0; m < METHOD_COUNT; m++)
		if (allowed & (1u << m)) {
			if (*allow)
				strcat(allow, ", ");
			strcat(allow, method_name(m));
			if (m == METHOD_GET)
				strcat(allow, ", HEAD");
		}
	evhttp_add_header(evhttp_request_get_output_headers(r->ev), "Allow", allow);
}

long long http_largest_body(const struct config *cfg)
{
	long long most = cfg->max_body_bytes;
	if (cfg->max_upload_bytes > most)
		most = cfg->max_upload_bytes;
	return cfg->video_chunk_max_bytes > most ? cfg->video_chunk_max_bytes : most;
}

static void client_address(struct req *r)
{
	const char *real = r->srv->cfg->trust_proxy ? req_header(r, "X-Real-IP") : NULL;
	if (real && strlen(real) < sizeof r->address) {
		strcpy(r->address, real);
		return;
	}
	char *addr = NULL;
	ev_uint16_t port;
	struct evhttp_connection *con = evhttp_request_get_connection(r->ev);
	if (con)
		evhttp_connection_get_peer(con, &addr, &port);
	snprintf(r->address, sizeof r->address, "%s", addr ? addr : "unknown");
}

/* Finds the session of the request's bearer token: 1 and r->who set, 0
 * when there is none or it is not valid, -1 on a store error. */
static int session_of(struct req *r)
{
	const char *h = req_header(r, "Authorization");
	unsigned char raw[TOKEN_BYTES], digest[DIGEST_BYTES];
	if (!h || strncmp(h, "Bearer ", 7) != 0 || token_parse(h + 7, raw) < 0)
		return 0;
	token_digest(&r->srv->keys, raw, digest);
	int found = account_by_session(r->srv->reader, digest, now_seconds(), &r->who);
	if (found <= 0)
		memset(&r->who, 0, sizeof r->who);
	return found;
}

void req_authenticate_optional(struct req *r)
{
	if (!r->who.account_id)
		session_of(r);
}

/* 0: r->who is set or the route is public; -1: answered. */
static int authenticate(struct req *r)
{
	if (r->route->roles == ROLES_PUBLIC)
		return 0;
	int found = session_of(r);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_UNAUTHENTICATED, NULL);
		return -1;
	}
	if (!(r->route->roles & r->who.role)) {
		req_fail(r, ERR_FORBIDDEN, NULL);
		return -1;
	}
	return 0;
}

/* 0 when the route does not need a verified organisation, or the caller
 * is staff or one in good standing; -1: answered 403 with the reason. */
static int organisation_in_standing(struct req *r)
{
	if (!(r->route->flags & ROUTE_VERIFIED_ORG) || !(r->who.role & ROLES_ORGANISATION))
		return 0;
	int standing = organisation_standing(r->srv->reader, r->who.account_id);
	if (standing == ORG_VERIFIED)
		return 0;
	req_fail(r,
	         standing < 0                        ? ERR_STORE
	                 : standing == ORG_SUSPENDED ? ERR_ORG_SUSPENDED
	                 : standing == ORG_REJECTED  ? ERR_ORG_REJECTED
	                                             : ERR_ORG_NOT_VERIFIED,
	         NULL);
	return -1;
}

static int decode_body(struct req *r)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t len = evbuffer_get_length(in);
	/* evhttp enforces the larger upload limit for every route; JSON routes
	 * keep their own, smaller one. */
	if (!(r->route->flags & (ROUTE_UPLOAD | ROUTE_CHUNK)) &&
	    len > (size_t)((r->route->flags & ROUTE_BATCH) ? r->srv->cfg->max_upload_bytes
	                                                   : r->srv->cfg->max_body_bytes)) {
		req_fail(r, ERR_BODY_TOO_LARGE, NULL);
		return -1;
	}
	if ((r->route->flags & ROUTE_UPLOAD) && len > (size_t)r->srv->cfg->max_upload_bytes) {
		req_fail(r, ERR_FILE_TOO_LARGE, NULL);
		return -1;
	}
	if (!(r->route->flags & ROUTE_JSON_BODY))
		return 0;
	const char *ct = req_header(r, "Content-Type");
	if (len > 0 && (!ct || strncasecmp(ct, "application/json", 16) != 0)) {
		req_fail(r, ERR_MEDIA_TYPE, NULL);
		return -1;
	}
	struct body_error err;
	const char *text = len ? (const char *)evbuffer_pullup(in, -1) : "";
	r->body = body_parse(text, len, &err);
	if (!r->body) {
		req_fail(r, err.code, NULL);
		return -1;
	}
	if (!json_is_object(r->body)) {
		req_fail(r, ERR_BODY_NOT_OBJECT, NULL);
		return -1;
	}
	return 0;
}

/* 0: go on to the handler; -1: answered (replayed, refused or busy). */
static int idempotency_intake(struct req *r)
{
	const char *key = req_header(r, "Idempotency-Key");
	if (!key || r->method != METHOD_POST || !(r->route->flags & ROUTE_IDEMPOTENT))
		return 0;
	if (idempotency_key_valid(key) < 0) {
		req_fail(r, ERR_IDEM_KEY_INVALID, NULL);
		return -1;
	}
	char scope[256];
	snprintf(scope, sizeof scope, "%lld %s %s", (long long)r->who.account_id, method_name(r->route->method),
	         r->route->pattern);
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t len = evbuffer_get_length(in);
	crypto_generichash(r->request_digest, DIGEST_BYTES, len ? evbuffer_pullup(in, -1) : (const unsigned char *)"",
	                   len, NULL, 0);
	struct stored_reply stored;
	int found = idempotency_lookup(r->srv->reader, scope, key, &stored);
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return -1;
	}
	if (found) {
		int same = sodium_memcmp(stored.request_digest, r->request_digest, DIGEST_BYTES) == 0;
		if (!same) {
			free(stored.body);
			req_fail(r, ERR_IDEM_KEY_REUSED, NULL);
			return -1;
		}
		if (stored.status == 0) {
			/* Done, its answer still to come (the first request is still
			 * at work), or lost with a crash between the two: never again. */
			free(stored.body);
			int running = idempotency_begin(r->srv->idempotency, scope, key) < 0;
			if (!running)
				idempotency_end(r->srv->idempotency, scope, key);
			req_fail(r, running ? ERR_IDEM_IN_PROGRESS : ERR_IDEM_DONE_NO_REPLY, NULL);
			return -1;
		}
		metrics_count_replay(r->srv->metrics);
		evhttp_add_header(evhttp_request_get_output_headers(r->ev), "Idempotent-Replayed", "true");
		send_now(r, stored.status, "application/json; charset=utf-8", stored.body, strlen(stored.body));
		free(stored.body);
		return -1;
	}
	if (idempotency_begin(r->srv->idempotency, scope, key) < 0) {
		req_fail(r, ERR_IDEM_IN_PROGRESS, NULL);
		return -1;
	}
	r->idempotency_scope = strdup(scope);
	r->idempotency_key = strdup(key);
	if (!r->idempotency_scope || !r->idempotency_key) {
		idempotency_end(r->srv->idempotency, scope, key);
		free(r->idempotency_scope);
		free(r->idempotency_key);
		r->idempotency_scope = r->idempotency_key = NULL;
		req_fail(r, ERR_BUSY, NULL);
		return -1;
	}
	return 0;
}

/* Splits the decoded path at the route's parameters into NUL-terminated
 * copies inside r->path (which the match pointed into). */
static void take_params(struct req *r, const struct route_match *m)
{
	r->nparams = m->nparams;
	for (size_t i = 0; i < m->nparams; i++) {
		char *p = (char *)m->param[i];
		p[m->param_len[i]] = '\0';
		r->param[i] = p;
	}
}

static void on_request(struct evhttp_request *ev, void *arg)
{
	struct server *srv = arg;
	struct req *r = calloc(1, sizeof *r);
	if (!r) {
		evhttp_send_error(ev, 503, NULL);
		return;
	}
	r->srv = srv;
	r->ev = ev;
	r->started_ns = now_mono_ns();
	conn_guard_busy(srv->guard, evhttp_request_get_connection(ev));
	r->route_index = routes_count;
	srv->inflight++;
	assign_request_id(r);
	const char *lang = req_header(r, "Accept-Language");
	r->english = lang && strncasecmp(lang, "en", 2) == 0;

	if (srv->shutting_down) {
		req_fail(r, ERR_SHUTTING_DOWN, NULL);
		return;
	}
	enum evhttp_cmd_type cmd = evhttp_request_get_command(ev);
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ev);
	const char *raw_path = uri ? evhttp_uri_get_path(uri) : NULL;
	size_t decoded_len = 0;
	r->path = evhttp_uridecode(raw_path && *raw_path ? raw_path : "/", 0, &decoded_len);
	if (!r->path || strlen(r->path) != decoded_len) {
		req_fail(r, ERR_ROUTE_NOT_FOUND, NULL);
		return;
	}
	const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
	if (query) {
		r->has_query = true;
		if (evhttp_parse_query_str(query, &r->query) < 0) {
			req_fail(r, ERR_QUERY_INVALID, NULL);
			return;
		}
	}
	struct route_match m;
	if (cmd == EVHTTP_REQ_OPTIONS) {
		if (router_match(METHOD_COUNT, r->path, &m) == 404) {
			req_fail(r, ERR_ROUTE_NOT_FOUND, NULL);
			return;
		}
		set_allow(r, m.allowed);
		req_reply(r, 204, NULL);
		return;
	}
	if (method_of(cmd, &r->method) < 0) {
		req_fail(r, ERR_METHOD, NULL);
		return;
	}
	int status = router_match(r->method, r->path, &m);
	if (status == 404) {
		req_fail(r, ERR_ROUTE_NOT_FOUND, NULL);
		return;
	}
	if (status == 405) {
		set_allow(r, m.allowed);
		req_fail(r, ERR_METHOD, NULL);
		return;
	}
	r->route = m.route;
	r->route_index = (size_t)(m.route - routes);
	take_params(r, &m);
	client_address(r);
	if (authenticate(r) < 0 || organisation_in_standing(r) < 0 || decode_body(r) < 0 || idempotency_intake(r) < 0)
		return;
	r->route->handler(r);
}

/* ---- listener: connection cap and accept pause ---- */

static void on_accept_resume(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (srv->bound && !srv->shutting_down)
		evconnlistener_enable(evhttp_bound_socket_get_listener(srv->bound));
}

/* evhttp_bind_listener() makes evhttp the listener's user data, so the error
 * callback cannot be handed our server: it is kept here (one per process). */
static struct server *listening_server;

static void on_accept_error(struct evconnlistener *listener, void *arg)
{
	(void)arg;
	struct server *srv = listening_server;
	int err = EVUTIL_SOCKET_ERROR();
	if (err != EMFILE && err != ENFILE && err != ENOBUFS && err != ENOMEM) {
		log_warn("accept", "error=\"%s\"", evutil_socket_error_to_string(err));
		return;
	}
	/* Out of descriptors: the connection cap (RLIMIT_NOFILE) is reached.
	 * The longest-waiting connections make room (their descriptors close on
	 * the loop's next turn), so that whoever waits in the backlog behind a
	 * flood gets in; accepting stops for a moment instead of spinning on
	 * accept(), shorter when room was made. */
	int made = conn_guard_make_room(srv->guard, HTTP_ACCEPT_ROOM);
	evconnlistener_disable(listener);
	int ms = made ? HTTP_ACCEPT_ROOM_PAUSE_MS : HTTP_ACCEPT_PAUSE_MS;
	struct timeval pause = {ms / 1000, (ms % 1000) * 1000};
	evtimer_add(srv->accept_resume, &pause);
	metrics_count_accept_pause(srv->metrics);
	log_warn("accept_pause", "reason=\"%s\" ms=%d closed=%d", evutil_socket_error_to_string(err), ms, made);
}

/* evhttp 2.1 has no connection cap: the descriptor limit is the cap, sized
 * to max_connections plus a reserve for the store, spool and backups. */
static void cap_descriptors(int max_connections)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	rlim_t want = (rlim_t)max_connections + HTTP_FD_RESERVE;
	if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max) {
		log_warn("connection_cap", "max_connections=%d limited_by_hard_nofile=%lu", max_connections,
		         (unsigned long)rl.rlim_max);
		want = rl.rlim_max;
	}
	rl.rlim_cur = want;
	setrlimit(RLIMIT_NOFILE, &rl);
}

int http_start(struct server *srv, char *err, size_t errlen)
{
	struct config *cfg = srv->cfg;
	cap_descriptors(cfg->max_connections);
	srv->http = evhttp_new(srv->base);
	srv->accept_resume = evtimer_new(srv->base, on_accept_resume, srv);
	if (!srv->http || !srv->accept_resume) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	evhttp_set_timeout(srv->http, cfg->timeout_s);
	evhttp_set_max_headers_size(srv->http, cfg->max_header_bytes);
	evhttp_set_max_body_size(srv->http, http_largest_body(cfg));
	/* Without lingering close a client whose body is too large sees a reset
	 * instead of our 413. */
	evhttp_set_flags(srv->http, EVHTTP_SERVER_LINGERING_CLOSE);
	evhttp_set_allowed_methods(srv->http,
	                           EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
	                                   EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS);
	evhttp_set_gencb(srv->http, on_request, srv);
	srv->guard = conn_guard_new(srv);
	if (!srv->guard) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}

	/* evutil_parse_sockaddr_port() refuses port 0, which tests use to get a
	 * free port: build the address directly. */
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	int sslen;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, cfg->listen_address, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)cfg->port);
		sslen = sizeof *v4;
	} else if (inet_pton(AF_INET6, cfg->listen_address, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)cfg->port);
		sslen = sizeof *v6;
	} else {
		snprintf(err, errlen, "listen_address: \"%s\" is not an IPv4 or IPv6 address", cfg->listen_address);
		return -1;
	}
	struct evconnlistener *l = evconnlistener_new_bind(
		srv->base, NULL, NULL, LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 1024,
		(struct sockaddr *)&ss, sslen);
	if (!l) {
		snprintf(err, errlen, "cannot listen on %s port %d: %s", cfg->listen_address, cfg->port,
		         evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		return -1;
	}
	/* Replies of more than one segment would otherwise wait ~40 ms for the
	 * client's delayed ACK (Nagle).  Linux gives accepted sockets the
	 * listener's TCP_NODELAY. */
	int one = 1;
	setsockopt(evconnlistener_get_fd(l), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	listening_server = srv;
	evconnlistener_set_error_cb(l, on_accept_error);
	srv->bound = evhttp_bind_listener(srv->http, l);
	if (!srv->bound) {
		evconnlistener_free(l);
		snprintf(err, errlen, "cannot bind evhttp to the listener");
		return -1;
	}
	struct sockaddr_storage bound;
	socklen_t blen = sizeof bound;
	if (getsockname(evconnlistener_get_fd(l), (struct sockaddr *)&bound, &blen) == 0)
		srv->port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
		                                              : ((struct sockaddr_in *)&bound)->sin_port);
	return 0;
}

void http_stop_accepting(struct server *srv)
{
	if (srv->bound) {
		evhttp_del_accept_socket(srv->http, srv->bound);
		srv->bound = NULL;
	}
	if (srv->accept_resume)
		evtimer_del(srv->accept_resume);
}

void http_free(struct server *srv)
{
	if (srv->http)
		evhttp_free(srv->http);
	srv->http = NULL;
	conn_guard_free(srv->guard); /* after evhttp: it drops the last references */
	srv->guard = NULL;
	if (srv->accept_resume)
		event_free(srv->accept_resume);
	srv->accept_resume = NULL;
}
