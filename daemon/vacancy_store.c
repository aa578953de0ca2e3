#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defaults.h"
#include "notification.h"
#include "store_sql.h"
#include "text_buffer.h"
#include "vacancy.h"
#include "vacancy_store.h"

/* Columns written from a checked vacancy, bound ?2 … ?23. */
static const char *const columns[] = {
	"title",         "kbji",
	"description",   "needed_men",
	"needed_women",  "needed_either",
	"valid_until",   "age_min",
	"age_max",       "gender",
	"min_education", "education_rank",
	"skills",        "experience_years",
	"wage_min",      "wage_max",
	"location_kind", "location_code",
	"kabkota_code",  "employment_type",
	"work_setup",    "disability_friendly",
	"contact",       NULL,
};
#define COLUMNS \
	"title, kbji, description, needed_men, needed_women, needed_either, valid_until, age_min, " \
	"age_max, gender, min_education, education_rank, skills, experience_years, wage_min, wage_max, " \
	"location_kind, location_code, kabkota_code, employment_type, work_setup, disability_friendly, contact"

static const char sql_insert[] =
	"INSERT INTO vacancy(organisation_id, " COLUMNS ", created_at, updated_at) VALUES "
	"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?25)";
static const char sql_replace[] =
	"UPDATE vacancy SET title=?2, kbji=?3, description=?4, needed_men=?5, needed_women=?6, "
	"needed_either=?7, valid_until=?8, age_min=?9, age_max=?10, gender=?11, min_education=?12, "
	"education_rank=?13, skills=?14, experience_years=?15, wage_min=?16, wage_max=?17, "
	"location_kind=?18, location_code=?19, kabkota_code=?20, employment_type=?21, work_setup=?22, "
	"disability_friendly=?23, contact=?24, updated_at=?25, scam_flags='[]' "
	"WHERE id = ?1 AND state = 'draft'";
static const char sql_fetch[] =
	"SELECT id, organisation_id, IFNULL(published_at,0), state, title, kbji, gender, location_kind, "
	"IFNULL(location_code,''), IFNULL(kabkota_code,''), valid_until, min_education, employment_type, "
	"education_rank, age_min, age_max, wage_min, wage_max FROM vacancy WHERE id = ?";
#define VACANCY_JSON \
	"json_object('id', v.id, 'state', v.state, 'title', v.title, 'kbji', v.kbji, " \
	"'description', v.description, 'needed', json_object('men', v.needed_men, 'women', v.needed_women, " \
	"'either', v.needed_either), 'valid_until', v.valid_until, 'age_min', v.age_min, " \
	"'age_max', v.age_max, 'gender', v.gender, 'min_education', v.min_education, " \
	"'skills', json(v.skills), 'experience_years', v.experience_years, 'wage_min', v.wage_min, " \
	"'wage_max', v.wage_max, 'location_kind', v.location_kind, 'location_code', v.location_code, " \
	"'location', CASE WHEN v.location_kind = 'abroad' THEN v.location_code ELSE " \
	"(SELECT name FROM region WHERE code = v.location_code) END, " \
	"'employment_type', v.employment_type, 'work_setup', v.work_setup, " \
	"'disability_friendly', json(CASE WHEN v.disability_friendly THEN 'true' ELSE 'false' END), " \
	"'contact', v.contact, 'employer', json_object('id', o.account_id, 'name', o.legal_name, " \
	"'employer_type', o.employer_type), 'published_at', " \
	"strftime('%Y-%m-%dT%H:%M:%SZ', v.published_at, 'unixepoch'))"
static const char sql_json[] = "SELECT " VACANCY_JSON
			       ", json(v.scam_flags), v.moderation_note, v.filled_men, v.filled_women, "
			       "v.ended_on, m.notified, m.finished_at IS NOT NULL FROM vacancy v "
			       "JOIN organisation o ON o.account_id = v.organisation_id "
			       "LEFT JOIN vacancy_matching m ON m.vacancy_id = v.id WHERE v.id = ?";
