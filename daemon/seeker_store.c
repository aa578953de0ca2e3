#include <stdlib.h>
#include <string.h>

#include "nik.h"
#include "seeker.h"
#include "seeker_store.h"
#include "store_sql.h"

static const char sql_by_account[] = "SELECT id FROM seeker WHERE account_id = ?";
static const char sql_by_nik[] = "SELECT id FROM seeker WHERE nik_index = ?";
static const char sql_nik[] = "SELECT nik_sealed FROM seeker WHERE id = ?";
static const char sql_profile[] =
	"SELECT json_object('id', id, 'full_name', full_name, 'birth_place', birth_place, "
	"'birth_date', birth_date, 'gender', gender, 'marital_status', marital_status, "
	"'religion', religion, 'address', address, 'rt', rt, 'rw', rw, "
	"'kecamatan_code', kecamatan_code, 'kelurahan_code', kelurahan_code, "
	"'kecamatan', (SELECT name FROM region WHERE code = kecamatan_code), "
	"'kelurahan', (SELECT name FROM region WHERE code = kelurahan_code), 'phone', phone, "
	"'education_level', education_level, 'education_code', education_code, 'school', school, "
	"'major', major, 'graduation_year', graduation_year, 'skills', json(skills), "
	"'experience', json(experience), 'trainings', json(trainings), "
	"'disability', json(disability), 'preferred_kbji', json(preferred_kbji), "
	"'preferred_location', preferred_location, 'nik_warnings', nik_warnings, "
	"'notify_vacancies', json(CASE WHEN notify_vacancies THEN 'true' ELSE 'false' END), "
	"'has_account', account_id IS NOT NULL, "
	"'updated_at', strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'unixepoch')) "
	"FROM seeker WHERE id = ?";

/* Columns written from a normalised profile, in bind order ?3 … ?25. */
#define PROFILE_COLUMNS \
	"full_name, birth_place, birth_date, gender, marital_status, religion, address, rt, rw, " \
	"kecamatan_code, kelurahan_code, phone, education_level, education_code, school, major, " \
	"graduation_year, skills, experience, trainings, disability, preferred_kbji, preferred_location, " \
	"notify_vacancies, education_rank"
#define PROFILE_VALUES "?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?29,?30"
static const char *const profile_columns[] = {
	"full_name",
	"birth_place",
	"birth_date",
	"gender",
	"marital_status",
	"religion",
	"address",
	"rt",
	"rw",
	"kecamatan_code",
	"kelurahan_code",
	"phone",
	"education_level",
	"education_code",
	"school",
	"major",
	"graduation_year",
	"skills",
	"experience",
	"trainings",
	"disability",
	"preferred_kbji",
	"preferred_location",
	NULL,
};
/* Bound after ?28 (the timestamps): ?29, ?30. */
static const char *const profile_flags[] = {"notify_vacancies", "education_rank", NULL};

static const char sql_save[] =
	"INSERT INTO seeker(nik_sealed, nik_index, " PROFILE_COLUMNS ", nik_warnings, account_id, "
	"created_at, updated_at) VALUES (?1, ?2, " PROFILE_VALUES ", ?26, ?27, ?28, ?28) "
	"ON CONFLICT(nik_index) DO UPDATE SET full_name=?3, birth_place=?4, birth_date=?5, gender=?6, "
	"marital_status=?7, religion=?8, address=?9, rt=?10, rw=?11, kecamatan_code=?12, "
	"kelurahan_code=?13, phone=?14, education_level=?15, education_code=?16, school=?17, "
	"major=?18, graduation_year=?19, skills=?20, experience=?21, trainings=?22, disability=?23, "
	"preferred_kbji=?24, preferred_location=?25, nik_warnings=?26, account_id=?27, updated_at=?28, "
	"notify_vacancies=?29, education_rank=?30 "
	"WHERE account_id IS NULL OR account_id = ?27";
static const char sql_import[] = "INSERT INTO seeker(nik_sealed, nik_index, " PROFILE_COLUMNS
				 ", nik_warnings, account_id, "
				 "created_at, updated_at) VALUES (?1, ?2, " PROFILE_VALUES ", ?26, NULL, ?28, ?28) "
				 "ON CONFLICT(nik_index) DO NOTHING";

