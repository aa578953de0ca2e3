#include <string.h>
#include "errors.h"

struct error_entry {
	int status;
	const char *code, *msg_id, *msg_en;
};

static const struct error_entry errors[ERR_COUNT] = {
#define X(id, status, code, id_msg, en_msg) [id] = {status, code, id_msg, en_msg},
	ERROR_LIST(X)
#undef X
};

int error_status(enum err e) { return errors[e].status; }
const char *error_code(enum err e) { return errors[e].code; }
const char *error_message(enum err e, int english) { return english ? errors[e].msg_en : errors[e].msg_id; }

const char *error_message_of_code(const char *code, int english)
{
	for (int e = 0; code && e < ERR_COUNT; e++)
		if (!strcmp(errors[e].code, code))
			return error_message((enum err)e, english);
	return NULL;
}
