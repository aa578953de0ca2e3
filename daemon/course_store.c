/* The SQL of E-SkillUp: courses with their modules, lessons and quizzes,
 * the resumable uploads of their videos, and the learners' progress. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "course_store.h"
#include "store_sql.h"

/* A checked course arrives as one JSON text (?2) and SQLite takes it
 * apart: the course, then its modules, lessons and questions by their
 * positions in the arrays. */
static const char sql_insert[] =
	"INSERT INTO course(provider_id, provider_kind, title, vocation, description, level, competencies, "
	"learners_only, created_at, updated_at) SELECT ?1, ?3, j->>'$.title', j->>'$.vocation', j->>'$.description', "
	"j->>'$.level', json(IFNULL(j->'$.competencies', '[]')), IFNULL(j->>'$.learners_only', 0), ?4, ?4 "
	"FROM (SELECT ?2 AS j)";
static const char sql_insert_modules[] =
	"INSERT INTO course_module(course_id, seq, title, pass_percent) "
	"SELECT ?1, m.key + 1, m.value->>'$.title', m.value->>'$.pass_percent' FROM json_each(?2, '$.modules') m";
static const char sql_insert_lessons[] =
	"INSERT INTO course_lesson(module_id, seq, title, video_url, duration_ms) "
	"SELECT cm.id, l.key + 1, l.value->>'$.title', l.value->>'$.video_url', "
	"CAST(l.value->>'$.duration_s' AS INTEGER) * 1000 FROM json_each(?2, '$.modules') m "
	"JOIN json_each(m.value, '$.lessons') l JOIN course_module cm ON cm.course_id = ?1 AND cm.seq = m.key + 1";
static const char sql_insert_questions[] =
	"INSERT INTO quiz_question(module_id, seq, question, options, answer) "
	"SELECT cm.id, q.key + 1, q.value->>'$.question', json(q.value->'$.options'), q.value->>'$.answer' "
	"FROM json_each(?2, '$.modules') m JOIN json_each(m.value, '$.quiz') q "
	"JOIN course_module cm ON cm.course_id = ?1 AND cm.seq = m.key + 1";
static const char sql_fetch[] = "SELECT id, provider_id, provider_kind, state FROM course WHERE id = ?";
static const char sql_lesson_fetch[] =
	"SELECT l.id, m.course_id, l.module_id, IFNULL(l.duration_ms, 0), IFNULL(l.size_bytes, 0), c.state, "
	"IFNULL(l.video_file, ''), IFNULL(l.media_type, ''), c.provider_id, c.learners_only FROM course_lesson l "
	"JOIN course_module m ON m.id = l.module_id JOIN course c ON c.id = m.course_id WHERE l.id = ?";

#define PROVIDER_NAME \
	"CASE c.provider_kind WHEN 'lpk' THEN (SELECT legal_name FROM organisation WHERE account_id = " \
	"c.provider_id) END"
#define LESSON_JSON \
	"json_object('id', l.id, 'seq', l.seq, 'title', l.title, 'video', CASE WHEN l.video_file IS NOT NULL " \
	"THEN json_object('kind', 'upload', 'url', '/v1/lessons/' || l.id || '/video', 'access', CASE " \
	"c.learners_only WHEN 1 THEN 'learners' ELSE 'public' END, 'media_type', l.media_type, " \
	"'duration_s', l.duration_ms / 1000.0, 'width', l.width, 'height', l.height, 'size_bytes', l.size_bytes) " \
	"WHEN l.video_url IS NOT NULL THEN json_object('kind', 'link', 'url', l.video_url, 'duration_s', " \
	"l.duration_ms / 1000.0) END)"
