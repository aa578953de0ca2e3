/* The routes and functions of ipk_cache.c: each month's IPK flows, kept (for the read pool's threads, under a
 * lock) while the month's versions stand: one per source (ipk_source_version, moved by triggers on every write
 * that touches what the month counts). */
#ifndef SIDAKERD_IPK_CACHE_H
#define SIDAKERD_IPK_CACHE_H

#include <jansson.h>
#include <stdint.h>

struct dbconn;

/* One month's flows of every chained table and its placement tables (a new
 * reference).  With use_cache they come from ipk_cache.c while the month's
 * version stands (readers only: the writer computes afresh).  0 or -1. */
int ipk_month_data(struct dbconn *db, int use_cache, const char *month, struct ipk_flows flows[IPK_CHAINS],
                   json_t **placements);
void ipk_cache_free(void);

#endif
