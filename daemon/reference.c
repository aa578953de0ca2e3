/* Reference data for forms (reference.h): the value sets with their
 * Indonesian labels, and the regions under a region. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "http.h"
#include "reference.h"
#include "region.h"
#include "region_store.h"
#include "server.h"

/* A day: the lists change only with a new version of the daemon (or of
 * the region table, which comes with one); the ETag tells a client that
 * kept an old copy at once. */
#define REFERENCE_MAX_AGE_S 86400

#define REF_ITEM(value, label) "{\"value\":\"" #value "\",\"label\":\"" label "\"},"
/* Each list as JSON text (the last item's comma is trimmed when parsed). */
static const struct {
	const char *name, *items;
} lists[] = {
	{"education_level", REF_EDUCATION_LEVEL(REF_ITEM)},
	{"religion", REF_RELIGION(REF_ITEM)},
	{"marital_status", REF_MARITAL_STATUS(REF_ITEM)},
	{"gender", REF_GENDER(REF_ITEM)},
	{"preferred_location", REF_PREFERRED_LOCATION(REF_ITEM)},
	{"employer_type", REF_EMPLOYER_TYPE(REF_ITEM)},
	{"employment_type", REF_EMPLOYMENT_TYPE(REF_ITEM)},
	{"work_setup", REF_WORK_SETUP(REF_ITEM)},
	{"location_kind", REF_LOCATION_KIND(REF_ITEM)},
	{"placement_channel", REF_PLACEMENT_CHANNEL(REF_ITEM)},
	{"training_funding", REF_TRAINING_FUNDING(REF_ITEM)},
	{"document_kind", REF_DOCUMENT_KIND(REF_ITEM)},
	{"complaint_category", REF_COMPLAINT_CATEGORY(REF_ITEM)},
	{"kbji_major_group", REF_KBJI_MAJOR_GROUP(REF_ITEM)},
};

static json_t *built;
static char *text;

/* The label of a value a report shows as a code (an education level, a
 * placement channel, an employer type): a table made at compile time, so
 * that report rendering on the pool reads it without a lock. */
#define REF_PAIR(value, label) {#value, label},
static const struct {
	const char *value, *label;
} labels[] = {REF_EDUCATION_LEVEL(REF_PAIR) REF_EMPLOYER_TYPE(REF_PAIR) REF_EMPLOYMENT_TYPE(REF_PAIR)
                      REF_WORK_SETUP(REF_PAIR) REF_LOCATION_KIND(REF_PAIR) REF_PLACEMENT_CHANNEL(REF_PAIR)
                              REF_TRAINING_FUNDING(REF_PAIR) REF_COMPLAINT_CATEGORY(REF_PAIR)
                                      REF_MARITAL_STATUS(REF_PAIR) REF_RELIGION(REF_PAIR)};

static const struct {
	const char *value, *label;
} kbji_majors[] = {REF_KBJI_MAJOR_GROUP(REF_PAIR)};

const char *reference_kbji_major_label(const char *major)
{
	for (size_t i = 0; major && i < sizeof kbji_majors / sizeof kbji_majors[0]; i++)
		if (!strcmp(kbji_majors[i].value, major))
			return kbji_majors[i].label;
	return NULL;
}

const char *reference_label(const char *value)
{
	for (size_t i = 0; value && i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].value, value))
			return labels[i].label;
	return NULL;
}

const json_t *reference_lists(void)
{
	if (built)
		return built;
	json_t *all = json_object();
	for (size_t i = 0; all && i < sizeof lists / sizeof lists[0]; i++) {
		size_t n = strlen(lists[i].items);
		char *array = malloc(n + 2);
		if (!array)
			break;
		/* "[" + the items without their last comma + "]" */
		array[0] = '[';
		memcpy(array + 1, lists[i].items, n - 1);
		array[n] = ']';
		array[n + 1] = '\0';
		json_t *items = json_loads(array, 0, NULL);
		free(array);
		if (!items || json_object_set_new(all, lists[i].name, items) < 0) {
			json_decref(all);
			return NULL;
		}
	}
	built = json_pack("{s:o}", "lists", all);
	return built;
}

const char *reference_text(void)
{
	if (!text && reference_lists())
		text = json_dumps(reference_lists(), JSON_COMPACT);
	return text;
}

void reference_free(void)
{
	json_decref(built);
	built = NULL;
	free(text);
	text = NULL;
}

/* GET /v1/reference: public. */
void reference_get(struct req *r)
{
	const char *body = reference_text();
	if (!body) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_reply_cacheable(r, body, strlen(body), REFERENCE_MAX_AGE_S);
}

/* GET /v1/reference/regions?parent=: the regions directly under a region
 * (kab/kota → kecamatan → kelurahan/desa); without parent, the kecamatan
 * of the office's kab/kota.  Public. */
void reference_regions(struct req *r)
{
	const char *parent = req_query(r, "parent");
	char office[8];
	if (!parent) {
		region_kabkota_dotted(r->srv->cfg->kabkota_code, office);
		parent = office;
	}
	if (strlen(parent) > 16 || strspn(parent, "0123456789.") != strlen(parent) || !*parent) {
		req_fail(r, ERR_QUERY_INVALID, "parent");
		return;
	}
	json_t *out = NULL;
	int found = region_store_children(r->srv->reader, parent, &out);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	char *body = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	if (!body) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_reply_cacheable(r, body, strlen(body), REFERENCE_MAX_AGE_S);
	free(body);
}
