/* Matching runs (daemon/matching_store.c). */
#ifndef SIDAKERD_MATCHING_STORE_H
#define SIDAKERD_MATCHING_STORE_H

#include <stdint.h>

#include "vacancy_store.h"

/* In the publication's transaction: the run to do.  0 or -1. */
int matching_queue(struct dbconn *db, int64_t vacancy_id, int64_t now);
/* The oldest unfinished run: its vacancy, cursor (the last seeker id
 * told) and how many were told; 1, 0 when none, -1. */
int matching_store_next(struct dbconn *db, int64_t *vacancy_id, int64_t *after, int *notified);
/* The vacancy is still published, unexpired on today and listed: 1, 0, -1. */
int matching_store_still_public(struct dbconn *db, int64_t id, const char *today);
/* The last of the next `people` who fit v after `after`: 1, 0 when nobody
 * is left, -1. */
int matching_store_step_end(struct dbconn *db, const struct vacancy_row *v, const char *today, int64_t after,
                            int people, int64_t *last);
/* The notifications of those who fit in (after, last]: how many, or -1. */
int matching_store_notify(struct dbconn *db, const struct vacancy_row *v, const char *today, int64_t after,
                          int64_t last, int64_t now);
/* Moves the run's cursor and count, finishing it when finished: 0 or -1. */
int matching_store_advance(struct dbconn *db, int64_t id, int64_t after, int added, int finished, int64_t now);

#endif
