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
#include "mask.h"
#include "nik.h"
#include "server.h"
#include "card_store.h"
#include "store.h"
#include "validate.h"
#include "card_register.h"

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
	const char *state = req_query(r, "state"), *from, *to, *kecamatan = req_query(r, "kecamatan_code"), *format;
	if (list_page_parse(r, &page) < 0 || date_query(r, "issued_from", &from) < 0 ||
	    date_query(r, "issued_to", &to) < 0)
		return;
	int known = !state || valid_choice(state, states);
	if (!known || (kecamatan && strlen(kecamatan) > 16)) {
		req_fail(r, ERR_QUERY_INVALID, !known ? "state" : "kecamatan_code");
		return;
	}
	int exporting = export_requested(r, &format, &page);
	if (exporting < 0)
		return;
	struct card_register_filter f = {state, from, to, kecamatan};
	struct masked_rows l = {&r->srv->keys, json_array()};
	if (card_store_register(r->srv->reader, &f, page.cursor, page.limit + 1, masked_rows_add, &l) < 0) {
		json_decref(l.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *items = l.items;
	audit_read(r->srv, r->who.account_id, exporting ? "card.register_export" : "card.register_read", "card", 0);
	if (!exporting) {
		list_reply(r, items, page.limit);
		return;
	}
	static const struct export_column columns[] = {
		{"name", "Nama", NULL},
		{"number", "Nomor AK/I", NULL},
		{"nik_masked", "NIK", NULL},
		{"gender", "L/P", NULL},
		{"birth_date", "Tanggal lahir", NULL},
		{"education_level", "Pendidikan", NULL},
		{"kecamatan", "Kecamatan", NULL},
		{"issued_on", "Terbit", NULL},
		{"valid_until", "Berlaku s.d.", NULL},
		{"state", "Status", NULL},
		{"ended_on", "Berakhir", NULL},
		{NULL, NULL, NULL},
	};
	char period[64];
	snprintf(period, sizeof period, "Terbit %s s.d. %s", from ? from : "awal", to ? to : "kini");
	export_list_reply(r, format, "Register kartu pencari kerja (AK/I)", period, "register", "Register kartu AK/I",
	                  items, columns);
}
