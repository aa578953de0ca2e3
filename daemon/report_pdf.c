/* A report as a PDF an office files (report_doc.h): the letterhead on the
 * first page, the title and the period in words, ruled tables whose headers
 * and labels wrap to fit and that continue across pages with their header
 * repeated, page numbers, and the head of office's signature block.
 * Landscape A4 when a table is wide, portrait otherwise.  DejaVu Sans is
 * embedded (pdf_util.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "pdf_util.h"
#include "report_doc.h"

#define MARGIN 36.0f
#define FOOTER 28.0f /* room kept at the bottom for the page number */
#define PAD 2.5f
#define WIDE_COLUMNS 6 /* more value columns than this: landscape */
#define HEADER_LINES_MAX 4
#define LABEL_LINES_MAX 3
#define LINE_MAX 256

struct render {
	const struct report_doc *doc;
	HPDF_Doc pdf;
	struct pdf_fonts f;
	HPDF_Page *pages, page;
	int npages, landscape;
	float y, width, height;
};

static float width_of(struct render *rd, HPDF_Font font, float size, const char *s)
{
	char buf[LINE_MAX * 2];
	pdf_fonts_text(&rd->f, s, buf, sizeof buf);
	HPDF_Page_SetFontAndSize(rd->page, font, size);
	return HPDF_Page_TextWidth(rd->page, buf);
}

static void text(struct render *rd, HPDF_Font font, float size, float x, float y, const char *s)
{
	char buf[LINE_MAX * 2];
	pdf_fonts_text(&rd->f, s, buf, sizeof buf);
	HPDF_Page_SetFontAndSize(rd->page, font, size);
	HPDF_Page_BeginText(rd->page);
	HPDF_Page_TextOut(rd->page, x, y, buf);
	HPDF_Page_EndText(rd->page);
}

static void centred(struct render *rd, HPDF_Font font, float size, float y, const char *s)
{
	text(rd, font, size, (rd->width - width_of(rd, font, size, s)) / 2, y, s);
}

/* s in lines that fit width, at most max; a word longer than a line is cut
 * to fit.  How many lines. */
static int wrap(struct render *rd, HPDF_Font font, float size, const char *s, float width, char lines[][LINE_MAX],
                int max)
{
	int n = 0;
	lines[0][0] = '\0';
	const char *p = s ? s : "";
	while (*p && n < max) {
		while (*p == ' ')
			p++;
		size_t word = strcspn(p, " ");
		if (!word)
			break;
		char candidate[LINE_MAX];
		snprintf(candidate, sizeof candidate, "%s%s%.*s", lines[n], *lines[n] ? " " : "", (int)word, p);
		if (width_of(rd, font, size, candidate) <= width) {
			snprintf(lines[n], LINE_MAX, "%s", candidate);
			p += word;
		} else if (!*lines[n]) {
			/* One word alone too wide: as much as fits here, the rest on
			 * the next line (at a UTF-8 character's start). */
			size_t fit = word < LINE_MAX - 1 ? word : LINE_MAX - 1;
			do {
				do
					fit--;
				while (fit > 1 && (p[fit] & 0xC0) == 0x80);
				snprintf(lines[n], LINE_MAX, "%.*s", (int)fit, p);
			} while (fit > 1 && width_of(rd, font, size, lines[n]) > width);
			p += fit;
			if (++n < max)
				lines[n][0] = '\0';
		} else if (++n < max) {
			lines[n][0] = '\0';
		}
	}
	return *lines[0] ? (n < max ? n + 1 : max) : 1;
}

static void rule(struct render *rd, float y, float w)
{
	HPDF_Page_SetLineWidth(rd->page, w);
	HPDF_Page_MoveTo(rd->page, MARGIN, y);
	HPDF_Page_LineTo(rd->page, rd->width - MARGIN, y);
	HPDF_Page_Stroke(rd->page);
}

