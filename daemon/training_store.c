/* The SQL of trainings, enrolments and attendance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sql.h"
#include "training.h"
#include "training_store.h"

/* A checked training arrives as one JSON text (?2) and is taken apart by
 * SQLite: one statement for insert and update, no column list to keep in
 * step with a bind loop. */
#define TRAINING_VALUES \
	"j->>'$.title', j->>'$.vocation', j->>'$.description', json(j->'$.competency_units'), " \
	"j->>'$.bnsp_scheme', j->>'$.kkni_level', j->>'$.funding', j->>'$.quota', j->>'$.sessions', " \
	"j->>'$.start_date', j->>'$.end_date', j->>'$.registration_opens', j->>'$.registration_closes', " \
	"j->>'$.location', j->>'$.kecamatan_code', j->>'$.age_min', j->>'$.age_max', " \
	"j->>'$.min_education', j->>'$.education_rank', j->>'$.domicile_only'"
static const char sql_insert[] =
	"INSERT INTO training(provider_id, provider_kind, title, vocation, description, competency_units, "
	"bnsp_scheme, kkni_level, funding, quota, sessions, start_date, end_date, registration_opens, "
	"registration_closes, location, kecamatan_code, age_min, age_max, min_education, education_rank, "
	"domicile_only, created_at, updated_at) SELECT ?1, ?3, " TRAINING_VALUES ", ?4, ?4 FROM (SELECT ?2 AS j)";
static const char sql_replace[] =
	"UPDATE training SET (title, vocation, description, competency_units, bnsp_scheme, kkni_level, "
	"funding, quota, sessions, start_date, end_date, registration_opens, registration_closes, location, "
	"kecamatan_code, age_min, age_max, min_education, education_rank, domicile_only, updated_at) = "
	"(SELECT " TRAINING_VALUES ", ?3 FROM (SELECT ?2 AS j)) WHERE id = ?1 AND state IN ('draft','open')";
static const char sql_fetch[] =
	"SELECT id, provider_id, provider_kind, state, funding, start_date, end_date, registration_opens, "
	"registration_closes, title, quota, sessions, IFNULL(age_min, -1), IFNULL(age_max, -1), "
	"education_rank, domicile_only FROM training WHERE id = ?";
static const char sql_json[] =
	"SELECT json_object('id', t.id, 'state', t.state, 'provider_kind', t.provider_kind, "
	"'provider_id', t.provider_id, 'provider', IFNULL(t.provider_name, o.legal_name), "
	"'record_ref', t.record_ref, 'title', t.title, 'vocation', t.vocation, "
	"'description', t.description, 'competency_units', json(t.competency_units), "
	"'bnsp_scheme', t.bnsp_scheme, 'kkni_level', t.kkni_level, 'funding', t.funding, 'quota', t.quota, "
	"'places_taken', (SELECT count(*) FROM enrolment e WHERE e.training_id = t.id "
	"AND e.state IN ('accepted','completed','dropped')), "
	"'waitlisted', (SELECT count(*) FROM enrolment e WHERE e.training_id = t.id AND e.state = 'waitlisted'), "
	"'sessions', t.sessions, 'start_date', t.start_date, 'end_date', t.end_date, "
	"'registration_opens', t.registration_opens, 'registration_closes', t.registration_closes, "
	"'location', t.location, 'kecamatan_code', t.kecamatan_code, "
	"'kecamatan', (SELECT name FROM region WHERE code = t.kecamatan_code), 'age_min', t.age_min, "
	"'age_max', t.age_max, 'min_education', t.min_education, 'domicile_only', json(CASE t.domicile_only "
	"WHEN 1 THEN 'true' ELSE 'false' END)) FROM training t LEFT JOIN organisation o ON o.account_id = t.provider_id "
	"AND t.provider_kind = 'lpk' WHERE t.id = ?";
static const char sql_set_state[] = "UPDATE training SET state = ?3, updated_at = ?4 WHERE id = ?1 AND state = ?2";
static const char sql_places[] =
	"SELECT count(*) FROM enrolment WHERE training_id = ? AND state IN ('accepted','completed','dropped')";

