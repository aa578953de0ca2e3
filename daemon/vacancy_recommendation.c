/* Vacancies recommended to a job seeker: the newest published ones, scored
 * against the profile (education, occupation, place, age and gender). */
#include <ctype.h>
#include <pthread.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dates.h"
#include "http.h"
#include "profile.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "text_buffer.h"
#include "vacancy.h"
#include "vacancy_index.h"
#include "vacancy_listing.h"
#include "vacancy_store.h"
#include "vacancy_recommendation.h"

/* ---- recommendations ---- */

/* Scoring keeps small rows and builds JSON only for the twenty shown: the
 * 500 newest vacancies are scored on every request of the app's home screen. */
enum reason {
	REASON_EDUCATION = 1 << 0,
	REASON_OCCUPATION = 1 << 1,
	REASON_KECAMATAN = 1 << 2,
	REASON_KABKOTA = 1 << 3,
	REASON_AGE_GENDER = 1 << 4,
};
static const char *const reason_names[] = {"education_fits", "occupation_preferred", "same_kecamatan", "same_kabkota",
                                           "age_and_gender_fit"};

struct candidate {
	struct vacancy_row v;
	int score, position;
	unsigned reasons;
};

#define RECOMMEND_SCAN 500
#define RECOMMEND_SHOWN 20
#define PREFERRED_MAX 16

struct recommend_ctx {
	int age, rank, n_preferred;
	const char *gender, *location, *kecamatan;
	const char *preferred[PREFERRED_MAX];
	struct candidate *found;
	int n_found;
};

static void score(const struct vacancy_row *v, void *arg)
{
	struct recommend_ctx *c = arg;
	/* Hard requirements first: a vacancy the person cannot take is not
	 * recommended at all. */
	if (c->rank < v->education_rank || (strcmp(v->gender, "any") && strcmp(v->gender, c->gender)) ||
	    (v->has_age_min && c->age < v->age_min) || (v->has_age_max && c->age > v->age_max))
		return;
	int abroad = !strcmp(v->location_kind, "abroad");
	if ((abroad && !strcmp(c->location, "domestic")) || (!abroad && !strcmp(c->location, "abroad")))
		return;
	if (c->n_found >= RECOMMEND_SCAN)
		return;
	struct candidate *k = &c->found[c->n_found];
	k->v = *v;
	k->position = c->n_found++;
	k->score = 40;
	k->reasons = REASON_EDUCATION;
	for (int i = 0; i < c->n_preferred; i++)
		if (!strncmp(v->kbji, c->preferred[i], strlen(c->preferred[i]))) {
			k->score += 30;
			k->reasons |= REASON_OCCUPATION;
			break;
		}
	if (c->kecamatan && !strcmp(v->location_code, c->kecamatan)) {
		k->score += 20;
		k->reasons |= REASON_KECAMATAN;
	} else if (c->kecamatan && *v->kabkota_code && !strncmp(v->kabkota_code, c->kecamatan, 5)) {
		k->score += 10;
		k->reasons |= REASON_KABKOTA;
	}
	if (v->has_age_min || v->has_age_max || strcmp(v->gender, "any")) {
		k->score += 10;
		k->reasons |= REASON_AGE_GENDER;
	}
}

/* Highest score first; among equals the newer (scanned earlier).  Sorted
 * as pointers: qsort of the rows themselves copied 135 KB each time. */
static int by_score(const void *a, const void *b)
{
	const struct candidate *x = *(const struct candidate *const *)a, *y = *(const struct candidate *const *)b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->position - y->position;
}

/* The item as its card in the app shows it: the title and validity, the
 * score and its reasons, then the employer, place, kind of work and wage
 * (summary: the store's JSON object of them, from one statement for all the
 * items shown) spliced in as text: parsing and printing them again was a
 * third of the answer's time; the item's own members are written as text
 * too.  Appended to out, after a comma but the first; -1 when memory runs
 * out. */
static int append_candidate(struct text_buffer *out, int first, const struct candidate *k, const char *summary)
{
	char head[64];
	snprintf(head, sizeof head, "%s{\"vacancy_id\":%lld,\"title\":", first ? "" : ",", (long long)k->v.id);
	int failed = text_append(out, head) < 0 || text_append_json_string(out, k->v.title) < 0 ||
		text_append(out, ",\"valid_until\":") < 0 || text_append_json_string(out, k->v.valid_until) < 0;
	snprintf(head, sizeof head, ",\"score\":%d,\"reasons\":[", k->score);
	failed = failed || text_append(out, head) < 0;
	const char *comma = "";
	for (size_t bit = 0; bit < sizeof reason_names / sizeof reason_names[0] && !failed; bit++)
		if (k->reasons & (1u << bit)) {
			failed = text_append(out, comma) < 0 || text_append_json_string(out, reason_names[bit]) < 0;
			comma = ",";
		}
	/* {"employer":…} joins the item: its members after a comma. */
	failed = failed || text_append(out, "]") < 0 ||
		(summary && (text_append(out, ",") < 0 || text_append(out, summary + 1) < 0)) ||
		(!summary && text_append(out, "}") < 0);
	return failed ? -1 : 0;
}

