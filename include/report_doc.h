/*
 * A report as an office hands it over (export.c): the statistics tables
 * with the office's letterhead, the period in words, full Indonesian labels
 * instead of codes, one decimal convention (comma), and a signature block.
 * What a cell shows is decided here for the PDF and the XLSX alike.
 */
#ifndef SIDAKERD_REPORT_DOC_H
#define SIDAKERD_REPORT_DOC_H

#include <jansson.h>
#include <stddef.h>

struct config;

struct report_doc {
	const char *title, *period; /* "Ikhtisar ...", "Desember 2026" */
	const json_t *report; /* {"tables": [{key, title, columns, rows: [{row, label, values}]}]} */
	const struct config *cfg; /* the office: name, address, city, head, fonts */
	const char *signed_on; /* the date under which it is signed, in words */
};

/* A column header or row label as printed: the label of a code ("app_vacancy"
 * → "Lowongan di aplikasi"), else the text itself. */
const char *report_label(const char *text);

/* A cell's value as a number, when it is one: integers, and texts such as
 * "60.00", "83,33" or "83,33%" (percent: the fraction, 0.8333); a text of
 * digits alone is not one (a phone number, a code).  decimals:
 * the places it was written with; percent: 1 when it was a percentage. */
int report_number(const json_t *v, double *value, int *decimals, int *percent);
/* The cell as text in the Indonesian way: 1.234 for thousands, 83,33% and
 * 60,00 with a decimal comma; other texts as they are. */
void report_cell_text(const json_t *v, char *out, size_t cap);

/* The PDF: 0 with a malloc'd file, or -1. */
int report_pdf(const struct report_doc *doc, unsigned char **out, size_t *len);
/* The XLSX, written through a file in tmpdir: 0 with a malloc'd file, or -1. */
int report_xlsx(const struct report_doc *doc, const char *tmpdir, unsigned char **out, size_t *len);

#endif
