/* The office dashboard page (contrib/dashboard, embedded at build time):
 * GET /dashboard (or /dashboard/index.html) is the page, GET /dashboard/{file}
 * its script and style.
 * Only the embedded files by their exact names; the data comes from the
 * API, behind the officer's session, never from these routes. */
#include "dashboard_page.h"
#include "embedded.h"
#include "http.h"
#include "page_file.h"

void dashboard_page_index(struct req *r)
{
	page_file_serve(r, embedded_dashboard, embedded_dashboard_count, "index.html");
}

void dashboard_page_file(struct req *r)
{
	page_file_serve(r, embedded_dashboard, embedded_dashboard_count, r->nparams ? r->param[0] : "");
}