#define SUMMARY_FIELDS \
	"'id', c.id, 'state', c.state, 'provider_kind', c.provider_kind, 'provider', " PROVIDER_NAME ", " \
	"'title', c.title, 'vocation', c.vocation, 'level', c.level, 'competencies', json(c.competencies), " \
	"'learners_only', json(CASE c.learners_only WHEN 1 THEN 'true' ELSE 'false' END), " \
	"'modules_count', (SELECT count(*) FROM course_module m WHERE m.course_id = c.id), " \
	"'lessons_count', (SELECT count(*) FROM course_lesson l JOIN course_module m ON m.id = l.module_id " \
	"WHERE m.course_id = c.id), 'duration_s', (SELECT IFNULL(sum(l.duration_ms), 0) / 1000 FROM course_lesson l " \
	"JOIN course_module m ON m.id = l.module_id WHERE m.course_id = c.id), 'published_at', " \
	"strftime('%Y-%m-%dT%H:%M:%SZ', c.published_at, 'unixepoch')"
static const char sql_json[] =
	"SELECT json_object(" SUMMARY_FIELDS ", 'description', c.description, 'modules', (SELECT "
	"json_group_array(json(mj)) FROM (SELECT json_object('id', m.id, 'seq', m.seq, 'title', m.title, "
	"'pass_percent', m.pass_percent, 'lessons', (SELECT json_group_array(json(lj)) FROM (SELECT " LESSON_JSON
	" AS lj FROM course_lesson l WHERE l.module_id = m.id ORDER BY l.seq)), 'quiz', (SELECT "
	"json_group_array(json(qj)) FROM (SELECT json_object('id', q.id, 'question', q.question, 'options', "
	"json(q.options), 'answer', q.answer) AS qj FROM quiz_question q WHERE q.module_id = m.id ORDER BY q.seq))) "
	"AS mj FROM course_module m WHERE m.course_id = c.id ORDER BY m.seq))) FROM course c WHERE c.id = ?";
static const char sql_summary[] = "SELECT json_object(" SUMMARY_FIELDS ") FROM course c WHERE c.id = ?";
static const char sql_search[] =
	"SELECT c.id FROM course c WHERE c.state = 'published' AND (?2 = 0 OR c.id < ?2) "
	"AND (?4 IS NULL OR c.title LIKE '%' || ?4 || '%' OR c.vocation LIKE '%' || ?4 || '%' "
	"OR c.description LIKE '%' || ?4 || '%') AND (?5 IS NULL OR c.vocation = ?5 COLLATE NOCASE) "
	"AND (?6 IS NULL OR c.level = ?6) ORDER BY c.id DESC LIMIT ?3";
static const char sql_provider[] = "SELECT c.id FROM course c WHERE (?1 = 0 OR c.provider_id = ?1) "
				   "AND (?2 = 0 OR c.id < ?2) ORDER BY c.id DESC LIMIT ?3";
static const char sql_missing[] =
	"SELECT (SELECT count(*) FROM course_lesson l JOIN course_module m ON m.id = l.module_id "
	"WHERE m.course_id = ?1 AND l.video_file IS NULL AND l.video_url IS NULL) + (SELECT count(*) FROM "
	"course_module m WHERE m.course_id = ?1 AND NOT EXISTS (SELECT 1 FROM quiz_question q WHERE "
	"q.module_id = m.id))";
static const char sql_set_state[] =
	"UPDATE course SET state = ?3, updated_at = ?4, published_at = CASE WHEN ?3 = 'published' "
	"THEN IFNULL(published_at, ?4) ELSE published_at END WHERE id = ?1 AND state = ?2";

