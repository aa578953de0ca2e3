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
#include "vacancy.h"
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

/* Highest score first; among equals the newer (scanned earlier). */
static int by_score(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->position - y->position;
}

/* The item as its card in the app shows it: the title and validity, the
 * employer, place, kind of work and wage (summary, from one statement for
 * all the items shown), the score and its reasons. */
static json_t *candidate_json(const struct candidate *k, const json_t *summary)
{
	json_t *reasons = json_array();
	for (size_t bit = 0; bit < sizeof reason_names / sizeof reason_names[0]; bit++)
		if (k->reasons & (1u << bit))
			json_array_append_new(reasons, json_string(reason_names[bit]));
	json_t *item = json_pack("{s:I, s:s, s:s, s:i, s:o}", "vacancy_id", (json_int_t)k->v.id, "title", k->v.title,
	                         "valid_until", k->v.valid_until, "score", k->score, "reasons", reasons);
	json_object_update(item, (json_t *)summary);
	return item;
}

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
		.found = malloc(RECOMMEND_SCAN * sizeof(struct candidate)),
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
	if (!c.found || vacancy_recent(r->srv->reader, today_text, RECOMMEND_SCAN, score, &c) < 0) {
		json_decref(profile);
		free(c.found);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	qsort(c.found, (size_t)c.n_found, sizeof *c.found, by_score);
	int shown = c.n_found < RECOMMEND_SHOWN ? c.n_found : RECOMMEND_SHOWN;
	int64_t ids[RECOMMEND_SHOWN];
	for (int k = 0; k < shown; k++)
		ids[k] = c.found[k].v.id;
	json_t *summaries = vacancy_store_summaries(r->srv->reader, ids, shown);
	if (!summaries) {
		json_decref(profile);
		free(c.found);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *top = json_array();
	for (int k = 0; k < shown; k++) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)c.found[k].v.id);
		json_array_append_new(top, candidate_json(&c.found[k], json_object_get(summaries, key)));
	}
	json_decref(summaries);
	free(c.found);
	json_decref(profile);
	req_reply(r, 200, json_pack("{s:o}", "items", top));
}
