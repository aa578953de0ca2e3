/* CSV uploads (text with a header row) as JSON objects, so that a CSV row
 * and a JSON batch item go through the same checks. */
#ifndef SIDAKERD_CSV_TABLE_H
#define SIDAKERD_CSV_TABLE_H

#include <jansson.h>
#include <stddef.h>

/* Parses data into an array of objects, one per non-blank data row: each
 * value by its column name (empty cells left out, surrounding spaces
 * trimmed, a UTF-8 BOM skipped), columns named in `integers` as integers
 * when they are plain digits, and "_line" the row's line number.  Problems
 * go into errors as {"line","field","code"}: unknown or missing (required)
 * columns, a malformed file, more than max_rows rows.  Returns NULL when
 * the file cannot be read as a table at all (then errors says why). */
json_t *csv_table_parse(const void *data, size_t len, const char *const *columns, const char *const *required,
                        const char *const *integers, size_t max_rows, json_t *errors);

#endif
