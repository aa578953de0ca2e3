#include <time.h>

#include "defaults.h"
#include "deferred.h"
#include "vacancy_store.h"
#include "vacancy_view.h"

static struct deferred *views;

static int view_write(struct dbconn *db, const struct deferred_record *rec)
{
	return vacancy_store_viewed(db, rec->actor_id, rec->object_id, rec->at) < 0 ? -1 : 0;
}

int vacancy_view_start(struct server *srv)
{
	views = deferred_start(srv, "vacancy_view", view_write, VACANCY_VIEW_FLUSH_MS, VACANCY_VIEW_BATCH_MAX);
	return views ? 0 : -1;
}

void vacancy_view_note(int64_t account_id, int64_t vacancy_id)
{
	if (views)
		deferred_add(views, (struct deferred_record){account_id, vacancy_id, (int64_t)time(NULL), NULL, NULL});
}

void vacancy_view_stop(void)
{
	deferred_stop(views);
	views = NULL;
}
