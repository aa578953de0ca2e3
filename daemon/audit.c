#include <stdlib.h>
#include <time.h>

#include <event2/event.h>

#include "audit.h"
#include "defaults.h"
#include "log.h"
#include "server.h"
#include "writer.h"
#include "audit_store.h"
#include "store.h"

struct read_record {
	int64_t actor_id, object_id, at;
	const char *action, *object_type;
};

struct read_batch {
	struct read_record records[AUDIT_READ_BATCH_MAX];
	int n;
};

static struct read_batch *pending;
static struct event *flush_timer;

static int batch_write(struct dbconn *db, void *arg)
{
	struct read_batch *b = arg;
	for (int i = 0; i < b->n; i++) {
		struct read_record *rec = &b->records[i];
		if (audit_record(db, rec->actor_id, rec->action, rec->object_type, rec->object_id, NULL, rec->at) < 0)
			return WRITE_STORE_ERROR;
	}
	return WRITE_OK;
}

static void batch_written(void *arg, int result)
{
	struct read_batch *b = arg;
	if (result != WRITE_OK)
		log_error("audit_read", "lost=%d result=%d", b->n, result);
	free(b);
}

static void flush(struct server *srv)
{
	struct read_batch *b = pending;
	if (!b || b->n == 0)
		return;
	pending = NULL;
	if (!srv->writer || writer_submit(srv->writer, batch_write, batch_written, b) < 0) {
		log_error("audit_read", "lost=%d error=\"writer unavailable\"", b->n);
		free(b);
	}
}

static void on_flush(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	flush(arg);
}

void audit_read(struct server *srv, int64_t actor_id, const char *action, const char *object_type, int64_t object_id)
{
	if (!pending && !(pending = calloc(1, sizeof *pending))) {
		log_error("audit_read", "action=%s error=\"out of memory\"", action);
		return;
	}
	pending->records[pending->n++] =
		(struct read_record){actor_id, object_id, (int64_t)time(NULL), action, object_type};
	if (pending->n == AUDIT_READ_BATCH_MAX)
		flush(srv);
}

int audit_start(struct server *srv)
{
	struct timeval every = {AUDIT_READ_FLUSH_MS / 1000, (AUDIT_READ_FLUSH_MS % 1000) * 1000};
	flush_timer = event_new(srv->base, -1, EV_PERSIST, on_flush, srv);
	return flush_timer && event_add(flush_timer, &every) == 0 ? 0 : -1;
}

void audit_stop(struct server *srv)
{
	flush(srv);
	if (flush_timer)
		event_free(flush_timer);
	flush_timer = NULL;
}
