/*
 * The append-only audit log (UU 27/2022): every state change, every staff
 * read of personal data and every export, written in the same transaction as
 * what it records.  detail is JSON without personal data.
 */
#ifndef SIDAKERD_AUDIT_H
#define SIDAKERD_AUDIT_H

#include <stdint.h>

#include "audit_store.h" /* audit_record(), which every module's writes call */

/* A staff read of personal data.  Kept on the loop and committed with the
 * others of the same second (AUDIT_READ_FLUSH_MS) in one transaction; the
 * reply does not wait for it.  action and object_type are string constants. */
struct server;
void audit_read(struct server *srv, int64_t actor_id, const char *action, const char *object_type, int64_t object_id);
int audit_start(struct server *srv);
/* Commits what is pending (at shutdown, before the writer stops). */
void audit_stop(struct server *srv);

/* GET /v1/admin/audit (audit_query.c). */
struct req;

#endif
