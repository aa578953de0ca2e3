/* Statistics as files an office prints: CSV here, XLSX and PDF as
 * report_doc.h lays them out (report_xlsx.c, report_pdf.c), each with the
 * title, the period, the office's name and every table with its totals
 * rows.  XLSX and PDF render on the work pool. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dates.h"
#include "defaults.h"
#include "export.h"
#include "http.h"
#include "list.h"
#include "reference.h"
#include "report_doc.h"
#include "server.h"

int export_format_known(const char *format)
{
	return !strcmp(format, "json") || !strcmp(format, "csv") || !strcmp(format, "xlsx") || !strcmp(format, "pdf");
}

int export_requested(struct req *r, const char **format, struct list_page *page)
{
	*format = req_query(r, "format");
	if (*format && !export_format_known(*format)) {
		req_fail(r, ERR_QUERY_INVALID, "format");
		return -1;
	}
	if (!*format || !strcmp(*format, "json"))
		return 0;
	if (page) {
		page->cursor = 0;
		page->limit = EXPORT_MAX_ROWS;
	}
	return 1;
}

struct export_state {
	char format[8], title[128], period[64], office[128], filename[96], tmpdir[512], signed_on[32];
	json_t *report;
	unsigned char *file;
	size_t len;
};

static void export_state_free(void *p)
{
	struct export_state *st = p;
	if (st) {
		json_decref(st->report);
		free(st->file);
	}
	free(st);
}

static const char *table_title(const json_t *t) { return json_string_value(json_object_get(t, "title")); }

/* ---- CSV ---- */

/* A text cell, quoted.  Text someone typed (an employer's name, a
 * position, a person's name) that begins with =, +, -, @, a tab or a
 * carriage return would be run as a formula by the spreadsheet an officer
 * opens the file in: such a cell gets a leading apostrophe, which shows the
 * text as it is (OWASP, CSV injection).  Numbers are written as numbers,
 * not through here. */
