/* Serving a file embedded from contrib (embedded.h) as a page of the daemon:
 * its media type by extension, the page's CSP (http.c). */
#ifndef SIDAKERD_PAGE_FILE_H
#define SIDAKERD_PAGE_FILE_H

#include <stddef.h>

#include "embedded.h"

struct req;

/* The embedded file of that exact name, or NULL. */
const struct embedded_file *page_file_find(const struct embedded_file *files, size_t n, const char *name);
/* The media type of a file name: html, js, css, svg. */
const char *page_file_media_type(const char *name);
/* 200 with the file, or 404 when there is none of that name. */
void page_file_serve(struct req *r, const struct embedded_file *files, size_t n, const char *name);

#endif
