/* Each month's IPK flows, kept (for the read pool's threads, under a lock) while the month's version
 * (ipk_month_version, moved by triggers on every write that touches what
 * the month counts) stands.  A chain of 120 months then reads 120 version
 * numbers and recomputes only the months that changed, usually the
 * current one. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipk.h"
#include "store.h"

/* Months 1900-01 … 2199-12, allocated when first used. */
#define CACHE_FIRST_YEAR 1900
#define CACHE_MONTHS (300 * 12)

struct cached_month {
	int64_t version;
	struct ipk_flows flows[IPK_CHAINS];
	json_t *placements;
};

static struct cached_month *cache[CACHE_MONTHS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static const char sql_version[] = "SELECT v FROM ipk_month_version WHERE month = ?";

static int slot_of(const char *month)
{
	int year = atoi(month), m = atoi(month + 5);
	int slot = (year - CACHE_FIRST_YEAR) * 12 + (m - 1);
	return m >= 1 && m <= 12 && slot >= 0 && slot < CACHE_MONTHS ? slot : -1;
}

static int64_t version_of(struct dbconn *db, const char *month)
{
	sqlite3_stmt *st = store_stmt(db, sql_version);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, month, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(st);
	return v;
}

static int compute(struct dbconn *db, const char *month, struct ipk_flows flows[IPK_CHAINS], json_t **placements)
{
	if (ipk_seeker_flows(db, month, &flows[IPK_CHAIN_AGE], &flows[IPK_CHAIN_EDUCATION], &flows[IPK_CHAIN_KBJI]) < 0 ||
	    ipk_vacancy_flows(db, month, &flows[IPK_CHAIN_VACANCY]) < 0 || !(*placements = ipk_placement_tables(db, month)))
		return -1;
	return 0;
}

int ipk_month_data(struct dbconn *db, int use_cache, const char *month, struct ipk_flows flows[IPK_CHAINS],
                   json_t **placements)
{
	int slot = use_cache ? slot_of(month) : -1;
	if (slot < 0)
		return compute(db, month, flows, placements);
	/* The version first: a write committed while computing leaves the
	 * entry older than its data, so it is recomputed next time. */
	int64_t version = version_of(db, month);
	if (version < 0)
		return -1;
	pthread_mutex_lock(&cache_lock);
	struct cached_month *c = cache[slot];
	if (c && c->version == version) {
		memcpy(flows, c->flows, sizeof c->flows);
		*placements = json_deep_copy(c->placements);
		pthread_mutex_unlock(&cache_lock);
		return *placements ? 0 : -1;
	}
	pthread_mutex_unlock(&cache_lock);
	if (compute(db, month, flows, placements) < 0)
		return -1;
	pthread_mutex_lock(&cache_lock);
	c = cache[slot];
	if (!c && !(c = cache[slot] = calloc(1, sizeof *c))) {
		pthread_mutex_unlock(&cache_lock);
		return 0; /* no memory for the cache: the answer stands */
	}
	json_decref(c->placements);
	c->placements = json_deep_copy(*placements);
	memcpy(c->flows, flows, sizeof c->flows);
	c->version = c->placements ? version : -1;
	pthread_mutex_unlock(&cache_lock);
	return 0;
}

void ipk_cache_free(void)
{
	for (int i = 0; i < CACHE_MONTHS; i++) {
		if (cache[i])
			json_decref(cache[i]->placements);
		free(cache[i]);
		cache[i] = NULL;
	}
}
