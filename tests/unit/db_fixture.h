/* A fresh migrated database file for a unit test. */
#ifndef SIDAKERD_TEST_DB_FIXTURE_H
#define SIDAKERD_TEST_DB_FIXTURE_H

#include <stdio.h>
#include <unistd.h>

#include "store_sql.h" /* unit tests look inside the store */

static inline int fixture_db(struct dbconn **c, char *path, size_t len)
{
	char err[256];
	snprintf(path, len, "/tmp/sidakerd-unit-%d-%p.db", (int)getpid(), (void *)c);
	unlink(path);
	if (!(*c = store_open(path, STORE_READ_WRITE, "NORMAL", err, sizeof err)) ||
	    store_migrate(*c, err, sizeof err) < 0) {
		fprintf(stderr, "fixture: %s\n", err);
		return -1;
	}
	return 0;
}

static inline void fixture_remove(const char *path)
{
	char side[300];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

#endif
