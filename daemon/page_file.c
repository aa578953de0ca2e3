#include <string.h>

#include "http.h"
#include "page_file.h"

const struct embedded_file *page_file_find(const struct embedded_file *files, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(files[i].name, name))
			return &files[i];
	return NULL;
}

const char *page_file_media_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	return !dot                            ? "application/octet-stream"
		: !strcmp(dot, ".html")        ? "text/html; charset=utf-8"
		: !strcmp(dot, ".js")          ? "text/javascript; charset=utf-8"
		: !strcmp(dot, ".css")         ? "text/css; charset=utf-8"
		: !strcmp(dot, ".svg")         ? "image/svg+xml"
		: !strcmp(dot, ".webmanifest") ? "application/manifest+json"
					       : "application/octet-stream";
}

void page_file_serve(struct req *r, const struct embedded_file *files, size_t n, const char *name)
{
	const struct embedded_file *f = page_file_find(files, n, name);
	if (!f) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	req_reply_page(r, page_file_media_type(name), f->start, (size_t)(f->end - f->start));
}
