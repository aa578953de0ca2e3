/* E-SkillUp (issue 24) on a real daemon: a course written whole and
 * refused at the field that is wrong (with its place); videos uploaded by
 * the tus protocol in pieces, an offset that does not match refused with
 * the right one, a piece past the length, another account's upload
 * absent; a finished upload checked by its content (a PDF, a cut MP4
 * refused; MP4 and WebM read: duration and picture size); publishing only
 * when every lesson has its video; streaming with Range (206 with the very
 * bytes, a suffix range, 416 past the end, If-Range with another ETag gets
 * the whole file); learning: a position that runs ahead of real time is
 * held back, quizzes scored without telling the answers, the course
 * completed once with its e-certificate, which the public check knows and
 * the year's counts hold (counted here from what the test did). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api_client.h"

static struct daemon d;
static char officer[64], lpk[64], lpk_unverified[64], ani[64], budi[64], company[64], year[5];
static long long course_id, module1, module2, lesson_upload, lesson_link, lesson_webm;
static size_t mp4_len, webm_len;
static unsigned char *mp4, *webm;

static long call(const char *method, const char *path, const char *token, const char *body, struct response *r)
{
	assert_int_equal(http_call(&d, method, path, token, body, NULL, r), 0);
	return r->status;
}
static const char *str(json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }
static long long num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static int setup(void **state)
{
	(void)state;
	char today[11];
	office_date(0, today);
	memcpy(year, today, 4);
	if (daemon_start(&d, NULL) < 0 || !officer_ready(&d, officer) ||
	    !account_ready(&d, "lpk", "lpk@example.id", "rahasia-lpk-1", "LPK Mandiri", NULL, lpk) ||
	    !account_ready(&d, "lpk", "baru@example.id", "rahasia-lpk-2", "LPK Baru", NULL, lpk_unverified) ||
	    organisation_ready(&d, officer, lpk, "LPK Mandiri", "private_company") < 0 ||
	    organisation_ready(&d, NULL, lpk_unverified, "LPK Baru", "private_company") < 0 ||
	    !account_ready(&d, "seeker", "ani@example.id", "rahasia-kerja-1", "Ani Suryani", "3277014101000001", ani) ||
	    seeker_profile_ready(&d, ani, "Ani Suryani", "2000-01-01", "F", "smk", "32.77.01.1001", NULL) < 0 ||
	    !account_ready(&d, "seeker", "budi@example.id", "rahasia-kerja-1", "Budi", "3277010101900002", budi) ||
	    !account_ready(&d, "company", "hrd@lasjaya.co.id", "rahasia-las-1", "PT Las Jaya", NULL, company) ||
	    organisation_ready(&d, officer, company, "PT Las Jaya", "private_company") < 0)
		return -1;
	mp4 = fixture("lesson-320x240.mp4", &mp4_len);
	webm = fixture("lesson-320x240.webm", &webm_len);
	return mp4 && webm ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(mp4);
	free(webm);
	return daemon_stop(&d) == 0 ? 0 : -1;
}

/* Two modules: an uploaded lesson and a linked 20 s one with a two-question
 * quiz (pass 60), then a WebM lesson with one question. */
static const char course_body[] =
	"{\"title\":\"Menjahit Dasar Daring\",\"vocation\":\"Garmen\",\"description\":\"Belajar menjahit pakaian "
	"dari video, dengan kuis di setiap modul.\",\"level\":\"basic\",\"competencies\":[\"C.141100.001.01\"],"
	"\"modules\":[{\"title\":\"Mengenal mesin jahit\",\"pass_percent\":60,\"lessons\":[{\"title\":\"Bagian "
	"mesin\"},{\"title\":\"Memasang jarum\",\"video_url\":\"https://video.example.org/jarum.mp4\","
	"\"duration_s\":20}],\"quiz\":[{\"question\":\"Apa fungsi sepatu jahit?\",\"options\":[\"Menekan "
	"kain\",\"Memotong benang\"],\"answer\":0},{\"question\":\"Jarum dipasang menghadap ...\",\"options\":"
	"[\"kiri\",\"kanan\",\"belakang\"],\"answer\":1}]},{\"title\":\"Jahitan lurus\",\"pass_percent\":100,"
	"\"lessons\":[{\"title\":\"Latihan jahitan lurus\"}],\"quiz\":[{\"question\":\"Kecepatan yang aman untuk "
	"pemula?\",\"options\":[\"Pelan\",\"Cepat\"],\"answer\":0}]}]}";

/* course_body with from replaced by to. */
static void course_with(const char *from, const char *to, char *out, size_t cap)
{
	const char *at = strstr(course_body, from);
	assert_non_null(at);
	snprintf(out, cap, "%.*s%s%s", (int)(at - course_body), course_body, to, at + strlen(from));
}

