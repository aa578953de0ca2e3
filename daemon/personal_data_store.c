/* What the office holds about a person, as their export reads it, and the
 * statements that anonymise them (personal_data.c says what goes and what
 * stays). */
#include "crypto.h"
#include "personal_data_store.h"
#include "store_sql.h"

static const char sql_cards[] =
	"SELECT json_group_array(json_object('number', c.number, 'kind', c.kind, 'issued_on', c.issued_on, "
	"'valid_until', c.valid_until, 'state', c.state, 'ended_on', c.ended_on, 'end_reason', c.end_reason, "
	"'reports', (SELECT json_group_array(json_object('due_on', p.due_on, 'reported_on', p.reported_on, "
	"'status', p.status, 'employer', p.employer, 'position', p.position, 'start_date', p.start_date)) "
	"FROM card_report p WHERE p.card_id = c.id))) FROM card c WHERE c.seeker_id = ?";
static const char sql_applications[] =
	"SELECT json_group_array(json_object('vacancy', v.title, 'state', a.state, 'cover_note', a.cover_note, "
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.created_at, 'unixepoch'))) "
	"FROM application a JOIN vacancy v ON v.id = a.vacancy_id WHERE a.seeker_id = ?";
static const char sql_enrolments[] =
	"SELECT json_group_array(json_object('training', t.title, 'state', e.state, 'result', e.result, "
	"'start_date', t.start_date, 'end_date', t.end_date)) FROM enrolment e JOIN training t ON t.id = e.training_id "
	"WHERE e.seeker_id = ?";
static const char sql_certificates[] =
	"SELECT json_group_array(json_object('number', number, 'kind', kind, 'scheme', scheme, 'lsp', lsp, "
	"'issued_on', issued_on, 'expires_on', expires_on)) FROM certificate WHERE seeker_id = ?";
static const char sql_courses[] =
	"SELECT json_group_array(json_object('course', c.title, 'started_at', strftime('%Y-%m-%dT%H:%M:%SZ', "
	"cl.started_at, 'unixepoch'), 'completed_at', strftime('%Y-%m-%dT%H:%M:%SZ', cl.completed_at, 'unixepoch'), "
	"'certificate_number', cl.certificate_number, 'lessons', (SELECT json_group_array(json_object('lesson', "
	"l.title, 'position_s', p.position_ms / 1000.0, 'done', json(CASE WHEN p.done_at IS NULL THEN 'false' ELSE "
	"'true' END))) FROM lesson_progress p JOIN course_lesson l ON l.id = p.lesson_id WHERE p.learner_id = cl.id), "
	"'quiz_attempts', (SELECT json_group_array(json_object('module', m.title, 'score_percent', a.score_percent, "
	"'passed', json(CASE a.passed WHEN 1 THEN 'true' ELSE 'false' END), 'at', strftime('%Y-%m-%dT%H:%M:%SZ', "
	"a.created_at, 'unixepoch'))) FROM quiz_attempt a JOIN course_module m ON m.id = a.module_id WHERE "
	"a.learner_id = cl.id))) FROM course_learner cl JOIN course c ON c.id = cl.course_id WHERE cl.seeker_id = ?";
static const char sql_placements[] =
	"SELECT json_group_array(json_object('employer', employer_name, 'position', position, 'start_date', start_date, "
	"'channel', channel, 'placement_kind', placement_kind, 'wage', wage)) FROM placement WHERE seeker_id = ?";
static const char sql_viewed[] =
	"SELECT json_group_array(json_object('vacancy', v.title, 'viewed_at', strftime('%Y-%m-%dT%H:%M:%SZ', "
	"w.viewed_at, 'unixepoch'))) FROM vacancy_view w JOIN vacancy v ON v.id = w.vacancy_id WHERE w.seeker_id = ?";

/* By account: ?1 is the account id. */
static const char sql_notifications[] =
	"SELECT json_group_array(json_object('category', category, 'title', title, 'body', body, 'created_at', "
	"strftime('%Y-%m-%dT%H:%M:%SZ', created_at, 'unixepoch'), 'read', json(CASE WHEN read_at IS NULL THEN 'false' "
	"ELSE 'true' END))) "
	"FROM notification WHERE account_id = ?";
static const char sql_consents[] =
	"SELECT json_group_array(json_object('phone', phone, 'wording', wording, 'given_at', "
	"strftime('%Y-%m-%dT%H:%M:%SZ', given_at, 'unixepoch'), 'withdrawn_at', "
	"strftime('%Y-%m-%dT%H:%M:%SZ', withdrawn_at, 'unixepoch'), 'withdrawn_by', withdrawn_by)) "
	"FROM wa_consent WHERE account_id = ?";
static const char sql_surveys[] =
	"SELECT json_group_array(json_object('wave', wave, 'cohort_date', cohort_date, 'outcome', outcome, "
	"'employer', employer, 'wage_band', wage_band, 'relevance', relevance)) FROM tracer_survey WHERE account_id = ?";