static const char sql_transition[] =
	"UPDATE vacancy SET state = ?3, moderation_note = COALESCE(?4, moderation_note), "
	"moderated_by = COALESCE(NULLIF(?5, 0), moderated_by), "
	"published_at = CASE WHEN ?3 = 'published' THEN ?6 ELSE published_at END, "
	"ended_on = CASE WHEN ?3 IN ('filled','expired','withdrawn') THEN date(?6, 'unixepoch') "
	"ELSE ended_on END, updated_at = ?6 WHERE id = ?1 AND (?2 IS NULL OR state = ?2)";
static const char sql_flags[] = "UPDATE vacancy SET scam_flags = ? WHERE id = ?";
static const char sql_filled[] =
	"UPDATE vacancy SET state = 'filled', filled_men = ?2, filled_women = ?3, ended_on = ?4 "
	"WHERE id = ?1 AND state = 'published'";
static const char sql_index[] =
	"INSERT INTO vacancy_fts(rowid, title, description, skills, employer) "
	"SELECT v.id, v.title, v.description, (SELECT group_concat(value, ' ') FROM json_each(v.skills)), "
	"o.legal_name FROM vacancy v JOIN organisation o ON o.account_id = v.organisation_id WHERE v.id = ?";
static const char sql_unindex[] = "DELETE FROM vacancy_fts WHERE rowid = ?";
static const char sql_list_one[] = "UPDATE vacancy SET organisation_listed = 1 WHERE id = ?";
static const char sql_unindex_org[] =
	"DELETE FROM vacancy_fts WHERE rowid IN (SELECT id FROM vacancy WHERE organisation_id = ?)";
static const char sql_index_org[] =
	"INSERT INTO vacancy_fts(rowid, title, description, skills, employer) "
	"SELECT v.id, v.title, v.description, (SELECT group_concat(value, ' ') FROM json_each(v.skills)), "
	"o.legal_name FROM vacancy v JOIN organisation o ON o.account_id = v.organisation_id "
	"WHERE v.organisation_id = ? AND v.state = 'published'";
static const char sql_listed[] =
	"UPDATE vacancy SET organisation_listed = (SELECT a.verification = 'verified' AND o.suspended_at IS NULL "
	"FROM account a JOIN organisation o ON o.account_id = a.id WHERE a.id = ?1) WHERE organisation_id = ?1";
static const char sql_close_apps[] = "UPDATE application SET state = 'rejected', decided_at = ?2, updated_at = ?2 "
				     "WHERE vacancy_id = ?1 AND state IN ('applied','viewed','interview')";
static const char sql_expire_index[] =
	"DELETE FROM vacancy_fts WHERE rowid IN (SELECT id FROM vacancy WHERE state = 'published' AND valid_until < ?)";
static const char sql_expire_apps[] = "UPDATE application SET state = 'rejected', decided_at = ?2, updated_at = ?2 "
				      "WHERE state IN ('applied','viewed','interview') AND vacancy_id IN "
				      "(SELECT id FROM vacancy WHERE state = 'published' AND valid_until < ?1)";
static const char sql_expire[] = "UPDATE vacancy SET state = 'expired', ended_on = valid_until, updated_at = ?2 "
				 "WHERE state = 'published' AND valid_until < ?1";

/* Public: published, still valid, of a verified organisation that is not
 * suspended (organisation_listed, kept current by vacancy_set_listed). */
#define PUBLIC_WHERE "v.state = 'published' AND v.valid_until >= ?1 AND v.organisation_listed = 1"
#define FILTERS \
	" AND (?2 IS NULL OR v.id IN (SELECT rowid FROM vacancy_fts WHERE vacancy_fts MATCH ?2))" \
	" AND (?3 IS NULL OR v.location_code = ?3) AND (?4 IS NULL OR v.kabkota_code = ?4)" \
	" AND (?5 IS NULL OR substr(v.kbji, 1, length(?5)) = ?5) AND (?6 < 0 OR v.education_rank <= ?6)" \
	" AND (?7 < 0 OR IFNULL(v.wage_max, v.wage_min) >= ?7) AND (?8 IS NULL OR v.employment_type = ?8)" \
	" AND (?9 = 0 OR v.published_at >= ?9) AND (?10 = 0 OR v.disability_friendly = 1)"
