#include <string.h>

#include "config.h"
#include "dates.h"
#include "defaults.h"
#include "profile.h"
#include "region.h"
#include "region_store.h"
#include "validate.h"
#include "reference.h"

const struct field_spec profile_fields[] = {
	{"full_name", FIELD_STRING, 1, NAME_MAX_BYTES},
	{"birth_place", FIELD_STRING, 1, 100},
	{"birth_date", FIELD_STRING, 1, 10},
	{"gender", FIELD_STRING, 1, 1},
	{"marital_status", FIELD_STRING, 0, 16},
	{"religion", FIELD_STRING, 0, 16},
	{"address", FIELD_STRING, 1, 255},
	{"rt", FIELD_STRING, 0, 3},
	{"rw", FIELD_STRING, 0, 3},
	{"kecamatan_code", FIELD_STRING, 1, 16},
	{"kelurahan_code", FIELD_STRING, 1, 20},
	{"phone", FIELD_STRING, 0, 24},
	{"education_level", FIELD_STRING, 1, 16},
	{"education_code", FIELD_STRING, 0, 4},
	{"school", FIELD_STRING, 0, 100},
	{"major", FIELD_STRING, 0, 100},
	{"graduation_year", FIELD_INTEGER, 0, 0},
	{"skills", FIELD_ARRAY, 0, 30},
	{"experience", FIELD_ARRAY, 0, 20},
	{"trainings", FIELD_ARRAY, 0, 20},
	{"disability", FIELD_OBJECT, 0, 0},
	{"preferred_kbji", FIELD_ARRAY, 0, 5},
	{"preferred_location", FIELD_STRING, 0, 10},
	{"notify_vacancies", FIELD_BOOLEAN, 0, 0},
	{NULL, 0, 0, 0},
};

int education_rank(const char *level)
{
	static const struct {
		const char *level;
		int rank;
	} ranks[] = {{"tidak_sekolah", 0},
	             {"sd", 1},
	             {"smp", 2},
	             {"sma", 3},
	             {"smk", 3},
	             {"d1", 4},
	             {"d2", 5},
	             {"d3", 6},
	             {"d4", 7},
	             {"s1", 7},
	             {"s2", 8},
	             {"s3", 9}};
	for (size_t i = 0; level && i < sizeof ranks / sizeof ranks[0]; i++)
		if (!strcmp(ranks[i].level, level))
			return ranks[i].rank;
	return -1;
}

static const struct field_spec experience_fields[] = {
	{"employer", FIELD_STRING, 1, 100},
	{"position", FIELD_STRING, 1, 100},
	{"start_year", FIELD_INTEGER, 1, 0},
	{"end_year", FIELD_INTEGER, 0, 0},
	{NULL, 0, 0, 0},
};

static const struct field_spec training_fields[] = {
	{"name", FIELD_STRING, 1, 100},
	{"organiser", FIELD_STRING, 0, 100},
	{"year", FIELD_INTEGER, 0, 0},
	{NULL, 0, 0, 0},
};

static const struct field_spec disability_fields[] = {
	{"kind", FIELD_STRING, 1, 100},
	{NULL, 0, 0, 0},
};

/* The value sets of reference.h, which GET /v1/reference shows the app. */
static const char *const marital[] = {REF_MARITAL_STATUS(REF_VALUE) NULL};
static const char *const religions[] = {REF_RELIGION(REF_VALUE) NULL};
static const char *const education[] = {REF_EDUCATION_LEVEL(REF_VALUE) NULL};
static const char *const locations[] = {REF_PREFERRED_LOCATION(REF_VALUE) NULL};

static int fail(struct body_error *err, enum err code, const char *field)
{
	err->code = code;
	err->field = field;
	return -1;
}

static int year_ok(long long y, int this_year) { return y >= 1950 && y <= this_year + 1; }

static int check_arrays(const json_t *p, int this_year, struct body_error *err)
{
	size_t i;
	json_t *v;
	json_array_foreach (json_object_get(p, "skills"), i, v)
		if (!json_is_string(v) || valid_text(json_string_value(v), 60) < 0)
			return fail(err, ERR_FIELD_INVALID, "skills");
	json_array_foreach (json_object_get(p, "experience"), i, v) {
		if (body_check(v, experience_fields, err) < 0 ||
		    valid_text(json_string_value(json_object_get(v, "employer")), 100) < 0 ||
		    valid_text(json_string_value(json_object_get(v, "position")), 100) < 0 ||
		    !year_ok(json_integer_value(json_object_get(v, "start_year")), this_year) ||
		    (json_object_get(v, "end_year") &&
		     json_integer_value(json_object_get(v, "end_year")) <
		             json_integer_value(json_object_get(v, "start_year"))))
			return fail(err, ERR_FIELD_INVALID, "experience");
	}
	json_array_foreach (json_object_get(p, "trainings"), i, v)
		if (body_check(v, training_fields, err) < 0 ||
		    valid_text(json_string_value(json_object_get(v, "name")), 100) < 0 ||
		    (json_object_get(v, "year") && !year_ok(json_integer_value(json_object_get(v, "year")), this_year)))
			return fail(err, ERR_FIELD_INVALID, "trainings");
	json_array_foreach (json_object_get(p, "preferred_kbji"), i, v)
		if (!json_is_string(v) || valid_digits(json_string_value(v), 1, 4) < 0)
			return fail(err, ERR_FIELD_INVALID, "preferred_kbji");
	json_t *dis = json_object_get(p, "disability");
	if (dis && !json_is_null(dis) && body_check(dis, disability_fields, err) < 0)
		return fail(err, ERR_FIELD_INVALID, "disability");
	return 0;
}

