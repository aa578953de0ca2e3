/* A training participant by NIK: the known person, or a new one from the
 * officer's data (participant.h). */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "dates.h"
#include "defaults.h"
#include "nik.h"
#include "participant.h"
#include "profile.h"
#include "seeker.h"
#include "seeker_store.h"
#include "store.h"

const struct field_spec participant_fields[] = {
	{"nik", FIELD_STRING, 1, 16},
	{"full_name", FIELD_STRING, 0, NAME_MAX_BYTES},
	{"birth_place", FIELD_STRING, 0, 100},
	{"birth_date", FIELD_STRING, 0, 10},
	{"gender", FIELD_STRING, 0, 1},
	{"marital_status", FIELD_STRING, 0, 16},
	{"religion", FIELD_STRING, 0, 16},
	{"address", FIELD_STRING, 0, 255},
	{"rt", FIELD_STRING, 0, 3},
	{"rw", FIELD_STRING, 0, 3},
	{"kecamatan_code", FIELD_STRING, 0, 16},
	{"kelurahan_code", FIELD_STRING, 0, 20},
	{"phone", FIELD_STRING, 0, 24},
	{"education_level", FIELD_STRING, 0, 16},
	{"education_code", FIELD_STRING, 0, 4},
	{"school", FIELD_STRING, 0, 100},
	{"major", FIELD_STRING, 0, 100},
	{"graduation_year", FIELD_INTEGER, 0, 0},
	{NULL, 0, 0, 0},
};

/* The birth date a NIK carries (DD+40 for women, two-digit year: this
 * century unless that would be after today), or -1 when it carries none. */
static int birth_date_of_nik(const struct nik_info *info, struct date today, char out[DATE_LEN + 1])
{
	int day = info->day > 40 ? info->day - 40 : info->day;
	int year = 2000 + info->year2 > today.year ? 1900 + info->year2 : 2000 + info->year2;
	char text[16];
	struct date d;
	snprintf(text, sizeof text, "%04d-%02d-%02d", year % 10000, (unsigned)info->month % 100u, (unsigned)day % 100u);
	if (date_parse(text, &d) < 0 || date_compare(d, today) > 0)
		return -1;
	date_format(d, out);
	return 0;
}

int participant_resolve(const char *nik, const json_t *fields, struct dbconn *db, const struct config *cfg,
                        const struct keys *keys, struct participant *out, struct body_error *err)
{
	memset(out, 0, sizeof *out);
	nik_blind_index(keys, nik, out->nik_index);
	int known = seeker_id_of_nik(db, out->nik_index, &out->seeker_id);
	if (known < 0) {
		err->code = ERR_STORE;
		err->field = NULL;
		return -1;
	}
	if (known)
		return 0;
	/* A new person: the row is made from what the officer gave, with the
	 * NIK's birth date and gender where they gave none. */
	json_t *in = json_object();
	const char *key;
	json_t *value;
	json_object_foreach ((json_t *)fields, key, value)
		if (strcmp(key, "nik") && strcmp(key, "_line"))
			json_object_set(in, key, value);
	struct nik_info info;
	nik_check(nik, NULL, 0, &info);
	char born[DATE_LEN + 1];
	if (!json_object_get(in, "birth_date") &&
	    birth_date_of_nik(&info, date_today(cfg->utc_offset_minutes), born) == 0)
		json_object_set_new(in, "birth_date", json_string(born));
	if (!json_object_get(in, "gender"))
		json_object_set_new(in, "gender", json_string(info.gender == 'F' ? "F" : "M"));
	int rc = profile_normalize(in, db, cfg, PROFILE_LEGACY, &out->profile, err);
	json_decref(in);
	if (rc < 0) {
		if (err->code == ERR_FIELD_MISSING)
			err->code = ERR_PERSON_DATA_NEEDED;
		return -1;
	}
	const char *birth = json_string_value(json_object_get(out->profile, "birth_date"));
	const char *gender = json_string_value(json_object_get(out->profile, "gender"));
	out->warnings = nik_check(nik, birth, gender[0], NULL);
	nik_seal(keys, nik, out->nik_sealed);
	return 0;
}

int participant_store(struct dbconn *db, struct participant *p, int64_t now, int64_t *seeker_id, int *created)
{
	*created = 0;
	if (!p->profile) {
		*seeker_id = p->seeker_id;
		return 0;
	}
	return seeker_import(db, p->nik_sealed, p->nik_index, p->profile, p->warnings, now, seeker_id, created);
}

void participant_clear(struct participant *p)
{
	json_decref(p->profile);
	p->profile = NULL;
}
