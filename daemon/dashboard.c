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
#include "store_sql.h"

#define AGE_NOW \
	"(CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', s.birth_date) AS INTEGER) - " \
	"(strftime('%m-%d', ?1) < strftime('%m-%d', s.birth_date)))"
#define ACTIVE "FROM card c JOIN seeker s ON s.id = c.seeker_id WHERE c.state = 'active'"
static const char sql_by_kecamatan[] =
	"SELECT s.kecamatan_code, (SELECT name FROM region WHERE code = s.kecamatan_code), s.gender = 'F', count(*) " ACTIVE
	" AND ?1 IS NOT NULL GROUP BY 1, 3 ORDER BY 1";
static const char sql_by_kelurahan[] =
	"SELECT s.kelurahan_code, (SELECT name FROM region WHERE code = s.kelurahan_code), s.gender = 'F', count(*) " ACTIVE
	" AND ?1 IS NOT NULL GROUP BY 1, 3 ORDER BY 1";
static const char sql_by_education[] = "SELECT s.education_level, s.education_level, s.gender = 'F', count(*) " ACTIVE
				       " AND ?1 IS NOT NULL "
				       "GROUP BY 1, 3 ORDER BY s.education_rank, 1";
static const char sql_by_ipk_age[] =
	"SELECT g, g, f, count(*) FROM (SELECT CASE WHEN " AGE_NOW " < 20 THEN '15-19' WHEN " AGE_NOW " < 30 THEN "
	"'20-29' WHEN " AGE_NOW " < 45 THEN '30-44' WHEN " AGE_NOW " < 55 THEN '45-54' ELSE '55+' END AS g, "
	"s.gender = 'F' AS f " ACTIVE ") GROUP BY 1, 3 ORDER BY 1";
static const char sql_by_bps_age[] = "SELECT g, g, f, count(*) FROM (SELECT CASE WHEN " AGE_NOW
				     " < 20 THEN '15-19' WHEN " AGE_NOW " >= 60 THEN "
				     "'60+' ELSE printf('%d-%d', " AGE_NOW " / 5 * 5, " AGE_NOW
				     " / 5 * 5 + 4) END AS g, s.gender = 'F' AS f " ACTIVE ") GROUP BY 1, 3 ORDER BY 1";
static const char sql_figures[] =
	"SELECT (SELECT count(*) FROM card WHERE state = 'active'), "
	"(SELECT count(*) FROM card WHERE issued_on BETWEEN substr(?1, 1, 7) || '-01' AND ?1), "
	"(SELECT count(*) FROM card WHERE issued_on BETWEEN substr(?1, 1, 4) || '-01-01' AND ?1), "
	"(SELECT count(*) FROM card_application WHERE state = 'submitted'), "
	"(SELECT count(*) FROM account WHERE verification = 'pending'), "
	"(SELECT count(*) FROM vacancy WHERE state = 'pending'), "
	"(SELECT count(*) FROM complaint WHERE state IN ('open','assigned'))";
static const char sql_placements_month[] =
	"SELECT channel, count(*) FROM placement WHERE start_date BETWEEN substr(?1, 1, 7) || '-01' AND ?1 "
	"GROUP BY channel ORDER BY channel";

/* Groups with men, women and all: [{"code","name","men","women","total"}]. */
static json_t *grouped(struct dbconn *db, const char *sql, const char *today)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	json_t *out = json_array(), *last = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = store_text(st, 0);
		if (!last || strcmp(json_string_value(json_object_get(last, "code")), code)) {
			last = json_pack("{s:s, s:s, s:i, s:i, s:i}", "code", code, "name", store_text(st, 1), "men", 0,
			                 "women", 0, "total", 0);
			json_array_append_new(out, last);
		}
		long long n = sqlite3_column_int64(st, 3);
		const char *which = sqlite3_column_int(st, 2) ? "women" : "men";
		json_object_set_new(last, which, json_integer(json_integer_value(json_object_get(last, which)) + n));
		json_object_set_new(last, "total",
		                    json_integer(json_integer_value(json_object_get(last, "total")) + n));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		return NULL;
	}
	return out;
}

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
	json_t *parts[5] = {grouped(db, sql_by_kecamatan, today), grouped(db, sql_by_kelurahan, today),
	                    grouped(db, sql_by_education, today), grouped(db, sql_by_ipk_age, today),
	                    grouped(db, sql_by_bps_age, today)};
	json_t *channels = json_object();
	long long figures[7] = {0};
	int ok = 1;
	for (int i = 0; i < 5; i++)
		ok &= parts[i] != NULL;
	sqlite3_stmt *st = store_stmt(db, sql_figures);
	if (ok && st) {
		sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_ROW;
		for (int i = 0; ok && i < 7; i++)
			figures[i] = sqlite3_column_int64(st, i);
		sqlite3_reset(st);
	}
	if (ok && (st = store_stmt(db, sql_placements_month))) {
		sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			json_object_set_new(channels, store_text(st, 0), json_integer(sqlite3_column_int64(st, 1)));
		sqlite3_reset(st);
	}
	if (!ok || !st) {
		for (int i = 0; i < 5; i++)
			json_decref(parts[i]);
		json_decref(channels);
		return;
	}
	state->out = json_pack("{s:s, s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I}, s:{s:o, s:o, s:o, s:o, s:o}, s:o}",
	                       "date", today, "cards", "active", (json_int_t)figures[0], "issued_this_month",
	                       (json_int_t)figures[1], "issued_this_year", (json_int_t)figures[2], "queues",
	                       "card_applications", (json_int_t)figures[3], "organisations", (json_int_t)figures[4],
	                       "vacancies", (json_int_t)figures[5], "complaints", (json_int_t)figures[6],
	                       "active_job_seekers", "by_kecamatan", parts[0], "by_kelurahan", parts[1], "by_education",
	                       parts[2], "by_age_ipk", parts[3], "by_age_bps", parts[4],
	                       "placements_this_month_by_channel", channels);
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
