/* Reports as files: CSV, XLSX and PDF of the statistics tables (see ipk.h
 * for the table shape). */
#ifndef SIDAKERD_EXPORT_H
#define SIDAKERD_EXPORT_H

#include <jansson.h>

struct req;

struct list_page;

/* json, csv, xlsx or pdf. */
int export_format_known(const char *format);
/* A list route's ?format=: 0 a page of JSON (none, or json), 1 a file
 * (*format set; page, when given, set to every row from the start, up to
 * EXPORT_MAX_ROWS), -1 refused with 400 (already answered). */
int export_requested(struct req *r, const char **format, struct list_page *page);
/* Renders report (an object with "tables"; taken) as a file and replies
 * with it as an attachment: CSV at once, XLSX and PDF on the work pool. */
void export_reply(struct req *r, const char *format, const char *title, const char *period, json_t *report);

/* A list as a table for the exports: one row per item, numbered; the first
 * column's field becomes the row's label, the others its values (true and
 * false as "ya" / "tidak", null as "").  A field's dots go down into
 * objects: "outcomes.working". */
struct export_column {
	const char *field, *header;
	/* Words for the codes a clerk would not read ("completed" →
	 * "Selesai"): pairs of code and words ending in NULL, or
	 * export_reference for the reference lists' labels; NULL keeps the
	 * value as it is. */
	const char *const *labels;
};
extern const char *const export_reference[];
json_t *export_list_table(const char *key, const char *title, const json_t *items, const struct export_column *cols);
/* Replies with items (taken) as a file of one table: key and table_title
 * name the table, title and period the document. */
void export_list_reply(struct req *r, const char *format, const char *title, const char *period, const char *key,
                       const char *table_title, json_t *items, const struct export_column *cols);

#endif
