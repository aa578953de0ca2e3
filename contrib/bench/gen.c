/*
 * Deterministic data for the benchmarks, written straight into a sidakerd
 * database through the project's own store code (same SQL, same sealing of
 * NIKs as the daemon):
 *
 *   gen DATA_DIR SEEKERS [QUEUE] [VACANCIES] [SEED] [YEARS] [APPLICATIONS] [APPLICANTS]
 *
 * SEEKERS people of the configured kab/kota (3277, Kota Cimahi) with
 * profiles, NIKs that pass validation and match their birth date and
 * gender, one AK/I card each issued over the last YEARS years (default 5):
 * nearly half are placed while their card is valid (the placement through a
 * weighted channel, one in eight placed again later without a card), the
 * others' cards expire or are active as time says; QUEUE submitted card
 * applications wait for an officer.  One in five people has an account and
 * wants matching vacancies.  VACANCIES published vacancies of VACANCIES/20
 * verified companies, in the search index; APPLICATIONS applications to
 * them (default twice SEEKERS) by the people with accounts; APPLICANTS
 * (default 20,000) more people with documents and sessions for the card
 * application scenarios (gen_activity.c).  Writes up to 20,000 NIKs of
 * active holders to DATA_DIR/bench-niks.txt for the upload scenario.
 * Prints a progress bar on stderr when it is a terminal.
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
#include "placement_store.h"
#include "profile.h"
#include "seeker.h"
#include "seeker_store.h"
#include "store_sql.h"
#include "gen.h"

static uint64_t rng_state;

/* splitmix64: small, fast, and the same numbers on every machine. */
uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
int below(int n) { return (int)(rnd() % (uint64_t)n); }

static const char *const first_m[] = {"Agus", "Budi",  "Dedi", "Eko",   "Fajar",  "Hendra", "Irfan",
                                      "Joko", "Rizki", "Asep", "Ujang", "Dadang", "Yusuf",  "Andi"};
static const char *const first_f[] = {"Ani", "Siti", "Dewi", "Rina",  "Sri",   "Yuni",  "Lina",
                                      "Nur", "Euis", "Neng", "Ratna", "Fitri", "Intan", "Wulan"};
static const char *const last[] = {"Suryana",   "Hidayat", "Rahmawati", "Setiawan", "Permana",
                                   "Kurniawan", "Saputra", "Lestari",   "Wahyuni",  "Nugraha"};
/* Kota Cimahi: kecamatan and their kelurahan (sql/ref/wilayah.tsv). */
static const char *const kelurahan[] = {"32.77.01.1001", "32.77.01.1002", "32.77.01.1003", "32.77.01.1004",
                                        "32.77.01.1005", "32.77.02.1001", "32.77.02.1002", "32.77.02.1003",
                                        "32.77.02.1004", "32.77.02.1005", "32.77.02.1006", "32.77.03.1001",
                                        "32.77.03.1002", "32.77.03.1003", "32.77.03.1004"};
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

void progress(const char *what, long done, long total)
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

/* An account that has opted in to matching vacancies (nobody logs in with
 * its password: the hash is a fixed string; the load scenarios get
 * sessions made for them in gen_activity.c). */
int add_account(struct dbconn *db, const struct person *p, long n, int64_t *account_id)
{
	static const char sql[] =
		"INSERT INTO account(role, email, password_hash, display_name, nik_sealed, nik_index, status, "
		"created_at, updated_at) VALUES ('seeker', ?1, 'generated', 'Pencari', ?2, ?3, 'active', 0, 0)";
	static const char link[] = "UPDATE seeker SET account_id = ?1, notify_vacancies = 1, "
				   "preferred_kbji = json_array(substr(?2, 1, 1)) WHERE id = ?3";
	char email[64];
	snprintf(email, sizeof email, "seeker%ld@example.id", n);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, p->sealed, NIK_SEALED_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, p->index, DIGEST_BYTES, SQLITE_STATIC);
	if (store_insert(db, st, account_id) != 0 || !(st = store_stmt(db, link)))
		return -1;
	char kbji[8];
	snprintf(kbji, sizeof kbji, "%d", 1 + below(9));
	sqlite3_bind_int64(st, 1, *account_id);
	sqlite3_bind_text(st, 2, kbji, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, p->seeker_id);
	return store_step_done(st);
}

