/*
 * The vacancy listing in memory (daemon/vacancy_index.c) against the SQL it
 * stands in for (vacancy_find, vacancy_facets): a store with 6,000 vacancies
 * of every kind (states, an unlisted organisation, expired dates, ties in
 * published_at, no wage, abroad, words with capitals and diacritics), then
 * 1,200 random searches, each answered by both: the same ids in the same
 * order, and the same facets.
 */
#include "cmocka_all.h"
#include <stdlib.h>
#include <string.h>

#include "db_fixture.h"
#include "defaults.h"
#include "vacancy_index.h"
#include "vacancy_store.h"

static const char *const vocabulary[] = {"operator", "operasional", "gudang",  "gudangan",  "kasir",   "kasar",
                                         "jahit",    "menjahit",    "shift",   "lembur",    "BPJS",    "pabrik",
                                         "pabrikan", "toko",        "Café",    "kafe",      "barista", "Öko",
                                         "naïve",    "teknisi",     "listrik", "listrikan", "sopir",   "SIM",
                                         "forklift", "K3",          "2024",    "Bandung",   "Cimahi",  "jujur"};
#define NWORDS (int)(sizeof vocabulary / sizeof *vocabulary)
static const char *const places[] = {"32.77.01", "32.77.02", "32.73.01", "32.73", "MY", "31"};
static const char *const kabkotas[] = {"32.77", "32.77", "32.73", "32.73", NULL, NULL};
static const char *const levels[] = {"sd", "smp", "sma", "smk", "d3", "s1"};
static const int ranks[] = {1, 2, 3, 3, 6, 7};
static const char *const types[] = {"permanent", "contract", "daily", "internship", "part_time"};
static const char *const states[] = {"published", "published", "published", "published", "draft", "withdrawn"};

static uint64_t seed = 88172645463325252ull;
static int below(int n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (int)(seed % (uint64_t)n);
}

