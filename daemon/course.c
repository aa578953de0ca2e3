/* E-SkillUp courses (issue 24): an LPK or the office writes a course, its
 * modules in order, each with lessons and a multiple-choice quiz, adds the
 * lessons' videos (course_video.c) and publishes it; anyone browses the
 * published catalogue; job seekers learn (course_learning.c).  A course is
 * written whole while it is a draft; published, it changes only by being
 * withdrawn, so that what a learner was certified for stays as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "config.h"
#include "course.h"
#include "course_store.h"
#include "export.h"
#include "http.h"
#include "list.h"
#include "mask.h"
#include "server.h"
#include "store.h"
#include "validate.h"

static const struct field_spec fields[] = {
	{"title", FIELD_STRING, 1, 150},        {"vocation", FIELD_STRING, 1, 80},
	{"description", FIELD_STRING, 1, 5000}, {"level", FIELD_STRING, 1, 16},
	{"competencies", FIELD_ARRAY, 0, 30},   {"modules", FIELD_ARRAY, 1, COURSE_MAX_MODULES},
	{"learners_only", FIELD_BOOLEAN, 0, 0}, {NULL, 0, 0, 0},
};

int course_managed_by(const struct req *r, int64_t provider_id)
{
	return (r->who.role & ROLES_STAFF) || provider_id == r->who.account_id;
}

struct course_state {
	int64_t id;
	json_t *course;
	char field[96];
	struct course_row row;
	char to[12];
};

static void course_state_free(void *p)
{
	struct course_state *st = p;
	if (st)
		json_decref(st->course);
	free(st);
}

static int text_at(const json_t *o, const char *name, size_t max)
{
	const json_t *v = json_object_get(o, name);
	return json_is_string(v) && valid_text(json_string_value(v), max) == 0 ? 0 : -1;
}

/* A lesson: a title, and a video either uploaded later or linked now
 * (https, with its length, which a link cannot be asked for). */
static const char *check_lesson(const json_t *l)
{
	if (!json_is_object(l) || text_at(l, "title", 150) < 0)
		return "title";
	const json_t *url = json_object_get(l, "video_url"), *dur = json_object_get(l, "duration_s");
	if (url && !json_is_null(url)) {
		const char *u = json_string_value(url);
		if (!u || strncmp(u, "https://", 8) || strlen(u) > 500 || valid_text(u, 500) < 0 || strchr(u, ' '))
			return "video_url";
		if (!json_is_integer(dur) || json_integer_value(dur) < 1 || json_integer_value(dur) > 86400)
			return "duration_s";
	} else if (dur && !json_is_null(dur)) {
		return "duration_s";
	}
	return NULL;
}

static const char *check_question(const json_t *q)
{
	if (!json_is_object(q) || text_at(q, "question", 500) < 0)
		return "question";
	const json_t *options = json_object_get(q, "options"), *answer = json_object_get(q, "answer"), *o;
	size_t i;
	if (!json_is_array(options) || json_array_size(options) < 2 || json_array_size(options) > QUIZ_MAX_OPTIONS)
		return "options";
	json_array_foreach (options, i, o)
		if (!json_is_string(o) || valid_text(json_string_value(o), 200) < 0)
			return "options";
	if (!json_is_integer(answer) || json_integer_value(answer) < 0 ||
	    (size_t)json_integer_value(answer) >= json_array_size(options))
		return "answer";
	return NULL;
}

/* The whole course checked; the first bad field named with its place,
 * e.g. modules[1].quiz[0].answer. */
static int check_course(const json_t *c, char *field, size_t cap)
{
	static const char *const levels[] = {"basic", "intermediate", "advanced", NULL};
	static const char *const texts[] = {"title", "vocation", "description", NULL};
	for (const char *const *t = texts; *t; t++)
		if (text_at(c, *t, !strcmp(*t, "description") ? 5000 : 150) < 0) {
			snprintf(field, cap, "%s", *t);
			return -1;
		}
	if (!valid_choice(body_str(c, "level"), levels)) {
		snprintf(field, cap, "level");
		return -1;
	}
	if (json_array_size(json_object_get(c, "modules")) < 1) {
		snprintf(field, cap, "modules");
		return -1;
	}
	size_t i, j;
	json_t *v, *m;
	json_array_foreach (json_object_get(c, "competencies"), i, v)
		if (!json_is_string(v) || valid_text(json_string_value(v), 120) < 0) {
			snprintf(field, cap, "competencies[%zu]", i);
			return -1;
		}
	json_array_foreach (json_object_get(c, "modules"), i, m) {
		const json_t *lessons = json_object_get(m, "lessons"), *quiz = json_object_get(m, "quiz"),
			     *pass = json_object_get(m, "pass_percent");
		const char *bad = !json_is_object(m) || text_at(m, "title", 150) < 0 ? "title"
			: !json_is_integer(pass) || json_integer_value(pass) < 1 || json_integer_value(pass) > 100
			? "pass_percent"
			: !json_is_array(lessons) || json_array_size(lessons) < 1 ||
				json_array_size(lessons) > COURSE_MAX_LESSONS
			? "lessons"
			: !json_is_array(quiz) || json_array_size(quiz) > QUIZ_MAX_QUESTIONS ? "quiz"
											     : NULL;
		if (bad) {
			snprintf(field, cap, "modules[%zu].%s", i, bad);
			return -1;
		}
		json_array_foreach (lessons, j, v)
			if ((bad = check_lesson(v))) {
				snprintf(field, cap, "modules[%zu].lessons[%zu].%s", i, j, bad);
				return -1;
			}
		json_array_foreach (quiz, j, v)
			if ((bad = check_question(v))) {
				snprintf(field, cap, "modules[%zu].quiz[%zu].%s", i, j, bad);
				return -1;
			}
	}
	return 0;
}

