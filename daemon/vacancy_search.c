/* Vacancies, anyone's side: one vacancy (and its schema.org JobPosting),
 * and the public search (FTS5, facets) with its answer cache. */
#include <ctype.h>
#include <pthread.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dates.h"
#include "http.h"
#include "organisation.h"
#include "organisation_store.h"
#include "profile.h"
#include "server.h"
#include "validate.h"
#include "vacancy.h"
#include "vacancy_request.h"
#include "vacancy_store.h"
#include "vacancy_view.h"
#include "vacancy_feed.h"
#include "scam.h"
#include "vacancy_search.h"

/* Published, valid and of a verified organisation that is not suspended. */
static int is_public(struct req *r, const struct vacancy_row *v)
{
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	return !strcmp(v->state, "published") && strcmp(v->valid_until, today) >= 0 &&
		organisation_public(r->srv->reader, v->organisation_id) == 1;
}

int vacancy_visible(struct req *r, int64_t id, struct vacancy_row *v)
{
	int found = id > 0 ? vacancy_fetch(r->srv->reader, id, v) : 0;
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return -1;
	}
	int allowed = found &&
		(is_public(r, v) || v->organisation_id == r->who.account_id || (r->who.role & ROLES_STAFF));
	if (!allowed) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

void vacancy_get(struct req *r)
{
	struct vacancy_row v;
	req_authenticate_optional(r);
	if (vacancy_visible(r, req_param_id(r, 0), &v) < 0)
		return;
	json_t *out = vacancy_json(r->srv->reader, v.id);
	if (!out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* Moderation details are for the owner and officers. */
	if (v.organisation_id != r->who.account_id && !(r->who.role & ROLES_STAFF)) {
		json_object_del(out, "scam_flags");
		json_object_del(out, "moderation_note");
		json_object_del(out, "matching");
	}
	if (r->who.role == ROLE_SEEKER)
		vacancy_view_note(r->who.account_id, v.id);
	req_reply(r, 200, out);
}

/* schema.org JobPosting, for search engines and other job boards
 * (vacancy_feed.c builds it). */
void vacancy_jsonld(struct req *r)
{
	struct vacancy_row row;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? vacancy_fetch(r->srv->reader, id, &row) : 0;
	if (found <= 0 || !is_public(r, &row)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	json_t *ld = vacancy_job_posting(r->srv->reader, r->srv->cfg, &row);
	char *text = ld ? json_dumps(ld, JSON_COMPACT) : NULL;
	json_decref(ld);
	if (!text) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_reply_raw(r, 200, "application/ld+json; charset=utf-8", text, strlen(text));
	free(text);
}

/* What a person typed, as a safe FTS5 query: each word quoted, as a prefix. */
static int fts_query(const char *q, char *out, size_t cap)
{
	size_t n = 0;
	int words = 0;
	for (const unsigned char *p = (const unsigned char *)q; *p && words < 8;) {
		while (*p && !(isalnum(*p) || *p >= 0x80))
			p++;
		const unsigned char *start = p;
		while (*p && (isalnum(*p) || *p >= 0x80))
			p++;
		size_t len = (size_t)(p - start);
		if (!len)
			break;
		if (n + len + 6 >= cap)
			break;
		n += (size_t)snprintf(out + n, cap - n, "%s\"%.*s\"*", words ? " " : "", (int)len, start);
		words++;
	}
	out[n] = '\0';
	return words;
}

/* ---- the search answer cache (loop thread only) ---- */

struct cached_answer {
	char *query;
	char *body;
	uint64_t generation;
	int64_t expires;
	/* A computation in flight for pending_query, and the requests for the
	 * same query waiting for its answer (coalesced: one computation). */
	char *pending_query;
	struct req **waiters;
	size_t nwaiters;
};

static struct cached_answer search_cache[SEARCH_CACHE_SLOTS];
static uint64_t listing_generation;

void vacancy_listing_changed(void) { listing_generation++; }

static struct cached_answer *cache_slot(const char *query)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)query; *p; p++)
		h = (h ^ *p) * 16777619u;
	return &search_cache[h % SEARCH_CACHE_SLOTS];
}