/* A person of Kota Cimahi with a profile: NIK PP KK CC DDMMYY SSSS, day + 40
 * for women, matching the birth date and gender; the kecamatan of issue is
 * often not today's (people move). */
int add_person(struct dbconn *db, const struct keys *keys, long n, struct date today, struct person *out)
{
	int female = below(100) < 48;
	struct date birth = {today.year - 19 - below(34), 1 + below(12), 1 + below(28)}; /* 18 or older today */
	const char *kel = kelurahan[below(15)];
	char name[64], kec[16], birth_text[DATE_LEN + 1];
	snprintf(out->nik, sizeof out->nik, "3277%02d%02d%02d%02d%04ld", 1 + below(3), birth.day + (female ? 40 : 0),
	         birth.month, birth.year % 100, 1 + n % 9999);
	snprintf(name, sizeof name, "%s %s", female ? first_f[below(14)] : first_m[below(14)], last[below(10)]);
	snprintf(kec, sizeof kec, "%.8s", kel);
	date_format(birth, birth_text);
	const char *level = pick_education();
	json_t *profile = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:[], s:[], s:[], s:[], s:s, s:b, s:i}",
		"full_name", name, "birth_place", "Cimahi", "birth_date", birth_text, "gender", female ? "F" : "M",
		"marital_status", below(3) ? "belum_kawin" : "kawin", "religion", below(10) ? "islam" : "kristen",
		"address", "Jl. Raya Cibabat", "kecamatan_code", kec, "kelurahan_code", kel, "phone", "+6281200000000",
		"education_level", level, "graduation_year", birth.year + 18, "skills", "experience", "trainings",
		"preferred_kbji", "preferred_location", "domestic", "notify_vacancies", 0, "education_rank",
		education_rank(level));
	nik_seal(keys, out->nik, out->sealed);
	nik_blind_index(keys, out->nik, out->index);
	int created;
	int rc = seeker_import(db, out->sealed, out->index, profile,
	                       nik_check(out->nik, birth_text, female ? 'F' : 'M', NULL), 0, &out->seeker_id, &created);
	json_decref(profile);
	return rc < 0 ? -1 : created ? 1 : 0;
}

static const char *const jobs[][2] = {
	{"Operator Produksi", "8189"},   {"Operator Jahit", "7533"},
	{"Staf Administrasi", "4110"},   {"Kasir", "5230"},
	{"Pramuniaga", "5223"},          {"Teknisi Listrik", "7411"},
	{"Mekanik Motor", "7231"},       {"Sopir", "8322"},
	{"Staf Gudang", "4321"},         {"Akuntan", "2411"},
	{"Programmer", "2512"},          {"Perawat", "2221"},
	{"Guru Bahasa Inggris", "2353"}, {"Satpam", "5414"},
	{"Juru Masak", "5120"},          {"Marketing Lapangan", "3322"},
	{"Desainer Grafis", "2166"},     {"Teknisi Jaringan", "3513"},
};
/* The words of vacancy texts (an office's listing has a few hundred in
 * common use): where the work is, what is asked, what is offered, skills.
 * The search scenarios draw their queries from them (bench-words.txt). */
