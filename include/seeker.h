/*
 * Job seekers as people: the profile behind the AK/I card (GET/PUT
 * /v1/me/profile) and its SQL.  A seeker row exists once a person has a
 * profile or came in with the legacy register; the NIK is sealed, with a
 * blind index for "one person, one NIK".
 */
#ifndef SIDAKERD_SEEKER_H
#define SIDAKERD_SEEKER_H

#include <jansson.h>
#include <stdint.h>

#include "crypto.h"

struct dbconn;
struct keys;
struct req;

void seeker_get_profile(struct req *r);
void seeker_put_profile(struct req *r);

#endif
