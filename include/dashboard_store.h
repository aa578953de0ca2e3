/* The dashboard's counts (daemon/dashboard_store.c). */
#ifndef SIDAKERD_DASHBOARD_STORE_H
#define SIDAKERD_DASHBOARD_STORE_H

#include <jansson.h>

struct dbconn;

/* How the active job seekers (cards active on today) are grouped. */
enum dashboard_grouping { BY_KECAMATAN, BY_KELURAHAN, BY_EDUCATION, BY_IPK_AGE, BY_BPS_AGE, DASHBOARD_GROUPINGS };
/* [{"code","name","men","women","total"}] in the grouping's order; NULL on error. */
json_t *dashboard_store_active_by(struct dbconn *db, enum dashboard_grouping by, const char *today);
/* Cards active, issued this month, this year; waiting card applications,
 * organisations, vacancies, complaints.  0 or -1. */
#define DASHBOARD_FIGURES 7
int dashboard_store_figures(struct dbconn *db, const char *today, long long figures[DASHBOARD_FIGURES]);
/* {"channel": count} of placements starting this month; NULL on error. */
json_t *dashboard_store_placements_by_channel(struct dbconn *db, const char *today);

#endif