int course_fetch(struct dbconn *db, int64_t id, struct course_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->provider_id = sqlite3_column_int64(st, 1);
		store_copy_text(out->provider_kind, sizeof out->provider_kind, st, 2);
		store_copy_text(out->state, sizeof out->state, st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int lesson_fetch(struct dbconn *db, int64_t id, struct lesson_row *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_lesson_fetch);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->course_id = sqlite3_column_int64(st, 1);
		out->module_id = sqlite3_column_int64(st, 2);
		out->duration_ms = sqlite3_column_int64(st, 3);
		out->size_bytes = sqlite3_column_int64(st, 4);
		store_copy_text(out->course_state, sizeof out->course_state, st, 5);
		store_copy_text(out->video_file, sizeof out->video_file, st, 6);
		store_copy_text(out->media_type, sizeof out->media_type, st, 7);
		out->provider_id = sqlite3_column_int64(st, 8);
		out->learners_only = sqlite3_column_int(st, 9);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int run_with_course(struct dbconn *db, const char *sql, int64_t id, const char *text)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	return store_changes(db, st) < 0 ? -1 : 0;
}

int course_insert(struct dbconn *db, int64_t provider_id, const char *provider_kind, const json_t *c, int64_t now,
                  int64_t *id)
{
	char *text = json_dumps(c, JSON_COMPACT);
	sqlite3_stmt *st = text ? store_stmt(db, sql_insert) : NULL;
	if (!st) {
		free(text);
		return -1;
	}
	sqlite3_bind_int64(st, 1, provider_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, provider_kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	int rc = store_insert(db, st, id) == STORE_OK && run_with_course(db, sql_insert_modules, *id, text) == 0 &&
			run_with_course(db, sql_insert_lessons, *id, text) == 0 &&
			run_with_course(db, sql_insert_questions, *id, text) == 0
		? 0
		: -1;
	free(text);
	return rc;
}

/* A draft written again: the outline is replaced, and each uploaded video
 * stays with the lesson at the same place (module and lesson number)
 * unless that lesson now links a video elsewhere.  A video whose place is
 * gone loses its lesson; housekeeping removes it with its upload a week on. */
static const char sql_release_uploads[] =
	"UPDATE video_upload SET used_by = NULL WHERE used_by IN (SELECT l.id FROM course_lesson l JOIN course_module m "
	"ON m.id = l.module_id WHERE m.course_id = ?1)";
static const char sql_old_videos[] =
	"SELECT m.seq, l.seq, l.video_file, l.media_type, l.size_bytes, l.duration_ms, l.width, l.height FROM "
	"course_lesson l JOIN course_module m ON m.id = l.module_id WHERE m.course_id = ?1 AND l.video_file IS NOT NULL";
static const char sql_drop_questions[] =
	"DELETE FROM quiz_question WHERE module_id IN (SELECT id FROM course_module WHERE course_id = ?1)";
static const char sql_drop_lessons[] =
	"DELETE FROM course_lesson WHERE module_id IN (SELECT id FROM course_module WHERE course_id = ?1)";
static const char sql_drop_modules[] = "DELETE FROM course_module WHERE course_id = ?1";
static const char sql_rewrite[] =
	"UPDATE course SET (title, vocation, description, level, competencies, learners_only, updated_at) = (SELECT "
	"j->>'$.title', j->>'$.vocation', j->>'$.description', j->>'$.level', json(IFNULL(j->'$.competencies', "
	"'[]')), IFNULL(j->>'$.learners_only', 0), ?3 FROM (SELECT ?2 AS j)) WHERE id = ?1 AND state = 'draft'";
static const char sql_restore_video[] =
	"UPDATE course_lesson SET video_file = ?4, media_type = ?5, size_bytes = ?6, duration_ms = ?7, width = ?8, "
	"height = ?9 WHERE video_url IS NULL AND id = (SELECT l.id FROM course_lesson l JOIN course_module m ON m.id = "
	"l.module_id WHERE m.course_id = ?1 AND m.seq = ?2 AND l.seq = ?3) RETURNING id";
static const char sql_upload_back[] =
	"UPDATE video_upload SET used_by = ?2 WHERE id = substr(?1, 1, instr(?1, '.') - 1)";

static int run_course(struct dbconn *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_changes(db, st) < 0 ? -1 : 0;
}

struct kept_video {
	int module, lesson, width, height;
	int64_t size, duration_ms;
	char file[64], media_type[16];
};

enum store_result course_rewrite(struct dbconn *db, int64_t id, const json_t *c, int64_t now)
{
	struct kept_video *kept = NULL;
	size_t n = 0;
	sqlite3_stmt *st = store_stmt(db, sql_old_videos);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct kept_video *grown = realloc(kept, (n + 1) * sizeof *kept);
		if (!grown)
			break;
		kept = grown;
		struct kept_video *k = &kept[n++];
		k->module = sqlite3_column_int(st, 0);
		k->lesson = sqlite3_column_int(st, 1);
		store_copy_text(k->file, sizeof k->file, st, 2);
		store_copy_text(k->media_type, sizeof k->media_type, st, 3);
		k->size = sqlite3_column_int64(st, 4);
		k->duration_ms = sqlite3_column_int64(st, 5);
		k->width = sqlite3_column_int(st, 6);
		k->height = sqlite3_column_int(st, 7);
	}
	sqlite3_reset(st);
	char *text = rc == SQLITE_DONE ? json_dumps(c, JSON_COMPACT) : NULL;
	enum store_result result = STORE_ERROR;
	if (!text || run_course(db, sql_release_uploads, id) < 0 || run_course(db, sql_drop_questions, id) < 0 ||
	    run_course(db, sql_drop_lessons, id) < 0 || run_course(db, sql_drop_modules, id) < 0 ||
	    !(st = store_stmt(db, sql_rewrite)))
		goto done;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	if ((result = store_change_one(db, st)) != STORE_OK)
		goto done;
	result = STORE_ERROR;
	if (run_with_course(db, sql_insert_modules, id, text) < 0 ||
	    run_with_course(db, sql_insert_lessons, id, text) < 0 ||
	    run_with_course(db, sql_insert_questions, id, text) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (!(st = store_stmt(db, sql_restore_video)))
			goto done;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, kept[i].module);
		sqlite3_bind_int(st, 3, kept[i].lesson);
		sqlite3_bind_text(st, 4, kept[i].file, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, kept[i].media_type, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, kept[i].size);
		sqlite3_bind_int64(st, 7, kept[i].duration_ms);
		sqlite3_bind_int(st, 8, kept[i].width);
		sqlite3_bind_int(st, 9, kept[i].height);
		int64_t lesson = 0;
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			lesson = sqlite3_column_int64(st, 0);
		int step = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			goto done;
		if (!lesson)
			continue;
		if (!(st = store_stmt(db, sql_upload_back)))
			goto done;
		sqlite3_bind_text(st, 1, kept[i].file, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, lesson);
		if (store_changes(db, st) < 0)
			goto done;
	}
	result = STORE_OK;
done:
	free(text);
	free(kept);
	return result;
}

