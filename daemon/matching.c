/*
 * Matching runs: the opted-in job seekers who fit a published vacancy get a
 * notification (category "vacancy"), which notification_dispatch() turns into an
 * e-mail or WhatsApp message by each person's preferences.
 *
 * Why in steps after the publication: at a province's size one vacancy fits
 * thousands of people, and writing their notifications and e-mails took
 * 100 ms in the one writer, during which every other request's commit
 * waited, and the officer's publication with them.  Now the publication
 * commits with a run recorded (vacancy_matching) and answers; each step
 * below is one writer job that notifies up to MATCHING_STEP people in
 * seeker id order and moves the run's cursor, in the same transaction, so a
 * crash or a stop repeats nothing and loses nothing: the next start goes on.
 */
#include <stdio.h>

#include "audit.h"
#include "config.h"
#include "dates.h"
#include "http.h"
#include "log.h"
#include "matching.h"
#include "matching_store.h"
#include "notification.h"
#include "notification_store.h"
#include "server.h"
#include "store.h"
#include "vacancy.h"
#include "vacancy_store.h"
#include "writer.h"

/* People per step: about 10 ms of writing at a province's size. */
#define MATCHING_STEP 1000

/* One step of the oldest unfinished run; *more says whether to go on. */
struct step {
	struct server *srv;
	int more;
};

static int step_write(struct dbconn *db, void *arg)
{
	struct step *s = arg;
	const struct config *cfg = s->srv->cfg;
	s->more = 0;
	int64_t id, after;
	int notified, found_run = matching_store_next(db, &id, &after, &notified);
	if (found_run <= 0)
		return found_run == 0 ? WRITE_OK : WRITE_STORE_ERROR;
	int64_t now = now_seconds();
	char today[DATE_LEN + 1];
	date_format(date_today(cfg->utc_offset_minutes), today);
	struct vacancy_row v;
	int open = matching_store_still_public(db, id, today), found = open > 0 ? vacancy_fetch(db, id, &v) : 0;
	int room = cfg->match_notify_max - notified, people = room < MATCHING_STEP ? room : MATCHING_STEP;
	int64_t last = after;
	int next = open > 0 && found > 0 && people > 0 ? matching_store_step_end(db, &v, today, after, people, &last)
						       : 0;
	if (open < 0 || found < 0 || next < 0)
		return WRITE_STORE_ERROR;
	int added = 0;
	if (next) {
		int64_t mark = notification_mark(db);
		if (mark < 0 || (added = matching_store_notify(db, &v, today, after, last, now)) < 0 ||
		    (added > 0 && notification_dispatch(db, cfg, mark, now) < 0))
			return WRITE_STORE_ERROR;
	}
	/* Finished when nobody is left, the cap is reached or the vacancy is
	 * no longer public. */
	int finished = !next || added < people || notified + added >= cfg->match_notify_max;
	if (matching_store_advance(db, id, last, added, finished, now) < 0)
		return WRITE_STORE_ERROR;
	if (finished) {
		char detail[48];
		snprintf(detail, sizeof detail, "{\"notified\":%d}", notified + added);
		if (audit_record(db, 0, "vacancy.matched", "vacancy", id, detail, now) < 0)
			return WRITE_STORE_ERROR;
	}
	s->more = 1; /* this run's next step, or the next run */
	return WRITE_OK;
}

static int running;

static void step_done(void *arg, int result)
{
	struct step *s = arg;
	struct server *srv = s->srv;
	running = 0;
	if (result != WRITE_OK)
		log_warn("matching", "result=%d", result); /* the next publication or start goes on */
	else if (s->more)
		matching_kick(srv);
}

void matching_kick(struct server *srv)
{
	static struct step step;
	if (running || !srv->writer || srv->shutting_down)
		return;
	step.srv = srv;
	if (writer_submit(srv->writer, step_write, step_done, &step) == 0)
		running = 1;
}

int matching_start(struct server *srv)
{
	matching_kick(srv);
	return 0;
}