static void course_written_and_refused(void **state)
{
	(void)state;
	struct response r;
	char body[4096], path[96];
	assert_int_equal(call("POST", "/v1/courses", ani, course_body, &r), 403);
	response_free(&r);
	assert_int_equal(call("POST", "/v1/courses", lpk_unverified, course_body, &r), 403);
	response_free(&r);
	static const struct {
		const char *from, *to, *field;
	} bad[] = {
		{"\"level\":\"basic\"", "\"level\":\"expert\"", "level"},
		{"\"answer\":0}]}]}", "\"answer\":2}]}]}", "modules[1].quiz[0].answer"},
		{"\"duration_s\":20", "\"duration_s\":0", "modules[0].lessons[1].duration_s"},
		{"https://video.example.org", "http://video.example.org", "modules[0].lessons[1].video_url"},
		{"\"pass_percent\":60", "\"pass_percent\":0", "modules[0].pass_percent"},
		{"\"options\":[\"Pelan\",\"Cepat\"]", "\"options\":[\"Pelan\"]", "modules[1].quiz[0].options"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		course_with(bad[i].from, bad[i].to, body, sizeof body);
		assert_int_equal(call("POST", "/v1/courses", officer, body, &r), 422);
		assert_string_equal(error_field_of(&r), bad[i].field);
		response_free(&r);
	}
	assert_int_equal(call("POST", "/v1/courses", officer, "{\"title\":\"X\"}", &r), 400);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM course"), 0);

	assert_int_equal(call("POST", "/v1/courses", officer, course_body, &r), 201);
	course_id = num(r.json, "id");
	assert_string_equal(str(r.json, "state"), "draft");
	assert_string_equal(str(r.json, "provider"), "Dinas Tenaga Kerja");
	json_t *modules = json_object_get(r.json, "modules");
	assert_int_equal(json_array_size(modules), 2);
	json_t *m1 = json_array_get(modules, 0), *m2 = json_array_get(modules, 1);
	module1 = num(m1, "id");
	module2 = num(m2, "id");
	lesson_upload = num(json_array_get(json_object_get(m1, "lessons"), 0), "id");
	lesson_link = num(json_array_get(json_object_get(m1, "lessons"), 1), "id");
	lesson_webm = num(json_array_get(json_object_get(m2, "lessons"), 0), "id");
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(m1, "lessons"), 0), "video")));
	/* The author sees the right answers. */
	assert_int_equal(num(json_array_get(json_object_get(m1, "quiz"), 1), "answer"), 1);
	assert_int_equal(num(r.json, "duration_s"), 20);
	response_free(&r);
	/* The officers' list has the draft; the LPK's own list does not. */
	assert_int_equal(call("GET", "/v1/me/courses", officer, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "items"), 0), "state"), "draft");
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/courses", lpk, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	/* A draft is nobody else's business. */
	snprintf(path, sizeof path, "/v1/courses/%lld", course_id);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", path, lpk, NULL, &r), 404);
	response_free(&r);
	/* Nobody has started it: the funnel is empty (not one row of nothing). */
	snprintf(path, sizeof path, "/v1/courses/%lld/learners", course_id);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_int_equal(num(json_object_get(r.json, "funnel"), "started"), 0);
	assert_int_equal(num(json_object_get(r.json, "funnel"), "lessons_total"), 3);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	/* Not published while a lesson has no video. */
	snprintf(path, sizeof path, "/v1/courses/%lld/state", course_id);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"published\"}", &r), 409);
	assert_string_equal(error_code_of(&r), "course_incomplete");
	response_free(&r);
	assert_int_equal(call("POST", path, lpk, "{\"state\":\"published\"}", &r), 404);
	response_free(&r);
}

/* A new upload of len bytes by token: its id. */
static void upload_new(const char *token, size_t len, char id[64])
{
	struct response r;
	char length[64];
	snprintf(length, sizeof length, "Upload-Length: %zu", len);
	const char *h[] = {length, "Tus-Resumable: 1.0.0", NULL};
	assert_int_equal(http_call_raw(&d, "POST", "/v1/uploads", token, NULL, 0, h, &r), 0);
	assert_int_equal(r.status, 201);
	char location[128];
	assert_non_null(response_header(&r, "Location", location, sizeof location));
	assert_true(strlen(location) < 64 + strlen("/v1/uploads/"));
	snprintf(id, 64, "%.63s", location + strlen("/v1/uploads/"));
	assert_string_equal(str(r.json, "id"), id);
	response_free(&r);
}

/* PATCH len bytes at offset: the status, and the Upload-Offset answered. */
static long patch(const char *token, const char *id, size_t offset, const void *bytes, size_t len, long long *now_at)
{
	struct response r;
	char path[128], at[64], value[32];
	snprintf(path, sizeof path, "/v1/uploads/%s", id);
	snprintf(at, sizeof at, "Upload-Offset: %zu", offset);
	const char *h[] = {at, "Content-Type: application/offset+octet-stream", "Tus-Resumable: 1.0.0", NULL};
	assert_int_equal(http_call_raw(&d, "PATCH", path, token, bytes, len, h, &r), 0);
	long status = r.status;
	*now_at = response_header(&r, "Upload-Offset", value, sizeof value) ? atoll(value) : -1;
	response_free(&r);
	return status;
}

static void upload_whole(const char *token, const unsigned char *bytes, size_t len, char id[64])
{
	long long at;
	upload_new(token, len, id);
	assert_int_equal(patch(token, id, 0, bytes, len, &at), 204);
	assert_int_equal(at, (long long)len);
}

static long attach(const char *token, long long lesson, const char *upload, struct response *r)
{
	char path[128], body[128];
	snprintf(path, sizeof path, "/v1/courses/%lld/lessons/%lld/video", course_id, lesson);
	snprintf(body, sizeof body, "{\"upload_id\":\"%s\"}", upload);
	return call("POST", path, token, body, r);
}

