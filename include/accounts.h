/* The routes and functions of accounts.c: staff routes on accounts: admins create officers. */
#ifndef SIDAKERD_ACCOUNTS_H
#define SIDAKERD_ACCOUNTS_H

#include <jansson.h>
#include <stdint.h>

struct req;

void accounts_create_officer(struct req *r);
void accounts_list_organisations(struct req *r);
void accounts_verify_organisation(struct req *r);

#endif
