#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "card_store.h"
#include "store_sql.h"

static const char sql_app_create[] =
	"INSERT INTO card_application(seeker_id, kind, replaces_card_id, created_at, updated_at) "
	"VALUES (?1, ?2, NULLIF(?3, 0), ?4, ?4)";
static const char sql_app_get[] =
	"SELECT a.id, a.seeker_id, IFNULL(a.replaces_card_id,0), IFNULL(a.card_id,0), "
	"IFNULL(s.account_id,0), a.kind, a.state, a.submissions, IFNULL(a.submitted_at,0), a.created_at "
	"FROM card_application a JOIN seeker s ON s.id = a.seeker_id WHERE a.id = ?";
static const char sql_app_state[] =
	"UPDATE card_application SET state = ?2, note = ?3, decided_by = NULLIF(?4,0), "
	"decided_at = CASE WHEN ?4 THEN ?6 END, card_id = NULLIF(?5,0), updated_at = ?6 WHERE id = ?1";
static const char sql_app_submit[] =
	"UPDATE card_application SET state = 'submitted', submissions = submissions + 1, "
	"submitted_at = ?2, updated_at = ?2 WHERE id = ?1 AND state IN ('draft','revision_requested')";
#define APP_JSON \
	"json_object('id', a.id, 'kind', a.kind, 'state', a.state, 'replaces_card_id', a.replaces_card_id, " \
	"'submissions', a.submissions, 'resubmitted', json(CASE WHEN a.submissions > 1 THEN 'true' ELSE 'false' END), " \
	"'note', a.note, " \
	"'card_id', a.card_id, " \
	"'submitted_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.submitted_at, 'unixepoch'), " \
	"'decided_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.decided_at, 'unixepoch'), " \
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', a.created_at, 'unixepoch'))"
static const char sql_app_json[] = "SELECT " APP_JSON " FROM card_application a WHERE a.id = ?";
static const char sql_app_own[] = "SELECT json_group_array(json(j)) FROM (SELECT " APP_JSON
				  " AS j FROM card_application a "
				  "WHERE a.seeker_id = ? ORDER BY a.id DESC)";
/* Plain columns, turned into JSON once in C: the queue is the officers'
 * busiest read. */
static const char sql_app_queue[] =
	"SELECT a.id, a.kind, a.state, a.replaces_card_id, a.submissions, a.note, a.submitted_at, "
	"a.created_at, s.full_name, s.kecamatan_code, (SELECT name FROM region WHERE code = s.kecamatan_code), "
	"s.kelurahan_code, s.education_level, s.nik_warnings, s.nik_sealed "
	"FROM card_application a JOIN seeker s ON s.id = a.seeker_id "
	"WHERE a.state = ?1 AND (?2 IS NULL OR s.kecamatan_code = ?2) "
	"AND (a.submitted_at, a.id) > (?3, ?4) ORDER BY a.submitted_at, a.id LIMIT ?5";

static const char sql_next_serial[] = "UPDATE counter SET value = value + 1 WHERE name = 'card_serial' RETURNING value";
static const char sql_card_insert[] =
	"INSERT INTO card(number, number_key, seeker_id, kind, serial, issued_on, valid_until, "
	"officer_id, officer_name, officer_nip, state, ended_on, end_reason, replaces_card_id, "
	"imported, created_at) VALUES (?1, replace(?1, ' ', ''), ?2, ?3, NULLIF(?4, 0), ?5, ?6, "
	"NULLIF(?7, 0), ?8, ?9, ?10, ?11, ?12, NULLIF(?13, 0), ?14, ?15)";
static const char sql_report_insert[] = "INSERT INTO card_report(card_id, seq, due_on) VALUES (?, ?, ?)";
/* The month it leaves the tables in, as the card_out_month trigger would
 * set it (sql/0014: one row rewrite instead of two). */
