/*
 * POST /v1/card-imports: the office's existing AK/I register as CSV (a
 * header row, then one card per row).  Every bad row is reported with its
 * line; nothing is written unless the whole file is valid, or with
 * ?mode=valid_only the valid rows only.  Importing the same file again
 * changes nothing: people are matched by NIK, cards by number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "card.h"
#include "card_store.h"
#include "crypto.h"
#include "csv_table.h"
#include "csv_upload.h"
#include "http.h"
#include "nik.h"
#include "profile.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"
#include "card_import.h"

#define IMPORT_MAX_ROWS 500000
#define IMPORT_MAX_ERRORS 200

static const char *const columns[] = {
	"nik",         "full_name",       "birth_place",
	"birth_date",  "gender",          "marital_status",
	"religion",    "address",         "rt",
	"rw",          "kecamatan_code",  "kelurahan_code",
	"phone",       "education_level", "education_code",
	"school",      "major",           "graduation_year",
	"card_number", "issued_on",       "valid_until",
	"state",       "ended_on",        "end_reason",
	NULL,
};
static const char *const required[] = {"nik",
                                       "full_name",
                                       "birth_place",
                                       "birth_date",
                                       "gender",
                                       "address",
                                       "kecamatan_code",
                                       "kelurahan_code",
                                       "education_level",
                                       "card_number",
                                       "issued_on",
                                       NULL};
/* Columns that are card data, not profile data. */
static const char *const card_columns[] = {"nik",   "card_number", "issued_on",  "valid_until",
                                           "state", "ended_on",    "end_reason", NULL};

struct import_row {
	int line;
	json_t *profile; /* normalised */
	unsigned char nik_sealed[NIK_SEALED_BYTES], nik_index[DIGEST_BYTES];
	unsigned warnings;
	char number[48], state[16], ended_on[DATE_LEN + 1], end_reason[16];
	struct date issued, valid_until;
};

struct import_state {
	struct csv_upload up;
	int fatal;
	struct import_row *rows;
	int nrows, cap_rows, total;
	json_t *errors;
	/* context for checks on the pool */
	struct dbconn *db;
	const struct config *cfg;
	const struct keys *keys;
	struct date today;
	/* write */
	int imported, skipped, people_created;
};

static void import_state_free(void *p)
{
	struct import_state *st = p;
	if (!st)
		return;
	for (int i = 0; i < st->nrows; i++)
		json_decref(st->rows[i].profile);
	free(st->rows);
	csv_upload_free(&st->up);
	json_decref(st->errors);
	free(st);
}

static void row_error(struct import_state *st, int line, const char *field, const char *code)
{
	if (json_array_size(st->errors) < IMPORT_MAX_ERRORS)
		json_array_append_new(st->errors,
		                      json_pack("{s:i, s:s?, s:s}", "line", line, "field", field, "code", code));
}

static const char *field_of(const json_t *row, const char *name)
{
	return json_string_value(json_object_get(row, name));
}

static int is_card_column(const char *name)
{
	for (const char *const *c = card_columns; *c; c++)
		if (!strcmp(*c, name))
			return 1;
	return 0;
}

