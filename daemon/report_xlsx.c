/* A report as a workbook (report_doc.h), one sheet per table: the title,
 * the office and the period above a header row of full labels; numbers are
 * numbers a spreadsheet sums (integers with a thousands format, percentages
 * as fractions shown as 83,33%, decimals with their places), not text; the
 * columns as wide as what they hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "config.h"
#include "report_doc.h"

#define COLUMNS_MAX 64
#define WIDTH_MIN 6.0
#define WIDTH_MAX 48.0

struct formats {
	lxw_format *bold, *head, *text, *integer, *percent, *decimal;
};

/* Characters shown, roughly: UTF-8 continuation bytes take no room. */
static double shown_width(const char *s)
{
	double n = 0;
	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void widen(double *width, double want)
{
	want += 2;
	if (want > *width)
		*width = want > WIDTH_MAX ? WIDTH_MAX : want;
}

static void write_value(lxw_worksheet *sheet, lxw_row_t r, lxw_col_t c, const json_t *v, const struct formats *f,
                        double *width)
{
	double number;
	int decimals, percent;
	char text[256];
	report_cell_text(v, text, sizeof text);
	widen(width, shown_width(text));
	if (!report_number(v, &number, &decimals, &percent)) {
		worksheet_write_string(sheet, r, c, text, f->text);
		return;
	}
	lxw_format *format = percent ? f->percent : decimals ? f->decimal : f->integer;
	worksheet_write_number(sheet, r, c, number, format);
}

static void sheet_of(lxw_workbook *book, const struct report_doc *doc, const json_t *t, const struct formats *f)
{
	char name[32];
	snprintf(name, sizeof name, "%.31s", json_string_value(json_object_get(t, "key")));
	lxw_worksheet *sheet = workbook_add_worksheet(book, name);
	if (!sheet)
		return;
	double width[COLUMNS_MAX + 2] = {0};
	width[0] = 6;
	width[1] = 24;
	worksheet_write_string(sheet, 0, 0, json_string_value(json_object_get(t, "title")), f->bold);
	worksheet_write_string(sheet, 1, 0, doc->cfg->office_name, NULL);
	worksheet_write_string(sheet, 2, 0, doc->period, NULL);
	worksheet_write_string(sheet, 4, 0, "No.", f->head);
	worksheet_write_string(sheet, 4, 1, "Uraian", f->head);
	size_t j, k;
	json_t *row, *v;
	json_array_foreach (json_object_get(t, "columns"), k, v) {
		if (k >= COLUMNS_MAX)
			break;
		const char *label = report_label(json_string_value(v));
		worksheet_write_string(sheet, 4, (lxw_col_t)(k + 2), label, f->head);
		/* A header wraps: its longest word sets the least width. */
		widen(&width[k + 2], shown_width(label) > 14 ? 14 : shown_width(label));
	}
	json_array_foreach (json_object_get(t, "rows"), j, row) {
		lxw_row_t r = (lxw_row_t)(5 + j);
		const char *code = json_string_value(json_object_get(row, "row"));
		const char *label = report_label(json_string_value(json_object_get(row, "label")));
		worksheet_write_string(sheet, r, 0, code && strcmp(code, "total") ? code : "", f->text);
		worksheet_write_string(sheet, r, 1, label, f->text);
		widen(&width[1], shown_width(label));
		json_array_foreach (json_object_get(row, "values"), k, v)
			if (k < COLUMNS_MAX)
				write_value(sheet, r, (lxw_col_t)(k + 2), v, f, &width[k + 2]);
	}
	size_t ncols = json_array_size(json_object_get(t, "columns"));
	for (size_t c = 0; c < ncols + 2 && c < COLUMNS_MAX + 2; c++)
		worksheet_set_column(sheet, (lxw_col_t)c, (lxw_col_t)c, width[c] < WIDTH_MIN ? WIDTH_MIN : width[c],
		                     NULL);
	worksheet_freeze_panes(sheet, 5, 2);
	worksheet_set_landscape(sheet);
	worksheet_set_paper(sheet, 9); /* A4 */
	worksheet_fit_to_pages(sheet, 1, 0);
	worksheet_repeat_rows(sheet, 4, 4);
}

int report_xlsx(const struct report_doc *doc, const char *tmpdir, unsigned char **out, size_t *len)
{
	char path[600];
	snprintf(path, sizeof path, "%s/export-XXXXXX", tmpdir);
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = (char *)tmpdir, .use_zip64 = LXW_FALSE};
	lxw_workbook *book = workbook_new_opt(path, &options);
	if (!book) {
		unlink(path);
		return -1;
	}
	workbook_set_properties(book,
	                        &(lxw_doc_properties){.title = (char *)doc->title, .company = doc->cfg->office_name});
	struct formats f = {workbook_add_format(book), workbook_add_format(book), workbook_add_format(book),
	                    workbook_add_format(book), workbook_add_format(book), workbook_add_format(book)};
	format_set_bold(f.bold);
	format_set_bold(f.head);
	format_set_border(f.head, LXW_BORDER_THIN);
	format_set_text_wrap(f.head);
	format_set_align(f.head, LXW_ALIGN_CENTER);
	format_set_align(f.head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(f.head, 0xE6E6E6);
	lxw_format *cells[] = {f.text, f.integer, f.percent, f.decimal};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		format_set_border(cells[i], LXW_BORDER_THIN);
	format_set_text_wrap(f.text);
	format_set_num_format(f.integer, "#,##0");
	format_set_num_format(f.percent, "0.00%");
	format_set_num_format(f.decimal, "0.00");
	size_t i;
	json_t *t;
	json_array_foreach (json_object_get(doc->report, "tables"), i, t)
		sheet_of(book, doc, t, &f);
	int rc = workbook_close(book) == LXW_NO_ERROR ? 0 : -1;
	FILE *file = rc == 0 ? fopen(path, "rb") : NULL;
	struct stat sb;
	if (file && fstat(fileno(file), &sb) == 0 && (*out = malloc((size_t)sb.st_size + 1)) &&
	    fread(*out, 1, (size_t)sb.st_size, file) == (size_t)sb.st_size)
		*len = (size_t)sb.st_size;
	else
		rc = -1;
	if (file)
		fclose(file);
	unlink(path);
	return rc;
}
