#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "api_client.h"

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		if (len)
			*len = (size_t)n;
	}
	return buf;
}

static int spawn(struct daemon *d, const char *const *extra_args)
{
	const char *bin = getenv("SIDAKERD_BIN");
	if (!bin)
		bin = "build/sidakerd";
	const char *argv[64];
	int n = 0;
	argv[n++] = bin;
	argv[n++] = "-d";
	argv[n++] = d->dir;
	argv[n++] = "-p";
	argv[n++] = "0";
	argv[n++] = "-o";
	argv[n++] = "outbox_poll_ms=50";
	for (int i = 0; extra_args && extra_args[i] && n < 62; i++)
		argv[n++] = extra_args[i];
	argv[n] = NULL;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(d->log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 2);
			dup2(fd, 1);
		}
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	d->pid = pid;
	/* The port: the daemon logs "event=listening ... port=N", once per start. */
	for (int waited = 0; waited < 30000; waited += 20) {
		char *log = slurp(d->log_path, NULL);
		int starts = 0;
		char *line = NULL;
		for (char *p = log ? strstr(log, "event=listening") : NULL; p; p = strstr(p + 1, "event=listening")) {
			starts++;
			line = p;
		}
		if (starts > d->starts) {
			d->starts = starts;
			d->port = atoi(strstr(line, "port=") + 5);
			free(log);
			return 0;
		}
		free(log);
		int status;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			d->pid = 0;
			return -1;
		}
		sleep_ms(20);
	}
	return -1;
}

int daemon_start(struct daemon *d, const char *const *extra_args)
{
	memset(d, 0, sizeof *d);
	snprintf(d->dir, sizeof d->dir, "/tmp/sidakerd-test-XXXXXX");
	if (!mkdtemp(d->dir))
		return -1;
	snprintf(d->log_path, sizeof d->log_path, "%s.log", d->dir);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return spawn(d, extra_args);
}

int daemon_stop(struct daemon *d)
{
	if (d->pid <= 0)
		return -1;
	kill(d->pid, SIGTERM);
	int status = 0;
	if (waitpid(d->pid, &status, 0) != d->pid)
		return -1;
	d->pid = 0;
	if (!WIFEXITED(status)) {
		fprintf(stderr, "daemon died with signal %d; log: %s\n", WTERMSIG(status), d->log_path);
		return -1;
	}
	if (WEXITSTATUS(status) != 0)
		fprintf(stderr, "daemon exited %d; log: %s\n", WEXITSTATUS(status), d->log_path);
	return WEXITSTATUS(status);
}

int daemon_restart(struct daemon *d, const char *const *extra_args)
{
	/* Never two daemons on one data directory: a running one stops first. */
	if (d->pid > 0 && daemon_stop(d) != 0)
		return -1;
	return spawn(d, extra_args);
}

struct buf {
	char *data;
	size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;
	size_t n = size * nmemb;
	char *grown = realloc(b->data, b->len + n + 1);
	if (!grown)
		return 0;
	memcpy(grown + b->len, ptr, n);
	b->data = grown;
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

static int perform(struct daemon *d, const char *method, const char *path, const char *token, const void *body,
                   size_t body_len, const char *const *headers, struct response *out);

int http_call(struct daemon *d, const char *method, const char *path, const char *token, const char *body,
              const char *const *headers, struct response *out)
{
	return perform(d, method, path, token, body, body ? strlen(body) : 0, headers, out);
}

int http_call_bytes(struct daemon *d, const char *method, const char *path, const char *token, const void *body,
                    size_t len, const char *content_type, struct response *out)
{
	char ct[128];
	snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
	const char *headers[] = {ct, NULL};
	return perform(d, method, path, token, body, len, headers, out);
}

int http_call_raw(struct daemon *d, const char *method, const char *path, const char *token, const void *body,
                  size_t len, const char *const *headers, struct response *out)
{
	return perform(d, method, path, token, body, len, headers, out);
}

unsigned char *fixture(const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof path, "tests/fixtures/%s", name);
	return (unsigned char *)slurp(path, len);
}

size_t export_csv_rows(const char *csv)
{
	size_t rows = 0;
	for (const char *line = strstr(csv, "\"Baris\""); line && (line = strchr(line, '\n')) && line[1]; line++)
		rows++;
	return rows;
}

