#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "checkpointer.h"
#include "defaults.h"
#include "log.h"
#include "store_sql.h"

struct checkpointer {
	struct dbconn *conn;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool due, stopping, started;
};

static void *checkpointer_main(void *arg)
{
	struct checkpointer *c = arg;
	/* Copying the WAL gives way to requests: a read right after a large
	 * write is not slowed by its checkpoint (IKU after closing ten years of
	 * months: 49 ms with both at the same priority, on a shared core).  A
	 * nice value, not SCHED_IDLE as the work pool has: under a saturated
	 * core the checkpointer must still progress, since it holds SQLite's
	 * checkpoint lock while it copies. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), POOL_NICE);
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->due && !c->stopping)
			pthread_cond_wait(&c->wake, &c->lock);
		if (c->stopping)
			break;
		c->due = false;
		pthread_mutex_unlock(&c->lock);
		if (sqlite3_wal_checkpoint_v2(c->conn->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) != SQLITE_OK)
			log_warn("checkpoint", "error=\"%s\"", sqlite3_errmsg(c->conn->db));
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

struct checkpointer *checkpointer_new(const char *path, char *err, size_t errlen)
{
	struct checkpointer *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* Checkpoints sync the database file whatever the setting: FULL or
	 * NORMAL only differ for commits, which this connection never makes. */
	if (!(c->conn = store_open(path, STORE_READ_WRITE, "FULL", err, errlen))) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	if (pthread_create(&c->thread, NULL, checkpointer_main, c) != 0) {
		snprintf(err, errlen, "cannot start the checkpoint thread");
		checkpointer_free(c);
		return NULL;
	}
	c->started = true;
	return c;
}

void checkpointer_poke(struct checkpointer *c)
{
	pthread_mutex_lock(&c->lock);
	c->due = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

void checkpointer_free(struct checkpointer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stopping = true;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	if (c->started)
		pthread_join(c->thread, NULL);
	store_close(c->conn);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
