/* The yearly counts of training and competency the office reports, as
 * JSON for the statistics and its indicators.
 *
 * Definitions (also in proto/openapi.yaml):
 *  - a person is trained in year Y when they completed a training whose
 *    end date falls in Y; persons are counted once however many trainings
 *    they completed ("completions" counts each);
 *  - by funding source and by course (vocation) a person counts once in
 *    each group they completed a training of, so those rows may add up to
 *    more than the total;
 *  - certified competent: trained persons (as above) assessed competent in
 *    a training ending in Y;
 *  - certificates: recorded certificates issued in Y, by kind and scheme.
 *  - online: E-SkillUp courses completed in Y (the certificate's date),
 *    apart from classroom trainings: completions, persons, by course.
 * An LPK asking gets the same counts over its own trainings only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "server.h"
#include "store.h"
#include "training_stats_store.h"
#include "training.h"
#include "training_stats.h"

void training_stats(struct req *r)
{
	const char *year = req_query(r, "year");
	char this_year[8];
	if (!year) {
		snprintf(this_year, sizeof this_year, "%04d", date_today(r->srv->cfg->utc_offset_minutes).year);
		year = this_year;
	}
	if (strlen(year) != 4 || strspn(year, "0123456789") != 4 || atoi(year) < 1990 || atoi(year) > 2200) {
		req_fail(r, ERR_QUERY_INVALID, "year");
		return;
	}
	/* An LPK sees its own trainings' figures; staff the office's. */
	json_t *out = training_stats_of_year(r->srv->reader, year, r->who.role & ROLES_STAFF ? 0 : r->who.account_id);
	if (!out) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, out);
}
