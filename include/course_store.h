/* The SQL of E-SkillUp courses, their videos and their learners
 * (daemon/course_store.c). */
#ifndef SIDAKERD_COURSE_STORE_H
#define SIDAKERD_COURSE_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "store.h"

struct dbconn;

struct course_row {
	int64_t id, provider_id;
	char provider_kind[8], state[12];
};

struct lesson_row {
	int64_t id, course_id, module_id, duration_ms, size_bytes;
	char course_state[12], video_file[64], media_type[16];
	int64_t provider_id;
	int learners_only; /* its video only by a signed URL */
};

struct course_filter {
	const char *q, *vocation, *level;
};

/* 1 found, 0 none, -1 error. */
int course_fetch(struct dbconn *db, int64_t id, struct course_row *out);
int lesson_fetch(struct dbconn *db, int64_t id, struct lesson_row *out);
/* c: a checked course (course.c) with its modules, lessons and quizzes. */
int course_insert(struct dbconn *db, int64_t provider_id, const char *provider_kind, const json_t *c, int64_t now,
                  int64_t *id);
/* A draft written again (c checked as for an insert); its uploaded videos
 * stay at their places.  STORE_NO_MATCH when it is no longer a draft. */
enum store_result course_rewrite(struct dbconn *db, int64_t id, const json_t *c, int64_t now);
/* The whole course: modules in order, each with its lessons and its quiz
 * (the right answers included: the caller drops them for learners). */
json_t *course_json(struct dbconn *db, int64_t id);
/* A page of published courses (newest first), as summaries. */
json_t *course_search_json(struct dbconn *db, const struct course_filter *f, int64_t cursor, int limit);
/* A provider's own courses in every state (0: every course, for staff). */
json_t *course_provider_json(struct dbconn *db, int64_t provider_id, int64_t cursor, int limit);
/* Lessons without a video, modules without a question: what stops a
 * course from being published (0 when it may be). */
int course_missing_parts(struct dbconn *db, int64_t id);
enum store_result course_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, int64_t now);

/* ---- videos ---- */

enum store_result video_upload_insert(struct dbconn *db, const char *id, int64_t account_id, int64_t length,
                                      int64_t now);
/* The upload's owner and length: 1, 0 none, -1 error; *used set when a
 * lesson took it already. */
int video_upload_fetch(struct dbconn *db, const char *id, int64_t *account_id, int64_t *length, int *used);
/* The lesson's video from an upload (moved to file), read by video_probe;
 * the upload it had before is let go (housekeeping removes it). */
enum store_result lesson_set_video(struct dbconn *db, int64_t lesson_id, const char *upload_id, const char *file,
                                   const char *media_type, int64_t size, int64_t duration_ms, int width, int height,
                                   int64_t now);

/* Uploads older than before that no lesson took: their rows go, each id
 * handed to each (which removes the file).  How many, or -1. */
int video_upload_expire(struct dbconn *db, int64_t before, void (*each)(const char *id, void *arg), void *arg);

/* ---- learners ---- */

struct module_quiz {
	int64_t module_id, course_id;
	int pass_percent, questions;
	char course_state[12];
	int answers[QUIZ_MAX_QUESTIONS];
};

/* The course's learner row for the person, made on first use: its id. */
int course_learner_start(struct dbconn *db, int64_t course_id, int64_t seeker_id, int64_t now, int64_t *learner_id);
/* The furthest position reached (bounded by the caller), done at done_ms. */
int lesson_progress_record(struct dbconn *db, int64_t learner_id, int64_t lesson_id, int64_t position_ms,
                           int64_t done_ms, int64_t now);
/* The learner's last report of the lesson: 1 and its position and time, 0 none, -1. */
int lesson_progress_last(struct dbconn *db, int64_t learner_id, int64_t lesson_id, int64_t *position_ms, int64_t *at);
int module_quiz_fetch(struct dbconn *db, int64_t module_id, struct module_quiz *out);
int quiz_attempt_insert(struct dbconn *db, int64_t learner_id, int64_t module_id, int score, int passed, int64_t now);
/* Modules done (every lesson done, the quiz passed) and the course's count. */
int course_modules_done(struct dbconn *db, int64_t learner_id, int *done, int *total);
/* Completed: the certificate's number is made from the year and the
 * learner's id.  STORE_NO_MATCH when it was completed before. */
enum store_result course_learner_complete(struct dbconn *db, int64_t learner_id, const char *today, int64_t now,
                                          char number[32]);
/* The person's courses with their progress, newest first. */
json_t *course_learning_json(struct dbconn *db, int64_t seeker_id, int64_t cursor, int limit);
json_t *course_learner_json(struct dbconn *db, int64_t learner_id);

/* ---- recommendations ---- */

/* {skills, preferred_kbji, applied (vacancy titles), completed (course ids)}. */
json_t *course_interests_json(struct dbconn *db, int64_t seeker_id);
/* The newest published courses (at most limit), each with its words. */
int course_words_each(struct dbconn *db, int limit, void (*each)(int64_t id, const char *words, void *arg), void *arg);
json_t *course_summary_json(struct dbconn *db, int64_t id);

/* ---- a course's learners ---- */

/* Rows of (learner JSON, sealed NIK) for masked_rows_add, newest first. */
int course_learners_each(struct dbconn *db, int64_t course_id, int64_t cursor, int limit, store_row_fn fn, void *arg);
/* Started, half done, completed, and each module's quiz figures. */
json_t *course_funnel_json(struct dbconn *db, int64_t course_id);

#endif
