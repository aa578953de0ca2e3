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
#include "vacancy_index.h"
#include "vacancy_listing.h"
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

/* The words a person typed (letters and digits, up to 8), each copied
 * NUL-terminated into text, which holds at least strlen(q) + 8 bytes. */
static int query_words(const char *q, char *text, const char *words[8])
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)q; *p && n < 8;) {
		while (*p && !(isalnum(*p) || *p >= 0x80))
			p++;
		const unsigned char *start = p;
		while (*p && (isalnum(*p) || *p >= 0x80))
			p++;
		size_t len = (size_t)(p - start);
		if (!len)
			break;
		memcpy(text, start, len);
		text[len] = '\0';
		words[n++] = text;
		text += len + 1;
	}
	return n;
}

/* The words as a safe FTS5 query: each quoted, as a prefix. */
static void fts_query(const char *const *words, int n, char *out, size_t cap)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < n && used + strlen(words[i]) + 6 < cap; i++)
		used += (size_t)snprintf(out + used, cap - used, "%s\"%s\"*", i ? " " : "", words[i]);
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
static uint64_t answered_from[3]; /* enum search_source: loop thread only */

void vacancy_search_counts(uint64_t out[3]) { memcpy(out, answered_from, sizeof answered_from); }

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
	char word_text[256];
	const char *words[8];
	int nwords;
	struct listing_ref *listing; /* the listing in memory, when up to date */
	char *query; /* the raw query string: the cache key */
	int64_t after_time, after_id;
	int limit;
	char *answer; /* the JSON text, or NULL on a store error */
	enum search_source source;
	uint64_t generation; /* of the listing when the computation began */
};

static void search_state_free(void *p)
{
	struct search_state *st = p;
	if (st) {
		free(st->query);
		free(st->answer);
		vacancy_listing_release(st->listing);
	}
	free(st);
}

struct folded {
	char text[256];
	int tokens;
};

static int fold_token(void *arg, const char *token, int len)
{
	struct folded *f = arg;
	if (f->tokens++ || len >= (int)sizeof f->text)
		return -1; /* a word FTS5 splits: a phrase, which SQL answers */
	memcpy(f->text, token, (size_t)len);
	f->text[len] = '\0';
	return 0;
}

/* The items of ids from the store, into fetched, each kept with the picture. */
static int fetch_items(struct dbconn *db, struct listing_ref *listing, const int64_t *ids, int n,
                       struct search_page *fetched)
{
	if (vacancy_store_items(db, ids, n, fetched) < 0)
		return -1;
	for (int k = 0; k < fetched->n; k++) {
		size_t len;
		const char *text = search_page_item(fetched, k, &len);
		vacancy_listing_keep_item(listing, fetched->ids[k], fetched->times[k], text, len);
	}
	return 0;
}

/* The items of ids, in that order, into page: those the picture keeps, the
 * others from the store in one statement (and kept); their count or -1. */
static int page_items(struct dbconn *db, struct listing_ref *listing, const int64_t *ids, int n,
                      struct search_page *page)
{
	int64_t missing[SEARCH_PAGE_MAX];
	int nmissing = 0;
	for (int i = 0; i < n; i++)
		if (!vacancy_listing_has_item(listing, ids[i]))
			missing[nmissing++] = ids[i];
	struct search_page fetched = {0};
	int failed = nmissing && fetch_items(db, listing, missing, nmissing, &fetched) < 0;
	for (int i = 0, k = 0; i < n && !failed; i++) {
		if (k < fetched.n && fetched.ids[k] == ids[i]) {
			size_t len;
			const char *text = search_page_item(&fetched, k, &len);
			failed = search_page_add(page, text, len, fetched.times[k], ids[i]) < 0;
			k++;
			continue;
		}
		int kept = vacancy_listing_item(listing, ids[i], page);
		if (kept == 0) {
			/* Gone from the store meanwhile, or its slot taken by another
			 * item of the page: once more from the store. */
			struct search_page one = {0};
			failed = vacancy_store_items(db, &ids[i], 1, &one) < 0 ||
				(one.n &&
			         search_page_add(page, one.items.text, one.items.len, one.times[0], ids[i]) < 0);
			free(one.items.text);
		}
		failed |= kept < 0;
	}
	free(fetched.items.text);
	return failed ? -1 : page->n;
}

/* The page's ids and the facets from the listing in memory; 1 when the
 * query is one it cannot answer (SQL does), -1 on a store error. */
