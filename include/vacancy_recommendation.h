/* The routes and functions of vacancy_recommendation.c: vacancies recommended to a job seeker: the newest
 * published ones, scored against the profile (education, occupation, place, age and gender). */
#ifndef SIDAKERD_VACANCY_RECOMMENDATION_H
#define SIDAKERD_VACANCY_RECOMMENDATION_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* Job seekers */
void vacancy_recommendations(struct req *r);

#endif
