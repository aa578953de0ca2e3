/*
 * What people do with the generated register: applications to the
 * published vacancies, and the signed-in job seekers the load scenarios act
 * as (sessions made the way the daemon makes them, their tokens written to
 * files the wrk scripts read).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account_store.h"
#include "card_store.h"
#include "document.h"
#include "document_store.h"
#include "gen.h"

/* Applications over the last 60 days, as a company's inbox shows them: most
 * still open or turned down, some withdrawn, a few accepted.  A person with
 * an active card is not accepted here: accepting places them, which would
 * close that card (the scenarios need those cards active). */
int add_applications(struct dbconn *db, const struct account_holder *holders, long n_holders, long count,
                     struct date today, long *placed)
{
	static const char range_sql[] = "SELECT min(id), max(id) FROM vacancy WHERE state = 'published'";
	static const char insert_sql[] =
		"INSERT OR IGNORE INTO application(vacancy_id, seeker_id, state, created_at, updated_at, decided_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	static const char link_sql[] = "UPDATE placement SET application_id = ?1 WHERE id = ?2";
	static const struct {
		const char *state;
		int weight, decided;
	} states[] = {{"applied", 35, 0},  {"viewed", 20, 0},   {"interview", 10, 0},
	              {"rejected", 25, 1}, {"withdrawn", 8, 1}, {"accepted", 2, 1}};
	*placed = 0;
	sqlite3_stmt *st = store_stmt(db, range_sql);
	if (!st)
		return -1;
	int64_t first = 0, last = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		first = sqlite3_column_int64(st, 0);
		last = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (!first || !n_holders || count <= 0)
		return 0;
	int64_t now = (int64_t)time(NULL);
	long made = 0, tries = 0;
	/* A pair drawn twice is ignored (one application per person and
	 * vacancy); draw until count are made, or give up on a tiny register. */
	while (made < count && tries++ < 4 * count) {
		const struct account_holder *h = &holders[rnd() % (uint64_t)n_holders];
		int64_t vacancy = first + (int64_t)(rnd() % (uint64_t)(last - first + 1));
		int x = below(100);
		size_t s = 0;
		while (s + 1 < sizeof states / sizeof states[0] && (x -= states[s].weight) >= 0)
			s++;
		const char *state = states[s].state;
		if (!strcmp(state, "accepted") && h->active_card)
			state = "rejected";
		int days_ago = below(60), decided_after = below(15);
		if (decided_after > days_ago)
			decided_after = days_ago;
		int64_t created = now - (int64_t)days_ago * 86400 - below(86400);
		int64_t decided = created + (int64_t)decided_after * 86400;
		if (!(st = store_stmt(db, insert_sql)))
			return -1;
		sqlite3_bind_int64(st, 1, vacancy);
		sqlite3_bind_int64(st, 2, h->seeker_id);
		sqlite3_bind_text(st, 3, state, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, created);
		sqlite3_bind_int64(st, 5, states[s].decided ? decided : created);
		if (states[s].decided)
			sqlite3_bind_int64(st, 6, decided);
		else
			sqlite3_bind_null(st, 6);
		int64_t application_id;
		if (store_insert(db, st, &application_id) != 0)
			return -1;
		if (sqlite3_changes(db->db) == 0)
			continue;
		made++;
		progress("applications", made, count);
		if (strcmp(state, "accepted"))
			continue;
		/* Accepting an application records the placement (channel: the
		 * app's own vacancies), starting a week or so after the decision. */
		struct date begins = date_add_days(today, decided_after - days_ago + 7);
		char start[DATE_LEN + 1];
		date_format(date_compare(begins, today) > 0 ? today : begins, start);
		int64_t placement_id;
		if (add_placement(db, h->seeker_id, 0, h->index, start, (int)(made % 1000), "app_vacancy",
		                  &placement_id) < 0 ||
		    !(st = store_stmt(db, link_sql)))
			return -1;
		sqlite3_bind_int64(st, 1, application_id);
		sqlite3_bind_int64(st, 2, placement_id);
		if (store_step_done(st) < 0)
			return -1;
		(*placed)++;
	}
	if (made < count)
		progress("applications", count, count); /* end the bar's line */
	return 0;
}

/* A session for account_id, its token written to f (followed by suffix). */
static int add_session(struct dbconn *db, const struct keys *keys, int64_t account_id, int ttl_s, FILE *f,
                       const char *suffix)
{
	unsigned char raw[TOKEN_BYTES], digest[DIGEST_BYTES];
	char text[TOKEN_TEXT_LEN + 1];
	token_generate(raw, text);
	token_digest(keys, raw, digest);
	int64_t now = (int64_t)time(NULL);
	if (session_insert(db, digest, account_id, now, now + ttl_s) < 0)
		return -1;
	fprintf(f, "%s%s\n", text, suffix);
	return 0;
}

/* The three documents a card application needs, as small stand-ins (the
 * scenarios measure the application, not an upload). */
static int add_documents(struct dbconn *db, int64_t account_id)
{
	static const unsigned char content[64] = {0xff, 0xd8, 0xff, 0xe0};
	static const unsigned char sha256[32] = {1};
	static const char *const kinds[] = {"photo", "ktp", "diploma"};
	int64_t now = (int64_t)time(NULL), id;
	for (size_t k = 0; k < 3; k++)
		if (document_insert(db, account_id, kinds[k], "image/jpeg", content, sizeof content, 400, 600, sha256,
		                    now, &id) < 0)
			return -1;
	return 0;
}

static FILE *open_in(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "gen: %s: cannot write\n", path);
	return f;
}

int add_bench_sessions(struct dbconn *db, const struct keys *keys, const char *dir,
                       const struct account_holder *holders, long n_holders, long first, long applicants,
                       struct date today, int ttl_s)
{
	FILE *readers = open_in(dir, "bench-readers.txt"), *apply = open_in(dir, "bench-apply.txt");
	FILE *submit = open_in(dir, "bench-submit.txt");
	int rc = readers && apply && submit ? 0 : -1;
	long written = 0;
	for (long i = 0; rc == 0 && i < n_holders && written < 5000; i++)
		if (holders[i].active_card) {
			rc = add_session(db, keys, holders[i].account_id, ttl_s, readers, "");
			written++;
		}
	for (long i = 0; rc == 0 && i < applicants; i++) {
		progress("applicants", i + 1, applicants);
		struct person p;
		int64_t account_id, application_id;
		int made = add_person(db, keys, first + i, today, &p);
		if (made <= 0) {
			rc = made;
			continue; /* a NIK drawn before: no one to sign in */
		}
		if (add_account(db, &p, first + i, &account_id) < 0 || add_documents(db, account_id) < 0) {
			rc = -1;
			break;
		}
		if (i % 2) {
			rc = add_session(db, keys, account_id, ttl_s, apply, "");
			continue;
		}
		char suffix[32];
		if (card_application_store_create(db, p.seeker_id, "new", 0, (int64_t)time(NULL), &application_id) !=
		    0) {
			rc = -1;
			break;
		}
		snprintf(suffix, sizeof suffix, " %lld", (long long)application_id);
		rc = add_session(db, keys, account_id, ttl_s, submit, suffix);
	}
	if (readers)
		fclose(readers);
	if (apply)
		fclose(apply);
	if (submit)
		fclose(submit);
	return rc;
}
