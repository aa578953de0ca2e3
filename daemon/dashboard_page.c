/* The office dashboard page (contrib/dashboard, embedded at build time):
 * GET /dashboard (or /dashboard/index.html) is the page, GET /dashboard/{file}
 * its script and style.
 * Only the embedded files by their exact names; the data comes from the
 * API, behind the officer's session, never from these routes. */
#include <string.h>

#include "dashboard.h"
#include "embedded.h"
#include "http.h"
#include "dashboard_page.h"

static const char *media_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	return !dot                     ? "application/octet-stream"
		: !strcmp(dot, ".html") ? "text/html; charset=utf-8"
		: !strcmp(dot, ".js")   ? "text/javascript; charset=utf-8"
		: !strcmp(dot, ".css")  ? "text/css; charset=utf-8"
		: !strcmp(dot, ".svg")  ? "image/svg+xml"
					: "application/octet-stream";
}

static void serve(struct req *r, const char *name)
{
	for (size_t i = 0; i < embedded_dashboard_count; i++) {
		const struct embedded_file *f = &embedded_dashboard[i];
		if (!strcmp(f->name, name)) {
			req_reply_page(r, media_type(name), f->start, (size_t)(f->end - f->start));
			return;
		}
	}
	req_fail(r, ERR_NOT_FOUND, NULL);
}

void dashboard_page_index(struct req *r) { serve(r, "index.html"); }

void dashboard_page_file(struct req *r) { serve(r, r->nparams ? r->param[0] : ""); }
