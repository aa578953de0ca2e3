/* Online courses recommended to a job seeker: those about what the person
 * does or looks for.  A course's words (title, vocation, description,
 * competencies) are matched against the titles of the vacancies the person
 * applied to (3 points a word), those they looked at in the last
 * VACANCY_VIEW_KEEP_DAYS without applying (2, vacancy_view.c), their skills
 * (2) and the names of the occupation groups they look for (1); courses they completed are left
 * out.  Up to 10, best first, each with its reasons, so the app can say
 * why.  Words are compared lower-case, four letters or more, so that
 * "dan", "di" or "PT" match nothing; a word of five or more letters also
 * matches one that ends with it, which is how Indonesian prefixes a root
 * ("jahit" in "menjahit", "las" too short to try). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "course.h"
#include "course_store.h"
#include "http.h"
#include "reference.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"

#define RECOMMEND_SCAN 500 /* the newest published courses considered */
#define RECOMMEND_MAX 10

enum { FROM_APPLIED, FROM_VIEWED, FROM_SKILLS, FROM_OCCUPATION, SOURCES };
static const char *const reason_names[SOURCES] = {"applied_vacancies", "viewed_vacancies", "skills",
                                                  "preferred_occupation"};
static const int weights[SOURCES] = {3, 2, 2, 1};

struct word_set {
	char **words;
	size_t n, cap;
};

/* Adds text's words (lower-case, >= 4 letters or digits) to the set. */
static void add_words(struct word_set *set, const char *text)
{
	char word[64];
	size_t len = 0;
	for (const char *p = text;; p++) {
		if (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) {
			if (len + 1 < sizeof word)
				word[len++] = (char)tolower((unsigned char)*p);
			continue;
		}
		word[len] = '\0';
		bool known = false;
		for (size_t i = 0; len >= 4 && i < set->n && !known; i++)
			known = !strcmp(set->words[i], word);
		if (len >= 4 && !known) {
			if (set->n == set->cap) {
				size_t cap = set->cap ? set->cap * 2 : 32;
				char **grown = realloc(set->words, cap * sizeof *grown);
				if (!grown)
					return;
				set->words = grown;
				set->cap = cap;
			}
			set->words[set->n] = strdup(word);
			if (set->words[set->n])
				set->n++;
		}
		len = 0;
		if (!*p)
			break;
	}
}

static bool ends_with(const char *word, const char *root)
{
	size_t w = strlen(word), n = strlen(root);
	return n >= 5 && w > n && !strcmp(word + w - n, root);
}

static bool same_root(const char *a, const char *b) { return !strcmp(a, b) || ends_with(a, b) || ends_with(b, a); }

static void words_free(struct word_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->words[i]);
	free(set->words);
}

struct scoring {
	struct word_set of[SOURCES];
	const json_t *completed;
	struct candidate {
		int64_t id;
		int score;
		unsigned reasons;
	} best[RECOMMEND_MAX];
	int nbest;
};

static void score_course(int64_t id, const char *text, void *arg)
{
	struct scoring *s = arg;
	size_t i;
	json_t *done;
	json_array_foreach (s->completed, i, done)
		if (json_integer_value(done) == id)
			return;
	struct word_set course = {0};
	add_words(&course, text);
	int score = 0;
	unsigned reasons = 0;
	for (int src = 0; src < SOURCES; src++)
		for (size_t w = 0; w < s->of[src].n; w++)
			for (size_t c = 0; c < course.n; c++)
				if (same_root(s->of[src].words[w], course.words[c])) {
					score += weights[src];
					reasons |= 1u << src;
				}
	words_free(&course);
	if (score == 0)
		return;
	/* Kept in order, best first; a tie goes to the newer course (seen first). */
	int at = s->nbest;
	while (at > 0 && s->best[at - 1].score < score)
		at--;
	if (at >= RECOMMEND_MAX)
		return;
	int last = s->nbest < RECOMMEND_MAX ? s->nbest : RECOMMEND_MAX - 1;
	memmove(&s->best[at + 1], &s->best[at], (size_t)(last - at) * sizeof s->best[0]);
	s->best[at] = (struct candidate){id, score, reasons};
	if (s->nbest < RECOMMEND_MAX)
		s->nbest++;
}

struct recommend_state {
	int64_t seeker_id;
	json_t *out;
};

static void recommend_free(void *p)
{
	struct recommend_state *st = p;
	if (st)
		json_decref(st->out);
	free(st);
}

/* On the pool: the person's words, every candidate course scored. */
static void recommend_run(struct req *r)
{
	struct recommend_state *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	json_t *interests = db ? course_interests_json(db, st->seeker_id) : NULL;
	if (!interests)
		return;
	struct scoring s = {.completed = json_object_get(interests, "completed")};
	size_t i;
	json_t *v;
	json_array_foreach (json_object_get(interests, "applied"), i, v)
		add_words(&s.of[FROM_APPLIED], json_string_value(v) ? json_string_value(v) : "");
	json_array_foreach (json_object_get(interests, "viewed"), i, v)
		add_words(&s.of[FROM_VIEWED], json_string_value(v) ? json_string_value(v) : "");
	json_array_foreach (json_object_get(interests, "skills"), i, v)
		add_words(&s.of[FROM_SKILLS], json_string_value(v) ? json_string_value(v) : "");
	/* An occupation group by its name: "7" → "Pekerja pengolahan, kerajinan …". */
	json_array_foreach (json_object_get(interests, "preferred_kbji"), i, v) {
		char major[2] = {json_string_value(v) ? json_string_value(v)[0] : '\0', '\0'};
		const char *label = reference_kbji_major_label(major);
		if (label)
			add_words(&s.of[FROM_OCCUPATION], label);
	}
	int ok = course_words_each(db, RECOMMEND_SCAN, score_course, &s) == 0;
	for (int src = 0; src < SOURCES; src++)
		words_free(&s.of[src]);
	json_decref(interests);
	if (!ok)
		return;
	json_t *items = json_array();
	for (int k = 0; k < s.nbest; k++) {
		json_t *c = course_summary_json(db, s.best[k].id), *reasons = json_array();
		if (!c)
			continue;
		for (int src = 0; src < SOURCES; src++)
			if (s.best[k].reasons & (1u << src))
				json_array_append_new(reasons, json_string(reason_names[src]));
		json_object_set_new(c, "score", json_integer(s.best[k].score));
		json_object_set_new(c, "reasons", reasons);
		if (json_is_null(json_object_get(c, "provider")))
			json_object_set_new(c, "provider", json_string(r->srv->cfg->office_name));
		json_array_append_new(items, c);
	}
	st->out = json_pack("{s:o}", "items", items);
}

static void recommend_done(struct req *r)
{
	struct recommend_state *st = r->state;
	if (!st->out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_incref(st->out));
}

void course_recommendations(struct req *r)
{
	struct recommend_state *st = req_state_new(r, sizeof(struct recommend_state), recommend_free);
	if (!st)
		return;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &st->seeker_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return;
	}
	req_read_pool(r, recommend_run, recommend_done);
}
