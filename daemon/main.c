/*
 * sidakerd: start-up, signals and the shutdown order.
 *
 * Start: settings → key file → database (migrations, first admin) → threads →
 * listener → READY.  Stop (SIGTERM/SIGINT): stop accepting, answer 503 on
 * kept-alive connections, wait for in-flight requests, drain the pool and the
 * writer (commit, checkpoint), then free evhttp and close SQLite last.  A
 * second signal exits at once.
 */
#include <errno.h>
#include <event2/event.h>
#include <event2/thread.h>
#include <getopt.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "auth.h"
#include "card.h"
#include "config.h"
#include "crypto.h"
#include "dashboard.h"
#include "defaults.h"
#include "handoff.h"
#include "housekeeping.h"
#include "http.h"
#include "idempotency.h"
#include "ipk.h"
#include "ipk_store.h"
#include "log.h"
#include "matching.h"
#include "metrics.h"
#include "reference.h"
#include "sd_notify.h"
#include "outbox.h"
#include "pool.h"
#include "push.h"
#include "router.h"
#include "server.h"
#include "stats_warm.h"
#include "vacancy_listing.h"
#include "store.h"
#include "vacancy.h"
#include "whatsapp.h"
#include "writer.h"
#include "ipk_cache.h"
#include "vacancy_expiry.h"
#include "vacancy_view.h"
#include "webhook.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: sidakerd [-c FILE] [-d DIR] [-l ADDRESS] [-p PORT] [-o key=value]...\n"
	        "       sidakerd --print-routes | --print-config | --version\n"
	        "  -c, --config FILE     settings file (see contrib/sidakerd.conf.example)\n"
	        "  -d, --data-dir DIR    data directory (database, key, spool, backups)\n"
	        "  -l, --listen ADDRESS  listen address (default %s)\n"
	        "  -p, --port PORT       TCP port (default %d; 0 picks a free one)\n"
	        "  -o key=value          any setting\n",
	        HTTP_DEFAULT_ADDRESS, HTTP_DEFAULT_PORT);
}

static void print_routes(void)
{
	for (size_t i = 0; i < routes_count; i++) {
		printf("%s %s", method_name(routes[i].method), routes[i].pattern);
		if (routes[i].roles == ROLES_PUBLIC)
			printf(" public");
		for (unsigned bit = 1; bit <= ROLE_ADMIN; bit <<= 1)
			if (routes[i].roles & bit)
				printf(" %s", role_name((enum role)bit));
		if (routes[i].flags & ROUTE_VERIFIED_ORG)
			printf(" +verified-organisation");
		if (routes[i].flags & ROUTE_IDEMPOTENT)
			printf(" +idempotent");
		printf("\n");
	}
}

/* Returns 0 to run, 1 to exit successfully, -1 on a usage error. */
static int parse_args(int argc, char **argv, struct config *cfg)
{
	static const struct option options[] = {
		{"config", required_argument, NULL, 'c'},
		{"data-dir", required_argument, NULL, 'd'},
		{"listen", required_argument, NULL, 'l'},
		{"port", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"print-routes", no_argument, NULL, 'R'},
		{"print-config", no_argument, NULL, 'C'},
		{NULL, 0, NULL, 0},
	};
	char err[512];
	int c;
	/* The config file first, so flags given before -c still win. */
	for (int i = 1; i < argc - 1; i++)
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--config"))
			if (config_load_file(cfg, argv[i + 1], err, sizeof err) < 0) {
				fprintf(stderr, "sidakerd: %s\n", err);
				return -1;
			}
	while ((c = getopt_long(argc, argv, "c:d:l:p:o:hV", options, NULL)) != -1) {
		int rc = 0;
		switch (c) {
		case 'c': break;
		case 'd': rc = config_set(cfg, "data_dir", optarg, err, sizeof err); break;
		case 'l': rc = config_set(cfg, "listen_address", optarg, err, sizeof err); break;
		case 'p': rc = config_set(cfg, "port", optarg, err, sizeof err); break;
		case 'o': {
			char *eq = strchr(optarg, '=');
			if (!eq) {
				snprintf(err, sizeof err, "-o expects key=value");
				rc = -1;
				break;
			}
			*eq = '\0';
			rc = config_set(cfg, optarg, eq + 1, err, sizeof err);
			break;
		}
		case 'h': usage(stdout); return 1;
		case 'V': printf("sidakerd %s (schema %d)\n", SIDAKERD_VERSION, store_schema_version()); return 1;
		case 'R': print_routes(); return 1;
		case 'C': config_write_example(stdout); return 1;
		default: usage(stderr); return -1;
		}
		if (rc < 0) {
			fprintf(stderr, "sidakerd: %s\n", err);
			return -1;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return -1;
	}
	if (config_finish(cfg, err, sizeof err) < 0) {
		fprintf(stderr, "sidakerd: %s\n", err);
		return -1;
	}
	return 0;
}

static int make_dir(const char *path) { return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1; }

/* ---- shutdown ---- */

static struct event *shutdown_poll;
static uint64_t shutdown_ticks;

static void on_shutdown_poll(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	shutdown_ticks++;
	int grace_over = shutdown_ticks * 50 >= HTTP_SHUTDOWN_GRACE_S * 1000u;
	/* What has not started by then will not finish in time: it is answered
	 * 503 now, while the loop still sends, instead of being committed after
	 * the loop stopped with nobody to tell (pool.h, writer.h). */
	if (shutdown_ticks * 50 == (HTTP_SHUTDOWN_GRACE_S - HTTP_SHUTDOWN_SHED_S) * 1000u) {
		log_info("shutdown", "inflight=%d note=\"queued work answered 503\"", srv->inflight);
		pool_cancel_queued(srv->pool);
		pool_cancel_queued(srv->read_pool);
		writer_cancel_queued(srv->writer);
	}
	if (srv->inflight == 0 || grace_over) {
		if (srv->inflight)
			log_warn("shutdown", "unanswered=%d note=\"grace period over\"", srv->inflight);
		event_base_loopexit(srv->base, NULL);
	}
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct server *srv = arg;
	if (srv->shutting_down) {
		log_warn("shutdown", "signal=%d note=\"second signal: exiting now\"", (int)sig);
		_exit(1);
	}
	log_info("shutdown", "signal=%d inflight=%d", (int)sig, srv->inflight);
	notify_systemd("STOPPING=1");
	srv->shutting_down = true;
	http_stop_accepting(srv);
	outbox_stop(srv);
	whatsapp_stop();
	push_stop();
	webhook_delivery_stop();
	housekeeping_stop();
	card_lifecycle_stop();
	vacancy_lifecycle_stop();
	reference_free();
	struct timeval tick = {0, 50000};
	shutdown_poll = event_new(srv->base, -1, EV_PERSIST, on_shutdown_poll, srv);
	if (!shutdown_poll || event_add(shutdown_poll, &tick) < 0)
		event_base_loopexit(srv->base, NULL);
}

static struct event *log_timer;

static void on_log_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	log_flush();
}

