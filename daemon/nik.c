#include <stdio.h>
#include <string.h>

#include "nik.h"

/* Province codes of Kepmendagri 300.2.2-2138/2025 (sql/ref/wilayah.tsv), incl.
 * the Papua provinces created in 2022. */
static const char *const provinces[] = {
	"11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33",
	"34", "35", "36", "51", "52", "53", "61", "62", "63", "64", "65", "71", "72",
	"73", "74", "75", "76", "81", "82", "91", "92", "93", "94", "95", "96",
};

int nik_valid_format(const char *s)
{
	if (!s || strlen(s) != NIK_LEN)
		return -1;
	return strspn(s, "0123456789") == NIK_LEN ? 0 : -1;
}

static int two(const char *p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

static int days_in_month(int month, int year)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		return 29;
	return days[month - 1];
}

unsigned nik_check(const char *nik, const char *birth_date, char gender, struct nik_info *info)
{
	struct nik_info local;
	unsigned w = 0;
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	memcpy(info->province, nik, 2);
	memcpy(info->kabkota, nik, 4);
	memcpy(info->kecamatan, nik, 6);

	int known = 0;
	for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
		known |= memcmp(provinces[i], nik, 2) == 0;
	if (!known)
		w |= NIK_WARN_PROVINCE;

	int dd = two(nik + 6), mm = two(nik + 8), yy = two(nik + 10);
	info->gender = dd > 40 ? 'F' : 'M';
	info->day = dd > 40 ? dd - 40 : dd;
	info->month = mm;
	info->year2 = yy;
	if (!((dd >= 1 && dd <= 31) || (dd >= 41 && dd <= 71)))
		w |= NIK_WARN_DAY;
	if (mm < 1 || mm > 12)
		w |= NIK_WARN_MONTH;
	/* The century is unknown from the NIK; 2000 is a leap year, so 29-02-00
	 * is accepted, which is the generous reading. */
	if (!(w & (NIK_WARN_DAY | NIK_WARN_MONTH)) && info->day > days_in_month(mm, 2000 + yy))
		w |= NIK_WARN_DATE;
	if (memcmp(nik + 12, "0000", 4) == 0)
		w |= NIK_WARN_SERIAL;

	int by, bm, bd;
	if (birth_date && sscanf(birth_date, "%4d-%2d-%2d", &by, &bm, &bd) == 3 &&
	    (bd != info->day || bm != info->month || by % 100 != yy))
		w |= NIK_WARN_BIRTH_DATE;
	if ((gender == 'M' || gender == 'F') && gender != info->gender)
		w |= NIK_WARN_GENDER;
	return w;
}

void nik_mask(const char *nik, char out[NIK_LEN + 1])
{
	memcpy(out, nik, 4);
	memset(out + 4, '*', 8);
	memcpy(out + 12, nik + 12, 4);
	out[NIK_LEN] = '\0';
}

const char *nik_warning_name(unsigned bit)
{
	switch (bit) {
	case NIK_WARN_PROVINCE: return "unknown_province";
	case NIK_WARN_DAY: return "invalid_day";
	case NIK_WARN_MONTH: return "invalid_month";
	case NIK_WARN_DATE: return "impossible_date";
	case NIK_WARN_SERIAL: return "serial_zero";
	case NIK_WARN_BIRTH_DATE: return "birth_date_mismatch";
	case NIK_WARN_GENDER: return "gender_mismatch";
	default: return NULL;
	}
}
