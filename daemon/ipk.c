/* The monthly IPK tables: the chain of months (row 1 = row 5 of the month
 * before), closing months, and the routes.  See ipk.h for the rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "dates.h"
#include "export.h"
#include "http.h"
#include "ipk.h"
#include "webhook.h"
#include "ipk_store.h"
#include "server.h"
#include "store.h"
#include "ipk_cache.h"

/* The tables carried from month to month (ipk.h). */
enum chain {
	CHAIN_AGE = IPK_CHAIN_AGE,
	CHAIN_EDUCATION = IPK_CHAIN_EDUCATION,
	CHAIN_KBJI = IPK_CHAIN_KBJI,
	CHAIN_VACANCY = IPK_CHAIN_VACANCY,
	CHAINS = IPK_CHAINS
};

static const struct {
	const char *key, *title;
	const char *rows[7][2];
} chains[CHAINS] = {
	{"job_seekers_by_age",
         "III/1 Pencari kerja menurut golongan umur dan jenis kelamin",
         {{"1", "Sisa akhir bulan lalu"},
          {"2", "Terdaftar bulan ini"},
          {"A", "Jumlah (1+2)"},
          {"3", "Ditempatkan bulan ini"},
          {"4", "Dihapuskan bulan ini"},
          {"B", "Jumlah (3+4)"},
          {"5", "Sisa akhir bulan ini (A-B)"}}},
	{"job_seekers_by_education",
         "Pencari kerja menurut pendidikan dan jenis kelamin",
         {{"1", "Sisa akhir bulan lalu"},
          {"2", "Terdaftar bulan ini"},
          {"A", "Jumlah (1+2)"},
          {"3", "Ditempatkan bulan ini"},
          {"4", "Dihapuskan bulan ini"},
          {"B", "Jumlah (3+4)"},
          {"5", "Sisa akhir bulan ini (A-B)"}}},
	{"job_seekers_by_kbji",
         "Pencari kerja menurut golongan jabatan (KBJI) yang dicari dan jenis kelamin",
         {{"1", "Sisa akhir bulan lalu"},
          {"2", "Terdaftar bulan ini"},
          {"A", "Jumlah (1+2)"},
          {"3", "Ditempatkan bulan ini"},
          {"4", "Dihapuskan bulan ini"},
          {"B", "Jumlah (3+4)"},
          {"5", "Sisa akhir bulan ini (A-B)"}}},
	{"vacancies",
         "Lowongan kerja menurut jenis kelamin (orang)",
         {{"1", "Sisa akhir bulan lalu"},
          {"2", "Terdaftar bulan ini"},
          {"C", "Jumlah (1+2)"},
          {"3", "Dipenuhi bulan ini"},
          {"4", "Dihapuskan bulan ini"},
          {"D", "Jumlah (3+4)"},
          {"5", "Sisa akhir bulan ini (C-D)"}}},
};

static int chain_columns(enum chain c)
{
	return c == CHAIN_AGE          ? 2 * IPK_AGE_GROUPS
		: c == CHAIN_EDUCATION ? 2 * IPK_EDUCATION_LEVELS
		: c == CHAIN_KBJI      ? 2 * IPK_KBJI_GROUPS
				       : 3;
}

static int gendered(enum chain c) { return c != CHAIN_VACANCY; }

static json_t *column_labels(enum chain c)
{
	if (!gendered(c))
		return json_pack("[s,s,s,s]", "L", "P", "L/P", "Jumlah");
	json_t *labels = json_array();
	int groups = chain_columns(c) / 2;
	for (int g = 0; g < groups; g++) {
		const char *name = c == CHAIN_AGE ? ipk_age_groups[g]
			: c == CHAIN_EDUCATION    ? ipk_education_levels[g]
						  : ipk_kbji_groups[g];
		char label[40];
		snprintf(label, sizeof label, "%s L", name);
		json_array_append_new(labels, json_string(label));
		snprintf(label, sizeof label, "%s P", name);
		json_array_append_new(labels, json_string(label));
	}
	json_array_append_new(labels, json_string("Jumlah L"));
	json_array_append_new(labels, json_string("Jumlah P"));
	json_array_append_new(labels, json_string("Jumlah"));
	return labels;
}

/* A row's values with its totals: men, women and all (gendered tables) or all. */
static json_t *values_with_totals(enum chain c, const long long *v)
{
	int n = chain_columns(c);
	long long men = 0, women = 0, all = 0;
	json_t *values = json_array();
	for (int i = 0; i < n; i++) {
		json_array_append_new(values, json_integer(v[i]));
		all += v[i];
		if (i % 2 == 0)
			men += v[i];
		else
			women += v[i];
	}
	if (gendered(c)) {
		json_array_append_new(values, json_integer(men));
		json_array_append_new(values, json_integer(women));
	}
	json_array_append_new(values, json_integer(all));
	return values;
}

