#include "embedded.h"
#include "http.h"
#include "page_file.h"
#include "portal_page.h"

void portal_page_index(struct req *r) { page_file_serve(r, embedded_portal, embedded_portal_count, "index.html"); }

void portal_page_file(struct req *r)
{
	page_file_serve(r, embedded_portal, embedded_portal_count, r->nparams ? r->param[0] : "");
}
