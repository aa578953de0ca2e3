#include "cmocka_all.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"

static struct keys k;
static char key_path[64];

static int setup(void **state)
{
	(void)state;
	char err[128];
	snprintf(key_path, sizeof key_path, "/tmp/sidakerd-key-%d", (int)getpid());
	unlink(key_path);
	return crypto_setup() < 0 ? -1 : keys_load_or_create(key_path, &k, err, sizeof err);
}

static int teardown(void **state)
{
	(void)state;
	unlink(key_path);
	return 0;
}

static void key_file(void **state)
{
	(void)state;
	struct stat st;
	assert_int_equal(stat(key_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
	/* Loading again gives the same keys. */
	struct keys again;
	char err[128];
	assert_int_equal(keys_load_or_create(key_path, &again, err, sizeof err), 0);
	assert_memory_equal(&again, &k, sizeof k);
	/* A truncated key file is refused, not silently replaced. */
	char bad[96];
	snprintf(bad, sizeof bad, "%s.bad", key_path);
	int fd = open(bad, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_int_equal(write(fd, "short", 5), 5);
	close(fd);
	assert_int_equal(keys_load_or_create(bad, &again, err, sizeof err), -1);
	unlink(bad);
}

static void nik_sealing(void **state)
{
	(void)state;
	unsigned char a[NIK_SEALED_BYTES], b[NIK_SEALED_BYTES];
	char out[17];
	assert_int_equal(nik_seal(&k, "3277010101900001", a), 0);
	assert_int_equal(nik_seal(&k, "3277010101900001", b), 0);
	assert_memory_not_equal(a, b, sizeof a); /* fresh nonce each time */
	assert_int_equal(nik_unseal(&k, a, sizeof a, out), 0);
	assert_string_equal(out, "3277010101900001");
	a[30] ^= 1;
	assert_int_equal(nik_unseal(&k, a, sizeof a, out), -1);
	assert_int_equal(nik_unseal(&k, b, sizeof b - 1, out), -1);

	unsigned char i1[DIGEST_BYTES], i2[DIGEST_BYTES], i3[DIGEST_BYTES];
	nik_blind_index(&k, "3277010101900001", i1);
	nik_blind_index(&k, "3277010101900001", i2);
	nik_blind_index(&k, "3277010101900002", i3);
	assert_memory_equal(i1, i2, DIGEST_BYTES);
	assert_memory_not_equal(i1, i3, DIGEST_BYTES);
	/* The index is keyed: another key gives another index. */
	struct keys other = k;
	other.nik_index[0] ^= 1;
	nik_blind_index(&other, "3277010101900001", i2);
	assert_memory_not_equal(i1, i2, DIGEST_BYTES);
}

static void tokens(void **state)
{
	(void)state;
	unsigned char raw[TOKEN_BYTES], back[TOKEN_BYTES];
	char text[TOKEN_TEXT_LEN + 1];
	token_generate(raw, text);
	assert_int_equal(strlen(text), TOKEN_TEXT_LEN);
	assert_int_equal(strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
	                 TOKEN_TEXT_LEN);
	assert_int_equal(token_parse(text, back), 0);
	assert_memory_equal(raw, back, TOKEN_BYTES);
	assert_int_equal(token_parse("short", back), -1);
	text[5] = '+';
	assert_int_equal(token_parse(text, back), -1);
	assert_int_equal(token_parse(NULL, back), -1);
}

static void passwords(void **state)
{
	(void)state;
	char hash[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash("rahasia-kuning-1", hash), 0);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_int_equal(password_verify(hash, "rahasia-kuning-1"), 0);
	assert_int_equal(password_verify(hash, "rahasia-kuning-2"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(key_file),
		cmocka_unit_test(nik_sealing),
		cmocka_unit_test(tokens),
		cmocka_unit_test(passwords),
	};
	return cmocka_run_group_tests_name("crypto", tests, setup, teardown);
}
