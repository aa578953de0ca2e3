/*
 * Machines that pull the office's figures (the province's labour office,
 * the ministry's national system): service clients registered by an admin
 * with scopes (service_client.c), access tokens from the OAuth 2.0
 * client-credentials grant (RFC 6749 4.4, oauth_token.c), and the check a
 * feed route makes of a token (service_auth.c): its scope, a rate per
 * client, an audit record per call.  No personal data is reachable with a
 * service token: the scopes open aggregate feeds only.
 */
#ifndef SIDAKERD_SERVICE_CLIENT_H
#define SIDAKERD_SERVICE_CLIENT_H

#include <stdint.h>

struct req;
struct server;

#define SCOPE_STATS_READ "stats:read"
#define SCOPE_VACANCIES_READ "vacancies:read"

/* service_client.c: the admin's routes */
void service_client_create(struct req *r);
void service_client_list(struct req *r);
void service_client_rotate_secret(struct req *r);
void service_client_revoke_route(struct req *r);
/* A scope this daemon knows. */
int service_scope_known(const char *scope);

/* oauth_token.c: POST /v1/oauth/token */
void oauth_token(struct req *r);

/* service_auth.c */
/* The request's bearer token is a service client's, live, with scope:
 * 0 and *client set, or -1 answered (401 with WWW-Authenticate, 403
 * insufficient_scope, 429).  Audited either way; counts toward the rate. */
int service_authorize(struct req *r, const char *scope, int64_t *client);
/* A call of client counts toward its rate: 0, or -1 when over it (the
 * caller answers 429 with retry_after_s). */
int service_rate_take(const struct server *srv, int64_t client, int *retry_after_s);

#endif