static const char sql_card_end[] =
	"UPDATE card SET state = ?2, end_reason = ?3, ended_on = ?4, "
	"out_month = max(substr(?4, 1, 7), (SELECT month FROM ipk_open_month)) WHERE id = ?1 AND state = 'active'";
/* A card ends by the earliest of its events by date, whatever the order in
 * which they were recorded: the earliest placement of the card's holder
 * ends it as placed unless it ended earlier (issue 17: a legacy card that
 * had since expired stayed "expired" though its holder was placed inside
 * its validity, and stayed in row 5 of every IPK month).  Its months move
 * with it (a closed month shows the change as a correction). */
static const char sql_card_place_earliest[] =
	"UPDATE card SET state = 'placed', end_reason = 'placed', ended_on = p.first, "
	"out_month = max(substr(p.first, 1, 7), (SELECT month FROM ipk_open_month)) "
	"FROM (SELECT min(start_date) AS first FROM placement WHERE card_id = ?1) p "
	"WHERE card.id = ?1 AND p.first IS NOT NULL AND p.first >= card.issued_on AND (card.state = 'active' "
	"OR (card.state IN ('expired', 'removed', 'placed') AND card.ended_on > p.first))";
/* The placements of a card's holder inside its validity that were recorded
 * before the card (an office entering its registers in any order). */
static const char sql_card_claim_placements[] =
	"UPDATE placement SET seeker_id = c.seeker_id, card_id = c.id FROM card c JOIN seeker s ON s.id = c.seeker_id "
	"WHERE c.id = ?1 AND placement.card_id IS NULL AND (placement.seeker_id = c.seeker_id OR "
	"(placement.seeker_id IS NULL AND placement.person_index = s.nik_index)) "
	"AND placement.start_date >= c.issued_on AND placement.start_date <= IFNULL(c.ended_on, c.valid_until)";
static const char sql_card_active[] = "SELECT id FROM card WHERE seeker_id = ? AND state = 'active'";
static const char sql_card_latest[] =
	"SELECT id FROM card WHERE seeker_id = ? ORDER BY issued_on DESC, id DESC LIMIT 1";
static const char sql_card_json[] =
	"SELECT json_object('id', c.id, 'number', c.number, 'kind', c.kind, 'issued_on', c.issued_on, "
	"'valid_until', c.valid_until, 'state', c.state, 'ended_on', c.ended_on, "
	"'end_reason', c.end_reason, 'replaces_card_id', c.replaces_card_id, "
	"'imported', json(CASE WHEN c.imported THEN 'true' ELSE 'false' END), "
	"'officer_name', c.officer_name, 'officer_nip', c.officer_nip, "
	"'reports', (SELECT json_group_array(json_object('seq', seq, 'due_on', due_on, "
	"'reported_on', reported_on, 'status', status, 'employer', employer, 'position', position, "
	"'start_date', start_date)) FROM (SELECT * FROM card_report WHERE card_id = c.id ORDER BY seq))) "
	"FROM card c WHERE c.id = ?";
static const char sql_card_seeker[] = "SELECT seeker_id, state FROM card WHERE id = ?";
static const char sql_card_verify[] =
	"SELECT c.number, c.state, c.valid_until, s.full_name FROM card c JOIN seeker s ON s.id = c.seeker_id "
	"WHERE c.number_key = ?";
static const char sql_report_due[] =
	"SELECT seq FROM card_report WHERE card_id = ? AND reported_on IS NULL AND due_on <= ? "
	"ORDER BY seq LIMIT 1";
static const char sql_report_fill[] =
	"UPDATE card_report SET reported_on = ?3, status = ?4, employer = ?5, position = ?6, "
	"start_date = ?7 WHERE card_id = ?1 AND seq = ?2";
