#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "csv_table.h"

#define CSV_MAX_COLUMNS 48

struct table {
	const char *const *columns, *const *required, *const *integers;
	size_t max_rows;
	json_t *rows, *errors;
	int column_of[CSV_MAX_COLUMNS]; /* index into columns per CSV column, -1 unknown */
	int ncolumns, header_done, line, fatal;
	char *fields[CSV_MAX_COLUMNS];
	int nfields;
};

static void problem(struct table *t, int line, const char *field, const char *code)
{
	if (json_array_size(t->errors) < 200)
		json_array_append_new(t->errors,
		                      json_pack("{s:i, s:s?, s:s}", "line", line, "field", field, "code", code));
}

static int listed(const char *const *names, const char *name)
{
	for (; names && *names; names++)
		if (!strcmp(*names, name))
			return 1;
	return 0;
}

static void take_header(struct table *t)
{
	t->ncolumns = t->nfields;
	for (int i = 0; i < t->nfields; i++) {
		t->column_of[i] = -1;
		for (int c = 0; t->columns[c]; c++)
			if (t->fields[i] && !strcmp(t->fields[i], t->columns[c]))
				t->column_of[i] = c;
		if (t->column_of[i] < 0)
			problem(t, 1, t->fields[i] ? t->fields[i] : "", "column_unknown");
	}
	for (const char *const *r = t->required; r && *r; r++) {
		int present = 0;
		for (int i = 0; i < t->nfields; i++)
			present |= t->column_of[i] >= 0 && !strcmp(t->columns[t->column_of[i]], *r);
		if (!present)
			problem(t, 1, *r, "column_missing");
	}
	t->fatal = json_array_size(t->errors) > 0;
	t->header_done = 1;
}

static void take_row(struct table *t)
{
	if (json_array_size(t->rows) >= t->max_rows) {
		problem(t, t->line, NULL, "too_many_rows");
		t->fatal = 1;
		return;
	}
	json_t *row = json_object();
	json_object_set_new(row, "_line", json_integer(t->line));
	for (int i = 0; i < t->nfields && i < t->ncolumns; i++) {
		const char *v = t->fields[i], *name = t->column_of[i] >= 0 ? t->columns[t->column_of[i]] : NULL;
		if (!name || !v || !*v)
			continue;
		size_t n = strlen(v);
		if (listed(t->integers, name) && n <= 15 && strspn(v, "0123456789") == n)
			json_object_set_new(row, name, json_integer(strtoll(v, NULL, 10)));
		else
			json_object_set_new(row, name, json_string(v));
	}
	json_array_append_new(t->rows, row);
}

static int utf8_valid(const char *s)
{
	json_t *probe = json_string(s); /* jansson checks the encoding */
	int ok = probe != NULL;
	json_decref(probe);
	return ok;
}

static void on_field(void *data, size_t len, void *arg)
{
	struct table *t = arg;
	if (t->nfields >= CSV_MAX_COLUMNS)
		return;
	char *f = malloc(len + 1);
	if (f) {
		if (len) /* an empty field comes as NULL (CSV_EMPTY_IS_NULL) */
			memcpy(f, data, len);
		f[len] = '\0';
		/* the spaces spreadsheets leave around values */
		char *end = f + len;
		while (end > f && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		size_t lead = strspn(f, " \t");
		memmove(f, f + lead, strlen(f + lead) + 1);
	}
	t->fields[t->nfields++] = f;
}

static void on_record(int terminator, void *arg)
{
	(void)terminator;
	struct table *t = arg;
	t->line++;
	int blank = t->nfields == 1 && (!t->fields[0] || !*t->fields[0]);
	/* A cell that is not valid UTF-8 would make a JSON string fail: say where. */
	for (int i = 0; i < t->nfields && !blank; i++)
		if (t->fields[i] && !utf8_valid(t->fields[i])) {
			problem(t, t->line, NULL, "encoding_invalid");
			t->fatal = 1;
		}
	if (!blank && !t->fatal)
		t->header_done ? take_row(t) : take_header(t);
	for (int i = 0; i < t->nfields; i++)
		free(t->fields[i]);
	t->nfields = 0;
}

json_t *csv_table_parse(const void *data, size_t len, const char *const *columns, const char *const *required,
                        const char *const *integers, size_t max_rows, json_t *errors)
{
	struct table t = {.columns = columns,
	                  .required = required,
	                  .integers = integers,
	                  .max_rows = max_rows,
	                  .rows = json_array(),
	                  .errors = errors};
	struct csv_parser parser;
	if (!t.rows || csv_init(&parser, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
		json_decref(t.rows);
		problem(&t, 0, NULL, "busy");
		return NULL;
	}
	/* libcsv grows a field's buffer by this much at a time, 128 bytes by
	 * default: a long field took thousands of reallocations, each copying
	 * the field so far (quadratic; 35 s for one 1.5 MB field under ASan).
	 * No field is longer than the file: one growth is enough. */
	csv_set_blk_size(&parser, len + 1);
	const unsigned char *bytes = data;
	size_t start = len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3) ? 3 : 0; /* Excel's BOM */
	if (csv_parse(&parser, bytes + start, len - start, on_field, on_record, &t) != len - start ||
	    csv_fini(&parser, on_field, on_record, &t) != 0) {
		problem(&t, t.line + 1, NULL, "csv_malformed");
		t.fatal = 1;
	}
	csv_free(&parser);
	for (int i = 0; i < t.nfields; i++)
		free(t.fields[i]);
	if (!t.header_done) {
		problem(&t, 1, NULL, "header_missing");
		t.fatal = 1;
	}
	if (t.fatal) {
		json_decref(t.rows);
		return NULL;
	}
	return t.rows;
}
