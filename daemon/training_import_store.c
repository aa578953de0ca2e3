/* The rows a training-history import reads and writes (training_import.c):
 * trainings known by their record reference, participants' enrolments and
 * certificates.  The import's write runs alone in the writer (its checks
 * read first), so nothing else changes these rows between its reads and
 * its writes; a store with concurrent writers would lock the references. */
#include <stdio.h>

#include "store_sql.h"
#include "training_import_store.h"

static const char sql_training_by_ref[] =
	"SELECT id, json_object('title', title, 'vocation', vocation, 'provider_name', provider_name, "
	"'funding', funding, 'start_date', start_date, 'end_date', end_date, 'location', NULLIF(location, '')) "
	"FROM training WHERE record_ref = ?";
static const char sql_certificate_owner[] =
	"SELECT c.seeker_id, t.record_ref FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id "
	"JOIN training t ON t.id = e.training_id WHERE c.number = ?";

static const char sql_training_insert[] =
	"INSERT INTO training(provider_id, provider_kind, state, title, vocation, description, funding, quota, "
	"sessions, start_date, end_date, registration_opens, registration_closes, location, provider_name, "
	"record_ref, created_at, updated_at) SELECT ?1, 'office', 'finished', j->>'$.title', j->>'$.vocation', '', "
	"j->>'$.funding', 1, 1, j->>'$.start_date', j->>'$.end_date', j->>'$.start_date', j->>'$.start_date', "
	"IFNULL(j->>'$.location', ''), j->>'$.provider_name', ?3, ?4, ?4 FROM (SELECT ?2 AS j)";
/* The quota of a training from records is the places its records fill. */
static const char sql_training_places[] =
	"UPDATE training SET quota = max(quota, (SELECT count(*) FROM enrolment WHERE training_id = ?1 "
	"AND state IN ('accepted','completed','dropped'))) WHERE id = ?1";
static const char sql_enrolment_insert[] =
	"INSERT INTO enrolment(training_id, seeker_id, state, result, decided_by, created_at, updated_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT(training_id, seeker_id) DO NOTHING";
static const char sql_certificate_insert[] =
	"INSERT INTO certificate(number, kind, seeker_id, enrolment_id, scheme, lsp, issued_on, recorded_by, created_at) "
	"SELECT ?1, ?2, seeker_id, id, ?3, ?4, ?5, ?6, ?7 FROM enrolment WHERE training_id = ?8 AND seeker_id = ?9 "
	"ON CONFLICT(number) DO NOTHING";
int training_store_of_record(struct dbconn *db, const char *ref, int64_t *id, json_t **columns)
{
	sqlite3_stmt *s = store_stmt(db, sql_training_by_ref);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*columns = json_loads(store_text(s, 1), 0, NULL);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? (*columns ? 1 : -1) : rc == SQLITE_DONE ? 0 : -1;
}

int certificate_store_holder(struct dbconn *db, const char *number, int64_t *seeker_id,
                             char record_ref[TRAINING_REF_MAX + 1])
{
	sqlite3_stmt *s = store_stmt(db, sql_certificate_owner);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seeker_id = sqlite3_column_int64(s, 0);
		store_copy_text(record_ref, TRAINING_REF_MAX + 1, s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum store_result training_store_insert_record(struct dbconn *db, int64_t officer, const char *columns_json,
                                               const char *ref, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(db, sql_training_insert);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, officer);
	sqlite3_bind_text(s, 2, columns_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	return store_insert(db, s, id);
}

int enrolment_store_record(struct dbconn *db, int64_t training_id, int64_t seeker_id, const char *completion,
                           const char *result, int64_t officer, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_enrolment_insert);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, training_id);
	sqlite3_bind_int64(s, 2, seeker_id);
	sqlite3_bind_text(s, 3, completion, -1, SQLITE_STATIC);
	if (result)
		sqlite3_bind_text(s, 4, result, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, officer);
	sqlite3_bind_int64(s, 6, now);
	return store_changes(db, s);
}

int certificate_store_record(struct dbconn *db, const struct certificate_record *c, int64_t training_id,
                             int64_t seeker_id, int64_t officer, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_certificate_insert);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, c->number, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->scheme, -1, SQLITE_STATIC);
	if (c->lsp)
		sqlite3_bind_text(s, 4, c->lsp, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->issued_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, officer);
	sqlite3_bind_int64(s, 7, now);
	sqlite3_bind_int64(s, 8, training_id);
	sqlite3_bind_int64(s, 9, seeker_id);
	return store_changes(db, s);
}

int training_store_fill_places(struct dbconn *db, int64_t training_id)
{
	sqlite3_stmt *s = store_stmt(db, sql_training_places);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, training_id);
	return store_step_done(s);
}
