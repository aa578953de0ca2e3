/*
 * Trainings published by a verified LPK/BLK or by the office (training.c).
 * Enrolment with selection, waitlist, attendance and results is
 * enrolment.h's, walk-ins training_participant.h's, the history import
 * training_import.h's, certificates certificate.h's, the yearly counts
 * training_stats.h's; the rows are training_store.h's.
 */
#ifndef SIDAKERD_TRAINING_H
#define SIDAKERD_TRAINING_H

#include <jansson.h>
#include "store.h"
#include <stdint.h>

#include "dates.h"

struct config;
struct dbconn;
struct req;
struct training_row;

/* training.c */
void training_create(struct req *r);
void training_update(struct req *r);
void training_get(struct req *r);
void training_search(struct req *r);
void training_list_provider(struct req *r);
void training_change_state(struct req *r);
void training_list_fitting(struct req *r);
/* Officers manage every training, an LPK its own. */
int training_managed_by(const struct req *r, const struct training_row *t);

#endif