static void server_close(struct server *srv)
{
	/* Threads first, with evhttp still alive so that late completions can
	 * still answer; each stopped component is set NULL so that any further
	 * submission answers 503 instead of touching freed memory. */
	audit_stop(srv); /* pending staff-read records, before the writer stops */
	vacancy_view_stop();
	if (srv->pool) {
		pool_free(srv->pool);
		srv->pool = NULL;
	}
	if (srv->read_pool) {
		pool_free(srv->read_pool);
		srv->read_pool = NULL;
	}
	vacancy_listing_stop(); /* joins a build in flight before its completion is drained */
	if (srv->handoff)
		handoff_drain(srv->handoff);
	if (srv->writer) {
		writer_free(srv->writer); /* commits the queue, checkpoints the WAL */
		srv->writer = NULL;
	}
	if (srv->handoff)
		handoff_free(srv->handoff);
	srv->handoff = NULL;
	/* Replies of the last completions leave before the connections close. */
	for (int i = 0; i < 10; i++) {
		event_base_loop(srv->base, EVLOOP_NONBLOCK);
		usleep(10000);
	}
	if (shutdown_poll)
		event_free(shutdown_poll);
	if (log_timer)
		event_free(log_timer);
	http_free(srv);
	outbox_stop(srv);
	whatsapp_stop();
	push_stop();
	webhook_delivery_stop();
	housekeeping_stop();
	card_lifecycle_stop();
	vacancy_lifecycle_stop();
	store_close(srv->reader);
	idempotency_free(srv->idempotency);
	metrics_free(srv->metrics);
}