static const char *const workplaces[] = {
	"pabrik",   "garmen",     "tekstil",    "gudang",      "toko",      "minimarket", "restoran", "hotel",
	"bengkel",  "klinik",     "sekolah",    "kantor",      "ekspedisi", "logistik",   "proyek",   "percetakan",
	"kafe",     "apotek",     "showroom",   "distributor", "konveksi",  "katering",   "laundry",  "salon",
	"koperasi", "perkebunan", "peternakan", "bandara",     "terminal",  "pasar",
};
static const char *const requirements[] = {
	"pria",          "wanita",   "usia",      "maksimal",    "minimal",     "lulusan",     "berpengalaman",
	"fresh",         "graduate", "jujur",     "teliti",      "disiplin",    "komunikatif", "ramah",
	"sehat",         "jasmani",  "SIM",       "bersedia",    "ditempatkan", "tekanan",     "target",
	"mandiri",       "kreatif",  "inisiatif", "bertanggung", "jawab",       "menguasai",   "komputer",
	"Excel",         "bahasa",   "Inggris",   "Mandarin",    "domisili",    "Cimahi",      "Bandung",
	"Padalarang",    "Lembang",  "Batujajar", "Cisarua",     "Ngamprah",    "shift",       "malam",
	"berpenampilan", "menarik",  "cekatan",   "sabar",       "rapi",        "kendaraan",   "pribadi",
};
static const char *const benefits[] = {
	"gaji",    "tunjangan", "makan",     "transport", "BPJS",       "kesehatan", "ketenagakerjaan",
	"THR",     "bonus",     "insentif",  "lembur",    "dibayar",    "mess",      "seragam",
	"jenjang", "karir",     "pelatihan", "cuti",      "tahunan",    "asuransi",  "komisi",
	"kontrak", "tetap",     "harian",    "magang",    "sertifikat", "antar",     "jemput",
};
static const char *const skills[] = {
	"menjahit",  "mengemudi",    "akuntansi",   "pemrograman", "pengelasan",   "kelistrikan", "jaringan",
	"desain",    "memasak",      "penjualan",   "pelayanan",   "administrasi", "forklift",    "pergudangan",
	"perawatan", "mesin",        "CNC",         "bubut",       "otomotif",     "perpajakan",  "kasir",
	"barista",   "housekeeping", "keamanan",    "sablon",      "bordir",       "pengemasan",  "inventaris",
	"fotografi", "videografi",   "copywriting", "SEO",         "Python",       "Java",        "PHP",
	"Laravel",   "Android",      "Flutter",     "AutoCAD",     "SketchUp",     "K3",          "HACCP",
};
#define PICK(pool) pool[below((int)(sizeof pool / sizeof pool[0]))]

/* Writes every word a generated vacancy text can have, one per line. */
static int write_words(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/bench-words.txt", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	const char *const *pools[] = {workplaces, requirements, benefits, skills};
	const size_t sizes[] = {sizeof workplaces / sizeof *workplaces, sizeof requirements / sizeof *requirements,
	                        sizeof benefits / sizeof *benefits, sizeof skills / sizeof *skills};
	for (int p = 0; p < 4; p++)
		for (size_t i = 0; i < sizes[p]; i++)
			fprintf(f, "%s\n", pools[p][i]);
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) /* the titles' words */
		for (const char *w = jobs[i][0]; *w; w += strcspn(w, " "), w += *w == ' ')
			fprintf(f, "%.*s\n", (int)strcspn(w, " "), w);
	return fclose(f);
}

