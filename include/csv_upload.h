/*
 * What every CSV import route (card register, training history) does the
 * same way: ?mode=all|valid_only, a text/csv body that is not empty, taken
 * with its SHA-256; a refusal that lists the bad rows with import_invalid;
 * and the import's log row with its audit entry.
 */
#ifndef SIDAKERD_CSV_UPLOAD_H
#define SIDAKERD_CSV_UPLOAD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct dbconn;
struct req;

struct csv_upload {
	unsigned char *data; /* malloc'd copy of the body */
	size_t len;
	int valid_only;
	unsigned char digest[32];
};

/* Checks the mode and the body and takes the body into u.  0, or -1 having
 * answered (400 mode, 415, 422 file_empty, 503 busy). */
int csv_upload_take(struct req *r, struct csv_upload *u);
void csv_upload_free(struct csv_upload *u);
/* On the pool: the upload's rows (csv_table_parse, at most max_rows, the
 * person column graduation_year an integer) and a read-only connection of
 * the import's own for its checks against the store (*db; the caller closes
 * it).  *fatal: -1 when the store cannot be opened, 1 when the file itself
 * is refused (errors say why); the rows are NULL then. */
json_t *csv_upload_rows(struct req *r, const struct csv_upload *u, const char *const *columns,
                        const char *const *required, int max_rows, json_t *errors, struct dbconn **db, int *fatal);
/* On the loop, after the checks: 0 when the import goes on to be written;
 * else -1, answered: 503 when fatal < 0, or refuse(r) when the file or
 * (unless valid_only) a row was refused. */
int csv_upload_verdict(struct req *r, const struct csv_upload *u, int fatal, const json_t *errors,
                       void (*refuse)(struct req *r));
/* 422 import_invalid, with the outcome's counts and errors (outcome is
 * taken): the refusal of any import, a CSV upload or a JSON batch. */
void import_refuse(struct req *r, json_t *outcome);
/* Each refused row of outcome's "errors" gets the message of its code, in
 * the request's language, so that a portal shows the reason as it is. */
void csv_upload_explain(struct req *r, json_t *outcome);
/* In the writer: the import's log row (object_type: "card_import" or
 * "training_import", the table that logs it) and its audit entry with
 * detail.  0 or -1. */
int csv_upload_log(struct dbconn *db, const char *action, const char *object_type, const struct csv_upload *u,
                   int64_t officer, int total, int imported, int skipped, const char *detail, int64_t now);

#endif