static const char sql_enrolment_insert[] =
	"INSERT INTO enrolment(training_id, seeker_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)";
static const char sql_enrolment_fetch[] =
	"SELECT e.id, e.training_id, e.seeker_id, IFNULL(s.account_id, 0), e.state, IFNULL(e.result, ''), "
	"(SELECT count(*) FROM attendance a WHERE a.enrolment_id = e.id AND a.present = 1) "
	"FROM enrolment e JOIN seeker s ON s.id = e.seeker_id WHERE e.id = ?";
static const char sql_enrolment_set[] =
	"UPDATE enrolment SET state = ?3, note = IFNULL(?4, note), decided_by = ?5, updated_at = ?6, "
	"waitlisted_at = CASE WHEN ?3 = 'waitlisted' THEN ?6 ELSE waitlisted_at END "
	"WHERE id = ?1 AND state = ?2";
static const char sql_enrolment_result[] =
	"UPDATE enrolment SET state = ?2, result = ?3, updated_at = ?4 WHERE id = ?1 "
	"AND state IN ('accepted','completed','dropped')";
static const char sql_enrolment_json[] =
	"SELECT json_object('id', e.id, 'state', e.state, 'result', e.result, 'note', e.note, "
	"'attended', (SELECT count(*) FROM attendance a WHERE a.enrolment_id = e.id AND a.present = 1), "
	"'training', json_object('id', t.id, 'title', t.title, 'vocation', t.vocation, 'state', t.state, "
	"'start_date', t.start_date, 'end_date', t.end_date, 'sessions', t.sessions, 'location', t.location, "
	"'provider', IFNULL(t.provider_name, o.legal_name)), "
	"'certificates', (SELECT json_group_array(json_object('number', c.number, 'kind', c.kind, "
	"'scheme', c.scheme, 'lsp', c.lsp, 'issued_on', c.issued_on, 'expires_on', c.expires_on)) "
	"FROM certificate c WHERE c.enrolment_id = e.id), "
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', e.created_at, 'unixepoch'), "
	"'updated_at', strftime('%Y-%m-%dT%H:%M:%SZ', e.updated_at, 'unixepoch')) "
	"FROM enrolment e JOIN training t ON t.id = e.training_id "
	"LEFT JOIN organisation o ON o.account_id = t.provider_id AND t.provider_kind = 'lpk' WHERE e.id = ?";
static const char sql_next_waitlisted[] =
	"SELECT id FROM enrolment WHERE training_id = ? AND state = 'waitlisted' ORDER BY waitlisted_at, id LIMIT 1";
static const char sql_attendance[] =
	"INSERT INTO attendance(enrolment_id, session, present, recorded_by, recorded_at) VALUES (?1,?2,?3,?4,?5) "
	"ON CONFLICT(enrolment_id, session) DO UPDATE SET present = excluded.present, "
	"recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at";
static const char sql_seeker_facts[] = "SELECT birth_date, education_rank, kecamatan_code FROM seeker WHERE id = ?";

int training_fetch(struct dbconn *db, int64_t id, struct training_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->provider_id = sqlite3_column_int64(st, 1);
		store_copy_text(out->provider_kind, sizeof out->provider_kind, st, 2);
		store_copy_text(out->state, sizeof out->state, st, 3);
		store_copy_text(out->funding, sizeof out->funding, st, 4);
		store_copy_text(out->start_date, sizeof out->start_date, st, 5);
		store_copy_text(out->end_date, sizeof out->end_date, st, 6);
		store_copy_text(out->registration_opens, sizeof out->registration_opens, st, 7);
		store_copy_text(out->registration_closes, sizeof out->registration_closes, st, 8);
		store_copy_text(out->title, sizeof out->title, st, 9);
		out->quota = sqlite3_column_int(st, 10);
		out->sessions = sqlite3_column_int(st, 11);
		out->age_min = sqlite3_column_int(st, 12);
		out->age_max = sqlite3_column_int(st, 13);
		out->education_rank = sqlite3_column_int(st, 14);
		out->domicile_only = sqlite3_column_int(st, 15);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

json_t *training_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_json, id); }
json_t *enrolment_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_enrolment_json, id); }

