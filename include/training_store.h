/* training's rows (daemon/training_store.c). */
#ifndef SIDAKERD_TRAINING_STORE_H
#define SIDAKERD_TRAINING_STORE_H

#include <jansson.h>
#include "store.h"
#include <stdint.h>
#include "dates.h"

struct dbconn;

struct training_row {
	int64_t id, provider_id;
	char provider_kind[8], state[12], funding[8];
	char start_date[DATE_LEN + 1], end_date[DATE_LEN + 1];
	char registration_opens[DATE_LEN + 1], registration_closes[DATE_LEN + 1];
	char title[128];
	int quota, sessions, age_min, age_max, education_rank, domicile_only; /* ages: -1 when open */
};

struct enrolment_row {
	int64_t id, training_id, seeker_id, account_id;
	char state[12], result[20];
	int attended; /* sessions marked present */
};

/* 1 found, 0 none, -1 error. */
int training_fetch(struct dbconn *db, int64_t id, struct training_row *out);
json_t *training_json(struct dbconn *db, int64_t id);
/* The provider's name: the LPK's legal name from the query, or, for the
 * office's own trainings (provider null), the office's.  Returns t. */
json_t *training_with_provider(json_t *t, const char *office);
/* t: a checked training (training.c); inserts it or replaces a draft/open one. */
int training_insert(struct dbconn *db, int64_t provider_id, const char *provider_kind, const json_t *t, int64_t now,
                    int64_t *id);
/* STORE_NO_MATCH when it is no longer draft or open. */
enum store_result training_replace(struct dbconn *db, int64_t id, const json_t *t, int64_t now);
/* STORE_NO_MATCH when not in state from. */
enum store_result training_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, int64_t now);
/* Places taken: accepted, completed or dropped. */
int training_places_taken(struct dbconn *db, int64_t id);

int enrolment_fetch(struct dbconn *db, int64_t id, struct enrolment_row *out);
/* STORE_OK and the id; STORE_CONFLICT when the person is already enrolled. */
enum store_result enrolment_insert(struct dbconn *db, int64_t training_id, int64_t seeker_id, int64_t now, int64_t *id);
/* STORE_NO_MATCH when not in state from. */
enum store_result enrolment_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, const char *note,
                                      int64_t by, int64_t now);
enum store_result enrolment_set_result(struct dbconn *db, int64_t id, const char *state, const char *result,
                                       int64_t now);
json_t *enrolment_json(struct dbconn *db, int64_t id);
/* The first of the waitlist (by the time it was waitlisted), 0 when empty, -1. */
int64_t enrolment_next_waitlisted(struct dbconn *db, int64_t training_id);
/* Marks one person present or absent in one session (a repeat replaces). */
int attendance_upsert(struct dbconn *db, int64_t enrolment_id, int session, int present, int64_t by, int64_t now);

/* The provider's list of participants: fn gets each row (column 0 the
 * JSON text, column 1 the sealed NIK).  Returns rows or -1. */
int enrolment_each_for_training(struct dbconn *db, int64_t training_id, const char *state, int64_t cursor, int limit,
                                store_row_fn fn, void *arg);
/* One participant as the provider's list shows them, by enrolment id:
 * column 0 the JSON text, column 1 the sealed NIK, given to fn.  1, 0 or -1. */
int enrolment_participant(struct dbconn *db, int64_t id, store_row_fn fn, void *arg);
/* In the writer: the enrolment of an officer's walk-in, accepted and marked
 * as enrolled by them.  *id set; 0, 1 when they already hold a place
 * (accepted, completed or dropped), 2 when they do not and !room, -1. */
int enrolment_take_in(struct dbconn *db, int64_t training_id, int64_t seeker_id, int64_t officer, int room, int64_t now,
                      int64_t *id);
/* A person's enrolments, newest first, up to limit + 1. */
json_t *enrolment_own_json(struct dbconn *db, int64_t seeker_id, int64_t cursor, int limit);
/* Ids of the training's enrolments in one of three states (malloc'd; NULL
 * on error, with *count 0). */
int64_t *enrolment_ids_in(struct dbconn *db, int64_t training_id, const char *s1, const char *s2, const char *s3,
                          size_t *count);

/* Public listing filters; NULL members do not filter. */
struct training_filter {
	const char *today, *funding, *vocation, *kecamatan_code, *q;
};
/* Arrays of training JSON, up to limit + 1 (list_reply's "there is more"). */
json_t *training_search_json(struct dbconn *db, const struct training_filter *f, int64_t cursor, int limit);
/* provider_id 0: every provider's. */
json_t *training_provider_json(struct dbconn *db, int64_t provider_id, const char *state, int64_t cursor, int limit);
json_t *training_fitting_json(struct dbconn *db, int64_t seeker_id, const char *today, const char *kabkota_dotted,
                              int limit);

/* Whether a seeker fits a training: age on the start date, education,
 * domicile in office_kabkota (dotted, "32.77").  Returns 1 and leaves why empty, or 0 with the reason code in
 * why (too_young, too_old, education, domicile), -1 on error. */
int training_fits(struct dbconn *db, const struct training_row *t, int64_t seeker_id, const char *office_kabkota,
                  char why[16]);

#endif
