#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "application.h"
#include "audit.h"
#include "body.h"
#include "card_store.h"
#include "dates.h"
#include "http.h"
#include "list.h"
#include "notification.h"
#include "notification_store.h"
#include "nik.h"
#include "seeker.h"
#include "server.h"
#include "store_sql.h"
#include "validate.h"
#include "vacancy.h"

const char *placement_kind(const char *office_kabkota4, const char *location_kind, const char *location_code)
{
	if (!strcmp(location_kind, "abroad"))
		return "AKAN";
	return location_code && !strncmp(location_code, office_kabkota4, 2) ? "AKL" : "AKAD";
}

static const char sql_insert[] =
	"INSERT INTO application(vacancy_id, seeker_id, cover_note, created_at, updated_at) VALUES (?1,?2,?3,?4,?4)";
static const char sql_get[] =
	"SELECT a.id, a.vacancy_id, a.seeker_id, a.state, v.organisation_id, IFNULL(s.account_id, 0) "
	"FROM application a JOIN vacancy v ON v.id = a.vacancy_id JOIN seeker s ON s.id = a.seeker_id WHERE a.id = ?";
static const char sql_set[] = "UPDATE application SET state = ?3, updated_at = ?4, "
			      "decided_at = CASE WHEN ?3 IN ('accepted','rejected','withdrawn') THEN ?4 END "
			      "WHERE id = ?1 AND state = ?2";
#define APPLICATION_JSON \
	"json_object('id', a.id, 'state', a.state, 'vacancy_id', a.vacancy_id, 'title', v.title, " \
	"'employer', o.legal_name, 'cover_note', a.cover_note, " \
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.created_at, 'unixepoch'), " \
	"'decided_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.decided_at, 'unixepoch'))"
static const char sql_json[] = "SELECT " APPLICATION_JSON " FROM application a JOIN vacancy v ON v.id = a.vacancy_id "
			       "JOIN organisation o ON o.account_id = v.organisation_id WHERE a.id = ?";
static const char sql_own[] = "SELECT " APPLICATION_JSON " FROM application a JOIN vacancy v ON v.id = a.vacancy_id "
			      "JOIN organisation o ON o.account_id = v.organisation_id WHERE a.seeker_id = ?1 "
			      "AND (?2 = 0 OR a.id < ?2) ORDER BY a.id DESC LIMIT ?3";
/* What an employer sees of an applicant: enough to choose and to call. */
static const char sql_for_vacancy[] =
	"SELECT json_object('id', a.id, 'state', a.state, 'cover_note', a.cover_note, 'name', s.full_name, "
	"'gender', s.gender, 'birth_date', s.birth_date, 'education_level', s.education_level, "
	"'school', s.school, 'major', s.major, 'skills', json(s.skills), 'experience', json(s.experience), "
	"'phone', s.phone, 'kecamatan', (SELECT name FROM region WHERE code = s.kecamatan_code), "
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.created_at, 'unixepoch')), s.nik_sealed "
	"FROM application a JOIN seeker s ON s.id = a.seeker_id WHERE a.vacancy_id = ?1 "
	"AND (?2 = 0 OR a.id < ?2) ORDER BY a.id DESC LIMIT ?3";
static const char sql_placement[] =
	"INSERT INTO placement(seeker_id, card_id, reported_by, employer_id, employer_name, employer_type, "
	"position, kbji, kbli, location_kind, location_code, placement_kind, start_date, wage, channel, "
	"application_id, created_at, person_index, employer_key, reporter_role) SELECT s.id, c.id, ?2, o.account_id, "
	"o.legal_name, o.employer_type, v.title, v.kbji, o.kbli, v.location_kind, v.location_code, ?3, ?4, v.wage_min, "
	"'app_vacancy', a.id, ?5, s.nik_index, "
	"employer_key(o.legal_name)"
	", 'company' "
	"FROM application a JOIN vacancy v ON v.id = a.vacancy_id JOIN organisation o ON "
	"o.account_id = v.organisation_id JOIN seeker s ON s.id = a.seeker_id "
	"LEFT JOIN card c ON c.seeker_id = s.id AND c.state = 'active' WHERE a.id = ?1";

struct app_row {
	int64_t id, vacancy_id, seeker_id, organisation_id, account_id;
	char state[16];
};

static int app_get(struct dbconn *db, int64_t id, struct app_row *out)
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

static int app_set(struct dbconn *db, int64_t id, const char *from, const char *to, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_set);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	return store_change_one(db, st);
}