int training_insert(struct dbconn *db, int64_t provider_id, const char *provider_kind, const json_t *t, int64_t now,
                    int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st || store_bind_json(st, 2, t) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, provider_id);
	sqlite3_bind_text(st, 3, provider_kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	return store_insert(db, st, id) == 0 ? 0 : -1;
}

enum store_result training_replace(struct dbconn *db, int64_t id, const json_t *t, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_replace);
	if (!st || store_bind_json(st, 2, t) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 3, now);
	return store_change_one(db, st);
}

enum store_result training_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_set_state);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	return store_change_one(db, st);
}

static int count_of(struct dbconn *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

int training_places_taken(struct dbconn *db, int64_t id) { return count_of(db, sql_places, id); }

int enrolment_fetch(struct dbconn *db, int64_t id, struct enrolment_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_enrolment_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->training_id = sqlite3_column_int64(st, 1);
		out->seeker_id = sqlite3_column_int64(st, 2);
		out->account_id = sqlite3_column_int64(st, 3);
		store_copy_text(out->state, sizeof out->state, st, 4);
		store_copy_text(out->result, sizeof out->result, st, 5);
		out->attended = sqlite3_column_int(st, 6);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum store_result enrolment_insert(struct dbconn *db, int64_t training_id, int64_t seeker_id, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_enrolment_insert);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, training_id);
	sqlite3_bind_int64(st, 2, seeker_id);
	sqlite3_bind_int64(st, 3, now);
	return store_insert(db, st, id);
}

/* A walk-in enters as an application taken in at once, so that the quota
 * trigger (on the move to 'accepted') holds for this path too.  Reads the
 * person's enrolment, then writes it: the enrolment row (training, seeker)
 * and the training's places are what concurrent writers must lock. */
static const char sql_enrolment_of[] = "SELECT id, state FROM enrolment WHERE training_id = ?1 AND seeker_id = ?2";
static const char sql_take_in[] =
	"UPDATE enrolment SET state = 'accepted', decided_by = ?2, enrolled_by = ?2, updated_at = ?3 WHERE id = ?1";

int enrolment_take_in(struct dbconn *db, int64_t training_id, int64_t seeker_id, int64_t officer, int room, int64_t now,
                      int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_enrolment_of);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, training_id);
	sqlite3_bind_int64(st, 2, seeker_id);
	int rc = sqlite3_step(st), holds = 0;
	*id = 0;
	if (rc == SQLITE_ROW) {
		const char *state = store_text(st, 1);
		*id = sqlite3_column_int64(st, 0);
		holds = !strcmp(state, "accepted") || !strcmp(state, "completed") || !strcmp(state, "dropped");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (holds)
		return 1;
	if (!room)
		return 2;
	/* Applied, waitlisted, or once rejected, withdrawn or cancelled: the
	 * officer takes them in now. */
	if (!*id && enrolment_insert(db, training_id, seeker_id, now, id) != 0)
		return -1;
	if (!(st = store_stmt(db, sql_take_in)))
		return -1;
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_int64(st, 2, officer);
	sqlite3_bind_int64(st, 3, now);
	return store_step_done(st) < 0 ? -1 : 0;
}

enum store_result enrolment_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, const char *note,
                                      int64_t by, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_enrolment_set);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (note)
		sqlite3_bind_text(st, 4, note, -1, SQLITE_STATIC);
	if (by)
		sqlite3_bind_int64(st, 5, by);
	sqlite3_bind_int64(st, 6, now);
	return store_change_one(db, st);
}

enum store_result enrolment_set_result(struct dbconn *db, int64_t id, const char *state, const char *result,
                                       int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_enrolment_result);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	if (result)
		sqlite3_bind_text(st, 3, result, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	return store_change_one(db, st);
}

int64_t enrolment_next_waitlisted(struct dbconn *db, int64_t training_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_next_waitlisted);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, training_id);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(st);
	return id;
}

int attendance_upsert(struct dbconn *db, int64_t enrolment_id, int session, int present, int64_t by, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_attendance);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, enrolment_id);
	sqlite3_bind_int(st, 2, session);
	sqlite3_bind_int(st, 3, present);
	sqlite3_bind_int64(st, 4, by);
	sqlite3_bind_int64(st, 5, now);
	return store_step_done(st);
}

