#include <arpa/inet.h>
#include <jansson.h>
#include <jwt.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/fcm_receiver.h"
#include "api/stub_http.h"

#define SCOPE "https://www.googleapis.com/auth/firebase.messaging"

/* POST /token: the JWT bearer grant of RFC 7523. */
static void grant(struct fcm_receiver *f, int fd, const char *body)
{
	const char *at = strstr(body, "assertion=");
	char assertion[4096] = "";
	if (at)
		snprintf(assertion, sizeof assertion, "%.*s", (int)strcspn(at + 10, "&"), at + 10);
	int grant_type = strstr(body, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer") != NULL;
	jwt_t *jwt = NULL;
	int valid = grant_type && *assertion &&
		jwt_decode(&jwt, assertion, (const unsigned char *)f->public_key, (int)strlen(f->public_key)) == 0 &&
		jwt_get_alg(jwt) == JWT_ALG_RS256;
	const char *iss = valid ? jwt_get_grant(jwt, "iss") : NULL, *aud = valid ? jwt_get_grant(jwt, "aud") : NULL,
		   *scope = valid ? jwt_get_grant(jwt, "scope") : NULL;
	long iat = valid ? jwt_get_grant_int(jwt, "iat") : 0, exp = valid ? jwt_get_grant_int(jwt, "exp") : 0;
	valid = valid && iss && aud && scope && !strcmp(scope, SCOPE) && exp > iat && exp - iat <= 3600;
	pthread_mutex_lock(f->lock);
	char reply[160];
	if (valid) {
		snprintf(f->iss, sizeof f->iss, "%s", iss);
		snprintf(f->aud, sizeof f->aud, "%s", aud);
		snprintf(f->scope, sizeof f->scope, "%s", scope);
		f->grants++;
		snprintf(reply, sizeof reply,
		         "{\"access_token\":\"ya29.uji-%d\",\"expires_in\":3600,\"token_type\":\"Bearer\"}", f->grants);
	} else {
		f->bad_assertions++;
	}
	pthread_mutex_unlock(f->lock);
	jwt_free(jwt);
	if (valid)
		stub_reply(fd, 200, NULL, reply);
	else
		stub_reply(fd, 400, NULL, "{\"error\":\"invalid_grant\"}");
}

static void push(struct fcm_receiver *f, int fd, const char *request, const char *body, size_t len)
{
	char authorization[256], current[64];
	stub_header_value(request, "Authorization", authorization, sizeof authorization);
	json_t *doc = json_loadb(body, len, 0, NULL), *m = json_object_get(doc, "message");
	const char *token = json_string_value(json_object_get(m, "token"));
	pthread_mutex_lock(f->lock);
	snprintf(current, sizeof current, "Bearer ya29.uji-%d", f->grants);
	int status = 200;
	const char *extra = NULL;
	if (!f->grants || strcmp(authorization, current)) {
		status = 401;
	} else if (f->unauthorized_next > 0) {
		f->unauthorized_next--;
		status = 401;
	} else if (f->fail_next > 0) {
		f->fail_next--;
		status = 500;
	} else if (f->throttle_next > 0) {
		f->throttle_next--;
		status = 429;
		extra = "Retry-After: 3\r\n";
	} else if (token && *f->unregistered && !strcmp(token, f->unregistered)) {
		status = 404;
	}
	if (f->n < FCM_RECEIVED_MAX) {
		struct fcm_received *g = &f->got[f->n++];
		json_t *n = json_object_get(m, "notification"), *data = json_object_get(m, "data");
		g->at = stub_monotonic();
		snprintf(g->token, sizeof g->token, "%s", token ? token : "");
		snprintf(g->title, sizeof g->title, "%s", json_string_value(json_object_get(n, "title")) ?: "");
		snprintf(g->body, sizeof g->body, "%s", json_string_value(json_object_get(n, "body")) ?: "");
		snprintf(g->category, sizeof g->category, "%s",
		         json_string_value(json_object_get(data, "category")) ?: "");
		snprintf(g->notification_id, sizeof g->notification_id, "%s",
		         json_string_value(json_object_get(data, "notification_id")) ?: "");
		g->status = status;
	}
	int id = f->n;
	pthread_mutex_unlock(f->lock);
	json_decref(doc);
	char reply[512];
	if (status == 200)
		snprintf(reply, sizeof reply, "{\"name\":\"projects/sidakerd-uji/messages/%d\"}", id);
	else if (status == 404)
		snprintf(
			reply, sizeof reply,
			"{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\","
			"\"details\":[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\","
			"\"errorCode\":\"UNREGISTERED\"}]}}");
	else
		snprintf(reply, sizeof reply, "{\"error\":{\"code\":%d}}", status);
	stub_reply(fd, status, extra, reply);
}

static void serve(struct fcm_receiver *f, int fd)
{
	static char buf[65536];
	char *body;
	size_t len;
	if (stub_read_request(fd, buf, sizeof buf, &body, &len) < 0)
		return;
	if (!strncmp(buf, "POST /token ", 12))
		grant(f, fd, body);
	else if (!strncmp(buf, "POST /v1/projects/sidakerd-uji/messages:send ", 45))
		push(f, fd, buf, body, len);
	else
		stub_reply(fd, 404, NULL, "{}");
}

static void *run(void *arg)
{
	struct fcm_receiver *f = arg;
	for (;;) {
		pthread_mutex_lock(f->lock);
		int stop = f->stop;
		pthread_mutex_unlock(f->lock);
		if (stop)
			break;
		struct pollfd p = {f->listen_fd, POLLIN, 0};
		if (poll(&p, 1, 100) <= 0)
			continue;
		int fd = accept(f->listen_fd, NULL, NULL);
		if (fd < 0)
			continue;
		serve(f, fd);
		close(fd);
	}
	return NULL;
}

int fcm_receiver_start(struct fcm_receiver *f, const char *public_key_path)
{
	memset(f, 0, sizeof *f);
	FILE *key = fopen(public_key_path, "r");
	size_t n = key ? fread(f->public_key, 1, sizeof f->public_key - 1, key) : 0;
	if (key)
		fclose(key);
	f->lock = malloc(sizeof(pthread_mutex_t));
	f->thread = malloc(sizeof(pthread_t));
	if (!n || !f->lock || !f->thread)
		return -1;
	pthread_mutex_init(f->lock, NULL);
	f->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	if (f->listen_fd < 0 || bind(f->listen_fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(f->listen_fd, 16) < 0 || getsockname(f->listen_fd, (struct sockaddr *)&a, &alen) < 0)
		return -1;
	f->port = ntohs(a.sin_port);
	return pthread_create(f->thread, NULL, run, f) == 0 ? 0 : -1;
}

void fcm_receiver_stop(struct fcm_receiver *f)
{
	pthread_mutex_lock(f->lock);
	f->stop = 1;
	pthread_mutex_unlock(f->lock);
	pthread_join(*(pthread_t *)f->thread, NULL);
	close(f->listen_fd);
	pthread_mutex_destroy(f->lock);
	free(f->lock);
	free(f->thread);
}

void fcm_receiver_copy(struct fcm_receiver *f, struct fcm_receiver *out)
{
	pthread_mutex_lock(f->lock);
	memcpy(out, f, sizeof *out);
	pthread_mutex_unlock(f->lock);
}

void fcm_receiver_set(struct fcm_receiver *f, int fail_next, int unauthorized_next, int throttle_next,
                      const char *unregistered)
{
	pthread_mutex_lock(f->lock);
	f->fail_next = fail_next;
	f->unauthorized_next = unauthorized_next;
	f->throttle_next = throttle_next;
	snprintf(f->unregistered, sizeof f->unregistered, "%s", unregistered ? unregistered : "");
	pthread_mutex_unlock(f->lock);
}

int fcm_receiver_wait(struct fcm_receiver *f, int n, double seconds)
{
	double until = stub_monotonic() + seconds;
	int got;
	for (;;) {
		pthread_mutex_lock(f->lock);
		got = f->n;
		pthread_mutex_unlock(f->lock);
		if (got >= n || stub_monotonic() >= until)
			return got;
		usleep(50000);
	}
}
