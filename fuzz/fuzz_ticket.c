/* Job fair tickets as a door scans them: any text, checked against a key.
 * Hostile input must never be read past its end nor parsed before its
 * signature holds; a ticket signed with the key must come back whole. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fair_ticket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keys keys;
	static int ready;
	if (!ready) {
		if (sodium_init() < 0)
			abort();
		unsigned char seed[crypto_sign_SEEDBYTES] = {1};
		crypto_sign_seed_keypair(keys.ticket_public, keys.ticket_secret, seed);
		ready = 1;
	}
	char text[FAIR_TICKET_TEXT_MAX + 8];
	size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	struct fair_ticket t;
	fair_ticket_verify(keys.ticket_public, text, &t);
	/* The input's bytes as a holder's name, signed and read back. */
	struct fair_ticket mine = {.fair_id = 1 + (int64_t)(size % 1000), .ticket_id = 7, .issued_at = 1765000000};
	size_t h = n < sizeof mine.holder - 1 ? n : sizeof mine.holder - 1;
	memcpy(mine.holder, text, h);
	mine.holder[h] = '\0';
	char signed_text[FAIR_TICKET_TEXT_MAX];
	if (fair_ticket_sign(&keys, &mine, signed_text) == 0) {
		struct fair_ticket back;
		if (fair_ticket_verify(keys.ticket_public, signed_text, &back) == 0 &&
		    (back.fair_id != mine.fair_id || back.ticket_id != mine.ticket_id ||
		     strcmp(back.holder, mine.holder)))
			abort();
	}
	return 0;
}