#define FROM_PUBLIC \
	" FROM vacancy v JOIN organisation o ON o.account_id = v.organisation_id WHERE " PUBLIC_WHERE FILTERS
static const char sql_find[] =
	"SELECT " VACANCY_JSON ", v.published_at, v.id" FROM_PUBLIC
	" AND (v.published_at, v.id) < (?11, ?12) ORDER BY v.published_at DESC, v.id DESC LIMIT ?13";
/* Facets in one pass over the matches among the most recent
 * FACET_WINDOW published vacancies (a bounded scan at any size). */
static const char sql_facets[] =
	"SELECT IFNULL(v.kabkota_code, 'abroad'), substr(v.kbji, 1, 1), v.min_education, v.employment_type "
	"FROM (SELECT id, state, published_at, valid_until, organisation_listed, kabkota_code, location_code, "
	"kbji, education_rank, min_education, employment_type, wage_min, wage_max, disability_friendly "
	"FROM vacancy WHERE state = 'published' ORDER BY published_at DESC, id DESC LIMIT ?12) v "
	"WHERE " PUBLIC_WHERE FILTERS " LIMIT ?11";
static const char sql_recent[] =
	"SELECT v.id, v.organisation_id, v.published_at, v.state, v.title, v.kbji, v.gender, v.location_kind, "
	"IFNULL(v.location_code,''), IFNULL(v.kabkota_code,''), v.valid_until, v.min_education, "
	"v.employment_type, v.education_rank, v.age_min, v.age_max, v.wage_min, v.wage_max "
	"FROM vacancy v WHERE " PUBLIC_WHERE " ORDER BY v.published_at DESC, v.id DESC LIMIT ?2";
static void bind_vacancy(sqlite3_stmt *st, const json_t *v)
{
	for (int i = 0; columns[i]; i++) {
		json_t *x = json_object_get(v, columns[i]);
		int slot = 2 + i;
		if (!x || json_is_null(x))
			sqlite3_bind_null(st, slot);
		else if (json_is_integer(x))
			sqlite3_bind_int64(st, slot, json_integer_value(x));
		else if (json_is_boolean(x))
			sqlite3_bind_int(st, slot, json_is_true(x));
		else if (json_is_string(x))
			sqlite3_bind_text(st, slot, json_string_value(x), -1, SQLITE_TRANSIENT);
		else {
			char *text = json_dumps(x, JSON_COMPACT);
			sqlite3_bind_text(st, slot, text ? text : "[]", -1, SQLITE_TRANSIENT);
			free(text);
		}
	}
}

int vacancy_insert(struct dbconn *db, int64_t organisation_id, const json_t *v, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql_insert);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, organisation_id);
	bind_vacancy(st, v);
	sqlite3_bind_int64(st, 25, now);
	return store_insert(db, st, id) == 0 ? 0 : -1;
}

enum store_result vacancy_replace(struct dbconn *db, int64_t id, const json_t *v, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_replace);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_vacancy(st, v);
	sqlite3_bind_int64(st, 25, now);
	return store_change_one(db, st);
}

static void read_row(sqlite3_stmt *st, struct vacancy_row *v)
{
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(st, 0);
	v->organisation_id = sqlite3_column_int64(st, 1);
	v->published_at = sqlite3_column_int64(st, 2);
	store_copy_text(v->state, sizeof v->state, st, 3);
	store_copy_text(v->title, sizeof v->title, st, 4);
	store_copy_text(v->kbji, sizeof v->kbji, st, 5);
	store_copy_text(v->gender, sizeof v->gender, st, 6);
	store_copy_text(v->location_kind, sizeof v->location_kind, st, 7);
	store_copy_text(v->location_code, sizeof v->location_code, st, 8);
	store_copy_text(v->kabkota_code, sizeof v->kabkota_code, st, 9);
	store_copy_text(v->valid_until, sizeof v->valid_until, st, 10);
	store_copy_text(v->min_education, sizeof v->min_education, st, 11);
	store_copy_text(v->employment_type, sizeof v->employment_type, st, 12);
	v->education_rank = sqlite3_column_int(st, 13);
	v->has_age_min = sqlite3_column_type(st, 14) != SQLITE_NULL;
	v->age_min = sqlite3_column_int(st, 14);
	v->has_age_max = sqlite3_column_type(st, 15) != SQLITE_NULL;
	v->age_max = sqlite3_column_int(st, 15);
	v->has_wage_min = sqlite3_column_type(st, 16) != SQLITE_NULL;
	v->wage_min = (long)sqlite3_column_int64(st, 16);
	v->wage_max = (long)sqlite3_column_int64(st, 17);
}