/* Each part under its key; 0, or -1 when one could not be read. */
static int parts(struct dbconn *db, int64_t id, const char *const keys[], const char *const sql[], json_t *out)
{
	int ok = 1;
	for (int i = 0; keys[i]; i++) {
		json_t *part = store_json_by_id(db, sql[i], id);
		ok &= part != NULL;
		json_object_set_new(out, keys[i], part ? part : json_null());
	}
	return ok ? 0 : -1;
}

int personal_data_store_of_account(struct dbconn *db, int64_t account_id, json_t *out)
{
	static const char *const keys[] = {"notifications", "whatsapp_consents", "tracer_surveys", NULL};
	static const char *const sql[] = {sql_notifications, sql_consents, sql_surveys};
	return parts(db, account_id, keys, sql, out);
}

int personal_data_store_of_seeker(struct dbconn *db, int64_t seeker_id, json_t *out)
{
	static const char *const keys[] = {"cards",      "applications",   "enrolments",       "certificates",
	                                   "placements", "online_courses", "vacancies_viewed", NULL};
	static const char *const sql[] = {sql_cards,      sql_applications, sql_enrolments, sql_certificates,
	                                  sql_placements, sql_courses,      sql_viewed};
	return parts(db, seeker_id, keys, sql, out);
}

/* ---- deletion ---- */

static const char *const sql_anonymise[] = {
	/* ?1 seeker, ?2 account, ?3 a random sealed blob, ?4 a random index, ?5 now */
	"UPDATE seeker SET full_name = '(dihapus)', birth_place = '-', address = '-', rt = NULL, rw = NULL, "
	"phone = NULL, school = NULL, major = NULL, skills = '[]', experience = '[]', trainings = '[]', "
	"disability = NULL, nik_sealed = ?3, nik_index = ?4, nik_warnings = 0, notify_vacancies = 0, "
	"account_id = NULL, updated_at = ?5, deleted_at = ?5 WHERE id = ?1",
	"UPDATE account SET email = 'dihapus-' || id || '@invalid', display_name = '(dihapus)', password_hash = '!', "
	"nik_sealed = NULL, nik_index = ?4, status = 'disabled', updated_at = ?5 WHERE id = ?2",
	"DELETE FROM document WHERE account_id = ?2",
	"DELETE FROM session WHERE account_id = ?2",
	"DELETE FROM email_token WHERE account_id = ?2",
	"DELETE FROM outbox WHERE recipient = (SELECT email FROM account WHERE id = ?2)",
	"UPDATE application SET cover_note = NULL WHERE seeker_id = ?1",
	"UPDATE card_report SET employer = NULL, position = NULL WHERE card_id IN (SELECT id FROM card WHERE seeker_id = ?1)",
	/* Still one person in the counts of distinct people placed, no longer anyone. */
	"UPDATE placement SET person_index = ?4, nik_sealed = NULL WHERE seeker_id = ?1",
	"DELETE FROM notification WHERE account_id = ?2",
	"DELETE FROM notification_pref WHERE account_id = ?2",
	"DELETE FROM notification_setting WHERE account_id = ?2",
	/* The consent record stays (what was agreed, when), without the number. */
	"UPDATE wa_consent SET phone = '', withdrawn_at = IFNULL(withdrawn_at, ?5), "
	"withdrawn_by = IFNULL(withdrawn_by, 'deletion') WHERE account_id = ?2",
	"UPDATE wa_message SET phone = '', body = '', updated_at = ?5, "
	"state = CASE state WHEN 'pending' THEN 'skipped' ELSE state END WHERE account_id = ?2",
	/* Survey outcomes keep counting in the cohorts, no longer anyone's. */
	"UPDATE tracer_survey SET account_id = NULL, employer = NULL WHERE account_id = ?2",
	/* What the person gave to claim a record is theirs. */
	"DELETE FROM profile_claim WHERE account_id = ?2",
	/* The phones' tokens, and the pushes waiting for them. */
	"DELETE FROM push_device WHERE account_id = ?2",
	/* What they looked at. */
	"DELETE FROM vacancy_view WHERE seeker_id = ?1",
	NULL,
};

int personal_data_store_anonymise(struct dbconn *db, int64_t seeker_id, int64_t account_id,
                                  const unsigned char sealed[NIK_SEALED_BYTES], const unsigned char index[DIGEST_BYTES],
                                  int64_t now)
{
	/* The outbox row first: it is found by the e-mail the account still has. */
	static const int order[] = {5, 0, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 1};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		sqlite3_stmt *s = store_stmt(db, sql_anonymise[order[i]]);
		if (!s)
			return -1;
		if (seeker_id)
			sqlite3_bind_int64(s, 1, seeker_id);
		sqlite3_bind_int64(s, 2, account_id);
		sqlite3_bind_blob(s, 3, sealed, NIK_SEALED_BYTES, SQLITE_TRANSIENT);
		sqlite3_bind_blob(s, 4, index, DIGEST_BYTES, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 5, now);
		if (store_changes(db, s) < 0)
			return -1;
	}
	return 0;
}