json_t *course_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_json, id); }

static json_t *summaries(struct dbconn *db, sqlite3_stmt *st)
{
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(items, store_json_by_id(db, sql_summary, sqlite3_column_int64(st, 0)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return NULL;
	}
	return items;
}

json_t *course_search_json(struct dbconn *db, const struct course_filter *f, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_search);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit + 1);
	if (f->q)
		sqlite3_bind_text(st, 4, f->q, -1, SQLITE_STATIC);
	if (f->vocation)
		sqlite3_bind_text(st, 5, f->vocation, -1, SQLITE_STATIC);
	if (f->level)
		sqlite3_bind_text(st, 6, f->level, -1, SQLITE_STATIC);
	return summaries(db, st);
}

json_t *course_provider_json(struct dbconn *db, int64_t provider_id, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_provider);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, provider_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit + 1);
	return summaries(db, st);
}

int course_missing_parts(struct dbconn *db, int64_t id)
{
	sqlite3_stmt *st = store_stmt(db, sql_missing);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

enum store_result course_set_state(struct dbconn *db, int64_t id, const char *from, const char *to, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_set_state);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	return store_change_one(db, st);
}

/* ---- videos ---- */

static const char sql_upload_insert[] =
	"INSERT INTO video_upload(id, account_id, length, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char sql_upload_fetch[] = "SELECT account_id, length, used_by IS NOT NULL FROM video_upload WHERE id = ?";
static const char sql_lesson_video[] =
	"UPDATE course_lesson SET video_file = ?3, video_url = NULL, media_type = ?4, size_bytes = ?5, "
	"duration_ms = ?6, width = ?7, height = ?8 WHERE id = ?1";
