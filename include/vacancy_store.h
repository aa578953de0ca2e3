/* Vacancies' rows, their search index and reports (daemon/vacancy_store.c). */
#ifndef SIDAKERD_VACANCY_STORE_H
#define SIDAKERD_VACANCY_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"
#include "text_buffer.h"

struct vacancy_row {
	int64_t id, organisation_id, published_at;
	char state[16], title[128], kbji[8], gender[4], location_kind[12], location_code[24], kabkota_code[8],
		valid_until[12], min_education[16], employment_type[16];
	int education_rank, age_min, age_max, has_age_min, has_age_max;
	long wage_min, wage_max;
	int has_wage_min;
};

int vacancy_insert(struct dbconn *db, int64_t organisation_id, const json_t *v, int64_t now, int64_t *id);
enum store_result vacancy_replace(struct dbconn *db, int64_t id, const json_t *v, int64_t now);
int vacancy_fetch(struct dbconn *db, int64_t id, struct vacancy_row *out);
json_t *vacancy_json(struct dbconn *db, int64_t id);
/* Moves a vacancy between states, only from `from` (NULL: any);
 * STORE_NO_MATCH when it was not in that state. */
enum store_result vacancy_transition(struct dbconn *db, int64_t id, const char *from, const char *to, const char *note,
                                     int64_t officer_id, int64_t now);
int vacancy_set_flags(struct dbconn *db, int64_t id, const json_t *flags);
enum store_result vacancy_set_filled(struct dbconn *db, int64_t id, int men, int women, const char *today);
int vacancy_index(struct dbconn *db, int64_t id); /* listed, and into the search index */
int vacancy_unindex(struct dbconn *db, int64_t id);
/* After the organisation's verification or suspension changed: its
 * vacancies' organisation_listed and their place in the search index. */
int vacancy_reindex_organisation(struct dbconn *db, int64_t organisation_id, int listed);
/* Open applications of a vacancy that left the listing end as rejected. */
int vacancy_close_applications(struct dbconn *db, int64_t id, int64_t now);
int vacancy_expire(struct dbconn *db, const char *today, int64_t now);

struct search_filters {
	const char *match; /* FTS5 query, already made safe, or NULL */
	const char *kecamatan, *kabkota, *kbji, *employment_type;
	int education_rank; /* -1: no filter */
	long min_wage; /* -1: no filter */
	int64_t since; /* 0: no filter */
	int disability_friendly;
	const char *today;
};
/* A page of search items as JSON text, "{…},{…}", each as SQLite's
 * json_object made it, with each item's end and cursor (published_at, id). */
#define SEARCH_PAGE_MAX 101
struct search_page {
	struct text_buffer items; /* its text is malloc'd: the caller frees it */
	int n;
	size_t ends[SEARCH_PAGE_MAX];
	int64_t times[SEARCH_PAGE_MAX], ids[SEARCH_PAGE_MAX];
};
/* The text of the page's item k (of page->n), *len bytes, not NUL-terminated. */
static inline const char *search_page_item(const struct search_page *page, int k, size_t *len)
{
	size_t start = k ? page->ends[k - 1] + 1 : 0; /* after the comma */
	*len = page->ends[k] - start;
	return page->items.text + start;
}
/* Appends an item's text; -1 when the page is full or memory runs out. */
int search_page_add(struct search_page *page, const char *text, size_t len, int64_t time, int64_t id);
/* Published, valid, public vacancies, newest first, after the cursor: up
 * to limit (at most SEARCH_PAGE_MAX) appended to page; their count or -1. */
int vacancy_find(struct dbconn *db, const struct search_filters *f, int64_t after_time, int64_t after_id, int limit,
                 struct search_page *page);
/* Facet counts of the same set: kabkota, kbji major group, education, employment type. */
json_t *vacancy_facets(struct dbconn *db, const struct search_filters *f);
/* The items of a page by id, in that order, as vacancy_find makes them. */
int vacancy_store_items(struct dbconn *db, const int64_t *ids, int n, struct search_page *page);
/* One published vacancy of the listing (strings valid during the call). */
struct listing_row {
	int64_t id, organisation_id, published_at, wage; /* wage: IFNULL(wage_max, wage_min) when has_wage */
	const char *valid_until, *kabkota, *location_code, *kbji, *min_education, *employment_type; /* NULL: none */
	const char *title, *gender, *location_kind;
	int listed, education_rank, disability_friendly, has_wage, has_age_min, age_min, has_age_max, age_max;
};
/* The listing for the search index in memory: row() for each published
 * vacancy newest first, then text() with the full-text index's four texts
 * (title, description, skills, employer) of each vacancy in it; a callback's
 * -1 stops the read.  One read transaction. */
int vacancy_store_listing(struct dbconn *db, int (*row)(void *arg, const struct listing_row *r),
                          int (*text)(void *arg, int64_t id, const char *const texts[4]), void *arg);
/* The full-text index's tokenizer on db's connection (lowercase, without
 * diacritics), for one thread; query: as a query's prefix word is folded.
 * fn's -1 stops it. */
struct vacancy_tokenizer;
struct vacancy_tokenizer *vacancy_store_tokenizer(struct dbconn *db);
int vacancy_tokenize(struct vacancy_tokenizer *t, const char *text, int len, int query,
                     int (*fn)(void *arg, const char *token, int len), void *arg);
void vacancy_tokenizer_free(struct vacancy_tokenizer *t);
/* Published public vacancies for recommendations (newest first). */
int vacancy_recent(struct dbconn *db, const char *today, int limit, void (*fn)(const struct vacancy_row *v, void *arg),
                   void *arg);

/* Ids of a page of vacancies (limit of them, from cursor): an
 * organisation's own, newest first; those waiting for moderation, oldest
 * first.  The count, or -1. */
int vacancy_store_own_ids(struct dbconn *db, int64_t organisation_id, int64_t cursor, int64_t *ids, int limit);
int vacancy_store_pending_ids(struct dbconn *db, int64_t cursor, int64_t *ids, int limit);
/* A report of a suspect vacancy (note may be NULL): STORE_CONFLICT when the
 * reporter reported it already. */
enum store_result vacancy_store_report(struct dbconn *db, int64_t vacancy_id, int64_t reporter_id, const char *reason,
                                       const char *note, int64_t now);
/* For the vacancies ids[0..n) (at most SEARCH_PAGE_MAX), what a list item
 * shows beside the title: texts[i] the JSON object {employer, location (the
 * place's name, "Luar negeri" abroad), employment_type, wage_min, wage_max}
 * of ids[i] (malloc'd; NULL when there is no such vacancy); -1 on error. */
int vacancy_store_summary_texts(struct dbconn *db, const int64_t *ids, int n, char **texts);
/* Unresolved reports, newest first: a list page of JSON objects, NULL on error. */
json_t *vacancy_store_reports(struct dbconn *db, int64_t cursor, int limit);
/* Vacancies open to the public today, newest first, after cursor: how
 * many ids, or -1 (the JobPosting feed). */
int vacancy_store_public_ids(struct dbconn *db, const char *today, int64_t cursor, int64_t *ids, int limit);
/* A job seeker's account looked at a vacancy (vacancy_view.c). */
int vacancy_store_viewed(struct dbconn *db, int64_t account_id, int64_t vacancy_id, int64_t at);
/* Forgets the looks older than before (housekeeping). */
int vacancy_store_views_expire(struct dbconn *db, int64_t before);

#endif
