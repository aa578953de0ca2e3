/*
 * Secrets: the master key file, password hashing (argon2id), session and
 * e-mail tokens (only a keyed hash is stored), and the NIK sealed at rest
 * (XChaCha20-Poly1305) with a keyed-hash blind index for look-ups.
 * Subkeys are derived from the master key so one file holds everything.
 */
#ifndef SIDAKERD_CRYPTO_H
#define SIDAKERD_CRYPTO_H

#include <sodium.h>
#include <stddef.h>
#include <stdint.h>

#include "defaults.h"

#define TOKEN_TEXT_LEN 43 /* base64url of TOKEN_BYTES, no padding */
#define DIGEST_BYTES 32
#define PASSWORD_HASH_MAX crypto_pwhash_STRBYTES
#define NIK_SEALED_BYTES (crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + 16 + crypto_aead_xchacha20poly1305_ietf_ABYTES)

struct keys {
	unsigned char nik_seal[32];
	unsigned char nik_index[32];
	unsigned char token[32];
	unsigned char subject[32];
	unsigned char media[32]; /* signs the short-lived URLs of learners-only lesson videos */
	/* The job fair tickets' Ed25519 key pair (fair_ticket.h): the public
	 * half is published so that a door scanner can check a ticket offline. */
	unsigned char ticket_public[crypto_sign_PUBLICKEYBYTES], ticket_secret[crypto_sign_SECRETKEYBYTES];
	unsigned char webhook[32]; /* derives each webhook's signing secret (webhook.h) */
};

int crypto_setup(void);
/* Read the key file, creating it (mode 0600) with a fresh random key when it
 * does not exist. */
int keys_load_or_create(const char *path, struct keys *out, char *err, size_t errlen);

/* Slow (argon2id, interactive limits): call on the work pool only. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
int password_verify(const char *hash, const char *password);

/* A fresh random token: raw bytes and their base64url text. */
void token_generate(unsigned char raw[TOKEN_BYTES], char text[TOKEN_TEXT_LEN + 1]);
int token_parse(const char *text, unsigned char raw[TOKEN_BYTES]);
void token_digest(const struct keys *k, const unsigned char raw[TOKEN_BYTES], unsigned char out[DIGEST_BYTES]);
/* The signature of a lesson video's URL until expires (base64url), and its
 * check (constant time): 1 when it is the one. */
void media_sign(const struct keys *k, int64_t lesson, int64_t expires, char out[TOKEN_TEXT_LEN + 1]);
int media_signature_ok(const struct keys *k, int64_t lesson, int64_t expires, const char *sig);

int nik_seal(const struct keys *k, const char *nik, unsigned char out[NIK_SEALED_BYTES]);
int nik_unseal(const struct keys *k, const unsigned char *sealed, size_t len, char nik[17]);
/* A sealed NIK shown masked ("3277********0001"), the clear NIK wiped on
 * the way; "" when it cannot be unsealed. */
void nik_masked_of(const struct keys *k, const unsigned char *sealed, size_t len, char out[17]);
void nik_blind_index(const struct keys *k, const char *nik, unsigned char out[DIGEST_BYTES]);
/* Keyed digest of any short identifier (client address, "account:42") so
 * rate-limit rows hold no address in clear. */
void subject_digest(const struct keys *k, const char *subject, unsigned char out[DIGEST_BYTES]);

#endif