void vacancy_search_cache_free(void)
{
	for (int i = 0; i < SEARCH_CACHE_SLOTS; i++) {
		free(search_cache[i].query);
		free(search_cache[i].body);
		free(search_cache[i].pending_query);
		free(search_cache[i].waiters);
		search_cache[i] = (struct cached_answer){0};
	}
}

/* Answers the requests that waited for the computation of c's pending
 * query: with body, or with err when it failed. */
static void answer_waiters(struct cached_answer *c, const char *body)
{
	struct req **waiters = c->waiters;
	size_t n = c->nwaiters;
	free(c->pending_query);
	c->pending_query = NULL;
	c->waiters = NULL;
	c->nwaiters = 0;
	for (size_t i = 0; i < n; i++) {
		if (body)
			req_reply_raw(waiters[i], 200, "application/json; charset=utf-8", body, strlen(body));
		else
			req_fail(waiters[i], ERR_STORE, NULL);
	}
	free(waiters);
}

/* A search that missed the cache: checked on the loop, computed on the read
 * pool with that thread's own connection (at 200,000 vacancies a broad
 * one takes tens of ms: the loop keeps answering meanwhile), then cached. */
struct search_state {
	struct search_filters f;
	char match[512], today[DATE_LEN + 1];
	char *query; /* the raw query string: the cache key */
	int64_t after_time, after_id;
	int limit;
	char *answer; /* the JSON text, or NULL on a store error */
	uint64_t generation; /* of the listing when the computation began */
};

static void search_state_free(void *p)
{
	struct search_state *st = p;
	if (st) {
		free(st->query);
		free(st->answer);
	}
	free(st);
}

static void search_run(struct req *r)
{
	struct search_state *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	json_t *items = json_array();
	/* One more than the page: a cursor only when there is a next page. */
	int n = db ? vacancy_find(db, &st->f, st->after_time, st->after_id, st->limit + 1, items) : -1;
	json_t *facets = n >= 0 ? vacancy_facets(db, &st->f) : NULL;
	if (n < 0 || !facets) {
		json_decref(items);
		json_decref(facets);
		return;
	}
	json_t *next = json_null();
	if (n > st->limit) {
		json_array_remove(items, (size_t)st->limit);
		n = st->limit;
		json_t *last = json_array_get(items, (size_t)n - 1);
		char buf[48];
		snprintf(buf, sizeof buf, "%lld_%lld",
		         (long long)json_integer_value(json_object_get(last, "cursor_time")),
		         (long long)json_integer_value(json_object_get(last, "id")));
		next = json_string(buf);
	}
	size_t i;
	json_t *item;
	json_array_foreach (items, i, item)
		json_object_del(item, "cursor_time");
	json_t *answer = json_pack("{s:o, s:o, s:o}", "items", items, "facets", facets, "next_cursor", next);
	st->answer = answer ? json_dumps(answer, JSON_COMPACT) : NULL;
	json_decref(answer);
}

