/* The common parts of the CSV import routes (csv_upload.h). */
#include <event2/buffer.h>
#include <event2/http.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "crypto.h"
#include "csv_upload.h"
#include "http.h"
#include "csv_table.h"
#include "csv_upload_store.h"
#include "server.h"
#include "store.h"

int csv_upload_take(struct req *r, struct csv_upload *u)
{
	const char *mode = req_query(r, "mode"), *ct = req_header(r, "Content-Type");
	memset(u, 0, sizeof *u);
	if (mode && strcmp(mode, "all") && strcmp(mode, "valid_only")) {
		req_fail(r, ERR_QUERY_INVALID, "mode");
		return -1;
	}
	if (!ct || strncasecmp(ct, "text/csv", 8) != 0) {
		req_fail(r, ERR_MEDIA_TYPE, NULL);
		return -1;
	}
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t len = evbuffer_get_length(in);
	if (len == 0) {
		req_fail(r, ERR_FILE_EMPTY, NULL);
		return -1;
	}
	if (!(u->data = malloc(len))) {
		req_fail(r, ERR_BUSY, NULL);
		return -1;
	}
	u->len = len;
	u->valid_only = mode && !strcmp(mode, "valid_only");
	evbuffer_remove(in, u->data, len);
	crypto_hash_sha256(u->digest, u->data, u->len);
	return 0;
}

json_t *csv_upload_rows(struct req *r, const struct csv_upload *u, const char *const *columns,
                        const char *const *required, int max_rows, json_t *errors, struct dbconn **db, int *fatal)
{
	static const char *const integers[] = {"graduation_year", NULL};
	char err[128];
	if (!(*db = store_open(r->srv->cfg->database, STORE_READ_ONLY, "FULL", err, sizeof err))) {
		*fatal = -1;
		return NULL;
	}
	json_t *rows = csv_table_parse(u->data, u->len, columns, required, integers, max_rows, errors);
	if (!rows)
		*fatal = 1;
	return rows;
}

int csv_upload_verdict(struct req *r, const struct csv_upload *u, int fatal, const json_t *errors,
                       void (*refuse)(struct req *r))
{
	if (fatal < 0) {
		req_fail(r, ERR_STORE, NULL);
		return -1;
	}
	if (fatal || (json_array_size(errors) && !u->valid_only)) {
		refuse(r);
		return -1;
	}
	return 0;
}

void csv_upload_free(struct csv_upload *u)
{
	free(u->data);
	u->data = NULL;
}

void csv_upload_explain(struct req *r, json_t *outcome)
{
	size_t i;
	json_t *e;
	json_array_foreach (json_object_get(outcome, "errors"), i, e) {
		const char *message = error_message_of_code(json_string_value(json_object_get(e, "code")), r->english);
		if (message)
			json_object_set_new(e, "message", json_string(message));
	}
}

void import_refuse(struct req *r, json_t *outcome)
{
	csv_upload_explain(r, outcome);
	json_object_set_new(outcome, "error",
	                    json_pack("{s:s, s:s}", "code", error_code(ERR_IMPORT_INVALID), "message",
	                              error_message(ERR_IMPORT_INVALID, r->english)));
	req_reply(r, 422, outcome);
}

int csv_upload_log(struct dbconn *db, const char *action, const char *object_type, const struct csv_upload *u,
                   int64_t officer, int total, int imported, int skipped, const char *detail, int64_t now)
{
	int64_t id = import_log_insert(db, object_type, u->digest, officer, u->valid_only ? "valid_only" : "all", total,
	                               imported, skipped, now);
	return id < 0 ? -1 : audit_record(db, officer, action, object_type, id, detail, now);
}
