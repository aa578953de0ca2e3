/*
 * Vacancies (wajib lapor lowongan, Perpres 57/2023): the employer's report
 * with every required field, moderation with a scam heuristic, public
 * search (SQLite FTS5) with facets, reports by anyone, expiry, and the
 * matching of job seekers when a vacancy is published.
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
/* Officers */
void vacancy_moderation_queue(struct req *r);
void vacancy_moderate(struct req *r);
void vacancy_reports_list(struct req *r);
/* Anyone */
void vacancy_get(struct req *r);
void vacancy_jsonld(struct req *r);
void vacancy_search(struct req *r);
void vacancy_report(struct req *r);
/* Job seekers */
void vacancy_recommendations(struct req *r);

/* The scam heuristic: reasons to hold a posting for review, as a JSON array
 * of codes (fee_requested, free_mail_contact, chat_only_contact,
 * wage_far_above_norm, suspicious_phrase); empty when none. */
json_t *scam_flags(const json_t *vacancy, long wage_norm);

/* Call after committing anything that changes the public listing (on the
 * loop thread): cached search answers are dropped. */
void vacancy_listing_changed(void);

int vacancy_lifecycle_start(struct server *srv);
void vacancy_lifecycle_stop(void);

#endif
