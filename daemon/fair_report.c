/* GET /v1/job-fairs/{id}/report?format=json|csv|xlsx|pdf: a fair's figures
 * for the office's own report and the indicator "placed through job
 * fairs".  Visitors are those who came through the door (checked in), by
 * gender and by age group on the fair's first day (the IPK's groups, and
 * under 15 apart), education and kecamatan; beside them who registered,
 * walk-ins and no-shows.  Companies are those with an accepted booth; each
 * with its vacancies and places, whom it met, interviewed, accepted and
 * refused, and what is still open, to be reported within
 * job_fair_outcome_days of the fair's end.  Placed: the placements of the
 * applications met at the fair, as events and distinct persons. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dates.h"
#include "export.h"
#include "fair.h"
#include "fair_store.h"
#include "http.h"
#include "ipk.h"
#include "reference.h"
#include "server.h"
#include "store.h"

#define AGE_ROWS (IPK_AGE_GROUPS + 1)
static const char *const age_rows[AGE_ROWS] = {"< 15", "15-19", "20-29", "30-44", "45-54", "55+"};

static int age_row(int age) { return age < 15 ? 0 : age < 20 ? 1 : age < 30 ? 2 : age < 45 ? 3 : age < 55 ? 4 : 5; }

/* A table of men / women / together, one row per label. */
static json_t *gender_table(const char *key, const char *title)
{
	return json_pack("{s:s, s:s, s:[s,s,s], s:[]}", "key", key, "title", title, "columns", "Laki-laki", "Perempuan",
	                 "Jumlah", "rows");
}

static const char *education_words(const char *level)
{
	const char *words = reference_label(level);
	return words ? words : level;
}

static void empty_row(json_t *table, const char *label)
{
	json_t *rows = json_object_get(table, "rows");
	char number[24];
	snprintf(number, sizeof number, "%zu", json_array_size(rows) + 1);
	json_array_append_new(rows,
	                      json_pack("{s:s, s:s, s:[i,i,i]}", "row", number, "label", label, "values", 0, 0, 0));
}

/* Adds one person to the row labelled label (made when new, in order of
 * first appearance unless made before). */
static void count_in(json_t *table, const char *label, const char *gender)
{
	json_t *rows = json_object_get(table, "rows"), *row = NULL, *r;
	size_t i;
	json_array_foreach (rows, i, r)
		if (!strcmp(json_string_value(json_object_get(r, "label")), label))
			row = r;
	if (!row) {
		empty_row(table, label);
		row = json_array_get(rows, json_array_size(rows) - 1);
	}
	json_t *values = json_object_get(row, "values");
	int column = !strcmp(gender, "M") ? 0 : 1;
	json_array_set_new(values, (size_t)column,
	                   json_integer(json_integer_value(json_array_get(values, column)) + 1));
	json_array_set_new(values, 2, json_integer(json_integer_value(json_array_get(values, 2)) + 1));
}

static void total_row(json_t *table)
{
	long long sums[3] = {0, 0, 0};
	size_t i;
	json_t *r;
	json_array_foreach (json_object_get(table, "rows"), i, r)
		for (size_t c = 0; c < 3; c++)
			sums[c] += json_integer_value(json_array_get(json_object_get(r, "values"), c));
	json_array_append_new(json_object_get(table, "rows"),
	                      json_pack("{s:s, s:s, s:[I,I,I]}", "row", "total", "label", "Jumlah", "values",
	                                (json_int_t)sums[0], (json_int_t)sums[1], (json_int_t)sums[2]));
}