char *run_on_bytes(const char *command, const void *data, size_t len, const char *suffix)
{
	char path[64], cmd[512];
	snprintf(path, sizeof path, "/tmp/sidakerd-test-%d%s", (int)getpid(), suffix);
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	fwrite(data, 1, len, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s %s 2>/dev/null", command, path);
	FILE *p = popen(cmd, "r");
	struct buf out = {0};
	char chunk[4096];
	size_t n;
	while (p && (n = fread(chunk, 1, sizeof chunk, p)) > 0)
		collect(chunk, 1, n, &out);
	if (p)
		pclose(p);
	unlink(path);
	return out.data ? out.data : strdup("");
}

/* With SIDAKERD_EXCHANGES set (tests/run.sh), every answer is appended to
 * that file as one JSON line, for tests/spec/check_answers.py to validate
 * against proto/openapi.yaml: method, path, status, content type, and the
 * body (parsed when it is JSON). */
static void record_exchange(const char *method, const char *path, const struct response *out)
{
	const char *file = getenv("SIDAKERD_EXCHANGES");
	if (!file || !*file)
		return;
	char type[128] = "";
	const struct response *r = out;
	response_header(r, "Content-Type", type, sizeof type);
	json_t *line = json_pack("{s:s, s:s, s:i, s:s, s:I, s:s}", "method", method, "path", path, "status",
	                         (int)out->status, "content_type", type, "length", (json_int_t)out->len, "program",
	                         program_invocation_short_name);
	if (!line)
		return;
	if (out->json)
		json_object_set(line, "json", out->json);
	else if (out->len && !strncmp(type, "application/json", 16))
		json_object_set_new(line, "unparsed", json_stringn_nocheck(out->body, out->len));
	char *text = json_dumps(line, JSON_COMPACT);
	json_decref(line);
	if (!text)
		return;
	size_t n = strlen(text);
	text[n] = '\n';
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0) {
		ssize_t w = write(fd, text, n + 1); /* one write: lines of concurrent tests stay whole */
		(void)w;
		close(fd);
	}
	free(text);
}

static int perform(struct daemon *d, const char *method, const char *path, const char *token, const void *body,
                   size_t body_len, const char *const *headers, struct response *out)
{
	memset(out, 0, sizeof *out);
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	char url[1024], auth[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", d->port, path);
	struct curl_slist *hl = NULL;
	int has_ct = 0;
	for (int i = 0; headers && headers[i]; i++) {
		hl = curl_slist_append(hl, headers[i]);
		has_ct |= strncasecmp(headers[i], "Content-Type:", 13) == 0;
	}
	if (body && !has_ct)
		hl = curl_slist_append(hl, "Content-Type: application/json");
	if (token) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
		hl = curl_slist_append(hl, auth);
	}
	hl = curl_slist_append(hl, "Expect:");
	struct buf b = {0}, h = {0};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	out->body = b.data ? b.data : strdup("");
	out->len = b.len;
	out->headers = h.data ? h.data : strdup("");
	if (out->len)
		out->json = json_loadb(out->body, out->len, 0, NULL);
	if (rc == CURLE_OK)
		record_exchange(method, path, out);
	return rc == CURLE_OK ? 0 : -1;
}

void response_free(struct response *r)
{
	free(r->body);
	free(r->headers);
	json_decref(r->json);
	memset(r, 0, sizeof *r);
}

const char *response_header(const struct response *r, const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);
	for (const char *line = r->headers; line && *line;) {
		const char *eol = strstr(line, "\r\n");
		if (!eol)
			break;
		if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;
			while (*v == ' ')
				v++;
			snprintf(buf, len, "%.*s", (int)(eol - v), v);
			return buf;
		}
		line = eol + 2;
	}
	return NULL;
}

const char *error_code_of(const struct response *r)
{
	const char *code = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
	return code ? code : "";
}

const char *error_field_of(const struct response *r)
{
	const char *field = json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
	return field ? field : "";
}

