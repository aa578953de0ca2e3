/* Each month's IPK flows, kept (for the read pool's threads, under a lock)
 * while the month's versions stand: one per source (ipk_source_version,
 * moved by triggers on every write that touches what the month counts).
 * A chain of 120 months then reads 120 months' version numbers and
 * recomputes only the sources that changed, usually one of the current
 * month: a card issued does not recount the month's placements. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipk.h"
#include "ipk_store.h"
#include "store.h"
#include "ipk_cache.h"

/* Months 1900-01 … 2199-12, allocated when first used. */
#define CACHE_FIRST_YEAR 1900
#define CACHE_MONTHS (300 * 12)

enum source { SOURCE_CARD, SOURCE_VACANCY, SOURCE_PLACEMENT, SOURCES };
static const char *const source_names[SOURCES] = {"card", "vacancy", "placement"};

/* One month's data; a source's part is valid while known[s] and its
 * version[s] is the month's current one. */
struct month_data {
	struct ipk_flows flows[IPK_CHAINS];
	json_t *placements;
};
struct cached_month {
	int64_t version[SOURCES];
	int known[SOURCES];
	struct month_data data;
};

static struct cached_month *cache[CACHE_MONTHS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static int slot_of(const char *month)
{
	int year = atoi(month), m = atoi(month + 5);
	int slot = (year - CACHE_FIRST_YEAR) * 12 + (m - 1);
	return m >= 1 && m <= 12 && slot >= 0 && slot < CACHE_MONTHS ? slot : -1;
}

/* The month's version of each source (0 when nothing was ever written). */
static int versions_of(struct dbconn *db, const char *month, int64_t version[SOURCES])
{
	return ipk_store_source_versions(db, month, source_names, SOURCES, version);
}

/* The sources whose bit is set in `which`, into d. */
static int compute(struct dbconn *db, const char *month, unsigned which, struct month_data *d)
{
	if ((which & 1u << SOURCE_CARD) &&
	    ipk_seeker_flows(db, month, &d->flows[IPK_CHAIN_AGE], &d->flows[IPK_CHAIN_EDUCATION],
	                     &d->flows[IPK_CHAIN_KBJI]) < 0)
		return -1;
	if ((which & 1u << SOURCE_VACANCY) && ipk_vacancy_flows(db, month, &d->flows[IPK_CHAIN_VACANCY]) < 0)
		return -1;
	if (which & 1u << SOURCE_PLACEMENT) {
		json_decref(d->placements);
		if (!(d->placements = ipk_placement_tables(db, month)))
			return -1;
	}
	return 0;
}

#define ALL_SOURCES ((1u << SOURCES) - 1)

int ipk_month_data(struct dbconn *db, int use_cache, const char *month, struct ipk_flows flows[IPK_CHAINS],
                   json_t **placements)
{
	struct month_data d = {.placements = NULL};
	int slot = use_cache ? slot_of(month) : -1;
	int64_t version[SOURCES];
	/* The versions first: a write committed while computing leaves the
	 * entry older than its data, so it is recomputed next time. */
	if (slot >= 0 && versions_of(db, month, version) < 0)
		return -1;
	unsigned stale = ALL_SOURCES;
	if (slot >= 0) {
		pthread_mutex_lock(&cache_lock);
		struct cached_month *c = cache[slot];
		if (c) {
			stale = 0;
			for (int s = 0; s < SOURCES; s++)
				if (!c->known[s] || c->version[s] != version[s])
					stale |= 1u << s;
			memcpy(d.flows, c->data.flows, sizeof d.flows);
			d.placements = c->data.placements ? json_deep_copy(c->data.placements) : NULL;
		}
		pthread_mutex_unlock(&cache_lock);
	}
	if (compute(db, month, stale, &d) < 0 || !d.placements) {
		json_decref(d.placements);
		return -1;
	}
	memcpy(flows, d.flows, sizeof d.flows);
	*placements = d.placements;
	if (slot < 0 || !stale)
		return 0;
	pthread_mutex_lock(&cache_lock);
	struct cached_month *c = cache[slot];
	if (!c && !(c = cache[slot] = calloc(1, sizeof *c))) {
		pthread_mutex_unlock(&cache_lock);
		return 0; /* no memory for the cache: the answer stands */
	}
	json_t *copy = json_deep_copy(d.placements);
	if (copy) {
		json_decref(c->data.placements);
		c->data.placements = copy;
		memcpy(c->data.flows, d.flows, sizeof d.flows);
		for (int s = 0; s < SOURCES; s++) {
			c->version[s] = version[s];
			c->known[s] = 1;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return 0;
}

void ipk_cache_free(void)
{
	for (int i = 0; i < CACHE_MONTHS; i++) {
		if (cache[i])
			json_decref(cache[i]->data.placements);
		free(cache[i]);
		cache[i] = NULL;
	}
}
