/*
 * Certificates: the office's own training certificates and BNSP competency
 * certificates (issued by an LSP), recorded against an enrolment, listed
 * for their holder and checkable by anyone by number.
 */
#ifndef SIDAKERD_CERTIFICATE_H
#define SIDAKERD_CERTIFICATE_H

#include <jansson.h>
#include <stdint.h>

#include "dates.h"

struct dbconn;
struct req;

void certificate_create(struct req *r);
void certificate_list_own(struct req *r);
void certificate_verify_public(struct req *r);

#define CERTIFICATE_NUMBER_MAX 64

/* Upper case, single spaces, no spaces at the ends; -1 when it holds
 * anything but letters, digits, space, '.', '/', '-' or is not 3-64 long. */
int certificate_number_normalize(const char *in, char out[CERTIFICATE_NUMBER_MAX + 1]);

#endif
