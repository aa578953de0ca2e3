#include <stdlib.h>

#include <event2/event.h>

#include "deferred.h"
#include "log.h"
#include "server.h"
#include "writer.h"

struct batch {
	deferred_write_fn write;
	const char *name;
	int n;
	struct deferred_record records[];
};

struct deferred {
	struct server *srv;
	const char *name;
	deferred_write_fn write;
	int batch_max;
	struct batch *pending;
	struct event *timer;
};

static int batch_write(struct dbconn *db, void *arg)
{
	struct batch *b = arg;
	for (int i = 0; i < b->n; i++)
		if (b->write(db, &b->records[i]) < 0)
			return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void batch_written(void *arg, int result)
{
	struct batch *b = arg;
	if (result != WRITE_OK)
		log_error(b->name, "lost=%d result=%d", b->n, result);
	free(b);
}

static void flush(struct deferred *d)
{
	struct batch *b = d->pending;
	if (!b || b->n == 0)
		return;
	d->pending = NULL;
	if (!d->srv->writer || writer_submit(d->srv->writer, batch_write, batch_written, b) < 0) {
		log_error(d->name, "lost=%d error=\"writer unavailable\"", b->n);
		free(b);
	}
}

static void on_flush(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	flush(arg);
}

struct deferred *deferred_start(struct server *srv, const char *name, deferred_write_fn write, int flush_ms,
                                int batch_max)
{
	struct deferred *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	*d = (struct deferred){.srv = srv, .name = name, .write = write, .batch_max = batch_max};
	struct timeval every = {flush_ms / 1000, (flush_ms % 1000) * 1000};
	d->timer = event_new(srv->base, -1, EV_PERSIST, on_flush, d);
	if (!d->timer || event_add(d->timer, &every) < 0) {
		deferred_stop(d);
		return NULL;
	}
	return d;
}

void deferred_add(struct deferred *d, struct deferred_record rec)
{
	if (!d->pending) {
		d->pending = calloc(1, sizeof *d->pending + (size_t)d->batch_max * sizeof d->pending->records[0]);
		if (!d->pending) {
			log_error(d->name, "lost=1 error=\"out of memory\"");
			return;
		}
		d->pending->write = d->write;
		d->pending->name = d->name;
	}
	d->pending->records[d->pending->n++] = rec;
	if (d->pending->n == d->batch_max)
		flush(d);
}

void deferred_stop(struct deferred *d)
{
	if (!d)
		return;
	flush(d);
	free(d->pending); /* only when the flush could not take it: an empty batch */
	if (d->timer)
		event_free(d->timer);
	free(d);
}
