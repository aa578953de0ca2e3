/*
 * Deterministic data for the benchmarks, written straight into a sidakerd
 * database through the project's own store code (same SQL, same sealing of
 * NIKs as the daemon):
 *
 *   gen DATA_DIR SEEKERS [QUEUE] [SEED]
 *
 * SEEKERS people of the configured kab/kota (3277, Kota Cimahi) with
 * profiles, NIKs that pass validation and match their birth date and
 * gender, one AK/I card each issued over the last 5 years (expired,
 * placed or active as time and chance say), and QUEUE submitted
 * applications waiting for an officer.  Prints a progress bar on stderr.
 */
#include <jansson.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "card.h"
#include "card_store.h"
#include "config.h"
#include "crypto.h"
#include "dates.h"
#include "nik.h"
#include "seeker.h"
#include "store.h"

static uint64_t rng_state;

/* splitmix64: small, fast, and the same numbers on every machine. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
static int below(int n) { return (int)(rnd() % (uint64_t)n); }

static const char *const first_m[] = {"Agus", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irfan",
                                      "Joko", "Rizki", "Asep", "Ujang", "Dadang", "Yusuf", "Andi"};
static const char *const first_f[] = {"Ani", "Siti", "Dewi", "Rina", "Sri", "Yuni", "Lina", "Nur",
                                      "Euis", "Neng", "Ratna", "Fitri", "Intan", "Wulan"};
static const char *const last[] = {"Suryana", "Hidayat", "Rahmawati", "Setiawan", "Permana",
                                   "Kurniawan", "Saputra", "Lestari", "Wahyuni", "Nugraha"};
/* Kota Cimahi: kecamatan and their kelurahan (sql/ref/wilayah.tsv). */
static const char *const kelurahan[] = {
	"32.77.01.1001", "32.77.01.1002", "32.77.01.1003", "32.77.01.1004", "32.77.01.1005",
	"32.77.02.1001", "32.77.02.1002", "32.77.02.1003", "32.77.02.1004", "32.77.02.1005",
	"32.77.02.1006", "32.77.03.1001", "32.77.03.1002", "32.77.03.1003", "32.77.03.1004"};
/* Education of registered job seekers: SMA/SMK heavy, as offices report. */
static const struct {
	const char *level;
	int weight;
} education[] = {{"sd", 5}, {"smp", 10}, {"sma", 28}, {"smk", 32}, {"d3", 8}, {"s1", 16}, {"s2", 1}};

static const char *pick_education(void)
{
	int total = 0;
	for (size_t i = 0; i < sizeof education / sizeof education[0]; i++)
		total += education[i].weight;
	int x = below(total);
	for (size_t i = 0; i < sizeof education / sizeof education[0]; i++)
		if ((x -= education[i].weight) < 0)
			return education[i].level;
	return "sma";
}

