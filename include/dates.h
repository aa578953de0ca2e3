/*
 * Calendar dates as "YYYY-MM-DD" text, the form the API and the database use.
 * "Today" is the office's date (utc_offset_minutes, WIB = 420), not UTC's:
 * a card issued at 06:00 in Cimahi is issued that day.
 */
#ifndef SIDAKERD_DATES_H
#define SIDAKERD_DATES_H

#include <stdint.h>

#define DATE_LEN 10

struct date {
	int year, month, day;
};

/* Strict: exactly YYYY-MM-DD, a real calendar day, years 1900-2200. */
int date_parse(const char *s, struct date *out);
void date_format(struct date d, char out[DATE_LEN + 1]);
/* Its month, "YYYY-MM" (the IPK tables' months). */
#define MONTH_LEN 7
void date_month_format(struct date d, char out[MONTH_LEN + 1]);
/* "6 Desember 2028", as a letter or a card says it. */
void date_words(struct date d, char out[32]);
/* "2026-12" → "Desember 2026": 0, or -1 when it is not a month. */
int month_words(const char *month, char out[32]);
struct date date_today(int utc_offset_minutes);
struct date date_of(int64_t unix_seconds, int utc_offset_minutes);
/* Adds months, keeping the day or clamping it to the month's last day
 * (31 Jan + 1 month = 28/29 Feb). */
struct date date_add_months(struct date d, int months);
struct date date_add_days(struct date d, int days);
int date_compare(struct date a, struct date b);
/* Whole years from birth to on. */
int date_age(struct date birth, struct date on);

/* Quiet hours [from, until) in minutes of the office's day (from > until
 * spans midnight; from == until: none): the moment at or after now when a
 * message may go out — now itself outside the quiet hours, else their end. */
/* "2026-12-20T02:14:05Z", the form the API writes (UTC, seconds, Z):
 * Unix seconds, or -1. */
int64_t utc_moment_parse(const char *s);

int64_t quiet_release(int64_t now, int utc_offset_minutes, int from_min, int until_min);

#endif
