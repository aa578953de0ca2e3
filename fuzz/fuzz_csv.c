/* CSV uploads (placement reports, the legacy register) as tables. */
#include <stddef.h>
#include <stdint.h>

#include "csv_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const columns[] = {"nik",      "card_number", "employer_id", "employer_name",
	                                      "position", "start_date",  "wage",        NULL};
	static const char *const required[] = {"position", "start_date", NULL};
	static const char *const integers[] = {"employer_id", "wage", NULL};
	json_t *errors = json_array();
	json_t *rows = csv_table_parse(data, size, columns, required, integers, 1000, errors);
	json_decref(rows);
	json_decref(errors);
	return 0;
}
