/*
 * API test harness: starts a real sidakerd (SIDAKERD_BIN, default
 * build/sidakerd) on a free 127.0.0.1 port with a fresh data directory, talks
 * HTTP to it with libcurl, reads its mail spool, and stops it with SIGTERM.
 */
#ifndef SIDAKERD_TEST_API_CLIENT_H
#define SIDAKERD_TEST_API_CLIENT_H

#include <jansson.h>
#include <stddef.h>

struct daemon {
	int pid;
	int port;
	char dir[256]; /* data directory */
	char log_path[300]; /* the daemon's stderr */
	int starts; /* "listening" lines seen in the log so far */
};

struct response {
	long status;
	char *body;
	size_t len;
	char *headers; /* raw header block */
	json_t *json; /* parsed body, or NULL */
};

/* extra_args: NULL-terminated "-o", "key=value" pairs, or NULL. */
int daemon_start(struct daemon *d, const char *const *extra_args);
/* SIGTERM and wait: returns the exit status (0 clean), or -1. */
int daemon_stop(struct daemon *d);
/* Start again on the same data directory (restart tests), stopping the
 * running daemon first (SIGTERM; -1 if it did not exit cleanly). */
int daemon_restart(struct daemon *d, const char *const *extra_args);

/* One request.  headers: NULL-terminated "Name: value" strings or NULL.
 * body NULL sends none; content type is application/json unless a header
 * sets it. */
int http_call(struct daemon *d, const char *method, const char *path, const char *token, const char *body,
              const char *const *headers, struct response *out);
/* The same with a binary body of len bytes and its Content-Type. */
int http_call_bytes(struct daemon *d, const char *method, const char *path, const char *token, const void *body,
                    size_t len, const char *content_type, struct response *out);
/* Any body of len bytes with any headers (a tus PATCH, a Range request). */
int http_call_raw(struct daemon *d, const char *method, const char *path, const char *token, const void *body,
                  size_t len, const char *const *headers, struct response *out);
/* A fixture file's bytes (tests/fixtures/NAME), malloc'd; NULL if missing. */
unsigned char *fixture(const char *name, size_t *len);
/* Writes bytes to a temporary file and runs "COMMAND FILE" (e.g. "pdftotext
 * -layout"), returning its standard output, malloc'd. */
char *run_on_bytes(const char *command, const void *data, size_t len, const char *suffix);
/* The data rows of a list exported as CSV: the lines after its "Baris" header. */
size_t export_csv_rows(const char *csv);
void response_free(struct response *r);
/* Header value (case-insensitive) into buf, or NULL. */
const char *response_header(const struct response *r, const char *name, char *buf, size_t len);
/* Error code of a JSON error reply, or "". */
const char *error_code_of(const struct response *r);
/* The field an error reply names, or "". */
const char *error_field_of(const struct response *r);

/* A route pattern with every {parameter} as 1: "/v1/cards/{id}/pdf" →
 * "/v1/cards/1/pdf". */
void path_with_ones(const char *pattern, char *out, size_t cap);
/* The value of one sample of /metrics, e.g. "sidakerd_accept_pauses_total" or
 * "sidakerd_connections_closed_total{reason=\"evicted\"}"; -1 when the
 * daemon does not answer or has no such sample. */
long long metric_value(struct daemon *d, const char *sample);
/* The office's date (WIB, the daemon's default) days from today, as
 * YYYY-MM-DD. */
void office_date(int days, char out[11]);
/* A TCP connection to the daemon on 127.0.0.1 (close-on-exec), or -1. */
int daemon_connect(const struct daemon *d);
/* Seconds on the monotonic clock. */
double mono_seconds(void);
/* Reads the answers of n connections (fds[i] < 0: none) until each closes
 * or limit_s passes: the first cap - 1 bytes of each into answers[i]
 * (NUL-terminated) and the time its first byte came into first_byte[i]
 * (may be NULL).  Closes them; returns how many were still open. */
int read_answers(int *fds, size_t n, double limit_s, char *answers, size_t cap, double *first_byte);
/* Raw bytes over a fresh TCP connection; returns the status of the reply or
 * -1 when the connection was closed without one. */
int raw_request(struct daemon *d, const char *bytes, size_t len, char *reply, size_t reply_len);

/* The newest e-mail (the whole .eml) to addr that contains word, waiting
 * up to 5 s for the outbox; malloc'd, or NULL. */
char *spool_mail(struct daemon *d, const char *addr, const char *word);
/* The newest token mailed to addr (confirmation or reset), waiting up to 5 s
 * for the outbox; 0 on success. */
int spool_token(struct daemon *d, const char *addr, const char *subject_word, char token[64]);
/* Number of .eml files in the spool. */
int spool_count(struct daemon *d);
/* Runs SQL on the daemon's database file (a second connection, as an
 * operator would); returns the first column of the first row as an integer. */
long long db_exec(struct daemon *d, const char *sql);
/* PRAGMA integrity_check says "ok". */
int db_integrity_ok(struct daemon *d);
/* The yearly indicators' placement counts, kept by triggers
 * (sql/0013_iku_counts.sql), equal the placements counted afresh. */
int iku_counts_agree(struct daemon *d);
/* Does the daemon's log contain s? */
int log_contains(struct daemon *d, const char *s);

/* Register + confirm + login; returns the session token (static buffer per
 * call slot) or NULL. nik may be NULL for organisations. */
const char *account_ready(struct daemon *d, const char *role, const char *email, const char *password, const char *name,
                          const char *nik, char token[64]);
const char *login_token(struct daemon *d, const char *login, const char *password, char token[64]);
const char *admin_token(struct daemon *d, char token[64]);
/* The admin creates officer o@disnaker.go.id; returns its session token. */
const char *officer_ready(struct daemon *d, char token[64]);
/* The organisation profile of token's account (name, employer type), and,
 * when officer is not NULL, its verification by that officer.  0 or -1. */
int organisation_ready(struct daemon *d, const char *officer, const char *token, const char *name, const char *type);
/* PUT /v1/me/profile of a job seeker living in kelurahan (its kecamatan
 * taken from the code); extra: more JSON members (",\"k\":v") or NULL. */
int seeker_profile_ready(struct daemon *d, const char *token, const char *name, const char *birth, const char *gender,
                         const char *education, const char *kelurahan, const char *extra);
/* Uploads the three documents, applies, submits and has officer issue the
 * card: 0 or -1. */
int card_issued(struct daemon *d, const char *officer, const char *token);

#endif
