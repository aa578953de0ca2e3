/* The routes and functions of enrolment.c: enrolment in a training: a job seeker applies. */
#ifndef SIDAKERD_ENROLMENT_H
#define SIDAKERD_ENROLMENT_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

struct config;
struct dbconn;
struct req;
struct store_row;
struct training_row;

/* In the writer: a notice to the person behind an enrolment, in the same
 * transaction (nothing when they have no account). */
int enrolment_tell(struct dbconn *db, const struct config *cfg, int64_t enrolment_id, const char *subject,
                   const char *what, int64_t now);
/* In the writer: while there are free places, the first of the waitlist
 * is accepted and told so.  Returns how many moved up, or -1. */
int enrolment_promote_waitlist(struct dbconn *db, const struct config *cfg, const struct training_row *t, int64_t now);
/* In the writer, when a training changes state: running rejects those
 * not selected, finished settles each accepted person by the attendance
 * rule, cancelled cancels every open enrolment; each person is told. */
int enrolment_follow_training(struct dbconn *db, const struct config *cfg, const struct training_row *t, const char *to,
                              int64_t now);
/* enrolment.c */
void enrolment_apply(struct req *r);
void enrolment_withdraw(struct req *r);
void enrolment_list_own(struct req *r);
/* A participant as providers and officers see them, from a row of
 * enrolment_each_for_training() or enrolment_participant(): the NIK masked. */
json_t *enrolment_participant_item(const struct req *r, const struct store_row *row);
void enrolment_list_for_training(struct req *r);
void enrolment_decide(struct req *r);
void enrolment_record_attendance(struct req *r);
void enrolment_record_result(struct req *r);

#endif