static void search_done(struct req *r)
{
	struct search_state *st = r->state;
	struct cached_answer *c = cache_slot(st->query);
	int coalesced = c->pending_query && !strcmp(c->pending_query, st->query);
	if (!st->answer) {
		if (coalesced)
			answer_waiters(c, NULL);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* The cache takes the answer first: replying frees r and its state. */
	free(c->query);
	free(c->body);
	c->query = st->query;
	c->body = st->answer;
	c->generation = st->generation; /* a change during the computation leaves it stale */
	c->expires = now_seconds() + SEARCH_CACHE_TTL_S;
	st->query = st->answer = NULL;
	if (coalesced)
		answer_waiters(c, c->body);
	req_reply_raw(r, 200, "application/json; charset=utf-8", c->body, strlen(c->body));
}

static void search_compute(struct req *r, const char *raw_query)
{
	struct search_state *st = calloc(1, sizeof *st);
	if (!st || !(st->query = strdup(raw_query))) {
		free(st);
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	r->state = st;
	r->state_free = search_state_free;
	struct search_filters *f = &st->f;
	*f = (struct search_filters){.education_rank = -1, .min_wage = -1};
	date_format(date_today(r->srv->cfg->utc_offset_minutes), st->today);
	f->today = st->today;
	const char *q = req_query(r, "q"), *education = req_query(r, "education");
	const char *min_wage = req_query(r, "min_wage"), *since = req_query(r, "since");
	const char *cursor = req_query(r, "cursor"), *limit_text = req_query(r, "limit");
	if (q && (strlen(q) > 200 || fts_query(q, st->match, sizeof st->match) == 0)) {
		req_fail(r, ERR_QUERY_INVALID, "q");
		return;
	}
	f->match = q ? st->match : NULL;
	/* The query strings live in r->query until the reply, like st. */
	f->kecamatan = req_query(r, "kecamatan");
	f->kabkota = req_query(r, "kabkota");
	f->kbji = req_query(r, "kbji");
	f->employment_type = req_query(r, "employment_type");
	if (f->kbji && valid_digits(f->kbji, 1, 4) < 0) {
		req_fail(r, ERR_QUERY_INVALID, "kbji");
		return;
	}
	if (education && (f->education_rank = education_rank(education)) < 0) {
		req_fail(r, ERR_QUERY_INVALID, "education");
		return;
	}
	if (min_wage && (valid_digits(min_wage, 1, 10) < 0 || (f->min_wage = atol(min_wage)) < 0)) {
		req_fail(r, ERR_QUERY_INVALID, "min_wage");
		return;
	}
	struct date since_date;
	if (since) {
		if (date_parse(since, &since_date) < 0) {
			req_fail(r, ERR_QUERY_INVALID, "since");
			return;
		}
		/* Midnight of that day in the office's time zone. */
		struct tm tm = {
			.tm_year = since_date.year - 1900, .tm_mon = since_date.month - 1, .tm_mday = since_date.day};
		f->since = (int64_t)timegm(&tm) - (int64_t)r->srv->cfg->utc_offset_minutes * 60;
	}
	const char *disability = req_query(r, "disability_friendly");
	f->disability_friendly = disability && !strcmp(disability, "true");
	long long after_time = 0, after_id = 0;
	char tail;
	st->limit = 20;
	if (cursor && sscanf(cursor, "%lld_%lld%c", &after_time, &after_id, &tail) != 2) {
		req_fail(r, ERR_QUERY_INVALID, "cursor");
		return;
	}
	if (limit_text &&
	    (valid_digits(limit_text, 1, 3) < 0 || (st->limit = atoi(limit_text)) < 1 || st->limit > 100)) {
		req_fail(r, ERR_QUERY_INVALID, "limit");
		return;
	}
	st->after_time = after_time;
	st->after_id = after_id;
	st->generation = listing_generation;
	struct cached_answer *c = cache_slot(raw_query);
	int first = !c->pending_query;
	if (first)
		c->pending_query = strdup(raw_query); /* later misses of it wait for this one */
	if (req_read_pool(r, search_run, search_done) < 0 && first) {
		free(c->pending_query); /* answered busy: nothing is coming */
		c->pending_query = NULL;
	}
}

void vacancy_search(struct req *r)
{
	const char *raw = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(r->ev));
	const char *query = raw ? raw : "";
	struct cached_answer *c = cache_slot(query);
	int64_t now = now_seconds();
	if (c->query && c->body && !strcmp(c->query, query) && c->generation == listing_generation &&
	    c->expires > now) {
		/* Refresh ahead: near the end of its life one request recomputes the
		 * answer while every other is still served from the cache, so a
		 * popular search never expires into a queue of waiting requests. */
		if (c->expires - now > SEARCH_REFRESH_AHEAD_S || c->pending_query) {
			req_reply_raw(r, 200, "application/json; charset=utf-8", c->body, strlen(c->body));
			return;
		}
		search_compute(r, query);
		return;
	}
	if (c->pending_query && !strcmp(c->pending_query, query)) {
		struct req **grown = realloc(c->waiters, (c->nwaiters + 1) * sizeof *grown);
		if (!grown) {
			req_fail(r, ERR_BUSY, NULL);
			return;
		}
		c->waiters = grown;
		c->waiters[c->nwaiters++] = r; /* answered by search_done */
		return;
	}
	search_compute(r, query);
}
