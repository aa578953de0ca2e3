/*
 * The monthly statistics feed the province and the ministry pull with a
 * service token of scope stats:read (service_client.h): the closed months,
 * with when each closed and when its corrections last changed (?since=
 * names those changed after a moment, so that a puller never reads
 * everything again), and each closed month's document: the IPK tables as
 * frozen at the closing (each table by its key, each row by its code: the
 * stable identifiers), every correction since with the table, row and
 * column it touches and the published and current figure, and the year's
 * indicators (IKU) as they stand.  JSON, or CSV of the tables.
 */
#ifndef SIDAKERD_STATS_FEED_H
#define SIDAKERD_STATS_FEED_H

struct req;

void stats_feed_months_list(struct req *r);
void stats_feed_month(struct req *r);

#endif
