/*
 * Organisations (company, LPK, BKK): their profile, the officer's view and
 * suspension.  A suspended or unverified organisation has nothing public:
 * its vacancies leave the listing at once.
 */
#ifndef SIDAKERD_ORGANISATION_H
#define SIDAKERD_ORGANISATION_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

struct dbconn;
struct req;

void organisation_get_own(struct req *r);
void organisation_put_own(struct req *r);
void organisation_detail(struct req *r);
void organisation_suspend(struct req *r);
void organisation_unsuspend(struct req *r);

#endif
