#include <string.h>

#include "organisation.h"
#include "organisation_store.h"
#include "store_sql.h"

static const char sql_json[] =
	"SELECT json_object('account_id', o.account_id, 'legal_name', o.legal_name, "
	"'registration_no', o.registration_no, 'npwp', o.npwp, 'npsn', o.npsn, 'kbli', o.kbli, "
	"'employer_type', o.employer_type, 'address', o.address, 'kecamatan_code', o.kecamatan_code, "
	"'kelurahan_code', o.kelurahan_code, 'contact_name', o.contact_name, "
	"'contact_phone', o.contact_phone, 'contact_email', o.contact_email, 'website', o.website, "
	"'role', a.role, 'verification', a.verification, 'verification_note', a.verification_note, "
	"'suspended', json(CASE WHEN o.suspended_at IS NULL THEN 'false' ELSE 'true' END), "
	"'suspension_note', o.suspension_note, "
	"'updated_at', strftime('%Y-%m-%dT%H:%M:%SZ', o.updated_at, 'unixepoch')) "
	"FROM organisation o JOIN account a ON a.id = o.account_id WHERE o.account_id = ?";
static const char sql_save[] =
	"INSERT INTO organisation(account_id, legal_name, registration_no, npwp, npsn, kbli, employer_type, "
	"address, kecamatan_code, kelurahan_code, contact_name, contact_phone, contact_email, website, "
	"updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15) "
	"ON CONFLICT(account_id) DO UPDATE SET legal_name=?2, registration_no=?3, npwp=?4, npsn=?5, "
	"kbli=?6, employer_type=?7, address=?8, kecamatan_code=?9, kelurahan_code=?10, contact_name=?11, "
	"contact_phone=?12, contact_email=?13, website=?14, updated_at=?15";
static const char sql_suspend[] = "UPDATE organisation SET suspended_at = CASE WHEN ?2 IS NULL THEN NULL ELSE ?3 END, "
				  "suspension_note = ?2, updated_at = ?3 WHERE account_id = ?1";
static const char sql_standing[] = "SELECT a.verification, o.suspended_at IS NOT NULL FROM account a "
				   "LEFT JOIN organisation o ON o.account_id = a.id WHERE a.id = ?";
static const char sql_public[] = "SELECT a.verification = 'verified' AND o.suspended_at IS NULL FROM account a "
				 "JOIN organisation o ON o.account_id = a.id WHERE a.id = ?";

static const char *const columns[] = {"legal_name",     "registration_no",
                                      "npwp",           "npsn",
                                      "kbli",           "employer_type",
                                      "address",        "kecamatan_code",
                                      "kelurahan_code", "contact_name",
                                      "contact_phone",  "contact_email",
                                      "website",        NULL};

json_t *organisation_json(struct dbconn *db, int64_t account_id) { return store_json_by_id(db, sql_json, account_id); }

int organisation_save(struct dbconn *db, int64_t account_id, const json_t *p, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_save);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	for (int i = 0; columns[i]; i++) {
		const char *v = json_string_value(json_object_get(p, columns[i]));
		if (v)
			sqlite3_bind_text(st, 2 + i, v, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(st, 15, now);
	return store_step_done(st);
}

enum store_result organisation_set_suspension(struct dbconn *db, int64_t account_id, const char *note, int64_t now)
{
	sqlite3_stmt *st = store_stmt(db, sql_suspend);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	if (note)
		sqlite3_bind_text(st, 2, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return store_change_one(db, st);
}

int organisation_standing(struct dbconn *db, int64_t account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_standing);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st), standing = ORG_PENDING;
	if (rc == SQLITE_ROW) {
		const char *v = store_text(st, 0);
		standing = sqlite3_column_int(st, 1) ? ORG_SUSPENDED
			: !strcmp(v, "verified")     ? ORG_VERIFIED
			: !strcmp(v, "rejected")     ? ORG_REJECTED
						     : ORG_PENDING;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? standing : -1;
}

int organisation_public(struct dbconn *db, int64_t account_id)
{
	sqlite3_stmt *st = store_stmt(db, sql_public);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st), ok = 0;
	if (rc == SQLITE_ROW)
		ok = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ok : -1;
}