static const char sql_overdue[] =
	"SELECT json_object('card_id', c.id, 'number', c.number, 'name', s.full_name, "
	"'kecamatan_code', s.kecamatan_code, 'phone', s.phone, 'report', r.seq, 'due_on', r.due_on, "
	"'days_overdue', CAST(julianday(?1) - julianday(r.due_on) AS INTEGER)), s.id, c.id "
	"FROM card c JOIN seeker s ON s.id = c.seeker_id "
	"JOIN card_report r ON r.card_id = c.id AND r.reported_on IS NULL AND r.due_on < ?1 "
	"AND r.seq = (SELECT min(seq) FROM card_report WHERE card_id = c.id AND reported_on IS NULL) "
	"WHERE c.state = 'active' AND c.id > ?2 ORDER BY c.id LIMIT ?3";
static const char sql_expire[] = "UPDATE card SET state = 'expired', end_reason = 'expired', ended_on = valid_until "
				 "WHERE state = 'active' AND valid_until < ?";
static const char sql_remove_unreported[] =
	"UPDATE card SET state = 'removed', end_reason = 'not_reported', ended_on = ?2 "
	"WHERE state = 'active' AND id IN (SELECT card_id FROM card_report "
	"WHERE reported_on IS NULL AND due_on < ?1)";
/* The number as printed or typed: spaces do not count, as in number_key. */
static const char sql_by_number[] = "SELECT seeker_id FROM card WHERE number_key = replace(?, ' ', '')";
static const char sql_print[] =
	"SELECT c.number, s.full_name, s.birth_place, s.birth_date, s.gender, s.marital_status, "
	"s.religion, s.address || IFNULL(' RT ' || s.rt, '') || IFNULL(' RW ' || s.rw, '') || ', ' || "
	"(SELECT name FROM region WHERE code = s.kelurahan_code) || ', ' || "
	"(SELECT name FROM region WHERE code = s.kecamatan_code), s.phone, s.education_level, "
	"IFNULL(s.school, '') || IFNULL(' / ' || s.major, ''), IFNULL(s.graduation_year, ''), "
	"(SELECT group_concat(value, ', ') FROM json_each(s.skills)), c.issued_on, c.valid_until, "
	"IFNULL(c.officer_name, ''), IFNULL(c.officer_nip, ''), s.id, IFNULL(s.account_id, 0), "
	"s.deleted_at IS NOT NULL FROM card c JOIN seeker s ON s.id = c.seeker_id WHERE c.id = ?";
static const char sql_print_reports[] = "SELECT due_on, IFNULL(reported_on, ''), IFNULL(status, '') FROM card_report "
					"WHERE card_id = ? ORDER BY seq";

static void format_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int single_id(struct dbconn *db, const char *sql, int64_t key, int64_t *out)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum store_result card_application_store_create(struct dbconn *db, int64_t seeker_id, const char *kind,
                                                int64_t replaces_card_id, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_app_create);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, seeker_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, replaces_card_id);
	sqlite3_bind_int64(st, 4, now);
	return store_insert(db, st, id);
}

int card_application_store_get(struct dbconn *db, int64_t id, struct card_application_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_app_get);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->id = sqlite3_column_int64(st, 0);
		out->seeker_id = sqlite3_column_int64(st, 1);
		out->replaces_card_id = sqlite3_column_int64(st, 2);
		out->card_id = sqlite3_column_int64(st, 3);
		out->account_id = sqlite3_column_int64(st, 4);
		snprintf(out->kind, sizeof out->kind, "%s", store_text(st, 5));
		snprintf(out->state, sizeof out->state, "%s", store_text(st, 6));
		out->submissions = sqlite3_column_int(st, 7);
		out->submitted_at = sqlite3_column_int64(st, 8);
		out->created_at = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int card_application_store_set_state(struct dbconn *db, int64_t id, const char *state, const char *note,
                                     int64_t officer_id, int64_t card_id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_app_state);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	if (note)
		sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, officer_id);
	sqlite3_bind_int64(st, 5, card_id);
	sqlite3_bind_int64(st, 6, now);
	return store_step_done(st);
}

enum store_result card_application_store_submit(struct dbconn *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_app_submit);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return store_change_one(db, st);
}

json_t *card_application_store_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_app_json, id); }