static int new_page(struct render *rd)
{
	HPDF_Page *grown = realloc(rd->pages, (size_t)(rd->npages + 1) * sizeof *grown);
	if (!grown)
		return -1;
	rd->pages = grown;
	rd->page = rd->pages[rd->npages++] = HPDF_AddPage(rd->pdf);
	HPDF_Page_SetSize(rd->page, HPDF_PAGE_SIZE_A4, rd->landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
	rd->width = HPDF_Page_GetWidth(rd->page);
	rd->height = HPDF_Page_GetHeight(rd->page);
	rd->y = rd->height - MARGIN;
	const struct config *cfg = rd->doc->cfg;
	if (rd->npages == 1) {
		/* The letterhead: the office, its address, a double rule. */
		rd->y -= 12;
		centred(rd, rd->f.bold, 14, rd->y, cfg->office_name);
		if (*cfg->office_address) {
			rd->y -= 13;
			centred(rd, rd->f.regular, 9, rd->y, cfg->office_address);
		}
		rd->y -= 8;
		rule(rd, rd->y, 1.5f);
		rule(rd, rd->y - 2.5f, 0.5f);
		rd->y -= 24;
		centred(rd, rd->f.bold, 12, rd->y, rd->doc->title);
		rd->y -= 15;
		centred(rd, rd->f.regular, 10, rd->y, rd->doc->period);
		rd->y -= 22;
	} else {
		char running[LINE_MAX];
		snprintf(running, sizeof running, "%s — %s", rd->doc->title, rd->doc->period);
		text(rd, rd->f.regular, 8, MARGIN, rd->y - 8, running);
		rd->y -= 12;
		rule(rd, rd->y, 0.5f);
		rd->y -= 16;
	}
	return 0;
}

static void cell_box(struct render *rd, float x, float top, float w, float h, int shaded)
{
	HPDF_Page_SetLineWidth(rd->page, 0.4f);
	if (shaded) {
		HPDF_Page_SetGrayFill(rd->page, 0.9f);
		HPDF_Page_Rectangle(rd->page, x, top - h, w, h);
		HPDF_Page_FillStroke(rd->page);
		HPDF_Page_SetGrayFill(rd->page, 0);
	} else {
		HPDF_Page_Rectangle(rd->page, x, top - h, w, h);
		HPDF_Page_Stroke(rd->page);
	}
}

struct layout {
	size_t ncols;
	float code_w, label_w, value_w, size, leading;
};

static void table_header(struct render *rd, const json_t *t, const struct layout *l, int continued)
{
	char title[LINE_MAX];
	snprintf(title, sizeof title, "%s%s", json_string_value(json_object_get(t, "title")),
	         continued ? " (lanjutan)" : "");
	text(rd, rd->f.bold, 9.5f, MARGIN, rd->y, title);
	rd->y -= 6;
	char lines[HEADER_LINES_MAX][LINE_MAX];
	int most = 1;
	size_t k;
	json_t *v;
	json_array_foreach (json_object_get(t, "columns"), k, v) {
		int n = wrap(rd, rd->f.bold, l->size, report_label(json_string_value(v)), l->value_w - 2 * PAD, lines,
		             HEADER_LINES_MAX);
		most = n > most ? n : most;
	}
	float h = (float)most * l->leading + 2 * PAD, top = rd->y;
	cell_box(rd, MARGIN, top, l->code_w, h, 1);
	cell_box(rd, MARGIN + l->code_w, top, l->label_w, h, 1);
	text(rd, rd->f.bold, l->size, MARGIN + PAD, top - PAD - l->size, "No.");
	text(rd, rd->f.bold, l->size, MARGIN + l->code_w + PAD, top - PAD - l->size, "Uraian");
	json_array_foreach (json_object_get(t, "columns"), k, v) {
		float x = MARGIN + l->code_w + l->label_w + (float)k * l->value_w;
		cell_box(rd, x, top, l->value_w, h, 1);
		int n = wrap(rd, rd->f.bold, l->size, report_label(json_string_value(v)), l->value_w - 2 * PAD, lines,
		             HEADER_LINES_MAX);
		for (int i = 0; i < n; i++) {
			float w = width_of(rd, rd->f.bold, l->size, lines[i]);
			text(rd, rd->f.bold, l->size, x + (l->value_w - w) / 2,
			     top - PAD - l->size - (float)i * l->leading, lines[i]);
		}
	}
	rd->y = top - h;
}

/* A totals row ("A".."D" in the IPK tables, "Jumlah") is set in bold. */
static int totals_row(const json_t *row)
{
	const char *code = json_string_value(json_object_get(row, "row"));
	const char *label = json_string_value(json_object_get(row, "label"));
	return (code && strlen(code) == 1 && code[0] >= 'A' && code[0] <= 'D') ||
		(label && (!strcmp(label, "Jumlah") || !strncmp(label, "Jumlah (", 8))) ||
		(code && !strcmp(code, "total"));
}

static int table(struct render *rd, const json_t *t)
{
	struct layout l = {.ncols = json_array_size(json_object_get(t, "columns")), .code_w = 30};
	float content = rd->width - 2 * MARGIN;
	l.label_w = l.ncols > WIDE_COLUMNS ? 150 : 190;
	l.value_w = (content - l.code_w - l.label_w) / (float)(l.ncols ? l.ncols : 1);
	if (l.value_w > 90) { /* few columns: the label takes what they do not need */
		l.value_w = 90;
		l.label_w = content - l.code_w - l.value_w * (float)l.ncols;
	}
	l.size = l.value_w < 24 ? 5.5f : l.value_w < 38 ? 6.5f : 8;
	l.leading = l.size + 2;
	/* A table starts where its title, header and two rows fit. */
	if (rd->y - (12 + l.leading * (HEADER_LINES_MAX + 4)) < MARGIN + FOOTER && new_page(rd) < 0)
		return -1;
	table_header(rd, t, &l, 0);
	size_t j, k;
	json_t *row, *v;
	json_array_foreach (json_object_get(t, "rows"), j, row) {
		char lines[LABEL_LINES_MAX][LINE_MAX];
		HPDF_Font font = totals_row(row) ? rd->f.bold : rd->f.regular;
		int n = wrap(rd, font, l.size, report_label(json_string_value(json_object_get(row, "label"))),
		             l.label_w - 2 * PAD, lines, LABEL_LINES_MAX);
		float h = (float)n * l.leading + 2 * PAD;
		if (rd->y - h < MARGIN + FOOTER) {
			if (new_page(rd) < 0)
				return -1;
			table_header(rd, t, &l, 1);
		}
		float top = rd->y, base = top - PAD - l.size;
		cell_box(rd, MARGIN, top, l.code_w, h, 0);
		cell_box(rd, MARGIN + l.code_w, top, l.label_w, h, 0);
		const char *code = json_string_value(json_object_get(row, "row"));
		text(rd, font, l.size, MARGIN + PAD, base, code && strcmp(code, "total") ? code : "");
		for (int i = 0; i < n; i++)
			text(rd, font, l.size, MARGIN + l.code_w + PAD, base - (float)i * l.leading, lines[i]);
		json_array_foreach (json_object_get(row, "values"), k, v) {
			float x = MARGIN + l.code_w + l.label_w + (float)k * l.value_w;
			char cell[LINE_MAX];
			report_cell_text(v, cell, sizeof cell);
			cell_box(rd, x, top, l.value_w, h, 0);
			/* Numbers right-aligned, texts from the left, both cut to the cell. */
			char shown[LABEL_LINES_MAX][LINE_MAX];
			wrap(rd, font, l.size, cell, l.value_w - 2 * PAD, shown, 1);
			double number;
			int decimals, percent;
			float w = width_of(rd, font, l.size, shown[0]);
			int numeric = report_number(v, &number, &decimals, &percent) ||
				(*cell && strspn(cell, "0123456789") == strlen(cell));
			text(rd, font, l.size, numeric ? x + l.value_w - PAD - w : x + PAD, base, shown[0]);
		}
		rd->y = top - h;
	}
	rd->y -= 18;
	return 0;
}

/* Place and date, the office's head, room to sign, name and NIP. */
static int signature(struct render *rd)
{
	const struct config *cfg = rd->doc->cfg;
	if (rd->y - 110 < MARGIN + FOOTER && new_page(rd) < 0)
		return -1;
	float x = rd->width - MARGIN - 230, y = rd->y - 10;
	char line[LINE_MAX];
	snprintf(line, sizeof line, "%s%s%s", cfg->office_city, *cfg->office_city ? ", " : "", rd->doc->signed_on);
	text(rd, rd->f.regular, 10, x, y, line);
	snprintf(line, sizeof line, "Kepala %s", cfg->office_name);
	char lines[2][LINE_MAX];
	int n = wrap(rd, rd->f.regular, 10, line, 230, lines, 2);
	for (int i = 0; i < n; i++)
		text(rd, rd->f.regular, 10, x, y - 14 - (float)i * 12, lines[i]);
	y -= 14 + (float)n * 12 + 48;
	const char *name = *cfg->office_head_name ? cfg->office_head_name : "(.................................)";
	text(rd, rd->f.bold, 10, x, y, name);
	/* Measured first: no font may be set while a path is open. */
	float underline = width_of(rd, rd->f.bold, 10, name);
	HPDF_Page_SetLineWidth(rd->page, 0.5f);
	HPDF_Page_MoveTo(rd->page, x, y - 2);
	HPDF_Page_LineTo(rd->page, x + underline, y - 2);
	HPDF_Page_Stroke(rd->page);
	snprintf(line, sizeof line, "NIP %s",
	         *cfg->office_head_nip ? cfg->office_head_nip : "..............................");
	text(rd, rd->f.regular, 10, x, y - 13, line);
	rd->y = y - 30;
	return 0;
}

/* "Halaman i dari N" on every page, once N is known. */
static void page_numbers(struct render *rd)
{
	for (int i = 0; i < rd->npages; i++) {
		rd->page = rd->pages[i];
		char line[64];
		snprintf(line, sizeof line, "Halaman %d dari %d", i + 1, rd->npages);
		text(rd, rd->f.regular, 8, rd->width - MARGIN - width_of(rd, rd->f.regular, 8, line), MARGIN - 12,
		     line);
		text(rd, rd->f.regular, 8, MARGIN, MARGIN - 12, rd->doc->cfg->office_name);
	}
}

int report_pdf(const struct report_doc *doc, unsigned char **out, size_t *len)
{
	HPDF_STATUS error = 0;
	struct render rd = {.doc = doc, .pdf = HPDF_New(pdf_on_error, &error)};
	if (!rd.pdf)
		return -1;
	HPDF_SetCompressionMode(rd.pdf, HPDF_COMP_ALL);
	HPDF_SetInfoAttr(rd.pdf, HPDF_INFO_TITLE, doc->title);
	HPDF_SetInfoAttr(rd.pdf, HPDF_INFO_AUTHOR, doc->cfg->office_name);
	HPDF_SetInfoAttr(rd.pdf, HPDF_INFO_CREATOR, "sidakerd");
	size_t i;
	json_t *t;
	json_array_foreach (json_object_get(doc->report, "tables"), i, t)
		if (json_array_size(json_object_get(t, "columns")) > WIDE_COLUMNS)
			rd.landscape = 1;
	int rc = pdf_fonts_load(rd.pdf, doc->cfg->pdf_font_dir, &rd.f) < 0 || new_page(&rd) < 0 ? -1 : 0;
	json_array_foreach (json_object_get(doc->report, "tables"), i, t)
		if (rc == 0)
			rc = table(&rd, t);
	if (rc == 0)
		rc = signature(&rd);
	if (rc == 0) {
		page_numbers(&rd);
		rc = error ? -1 : pdf_save(rd.pdf, out, len);
	}
	if (error)
		log_warn("report_pdf", "hpdf_error=0x%04lX pages=%d", (unsigned long)error, rd.npages);
	free(rd.pages);
	HPDF_Free(rd.pdf);
	return rc;
}
