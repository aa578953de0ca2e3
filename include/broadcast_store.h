/* WhatsApp templates, broadcasts and their recipients (daemon/broadcast_store.c). */
#ifndef SIDAKERD_BROADCAST_STORE_H
#define SIDAKERD_BROADCAST_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "dates.h"
#include "store.h"

/* A template as the API shows it, NULL when there is none or on error. */
json_t *broadcast_store_template(struct dbconn *db, int64_t id);
/* A list page of templates, newest first (state NULL: any); NULL on error. */
json_t *broadcast_store_templates(struct dbconn *db, const char *state, int64_t cursor, int limit);
/* STORE_CONFLICT when a template has that name already. */
enum store_result broadcast_store_template_insert(struct dbconn *db, const char *name, const char *body,
                                                  int64_t created_by, int64_t now, int64_t *id);
/* state: approved | rejected; STORE_NO_MATCH when it is no longer pending. */
enum store_result broadcast_store_template_decide(struct dbconn *db, int64_t id, const char *state, int64_t decided_by,
                                                  int64_t now);
/* The template's text (malloc'd) and whether it is approved: 1, 0 none, -1. */
int broadcast_store_template_text(struct dbconn *db, int64_t id, char **body, int *approved);

/* Who a broadcast goes to. */
struct wa_segment {
	char role[8]; /* seeker | lpk | bkk */
	char *kecamatan, *education; /* JSON arrays or NULL */
	int age_min, age_max; /* -1: none */
	char gender[2];
	char card[8]; /* active | none | "" */
	char today[DATE_LEN + 1];
};

/* How many the segment reaches; with consent_required only those with an
 * active WhatsApp consent (the recipients), else everyone in it.  -1. */
long long broadcast_store_segment_count(struct dbconn *db, const struct wa_segment *s, int consent_required);

struct wa_broadcast_new {
	int64_t template_id;
	const char *segment_json, *variables_json;
	int64_t vacancy_id; /* 0: none */
	int64_t created_by;
	const char *text; /* filled but for the recipient's name */
	int utc_offset_minutes; /* for the recipients' quiet hours */
};
/* Records the broadcast and queues one message per recipient chosen now:
 * the number of recipients, or -1.  The caller refuses (and so rolls back)
 * a number above its limit. */
int broadcast_store_send(struct dbconn *db, const struct wa_broadcast_new *b, const struct wa_segment *seg, int64_t now,
                         int64_t *id);
/* A broadcast with its delivery figures; NULL when none or on error. */
json_t *broadcast_store_get(struct dbconn *db, int64_t id);
/* A list page of broadcasts, newest first; NULL on error. */
json_t *broadcast_store_list(struct dbconn *db, int64_t cursor, int limit);

#endif