json_t *card_application_store_list_own(struct dbconn *db, int64_t seeker_id)
{
	return store_json_by_id(db, sql_app_own, seeker_id);
}

static json_t *nullable_int(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, col));
}

int card_application_store_queue(struct dbconn *db, const char *state, const char *kecamatan, int64_t after_time,
                                 int64_t after_id, int limit, void (*fn)(const struct queue_row *row, void *arg),
                                 void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_app_queue);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	if (kecamatan)
		sqlite3_bind_text(st, 2, kecamatan, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, after_time);
	sqlite3_bind_int64(st, 4, after_id);
	sqlite3_bind_int(st, 5, limit);
	int64_t now = (int64_t)time(NULL);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char submitted[32] = "", created[32];
		int64_t submitted_at = sqlite3_column_int64(st, 6), submissions = sqlite3_column_int64(st, 4);
		if (sqlite3_column_type(st, 6) != SQLITE_NULL)
			format_time(submitted_at, submitted);
		format_time(sqlite3_column_int64(st, 7), created);
		json_t *app = json_pack(
			"{s:I, s:s, s:s, s:o, s:I, s:b, s:o, s:s, s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
			"kind", store_text(st, 1), "state", store_text(st, 2), "replaces_card_id", nullable_int(st, 3),
			"submissions", (json_int_t)submissions, "resubmitted", submissions > 1, "note",
			sqlite3_column_type(st, 5) == SQLITE_NULL ? json_null() : json_string(store_text(st, 5)),
			"submitted_at", submitted, "created_at", created);
		struct queue_row row = {
			.item = json_pack("{s:o, s:s, s:s, s:s, s:s, s:s, s:I}", "application", app, "name",
		                          store_text(st, 8), "kecamatan_code", store_text(st, 9), "kecamatan",
		                          store_text(st, 10), "kelurahan_code", store_text(st, 11), "education_level",
		                          store_text(st, 12), "waiting_days",
		                          (json_int_t)((now - submitted_at) / 86400)),
			.nik_warnings = (unsigned)sqlite3_column_int(st, 13),
			.nik_sealed = sqlite3_column_blob(st, 14),
			.nik_sealed_len = (size_t)sqlite3_column_bytes(st, 14),
			.submitted_at = submitted_at,
			.id = sqlite3_column_int64(st, 0),
		};
		if (row.item) {
			fn(&row, arg);
			n++;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

/* Read, then written by card_insert in the same transaction: with
 * concurrent writers the serial (the card table's highest) must be taken
 * under a lock on it, or two cards would get one number (the UNIQUE key on
 * the number refuses the second). */
int64_t card_next_serial(struct dbconn *db)
{
	sqlite3_stmt *st = store_stmt(db, sql_next_serial);
	if (!st)
		return -1;
	int64_t v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

enum store_result card_insert(struct dbconn *db, const char *number, int64_t seeker_id, const char *kind,
                              int64_t serial, struct date issued, struct date valid_until, int64_t officer_id,
                              const char *officer_name, const char *officer_nip, int64_t replaces_card_id, int imported,
                              const char *state, const char *ended_on, const char *end_reason, int64_t now, int64_t *id)
{
	char issued_text[DATE_LEN + 1], valid_text[DATE_LEN + 1];
	date_format(issued, issued_text);
	date_format(valid_until, valid_text);
	sqlite3_stmt *st = store_stmt(db, sql_card_insert);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seeker_id);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, serial);
	sqlite3_bind_text(st, 5, issued_text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, valid_text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, officer_id);
	if (officer_name)
		sqlite3_bind_text(st, 8, officer_name, -1, SQLITE_STATIC);
	if (officer_nip)
		sqlite3_bind_text(st, 9, officer_nip, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, state, -1, SQLITE_STATIC);
	if (ended_on)
		sqlite3_bind_text(st, 11, ended_on, -1, SQLITE_STATIC);
	if (end_reason)
		sqlite3_bind_text(st, 12, end_reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 13, replaces_card_id);
	sqlite3_bind_int(st, 14, imported);
	sqlite3_bind_int64(st, 15, now);
	return store_insert(db, st, id);
}

