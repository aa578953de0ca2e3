/* Placement reports: one (POST /v1/placements), a JSON batch
 * (/v1/placements/batch) or a CSV upload (/v1/placement-imports).  Every row
 * goes through placement_check() inside one writer job, so the checks and
 * the writes see the same data and a refused batch leaves nothing behind.
 *
 * Who may report what: a company its own hires (channel company_report,
 * job_fair, cpmi or other); an LPK its alumni (lpk, training, cpmi); a BKK
 * its alumni, never abroad (bkk); an officer anything. */
#include <event2/buffer.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "application.h"
#include "audit.h"
#include "body.h"
#include "card_store.h"
#include "crypto.h"
#include "dates.h"
#include "csv_table.h"
#include "csv_upload.h"
#include "export.h"
#include "defaults.h"
#include "http.h"
#include "list.h"
#include "mask.h"
#include "nik.h"
#include "placement.h"
#include "placement_store.h"
#include "profile.h"
#include "region.h"
#include "region_store.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"
#include "validate.h"
#include "reference.h"

static const struct field_spec fields[] = {
	{"nik", FIELD_STRING, 0, 16},
	{"card_number", FIELD_STRING, 0, 48},
	{"employer_id", FIELD_INTEGER, 0, 0},
	{"employer_name", FIELD_STRING, 0, 200},
	{"employer_type", FIELD_STRING, 0, 20},
	{"position", FIELD_STRING, 1, 120},
	{"kbji", FIELD_STRING, 0, 4},
	{"kbli", FIELD_STRING, 0, 5},
	{"location_kind", FIELD_STRING, 1, 10},
	{"location_code", FIELD_STRING, 0, 20},
	{"start_date", FIELD_STRING, 1, 10},
	{"wage", FIELD_INTEGER, 0, 0},
	{"channel", FIELD_STRING, 0, 16},
	{"gender", FIELD_STRING, 0, 1},
	{"birth_date", FIELD_STRING, 0, 10},
	{"education_level", FIELD_STRING, 0, 16},
	{NULL, 0, 0, 0},
};

/* The same columns in a CSV upload. */
static const char *const csv_columns[] = {
	"nik",
	"card_number",
	"employer_id",
	"employer_name",
	"employer_type",
	"position",
	"kbji",
	"kbli",
	"location_kind",
	"location_code",
	"start_date",
	"wage",
	"channel",
	"gender",
	"birth_date",
	"education_level",
	NULL,
};
static const char *const csv_required[] = {"position", "location_kind", "start_date", NULL};
static const char *const csv_integers[] = {"employer_id", "wage", NULL};

static const char *const employer_types[] = {REF_EMPLOYER_TYPE(REF_VALUE) NULL};
static const char *const location_kinds[] = {REF_LOCATION_KIND(REF_VALUE) NULL};

/* The channels each reporter may use; the first is its default. */
static const char *const *channels_of(enum role role)
{
	static const char *const company[] = {"company_report", "job_fair", "cpmi", "other", NULL};
	static const char *const lpk[] = {"lpk", "training", "cpmi", NULL};
	static const char *const bkk[] = {"bkk", NULL};
	static const char *const officer[] = {"company_report", "bkk",      "lpk",   "app_vacancy", "cpmi",
	                                      "training",       "job_fair", "other", NULL};
	return role & ROLE_COMPANY ? company : role & ROLE_LPK ? lpk : role & ROLE_BKK ? bkk : officer;
}

struct check_ctx {
	struct dbconn *db;
	const struct config *cfg;
	const struct keys *keys;
	const struct principal *who;
	struct date today;
};

#define REFUSE(e, f) \
	do { \
		*code = (e); \
		return (f); \
	} while (0)