static void videos_uploaded_resumed_and_checked(void **state)
{
	(void)state;
	struct response r;
	char id[64], other[64], path[128], value[32];
	long long at;
	/* Creation needs the length, within bounds. */
	assert_int_equal(http_call_raw(&d, "POST", "/v1/uploads", officer, NULL, 0, NULL, &r), 0);
	assert_int_equal(r.status, 400);
	assert_string_equal(error_field_of(&r), "Upload-Length");
	response_free(&r);
	const char *huge[] = {"Upload-Length: 5000000000", NULL};
	assert_int_equal(http_call_raw(&d, "POST", "/v1/uploads", officer, NULL, 0, huge, &r), 0);
	assert_int_equal(r.status, 413);
	response_free(&r);

	/* In three pieces, as over a connection that broke. */
	upload_new(officer, mp4_len, id);
	assert_int_equal(patch(officer, id, 0, mp4, 4000, &at), 204);
	assert_int_equal(at, 4000);
	/* The piece again (the client did not hear the answer): refused with where to go on. */
	assert_int_equal(patch(officer, id, 0, mp4, 4000, &at), 409);
	assert_int_equal(at, 4000);
	snprintf(path, sizeof path, "/v1/uploads/%s", id);
	assert_int_equal(http_call(&d, "HEAD", path, officer, NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(response_header(&r, "Upload-Offset", value, sizeof value), "4000");
	response_free(&r);
	assert_int_equal(call("GET", path, lpk, NULL, &r), 404); /* another account's upload */
	response_free(&r);
	/* Not whole yet: not a video yet. */
	assert_int_equal(attach(officer, lesson_upload, id, &r), 409);
	assert_string_equal(error_code_of(&r), "upload_incomplete");
	response_free(&r);
	/* Past the declared length; not the tus media type. */
	unsigned char *too_much = calloc(1, mp4_len);
	assert_int_equal(patch(officer, id, 4000, too_much, mp4_len, &at), 413);
	free(too_much);
	const char *wrong[] = {"Upload-Offset: 4000", "Content-Type: application/octet-stream", NULL};
	assert_int_equal(http_call_raw(&d, "PATCH", path, officer, mp4 + 4000, 100, wrong, &r), 0);
	assert_int_equal(r.status, 415);
	response_free(&r);
	assert_int_equal(patch(officer, id, 4000, mp4 + 4000, 3000, &at), 204);
	assert_int_equal(patch(officer, id, 7000, mp4 + 7000, mp4_len - 7000, &at), 204);
	assert_int_equal(at, (long long)mp4_len);

	/* Files that are not whole videos: a PDF, an MP4 cut short. */
	size_t pdf_len;
	unsigned char *pdf = fixture("ijazah.pdf", &pdf_len);
	upload_whole(officer, pdf, pdf_len, other);
	free(pdf);
	assert_int_equal(attach(officer, lesson_upload, other, &r), 422);
	assert_string_equal(error_code_of(&r), "video_invalid");
	response_free(&r);
	upload_whole(officer, mp4, 6000, other);
	assert_int_equal(attach(officer, lesson_upload, other, &r), 422);
	assert_string_equal(error_code_of(&r), "video_invalid");
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM course_lesson WHERE video_file IS NOT NULL"), 0);

	/* Someone else's course; then the right one: read from the container. */
	assert_int_equal(attach(lpk, lesson_upload, id, &r), 404);
	response_free(&r);
	assert_int_equal(attach(officer, lesson_upload, id, &r), 200);
	assert_string_equal(str(r.json, "media_type"), "video/mp4");
	assert_true(json_real_value(json_object_get(r.json, "duration_s")) == 3.0);
	assert_int_equal(num(r.json, "width"), 320);
	assert_int_equal(num(r.json, "height"), 240);
	assert_int_equal(num(r.json, "size_bytes"), (long long)mp4_len);
	response_free(&r);
	assert_int_equal(attach(officer, lesson_webm, id, &r), 409); /* one upload, one lesson */
	assert_string_equal(error_code_of(&r), "upload_used");
	response_free(&r);
	upload_whole(officer, webm, webm_len, other);
	assert_int_equal(attach(officer, lesson_webm, other, &r), 200);
	assert_string_equal(str(r.json, "media_type"), "video/webm");
	assert_int_equal(num(r.json, "width"), 320);
	response_free(&r);

	/* Published now; the catalogue has it, without the answers. */
	snprintf(path, sizeof path, "/v1/courses/%lld/state", course_id);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"published\"}", &r), 200);
	assert_string_equal(str(r.json, "state"), "published");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/courses/%lld/lessons/%lld/video", course_id, lesson_upload);
	assert_int_equal(call("POST", path, officer, "{\"upload_id\":\"x\"}", &r), 409); /* published: fixed */
	response_free(&r);
	assert_int_equal(call("GET", "/v1/courses?q=jahit&level=basic", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_int_equal(num(json_array_get(json_object_get(r.json, "items"), 0), "lessons_count"), 3);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/courses?level=advanced", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/courses/%lld", course_id);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 200);
	assert_null(strstr(r.body, "\"answer\""));
	json_t *video = json_object_get(
		json_array_get(json_object_get(json_array_get(json_object_get(r.json, "modules"), 0), "lessons"), 0),
		"video");
	assert_string_equal(str(video, "kind"), "upload");
	char want[64];
	snprintf(want, sizeof want, "/v1/lessons/%lld/video", lesson_upload);
	assert_string_equal(str(video, "url"), want);
	response_free(&r);
}