int card_schedule_reports(struct dbconn *db, int64_t card_id, struct date issued, const char *months,
                          const struct date *not_before)
{
	int seq = 0;
	for (const char *p = months; *p;) {
		int m = atoi(p);
		struct date due_date = date_add_months(issued, m);
		if (m > 0 && (!not_before || date_compare(due_date, *not_before) >= 0)) {
			char due[DATE_LEN + 1];
			date_format(due_date, due);
			sqlite3_stmt *st = store_stmt(db, sql_report_insert);
			if (!st)
				return -1;
			sqlite3_bind_int64(st, 1, card_id);
			sqlite3_bind_int(st, 2, seq + 1);
			sqlite3_bind_text(st, 3, due, -1, SQLITE_TRANSIENT);
			if (store_step_done(st) < 0)
				return -1;
		}
		if (m > 0)
			seq++;
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return 0;
}

enum store_result card_end(struct dbconn *db, int64_t card_id, const char *state, const char *reason,
                           const char *ended_on)
{
	sqlite3_stmt *st = store_stmt(db, sql_card_end);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, card_id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ended_on, -1, SQLITE_STATIC);
	return store_change_one(db, st);
}

int card_settle_placements(struct dbconn *db, int64_t card_id, int claim)
{
	sqlite3_stmt *st;
	if (claim) {
		if (!(st = store_stmt(db, sql_card_claim_placements)))
			return -1;
		sqlite3_bind_int64(st, 1, card_id);
		if (store_changes(db, st) < 0)
			return -1;
	}
	if (!(st = store_stmt(db, sql_card_place_earliest)))
		return -1;
	sqlite3_bind_int64(st, 1, card_id);
	return store_changes(db, st);
}

int card_active_of_seeker(struct dbconn *db, int64_t seeker_id, int64_t *card_id)
{
	return single_id(db, sql_card_active, seeker_id, card_id);
}

int card_latest_of_seeker(struct dbconn *db, int64_t seeker_id, int64_t *card_id)
{
	return single_id(db, sql_card_latest, seeker_id, card_id);
}

json_t *card_json(struct dbconn *db, int64_t card_id) { return store_json_by_id(db, sql_card_json, card_id); }

