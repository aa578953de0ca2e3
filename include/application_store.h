/* Applications to vacancies (daemon/application_store.c). */
#ifndef SIDAKERD_APPLICATION_STORE_H
#define SIDAKERD_APPLICATION_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

struct application_row {
	int64_t id, vacancy_id, seeker_id, organisation_id, account_id; /* the seeker's account, 0: none */
	char state[16];
};

/* 1, 0 when there is none, -1. */
int application_store_get(struct dbconn *db, int64_t id, struct application_row *out);
/* from → to, guarded by from: STORE_NO_MATCH when it moved meanwhile. */
enum store_result application_store_set_state(struct dbconn *db, int64_t id, const char *from, const char *to,
                                              int64_t now);
/* The application as the seeker sees it; NULL when none or on error. */
json_t *application_store_json(struct dbconn *db, int64_t id);
/* STORE_CONFLICT when the seeker applied to the vacancy already. */
enum store_result application_store_insert(struct dbconn *db, int64_t vacancy_id, int64_t seeker_id,
                                           const char *cover_note, int64_t now, int64_t *id);
/* The seeker's own, newest first: a list page of JSON objects, NULL on error. */
json_t *application_store_own(struct dbconn *db, int64_t seeker_id, int64_t cursor, int limit);
/* A vacancy's applicants, newest first: fn gets column 0, the applicant as
 * the employer sees them (JSON), and 1, the sealed NIK.  0 or -1. */
int application_store_for_vacancy(struct dbconn *db, int64_t vacancy_id, int64_t cursor, int limit, store_row_fn fn,
                                  void *arg);
/* One applicant as application_store_for_vacancy gives them: fn is called
 * once when the application exists.  0 or -1. */
int application_store_applicant(struct dbconn *db, int64_t id, store_row_fn fn, void *arg);
/* 1 when the document is the account's and may go with an application (not
 * the KTP), 0 when not, -1. */
int application_store_attachable(struct dbconn *db, int64_t account_id, int64_t document_id);
/* Attaches it (same rule): STORE_NO_MATCH when it is not attachable (gone
 * meanwhile).  The handler refuses an id named twice. */
enum store_result application_store_attach(struct dbconn *db, int64_t application_id, int64_t document_id,
                                           int64_t account_id);
/* 1 when the document is attached to the application, 0 when not, -1. */
int application_store_attached(struct dbconn *db, int64_t application_id, int64_t document_id);
/* The placement an accepted application records (channel app_vacancy),
 * from the vacancy, its organisation and the seeker's active card:
 * STORE_CONFLICT when the same placement is stored already. */
enum store_result application_store_place(struct dbconn *db, int64_t application_id, int64_t reported_by,
                                          const char *placement_kind, const char *start_date, int64_t now);

#endif
