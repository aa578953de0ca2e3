/*
 * The vacancies a job seeker looks at (GET /v1/vacancies/{id}), noted after
 * the reply, so that online courses can be recommended from what the person
 * looks for (course_recommendation.c).  Kept VACANCY_VIEW_KEEP_DAYS.
 */
#ifndef SIDAKERD_VACANCY_VIEW_H
#define SIDAKERD_VACANCY_VIEW_H

#include <stdint.h>

struct server;

int vacancy_view_start(struct server *srv);
void vacancy_view_note(int64_t account_id, int64_t vacancy_id);
/* Submits what is pending: before the writer stops. */
void vacancy_view_stop(void);

#endif
