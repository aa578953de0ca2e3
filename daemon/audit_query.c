/* GET /v1/admin/audit: the audit log for an admin, newest first, filtered
 * by actor, action (exact, or every action under a prefix ending in '.':
 * "complaint."), object, and office dates.  The log holds ids, not personal
 * data, so reading it is not itself a read of personal data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "config.h"
#include "dates.h"
#include "http.h"
#include "list.h"
#include "server.h"
#include "audit_store.h"
#include "audit_query.h"

static int query_word(const char *s)
{
	return !s || (strlen(s) <= 64 && strspn(s, "abcdefghijklmnopqrstuvwxyz_.") == strlen(s) && *s);
}

void audit_list(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	int64_t actor = 0, object = 0;
	const char *action = req_query(r, "action"), *type = req_query(r, "object_type");
	const char *since = req_query(r, "since"), *until = req_query(r, "until");
	struct date day;
	const char *bad = req_query_id(r, "actor_id", &actor) < 0 ? "actor_id"
		: req_query_id(r, "object_id", &object) < 0       ? "object_id"
		: !query_word(action)                             ? "action"
		: !query_word(type)                               ? "object_type"
		: since && date_parse(since, &day) < 0            ? "since"
		: until && date_parse(until, &day) < 0            ? "until"
								  : NULL;
	if (bad) {
		req_fail(r, ERR_QUERY_INVALID, bad);
		return;
	}
	struct audit_filter f = {actor, object, action, type, since, until};
	json_t *items =
		audit_store_list(r->srv->reader, &f, page.cursor, page.limit + 1, r->srv->cfg->utc_offset_minutes * 60);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}
