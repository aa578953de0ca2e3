#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "admin.h"
#include "audit.h"
#include "http.h"
#include "list.h"
#include "metrics.h"
#include "outbox.h"
#include "outbox_store.h"
#include "server.h"
#include "store.h"
#include "writer.h"

/* The store probe is a real read of the database, done at most once a
 * second: a read transaction costs file-lock system calls, and a liveness
 * route polled by load balancers should not cost more than a request.  The
 * answer only changes with the probe, so it is rendered once per probe.
 *
 * Reads are not enough: with the disk full every write fails while reads go
 * on.  So the writer's state counts too (the last transaction failed and
 * none has committed since), and while it is failing each probe also queues
 * one small write, whose commit is what tells that writes work again. */
static struct {
	int64_t at;
	int ok;
	char body[512];
} probe;

static int write_probe(struct dbconn *db, void *arg)
{
	(void)arg;
	return store_write_probe(db, now_seconds()) == 0 ? WRITE_OK : WRITE_STORE_ERROR;
}

static void write_probe_done(void *arg, int result)
{
	(void)arg;
	(void)result;
}

void admin_health(struct req *r)
{
	int64_t now = now_seconds();
	if (probe.at != now) {
		int version = store_version_of(r->srv->reader);
		int store_ok = version >= 0;
		struct writer_stats ws = {0};
		if (r->srv->writer)
			writer_get_stats(r->srv->writer, &ws);
		if (ws.failing && r->srv->writer)
			writer_submit(r->srv->writer, write_probe, write_probe_done, NULL);
		probe.ok = store_ok && !ws.failing && r->srv->writer;
		probe.at = now;
		char at[32];
		json_t *body = json_pack("{s:s, s:s, s:s, s:I, s:i, s:s, s:s}", "status",
		                         probe.ok ? "ok" : "unavailable", "store", store_ok ? "ok" : "unavailable",
		                         "writes", ws.failing || !r->srv->writer ? "failing" : "ok", "write_queue",
		                         (json_int_t)ws.depth, "schema_version", version, "version", SIDAKERD_VERSION,
		                         "checked_at", iso8601(now, at, sizeof at));
		if (body && ws.failing)
			json_object_set_new(body, "write_error", json_string(ws.last_error));
		char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
		snprintf(probe.body, sizeof probe.body, "%s", text ? text : "{\"status\":\"unavailable\"}");
		free(text);
		json_decref(body);
	}
	if (!probe.ok)
		evhttp_add_header(evhttp_request_get_output_headers(r->ev), "Retry-After", "1");
	req_reply_raw(r, probe.ok ? 200 : 503, "application/json; charset=utf-8", probe.body, strlen(probe.body));
}

void admin_metrics(struct req *r)
{
	size_t len = 0;
	char *text = metrics_render(r->srv->metrics, r->srv, &len);
	if (!text) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
	free(text);
}

/* ---- backup ---- */

struct backup_state {
	char path[4096], error[256];
	int rc;
	long long bytes;
	int64_t at;
};

static void backup_run(struct req *r)
{
	struct backup_state *st = r->state;
	st->rc = store_backup(r->srv->cfg->database, st->path, st->error, sizeof st->error);
	struct stat sb;
	if (st->rc == 0 && stat(st->path, &sb) == 0)
		st->bytes = (long long)sb.st_size;
}

static int backup_audit(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct backup_state *st = r->state;
	char detail[64];
	snprintf(detail, sizeof detail, "{\"bytes\":%lld}", st->bytes);
	return audit_record(db, r->who.account_id, "store.backup", "store", 0, detail, st->at) == 0 ? WRITE_OK
												    : WRITE_STORE_ERROR;
}

static void backup_audited(struct req *r, int result)
{
	struct backup_state *st = r->state;
	char at[32];
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	const char *name = strrchr(st->path, '/');
	req_reply(r, 201,
	          json_pack("{s:s, s:I, s:s}", "file", name ? name + 1 : st->path, "bytes", (json_int_t)st->bytes,
	                    "created_at", iso8601(st->at, at, sizeof at)));
}

static void backup_done(struct req *r)
{
	struct backup_state *st = r->state;
	if (st->rc != 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_write(r, backup_audit, backup_audited);
}

void admin_backup(struct req *r)
{
	struct backup_state *st = req_state_new(r, sizeof *st, NULL);
	if (!st)
		return;
	st->at = now_seconds();
	char stamp[32];
	time_t t = (time_t)st->at;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	mkdir(r->srv->cfg->backup_dir, 0700);
	snprintf(st->path, sizeof st->path, "%s/sidakerd-%s-%s.db", r->srv->cfg->backup_dir, stamp, r->id);
	req_pool(r, backup_run, backup_done);
}

/* ---- outbox ---- */

/* "budi.santoso@example.id" → "bu***@example.id": enough to recognise a
 * failing domain without listing people's addresses. */
static void mask_address(const char *addr, char *out, size_t cap)
{
	const char *at = strchr(addr, '@');
	int keep = at && at - addr > 2 ? 2 : 0;
	snprintf(out, cap, "%.*s***%s", keep, addr, at ? at : "");
}

static void add_message(const struct outbox_row *row, void *arg)
{
	char masked[300], created[32], next[32], sent[32];
	mask_address(row->recipient, masked, sizeof masked);
	json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s}", "id", (json_int_t)row->id, "recipient", masked,
	                      "subject", row->subject, "attempts", row->attempts, "created_at",
	                      iso8601(row->created_at, created, sizeof created), "next_attempt_at",
	                      iso8601(row->next_attempt_at, next, sizeof next));
	if (!o)
		return;
	if (row->sent_at)
		json_object_set_new(o, "sent_at", json_string(iso8601(row->sent_at, sent, sizeof sent)));
	if (row->failed_at)
		json_object_set_new(o, "failed_at", json_string(iso8601(row->failed_at, sent, sizeof sent)));
	if (*row->last_error)
		json_object_set_new(o, "last_error", json_string(row->last_error));
	json_array_append_new(arg, o);
}

void admin_outbox_list(struct req *r)
{
	const char *state = req_query(r, "state");
	if (!state)
		state = "failed";
	if (strcmp(state, "pending") && strcmp(state, "sent") && strcmp(state, "failed")) {
		req_fail(r, ERR_QUERY_INVALID, "state");
		return;
	}
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	json_t *items = json_array();
	if (outbox_list(r->srv->reader, state, page.cursor, page.limit + 1, add_message, items) < 0) {
		json_decref(items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

static int retry_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	int64_t id = req_param_id(r, 0), now = now_seconds();
	int rc = outbox_retry(db, id, now);
	if (rc == 1)
		return WRITE_REFUSED;
	if (rc < 0 || audit_record(db, r->who.account_id, "outbox.retry", "outbox", id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void retry_done(struct req *r, int result)
{
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? ERR_NOT_FOUND : ERR_STORE, NULL);
		return;
	}
	req_reply(r, 202, json_pack("{s:s}", "status", "queued"));
}

void admin_outbox_retry(struct req *r)
{
	if (req_param_id(r, 0) < 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	req_write(r, retry_write, retry_done);
}
