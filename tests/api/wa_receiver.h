/*
 * A stand-in WhatsApp Business API for the tests: a small HTTP server of
 * our own on 127.0.0.1, in a thread, that records every message POSTed to
 * it (time, Authorization, recipient, text) and answers like the Cloud API
 * — {"messages":[{"id":"wamid.N"}]} — or with the failures a test asks for.
 */
#ifndef SIDAKERD_TEST_WA_RECEIVER_H
#define SIDAKERD_TEST_WA_RECEIVER_H

#define WA_RECEIVED_MAX 256

struct wa_received {
	double at; /* CLOCK_MONOTONIC seconds */
	char authorization[128];
	char to[32];
	char text[1200];
	int status; /* what the receiver answered */
};

struct wa_receiver {
	int port;
	int listen_fd;
	/* Settings a test changes between steps (under the lock). */
	int fail_next; /* answer the next N requests with 500 */
	char reject_to[32]; /* answer requests to this number with 400 */
	/* What arrived. */
	struct wa_received got[WA_RECEIVED_MAX];
	int n;
	int stop;
	void *thread; /* pthread_t */
	void *lock; /* pthread_mutex_t */
};

int wa_receiver_start(struct wa_receiver *w);
void wa_receiver_stop(struct wa_receiver *w);
/* Copies of the state under the lock. */
int wa_receiver_count(struct wa_receiver *w);
void wa_receiver_set(struct wa_receiver *w, int fail_next, const char *reject_to);
/* Waits up to seconds for at least n requests; returns how many came. */
int wa_receiver_wait(struct wa_receiver *w, int n, double seconds);

#endif