/* Verified companies with profiles, and their published vacancies. */
static int add_vacancies(struct dbconn *db, const char *dir, long n, struct date today)
{
	static const char account_sql[] =
		"INSERT INTO account(role, email, password_hash, display_name, status, verification, "
		"created_at, updated_at) VALUES ('company', ?1, 'generated', ?2, 'active', 'verified', 0, 0)";
	static const char org_sql[] =
		"INSERT INTO organisation(account_id, legal_name, registration_no, kbli, employer_type, address, "
		"kecamatan_code, contact_name, contact_phone, contact_email, updated_at) VALUES "
		"(?1, ?2, ?3, '14111', 'private_company', 'Jl. Industri', '32.77.01', 'HRD', '+62226650000', ?4, 0)";
	static const char vacancy_sql[] =
		"INSERT INTO vacancy(organisation_id, state, title, kbji, description, needed_either, valid_until, "
		"min_education, education_rank, skills, wage_min, wage_max, location_kind, location_code, "
		"kabkota_code, employment_type, organisation_listed, published_at, created_at, updated_at) VALUES "
		"(?1, 'published', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?14, ?9, ?10, 'kecamatan', ?11, '32.77', ?12, 1, ?13, ?13, ?13)";
	static const char index_sql[] =
		"INSERT INTO vacancy_fts(rowid, title, description, skills, employer) VALUES (?1, ?2, ?3, ?5, ?4)";
	static const char *const levels[] = {"sd", "smp", "sma", "smk", "d3", "s1"};
	static const int ranks[] = {1, 2, 3, 3, 6, 7};
	static const char *const types[] = {"permanent", "contract", "daily", "internship", "part_time"};
	long companies = n / 20 + (n > 0);
	int64_t *ids = calloc((size_t)companies, sizeof *ids);
	char(*names)[64] = calloc((size_t)companies, sizeof *names);
	if (!ids || !names || write_words(dir) < 0)
		return -1;
	for (long c = 0; c < companies; c++) {
		char email[64], name[64], reg[32];
		snprintf(email, sizeof email, "hrd%ld@perusahaan.co.id", c);
		snprintf(name, sizeof name, "PT %s %s %ld", last[below(10)], first_m[below(14)], c);
		memcpy(names[c], name, sizeof name);
		snprintf(reg, sizeof reg, "91200%08ld", c);
		sqlite3_stmt *st = store_stmt(db, account_sql);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		if (store_insert(db, st, &ids[c]) != 0 || !(st = store_stmt(db, org_sql)))
			return -1;
		sqlite3_bind_int64(st, 1, ids[c]);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, reg, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, email, -1, SQLITE_TRANSIENT);
		if (store_step_done(st) < 0)
			return -1;
	}
	int64_t now = (int64_t)time(NULL);
	for (long i = 0; i < n; i++) {
		progress("vacancies", i + 1, n);
		int job = below((int)(sizeof jobs / sizeof jobs[0])), level = below(6);
		int which = below((int)companies);
		int64_t company = ids[which], id;
		char description[512], skill_list[96], skill_words[64], valid[DATE_LEN + 1];
		snprintf(description, sizeof description,
		         "Dibutuhkan %s untuk %s %s. Syarat: %s, %s, %s, %s. Fasilitas: %s, %s, %s. "
		         "Kirim lamaran melalui aplikasi.",
		         jobs[job][0], PICK(workplaces), PICK(workplaces), PICK(requirements), PICK(requirements),
		         PICK(requirements), PICK(requirements), PICK(benefits), PICK(benefits), PICK(benefits));
		const char *skill_a = PICK(skills), *skill_b = PICK(skills);
		snprintf(skill_list, sizeof skill_list, "[\"%s\",\"%s\"]", skill_a, skill_b);
		snprintf(skill_words, sizeof skill_words, "%s %s", skill_a, skill_b);
		date_format(date_add_days(today, 1 + below(90)), valid);
		long wage = 2500000 + 100000L * below(30);
		sqlite3_stmt *st = store_stmt(db, vacancy_sql);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, company);
		sqlite3_bind_text(st, 2, jobs[job][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, jobs[job][1], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, description, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 5, 1 + below(20));
		sqlite3_bind_text(st, 6, valid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, levels[level], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 8, ranks[level]);
		sqlite3_bind_int64(st, 9, wage);
		sqlite3_bind_int64(st, 10, wage + 500000);
		sqlite3_bind_text(st, 11, kelurahan[below(15)], 8, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 12, types[below(5)], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 13, now - below(60 * 86400));
		sqlite3_bind_text(st, 14, skill_list, -1, SQLITE_TRANSIENT);
		if (store_insert(db, st, &id) != 0 || !(st = store_stmt(db, index_sql)))
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, jobs[job][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, description, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, names[which], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, skill_words, -1, SQLITE_TRANSIENT);
		if (store_step_done(st) < 0)
			return -1;
	}
	free(ids);
	free(names);
	return 0;
}