int card_seeker(struct dbconn *db, int64_t card_id, int64_t *seeker_id, char state[16])
{
	sqlite3_stmt *st = store_stmt(db, sql_card_seeker);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, card_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seeker_id = sqlite3_column_int64(st, 0);
		snprintf(state, 16, "%s", store_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int card_verify(struct dbconn *db, const char *number_key, char number[48], char state[16], char valid_until[16],
                char holder[256])
{
	sqlite3_stmt *st = store_stmt(db, sql_card_verify);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, number_key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(number, 48, "%s", store_text(st, 0));
		snprintf(state, 16, "%s", store_text(st, 1));
		snprintf(valid_until, 16, "%s", store_text(st, 2));
		store_copy_text(holder, 256, st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int card_report_due(struct dbconn *db, int64_t card_id, const char *by, int *seq)
{
	sqlite3_stmt *st = store_stmt(db, sql_report_due);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, card_id);
	sqlite3_bind_text(st, 2, by, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int card_report_fill(struct dbconn *db, int64_t card_id, int seq, const char *reported_on, const char *status,
                     const char *employer, const char *position, const char *start_date)
{
	sqlite3_stmt *st = store_stmt(db, sql_report_fill);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, card_id);
	sqlite3_bind_int(st, 2, seq);
	sqlite3_bind_text(st, 3, reported_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	if (employer)
		sqlite3_bind_text(st, 5, employer, -1, SQLITE_STATIC);
	if (position)
		sqlite3_bind_text(st, 6, position, -1, SQLITE_STATIC);
	if (start_date)
		sqlite3_bind_text(st, 7, start_date, -1, SQLITE_STATIC);
	return store_step_done(st);
}

int card_overdue(struct dbconn *db, const char *today, int64_t after_id, int limit,
                 void (*fn)(json_t *row, int64_t seeker_id, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_overdue);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_loads(store_text(st, 0), 0, NULL);
		if (row) {
			json_object_set_new(row, "id", json_integer(sqlite3_column_int64(st, 2)));
			fn(row, sqlite3_column_int64(st, 1), arg);
			n++;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

int card_expire(struct dbconn *db, const char *today)
{
	sqlite3_stmt *st = store_stmt(db, sql_expire);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	return store_changes(db, st);
}

/* Reports due by `until` and not missed by more than CARD_REPORT_EARLY_DAYS
 * (an old register imported today is not a reason to write to everyone). */
static const char sql_remind_reports[] =
	"INSERT INTO notification(account_id, category, title, body, object_type, object_id, created_at) "
	"SELECT s.account_id, 'report', 'Saatnya lapor AK/I', printf('Kartu AK/I Anda wajib dilaporkan paling "
	"lambat %s. Laporkan melalui aplikasi: masih mencari kerja atau sudah bekerja.', r.due_on), 'card', c.id, ?3 "
	"FROM card_report r JOIN card c ON c.id = r.card_id AND c.state = 'active' "
	"JOIN seeker s ON s.id = c.seeker_id JOIN account a ON a.id = s.account_id AND a.status = 'active' "
	"WHERE r.reported_on IS NULL AND r.reminded_at IS NULL AND r.due_on <= ?1 AND r.due_on >= ?2";
static const char sql_reminded[] =
	"UPDATE card_report SET reminded_at = ?3 WHERE reported_on IS NULL AND reminded_at IS NULL "
	"AND due_on <= ?1 AND due_on >= ?2";

int card_remind_reports(struct dbconn *db, const char *until, const char *since, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_remind_reports);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, until, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	int n = store_changes(db, st);
	if (n < 0 || !(st = store_stmt(db, sql_reminded)))
		return -1;
	sqlite3_bind_text(st, 1, until, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return store_changes(db, st) < 0 ? -1 : n;
}

int card_remove_unreported(struct dbconn *db, const char *cutoff, const char *today)
{
	sqlite3_stmt *st = store_stmt(db, sql_remove_unreported);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, cutoff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	return store_changes(db, st);
}

int card_by_number(struct dbconn *db, const char *number, int64_t *seeker_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_by_number);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*seeker_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static const char *label(const char *code)
{
	static const struct {
		const char *code, *text;
	} labels[] = {
		{"M", "Laki-laki"},
		{"F", "Perempuan"},
		{"belum_kawin", "Belum kawin"},
		{"kawin", "Kawin"},
		{"cerai_hidup", "Cerai hidup"},
		{"cerai_mati", "Cerai mati"},
		{"islam", "Islam"},
		{"kristen", "Kristen"},
		{"katolik", "Katolik"},
		{"hindu", "Hindu"},
		{"buddha", "Buddha"},
		{"konghucu", "Konghucu"},
		{"kepercayaan", "Kepercayaan"},
		{"tidak_sekolah", "Tidak/belum tamat SD"},
		{"sd", "SD"},
		{"smp", "SMP"},
		{"sma", "SMA"},
		{"smk", "SMK"},
		{"d1", "D1"},
		{"d2", "D2"},
		{"d3", "D3"},
		{"d4", "D4"},
		{"s1", "S1"},
		{"s2", "S2"},
		{"s3", "S3"},
		{"still_looking", "Belum bekerja"},
		{"placed", "Bekerja"},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].code, code))
			return labels[i].text;
	return code;
}

int card_print_data(struct dbconn *db, int64_t card_id, struct card_print *c, int64_t *seeker_id, int64_t *account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_print);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, card_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(c->number, sizeof c->number, "%s", store_text(st, 0));
		snprintf(c->name, sizeof c->name, "%s", store_text(st, 1));
		snprintf(c->birth, sizeof c->birth, "%s, %s", store_text(st, 2), store_text(st, 3));
		snprintf(c->gender, sizeof c->gender, "%s", label(store_text(st, 4)));
		snprintf(c->marital, sizeof c->marital, "%s", label(store_text(st, 5)));
		snprintf(c->religion, sizeof c->religion, "%s", label(store_text(st, 6)));
		snprintf(c->address, sizeof c->address, "%s", store_text(st, 7));
		snprintf(c->phone, sizeof c->phone, "%s", store_text(st, 8));
		snprintf(c->education, sizeof c->education, "%s", label(store_text(st, 9)));
		snprintf(c->school, sizeof c->school, "%s", store_text(st, 10));
		snprintf(c->graduation_year, sizeof c->graduation_year, "%s", store_text(st, 11));
		snprintf(c->skills, sizeof c->skills, "%s", store_text(st, 12));
		snprintf(c->issued_on, sizeof c->issued_on, "%s", store_text(st, 13));
		snprintf(c->valid_until, sizeof c->valid_until, "%s", store_text(st, 14));
		snprintf(c->officer_name, sizeof c->officer_name, "%s", store_text(st, 15));
		snprintf(c->officer_nip, sizeof c->officer_nip, "%s", store_text(st, 16));
		*seeker_id = sqlite3_column_int64(st, 17);
		*account_id = sqlite3_column_int64(st, 18);
		if (sqlite3_column_int(st, 19))
			rc = SQLITE_DONE + 1; /* the holder asked for deletion */
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : rc == SQLITE_DONE + 1 ? 2 : -1;
	st = store_stmt(db, sql_print_reports);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, card_id);
	c->nreports = 0;
	while (c->nreports < CARD_MAX_REPORTS && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(c->reports[c->nreports].due_on, 16, "%s", store_text(st, 0));
		snprintf(c->reports[c->nreports].reported_on, 16, "%s", store_text(st, 1));
		snprintf(c->reports[c->nreports].status, 32, "%s", label(store_text(st, 2)));
		c->nreports++;
	}
	sqlite3_reset(st);
	return 1;
}

static const char sql_register[] =
	"SELECT json_object('id', c.id, 'number', c.number, 'name', s.full_name, 'gender', s.gender, "
	"'birth_date', s.birth_date, 'education_level', s.education_level, "
	"'kecamatan', (SELECT name FROM region WHERE code = s.kecamatan_code), 'issued_on', c.issued_on, "
	"'valid_until', c.valid_until, 'state', c.state, 'ended_on', c.ended_on, 'end_reason', c.end_reason), "
	"s.nik_sealed FROM card c JOIN seeker s ON s.id = c.seeker_id "
	"WHERE (?2 = 0 OR c.id < ?2) AND (?4 IS NULL OR c.state = ?4) AND (?5 IS NULL OR c.issued_on >= ?5) "
	"AND (?6 IS NULL OR c.issued_on <= ?6) AND (?7 IS NULL OR s.kecamatan_code = ?7) ORDER BY c.id DESC LIMIT ?3";

int card_store_register(struct dbconn *db, const struct card_register_filter *f, int64_t cursor, int limit,
                        store_row_fn fn, void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_register);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	const char *binds[] = {f->state, f->issued_from, f->issued_to, f->kecamatan_code};
	for (int i = 0; i < 4; i++)
		if (binds[i])
			sqlite3_bind_text(st, 4 + i, binds[i], -1, SQLITE_TRANSIENT);
	return store_each_row(st, fn, arg);
}

static const char sql_valid_until[] = "SELECT valid_until FROM card WHERE id = ?";

int card_valid_until(struct dbconn *db, int64_t card_id, char valid_until[16])
{
	sqlite3_stmt *q = store_stmt(db, sql_valid_until);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, card_id);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		store_copy_text(valid_until, 16, q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
