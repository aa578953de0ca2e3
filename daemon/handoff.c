#include <event2/event.h>
#include <pthread.h>
#include <stdlib.h>

#include "handoff.h"

struct handoff {
	pthread_mutex_t lock;
	struct handoff_item *head, *tail;
	size_t depth;
	struct event *wake;
};

static struct handoff_item *take_all(struct handoff *h)
{
	pthread_mutex_lock(&h->lock);
	struct handoff_item *list = h->head;
	h->head = h->tail = NULL;
	h->depth = 0;
	pthread_mutex_unlock(&h->lock);
	return list;
}

static void run_all(struct handoff_item *item)
{
	while (item) {
		/* fn may free the struct that holds item: read next first. */
		struct handoff_item *next = item->next;
		item->fn(item->arg);
		item = next;
	}
}

static void on_wake(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	run_all(take_all(arg));
}

struct handoff *handoff_new(struct event_base *base)
{
	struct handoff *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	pthread_mutex_init(&h->lock, NULL);
	h->wake = event_new(base, -1, 0, on_wake, h);
	if (!h->wake) {
		free(h);
		return NULL;
	}
	return h;
}

void handoff_post(struct handoff *h, struct handoff_item *item)
{
	item->next = NULL;
	pthread_mutex_lock(&h->lock);
	if (h->tail)
		h->tail->next = item;
	else
		h->head = item;
	h->tail = item;
	h->depth++;
	pthread_mutex_unlock(&h->lock);
	/* Thread-safe with evthread_use_pthreads(); activating an active event
	 * is a no-op, and on_wake drains everything. */
	event_active(h->wake, EV_READ, 0);
}

void handoff_drain(struct handoff *h) { run_all(take_all(h)); }

void handoff_free(struct handoff *h)
{
	if (!h)
		return;
	run_all(take_all(h));
	event_free(h->wake);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

size_t handoff_depth(struct handoff *h)
{
	pthread_mutex_lock(&h->lock);
	size_t d = h->depth;
	pthread_mutex_unlock(&h->lock);
	return d;
}