/* Checks one data row and, when good, keeps it for the writer. */
static void take_row(struct import_state *st, const json_t *in_row)
{
	int line = (int)json_integer_value(json_object_get(in_row, "_line"));
	st->total++;
	const char *nik = field_of(in_row, "nik"), *number = field_of(in_row, "card_number");
	for (const char *const *r = required; *r; r++)
		if (!json_object_get(in_row, *r)) {
			row_error(st, line, *r, "field_missing");
			return;
		}
	if (nik_valid_format(nik) < 0) {
		row_error(st, line, "nik", "nik_invalid");
		return;
	}
	/* The profile: every column but the card's. */
	json_t *in = json_object();
	const char *key;
	json_t *value;
	json_object_foreach ((json_t *)in_row, key, value)
		if (strcmp(key, "_line") && !is_card_column(key))
			json_object_set(in, key, value);
	struct body_error err;
	json_t *profile;
	int ok = profile_normalize(in, st->db, st->cfg, PROFILE_LEGACY, &profile, &err);
	json_decref(in);
	if (ok < 0) {
		row_error(st, line, err.field, error_code(err.code));
		return;
	}
	struct import_row row = {.line = line, .profile = profile};
	const char *issued = field_of(in_row, "issued_on"), *valid = field_of(in_row, "valid_until");
	const char *state = field_of(in_row, "state"), *ended = field_of(in_row, "ended_on"),
		   *reason = field_of(in_row, "end_reason");
	const char *bad = NULL;
	if (date_parse(issued, &row.issued) < 0 || date_compare(row.issued, st->today) > 0)
		bad = "issued_on";
	else if (valid && (date_parse(valid, &row.valid_until) < 0 || date_compare(row.valid_until, row.issued) < 0))
		bad = "valid_until";
	if (!valid && !bad)
		row.valid_until = date_add_months(row.issued, st->cfg->card_valid_months);
	snprintf(row.state, sizeof row.state, "%s", state ? state : "active");
	if (!bad && strcmp(row.state, "active") && strcmp(row.state, "placed") && strcmp(row.state, "expired") &&
	    strcmp(row.state, "removed"))
		bad = "state";
	/* An "active" card past its validity is recorded as what it is. */
	if (!bad && !strcmp(row.state, "active") && date_compare(row.valid_until, st->today) < 0) {
		snprintf(row.state, sizeof row.state, "expired");
		date_format(row.valid_until, row.ended_on);
		snprintf(row.end_reason, sizeof row.end_reason, "expired");
	} else if (!bad && strcmp(row.state, "active")) {
		struct date end;
		static const char *const removal[] = {"not_reported", "moved", "deceased", "duplicate", "other", NULL};
		int reason_ok = !strcmp(row.state, "removed") ? 0 : 1;
		for (const char *const *p = removal; reason && *p; p++)
			reason_ok |= !strcmp(*p, reason);
		if (!ended || date_parse(ended, &end) < 0 || date_compare(end, row.issued) < 0)
			bad = "ended_on";
		else if (!reason_ok)
			bad = "end_reason";
		else {
			snprintf(row.ended_on, sizeof row.ended_on, "%s", ended);
			snprintf(row.end_reason, sizeof row.end_reason, "%s",
			         !strcmp(row.state, "removed") ? reason : row.state);
		}
	}
	if (!bad && (strlen(number) >= sizeof row.number || strspn(number, "0123456789 ./-") != strlen(number)))
		bad = "card_number";
	if (bad) {
		json_decref(profile);
		int is_date = !strcmp(bad, "issued_on") || !strcmp(bad, "valid_until") || !strcmp(bad, "ended_on");
		row_error(st, line, bad, is_date ? "date_invalid" : "field_invalid");
		return;
	}
	snprintf(row.number, sizeof row.number, "%s", number);
	const char *gender = json_string_value(json_object_get(profile, "gender"));
	row.warnings = nik_check(nik, json_string_value(json_object_get(profile, "birth_date")), gender[0], NULL);
	nik_blind_index(st->keys, nik, row.nik_index);
	nik_seal(st->keys, nik, row.nik_sealed);
	if (st->nrows == st->cap_rows) {
		int cap = st->cap_rows ? st->cap_rows * 2 : 256;
		struct import_row *grown = realloc(st->rows, (size_t)cap * sizeof *grown);
		if (!grown) {
			json_decref(profile);
			row_error(st, line, NULL, "busy");
			return;
		}
		st->rows = grown;
		st->cap_rows = cap;
	}
	st->rows[st->nrows++] = row;
}

/* On the pool: parse and check everything, with a read-only connection of
 * its own for the region and card-number checks. */
