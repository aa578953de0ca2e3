#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/stub_http.h"
#include "api/wa_receiver.h"

static void serve(struct wa_receiver *w, int fd)
{
	static char buf[65536];
	char *body;
	size_t len;
	if (stub_read_request(fd, buf, sizeof buf, &body, &len) < 0)
		return;
	json_t *msg = json_loadb(body, len, 0, NULL);
	const char *to = json_string_value(json_object_get(msg, "to"));
	const char *text = json_string_value(json_object_get(json_object_get(msg, "text"), "body"));
	pthread_mutex_lock(w->lock);
	int status = 200, id = w->n + 1;
	if (w->fail_next > 0) {
		w->fail_next--;
		status = 500;
	} else if (to && *w->reject_to && !strcmp(to, w->reject_to)) {
		status = 400;
	}
	if (w->n < WA_RECEIVED_MAX) {
		struct wa_received *g = &w->got[w->n++];
		g->at = stub_monotonic();
		stub_header_value(buf, "Authorization", g->authorization, sizeof g->authorization);
		snprintf(g->to, sizeof g->to, "%s", to ? to : "");
		snprintf(g->text, sizeof g->text, "%s", text ? text : "");
		g->status = status;
	}
	pthread_mutex_unlock(w->lock);
	json_decref(msg);
	char reply[256], out[512];
	if (status == 200)
		snprintf(reply, sizeof reply,
		         "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.%d\"}]}", id);
	else
		snprintf(reply, sizeof reply, "{\"error\":{\"code\":%d}}", status);
	int n = snprintf(out, sizeof out,
	                 "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
	                 "Connection: close\r\n\r\n%s",
	                 status, strlen(reply), reply);
	(void)!send(fd, out, (size_t)n, MSG_NOSIGNAL);
}

static void *run(void *arg)
{
	struct wa_receiver *w = arg;
	for (;;) {
		pthread_mutex_lock(w->lock);
		int stop = w->stop;
		pthread_mutex_unlock(w->lock);
		if (stop)
			break;
		struct pollfd p = {w->listen_fd, POLLIN, 0};
		if (poll(&p, 1, 100) <= 0)
			continue;
		int fd = accept(w->listen_fd, NULL, NULL);
		if (fd < 0)
			continue;
		serve(w, fd);
		close(fd);
	}
	return NULL;
}

int wa_receiver_start(struct wa_receiver *w)
{
	memset(w, 0, sizeof *w);
	w->lock = malloc(sizeof(pthread_mutex_t));
	w->thread = malloc(sizeof(pthread_t));
	if (!w->lock || !w->thread)
		return -1;
	pthread_mutex_init(w->lock, NULL);
	w->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	if (w->listen_fd < 0 || bind(w->listen_fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(w->listen_fd, 16) < 0 || getsockname(w->listen_fd, (struct sockaddr *)&a, &alen) < 0)
		return -1;
	w->port = ntohs(a.sin_port);
	return pthread_create(w->thread, NULL, run, w) == 0 ? 0 : -1;
}

void wa_receiver_stop(struct wa_receiver *w)
{
	pthread_mutex_lock(w->lock);
	w->stop = 1;
	pthread_mutex_unlock(w->lock);
	pthread_join(*(pthread_t *)w->thread, NULL);
	close(w->listen_fd);
	pthread_mutex_destroy(w->lock);
	free(w->lock);
	free(w->thread);
}

int wa_receiver_count(struct wa_receiver *w)
{
	pthread_mutex_lock(w->lock);
	int n = w->n;
	pthread_mutex_unlock(w->lock);
	return n;
}

void wa_receiver_set(struct wa_receiver *w, int fail_next, const char *reject_to)
{
	pthread_mutex_lock(w->lock);
	w->fail_next = fail_next;
	snprintf(w->reject_to, sizeof w->reject_to, "%s", reject_to ? reject_to : "");
	pthread_mutex_unlock(w->lock);
}

int wa_receiver_wait(struct wa_receiver *w, int n, double seconds)
{
	double until = stub_monotonic() + seconds;
	int got;
	while ((got = wa_receiver_count(w)) < n && stub_monotonic() < until)
		usleep(50000);
	return got;
}
