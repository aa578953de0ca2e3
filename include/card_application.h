/* The routes and functions of card_application.c: AK/I card applications: the job seeker's side and the
 * officer's queue. */
#ifndef SIDAKERD_CARD_APPLICATION_H
#define SIDAKERD_CARD_APPLICATION_H

#include <jansson.h>
#include <stdint.h>

struct req;

/* Job seekers */
void card_application_create(struct req *r);
void card_application_list_own(struct req *r);
void card_application_submit(struct req *r);
/* Officers */
void card_application_queue(struct req *r);
void card_application_detail(struct req *r);
void card_application_document(struct req *r);
void card_application_request_revision(struct req *r);
void card_application_reject(struct req *r);
void card_application_issue(struct req *r);

#endif