static void streamed_with_ranges(void **state)
{
	(void)state;
	struct response r;
	char path[64], value[96], etag[96];
	snprintf(path, sizeof path, "/v1/lessons/%lld/video", lesson_upload);
	assert_int_equal(http_call_raw(&d, "GET", path, NULL, NULL, 0, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, mp4_len);
	assert_memory_equal(r.body, mp4, mp4_len);
	assert_string_equal(response_header(&r, "Accept-Ranges", value, sizeof value), "bytes");
	assert_string_equal(response_header(&r, "Content-Type", value, sizeof value), "video/mp4");
	assert_non_null(response_header(&r, "ETag", etag, sizeof etag));
	response_free(&r);
	/* The file in 1,000-byte ranges, put together, is the file. */
	unsigned char *again = malloc(mp4_len);
	for (size_t from = 0; from < mp4_len; from += 1000) {
		char range[64], want[96];
		size_t to = from + 999 < mp4_len ? from + 999 : mp4_len - 1;
		snprintf(range, sizeof range, "Range: bytes=%zu-%zu", from, to);
		const char *h[] = {range, NULL};
		assert_int_equal(http_call_raw(&d, "GET", path, NULL, NULL, 0, h, &r), 0);
		assert_int_equal(r.status, 206);
		assert_int_equal(r.len, to - from + 1);
		snprintf(want, sizeof want, "bytes %zu-%zu/%zu", from, to, mp4_len);
		assert_string_equal(response_header(&r, "Content-Range", value, sizeof value), want);
		memcpy(again + from, r.body, r.len);
		response_free(&r);
	}
	assert_memory_equal(again, mp4, mp4_len);
	free(again);
	/* The last 500 bytes; past the end; another version. */
	const char *suffix[] = {"Range: bytes=-500", NULL};
	assert_int_equal(http_call_raw(&d, "GET", path, NULL, NULL, 0, suffix, &r), 0);
	assert_int_equal(r.status, 206);
	assert_memory_equal(r.body, mp4 + mp4_len - 500, 500);
	response_free(&r);
	const char *beyond[] = {"Range: bytes=99999999-", NULL};
	assert_int_equal(http_call_raw(&d, "GET", path, NULL, NULL, 0, beyond, &r), 0);
	assert_int_equal(r.status, 416);
	char want[64];
	snprintf(want, sizeof want, "bytes */%zu", mp4_len);
	assert_string_equal(response_header(&r, "Content-Range", value, sizeof value), want);
	response_free(&r);
	const char *stale[] = {"Range: bytes=0-9", "If-Range: \"an-older-version\"", NULL};
	assert_int_equal(http_call_raw(&d, "GET", path, NULL, NULL, 0, stale, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, mp4_len);
	response_free(&r);
	char same[128];
	snprintf(same, sizeof same, "If-Range: %s", etag);
	const char *fresh[] = {"Range: bytes=0-9", same, NULL};
	assert_int_equal(http_call_raw(&d, "GET", path, NULL, NULL, 0, fresh, &r), 0);
	assert_int_equal(r.status, 206);
	assert_int_equal(r.len, 10);
	response_free(&r);
	/* A linked lesson has no file here; no lesson, nothing. */
	snprintf(path, sizeof path, "/v1/lessons/%lld/video", lesson_link);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 404);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/lessons/99999/video", NULL, NULL, &r), 404);
	response_free(&r);
}

static long progress(const char *token, long long lesson, const char *position, struct response *r)
{
	char path[96], body[64];
	snprintf(path, sizeof path, "/v1/me/lessons/%lld/progress", lesson);
	snprintf(body, sizeof body, "{\"position_s\":%s}", position);
	return call("PUT", path, token, body, r);
}

static long quiz(const char *token, long long module, const char *answers, struct response *r)
{
	char path[96], body[64];
	snprintf(path, sizeof path, "/v1/me/modules/%lld/quiz-attempts", module);
	snprintf(body, sizeof body, "{\"answers\":%s}", answers);
	return call("POST", path, token, body, r);
}

/* The learner's lesson entry in a progress answer. */
static json_t *lesson_of(json_t *learning, long long lesson)
{
	size_t i;
	json_t *l;
	json_array_foreach (json_object_get(learning, "lessons"), i, l)
		if (num(l, "lesson_id") == lesson)
			return l;
	return NULL;
}

static void learned_to_certificate(void **state)
{
	(void)state;
	struct response r;
	int completions = 0; /* counted here, for the year's figures */
	assert_int_equal(progress(budi, lesson_upload, "1", &r), 409); /* no profile */
	assert_string_equal(error_code_of(&r), "profile_missing");
	response_free(&r);
	assert_int_equal(progress(ani, lesson_upload, "-1", &r), 422);
	response_free(&r);
	/* Reporting the end of a 20 s lesson at once: held at 15 s, not done. */
	assert_int_equal(progress(ani, lesson_link, "20", &r), 200);
	assert_true(json_real_value(json_object_get(lesson_of(r.json, lesson_link), "position_s")) == 15.0);
	assert_true(json_is_false(json_object_get(lesson_of(r.json, lesson_link), "done")));
	assert_true(json_is_null(json_object_get(r.json, "certificate_number")));
	response_free(&r);
	/* The quiz: one answer per question; scored, not told. */
	assert_int_equal(quiz(ani, module1, "[0]", &r), 422);
	assert_string_equal(error_field_of(&r), "answers");
	response_free(&r);
	assert_int_equal(quiz(ani, module1, "[0,0]", &r), 200);
	assert_int_equal(num(json_object_get(r.json, "quiz"), "score_percent"), 50);
	assert_true(json_is_false(json_object_get(json_object_get(r.json, "quiz"), "passed")));
	assert_null(strstr(r.body, "\"answer\""));
	response_free(&r);
	assert_int_equal(quiz(ani, module1, "[0,1]", &r), 200);
	assert_true(json_is_true(json_object_get(json_object_get(r.json, "quiz"), "passed")));
	assert_int_equal(num(r.json, "modules_done"), 0); /* its lessons are not done yet */
	response_free(&r);
	assert_int_equal(progress(ani, lesson_upload, "2.8", &r), 200);
	assert_true(json_is_true(json_object_get(lesson_of(r.json, lesson_upload), "done")));
	response_free(&r);
	sleep(2); /* real time passes: the rest of the linked lesson may be reported */
	assert_int_equal(progress(ani, lesson_link, "19", &r), 200);
	assert_true(json_is_true(json_object_get(lesson_of(r.json, lesson_link), "done")));
	assert_int_equal(num(r.json, "modules_done"), 1);
	response_free(&r);
	/* The last module: its lesson, then its quiz completes the course. */
	assert_int_equal(progress(ani, lesson_webm, "3", &r), 200);
	assert_true(json_is_null(json_object_get(r.json, "completed_at")));
	response_free(&r);
	assert_int_equal(quiz(ani, module2, "[0]", &r), 200);
	completions++;
	char number[64];
	snprintf(number, sizeof number, "ESKILLUP/%s/000001", year);
	assert_string_equal(str(r.json, "certificate_number"), number);
	assert_false(json_is_null(json_object_get(r.json, "completed_at")));
	assert_int_equal(num(r.json, "modules_done"), 2);
	assert_int_equal(num(r.json, "lessons_done"), 3);
	response_free(&r);
	/* Once: another passing attempt changes nothing. */
	assert_int_equal(quiz(ani, module2, "[0]", &r), 200);
	assert_string_equal(str(r.json, "certificate_number"), number);
	response_free(&r);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM notification WHERE title LIKE 'Kursus selesai%'"), 1);
	/* The public check knows the e-certificate; the person's list has the course. */
	char query[128];
	snprintf(query, sizeof query, "/v1/verify/certificates?number=eskillup/%s/000001", year);
	assert_int_equal(call("GET", query, NULL, NULL, &r), 200);
	assert_string_equal(str(r.json, "holder"), "A** S******");
	assert_string_equal(str(r.json, "scheme"), "Menjahit Dasar Daring");
	assert_true(json_is_true(json_object_get(r.json, "valid")));
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/learning", ani, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(str(json_array_get(json_object_get(r.json, "items"), 0), "certificate_number"), number);
	response_free(&r);
	/* The year's counts: online completions apart from classroom trainings. */
	char path[96];
	snprintf(path, sizeof path, "/v1/stats/trainings?year=%s", year);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	json_t *online = json_object_get(r.json, "online");
	assert_int_equal(num(online, "completions"), completions);
	assert_int_equal(num(online, "persons"), 1);
	assert_string_equal(str(json_array_get(json_object_get(online, "by_course"), 0), "title"),
	                    "Menjahit Dasar Daring");
	assert_int_equal(num(json_object_get(r.json, "trained"), "persons"), 0); /* classroom: none */
	response_free(&r);
	assert_int_equal(call("GET", path, lpk, NULL, &r), 200); /* the office's course is not the LPK's */
	assert_int_equal(num(json_object_get(r.json, "online"), "completions"), 0);
	response_free(&r);
	/* Her own copy of her data holds the course, its lessons and attempts. */
	assert_int_equal(call("GET", "/v1/me/data-export", ani, NULL, &r), 200);
	json_t *mine = json_array_get(json_object_get(r.json, "online_courses"), 0);
	assert_string_equal(str(mine, "certificate_number"), number);
	assert_int_equal(json_array_size(json_object_get(mine, "lessons")), 3);
	assert_int_equal(json_array_size(json_object_get(mine, "quiz_attempts")), 4);
	response_free(&r);
	/* The officers' view: the funnel and each quiz, counted here from what Ani did. */
	snprintf(path, sizeof path, "/v1/courses/%lld/learners", course_id);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	json_t *funnel = json_object_get(r.json, "funnel");
	assert_int_equal(num(funnel, "started"), 1);
	assert_int_equal(num(funnel, "half"), 1);
	assert_int_equal(num(funnel, "completed"), completions);
	json_t *q1 = json_array_get(json_object_get(funnel, "modules"), 0);
	assert_int_equal(num(q1, "quiz_attempts"), 2); /* [0,0] failed, [0,1] passed */
	assert_int_equal(num(q1, "quiz_passed"), 1);
	json_t *learner = json_array_get(json_object_get(r.json, "items"), 0);
	assert_string_equal(str(learner, "name"), "Ani Suryani");
	assert_string_equal(str(learner, "nik_masked"), "3277********0001");
	assert_null(strstr(r.body, "3277014101000001"));
	response_free(&r);
	assert_int_equal(call("GET", path, lpk, NULL, &r), 404); /* not the LPK's course */
	response_free(&r);
	snprintf(path, sizeof path, "/v1/courses/%lld/learners?format=xlsx", course_id);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	char *cells = run_on_bytes("/usr/bin/python3 tests/readers/xlsx_cells.py", r.body, r.len, ".xlsx");
	assert_non_null(strstr(cells, "\tAni Suryani\n"));
	assert_non_null(strstr(cells, number));
	free(cells);
	response_free(&r);
	/* Whether online completions count as trained in the IKU is the office's
	 * setting, and the answer says which. */
	snprintf(path, sizeof path, "/v1/statistics/iku?year=%s", year);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_true(json_is_false(json_object_get(r.json, "trained_includes_online")));
	assert_int_equal(num(json_array_get(json_object_get(r.json, "indicators"), 1), "numerator"), 0);
	response_free(&r);
	/* Uploads no lesson took (the PDF, the cut MP4), a week old: the next
	 * housekeeping (at the start below) removes them and their files. */
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM video_upload WHERE used_by IS NULL"), 2);
	char stale_path[512];
	db_exec(&d, "UPDATE video_upload SET created_at = created_at - 8 * 86400 WHERE used_by IS NULL");
	static const char *const with_online[] = {"-o", "iku_trained_includes_online=true", NULL};
	assert_int_equal(daemon_restart(&d, with_online), 0);
	for (int i = 0; i < 50 && db_exec(&d, "SELECT count(*) FROM video_upload WHERE used_by IS NULL") > 0; i++)
		usleep(100000);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM video_upload WHERE used_by IS NULL"), 0);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM video_upload"), 2); /* the attached ones stay */
	snprintf(stale_path, sizeof stale_path, "ls %s/uploads | wc -l", d.dir);
	FILE *ls = popen(stale_path, "r");
	int files = -1;
	assert_non_null(ls);
	assert_int_equal(fscanf(ls, "%d", &files), 1);
	pclose(ls);
	assert_int_equal(files, 0);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "trained_includes_online")));
	assert_string_equal(str(json_array_get(json_object_get(r.json, "indicators"), 1), "key"), "trained_share");
	assert_int_equal(num(json_array_get(json_object_get(r.json, "indicators"), 1), "numerator"), completions);
	response_free(&r);
	/* Withdrawn: out of the catalogue; the certificate stays; no more progress. */
	snprintf(path, sizeof path, "/v1/courses/%lld/state", course_id);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"withdrawn\"}", &r), 200);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/courses", NULL, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	response_free(&r);
	assert_int_equal(progress(ani, lesson_upload, "1", &r), 409);
	assert_string_equal(error_code_of(&r), "course_not_published");
	response_free(&r);
	assert_int_equal(call("GET", query, NULL, NULL, &r), 200);
	response_free(&r);
	assert_true(db_integrity_ok(&d));
}

