/* Document uploads (POST /v1/me/documents?kind=…) and their retrieval. */
#include <event2/buffer.h>
#include <event2/http.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "card_pdf.h"
#include "document.h"
#include "document_store.h"
#include "filecheck.h"
#include "image_decode.h"
#include "http.h"
#include "server.h"
#include "throttle_store.h"
#include "validate.h"
#include "reference.h"

struct upload_state {
	char kind[16];
	unsigned char *data;
	size_t len;
	struct file_info info;
	enum file_problem problem;
	unsigned char sha256[32];
	int64_t id;
};

static void upload_state_free(void *p)
{
	struct upload_state *st = p;
	if (st)
		free(st->data);
	free(st);
}

static const char *const kinds[] = {REF_DOCUMENT_KIND(REF_VALUE) NULL};

static enum err problem_error(enum file_problem p)
{
	switch (p) {
	case FILE_EMPTY: return ERR_FILE_EMPTY;
	case FILE_TOO_LARGE: return ERR_FILE_TOO_LARGE;
	case FILE_UNKNOWN_TYPE:
	case FILE_WRONG_TYPE: return ERR_FILE_TYPE;
	case FILE_ACTIVE_CONTENT: return ERR_FILE_ACTIVE;
	case FILE_IMAGE_TOO_SMALL: return ERR_PHOTO_SMALL;
	case FILE_BAD_ASPECT: return ERR_PHOTO_ASPECT;
	default: return ERR_FILE_CORRUPT;
	}
}

/* On the pool: the content decides the type; images are also decoded once
 * (the renderer that will print the photo must be able to read it). */
static void upload_inspect(struct req *r)
{
	struct upload_state *st = r->state;
	const struct config *cfg = r->srv->cfg;
	st->problem = file_inspect(st->data, st->len, &st->info);
	if (st->problem == FILE_OK && !strcmp(st->kind, "photo"))
		st->problem = file_check_photo(&st->info, cfg->photo_min_width, cfg->photo_min_height);
	if (st->problem == FILE_OK && st->info.width &&
	    card_pdf_image_decodes(st->data, st->len, !strcmp(st->info.media_type, "image/png")) < 0)
		st->problem = FILE_CORRUPT;
	/* The photo the card prints is kept as pixels re-encoded, not as the
	 * file sent: nothing but the picture survives (no EXIF, no camera, no
	 * place where it was taken, nothing hidden after the image). */
	if (st->problem == FILE_OK && !strcmp(st->kind, "photo")) {
		unsigned char *clean;
		size_t clean_len;
		if (image_reencode_jpeg(st->data, st->len, !strcmp(st->info.media_type, "image/png"),
		                        PHOTO_JPEG_QUALITY, &clean, &clean_len) < 0) {
			st->problem = FILE_CORRUPT;
		} else {
			free(st->data);
			st->data = clean;
			st->len = clean_len;
			st->info.media_type = "image/jpeg";
		}
	}
	crypto_hash_sha256(st->sha256, st->data, st->len);
}

/* Uploads count against the account, an hour at a time. */
static void upload_subject(const struct req *r, unsigned char out[DIGEST_BYTES])
{
	char subject[48];
	snprintf(subject, sizeof subject, "upload:%lld", (long long)r->who.account_id);
	subject_digest(&r->srv->keys, subject, out);
}

static int upload_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct upload_state *st = r->state;
	int64_t now = now_seconds();
	int single = !strcmp(st->kind, "photo") || !strcmp(st->kind, "ktp") || !strcmp(st->kind, "diploma");
	char detail[96];
	snprintf(detail, sizeof detail, "{\"kind\":\"%s\",\"bytes\":%zu}", st->kind, st->len);
	unsigned char subject[DIGEST_BYTES];
	upload_subject(r, subject);
	if (throttle_fail(db, subject, 3600, now) < 0 ||
	    (single && document_delete_kind(db, r->who.account_id, st->kind) < 0) ||
	    document_insert(db, r->who.account_id, st->kind, st->info.media_type, st->data, st->len, st->info.width,
	                    st->info.height, st->sha256, now, &st->id) < 0 ||
	    audit_record(db, r->who.account_id, "document.upload", "document", st->id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void upload_written(struct req *r, int result)
{
	struct upload_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *o = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)st->id, "kind", st->kind, "media_type",
	                      st->info.media_type, "bytes", (json_int_t)st->len);
	if (o && st->info.width) {
		json_object_set_new(o, "width", json_integer(st->info.width));
		json_object_set_new(o, "height", json_integer(st->info.height));
	}
	req_reply(r, 201, o);
}

static void upload_inspected(struct req *r)
{
	struct upload_state *st = r->state;
	if (st->problem != FILE_OK) {
		req_fail(r, problem_error(st->problem), NULL);
		return;
	}
	req_write(r, upload_write, upload_written);
}

void document_upload(struct req *r)
{
	const char *kind = req_query(r, "kind");
	if (!valid_choice(kind, kinds)) {
		req_fail(r, ERR_QUERY_INVALID, "kind");
		return;
	}
	/* Uploads are the heaviest requests (decoded once before they are
	 * stored): a limit per account and hour. */
	unsigned char subject[DIGEST_BYTES];
	upload_subject(r, subject);
	int wait = throttle_wait(r->srv->reader, subject, r->srv->cfg->uploads_max_per_account, 3600, now_seconds());
	if (wait != 0) {
		if (wait < 0)
			req_fail(r, ERR_STORE, NULL);
		else
			req_fail_retry(r, ERR_RATE_LIMITED, wait);
		return;
	}
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t len = evbuffer_get_length(in);
	size_t cap = (size_t)(!strcmp(kind, "photo") ? r->srv->cfg->photo_max_bytes : r->srv->cfg->max_upload_bytes);
	if (len == 0) {
		req_fail(r, ERR_FILE_EMPTY, NULL);
		return;
	}
	if (len > cap) {
		req_fail(r, ERR_FILE_TOO_LARGE, NULL);
		return;
	}
	struct upload_state *st = calloc(1, sizeof *st);
	if (!st || !(st->data = malloc(len))) {
		free(st);
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	r->state = st;
	r->state_free = upload_state_free;
	snprintf(st->kind, sizeof st->kind, "%s", kind);
	st->len = len;
	evbuffer_remove(in, st->data, len);
	req_pool(r, upload_inspect, upload_inspected);
}

void document_list_own(struct req *r)
{
	json_t *items = document_list(r->srv->reader, r->who.account_id);
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:o}", "items", items));
}

void document_send(struct req *r, struct stored_document *doc)
{
	char name[64];
	const char *ext = !strcmp(doc->media_type, "application/pdf") ? "pdf"
		: !strcmp(doc->media_type, "image/png")               ? "png"
								      : "jpg";
	snprintf(name, sizeof name, "%s-%lld.%s", doc->kind, (long long)doc->id, ext);
	req_reply_file(r, doc->media_type, doc->content, doc->len, name);
	free(doc->content);
	doc->content = NULL;
}

void document_get_own(struct req *r)
{
	struct stored_document doc;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? document_fetch(r->srv->reader, id, &doc) : 0;
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* Someone else's document is "not found", not "forbidden": ids must not
	 * tell what exists. */
	if (!found || doc.account_id != r->who.account_id) {
		if (found)
			free(doc.content);
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	document_send(r, &doc);
}
