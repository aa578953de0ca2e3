#include <stdio.h>
#include <string.h>

#include "placement_store.h"
#include "store_sql.h"

static const char sql_card_at[] =
	"SELECT id FROM card WHERE seeker_id = ?1 AND issued_on <= ?2 "
	"AND ((state = 'active' AND valid_until >= ?2) OR ended_on >= ?2) ORDER BY issued_on DESC, id DESC LIMIT 1";
static const char sql_person_index[] = "SELECT nik_index FROM seeker WHERE id = ?";
static const char sql_same[] =
	"SELECT id FROM placement WHERE person_index = ?1 AND employer_key = employer_key(?2) AND start_date = ?3";
static const char sql_insert[] =
	"INSERT INTO placement(seeker_id, card_id, reported_by, reporter_role, employer_id, employer_name, "
	"employer_type, position, kbji, kbli, location_kind, location_code, placement_kind, start_date, wage, channel, "
	"created_at, person_index, nik_sealed, employer_key, gender, birth_date, education_level, "
	"ipk_month, ipk_female, ipk_education) VALUES "
	"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,employer_key(?6),?20,?21,?22, "
	/* The month and facts the IPK counts, as the placement_month trigger
	 * would set them (sql/0014: one row rewrite less per placement). */
	"max(substr(?14, 1, 7), (SELECT month FROM ipk_open_month)), "
	"IFNULL((SELECT gender FROM seeker WHERE id = ?1), ?20) = 'F', "
	"IFNULL((SELECT education_level FROM seeker WHERE id = ?1), ?22))";
static const char sql_organisation[] = "SELECT legal_name, employer_type, kbli FROM organisation WHERE account_id = ?";
static const char sql_each[] =
	"SELECT json_object('id', p.id, 'start_date', p.start_date, 'channel', p.channel, "
	"'placement_kind', p.placement_kind, 'employer_id', p.employer_id, 'employer_name', p.employer_name, "
	"'employer_type', p.employer_type, 'position', p.position, 'kbji', p.kbji, 'kbli', p.kbli, "
	"'location_kind', p.location_kind, 'location_code', p.location_code, 'wage', p.wage, "
	"'reporter_role', p.reporter_role, 'card_holder', json(CASE WHEN p.card_id IS NULL THEN 'false' ELSE 'true' END), "
	"'ipk_month', p.ipk_month, 'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', p.created_at, 'unixepoch')), "
	"IFNULL(p.nik_sealed, s.nik_sealed), s.full_name, p.seeker_id FROM placement p "
	"LEFT JOIN seeker s ON s.id = p.seeker_id "
	"WHERE (?1 = 0 OR p.reported_by = ?1) AND (?2 = 0 OR p.id < ?2) AND (?4 IS NULL OR p.ipk_month = ?4) "
	"ORDER BY p.id DESC LIMIT ?3";

int placement_card_at(struct dbconn *db, int64_t seeker_id, const char *start, int64_t *card_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_card_at);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, seeker_id);
	sqlite3_bind_text(st, 2, start, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*card_id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int placement_person_index(struct dbconn *db, int64_t seeker_id, unsigned char out[DIGEST_BYTES])
{
	sqlite3_stmt *st = store_stmt(db, sql_person_index);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, seeker_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == DIGEST_BYTES)
		memcpy(out, sqlite3_column_blob(st, 0), DIGEST_BYTES);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Read before placement_insert in one transaction: a store with concurrent
 * writers locks the person's placements (by person_index) between the two,
 * or the same placement reported twice at once would be stored twice. */
int placement_find_same(struct dbconn *db, const struct placement_in *p, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_same);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, p->person_index, DIGEST_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->employer_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->start_date, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static void text_or_null(sqlite3_stmt *st, int slot, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(st, slot, v, -1, SQLITE_STATIC);
}

enum store_result placement_insert(struct dbconn *db, const struct placement_in *p, int64_t reported_by,
                                   const char *role, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st)
		return -1;
	if (p->seeker_id)
		sqlite3_bind_int64(st, 1, p->seeker_id);
	if (p->card_id)
		sqlite3_bind_int64(st, 2, p->card_id);
	if (reported_by)
		sqlite3_bind_int64(st, 3, reported_by);
	sqlite3_bind_text(st, 4, role, -1, SQLITE_STATIC);
	if (p->employer_id)
		sqlite3_bind_int64(st, 5, p->employer_id);
	sqlite3_bind_text(st, 6, p->employer_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->employer_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, p->position, -1, SQLITE_STATIC);
	text_or_null(st, 9, p->kbji);
	text_or_null(st, 10, p->kbli);
	sqlite3_bind_text(st, 11, p->location_kind, -1, SQLITE_STATIC);
	text_or_null(st, 12, p->location_code);
	sqlite3_bind_text(st, 13, p->placement_kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, p->start_date, -1, SQLITE_STATIC);
	if (p->wage >= 0)
		sqlite3_bind_int64(st, 15, p->wage);
	sqlite3_bind_text(st, 16, p->channel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 17, now);
	sqlite3_bind_blob(st, 18, p->person_index, DIGEST_BYTES, SQLITE_STATIC);
	if (p->has_sealed)
		sqlite3_bind_blob(st, 19, p->nik_sealed, NIK_SEALED_BYTES, SQLITE_STATIC);
	text_or_null(st, 20, p->gender);
	text_or_null(st, 21, p->birth_date);
	text_or_null(st, 22, p->education_level);
	return store_insert(db, st, id);
}

int placement_organisation(struct dbconn *db, int64_t account_id, char name[201], char type[20], char kbli[6])
{
	sqlite3_stmt *st = store_stmt(db, sql_organisation);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(name, 201, "%s", store_text(st, 0));
		snprintf(type, 20, "%s", store_text(st, 1));
		snprintf(kbli, 6, "%s", store_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* An organisation may know a person it had dealings with: an applicant to
 * one of its vacancies, a participant of one of its trainings, a graduate
 * its BKK reported. */
static const char sql_person_known[] =
	"SELECT EXISTS (SELECT 1 FROM application a JOIN vacancy v ON v.id = a.vacancy_id "
	"WHERE a.seeker_id = ?2 AND v.organisation_id = ?1) "
	"OR EXISTS (SELECT 1 FROM enrolment e JOIN training t ON t.id = e.training_id "
	"WHERE e.seeker_id = ?2 AND t.provider_id = ?1 AND t.provider_kind = 'lpk') "
	"OR EXISTS (SELECT 1 FROM bkk_graduate g JOIN seeker s ON s.nik_index = g.nik_index "
	"WHERE s.id = ?2 AND g.organisation_id = ?1)";

int placement_person_known(struct dbconn *db, int64_t organisation, int64_t seeker_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_person_known);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, organisation);
	sqlite3_bind_int64(st, 2, seeker_id);
	int rc = sqlite3_step(st), known = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? known : -1;
}

int placement_each(struct dbconn *db, int64_t reported_by, const char *month, int64_t cursor, int limit,
                   store_row_fn fn, void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_each);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, reported_by);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	text_or_null(st, 4, month);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn(store_row_of(st), arg);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}
