/*
 * POST /v1/training-imports: the trainings an office ran before sidakerd,
 * from its records, as CSV: one participant per row, the training's columns
 * repeated on each of its rows and tied together by the office's own
 * reference (training_ref).  Participants are named by NIK: the person the
 * office knows, or a new person from the row's person columns
 * (participant.h).  Every bad row is reported with its line; nothing is
 * written unless the whole file is valid, or with ?mode=valid_only the valid
 * rows only.  The same file again changes nothing: trainings are matched by
 * reference, participants by NIK within the training, certificates by
 * number.  Each completed row counts in the year its training ended
 * (/v1/stats/trainings, the IKU's trained and competency shares), as a
 * training run through the app does, because it is stored as one: a
 * finished office training with completed or dropped enrolments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "crypto.h"
#include "csv_table.h"
#include "csv_upload.h"
#include "http.h"
#include "nik.h"
#include "participant.h"
#include "server.h"
#include "store.h"
#include "training_import_store.h"
#include "training.h"
#include "validate.h"
#include "training_import.h"

#define IMPORT_MAX_ROWS 100000
#define IMPORT_MAX_ERRORS 200

static const char *const columns[] = {
	"training_ref",
	"title",
	"vocation",
	"provider_name",
	"funding",
	"start_date",
	"end_date",
	"location",
	"nik",
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
	"completion",
	"result",
	"certificate_number",
	"certificate_kind",
	"certificate_scheme",
	"lsp",
	"certificate_issued_on",
	NULL,
};
/* Columns the header must have; the person columns are needed only for
 * people the office does not know yet, so they are checked per row. */
static const char *const required[] = {"training_ref", "title", "vocation",   "funding", "start_date",
                                       "end_date",     "nik",   "completion", NULL};
/* What makes a training one training: rows of one reference agree on it. */
static const char *const training_columns[] = {"title",      "vocation", "provider_name", "funding",
                                               "start_date", "end_date", "location",      NULL};
static const char *const person_columns[] = {
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
	NULL,
};
static const char *const fundings[] = {"apbd", "apbn", "dbhcht", "company", "other", NULL};

struct import_row {
	int line;
	json_t *training; /* the row's training columns; shared by reference */
	const char *ref, *completion, *result, *cert_number, *cert_kind, *cert_scheme, *lsp;
	char cert_issued[DATE_LEN + 1];
	struct participant person;
	json_t *source; /* the parsed row, which the strings above live in */
};

struct import_state {
	struct csv_upload up;
	int fatal;
	struct import_row *rows;
	int nrows, cap_rows, total;
	json_t *errors;
	json_t *trainings; /* training_ref → its columns, from its first good row */
	json_t *written; /* in the writer: training_ref → the training's id */
	struct dbconn *db;
	const struct config *cfg;
	const struct keys *keys;
	struct date today;
	int imported, skipped, people_created, trainings_created;
};

static void import_state_free(void *p)
{
	struct import_state *st = p;
	if (!st)
		return;
	for (int i = 0; i < st->nrows; i++) {
		participant_clear(&st->rows[i].person);
		json_decref(st->rows[i].source);
	}
	free(st->rows);
	csv_upload_free(&st->up);
	json_decref(st->errors);
	json_decref(st->trainings);
	json_decref(st->written);
	free(st);
}

static void row_error(struct import_state *st, int line, const char *field, enum err code)
{
	if (json_array_size(st->errors) < IMPORT_MAX_ERRORS)
		json_array_append_new(
			st->errors,
			json_pack("{s:i, s:s?, s:s}", "line", line, "field", field, "code", error_code(code)));
}

static const char *field_of(const json_t *row, const char *name)
{
	return json_string_value(json_object_get(row, name));
}

static json_t *pick(const json_t *row, const char *const *names)
{
	json_t *out = json_object();
	for (const char *const *c = names; *c; c++)
		if (json_object_get(row, *c))
			json_object_set(out, *c, json_object_get(row, *c));
	return out;
}

/* The training's own columns: 0, or -1 with the bad field. */
static int check_training(struct import_state *st, const json_t *row, const char **field, enum err *code)
{
	static const struct {
		const char *name;
		size_t max;
	} texts[] = {{"training_ref", TRAINING_REF_MAX},
	             {"title", 127},
	             {"vocation", 100},
	             {"provider_name", 160},
	             {"location", 255}};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *v = field_of(row, texts[i].name);
		if (v && valid_text(v, texts[i].max) < 0) {
			*field = texts[i].name;
			*code = ERR_FIELD_INVALID;
			return -1;
		}
	}
	*code = ERR_FIELD_INVALID;
	if (!valid_choice(field_of(row, "funding"), fundings)) {
		*field = "funding";
		return -1;
	}
	struct date start, end;
	*code = ERR_DATE_INVALID;
	if (date_parse(field_of(row, "start_date"), &start) < 0) {
		*field = "start_date";
		return -1;
	}
	if (date_parse(field_of(row, "end_date"), &end) < 0) {
		*field = "end_date";
		return -1;
	}
	*field = "end_date";
	*code = date_compare(start, end) > 0 ? ERR_DATE_ORDER : ERR_DATE_IN_FUTURE;
	return date_compare(start, end) > 0 || date_compare(end, st->today) > 0 ? -1 : 0;
}

