/* The routes and functions of vacancy_search.c: vacancies, anyone's side: one vacancy (and its schema.org
 * JobPosting), and the public search (FTS5, facets) with its answer cache. */
#ifndef SIDAKERD_VACANCY_SEARCH_H
#define SIDAKERD_VACANCY_SEARCH_H

#include <jansson.h>
#include <stdint.h>

struct req;
struct vacancy_row;

/* 0 when the vacancy is public, the caller's own or the caller is staff;
 * else answered (404, 503) and -1. */
int vacancy_visible(struct req *r, int64_t id, struct vacancy_row *v);
/* Anyone */
void vacancy_get(struct req *r);
void vacancy_jsonld(struct req *r);
/* Drops the search answer cache (at shutdown). */
void vacancy_search_cache_free(void);
void vacancy_search(struct req *r);
/* Search answers so far by where they came from (for /metrics). */
enum search_source { SEARCH_FROM_CACHE, SEARCH_FROM_MEMORY, SEARCH_FROM_SQL };
void vacancy_search_counts(uint64_t out[3]);

#endif
