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
/* Call after committing anything that changes the public listing (on the
 * loop thread): cached search answers are dropped. */
void vacancy_listing_changed(void);
/* Drops the search answer cache (at shutdown). */
void vacancy_search_cache_free(void);
void vacancy_search(struct req *r);

#endif