/* A vacancy of PT Las Jaya, published; its id. */
static long long published_vacancy(const char *title)
{
	struct response r;
	char body[1024], until[16], path[96];
	time_t later = time(NULL) + 60 * 86400;
	strftime(until, sizeof until, "%Y-%m-%d", gmtime(&later));
	snprintf(body, sizeof body,
	         "{\"title\":\"%s\",\"kbji\":\"7212\",\"description\":\"Mengelas rangka baja di bengkel "
	         "konstruksi, sertifikat las diutamakan.\",\"needed_men\":3,\"valid_until\":\"%s\","
	         "\"min_education\":\"smp\",\"wage_min\":3800000,\"wage_max\":4200000,\"location_kind\":"
	         "\"kecamatan\",\"location_code\":\"32.77.01\",\"employment_type\":\"contract\",\"contact\":"
	         "\"hrd@lasjaya.co.id\"}",
	         title, until);
	assert_int_equal(call("POST", "/v1/vacancies", company, body, &r), 201);
	long long id = num(r.json, "id");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/submit", id);
	assert_int_equal(call("POST", path, company, NULL, &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/vacancies/%lld/moderation", id);
	assert_int_equal(call("POST", path, officer, "{\"decision\":\"publish\"}", &r), 200);
	response_free(&r);
	return id;
}

/* Courses recommended to a person: about her skills and the vacancy she
 * looked at, with the reasons; one she completed is not offered again. */
static void recommended_courses(void **state)
{
	(void)state;
	struct response r;
	char body[4096], path[96];
	/* Budi has no profile yet: nothing to go by. */
	assert_int_equal(call("GET", "/v1/me/course-recommendations", budi, NULL, &r), 409);
	response_free(&r);
	/* A published course on coffee, and one on welding that nothing points to. */
	static const char *const titles[][2] = {{"Barista Dasar", "Tata Boga"}, {"Las Listrik SMAW", "Teknik Las"}};
	for (int i = 0; i < 2; i++) {
		snprintf(
			body, sizeof body,
			"{\"title\":\"%s\",\"vocation\":\"%s\",\"description\":\"Kursus video.\",\"level\":"
			"\"basic\",\"modules\":[{\"title\":\"M\",\"pass_percent\":50,\"lessons\":[{\"title\":\"L\","
			"\"video_url\":\"https://video.example.org/a.mp4\",\"duration_s\":60}],\"quiz\":[{\"question\":"
			"\"Q\",\"options\":[\"a\",\"b\"],\"answer\":0}]}]}",
			titles[i][0], titles[i][1]);
		assert_int_equal(call("POST", "/v1/courses", officer, body, &r), 201);
		snprintf(path, sizeof path, "/v1/courses/%lld/state", num(r.json, "id"));
		response_free(&r);
		assert_int_equal(call("POST", path, officer, "{\"state\":\"published\"}", &r), 200);
		response_free(&r);
	}
	/* Ani's skills say coffee; she completed the sewing course (withdrawn anyway). */
	assert_int_equal(call("GET", "/v1/me/profile", ani, NULL, &r), 200);
	json_t *profile = json_deep_copy(r.json);
	response_free(&r);
	json_object_set_new(profile, "skills", json_pack("[s]", "barista kopi"));
	static const char *const computed[] = {"id", "updated_at", "nik_masked", "kecamatan", "kelurahan", "age", NULL};
	for (const char *const *k = computed; *k; k++)
		json_object_del(profile, *k);
	char *text = json_dumps(profile, JSON_COMPACT);
	json_decref(profile);
	long status = call("PUT", "/v1/me/profile", ani, text, &r);
	if (status != 200)
		fail_msg("profile: %ld %s", status, r.body);
	free(text);
	response_free(&r);
	assert_int_equal(call("GET", "/v1/me/course-recommendations", ani, NULL, &r), 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(str(json_array_get(items, 0), "title"), "Barista Dasar");
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_array_get(items, 0), "reasons"), 0)),
	                    "skills");
	assert_null(strstr(r.body, "Menjahit Dasar Daring")); /* completed */
	response_free(&r);

	/* Ani opens a welder's vacancy without applying: the welding course
	 * comes too, for that reason ("listrik", 2 points; "las" is too short
	 * to count, "juru" is not in the course). */
	long long vacancy = published_vacancy("Juru Las Listrik");
	snprintf(path, sizeof path, "/v1/vacancies/%lld", vacancy);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 200); /* not signed in: nobody's look */
	response_free(&r);
	assert_int_equal(call("GET", path, ani, NULL, &r), 200);
	response_free(&r);
	/* Noted after the reply, within a second. */
	for (int tries = 0; tries < 40 && db_exec(&d, "SELECT count(*) FROM vacancy_view") < 1; tries++)
		usleep(100 * 1000);
	assert_int_equal(db_exec(&d, "SELECT count(*) FROM vacancy_view"), 1);
	assert_int_equal(call("GET", "/v1/me/course-recommendations", ani, NULL, &r), 200);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *welding = json_array_get(items, 0);
	if (strcmp(str(welding, "title"), "Las Listrik SMAW"))
		welding = json_array_get(items, 1);
	assert_string_equal(str(welding, "title"), "Las Listrik SMAW");
	assert_int_equal(num(welding, "score"), 2);
	assert_int_equal(json_array_size(json_object_get(welding, "reasons")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(welding, "reasons"), 0)),
	                    "viewed_vacancies");
	response_free(&r);
	/* Her data export says what she looked at. */
	assert_int_equal(call("GET", "/v1/me/data-export", ani, NULL, &r), 200);
	json_t *viewed = json_object_get(r.json, "vacancies_viewed");
	assert_int_equal(json_array_size(viewed), 1);
	assert_string_equal(str(json_array_get(viewed, 0), "vacancy"), "Juru Las Listrik");
	response_free(&r);
}