/* The report from the store's rows; takes raw. */
static json_t *report_of(const struct config *cfg, json_t *fair, json_t *raw)
{
	json_t *by_age = gender_table("visitors_by_age", "Pengunjung menurut kelompok umur"),
	       *by_education = gender_table("visitors_by_education", "Pengunjung menurut pendidikan"),
	       *by_kecamatan = gender_table("visitors_by_kecamatan", "Pengunjung menurut kecamatan");
	/* Every age group and education level shows, in the IPK's order. */
	for (int g = 0; g < AGE_ROWS; g++)
		empty_row(by_age, age_rows[g]);
	for (size_t e = 0; e < IPK_EDUCATION_LEVELS; e++)
		empty_row(by_education, education_words(ipk_education_levels[e]));
	size_t i;
	json_t *row;
	long long registered = 0, came = 0, walk_ins = 0, men = 0, women = 0;
	json_array_foreach (json_object_get(raw, "visitor_rows"), i, row) {
		registered++;
		if (!json_is_true(json_object_get(row, "came")))
			continue;
		const char *gender = json_string_value(json_object_get(row, "gender"));
		came++;
		walk_ins += json_is_true(json_object_get(row, "walk_in"));
		men += !strcmp(gender, "M");
		women += strcmp(gender, "M") != 0;
		count_in(by_age, age_rows[age_row((int)json_integer_value(json_object_get(row, "age")))], gender);
		const char *education = json_string_value(json_object_get(row, "education"));
		count_in(by_education, education_words(education), gender);
		const char *kecamatan = json_string_value(json_object_get(row, "kecamatan"));
		count_in(by_kecamatan, *kecamatan ? kecamatan : "(tidak diketahui)", gender);
	}
	total_row(by_age);
	total_row(by_education);
	total_row(by_kecamatan);
	/* The companies, as a table and as they are. */
	json_t *companies = json_object_get(raw, "companies"), *c;
	json_t *by_company = json_pack("{s:s, s:s, s:[s,s,s,s,s,s,s], s:[]}", "key", "companies", "title",
	                               "Perusahaan peserta", "columns", "Lowongan", "Formasi", "Pelamar", "Wawancara",
	                               "Diterima", "Ditolak", "Belum dilaporkan", "rows");
	long long vacancies = 0, places = 0, applicants = 0;
	json_array_foreach (companies, i, c) {
		char number[24];
		snprintf(number, sizeof number, "%zu", i + 1);
		vacancies += json_integer_value(json_object_get(c, "vacancies"));
		places += json_integer_value(json_object_get(c, "places"));
		applicants += json_integer_value(json_object_get(c, "applicants"));
		json_array_append_new(json_object_get(by_company, "rows"),
		                      json_pack("{s:s, s:O, s:[O,O,O,O,O,O,O]}", "row", number, "label",
		                                json_object_get(c, "organisation"), "values",
		                                json_object_get(c, "vacancies"), json_object_get(c, "places"),
		                                json_object_get(c, "applicants"), json_object_get(c, "interview"),
		                                json_object_get(c, "accepted"), json_object_get(c, "rejected"),
		                                json_object_get(c, "open")));
	}
	json_t *placed = json_object_get(raw, "placed");
	json_t *summary = json_pack("{s:s, s:s, s:[]}", "key", "summary", "title", "Ringkasan", "rows");
	json_object_set_new(summary, "columns", json_pack("[s]", "Jumlah"));
	const struct {
		const char *label;
		long long value;
	} lines[] = {
		{"Pendaftar", registered},
		{"Pengunjung (check-in)", came},
		{"Di antaranya pendaftar di tempat", walk_ins},
		{"Pendaftar yang tidak datang", registered - came},
		{"Perusahaan", (long long)json_array_size(companies)},
		{"Lowongan", vacancies},
		{"Formasi", places},
		{"Pelamar di stan", applicants},
		{"Penempatan", json_integer_value(json_object_get(placed, "placements"))},
		{"Orang yang ditempatkan", json_integer_value(json_object_get(placed, "persons"))},
	};
	for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
		char number[24];
		snprintf(number, sizeof number, "%zu", k + 1);
		json_array_append_new(json_object_get(summary, "rows"),
		                      json_pack("{s:s, s:s, s:[I]}", "row", number, "label", lines[k].label, "values",
		                                (json_int_t)lines[k].value));
	}
	struct date end, due;
	char due_on[DATE_LEN + 1] = "";
	if (date_parse(json_string_value(json_object_get(fair, "end_date")), &end) == 0) {
		due = date_add_days(end, cfg->job_fair_outcome_days);
		date_format(due, due_on);
	}
	json_object_del(fair, "booths");
	json_t *out =
		json_pack("{s:o, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:I, s:I, s:I, s:I, s:O, s:O, s:[o,o,o,o,o]}",
	                  "fair", fair, "outcomes_due_on", due_on, "visitors", "registered", (json_int_t)registered,
	                  "checked_in", (json_int_t)came, "walk_ins", (json_int_t)walk_ins, "no_shows",
	                  (json_int_t)(registered - came), "men", (json_int_t)men, "women", (json_int_t)women,
	                  "companies_count", (json_int_t)json_array_size(companies), "vacancies", (json_int_t)vacancies,
	                  "places", (json_int_t)places, "applicants", (json_int_t)applicants, "placed", placed,
	                  "companies", companies, "tables", summary, by_age, by_education, by_kecamatan, by_company);
	json_decref(raw);
	return out;
}

struct report_st {
	int64_t id;
	char format[8];
	json_t *out;
};

static void report_st_free(void *p)
{
	struct report_st *st = p;
	if (st)
		json_decref(st->out);
	free(st);
}

static void report_run(struct req *r)
{
	struct report_st *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	json_t *fair = db ? fair_json(db, st->id) : NULL, *raw = fair ? fair_report_json(db, st->id) : NULL;
	if (!raw) {
		json_decref(fair);
		return;
	}
	st->out = report_of(r->srv->cfg, fair, raw);
}

static void report_done(struct req *r)
{
	struct report_st *st = r->state;
	if (!st->out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *out = st->out;
	st->out = NULL;
	if (!*st->format || !strcmp(st->format, "json")) {
		req_reply(r, 200, out);
		return;
	}
	char title[200], period[64], format[8];
	json_t *fair = json_object_get(out, "fair");
	snprintf(title, sizeof title, "Laporan Bursa Kerja: %s", json_string_value(json_object_get(fair, "name")));
	snprintf(period, sizeof period, "%s sd %s", json_string_value(json_object_get(fair, "start_date")),
	         json_string_value(json_object_get(fair, "end_date")));
	snprintf(format, sizeof format, "%s", st->format);
	req_state_release(r);
	export_reply(r, format, title, period, out);
}

void fair_report(struct req *r)
{
	const char *format = req_query(r, "format");
	if (format && !export_format_known(format)) {
		req_fail(r, ERR_QUERY_INVALID, "format");
		return;
	}
	struct fair_row f;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? fair_fetch(r->srv->reader, id, &f) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	struct report_st *st = req_state_new(r, sizeof *st, report_st_free);
	if (!st)
		return;
	st->id = id;
	snprintf(st->format, sizeof st->format, "%s", format ? format : "");
	req_read_pool(r, report_run, report_done);
}