static const char sql_upload_used[] = "UPDATE video_upload SET used_by = ?2 WHERE id = ?1 AND used_by IS NULL";
/* The video a lesson had is let go when another takes its place: it loses
 * its lesson, and housekeeping removes its file with the upload a week on
 * (a week from now: a player may still be reading it). */
static const char sql_upload_replaced[] = "UPDATE video_upload SET used_by = NULL, created_at = ?2 WHERE used_by = ?1";

enum store_result video_upload_insert(struct dbconn *db, const char *id, int64_t account_id, int64_t length,
                                      int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_upload_insert);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, account_id);
	sqlite3_bind_int64(st, 3, length);
	sqlite3_bind_int64(st, 4, now);
	int64_t rowid;
	return store_insert(db, st, &rowid);
}

int video_upload_fetch(struct dbconn *db, const char *id, int64_t *account_id, int64_t *length, int *used)
{
	sqlite3_stmt *st = store_stmt(db, sql_upload_fetch);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*account_id = sqlite3_column_int64(st, 0);
		*length = sqlite3_column_int64(st, 1);
		*used = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

enum store_result lesson_set_video(struct dbconn *db, int64_t lesson_id, const char *upload_id, const char *file,
                                   const char *media_type, int64_t size, int64_t duration_ms, int width, int height,
                                   int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_upload_replaced);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, lesson_id);
	sqlite3_bind_int64(st, 2, now);
	if (store_changes(db, st) < 0 || !(st = store_stmt(db, sql_upload_used)))
		return STORE_ERROR;
	sqlite3_bind_text(st, 1, upload_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, lesson_id);
	enum store_result rc = store_change_one(db, st);
	if (rc != STORE_OK || !(st = store_stmt(db, sql_lesson_video)))
		return rc == STORE_OK ? STORE_ERROR : rc;
	sqlite3_bind_int64(st, 1, lesson_id);
	sqlite3_bind_text(st, 3, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, media_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, size);
	sqlite3_bind_int64(st, 6, duration_ms);
	sqlite3_bind_int(st, 7, width);
	sqlite3_bind_int(st, 8, height);
	return store_change_one(db, st);
}

/* ---- learners ---- */

static const char sql_learner_insert[] =
	"INSERT INTO course_learner(course_id, seeker_id, started_at) VALUES (?1, ?2, ?3) "
	"ON CONFLICT(course_id, seeker_id) DO NOTHING";
static const char sql_learner_id[] = "SELECT id FROM course_learner WHERE course_id = ?1 AND seeker_id = ?2";
static const char sql_progress[] =
	"INSERT INTO lesson_progress(learner_id, lesson_id, position_ms, done_at, updated_at) "
	"VALUES (?1, ?2, ?3, CASE WHEN ?3 >= ?4 THEN ?5 END, ?5) ON CONFLICT(learner_id, lesson_id) DO UPDATE SET "
	"position_ms = max(position_ms, excluded.position_ms), done_at = IFNULL(done_at, excluded.done_at), "
	"updated_at = excluded.updated_at";
static const char sql_progress_last[] =
	"SELECT position_ms, updated_at FROM lesson_progress WHERE learner_id = ?1 AND lesson_id = ?2";
static const char sql_quiz[] =
	"SELECT m.id, m.course_id, m.pass_percent, c.state, (SELECT json_group_array(answer) FROM (SELECT "
	"q.answer FROM quiz_question q WHERE q.module_id = m.id ORDER BY q.seq)) FROM course_module m "
	"JOIN course c ON c.id = m.course_id WHERE m.id = ?";
static const char sql_attempt[] =
	"INSERT INTO quiz_attempt(learner_id, module_id, score_percent, passed, created_at) VALUES (?1,?2,?3,?4,?5)";
