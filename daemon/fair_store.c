#include <stdio.h>
#include <stdlib.h>

#include "fair_store.h"
#include "store_sql.h"

/* ---- fairs ---- */

#define FAIR_VALUES \
	"j->>'$.name', j->>'$.description', j->>'$.venue_kind', j->>'$.venue', j->>'$.kecamatan_code', " \
	"j->>'$.online_url', j->>'$.start_date', j->>'$.end_date', j->>'$.opens_at', j->>'$.closes_at', " \
	"j->>'$.registration_opens', j->>'$.registration_closes', j->>'$.capacity'"
static const char sql_insert[] =
	"INSERT INTO job_fair(name, description, venue_kind, venue, kecamatan_code, online_url, start_date, end_date, "
	"opens_at, closes_at, registration_opens, registration_closes, capacity, created_by, created_at, updated_at) "
	"SELECT " FAIR_VALUES ", ?1, ?3, ?3 FROM (SELECT ?2 AS j)";
static const char sql_replace[] =
	"UPDATE job_fair SET (name, description, venue_kind, venue, kecamatan_code, online_url, start_date, end_date, "
	"opens_at, closes_at, registration_opens, registration_closes, capacity, updated_at) = (SELECT " FAIR_VALUES
	", ?3 FROM (SELECT ?2 AS j)) WHERE id = ?1 AND state <> 'cancelled'";
static const char sql_fetch[] =
	"SELECT id, capacity, state, venue_kind, name, start_date, end_date, opens_at, closes_at, registration_opens, "
	"registration_closes FROM job_fair WHERE id = ?";
/* What every answer about a fair says; f is the fair. */
#define FAIR_FIELDS \
	"'id', f.id, 'state', f.state, 'name', f.name, 'description', f.description, 'venue_kind', f.venue_kind, " \
	"'venue', f.venue, 'kecamatan_code', f.kecamatan_code, 'kecamatan', (SELECT name FROM region WHERE code = " \
	"f.kecamatan_code), 'online_url', f.online_url, 'start_date', f.start_date, 'end_date', f.end_date, " \
	"'opens_at', f.opens_at, 'closes_at', f.closes_at, 'registration_opens', f.registration_opens, " \
	"'registration_closes', f.registration_closes, 'capacity', f.capacity, 'registered', (SELECT count(*) " \
	"FROM job_fair_ticket t WHERE t.fair_id = f.id), 'checked_in', (SELECT count(*) FROM job_fair_ticket t " \
	"WHERE t.fair_id = f.id AND t.checked_in_at IS NOT NULL), 'booths_count', (SELECT count(*) FROM " \
	"job_fair_booth b WHERE b.fair_id = f.id AND b.state = 'accepted'), 'published_at', " \
	"strftime('%Y-%m-%dT%H:%M:%SZ', f.published_at, 'unixepoch')"
/* A booth's published vacancies, as visitors see them; b is the booth. */
#define BOOTH_PUBLIC_VACANCIES \
	"(SELECT json_group_array(json_object('id', v.id, 'title', v.title, 'kbji', v.kbji, 'needed', " \
	"v.needed_men + v.needed_women + v.needed_either)) FROM job_fair_vacancy bv JOIN vacancy v ON v.id = " \
	"bv.vacancy_id WHERE bv.booth_id = b.id AND v.state = 'published')"
static const char sql_json[] =
	"SELECT json_object(" FAIR_FIELDS ", 'booths', (SELECT json_group_array(json(bj)) FROM (SELECT "
	"json_object('id', b.id, 'organisation_id', b.organisation_id, 'organisation', o.legal_name, 'vacancies', "
	"json(" BOOTH_PUBLIC_VACANCIES ")) AS bj FROM job_fair_booth b JOIN organisation o ON o.account_id = "
	"b.organisation_id WHERE b.fair_id = f.id AND b.state = 'accepted' ORDER BY o.legal_name))) FROM job_fair f "
	"WHERE f.id = ?";
