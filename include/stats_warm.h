/*
 * After a start, the statistics officers ask for first are computed once in
 * the background, on the read pool that answers them later.
 */
#ifndef SIDAKERD_STATS_WARM_H
#define SIDAKERD_STATS_WARM_H

struct server;

int stats_warm(struct server *srv);

#endif