int vacancy_fetch(struct dbconn *db, int64_t id, struct vacancy_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

json_t *vacancy_json(struct dbconn *db, int64_t id)
{
	sqlite3_stmt *st = store_stmt(db, sql_json);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	json_t *v = NULL;
	if (sqlite3_step(st) == SQLITE_ROW && (v = json_loads(store_text(st, 0), 0, NULL))) {
		json_object_set_new(v, "scam_flags", json_loads(store_text(st, 1), 0, NULL));
		json_object_set_new(v, "moderation_note",
		                    sqlite3_column_type(st, 2) == SQLITE_NULL ? json_null()
		                                                              : json_string(store_text(st, 2)));
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			json_object_set_new(v, "filled",
			                    json_pack("{s:i, s:i}", "men", sqlite3_column_int(st, 3), "women",
			                              sqlite3_column_int(st, 4)));
		json_object_set_new(v, "ended_on",
		                    sqlite3_column_type(st, 5) == SQLITE_NULL ? json_null()
		                                                              : json_string(store_text(st, 5)));
		json_object_set_new(v, "disability_friendly",
		                    json_boolean(json_is_true(json_object_get(v, "disability_friendly"))));
		/* Who has been told of it so far (matching.c), once published. */
		json_object_set_new(v, "matching",
		                    sqlite3_column_type(st, 6) == SQLITE_NULL
		                            ? json_null()
		                            : json_pack("{s:i, s:b}", "notified", sqlite3_column_int(st, 6), "done",
		                                        sqlite3_column_int(st, 7)));
	}
	sqlite3_reset(st);
	return v;
}

enum store_result vacancy_transition(struct dbconn *db, int64_t id, const char *from, const char *to, const char *note,
                                     int64_t officer_id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_transition);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (from)
		sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (note)
		sqlite3_bind_text(st, 4, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, officer_id);
	sqlite3_bind_int64(st, 6, now);
	return store_change_one(db, st);
}

int vacancy_set_flags(struct dbconn *db, int64_t id, const json_t *flags)
{
	sqlite3_stmt *st = store_stmt(db, sql_flags);
	char *text = json_dumps(flags, JSON_COMPACT);
	if (!st || !text) {
		free(text);
		return -1;
	}
	sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	free(text);
	return store_step_done(st);
}

enum store_result vacancy_set_filled(struct dbconn *db, int64_t id, int men, int women, const char *today)
{
	sqlite3_stmt *st = store_stmt(db, sql_filled);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, men);
	sqlite3_bind_int(st, 3, women);
	sqlite3_bind_text(st, 4, today, -1, SQLITE_STATIC);
	return store_change_one(db, st);
}

static int by_id(struct dbconn *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_step_done(st);
}

/* Publication: the caller has checked that the organisation is public. */
int vacancy_index(struct dbconn *db, int64_t id)
{
	return by_id(db, sql_list_one, id) < 0 ? -1 : by_id(db, sql_index, id);
}
int vacancy_unindex(struct dbconn *db, int64_t id) { return by_id(db, sql_unindex, id); }

int vacancy_reindex_organisation(struct dbconn *db, int64_t organisation_id, int listed)
{
	if (by_id(db, sql_listed, organisation_id) < 0 || by_id(db, sql_unindex_org, organisation_id) < 0)
		return -1;
	return listed ? by_id(db, sql_index_org, organisation_id) : 0;
}

