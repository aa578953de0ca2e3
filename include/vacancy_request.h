/* What the vacancy route files share (vacancy.c, vacancy_moderation.c,
 * vacancy_search.c): the request state, the replies, the visibility rule. */
#ifndef SIDAKERD_VACANCY_REQUEST_H
#define SIDAKERD_VACANCY_REQUEST_H

#include <jansson.h>
#include <stdint.h>

#include "vacancy_store.h"

struct req;

struct vacancy_state {
	json_t *v;
	int64_t id;
	int refusal;
	char note[256], decision[16];
	int men, women;
	struct vacancy_row row;
};

void vacancy_state_free(void *p);
/* The vacancy as JSON with status, or 503. */
void vacancy_reply(struct req *r, int status, int64_t id);
/* After a write of st->id: the vacancy (201 or 200), or the refusal. */
void vacancy_written(struct req *r, int result, int status);
void vacancy_created(struct req *r, int result);
void vacancy_changed(struct req *r, int result);
/* A page of vacancies: the organisation's own, or those waiting for moderation. */
enum vacancy_ids { VACANCIES_OWN, VACANCIES_PENDING };
void vacancy_reply_ids(struct req *r, enum vacancy_ids which);

#endif