static int server_open(struct server *srv, char *err, size_t errlen)
{
	struct config *cfg = srv->cfg;
	char uploads[PATH_MAX], videos[PATH_MAX];
	snprintf(uploads, sizeof uploads, "%s/uploads", cfg->data_dir);
	snprintf(videos, sizeof videos, "%s/videos", cfg->data_dir);
	if (make_dir(cfg->data_dir) < 0 || make_dir(cfg->spool_dir) < 0 || make_dir(cfg->backup_dir) < 0 ||
	    make_dir(uploads) < 0 || make_dir(videos) < 0) {
		snprintf(err, errlen, "cannot create the data directories under %s: %s", cfg->data_dir,
		         strerror(errno));
		return -1;
	}
	if (keys_load_or_create(cfg->key_file, &srv->keys, err, errlen) < 0)
		return -1;
	store_set_cache_kib(cfg->store_cache_mb * 1024);
	struct dbconn *wconn = store_open(cfg->database, STORE_READ_WRITE, cfg->synchronous, err, errlen);
	if (!wconn || store_migrate(wconn, err, errlen) < 0 ||
	    store_set_office_clock(wconn, cfg->utc_offset_minutes, err, errlen) < 0) {
		store_close(wconn);
		return -1;
	}
	srv->reader = store_open(cfg->database, STORE_READ_ONLY, cfg->synchronous, err, errlen);
	if (!srv->reader || auth_bootstrap_admin(srv, err, errlen) < 0) {
		store_close(wconn);
		return -1;
	}
	/* The decoy costs one hash at start-up and keeps login timing uniform. */
	if (password_hash("decoy password nobody has", srv->decoy_hash) != 0) {
		snprintf(err, errlen, "cannot hash the decoy password");
		store_close(wconn);
		return -1;
	}
	srv->handoff = handoff_new(srv->base);
	srv->writer = srv->handoff ? writer_new(wconn, cfg->writer_queue_max, srv->handoff) : NULL;
	if (!srv->writer) {
		store_close(wconn);
		snprintf(err, errlen, "cannot start the writer thread");
		return -1;
	}
	srv->pool = pool_new(cfg->pool_threads, cfg->pool_queue_max, POOL_NICE, srv->handoff);
	srv->read_pool = pool_new(READ_POOL_THREADS, cfg->pool_queue_max, 0, srv->handoff);
	if (srv->pool)
		pool_set_deadline(srv->pool, cfg->admission_deadline_ms);
	if (srv->read_pool)
		pool_set_deadline(srv->read_pool, cfg->admission_deadline_ms);
	if (srv->writer)
		writer_set_deadline(srv->writer, cfg->admission_deadline_ms);
	srv->metrics = metrics_new(routes_count);
	srv->idempotency = idempotency_new();
	if (!srv->pool || !srv->read_pool || !srv->metrics || !srv->idempotency) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (http_start(srv, err, errlen) < 0 || outbox_start(srv) < 0 || whatsapp_start(srv) < 0 ||
	    push_start(srv) < 0 || webhook_delivery_start(srv) < 0 || housekeeping_start(srv) < 0 ||
	    card_lifecycle_start(srv) < 0 || vacancy_lifecycle_start(srv) < 0 || matching_start(srv) < 0 ||
	    audit_start(srv) < 0 || vacancy_view_start(srv) < 0 || stats_warm(srv) < 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct server srv;
	char err[512];
	int status = EXIT_FAILURE;

	store_global_init();
	config_defaults(&cfg);
	int rc = parse_args(argc, argv, &cfg);
	if (rc != 0) {
		config_free(&cfg);
		return rc > 0 ? EXIT_SUCCESS : 2;
	}
	enum log_level level;
	if (log_parse_level(cfg.log_level, &level) == 0)
		log_set_level(level);
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit reached (RLIMIT_FSIZE, like a full disk) must be
	 * an error SQLite reports, answered 503, not a signal that kills us. */
	signal(SIGXFSZ, SIG_IGN);
	/* The database, its WAL, backups and the spool hold personal data:
	 * nothing the daemon creates is readable by other users. */
	umask(077);
	if (crypto_setup() < 0 || evthread_use_pthreads() < 0) {
		fprintf(stderr, "sidakerd: cannot initialise libsodium/libevent threads\n");
		config_free(&cfg);
		return EXIT_FAILURE;
	}
	memset(&srv, 0, sizeof srv);
	srv.cfg = &cfg;
	srv.base = event_base_new();
	/* Three priorities, every event in the middle one (1) by default; a
	 * connection streaming a video drops to 2 (http.c), so that in a loop
	 * busy with streams a request's answer still goes first. */
	if (srv.base && event_base_priority_init(srv.base, EVENT_PRIORITIES) < 0) {
		event_base_free(srv.base);
		srv.base = NULL;
	}
	struct event *sigterm = srv.base ? evsignal_new(srv.base, SIGTERM, on_signal, &srv) : NULL;
	struct event *sigint = srv.base ? evsignal_new(srv.base, SIGINT, on_signal, &srv) : NULL;
	if (!sigterm || !sigint || event_add(sigterm, NULL) < 0 || event_add(sigint, NULL) < 0) {
		log_error("start", "error=\"cannot set up the event loop\"");
		goto done;
	}
	if (server_open(&srv, err, sizeof err) < 0) {
		log_error("start", "error=\"%s\"", err);
		goto done;
	}
	log_info("listening", "address=%s port=%d version=%s schema=%d", cfg.listen_address, srv.port, SIDAKERD_VERSION,
	         store_schema_version());
	log_flush();
	log_buffered();
	struct timeval flush_every = {0, 200000};
	log_timer = event_new(srv.base, -1, EV_PERSIST, on_log_timer, NULL);
	if (log_timer)
		event_add(log_timer, &flush_every);
	notify_systemd("READY=1");
	event_base_dispatch(srv.base);
	status = EXIT_SUCCESS;
done:
	server_close(&srv);
	ipk_cache_free();
	dashboard_cache_free();
	if (sigterm)
		event_free(sigterm);
	if (sigint)
		event_free(sigint);
	if (srv.base)
		event_base_free(srv.base);
	libevent_global_shutdown();
	log_info("stopped", "status=%d", status);
	log_flush();
	config_free(&cfg);
	return status;
}