static const char *str_of(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* Who was placed: by NIK (also people the office has never registered) or
 * by AK/I number; both, when given, must be the same person. */
static const char *check_person(struct check_ctx *c, const json_t *in, struct placement_in *p, enum err *code)
{
	const char *nik = str_of(in, "nik"), *number = str_of(in, "card_number");
	int64_t by_card = 0, by_nik = 0;
	if (!nik && !number)
		REFUSE(ERR_FIELD_MISSING, "nik");
	if (number) {
		int found = card_by_number(c->db, number, &by_card);
		if (found < 0)
			REFUSE(ERR_STORE, NULL);
		if (!found)
			REFUSE(ERR_NOT_FOUND, "card_number");
	}
	if (nik) {
		if (nik_valid_format(nik) < 0)
			REFUSE(ERR_NIK_INVALID, "nik");
		nik_blind_index(c->keys, nik, p->person_index);
		int found = seeker_id_of_nik(c->db, p->person_index, &by_nik);
		if (found < 0)
			REFUSE(ERR_STORE, NULL);
		if (by_card && by_nik != by_card)
			REFUSE(ERR_FIELD_INVALID, "card_number");
		if (!found) {
			/* Not in the register: kept sealed, counted apart.  The NIK
			 * says the gender when the report does not. */
			struct nik_info info;
			nik_check(nik, NULL, 0, &info);
			if (nik_seal(c->keys, nik, p->nik_sealed) < 0)
				REFUSE(ERR_STORE, NULL);
			p->has_sealed = 1;
			if (!p->gender[0])
				p->gender[0] = info.gender;
			return NULL;
		}
	}
	p->seeker_id = by_nik ? by_nik : by_card;
	if (placement_person_index(c->db, p->seeker_id, p->person_index) != 1)
		REFUSE(ERR_STORE, NULL);
	return NULL;
}

/* Checks one report into p.  Returns the bad field (or NULL with *code
 * ERR_COUNT when it is good). */
static const char *placement_check(struct check_ctx *c, const json_t *in, struct placement_in *p, enum err *code)
{
	struct body_error err;
	memset(p, 0, sizeof *p);
	p->wage = -1;
	*code = ERR_COUNT;
	if (body_check(in, fields, &err) < 0)
		REFUSE(err.code, err.field);
	/* Optional facts about people the office has not registered. */
	const char *gender = str_of(in, "gender"), *birth = str_of(in, "birth_date"),
		   *education = str_of(in, "education_level");
	struct date d;
	if (gender && strcmp(gender, "M") && strcmp(gender, "F"))
		REFUSE(ERR_FIELD_INVALID, "gender");
	if (birth && (date_parse(birth, &d) < 0 || date_compare(d, c->today) >= 0))
		REFUSE(ERR_DATE_INVALID, "birth_date");
	if (education && education_rank(education) < 0)
		REFUSE(ERR_FIELD_INVALID, "education_level");
	snprintf(p->gender, sizeof p->gender, "%s", gender ? gender : "");
	snprintf(p->birth_date, sizeof p->birth_date, "%s", birth ? birth : "");
	snprintf(p->education_level, sizeof p->education_level, "%s", education ? education : "");

	const char *bad = check_person(c, in, p, code);
	if (bad || *code != ERR_COUNT)
		return bad;
	/* Only what the register does not know is kept with the placement. */
	if (p->seeker_id)
		p->gender[0] = p->birth_date[0] = p->education_level[0] = '\0';

	/* The employer: a registered organisation (a company is its own), or a
	 * name and type. */
	json_t *employer = json_object_get(in, "employer_id");
	p->employer_id = c->who->role & ROLE_COMPANY ? c->who->account_id : employer ? json_integer_value(employer) : 0;
	if (p->employer_id) {
		int found = p->employer_id > 0
			? placement_organisation(c->db, p->employer_id, p->employer_name, p->employer_type, p->kbli)
			: 0;
		if (found < 0)
			REFUSE(ERR_STORE, NULL);
		if (!found)
			REFUSE(c->who->role & ROLE_COMPANY ? ERR_PROFILE_MISSING : ERR_NOT_FOUND,
			       c->who->role & ROLE_COMPANY ? NULL : "employer_id");
	} else {
		const char *name = str_of(in, "employer_name"), *type = str_of(in, "employer_type");
		if (!name)
			REFUSE(ERR_FIELD_MISSING, "employer_name");
		if (valid_text(name, 200) < 0)
			REFUSE(ERR_FIELD_INVALID, "employer_name");
		if (!type)
			REFUSE(ERR_FIELD_MISSING, "employer_type");
		if (!valid_choice(type, employer_types))
			REFUSE(ERR_FIELD_INVALID, "employer_type");
		snprintf(p->employer_name, sizeof p->employer_name, "%s", name);
		snprintf(p->employer_type, sizeof p->employer_type, "%s", type);
	}
	const char *position = str_of(in, "position"), *kbji = str_of(in, "kbji"), *kbli = str_of(in, "kbli");
	if (valid_text(position, 120) < 0)
		REFUSE(ERR_FIELD_INVALID, "position");
	if (kbji && valid_digits(kbji, 4, 4) < 0)
		REFUSE(ERR_FIELD_INVALID, "kbji");
	if (kbli && valid_digits(kbli, 5, 5) < 0)
		REFUSE(ERR_FIELD_INVALID, "kbli");
	snprintf(p->position, sizeof p->position, "%s", position);
	snprintf(p->kbji, sizeof p->kbji, "%s", kbji ? kbji : "");
	if (kbli)
		snprintf(p->kbli, sizeof p->kbli, "%s", kbli);

	/* Where: AKL / AKAD / AKAN follow from it. */
	const char *kind = str_of(in, "location_kind"), *where = str_of(in, "location_code");
	if (!valid_choice(kind, location_kinds))
		REFUSE(ERR_FIELD_INVALID, "location_kind");
	if (!strcmp(kind, "abroad")) {
		if (c->who->role & ROLE_BKK)
			REFUSE(ERR_BKK_ABROAD, "location_kind");
		if (!where || strlen(where) != 2 || where[0] < 'A' || where[0] > 'Z' || where[1] < 'A' ||
		    where[1] > 'Z')
			REFUSE(ERR_FIELD_INVALID, "location_code");
	} else {
		int want = !strcmp(kind, "province") ? 1 : !strcmp(kind, "kabkota") ? 2 : 3, level = 0;
		char parent[32];
		int found = where ? region_lookup(c->db, where, &level, parent) : 0;
		if (found < 0)
			REFUSE(ERR_STORE, NULL);
		if (!found || level != want)
			REFUSE(ERR_REGION_INVALID, "location_code");
	}
	snprintf(p->location_kind, sizeof p->location_kind, "%s", kind);
	snprintf(p->location_code, sizeof p->location_code, "%s", where ? where : "");
	snprintf(p->placement_kind, sizeof p->placement_kind, "%s", placement_kind(c->cfg->kabkota_code, kind, where));

	/* When: real dates, so that past years can be entered; not far ahead. */
	struct date start;
	if (date_parse(str_of(in, "start_date"), &start) < 0 || start.year < 2000 ||
	    date_compare(start, date_add_days(c->today, 90)) > 0)
		REFUSE(ERR_DATE_INVALID, "start_date");
	date_format(start, p->start_date);
	json_t *wage = json_object_get(in, "wage");
	if (wage && (json_integer_value(wage) < 0 || json_integer_value(wage) > 1000000000LL))
		REFUSE(ERR_FIELD_INVALID, "wage");
	p->wage = wage ? json_integer_value(wage) : -1;

	const char *channel = str_of(in, "channel");
	const char *const *allowed = channels_of(c->who->role);
	if (channel && !valid_choice(channel, allowed))
		REFUSE(ERR_FIELD_INVALID, "channel");
	if (!channel && (c->who->role & ROLE_OFFICER))
		REFUSE(ERR_FIELD_MISSING, "channel");
	snprintf(p->channel, sizeof p->channel, "%s", channel ? channel : allowed[0]);

	if (p->seeker_id && placement_card_at(c->db, p->seeker_id, p->start_date, &p->card_id) < 0)
		REFUSE(ERR_STORE, NULL);
	return NULL;
}

struct placement_state {
	json_t *rows; /* the reports, each with "_line" in batches */
	int valid_only, single;
	json_t *errors;
	int placed, duplicates;
	int64_t id; /* single: the placement */
	int refusal;
	const char *refusal_field;
};

static void placement_state_free(void *p)
{
	struct placement_state *st = p;
	if (st) {
		json_decref(st->rows);
		json_decref(st->errors);
	}
	free(st);
}

/* Stores one checked placement: 0 stored, 1 the same placement was there, -1. */
static int store_one(struct dbconn *db, const struct placement_in *p, const struct principal *who, int64_t now,
                     int64_t *id)
{
	int same = placement_find_same(db, p, id);
	if (same != 0)
		return same < 0 ? -1 : 1;
	if (placement_insert(db, p, who->account_id, role_name(who->role), now, id) != 0)
		return -1;
	/* The card ends as placed, dated by the start, unless it ended earlier
	 * (a placement reported late against a card since expired or removed). */
	if (p->card_id && card_settle_placements(db, p->card_id, 0) < 0)
		return -1;
	return 0;
}

static int report_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct placement_state *st = r->state;
	struct check_ctx c = {db, r->srv->cfg, &r->srv->keys, &r->who, date_today(r->srv->cfg->utc_offset_minutes)};
	int64_t now = now_seconds();
	size_t i;
	json_t *row;
	st->placed = st->duplicates = 0;
	json_array_clear(st->errors);
	json_array_foreach (st->rows, i, row) {
		struct placement_in p;
		enum err code = ERR_COUNT;
		json_t *line = json_object_get(row, "_line");
		int n = line ? (int)json_integer_value(line) : (int)i + 1;
		if (line) {
			json_incref(line);
			json_object_del(row, "_line");
		}
		const char *bad = json_object_get(row, "_not_an_object") ? NULL : placement_check(&c, row, &p, &code);
		if (json_object_get(row, "_not_an_object"))
			code = ERR_BODY_NOT_OBJECT;
		if (line)
			json_object_set_new(row, "_line", line);
		if (code == ERR_STORE)
			return WRITE_STORE_ERROR;
		if (code != ERR_COUNT) {
			if (st->single) {
				st->refusal = code;
				st->refusal_field = bad;
				return WRITE_REFUSED;
			}
			if (json_array_size(st->errors) < 200)
				json_array_append_new(st->errors,
				                      json_pack("{s:i, s:s?, s:s}", "line", n, "field", bad, "code",
				                                error_code(code)));
			continue;
		}
		/* After a bad row in an all-or-nothing batch, only check the rest. */
		if (json_array_size(st->errors) && !st->valid_only)
			continue;
		int rc = store_one(db, &p, &r->who, now, &st->id);
		if (rc < 0)
			return WRITE_STORE_ERROR;
		st->placed += rc == 0;
		st->duplicates += rc == 1;
	}
	if (json_array_size(st->errors) && !st->valid_only)
		return WRITE_REFUSED;
	char detail[96];
	snprintf(detail, sizeof detail, "{\"rows\":%zu,\"placed\":%d,\"duplicates\":%d,\"errors\":%zu}",
	         json_array_size(st->rows), st->placed, st->duplicates, json_array_size(st->errors));
	return audit_record(db, r->who.account_id, "placement.report", "placement", st->single ? st->id : 0, detail,
	                    now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

/* ---- replies ---- */

struct listing {
	struct req *r;
	json_t *items;
};

/* Columns: placement_store.h (placement_each). */
static void add_item(const struct store_row *row, void *arg)
{
	struct listing *l = arg;
	struct masked_rows one = {&l->r->srv->keys, l->items};
	size_t before = json_array_size(l->items);
	masked_rows_add(row, &one);
	json_t *item = json_array_get(l->items, before);
	if (!item)
		return;
	/* The name behind a NIK is the office's to know.  An organisation sees
	 * it masked, and only for someone it had dealings with; otherwise a
	 * report by NIK would tell any organisation whose NIK it is. */
	json_t *name = json_null();
	if (!store_row_is_null(row, 2)) {
		const char *full = store_row_text(row, 2);
		if (l->r->who.role & ROLES_STAFF) {
			name = json_string(full);
		} else if (placement_person_known(l->r->srv->reader, l->r->who.account_id, store_row_int64(row, 3)) ==
		           1) {
			char shown[NAME_MAX_BYTES * 2];
			name_mask(full, shown, sizeof shown);
			name = json_string(shown);
		}
	}
	json_object_set_new(item, "name", name);
}

static void reported(struct req *r, int result)
{
	struct placement_state *st = r->state;
	if (result == WRITE_REFUSED && st->single) {
		req_fail(r, (enum err)st->refusal, st->refusal_field);
		return;
	}
	if (result != WRITE_OK && result != WRITE_REFUSED) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (st->single) {
		/* The placement as stored: new (201), or the one reported before
		 * (200).  The list query from just above its id gives that one row. */
		struct listing l = {r, json_array()};
		if (placement_each(r->srv->reader, 0, NULL, st->id + 1, 1, add_item, &l) < 0 ||
		    !json_array_size(l.items)) {
			json_decref(l.items);
			req_fail(r, ERR_STORE, NULL);
			return;
		}
		json_t *p = json_incref(json_array_get(l.items, 0));
		json_decref(l.items);
		json_object_set_new(p, "duplicate", json_boolean(st->duplicates));
		req_reply(r, st->duplicates ? 200 : 201, p);
		return;
	}
	json_t *body = json_pack("{s:s, s:i, s:i, s:i, s:O}", "mode", st->valid_only ? "valid_only" : "all", "rows",
	                         (int)json_array_size(st->rows), "placed", result == WRITE_OK ? st->placed : 0,
	                         "duplicates", result == WRITE_OK ? st->duplicates : 0, "errors", st->errors);
	if (result == WRITE_REFUSED) {
		import_refuse(r, body);
		return;
	}
	csv_upload_explain(r, body);
	req_reply(r, 200, body);
}

static struct placement_state *state_new(struct req *r)
{
	struct placement_state *st = req_state_new(r, sizeof(struct placement_state), placement_state_free);
	if (st && !(st->errors = json_array())) {
		req_fail(r, ERR_BUSY, NULL);
		return NULL;
	}
	return st;
}

void placement_report(struct req *r)
{
	struct placement_state *st = state_new(r);
	if (!st)
		return;
	if (req_body_check(r, fields) < 0)
		return;
	st->single = 1;
	st->rows = json_pack("[O]", r->body);
	req_write(r, report_write, reported);
}

static const struct field_spec batch_fields[] = {
	{"mode", FIELD_STRING, 0, 16},
	{"placements", FIELD_ARRAY, 1, PLACEMENT_BATCH_MAX},
	{NULL, 0, 0, 0},
};

static int mode_of(struct req *r, const char *mode, struct placement_state *st, enum err e)
{
	if (mode && strcmp(mode, "all") && strcmp(mode, "valid_only")) {
		req_fail(r, e, "mode");
		return -1;
	}
	st->valid_only = mode && !strcmp(mode, "valid_only");
	return 0;
}

void placement_report_batch(struct req *r)
{
	struct placement_state *st = state_new(r);
	if (!st || req_body_check(r, batch_fields) < 0 ||
	    mode_of(r, body_str(r->body, "mode"), st, ERR_FIELD_INVALID) < 0)
		return;
	json_t *items = json_object_get(r->body, "placements");
	if (!json_array_size(items)) {
		req_fail(r, ERR_FIELD_INVALID, "placements");
		return;
	}
	st->rows = json_array();
	size_t i;
	json_t *item;
	json_array_foreach (items, i, item) {
		/* Each item is a report; what is not an object is a bad row. */
		json_t *row = json_is_object(item) ? json_deep_copy(item) : json_object();
		json_object_del(row, "_line");
		json_object_set_new(row, "_line", json_integer((json_int_t)i + 1));
		if (!json_is_object(item))
			json_object_set_new(row, "_not_an_object", json_true());
		json_array_append_new(st->rows, row);
	}
	req_write_alone(r, report_write, reported);
}

void placement_import(struct req *r)
{
	struct placement_state *st = state_new(r);
	const char *ct = req_header(r, "Content-Type");
	if (!st || mode_of(r, req_query(r, "mode"), st, ERR_QUERY_INVALID) < 0)
		return;
	if (!ct || strncasecmp(ct, "text/csv", 8) != 0) {
		req_fail(r, ERR_MEDIA_TYPE, NULL);
		return;
	}
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	size_t len = evbuffer_get_length(in);
	if (len == 0) {
		req_fail(r, ERR_FILE_EMPTY, NULL);
		return;
	}
	if (len > (size_t)r->srv->cfg->max_upload_bytes) {
		req_fail(r, ERR_FILE_TOO_LARGE, NULL);
		return;
	}
	st->rows = csv_table_parse(evbuffer_pullup(in, -1), len, csv_columns, csv_required, csv_integers,
	                           PLACEMENT_CSV_MAX_ROWS, st->errors);
	if (!st->rows) {
		import_refuse(r,
		              json_pack("{s:s, s:i, s:i, s:i, s:O}", "mode", st->valid_only ? "valid_only" : "all",
		                        "rows", 0, "placed", 0, "duplicates", 0, "errors", st->errors));
		return;
	}
	req_write_alone(r, report_write, reported);
}

/* An organisation sees the placements it reported; officers see all.
 * With format csv/xlsx/pdf: the whole list (of the month) as a file. */
void placement_list(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	const char *month = req_query(r, "month"), *format;
	int exporting = export_requested(r, &format, &page);
	if (exporting < 0)
		return;
	if (month && (strlen(month) != 7 || month[4] != '-' || strspn(month, "0123456789-") != 7)) {
		req_fail(r, ERR_QUERY_INVALID, "month");
		return;
	}
	struct listing l = {r, json_array()};
	int64_t reporter = r->who.role & ROLES_STAFF ? 0 : r->who.account_id;
	if (placement_each(r->srv->reader, reporter, month, page.cursor, page.limit + 1, add_item, &l) < 0) {
		json_decref(l.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (r->who.role & ROLES_STAFF)
		audit_read(r->srv, r->who.account_id, exporting ? "placement.export" : "placement.list_read",
		           "placement", 0);
	if (!exporting) {
		list_reply(r, l.items, page.limit);
		return;
	}
	static const struct export_column columns[] = {
		{"name", "Nama", NULL},
		{"nik_masked", "NIK", NULL},
		{"start_date", "Mulai kerja", NULL},
		{"employer_name", "Pemberi kerja", NULL},
		{"employer_type", "Jenis pemberi kerja", NULL},
		{"position", "Jabatan", NULL},
		{"kbji", "KBJI", NULL},
		{"placement_kind", "AKL/AKAD/AKAN", NULL},
		{"location_code", "Lokasi", NULL},
		{"channel", "Jalur", NULL},
		{"reporter_role", "Pelapor", NULL},
		{"card_holder", "Pemegang AK/I", NULL},
		{NULL, NULL, NULL},
	};
	char period[48];
	if (!month || month_words(month, period) < 0)
		snprintf(period, sizeof period, "Semua bulan");
	export_list_reply(r, format, "Laporan penempatan", period, "placements", "Laporan penempatan tenaga kerja",
	                  l.items, columns);
}
