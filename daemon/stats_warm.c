/*
 * The start-up warm-up of the statistics: the IPK chain of open months up
 * to the current one (kept per month and source by ipk_cache.c), then this
 * year's indicators (nothing is kept, but the year's index pages are then in
 * the read pool connection's page cache).  Without it the first officer
 * after a restart waited for every month since the last closure (2.6 s for
 * ten unclosed years at a province's size) and the first indicators read
 * their pages from the OS.  Asking meanwhile computes alongside; both give
 * the same numbers.
 *
 * On the read pool, at the loop's priority: the work pool's threads yield to
 * everything (SCHED_IDLE), and under load the warm-up took 45 s there while
 * holding a thread that card PDFs needed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "dates.h"
#include "http.h"
#include "iku.h"
#include "ipk.h"
#include "log.h"
#include "pool.h"
#include "server.h"
#include "stats_warm.h"
#include "store.h"

struct warm {
	struct server *srv;
	uint64_t started_ns;
	int ok;
};

static void warm_run(void *arg)
{
	struct warm *w = arg;
	struct dbconn *db = store_thread_reader(w->srv->cfg->database);
	struct date today = date_today(w->srv->cfg->utc_offset_minutes);
	char month[MONTH_LEN + 1], year[8];
	date_month_format(today, month);
	snprintf(year, sizeof year, "%.4s", month);
	w->ok = db && ipk_chain_warm(db, month) == 0 && iku_year_warm(db, year) == 0;
}

static void warm_done(void *arg)
{
	struct warm *w = arg;
	log_info("stats_warm", "ok=%d ms=%llu", w->ok, (unsigned long long)((now_mono_ns() - w->started_ns) / 1000000));
	free(w);
}

int stats_warm(struct server *srv)
{
	struct warm *w = calloc(1, sizeof *w);
	if (!w)
		return -1;
	w->srv = srv;
	w->started_ns = now_mono_ns();
	if (!srv->read_pool || pool_submit(srv->read_pool, warm_run, warm_done, w) < 0) {
		free(w);
		return -1;
	}
	return 0;
}
