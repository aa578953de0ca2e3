/*
 * Keeping the vacancy listing in memory current (include/vacancy_listing.h).
 *
 * A picture is never changed: a change of the listing (a publication, a
 * withdrawal, an organisation verified or suspended, the daily expiry) makes
 * it out of date, and a new one is built from the store LISTING_REBUILD_DELAY_MS
 * later (a burst of changes, one build) on a thread of its own: the read
 * pool's thread answers the searches meanwhile, from SQL.  A build reads in
 * one transaction begun after the changes it was started for were committed,
 * so a picture of generation g has every change up to g; a change during the
 * build starts another after it.  Searches hold the picture they began with
 * (a reference count, on the loop) until they have answered.
 */
#include <event2/event.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "defaults.h"
#include "handoff.h"
#include "http.h"
#include "log.h"
#include "server.h"
#include "store.h"
#include "vacancy_index.h"
#include "vacancy_listing.h"
#include "vacancy_store.h"

/* The page items of this picture's vacancies as the store renders them
 * (json_object of 30 fields, the place's name, the employer: half of an
 * uncached search's time at 200,000 vacancies), kept with the picture: a
 * change of the listing makes a new picture, with an empty cache.  Slots by
 * id, a newer item takes an older one's slot. */
struct cached_item {
	int64_t id, time;
	char *text;
	size_t len;
};

struct listing_ref {
	struct vacancy_index *index;
	uint64_t generation;
	int refs; /* loop thread only */
	pthread_mutex_t lock; /* the items: the read pool's threads share them */
	struct cached_item items[LISTING_ITEM_SLOTS];
	/* The recommendations' summaries of vacancies (employer, place, kind of
	 * work, wage): they come from the newest 500, a few slots hold them.
	 * The loop's only. */
	struct cached_item summaries[LISTING_SUMMARY_SLOTS];
};

static struct {
	struct server *srv;
	uint64_t generation;
	struct listing_ref *current;
	struct event *timer, *refresh;
	bool building, again, stopped;
	pthread_t thread;
	struct handoff_item built_item;
	struct vacancy_index *built; /* by the thread, for the loop */
	uint64_t built_generation, started_ns;
} L;

uint64_t vacancy_listing_generation(void) { return L.generation; }

size_t vacancy_listing_status(int *current)
{
	*current = L.current && L.current->generation == L.generation;
	return L.current ? vacancy_index_count(L.current->index) : 0;
}

struct listing_ref *vacancy_listing_take(void)
{
	if (!L.current || L.current->generation != L.generation)
		return NULL;
	L.current->refs++;
	return L.current;
}

const struct vacancy_index *vacancy_listing_index(const struct listing_ref *ref) { return ref->index; }

void vacancy_listing_release(struct listing_ref *ref)
{
	if (ref && --ref->refs == 0) {
		vacancy_index_free(ref->index);
		for (size_t i = 0; i < LISTING_ITEM_SLOTS; i++)
			free(ref->items[i].text);
		for (size_t i = 0; i < LISTING_SUMMARY_SLOTS; i++)
			free(ref->summaries[i].text);
		pthread_mutex_destroy(&ref->lock);
		free(ref);
	}
}

int vacancy_listing_item(struct listing_ref *ref, int64_t id, struct search_page *page)
{
	struct cached_item *c = &ref->items[(uint64_t)id % LISTING_ITEM_SLOTS];
	pthread_mutex_lock(&ref->lock);
	int found = c->id == id && c->text;
	if (found && search_page_add(page, c->text, c->len, c->time, id) < 0)
		found = -1;
	pthread_mutex_unlock(&ref->lock);
	return found;
}

bool vacancy_listing_has_item(struct listing_ref *ref, int64_t id)
{
	struct cached_item *c = &ref->items[(uint64_t)id % LISTING_ITEM_SLOTS];
	pthread_mutex_lock(&ref->lock);
	bool kept = c->id == id && c->text;
	pthread_mutex_unlock(&ref->lock);
	return kept;
}

void vacancy_listing_keep_item(struct listing_ref *ref, int64_t id, int64_t time, const char *text, size_t len)
{
	char *copy = malloc(len);
	if (!copy)
		return;
	memcpy(copy, text, len);
	struct cached_item *c = &ref->items[(uint64_t)id % LISTING_ITEM_SLOTS];
	pthread_mutex_lock(&ref->lock);
	char *old = c->text;
	*c = (struct cached_item){id, time, copy, len};
	pthread_mutex_unlock(&ref->lock);
	free(old);
}

