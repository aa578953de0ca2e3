/*
 * The yearly performance indicators (IKU) of the accountability report:
 * placement rate, trained share, competency share and the placements of
 * the year (events, by channel, and distinct persons), each beside its
 * target and capaian.  Every percentage comes with its exact numerator
 * and denominator.
 *
 * Rounding: 2 decimals, half up, in integer arithmetic.  Capaian is the
 * realisation ÷ target × 100, with the exact realisation (the default) or
 * the printed one, so that a reader can redo it from the printed figures
 * (64,00 ÷ 60 × 100 = 106,67): offices do both, and the setting
 * iku_capaian_from says which.  The answer says which was used.
 */
#ifndef SIDAKERD_IKU_H
#define SIDAKERD_IKU_H

#include <jansson.h>

#include <stdbool.h>
#include <stdint.h>

struct req;

void iku_get(struct req *r);
/* The year's indicators as GET /v1/statistics/iku answers them (on a pool
 * thread's reader), NULL on a store error. */
struct config;
struct dbconn;
json_t *iku_year_report(struct dbconn *db, const struct config *cfg, const char *year);
/* Computes a year's indicators and drops them (stats_warm.c): 0 or -1. */
struct dbconn;
int iku_year_warm(struct dbconn *db, const char *year);
void iku_set_targets(struct req *r);

/* num ÷ den × 100 in hundredths, rounded half up (num, den >= 0, den > 0). */
int64_t iku_percent_hundredths(int64_t num, int64_t den);
/* The capaian of num ÷ den against target (hundredths of a percent), in
 * hundredths, rounded half up: from the exact ratio, or from the ratio as
 * printed with 2 decimals.  den 0: num is a count, the realisation. */
int64_t iku_capaian_hundredths(int64_t num, int64_t den, int64_t target, bool printed);
/* "64.00" / "64,00": hundredths as a decimal with a point or a comma. */
void iku_format(int64_t hundredths, char sep, char out[32]);
/* "60", "60.5", "60,50" → 6000, 6050, 6050; -1 when it is not such a number. */
int64_t iku_parse_target(const char *s);

#endif
