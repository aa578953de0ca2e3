#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "defaults.h"

enum setting_type { SET_STRING, SET_INT, SET_BOOL };

struct setting {
	const char *name;
	enum setting_type type;
	size_t offset;
	const char *fallback; /* default, as text */
	int min, max; /* SET_INT bounds */
	const char *help;
};

#define STR(field, dflt, help) \
	{ \
#field, SET_STRING, offsetof(struct config, field), dflt, 0, 0, help \
	}
#define INT(field, dflt, lo, hi, help) \
	{ \
#field, SET_INT, offsetof(struct config, field), #dflt, lo, hi, help \
	}
#define BOOL(field, dflt, help) \
	{ \
#field, SET_BOOL, offsetof(struct config, field), dflt, 0, 0, help \
	}

static const struct setting settings[] = {
	STR(listen_address, HTTP_DEFAULT_ADDRESS,
            "address to listen on (put a TLS proxy in front, see contrib/nginx.conf)"),
	INT(port, 8080, 0, 65535, "TCP port; 0 picks a free one"),
	STR(data_dir, "./data", "directory for the database, key file, mail spool and backups"),
	STR(database, "", "SQLite database file (default: <data_dir>/sidakerd.db)"),
	STR(key_file, "",
            "32-byte master key for NIK sealing and token hashing (default: <data_dir>/sidakerd.key); keep it out of database backups"),
	STR(spool_dir, "",
            "where e-mails are written as .eml files when mail_command is empty (default: <data_dir>/spool)"),
	STR(backup_dir, "", "where online backups are written (default: <data_dir>/backups)"),
	STR(mail_command, "",
            "command that takes one RFC 5322 message on stdin, e.g. \"/usr/sbin/sendmail -t\"; empty: spool files"),
	STR(mail_from, "sidakerd <noreply@localhost>", "From: of outgoing e-mail"),
	STR(public_base_url, "http://127.0.0.1:8080", "base URL printed in e-mails and on card QR codes"),
	STR(office_name, "Dinas Tenaga Kerja", "office name used in e-mails and reports"),
	STR(office_address, "", "the office's address on the letterhead of its reports (street, city, telephone)"),
	STR(office_city, "", "where the office signs its reports (\"Cimahi, 6 Desember 2026\")"),
	STR(office_head_name, "", "the head of the office, who signs the reports"),
	STR(office_head_nip, "", "the head's NIP under the signature"),
	STR(pdf_font_dir, "/usr/share/fonts/truetype/dejavu",
            "where DejaVuSans.ttf and DejaVuSans-Bold.ttf are (Debian: fonts-dejavu-core); embedded in every PDF"),
	STR(app_link_url, "",
            "the mobile app's own link (e.g. sidaker://akun): the pages that e-mailed links open offer <url>/confirm "
            "and <url>/reset in the app; empty: none"),
	STR(android_app_package, "",
            "Android package of the app (e.g. id.go.disnaker.sidaker): served in /.well-known/assetlinks.json so that "
            "e-mailed links open the app (with android_app_sha256)"),
	STR(android_app_sha256, "",
            "SHA-256 fingerprints of the app's signing certificates (AB:CD:..., comma-separated)"),
	STR(ios_app_id, "",
            "iOS app ID (TEAMID.bundle.id): served in /.well-known/apple-app-site-association for universal links"),
	STR(kabkota_code, "3277", "4-digit kabupaten/kota code this office serves"),
	STR(admin_email, "admin@sidakerd.localhost", "e-mail of the first admin, created when the database is empty"),
	STR(log_level, "info", "debug | info | warn | error"),
	STR(synchronous, "FULL", "SQLite durability of acknowledged writes: FULL or NORMAL"),
	BOOL(trust_proxy, "false", "take the client address from X-Real-IP (only behind your own proxy)"),
	INT(max_connections, 1024, 16, 1000000, "open client connections before accept pauses"),
	INT(max_body_bytes, 1048576, 1024, 64 * 1024 * 1024, "largest JSON request body"),
	INT(max_header_bytes, 16384, 1024, 1024 * 1024, "largest request header block"),
	INT(timeout_s, 30, 1, 3600, "read/write timeout of a client connection, seconds"),
	INT(request_head_timeout_s, 10, 1, 3600,
            "a request's whole head must arrive within this, from the connection's opening or its previous answer (idle keep-alive included)"),
	INT(request_body_timeout_s, 300, 1, 86400, "a request's whole body must arrive within this after its head"),
	INT(max_connections_per_address, 256, 0, 1000000,
            "open connections of one client address before its longest-waiting one is closed (0: no cap; none behind trust_proxy)"),
	INT(writer_queue_max, 4096, 1, 1000000, "write jobs waiting before requests get 503"),
	INT(pool_threads, 2, 1, 64, "threads for password hashing and rendering"),
	INT(store_cache_mb, 32, 1, 4096, "SQLite page cache of each database connection, MB (grows only as used)"),
	INT(pool_queue_max, 256, 1, 100000, "slow jobs waiting before requests get 503"),
	INT(admission_deadline_ms, 5000, 100, 600000,
            "work that would start later than this (by the queue's measured pace) is answered 503 with Retry-After at once"),
	INT(session_ttl_s, 604800, 60, 31536000, "lifetime of a login session, seconds"),
	INT(login_max_fails_account, 5, 1, 1000, "failed logins per account per window before it locks"),
	INT(login_max_fails_address, 30, 1, 100000, "failed logins per client address per window"),
	INT(login_window_s, 900, 10, 86400, "rate-limit window, seconds"),
	INT(outbox_poll_ms, 2000, 10, 600000, "how often the outbox is checked for due messages"),
	INT(register_max_per_address, 50, 1, 100000,
            "registrations per client address per hour (mobile carriers share addresses: keep it generous)"),
	INT(reset_max_per_address, 20, 1, 100000000, "password-reset requests per client address per hour"),
	STR(card_number_format, "{kabkota} {serial:6} {ddmmyy}",
            "AK/I number: {kabkota}, {serial:N} (zero-padded to N), {ddmmyy}, {yyyy}, {mm}, {dd} of the issue date, other characters as they are"),
	INT(card_valid_months, 24, 1, 120, "months an AK/I card is valid from its issue date"),
	STR(card_report_months, "6,12,18",
            "months after issue at which the holder must report (comma-separated; some offices add 24)"),
	INT(remove_unreported_after_days, 0, 0, 3650,
            "days after a missed report before the daily job removes the card (not_reported); 0 = never"),
	INT(utc_offset_minutes, 420, -720, 840,
            "the office's time zone as minutes from UTC (WIB 420, WITA 480, WIT 540)"),
	INT(max_upload_bytes, 5242880, 65536, 67108864, "largest uploaded document (KTP, diploma, certificate)"),
	INT(photo_max_bytes, 2097152, 65536, 67108864, "largest 3x4 photo"),
	INT(video_chunk_max_bytes, 16777216, 1048576, 67108864,
            "largest piece of a resumable video upload (tus PATCH); clients send 8 MiB chunks"),
	INT(lesson_done_percent, 90, 10, 100, "share of a lesson's video watched at which the lesson is done"),
	INT(video_url_ttl_s, 7200, 1, 86400,
            "how long a signed URL of a learners-only lesson video lasts (a lesson must fit in it)"),
	INT(job_fair_outcome_days, 30, 1, 365,
            "days after a job fair's last day within which companies report the outcomes of the applications met at their booths"),
	INT(photo_min_width, 300, 16, 10000, "smallest photo width in pixels"),
	INT(photo_min_height, 400, 16, 10000, "smallest photo height in pixels"),
	INT(min_seeker_age, 18, 14, 30, "youngest age at which a job seeker may apply for a card (practice: 18)"),
	INT(wage_norm_monthly, 3757568, 0, 100000000,
            "monthly minimum wage (UMK) of the kab/kota; vacancies offering more than 3x are held for review (0: no check)"),
	BOOL(card_required_to_apply, "true", "job seekers need an active AK/I card to apply for vacancies"),
	INT(match_notify_max, 5000, 0, 1000000, "most job seekers notified of one newly published vacancy"),
	INT(training_min_attendance_percent, 80, 0, 100,
            "share of a training's sessions a participant must attend to complete it"),
	BOOL(card_required_to_enrol, "false", "job seekers need an active AK/I card to enrol in a training"),
	INT(service_token_ttl_s, 900, 60, 86400,
            "how long a service client's access token lasts (OAuth client credentials)"),
	INT(service_rate_per_minute, 120, 1, 100000,
            "calls a service client may make in a minute, refused ones and token requests included"),
	INT(dashboard_cache_s, 30, 0, 3600,
            "seconds the dashboard figures are served from the last computation (0: always fresh)"),
	INT(complaint_response_days, 5, 1, 365, "days the office has to answer a complaint before it shows as overdue"),
	INT(uploads_max_per_account, 60, 1, 100000, "documents one account may upload per hour"),
	INT(digest_hour, 7, 0, 23, "hour of the office's day at which daily notification digests are e-mailed"),
	STR(wa_api_url, "",
            "WhatsApp Business API endpoint messages are POSTed to (JSON, Cloud API shape); empty: WhatsApp messages wait"),
	STR(wa_api_token, "", "bearer token for wa_api_url"),
	STR(wa_webhook_secret, "",
            "key of the X-Hub-Signature-256 HMAC on the provider's webhook calls; empty: the webhook refuses all"),
	INT(wa_rate_per_second, 20, 1, 1000,
            "WhatsApp messages handed to the provider per second (its throughput tier)"),
	INT(wa_max_attempts, 6, 1, 50, "delivery attempts of a WhatsApp message before it is marked failed"),
	INT(wa_retry_base_s, 30, 1, 3600,
            "seconds before the first retry of a WhatsApp message the provider did not take; doubles after each failure"),
	STR(push_api_url, "",
            "push provider's send URL, FCM HTTP v1 shape (https://fcm.googleapis.com/v1/projects/<project>/messages:send); "
            "empty: no push notifications"),
	STR(push_credentials_file, "",
            "the provider's service account JSON (client_email, private_key, token_uri): the daemon signs a JWT with "
            "it and trades it at token_uri for an OAuth2 access token"),
	INT(push_rate_per_second, 50, 1, 1000, "push notifications sent per second at most"),
	INT(push_max_attempts, 6, 1, 50, "delivery attempts of a push before it is marked failed"),
	INT(webhook_max_attempts, 10, 1, 50, "delivery attempts of a webhook call before it is marked failed"),
	INT(webhook_retry_base_s, 30, 1, 3600, "first retry delay of a webhook call; doubles with each attempt"),
	BOOL(webhook_allow_loopback, "false",
             "accept webhook URLs on 127.0.0.1 over plain http (a receiver on the same machine; tests)"),
	INT(push_retry_base_s, 30, 1, 3600, "first retry delay of a push; doubles with each attempt"),
	INT(wa_broadcast_max, 200000, 1, 5000000, "most recipients of one WhatsApp broadcast"),
	STR(iku_capaian_from, "exact",
            "IKU capaian = realisation / target x 100, with the realisation exact (exact) or as printed with 2 decimals (printed); offices differ, and the second decimal with them"),
	BOOL(iku_trained_includes_online, "false",
             "online courses (E-SkillUp) completed in the year count as trained in the IKU trained share; offices differ"),
	INT(unconfirmed_retention_days, 30, 0, 3650,
            "days an unconfirmed sign-up is kept before it is deleted with its e-mails (0: never)"),
};

