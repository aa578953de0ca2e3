/* The routes and functions of audit_query.c: GET /v1/admin/audit: the audit log for an admin, newest first,
 * filtered by actor, action (exact, or every action under a prefix ending in '.': "complaint."), object, and
 * office dates. */
#ifndef SIDAKERD_AUDIT_QUERY_H
#define SIDAKERD_AUDIT_QUERY_H

#include <jansson.h>
#include <stdint.h>

struct req;

void audit_list(struct req *r);

#endif