struct app_state {
	int64_t id, seeker_id, vacancy_id;
	struct app_row row;
	struct vacancy_row vacancy;
	char to[16], start_date[DATE_LEN + 1];
	int refusal;
};

static void reply_application(struct req *r, int status, int64_t id)
{
	sqlite3_stmt *st = store_stmt(r->srv->reader, sql_json);
	json_t *a = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			a = json_loads(store_text(st, 0), 0, NULL);
		sqlite3_reset(st);
	}
	if (!a) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, a);
}

static void written(struct req *r, int result, int status)
{
	struct app_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	reply_application(r, status, st->id);
}
static void created(struct req *r, int result) { written(r, result, 201); }
static void changed(struct req *r, int result) { written(r, result, 200); }

/* ---- job seekers ---- */

static const struct field_spec apply_fields[] = {
	{"cover_note", FIELD_STRING, 0, 1000},
	{NULL, 0, 0, 0},
};

static int apply_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct app_state *st = r->state;
	int64_t now = now_seconds();
	sqlite3_stmt *s = store_stmt(db, sql_insert);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, st->vacancy_id);
	sqlite3_bind_int64(s, 2, st->seeker_id);
	const char *note = r->body ? body_str(r->body, "cover_note") : NULL;
	if (note)
		sqlite3_bind_text(s, 3, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	int rc = store_insert(db, s, &st->id);
	if (rc == 1) {
		st->refusal = ERR_ALREADY_APPLIED;
		return WRITE_REFUSED;
	}
	if (rc < 0 || audit_record(db, r->who.account_id, "application.create", "application", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void application_apply(struct req *r)
{
	struct app_state *st = req_state_new(r, sizeof(struct app_state), NULL);
	if (!st || req_body_check(r, apply_fields) < 0)
		return;
	const char *note = body_str(r->body, "cover_note");
	if (note && valid_text(note, 1000) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "cover_note");
		return;
	}
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &st->seeker_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return;
	}
	st->vacancy_id = req_param_id(r, 0);
	found = st->vacancy_id > 0 ? vacancy_fetch(r->srv->reader, st->vacancy_id, &st->vacancy) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	if (strcmp(st->vacancy.state, "published") || strcmp(st->vacancy.valid_until, today) < 0) {
		req_fail(r, ERR_VACANCY_CLOSED, NULL);
		return;
	}
	int64_t card;
	if (r->srv->cfg->card_required_to_apply) {
		found = card_active_of_seeker(r->srv->reader, st->seeker_id, &card);
		if (found <= 0) {
			req_fail(r, found < 0 ? ERR_STORE : ERR_CARD_REQUIRED, NULL);
			return;
		}
	}
	req_write(r, apply_write, created);
}

void application_list_own(struct req *r)
{
	int64_t seeker_id;
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	json_t *items = json_array();
	sqlite3_stmt *st = found > 0 ? store_stmt(r->srv->reader, sql_own) : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, seeker_id);
		sqlite3_bind_int64(st, 2, page.cursor);
		sqlite3_bind_int(st, 3, page.limit + 1);
		while (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(items, json_loads(store_text(st, 0), 0, NULL));
		sqlite3_reset(st);
	} else if (found < 0) {
		json_decref(items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

static int transition_write(struct dbconn *db, void *arg);

void application_withdraw(struct req *r)
{
	struct app_state *st = req_state_new(r, sizeof(struct app_state), NULL);
	if (!st)
		return;
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? app_get(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0 || st->row.account_id != r->who.account_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	snprintf(st->to, sizeof st->to, "withdrawn");
	req_write(r, transition_write, changed);
}

/* ---- employers ---- */

void application_list_for_vacancy(struct req *r)
{
	struct vacancy_row v;
	struct list_page page;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? vacancy_fetch(r->srv->reader, id, &v) : 0;
	if (found <= 0 || (v.organisation_id != r->who.account_id && !(r->who.role & ROLES_STAFF))) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (list_page_parse(r, &page) < 0)
		return;
	sqlite3_stmt *st = store_stmt(r->srv->reader, sql_for_vacancy);
	if (!st) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, page.cursor);
	sqlite3_bind_int(st, 3, page.limit + 1);
	json_t *items = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *row = json_loads(store_text(st, 0), 0, NULL);
		char masked[17];
		nik_masked_of(&r->srv->keys, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1), masked);
		json_object_set_new(row, "nik_masked", json_string(masked));
		json_array_append_new(items, row);
	}
	sqlite3_reset(st);
	if (r->who.role & ROLES_STAFF)
		audit_read(r->srv, r->who.account_id, "application.list_read", "vacancy", id);
	list_reply(r, items, page.limit);
}

static const struct field_spec decide_fields[] = {
	{"state", FIELD_STRING, 1, 16},
	{"start_date", FIELD_STRING, 0, 10},
	{NULL, 0, 0, 0},
};

/* Allowed moves: the employer forward through the stages or to an
 * outcome, the seeker to withdrawn before an outcome. */
static int allowed(const char *from, const char *to)
{
	static const struct {
		const char *from, *to;
	} moves[] = {
		{"applied", "viewed"},    {"applied", "interview"},  {"applied", "accepted"},
		{"applied", "rejected"},  {"viewed", "interview"},   {"viewed", "accepted"},
		{"viewed", "rejected"},   {"interview", "accepted"}, {"interview", "rejected"},
		{"applied", "withdrawn"}, {"viewed", "withdrawn"},   {"interview", "withdrawn"},
	};
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (!strcmp(moves[i].from, from) && !strcmp(moves[i].to, to))
			return 1;
	return 0;
}

static int transition_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct app_state *st = r->state;
	int64_t now = now_seconds();
	struct app_row row;
	if (app_get(db, st->id, &row) != 1)
		return WRITE_STORE_ERROR;
	if (!allowed(row.state, st->to) || app_set(db, st->id, row.state, st->to, now) != 0) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	if (!strcmp(st->to, "accepted")) {
		struct vacancy_row v;
		if (vacancy_fetch(db, row.vacancy_id, &v) != 1)
			return WRITE_STORE_ERROR;
		sqlite3_stmt *p = store_stmt(db, sql_placement);
		int64_t card_id, placement_id;
		int has_card = card_active_of_seeker(db, row.seeker_id, &card_id);
		if (!p || has_card < 0)
			return WRITE_STORE_ERROR;
		sqlite3_bind_int64(p, 1, st->id);
		sqlite3_bind_int64(p, 2, r->who.account_id);
		sqlite3_bind_text(p, 3, placement_kind(r->srv->cfg->kabkota_code, v.location_kind, v.location_code), -1,
		                  SQLITE_STATIC);
		sqlite3_bind_text(p, 4, st->start_date, -1, SQLITE_STATIC);
		sqlite3_bind_int64(p, 5, now);
		/* A placed card holder's card ends as placed, dated by the start.  The
		 * same placement reported already (by a BKK, say) is not stored twice. */
		int rc = store_insert(db, p, &placement_id);
		if (rc < 0 || (has_card && card_end(db, card_id, "placed", "placed", st->start_date) < 0))
			return WRITE_STORE_ERROR;
	}
	if (row.account_id && strcmp(st->to, "withdrawn")) {
		/* In the person's words, not the API's state names. */
		const char *said = !strcmp(st->to, "viewed") ? "sudah dilihat perusahaan"
			: !strcmp(st->to, "interview")       ? "dipanggil wawancara"
			: !strcmp(st->to, "accepted")        ? "diterima"
							     : "belum berhasil (ditolak)";
		char paragraph[300];
		snprintf(paragraph, sizeof paragraph, "Lamaran Anda %s. Lihat rinciannya di aplikasi.", said);
		struct notice n = {"application", "Status lamaran berubah", paragraph, "application", st->id};
		if (notice_send(db, r->srv->cfg, row.account_id, &n, now) < 0)
			return WRITE_STORE_ERROR;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "{\"state\":\"%s\"}", st->to);
	return audit_record(db, r->who.account_id, "application.state", "application", st->id, detail, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

void application_decide(struct req *r)
{
	static const char *const states[] = {"viewed", "interview", "accepted", "rejected", NULL};
	struct app_state *st = req_state_new(r, sizeof(struct app_state), NULL);
	if (!st || req_body_check(r, decide_fields) < 0)
		return;
	const char *to = body_str(r->body, "state"), *start = body_str(r->body, "start_date");
	if (!valid_choice(to, states)) {
		req_fail(r, ERR_FIELD_INVALID, "state");
		return;
	}
	struct date today = date_today(r->srv->cfg->utc_offset_minutes), d = today;
	if (start &&
	    (strcmp(to, "accepted") || date_parse(start, &d) < 0 || date_compare(d, date_add_days(today, 90)) > 0 ||
	     date_compare(d, date_add_days(today, -365)) < 0)) {
		req_fail(r, ERR_DATE_INVALID, "start_date");
		return;
	}
	date_format(d, st->start_date);
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? app_get(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0 || st->row.organisation_id != r->who.account_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	snprintf(st->to, sizeof st->to, "%s", to);
	req_write(r, transition_write, changed);
}
