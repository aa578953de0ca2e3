/*
 * Reference data: the value sets the API accepts, each value with its
 * Indonesian label.  The validators build their lists from these same
 * macros (REF_VALUES), and GET /v1/reference answers them to the app and
 * the portals, so a form offers exactly what the daemon takes.
 *
 * Each list is an X-macro: X(value, "label").
 */
#ifndef SIDAKERD_REFERENCE_H
#define SIDAKERD_REFERENCE_H

#include <jansson.h>

/* Education, from the lowest (the order is the education rank). */
#define REF_EDUCATION_LEVEL(X) \
	X(tidak_sekolah, "Tidak/belum sekolah") \
	X(sd, "SD/sederajat") \
	X(smp, "SMP/sederajat") \
	X(sma, "SMA/sederajat") \
	X(smk, "SMK") \
	X(d1, "Diploma I") \
	X(d2, "Diploma II") \
	X(d3, "Diploma III") \
	X(d4, "Diploma IV") \
	X(s1, "Sarjana (S1)") \
	X(s2, "Magister (S2)") \
	X(s3, "Doktor (S3)")
#define REF_RELIGION(X) \
	X(islam, "Islam") \
	X(kristen, "Kristen") \
	X(katolik, "Katolik") \
	X(hindu, "Hindu") \
	X(buddha, "Buddha") \
	X(konghucu, "Khonghucu") \
	X(kepercayaan, "Kepercayaan terhadap Tuhan Yang Maha Esa")
#define REF_MARITAL_STATUS(X) \
	X(belum_kawin, "Belum kawin") \
	X(kawin, "Kawin") \
	X(cerai_hidup, "Cerai hidup") \
	X(cerai_mati, "Cerai mati")
#define REF_GENDER(X) \
	X(M, "Laki-laki") \
	X(F, "Perempuan")
#define REF_PREFERRED_LOCATION(X) \
	X(domestic, "Dalam negeri") \
	X(abroad, "Luar negeri") \
	X(both, "Dalam dan luar negeri")
#define REF_EMPLOYER_TYPE(X) \
	X(government, "Instansi pemerintah") \
	X(bumn_bumd, "BUMN/BUMD") \
	X(cooperative, "Koperasi") \
	X(private_company, "Perusahaan swasta") \
	X(other_business, "Badan usaha lain") \
	X(individual, "Perseorangan")
#define REF_EMPLOYMENT_TYPE(X) \
	X(permanent, "Tetap") \
	X(contract, "Kontrak") \
	X(daily, "Harian lepas") \
	X(internship, "Magang") \
	X(part_time, "Paruh waktu")
#define REF_WORK_SETUP(X) \
	X(onsite, "Di tempat kerja") \
	X(remote, "Jarak jauh") \
	X(hybrid, "Campuran")
#define REF_LOCATION_KIND(X) \
	X(kecamatan, "Kecamatan") \
	X(kabkota, "Kabupaten/kota") \
	X(province, "Provinsi") \
	X(abroad, "Luar negeri")
#define REF_PLACEMENT_CHANNEL(X) \
	X(bkk, "Bursa kerja khusus (BKK)") \
	X(lpk, "Lembaga pelatihan (LPK)") \
	X(app_vacancy, "Lowongan di aplikasi") \
	X(cpmi, "Penempatan pekerja migran (CPMI)") \
	X(training, "Pelatihan") \
	X(job_fair, "Bursa kerja (job fair)") \
	X(company_report, "Laporan perusahaan") \
	X(other, "Lainnya")
#define REF_TRAINING_FUNDING(X) \
	X(apbd, "APBD") \
	X(apbn, "APBN") \
	X(dbhcht, "DBHCHT") \
	X(company, "Perusahaan") \
	X(other, "Lainnya")
#define REF_DOCUMENT_KIND(X) \
	X(photo, "Pas foto 3x4") \
	X(ktp, "KTP") \
	X(diploma, "Ijazah") \
	X(certificate, "Sertifikat") \
	X(work_letter, "Surat keterangan kerja")
#define REF_COMPLAINT_CATEGORY(X) \
	X(scam_vacancy, "Lowongan palsu/penipuan") \
	X(card_problem, "Masalah kartu AK/I") \
	X(data_correction, "Perbaikan data") \
	X(service, "Pelayanan") \
	X(other, "Lainnya")
/* KBJI 2014 major groups (the first digit of a 4-digit KBJI code). */
#define REF_KBJI_MAJOR_GROUP(X) \
	X(0, "TNI/Polri") \
	X(1, "Manajer") \
	X(2, "Profesional") \
	X(3, "Teknisi dan asisten ahli") \
	X(4, "Tenaga tata usaha") \
	X(5, "Tenaga usaha jasa dan penjualan") \
	X(6, "Pekerja terampil pertanian, kehutanan dan perikanan") \
	X(7, "Pekerja pengolahan dan kerajinan") \
	X(8, "Operator dan perakit mesin") \
	X(9, "Pekerja kasar")

/* For a validator's NULL-terminated list: {REF_RELIGION(REF_VALUE) NULL}. */
#define REF_VALUE(value, label) #value,

/* The Indonesian label of a code of the value sets above (not KBJI digits
 * nor genders), or NULL: what a report prints instead of the code. */
const char *reference_label(const char *value);
/* The name of a KBJI major group ("8" → "Operator dan perakit mesin"), or NULL. */
const char *reference_kbji_major_label(const char *major);
/* {"lists": {name: [{"value","label"}, ...]}}, built once; borrowed. */
const json_t *reference_lists(void);
/* The same as text, and its ETag (for GET /v1/reference). */
const char *reference_text(void);
const char *reference_etag(void);
void reference_free(void);

/* GET /v1/reference and GET /v1/reference/regions. */
struct req;
void reference_get(struct req *r);
void reference_regions(struct req *r);

#endif