const char *vacancy_listing_summary(struct listing_ref *ref, int64_t id)
{
	struct cached_item *c = &ref->summaries[(uint64_t)id % LISTING_SUMMARY_SLOTS];
	return c->id == id ? c->text : NULL;
}

void vacancy_listing_keep_summary(struct listing_ref *ref, int64_t id, const char *text)
{
	char *copy = strdup(text);
	if (!copy)
		return;
	struct cached_item *c = &ref->summaries[(uint64_t)id % LISTING_SUMMARY_SLOTS];
	free(c->text);
	*c = (struct cached_item){id, 0, copy, strlen(copy)};
}

static void *build_main(void *arg)
{
	(void)arg;
	/* The picture before the last was freed on the loop: its pages go back
	 * to the system here, off the loop (glibc keeps a freed heap's pages). */
	malloc_trim(0);
	char err[128];
	struct dbconn *db = store_open(L.srv->cfg->database, STORE_READ_ONLY, "FULL", err, sizeof err);
	L.built = db ? vacancy_index_build(db) : NULL;
	store_close(db);
	malloc_trim(0); /* and what the build used and freed (its connection's page cache, the tokens) */
	handoff_post(L.srv->handoff, &L.built_item);
	return NULL;
}

static void schedule(void);

static void built(void *arg)
{
	(void)arg;
	if (!L.building)
		return; /* vacancy_listing_stop joined the thread and freed what it built */
	pthread_join(L.thread, NULL);
	L.building = false;
	uint64_t ms = (now_mono_ns() - L.started_ns) / 1000000;
	struct listing_ref *ref = L.built ? calloc(1, sizeof *ref) : NULL;
	if (ref)
		pthread_mutex_init(&ref->lock, NULL);
	if (!ref) {
		log_error("listing_index", "ok=0 ms=%llu note=\"searches stay with SQL\"", (unsigned long long)ms);
		vacancy_index_free(L.built);
		L.built = NULL;
		return; /* the next change tries again */
	}
	ref->index = L.built;
	ref->generation = L.built_generation;
	ref->refs = 1;
	log_info("listing_index", "ok=1 ms=%llu vacancies=%zu words=%zu kib=%zu", (unsigned long long)ms,
	         vacancy_index_count(L.built), vacancy_index_terms(L.built), vacancy_index_bytes(L.built) / 1024);
	L.built = NULL;
	vacancy_listing_release(L.current);
	L.current = ref;
	if (L.again || L.generation != ref->generation) {
		L.again = false;
		schedule();
	}
}

static void start_build(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	if (L.building || L.stopped)
		return;
	L.building = true;
	L.built_generation = L.generation;
	L.started_ns = now_mono_ns();
	L.built_item = (struct handoff_item){built, NULL, NULL};
	if (pthread_create(&L.thread, NULL, build_main, NULL) != 0) {
		L.building = false;
		log_error("listing_index", "ok=0 note=\"no thread: searches stay with SQL\"");
	}
}

static void schedule(void)
{
	if (!L.timer || L.stopped)
		return;
	if (L.building) {
		L.again = true;
		return;
	}
	struct timeval delay = {0, LISTING_REBUILD_DELAY_MS * 1000};
	if (!evtimer_pending(L.timer, NULL))
		evtimer_add(L.timer, &delay);
}

void vacancy_listing_changed(void)
{
	L.generation++;
	schedule();
}

int vacancy_listing_start(struct server *srv)
{
	L.srv = srv;
	L.stopped = false;
	struct timeval every = {LISTING_REFRESH_S, 0};
	L.timer = evtimer_new(srv->base, start_build, NULL);
	L.refresh = event_new(srv->base, -1, EV_PERSIST, start_build, NULL);
	if (!L.timer || !L.refresh || event_add(L.refresh, &every) < 0)
		return -1;
	start_build(-1, 0, NULL);
	return 0;
}

void vacancy_listing_stop(void)
{
	L.stopped = true;
	if (L.building) {
		pthread_join(L.thread, NULL);
		L.building = false;
	}
	vacancy_index_free(L.built);
	L.built = NULL;
	vacancy_listing_release(L.current);
	L.current = NULL;
	if (L.timer)
		event_free(L.timer);
	if (L.refresh)
		event_free(L.refresh);
	L.timer = L.refresh = NULL;
}
