/* The yearly training and competency counts (daemon/training_stats_store.c;
 * the definitions are in training_stats.c). */
#ifndef SIDAKERD_TRAINING_STATS_STORE_H
#define SIDAKERD_TRAINING_STATS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct dbconn;

/* The year's statistics as GET /v1/stats/trainings answers them, of one
 * LPK's trainings (provider, its account) or of all (0); NULL on error. */
json_t *training_stats_of_year(struct dbconn *db, const char *year, int64_t provider);
/* The indicators' two numbers: people who completed a training ending in
 * the year (with online: or an online course completed in it), and of them
 * those found competent.  0 or -1. */
int training_year_totals(struct dbconn *db, const char *year, bool online, long long *trained, long long *competent);

#endif
