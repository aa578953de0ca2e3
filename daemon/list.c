#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "list.h"
#include "server.h"

static int parse_positive(const char *s, int64_t max, int64_t *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 18 || strspn(s, "0123456789") != n)
		return -1;
	int64_t v = strtoll(s, NULL, 10);
	if (v < 1 || v > max)
		return -1;
	*out = v;
	return 0;
}

int list_page_parse(struct req *r, struct list_page *page)
{
	const char *limit = req_query(r, "limit"), *cursor = req_query(r, "cursor");
	int64_t v;
	page->limit = LIST_DEFAULT_LIMIT;
	page->cursor = 0;
	if (limit) {
		if (parse_positive(limit, LIST_MAX_LIMIT, &v) < 0) {
			req_fail(r, ERR_QUERY_INVALID, "limit");
			return -1;
		}
		page->limit = (int)v;
	}
	if (cursor) {
		if (parse_positive(cursor, INT64_MAX / 2, &v) < 0) {
			req_fail(r, ERR_QUERY_INVALID, "cursor");
			return -1;
		}
		page->cursor = v;
	}
	return 0;
}

void list_reply(struct req *r, json_t *items, int limit) { list_reply_extra(r, items, limit, NULL); }

void list_reply_extra(struct req *r, json_t *items, int limit, json_t *extra)
{
	json_t *next = json_null();
	if (json_array_size(items) > (size_t)limit) {
		json_array_remove(items, (size_t)limit);
		json_t *last = json_array_get(items, (size_t)limit - 1);
		char buf[24];
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(json_object_get(last, "id")));
		next = json_string(buf);
	}
	json_t *page = json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
	if (extra)
		json_object_update(page, extra);
	json_decref(extra);
	req_reply(r, 200, page);
}
