/* Lesson videos: uploaded in pieces that resume after a broken connection
 * (the tus 1.0 protocol's core and creation: POST makes an upload, HEAD
 * tells how much arrived, PATCH appends at that offset), checked by their
 * container when attached to a lesson (video_probe.c), and streamed with
 * HTTP Range requests from the file, by the kernel (sendfile), so that
 * neither an upload nor a stream is ever whole in memory.
 *
 * What has arrived of an upload is the size of its file: a PATCH writes at
 * the offset it names under an exclusive lock on the file, so two pieces
 * cannot interleave, and a crash between the write and the reply leaves
 * the file as long as what was written, which is where the client resumes. */
#include <errno.h>
#include <stdbool.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "audit.h"
#include "body.h"
#include "config.h"
#include "course.h"
#include "course_store.h"
#include "crypto.h"
#include "http.h"
#include "log.h"
#include "server.h"
#include "store.h"
#include "video_probe.h"

#define TUS_VERSION "1.0.0"

static void upload_path(const struct req *r, const char *id, char out[PATH_MAX])
{
	snprintf(out, PATH_MAX, "%s/uploads/%s", r->srv->cfg->data_dir, id);
}

static void tus_headers(struct req *r, int64_t offset, int64_t length)
{
	char n[32];
	req_add_header(r, "Tus-Resumable", TUS_VERSION);
	if (offset >= 0) {
		snprintf(n, sizeof n, "%lld", (long long)offset);
		req_add_header(r, "Upload-Offset", n);
	}
	if (length > 0) {
		snprintf(n, sizeof n, "%lld", (long long)length);
		req_add_header(r, "Upload-Length", n);
	}
}

/* A header holding a whole non-negative number, or -1. */
static int64_t header_number(const struct req *r, const char *name)
{
	const char *v = req_header(r, name);
	if (!v || !*v || strlen(v) > 18 || strspn(v, "0123456789") != strlen(v))
		return -1;
	return strtoll(v, NULL, 10);
}

struct upload_state {
	char id[TOKEN_TEXT_LEN + 1], path[PATH_MAX], file[96];
	int64_t length, offset, lesson_id, course_id;
	struct evbuffer *chunk;
	struct video_info video;
	int refusal;
};

static void upload_state_free(void *p)
{
	struct upload_state *st = p;
	if (st && st->chunk)
		evbuffer_free(st->chunk);
	free(st);
}

