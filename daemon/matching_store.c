/* Matching runs' rows and the set-based statements of a step (matching.c
 * says why runs go in steps).  A step reads its run, then writes its
 * notifications and moves the cursor: the run's row (vacancy_matching by
 * vacancy_id) is what a store with concurrent writers must lock for it. */
#include "matching_store.h"
#include "store_sql.h"

static const char sql_queue[] =
	"INSERT INTO vacancy_matching(vacancy_id, queued_at) VALUES (?1, ?2) ON CONFLICT(vacancy_id) DO NOTHING";
static const char sql_next[] =
	"SELECT vacancy_id, after_seeker, notified FROM vacancy_matching WHERE finished_at IS NULL "
	"ORDER BY vacancy_id LIMIT 1";
/* Still worth telling anyone about: published, unexpired, its organisation
 * listed (a suspension or withdrawal meanwhile ends the run). */
static const char sql_still_public[] =
	"SELECT 1 FROM vacancy WHERE id = ?1 AND state = 'published' AND valid_until >= ?2 AND organisation_listed = 1";
static const char sql_advance[] = "UPDATE vacancy_matching SET after_seeker = ?2, notified = notified + ?3, "
				  "finished_at = CASE WHEN ?4 THEN ?5 END WHERE vacancy_id = ?1";

/* Who fits: education at least the vacancy's, age within its range on
 * `today`, gender if it asks for one, an occupation preference that
 * matches (or none), a place they want to work, an active account; after
 * the run's cursor.  ?1 rank, ?2 age_min, ?3 age_max, ?4 gender, ?5 today,
 * ?6 kbji, ?7 location kind, ?8 cursor. */
#define WHO_FITS \
	"FROM seeker s JOIN account ac ON ac.id = s.account_id " \
	"WHERE s.notify_vacancies = 1 AND s.id > ?8 AND ac.status = 'active' AND s.education_rank >= ?1 " \
	"AND (?2 IS NULL OR s.birth_date <= date(?5, '-' || ?2 || ' years')) " \
	"AND (?3 IS NULL OR s.birth_date > date(?5, '-' || (?3 + 1) || ' years')) " \
	"AND (?4 = 'any' OR s.gender = ?4) " /* Preferences are a JSON array of 1-4 digit strings (profile.c): one is a \
	 * prefix of the vacancy's code when the text holds it quoted. */ \
	"AND (s.preferred_kbji = '[]' OR instr(s.preferred_kbji, '\"' || substr(?6, 1, 1) || '\"') " \
	"OR instr(s.preferred_kbji, '\"' || substr(?6, 1, 2) || '\"') " \
	"OR instr(s.preferred_kbji, '\"' || substr(?6, 1, 3) || '\"') " \
	"OR instr(s.preferred_kbji, '\"' || ?6 || '\"')) " \
	"AND (s.preferred_location = 'both' OR s.preferred_location = CASE WHEN ?7 = 'abroad' " \
	"THEN 'abroad' ELSE 'domestic' END)"
/* The last person of this step (?9 people at most). */
static const char sql_step_end[] = "SELECT max(id) FROM (SELECT s.id " WHO_FITS " ORDER BY s.id LIMIT ?9)";
/* Their notifications; ?9 the step's last person, ?10 title, ?11 valid
 * until, ?12 the vacancy, ?13 now. */
static const char sql_notify[] =
	"INSERT INTO notification(account_id, category, title, body, object_type, object_id, created_at) "
	"SELECT ac.id, 'vacancy', 'Lowongan baru yang cocok', printf('Ada lowongan baru yang cocok dengan profil "
	"Anda: %s (berlaku sampai %s). Lihat dan lamar melalui aplikasi. Lowongan yang meminta bayaran adalah "
	"penipuan: laporkan.', ?10, ?11), 'vacancy', ?12, ?13 " WHO_FITS " AND s.id <= ?9";

int matching_queue(struct dbconn *db, int64_t vacancy_id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_queue);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, vacancy_id);
	sqlite3_bind_int64(st, 2, now);
	return store_step_done(st);
}

static void bind_fit(sqlite3_stmt *st, const struct vacancy_row *v, const char *today, int64_t after)
{
	sqlite3_bind_int(st, 1, v->education_rank);
	if (v->has_age_min)
		sqlite3_bind_int(st, 2, v->age_min);
	if (v->has_age_max)
		sqlite3_bind_int(st, 3, v->age_max);
	sqlite3_bind_text(st, 4, v->gender, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, v->kbji, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, v->location_kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 8, after);
}

int matching_store_step_end(struct dbconn *db, const struct vacancy_row *v, const char *today, int64_t after,
                            int people, int64_t *last)
{
	sqlite3_stmt *st = store_stmt(db, sql_step_end);
	if (!st)
		return -1;
	bind_fit(st, v, today, after);
	sqlite3_bind_int(st, 9, people);
	int rc = sqlite3_step(st), found = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
	if (found)
		*last = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? found : -1;
}

int matching_store_notify(struct dbconn *db, const struct vacancy_row *v, const char *today, int64_t after,
                          int64_t last, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_notify);
	if (!st)
		return -1;
	bind_fit(st, v, today, after);
	sqlite3_bind_int64(st, 9, last);
	sqlite3_bind_text(st, 10, v->title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 11, v->valid_until, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 12, v->id);
	sqlite3_bind_int64(st, 13, now);
	return store_changes(db, st);
}

int matching_store_still_public(struct dbconn *db, int64_t id, const char *today)
{
	sqlite3_stmt *st = store_stmt(db, sql_still_public);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int matching_store_advance(struct dbconn *db, int64_t id, int64_t after, int added, int finished, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_advance);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int(st, 3, added);
	sqlite3_bind_int(st, 4, finished);
	sqlite3_bind_int64(st, 5, now);
	return store_change_one(db, st) == 0 ? 0 : -1;
}

int matching_store_next(struct dbconn *db, int64_t *vacancy_id, int64_t *after, int *notified)
{
	sqlite3_stmt *st = store_stmt(db, sql_next);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*vacancy_id = sqlite3_column_int64(st, 0);
		*after = sqlite3_column_int64(st, 1);
		*notified = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