/* A module is done when each of its lessons is and one attempt at its quiz passed. */
#define MODULE_DONE(learner) \
	"(NOT EXISTS (SELECT 1 FROM course_lesson l WHERE l.module_id = m.id AND NOT EXISTS (SELECT 1 FROM " \
	"lesson_progress p WHERE p.learner_id = " learner " AND p.lesson_id = l.id AND p.done_at IS NOT NULL)) " \
	"AND EXISTS (SELECT 1 FROM quiz_attempt a WHERE a.learner_id = " learner " AND a.module_id = m.id " \
	"AND a.passed = 1))"
static const char sql_modules_done[] = "SELECT count(CASE WHEN " MODULE_DONE(
	"cl.id") " THEN 1 END), count(*) FROM course_learner cl "
		 "JOIN course_module m ON m.course_id = cl.course_id WHERE cl.id = ?";
static const char sql_complete[] =
	"UPDATE course_learner SET completed_at = ?3, completed_on = ?2, certificate_number = 'ESKILLUP/' || "
	"substr(?2, 1, 4) || '/' || printf('%06d', id) WHERE id = ?1 AND completed_at IS NULL "
	"RETURNING certificate_number";
#define LEARNING_JSON \
	"json_object('course', json_object('id', c.id, 'title', c.title, 'vocation', c.vocation, 'level', c.level, " \
	"'state', c.state, 'provider', " PROVIDER_NAME "), 'started_at', " \
	"strftime('%Y-%m-%dT%H:%M:%SZ', cl.started_at, 'unixepoch'), 'completed_at', " \
	"strftime('%Y-%m-%dT%H:%M:%SZ', cl.completed_at, 'unixepoch'), 'certificate_number', " \
	"cl.certificate_number, 'lessons_done', (SELECT count(*) FROM lesson_progress p WHERE p.learner_id = cl.id " \
	"AND p.done_at IS NOT NULL), 'lessons_total', (SELECT count(*) FROM course_lesson l JOIN course_module m " \
	"ON m.id = l.module_id WHERE m.course_id = c.id), 'modules_done', (SELECT count(*) FROM course_module m " \
	"WHERE m.course_id = c.id AND " MODULE_DONE( \
		"cl.id") "), 'modules_total', (SELECT count(*) FROM " \
			 "course_module m WHERE m.course_id = c.id), 'lessons', (SELECT json_group_array(json_object('lesson_id', " \
			 "p.lesson_id, 'position_s', p.position_ms / 1000.0, 'done', json(CASE WHEN p.done_at IS NULL THEN 'false' " \
			 "ELSE 'true' END))) FROM lesson_progress p WHERE p.learner_id = cl.id), 'id', cl.id)"
static const char sql_learning[] = "SELECT " LEARNING_JSON " FROM course_learner cl JOIN course c ON "
				   "c.id = cl.course_id WHERE cl.seeker_id = ?1 AND (?2 = 0 OR cl.id < ?2) "
				   "ORDER BY cl.id DESC LIMIT ?3";
static const char sql_learner_json[] = "SELECT " LEARNING_JSON
				       " FROM course_learner cl JOIN course c ON c.id = cl.course_id WHERE cl.id = ?";

int course_learner_start(struct dbconn *db, int64_t course_id, int64_t seeker_id, int64_t now, int64_t *learner_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_learner_insert);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, seeker_id);
	sqlite3_bind_int64(st, 3, now);
	if (store_changes(db, st) < 0 || !(st = store_stmt(db, sql_learner_id)))
		return -1;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, seeker_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*learner_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int lesson_progress_record(struct dbconn *db, int64_t learner_id, int64_t lesson_id, int64_t position_ms,
                           int64_t done_ms, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_progress);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, learner_id);
	sqlite3_bind_int64(st, 2, lesson_id);
	sqlite3_bind_int64(st, 3, position_ms);
	sqlite3_bind_int64(st, 4, done_ms);
	sqlite3_bind_int64(st, 5, now);
	return store_changes(db, st) < 0 ? -1 : 0;
}