static void progress(const char *what, long done, long total)
{
	/* A bar on a terminal; in a log only the last line. */
	if ((done % 2000 && done != total) || (!isatty(2) && done != total))
		return;
	int width = 40, filled = (int)(width * done / (total ? total : 1));
	fprintf(stderr, "\r%-14s [%.*s%*s] %ld/%ld", what, filled, "########################################",
	        width - filled, "", done, total);
	if (done == total)
		fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gen DATA_DIR SEEKERS [QUEUE] [SEED]\n");
		return 2;
	}
	const char *dir = argv[1];
	long seekers = atol(argv[2]), queue = argc > 3 ? atol(argv[3]) : 0;
	rng_state = argc > 4 ? strtoull(argv[4], NULL, 10) : 20261122;
	char path[4096], err[256];
	struct config cfg;
	struct keys keys;
	struct dbconn db;
	config_defaults(&cfg);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/sidakerd.key", dir);
	if (crypto_setup() < 0 || keys_load_or_create(path, &keys, err, sizeof err) < 0) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	snprintf(path, sizeof path, "%s/sidakerd.db", dir);
	if (store_open(&db, path, STORE_READ_WRITE, "OFF", err, sizeof err) < 0 ||
	    store_migrate(&db, err, sizeof err) < 0) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	/* A batch loader: keep the heap (glibc would trim and regrow it on every
	 * row) and give SQLite a page cache large enough not to spill. */
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
	mallopt(M_TOP_PAD, 64 * 1024 * 1024);
	sqlite3_exec(db.db, "PRAGMA cache_size = -1048576; BEGIN", NULL, NULL, NULL);
	struct date today = date_today(cfg.utc_offset_minutes);
	long serial = card_next_serial(&db), made_queue = 0;
	for (long i = 0; i < seekers; i++) {
		progress("seekers", i + 1, seekers);
		int female = below(100) < 48;
		struct date birth = {today.year - 18 - below(35), 1 + below(12), 1 + below(28)};
		const char *kel = kelurahan[below(15)];
		char nik[24], name[64], kec[16], number[48], birth_text[DATE_LEN + 1];
		/* PP KK CC DDMMYY SSSS, day + 40 for women; the kecamatan of issue is
		 * often not today's (people move). */
		snprintf(nik, sizeof nik, "3277%02d%02d%02d%02d%04ld", 1 + below(3),
		         birth.day + (female ? 40 : 0), birth.month, birth.year % 100, 1 + i % 9999);
		nik[16] = '\0';
		snprintf(name, sizeof name, "%s %s", female ? first_f[below(14)] : first_m[below(14)], last[below(10)]);
		snprintf(kec, sizeof kec, "%.8s", kel);
		date_format(birth, birth_text);
		json_t *profile = json_pack(
		    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:[], s:[], s:[], s:[], s:s}",
		    "full_name", name, "birth_place", "Cimahi", "birth_date", birth_text, "gender",
		    female ? "F" : "M", "marital_status", below(3) ? "belum_kawin" : "kawin", "religion",
		    below(10) ? "islam" : "kristen", "address", "Jl. Raya Cibabat", "kecamatan_code", kec,
		    "kelurahan_code", kel, "phone", "+6281200000000", "education_level", pick_education(),
		    "graduation_year", birth.year + 18, "skills", "experience", "trainings",
		    "preferred_kbji", "preferred_location", "domestic");
		unsigned char sealed[NIK_SEALED_BYTES], index[DIGEST_BYTES];
		nik_seal(&keys, nik, sealed);
		nik_blind_index(&keys, nik, index);
		int64_t seeker_id, card_id;
		int created;
		if (seeker_import(&db, sealed, index, profile, nik_check(nik, birth_text, female ? 'F' : 'M', NULL),
		                  0, &seeker_id, &created) < 0) {
			fprintf(stderr, "gen: %s\n", sqlite3_errmsg(db.db));
			return 1;
		}
		json_decref(profile);
		if (!created)
			continue; /* a NIK drawn twice */
		if (made_queue < queue && i % 10 == 0) {
			/* A person waiting for a first card. */
			int64_t app;
			int64_t submitted = (int64_t)time(NULL) - below(30 * 86400);
			if (card_application_create(&db, seeker_id, "new", 0, submitted - 3600, &app) == 0)
				card_application_submit(&db, app, submitted);
			made_queue++;
			continue;
		}
		struct date issued = date_add_days(today, -below(5 * 365));
		struct date valid = date_add_months(issued, cfg.card_valid_months);
		char ended[DATE_LEN + 1];
		const char *state = "active", *reason = NULL;
		if (date_compare(valid, today) < 0) {
			state = "expired";
			reason = "expired";
			date_format(valid, ended);
		} else if (below(100) < 35) {
			state = "placed";
			reason = "placed";
			struct date placed = date_add_days(issued, below(300));
			date_format(date_compare(placed, today) > 0 ? today : placed, ended);
		}
		serial++;
		card_number_format(cfg.card_number_format, cfg.kabkota_code, serial, issued, number, sizeof number);
		if (card_insert(&db, number, seeker_id, "new", serial, issued, valid, 0, "Petugas", "000", 0, 0,
		                state, reason ? ended : NULL, reason, 0, &card_id) < 0 ||
		    (!reason && card_schedule_reports(&db, card_id, issued, cfg.card_report_months, NULL) < 0)) {
			fprintf(stderr, "gen: %s\n", sqlite3_errmsg(db.db));
			return 1;
		}
	}
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE counter SET value = %ld WHERE name = 'card_serial'", serial);
	sqlite3_exec(db.db, sql, NULL, NULL, NULL);
	if (sqlite3_exec(db.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "gen: %s\n", sqlite3_errmsg(db.db));
		return 1;
	}
	sqlite3_exec(db.db, "PRAGMA journal_mode=WAL; ANALYZE", NULL, NULL, NULL);
	store_close(&db);
	config_free(&cfg);
	fprintf(stderr, "gen: %ld people, %ld waiting applications, last serial %ld\n", seekers, made_queue, serial);
	return 0;
}
