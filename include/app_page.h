/* The job seekers' web app (contrib/app, embedded at build time): GET /app
 * is the page, GET /app/{file} its script, style, manifest, icon and
 * service worker (whose scope, /app, is allowed by a header: the page has
 * no trailing slash).  Everything it shows comes from the public API. */
#ifndef SIDAKERD_APP_PAGE_H
#define SIDAKERD_APP_PAGE_H

struct req;

void app_page_index(struct req *r);
void app_page_file(struct req *r);

#endif