int training_fits(struct dbconn *db, const struct training_row *t, int64_t seeker_id, const char *office_kabkota,
                  char why[16])
{
	sqlite3_stmt *st = store_stmt(db, sql_seeker_facts);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, seeker_id);
	int rc = sqlite3_step(st), fits = -1;
	struct date birth, start;
	why[0] = '\0';
	if (rc == SQLITE_ROW && date_parse(store_text(st, 0), &birth) == 0 && date_parse(t->start_date, &start) == 0) {
		int age = date_age(birth, start);
		const char *code = store_text(st, 2);
		if (t->age_min >= 0 && age < t->age_min)
			snprintf(why, 16, "too_young");
		else if (t->age_max >= 0 && age > t->age_max)
			snprintf(why, 16, "too_old");
		else if (sqlite3_column_int(st, 1) < t->education_rank)
			snprintf(why, 16, "education");
		else if (t->domicile_only && strncmp(code, office_kabkota, strlen(office_kabkota)) != 0)
			snprintf(why, 16, "domicile");
		fits = why[0] == '\0';
	}
	sqlite3_reset(st);
	return fits;
}

/* ---- lists ---- */

#define PROVIDER_PUBLIC \
	"(t.provider_kind = 'office' OR EXISTS (SELECT 1 FROM account a JOIN organisation o ON " \
	"o.account_id = a.id WHERE a.id = t.provider_id AND a.verification = 'verified' " \
	"AND o.suspended_at IS NULL))"
/* Open for registration today, of a provider that may publish. */
static const char sql_search[] =
	"SELECT t.id FROM training t WHERE t.state = 'open' AND t.registration_closes >= ?1 "
	"AND (?2 = 0 OR t.id < ?2) AND (?4 IS NULL OR t.funding = ?4) AND (?5 IS NULL OR t.vocation = ?5) "
	"AND (?6 IS NULL OR t.kecamatan_code = ?6) AND (?7 IS NULL OR instr(lower(t.title || ' ' || "
	"t.vocation || ' ' || t.description), lower(?7)) > 0) AND " PROVIDER_PUBLIC " ORDER BY t.id DESC LIMIT ?3";
static const char sql_provider[] =
	"SELECT t.id FROM training t WHERE (?1 = 0 OR t.provider_id = ?1) AND (?2 = 0 OR t.id < ?2) "
	"AND (?4 IS NULL OR t.state = ?4) ORDER BY t.id DESC LIMIT ?3";
/* The trainings a person fits and can still register for, soonest
 * closing first; those they already enrolled in are left out. */
static const char sql_fitting[] =
	"SELECT t.id FROM training t JOIN seeker s ON s.id = ?1 WHERE t.state = 'open' "
	"AND t.registration_opens <= ?2 AND t.registration_closes >= ?2 "
	"AND s.education_rank >= t.education_rank "
	"AND (t.age_min IS NULL OR s.birth_date <= date(t.start_date, '-' || t.age_min || ' years')) "
	"AND (t.age_max IS NULL OR s.birth_date > date(t.start_date, '-' || (t.age_max + 1) || ' years')) "
	"AND (t.domicile_only = 0 OR substr(s.kecamatan_code, 1, 5) = ?3) "
	"AND NOT EXISTS (SELECT 1 FROM enrolment e WHERE e.training_id = t.id AND e.seeker_id = s.id) "
	"AND " PROVIDER_PUBLIC " ORDER BY t.registration_closes, t.id LIMIT ?4";

