/* The routes and functions of dashboard_page.c: the office dashboard page (contrib/dashboard, embedded at build
 * time): GET /dashboard (or /dashboard/index.html) is the page, GET /dashboard/{file} its script and style. */
#ifndef SIDAKERD_DASHBOARD_PAGE_H
#define SIDAKERD_DASHBOARD_PAGE_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* The dashboard page's files (dashboard_page.c). */
void dashboard_page_index(struct req *r);
void dashboard_page_file(struct req *r);

#endif
