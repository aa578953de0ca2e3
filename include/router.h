/*
 * The route table (routes.c) and its matcher.  A route names its method, a
 * path pattern with {parameters}, its handler and the roles it admits; the
 * router answers 404 for an unknown path and 405 (with Allow) for a known
 * path with another method.
 */
#ifndef SIDAKERD_ROUTER_H
#define SIDAKERD_ROUTER_H

#include <stddef.h>

#include "defaults.h"

struct req;

enum role {
	ROLE_SEEKER = 1 << 0,
	ROLE_COMPANY = 1 << 1,
	ROLE_LPK = 1 << 2,
	ROLE_BKK = 1 << 3,
	ROLE_OFFICER = 1 << 4,
	ROLE_ADMIN = 1 << 5,
};
#define ROLES_PUBLIC 0u
#define ROLES_ORGANISATION (ROLE_COMPANY | ROLE_LPK | ROLE_BKK)
#define ROLES_STAFF (ROLE_OFFICER | ROLE_ADMIN)
#define ROLES_ANY (ROLE_SEEKER | ROLES_ORGANISATION | ROLES_STAFF)

enum route_flags {
	ROUTE_JSON_BODY = 1 << 0, /* needs a JSON object body */
	ROUTE_IDEMPOTENT = 1 << 1, /* honours Idempotency-Key */
	ROUTE_UPLOAD = 1 << 2, /* a raw file body up to max_upload_bytes */
	/* Writes what the statistics count (vacancies, placements, trainings,
	 * results, graduates): an organisation must be verified by an officer
	 * and not suspended (403 otherwise); staff always may. */
	ROUTE_VERIFIED_ORG = 1 << 3,
	ROUTE_CHUNK = 1 << 4, /* a piece of a resumable upload, up to video_chunk_max_bytes */
	/* A JSON body of many rows (an offline door scanner's check-ins), up to
	 * max_upload_bytes instead of max_body_bytes. */
	ROUTE_BATCH = 1 << 5,
};

enum http_method { METHOD_GET, METHOD_POST, METHOD_PUT, METHOD_PATCH, METHOD_DELETE, METHOD_COUNT };

struct route {
	enum http_method method;
	const char *pattern;
	void (*handler)(struct req *r);
	unsigned roles; /* ROLES_PUBLIC: no account needed */
	unsigned flags;
};

extern const struct route routes[];
extern const size_t routes_count;

struct route_match {
	const struct route *route;
	size_t nparams;
	/* Slices of the path the caller passed in. */
	const char *param[ROUTE_MAX_PARAMS];
	size_t param_len[ROUTE_MAX_PARAMS];
	unsigned allowed; /* on 405: bit per enum http_method */
};

/* 200 with m->route set, 404 or 405. path starts with '/'. */
int router_match(enum http_method method, const char *path, struct route_match *m);
const char *method_name(enum http_method m);
const char *role_name(enum role r);
int role_parse(const char *name, enum role *out);

#endif