int vacancy_close_applications(struct dbconn *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_close_apps);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return store_step_done(st);
}

int vacancy_expire(struct dbconn *db, const char *today, int64_t now)
{
	const char *steps[] = {sql_expire_index, sql_expire_apps, sql_expire};
	int expired = 0;
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st = store_stmt(db, steps[i]);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
		if (i > 0)
			sqlite3_bind_int64(st, 2, now);
		if ((expired = store_changes(db, st)) < 0)
			return -1;
	}
	return expired;
}

static void bind_filters(sqlite3_stmt *st, const struct search_filters *f)
{
	sqlite3_bind_text(st, 1, f->today, -1, SQLITE_STATIC);
	const char *texts[] = {f->match, f->kecamatan, f->kabkota, f->kbji};
	for (int i = 0; i < 4; i++)
		if (texts[i])
			sqlite3_bind_text(st, 2 + i, texts[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, f->education_rank);
	sqlite3_bind_int64(st, 7, f->min_wage);
	if (f->employment_type)
		sqlite3_bind_text(st, 8, f->employment_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, f->since);
	sqlite3_bind_int(st, 10, f->disability_friendly);
}

/* A search's item from a row of VACANCY_JSON, published_at and id: its
 * text as SQLite made it (parsing and printing it again cost a search at
 * 200,000 vacancies half its time). */
int search_page_add(struct search_page *page, const char *text, size_t len, int64_t time, int64_t id)
{
	if (page->n >= SEARCH_PAGE_MAX || (page->n && text_append(&page->items, ",") < 0) ||
	    text_append_n(&page->items, text, len) < 0)
		return -1;
	page->ends[page->n] = page->items.len;
	page->times[page->n] = time;
	page->ids[page->n] = id;
	page->n++;
	return 0;
}

static int append_item(sqlite3_stmt *st, struct search_page *page)
{
	const char *text = store_text(st, 0);
	size_t len = strlen(text);
	return len ? search_page_add(page, text, len, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2)) : 0;
}

int vacancy_find(struct dbconn *db, const struct search_filters *f, int64_t after_time, int64_t after_id, int limit,
                 struct search_page *page)
{
	sqlite3_stmt *st = store_stmt(db, sql_find);
	if (!st)
		return -1;
	bind_filters(st, f);
	sqlite3_bind_int64(st, 11, after_time ? after_time : INT64_MAX);
	sqlite3_bind_int64(st, 12, after_id ? after_id : INT64_MAX);
	sqlite3_bind_int(st, 13, limit);
	int rc, failed = 0;
	while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW)
		failed = append_item(st, page) < 0;
	sqlite3_reset(st);
	return !failed && rc == SQLITE_DONE ? page->n : -1;
}

/* ---- the listing for the search index in memory (vacancy_index.c) ---- */

/* ids[0..n) (at most SEARCH_PAGE_MAX) as the JSON array ?1, for json_each. */
static void bind_id_list(sqlite3_stmt *st, const int64_t *ids, int n)
{
	char list[SEARCH_PAGE_MAX * 21 + 2];
	size_t used = 0;
	list[used++] = '[';
	for (int i = 0; i < n && i < SEARCH_PAGE_MAX; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%lld", i ? "," : "", (long long)ids[i]);
	list[used++] = ']';
	sqlite3_bind_text(st, 1, list, (int)used, SQLITE_TRANSIENT);
}

/* One statement for the page (one read lock, one look at the WAL, where a
 * statement per item took 21 of each). */
static const char sql_items[] = "SELECT " VACANCY_JSON ", v.published_at, v.id FROM json_each(?1) j "
				"JOIN vacancy v ON v.id = j.value "
				"JOIN organisation o ON o.account_id = v.organisation_id ORDER BY j.key";

int vacancy_store_items(struct dbconn *db, const int64_t *ids, int n, struct search_page *page)
{
	sqlite3_stmt *st = store_stmt(db, sql_items);
	if (!st)
		return -1;
	bind_id_list(st, ids, n);
	int rc, failed = 0;
	while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW)
		failed = append_item(st, page) < 0;
	sqlite3_reset(st);
	return !failed && rc == SQLITE_DONE ? page->n : -1;
}

