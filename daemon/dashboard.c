/* GET /v1/statistics/dashboard: the office's figures of right now —
 * active job seekers (AK/I cards active today) by kecamatan, kelurahan,
 * education, age group (IPK and BPS five-year groups) and gender; cards
 * issued this month and year; placements this month by channel; the
 * queues waiting for officers.  Up to dashboard_cache_s (30) seconds old. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashboard.h"
#include "dates.h"
#include "http.h"
#include "server.h"
#include "dashboard_store.h"
#include "fair_store.h"
#include "store.h"

struct dashboard_read {
	json_t *out;
};

static void dashboard_read_free(void *p)
{
	struct dashboard_read *st = p;
	if (st)
		json_decref(st->out);
	free(st);
}

/* On the read pool: five grouped scans of every active holder. */
static void dashboard_run(struct req *r)
{
	struct dashboard_read *state = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	if (!db)
		return;
	json_t *parts[DASHBOARD_GROUPINGS];
	int ok = 1;
	for (int i = 0; i < DASHBOARD_GROUPINGS; i++)
		ok &= (parts[i] = dashboard_store_active_by(db, (enum dashboard_grouping)i, today)) != NULL;
	long long figures[DASHBOARD_FIGURES] = {0};
	json_t *channels = ok && dashboard_store_figures(db, today, figures) == 0
		? dashboard_store_placements_by_channel(db, today)
		: NULL;
	json_t *fairs = channels ? fair_dashboard_json(db, today) : NULL;
	if (!fairs) {
		for (int i = 0; i < DASHBOARD_GROUPINGS; i++)
			json_decref(parts[i]);
		json_decref(channels);
		return;
	}
	state->out = json_pack(
		"{s:s, s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I}, s:{s:o, s:o, s:o, s:o, s:o}, s:o, s:o}", "date",
		today, "cards", "active", (json_int_t)figures[0], "issued_this_month", (json_int_t)figures[1],
		"issued_this_year", (json_int_t)figures[2], "queues", "card_applications", (json_int_t)figures[3],
		"organisations", (json_int_t)figures[4], "vacancies", (json_int_t)figures[5], "complaints",
		(json_int_t)figures[6], "active_job_seekers", "by_kecamatan", parts[0], "by_kelurahan", parts[1],
		"by_education", parts[2], "by_age_ipk", parts[3], "by_age_bps", parts[4],
		"placements_this_month_by_channel", channels, "job_fairs", fairs);
}

/* The last answer, for dashboard_cache_s seconds: a dashboard left open
 * polls, and at a province's size each computation scans every active
 * holder.  Touched on the loop thread only. */
static char *cached;
static int64_t cached_at;

static void dashboard_done(struct req *r)
{
	struct dashboard_read *st = r->state;
	char *text = st->out ? json_dumps(st->out, JSON_COMPACT) : NULL;
	if (!text) {
		req_fail(r, st->out ? ERR_BUSY : ERR_STORE, NULL);
		return;
	}
	free(cached);
	cached = text;
	cached_at = now_seconds();
	req_reply_raw(r, 200, "application/json; charset=utf-8", cached, strlen(cached));
}

void dashboard_get(struct req *r)
{
	int ttl = r->srv->cfg->dashboard_cache_s;
	if (cached && ttl > 0 && now_seconds() - cached_at < ttl) {
		req_reply_raw(r, 200, "application/json; charset=utf-8", cached, strlen(cached));
		return;
	}
	if (req_state_new(r, sizeof(struct dashboard_read), dashboard_read_free))
		req_read_pool(r, dashboard_run, dashboard_done);
}

void dashboard_cache_free(void)
{
	free(cached);
	cached = NULL;
}