static const char sql_page[] =
	"SELECT json_object(" FAIR_FIELDS ") FROM job_fair f WHERE (?1 = 1 OR f.state = 'published') AND "
	"(?2 IS NULL OR (?2 = 'upcoming' AND f.end_date >= ?3) OR (?2 = 'past' AND f.end_date < ?3)) AND "
	"(?4 = 0 OR f.id < ?4) ORDER BY f.id DESC LIMIT ?5";
static const char sql_set_state[] =
	"UPDATE job_fair SET state = ?3, updated_at = ?4, published_at = CASE WHEN ?3 = 'published' THEN "
	"IFNULL(published_at, ?4) ELSE published_at END WHERE id = ?1 AND state = ?2";
/* Job seekers who asked for news of vacancies, with an active account. */
static const char sql_announce[] =
	"INSERT INTO notification(account_id, category, title, body, object_type, object_id, created_at) "
	"SELECT ac.id, 'vacancy', 'Bursa kerja: ' || ?2, printf('Disnaker mengadakan bursa kerja %s, %s sampai %s, "
	"pukul %s-%s. Daftar di aplikasi untuk mendapat tiket masuk (pendaftaran sampai %s). Gratis: lowongan yang "
	"meminta bayaran adalah penipuan.', ?2, ?3, ?4, ?5, ?6, ?7), 'job_fair', ?1, ?8 FROM seeker s JOIN account ac "
	"ON ac.id = s.account_id WHERE s.notify_vacancies = 1 AND ac.status = 'active'";
static const char sql_tell_holders[] =
	"INSERT INTO notification(account_id, category, title, body, object_type, object_id, created_at) "
	"SELECT ac.id, 'vacancy', ?2, ?3, 'job_fair', ?1, ?4 FROM job_fair_ticket t JOIN seeker s ON s.id = "
	"t.seeker_id JOIN account ac ON ac.id = s.account_id WHERE t.fair_id = ?1 AND ac.status = 'active'";
/* json(): a subquery's JSON comes back as text otherwise. */
static const char sql_dashboard[] =
	"SELECT json_object('next', json((SELECT json_object(" FAIR_FIELDS ") FROM job_fair f WHERE f.state = "
	"'published' AND f.end_date >= ?1 ORDER BY f.start_date, f.id LIMIT 1)), 'last', json((SELECT "
	"json_object(" FAIR_FIELDS ", 'applicants', (SELECT count(*) FROM job_fair_application ja WHERE ja.fair_id = "
	"f.id), 'placed', (SELECT count(*) FROM placement p JOIN job_fair_application ja ON ja.application_id = "
	"p.application_id WHERE ja.fair_id = f.id)) FROM job_fair f WHERE f.state = 'published' AND f.end_date < ?1 "
	"ORDER BY f.end_date DESC, f.id DESC LIMIT 1)))";

int fair_insert(struct dbconn *db, int64_t officer_id, const json_t *f, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st || store_bind_json(st, 2, f) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, officer_id);
	sqlite3_bind_int64(st, 3, now);
	return store_insert(db, st, id) == STORE_OK ? 0 : -1;
}

enum store_result fair_replace(struct dbconn *db, int64_t id, const json_t *f, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_replace);
	if (!st || store_bind_json(st, 2, f) < 0)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 3, now);
	return store_change_one(db, st);
}

int fair_fetch(struct dbconn *db, int64_t id, struct fair_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->capacity = sqlite3_column_int(st, 1);
		store_copy_text(out->state, sizeof out->state, st, 2);
		store_copy_text(out->venue_kind, sizeof out->venue_kind, st, 3);
		store_copy_text(out->name, sizeof out->name, st, 4);
		store_copy_text(out->start_date, sizeof out->start_date, st, 5);
		store_copy_text(out->end_date, sizeof out->end_date, st, 6);
		store_copy_text(out->opens_at, sizeof out->opens_at, st, 7);
		store_copy_text(out->closes_at, sizeof out->closes_at, st, 8);
		store_copy_text(out->registration_opens, sizeof out->registration_opens, st, 9);
		store_copy_text(out->registration_closes, sizeof out->registration_closes, st, 10);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

json_t *fair_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_json, id); }

