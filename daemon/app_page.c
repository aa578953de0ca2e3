#include <string.h>

#include "app_page.h"
#include "embedded.h"
#include "http.h"
#include "page_file.h"

void app_page_index(struct req *r) { page_file_serve(r, embedded_app, embedded_app_count, "index.html"); }

void app_page_file(struct req *r)
{
	const char *name = r->nparams ? r->param[0] : "";
	if (!strcmp(name, "sw.js"))
		req_add_header(r, "Service-Worker-Allowed", "/app");
	page_file_serve(r, embedded_app, embedded_app_count, name);
}
