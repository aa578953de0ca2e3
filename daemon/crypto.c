#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "nik.h"

enum subkey_id {
	SUBKEY_NIK_SEAL = 1,
	SUBKEY_NIK_INDEX,
	SUBKEY_TOKEN,
	SUBKEY_SUBJECT,
	SUBKEY_MEDIA,
	SUBKEY_TICKET,
	SUBKEY_WEBHOOK
};
static const char kdf_context[crypto_kdf_CONTEXTBYTES] = "sidakerd";
static const unsigned char nik_ad[] = "sidakerd:nik:v1";

int crypto_setup(void) { return sodium_init() < 0 ? -1 : 0; }

static int read_full(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

int keys_load_or_create(const char *path, struct keys *out, char *err, size_t errlen)
{
	unsigned char master[crypto_kdf_KEYBYTES];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			snprintf(err, errlen, "cannot create key file: %s", strerror(errno));
			return -1;
		}
		crypto_kdf_keygen(master);
		int ok = write(fd, master, sizeof master) == (ssize_t)sizeof master && fsync(fd) == 0;
		close(fd);
		if (!ok) {
			unlink(path);
			snprintf(err, errlen, "cannot write key file");
			return -1;
		}
	} else if (fd < 0) {
		snprintf(err, errlen, "cannot open key file: %s", strerror(errno));
		return -1;
	} else {
		struct stat st;
		int bad = fstat(fd, &st) < 0 || st.st_size != (off_t)sizeof master ||
			read_full(fd, master, sizeof master) < 0;
		close(fd);
		if (bad) {
			snprintf(err, errlen, "key file must hold exactly %zu bytes", sizeof master);
			return -1;
		}
	}
	crypto_kdf_derive_from_key(out->nik_seal, 32, SUBKEY_NIK_SEAL, kdf_context, master);
	crypto_kdf_derive_from_key(out->nik_index, 32, SUBKEY_NIK_INDEX, kdf_context, master);
	crypto_kdf_derive_from_key(out->token, 32, SUBKEY_TOKEN, kdf_context, master);
	crypto_kdf_derive_from_key(out->subject, 32, SUBKEY_SUBJECT, kdf_context, master);
	crypto_kdf_derive_from_key(out->media, 32, SUBKEY_MEDIA, kdf_context, master);
	crypto_kdf_derive_from_key(out->webhook, 32, SUBKEY_WEBHOOK, kdf_context, master);
	unsigned char seed[crypto_sign_SEEDBYTES];
	crypto_kdf_derive_from_key(seed, sizeof seed, SUBKEY_TICKET, kdf_context, master);
	crypto_sign_seed_keypair(out->ticket_public, out->ticket_secret, seed);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(master, sizeof master);
	return 0;
}

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

int password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password));
}

void token_generate(unsigned char raw[TOKEN_BYTES], char text[TOKEN_TEXT_LEN + 1])
{
	randombytes_buf(raw, TOKEN_BYTES);
	sodium_bin2base64(text, TOKEN_TEXT_LEN + 1, raw, TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int token_parse(const char *text, unsigned char raw[TOKEN_BYTES])
{
	size_t len;
	if (!text || strlen(text) != TOKEN_TEXT_LEN)
		return -1;
	if (sodium_base642bin(raw, TOKEN_BYTES, text, TOKEN_TEXT_LEN, NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != TOKEN_BYTES)
		return -1;
	return 0;
}

/* HMAC-SHA-512-256 of "<lesson>:<expires>" under the media key. */
static void media_mac(const struct keys *k, int64_t lesson, int64_t expires, unsigned char mac[crypto_auth_BYTES])
{
	char text[48];
	int n = snprintf(text, sizeof text, "%lld:%lld", (long long)lesson, (long long)expires);
	crypto_auth(mac, (const unsigned char *)text, (unsigned long long)n, k->media);
}

void media_sign(const struct keys *k, int64_t lesson, int64_t expires, char out[TOKEN_TEXT_LEN + 1])
{
	unsigned char mac[crypto_auth_BYTES];
	media_mac(k, lesson, expires, mac);
	sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int media_signature_ok(const struct keys *k, int64_t lesson, int64_t expires, const char *sig)
{
	unsigned char given[crypto_auth_BYTES], mac[crypto_auth_BYTES];
	size_t len = 0;
	if (!sig ||
	    sodium_base642bin(given, sizeof given, sig, strlen(sig), NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof given)
		return 0;
	media_mac(k, lesson, expires, mac);
	return sodium_memcmp(given, mac, sizeof mac) == 0;
}

void token_digest(const struct keys *k, const unsigned char raw[TOKEN_BYTES], unsigned char out[DIGEST_BYTES])
{
	crypto_generichash(out, DIGEST_BYTES, raw, TOKEN_BYTES, k->token, sizeof k->token);
}

int nik_seal(const struct keys *k, const char *nik, unsigned char out[NIK_SEALED_BYTES])
{
	unsigned char *nonce = out, *ct = out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	return crypto_aead_xchacha20poly1305_ietf_encrypt(ct, NULL, (const unsigned char *)nik, 16, nik_ad,
	                                                  sizeof nik_ad - 1, NULL, nonce, k->nik_seal);
}

int nik_unseal(const struct keys *k, const unsigned char *sealed, size_t len, char nik[17])
{
	unsigned long long plain_len;
	if (len != NIK_SEALED_BYTES)
		return -1;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)nik, &plain_len, NULL,
	                                               sealed + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	                                               len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, nik_ad,
	                                               sizeof nik_ad - 1, sealed, k->nik_seal) != 0 ||
	    plain_len != 16)
		return -1;
	nik[16] = '\0';
	return 0;
}

void nik_masked_of(const struct keys *k, const unsigned char *sealed, size_t len, char out[17])
{
	char nik[17];
	out[0] = '\0';
	if (sealed && nik_unseal(k, sealed, len, nik) == 0) {
		nik_mask(nik, out);
		sodium_memzero(nik, sizeof nik);
	}
}

void nik_blind_index(const struct keys *k, const char *nik, unsigned char out[DIGEST_BYTES])
{
	crypto_generichash(out, DIGEST_BYTES, (const unsigned char *)nik, 16, k->nik_index, sizeof k->nik_index);
}

void subject_digest(const struct keys *k, const char *subject, unsigned char out[DIGEST_BYTES])
{
	crypto_generichash(out, DIGEST_BYTES, (const unsigned char *)subject, strlen(subject), k->subject,
	                   sizeof k->subject);
}