/* The scanned rows, on the loop thread only: one buffer for every request
 * (a 135 KB malloc and free each time was a tenth of the answer's time). */
static struct candidate found_rows[RECOMMEND_SCAN];

void vacancy_recommendations(struct req *r)
{
	int64_t seeker_id;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	json_t *profile = found > 0 ? seeker_profile(r->srv->reader, seeker_id) : NULL;
	if (!profile) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return;
	}
	struct date today = date_today(r->srv->cfg->utc_offset_minutes), birth = {0, 0, 0};
	date_parse(json_string_value(json_object_get(profile, "birth_date")), &birth);
	struct recommend_ctx c = {
		.age = date_age(birth, today),
		.rank = education_rank(json_string_value(json_object_get(profile, "education_level"))),
		.gender = json_string_value(json_object_get(profile, "gender")),
		.location = json_string_value(json_object_get(profile, "preferred_location")),
		.kecamatan = json_string_value(json_object_get(profile, "kecamatan_code")),
		.found = found_rows,
	};
	size_t i;
	json_t *kbji;
	json_array_foreach (json_object_get(profile, "preferred_kbji"), i, kbji) {
		if (c.n_preferred < PREFERRED_MAX && json_string_value(kbji))
			c.preferred[c.n_preferred++] = json_string_value(kbji);
	}
	if (!c.gender)
		c.gender = "";
	if (!c.location)
		c.location = "";
	char today_text[DATE_LEN + 1];
	date_format(today, today_text);
	/* The newest vacancies from the listing in memory while it is current
	 * (the store read 500 rows of the table for each home screen). */
	struct listing_ref *listing = vacancy_listing_take();
	int scanned = listing
		? vacancy_index_recent(vacancy_listing_index(listing),
	                               today.year * 10000 + today.month * 100 + today.day, RECOMMEND_SCAN, score, &c)
		: vacancy_recent(r->srv->reader, today_text, RECOMMEND_SCAN, score, &c);
	json_decref(profile);
	if (scanned < 0) {
		vacancy_listing_release(listing);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	static struct candidate *ranked[RECOMMEND_SCAN];
	for (int k = 0; k < c.n_found; k++)
		ranked[k] = &c.found[k];
	qsort(ranked, (size_t)c.n_found, sizeof *ranked, by_score);
	int shown = c.n_found < RECOMMEND_SHOWN ? c.n_found : RECOMMEND_SHOWN;
	/* The summaries the picture keeps, the others from the store (kept after
	 * the answer is written: keeping one may take another's slot). */
	const char *summaries[RECOMMEND_SHOWN];
	char *fetched[RECOMMEND_SHOWN];
	int64_t missing[RECOMMEND_SHOWN];
	int at[RECOMMEND_SHOWN], nmissing = 0;
	for (int k = 0; k < shown; k++) {
		summaries[k] = listing ? vacancy_listing_summary(listing, ranked[k]->v.id) : NULL;
		if (!summaries[k]) {
			missing[nmissing] = ranked[k]->v.id;
			at[nmissing++] = k;
		}
	}
	if (nmissing && vacancy_store_summary_texts(r->srv->reader, missing, nmissing, fetched) < 0) {
		vacancy_listing_release(listing);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	for (int m = 0; m < nmissing; m++)
		summaries[at[m]] = fetched[m];
	struct text_buffer out = {0};
	int failed = text_append(&out, "{\"items\":[") < 0;
	for (int k = 0; k < shown && !failed; k++)
		failed = append_candidate(&out, k == 0, ranked[k], summaries[k]) < 0;
	failed = failed || text_append(&out, "]}") < 0;
	for (int m = 0; m < nmissing; m++) {
		if (listing && fetched[m])
			vacancy_listing_keep_summary(listing, missing[m], fetched[m]);
		free(fetched[m]);
	}
	vacancy_listing_release(listing);
	if (failed)
		req_fail(r, ERR_BUSY, NULL);
	else
		req_reply_raw(r, 200, "application/json; charset=utf-8", out.text, out.len);
	free(out.text);
}
