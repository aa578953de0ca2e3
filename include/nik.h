/*
 * NIK (Nomor Induk Kependudukan): PP KK CC DDMMYY SSSS.  Only a value that is
 * not 16 digits is rejected; everything else is a warning for the officer
 * (DOMAIN.md), because NIKs are never re-issued when a birth date is fixed.
 */
#ifndef SIDAKERD_NIK_H
#define SIDAKERD_NIK_H

#define NIK_LEN 16

enum nik_warning {
	NIK_WARN_PROVINCE = 1 << 0, /* province code not in the reference list */
	NIK_WARN_DAY = 1 << 1, /* day outside 01-31 and 41-71 */
	NIK_WARN_MONTH = 1 << 2, /* month outside 01-12 */
	NIK_WARN_DATE = 1 << 3, /* day and month fine, but no such date */
	NIK_WARN_SERIAL = 1 << 4, /* serial 0000 */
	NIK_WARN_BIRTH_DATE = 1 << 5, /* differs from the birth date the person gave */
	NIK_WARN_GENDER = 1 << 6, /* differs from the gender the person gave */
};

struct nik_info {
	char province[3], kabkota[5], kecamatan[7];
	int day, month, year2; /* year2: two digits as printed */
	char gender; /* 'M' or 'F' */
};

/* 0 when s is exactly 16 ASCII digits, -1 otherwise. */
int nik_valid_format(const char *s);
/* Decode and check a well-formed NIK.  birth_date ("YYYY-MM-DD") and gender
 * ('M'/'F') are what the person typed; pass NULL / 0 when unknown.
 * Returns the warnings as a bit set. */
unsigned nik_check(const char *nik, const char *birth_date, char gender, struct nik_info *info);
/* "3277********0001" into out (17 bytes). */
void nik_mask(const char *nik, char out[NIK_LEN + 1]);
/* Warning names for JSON, e.g. "unknown_province"; NULL past the last bit. */
const char *nik_warning_name(unsigned bit);

#endif