#define NSETTINGS (sizeof settings / sizeof settings[0])

static const struct setting *setting_find(const char *name)
{
	for (size_t i = 0; i < NSETTINGS; i++)
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	return NULL;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = false;
	else
		return -1;
	return 0;
}

static int setting_apply(struct config *cfg, const struct setting *s, const char *value, char *err, size_t errlen)
{
	void *field = (char *)cfg + s->offset;
	switch (s->type) {
	case SET_STRING: {
		char *copy = strdup(value);
		if (!copy) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		free(*(char **)field);
		*(char **)field = copy;
		return 0;
	}
	case SET_INT: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < s->min || v > s->max) {
			snprintf(err, errlen, "%s: expected a whole number from %d to %d", s->name, s->min, s->max);
			return -1;
		}
		*(int *)field = (int)v;
		return 0;
	}
	case SET_BOOL:
		if (parse_bool(value, (bool *)field) < 0) {
			snprintf(err, errlen, "%s: expected true or false", s->name);
			return -1;
		}
		return 0;
	}
	return -1;
}

void config_defaults(struct config *cfg)
{
	char err[128];
	memset(cfg, 0, sizeof *cfg);
	for (size_t i = 0; i < NSETTINGS; i++)
		if (setting_apply(cfg, &settings[i], settings[i].fallback, err, sizeof err) < 0)
			abort(); /* a default outside its own bounds is a programming error */
}

