#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dates.h"

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

int date_parse(const char *s, struct date *out)
{
	if (!s || strlen(s) != DATE_LEN || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < DATE_LEN; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	struct date d = {(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
	                 (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0')};
	if (d.year < 1900 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1 ||
	    d.day > month_days(d.year, d.month))
		return -1;
	if (out)
		*out = d;
	return 0;
}

void date_format(struct date d, char out[DATE_LEN + 1])
{
	/* Fields are in range by construction; the unsigned casts and modulos
	 * only tell the compiler the widths. */
	snprintf(out, DATE_LEN + 1, "%04u-%02u-%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
	         (unsigned)d.day % 100u);
}

void date_month_format(struct date d, char out[MONTH_LEN + 1])
{
	snprintf(out, MONTH_LEN + 1, "%04u-%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u);
}

struct date date_of(int64_t unix_seconds, int utc_offset_minutes)
{
	time_t t = (time_t)(unix_seconds + (int64_t)utc_offset_minutes * 60);
	struct tm tm;
	gmtime_r(&t, &tm);
	return (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

struct date date_today(int utc_offset_minutes) { return date_of((int64_t)time(NULL), utc_offset_minutes); }

struct date date_add_months(struct date d, int months)
{
	int total = d.year * 12 + (d.month - 1) + months;
	struct date r = {total / 12, total % 12 + 1, d.day};
	if (r.day > month_days(r.year, r.month))
		r.day = month_days(r.year, r.month);
	return r;
}

struct date date_add_days(struct date d, int days)
{
	struct tm tm = {.tm_year = d.year - 1900, .tm_mon = d.month - 1, .tm_mday = d.day + days, .tm_hour = 12};
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	return (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

int date_compare(struct date a, struct date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	return a.day < b.day ? -1 : a.day > b.day;
}

int date_age(struct date birth, struct date on)
{
	int age = on.year - birth.year;
	if (on.month < birth.month || (on.month == birth.month && on.day < birth.day))
		age--;
	return age;
}

int64_t quiet_release(int64_t now, int utc_offset_minutes, int from_min, int until_min)
{
	if (from_min == until_min)
		return now;
	int64_t local = now + (int64_t)utc_offset_minutes * 60;
	int64_t second = ((local % 86400) + 86400) % 86400;
	int64_t from = (int64_t)from_min * 60, until = (int64_t)until_min * 60;
	int quiet = from < until ? (second >= from && second < until) : (second >= from || second < until);
	return quiet ? now + (until - second + 86400) % 86400 : now;
}

static const char *const month_names[] = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                                          "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};

void date_words(struct date d, char out[32])
{
	snprintf(out, 32, "%d %s %04u", d.day, d.month >= 1 && d.month <= 12 ? month_names[d.month - 1] : "?",
	         (unsigned)d.year % 10000u);
}

int month_words(const char *month, char out[32])
{
	int y, m;
	char tail;
	if (!month || sscanf(month, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12)
		return -1;
	snprintf(out, 32, "%s %04d", month_names[m - 1], y % 10000);
	return 0;
}

int64_t utc_moment_parse(const char *s)
{
	int y, mo, d, h, mi, se;
	char z, end;
	if (!s || strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &y, &mo, &d, &h, &mi, &se, &z, &end) != 7 || z != 'Z' || mo < 1 ||
	    mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = se};
	return (int64_t)timegm(&tm);
}
