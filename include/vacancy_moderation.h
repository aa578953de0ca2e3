/* The routes and functions of vacancy_moderation.c: vacancies, the officers' side: the moderation queue,
 * publication (with the matching run) or rejection, and the reports of suspect vacancies that anyone files. */
#ifndef SIDAKERD_VACANCY_MODERATION_H
#define SIDAKERD_VACANCY_MODERATION_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* Officers */
void vacancy_moderation_queue(struct req *r);
void vacancy_moderate(struct req *r);
void vacancy_report(struct req *r);
void vacancy_reports_list(struct req *r);

#endif
