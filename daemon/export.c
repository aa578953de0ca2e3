/* Statistics as files an office prints: CSV, XLSX (libxlsxwriter) and PDF
 * (libharu), each with the title, the period, the office's name and every
 * table with its totals rows.  XLSX and PDF render on the work pool. */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "export.h"
#include "http.h"
#include "pdf_util.h"
#include "server.h"

int export_format_known(const char *format)
{
	return !strcmp(format, "json") || !strcmp(format, "csv") || !strcmp(format, "xlsx") || !strcmp(format, "pdf");
}

struct export_state {
	char format[8], title[128], period[64], office[128], filename[96], tmpdir[512];
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

/* ---- XLSX ---- */

static int render_xlsx(struct export_state *st)
{
	char path[600];
	snprintf(path, sizeof path, "%s/export-XXXXXX", st->tmpdir);
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = st->tmpdir, .use_zip64 = LXW_FALSE};
	lxw_workbook *book = workbook_new_opt(path, &options);
	if (!book) {
		unlink(path);
		return -1;
	}
	workbook_set_properties(book, &(lxw_doc_properties){.title = st->title, .company = st->office});
	lxw_format *bold = workbook_add_format(book);
	format_set_bold(bold);
	lxw_format *head = workbook_add_format(book);
	format_set_bold(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_text_wrap(head);
	lxw_format *cell = workbook_add_format(book);
	format_set_border(cell, LXW_BORDER_THIN);
	size_t i, j, k;
	json_t *t, *row, *v;
	json_array_foreach (json_object_get(st->report, "tables"), i, t) {
		char name[32];
		snprintf(name, sizeof name, "%.31s", json_string_value(json_object_get(t, "key")));
		lxw_worksheet *sheet = workbook_add_worksheet(book, name);
		if (!sheet)
			break;
		worksheet_write_string(sheet, 0, 0, table_title(t), bold);
		worksheet_write_string(sheet, 1, 0, st->office, NULL);
		worksheet_write_string(sheet, 2, 0, st->period, NULL);
		worksheet_write_string(sheet, 4, 0, "Baris", head);
		worksheet_write_string(sheet, 4, 1, "Uraian", head);
		worksheet_set_column(sheet, 1, 1, 28, NULL);
		json_array_foreach (json_object_get(t, "columns"), k, v)
			worksheet_write_string(sheet, 4, (lxw_col_t)(k + 2), json_string_value(v), head);
		json_array_foreach (json_object_get(t, "rows"), j, row) {
			lxw_row_t r = (lxw_row_t)(5 + j);
			worksheet_write_string(sheet, r, 0, json_string_value(json_object_get(row, "row")), cell);
			worksheet_write_string(sheet, r, 1, json_string_value(json_object_get(row, "label")), cell);
			json_array_foreach (json_object_get(row, "values"), k, v) {
				if (json_is_integer(v))
					worksheet_write_number(sheet, r, (lxw_col_t)(k + 2),
					                       (double)json_integer_value(v), cell);
				else
					worksheet_write_string(sheet, r, (lxw_col_t)(k + 2),
					                       json_string_value(v) ? json_string_value(v) : "", cell);
			}
		}
	}
	int rc = workbook_close(book) == LXW_NO_ERROR ? 0 : -1;
	FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
	struct stat sb;
	if (f && fstat(fileno(f), &sb) == 0 && (st->file = malloc((size_t)sb.st_size + 1)) &&
	    fread(st->file, 1, (size_t)sb.st_size, f) == (size_t)sb.st_size)
		st->len = (size_t)sb.st_size;
	else
		rc = -1;
	if (f)
		fclose(f);
	unlink(path);
	return rc;
}

/* ---- PDF ---- */

struct pdf_page {
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font regular, bold;
	float y;
};

static void pdf_text(struct pdf_page *p, HPDF_Font font, float size, float x, float y, const char *s, float width)
{
	char buf[256];
	pdf_winansi(s, buf, sizeof buf);
	HPDF_Page_SetFontAndSize(p->page, font, size);
	/* Cut what does not fit the cell. */
	while (width > 0 && *buf && HPDF_Page_TextWidth(p->page, buf) > width)
		buf[strlen(buf) - 1] = '\0';
	HPDF_Page_BeginText(p->page);
	HPDF_Page_TextOut(p->page, x, y, buf);
	HPDF_Page_EndText(p->page);
}

static void new_page(struct pdf_page *p, const struct export_state *st)
{
	p->page = HPDF_AddPage(p->pdf);
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
	p->y = HPDF_Page_GetHeight(p->page) - 36;
	pdf_text(p, p->bold, 11, 30, p->y, st->title, 0);
	p->y -= 14;
	pdf_text(p, p->regular, 9, 30, p->y, st->office, 0);
	pdf_text(p, p->regular, 9, 400, p->y, st->period, 0);
	p->y -= 18;
}

static void pdf_table(struct pdf_page *p, const struct export_state *st, const json_t *t)
{
	const json_t *columns = json_object_get(t, "columns"), *rows = json_object_get(t, "rows");
	size_t ncols = json_array_size(columns);
	float width = HPDF_Page_GetWidth(p->page) - 60, code_w = 24, label_w = 120;
	float col_w = (width - code_w - label_w) / (float)(ncols ? ncols : 1);
	float font = col_w < 26 ? 5.5f : 7, line = font + 6;
	if (p->y - line * (float)(json_array_size(rows) + 3) < 30)
		new_page(p, st);
	pdf_text(p, p->bold, 9, 30, p->y, table_title(t), 0);
	p->y -= line + 2;
	/* The header: labels in two lines when they hold a space ("20-29 L"). */
	pdf_text(p, p->bold, font, 30, p->y, "Baris", code_w - 2);
	pdf_text(p, p->bold, font, 30 + code_w, p->y, "Uraian", label_w - 2);
	size_t k, j;
	json_t *v, *row;
	json_array_foreach (columns, k, v) {
		char label[64], *space;
		snprintf(label, sizeof label, "%s", json_string_value(v));
		float x = 30 + code_w + label_w + (float)k * col_w;
		if ((space = strrchr(label, ' ')) && col_w < 40) {
			*space = '\0';
			pdf_text(p, p->bold, font, x, p->y + font, label, col_w - 2);
			pdf_text(p, p->bold, font, x, p->y, space + 1, col_w - 2);
		} else {
			pdf_text(p, p->bold, font, x, p->y, label, col_w - 2);
		}
	}
	HPDF_Page_SetLineWidth(p->page, 0.5f);
	HPDF_Page_MoveTo(p->page, 30, p->y - 3);
	HPDF_Page_LineTo(p->page, 30 + width, p->y - 3);
	HPDF_Page_Stroke(p->page);
	p->y -= line;
	json_array_foreach (rows, j, row) {
		const char *code = json_string_value(json_object_get(row, "row"));
		HPDF_Font f = strlen(code) == 1 && code[0] >= 'A' && code[0] <= 'D' ? p->bold : p->regular;
		pdf_text(p, f, font, 30, p->y, code, code_w - 2);
		pdf_text(p, f, font, 30 + code_w, p->y, json_string_value(json_object_get(row, "label")), label_w - 2);
		json_array_foreach (json_object_get(row, "values"), k, v) {
			char num[32];
			if (json_is_integer(v))
				snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
			else
				snprintf(num, sizeof num, "%s", json_string_value(v) ? json_string_value(v) : "");
			pdf_text(p, f, font, 30 + code_w + label_w + (float)k * col_w, p->y, num, col_w - 2);
		}
		p->y -= line;
	}
	p->y -= line;
}

static int render_pdf(struct export_state *st)
{
	HPDF_STATUS error = 0;
	struct pdf_page p = {.pdf = HPDF_New(pdf_on_error, &error)};
	if (!p.pdf)
		return -1;
	HPDF_SetCompressionMode(p.pdf, HPDF_COMP_ALL);
	HPDF_SetInfoAttr(p.pdf, HPDF_INFO_TITLE, st->title);
	HPDF_SetInfoAttr(p.pdf, HPDF_INFO_CREATOR, "sidakerd");
	p.regular = HPDF_GetFont(p.pdf, "Helvetica", "WinAnsiEncoding");
	p.bold = HPDF_GetFont(p.pdf, "Helvetica-Bold", "WinAnsiEncoding");
	new_page(&p, st);
	size_t i;
	json_t *t;
	json_array_foreach (json_object_get(st->report, "tables"), i, t)
		pdf_table(&p, st, t);
	int rc = error ? -1 : pdf_save(p.pdf, &st->file, &st->len);
	HPDF_Free(p.pdf);
	return error ? -1 : rc;
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
			json_t *v = json_object_get(item, c->field);
			json_array_append_new(values,
			                      json_is_integer(v)          ? json_integer(json_integer_value(v))
			                              : json_is_string(v) ? json_string(json_string_value(v))
			                              : json_is_true(v)   ? json_string("ya")
			                              : json_is_false(v)  ? json_string("tidak")
			                                                  : json_string(""));
		}
		snprintf(number, sizeof number, "%zu", i + 1);
		const char *label = json_string_value(json_object_get(item, cols[0].field));
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
	int rc = !strcmp(st->format, "xlsx") ? render_xlsx(st) : render_pdf(st);
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
