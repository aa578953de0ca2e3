/* Communication inputs: the WhatsApp provider's webhook payload (a public
 * route, signed, but parsed from bytes all the same), a notification
 * preferences body, and a message template's placeholders. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "broadcast.h"
#include "notification.h"
#include "whatsapp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct body_error err;
	json_t *v = body_parse((const char *)data, size, &err);
	if (v) {
		json_decref(whatsapp_webhook_events(v));
		notification_preferences_check(v);
		json_decref(v);
	}
	char *text = malloc(size + 1);
	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
		broadcast_template_valid(text);
		free(text);
	}
	return 0;
}
