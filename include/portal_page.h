/* The organisations' portal (contrib/portal, embedded at build time):
 * GET /portal is the page, GET /portal/{file} its script and style.  Only
 * the embedded files by their exact names; everything it shows comes from
 * the public API behind the organisation's session. */
#ifndef SIDAKERD_PORTAL_PAGE_H
#define SIDAKERD_PORTAL_PAGE_H

struct req;

void portal_page_index(struct req *r);
void portal_page_file(struct req *r);

#endif
