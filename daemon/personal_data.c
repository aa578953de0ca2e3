/* A job seeker's rights under UU 27/2022 (PDP): to download everything the
 * office holds about them (GET /v1/me/data-export), and to be deleted
 * (POST /v1/me/deletion) — anonymised: name, NIK, contact, address, school,
 * documents and e-mails go; what the statistics count (birth date, gender,
 * education, kecamatan/kelurahan, the cards' and placements' dates) stays,
 * so published and future tables keep their numbers. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "audit.h"
#include "body.h"
#include "card_store.h"
#include "crypto.h"
#include "document.h"
#include "http.h"
#include "personal_data.h"
#include "seeker.h"
#include "server.h"
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
static const char sql_placements[] =
	"SELECT json_group_array(json_object('employer', employer_name, 'position', position, 'start_date', start_date, "
	"'channel', channel, 'placement_kind', placement_kind, 'wage', wage)) FROM placement WHERE seeker_id = ?";

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

void personal_data_export(struct req *r)
{
	struct dbconn *db = r->srv->reader;
	struct account_row a;
	int64_t seeker_id = 0;
	if (account_by_id(db, r->who.account_id, &a) != 1 ||
	    seeker_id_of_account(db, r->who.account_id, &seeker_id) < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	char when[24];
	json_t *out = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "exported_at",
	                        iso8601(now_seconds(), when, sizeof when), "office", r->srv->cfg->office_name,
	                        "account", "email", a.email, "name", a.display_name, "created_at",
	                        iso8601(a.created_at, when, sizeof when));
	json_object_set_new(out, "documents", document_list(db, r->who.account_id));
	json_object_set_new(out, "notifications", store_json_by_id(db, sql_notifications, r->who.account_id));
	json_object_set_new(out, "whatsapp_consents", store_json_by_id(db, sql_consents, r->who.account_id));
	json_object_set_new(out, "tracer_surveys", store_json_by_id(db, sql_surveys, r->who.account_id));
	if (seeker_id) {
		char nik[17] = "";
		json_t *profile = seeker_profile(db, seeker_id);
		if (profile && seeker_nik(db, &r->srv->keys, seeker_id, nik) == 0)
			json_object_set_new(profile, "nik", json_string(nik));
		sodium_memzero(nik, sizeof nik);
		json_object_set_new(out, "profile", profile ? profile : json_null());
		json_object_set_new(out, "card_applications", card_application_list_own(db, seeker_id));
		json_object_set_new(out, "cards", store_json_by_id(db, sql_cards, seeker_id));
		json_object_set_new(out, "applications", store_json_by_id(db, sql_applications, seeker_id));
		json_object_set_new(out, "enrolments", store_json_by_id(db, sql_enrolments, seeker_id));
		json_object_set_new(out, "certificates", store_json_by_id(db, sql_certificates, seeker_id));
		json_object_set_new(out, "placements", store_json_by_id(db, sql_placements, seeker_id));
	}
	/* A part that could not be read would make an incomplete export: refuse. */
	const char *key;
	json_t *value;
	json_object_foreach (out, key, value)
		if (!value) {
			json_decref(out);
			req_fail(r, ERR_STORE, NULL);
			return;
		}
	char *text = json_dumps(out, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(out);
	if (!text) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "person.export", "account", r->who.account_id);
	req_reply_file(r, "application/json", text, strlen(text), "data-saya.json");
	sodium_memzero(text, strlen(text));
	free(text);
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
	NULL,
};

struct deletion_state {
	struct account_row account;
	char password[PASSWORD_MAX_BYTES + 1];
	int verified;
	int64_t seeker_id;
};

static void deletion_state_free(void *p)
{
	struct deletion_state *st = p;
	if (st)
		sodium_memzero(st, sizeof *st);
	free(st);
}

static int anonymise_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct deletion_state *st = r->state;
	int64_t now = now_seconds();
	unsigned char sealed[NIK_SEALED_BYTES], index[DIGEST_BYTES];
	randombytes_buf(sealed, sizeof sealed);
	randombytes_buf(index, sizeof index);
	/* The outbox row first: it is found by the e-mail the account still has. */
	static const int order[] = {5, 0, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 1};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		sqlite3_stmt *s = store_stmt(db, sql_anonymise[order[i]]);
		if (!s)
			return WRITE_STORE_ERROR;
		if (st->seeker_id)
			sqlite3_bind_int64(s, 1, st->seeker_id);
		sqlite3_bind_int64(s, 2, st->account.id);
		sqlite3_bind_blob(s, 3, sealed, sizeof sealed, SQLITE_TRANSIENT);
		sqlite3_bind_blob(s, 4, index, sizeof index, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 5, now);
		if (store_changes(db, s) < 0)
			return WRITE_STORE_ERROR;
	}
	return audit_record(db, st->account.id, "person.anonymised", "account", st->account.id, NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void anonymised(struct req *r, int result)
{
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:s}", "status", "anonymised"));
}

static void verify_run(struct req *r)
{
	struct deletion_state *st = r->state;
	st->verified = password_verify(st->account.password_hash, st->password) == 0;
	sodium_memzero(st->password, sizeof st->password);
}

static void verified(struct req *r)
{
	struct deletion_state *st = r->state;
	if (!st->verified) {
		req_fail(r, ERR_PASSWORD_WRONG, "password");
		return;
	}
	req_write(r, anonymise_write, anonymised);
}

static const struct field_spec deletion_fields[] = {
	{"password", FIELD_STRING, 1, PASSWORD_MAX_BYTES},
	{NULL, 0, 0, 0},
};

/* The password again, so that a stolen session cannot erase a person. */
void personal_data_delete(struct req *r)
{
	if (req_body_check(r, deletion_fields) < 0)
		return;
	struct deletion_state *st = req_state_new(r, sizeof(struct deletion_state), deletion_state_free);
	if (!st)
		return;
	int found = account_by_id(r->srv->reader, r->who.account_id, &st->account);
	if (found > 0)
		found = seeker_id_of_account(r->srv->reader, r->who.account_id, &st->seeker_id) < 0 ? -1 : 1;
	if (found <= 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	snprintf(st->password, sizeof st->password, "%s", body_str(r->body, "password"));
	req_pool(r, verify_run, verified);
}
