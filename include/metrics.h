/*
 * Prometheus metrics: requests by route, method and status, a latency
 * histogram per route, queue depths and writer figures.  Updated on the loop
 * thread only (replies are sent there), so no locking.
 */
#ifndef SIDAKERD_METRICS_H
#define SIDAKERD_METRICS_H

#include <stddef.h>

struct metrics;
struct server;

struct metrics *metrics_new(size_t nroutes);
void metrics_free(struct metrics *m);
/* route_index == nroutes: the request matched no route. */
void metrics_record(struct metrics *m, size_t route_index, int status, double seconds);
void metrics_count_accept_pause(struct metrics *m);
void metrics_count_replay(struct metrics *m);
/* A registration refused because its NIK (nik) or e-mail was taken: each
 * one tells the asker that someone holds it. */
void metrics_count_taken(struct metrics *m, int nik);
/* The text exposition; malloc'd, caller frees. */
char *metrics_render(struct metrics *m, struct server *srv, size_t *len);

#endif