/* ---- POST /v1/uploads: a new upload of Upload-Length bytes ---- */

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct upload_state *st = r->state;
	return video_upload_insert(db, st->id, r->who.account_id, st->length, now_seconds()) == STORE_OK
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void created(struct req *r, int result)
{
	struct upload_state *st = r->state;
	if (result != WRITE_OK) {
		unlink(st->path);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	char location[96];
	snprintf(location, sizeof location, "/v1/uploads/%s", st->id);
	req_add_header(r, "Location", location);
	tus_headers(r, 0, -1);
	req_reply(r, 201, json_pack("{s:s, s:I, s:i}", "id", st->id, "length", (json_int_t)st->length, "offset", 0));
}

void video_upload_create(struct req *r)
{
	struct upload_state *st = req_state_new(r, sizeof(struct upload_state), upload_state_free);
	if (!st)
		return;
	st->length = header_number(r, "Upload-Length");
	if (st->length < 1) {
		req_fail(r, st->length == 0 ? ERR_FILE_EMPTY : ERR_FIELD_MISSING, "Upload-Length");
		return;
	}
	if (st->length > VIDEO_MAX_BYTES) {
		req_fail(r, ERR_FILE_TOO_LARGE, "Upload-Length");
		return;
	}
	unsigned char raw[TOKEN_BYTES];
	token_generate(raw, st->id);
	upload_path(r, st->id, st->path);
	int fd = open(st->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_error("video_upload", "error=\"%s\"", strerror(errno));
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	close(fd);
	req_write(r, create_write, created);
}

/* The upload named in the path, when it is the caller's: 0, or -1 answered. */
static int own_upload(struct req *r, struct upload_state *st)
{
	const char *id = r->nparams ? r->param[0] : "";
	int64_t owner = 0;
	int used = 0;
	int found = strlen(id) == TOKEN_TEXT_LEN &&
			strspn(id,
	                       "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                       "0123456789-_") == TOKEN_TEXT_LEN
		? video_upload_fetch(r->srv->reader, id, &owner, &st->length, &used)
		: 0;
	if (found <= 0 || owner != r->who.account_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	snprintf(st->id, sizeof st->id, "%s", id);
	upload_path(r, st->id, st->path);
	return 0;
}

static int64_t file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

/* ---- HEAD (GET) /v1/uploads/{id}: how much has arrived ---- */

void video_upload_offset(struct req *r)
{
	struct upload_state *st = req_state_new(r, sizeof(struct upload_state), upload_state_free);
	if (!st || own_upload(r, st) < 0)
		return;
	int64_t offset = file_size(st->path);
	if (offset < 0) {
		req_fail(r, ERR_NOT_FOUND, NULL); /* attached to its lesson: the file moved */
		return;
	}
	tus_headers(r, offset, st->length);
	req_reply(r, 200,
	          json_pack("{s:s, s:I, s:I}", "id", st->id, "length", (json_int_t)st->length, "offset",
	                    (json_int_t)offset));
}

/* ---- PATCH /v1/uploads/{id}: the next piece ---- */

/* On the pool: the piece written at the offset the client named, if that
 * is still where the file ends, and made durable. */
static void chunk_write(struct req *r)
{
	struct upload_state *st = r->state;
	int fd = open(st->path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		st->refusal = fd < 0 && errno == ENOENT ? ERR_NOT_FOUND : ERR_BUSY;
		if (fd >= 0)
			close(fd);
		return;
	}
	struct stat sb;
	if (fstat(fd, &sb) < 0 || sb.st_size != st->offset) {
		st->refusal = ERR_UPLOAD_OFFSET;
		st->offset = (int64_t)sb.st_size;
		close(fd);
		return;
	}
	int64_t at = st->offset;
	struct evbuffer_iovec vec[64];
	while (evbuffer_get_length(st->chunk) > 0) {
		int n = evbuffer_peek(st->chunk, -1, NULL, vec, 64);
		if (n > 64)
			n = 64;
		ssize_t wrote = pwritev(fd, (const struct iovec *)vec, n, (off_t)at);
		if (wrote <= 0) {
			st->refusal = ERR_BUSY;
			break;
		}
		at += wrote;
		evbuffer_drain(st->chunk, (size_t)wrote);
	}
	if (!st->refusal && fdatasync(fd) < 0)
		st->refusal = ERR_BUSY;
	st->offset = at;
	close(fd);
}

static void chunk_written(struct req *r)
{
	struct upload_state *st = r->state;
	if (st->refusal) {
		if (st->refusal == ERR_UPLOAD_OFFSET)
			tus_headers(r, st->offset, st->length);
		req_fail(r, (enum err)st->refusal, st->refusal == ERR_UPLOAD_OFFSET ? "Upload-Offset" : NULL);
		return;
	}
	tus_headers(r, st->offset, -1);
	req_reply(r, 204, NULL);
}

void video_upload_chunk(struct req *r)
{
	struct upload_state *st = req_state_new(r, sizeof(struct upload_state), upload_state_free);
	if (!st || own_upload(r, st) < 0)
		return;
	const char *type = req_header(r, "Content-Type");
	if (!type || strcmp(type, "application/offset+octet-stream")) {
		req_fail(r, ERR_MEDIA_TYPE, NULL);
		return;
	}
	st->offset = header_number(r, "Upload-Offset");
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t len = evbuffer_get_length(in);
	if (st->offset < 0) {
		req_fail(r, ERR_FIELD_MISSING, "Upload-Offset");
		return;
	}
	if ((int64_t)len > st->length - st->offset) {
		req_fail(r, ERR_FILE_TOO_LARGE, NULL);
		return;
	}
	/* The piece moves to the state (no copy): the pool thread writes it. */
	if (!(st->chunk = evbuffer_new()) || evbuffer_remove_buffer(in, st->chunk, len) != (int)len) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_pool(r, chunk_write, chunk_written);
}

/* ---- POST /v1/courses/{id}/lessons/{lesson}/video: a finished upload becomes the lesson's video ---- */

static const struct field_spec attach_fields[] = {{"upload_id", FIELD_STRING, 1, TOKEN_TEXT_LEN}, {NULL, 0, 0, 0}};

/* On the pool: whole, a video by its content, then moved among the videos. */
static void attach_check(struct req *r)
{
	struct upload_state *st = r->state;
	int fd = open(st->path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0) {
		st->refusal = ERR_NOT_FOUND;
		if (fd >= 0)
			close(fd);
		return;
	}
	if (sb.st_size != st->length) {
		st->refusal = ERR_UPLOAD_INCOMPLETE;
		close(fd);
		return;
	}
	int probed = video_probe_file(fd, (uint64_t)sb.st_size, &st->video);
	close(fd);
	if (probed < 0) {
		st->refusal = ERR_VIDEO_INVALID;
		return;
	}
	snprintf(st->file, sizeof st->file, "%s.%s", st->id,
	         strcmp(st->video.media_type, "video/mp4") ? "webm" : "mp4");
	char to[PATH_MAX];
	snprintf(to, sizeof to, "%s/videos/%s", r->srv->cfg->data_dir, st->file);
	if (rename(st->path, to) < 0)
		st->refusal = ERR_BUSY;
}

static int attach_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct upload_state *st = r->state;
	enum store_result rc = lesson_set_video(db, st->lesson_id, st->id, st->file, st->video.media_type, st->length,
	                                        st->video.duration_ms, st->video.width, st->video.height,
	                                        now_seconds());
	if (rc == STORE_NO_MATCH) {
		st->refusal = ERR_UPLOAD_USED;
		return WRITE_REFUSED;
	}
	return rc == STORE_OK &&
			audit_record(db, r->who.account_id, "course.lesson_video", "lesson", st->lesson_id, NULL,
	                             now_seconds()) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void attached(struct req *r, int result)
{
	struct upload_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	char url[64];
	snprintf(url, sizeof url, "/v1/lessons/%lld/video", (long long)st->lesson_id);
	req_reply(r, 200,
	          json_pack("{s:I, s:s, s:s, s:s, s:f, s:i, s:i, s:I}", "lesson_id", (json_int_t)st->lesson_id, "kind",
	                    "upload", "url", url, "media_type", st->video.media_type, "duration_s",
	                    (double)st->video.duration_ms / 1000.0, "width", st->video.width, "height",
	                    st->video.height, "size_bytes", (json_int_t)st->length));
}

static void attach_checked(struct req *r)
{
	struct upload_state *st = r->state;
	if (st->refusal) {
		req_fail(r, (enum err)st->refusal, st->refusal == ERR_VIDEO_INVALID ? "upload_id" : NULL);
		return;
	}
	req_write(r, attach_write, attached);
}

void lesson_video_attach(struct req *r)
{
	struct upload_state *st = req_state_new(r, sizeof(struct upload_state), upload_state_free);
	if (!st || req_body_check(r, attach_fields) < 0)
		return;
	st->course_id = req_param_id(r, 0);
	st->lesson_id = req_param_id(r, 1);
	struct course_row c;
	struct lesson_row l;
	int found = st->course_id > 0 && st->lesson_id > 0 ? course_fetch(r->srv->reader, st->course_id, &c) : 0;
	if (found > 0)
		found = lesson_fetch(r->srv->reader, st->lesson_id, &l);
	if (found <= 0 || !course_managed_by(r, c.provider_id) || l.course_id != c.id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	/* A published course is what its learners were certified for. */
	if (strcmp(c.state, "draft")) {
		req_fail(r, ERR_STATE, NULL);
		return;
	}
	const char *id = body_str(r->body, "upload_id");
	int64_t owner = 0;
	int used = 0;
	found = video_upload_fetch(r->srv->reader, id, &owner, &st->length, &used);
	if (found <= 0 || owner != r->who.account_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, "upload_id");
		return;
	}
	if (used) {
		req_fail(r, ERR_UPLOAD_USED, "upload_id");
		return;
	}
	snprintf(st->id, sizeof st->id, "%s", id);
	upload_path(r, st->id, st->path);
	req_pool(r, attach_check, attach_checked);
}

/* ---- GET /v1/lessons/{id}/video: streaming with Range ---- */

/* "bytes=a-b", "bytes=a-" or "bytes=-n" against size: 1 and the range, 0
 * when there is no single range to honour (the whole file is sent), -1
 * when it cannot be satisfied (416). */
static int parse_range(const char *h, int64_t size, int64_t *from, int64_t *to)
{
	if (!h || strncmp(h, "bytes=", 6) || strchr(h, ','))
		return 0;
	const char *p = h + 6, *dash = strchr(p, '-');
	if (!dash)
		return 0;
	char *end;
	if (dash == p) { /* the last n bytes */
		long long n = strtoll(dash + 1, &end, 10);
		if (*end || n <= 0)
			return n == 0 && !*end ? -1 : 0;
		*from = n >= size ? 0 : size - n;
		*to = size - 1;
		return size > 0 ? 1 : -1;
	}
	long long a = strtoll(p, &end, 10);
	if (end != dash || a < 0)
		return 0;
	long long b = size - 1;
	if (dash[1]) {
		b = strtoll(dash + 1, &end, 10);
		if (*end || b < a)
			return 0;
		if (b >= size)
			b = size - 1;
	}
	if (a >= size)
		return -1;
	*from = a;
	*to = b;
	return 1;
}

void lesson_video_stream(struct req *r)
{
	struct lesson_row l;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? lesson_fetch(r->srv->reader, id, &l) : 0;
	if (found > 0 && strcmp(l.course_state, "published")) {
		/* A draft's video: for those who manage the course (with their token). */
		req_authenticate_optional(r);
		if (!r->who.account_id || !course_managed_by(r, l.provider_id))
			found = 0;
	}
	if (found <= 0 || !*l.video_file) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	/* A learners-only course: a URL signed for this lesson, not yet expired
	 * (/v1/me/lessons/{id}/video-url), or those who manage it. */
	bool signed_ok = false;
	if (l.learners_only && !strcmp(l.course_state, "published")) {
		const char *expires = req_query(r, "expires");
		int64_t until = expires && strspn(expires, "0123456789") == strlen(expires) && strlen(expires) < 12
			? strtoll(expires, NULL, 10)
			: 0;
		signed_ok = until >= now_seconds() &&
			media_signature_ok(&r->srv->keys, l.id, until, req_query(r, "sig"));
		if (!signed_ok) {
			req_authenticate_optional(r);
			if (!r->who.account_id || !course_managed_by(r, l.provider_id)) {
				req_fail(r, ERR_FORBIDDEN, NULL);
				return;
			}
		}
	}
	char path[PATH_MAX], etag[80], n[96];
	snprintf(path, sizeof path, "%s/videos/%s", r->srv->cfg->data_dir, l.video_file);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0) {
		if (fd >= 0)
			close(fd);
		log_error("lesson_video", "lesson=%lld error=\"%s\"", (long long)id, strerror(errno));
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	int64_t size = (int64_t)sb.st_size, from = 0, to = size - 1;
	/* The file is never changed, only replaced under a new name: its name is its version. */
	snprintf(etag, sizeof etag, "\"%.*s\"", (int)strcspn(l.video_file, "."), l.video_file);
	req_add_header(r, "Accept-Ranges", "bytes");
	req_add_header(r, "ETag", etag);
	if (!strcmp(l.course_state, "published") && !l.learners_only)
		r->public_max_age = 3600;
	const char *if_range = req_header(r, "If-Range");
	int ranged = if_range && strcmp(if_range, etag) ? 0 : parse_range(req_header(r, "Range"), size, &from, &to);
	if (ranged < 0) {
		close(fd);
		snprintf(n, sizeof n, "bytes */%lld", (long long)size);
		req_add_header(r, "Content-Range", n);
		req_fail(r, ERR_RANGE, NULL);
		return;
	}
	if (ranged) {
		snprintf(n, sizeof n, "bytes %lld-%lld/%lld", (long long)from, (long long)to, (long long)size);
		req_add_header(r, "Content-Range", n);
	}
	req_reply_segment(r, ranged ? 206 : 200, l.media_type, fd, from, to - from + 1);
}

/* GET /v1/me/lessons/{id}/video-url: a URL of the lesson's video that a
 * <video> element can play without a token, for video_url_ttl_s. */
void lesson_video_url(struct req *r)
{
	struct lesson_row l;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? lesson_fetch(r->srv->reader, id, &l) : 0;
	if (found <= 0 || !*l.video_file || strcmp(l.course_state, "published")) {
		req_fail(r,
		         found < 0                            ? ERR_STORE
		                 : found > 0 && *l.video_file ? ERR_COURSE_CLOSED
		                                              : ERR_NOT_FOUND,
		         NULL);
		return;
	}
	int64_t expires = now_seconds() + r->srv->cfg->video_url_ttl_s;
	char sig[TOKEN_TEXT_LEN + 1], url[160], at[32];
	media_sign(&r->srv->keys, l.id, expires, sig);
	snprintf(url, sizeof url, "/v1/lessons/%lld/video?expires=%lld&sig=%s", (long long)l.id, (long long)expires,
	         sig);
	req_reply(r, 200, json_pack("{s:s, s:s}", "url", url, "expires_at", iso8601(expires, at, sizeof at)));
}
