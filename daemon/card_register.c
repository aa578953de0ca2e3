/* GET /v1/cards: the AK/I register for officers — every card with its
 * holder, filtered by state, issue dates and kecamatan; as pages of JSON,
 * or whole as CSV, XLSX or PDF (the register an office prints).  NIKs are
 * masked; every read and export is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "card.h"
#include "dates.h"
#include "defaults.h"
#include "export.h"
#include "http.h"
#include "list.h"
#include "nik.h"
#include "server.h"
#include "store.h"
#include "validate.h"

static const char sql_register[] =
	"SELECT json_object('id', c.id, 'number', c.number, 'name', s.full_name, 'gender', s.gender, "
	"'birth_date', s.birth_date, 'education_level', s.education_level, "
	"'kecamatan', (SELECT name FROM region WHERE code = s.kecamatan_code), 'issued_on', c.issued_on, "
	"'valid_until', c.valid_until, 'state', c.state, 'ended_on', c.ended_on, 'end_reason', c.end_reason), "
	"s.nik_sealed FROM card c JOIN seeker s ON s.id = c.seeker_id "
	"WHERE (?2 = 0 OR c.id < ?2) AND (?4 IS NULL OR c.state = ?4) AND (?5 IS NULL OR c.issued_on >= ?5) "
	"AND (?6 IS NULL OR c.issued_on <= ?6) AND (?7 IS NULL OR s.kecamatan_code = ?7) ORDER BY c.id DESC LIMIT ?3";

static int date_query(struct req *r, const char *name, const char **out)
{
	struct date d;
	*out = req_query(r, name);
	if (*out && date_parse(*out, &d) < 0) {
		req_fail(r, ERR_QUERY_INVALID, name);
		return -1;
	}
	return 0;
}

void card_register(struct req *r)
{
	static const char *const states[] = {"active", "placed", "expired", "removed", "replaced", NULL};
	struct list_page page;
	const char *state = req_query(r, "state"), *from, *to, *kecamatan = req_query(r, "kecamatan_code"),
		   *format = req_query(r, "format");
	if (list_page_parse(r, &page) < 0 || date_query(r, "issued_from", &from) < 0 ||
	    date_query(r, "issued_to", &to) < 0)
		return;
	int known = !state || valid_choice(state, states);
	if (!known || (kecamatan && strlen(kecamatan) > 16) || (format && !export_format_known(format))) {
		req_fail(r, ERR_QUERY_INVALID,
		         !known                                           ? "state"
		                 : format && !export_format_known(format) ? "format"
		                                                          : "kecamatan_code");
		return;
	}
	int exporting = format && strcmp(format, "json");
	if (exporting) {
		page.cursor = 0;
		page.limit = EXPORT_MAX_ROWS;
	}
	sqlite3_stmt *st = store_stmt(&r->srv->reader, sql_register);
	if (!st) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	sqlite3_bind_int64(st, 2, page.cursor);
	sqlite3_bind_int(st, 3, page.limit + 1);
	const char *binds[] = {state, from, to, kecamatan};
	for (int i = 0; i < 4; i++)
		if (binds[i])
			sqlite3_bind_text(st, 4 + i, binds[i], -1, SQLITE_TRANSIENT);
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *item = json_loads(store_text(st, 0), 0, NULL);
		char masked[17];
		if (!item)
			continue;
		nik_masked_of(&r->srv->keys, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1), masked);
		json_object_set_new(item, "nik_masked", json_string(masked));
		json_array_append_new(items, item);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, exporting ? "card.register_export" : "card.register_read", "card", 0);
	if (!exporting) {
		list_reply(r, items, page.limit);
		return;
	}
	static const struct export_column columns[] = {
		{"name", "Nama"},           {"number", "Nomor AK/I"},        {"nik_masked", "NIK"},
		{"gender", "L/P"},          {"birth_date", "Tanggal lahir"}, {"education_level", "Pendidikan"},
		{"kecamatan", "Kecamatan"}, {"issued_on", "Terbit"},         {"valid_until", "Berlaku s.d."},
		{"state", "Status"},        {"ended_on", "Berakhir"},        {NULL, NULL},
	};
	json_t *table = export_list_table("register", "Register kartu AK/I", items, columns);
	json_decref(items);
	char period[64];
	snprintf(period, sizeof period, "Terbit %s s.d. %s", from ? from : "awal", to ? to : "kini");
	export_reply(r, format, "Register kartu pencari kerja (AK/I)", period, json_pack("{s:[o]}", "tables", table));
}
