#include "cmocka_all.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static void defaults_and_set(void **state)
{
	(void)state;
	struct config cfg;
	char err[256];
	config_defaults(&cfg);
	assert_string_equal(cfg.listen_address, "127.0.0.1");
	assert_int_equal(cfg.port, 8080);
	assert_int_equal(config_set(&cfg, "port", "9090", err, sizeof err), 0);
	assert_int_equal(cfg.port, 9090);
	assert_int_equal(config_set(&cfg, "port", "70000", err, sizeof err), -1);
	assert_non_null(strstr(err, "port"));
	assert_int_equal(config_set(&cfg, "port", "12abc", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "trust_proxy", "yes", err, sizeof err), 0);
	assert_true(cfg.trust_proxy);
	assert_int_equal(config_set(&cfg, "trust_proxy", "perhaps", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "no_such_setting", "1", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "data_dir", "/var/lib/sidakerd", err, sizeof err), 0);
	assert_int_equal(config_finish(&cfg, err, sizeof err), 0);
	assert_string_equal(cfg.database, "/var/lib/sidakerd/sidakerd.db");
	assert_string_equal(cfg.key_file, "/var/lib/sidakerd/sidakerd.key");
	config_free(&cfg);
}

static void finish_checks(void **state)
{
	(void)state;
	struct config cfg;
	char err[256];
	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "kabkota_code", "32.77", err, sizeof err), 0);
	assert_int_equal(config_finish(&cfg, err, sizeof err), -1);
	assert_non_null(strstr(err, "kabkota_code"));
	config_free(&cfg);
	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "synchronous", "OFF", err, sizeof err), 0);
	assert_int_equal(config_finish(&cfg, err, sizeof err), -1);
	config_free(&cfg);
}

static void file(void **state)
{
	(void)state;
	char path[] = "/tmp/sidakerd-conf-XXXXXX", err[256];
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	fputs("# comment\n\nport = 8181\noffice_name = \"Disnaker Kota Cimahi\"\n", f);
	fclose(f);
	struct config cfg;
	config_defaults(&cfg);
	assert_int_equal(config_load_file(&cfg, path, err, sizeof err), 0);
	assert_int_equal(cfg.port, 8181);
	assert_string_equal(cfg.office_name, "Disnaker Kota Cimahi");
	f = fopen(path, "w");
	fputs("port = 8181\nthis line is wrong\n", f);
	fclose(f);
	assert_int_equal(config_load_file(&cfg, path, err, sizeof err), -1);
	assert_non_null(strstr(err, ":2:"));
	config_free(&cfg);
	unlink(path);
}

/* contrib/sidakerd.conf.example is generated from the settings table and
 * must stay the same as what the binary writes. */
static void example_file_is_current(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	config_write_example(mem);
	fclose(mem);
	FILE *f = fopen("contrib/sidakerd.conf.example", "r");
	assert_non_null(f);
	char *file_text = calloc(1, len + 2);
	size_t got = fread(file_text, 1, len + 1, f);
	fclose(f);
	assert_int_equal(got, len);
	assert_memory_equal(file_text, text, len);
	/* And it loads. */
	struct config cfg;
	char err[256];
	config_defaults(&cfg);
	assert_int_equal(config_load_file(&cfg, "contrib/sidakerd.conf.example", err, sizeof err), 0);
	config_free(&cfg);
	free(file_text);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_and_set),
		cmocka_unit_test(finish_checks),
		cmocka_unit_test(file),
		cmocka_unit_test(example_file_is_current),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