int raw_request(struct daemon *d, const char *bytes, size_t len, char *reply, size_t reply_len)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)d->port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	struct timeval tv = {10, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	size_t sent = 0;
	while (sent < len) {
		ssize_t n = send(fd, bytes + sent, len - sent, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server may stop reading (413): read its answer */
		sent += (size_t)n;
	}
	size_t got = 0;
	ssize_t n;
	while (got + 1 < reply_len && (n = recv(fd, reply + got, reply_len - got - 1, 0)) > 0) {
		got += (size_t)n;
		if (strstr(reply, "\r\n\r\n"))
			break;
	}
	reply[got] = '\0';
	close(fd);
	int status;
	if (sscanf(reply, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	return status;
}

int spool_count(struct daemon *d)
{
	char path[300];
	snprintf(path, sizeof path, "%s/spool", d->dir);
	DIR *dir = opendir(path);
	int n = 0;
	struct dirent *e;
	while (dir && (e = readdir(dir)))
		n += strstr(e->d_name, ".eml") && e->d_name[0] != '.';
	if (dir)
		closedir(dir);
	return n;
}

char *spool_mail(struct daemon *d, const char *addr, const char *word)
{
	for (int waited = 0; waited < 5000; waited += 25) {
		char path[300];
		snprintf(path, sizeof path, "%s/spool", d->dir);
		DIR *dir = opendir(path);
		struct dirent *e;
		long best_id = -1;
		char *best = NULL;
		while (dir && (e = readdir(dir))) {
			if (e->d_name[0] == '.' || !strstr(e->d_name, ".eml"))
				continue;
			char file[600], to[300];
			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
			char *text = slurp(file, NULL);
			snprintf(to, sizeof to, "To: %s\r\n", addr);
			long id = atol(e->d_name);
			if (text && strstr(text, to) && strstr(text, word) && id > best_id) {
				free(best);
				best = text;
				best_id = id;
			} else {
				free(text);
			}
		}
		if (dir)
			closedir(dir);
		if (best)
			return best;
		sleep_ms(25);
	}
	return NULL;
}

int spool_token(struct daemon *d, const char *addr, const char *subject_word, char token[64])
{
	char *text = spool_mail(d, addr, subject_word);
	/* The token is the indented line of 43 base64url characters. */
	char *p = text ? strstr(text, "\n    ") : NULL;
	int ok = p && sscanf(p + 5, "%43[A-Za-z0-9_-]", token) == 1;
	free(text);
	return ok ? 0 : -1;
}

long long db_exec(struct daemon *d, const char *sql)
{
	char path[300];
	snprintf(path, sizeof path, "%s/sidakerd.db", d->dir);
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		else if (rc == SQLITE_DONE)
			v = sqlite3_changes(db);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

int db_integrity_ok(struct daemon *d)
{
	char path[300];
	snprintf(path, sizeof path, "%s/sidakerd.db", d->dir);
	sqlite3 *db;
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return ok;
}

int log_contains(struct daemon *d, const char *s)
{
	char *log = slurp(d->log_path, NULL);
	int found = log && strstr(log, s);
	free(log);
	return found;
}

const char *login_token(struct daemon *d, const char *login, const char *password, char token[64])
{
	char body[512];
	struct response r;
	snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", login, password);
	if (http_call(d, "POST", "/v1/auth/login", NULL, body, NULL, &r) < 0 || r.status != 200) {
		response_free(&r);
		return NULL;
	}
	snprintf(token, 64, "%s", json_string_value(json_object_get(r.json, "token")));
	response_free(&r);
	return token;
}

const char *account_ready(struct daemon *d, const char *role, const char *email, const char *password, const char *name,
                          const char *nik, char token[64])
{
	char body[1024], nik_part[64] = "";
	struct response r;
	if (nik)
		snprintf(nik_part, sizeof nik_part, ",\"nik\":\"%s\"", nik);
	snprintf(body, sizeof body, "{\"email\":\"%s\",\"password\":\"%s\",\"role\":\"%s\",\"name\":\"%s\"%s}", email,
	         password, role, name, nik_part);
	if (http_call(d, "POST", "/v1/auth/register", NULL, body, NULL, &r) < 0 || r.status != 201) {
		fprintf(stderr, "register %s: %ld %s\n", email, r.status, r.body);
		response_free(&r);
		return NULL;
	}
	response_free(&r);
	char confirm[64];
	if (spool_token(d, email, "kode konfirmasi", confirm) < 0)
		return NULL;
	snprintf(body, sizeof body, "{\"token\":\"%s\"}", confirm);
	if (http_call(d, "POST", "/v1/auth/confirm", NULL, body, NULL, &r) < 0 || r.status != 200) {
		response_free(&r);
		return NULL;
	}
	response_free(&r);
	return login_token(d, email, password, token);
}

const char *admin_token(struct daemon *d, char token[64])
{
	char path[300], password[64] = "";
	snprintf(path, sizeof path, "%s/initial-admin-password", d->dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	if (!fgets(password, sizeof password, f))
		password[0] = '\0';
	fclose(f);
	password[strcspn(password, "\n")] = '\0';
	return login_token(d, "admin@sidakerd.localhost", password, token);
}

const char *officer_ready(struct daemon *d, char token[64])
{
	char admin[64];
	struct response r;
	if (!admin_token(d, admin) ||
	    http_call(
		    d, "POST", "/v1/admin/officers", admin,
		    "{\"email\":\"o@disnaker.go.id\",\"password\":\"petugas-aman-1\",\"name\":\"Dewi\",\"nip\":\"1\"}",
		    NULL, &r) < 0)
		return NULL;
	response_free(&r);
	return login_token(d, "o@disnaker.go.id", "petugas-aman-1", token);
}

int organisation_ready(struct daemon *d, const char *officer, const char *token, const char *name, const char *type)
{
	char body[1024], path[96];
	struct response r;
	snprintf(body, sizeof body,
	         "{\"legal_name\":\"%s\",\"registration_no\":\"REG-%zu\",\"employer_type\":\"%s\",\"kbli\":\"14111\","
	         "\"npsn\":\"20224411\",\"address\":\"Jl. Industri 1\",\"kecamatan_code\":\"32.77.01\","
	         "\"contact_name\":\"Ibu Sari\",\"contact_phone\":\"022-6651234\",\"contact_email\":\"info@org.id\"}",
	         name, strlen(name), type);
	if (http_call(d, "PUT", "/v1/me/organisation", token, body, NULL, &r) < 0 || r.status != 200) {
		fprintf(stderr, "organisation %s: %ld %s\n", name, r.status, r.body);
		response_free(&r);
		return -1;
	}
	response_free(&r);
	if (!officer)
		return 0;
	if (http_call(d, "GET", "/v1/me", token, NULL, NULL, &r) < 0 || !r.json)
		return -1;
	snprintf(path, sizeof path, "/v1/organisations/%lld/verification",
	         (long long)json_integer_value(json_object_get(r.json, "id")));
	response_free(&r);
	int ok = http_call(d, "POST", path, officer, "{\"decision\":\"verified\"}", NULL, &r) == 0 && r.status == 200;
	response_free(&r);
	return ok ? 0 : -1;
}

int seeker_profile_ready(struct daemon *d, const char *token, const char *name, const char *birth, const char *gender,
                         const char *education, const char *kelurahan, const char *extra)
{
	char body[2048];
	struct response r;
	/* The kecamatan is the kelurahan's parent: "32.77.01.1001" → "32.77.01". */
	snprintf(body, sizeof body,
	         "{\"full_name\":\"%s\",\"birth_place\":\"Cimahi\",\"birth_date\":\"%s\",\"gender\":\"%s\","
	         "\"marital_status\":\"belum_kawin\",\"religion\":\"islam\",\"address\":\"Jl. Baros 1\","
	         "\"kecamatan_code\":\"%.8s\",\"kelurahan_code\":\"%s\",\"phone\":\"081222334455\","
	         "\"education_level\":\"%s\"%s}",
	         name, birth, gender, kelurahan, kelurahan, education, extra ? extra : "");
	if (http_call(d, "PUT", "/v1/me/profile", token, body, NULL, &r) < 0 || r.status != 200) {
		fprintf(stderr, "profile %s: %ld %s\n", name, r.status, r.body);
		response_free(&r);
		return -1;
	}
	response_free(&r);
	return 0;
}

int card_issued(struct daemon *d, const char *officer, const char *token)
{
	static const char *const docs[][2] = {
		{"photo", "photo-300x400.jpg"}, {"ktp", "ktp.jpg"}, {"diploma", "ijazah.pdf"}};
	struct response r;
	char path[96];
	for (int i = 0; i < 3; i++) {
		size_t len;
		unsigned char *data = fixture(docs[i][1], &len);
		snprintf(path, sizeof path, "/v1/me/documents?kind=%s", docs[i][0]);
		int ok = data &&
			http_call_bytes(d, "POST", path, token, data, len, "application/octet-stream", &r) == 0 &&
			r.status == 201;
		if (data)
			response_free(&r);
		free(data);
		if (!ok)
			return -1;
	}
	if (http_call(d, "POST", "/v1/me/card-applications", token, "{\"kind\":\"new\"}", NULL, &r) < 0 ||
	    r.status != 201) {
		response_free(&r);
		return -1;
	}
	long long app = json_integer_value(json_object_get(r.json, "id"));
	response_free(&r);
	snprintf(path, sizeof path, "/v1/me/card-applications/%lld/submit", app);
	int ok = http_call(d, "POST", path, token, NULL, NULL, &r) == 0 && r.status == 200;
	response_free(&r);
	snprintf(path, sizeof path, "/v1/card-applications/%lld/issue", app);
	ok = ok && http_call(d, "POST", path, officer, NULL, NULL, &r) == 0 && r.status == 201;
	response_free(&r);
	return ok ? 0 : -1;
}

int iku_counts_agree(struct daemon *d)
{
	static const char fresh_people[] =
		"SELECT y, (SELECT count(*) FROM (SELECT 1 FROM placement WHERE substr(start_date, 1, 4) = y "
		"GROUP BY person_index)), (SELECT count(*) FROM (SELECT 1 FROM placement WHERE substr(start_date, 1, 4) = y "
		"AND card_id IS NOT NULL GROUP BY seeker_id)) FROM (SELECT DISTINCT substr(start_date, 1, 4) AS y "
		"FROM placement)";
	static const char kept_people[] = "SELECT year, persons, holders FROM iku_year_people WHERE persons > 0";
	static const char fresh_channels[] =
		"SELECT substr(start_date, 1, 4), channel, count(*), count(CASE WHEN card_id IS NULL THEN 1 END) "
		"FROM placement GROUP BY 1, 2";
	static const char kept_channels[] =
		"SELECT year, channel, placements, without_card FROM iku_year_channel WHERE placements > 0";
	char sql[2048];
	long long differ = 0;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s EXCEPT %s)", fresh_people, kept_people);
	differ += db_exec(d, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s EXCEPT %s)", kept_people, fresh_people);
	differ += db_exec(d, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s EXCEPT %s)", fresh_channels, kept_channels);
	differ += db_exec(d, sql);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s EXCEPT %s)", kept_channels, fresh_channels);
	differ += db_exec(d, sql);
	/* Rows of years and channels with nothing left hold zero everywhere. */
	differ += db_exec(d, "SELECT count(*) FROM iku_year_people WHERE persons = 0 AND holders <> 0");
	differ += db_exec(d, "SELECT count(*) FROM iku_year_channel WHERE placements = 0 AND without_card <> 0");
	return differ == 0;
}

void path_with_ones(const char *pattern, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = pattern; *p && n + 2 < cap; p++) {
		if (*p == '{') {
			out[n++] = '1';
			p = strchr(p, '}');
			if (!p)
				break;
			continue;
		}
		out[n++] = *p;
	}
	out[n] = '\0';
}

int daemon_connect(const struct daemon *d)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)d->port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		return fd;
	if (fd >= 0)
		close(fd);
	return -1;
}

