/*
 * Every limit and default of sidakerd in one place (Kore style): a reader can
 * see at a glance how much the daemon accepts, holds and waits for.  Values a
 * deployment may want to change are settings in config.c; these are their
 * defaults and the hard bounds that no setting can lift.
 */
#ifndef SIDAKERD_DEFAULTS_H
#define SIDAKERD_DEFAULTS_H

#define SIDAKERD_VERSION "0.1.0"

/* HTTP */
#define HTTP_DEFAULT_ADDRESS "127.0.0.1"
#define HTTP_DEFAULT_PORT 8080
#define HTTP_DEFAULT_TIMEOUT_S 30 /* read/write timeout per connection */
#define HTTP_MAX_HEADERS_BYTES (16 * 1024)
#define HTTP_MAX_BODY_BYTES (1024 * 1024) /* JSON routes; uploads get their own limit */
#define HTTP_DEFAULT_MAX_CONNS 1024
#define HTTP_FD_RESERVE 64 /* descriptors kept for SQLite, spool, backups */
#define HTTP_ACCEPT_PAUSE_MS 1000 /* listener pause after EMFILE/ENFILE */
#define HTTP_ACCEPT_ROOM 16 /* connections closed to make room when descriptors run out */
#define HTTP_ACCEPT_ROOM_PAUSE_MS 5 /* then the pause before accepting again */
#define HTTP_RETRY_AFTER_S 1 /* Retry-After on 503 when a queue is full */
#define PHOTO_JPEG_QUALITY 90 /* the card photo, re-encoded from its pixels */
#define HTTP_SHUTDOWN_GRACE_S 10 /* longest wait for in-flight requests */
#define HTTP_SHUTDOWN_SHED_S 2 /* queued work not started this long before the end: 503 */
#define ROUTE_MAX_PARAMS 4
#define ROUTE_MAX_SEGMENTS 16
#define REQUEST_ID_MAX 64

/* JSON bodies */
#define JSON_MAX_DEPTH 32 /* our own bound, far below jansson's */
#define JSON_MAX_STRING_BYTES 4096 /* a single string field, unless a route says less */

/* Queues and threads */
#define WRITER_DEFAULT_QUEUE_MAX 4096
#define WRITER_BATCH_MAX 256 /* jobs committed in one transaction */
#define WRITER_CHECKPOINT_FRAMES 1000 /* WAL pages before the checkpointer copies them (SQLite's default) */
#define WRITER_WAL_FRAMES_MAX 4000 /* WAL pages (16 MB) before the writer copies the rest itself */
#define POOL_DEFAULT_THREADS 2
#define POOL_DEFAULT_QUEUE_MAX 256
#define POOL_NICE 10 /* pool threads yield the CPU to the loop */
#define READ_POOL_THREADS 1 /* uncached searches, at the loop's priority */

/* Store */
#define STORE_BUSY_TIMEOUT_MS 5000
#define STORE_STMT_CACHE_SLOTS 256 /* first size of a connection's statement cache; it grows */
#define STORE_STATEMENT_JOURNAL_MEMORY (31 * 4096) /* bytes; below 128 KiB, see store_global_init() */

/* Accounts and sessions */
#define PASSWORD_MIN_BYTES 8
#define PASSWORD_MAX_BYTES 128 /* argon2 input cap: long inputs are a DoS lever */
#define EMAIL_MAX_BYTES 254
#define NAME_MAX_BYTES 100
#define NIP_MAX_BYTES 32
#define SESSION_DEFAULT_TTL_S (7 * 24 * 3600)
#define CONFIRM_TOKEN_TTL_S (48 * 3600)
#define RESET_TOKEN_TTL_S (3600)
#define TOKEN_BYTES 32
#define LOGIN_MAX_FAILS_ACCOUNT 5 /* per window, then locked until the window ends */
#define LOGIN_MAX_FAILS_ADDRESS 30
#define LOGIN_WINDOW_S 900

/* Idempotency-Key */
#define IDEMPOTENCY_KEY_MAX 128
#define IDEMPOTENCY_TTL_S (24 * 3600)