/* One chained table of a month from its flows and the row 5 before it;
 * carry becomes this month's row 5. */
static json_t *chain_table(enum chain c, const struct ipk_flows *f, long long *carry)
{
	int n = chain_columns(c);
	long long rows[7][IPK_MAX_COLUMNS];
	for (int i = 0; i < n; i++) {
		rows[0][i] = carry[i];
		rows[1][i] = f->in[i];
		rows[2][i] = rows[0][i] + rows[1][i];
		rows[3][i] = f->out3[i];
		rows[4][i] = f->out4[i];
		rows[5][i] = rows[3][i] + rows[4][i];
		rows[6][i] = rows[2][i] - rows[5][i];
		carry[i] = rows[6][i];
	}
	json_t *t = json_pack("{s:s, s:s, s:o, s:[], s:{s:I, s:I, s:I}}", "key", chains[c].key, "title",
	                      chains[c].title, "columns", column_labels(c), "rows", "late", "2", (json_int_t)f->late[0],
	                      "3", (json_int_t)f->late[1], "4", (json_int_t)f->late[2]);
	for (int r = 0; r < 7; r++)
		json_array_append_new(json_object_get(t, "rows"),
		                      json_pack("{s:s, s:s, s:o}", "row", chains[c].rows[r][0], "label",
		                                chains[c].rows[r][1], "values", values_with_totals(c, rows[r])));
	return t;
}

static const json_t *table_of(const json_t *tables, const char *key)
{
	size_t i;
	json_t *t;
	json_array_foreach (tables, i, t)
		if (!strcmp(json_string_value(json_object_get(t, "key")), key))
			return t;
	return NULL;
}

static const json_t *row_of(const json_t *table, const char *code)
{
	size_t i;
	json_t *row;
	json_array_foreach (json_object_get(table, "rows"), i, row)
		if (!strcmp(json_string_value(json_object_get(row, "row")), code))
			return json_object_get(row, "values");
	return NULL;
}

static void next_month(const char *month, char out[8])
{
	struct date d = {atoi(month), atoi(month + 5), 1};
	date_month_format(date_add_months(d, 1), out);
}

/* Every month from the one after the newest closure (or the first with
 * data) up to `to`, each month's tables handed to each(); the last
 * month's returned.  Row 1 of the first month is the closed month's row 5. */
/* One month's tables: the chained ones from its flows and the row 5 before
 * it (carry becomes this month's row 5), then the placement tables. */
static json_t *month_tables(struct dbconn *db, int use_cache, const char *month,
                            long long carry[CHAINS][IPK_MAX_COLUMNS])
{
	json_t *placements = NULL;
	struct ipk_flows f[CHAINS];
	if (ipk_month_data(db, use_cache, month, f, &placements) < 0)
		return NULL;
	json_t *tables = json_array();
	for (int c = 0; c < CHAINS; c++)
		json_array_append_new(tables, chain_table((enum chain)c, &f[c], carry[c]));
	json_array_extend(tables, placements);
	json_decref(placements);
	return tables;
}

static json_t *chain_months(struct dbconn *db, int use_cache, const char *to,
                            int (*each)(const char *, json_t *, void *), void *arg)
{
	char closed[8], month[8], first[8];
	json_t *snapshot = NULL;
	long long carry[CHAINS][IPK_MAX_COLUMNS] = {{0}};
	first[0] = '\0';
	if (ipk_last_closed(db, closed, &snapshot) < 0 || (!*closed && ipk_first_month(db, first) < 0))
		return NULL;
	for (int c = 0; c < CHAINS && snapshot && strcmp(to, closed) > 0; c++) {
		const json_t *row5 = row_of(table_of(json_object_get(snapshot, "tables"), chains[c].key), "5");
		for (int i = 0; i < chain_columns(c); i++)
			carry[c][i] = json_integer_value(json_array_get(row5, (size_t)i));
	}
	json_decref(snapshot);
	if (*closed && strcmp(to, closed) <= 0)
		snprintf(month, sizeof month, "%s", to); /* closed before it had data: all zero */
	else if (*closed)
		next_month(closed, month);
	else
		snprintf(month, sizeof month, "%s", *first && strcmp(first, to) < 0 ? first : to);
	json_t *last = NULL;
	for (;;) {
		json_t *tables = month_tables(db, use_cache, month, carry);
		if (!tables || (each && each(month, tables, arg) < 0)) {
			json_decref(tables);
			json_decref(last);
			return NULL;
		}
		json_decref(last);
		last = tables;
		if (strcmp(month, to) >= 0)
			return last;
		next_month(month, month);
	}
}

