/*
 * A stand-in push provider for the tests, in the shape of FCM HTTP v1 and
 * Google's OAuth2 token endpoint: a small HTTP server of our own on
 * 127.0.0.1, in a thread.  POST /token checks the daemon's JWT (RS256,
 * against the test service account's public key, with libjwt: issuer,
 * audience, scope) and grants an access token; POST .../messages:send
 * accepts a push only with the latest access token, records it, and answers
 * like FCM: {"name": ...}, or the failures a test asks for.
 */
#ifndef SIDAKERD_TEST_FCM_RECEIVER_H
#define SIDAKERD_TEST_FCM_RECEIVER_H

#define FCM_RECEIVED_MAX 128

struct fcm_received {
	double at; /* CLOCK_MONOTONIC seconds */
	char token[256], title[256], body[1024], category[16], notification_id[24];
	int status; /* what the receiver answered */
};

struct fcm_receiver {
	int port;
	int listen_fd;
	char public_key[1024]; /* PEM */
	/* Settings a test changes between steps (under the lock). */
	int fail_next; /* answer the next N pushes with 500 */
	int unauthorized_next; /* answer the next N pushes with 401 */
	int throttle_next; /* answer the next N pushes with 429 and Retry-After: 3 */
	char unregistered[256]; /* a device token answered 404 UNREGISTERED */
	/* What arrived. */
	int grants; /* access tokens granted */
	int bad_assertions; /* token requests whose JWT did not verify or said the wrong thing */
	char iss[128], aud[160], scope[128];
	struct fcm_received got[FCM_RECEIVED_MAX];
	int n;
	int stop;
	void *thread; /* pthread_t */
	void *lock; /* pthread_mutex_t */
};

/* public_key_path: the PEM the JWT must verify against. */
int fcm_receiver_start(struct fcm_receiver *f, const char *public_key_path);
void fcm_receiver_stop(struct fcm_receiver *f);
/* A copy of the state under the lock. */
void fcm_receiver_copy(struct fcm_receiver *f, struct fcm_receiver *out);
void fcm_receiver_set(struct fcm_receiver *f, int fail_next, int unauthorized_next, int throttle_next,
                      const char *unregistered);
/* Waits up to seconds for at least n pushes; returns how many came. */
int fcm_receiver_wait(struct fcm_receiver *f, int n, double seconds);

#endif