/* Trainings of the LPK over the years: four a year each, sixteen places,
 * filled by people of the register; most complete, a few drop out, three
 * in four of those who complete are found competent and get a BNSP
 * certificate. */
static int add_trainings(struct dbconn *db, long lpks, int years, struct date today, long *made, long *trained)
{
	static const char account_sql[] =
		"INSERT INTO account(role, email, password_hash, display_name, status, verification, "
		"created_at, updated_at) VALUES ('lpk', ?1, 'generated', ?2, 'active', 'verified', 0, 0)";
	static const char org_sql[] =
		"INSERT INTO organisation(account_id, legal_name, registration_no, employer_type, address, "
		"kecamatan_code, contact_name, contact_phone, contact_email, updated_at) VALUES "
		"(?1, ?2, ?3, 'private_company', 'Jl. Baros', '32.77.01', 'Admin', '+62226650001', ?4, 0)";
	static const char training_sql[] =
		"INSERT INTO training(provider_id, provider_kind, state, title, vocation, description, bnsp_scheme, "
		"kkni_level, funding, quota, sessions, start_date, end_date, registration_opens, registration_closes, "
		"location, kecamatan_code, created_at, updated_at) VALUES (?1, 'lpk', 'finished', ?2, ?2, "
		"'Pelatihan berbasis kompetensi dengan uji kompetensi di akhir.', ?2, 2, ?3, 16, 10, ?4, ?5, ?6, ?6, "
		"'LPK, Jl. Baros', '32.77.01', 0, 0)";
	static const char enrol_sql[] =
		"INSERT OR IGNORE INTO enrolment(training_id, seeker_id, state, result, created_at, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, 0, 0)";
	static const char certificate_sql[] =
		"INSERT INTO certificate(number, kind, seeker_id, enrolment_id, scheme, lsp, issued_on, expires_on, "
		"recorded_by, created_at) VALUES (?1, 'bnsp', ?2, ?3, ?4, 'LSP Kota Cimahi', ?5, ?6, ?7, 0)";
	static const char *const vocations[] = {"Menjahit",  "Teknik Las",           "Tata Boga",
	                                        "Otomotif",  "Komputer Perkantoran", "Barista",
	                                        "Tata Rias", "Instalasi Listrik"};
	static const char *const fundings[] = {"apbd", "apbd", "apbn", "dbhcht", "company"};
	sqlite3_stmt *st = store_stmt(db, "SELECT IFNULL(max(id), 0) FROM seeker");
	if (!st || sqlite3_step(st) != SQLITE_ROW)
		return -1;
	int64_t max_seeker = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	long total = lpks * 4 * years;
	for (long l = 0; l < lpks && max_seeker > 0; l++) {
		char email[64], name[64], reg[32];
		snprintf(email, sizeof email, "admin%ld@lpk.or.id", l);
		snprintf(name, sizeof name, "LPK %s %ld", last[below(10)], l);
		snprintf(reg, sizeof reg, "LPK-%05ld", l);
		int64_t lpk;
		if (!(st = store_stmt(db, account_sql)))
			return -1;
		sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		if (store_insert(db, st, &lpk) != 0 || !(st = store_stmt(db, org_sql)))
			return -1;
		sqlite3_bind_int64(st, 1, lpk);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, reg, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, email, -1, SQLITE_TRANSIENT);
		if (store_step_done(st) < 0)
			return -1;
		for (int t = 0; t < 4 * years; t++) {
			progress("trainings", ++*made, total);
			const char *vocation = vocations[below(8)];
			struct date end = date_add_days(today, -1 - below(years * 365)),
				    start = date_add_days(end, -20);
			char start_text[DATE_LEN + 1], end_text[DATE_LEN + 1], closes[DATE_LEN + 1],
				expires[DATE_LEN + 1];
			date_format(start, start_text);
			date_format(end, end_text);
			date_format(date_add_days(start, -1), closes);
			date_format(date_add_months(end, 36), expires);
			int64_t training;
			if (!(st = store_stmt(db, training_sql)))
				return -1;
			sqlite3_bind_int64(st, 1, lpk);
			sqlite3_bind_text(st, 2, vocation, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, fundings[below(5)], -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, start_text, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 5, end_text, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 6, closes, -1, SQLITE_TRANSIENT);
			if (store_insert(db, st, &training) != 0)
				return -1;
			for (int k = 0; k < 16; k++) {
				int64_t seeker = 1 + (int64_t)(rnd() % (uint64_t)max_seeker), enrolment;
				int completed = below(100) < 88, competent = completed && below(100) < 75;
				if (!(st = store_stmt(db, enrol_sql)))
					return -1;
				sqlite3_bind_int64(st, 1, training);
				sqlite3_bind_int64(st, 2, seeker);
				sqlite3_bind_text(st, 3, completed ? "completed" : "dropped", -1, SQLITE_STATIC);
				if (completed)
					sqlite3_bind_text(st, 4, competent ? "competent" : "not_yet_competent", -1,
					                  SQLITE_STATIC);
				int added = store_changes(db, st);
				if (added < 0)
					return -1;
				if (!added)
					continue; /* drawn twice for one training */
				*trained += completed;
				if (!competent)
					continue;
				enrolment = sqlite3_last_insert_rowid(db->db);
				char number[48];
				snprintf(number, sizeof number, "BNSP-%06lld-%08lld", (long long)training,
				         (long long)enrolment);
				if (!(st = store_stmt(db, certificate_sql)))
					return -1;
				sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
				sqlite3_bind_int64(st, 2, seeker);
				sqlite3_bind_int64(st, 3, enrolment);
				sqlite3_bind_text(st, 4, vocation, -1, SQLITE_STATIC);
				sqlite3_bind_text(st, 5, end_text, -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(st, 6, expires, -1, SQLITE_TRANSIENT);
				sqlite3_bind_int64(st, 7, lpk);
				if (store_step_done(st) < 0)
					return -1;
			}
		}
	}
	return 0;
}