/* What a closed month's flows would be now, beside what was published:
 * the visible trace of later edits to old records. */
static json_t *corrections(struct dbconn *db, const char *month, const json_t *published)
{
	long long zero[CHAINS][IPK_MAX_COLUMNS] = {{0}};
	json_t *now = month_tables(db, 1, month, zero);
	if (!now)
		return NULL;
	json_t *out = json_array();
	size_t i;
	json_t *table;
	json_array_foreach (now, i, table) {
		const char *key = json_string_value(json_object_get(table, "key"));
		const json_t *was = table_of(published, key);
		size_t j;
		json_t *row;
		json_array_foreach (json_object_get(table, "rows"), j, row) {
			const char *code = json_string_value(json_object_get(row, "row"));
			/* Flows only: rows 1, A/C, B/D and 5 follow from them. */
			if (i < CHAINS && strcmp(code, "2") && strcmp(code, "3") && strcmp(code, "4"))
				continue;
			const json_t *old = row_of(was, code), *values = json_object_get(row, "values");
			for (size_t k = 0; k < json_array_size(values); k++) {
				long long a = json_integer_value(json_array_get(old, k)),
					  b = json_integer_value(json_array_get(values, k));
				if (a != b)
					json_array_append_new(
						out,
						json_pack("{s:s, s:s, s:O, s:I, s:I}", "table", key, "row", code,
					                  "column",
					                  json_array_get(json_object_get(table, "columns"), k),
					                  "published", (json_int_t)a, "now", (json_int_t)b));
			}
		}
	}
	json_decref(now);
	return out;
}

static int month_valid(const char *month, const char *current)
{
	struct date d;
	char day[11];
	if (!month || strlen(month) != 7)
		return 0;
	snprintf(day, sizeof day, "%s-01", month);
	return date_parse(day, &d) == 0 && d.year >= 2000 && strcmp(month, current) <= 0;
}

static void current_month(struct req *r, char out[8])
{
	date_month_format(date_today(r->srv->cfg->utc_offset_minutes), out);
}

/* The month's report: its frozen tables and corrections when closed, else
 * the chain up to it.  Runs on the read pool: a first computation over years
 * of a province's register takes seconds and must not hold up the loop. */
struct ipk_read {
	char month[8], format[8];
	json_t *out;
};

static void ipk_read_free(void *p)
{
	struct ipk_read *st = p;
	if (st)
		json_decref(st->out);
	free(st);
}

static void ipk_run(struct req *r)
{
	struct ipk_read *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	st->out = db ? ipk_month_report(db, r->srv->cfg, st->month) : NULL;
}

json_t *ipk_month_report(struct dbconn *db, const struct config *cfg, const char *month)
{
	json_t *snapshot = NULL, *tables = NULL, *fixes = NULL;
	int64_t closed_at = 0;
	int closed = ipk_closure_get(db, month, &snapshot, &closed_at);
	if (closed == 1) {
		tables = json_incref(json_object_get(snapshot, "tables"));
		fixes = corrections(db, month, tables);
	} else if (closed == 0) {
		tables = chain_months(db, 1, month, NULL, NULL);
		fixes = json_array();
	}
	json_decref(snapshot);
	if (!tables || !fixes) {
		json_decref(tables);
		json_decref(fixes);
		return NULL;
	}
	char when[24];
	return json_pack("{s:s, s:s, s:s, s:b, s:o, s:o, s:o}", "month", month, "office", cfg->office_name,
	                 "kabkota_code", cfg->kabkota_code, "closed", closed == 1, "closed_at",
	                 closed == 1 ? json_string(iso8601(closed_at, when, sizeof when)) : json_null(), "tables",
	                 tables, "corrections", fixes);
}

static void ipk_done(struct req *r)
{
	struct ipk_read *st = r->state;
	if (!st->out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "statistics.ipk_read", "month",
	           atoi(st->month) * 100 + atoi(st->month + 5));
	if (!*st->format || !strcmp(st->format, "json")) {
		json_t *out = st->out;
		st->out = NULL;
		req_reply(r, 200, out);
		return;
	}
	char period[32], format[8];
	json_t *out = st->out;
	st->out = NULL;
	if (month_words(st->month, period) < 0)
		snprintf(period, sizeof period, "%s", st->month);
	snprintf(format, sizeof format, "%s", st->format);
	req_state_release(r);
	export_reply(r, format, "Ikhtisar Statistik Antar Kerja (IPK)", period, out);
}

