#include <time.h>

#include "audit.h"
#include "defaults.h"
#include "deferred.h"
#include "log.h"
#include "server.h"
#include "audit_store.h"

static struct deferred *reads;

static int read_write(struct dbconn *db, const struct deferred_record *rec)
{
	return audit_record(db, rec->actor_id, rec->action, rec->object_type, rec->object_id, NULL, rec->at) < 0 ? -1
														 : 0;
}

void audit_read(struct server *srv, int64_t actor_id, const char *action, const char *object_type, int64_t object_id)
{
	(void)srv;
	if (!reads) {
		log_error("audit_read", "lost=1 action=%s error=\"not started\"", action);
		return;
	}
	deferred_add(reads, (struct deferred_record){actor_id, object_id, (int64_t)time(NULL), action, object_type});
}

int audit_start(struct server *srv)
{
	reads = deferred_start(srv, "audit_read", read_write, AUDIT_READ_FLUSH_MS, AUDIT_READ_BATCH_MAX);
	return reads ? 0 : -1;
}

void audit_stop(struct server *srv)
{
	(void)srv;
	deferred_stop(reads);
	reads = NULL;
}
