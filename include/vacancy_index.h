/*
 * The vacancy listing in memory, for the public search (daemon/vacancy_index.c).
 *
 * An immutable picture of every published vacancy, newest first, with the
 * columns the search filters on and an inverted index of the words of its
 * full-text row (tokenized by FTS5's own tokenizer), built from the store in
 * one read.  A search over it gives the same vacancies, in the same order,
 * and the same facet counts as the SQL of vacancy_find and vacancy_facets;
 * tests/unit/test_vacancy_index.c compares the two on random queries.
 */
#ifndef SIDAKERD_VACANCY_INDEX_H
#define SIDAKERD_VACANCY_INDEX_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct dbconn;
struct vacancy_index;

/* Reads the listing from db (a reader of the calling thread's own); NULL on
 * a store error, when memory runs out, or when the listing does not fit
 * (more than 65,535 distinct place codes). */
struct vacancy_index *vacancy_index_build(struct dbconn *db);
void vacancy_index_free(struct vacancy_index *x);
size_t vacancy_index_count(const struct vacancy_index *x); /* published vacancies in it */
size_t vacancy_index_terms(const struct vacancy_index *x); /* distinct words */
size_t vacancy_index_bytes(const struct vacancy_index *x); /* memory it holds */

/* A search, as struct search_filters says it with the words apart. */
struct index_query {
	const char *const *words; /* each already folded by the tokenizer; a prefix */
	int nwords;
	const char *kecamatan, *kabkota, *kbji, *employment_type; /* NULL: no filter */
	int education_rank; /* -1: no filter */
	int64_t min_wage; /* -1: no filter */
	int64_t since; /* 0: no filter */
	int disability_friendly;
	int32_t today; /* YYYYMMDD: valid_until on or after it */
	int64_t after_time, after_id; /* the cursor, 0 0 from the start */
};

/* A query's candidates, made once for its page and its facets; NULL when
 * memory runs out.  The index and the query outlive it. */
struct index_search;
struct index_search *vacancy_index_search(const struct vacancy_index *x, const struct index_query *q);
void vacancy_index_search_free(struct index_search *s);
/* The ids of up to limit matches after the cursor, newest first; their count. */
int vacancy_index_find(const struct index_search *s, int64_t *ids, int limit);
/* The facet counts vacancy_facets gives for the same query (the cursor
 * ignored): among the window most recent published vacancies, up to max
 * matches.  NULL when memory runs out. */
json_t *vacancy_index_facets(const struct index_search *s, int window, int max);

/* The rows vacancy_recent gives (the public vacancies newest first, up to
 * limit; today YYYYMMDD), for the recommendations; the wage is not in them.
 * Their count. */
struct vacancy_row;
int vacancy_index_recent(const struct vacancy_index *x, int32_t today, int limit,
                         void (*fn)(const struct vacancy_row *v, void *arg), void *arg);

#endif