/* Every published vacancy, newest first (the listing's order, read from
 * the index vacancy_public), then the full-text index's texts (rowid =
 * vacancy id), both in one read transaction: the two agree. */
static const char sql_listing[] =
	"SELECT id, published_at, valid_until, organisation_listed, kabkota_code, location_code, kbji, "
	"education_rank, min_education, employment_type, IFNULL(wage_max, wage_min), disability_friendly, "
	"title, gender, location_kind, age_min, age_max, organisation_id "
	"FROM vacancy WHERE state = 'published' ORDER BY published_at DESC, id DESC";
static const char sql_listing_texts[] = "SELECT rowid, title, description, skills, employer FROM vacancy_fts";

static const char *text_or_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, col);
}

int vacancy_store_listing(struct dbconn *db, int (*row)(void *arg, const struct listing_row *r),
                          int (*text)(void *arg, int64_t id, const char *const texts[4]), void *arg)
{
	if (sqlite3_exec(db->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	int rc, failed = 0;
	sqlite3_stmt *st = store_stmt(db, sql_listing);
	while (st && !failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct listing_row r = {
			.id = sqlite3_column_int64(st, 0),
			.published_at = sqlite3_column_int64(st, 1),
			.valid_until = store_text(st, 2),
			.listed = sqlite3_column_int(st, 3),
			.kabkota = text_or_null(st, 4),
			.location_code = text_or_null(st, 5),
			.kbji = store_text(st, 6),
			.education_rank = sqlite3_column_int(st, 7),
			.min_education = store_text(st, 8),
			.employment_type = store_text(st, 9),
			.has_wage = sqlite3_column_type(st, 10) != SQLITE_NULL,
			.wage = sqlite3_column_int64(st, 10),
			.disability_friendly = sqlite3_column_int(st, 11),
			.title = store_text(st, 12),
			.gender = store_text(st, 13),
			.location_kind = store_text(st, 14),
			.has_age_min = sqlite3_column_type(st, 15) != SQLITE_NULL,
			.age_min = sqlite3_column_int(st, 15),
			.has_age_max = sqlite3_column_type(st, 16) != SQLITE_NULL,
			.age_max = sqlite3_column_int(st, 16),
			.organisation_id = sqlite3_column_int64(st, 17),
		};
		failed = row(arg, &r) < 0;
	}
	failed |= !st || (!failed && rc != SQLITE_DONE);
	if (st)
		sqlite3_reset(st);
	st = failed ? NULL : store_stmt(db, sql_listing_texts);
	while (st && !failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *texts[4];
		for (int i = 0; i < 4; i++)
			texts[i] = store_text(st, 1 + i);
		failed = text(arg, sqlite3_column_int64(st, 0), texts) < 0;
	}
	failed |= !st || (!failed && rc != SQLITE_DONE);
	if (st)
		sqlite3_reset(st);
	sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
	return failed ? -1 : 0;
}

/* FTS5's own tokenizer (unicode61, remove_diacritics 2: the full-text
 * index's), so that the index in memory folds words as FTS5 does. */
static fts5_api *fts5_of(struct dbconn *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = store_stmt(db, "SELECT fts5(?1)");
	if (!st)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_reset(st);
	return api;
}

struct token_call {
	int (*fn)(void *arg, const char *token, int len);
	void *arg;
};

static int token_seen(void *ctx, int flags, const char *token, int len, int start, int end)
{
	(void)start;
	(void)end;
	struct token_call *c = ctx;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK; /* synonyms: unicode61 makes none */
	return c->fn(c->arg, token, len) < 0 ? SQLITE_NOMEM : SQLITE_OK;
}

struct vacancy_tokenizer {
	fts5_tokenizer methods;
	Fts5Tokenizer *tokenizer;
};

struct vacancy_tokenizer *vacancy_store_tokenizer(struct dbconn *db)
{
	fts5_api *api = fts5_of(db);
	struct vacancy_tokenizer *t = calloc(1, sizeof *t);
	void *user = NULL;
	const char *args[] = {"remove_diacritics", "2"};
	if (!api || !t || api->xFindTokenizer(api, "unicode61", &user, &t->methods) != SQLITE_OK ||
	    t->methods.xCreate(user, args, 2, &t->tokenizer) != SQLITE_OK) {
		free(t);
		return NULL;
	}
	return t;
}

int vacancy_tokenize(struct vacancy_tokenizer *t, const char *text, int len, int query,
                     int (*fn)(void *arg, const char *token, int len), void *arg)
{
	struct token_call call = {fn, arg};
	int flags = query ? FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX : FTS5_TOKENIZE_DOCUMENT;
	return t->methods.xTokenize(t->tokenizer, &call, flags, text, len, token_seen) == SQLITE_OK ? 0 : -1;
}

void vacancy_tokenizer_free(struct vacancy_tokenizer *t)
{
	if (t)
		t->methods.xDelete(t->tokenizer);
	free(t);
}

static void bump(json_t *facet, const char *key)
{
	json_t *n = json_object_get(facet, key);
	json_object_set_new(facet, key, json_integer(n ? json_integer_value(n) + 1 : 1));
}

json_t *vacancy_facets(struct dbconn *db, const struct search_filters *f)
{
	sqlite3_stmt *st = store_stmt(db, sql_facets);
	if (!st)
		return NULL;
	bind_filters(st, f);
	sqlite3_bind_int(st, 11, FACET_SCAN_MAX + 1);
	sqlite3_bind_int(st, 12, FACET_WINDOW);
	static const char *const names[] = {"kabkota", "kbji_major", "min_education", "employment_type"};
	json_t *facets = json_object(), *group[4];
	for (int i = 0; i < 4; i++)
		json_object_set_new(facets, names[i], group[i] = json_object());
	int rc, total = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && total < FACET_SCAN_MAX) {
		for (int i = 0; i < 4; i++)
			bump(group[i], store_text(st, i));
		total++;
	}
	int exact = rc == SQLITE_DONE && total < FACET_WINDOW;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		json_decref(facets);
		return NULL;
	}
	json_object_set_new(facets, "total", json_integer(total));
	json_object_set_new(facets, "exact", json_boolean(exact));
	return facets;
}