json_t *fair_page(struct dbconn *db, const char *when, const char *today, int staff, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_page);
	if (!st)
		return NULL;
	sqlite3_bind_int(st, 1, staff);
	if (when)
		sqlite3_bind_text(st, 2, when, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, cursor);
	sqlite3_bind_int(st, 5, limit);
	return store_json_rows(st);
}

enum store_result fair_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_set_state);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return store_change_one(db, st);
}

int fair_announce(struct dbconn *db, const struct fair_row *f, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_announce);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, f->id);
	sqlite3_bind_text(st, 2, f->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, f->start_date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, f->end_date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, f->opens_at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, f->closes_at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, f->registration_closes, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 8, now);
	return store_changes(db, st);
}

int fair_tell_holders(struct dbconn *db, int64_t fair_id, const char *title, const char *body, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_tell_holders);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, fair_id);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, body, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return store_changes(db, st);
}

json_t *fair_dashboard_json(struct dbconn *db, const char *today)
{
	sqlite3_stmt *st = store_stmt(db, sql_dashboard);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
	return store_json_one(st);
}

/* ---- booths ---- */

static const char sql_booth_of[] =
	"SELECT id, fair_id, organisation_id, state FROM job_fair_booth WHERE fair_id = ?1 AND organisation_id = ?2";
static const char sql_booth_fetch[] = "SELECT id, fair_id, organisation_id, state FROM job_fair_booth WHERE id = ?1";
static const char sql_booth_insert[] = "INSERT INTO job_fair_booth(fair_id, organisation_id, state, created_at) "
				       "VALUES (?1, ?2, ?3, ?4)";
static const char sql_booth_state[] = "UPDATE job_fair_booth SET state = ?3, decided_at = ?5, decided_by = "
				      "CASE WHEN ?4 > 0 THEN ?4 END WHERE id = ?1 AND state = ?2";
/* How many of the ids are not the organisation's own published or pending vacancies. */
static const char sql_foreign_vacancies[] =
	"SELECT count(*) FROM json_each(?1) j WHERE NOT EXISTS (SELECT 1 FROM vacancy v WHERE v.id = j.value AND "
	"v.organisation_id = ?2 AND v.state IN ('published','pending'))";
static const char sql_booth_clear[] = "DELETE FROM job_fair_vacancy WHERE booth_id = ?1";
static const char sql_booth_add[] =
	"INSERT OR IGNORE INTO job_fair_vacancy(booth_id, vacancy_id) SELECT ?1, j.value FROM json_each(?2) j";
#define BOOTH_JSON \
	"json_object('id', b.id, 'fair_id', b.fair_id, 'organisation_id', b.organisation_id, 'organisation', " \
	"o.legal_name, 'state', b.state, 'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', b.created_at, 'unixepoch'), " \
	"'decided_at', strftime('%Y-%m-%dT%H:%M:%SZ', b.decided_at, 'unixepoch'), 'vacancies', (SELECT " \
	"json_group_array(json_object('id', v.id, 'title', v.title, 'state', v.state)) FROM job_fair_vacancy bv " \
	"JOIN vacancy v ON v.id = bv.vacancy_id WHERE bv.booth_id = b.id))"
static const char sql_booth_list[] =
	"SELECT json_group_array(json(bj)) FROM (SELECT " BOOTH_JSON " AS bj FROM job_fair_booth b JOIN organisation "
	"o ON o.account_id = b.organisation_id WHERE b.fair_id = ?1 AND (?2 = 0 OR b.organisation_id = ?2) ORDER BY "
	"o.legal_name)";
static const char sql_booth_json[] = "SELECT " BOOTH_JSON " FROM job_fair_booth b JOIN organisation o ON "
				     "o.account_id = b.organisation_id WHERE b.id = ?1";
static const char sql_booth_has[] = "SELECT 1 FROM job_fair_vacancy WHERE booth_id = ?1 AND vacancy_id = ?2";

static int booth_read(sqlite3_stmt *st, struct booth_row *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->fair_id = sqlite3_column_int64(st, 1);
		out->organisation_id = sqlite3_column_int64(st, 2);
		store_copy_text(out->state, sizeof out->state, st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int booth_of(struct dbconn *db, int64_t fair_id, int64_t organisation_id, struct booth_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_booth_of);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, fair_id);
	sqlite3_bind_int64(st, 2, organisation_id);
	return booth_read(st, out);
}

