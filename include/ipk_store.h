/* ipk's rows (daemon/ipk_store.c). */
#ifndef SIDAKERD_IPK_STORE_H
#define SIDAKERD_IPK_STORE_H

#include <jansson.h>
#include <stdint.h>

struct dbconn;

/* One month's flows of a table: in (row 2), placed or filled (row 3),
 * removed (row 4), per value column; late: of each, how many were
 * recorded after their own month had closed. */
struct ipk_flows {
	long long in[IPK_MAX_COLUMNS], out3[IPK_MAX_COLUMNS], out4[IPK_MAX_COLUMNS];
	long long late[3];
};

/* The chained tables, in their order in a report. */
enum ipk_chain { IPK_CHAIN_AGE, IPK_CHAIN_EDUCATION, IPK_CHAIN_KBJI, IPK_CHAIN_VACANCY, IPK_CHAINS };

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
/* The placements counting in month by channel, as a table (NULL on error). */
json_t *ipk_placements_by_channel(struct dbconn *db, const char *month);
/* The placement tables of one month (an array of three tables) or NULL. */
json_t *ipk_placement_tables(struct dbconn *db, const char *month);
/* The newest closed month (""), and its frozen tables when asked. */
int ipk_last_closed(struct dbconn *db, char month[8], json_t **snapshot);
/* A closed month's frozen tables and when it closed: 1, 0 when open, -1. */
int ipk_closure_get(struct dbconn *db, const char *month, json_t **snapshot, int64_t *closed_at);
int ipk_closure_insert(struct dbconn *db, const char *month, int64_t by, int64_t now, const json_t *snapshot);

#endif