/* Outbox delivery */
#define OUTBOX_POLL_MS 2000
#define OUTBOX_BATCH 32
#define OUTBOX_MAX_ATTEMPTS 10
#define OUTBOX_BACKOFF_BASE_S 30 /* 30 s, 60 s, 120 s, ... capped below */
#define OUTBOX_BACKOFF_MAX_S (6 * 3600)

/* Staff reads of personal data are committed to the audit log in batches:
 * every commit empties the readers' page caches (WAL), so one per read
 * would make every officer read a cold one. */
#define AUDIT_READ_FLUSH_MS 1000
#define AUDIT_READ_BATCH_MAX 4096
/* The vacancies a job seeker looked at (for course recommendations) are
 * noted like staff reads, and forgotten after this many days. */
#define VACANCY_VIEW_FLUSH_MS 1000
#define VACANCY_VIEW_BATCH_MAX 4096
#define VACANCY_VIEW_KEEP_DAYS 180

/* Housekeeping */
#define HOUSEKEEPING_INTERVAL_S 3600

/* Vacancy search: facet counts look at this many matching rows at most;
 * past it they say "exact": false. */
#define FACET_SCAN_MAX 2000
#define FACET_WINDOW 20000 /* the most recent published vacancies counted */
/* The public listing is the same for everyone: answers are kept, and
 * dropped at once whenever this daemon changes the listing (publication,
 * withdrawal, filling, expiry, verification, suspension).  The lifetime
 * only bounds what other daemons sharing the store changed. */
#define SEARCH_CACHE_SLOTS 256
#define SEARCH_CACHE_TTL_S 60
#define SEARCH_REFRESH_AHEAD_S 10 /* a cached search is recomputed in its last 10 s */
/* The listing in memory (vacancy_listing.c): built again this long after a
 * change (a burst of publications: one build), and every LISTING_REFRESH_S
 * for what other daemons sharing the store changed (the picture in use
 * stays in use meanwhile).  A build takes a second of a core at 200,000
 * vacancies: at 60 s one fell inside a measured scenario each time. */
#define LISTING_REBUILD_DELAY_MS 200
#define LISTING_REFRESH_S 600
/* Page items kept with the picture (about 900 bytes each, 58 MB when all
 * are used: at 16,384 slots one item in three of an uncached search's pages
 * was rendered by SQLite again, 9,600 searches/s in place of 13,000 at
 * 200,000 vacancies), and the recommendations' summaries (200 bytes). */
#define LISTING_ITEM_SLOTS 65536
#define LISTING_SUMMARY_SLOTS 2048

/* Lists */
#define LIST_DEFAULT_LIMIT 50
#define LIST_MAX_LIMIT 200
#define PLACEMENT_BATCH_MAX 5000 /* reports in one JSON batch */
#define PLACEMENT_CSV_MAX_ROWS 20000 /* rows in one CSV upload (one writer job) */
#define EXPORT_MAX_ROWS 100000 /* rows in one exported list */

/* E-SkillUp courses (course.c, course_video.c, course_learning.c). */
#define COURSE_MAX_MODULES 30
#define COURSE_MAX_LESSONS 50 /* in one module */
#define QUIZ_MAX_QUESTIONS 50 /* in one module's quiz */
#define QUIZ_MAX_OPTIONS 6
#define VIDEO_MAX_BYTES (4LL * 1024 * 1024 * 1024) /* the largest lesson video (tus Upload-Length) */
#define UPLOAD_RETENTION_S (7 * 24 * 3600) /* an unattached video upload is kept (and resumable) a week */
/* How far ahead of real time (at double speed) a progress report may be. */
#define PROGRESS_SLACK_MS 15000
/* The loop's priorities: 1 for everything, 2 for connections streaming a
 * video (http.c).  Limiting how many of the streams' callbacks run before
 * the loop looks again (event_config_set_max_dispatch_interval, 16 or 64
 * callbacks) took /v1/health's p99 during 200 streams from 3.8-5.3 ms to
 * 2.6-3.9 ms but left some streams waiting: their p99 went from 70 ms to
 * 230-800 ms in half the runs.  Not kept. */
#define EVENT_PRIORITIES 3

#endif