int lesson_progress_last(struct dbconn *db, int64_t learner_id, int64_t lesson_id, int64_t *position_ms, int64_t *at)
{
	sqlite3_stmt *st = store_stmt(db, sql_progress_last);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, learner_id);
	sqlite3_bind_int64(st, 2, lesson_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*position_ms = sqlite3_column_int64(st, 0);
		*at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int module_quiz_fetch(struct dbconn *db, int64_t module_id, struct module_quiz *out)
{
	sqlite3_stmt *st = store_stmt(db, sql_quiz);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, module_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->module_id = sqlite3_column_int64(st, 0);
		out->course_id = sqlite3_column_int64(st, 1);
		out->pass_percent = sqlite3_column_int(st, 2);
		store_copy_text(out->course_state, sizeof out->course_state, st, 3);
		json_t *answers = json_loads(store_text(st, 4), 0, NULL);
		out->questions = 0;
		size_t i;
		json_t *a;
		json_array_foreach (answers, i, a)
			if (out->questions < QUIZ_MAX_QUESTIONS)
				out->answers[out->questions++] = (int)json_integer_value(a);
		json_decref(answers);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int quiz_attempt_insert(struct dbconn *db, int64_t learner_id, int64_t module_id, int score, int passed, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_attempt);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, learner_id);
	sqlite3_bind_int64(st, 2, module_id);
	sqlite3_bind_int(st, 3, score);
	sqlite3_bind_int(st, 4, passed);
	sqlite3_bind_int64(st, 5, now);
	int64_t id;
	return store_insert(db, st, &id) == STORE_OK ? 0 : -1;
}

int course_modules_done(struct dbconn *db, int64_t learner_id, int *done, int *total)
{
	sqlite3_stmt *st = store_stmt(db, sql_modules_done);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, learner_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*done = sqlite3_column_int(st, 0);
		*total = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

enum store_result course_learner_complete(struct dbconn *db, int64_t learner_id, const char *today, int64_t now,
                                          char number[32])
{
	sqlite3_stmt *st = store_stmt(db, sql_complete);
	if (!st)
		return STORE_ERROR;
	sqlite3_bind_int64(st, 1, learner_id);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_copy_text(number, 32, st, 0);
	int done = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
	sqlite3_reset(st);
	return rc == SQLITE_ROW && done == SQLITE_DONE ? STORE_OK : rc == SQLITE_DONE ? STORE_NO_MATCH : STORE_ERROR;
}

json_t *course_learning_json(struct dbconn *db, int64_t seeker_id, int64_t cursor, int limit)
{
	sqlite3_stmt *st = store_stmt(db, sql_learning);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, seeker_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit + 1);
	return store_json_rows(st);
}

json_t *course_learner_json(struct dbconn *db, int64_t learner_id)
{
	return store_json_by_id(db, sql_learner_json, learner_id);
}

/* ---- the learners of a course, as officers and the provider see them ---- */

#define LESSONS_DONE_OF(learner) \
	"(SELECT count(*) FROM lesson_progress p WHERE p.learner_id = " learner " AND p.done_at IS NOT NULL)"
static const char sql_learners[] =
	"SELECT json_object('id', cl.id, 'name', s.full_name, 'started_at', strftime('%Y-%m-%dT%H:%M:%SZ', "
	"cl.started_at, 'unixepoch'), 'lessons_done', " LESSONS_DONE_OF(
		"cl.id") ", 'completed_at', "
			 "strftime('%Y-%m-%dT%H:%M:%SZ', cl.completed_at, 'unixepoch'), 'certificate_number', cl.certificate_number), "
			 "s.nik_sealed FROM course_learner cl JOIN seeker s ON s.id = cl.seeker_id WHERE cl.course_id = ?1 "
			 "AND (?2 = 0 OR cl.id < ?2) ORDER BY cl.id DESC LIMIT ?3";
/* Started, half of the lessons done, completed; then each module: how many
 * did its lessons, tried its quiz, passed it, and the attempts. */
