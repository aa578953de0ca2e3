/*
 * Vacancies (wajib lapor lowongan, Perpres 57/2023), the organisation's
 * side (vacancy.c): the report with every required field, changes,
 * submission, withdrawal, filling.  Moderation and reports are
 * vacancy_moderation.h's, the public listing and search vacancy_search.h's,
 * recommendations vacancy_recommendation.h's, expiry vacancy_expiry.h's,
 * the scam heuristic scam.h's, the rows vacancy_store.h's.
 */
#ifndef SIDAKERD_VACANCY_H
#define SIDAKERD_VACANCY_H

#include <jansson.h>
#include <stdint.h>

struct dbconn;
struct req;
struct server;

/* Organisations */
void vacancy_create(struct req *r);
void vacancy_update(struct req *r);
void vacancy_submit(struct req *r);
void vacancy_withdraw(struct req *r);
void vacancy_filled(struct req *r);
void vacancy_list_own(struct req *r);

#endif