static void exec(struct dbconn *db, const char *sql)
{
	assert_int_equal(sqlite3_exec(db->db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static void fill(struct dbconn *db)
{
	exec(db, "BEGIN");
	for (int o = 1; o <= 3; o++) {
		char sql[600];
		snprintf(
			sql, sizeof sql,
			"INSERT INTO account(id, role, email, password_hash, display_name, status, verification, "
			"created_at, updated_at) VALUES (%d, 'company', 'o%d@pt.id', 'x', 'PT %d', 'active', '%s', 0, 0);"
			"INSERT INTO organisation(account_id, legal_name, registration_no, employer_type, address, "
			"contact_name, contact_phone, contact_email, updated_at) VALUES (%d, 'PT Maju Jaya %d', '1', "
			"'private_company', 'Jl.', 'HRD', '0', 'o@pt.id', 0)",
			o, o, o, o == 3 ? "pending" : "verified", o, o);
		exec(db, sql);
	}
	sqlite3_stmt *st;
	assert_int_equal(
		sqlite3_prepare_v2(
			db->db,
			"INSERT INTO vacancy(organisation_id, state, title, kbji, description, needed_either, "
			"valid_until, min_education, education_rank, skills, wage_min, wage_max, location_kind, "
			"location_code, kabkota_code, employment_type, disability_friendly, published_at, "
			"gender, age_min, age_max, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, "
			"?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, 0, 0)",
			-1, &st, NULL),
		SQLITE_OK);
	for (int i = 0; i < 6000; i++) {
		char title[64], description[200], skills[80], kbji[8], valid[16];
		snprintf(title, sizeof title, "%s %s", vocabulary[below(NWORDS)], vocabulary[below(NWORDS)]);
		snprintf(description, sizeof description, "Dibutuhkan %s, %s dan %s.", vocabulary[below(NWORDS)],
		         vocabulary[below(NWORDS)], vocabulary[below(NWORDS)]);
		snprintf(skills, sizeof skills, "[\"%s\"]", vocabulary[below(NWORDS)]);
		snprintf(kbji, sizeof kbji, "%d%d%d%d", 1 + below(9), below(3), below(2), below(10));
		snprintf(valid, sizeof valid, "2026-%02d-%02d", 11 + below(2), 1 + below(28));
		int level = below(6), place = below(6), organisation = 1 + below(3);
		const char *state = states[below(6)];
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_int(st, 1, organisation);
		sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, title, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, kbji, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, description, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, below(4) ? "2027-01-15" : valid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, levels[level], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 8, ranks[level]);
		sqlite3_bind_text(st, 9, skills, -1, SQLITE_TRANSIENT);
		if (below(5)) {
			int wage = 2500000 + 250000 * below(12);
			sqlite3_bind_int(st, 10, wage);
			if (below(2))
				sqlite3_bind_int(st, 11, wage + 500000);
		}
		sqlite3_bind_text(st, 12,
		                  place >= 4           ? (place == 4 ? "abroad" : "province")
		                          : place == 3 ? "kabkota"
		                                       : "kecamatan",
		                  -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 13, places[place], -1, SQLITE_STATIC);
		if (kabkotas[place])
			sqlite3_bind_text(st, 14, kabkotas[place], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 15, types[below(5)], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 16, below(8) == 0);
		if (strcmp(state, "draft"))
			sqlite3_bind_int64(st, 17, 1790000000 + below(400) * 3600); /* ties in published_at */
		sqlite3_bind_text(st, 18, below(3) ? "any" : below(2) ? "M" : "F", -1, SQLITE_STATIC);
		if (below(3) == 0)
			sqlite3_bind_int(st, 19, 18 + below(5));
		if (below(3) == 0)
			sqlite3_bind_int(st, 20, 30 + below(20));
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		int64_t id = sqlite3_last_insert_rowid(db->db);
		if (!strcmp(state, "published") && organisation != 3)
			assert_int_equal(vacancy_index(db, id), 0);
	}
	sqlite3_finalize(st);
	exec(db, "COMMIT");
}

static struct dbconn *filled_store(char *path, size_t len)
{
	struct dbconn *db;
	assert_int_equal(fixture_db(&db, path, len), 0);
	fill(db);
	return db;
}

struct folded {
	char text[64];
	int tokens;
};

static int fold(void *arg, const char *token, int len)
{
	struct folded *f = arg;
	f->tokens++;
	snprintf(f->text, sizeof f->text, "%.*s", len, token);
	return 0;
}

static void ids_of_page(const struct search_page *page, int64_t *ids)
{
	for (int i = 0; i < page->n; i++)
		ids[i] = page->ids[i];
}

static void same_answers_as_sql(void **state)
{
	(void)state;
	char path[256];
	struct dbconn *db = filled_store(path, sizeof path);
	struct vacancy_index *x = vacancy_index_build(db);
	assert_non_null(x);
	struct vacancy_tokenizer *tokenizer = vacancy_store_tokenizer(db);
	assert_non_null(tokenizer);
	int nonempty = 0, inexact = 0, paged = 0;
	for (int round = 0; round < 1200; round++) {
		struct folded folded[3];
		const char *words[3];
		char match[256] = "", word[3][64];
		int nwords = below(4);
		for (int w = 0; w < nwords; w++) {
			const char *v = below(10) ? vocabulary[below(NWORDS)] : "zzz";
			size_t len = strlen(v);
			if (len > 3 && below(3) == 0)
				len = 2 + (size_t)below((int)len - 2); /* a prefix */
			snprintf(word[w], sizeof word[w], "%.*s", (int)len, v);
			if (below(4) == 0) /* typed in capitals */
				for (char *c = word[w]; *c; c++)
					if (*c >= 'a' && *c <= 'z')
						*c = (char)(*c - 'a' + 'A');
			folded[w].tokens = 0;
			assert_int_equal(
				vacancy_tokenize(tokenizer, word[w], (int)strlen(word[w]), 1, fold, &folded[w]), 0);
			if (folded[w].tokens != 1) { /* a word cut inside a UTF-8 letter: SQL answers those */
				nwords = w;
				break;
			}
			words[w] = folded[w].text;
			snprintf(match + strlen(match), sizeof match - strlen(match), "%s\"%s\"*", w ? " " : "",
			         word[w]);
		}
		char kbji[8];
		snprintf(kbji, sizeof kbji, "%d%d", 1 + below(9), below(3));
		kbji[1 + below(2)] = '\0';
		struct search_filters f = {
			.match = nwords ? match : NULL,
			.kecamatan = below(5) == 0 ? places[below(6)] : NULL,
			.kabkota = below(6) == 0 ? (below(2) ? "32.77" : "32.73") : NULL,
			.kbji = below(4) == 0 ? kbji : NULL,
			.employment_type = below(4) == 0 ? types[below(5)] : NULL,
			.education_rank = below(4) == 0 ? ranks[below(6)] : -1,
			.min_wage = below(4) == 0 ? 2500000 + 250000 * below(14) : -1,
			.since = below(6) == 0 ? 1790000000 + below(400) * 3600 : 0,
			.disability_friendly = below(10) == 0,
			.today = "2026-12-06",
		};
		struct index_query q = {
			.words = words,
			.nwords = nwords,
			.kecamatan = f.kecamatan,
			.kabkota = f.kabkota,
			.kbji = f.kbji,
			.employment_type = f.employment_type,
			.education_rank = f.education_rank,
			.min_wage = f.min_wage,
			.since = f.since,
			.disability_friendly = f.disability_friendly,
			.today = 20261206,
		};
		int limit = 1 + below(30);
		struct search_page first = {0}, page = {0};
		assert_true(vacancy_find(db, &f, 0, 0, limit, &first) >= 0);
		int64_t after_time = 0, after_id = 0;
		if (first.n && below(2)) { /* the next page, from the SQL page's last item */
			after_time = first.times[first.n - 1];
			after_id = first.ids[first.n - 1];
			paged++;
		}
		assert_true(vacancy_find(db, &f, after_time, after_id, limit, &page) >= 0);
		q.after_time = after_time;
		q.after_id = after_id;
		struct index_search *search = vacancy_index_search(x, &q);
		assert_non_null(search);
		int64_t want[SEARCH_PAGE_MAX], got[SEARCH_PAGE_MAX];
		ids_of_page(&page, want);
		int n = vacancy_index_find(search, got, limit);
		assert_int_equal(n, page.n);
		for (int i = 0; i < n; i++)
			assert_int_equal(got[i], want[i]);
		nonempty += n > 0;
		json_t *sql_facets = vacancy_facets(db, &f),
		       *memory_facets = vacancy_index_facets(search, FACET_WINDOW, FACET_SCAN_MAX);
		assert_non_null(sql_facets);
		assert_non_null(memory_facets);
		if (!json_equal(sql_facets, memory_facets)) {
			char *a = json_dumps(sql_facets, JSON_COMPACT), *b = json_dumps(memory_facets, JSON_COMPACT);
			fail_msg("round %d match=%s: SQL %s, memory %s", round, match, a, b);
		}
		inexact += json_is_false(json_object_get(memory_facets, "exact"));
		json_decref(sql_facets);
		json_decref(memory_facets);
		vacancy_index_search_free(search);
		free(first.items.text);
		free(page.items.text);
	}
	print_message("%d searches with matches, %d next pages, %d inexact facets\n", nonempty, paged, inexact);
	/* The random searches did reach the cases that matter. */
	assert_true(nonempty > 400);
	assert_true(paged > 200);
	assert_true(inexact > 10);
	vacancy_tokenizer_free(tokenizer);
	vacancy_index_free(x);
	store_close(db);
	fixture_remove(path);
}

struct rows {
	struct vacancy_row v[600];
	int n;
};

static void keep_row(const struct vacancy_row *v, void *arg)
{
	struct rows *rows = arg;
	rows->v[rows->n++] = *v;
}

/* The recommendations' rows from memory are vacancy_recent's (but the wage). */
static void recent_rows_as_sql(void **state)
{
	(void)state;
	char path[256];
	struct dbconn *db = filled_store(path, sizeof path);
	struct vacancy_index *x = vacancy_index_build(db);
	assert_non_null(x);
	static struct rows sql, memory;
	const char *days[] = {"2026-11-15", "2026-12-06", "2026-12-27"};
	const int32_t numbers[] = {20261115, 20261206, 20261227};
	for (int d = 0; d < 3; d++) {
		sql.n = memory.n = 0;
		assert_int_equal(vacancy_recent(db, days[d], 500, keep_row, &sql), 500);
		assert_int_equal(vacancy_index_recent(x, numbers[d], 500, keep_row, &memory), 500);
		for (int i = 0; i < 500; i++) {
			const struct vacancy_row *a = &sql.v[i], *b = &memory.v[i];
			assert_int_equal(a->id, b->id);
			assert_int_equal(a->organisation_id, b->organisation_id);
			assert_int_equal(a->published_at, b->published_at);
			assert_string_equal(a->title, b->title);
			assert_string_equal(a->valid_until, b->valid_until);
			assert_string_equal(a->kbji, b->kbji);
			assert_string_equal(a->gender, b->gender);
			assert_string_equal(a->location_kind, b->location_kind);
			assert_string_equal(a->location_code, b->location_code);
			assert_string_equal(a->kabkota_code, b->kabkota_code);
			assert_string_equal(a->min_education, b->min_education);
			assert_string_equal(a->employment_type, b->employment_type);
			assert_int_equal(a->education_rank, b->education_rank);
			assert_int_equal(a->has_age_min, b->has_age_min);
			assert_int_equal(a->age_min, b->age_min);
			assert_int_equal(a->has_age_max, b->has_age_max);
			assert_int_equal(a->age_max, b->age_max);
		}
	}
	vacancy_index_free(x);
	store_close(db);
	fixture_remove(path);
}

/* The page items by id come back in the order asked, as vacancy_find gives them. */
static void items_in_order(void **state)
{
	(void)state;
	char path[256];
	struct dbconn *db = filled_store(path, sizeof path);
	struct search_filters f = {.education_rank = -1, .min_wage = -1, .today = "2026-12-06"};
	struct search_page page = {0}, again = {0};
	assert_int_equal(vacancy_find(db, &f, 0, 0, 25, &page), 25);
	int64_t ids[25];
	for (int i = 0; i < 25; i++)
		ids[i] = page.ids[24 - i];
	assert_int_equal(vacancy_store_items(db, ids, 25, &again), 25);
	for (int i = 0; i < 25; i++) {
		int j = 24 - i; /* the same item on the first page */
		size_t from = j ? page.ends[j - 1] + 1 : 0, len = page.ends[j] - from;
		size_t start = i ? again.ends[i - 1] + 1 : 0;
		assert_int_equal(again.ids[i], ids[i]);
		assert_int_equal(again.ends[i] - start, len);
		assert_memory_equal(again.items.text + start, page.items.text + from, len);
	}
	free(page.items.text);
	free(again.items.text);
	store_close(db);
	fixture_remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_answers_as_sql),
		cmocka_unit_test(items_in_order),
		cmocka_unit_test(recent_rows_as_sql),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
