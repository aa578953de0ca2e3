/* The rows of a training-history import (daemon/training_import_store.c). */
#ifndef SIDAKERD_TRAINING_IMPORT_STORE_H
#define SIDAKERD_TRAINING_IMPORT_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

#define TRAINING_REF_MAX 64

/* The training recorded under ref: its id and its columns as the CSV has
 * them (title, vocation, provider_name, funding, start_date, end_date,
 * location; null when empty).  1, 0 when none, -1. */
int training_store_of_record(struct dbconn *db, const char *ref, int64_t *id, json_t **columns);
/* Who holds a certificate number and the reference of the training it was
 * recorded with ("" when it was not recorded from records): 1, 0 none, -1. */
int certificate_store_holder(struct dbconn *db, const char *number, int64_t *seeker_id,
                             char record_ref[TRAINING_REF_MAX + 1]);
/* A finished training of the office from records (columns_json as above). */
enum store_result training_store_insert_record(struct dbconn *db, int64_t officer, const char *columns_json,
                                               const char *ref, int64_t now, int64_t *id);
/* A participant's recorded outcome (completion: completed | dropped;
 * result may be NULL): 1 added, 0 when recorded before, -1. */
int enrolment_store_record(struct dbconn *db, int64_t training_id, int64_t seeker_id, const char *completion,
                           const char *result, int64_t officer, int64_t now);
struct certificate_record {
	const char *number, *kind, *scheme, *lsp /* may be NULL */, *issued_on;
};
/* The certificate of that participant's enrolment: 1 added, 0 when the
 * number is recorded already, -1. */
int certificate_store_record(struct dbconn *db, const struct certificate_record *c, int64_t training_id,
                             int64_t seeker_id, int64_t officer, int64_t now);
/* A training from records has as many places as its records fill.  0, -1. */
int training_store_fill_places(struct dbconn *db, int64_t training_id);

#endif