int booth_fetch(struct dbconn *db, int64_t id, struct booth_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_booth_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return booth_read(st, out);
}

enum store_result booth_insert(struct dbconn *db, int64_t fair_id, int64_t organisation_id, const char *state,
                               int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_booth_insert);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, fair_id);
	sqlite3_bind_int64(st, 2, organisation_id);
	sqlite3_bind_text(st, 3, state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return store_insert(db, st, id);
}

enum store_result booth_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, int64_t officer_id,
                                  int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_booth_state);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, officer_id);
	sqlite3_bind_int64(st, 5, now);
	return store_change_one(db, st);
}

int booth_set_vacancies(struct dbconn *db, int64_t booth_id, int64_t organisation_id, const json_t *ids)
{
	sqlite3_stmt *st = store_stmt(db, sql_foreign_vacancies);
	if (!st || store_bind_json(st, 1, ids) < 0)
		return -1;
	sqlite3_bind_int64(st, 2, organisation_id);
	int foreign = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	if (foreign != 0)
		return foreign;
	if (!(st = store_stmt(db, sql_booth_clear)))
		return -1;
	sqlite3_bind_int64(st, 1, booth_id);
	if (store_changes(db, st) < 0 || !(st = store_stmt(db, sql_booth_add)) || store_bind_json(st, 2, ids) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, booth_id);
	return store_changes(db, st) < 0 ? -1 : 0;
}

json_t *booth_list_json(struct dbconn *db, int64_t fair_id, int64_t organisation_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_booth_list);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, fair_id);
	sqlite3_bind_int64(st, 2, organisation_id);
	return store_json_one(st);
}

json_t *booth_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_booth_json, id); }

int booth_has_vacancy(struct dbconn *db, int64_t booth_id, int64_t vacancy_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_booth_has);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, booth_id);
	sqlite3_bind_int64(st, 2, vacancy_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---- tickets ---- */

static const char sql_ticket_fetch[] =
	"SELECT t.id, t.fair_id, t.seeker_id, IFNULL(t.checked_in_at, 0), t.registered_at, t.walk_in, s.full_name "
	"FROM job_fair_ticket t JOIN seeker s ON s.id = t.seeker_id WHERE t.id = ?1";
static const char sql_ticket_of[] = "SELECT id FROM job_fair_ticket WHERE fair_id = ?1 AND seeker_id = ?2";
static const char sql_ticket_count[] =
	"SELECT count(*), IFNULL(max(seeker_id = ?2), 0) FROM job_fair_ticket WHERE fair_id = ?1";
static const char sql_ticket_insert[] =
	"INSERT INTO job_fair_ticket(fair_id, seeker_id, walk_in, registered_at, registered_by, checked_in_at, "
	"checked_in_by, check_in_source) VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 > 0 THEN ?5 END, CASE WHEN ?3 THEN ?4 "
	"END, CASE WHEN ?3 THEN ?5 END, CASE WHEN ?3 THEN 'walk_in' END)";
static const char sql_check_in[] =
	"UPDATE job_fair_ticket SET checked_in_at = ?3, checked_in_by = ?4, check_in_source = ?5 WHERE id = ?1 AND "
	"fair_id = ?2 AND checked_in_at IS NULL";
static const char sql_checked_at[] = "SELECT checked_in_at FROM job_fair_ticket WHERE id = ?1 AND fair_id = ?2";
static const char sql_has_card[] = "SELECT 1 FROM card WHERE seeker_id = ?1 AND state = 'active'";
#define TICKET_JSON \
	"json_object('id', t.id, 'fair_id', t.fair_id, 'walk_in', json(CASE t.walk_in WHEN 1 THEN 'true' ELSE " \
	"'false' END), 'registered_at', strftime('%Y-%m-%dT%H:%M:%SZ', t.registered_at, 'unixepoch'), " \
	"'checked_in_at', strftime('%Y-%m-%dT%H:%M:%SZ', t.checked_in_at, 'unixepoch'), 'fair', json((SELECT " \
	"json_object(" FAIR_FIELDS ") FROM job_fair f WHERE f.id = t.fair_id)))"
static const char sql_ticket_list[] = "SELECT json_group_array(json(j)) FROM (SELECT " TICKET_JSON
				      " AS j FROM job_fair_ticket t WHERE t.seeker_id = ?1 ORDER BY t.id DESC)";
static const char sql_ticket_json[] = "SELECT " TICKET_JSON " FROM job_fair_ticket t WHERE t.id = ?1";

int ticket_fetch(struct dbconn *db, int64_t id, struct ticket_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_ticket_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->fair_id = sqlite3_column_int64(st, 1);
		out->seeker_id = sqlite3_column_int64(st, 2);
		out->checked_in_at = sqlite3_column_int64(st, 3);
		out->registered_at = sqlite3_column_int64(st, 4);
		out->walk_in = sqlite3_column_int(st, 5);
		store_copy_text(out->holder, sizeof out->holder, st, 6);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int ticket_of(struct dbconn *db, int64_t fair_id, int64_t seeker_id, struct ticket_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_ticket_of);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, fair_id);
	sqlite3_bind_int64(st, 2, seeker_id);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	return ticket_fetch(db, id, out);
}

