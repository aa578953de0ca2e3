#include <event2/event.h>

#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "account_store.h"
#include "audit.h"
#include "config.h"
#include "course_store.h"
#include "defaults.h"
#include "housekeeping.h"
#include "http.h"
#include "idempotency.h"
#include "idempotency_store.h"
#include "log.h"
#include "matching.h"
#include "notification.h"
#include "server.h"
#include "service_client_store.h"
#include "throttle_store.h"
#include "tracer.h"
#include "tracer_store.h"
#include "vacancy_store.h"
#include "writer.h"

static struct event *timer;

static int sweep(struct dbconn *db, void *arg)
{
	struct server *srv = arg;
	int64_t now = now_seconds();
	if (session_expire(db, now) < 0 || email_token_expire(db, now - 7 * 24 * 3600) < 0 ||
	    idempotency_expire(db, now - IDEMPOTENCY_TTL_S) < 0 ||
	    throttle_expire(db, now - srv->cfg->login_window_s) < 0 ||
	    vacancy_store_views_expire(db, now - VACANCY_VIEW_KEEP_DAYS * 86400) < 0 ||
	    service_token_expire(db, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

/* Retention: a sign-up never confirmed is personal data with no purpose;
 * after unconfirmed_retention_days it goes, with the e-mails sent to it.
 * Its own job, so that a refusal here never holds up the sweep above. */
static int purge(struct dbconn *db, void *arg)
{
	struct server *srv = arg;
	if (srv->cfg->unconfirmed_retention_days <= 0)
		return WRITE_OK;
	int64_t now = now_seconds();
	int n = account_purge_unconfirmed(db, now - (int64_t)srv->cfg->unconfirmed_retention_days * 86400);
	if (n < 0)
		return WRITE_STORE_ERROR;
	if (n > 0) {
		char detail[48];
		snprintf(detail, sizeof detail, "{\"accounts\":%d}", n);
		if (audit_record(db, 0, "account.purge_unconfirmed", "account", 0, detail, now) < 0)
			return WRITE_STORE_ERROR;
	}
	return WRITE_OK;
}

/* Daily digests: whoever chose one gets what waited, once a day. */
static int digests(struct dbconn *db, void *arg)
{
	struct server *srv = arg;
	int n = notification_send_digests(db, srv->cfg, now_seconds());
	if (n > 0)
		log_info("housekeeping", "digests=%d", n);
	return n < 0 ? WRITE_STORE_ERROR : WRITE_OK;
}

/* Video uploads never attached to a lesson within UPLOAD_RETENTION_S: the
 * pieces on disk go with the row (an upload is resumable that long). */
static void remove_upload(const char *id, void *arg)
{
	const struct server *srv = arg;
	static const char *const places[] = {"uploads/%s", "videos/%s.mp4", "videos/%s.webm"};
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
		char name[128], path[PATH_MAX];
		snprintf(name, sizeof name, places[i], id);
		snprintf(path, sizeof path, "%s/%s", srv->cfg->data_dir, name);
		unlink(path); /* where it is: still arriving, or a video a rewritten draft let go */
	}
}

static int stale_uploads(struct dbconn *db, void *arg)
{
	int n = video_upload_expire(db, now_seconds() - UPLOAD_RETENTION_S, remove_upload, arg);
	if (n > 0)
		log_info("housekeeping", "stale_uploads=%d", n);
	return n < 0 ? WRITE_STORE_ERROR : WRITE_OK;
}

/* Tracer surveys whose wave has come. */
static int surveys(struct dbconn *db, void *arg)
{
	struct server *srv = arg;
	int n = tracer_issue_surveys(db, srv->cfg, now_seconds());
	if (n > 0)
		log_info("housekeeping", "tracer_surveys=%d", n);
	return n < 0 ? WRITE_STORE_ERROR : WRITE_OK;
}

static void swept(void *arg, int result)
{
	(void)arg;
	if (result != WRITE_OK)
		log_warn("housekeeping", "result=%d", result);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (srv->writer && !srv->shutting_down) {
		writer_submit(srv->writer, sweep, swept, srv);
		writer_submit(srv->writer, purge, swept, srv);
		writer_submit(srv->writer, surveys, swept, srv);
		writer_submit(srv->writer, stale_uploads, swept, srv);
		writer_submit(srv->writer, digests, swept, srv);
		matching_kick(srv); /* a run a full queue or a failed step left waiting */
	}
}

int housekeeping_start(struct server *srv)
{
	timer = event_new(srv->base, -1, EV_PERSIST, on_timer, srv);
	struct timeval tv = {HOUSEKEEPING_INTERVAL_S, 0};
	if (!timer || event_add(timer, &tv) < 0)
		return -1;
	event_active(timer, EV_TIMEOUT, 0); /* once at start, too */
	return 0;
}

void housekeeping_stop(void)
{
	if (timer)
		event_free(timer);
	timer = NULL;
}
