/*
 * The HTTP front: evhttp set-up with every limit, the listener with its
 * accept pause, and the per-request context.  Each request gets exactly one
 * reply, sent by req_reply()/req_fail() on the loop thread, which also frees
 * the request's state.  Slow work goes through req_pool()/req_write(), whose
 * done callbacks run on the loop thread and end in one of those replies.
 */
#ifndef SIDAKERD_HTTP_H
#define SIDAKERD_HTTP_H

#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "crypto.h"
#include "errors.h"
#include "router.h"
#include "writer.h"

struct config;

struct server;
struct evhttp_request;

struct principal {
	int64_t account_id; /* 0: anonymous */
	enum role role;
	char verification[12]; /* organisations: pending | verified | rejected */
	unsigned char session_digest[DIGEST_BYTES];
};

struct req {
	struct server *srv;
	struct evhttp_request *ev;
	const struct route *route;
	size_t route_index; /* index into routes[]; routes_count when unmatched */
	enum http_method method;
	char id[REQUEST_ID_MAX + 1];
	uint64_t started_ns;
	char *path; /* decoded path; params point into it */
	const char *param[ROUTE_MAX_PARAMS];
	size_t nparams;
	struct evkeyvalq query;
	bool has_query;
	json_t *body;
	bool page; /* a dashboard file: its own CSP (http.c) */
	bool html; /* a small page of our own: inline style only (http.c) */
	int public_max_age; /* > 0: public reference data, cacheable this long (s) */
	struct principal who;
	bool english;
	char address[64]; /* client address: rate limits only, never logged */
	char *idempotency_scope; /* set when this POST carries an Idempotency-Key */
	char *idempotency_key;
	unsigned char request_digest[DIGEST_BYTES];
	/* Handler state carried across pool and writer steps. */
	void *state;
	void (*state_free)(void *state);
	/* The last write of this request failed on a schema constraint: an
	 * ERR_STORE answered for it becomes ERR_DATA_CONFLICT (req_fail). */
	bool write_constraint;
	/* The reply being stored for Idempotency-Key before it is sent. */
	int pending_status;
	char *pending_body;
	/* A write with an Idempotency-Key: its done step runs before the commit
	 * (holding), so that its reply is stored in the effect's transaction;
	 * the reply is held until the commit and sent after it. */
	bool holding, held, reply_stored, commit_failed;
	int prepared_result;
	int held_status;
	char *held_type, *held_body;
	size_t held_len;
};

int http_start(struct server *srv, char *err, size_t errlen);
/* The largest request body any route takes (evhttp's own limit). */
long long http_largest_body(const struct config *cfg);
/* Stop accepting; later requests on open connections get 503. */
void http_stop_accepting(struct server *srv);
void http_free(struct server *srv);

void req_reply(struct req *r, int status, json_t *body /* stolen; NULL: no body */);
void req_fail(struct req *r, enum err e, const char *field);
/* A reply that is not JSON (metrics text, files); body is copied. */
void req_reply_raw(struct req *r, int status, const char *content_type, const char *body, size_t len);
/* A file of the dashboard page (200): a CSP that lets it run its own
 * script and call the API, and nothing else. */
void req_reply_page(struct req *r, const char *content_type, const char *body, size_t len);
/* A header of the answer to come (name and value are copied). */
void req_add_header(struct req *r, const char *name, const char *value);
/* Public data that changes only with the daemon's version or its reference
 * tables: 200 with an ETag (made from the body) and Cache-Control public,
 * max-age; or 304 without a body when If-None-Match names that ETag. */
void req_reply_cacheable(struct req *r, const char *body, size_t len, int max_age_s);
/* A small HTML page of the daemon's own (a verification answer to a phone's
 * browser): its inline style may apply, nothing may run. */
void req_reply_html(struct req *r, int status, const char *html, size_t len);
/* The client asks for HTML before JSON (a browser; curl and apps do not). */
int req_wants_html(const struct req *r);
void req_fail_retry(struct req *r, enum err e, int retry_after_s);
/* A stored file to its owner or an officer: always as an attachment, with
 * a sandboxing CSP, never rendered inline. */
void req_reply_file(struct req *r, const char *media_type, const void *data, size_t len, const char *filename);
/* length bytes of the file fd from offset as the body, sent by the kernel
 * (sendfile) without passing through memory; takes fd.  Headers (Range,
 * ETag) added before with req_add_header. */
void req_reply_segment(struct req *r, int status, const char *media_type, int fd, int64_t offset, int64_t length);
/* Zeroed handler state of size bytes, attached to r and freed with it by
 * state_free (free() when NULL); NULL, with 503 answered, when out of memory. */
void *req_state_new(struct req *r, size_t size, void (*state_free)(void *));
/* Frees the handler state now (a handler that hands the request on to
 * another step with state of its own). */
void req_state_release(struct req *r);
/* Submit slow work / a write; on a full queue the request is answered 503
 * and -1 returned (the handler must not touch r afterwards). */
int req_pool(struct req *r, void (*run)(struct req *), void (*done)(struct req *));
/* The same on the read pool: reads that would hold up the loop. */
int req_read_pool(struct req *r, void (*run)(struct req *), void (*done)(struct req *));
int req_write(struct req *r, write_fn fn, void (*done)(struct req *, int result));
/* The same for an upload of many rows: a transaction of its own (writer.h, alone). */
int req_write_alone(struct req *r, write_fn fn, void (*done)(struct req *, int result));
/* Checks r->body against specs (body.h); answers 400 naming the field and
 * returns -1 when it does not fit. */
struct field_spec;
int req_body_check(struct req *r, const struct field_spec *specs);
/* The same, then a copy of the body for check() to normalise and judge
 * (check names the bad field and its error, or returns NULL): the copy, or
 * NULL with the request answered. */
json_t *req_body_checked_copy(struct req *r, const struct field_spec *specs,
                              const char *(*check)(struct req *r, json_t *copy, enum err *code));
/* On a public route: take the session if the request carries a valid one
 * (the owner or an officer may see more); otherwise stay anonymous. */
void req_authenticate_optional(struct req *r);
/* A path parameter as a positive id, or -1. */
int64_t req_param_id(const struct req *r, size_t i);
const char *req_query(const struct req *r, const char *name);
/* A positive integer query parameter: 1 with *out set, 0 when absent, -1
 * when it is not one. */
int req_query_id(const struct req *r, const char *name, int64_t *out);
/* A query parameter that must be one of choices (NULL-terminated): 0 with
 * *out set (NULL when absent), or -1 having answered 400 query_invalid
 * naming it (r is gone: return at once). */
int req_query_choice(struct req *r, const char *name, const char *const *choices, const char **out);
/* The choices of a true/false query parameter. */
extern const char *const req_query_booleans[];
const char *req_header(const struct req *r, const char *name);

/* Formats Unix seconds as "2026-11-22T10:00:00Z" (buf of 21+ bytes). */
const char *iso8601(int64_t t, char *buf, size_t len);
int64_t now_seconds(void);
/* A monotonic clock in nanoseconds, for durations. */
uint64_t now_mono_ns(void);

#endif
