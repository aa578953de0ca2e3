/*
 * The push provider adapter (FCM HTTP v1 shape).  Every second, up to
 * push_rate_per_second due pushes are read on the loop and POSTed on the
 * work pool with libcurl, each with an OAuth2 access token that the daemon
 * gets from the service account in push_credentials_file: a JWT signed
 * RS256 with its private key (libjwt), traded at its token_uri, cached
 * until a minute before it expires and fetched again after a 401.  The
 * writer records each outcome: sent (the provider's message name), retried
 * with back-off (network errors, 401/403, 429 with its Retry-After, 5xx),
 * failed (other 4xx, or push_max_attempts used up), or the device dropped
 * when the provider calls its token unregistered or invalid.
 */
#ifndef SIDAKERD_PUSH_H
#define SIDAKERD_PUSH_H

struct server;

/* 0 (nothing to do without push_api_url), or -1 when the credentials
 * cannot be read. */
int push_start(struct server *srv);
void push_stop(void);

#endif