double mono_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int read_answers(int *fds, size_t n, double limit_s, char *answers, size_t cap, double *first_byte)
{
	size_t *got = calloc(n ? n : 1, sizeof *got);
	struct pollfd *p = calloc(n ? n : 1, sizeof *p);
	size_t *map = calloc(n ? n : 1, sizeof *map);
	int open_left = 0;
	for (size_t i = 0; i < n; i++) {
		open_left += fds[i] >= 0;
		answers[i * cap] = '\0';
	}
	double start = mono_seconds();
	while (got && p && map && open_left > 0 && mono_seconds() - start < limit_s) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (fds[i] >= 0) {
				p[k] = (struct pollfd){.fd = fds[i], .events = POLLIN};
				map[k++] = i;
			}
		if (poll(p, (nfds_t)k, 200) <= 0)
			continue;
		for (size_t j = 0; j < k; j++) {
			if (!(p[j].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			size_t i = map[j];
			char buf[4096];
			ssize_t r = read(fds[i], buf, sizeof buf);
			if (r > 0 && got[i] == 0 && first_byte)
				first_byte[i] = mono_seconds();
			if (r > 0 && got[i] < cap - 1) {
				size_t take = (size_t)r < cap - 1 - got[i] ? (size_t)r : cap - 1 - got[i];
				memcpy(answers + i * cap + got[i], buf, take);
				got[i] += take;
				answers[i * cap + got[i]] = '\0';
			}
			if (r <= 0) {
				close(fds[i]);
				fds[i] = -1;
				open_left--;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
	free(got);
	free(p);
	free(map);
	return open_left;
}

long long metric_value(struct daemon *d, const char *sample)
{
	struct response r = {0};
	long long n = -1;
	if (http_call(d, "GET", "/metrics", NULL, NULL, NULL, &r) == 0 && r.body) {
		/* A sample is a line: its name (with labels), a space, the value. */
		size_t len = strlen(sample);
		for (const char *p = strstr(r.body, sample); p; p = strstr(p + 1, sample))
			if ((p == r.body || p[-1] == '\n') && p[len] == ' ') {
				n = atoll(p + len + 1);
				break;
			}
	}
	response_free(&r);
	return n;
}

void office_date(int days, char out[11])
{
	time_t t = time(NULL) + 7 * 3600 + (time_t)days * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