static void csv_cell(FILE *f, const char *s)
{
	fputc('"', f);
	if (strchr("=+-@\t\r", *s) && *s)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int render_csv(struct export_state *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return -1;
	csv_cell(f, st->title);
	fputc('\n', f);
	csv_cell(f, st->office);
	fputc('\n', f);
	csv_cell(f, st->period);
	fputc('\n', f);
	size_t i, j, k;
	json_t *t, *row, *v;
	json_array_foreach (json_object_get(st->report, "tables"), i, t) {
		fputc('\n', f);
		csv_cell(f, table_title(t));
		fputs("\n\"Baris\",\"Uraian\"", f);
		json_array_foreach (json_object_get(t, "columns"), k, v) {
			fputc(',', f);
			csv_cell(f, json_string_value(v));
		}
		fputc('\n', f);
		json_array_foreach (json_object_get(t, "rows"), j, row) {
			csv_cell(f, json_string_value(json_object_get(row, "row")));
			fputc(',', f);
			csv_cell(f, json_string_value(json_object_get(row, "label")));
			json_array_foreach (json_object_get(row, "values"), k, v) {
				fputc(',', f);
				if (json_is_integer(v))
					fprintf(f, "%lld", (long long)json_integer_value(v));
				else
					csv_cell(f, json_string_value(v) ? json_string_value(v) : "");
			}
			fputc('\n', f);
		}
	}
	if (fclose(f) != 0) {
		free(buf);
		return -1;
	}
	st->file = (unsigned char *)buf;
	st->len = len;
	return 0;
}

const char *const export_reference[] = {NULL};

static const char *label_of(const struct export_column *c, const char *value)
{
	if (!c->labels || !value)
		return value;
	if (c->labels == export_reference) {
		const char *label = reference_label(value);
		return label ? label : value;
	}
	for (const char *const *p = c->labels; *p; p += 2)
		if (!strcmp(*p, value))
			return p[1];
	return value;
}

/* item's field at path, whose dots go down into objects
 * ("outcomes.working", "needed.men"); NULL when it is not there. */
static json_t *field_at(const json_t *item, const char *path)
{
	char name[64];
	const char *dot;
	while ((dot = strchr(path, '.')) && (size_t)(dot - path) < sizeof name) {
		memcpy(name, path, (size_t)(dot - path));
		name[dot - path] = '\0';
		item = json_object_get(item, name);
		path = dot + 1;
	}
	return json_object_get(item, path);
}

json_t *export_list_table(const char *key, const char *title, const json_t *items, const struct export_column *cols)
{
	json_t *columns = json_array(), *rows = json_array();
	for (const struct export_column *c = cols + 1; c->field; c++)
		json_array_append_new(columns, json_string(c->header));
	size_t i;
	json_t *item;
	json_array_foreach (items, i, item) {
		json_t *values = json_array();
		char number[24];
		for (const struct export_column *c = cols + 1; c->field; c++) {
			json_t *v = field_at(item, c->field);
			json_array_append_new(values,
			                      json_is_integer(v) ? json_integer(json_integer_value(v))
			                              : json_is_string(v)
			                              ? json_string(label_of(c, json_string_value(v)))
			                              : json_is_true(v)  ? json_string("ya")
			                              : json_is_false(v) ? json_string("tidak")
			                                                 : json_string(""));
		}
		snprintf(number, sizeof number, "%zu", i + 1);
		const char *label = json_string_value(field_at(item, cols[0].field));
		json_array_append_new(
			rows,
			json_pack("{s:s, s:s, s:o}", "row", number, "label", label ? label : "", "values", values));
	}
	return json_pack("{s:s, s:s, s:o, s:o}", "key", key, "title", title, "columns", columns, "rows", rows);
}

/* ---- the reply ---- */

static void render(struct req *r)
{
	struct export_state *st = r->state;
	struct report_doc doc = {st->title, st->period, st->report, r->srv->cfg, st->signed_on};
	int rc = !strcmp(st->format, "xlsx") ? report_xlsx(&doc, st->tmpdir, &st->file, &st->len)
					     : report_pdf(&doc, &st->file, &st->len);
	if (rc < 0) {
		free(st->file);
		st->file = NULL;
	}
}

static void rendered(struct req *r)
{
	struct export_state *st = r->state;
	if (!st->file) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	const char *type = !strcmp(st->format, "xlsx")
		? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		: "application/pdf";
	req_reply_file(r, type, st->file, st->len, st->filename);
}

void export_reply(struct req *r, const char *format, const char *title, const char *period, json_t *report)
{
	struct export_state *st = req_state_new(r, sizeof(struct export_state), export_state_free);
	if (!st) {
		json_decref(report);
		return;
	}
	st->report = report;
	snprintf(st->format, sizeof st->format, "%s", format);
	snprintf(st->title, sizeof st->title, "%s", title);
	snprintf(st->period, sizeof st->period, "%s", period);
	snprintf(st->office, sizeof st->office, "%s", r->srv->cfg->office_name);
	snprintf(st->tmpdir, sizeof st->tmpdir, "%s", r->srv->cfg->data_dir);
	date_words(date_today(r->srv->cfg->utc_offset_minutes), st->signed_on);
	/* "statistik-bulan-2026-10.xlsx": letters, digits and dashes only. */
	char base[64];
	size_t n = 0;
	for (const char *p = period; *p && n + 1 < sizeof base; p++)
		base[n++] = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ? *p : '-';
	base[n] = '\0';
	snprintf(st->filename, sizeof st->filename, "statistik-%s.%s", base, format);
	if (!strcmp(format, "csv")) {
		if (render_csv(st) < 0) {
			req_fail(r, ERR_BUSY, NULL);
			return;
		}
		req_reply_file(r, "text/csv; charset=utf-8", st->file, st->len, st->filename);
		return;
	}
	req_pool(r, render, rendered);
}

void export_list_reply(struct req *r, const char *format, const char *title, const char *period, const char *key,
                       const char *table_title, json_t *items, const struct export_column *cols)
{
	json_t *table = export_list_table(key, table_title, items, cols);
	json_decref(items);
	export_reply(r, format, title, period, json_pack("{s:[o]}", "tables", table));
}