/* Names the bad field: -1, for `return bad(field, "…");`. */
static int bad(const char **field, const char *name)
{
	*field = name;
	return -1;
}

/* Completion, result and certificate: 0, or -1 with the bad field. */
static int check_outcome(struct import_state *st, struct import_row *row, const json_t *in, const char **field,
                         enum err *code)
{
	static const char *const completions[] = {"completed", "dropped", NULL};
	static const char *const results[] = {"competent", "not_yet_competent", NULL};
	static const char *const kinds[] = {"office", "bnsp", NULL};
	*code = ERR_FIELD_INVALID;
	row->completion = field_of(in, "completion");
	row->result = field_of(in, "result");
	row->cert_number = field_of(in, "certificate_number");
	row->cert_kind = field_of(in, "certificate_kind");
	row->cert_scheme = field_of(in, "certificate_scheme");
	row->lsp = field_of(in, "lsp");
	if (!valid_choice(row->completion, completions))
		return bad(field, "completion");
	/* A competency result belongs to someone who completed. */
	if (row->result && (!valid_choice(row->result, results) || strcmp(row->completion, "completed")))
		return bad(field, "result");
	if (!row->cert_number) {
		const char *stray = row->cert_kind              ? "certificate_kind"
			: row->cert_scheme                      ? "certificate_scheme"
			: row->lsp                              ? "lsp"
			: field_of(in, "certificate_issued_on") ? "certificate_issued_on"
								: NULL;
		return stray ? bad(field, stray) : 0;
	}
	if (strlen(row->cert_number) > 64 ||
	    strspn(row->cert_number, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ./-") !=
	            strlen(row->cert_number))
		return bad(field, "certificate_number");
	if (!row->cert_kind)
		row->cert_kind = "office";
	if (!valid_choice(row->cert_kind, kinds))
		return bad(field, "certificate_kind");
	/* As the certificate route: the office's certificate for who completed,
	 * BNSP's for who was found competent, with the LSP that assessed. */
	if (strcmp(row->completion, "completed") ||
	    (!strcmp(row->cert_kind, "bnsp") && (!row->result || strcmp(row->result, "competent")))) {
		*code = ERR_NOT_COMPETENT;
		return bad(field, "certificate_number");
	}
	if (!strcmp(row->cert_kind, "bnsp") && !row->lsp) {
		*code = ERR_FIELD_MISSING;
		return bad(field, "lsp");
	}
	if (row->lsp && valid_text(row->lsp, 160) < 0)
		return bad(field, "lsp");
	if (row->cert_scheme && valid_text(row->cert_scheme, 160) < 0)
		return bad(field, "certificate_scheme");
	if (!row->cert_scheme)
		row->cert_scheme = field_of(in, "vocation");
	/* Issued from the training's first day (some are handed out on its
	 * last) up to today; by default on its end date. */
	struct date issued, start, end;
	const char *on = field_of(in, "certificate_issued_on");
	date_parse(field_of(in, "start_date"), &start);
	date_parse(field_of(in, "end_date"), &end);
	if (!on)
		issued = end;
	else if (date_parse(on, &issued) < 0 || date_compare(issued, st->today) > 0 ||
	         date_compare(issued, start) < 0) {
		*code = ERR_DATE_INVALID;
		return bad(field, "certificate_issued_on");
	}
	date_format(issued, row->cert_issued);
	return 0;
}

static int grow(struct import_state *st)
{
	if (st->nrows < st->cap_rows)
		return 0;
	int cap = st->cap_rows ? st->cap_rows * 2 : 256;
	struct import_row *grown = realloc(st->rows, (size_t)cap * sizeof *grown);
	if (!grown)
		return -1;
	st->rows = grown;
	st->cap_rows = cap;
	return 0;
}

/* Checks one data row and, when good, keeps it for the writer. */
static void take_row(struct import_state *st, json_t *in)
{
	int line = (int)json_integer_value(json_object_get(in, "_line"));
	st->total++;
	for (const char *const *r = required; *r; r++)
		if (!json_object_get(in, *r)) {
			row_error(st, line, *r, ERR_FIELD_MISSING);
			return;
		}
	const char *field, *nik = field_of(in, "nik");
	enum err code;
	struct import_row row = {.line = line, .ref = field_of(in, "training_ref")};
	if (check_training(st, in, &field, &code) < 0 || check_outcome(st, &row, in, &field, &code) < 0) {
		row_error(st, line, field, code);
		return;
	}
	if (nik_valid_format(nik) < 0) {
		row_error(st, line, "nik", ERR_NIK_INVALID);
		return;
	}
	/* Rows of one training agree on it: the first good row defines it. */
	json_t *training = pick(in, training_columns), *first = json_object_get(st->trainings, row.ref);
	if (first && !json_equal(first, training)) {
		json_decref(training);
		row_error(st, line, "training_ref", ERR_TRAINING_ROWS_DIFFER);
		return;
	}
	if (!first)
		json_object_set(st->trainings, row.ref, training);
	json_decref(training);
	json_t *person = pick(in, person_columns);
	struct body_error err;
	int ok = participant_resolve(nik, person, st->db, st->cfg, st->keys, &row.person, &err);
	json_decref(person);
	if (ok < 0) {
		if (err.code == ERR_STORE)
			st->fatal = -1;
		row_error(st, line, err.field, err.code);
		return;
	}
	if (grow(st) < 0) {
		participant_clear(&row.person);
		st->fatal = -1;
		return;
	}
	row.training = json_object_get(st->trainings, row.ref);
	row.source = json_incref(in);
	st->rows[st->nrows++] = row;
}

/* 1 and *id when a training has the reference (its columns must equal
 * `want`, else 2), 0 when none, -1. */
static int training_of_ref(struct dbconn *db, const char *ref, const json_t *want, int64_t *id)
{
	json_t *have = NULL;
	int found = training_store_of_record(db, ref, id, &have);
	if (found == 1) {
		/* The stored columns with no value are left out, as the CSV's empty cells are. */
		const char *key;
		json_t *v, *tmp;
		json_object_foreach_safe (have, tmp, key, v)
			if (json_is_null(v))
				json_object_del(have, key);
		found = json_equal(have, want) ? 1 : 2;
	}
	json_decref(have);
	return found;
}

/* The checks against what is stored, on the pool's read connection: a
 * reference already used with other details, a person listed twice in one
 * training, a certificate number that is someone else's. */
static void check_against_store(struct import_state *st)
{
	json_t *seen_people = json_object(), *seen_numbers = json_object();
	for (int i = 0; i < st->nrows && !st->fatal; i++) {
		struct import_row *row = &st->rows[i];
		int64_t id;
		int rc = training_of_ref(st->db, row->ref, row->training, &id);
		if (rc < 0) {
			st->fatal = -1;
			break;
		}
		char key[200], hex[2 * DIGEST_BYTES + 1];
		for (int b = 0; b < DIGEST_BYTES; b++)
			snprintf(hex + 2 * b, 3, "%02x", row->person.nik_index[b]);
		snprintf(key, sizeof key, "%s\n%s", row->ref, hex);
		const char *field = NULL;
		enum err code = ERR_FIELD_INVALID;
		if (rc == 2)
			field = "training_ref", code = ERR_TRAINING_REF_TAKEN;
		else if (json_object_get(seen_people, key))
			field = "nik", code = ERR_DUPLICATE_ROW;
		if (!field && row->cert_number) {
			/* A number is this row's when it was given to the same person in
			 * the same training (a re-upload), or first seen here. */
			const char *owner = json_string_value(json_object_get(seen_numbers, row->cert_number));
			int64_t holder;
			char holder_ref[TRAINING_REF_MAX + 1];
			int given = certificate_store_holder(st->db, row->cert_number, &holder, holder_ref);
			if (given < 0) {
				st->fatal = -1;
				break;
			}
			if (given &&
			    (holder != row->person.seeker_id || !row->person.seeker_id || strcmp(holder_ref, row->ref)))
				field = "certificate_number", code = ERR_CERTIFICATE_TAKEN;
			if (!field && owner && strcmp(owner, key))
				field = "certificate_number", code = ERR_CERTIFICATE_TAKEN;
		}
		if (field) {
			row_error(st, row->line, field, code);
			row->line = -row->line; /* not to be written */
			continue;
		}
		json_object_set_new(seen_people, key, json_true());
		if (row->cert_number)
			json_object_set_new(seen_numbers, row->cert_number, json_string(key));
	}
	json_decref(seen_people);
	json_decref(seen_numbers);
}

/* On the pool: parse and check everything, with a read-only connection of
 * its own for the person, region and reference checks. */
static void import_check(struct req *r)
{
	struct import_state *st = r->state;
	json_t *rows = csv_upload_rows(r, &st->up, columns, required, IMPORT_MAX_ROWS, st->errors, &st->db, &st->fatal);
	size_t n;
	json_t *row;
	json_array_foreach (rows, n, row) {
		if (st->fatal)
			break;
		take_row(st, row);
	}
	json_decref(rows);
	if (!st->fatal)
		check_against_store(st);
	store_close(st->db);
	st->db = NULL;
}

static int64_t training_for_row(struct dbconn *db, struct import_state *st, const struct import_row *row,
                                int64_t officer, int64_t now)
{
	/* Each training is looked up (or made) once, then known by its reference. */
	json_t *known = json_object_get(st->written, row->ref);
	if (known)
		return json_integer_value(known);
	int64_t id;
	int rc = training_of_ref(db, row->ref, row->training, &id);
	if (rc == 1)
		return json_object_set_new(st->written, row->ref, json_integer(id)) == 0 ? id : -1;
	if (rc != 0)
		return -1; /* 2 cannot happen: the check refused such rows, and the writer runs alone */
	char *text = json_dumps(row->training, JSON_COMPACT);
	int rc_insert = text ? training_store_insert_record(db, officer, text, row->ref, now, &id) : STORE_ERROR;
	free(text);
	if (rc_insert != STORE_OK || json_object_set_new(st->written, row->ref, json_integer(id)) != 0)
		return -1;
	st->trainings_created++;
	return id;
}

static int write_row(struct dbconn *db, struct import_state *st, struct import_row *row, int64_t officer, int64_t now)
{
	int64_t training_id = training_for_row(db, st, row, officer, now), seeker_id;
	int created;
	if (training_id < 0 || participant_store(db, &row->person, now, &seeker_id, &created) < 0)
		return -1;
	st->people_created += created;
	int fresh = enrolment_store_record(db, training_id, seeker_id, row->completion, row->result, officer, now);
	if (fresh < 0)
		return -1;
	if (row->cert_number) {
		struct certificate_record c = {row->cert_number, row->cert_kind, row->cert_scheme, row->lsp,
		                               row->cert_issued};
		int added = certificate_store_record(db, &c, training_id, seeker_id, officer, now);
		if (added < 0)
			return -1;
		fresh |= added;
	}
	if (fresh)
		st->imported++;
	else
		st->skipped++; /* imported before: the same file again, or an overlap */
	return 0;
}

static int import_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct import_state *st = r->state;
	int64_t now = now_seconds();
	st->imported = st->skipped = st->people_created = st->trainings_created = 0;
	json_object_clear(st->written);
	for (int i = 0; i < st->nrows; i++)
		if (st->rows[i].line > 0 && write_row(db, st, &st->rows[i], r->who.account_id, now) < 0)
			return WRITE_STORE_ERROR;
	/* Each training's places, once its rows are all in. */
	const char *ref;
	json_t *id;
	json_object_foreach (st->written, ref, id) {
		if (training_store_fill_places(db, json_integer_value(id)) < 0)
			return WRITE_STORE_ERROR;
	}
	char detail[200];
	snprintf(detail, sizeof detail,
	         "{\"rows\":%d,\"imported\":%d,\"skipped\":%d,\"trainings_created\":%d,\"errors\":%zu}", st->total,
	         st->imported, st->skipped, st->trainings_created, json_array_size(st->errors));
	if (csv_upload_log(db, "training.import", "training_import", &st->up, r->who.account_id, st->total,
	                   st->imported, st->skipped, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static json_t *outcome(struct import_state *st)
{
	return json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:O}", "mode", st->up.valid_only ? "valid_only" : "all",
	                 "rows", st->total, "imported", st->imported, "skipped", st->skipped, "people_created",
	                 st->people_created, "trainings_created", st->trainings_created, "errors", st->errors);
}

static void import_written(struct req *r, int result)
{
	struct import_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	json_t *answer = outcome(st);
	csv_upload_explain(r, answer);
	req_reply(r, 200, answer);
}

static void refuse(struct req *r) { import_refuse(r, outcome(r->state)); }

static void import_checked(struct req *r)
{
	struct import_state *st = r->state;
	if (csv_upload_verdict(r, &st->up, st->fatal, st->errors, refuse) == 0)
		req_write_alone(r, import_write, import_written);
}

void training_import(struct req *r)
{
	struct import_state *st = req_state_new(r, sizeof *st, import_state_free);
	if (!st)
		return;
	if (!(st->errors = json_array()) || !(st->trainings = json_object()) || !(st->written = json_object())) {
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
