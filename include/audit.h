/*
 * The append-only audit log (UU 27/2022): every state change, every staff
 * read of personal data and every export, written in the same transaction as
 * what it records.  detail is JSON without personal data.
 */
#ifndef SIDAKERD_AUDIT_H
#define SIDAKERD_AUDIT_H

#include <stdint.h>

struct dbconn;

int audit_record(struct dbconn *db, int64_t actor_id, const char *action, const char *object_type,
                 int64_t object_id, const char *detail_json, int64_t now);

/* A staff read of personal data, recorded by the writer without holding
 * up the reply (a read commits nothing else to wait for). */
struct writer;
void audit_read(struct writer *w, int64_t actor_id, const char *action, const char *object_type,
                int64_t object_id);

#endif
