/*
 * The benchmark data generator's parts: gen.c writes the register (people,
 * cards, placements, vacancies, trainings), gen_activity.c what people do
 * with it (applications to vacancies, and the signed-in job seekers the
 * load scenarios act as).  One seeded random source for both, so the same
 * seed gives the same database.
 */
#ifndef SIDAKERD_BENCH_GEN_H
#define SIDAKERD_BENCH_GEN_H

#include <stdint.h>
#include <stdio.h>

#include "crypto.h"
#include "dates.h"
#include "store_sql.h" /* the generator writes rows directly */

uint64_t rnd(void);
int below(int n);
/* A progress bar on stderr when it is a terminal. */
void progress(const char *what, long done, long total);

/* A person of the register: a profile with a NIK that passes validation.
 * 1 made, 0 when the NIK was drawn before (nothing written), -1. */
struct person {
	int64_t seeker_id;
	char nik[24]; /* 16 digits; room for what snprintf cannot prove */
	unsigned char sealed[NIK_SEALED_BYTES], index[DIGEST_BYTES];
};
int add_person(struct dbconn *db, const struct keys *keys, long n, struct date today, struct person *out);
/* An account for that person, opted in to matching vacancies. */
int add_account(struct dbconn *db, const struct person *p, long n, int64_t *account_id);
/* A placement through channel (NULL: one drawn by weight); n varies the employer. */
int add_placement(struct dbconn *db, int64_t seeker_id, int64_t card_id, const unsigned char *index, const char *start,
                  int n, const char *channel, int64_t *id);

/* People with accounts, as gen_activity.c needs them. */
struct account_holder {
	int64_t seeker_id, account_id;
	int active_card;
	unsigned char index[DIGEST_BYTES];
};

/* count applications to the published vacancies by those holders; an
 * accepted one (only of people without an active card) comes with its
 * placement.  *placed: placements written. */
int add_applications(struct dbconn *db, const struct account_holder *holders, long n_holders, long count,
                     struct date today, long *placed);
/* Sessions for the load scenarios, in dir: bench-readers.txt (tokens of
 * up to 5,000 holders of active cards), bench-apply.txt (tokens of people
 * with a profile and documents but no card application) and
 * bench-submit.txt ("token id": the same with a draft application).
 * applicants new people are made for the last two, numbered from first. */
int add_bench_sessions(struct dbconn *db, const struct keys *keys, const char *dir,
                       const struct account_holder *holders, long n_holders, long first, long applicants,
                       struct date today, int ttl_s);

#endif
