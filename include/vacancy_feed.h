/* Open vacancies as schema.org JobPosting (daemon/vacancy_feed.c). */
#ifndef SIDAKERD_VACANCY_FEED_H
#define SIDAKERD_VACANCY_FEED_H

#include <jansson.h>

struct config;
struct dbconn;
struct req;
struct vacancy_row;

/* The posting of a vacancy row the caller found public; NULL on error. */
json_t *vacancy_job_posting(struct dbconn *db, const struct config *cfg, const struct vacancy_row *row);
/* GET /v1/feed/vacancies: a page of postings, newest first. */
void vacancy_feed(struct req *r);

#endif
