/* Open vacancies as schema.org JobPosting: one (GET /v1/vacancies/{id}/jsonld,
 * vacancy_search.c) or all of them, paged, for the national job board to
 * collect (GET /v1/feed/vacancies): public data, as the search shows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dates.h"
#include "http.h"
#include "list.h"
#include "server.h"
#include "store.h"
#include "vacancy_feed.h"
#include "vacancy_store.h"

static const char *schema_employment(const char *type)
{
	if (!strcmp(type, "permanent"))
		return "FULL_TIME";
	if (!strcmp(type, "contract"))
		return "CONTRACTOR";
	if (!strcmp(type, "daily"))
		return "TEMPORARY";
	if (!strcmp(type, "internship"))
		return "INTERN";
	return "PART_TIME";
}

json_t *vacancy_job_posting(struct dbconn *db, const struct config *cfg, const struct vacancy_row *row)
{
	json_t *v = vacancy_json(db, row->id);
	if (!v)
		return NULL;
	json_t *employer = json_object_get(v, "employer");
	json_t *needed = json_object_get(v, "needed");
	int abroad = !strcmp(row->location_kind, "abroad");
	char date_posted[16], ident[32];
	snprintf(date_posted, sizeof date_posted, "%.10s", json_string_value(json_object_get(v, "published_at")));
	snprintf(ident, sizeof ident, "%lld", (long long)row->id);
	const char *locality = json_string_value(json_object_get(v, "location"));
	json_t *ld = json_pack(
		"{s:s, s:s, s:O, s:O, s:s, s:s, s:s, s:{s:s, s:O}, s:{s:s, s:{s:s, s:s, s:s}}, s:I, s:{s:s, s:s, s:s}}",
		"@context", "https://schema.org/", "@type", "JobPosting", "title", json_object_get(v, "title"),
		"description", json_object_get(v, "description"), "datePosted", date_posted, "validThrough",
		row->valid_until, "employmentType", schema_employment(row->employment_type), "hiringOrganization",
		"@type", "Organization", "name", json_object_get(employer, "name"), "jobLocation", "@type", "Place",
		"address", "@type", "PostalAddress", "addressLocality", locality ? locality : "", "addressCountry",
		abroad ? row->location_code : "ID", "totalJobOpenings",
		(json_int_t)(json_integer_value(json_object_get(needed, "men")) +
	                     json_integer_value(json_object_get(needed, "women")) +
	                     json_integer_value(json_object_get(needed, "either"))),
		"identifier", "@type", "PropertyValue", "name", cfg->office_name, "value", ident);
	if (ld && row->has_wage_min)
		json_object_set_new(ld, "baseSalary",
		                    json_pack("{s:s, s:s, s:{s:s, s:I, s:I, s:s}}", "@type", "MonetaryAmount",
		                              "currency", "IDR", "value", "@type", "QuantitativeValue", "minValue",
		                              (json_int_t)row->wage_min, "maxValue", (json_int_t)row->wage_max,
		                              "unitText", "MONTH"));
	json_decref(v);
	return ld;
}

#define FEED_PAGE_MAX 200

struct feed_st {
	struct list_page page;
	json_t *items;
};

static void feed_st_free(void *p)
{
	struct feed_st *st = p;
	if (st)
		json_decref(st->items);
	free(st);
}

/* On the read pool: a page of 200 postings is 200 reads. */
static void feed_run(struct req *r)
{
	struct feed_st *st = r->state;
	struct dbconn *db = store_thread_reader(r->srv->cfg->database);
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	int64_t ids[FEED_PAGE_MAX + 1];
	int n = db ? vacancy_store_public_ids(db, today, st->page.cursor, ids, st->page.limit + 1) : -1;
	json_t *items = n < 0 ? NULL : json_array();
	for (int i = 0; items && i < n; i++) {
		struct vacancy_row row;
		json_t *ld = vacancy_fetch(db, ids[i], &row) == 1 ? vacancy_job_posting(db, r->srv->cfg, &row) : NULL;
		if (!ld) {
			json_decref(items);
			items = NULL;
			break;
		}
		/* The page's cursor reads "id"; the posting names itself by its identifier too. */
		json_object_set_new(ld, "id", json_integer(ids[i]));
		json_array_append_new(items, ld);
	}
	st->items = items;
}

static void feed_done(struct req *r)
{
	struct feed_st *st = r->state;
	if (!st->items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *items = st->items;
	st->items = NULL;
	list_reply(r, items, st->page.limit);
}

void vacancy_feed(struct req *r)
{
	struct feed_st *st = req_state_new(r, sizeof *st, feed_st_free);
	if (!st || list_page_parse(r, &st->page) < 0)
		return;
	if (st->page.limit > FEED_PAGE_MAX)
		st->page.limit = FEED_PAGE_MAX;
	req_read_pool(r, feed_run, feed_done);
}