/* A learners-only course: its video is not public; a signed-in job seeker
 * gets a signed URL that works without a token until it expires; a URL
 * changed in any way does not. */
static void learners_only_videos(void **state)
{
	(void)state;
	struct response r;
	char body[4096], path[160], id[64];
	course_with("\"level\":\"basic\"", "\"level\":\"basic\",\"learners_only\":true", body, sizeof body);
	assert_int_equal(call("POST", "/v1/courses", officer, body, &r), 201);
	long long course = num(r.json, "id");
	assert_true(json_is_true(json_object_get(r.json, "learners_only")));
	json_t *modules = json_object_get(r.json, "modules");
	long long lessons[3] = {num(json_array_get(json_object_get(json_array_get(modules, 0), "lessons"), 0), "id"),
	                        num(json_array_get(json_object_get(json_array_get(modules, 1), "lessons"), 0), "id"),
	                        0};
	response_free(&r);
	long long saved_course = course_id;
	course_id = course;
	for (int i = 0; i < 2; i++) {
		upload_whole(officer, mp4, mp4_len, id);
		assert_int_equal(attach(officer, lessons[i], id, &r), 200);
		response_free(&r);
	}
	course_id = saved_course;
	snprintf(path, sizeof path, "/v1/courses/%lld/state", course);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"published\"}", &r), 200);
	assert_string_equal(
		str(json_object_get(
			    json_array_get(
				    json_object_get(json_array_get(json_object_get(r.json, "modules"), 0), "lessons"),
				    0),
			    "video"),
	            "access"),
		"learners");
	response_free(&r);
	snprintf(path, sizeof path, "/v1/lessons/%lld/video", lessons[0]);
	assert_int_equal(call("GET", path, NULL, NULL, &r), 403); /* not public */
	response_free(&r);
	assert_int_equal(call("GET", path, officer, NULL, &r), 200); /* those who manage it */
	assert_int_equal(r.len, mp4_len);
	response_free(&r);
	/* The signed URL, without a token, in ranges as a player asks. */
	snprintf(path, sizeof path, "/v1/me/lessons/%lld/video-url", lessons[0]);
	assert_int_equal(call("GET", path, ani, NULL, &r), 200);
	char url[160];
	snprintf(url, sizeof url, "%s", str(r.json, "url"));
	response_free(&r);
	const char *range[] = {"Range: bytes=0-99", NULL};
	assert_int_equal(http_call_raw(&d, "GET", url, NULL, NULL, 0, range, &r), 0);
	assert_int_equal(r.status, 206);
	assert_memory_equal(r.body, mp4, 100);
	char value[64];
	assert_string_equal(response_header(&r, "Cache-Control", value, sizeof value), "no-store");
	response_free(&r);
	/* Another lesson, another signature, a later expiry: none of them works. */
	char forged[200];
	snprintf(forged, sizeof forged, "%s", url);
	char *sig = strstr(forged, "sig=") + 4;
	sig[0] = sig[0] == 'A' ? 'B' : 'A';
	assert_int_equal(call("GET", forged, NULL, NULL, &r), 403);
	response_free(&r);
	char *expires = strstr(url, "expires=") + 8;
	snprintf(forged, sizeof forged, "/v1/lessons/%lld/video?expires=%lld%s", lessons[1], atoll(expires),
	         strstr(url, "&sig="));
	assert_int_equal(call("GET", forged, NULL, NULL, &r), 403);
	response_free(&r);
	snprintf(forged, sizeof forged, "/v1/lessons/%lld/video?expires=%lld%s", lessons[0], atoll(expires) + 3600,
	         strstr(url, "&sig="));
	assert_int_equal(call("GET", forged, NULL, NULL, &r), 403);
	response_free(&r);
	/* Expired: with a one-second life, a second later it no longer plays. */
	static const char *const short_life[] = {"-o", "video_url_ttl_s=1", NULL};
	assert_int_equal(daemon_restart(&d, short_life), 0);
	assert_int_equal(call("GET", path, ani, NULL, &r), 200);
	snprintf(url, sizeof url, "%s", str(r.json, "url"));
	response_free(&r);
	sleep(2);
	assert_int_equal(call("GET", url, NULL, NULL, &r), 403);
	response_free(&r);
	assert_int_equal(call("GET", path, budi, NULL, &r), 200); /* a seeker without a profile may ask too */
	response_free(&r);
}

