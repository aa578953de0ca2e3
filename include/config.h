/*
 * Settings: defaults, then the config file ("key = value" lines), then the
 * command line, each overriding the one before.  One table in config.c lists
 * every setting with its type, default and meaning; the example file in
 * contrib/ is checked against it by a test.
 */
#ifndef SIDAKERD_CONFIG_H
#define SIDAKERD_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

struct config {
	char *listen_address;
	int port;
	char *data_dir;
	char *database; /* default: <data_dir>/sidakerd.db */
	char *key_file; /* default: <data_dir>/sidakerd.key */
	char *spool_dir; /* default: <data_dir>/spool */
	char *backup_dir; /* default: <data_dir>/backups */
	char *mail_command; /* empty: write .eml files to spool_dir */
	char *mail_from;
	char *public_base_url;
	char *office_name;
	char *office_address, *office_city, *office_head_name, *office_head_nip; /* reports' letterhead and signature */
	char *pdf_font_dir; /* DejaVu TrueType fonts embedded in PDFs */
	char *app_link_url; /* the app's own link for the account pages; "" none */
	char *android_app_package, *android_app_sha256, *ios_app_id; /* /.well-known files; "" none */
	char *push_api_url, *push_credentials_file; /* "" no push */
	int push_rate_per_second, push_max_attempts, push_retry_base_s;
	int webhook_max_attempts, webhook_retry_base_s;
	bool webhook_allow_loopback; /* http://127.0.0.1 receivers (tests, a local bridge) */
	char *kabkota_code; /* 4 digits, e.g. 3277 Kota Cimahi */
	char *admin_email; /* first admin, created on an empty database */
	char *log_level;
	char *synchronous; /* FULL | NORMAL */
	char *iku_capaian_from; /* exact | printed: what the IKU capaian divides by the target */
	bool trust_proxy; /* take the client address from X-Real-IP */
	int max_connections;
	int max_body_bytes;
	int max_header_bytes;
	int timeout_s;
	int request_head_timeout_s; /* whole request head, from opening or the last answer */
	int request_body_timeout_s; /* whole body, after the head */
	int max_connections_per_address;
	int writer_queue_max;
	int pool_threads;
	int store_cache_mb; /* SQLite page cache per connection */
	int pool_queue_max;
	int admission_deadline_ms; /* a job expected to start later: 503 at once */
	int session_ttl_s;
	int login_max_fails_account;
	int login_max_fails_address;
	int login_window_s;
	int outbox_poll_ms;
	int register_max_per_address; /* per hour */
	int reset_max_per_address; /* per hour */
	/* AK/I card (DOMAIN.md: no national rule, so these are settings) */
	char *card_number_format; /* {kabkota} {serial:N} {ddmmyy} {yyyy} {mm} {dd} */
	int card_valid_months;
	char *card_report_months; /* "6,12,18": reports due after issue */
	int remove_unreported_after_days; /* 0: never remove for not reporting */
	int utc_offset_minutes; /* the office's time zone: WIB 420, WITA 480, WIT 540 */
	int max_upload_bytes;
	int photo_max_bytes;
	int video_chunk_max_bytes;
	int lesson_done_percent;
	int video_url_ttl_s;
	int job_fair_outcome_days;
	int service_token_ttl_s;
	int service_rate_per_minute;
	int photo_min_width;
	int photo_min_height;
	int min_seeker_age;
	int wage_norm_monthly; /* UMK of the kab/kota, for the scam heuristic */
	bool card_required_to_apply;
	bool iku_trained_includes_online;
	int match_notify_max; /* notifications per published vacancy */
	int training_min_attendance_percent; /* attendance needed to complete a training */
	bool card_required_to_enrol;
	int unconfirmed_retention_days; /* unconfirmed sign-ups kept before deletion */
	int uploads_max_per_account; /* documents stored per account per hour */
	int complaint_response_days; /* the office's answer deadline for a complaint */
	int dashboard_cache_s; /* how old the dashboard figures may be */
	int digest_hour; /* office hour the daily notification digests go out */
	char *wa_api_url; /* WhatsApp Business API messages endpoint; empty: hold */
	char *wa_api_token; /* its bearer token */
	char *wa_webhook_secret; /* HMAC key of the provider's webhook calls */
	int wa_rate_per_second; /* WhatsApp messages handed to the provider per second */
	int wa_max_attempts; /* deliveries tried before a message is failed */
	int wa_retry_base_s; /* first retry delay, doubling after each failure */
	int wa_broadcast_max; /* recipients of one broadcast */
};

void config_defaults(struct config *cfg);
/* Set one setting by name from text.  Returns 0, or -1 with a reason in err. */
int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen);
int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen);
/* Fill the paths derived from data_dir and check ranges. */
int config_finish(struct config *cfg, char *err, size_t errlen);
void config_free(struct config *cfg);
/* Writes every setting with its description: the example config. */
void config_write_example(FILE *out);

#endif
