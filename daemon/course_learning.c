/* Learning a course: the app reports how far into a lesson's video the
 * person got; a lesson is done at lesson_done_percent of its length, a
 * module when its lessons are done and its quiz passed, the course when
 * every module is — then the office's e-certificate is numbered
 * (ESKILLUP/<year>/<learner>), checkable at /v1/verify/certificates, and
 * the person told.  Progress belongs to the person, not the device: any
 * phone resumes where the last one stopped.
 *
 * A position may not run ahead of real time (at double speed, plus a
 * PROGRESS_SLACK_MS margin) since the last report: a lesson is not done by
 * reporting its end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "config.h"
#include "course.h"
#include "course_store.h"
#include "dates.h"
#include "http.h"
#include "list.h"
#include "notification.h"
#include "notification_store.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"

struct learning_state {
	int64_t seeker_id, account_id, learner_id, course_id, module_id;
	struct lesson_row lesson;
	struct module_quiz quiz;
	int64_t position_ms;
	int score, passed, refusal;
	int answers[QUIZ_MAX_QUESTIONS];
	char certificate[32];
	bool completed;
};

/* The person's seeker row: 0, or -1 answered (409 without a profile). */
static int learner_of(struct req *r, struct learning_state *st)
{
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &st->seeker_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return -1;
	}
	st->account_id = r->who.account_id;
	return 0;
}

/* In the writer, after a lesson or a quiz: the course completed when every
 * module is done, once. */
static int maybe_complete(struct dbconn *db, struct req *r, struct learning_state *st, int64_t now)
{
	int done = 0, total = 0;
	if (course_modules_done(db, st->learner_id, &done, &total) < 0)
		return -1;
	if (total == 0 || done < total)
		return 0;
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	enum store_result rc = course_learner_complete(db, st->learner_id, today, now, st->certificate);
	if (rc == STORE_NO_MATCH)
		return 0;
	if (rc != STORE_OK)
		return -1;
	st->completed = true;
	char paragraph[256];
	snprintf(paragraph, sizeof paragraph,
	         "Selamat, Anda menyelesaikan kursus daring. Sertifikat elektronik Anda bernomor %s.", st->certificate);
	struct notification n = {"training", "Kursus selesai: sertifikat terbit", paragraph, "course_learner",
	                         st->learner_id};
	return notification_send(db, r->srv->cfg, st->account_id, &n, now) < 0 ||
			audit_record(db, st->account_id, "course.complete", "course_learner", st->learner_id, NULL,
	                             now) < 0
		? -1
		: 0;
}

static void reply_learning(struct req *r, int result)
{
	struct learning_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	json_t *out = course_learner_json(r->srv->reader, st->learner_id);
	if (!out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (st->quiz.module_id)
		json_object_set_new(out, "quiz",
		                    json_pack("{s:I, s:i, s:b}", "module_id", (json_int_t)st->quiz.module_id,
		                              "score_percent", st->score, "passed", st->passed));
	req_reply(r, 200, out);
}

/* ---- PUT /v1/me/lessons/{id}/progress ---- */

static int progress_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct learning_state *st = r->state;
	int64_t now = now_seconds(), last_ms = 0, last_at = now;
	if (course_learner_start(db, st->lesson.course_id, st->seeker_id, now, &st->learner_id) < 0)
		return WRITE_STORE_ERROR;
	int had = lesson_progress_last(db, st->learner_id, st->lesson.id, &last_ms, &last_at);
	if (had < 0)
		return WRITE_STORE_ERROR;
	/* No further than real time allows since the last report (at 2x). */
	int64_t bound = (had ? last_ms + 2 * (now - last_at) * 1000 : 0) + PROGRESS_SLACK_MS;
	int64_t position = st->position_ms < bound ? st->position_ms : bound;
	if (position > st->lesson.duration_ms)
		position = st->lesson.duration_ms;
	int64_t done_ms = st->lesson.duration_ms * r->srv->cfg->lesson_done_percent / 100;
	if (lesson_progress_record(db, st->learner_id, st->lesson.id, position, done_ms, now) < 0 ||
	    maybe_complete(db, r, st, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void course_progress_report(struct req *r)
{
	static const struct field_spec fields[] = {{"position_s", FIELD_NUMBER, 1, 0}, {NULL, 0, 0, 0}};
	struct learning_state *st = req_state_new(r, sizeof(struct learning_state), NULL);
	if (!st || req_body_check(r, fields) < 0 || learner_of(r, st) < 0)
		return;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? lesson_fetch(r->srv->reader, id, &st->lesson) : 0;
	if (found <= 0 || strcmp(st->lesson.course_state, "published")) {
		req_fail(r, found < 0 ? ERR_STORE : found == 0 ? ERR_NOT_FOUND : ERR_COURSE_CLOSED, NULL);
		return;
	}
	double position = json_number_value(json_object_get(r->body, "position_s"));
	if (!(position >= 0 && position <= 86400)) {
		req_fail(r, ERR_FIELD_INVALID, "position_s");
		return;
	}
	st->position_ms = (int64_t)(position * 1000);
	req_write(r, progress_write, reply_learning);
}

/* ---- POST /v1/me/modules/{id}/quiz-attempts ---- */

static int quiz_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct learning_state *st = r->state;
	int64_t now = now_seconds();
	if (course_learner_start(db, st->quiz.course_id, st->seeker_id, now, &st->learner_id) < 0 ||
	    quiz_attempt_insert(db, st->learner_id, st->quiz.module_id, st->score, st->passed, now) < 0 ||
	    maybe_complete(db, r, st, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void course_quiz_attempt(struct req *r)
{
	static const struct field_spec fields[] = {{"answers", FIELD_ARRAY, 1, QUIZ_MAX_QUESTIONS}, {NULL, 0, 0, 0}};
	struct learning_state *st = req_state_new(r, sizeof(struct learning_state), NULL);
	if (!st || req_body_check(r, fields) < 0 || learner_of(r, st) < 0)
		return;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? module_quiz_fetch(r->srv->reader, id, &st->quiz) : 0;
	if (found <= 0 || strcmp(st->quiz.course_state, "published")) {
		req_fail(r, found < 0 ? ERR_STORE : found == 0 ? ERR_NOT_FOUND : ERR_COURSE_CLOSED, NULL);
		return;
	}
	/* One answer, an option's index, for each question in order. */
	const json_t *answers = json_object_get(r->body, "answers"), *a;
	size_t i;
	if ((int)json_array_size(answers) != st->quiz.questions || st->quiz.questions == 0) {
		req_fail(r, ERR_FIELD_INVALID, "answers");
		return;
	}
	int right = 0;
	json_array_foreach (answers, i, a) {
		if (!json_is_integer(a) || json_integer_value(a) < 0 || json_integer_value(a) >= QUIZ_MAX_OPTIONS) {
			req_fail(r, ERR_FIELD_INVALID, "answers");
			return;
		}
		right += json_integer_value(a) == st->quiz.answers[i];
	}
	/* The score rounds half up; passing is at or above the module's mark. */
	st->score = (right * 200 + st->quiz.questions) / (2 * st->quiz.questions);
	st->passed = st->score >= st->quiz.pass_percent;
	req_write(r, quiz_write, reply_learning);
}

/* ---- GET /v1/me/learning ---- */

void course_learning_own(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	int64_t seeker_id;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	json_t *items = found > 0 ? course_learning_json(r->srv->reader, seeker_id, page.cursor, page.limit)
		: found == 0      ? json_array()
				  : NULL;
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}
