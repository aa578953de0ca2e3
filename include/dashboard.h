/* The office's figures of right now, for the dashboard. */
#ifndef SIDAKERD_DASHBOARD_H
#define SIDAKERD_DASHBOARD_H

struct req;

void dashboard_get(struct req *r);
void dashboard_cache_free(void);

#endif
