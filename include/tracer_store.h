/* Tracer surveys, BKK graduates and cohort counts (daemon/tracer_store.c). */
#ifndef SIDAKERD_TRACER_STORE_H
#define SIDAKERD_TRACER_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "crypto.h"
#include "store.h"

struct config;

/* Issues the surveys whose wave has come (and tells the people); returns
 * how many, or -1.  Run by the daily job. */
int tracer_issue_surveys(struct dbconn *db, const struct config *cfg, int64_t now);

/* A graduate the BKK reports: 1 added, 0 when reported before, -1. */
int tracer_store_add_graduate(struct dbconn *db, int64_t organisation_id, const unsigned char nik_index[DIGEST_BYTES],
                              const char *graduated_on, const char *major, int64_t now);

/* The alumnus's surveys, newest first (a list page of JSON objects), NULL
 * on error. */
json_t *tracer_store_own(struct dbconn *db, int64_t account_id, int64_t cursor, int limit);
/* The survey as JSON when it is who's (1; out may be NULL), 0 when it is
 * not or does not exist, -1; *answered. */
int tracer_store_own_survey(struct dbconn *db, int64_t id, int64_t who, json_t **out, int *answered);

/* An answer; "" for the fields not given. */
struct tracer_answer {
	const char *outcome, *employer, *wage_band, *relevance;
};
/* STORE_NO_MATCH when the survey is not who's or is answered already (a
 * second answer that raced the first). */
enum store_result tracer_store_answer(struct dbconn *db, int64_t id, int64_t account_id, const struct tracer_answer *a,
                                      int64_t now);

/* One row per cohort and wave, newest cohort first (NULL/0: no filter):
 * 0 kind, 1 training_id (NULL for BKK), 2 organisation_id (NULL), 3 cohort
 * date, 4 wave, 5 name, 6 alumni, 7 surveys, 8 answered, 9 working,
 * 10 further study, 11 self-employed, 12 looking, 13 relevant.  0 or -1. */
int tracer_store_cohorts(struct dbconn *db, int64_t organisation_id, const char *kind, const char *year,
                         store_row_fn fn, void *arg);

#endif
