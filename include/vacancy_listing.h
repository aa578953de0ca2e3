/*
 * Keeping the vacancy listing in memory current (daemon/vacancy_listing.c):
 * a picture of the public listing (vacancy_index.h) built on a thread of its
 * own at the start and again after changes, used by the search while no
 * change has come after it.  Loop thread only.
 */
#ifndef SIDAKERD_VACANCY_LISTING_H
#define SIDAKERD_VACANCY_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct server;
struct vacancy_index;
struct listing_ref;

int vacancy_listing_start(struct server *srv);
/* Joins a build in flight and frees the pictures (server_close). */
void vacancy_listing_stop(void);
/* Call after committing anything that changes the public listing: the
 * picture is out of date until the next build (debounced). */
void vacancy_listing_changed(void);
/* Counts the changes: equal generations, the same listing. */
uint64_t vacancy_listing_generation(void);
/* The vacancies in the last picture; *current: 1 when it is up to date. */
size_t vacancy_listing_status(int *current);
/* The current picture, held until released; NULL while it is out of date
 * or not built yet (the search asks SQL then). */
struct listing_ref *vacancy_listing_take(void);
const struct vacancy_index *vacancy_listing_index(const struct listing_ref *ref);
void vacancy_listing_release(struct listing_ref *ref);
/* A page item of the picture's, appended to page when it is kept: 1, 0 when
 * it is not, -1 when the page cannot take it.  Any thread. */
struct search_page;
int vacancy_listing_item(struct listing_ref *ref, int64_t id, struct search_page *page);
bool vacancy_listing_has_item(struct listing_ref *ref, int64_t id);
/* Keeps an item's text (len bytes) for the searches that follow. */
void vacancy_listing_keep_item(struct listing_ref *ref, int64_t id, int64_t time, const char *text, size_t len);

/* A vacancy's summary for the recommendations when the picture keeps it
 * (valid until the next keep or release; NULL when not), and keeping one.
 * Loop thread only. */
const char *vacancy_listing_summary(struct listing_ref *ref, int64_t id);
void vacancy_listing_keep_summary(struct listing_ref *ref, int64_t id, const char *text);

#endif
