/*
 * Job fair tickets for the check-in benchmark, written straight into a
 * sidakerd database (as contrib/bench/gen does) and signed with its key by
 * the daemon's own fair_ticket.c:
 *
 *   tickets DATA_DIR FAIR_ID COUNT OUT_FILE
 *
 * COUNT people of the register (the first without a ticket to the fair)
 * get a ticket registered now; OUT_FILE receives each ticket's QR text, one
 * a line, as a door scanner would read them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config.h"
#include "crypto.h"
#include "fair_ticket.h"
#include "mask.h"
#include "store.h"
#include "store_sql.h"

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: tickets DATA_DIR FAIR_ID COUNT OUT_FILE\n");
		return 2;
	}
	long long fair = atoll(argv[2]), count = atoll(argv[3]);
	char path[4096], err[256];
	struct keys keys;
	snprintf(path, sizeof path, "%s/sidakerd.key", argv[1]);
	if (crypto_setup() < 0 || keys_load_or_create(path, &keys, err, sizeof err) < 0) {
		fprintf(stderr, "tickets: %s\n", err);
		return 1;
	}
	snprintf(path, sizeof path, "%s/sidakerd.db", argv[1]);
	struct dbconn *db = store_open(path, STORE_READ_WRITE, "NORMAL", err, sizeof err);
	FILE *out = fopen(argv[4], "w");
	if (!db || !out) {
		fprintf(stderr, "tickets: %s\n", db ? "cannot write the output" : err);
		return 1;
	}
	long long now = (long long)time(NULL);
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO job_fair_ticket(fair_id, seeker_id, registered_at) SELECT %lld, s.id, %lld FROM seeker s "
	         "WHERE NOT EXISTS (SELECT 1 FROM job_fair_ticket t WHERE t.fair_id = %lld AND t.seeker_id = s.id) "
	         "ORDER BY s.id LIMIT %lld",
	         fair, now, fair, count);
	if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "tickets: %s\n", sqlite3_errmsg(db->db));
		return 1;
	}
	sqlite3_stmt *st;
	snprintf(sql, sizeof sql,
	         "SELECT t.id, t.registered_at, s.full_name FROM job_fair_ticket t JOIN seeker s ON s.id = t.seeker_id "
	         "WHERE t.fair_id = %lld AND t.registered_at = %lld ORDER BY t.id",
	         fair, now);
	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 1;
	long long written = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct fair_ticket t = {.fair_id = fair,
		                        .ticket_id = sqlite3_column_int64(st, 0),
		                        .issued_at = sqlite3_column_int64(st, 1)};
		name_mask((const char *)sqlite3_column_text(st, 2), t.holder, sizeof t.holder);
		char code[FAIR_TICKET_TEXT_MAX];
		if (fair_ticket_sign(&keys, &t, code) == 0) {
			fprintf(out, "%s\n", code);
			written++;
		}
	}
	sqlite3_finalize(st);
	store_close(db);
	fclose(out);
	fprintf(stderr, "tickets: %lld written\n", written);
	return written == count ? 0 : 1;
}
