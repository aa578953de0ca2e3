/* The yearly indicators' counts and targets (daemon/iku_store.c). */
#ifndef SIDAKERD_IKU_STORE_H
#define SIDAKERD_IKU_STORE_H

#include <stdint.h>

struct dbconn;

/* Registrations of the year: cards issued, a replacement counting only
 * when the card it replaced had ended otherwise.  0 or -1. */
int iku_store_registrations(struct dbconn *db, const char *year, int64_t *n);
/* Distinct card holders placed and distinct persons placed (counts kept by
 * triggers, sql/0013).  0 or -1. */
int iku_store_placed(struct dbconn *db, const char *year, int64_t distinct[2]);
/* fn for each target set for the year (the text as stored).  0 or -1. */
int iku_store_targets(struct dbconn *db, const char *year,
                      void (*fn)(const char *indicator, const char *target, void *arg), void *arg);
/* fn for each channel with placements in the year.  0 or -1. */
int iku_store_by_channel(struct dbconn *db, const char *year,
                         void (*fn)(const char *channel, int64_t placements, int64_t without_card, void *arg),
                         void *arg);
/* Sets (or replaces) one indicator's target.  0 or -1. */
int iku_store_set_target(struct dbconn *db, int year, const char *indicator, const char *target, int64_t set_by,
                         int64_t now);

#endif