static int id_query(struct dbconn *db, const char *sql, int64_t v, const void *blob, int64_t *id)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	if (blob)
		sqlite3_bind_blob(st, 1, blob, DIGEST_BYTES, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, v);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int seeker_id_of_account(struct dbconn *db, int64_t account_id, int64_t *id)
{
	return id_query(db, sql_by_account, account_id, NULL, id);
}

int seeker_id_of_nik(struct dbconn *db, const unsigned char index[DIGEST_BYTES], int64_t *id)
{
	return id_query(db, sql_by_nik, 0, index, id);
}

json_t *seeker_profile(struct dbconn *db, int64_t seeker_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_profile);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, seeker_id);
	json_t *p = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		p = json_loads(store_text(st, 0), 0, NULL);
	sqlite3_reset(st);
	if (p) { /* json_object() gives 0/1 for booleans */
		json_object_set_new(p, "has_account",
		                    json_boolean(json_integer_value(json_object_get(p, "has_account"))));
		/* The NIK's warnings by name (nik.h), as every answer shows them. */
		unsigned bits = (unsigned)json_integer_value(json_object_get(p, "nik_warnings"));
		json_t *names = json_array();
		for (unsigned bit = 1; nik_warning_name(bit); bit <<= 1)
			if (bits & bit)
				json_array_append_new(names, json_string(nik_warning_name(bit)));
		json_object_set_new(p, "nik_warnings", names);
	}
	return p;
}

int seeker_nik(struct dbconn *db, const struct keys *k, int64_t seeker_id, char nik[17])
{
	sqlite3_stmt *st = store_stmt(db, sql_nik);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, seeker_id);
	int rc = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = nik_unseal(k, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), nik);
	sqlite3_reset(st);
	return rc;
}

/* A JSON value as an SQL parameter: arrays and objects as JSON text. */
static void bind_value(sqlite3_stmt *st, int slot, json_t *v)
{
	if (!v || json_is_null(v)) {
		sqlite3_bind_null(st, slot);
	} else if (json_is_string(v)) {
		sqlite3_bind_text(st, slot, json_string_value(v), -1, SQLITE_TRANSIENT);
	} else if (json_is_integer(v)) {
		sqlite3_bind_int64(st, slot, json_integer_value(v));
	} else if (json_is_boolean(v)) {
		sqlite3_bind_int(st, slot, json_is_true(v));
	} else {
		char *text = json_dumps(v, JSON_COMPACT);
		sqlite3_bind_text(st, slot, text ? text : "null", -1, SQLITE_TRANSIENT);
		free(text);
	}
}

/* Binds the profile's columns to ?3 … ?25 and ?29 … ?30 (NULL where absent). */
static void bind_profile(sqlite3_stmt *st, const json_t *p)
{
	for (int i = 0; profile_columns[i]; i++)
		bind_value(st, 3 + i, json_object_get(p, profile_columns[i]));
	for (int i = 0; profile_flags[i]; i++)
		bind_value(st, 29 + i, json_object_get(p, profile_flags[i]));
}

static int save(struct dbconn *db, const char *sql, int64_t account_id, const unsigned char *sealed,
                const unsigned char *index, const json_t *profile, unsigned warnings, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, sealed, NIK_SEALED_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, index, DIGEST_BYTES, SQLITE_STATIC);
	bind_profile(st, profile);
	sqlite3_bind_int(st, 26, (int)warnings);
	if (account_id)
		sqlite3_bind_int64(st, 27, account_id);
	sqlite3_bind_int64(st, 28, now);
	return store_step_done(st);
}

int seeker_save(struct dbconn *db, int64_t account_id, const unsigned char *nik_sealed,
                const unsigned char nik_index[DIGEST_BYTES], const json_t *profile, unsigned warnings, int64_t now,
                int64_t *id)
{
	if (save(db, sql_save, account_id, nik_sealed, nik_index, profile, warnings, now) < 0)
		return -1;
	if (sqlite3_changes(db->db) == 0)
		return 1; /* the NIK's row belongs to another account */
	return seeker_id_of_nik(db, nik_index, id) == 1 ? 0 : -1;
}

int seeker_import(struct dbconn *db, const unsigned char *nik_sealed, const unsigned char nik_index[DIGEST_BYTES],
                  const json_t *profile, unsigned warnings, int64_t now, int64_t *id, int *created)
{
	if (save(db, sql_import, 0, nik_sealed, nik_index, profile, warnings, now) < 0)
		return -1;
	*created = sqlite3_changes(db->db) == 1;
	return seeker_id_of_nik(db, nik_index, id) == 1 ? 0 : -1;
}