static void import_check(struct req *r)
{
	struct import_state *st = r->state;
	json_t *rows = csv_upload_rows(r, &st->up, columns, required, IMPORT_MAX_ROWS, st->errors, &st->db, &st->fatal);
	size_t n;
	json_t *row;
	json_array_foreach (rows, n, row)
		take_row(st, row);
	json_decref(rows);
	/* A card number already used by another person is an error now, not a
	 * surprise in the middle of the write. */
	for (int i = 0; i < st->nrows && !st->fatal; i++) {
		int64_t owner, self;
		int taken = card_by_number(st->db, st->rows[i].number, &owner);
		if (taken == 1 && (seeker_id_of_nik(st->db, st->rows[i].nik_index, &self) != 1 || self != owner)) {
			row_error(st, st->rows[i].line, "card_number", "card_number_taken");
			st->rows[i].line = -st->rows[i].line; /* mark: not to be written */
		}
	}
	store_close(st->db);
	st->db = NULL;
}

static int import_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct import_state *st = r->state;
	int64_t now = now_seconds();
	st->imported = st->skipped = st->people_created = 0;
	for (int i = 0; i < st->nrows; i++) {
		struct import_row *row = &st->rows[i];
		if (row->line < 0)
			continue;
		int64_t seeker_id, card_id, owner;
		int created;
		if (seeker_import(db, row->nik_sealed, row->nik_index, row->profile, row->warnings, now, &seeker_id,
		                  &created) < 0)
			return WRITE_STORE_ERROR;
		st->people_created += created;
		int exists = card_by_number(db, row->number, &owner);
		if (exists < 0)
			return WRITE_STORE_ERROR;
		if (exists) { /* imported before: the same file again, or an overlap */
			st->skipped++;
			continue;
		}
		int rc = card_insert(db, row->number, seeker_id, "new", 0, row->issued, row->valid_until, 0, NULL, NULL,
		                     0, 1, row->state, *row->ended_on ? row->ended_on : NULL,
		                     *row->end_reason ? row->end_reason : NULL, now, &card_id);
		if (rc == 1) {
			row_error(st, row->line, "state", "card_active");
			if (!st->up.valid_only)
				return WRITE_REFUSED;
			continue;
		}
		if (rc < 0)
			return WRITE_STORE_ERROR;
		if (!strcmp(row->state, "active") &&
		    card_schedule_reports(db, card_id, row->issued, r->srv->cfg->card_report_months, &st->today) < 0)
			return WRITE_STORE_ERROR;
		if (card_settle_placements(db, card_id, 1) < 0)
			return WRITE_STORE_ERROR;
		st->imported++;
	}
	char detail[160];
	snprintf(detail, sizeof detail, "{\"rows\":%d,\"imported\":%d,\"skipped\":%d,\"errors\":%zu}", st->total,
	         st->imported, st->skipped, json_array_size(st->errors));
	if (csv_upload_log(db, "card.import", "card_import", &st->up, r->who.account_id, st->total, st->imported,
	                   st->skipped, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static json_t *outcome(struct import_state *st)
{
	return json_pack("{s:s, s:i, s:i, s:i, s:i, s:O}", "mode", st->up.valid_only ? "valid_only" : "all", "rows",
	                 st->total, "imported", st->imported, "skipped", st->skipped, "people_created",
	                 st->people_created, "errors", st->errors);
}

/* Nothing was saved: the counts say so (a refused write had counted the
 * rows before the one that stopped it). */
static void refuse_import(struct req *r)
{
	struct import_state *st = r->state;
	st->imported = st->skipped = st->people_created = 0;
	import_refuse(r, outcome(st));
}

static void import_written(struct req *r, int result)
{
	struct import_state *st = r->state;
	if (result == WRITE_REFUSED) {
		refuse_import(r);
		return;
	}
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *answer = outcome(st);
	csv_upload_explain(r, answer);
	req_reply(r, 200, answer);
}

static void import_checked(struct req *r)
{
	struct import_state *st = r->state;
	if (csv_upload_verdict(r, &st->up, st->fatal, st->errors, refuse_import) == 0)
		req_write_alone(r, import_write, import_written);
}

void card_import(struct req *r)
{
	struct import_state *st = req_state_new(r, sizeof *st, import_state_free);
	if (!st)
		return;
	if (!(st->errors = json_array())) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	if (csv_upload_take(r, &st->up) < 0)
		return;
	st->cfg = r->srv->cfg;
	st->keys = &r->srv->keys;
	st->today = date_today(r->srv->cfg->utc_offset_minutes);
	req_pool(r, import_check, import_checked);
}