int vacancy_recent(struct dbconn *db, const char *today, int limit, void (*fn)(const struct vacancy_row *v, void *arg),
                   void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_recent);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	int rc, n = 0;
	struct vacancy_row v;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &v);
		fn(&v, arg);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

static const char sql_own[] =
	"SELECT id FROM vacancy WHERE organisation_id = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3";
static const char sql_pending[] =
	"SELECT v.id FROM vacancy v WHERE v.state = 'pending' AND v.id > ?2 ORDER BY v.updated_at, v.id LIMIT ?3";

static int ids_of(sqlite3_stmt *st, int64_t key, int64_t cursor, int64_t *ids, int limit)
{
	sqlite3_bind_int64(st, 1, key);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	int n = 0, rc = SQLITE_DONE;
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

int vacancy_store_own_ids(struct dbconn *db, int64_t organisation_id, int64_t cursor, int64_t *ids, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_own);
	return st ? ids_of(st, organisation_id, cursor, ids, limit) : -1;
}

int vacancy_store_pending_ids(struct dbconn *db, int64_t cursor, int64_t *ids, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_pending);
	return st ? ids_of(st, 0, cursor, ids, limit) : -1;
}

/* Open to the public today: published, its organisation listed, not expired. */
static const char sql_public_ids[] =
	"SELECT v.id FROM vacancy v WHERE v.state = 'published' AND v.organisation_listed = 1 AND v.valid_until >= ?1 "
	"AND (?2 = 0 OR v.id < ?2) ORDER BY v.id DESC LIMIT ?3";

int vacancy_store_public_ids(struct dbconn *db, const char *today, int64_t cursor, int64_t *ids, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_public_ids);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	int n = 0, rc = SQLITE_DONE;
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