int ticket_insert(struct dbconn *db, int64_t fair_id, int capacity, int64_t seeker_id, int walk_in, int64_t by,
                  int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_ticket_count);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, fair_id);
	sqlite3_bind_int64(st, 2, seeker_id);
	int row = sqlite3_step(st) == SQLITE_ROW;
	int taken = row ? sqlite3_column_int(st, 0) : -1, holds = row && sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	/* One who holds a ticket is told so, not that the fair is full. */
	if (taken < 0)
		return -1;
	if (holds)
		return TICKET_HELD;
	if (taken >= capacity)
		return TICKET_FULL;
	if (!(st = store_stmt(db, sql_ticket_insert)))
		return -1;
	sqlite3_bind_int64(st, 1, fair_id);
	sqlite3_bind_int64(st, 2, seeker_id);
	sqlite3_bind_int(st, 3, walk_in);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, by);
	return store_insert(db, st, id) == STORE_OK ? TICKET_NEW : -1;
}

int ticket_check_in(struct dbconn *db, int64_t id, int64_t fair_id, int64_t at, int64_t by, const char *source,
                    int64_t *first)
{
	sqlite3_stmt *st = store_stmt(db, sql_check_in);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, fair_id);
	sqlite3_bind_int64(st, 3, at);
	sqlite3_bind_int64(st, 4, by);
	sqlite3_bind_text(st, 5, source, -1, SQLITE_STATIC);
	int changed = store_changes(db, st);
	if (changed != 0)
		return changed > 0 ? 1 : -1;
	if (!(st = store_stmt(db, sql_checked_at)))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, fair_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*first = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -2 : -1;
}

int ticket_holder_has_card(struct dbconn *db, int64_t seeker_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_has_card);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, seeker_id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

json_t *ticket_list_of_seeker(struct dbconn *db, int64_t seeker_id)
{
	return store_json_by_id(db, sql_ticket_list, seeker_id);
}

json_t *ticket_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_ticket_json, id); }

/* ---- applications met at booths ---- */

static const char sql_fair_application[] =
	"INSERT INTO job_fair_application(application_id, fair_id, ticket_id, recorded_by, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5)";

int fair_application_insert(struct dbconn *db, int64_t application_id, int64_t fair_id, int64_t ticket_id, int64_t by,
                            int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_fair_application);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, application_id);
	sqlite3_bind_int64(st, 2, fair_id);
	sqlite3_bind_int64(st, 3, ticket_id);
	sqlite3_bind_int64(st, 4, by);
	sqlite3_bind_int64(st, 5, now);
	return store_step_done(st);
}

/* ---- the report ---- */

/* Each ticket's holder as the report groups them: checked in or not,
 * walk-in, gender, age in whole years on the fair's first day, education,
 * kecamatan code and name. */
