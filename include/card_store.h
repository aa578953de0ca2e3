/*
 * SQL of AK/I card applications, cards and their reports.  Reads take the
 * loop's connection; every write runs in a writer job.
 */
#ifndef SIDAKERD_CARD_STORE_H
#define SIDAKERD_CARD_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

#include "card_pdf.h"
#include "dates.h"

struct dbconn;

struct card_application_row {
	int64_t id, seeker_id, replaces_card_id, card_id, account_id;
	char kind[16], state[24];
	int submissions;
	int64_t submitted_at, created_at;
};

/* ---- applications ---- */
/* STORE_CONFLICT when the seeker already has an open application. */
enum store_result card_application_store_create(struct dbconn *db, int64_t seeker_id, const char *kind,
                                                int64_t replaces_card_id, int64_t now, int64_t *id);
/* 1 found, 0 none, -1. */
int card_application_store_get(struct dbconn *db, int64_t id, struct card_application_row *out);
int card_application_store_set_state(struct dbconn *db, int64_t id, const char *state, const char *note,
                                     int64_t officer_id, int64_t card_id, int64_t now);
enum store_result card_application_store_submit(struct dbconn *db, int64_t id, int64_t now);
json_t *card_application_store_json(struct dbconn *db, int64_t id);
json_t *card_application_store_list_own(struct dbconn *db, int64_t seeker_id);
struct queue_row {
	json_t *item; /* the caller takes it */
	unsigned nik_warnings;
	const void *nik_sealed; /* valid during the call */
	size_t nik_sealed_len;
	int64_t submitted_at, id; /* the cursor */
};
/* The officer's queue, oldest submission first, after the cursor
 * (submitted_at, id); kecamatan may be NULL.  Calls fn per row. */
int card_application_store_queue(struct dbconn *db, const char *state, const char *kecamatan, int64_t after_time,
                                 int64_t after_id, int limit, void (*fn)(const struct queue_row *row, void *arg),
                                 void *arg);

/* ---- cards ---- */
int64_t card_next_serial(struct dbconn *db); /* -1 on error */
enum store_result card_insert(struct dbconn *db, const char *number, int64_t seeker_id, const char *kind,
                              int64_t serial, struct date issued, struct date valid_until, int64_t officer_id,
                              const char *officer_name, const char *officer_nip, int64_t replaces_card_id, int imported,
                              const char *state, const char *ended_on, const char *end_reason, int64_t now,
                              int64_t *id);
/* Report rows due at the given months after issue; with not_before set,
 * only those due on or after it (a legacy card's past reports are unknown). */
int card_schedule_reports(struct dbconn *db, int64_t card_id, struct date issued, const char *months,
                          const struct date *not_before);
/* The card ends as placed on its holder's earliest placement linked to it,
 * unless it ended earlier; claim: first link to it the placements inside
 * its validity recorded before the card.  Rows changed (0 or 1), or -1. */
int card_settle_placements(struct dbconn *db, int64_t card_id, int claim);
/* Ends a card: state placed/expired/removed/replaced with the date and reason. */
enum store_result card_end(struct dbconn *db, int64_t card_id, const char *state, const char *reason,
                           const char *ended_on);
/* 1 and the card's id, 0 none, -1. */
int card_active_of_seeker(struct dbconn *db, int64_t seeker_id, int64_t *card_id);
int card_latest_of_seeker(struct dbconn *db, int64_t seeker_id, int64_t *card_id);
/* The card's valid_until (YYYY-MM-DD): 1, 0 when there is no such card, -1. */
int card_valid_until(struct dbconn *db, int64_t card_id, char valid_until[16]);
/* The card with its reports as JSON, or NULL. */
json_t *card_json(struct dbconn *db, int64_t card_id);
/* Owner of a card: 1 and seeker id, 0, -1. */
int card_seeker(struct dbconn *db, int64_t card_id, int64_t *seeker_id, char state[16]);
/* Public verification by number (spaces ignored): 1 found, 0, -1. */
/* The holder's full name too: the caller masks it before anyone sees it. */
int card_verify(struct dbconn *db, const char *number_key, char number[48], char state[16], char valid_until[16],
                char holder[256]);
/* The earliest unreported report due on or before `by`: 1 and seq, 0, -1. */
int card_report_due(struct dbconn *db, int64_t card_id, const char *by, int *seq);
int card_report_fill(struct dbconn *db, int64_t card_id, int seq, const char *reported_on, const char *status,
                     const char *employer, const char *position, const char *start_date);
/* Active cards with a report overdue on `today`, by due date then id. */
int card_overdue(struct dbconn *db, const char *today, int64_t after_id, int limit,
                 void (*fn)(json_t *row, int64_t seeker_id, void *arg), void *arg);
/* Daily job: expire cards past validity; remove cards whose report is more
 * than `days` overdue (days 0: never).  Return how many, or -1. */
int card_expire(struct dbconn *db, const char *today);
int card_remove_unreported(struct dbconn *db, const char *cutoff, const char *today);
/* Inserts a "report due" notification for each unreminded report due in
 * [since, until] of an active card (notification_dispatch sends them); count or -1. */
int card_remind_reports(struct dbconn *db, const char *until, const char *since, int64_t now);
/* 1 when a card with this number (spaces ignored) exists, and its seeker;
 * 0, -1. */
int card_by_number(struct dbconn *db, const char *number, int64_t *seeker_id);
/* Everything the printed card shows, except the photo. */
int card_print_data(struct dbconn *db, int64_t card_id, struct card_print *out, int64_t *seeker_id,
                    int64_t *account_id);

/* The officers' register (GET /v1/cards): NULL fields do not filter. */
struct card_register_filter {
	const char *state, *issued_from, *issued_to, *kecamatan_code;
};
/* Up to limit cards below cursor (0: from the newest), newest first: fn gets
 * each row, column 0 the card and holder as JSON, column 1 the sealed NIK. */
int card_store_register(struct dbconn *db, const struct card_register_filter *f, int64_t cursor, int limit,
                        store_row_fn fn, void *arg);

#endif