/* What a reader is shown: the quiz's right answers only to those who
 * manage the course. */
static json_t *course_for(struct req *r, json_t *c, int64_t provider_id)
{
	if (c && json_is_null(json_object_get(c, "provider")))
		json_object_set_new(c, "provider", json_string(r->srv->cfg->office_name));
	if (!c || course_managed_by(r, provider_id))
		return c;
	size_t i, j;
	json_t *m, *q;
	json_array_foreach (json_object_get(c, "modules"), i, m)
		json_array_foreach (json_object_get(m, "quiz"), j, q)
			json_object_del(q, "answer");
	return c;
}

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct course_state *st = r->state;
	int64_t now = now_seconds();
	if (course_insert(db, r->who.account_id, r->who.role & ROLE_LPK ? "lpk" : "office", st->course, now, &st->id) <
	            0 ||
	    audit_record(db, r->who.account_id, "course.create", "course", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void reply_course(struct req *r, int status, int64_t id, int64_t provider_id)
{
	json_t *c = course_for(r, course_json(r->srv->reader, id), provider_id);
	if (!c) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, c);
}

static void created(struct req *r, int result)
{
	struct course_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	reply_course(r, 201, st->id, r->who.account_id);
}

void course_create(struct req *r)
{
	struct course_state *st = req_state_new(r, sizeof(struct course_state), course_state_free);
	if (!st || req_body_check(r, fields) < 0)
		return;
	if (check_course(r->body, st->field, sizeof st->field) < 0) {
		req_fail(r, ERR_FIELD_INVALID, st->field);
		return;
	}
	st->course = json_incref(r->body);
	req_write(r, create_write, created);
}

/* PUT /v1/courses/{id}: a draft written again, whole. */
static int rewrite_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct course_state *st = r->state;
	int64_t now = now_seconds();
	enum store_result rc = course_rewrite(db, st->id, st->course, now);
	if (rc == STORE_NO_MATCH)
		return WRITE_REFUSED;
	return rc == STORE_OK && audit_record(db, r->who.account_id, "course.rewrite", "course", st->id, NULL, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void rewritten(struct req *r, int result)
{
	struct course_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? ERR_STATE : ERR_STORE, NULL);
		return;
	}
	reply_course(r, 200, st->id, st->row.provider_id);
}

