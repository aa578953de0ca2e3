#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "config.h"
#include "dates.h"
#include "export.h"
#include "http.h"
#include "iku.h"
#include "ipk.h"
#include "ipk_store.h"
#include "server.h"
#include "service_client.h"
#include "service_client_store.h"
#include "stats_feed.h"
#include "webhook.h"
#include "store.h"
#include "writer.h"

#define FEED_MONTHS_MAX 600 /* fifty years of closed months */

/* A month's corrections as one number: what changed is told by a new one. */
static int64_t digest_of(const json_t *corrections)
{
	char *text = json_dumps(corrections, JSON_COMPACT | JSON_SORT_KEYS);
	unsigned char hash[8] = {0};
	if (text)
		crypto_generichash(hash, sizeof hash, (const unsigned char *)text, strlen(text), NULL, 0);
	free(text);
	int64_t out;
	memcpy(&out, hash, sizeof out);
	return out;
}

/* ---- GET /v1/feed/statistics ---- */

struct month_seen {
	char month[8];
	int64_t closed_at, changed_at, digest;
};

struct list_st {
	int64_t client, since;
	struct month_seen months[FEED_MONTHS_MAX];
	int n, failed;
};

static void month_listed(const char *month, int64_t closed_at, int64_t changed_at, void *arg)
{
	struct list_st *st = arg;
	if (st->n == FEED_MONTHS_MAX)
		return;
	struct month_seen *m = &st->months[st->n++];
	snprintf(m->month, sizeof m->month, "%s", month);
	m->closed_at = closed_at;
	m->changed_at = changed_at;
}

/* On the read pool: each closed month's corrections, as a digest. */
static void list_run(struct req *r)
{
	struct list_st *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	if (!db || stats_feed_months(db, month_listed, st) < 0) {
		st->failed = 1;
		return;
	}
	for (int i = 0; i < st->n; i++) {
		json_t *report = ipk_month_report(db, r->srv->cfg, st->months[i].month);
		if (!report) {
			st->failed = 1;
			return;
		}
		st->months[i].digest = digest_of(json_object_get(report, "corrections"));
		json_decref(report);
	}
}

/* In the writer: a digest unlike the last is a change, at this moment. */
static int list_note(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct list_st *st = r->state;
	int64_t now = now_seconds(), none;
	json_t *empty = json_array();
	none = digest_of(empty);
	json_decref(empty);
	for (int i = 0; i < st->n; i++) {
		int noted = stats_feed_note(db, st->months[i].month, st->months[i].digest, none, now);
		if (noted < 0 ||
		    (noted && webhook_announce(db, r->srv->cfg, "month_corrected", st->months[i].month, now) < 0))
			return WRITE_STORE_ERROR;
		if (noted)
			st->months[i].changed_at = now;
	}
	return WRITE_OK;
}

static void list_noted(struct req *r, int result)
{
	struct list_st *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < st->n; i++) {
		const struct month_seen *m = &st->months[i];
		int64_t updated = m->changed_at > m->closed_at ? m->changed_at : m->closed_at;
		if (updated <= st->since)
			continue;
		char closed[24], changed[24], at[24], path[48];
		snprintf(path, sizeof path, "/v1/feed/statistics/%s", m->month);
		json_array_append_new(items,
		                      json_pack("{s:s, s:s, s:o, s:s, s:s}", "month", m->month, "closed_at",
		                                iso8601(m->closed_at, closed, sizeof closed), "corrected_at",
		                                m->changed_at
		                                        ? json_string(iso8601(m->changed_at, changed, sizeof changed))
		                                        : json_null(),
		                                "updated_at", iso8601(updated, at, sizeof at), "url", path));
	}
	char now[24];
	req_reply(r, 200,
	          json_pack("{s:s, s:s, s:s, s:o}", "office", r->srv->cfg->office_name, "kabkota_code",
	                    r->srv->cfg->kabkota_code, "as_of", iso8601(now_seconds(), now, sizeof now), "months",
	                    items));
}

static void list_computed(struct req *r)
{
	struct list_st *st = r->state;
	if (st->failed) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_write(r, list_note, list_noted);
}

void stats_feed_months_list(struct req *r)
{
	struct list_st *st = req_state_new(r, sizeof *st, NULL);
	if (!st || service_authorize(r, SCOPE_STATS_READ, &st->client) < 0)
		return;
	const char *since = req_query(r, "since");
	if (since) {
		st->since = utc_moment_parse(since);
		if (st->since < 0 || st->since > now_seconds()) {
			req_fail(r, ERR_QUERY_INVALID, "since");
			return;
		}
	}
	req_read_pool(r, list_run, list_computed);
}

/* ---- GET /v1/feed/statistics/{month} ---- */

struct month_st {
	int64_t client;
	char month[8], format[8];
	json_t *out;
	int not_closed;
};

static void month_st_free(void *p)
{
	struct month_st *st = p;
	if (st)
		json_decref(st->out);
	free(st);
}

static void month_run(struct req *r)
{
	struct month_st *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	json_t *report = db ? ipk_month_report(db, r->srv->cfg, st->month) : NULL;
	if (report && !json_is_true(json_object_get(report, "closed"))) {
		st->not_closed = 1;
		json_decref(report);
		return;
	}
	char year[5];
	snprintf(year, sizeof year, "%.4s", st->month);
	json_t *iku = report ? iku_year_report(db, r->srv->cfg, year) : NULL;
	if (!iku) {
		json_decref(report);
		return;
	}
	json_object_set_new(report, "iku", iku);
	/* Beside the frozen tables: the month's placements by channel, counted
	 * now (corrections to them show here, not in corrections). */
	json_t *channels = ipk_placements_by_channel(db, st->month);
	if (!channels) {
		json_decref(report);
		return;
	}
	json_array_append_new(json_object_get(report, "tables"), channels);
	st->out = report;
}

static void month_done(struct req *r)
{
	struct month_st *st = r->state;
	if (st->not_closed) {
		req_fail(r, ERR_MONTH_NOT_CLOSED, NULL);
		return;
	}
	if (!st->out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *out = st->out;
	st->out = NULL;
	if (strcmp(st->format, "csv")) {
		req_reply(r, 200, out);
		return;
	}
	char period[16];
	snprintf(period, sizeof period, "%s", st->month);
	req_state_release(r);
	export_reply(r, "csv", "Ikhtisar Statistik Antar Kerja (IPK)", period, out);
}

void stats_feed_month(struct req *r)
{
	struct month_st *st = req_state_new(r, sizeof *st, month_st_free);
	if (!st || service_authorize(r, SCOPE_STATS_READ, &st->client) < 0)
		return;
	const char *month = r->nparams ? r->param[0] : NULL, *format = req_query(r, "format");
	int ok = month && strlen(month) == 7 && month[4] == '-';
	for (int i = 0; ok && i < 7; i++)
		ok = i == 4 || (month[i] >= '0' && month[i] <= '9');
	if (!ok) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	if (format && strcmp(format, "json") && strcmp(format, "csv")) {
		req_fail(r, ERR_QUERY_INVALID, "format");
		return;
	}
	snprintf(st->month, sizeof st->month, "%s", month);
	snprintf(st->format, sizeof st->format, "%s", format ? format : "json");
	req_read_pool(r, month_run, month_done);
}