static const char sql_funnel[] =
	"SELECT json_object('lessons_total', t.n, 'started', count(cl.id), 'half', count(CASE WHEN t.n > 0 AND "
	"2 * " LESSONS_DONE_OF(
		"cl.id") " >= t.n THEN 1 END), 'completed', count(cl.completed_at), 'modules', "
			 "(SELECT json_group_array(json(mj)) FROM (SELECT json_object('module_id', m.id, 'title', m.title, "
			 "'quiz_tried', (SELECT count(DISTINCT a.learner_id) FROM quiz_attempt a WHERE a.module_id = m.id), "
			 "'quiz_passed', (SELECT count(DISTINCT a.learner_id) FROM quiz_attempt a WHERE a.module_id = m.id AND "
			 "a.passed = 1), 'quiz_attempts', (SELECT count(*) FROM quiz_attempt a WHERE a.module_id = m.id)) AS mj "
			 "FROM course_module m WHERE m.course_id = ?1 ORDER BY m.seq))) FROM (SELECT count(*) AS n FROM "
			 "course_lesson l JOIN course_module m ON m.id = l.module_id WHERE m.course_id = ?1) t "
			 "LEFT JOIN course_learner cl ON cl.course_id = ?1";

int course_learners_each(struct dbconn *db, int64_t course_id, int64_t cursor, int limit, store_row_fn fn, void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_learners);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int(st, 3, limit);
	return store_each_row(st, fn, arg);
}

json_t *course_funnel_json(struct dbconn *db, int64_t course_id) { return store_json_by_id(db, sql_funnel, course_id); }

/* ---- uploads never attached ---- */

static const char sql_stale_uploads[] =
	"DELETE FROM video_upload WHERE used_by IS NULL AND created_at < ?1 RETURNING id";

int video_upload_expire(struct dbconn *db, int64_t before, void (*each)(const char *id, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_stale_uploads);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		each(store_text(st, 0), arg);
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

/* ---- what recommends a course to a person ---- */

/* The person's words: skills, the titles of the vacancies they applied to
 * (the last 50), the KBJI codes they look for; and the courses they
 * completed (not recommended again). */
static const char sql_interests[] =
	"SELECT json_object('skills', json(s.skills), 'preferred_kbji', json(s.preferred_kbji), 'applied', "
	"(SELECT json_group_array(v.title) FROM (SELECT v.title FROM application a JOIN vacancy v ON v.id = "
	"a.vacancy_id WHERE a.seeker_id = s.id ORDER BY a.id DESC LIMIT 50) v), 'viewed', (SELECT "
	"json_group_array(v.title) FROM (SELECT v.title FROM vacancy_view w JOIN vacancy v ON v.id = w.vacancy_id "
	"WHERE w.seeker_id = s.id AND NOT EXISTS (SELECT 1 FROM application a WHERE a.seeker_id = s.id AND "
	"a.vacancy_id = w.vacancy_id) ORDER BY w.viewed_at DESC LIMIT 50) v), 'completed', (SELECT "
	"json_group_array(cl.course_id) FROM course_learner cl WHERE cl.seeker_id = s.id AND cl.completed_at IS NOT "
	"NULL)) FROM seeker s WHERE s.id = ?";
/* Published courses with the words they are about. */
static const char sql_course_words[] =
	"SELECT c.id, c.title || ' ' || c.vocation || ' ' || c.description || ' ' || IFNULL((SELECT "
	"group_concat(j.value, ' ') FROM json_each(c.competencies) j), '') FROM course c WHERE c.state = 'published' "
	"ORDER BY c.id DESC LIMIT ?";

json_t *course_interests_json(struct dbconn *db, int64_t seeker_id)
{
	return store_json_by_id(db, sql_interests, seeker_id);
}

int course_words_each(struct dbconn *db, int limit, void (*each)(int64_t id, const char *words, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(db, sql_course_words);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		each(sqlite3_column_int64(st, 0), store_text(st, 1), arg);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

json_t *course_summary_json(struct dbconn *db, int64_t id) { return store_json_by_id(db, sql_summary, id); }