void course_update(struct req *r)
{
	struct course_state *st = req_state_new(r, sizeof(struct course_state), course_state_free);
	if (!st || req_body_check(r, fields) < 0)
		return;
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? course_fetch(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0 || !course_managed_by(r, st->row.provider_id)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (strcmp(st->row.state, "draft")) {
		req_fail(r, ERR_STATE, NULL);
		return;
	}
	if (check_course(r->body, st->field, sizeof st->field) < 0) {
		req_fail(r, ERR_FIELD_INVALID, st->field);
		return;
	}
	st->course = json_incref(r->body);
	req_write(r, rewrite_write, rewritten);
}

/* The course named in the path: a published one for anyone, any other to
 * those who manage it (else 404: a draft is as good as absent). */
static int visible_course(struct req *r, struct course_row *c)
{
	req_authenticate_optional(r);
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? course_fetch(r->srv->reader, id, c) : 0;
	if (found <= 0 || (strcmp(c->state, "published") && !course_managed_by(r, c->provider_id))) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

void course_get(struct req *r)
{
	struct course_row c;
	if (visible_course(r, &c) == 0)
		reply_course(r, 200, c.id, c.provider_id);
}

/* The office's own courses carry the office's name as their provider. */
static json_t *with_office_name(struct req *r, json_t *items)
{
	size_t i;
	json_t *c;
	json_array_foreach (items, i, c)
		if (json_is_null(json_object_get(c, "provider")))
			json_object_set_new(c, "provider", json_string(r->srv->cfg->office_name));
	return items;
}

void course_search(struct req *r)
{
	static const char *const levels[] = {"basic", "intermediate", "advanced", NULL};
	struct list_page page;
	struct course_filter f = {req_query(r, "q"), req_query(r, "vocation"), NULL};
	if (list_page_parse(r, &page) < 0 || req_query_choice(r, "level", levels, &f.level) < 0)
		return;
	if ((f.q && valid_text(f.q, 100) < 0) || (f.vocation && valid_text(f.vocation, 80) < 0)) {
		req_fail(r, ERR_QUERY_INVALID, f.q && valid_text(f.q, 100) < 0 ? "q" : "vocation");
		return;
	}
	json_t *items = with_office_name(r, course_search_json(r->srv->reader, &f, page.cursor, page.limit));
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

/* An LPK's own courses in every state; an officer's: every course. */
void course_list_provider(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	json_t *items =
		with_office_name(r,
	                         course_provider_json(r->srv->reader, r->who.role & ROLES_STAFF ? 0 : r->who.account_id,
	                                              page.cursor, page.limit));
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

/* draft → published (every lesson with its video, every module with its
 * quiz), published → withdrawn (learners keep their progress and
 * certificates), withdrawn → published. */
static int state_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct course_state *st = r->state;
	int64_t now = now_seconds();
	if (!strcmp(st->to, "published")) {
		int missing = course_missing_parts(db, st->id);
		if (missing != 0)
			return missing < 0 ? WRITE_STORE_ERROR : WRITE_REFUSED;
	}
	const char *from = !strcmp(st->to, "withdrawn") ? "published" : st->row.state;
	enum store_result rc = course_set_state(db, st->id, from, st->to, now);
	if (rc != STORE_OK) {
		snprintf(st->field, sizeof st->field, "state");
		return rc == STORE_NO_MATCH ? WRITE_REFUSED : WRITE_STORE_ERROR;
	}
	return audit_record(db, r->who.account_id, !strcmp(st->to, "published") ? "course.publish" : "course.withdraw",
	                    "course", st->id, NULL, now) < 0
		? WRITE_STORE_ERROR
		: WRITE_OK;
}

static void state_changed(struct req *r, int result)
{
	struct course_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (*st->field ? ERR_STATE : ERR_COURSE_INCOMPLETE) : ERR_STORE,
		         NULL);
		return;
	}
	reply_course(r, 200, st->id, st->row.provider_id);
}

void course_change_state(struct req *r)
{
	static const struct field_spec state_fields[] = {{"state", FIELD_STRING, 1, 12}, {NULL, 0, 0, 0}};
	static const char *const states[] = {"published", "withdrawn", NULL};
	struct course_state *st = req_state_new(r, sizeof(struct course_state), course_state_free);
	if (!st || req_body_check(r, state_fields) < 0)
		return;
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? course_fetch(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0 || !course_managed_by(r, st->row.provider_id)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	const char *to = body_str(r->body, "state");
	if (!valid_choice(to, states)) {
		req_fail(r, ERR_FIELD_INVALID, "state");
		return;
	}
	if (!strcmp(to, st->row.state)) {
		req_fail(r, ERR_STATE, NULL);
		return;
	}
	snprintf(st->to, sizeof st->to, "%s", to);
	req_write(r, state_write, state_changed);
}

/* GET /v1/courses/{id}/learners: the funnel (started, half of the lessons
 * done, completed), each quiz's pass rate, and a page of the learners (NIK
 * masked); with format csv, xlsx or pdf all of them as a file.  Staff
 * reads and every export are audited. */
void course_learners(struct req *r)
{
	struct course_row c;
	struct list_page page;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? course_fetch(r->srv->reader, id, &c) : 0;
	if (found <= 0 || !course_managed_by(r, c.provider_id)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	const char *format;
	int exporting;
	if (list_page_parse(r, &page) < 0 || (exporting = export_requested(r, &format, &page)) < 0)
		return;
	struct masked_rows l = {&r->srv->keys, json_array()};
	json_t *funnel = exporting ? NULL : course_funnel_json(r->srv->reader, id);
	if ((!exporting && !funnel) ||
	    course_learners_each(r->srv->reader, id, page.cursor, page.limit + 1, masked_rows_add, &l) < 0) {
		json_decref(funnel);
		json_decref(l.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (exporting || (r->who.role & ROLES_STAFF))
		audit_read(r->srv, r->who.account_id, exporting ? "course.learners_export" : "course.learners_read",
		           "course", id);
	if (!exporting) {
		list_reply_extra(r, l.items, page.limit, json_pack("{s:o}", "funnel", funnel));
		return;
	}
	static const struct export_column columns[] = {
		{"name", "Nama", NULL},
		{"nik_masked", "NIK", NULL},
		{"started_at", "Mulai", NULL},
		{"lessons_done", "Pelajaran selesai", NULL},
		{"completed_at", "Selesai", NULL},
		{"certificate_number", "Nomor sertifikat", NULL},
		{NULL, NULL, NULL},
	};
	export_list_reply(r, format, "Peserta kursus daring", "Semua peserta", "learners", "Peserta kursus daring",
	                  l.items, columns);
}