static const char sql_visitors[] =
	"SELECT t.checked_in_at IS NOT NULL, t.walk_in, s.gender, CAST(strftime('%Y', f.start_date) AS INTEGER) - "
	"CAST(strftime('%Y', s.birth_date) AS INTEGER) - (strftime('%m-%d', f.start_date) < strftime('%m-%d', "
	"s.birth_date)), s.education_level, IFNULL(s.kecamatan_code, ''), IFNULL((SELECT name FROM region WHERE code "
	"= s.kecamatan_code), '') FROM job_fair_ticket t JOIN job_fair f ON f.id = t.fair_id JOIN seeker s ON s.id = "
	"t.seeker_id WHERE t.fair_id = ?1";
/* Per company with an accepted booth: its vacancies, the places they
 * offer, whom it met, interviewed, accepted, refused, and still open. */
static const char sql_companies[] =
	"SELECT json_group_array(json(cj)) FROM (SELECT json_object('organisation', o.legal_name, 'vacancies', "
	"(SELECT count(*) FROM job_fair_vacancy bv WHERE bv.booth_id = b.id), 'places', (SELECT "
	"IFNULL(sum(v.needed_men + v.needed_women + v.needed_either), 0) FROM job_fair_vacancy bv JOIN vacancy v ON "
	"v.id = bv.vacancy_id WHERE bv.booth_id = b.id), 'applicants', count(a.id), 'interview', count(a.id) FILTER "
	"(WHERE a.state = 'interview'), 'accepted', count(a.id) FILTER (WHERE a.state = 'accepted'), 'rejected', "
	"count(a.id) FILTER (WHERE a.state = 'rejected'), 'open', count(a.id) FILTER (WHERE a.state IN "
	"('applied','viewed','interview'))) AS cj FROM job_fair_booth b JOIN organisation o ON o.account_id = "
	"b.organisation_id LEFT JOIN (SELECT ap.id, ap.state, v.organisation_id FROM job_fair_application ja JOIN "
	"application ap ON ap.id = ja.application_id JOIN vacancy v ON v.id = ap.vacancy_id WHERE ja.fair_id = ?1) a "
	"ON a.organisation_id = b.organisation_id WHERE b.fair_id = ?1 AND b.state = 'accepted' GROUP BY b.id ORDER "
	"BY o.legal_name)";
/* The fair's placements: events, distinct persons, men, women. */
static const char sql_placed[] =
	"SELECT count(*), count(DISTINCT p.person_index), count(*) FILTER (WHERE s.gender = 'M'), count(*) FILTER "
	"(WHERE s.gender = 'F') FROM placement p JOIN job_fair_application ja ON ja.application_id = p.application_id "
	"JOIN seeker s ON s.id = p.seeker_id WHERE ja.fair_id = ?1";

static json_t *visitors_rows(struct dbconn *db, int64_t fair_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_visitors);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, fair_id);
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(rows,
		                      json_pack("{s:b, s:b, s:s, s:i, s:s, s:s, s:s}", "came",
		                                sqlite3_column_int(st, 0), "walk_in", sqlite3_column_int(st, 1),
		                                "gender", store_text(st, 2), "age", sqlite3_column_int(st, 3),
		                                "education", store_text(st, 4), "kecamatan_code", store_text(st, 5),
		                                "kecamatan", store_text(st, 6)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

json_t *fair_report_json(struct dbconn *db, int64_t fair_id)
{
	json_t *visitors = visitors_rows(db, fair_id), *companies = store_json_by_id(db, sql_companies, fair_id);
	sqlite3_stmt *st = store_stmt(db, sql_placed);
	json_t *placed = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, fair_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			placed = json_pack("{s:i, s:i, s:i, s:i}", "placements", sqlite3_column_int(st, 0), "persons",
			                   sqlite3_column_int(st, 1), "men", sqlite3_column_int(st, 2), "women",
			                   sqlite3_column_int(st, 3));
		sqlite3_reset(st);
	}
	if (!visitors || !companies || !placed) {
		json_decref(visitors);
		json_decref(companies);
		json_decref(placed);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:o}", "visitor_rows", visitors, "companies", companies, "placed", placed);
}