/* Runs a bound statement of ids into an array of each one's JSON. */
static json_t *ids_to_json(struct dbconn *db, sqlite3_stmt *st, json_t *(*json_of_id)(struct dbconn *, int64_t))
{
	int64_t ids[LIST_MAX_LIMIT + 1];
	size_t n = 0;
	int rc;
	while (n < sizeof ids / sizeof ids[0] && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	json_t *items = json_array();
	for (size_t i = 0; items && i < n; i++) {
		json_t *t = json_of_id(db, ids[i]);
		if (!t) {
			json_decref(items);
			return NULL;
		}
		json_array_append_new(items, t);
	}
	return items;
}

static void bind_opt(sqlite3_stmt *st, int slot, const char *v)
{
	if (v)
		sqlite3_bind_text(st, slot, v, -1, SQLITE_STATIC);
}

json_t *training_search_json(struct dbconn *db, const struct training_filter *f, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_search);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, f->today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit + 1);
	bind_opt(st, 4, f->funding);
	bind_opt(st, 5, f->vocation);
	bind_opt(st, 6, f->kecamatan_code);
	bind_opt(st, 7, f->q);
	return ids_to_json(db, st, training_json);
}

json_t *training_provider_json(struct dbconn *db, int64_t provider_id, const char *state, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_provider);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, provider_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit + 1);
	bind_opt(st, 4, state);
	return ids_to_json(db, st, training_json);
}

json_t *training_fitting_json(struct dbconn *db, int64_t seeker_id, const char *today, const char *kabkota_dotted,
                              int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_fitting);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, seeker_id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, kabkota_dotted, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, limit);
	return ids_to_json(db, st, training_json);
}

/* ---- enrolment lists ---- */

/* What the provider sees of a participant: enough to select and to call. */
#define PARTICIPANT_SELECT \
	"SELECT json_object('id', e.id, 'state', e.state, 'result', e.result, 'name', s.full_name, " \
	"'gender', s.gender, 'birth_date', s.birth_date, 'education_level', s.education_level, " \
	"'phone', s.phone, 'kecamatan', (SELECT name FROM region WHERE code = s.kecamatan_code), " \
	"'attended', (SELECT count(*) FROM attendance a WHERE a.enrolment_id = e.id AND a.present = 1), " \
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', e.created_at, 'unixepoch')), s.nik_sealed " \
	"FROM enrolment e JOIN seeker s ON s.id = e.seeker_id "
static const char sql_for_training[] = PARTICIPANT_SELECT
	"WHERE e.training_id = ?1 "
	"AND (?2 = 0 OR e.id < ?2) AND (?4 IS NULL OR e.state = ?4) ORDER BY e.id DESC LIMIT ?3";
static const char sql_participant[] = PARTICIPANT_SELECT "WHERE e.id = ?1";
static const char sql_own_enrolments[] =
	"SELECT id FROM enrolment WHERE seeker_id = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3";
static const char sql_open_enrolments[] =
	"SELECT id FROM enrolment WHERE training_id = ?1 AND state IN (?2, ?3, ?4) ORDER BY id";

int enrolment_each_for_training(struct dbconn *db, int64_t training_id, const char *state, int64_t cursor, int limit,
                                store_row_fn fn, void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_for_training);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, training_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	bind_opt(st, 4, state);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn(store_row_of(st), arg);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

int enrolment_participant(struct dbconn *db, int64_t id, store_row_fn fn, void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_participant);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fn(store_row_of(st), arg);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

json_t *enrolment_own_json(struct dbconn *db, int64_t seeker_id, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_own_enrolments);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, seeker_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit + 1);
	return ids_to_json(db, st, enrolment_json);
}

int64_t *enrolment_ids_in(struct dbconn *db, int64_t training_id, const char *s1, const char *s2, const char *s3,
                          size_t *count)
{
	sqlite3_stmt *st = store_stmt(db, sql_open_enrolments);
	*count = 0;
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, training_id);
	sqlite3_bind_text(st, 2, s1, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s2, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s3, -1, SQLITE_STATIC);
	size_t cap = 16;
	int64_t *ids = malloc(cap * sizeof *ids);
	int rc;
	while (ids && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*count == cap) {
			int64_t *more = realloc(ids, 2 * cap * sizeof *ids);
			if (!more) {
				free(ids);
				ids = NULL;
				break;
			}
			ids = more;
			cap *= 2;
		}
		ids[(*count)++] = sqlite3_column_int64(st, 0);
	}
	if (ids && rc != SQLITE_DONE) {
		free(ids);
		ids = NULL;
	}
	sqlite3_reset(st);
	return ids;
}