int config_set(struct config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
	const struct setting *s = setting_find(key);
	if (!s) {
		snprintf(err, errlen, "unknown setting \"%s\"", key);
		return -1;
	}
	return setting_apply(cfg, s, value, err, errlen);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[1024], sub[256];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = trim(s), *value = trim(eq + 1);
		size_t vlen = strlen(value);
		if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
			value[vlen - 1] = '\0';
			value++;
		}
		if (config_set(cfg, key, value, sub, sizeof sub) < 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, sub);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

static int derive_path(char **field, const char *dir, const char *name)
{
	if (*field && **field)
		return 0;
	free(*field);
	size_t n = strlen(dir) + strlen(name) + 2;
	*field = malloc(n);
	if (!*field)
		return -1;
	snprintf(*field, n, "%s/%s", dir, name);
	return 0;
}

/* Only the characters each of these can hold: they go into pages and JSON
 * that phones trust (a "javascript:" link would run in the account page). */
static int only(const char *s, const char *allowed) { return strspn(s, allowed) == strlen(s); }

static int app_links_check(const struct config *cfg, char *err, size_t errlen)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const char *scheme_end = strstr(cfg->app_link_url, "://");
	size_t scheme = scheme_end ? (size_t)(scheme_end - cfg->app_link_url) : 0;
	if (*cfg->app_link_url &&
	    (!scheme || !isalpha((unsigned char)cfg->app_link_url[0]) ||
	     strspn(cfg->app_link_url, "abcdefghijklmnopqrstuvwxyz0123456789+.-") < scheme ||
	     !only(scheme_end + 3, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/:%"))) {
		snprintf(err, errlen, "app_link_url: expected scheme://path, e.g. sidaker://akun");
		return -1;
	}
	char package[80];
	snprintf(package, sizeof package, "%s._-", alnum);
	if (!only(cfg->android_app_package, package) || !only(cfg->ios_app_id, package) ||
	    !only(cfg->android_app_sha256, "0123456789ABCDEFabcdef:,")) {
		snprintf(err, errlen,
		         "android_app_package, android_app_sha256, ios_app_id: letters, digits, dots "
		         "(fingerprints: hex pairs with colons, comma-separated)");
		return -1;
	}
	if (!*cfg->android_app_package != !*cfg->android_app_sha256) {
		snprintf(err, errlen, "android_app_package and android_app_sha256 go together");
		return -1;
	}
	return 0;
}

int config_finish(struct config *cfg, char *err, size_t errlen)
{
	if (derive_path(&cfg->database, cfg->data_dir, "sidakerd.db") < 0 ||
	    derive_path(&cfg->key_file, cfg->data_dir, "sidakerd.key") < 0 ||
	    derive_path(&cfg->spool_dir, cfg->data_dir, "spool") < 0 ||
	    derive_path(&cfg->backup_dir, cfg->data_dir, "backups") < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (strlen(cfg->kabkota_code) != 4 || strspn(cfg->kabkota_code, "0123456789") != 4) {
		snprintf(err, errlen, "kabkota_code: expected 4 digits, e.g. 3277");
		return -1;
	}
	for (const char *p = cfg->card_report_months; *p; p++)
		if (!(*p == ',' || (*p >= '0' && *p <= '9'))) {
			snprintf(err, errlen, "card_report_months: expected numbers separated by commas");
			return -1;
		}
	if (strcmp(cfg->iku_capaian_from, "exact") && strcmp(cfg->iku_capaian_from, "printed")) {
		snprintf(err, errlen, "iku_capaian_from: expected exact or printed");
		return -1;
	}
	if (app_links_check(cfg, err, errlen) < 0)
		return -1;
	if (strcmp(cfg->synchronous, "FULL") && strcmp(cfg->synchronous, "NORMAL")) {
		snprintf(err, errlen, "synchronous: expected FULL or NORMAL");
		return -1;
	}
	return 0;
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < NSETTINGS; i++)
		if (settings[i].type == SET_STRING) {
			char **field = (char **)((char *)cfg + settings[i].offset);
			free(*field);
			*field = NULL;
		}
}

void config_write_example(FILE *out)
{
	fprintf(out,
	        "# sidakerd configuration: \"key = value\" lines; every setting with its default.\n"
	        "# Command-line flags (-o key=value) override this file.\n");
	for (size_t i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];
		bool quote = s->type == SET_STRING && strchr(s->fallback, ' ');
		fprintf(out, "\n# %s\n%s = %s%s%s\n", s->help, s->name, quote ? "\"" : "", s->fallback,
		        quote ? "\"" : "");
	}
}
