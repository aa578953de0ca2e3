/* The routes and functions of vacancy_expiry.c: vacancies past their valid_until leave the listing (hourly). */
#ifndef SIDAKERD_VACANCY_EXPIRY_H
#define SIDAKERD_VACANCY_EXPIRY_H

#include <jansson.h>
#include <stdint.h>

struct server;

int vacancy_lifecycle_start(struct server *srv);
void vacancy_lifecycle_stop(void);

#endif
