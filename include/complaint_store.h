/* Complaints' rows (daemon/complaint_store.c). */
#ifndef SIDAKERD_COMPLAINT_STORE_H
#define SIDAKERD_COMPLAINT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

/* The complaint as the API shows it (overdue as of now), and its
 * complainant's account: 1, 0 when there is none, -1. */
int complaint_store_fetch(struct dbconn *db, int64_t id, int64_t now, json_t **out, int64_t *owner);

struct complaint_new {
	int64_t account_id;
	const char *kind, *category, *subject, *body;
	int64_t vacancy_id, organisation_id; /* 0: none */
	int64_t due_at;
};
enum store_result complaint_store_insert(struct dbconn *db, const struct complaint_new *c, int64_t now, int64_t *id);

/* A page (limit rows, from cursor; 0: the start) of JSON objects: the
 * complainant's own, newest first; the officers' queue, oldest first
 * (state NULL: any; overdue: only those past their due time).  NULL on
 * error. */
json_t *complaint_store_own(struct dbconn *db, int64_t account_id, int64_t now, int64_t cursor, int limit);
json_t *complaint_store_queue(struct dbconn *db, const char *state, int overdue, int64_t now, int64_t cursor,
                              int limit);

/* The complaint's state and complainant: 1, 0 none, -1. */
int complaint_store_state(struct dbconn *db, int64_t id, char state[12], int64_t *owner);

/* The officer's changes: STORE_NO_MATCH when the complaint is not in a state
 * for it (assign, answer: open or assigned; close: not closed). */
enum store_result complaint_store_assign(struct dbconn *db, int64_t id, int64_t officer_id, int64_t now);
enum store_result complaint_store_answer(struct dbconn *db, int64_t id, const char *answer, int64_t officer_id,
                                         int64_t now);
enum store_result complaint_store_close(struct dbconn *db, int64_t id, int64_t now);

/* The year's months with complaints, in order: fn(month "MM", {received,
 * suggestions, answered, answered on time}); the month is the office's
 * month of filing.  0 or -1. */
int complaint_store_monthly(struct dbconn *db, const char *year, int64_t utc_offset_s,
                            void (*fn)(const char *mm, const long long v[4], void *arg), void *arg);
/* Open now, and of them past their due time: 0 or -1. */
int complaint_store_open_now(struct dbconn *db, int64_t now, long long *open, long long *overdue);

#endif