/* A placement of a card holder, reported through a channel the way offices
 * see them: BKK and company reports most, the app's own vacancies, LPK,
 * training programmes, job fairs and migrant workers (CPMI) fewer. */
int add_placement(struct dbconn *db, int64_t seeker_id, int64_t card_id, const unsigned char *index, const char *start,
                  int n, const char *channel, int64_t *id)
{
	static const struct {
		const char *channel;
		int weight;
	} channels[] = {{"bkk", 25},      {"company_report", 30}, {"app_vacancy", 12}, {"lpk", 8},
	                {"training", 10}, {"job_fair", 8},        {"cpmi", 5},         {"other", 2}};
	static const char *const types[] = {"private_company", "private_company", "private_company", "bumn_bumd",
	                                    "government",      "cooperative",     "other_business",  "individual"};
	struct placement_in p;
	memset(&p, 0, sizeof p);
	int x = below(100);
	size_t c = 0;
	while (c + 1 < sizeof channels / sizeof channels[0] && (x -= channels[c].weight) >= 0)
		c++;
	if (!channel)
		channel = channels[c].channel;
	int abroad = !strcmp(channel, "cpmi"), job = below((int)(sizeof jobs / sizeof jobs[0]));
	p.seeker_id = seeker_id;
	p.card_id = card_id;
	memcpy(p.person_index, index, DIGEST_BYTES);
	snprintf(p.employer_name, sizeof p.employer_name, "PT %s %s %d", last[below(10)], first_m[below(14)],
	         below(400) + n);
	snprintf(p.employer_type, sizeof p.employer_type, "%s", types[below(8)]);
	snprintf(p.position, sizeof p.position, "%s", jobs[job][0]);
	snprintf(p.kbji, sizeof p.kbji, "%s", jobs[job][1]);
	snprintf(p.location_kind, sizeof p.location_kind, "%s", abroad ? "abroad" : below(4) ? "kabkota" : "province");
	snprintf(p.location_code, sizeof p.location_code, "%s", abroad ? "MY" : below(4) ? "32.77" : "31");
	snprintf(p.placement_kind, sizeof p.placement_kind, "%s",
	         abroad                                                           ? "AKAN"
	                 : p.location_code[0] == '3' && p.location_code[1] == '2' ? "AKL"
	                                                                          : "AKAD");
	snprintf(p.start_date, sizeof p.start_date, "%s", start);
	snprintf(p.channel, sizeof p.channel, "%s", channel);
	p.wage = 3000000 + 100000L * below(30);
	return placement_insert(db, &p, 0, "officer", 0, id) < 0 ? -1 : 0;
}

