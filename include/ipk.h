/*
 * The monthly IPK statistics ("Ikhtisar Statistik Antar Kerja"): table
 * III/1 of job seekers by age group, by education and by the KBJI group
 * they seek (rows 1, 2, A, 3, 4,
 * B, 5 × men/women), vacancies (1, 2, C, 3, 4, D, 5 × men/women/either),
 * and placements by AKL/AKAD/AKAN × gender, education and employer type.
 *
 * Each flow counts in the month fixed when it was recorded (sql/0005): its
 * own month, or the first open month when its own was already closed.  A
 * closed month is served from its frozen tables; row 1 of a month is
 * always row 5 of the month before.  Edits that would change a closed
 * month are shown beside it as corrections, never applied silently.
 *
 * Tables are JSON: {"key","title","columns":[…],"rows":[{"row","label",
 * "values":[…]}]}, the last columns being the totals; export.c renders them.
 */
#ifndef SIDAKERD_IPK_H
#define SIDAKERD_IPK_H

#include <jansson.h>
#include <stdint.h>

struct dbconn;
struct req;

#define IPK_AGE_GROUPS 5
#define IPK_EDUCATION_LEVELS 12
#define IPK_KBJI_GROUPS 11
#define IPK_MAX_COLUMNS (2 * IPK_EDUCATION_LEVELS)

extern const char *const ipk_age_groups[IPK_AGE_GROUPS];
extern const char *const ipk_education_levels[IPK_EDUCATION_LEVELS];
extern const char *const ipk_kbji_groups[IPK_KBJI_GROUPS];

void ipk_get(struct req *r);
/* A month's report as GET /v1/statistics/ipk answers it (on a pool
 * thread's reader): a closed month's frozen tables with the corrections
 * since, an open month's tables; NULL on a store error. */
struct config;
json_t *ipk_month_report(struct dbconn *db, const struct config *cfg, const char *month);
/* Computes the chain of open months up to month (kept by ipk_cache.c): 0 or -1. */
struct dbconn;
int ipk_chain_warm(struct dbconn *db, const char *month);
void ipk_close(struct req *r);

#endif
