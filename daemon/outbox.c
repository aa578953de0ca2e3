#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "defaults.h"
#include "handoff.h"
#include "http.h"
#include "log.h"
#include "outbox.h"
#include "outbox_store.h"
#include "pool.h"
#include "server.h"
#include "writer.h"

/* One delivery round: due rows are read on the loop, delivered on the pool,
 * and their outcome written by the writer.  Only one round runs at a time. */
struct round {
	struct server *srv;
	struct outbox_row rows[OUTBOX_BATCH];
	int ok[OUTBOX_BATCH];
	char error[OUTBOX_BATCH][128];
	int n;
};

static struct event *poll_timer;
static int round_running;

static void round_free(struct round *rd)
{
	for (int i = 0; i < rd->n; i++)
		free(rd->rows[i].body);
	free(rd);
}

/* RFC 2047 encoded-word for a UTF-8 subject. */
static void encode_subject(const char *subject, char *out, size_t cap)
{
	size_t len = strlen(subject), enc_len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *enc = malloc(enc_len);
	if (!enc || 12 + enc_len > cap) {
		snprintf(out, cap, "sidakerd");
		free(enc);
		return;
	}
	sodium_bin2base64(enc, enc_len, (const unsigned char *)subject, len, sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, cap, "=?UTF-8?B?%s?=", enc);
	free(enc);
}

static int write_message(FILE *f, const struct config *cfg, const struct outbox_row *m)
{
	char date[64], subject[512];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	encode_subject(m->subject, subject, sizeof subject);
	fprintf(f,
	        "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\n"
	        "Message-ID: <outbox-%lld@sidakerd>\r\nMIME-Version: 1.0\r\n"
	        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
	        cfg->mail_from, m->recipient, subject, date, (long long)m->id);
	for (const char *p = m->body; *p; p++) {
		if (*p == '\n' && (p == m->body || p[-1] != '\r'))
			fputc('\r', f);
		fputc(*p, f);
	}
	fputs("\r\n", f);
	return ferror(f) ? -1 : 0;
}

static int deliver_spool(const struct config *cfg, const struct outbox_row *m, char *err, size_t errlen)
{
	char tmp[4096], path[4096];
	snprintf(tmp, sizeof tmp, "%s/.%lld.eml.tmp", cfg->spool_dir, (long long)m->id);
	snprintf(path, sizeof path, "%s/%lld.eml", cfg->spool_dir, (long long)m->id);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		snprintf(err, errlen, "spool: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = write_message(f, cfg, m);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -1;
	if (rc < 0) {
		snprintf(err, errlen, "spool: %s", strerror(errno));
		unlink(tmp);
	}
	return rc;
}

static int deliver_command(const struct config *cfg, const struct outbox_row *m, char *err, size_t errlen)
{
	FILE *p = popen(cfg->mail_command, "w");
	if (!p) {
		snprintf(err, errlen, "mail_command: %s", strerror(errno));
		return -1;
	}
	int wrote = write_message(p, cfg, m);
	int status = pclose(p);
	if (wrote < 0 || status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "mail_command exited with status %d",
		         status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

static void round_deliver(void *arg)
{
	struct round *rd = arg;
	const struct config *cfg = rd->srv->cfg;
	for (int i = 0; i < rd->n; i++) {
		rd->error[i][0] = '\0';
		rd->ok[i] = (*cfg->mail_command ? deliver_command : deliver_spool)(cfg, &rd->rows[i], rd->error[i],
		                                                                   sizeof rd->error[i]) == 0;
	}
}

static int round_record(struct dbconn *db, void *arg)
{
	struct round *rd = arg;
	int64_t now = now_seconds();
	for (int i = 0; i < rd->n; i++) {
		int rc;
		if (rd->ok[i]) {
			rc = outbox_mark_sent(db, rd->rows[i].id, now);
		} else {
			int attempts = rd->rows[i].attempts + 1;
			rc = outbox_mark_failed(db, rd->rows[i].id, attempts, now + outbox_backoff(attempts),
			                        attempts >= OUTBOX_MAX_ATTEMPTS, rd->error[i], now);
		}
		if (rc < 0)
			return WRITE_STORE_ERROR;
	}
	return WRITE_OK;
}

static void round_recorded(void *arg, int result)
{
	struct round *rd = arg;
	int sent = 0;
	for (int i = 0; i < rd->n; i++)
		sent += rd->ok[i];
	if (result != WRITE_OK)
		log_warn("outbox", "result=%d note=\"outcome not recorded; will be retried\"", result);
	log_info("outbox", "delivered=%d failed=%d", sent, rd->n - sent);
	/* A full round: more are due (an announcement to thousands); the next
	 * round at once, not a poll later (32 every 2 s were 16 mails a second,
	 * an announcement to 80,000 people an hour and a half). */
	int more = rd->n == OUTBOX_BATCH && result == WRITE_OK && !rd->srv->shutting_down;
	round_free(rd);
	round_running = 0;
	if (more && poll_timer)
		event_active(poll_timer, EV_TIMEOUT, 0);
}

static void round_delivered(void *arg)
{
	struct round *rd = arg;
	if (!rd->srv->writer || writer_submit(rd->srv->writer, round_record, round_recorded, rd) < 0) {
		round_free(rd);
		round_running = 0;
	}
}

static void on_poll(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (round_running || srv->shutting_down)
		return;
	struct round *rd = calloc(1, sizeof *rd);
	if (!rd)
		return;
	rd->srv = srv;
	rd->n = outbox_due(srv->reader, now_seconds(), rd->rows, OUTBOX_BATCH);
	if (rd->n <= 0) {
		if (rd->n < 0)
			rd->n = 0;
		round_free(rd);
		return;
	}
	round_running = 1;
	if (pool_submit(srv->pool, round_deliver, round_delivered, rd) < 0) {
		round_free(rd);
		round_running = 0;
	}
}

int outbox_start(struct server *srv)
{
	poll_timer = event_new(srv->base, -1, EV_PERSIST, on_poll, srv);
	if (!poll_timer)
		return -1;
	struct timeval tv = {srv->cfg->outbox_poll_ms / 1000, (srv->cfg->outbox_poll_ms % 1000) * 1000};
	return event_add(poll_timer, &tv);
}

void outbox_stop(struct server *srv)
{
	(void)srv;
	if (poll_timer)
		event_free(poll_timer);
	poll_timer = NULL;
}
