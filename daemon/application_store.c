/* Applications to vacancies and the placement an acceptance records
 * (application.c). */
#include <stdio.h>

#include "application_store.h"
#include "store_sql.h"

static const char sql_insert[] =
	"INSERT INTO application(vacancy_id, seeker_id, cover_note, created_at, updated_at) VALUES (?1,?2,?3,?4,?4)";
static const char sql_get[] =
	"SELECT a.id, a.vacancy_id, a.seeker_id, a.state, v.organisation_id, IFNULL(s.account_id, 0) "
	"FROM application a JOIN vacancy v ON v.id = a.vacancy_id JOIN seeker s ON s.id = a.seeker_id WHERE a.id = ?";
static const char sql_set[] = "UPDATE application SET state = ?3, updated_at = ?4, "
			      "decided_at = CASE WHEN ?3 IN ('accepted','rejected','withdrawn') THEN ?4 END "
			      "WHERE id = ?1 AND state = ?2";
/* The documents attached to application a, as a JSON array (metadata). */
#define APPLICATION_DOCUMENTS \
	"(SELECT json_group_array(json_object('id', d.id, 'kind', d.kind, 'media_type', d.media_type, " \
	"'bytes', d.bytes)) FROM application_document ad JOIN document d ON d.id = ad.document_id " \
	"WHERE ad.application_id = a.id)"
#define APPLICATION_JSON \
	"json_object('id', a.id, 'state', a.state, 'vacancy_id', a.vacancy_id, 'title', v.title, " \
	"'employer', o.legal_name, 'location', CASE v.location_kind WHEN 'abroad' THEN 'Luar negeri' ELSE " \
	"COALESCE((SELECT name FROM region WHERE code = v.location_code), '') END, " \
	"'wage_min', v.wage_min, 'wage_max', v.wage_max, 'vacancy_state', v.state, " \
	"'cover_note', a.cover_note, 'documents', json(" APPLICATION_DOCUMENTS "), " \
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.created_at, 'unixepoch'), " \
	"'decided_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.decided_at, 'unixepoch'))"
static const char sql_json[] = "SELECT " APPLICATION_JSON " FROM application a JOIN vacancy v ON v.id = a.vacancy_id "
			       "JOIN organisation o ON o.account_id = v.organisation_id WHERE a.id = ?";
static const char sql_own[] = "SELECT " APPLICATION_JSON " FROM application a JOIN vacancy v ON v.id = a.vacancy_id "
			      "JOIN organisation o ON o.account_id = v.organisation_id WHERE a.seeker_id = ?1 "
			      "AND (?2 = 0 OR a.id < ?2) ORDER BY a.id DESC LIMIT ?3";
/* What an employer sees of an applicant: enough to choose and to call
 * (application.c withholds it once the application is closed). */
#define APPLICANT_JSON \
	"json_object('id', a.id, 'vacancy_id', a.vacancy_id, 'state', a.state, 'cover_note', a.cover_note, " \
	"'name', s.full_name, 'gender', s.gender, 'birth_date', s.birth_date, " \
	"'education_level', s.education_level, 'school', s.school, 'major', s.major, " \
	"'skills', json(s.skills), 'experience', json(s.experience), 'phone', s.phone, " \
	"'kecamatan', (SELECT name FROM region WHERE code = s.kecamatan_code), " \
	"'documents', json(" APPLICATION_DOCUMENTS "), " \
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.created_at, 'unixepoch'), " \
	"'decided_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.decided_at, 'unixepoch')), s.nik_sealed"
static const char sql_for_vacancy[] = "SELECT " APPLICANT_JSON
				      " FROM application a JOIN seeker s ON s.id = a.seeker_id "
				      "WHERE a.vacancy_id = ?1 AND (?2 = 0 OR a.id < ?2) ORDER BY a.id DESC LIMIT ?3";
static const char sql_applicant[] = "SELECT " APPLICANT_JSON
				    " FROM application a JOIN seeker s ON s.id = a.seeker_id WHERE a.id = ?1";
/* A document the seeker may attach: their own, and not the KTP (an employer
 * has no need of the NIK it carries). */
static const char sql_attachable[] =
	"SELECT count(*) FROM document WHERE id = ?1 AND account_id = ?2 AND kind <> 'ktp'";
