/* Cursor pagination shared by every list route: ?limit=&cursor= in,
 * {"items":[…],"next_cursor":…} out.  The cursor is the last id seen. */
#ifndef SIDAKERD_LIST_H
#define SIDAKERD_LIST_H

#include <jansson.h>
#include <stdint.h>

struct req;

struct list_page {
	int limit;
	int64_t cursor; /* 0: from the start */
};

/* Reads limit and cursor; answers 400 and returns -1 when they are bad. */
int list_page_parse(struct req *r, struct list_page *page);
/* items holds up to limit + 1 objects with an "id": the extra one only says
 * there is a next page.  Sends the reply; takes items. */
void list_reply(struct req *r, json_t *items, int limit);
/* The same with the fields of extra (taken) beside items and next_cursor. */
void list_reply_extra(struct req *r, json_t *items, int limit, json_t *extra);

#endif
