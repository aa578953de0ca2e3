/* The audit log's rows (daemon/audit_store.c). */
#ifndef SIDAKERD_AUDIT_STORE_H
#define SIDAKERD_AUDIT_STORE_H

#include <jansson.h>
#include <stdint.h>

struct dbconn;

/* Appends one record in the caller's transaction; detail is JSON without
 * personal data, or NULL.  0, or -1 when the store failed. */
int audit_record(struct dbconn *db, int64_t actor_id, const char *action, const char *object_type, int64_t object_id,
                 const char *detail_json, int64_t now);

/* What GET /v1/admin/audit filters on; 0 and NULL: no filter.  action
 * ending in '.' is a prefix; since and until are office dates. */
struct audit_filter {
	int64_t actor_id, object_id;
	const char *action, *object_type, *since, *until;
};
/* Up to limit records, newest first, below cursor (0: from the newest), as
 * JSON objects; NULL when the store failed. */
json_t *audit_store_list(struct dbconn *db, const struct audit_filter *f, int64_t cursor, int limit,
                         int utc_offset_seconds);

#endif
