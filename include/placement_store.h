/* The SQL of placement reports. */
#ifndef SIDAKERD_PLACEMENT_STORE_H
#define SIDAKERD_PLACEMENT_STORE_H

#include "store.h"
#include <stdint.h>

#include "crypto.h"
#include "dates.h"

struct dbconn;

/* One checked placement, ready to store. */
struct placement_in {
	int line; /* where it came from: batch index + 1 or CSV line; 0 single */
	int64_t seeker_id; /* 0: a person not in the register */
	int64_t card_id; /* the card held on the start date, 0 none */
	int64_t employer_id; /* a registered organisation, or 0 */
	unsigned char person_index[DIGEST_BYTES];
	unsigned char nik_sealed[NIK_SEALED_BYTES];
	int has_sealed; /* people not in the register keep their NIK sealed here */
	char employer_name[201], employer_type[20], position[121], kbji[5], kbli[6];
	char location_kind[10], location_code[21], placement_kind[5], start_date[DATE_LEN + 1], channel[16];
	char gender[2], birth_date[DATE_LEN + 1], education_level[16];
	long long wage; /* -1: not given */
};

/* The card the person held on the start date (issued by then, not ended
 * nor past its validity before it): 1 and its id, 0 none, -1. */
int placement_card_at(struct dbconn *db, int64_t seeker_id, const char *start, int64_t *card_id);
/* The NIK blind index of a seeker: 1, 0, -1. */
int placement_person_index(struct dbconn *db, int64_t seeker_id, unsigned char out[DIGEST_BYTES]);
/* The same placement stored before (person, employer key, start): 1 and its id, 0, -1. */
int placement_find_same(struct dbconn *db, const struct placement_in *p, int64_t *id);
enum store_result placement_insert(struct dbconn *db, const struct placement_in *p, int64_t reported_by,
                                   const char *role, int64_t now, int64_t *id);
/* Employer facts of a registered organisation: 1, 0 when there is no profile, -1. */
int placement_organisation(struct dbconn *db, int64_t account_id, char name[201], char type[20], char kbli[6]);
/* Placements for a list, newest first: reported_by 0 = everybody's; month
 * NULL = any.  fn gets each row: 0 JSON text, 1 sealed NIK, 2 full name. */
/* 1 when the organisation had dealings with the person (applicant, trainee,
 * graduate it reported), 0, -1. */
int placement_person_known(struct dbconn *db, int64_t organisation, int64_t seeker_id);
/* Column 0 the placement's JSON, 1 the sealed NIK, 2 the person's name (or
 * NULL), 3 the person's id (or NULL). */
int placement_each(struct dbconn *db, int64_t reported_by, const char *month, int64_t cursor, int limit,
                   store_row_fn fn, void *arg);

#endif
