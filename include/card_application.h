/* The routes and functions of card_application.c: AK/I card applications: the job seeker's side and the
 * officer's queue. */
#ifndef SIDAKERD_CARD_APPLICATION_H
#define SIDAKERD_CARD_APPLICATION_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* Job seekers */
void ak1_create(struct req *r);
void ak1_list_own(struct req *r);
void ak1_submit(struct req *r);
/* Officers */
void ak1_queue(struct req *r);
void ak1_detail(struct req *r);
void ak1_document(struct req *r);
void ak1_request_revision(struct req *r);
void ak1_reject(struct req *r);
void ak1_issue(struct req *r);

#endif
