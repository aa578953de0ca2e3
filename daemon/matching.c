/*
 * Matching runs: the opted-in job seekers who fit a published vacancy get a
 * notification (category "vacancy"), which notice_dispatch() turns into an
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
#include "notification.h"
#include "notification_store.h"
#include "server.h"
#include "store_sql.h"
#include "vacancy.h"
#include "writer.h"

/* People per step: about 10 ms of writing at a province's size. */
#define MATCHING_STEP 1000

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

/* The last person of the next step after `after`: 1, 0 when nobody is left, -1. */
static int step_end(struct dbconn *db, const struct vacancy_row *v, const char *today, int64_t after, int people,
                    int64_t *last)
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

static int notify(struct dbconn *db, const struct vacancy_row *v, const char *today, int64_t after, int64_t last,
                  int64_t now)
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

static int still_public(struct dbconn *db, int64_t id, const char *today)
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

static int advance(struct dbconn *db, int64_t id, int64_t after, int added, int finished, int64_t now)
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
	sqlite3_stmt *st = store_stmt(db, sql_next);
	if (!st)
		return WRITE_STORE_ERROR;
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	int64_t after = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	int notified = rc == SQLITE_ROW ? sqlite3_column_int(st, 2) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? WRITE_OK : WRITE_STORE_ERROR;
	int64_t now = now_seconds();
	char today[DATE_LEN + 1];
	date_format(date_today(cfg->utc_offset_minutes), today);
	struct vacancy_row v;
	int open = still_public(db, id, today), found = open > 0 ? vacancy_fetch(db, id, &v) : 0;
	int room = cfg->match_notify_max - notified, people = room < MATCHING_STEP ? room : MATCHING_STEP;
	int64_t last = after;
	int next = open > 0 && found > 0 && people > 0 ? step_end(db, &v, today, after, people, &last) : 0;
	if (open < 0 || found < 0 || next < 0)
		return WRITE_STORE_ERROR;
	int added = 0;
	if (next) {
		int64_t mark = notice_mark(db);
		if (mark < 0 || (added = notify(db, &v, today, after, last, now)) < 0 ||
		    (added > 0 && notice_dispatch(db, cfg, mark, now) < 0))
			return WRITE_STORE_ERROR;
	}
	/* Finished when nobody is left, the cap is reached or the vacancy is
	 * no longer public. */
	int finished = !next || added < people || notified + added >= cfg->match_notify_max;
	if (advance(db, id, last, added, finished, now) < 0)
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