/* What SQLite said, and the generator's exit status. */
static int store_failed(struct dbconn *db)
{
	fprintf(stderr, "gen: %s\n", sqlite3_errmsg(db->db));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr,
		        "usage: gen DATA_DIR SEEKERS [QUEUE] [VACANCIES] [SEED] [YEARS] [APPLICATIONS] "
		        "[APPLICANTS]\n");
		return 2;
	}
	const char *dir = argv[1];
	long seekers = atol(argv[2]), queue = argc > 3 ? atol(argv[3]) : 0;
	long vacancies = argc > 4 ? atol(argv[4]) : 0;
	rng_state = argc > 5 ? strtoull(argv[5], NULL, 10) : 20261122;
	int years = argc > 6 ? atoi(argv[6]) : 5;
	if (years < 1 || years > 30)
		years = 5;
	long applications = argc > 7 ? atol(argv[7]) : 2 * seekers;
	long applicants = argc > 8 ? atol(argv[8]) : 20000;
	char path[4096], err[256];
	struct config cfg;
	struct keys keys;
	struct dbconn *db;
	config_defaults(&cfg);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/sidakerd.key", dir);
	if (crypto_setup() < 0 || keys_load_or_create(path, &keys, err, sizeof err) < 0) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	snprintf(path, sizeof path, "%s/sidakerd.db", dir);
	if (!(db = store_open(path, STORE_READ_WRITE, "OFF", err, sizeof err)) ||
	    store_migrate(db, err, sizeof err) < 0) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	/* A batch loader: keep the heap (glibc would trim and regrow it on every
	 * row) and give SQLite a page cache large enough not to spill. */
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
	mallopt(M_TOP_PAD, 64 * 1024 * 1024);
	sqlite3_exec(db->db, "PRAGMA cache_size = -1048576; BEGIN", NULL, NULL, NULL);
	struct date today = date_today(cfg.utc_offset_minutes);
	long serial = card_next_serial(db), made_queue = 0, placements = 0, niks_written = 0;
	/* NIKs of people holding an active card, for the placement upload scenario. */
	snprintf(path, sizeof path, "%s/bench-niks.txt", dir);
	FILE *niks = fopen(path, "w");
	if (!niks) {
		fprintf(stderr, "gen: %s: cannot write\n", path);
		return 1;
	}
	/* The people with accounts, for the applications and sessions below. */
	struct account_holder *holders = calloc((size_t)(seekers / 5 + 1), sizeof *holders);
	long n_holders = 0;
	if (!holders) {
		fprintf(stderr, "gen: out of memory\n");
		return 1;
	}
	for (long i = 0; i < seekers; i++) {
		progress("seekers", i + 1, seekers);
		struct person person;
		int made = add_person(db, &keys, i, today, &person);
		if (made < 0)
			return store_failed(db);
		if (!made)
			continue; /* a NIK drawn twice */
		int64_t seeker_id = person.seeker_id, card_id, account_id = 0;
		const unsigned char *index = person.index;
		if (i % 5 == 0 && add_account(db, &person, i, &account_id) < 0)
			return store_failed(db);
		struct account_holder *holder = account_id ? &holders[n_holders++] : NULL;
		if (holder) {
			holder->seeker_id = seeker_id;
			holder->account_id = account_id;
			memcpy(holder->index, index, DIGEST_BYTES);
		}
		if (made_queue < queue && i % 10 == 0) {
			/* A person waiting for a first card. */
			int64_t app;
			int64_t submitted = (int64_t)time(NULL) - below(30 * 86400);
			if (card_application_store_create(db, seeker_id, "new", 0, submitted - 3600, &app) == 0)
				card_application_store_submit(db, app, submitted);
			made_queue++;
			continue;
		}
		/* Nearly half of all card holders are placed while their card is
		 * valid (which closes it), most within the first year; the rest
		 * hold their card until it expires. */
		struct date issued = date_add_days(today, -below(years * 365));
		struct date valid = date_add_months(issued, cfg.card_valid_months);
		struct date placed = date_add_days(issued, below(400));
		char ended[DATE_LEN + 1], number[48];
		const char *state = "active", *reason = NULL;
		if (below(100) < 46 && date_compare(placed, today) <= 0 && date_compare(placed, valid) < 0) {
			state = "placed";
			reason = "placed";
			date_format(placed, ended);
		} else if (date_compare(valid, today) < 0) {
			state = "expired";
			reason = "expired";
			date_format(valid, ended);
		}
		serial++;
		card_number_format(cfg.card_number_format, cfg.kabkota_code, serial, issued, number, sizeof number);
		if (card_insert(db, number, seeker_id, "new", serial, issued, valid, 0, "Petugas", "000", 0, 0, state,
		                reason ? ended : NULL, reason, 0, &card_id) < 0 ||
		    (!reason && card_schedule_reports(db, card_id, issued, cfg.card_report_months, NULL) < 0))
			return store_failed(db);
		if (holder)
			holder->active_card = !reason;
		/* The placement behind a placed card; one in eight placed again later. */
		if (!strcmp(state, "placed")) {
			int64_t placement_id;
			if (add_placement(db, seeker_id, card_id, index, ended, (int)(i % 1000), NULL, &placement_id) <
			    0)
				return store_failed(db);
			placements++;
			struct date again;
			if (below(8) == 0 && date_parse(ended, &again) == 0 &&
			    date_compare(again = date_add_days(again, 30 + below(300)), today) <= 0) {
				char later[DATE_LEN + 1];
				date_format(again, later);
				if (add_placement(db, seeker_id, 0, index, later, (int)(i % 1000) + 1, NULL,
				                  &placement_id) < 0)
					return store_failed(db);
				placements++;
			}
		} else if (!reason && niks_written < 20000) {
			fprintf(niks, "%s\n", person.nik);
			niks_written++;
		}
	}
	long trainings = 0, trained = 0, placed_by_app = 0;
	if (add_vacancies(db, dir, vacancies, today) < 0 ||
	    add_trainings(db, seekers / 3300 + 1, years, today, &trainings, &trained) < 0 ||
	    add_applications(db, holders, n_holders, applications, today, &placed_by_app) < 0 ||
	    add_bench_sessions(db, &keys, dir, holders, n_holders, seekers, applicants, today, cfg.session_ttl_s) < 0)
		return store_failed(db);
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE counter SET value = %ld WHERE name = 'card_serial'", serial);
	sqlite3_exec(db->db, sql, NULL, NULL, NULL);
	if (sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return store_failed(db);
	sqlite3_exec(db->db, "PRAGMA journal_mode=WAL; ANALYZE", NULL, NULL, NULL);
	store_close(db);
	config_free(&cfg);
	fclose(niks);
	free(holders);
	fprintf(stderr,
	        "gen: %ld people, %ld waiting card applications, last serial %ld, %ld vacancies, "
	        "%ld applications, %ld placements, %ld trainings, %ld completions\n",
	        seekers, made_queue, serial, vacancies, applications, placements + placed_by_app, trainings, trained);
	return 0;
}