static int search_in_memory(struct dbconn *db, struct search_state *st, struct search_page *page, int *n,
                            json_t **facets)
{
	struct folded folded[8];
	const char *words[8];
	struct vacancy_tokenizer *tokenizer = st->nwords ? vacancy_store_tokenizer(db) : NULL;
	if (st->nwords && !tokenizer)
		return 1;
	for (int i = 0; i < st->nwords; i++) {
		folded[i].tokens = 0;
		if (vacancy_tokenize(tokenizer, st->words[i], (int)strlen(st->words[i]), 1, fold_token, &folded[i]) <
		            0 ||
		    folded[i].tokens != 1) {
			vacancy_tokenizer_free(tokenizer);
			return 1;
		}
		words[i] = folded[i].text;
	}
	vacancy_tokenizer_free(tokenizer);
	const struct search_filters *f = &st->f;
	struct date today;
	date_parse(st->today, &today);
	struct index_query q = {
		.words = words,
		.nwords = st->nwords,
		.kecamatan = f->kecamatan,
		.kabkota = f->kabkota,
		.kbji = f->kbji,
		.employment_type = f->employment_type,
		.education_rank = f->education_rank,
		.min_wage = f->min_wage,
		.since = f->since,
		.disability_friendly = f->disability_friendly,
		.today = today.year * 10000 + today.month * 100 + today.day,
		.after_time = st->after_time,
		.after_id = st->after_id,
	};
	struct index_search *search = vacancy_index_search(vacancy_listing_index(st->listing), &q);
	if (!search)
		return -1;
	int64_t ids[SEARCH_PAGE_MAX];
	/* One more than the page: a cursor only when there is a next page. */
	int found = vacancy_index_find(search, ids, st->limit + 1);
	*n = page_items(db, st->listing, ids, found, page);
	*facets = *n >= 0 ? vacancy_index_facets(search, FACET_WINDOW, FACET_SCAN_MAX) : NULL;
	vacancy_index_search_free(search);
	return *n < 0 || !*facets ? -1 : 0;
}

/* The answer's text from the page (one item more than asked: the next
 * cursor) and the facets, put together as text. */
static char *answer_text(const struct search_page *page, int limit, json_t *facets)
{
	int kept = page->n < limit ? page->n : limit;
	size_t items_len = kept ? page->ends[kept - 1] : 0;
	char next[64] = "null";
	if (page->n > limit)
		snprintf(next, sizeof next, "\"%lld_%lld\"", (long long)page->times[kept - 1],
		         (long long)page->ids[kept - 1]);
	char *facets_text = json_dumps(facets, JSON_COMPACT);
	size_t cap = items_len + (facets_text ? strlen(facets_text) : 0) + 96;
	char *out = facets_text ? malloc(cap) : NULL;
	if (out)
		snprintf(out, cap, "{\"items\":[%.*s],\"facets\":%s,\"next_cursor\":%s}", (int)items_len,
		         page->items.text ? page->items.text : "", facets_text, next);
	free(facets_text);
	return out;
}

static void search_run(struct req *r)
{
	struct search_state *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	struct search_page page = {0};
	json_t *facets = NULL;
	int n = -1;
	st->source = SEARCH_FROM_MEMORY;
	if (db && (!st->listing || search_in_memory(db, st, &page, &n, &facets) == 1)) {
		st->source = SEARCH_FROM_SQL;
		page.n = 0;
		page.items.len = 0;
		/* One more than the page: a cursor only when there is a next page. */
		n = vacancy_find(db, &st->f, st->after_time, st->after_id, st->limit + 1, &page);
		facets = n >= 0 ? vacancy_facets(db, &st->f) : NULL;
	}
	if (n >= 0 && facets)
		st->answer = answer_text(&page, st->limit, facets);
	free(page.items.text);
	json_decref(facets);
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
	answered_from[st->source] += 1 + (coalesced ? c->nwaiters : 0);
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
	if (q && (strlen(q) > 200 || (st->nwords = query_words(q, st->word_text, st->words)) == 0)) {
		req_fail(r, ERR_QUERY_INVALID, "q");
		return;
	}
	fts_query(st->words, st->nwords, st->match, sizeof st->match);
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
	st->generation = vacancy_listing_generation();
	st->listing = vacancy_listing_take();
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
	if (c->query && c->body && !strcmp(c->query, query) && c->generation == vacancy_listing_generation() &&
	    c->expires > now) {
		/* Refresh ahead: near the end of its life one request recomputes the
		 * answer while every other is still served from the cache, so a
		 * popular search never expires into a queue of waiting requests. */
		if (c->expires - now > SEARCH_REFRESH_AHEAD_S || c->pending_query) {
			answered_from[SEARCH_FROM_CACHE]++;
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