/* The chain of open months up to the current one, computed and dropped:
 * what stats_warm.c does after a start, so that the months are kept. */
int ipk_chain_warm(struct dbconn *db, const char *month)
{
	json_t *tables = chain_months(db, 1, month, NULL, NULL);
	json_decref(tables);
	return tables ? 0 : -1;
}

void ipk_get(struct req *r)
{
	char current[8];
	current_month(r, current);
	const char *month = req_query(r, "month"), *format = req_query(r, "format");
	if (!month)
		month = current;
	if (!month_valid(month, current)) {
		req_fail(r, ERR_QUERY_INVALID, "month");
		return;
	}
	if (format && !export_format_known(format)) {
		req_fail(r, ERR_QUERY_INVALID, "format");
		return;
	}
	struct ipk_read *st = req_state_new(r, sizeof(struct ipk_read), ipk_read_free);
	if (!st)
		return;
	snprintf(st->month, sizeof st->month, "%s", month);
	snprintf(st->format, sizeof st->format, "%s", format ? format : "");
	req_read_pool(r, ipk_run, ipk_done);
}

struct closing {
	struct dbconn *db;
	int64_t by, now;
	json_t *closed;
};

static int close_one(const char *month, json_t *tables, void *arg)
{
	struct closing *c = arg;
	json_t *snapshot = json_pack("{s:s, s:O}", "month", month, "tables", tables);
	int rc = snapshot ? ipk_closure_insert(c->db, month, c->by, c->now, snapshot) : -1;
	json_decref(snapshot);
	if (rc == 0)
		json_array_append_new(c->closed, json_string(month));
	return rc;
}

struct close_state {
	char month[8];
	json_t *closed;
	int refusal;
};

static void close_state_free(void *p)
{
	struct close_state *st = p;
	if (st)
		json_decref(st->closed);
	free(st);
}

static int close_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct close_state *st = r->state;
	char last[8];
	if (ipk_last_closed(db, last, NULL) < 0)
		return WRITE_STORE_ERROR;
	if (*last && strcmp(st->month, last) <= 0) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	struct closing c = {db, r->who.account_id, now_seconds(), json_array()};
	json_t *tables = chain_months(db, 0, st->month, close_one, &c);
	if (!tables) {
		json_decref(c.closed);
		return WRITE_STORE_ERROR;
	}
	json_decref(tables);
	st->closed = c.closed;
	/* Those who asked to be told: a delivery per month closed, per webhook. */
	size_t i;
	json_t *m;
	json_array_foreach (c.closed, i, m)
		if (webhook_announce(db, r->srv->cfg, "month_closed", json_string_value(m), c.now) < 0)
			return WRITE_STORE_ERROR;
	char detail[64];
	snprintf(detail, sizeof detail, "{\"month\":\"%s\",\"months\":%zu}", st->month, json_array_size(c.closed));
	return audit_record(db, r->who.account_id, "statistics.close", "month",
	                    atoi(st->month) * 100 + atoi(st->month + 5), detail, c.now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void closed_done(struct req *r, int result)
{
	struct close_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE,
		         result == WRITE_REFUSED ? "month" : NULL);
		return;
	}
	req_reply(r, 201, json_pack("{s:s, s:O}", "month", st->month, "closed", st->closed));
}

static const struct field_spec close_fields[] = {
	{"month", FIELD_STRING, 1, 7},
	{NULL, 0, 0, 0},
};

/* Closing a month closes every open month up to it; a month still in
 * progress cannot close. */
void ipk_close(struct req *r)
{
	struct close_state *st = req_state_new(r, sizeof(struct close_state), close_state_free);
	if (!st || req_body_check(r, close_fields) < 0)
		return;
	char current[8];
	current_month(r, current);
	const char *month = body_str(r->body, "month");
	/* A month that has not ended cannot be published: said in those words. */
	if (month && strlen(month) == 7 && strcmp(month, current) >= 0 && month_valid(month, "9999-12")) {
		req_fail(r, ERR_MONTH_NOT_OVER, "month");
		return;
	}
	if (!month_valid(month, current)) {
		req_fail(r, ERR_MONTH_INVALID, "month");
		return;
	}
	snprintf(st->month, sizeof st->month, "%s", month);
	req_write(r, close_write, closed_done);
}