/* A draft written again: its uploaded video stays at its place, a new
 * lesson has none; a bad field changes nothing; a published course is
 * not rewritten; another LPK's course is absent. */
static void draft_rewritten(void **state)
{
	(void)state;
	struct response r;
	char body[4096], path[96], id[64];
	assert_int_equal(call("POST", "/v1/courses", officer, course_body, &r), 201);
	long long course = num(r.json, "id");
	long long first = num(
		json_array_get(json_object_get(json_array_get(json_object_get(r.json, "modules"), 0), "lessons"), 0),
		"id");
	response_free(&r);
	long long saved = course_id;
	course_id = course;
	upload_whole(officer, mp4, mp4_len, id);
	assert_int_equal(attach(officer, first, id, &r), 200);
	response_free(&r);
	course_id = saved;
	/* Again, retitled, with a new second lesson in module 1 (the linked one moves to third). */
	course_with("{\"title\":\"Bagian mesin\"}", "{\"title\":\"Bagian mesin\"},{\"title\":\"Benang atas\"}", body,
	            sizeof body);
	char *title = strstr(body, "Menjahit Dasar Daring");
	memcpy(title, "Menjahit Dasar Baru!!", strlen("Menjahit Dasar Daring"));
	snprintf(path, sizeof path, "/v1/courses/%lld", course);
	assert_int_equal(call("PUT", path, lpk, body, &r), 404);
	response_free(&r);
	char bad[4096];
	snprintf(bad, sizeof bad, "%s", body);
	memcpy(strstr(bad, "\"pass_percent\":60"), "\"pass_percent\":0 ", strlen("\"pass_percent\":60"));
	assert_int_equal(call("PUT", path, officer, bad, &r), 422);
	assert_string_equal(error_field_of(&r), "modules[0].pass_percent");
	response_free(&r);
	assert_int_equal(call("PUT", path, officer, body, &r), 200);
	assert_string_equal(str(r.json, "title"), "Menjahit Dasar Baru!!");
	json_t *lessons = json_object_get(json_array_get(json_object_get(r.json, "modules"), 0), "lessons");
	assert_int_equal(json_array_size(lessons), 3);
	json_t *video = json_object_get(json_array_get(lessons, 0), "video");
	assert_string_equal(str(video, "kind"), "upload");
	assert_int_equal(json_integer_value(json_object_get(video, "size_bytes")), (long long)mp4_len);
	assert_true(json_is_null(json_object_get(json_array_get(lessons, 1), "video"))); /* the new one */
	assert_string_equal(str(json_object_get(json_array_get(lessons, 2), "video"), "kind"), "link");
	long long kept = num(json_array_get(lessons, 0), "id");
	response_free(&r);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM video_upload WHERE used_by = %lld", kept);
	assert_int_equal(db_exec(&d, sql), 1); /* the upload follows its lesson */
	snprintf(path, sizeof path, "/v1/lessons/%lld/video", kept);
	assert_int_equal(http_call_raw(&d, "GET", path, officer, NULL, 0, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, mp4, mp4_len);
	response_free(&r);
	/* Another video in its place: the first is let go (no lesson, its week
	 * starting now), the lesson plays the new one. */
	char first_upload[64];
	snprintf(first_upload, sizeof first_upload, "%s", id);
	course_id = course;
	upload_whole(officer, webm, webm_len, id);
	assert_int_equal(attach(officer, kept, id, &r), 200);
	response_free(&r);
	course_id = saved;
	assert_int_equal(db_exec(&d, sql), 1);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM video_upload WHERE id = '%s' AND used_by IS NULL AND created_at > "
	         "unixepoch() - 60",
	         first_upload);
	assert_int_equal(db_exec(&d, sql), 1);
	assert_int_equal(http_call_raw(&d, "GET", path, officer, NULL, 0, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, webm, webm_len);
	response_free(&r);
	/* Published, it is what learners are certified for: not rewritten. */
	course_id = course;
	for (int m = 0; m < 2; m++) {
		snprintf(path, sizeof path, "/v1/courses/%lld", course);
		assert_int_equal(call("GET", path, officer, NULL, &r), 200);
		json_t *ls = json_object_get(json_array_get(json_object_get(r.json, "modules"), (size_t)m), "lessons");
		long long todo[4] = {0};
		size_t n = 0, i;
		json_t *l;
		json_array_foreach (ls, i, l)
			if (json_is_null(json_object_get(l, "video")) && n < 4)
				todo[n++] = num(l, "id");
		response_free(&r);
		for (size_t k = 0; k < n; k++) {
			upload_whole(officer, webm, webm_len, id);
			assert_int_equal(attach(officer, todo[k], id, &r), 200);
			response_free(&r);
		}
	}
	course_id = saved;
	snprintf(path, sizeof path, "/v1/courses/%lld/state", course);
	assert_int_equal(call("POST", path, officer, "{\"state\":\"published\"}", &r), 200);
	response_free(&r);
	snprintf(path, sizeof path, "/v1/courses/%lld", course);
	assert_int_equal(call("PUT", path, officer, body, &r), 409);
	response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(course_written_and_refused),
		cmocka_unit_test(videos_uploaded_resumed_and_checked),
		cmocka_unit_test(streamed_with_ranges),
		cmocka_unit_test(learned_to_certificate),
		cmocka_unit_test(recommended_courses),
		cmocka_unit_test(learners_only_videos),
		cmocka_unit_test(draft_rewritten),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
