#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "fair_ticket.h"

#define PREFIX "SKT1."
#define PAYLOAD_MAX 192
#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

int fair_ticket_sign(const struct keys *k, const struct fair_ticket *t, char out[FAIR_TICKET_TEXT_MAX])
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:I}", "fair", (json_int_t)t->fair_id, "ticket",
	                      (json_int_t)t->ticket_id, "holder", t->holder, "iat", (json_int_t)t->issued_at);
	char payload[PAYLOAD_MAX];
	size_t n = j ? json_dumpb(j, payload, sizeof payload, JSON_COMPACT | JSON_PRESERVE_ORDER) : 0;
	json_decref(j);
	if (n == 0 || n > sizeof payload)
		return -1;
	unsigned char sig[crypto_sign_BYTES];
	crypto_sign_detached(sig, NULL, (const unsigned char *)payload, n, k->ticket_secret);
	size_t at = strlen(PREFIX);
	if (at + sodium_base64_ENCODED_LEN(n, B64) + 1 + sodium_base64_ENCODED_LEN(sizeof sig, B64) >
	    FAIR_TICKET_TEXT_MAX)
		return -1;
	memcpy(out, PREFIX, at);
	sodium_bin2base64(out + at, FAIR_TICKET_TEXT_MAX - at, (const unsigned char *)payload, n, B64);
	at += strlen(out + at);
	out[at++] = '.';
	sodium_bin2base64(out + at, FAIR_TICKET_TEXT_MAX - at, sig, sizeof sig, B64);
	return 0;
}

static int64_t positive(const json_t *j, const char *key)
{
	const json_t *v = json_object_get(j, key);
	return json_is_integer(v) && json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : -1;
}

int fair_ticket_verify(const unsigned char public_key[crypto_sign_PUBLICKEYBYTES], const char *text,
                       struct fair_ticket *out)
{
	size_t plen = strlen(PREFIX);
	if (!text || strncmp(text, PREFIX, plen) || strlen(text) >= FAIR_TICKET_TEXT_MAX)
		return -1;
	const char *payload_text = text + plen, *dot = strchr(payload_text, '.');
	if (!dot)
		return -1;
	unsigned char payload[PAYLOAD_MAX], sig[crypto_sign_BYTES];
	size_t n = 0, sig_len = 0;
	/* Strict base64url: no padding, no whitespace, nothing after. */
	if (sodium_base642bin(payload, sizeof payload, payload_text, (size_t)(dot - payload_text), NULL, &n, NULL,
	                      B64) != 0 ||
	    sodium_base642bin(sig, sizeof sig, dot + 1, strlen(dot + 1), NULL, &sig_len, NULL, B64) != 0 ||
	    sig_len != sizeof sig || n == 0)
		return -1;
	/* The signature before the JSON is read: an altered payload is never parsed. */
	if (crypto_sign_verify_detached(sig, payload, n, public_key) != 0)
		return -1;
	json_t *j = json_loadb((const char *)payload, n, JSON_REJECT_DUPLICATES, NULL);
	const char *holder = json_string_value(json_object_get(j, "holder"));
	int ok = j && holder && strlen(holder) < sizeof out->holder && (out->fair_id = positive(j, "fair")) > 0 &&
		(out->ticket_id = positive(j, "ticket")) > 0 && (out->issued_at = positive(j, "iat")) > 0;
	if (ok)
		snprintf(out->holder, sizeof out->holder, "%s", holder);
	json_decref(j);
	return ok ? 0 : -1;
}

void fair_ticket_public_text(const struct keys *k, char out[48])
{
	sodium_bin2base64(out, 48, k->ticket_public, sizeof k->ticket_public, B64);
}
