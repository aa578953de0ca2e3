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
/* Computes the chain of open months up to month (kept by ipk_cache.c): 0 or -1. */
struct dbconn;
int ipk_chain_warm(struct dbconn *db, const char *month);
void ipk_close(struct req *r);

/* ---- store (ipk_store.c) ---- */

/* One month's flows of a table: in (row 2), placed or filled (row 3),
 * removed (row 4), per value column; late: of each, how many were
 * recorded after their own month had closed. */
struct ipk_flows {
	long long in[IPK_MAX_COLUMNS], out3[IPK_MAX_COLUMNS], out4[IPK_MAX_COLUMNS];
	long long late[3];
};

/* The chained tables, in their order in a report. */
enum ipk_chain { IPK_CHAIN_AGE, IPK_CHAIN_EDUCATION, IPK_CHAIN_KBJI, IPK_CHAIN_VACANCY, IPK_CHAINS };

/* One month's flows of every chained table and its placement tables (a new
 * reference).  With use_cache they come from ipk_cache.c while the month's
 * version stands (readers only: the writer computes afresh).  0 or -1. */
int ipk_month_data(struct dbconn *db, int use_cache, const char *month, struct ipk_flows flows[IPK_CHAINS],
                   json_t **placements);
void ipk_cache_free(void);
/* The month's version of each source names[0..n) (ipk_source_version, moved
 * by the triggers of every write to it); 0 when never written.  0 or -1. */
int ipk_store_source_versions(struct dbconn *db, const char *month, const char *const names[], int n,
                              int64_t version[]);

/* Job seekers (AK/I card holders): columns group × (men, women), by age
 * group, by education and by the KBJI group they seek, at once. */
int ipk_seeker_flows(struct dbconn *db, const char *month, struct ipk_flows *by_age, struct ipk_flows *by_education,
                     struct ipk_flows *by_kbji);
/* Vacancies in persons: columns men, women, either. */
int ipk_vacancy_flows(struct dbconn *db, const char *month, struct ipk_flows *f);
/* The first month with any flow, "" when there is none; 0 or -1. */
int ipk_first_month(struct dbconn *db, char out[8]);
/* The placement tables of one month (an array of three tables) or NULL. */
json_t *ipk_placement_tables(struct dbconn *db, const char *month);
/* The newest closed month (""), and its frozen tables when asked. */
int ipk_last_closed(struct dbconn *db, char month[8], json_t **snapshot);
/* A closed month's frozen tables and when it closed: 1, 0 when open, -1. */
int ipk_closure_get(struct dbconn *db, const char *month, json_t **snapshot, int64_t *closed_at);
int ipk_closure_insert(struct dbconn *db, const char *month, int64_t by, int64_t now, const json_t *snapshot);

#endif
