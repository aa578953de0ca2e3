/* The log of CSV imports (daemon/csv_upload_store.c). */
#ifndef SIDAKERD_CSV_UPLOAD_STORE_H
#define SIDAKERD_CSV_UPLOAD_STORE_H

#include <stdint.h>

struct dbconn;

/* One import's log row in the table of its kind ("card_import" or
 * "training_import"): the file's SHA-256, who, the mode and the counts.
 * The row's id, or -1 (also for an unknown kind). */
int64_t import_log_insert(struct dbconn *db, const char *kind, const unsigned char sha256[32], int64_t officer,
                          const char *mode, int total, int imported, int skipped, int64_t now);

#endif
