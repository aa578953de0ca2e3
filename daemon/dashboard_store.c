/* The dashboard's counts of right now (dashboard.c). */
#include <string.h>

#include "dashboard_store.h"
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

json_t *dashboard_store_active_by(struct dbconn *db, enum dashboard_grouping by, const char *today)
{
	static const char *const sql[DASHBOARD_GROUPINGS] = {
		[BY_KECAMATAN] = sql_by_kecamatan, [BY_KELURAHAN] = sql_by_kelurahan, [BY_EDUCATION] = sql_by_education,
		[BY_IPK_AGE] = sql_by_ipk_age,     [BY_BPS_AGE] = sql_by_bps_age,
	};
	return grouped(db, sql[by], today);
}

int dashboard_store_figures(struct dbconn *db, const char *today, long long figures[DASHBOARD_FIGURES])
{
	sqlite3_stmt *st = store_stmt(db, sql_figures);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	int ok = sqlite3_step(st) == SQLITE_ROW;
	for (int i = 0; ok && i < DASHBOARD_FIGURES; i++)
		figures[i] = sqlite3_column_int64(st, i);
	sqlite3_reset(st);
	return ok ? 0 : -1;
}

json_t *dashboard_store_placements_by_channel(struct dbconn *db, const char *today)
{
	sqlite3_stmt *st = store_stmt(db, sql_placements_month);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	json_t *channels = json_object();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_object_set_new(channels, store_text(st, 0), json_integer(sqlite3_column_int64(st, 1)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(channels);
		return NULL;
	}
	return channels;
}