static const char sql_attach[] = "INSERT INTO application_document(application_id, document_id) SELECT ?1, id "
				 "FROM document WHERE id = ?2 AND account_id = ?3 AND kind <> 'ktp'";
static const char sql_attached[] =
	"SELECT count(*) FROM application_document WHERE application_id = ?1 AND document_id = ?2";
static const char sql_placement[] =
	"INSERT INTO placement(seeker_id, card_id, reported_by, employer_id, employer_name, employer_type, "
	"position, kbji, kbli, location_kind, location_code, placement_kind, start_date, wage, channel, "
	"application_id, created_at, person_index, employer_key, reporter_role) SELECT s.id, c.id, ?2, o.account_id, "
	"o.legal_name, o.employer_type, v.title, v.kbji, o.kbli, v.location_kind, v.location_code, ?3, ?4, v.wage_min, "
	"CASE WHEN EXISTS (SELECT 1 FROM job_fair_application ja WHERE ja.application_id = a.id) THEN 'job_fair' "
	"ELSE 'app_vacancy' END, a.id, ?5, s.nik_index, "
	"employer_key(o.legal_name)"
	", 'company' "
	"FROM application a JOIN vacancy v ON v.id = a.vacancy_id JOIN organisation o ON "
	"o.account_id = v.organisation_id JOIN seeker s ON s.id = a.seeker_id "
	"LEFT JOIN card c ON c.seeker_id = s.id AND c.state = 'active' WHERE a.id = ?1";

int application_store_get(struct dbconn *db, int64_t id, struct application_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_get);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->vacancy_id = sqlite3_column_int64(st, 1);
		out->seeker_id = sqlite3_column_int64(st, 2);
		snprintf(out->state, sizeof out->state, "%s", store_text(st, 3));
		out->organisation_id = sqlite3_column_int64(st, 4);
		out->account_id = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum store_result application_store_set_state(struct dbconn *db, int64_t id, const char *from, const char *to,
                                              int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_set);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	return store_change_one(db, st);
}

json_t *application_store_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_json, id); }

enum store_result application_store_insert(struct dbconn *db, int64_t vacancy_id, int64_t seeker_id,
                                           const char *cover_note, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(db, sql_insert);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, vacancy_id);
	sqlite3_bind_int64(s, 2, seeker_id);
	if (cover_note)
		sqlite3_bind_text(s, 3, cover_note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_insert(db, s, id);
}

json_t *application_store_own(struct dbconn *db, int64_t seeker_id, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_own);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, seeker_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	return store_json_rows(st);
}

int application_store_for_vacancy(struct dbconn *db, int64_t vacancy_id, int64_t cursor, int limit, store_row_fn fn,
                                  void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_for_vacancy);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, vacancy_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	return store_each_row(st, fn, arg);
}

int application_store_applicant(struct dbconn *db, int64_t id, store_row_fn fn, void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_applicant);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_each_row(st, fn, arg);
}

static int count_of_pair(struct dbconn *db, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n < 0 ? -1 : n > 0;
}

int application_store_attachable(struct dbconn *db, int64_t account_id, int64_t document_id)
{
	return count_of_pair(db, sql_attachable, document_id, account_id);
}

int application_store_attached(struct dbconn *db, int64_t application_id, int64_t document_id)
{
	return count_of_pair(db, sql_attached, application_id, document_id);
}

enum store_result application_store_attach(struct dbconn *db, int64_t application_id, int64_t document_id,
                                           int64_t account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_attach);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, application_id);
	sqlite3_bind_int64(st, 2, document_id);
	sqlite3_bind_int64(st, 3, account_id);
	return store_change_one(db, st);
}

enum store_result application_store_place(struct dbconn *db, int64_t application_id, int64_t reported_by,
                                          const char *placement_kind, const char *start_date, int64_t now)
{
	sqlite3_stmt *p = store_stmt(db, sql_placement);
	if (!p)
		return STORE_ERROR;
	sqlite3_bind_int64(p, 1, application_id);
	sqlite3_bind_int64(p, 2, reported_by);
	sqlite3_bind_text(p, 3, placement_kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(p, 4, start_date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(p, 5, now);
	int64_t placement_id;
	return store_insert(db, p, &placement_id);
}