static int check_regions(const json_t *p, struct dbconn *db, const struct config *cfg, struct body_error *err)
{
	char kabkota[8], parent[32];
	int level, found;
	region_kabkota_dotted(cfg->kabkota_code, kabkota);
	const char *kec = json_string_value(json_object_get(p, "kecamatan_code"));
	const char *kel = json_string_value(json_object_get(p, "kelurahan_code"));
	found = region_lookup(db, kec, &level, parent);
	if (found < 0)
		return fail(err, ERR_STORE, NULL);
	if (!found || level != 3 || strcmp(parent, kabkota) != 0)
		return fail(err, ERR_REGION_INVALID, "kecamatan_code");
	found = region_lookup(db, kel, &level, parent);
	if (found < 0)
		return fail(err, ERR_STORE, NULL);
	if (!found || level != 4 || strcmp(parent, kec) != 0)
		return fail(err, ERR_REGION_INVALID, "kelurahan_code");
	return 0;
}

int profile_normalize(const json_t *in, struct dbconn *db, const struct config *cfg, enum profile_mode mode,
                      json_t **out, struct body_error *err)
{
	*out = NULL;
	if (body_check(in, profile_fields, err) < 0)
		return -1;
	struct date today = date_today(cfg->utc_offset_minutes), birth;
	static const char *const texts[] = {"full_name", "birth_place", "address", "school", "major", NULL};
	for (const char *const *f = texts; *f; f++) {
		const char *v = json_string_value(json_object_get(in, *f));
		if (v && valid_text(v, 255) < 0)
			return fail(err, ERR_FIELD_INVALID, *f);
	}
	if (date_parse(json_string_value(json_object_get(in, "birth_date")), &birth) < 0 ||
	    date_compare(birth, today) > 0 || date_age(birth, today) > 100)
		return fail(err, ERR_DATE_INVALID, "birth_date");
	const char *gender = json_string_value(json_object_get(in, "gender"));
	if (strcmp(gender, "M") && strcmp(gender, "F"))
		return fail(err, ERR_FIELD_INVALID, "gender");
	static const struct {
		const char *field;
		const char *const *allowed;
		int required;
	} enums[] = {{"marital_status", marital, 1},
	             {"religion", religions, 1},
	             {"education_level", education, 1},
	             {"preferred_location", locations, 0}};
	for (size_t i = 0; i < sizeof enums / sizeof enums[0]; i++) {
		const char *v = json_string_value(json_object_get(in, enums[i].field));
		if (!v && enums[i].required && mode == PROFILE_FULL)
			return fail(err, ERR_FIELD_MISSING, enums[i].field);
		if (v && !valid_choice(v, enums[i].allowed))
			return fail(err, ERR_FIELD_INVALID, enums[i].field);
	}
	static const char *const digits[] = {"rt", "rw", NULL};
	for (const char *const *f = digits; *f; f++) {
		const char *v = json_string_value(json_object_get(in, *f));
		if (v && valid_digits(v, 1, 3) < 0)
			return fail(err, ERR_FIELD_INVALID, *f);
	}
	const char *code = json_string_value(json_object_get(in, "education_code"));
	if (code && valid_digits(code, 4, 4) < 0)
		return fail(err, ERR_FIELD_INVALID, "education_code");
	json_t *grad = json_object_get(in, "graduation_year");
	if (grad && !json_is_null(grad) && !year_ok(json_integer_value(grad), today.year))
		return fail(err, ERR_FIELD_INVALID, "graduation_year");
	char phone[20] = "";
	const char *raw_phone = json_string_value(json_object_get(in, "phone"));
	if (!raw_phone && mode == PROFILE_FULL)
		return fail(err, ERR_FIELD_MISSING, "phone");
	if (raw_phone && phone_normalize(raw_phone, phone) < 0)
		return fail(err, ERR_PHONE_INVALID, "phone");
	if (check_arrays(in, today.year, err) < 0 || check_regions(in, db, cfg, err) < 0)
		return -1;

	json_t *p = json_deep_copy(in);
	if (!p)
		return fail(err, ERR_BUSY, NULL);
	if (raw_phone)
		json_object_set_new(p, "phone", json_string(phone));
	static const char *const lists[] = {"skills", "experience", "trainings", "preferred_kbji", NULL};
	for (const char *const *f = lists; *f; f++)
		if (!json_is_array(json_object_get(p, *f)))
			json_object_set_new(p, *f, json_array());
	if (!json_object_get(p, "preferred_location"))
		json_object_set_new(p, "preferred_location", json_string("domestic"));
	if (!json_object_get(p, "notify_vacancies"))
		json_object_set_new(p, "notify_vacancies", json_false());
	json_object_set_new(p, "education_rank",
	                    json_integer(education_rank(json_string_value(json_object_get(p, "education_level")))));
	*out = p;
	return 0;
}
