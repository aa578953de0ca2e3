/*
 * Telling people what happened to their records: every event becomes a row
 * of their in-app inbox and, by their preferences for its category, an
 * e-mail (at once, after their quiet hours, or in the daily digest) and a
 * WhatsApp message (only with their recorded consent).  Always written in
 * the transaction of the change that causes it.
 */
#ifndef SIDAKERD_NOTIFICATION_H
#define SIDAKERD_NOTIFICATION_H

#include <stdint.h>

struct config;
struct dbconn;
struct req;

/* notification.category values, NULL-terminated. */
extern const char *const notification_categories[];

struct notification {
	const char *category; /* one of notification_categories */
	const char *title; /* the e-mail subject, the inbox headline */
	const char *body; /* one paragraph, Indonesian */
	const char *object_type; /* what it is about ("card_application", ...) or NULL */
	int64_t object_id;
};

/* The daily digests due now (digest_hour of the office's day): one e-mail
 * per person listing what waited.  Returns how many were queued, or -1. */
int notification_send_digests(struct dbconn *db, const struct config *cfg, int64_t now);

/* The check of a preferences body (0 when it would be accepted). */
#include <jansson.h>
#include "errors.h"
enum err notification_preferences_check(const json_t *body);

/* Routes: the inbox and the preferences. */
void notification_inbox(struct req *r);
void notification_mark_read(struct req *r);
void notification_mark_all_read(struct req *r);
void notification_preferences_get(struct req *r);
void notification_preferences_put(struct req *r);

#endif
