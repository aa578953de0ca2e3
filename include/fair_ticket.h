/*
 * A job fair ticket as its QR code carries it, signed by the office so that
 * a door scanner can check it without the network:
 *
 *     SKT1.<payload>.<signature>
 *
 * payload is base64url (no padding) of compact JSON
 * {"fair":12,"ticket":345,"holder":"A** S******","iat":1765000000}
 * (the holder's name masked: the door sees whose ticket it is, a lost
 * phone shows no name), signature base64url of the Ed25519 signature of
 * the payload's bytes (the decoded JSON) under the office's ticket key,
 * published at GET /v1/job-fairs/ticket-key.
 */
#ifndef SIDAKERD_FAIR_TICKET_H
#define SIDAKERD_FAIR_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

#define FAIR_TICKET_TEXT_MAX 320
#define FAIR_TICKET_HOLDER_MAX 64

struct fair_ticket {
	int64_t fair_id, ticket_id, issued_at;
	char holder[FAIR_TICKET_HOLDER_MAX];
};

/* 0, or -1 when it does not fit. */
int fair_ticket_sign(const struct keys *k, const struct fair_ticket *t, char out[FAIR_TICKET_TEXT_MAX]);
/* 0 and *out when text is a ticket the office signed; -1 when it is
 * malformed, altered or signed by another key. */
int fair_ticket_verify(const unsigned char public_key[crypto_sign_PUBLICKEYBYTES], const char *text,
                       struct fair_ticket *out);
/* The public key as base64url text (44 bytes with the NUL). */
void fair_ticket_public_text(const struct keys *k, char out[48]);

#endif
