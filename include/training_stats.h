/* The routes and functions of training_stats.c: the yearly counts of training and competency the office reports,
 * as JSON for the statistics and its indicators. */
#ifndef SIDAKERD_TRAINING_STATS_H
#define SIDAKERD_TRAINING_STATS_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* training_stats.c */
void training_stats(struct req *r);

#endif
