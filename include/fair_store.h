/* Job fairs' rows: fairs, booths and their vacancies, tickets and check-ins,
 * the applications met at booths, and the fair's report (daemon/fair_store.c). */
#ifndef SIDAKERD_FAIR_STORE_H
#define SIDAKERD_FAIR_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "dates.h"
#include "store.h"

struct dbconn;

struct fair_row {
	int64_t id;
	int capacity;
	char state[12], venue_kind[8], name[128];
	char start_date[DATE_LEN + 1], end_date[DATE_LEN + 1], opens_at[6], closes_at[6];
	char registration_opens[DATE_LEN + 1], registration_closes[DATE_LEN + 1];
};

/* ---- fairs ---- */
int fair_insert(struct dbconn *db, int64_t officer_id, const json_t *f, int64_t now, int64_t *id);
/* STORE_NO_MATCH when the fair is cancelled. */
enum store_result fair_replace(struct dbconn *db, int64_t id, const json_t *f, int64_t now);
int fair_fetch(struct dbconn *db, int64_t id, struct fair_row *out); /* 1, 0, -1 */
/* The fair as the API shows it, with its counts and its accepted booths. */
json_t *fair_json(struct dbconn *db, int64_t id);
/* A page, newest first: when "upcoming" (not ended by today), "past" or
 * NULL (all); drafts and cancelled ones only when staff. */
json_t *fair_page(struct dbconn *db, const char *when, const char *today, int staff, int64_t cursor, int limit);
enum store_result fair_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, int64_t now);
/* The announcement of a published fair, in the inbox of every job seeker
 * who asked for news of vacancies: how many, or -1. */
int fair_announce(struct dbconn *db, const struct fair_row *f, int64_t now);
/* A word to every ticket holder with an account: how many, or -1. */
int fair_tell_holders(struct dbconn *db, int64_t fair_id, const char *title, const char *body, int64_t now);
/* The next fair (not ended by today) and the last one that ended, for the
 * dashboard: an object {"next":…|null,"last":…|null}. */
json_t *fair_dashboard_json(struct dbconn *db, const char *today);

/* ---- booths ---- */
struct booth_row {
	int64_t id, fair_id, organisation_id;
	char state[12];
};
int booth_of(struct dbconn *db, int64_t fair_id, int64_t organisation_id, struct booth_row *out); /* 1, 0, -1 */
int booth_fetch(struct dbconn *db, int64_t id, struct booth_row *out); /* 1, 0, -1 */
enum store_result booth_insert(struct dbconn *db, int64_t fair_id, int64_t organisation_id, const char *state,
                               int64_t now, int64_t *id);
enum store_result booth_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, int64_t officer_id,
                                  int64_t now);
/* The booth's vacancies become ids (a JSON array of integers): the count of
 * ids that are not the organisation's own published or pending vacancies
 * (nothing is changed then), or -1. */
int booth_set_vacancies(struct dbconn *db, int64_t booth_id, int64_t organisation_id, const json_t *ids);
/* Booths of a fair with their state and vacancies; organisation_id 0: all. */
json_t *booth_list_json(struct dbconn *db, int64_t fair_id, int64_t organisation_id);
json_t *booth_json(struct dbconn *db, int64_t id);
/* 1 when the vacancy is one the booth brings. */
int booth_has_vacancy(struct dbconn *db, int64_t booth_id, int64_t vacancy_id);

/* ---- tickets ---- */
struct ticket_row {
	int64_t id, fair_id, seeker_id, checked_in_at, registered_at;
	int walk_in;
	char holder[128]; /* the holder's full name (masked before it goes anywhere) */
};
int ticket_fetch(struct dbconn *db, int64_t id, struct ticket_row *out); /* 1, 0, -1 */
int ticket_of(struct dbconn *db, int64_t fair_id, int64_t seeker_id, struct ticket_row *out); /* 1, 0, -1 */
/* A new ticket within the fair's capacity: TICKET_NEW, TICKET_HELD when
 * the person holds one already, TICKET_FULL when the fair is full, -1. */
enum { TICKET_NEW = 0, TICKET_HELD = 1, TICKET_FULL = 2 };
int ticket_insert(struct dbconn *db, int64_t fair_id, int capacity, int64_t seeker_id, int walk_in, int64_t by,
                  int64_t now, int64_t *id);
/* The first check-in of a ticket of fair: 1 checked in now, 0 it already
 * was (*first set to that moment), -2 no such ticket at that fair, -1. */
int ticket_check_in(struct dbconn *db, int64_t id, int64_t fair_id, int64_t at, int64_t by, const char *source,
                    int64_t *first);
/* 1 when the person holds an active AK/I card. */
int ticket_holder_has_card(struct dbconn *db, int64_t seeker_id);
/* A job seeker's tickets (objects with their fair), newest first. */
json_t *ticket_list_of_seeker(struct dbconn *db, int64_t seeker_id);
json_t *ticket_json(struct dbconn *db, int64_t id);

/* ---- applications met at booths ---- */
int fair_application_insert(struct dbconn *db, int64_t application_id, int64_t fair_id, int64_t ticket_id, int64_t by,
                            int64_t now);

/* ---- the report ---- */
/* The fair's figures as of today: visitors (registered, checked in,
 * walk-ins) by gender, age group on the fair's first day, education and
 * kecamatan; companies, vacancies, applicants, placed; an object. */
json_t *fair_report_json(struct dbconn *db, int64_t fair_id);

#endif