static const char sql_report[] =
	"INSERT INTO vacancy_report(vacancy_id, reporter_id, reason, note, created_at) VALUES (?,?,?,?,?)";

enum store_result vacancy_store_report(struct dbconn *db, int64_t vacancy_id, int64_t reporter_id, const char *reason,
                                       const char *note, int64_t now)
{
	sqlite3_stmt *s = store_stmt(db, sql_report);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, vacancy_id);
	sqlite3_bind_int64(s, 2, reporter_id);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	if (note)
		sqlite3_bind_text(s, 4, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, now);
	int64_t id;
	return store_insert(db, s, &id);
}

static const char sql_reports[] =
	"SELECT json_object('id', vr.id, 'vacancy_id', vr.vacancy_id, 'title', v.title, 'employer', o.legal_name, "
	"'reason', vr.reason, 'note', vr.note, 'reports_of_vacancy', "
	"(SELECT count(*) FROM vacancy_report x WHERE x.vacancy_id = vr.vacancy_id), 'vacancy_state', v.state, "
	"'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', vr.created_at, 'unixepoch')) "
	"FROM vacancy_report vr JOIN vacancy v ON v.id = vr.vacancy_id JOIN organisation o ON o.account_id = "
	"v.organisation_id WHERE vr.resolved_at IS NULL AND (?1 = 0 OR vr.id < ?1) ORDER BY vr.id DESC LIMIT ?2";

json_t *vacancy_store_reports(struct dbconn *db, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_reports);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, cursor);
	sqlite3_bind_int(st, 2, limit);
	return store_json_rows(st);
}

/* What a vacancy's card in the app shows beside its title, for the few a
 * page lists: one statement for all of them. */
static const char sql_summaries[] =
	"SELECT v.id, json_object('employer', o.legal_name, 'location', CASE v.location_kind WHEN 'abroad' "
	"THEN 'Luar negeri' ELSE COALESCE((SELECT name FROM region WHERE code = v.location_code), "
	"(SELECT name FROM region WHERE code = v.kabkota_code), '') END, 'employment_type', v.employment_type, "
	"'wage_min', v.wage_min, 'wage_max', v.wage_max) FROM vacancy v "
	"JOIN organisation o ON o.account_id = v.organisation_id WHERE v.id IN (SELECT value FROM json_each(?1))";

int vacancy_store_summary_texts(struct dbconn *db, const int64_t *ids, int n, char **texts)
{
	for (int i = 0; i < n; i++)
		texts[i] = NULL;
	sqlite3_stmt *st = store_stmt(db, sql_summaries);
	if (!st)
		return -1;
	bind_id_list(st, ids, n);
	int rc, failed = 0;
	while (!failed && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		for (int i = 0; i < n; i++)
			if (ids[i] == id && !texts[i])
				failed = !(texts[i] = strdup(store_text(st, 1)));
	}
	sqlite3_reset(st);
	if (failed || rc != SQLITE_DONE) {
		for (int i = 0; i < n; i++) {
			free(texts[i]);
			texts[i] = NULL;
		}
		return -1;
	}
	return 0;
}

/* A job seeker (by account) looked at a vacancy; nothing when the account
 * has no job seeker's profile. */
static const char sql_view[] =
	"INSERT INTO vacancy_view (seeker_id, vacancy_id, viewed_at) SELECT s.id, ?2, ?3 FROM seeker s WHERE "
	"s.account_id = ?1 AND EXISTS (SELECT 1 FROM vacancy WHERE id = ?2) ON CONFLICT (seeker_id, vacancy_id) DO "
	"UPDATE SET viewed_at = excluded.viewed_at";

int vacancy_store_viewed(struct dbconn *db, int64_t account_id, int64_t vacancy_id, int64_t at)
{
	sqlite3_stmt *st = store_stmt(db, sql_view);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, vacancy_id);
	sqlite3_bind_int64(st, 3, at);
	return store_step_done(st);
}

static const char sql_view_expire[] = "DELETE FROM vacancy_view WHERE viewed_at < ?";

int vacancy_store_views_expire(struct dbconn *db, int64_t before) { return by_id(db, sql_view_expire, before); }
