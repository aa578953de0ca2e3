/* Enrolment in a training: a job seeker applies; the provider (or an
 * officer) accepts, waitlists or rejects; the waitlist moves up when a
 * place frees; attendance per session; completion by the attendance rule;
 * the competency result.  The quota holds under concurrent requests
 * because every check and change runs in one writer job, and a trigger in
 * the schema refuses any write past it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "audit.h"
#include "body.h"
#include "card_store.h"
#include "config.h"
#include "export.h"
#include "http.h"
#include "list.h"
#include "mask.h"
#include "notification.h"
#include "notification_store.h"
#include "nik.h"
#include "organisation.h"
#include "organisation_store.h"
#include "region.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"
#include "training.h"
#include "training_store.h"
#include "validate.h"
#include "enrolment.h"

struct enrolment_state {
	int64_t id, seeker_id, training_id;
	struct training_row training;
	struct enrolment_row row;
	char to[12], note[256];
	int refusal;
	const char *refusal_field;
	/* attendance */
	int session;
	int64_t *present, *absent;
	size_t npresent, nabsent;
};

static void enrolment_state_free(void *p)
{
	struct enrolment_state *st = p;
	if (st) {
		free(st->present);
		free(st->absent);
	}
	free(st);
}

static struct enrolment_state *state_new(struct req *r)
{
	return req_state_new(r, sizeof(struct enrolment_state), enrolment_state_free);
}

int enrolment_tell(struct dbconn *db, const struct config *cfg, int64_t enrolment_id, const char *subject,
                   const char *what, int64_t now)
{
	struct enrolment_row e;
	struct training_row t;
	if (enrolment_fetch(db, enrolment_id, &e) != 1 || training_fetch(db, e.training_id, &t) != 1)
		return -1;
	if (!e.account_id)
		return 0; /* known from a register, no account to write to */
	char paragraph[512];
	snprintf(paragraph, sizeof paragraph, "%s\n\nPelatihan: %s (%s s.d. %s).", what, t.title, t.start_date,
	         t.end_date);
	struct notification n = {"training", subject, paragraph, "enrolment", enrolment_id};
	return notification_send(db, cfg, e.account_id, &n, now);
}

int enrolment_promote_waitlist(struct dbconn *db, const struct config *cfg, const struct training_row *t, int64_t now)
{
	int moved = 0;
	for (;;) {
		int taken = training_places_taken(db, t->id);
		if (taken < 0)
			return -1;
		if (taken >= t->quota)
			return moved;
		int64_t next = enrolment_next_waitlisted(db, t->id);
		if (next < 0)
			return -1;
		if (next == 0)
			return moved;
		if (enrolment_set_state(db, next, "waitlisted", "accepted", NULL, 0, now) != 0 ||
		    enrolment_tell(db, cfg, next, "Anda diterima dalam pelatihan",
		                   "Ada tempat yang kosong: Anda naik dari daftar tunggu dan diterima sebagai peserta.",
		                   now) < 0 ||
		    audit_record(db, 0, "enrolment.promoted", "enrolment", next, NULL, now) < 0)
			return -1;
		moved++;
	}
}

/* Every enrolment of the training in one of three states moves to `to`,
 * each person told why. */
static int move_all(struct dbconn *db, const struct config *cfg, const struct training_row *t, const char *s1,
                    const char *s2, const char *s3, const char *to, const char *subject, const char *what, int64_t now)
{
	size_t n;
	int64_t *ids = enrolment_ids_in(db, t->id, s1, s2, s3, &n);
	if (!ids)
		return -1;
	int ok = 1;
	for (size_t i = 0; ok && i < n; i++) {
		struct enrolment_row e;
		ok = enrolment_fetch(db, ids[i], &e) == 1 &&
			enrolment_set_state(db, ids[i], e.state, to, NULL, 0, now) == 0 &&
			enrolment_tell(db, cfg, ids[i], subject, what, now) == 0;
	}
	free(ids);
	return ok ? 0 : -1;
}

/* Finishing: whoever was still 'accepted' completes when they attended
 * enough sessions, else drops out. */
static int settle_all(struct dbconn *db, const struct config *cfg, const struct training_row *t, int64_t now)
{
	size_t n;
	int64_t *ids = enrolment_ids_in(db, t->id, "accepted", "accepted", "accepted", &n);
	if (!ids)
		return -1;
	int ok = 1;
	for (size_t i = 0; ok && i < n; i++) {
		struct enrolment_row e;
		ok = enrolment_fetch(db, ids[i], &e) == 1;
		if (ok) {
			int enough = e.attended * 100 >= cfg->training_min_attendance_percent * t->sessions;
			ok = enrolment_set_result(db, ids[i], enough ? "completed" : "dropped", NULL, now) == 0;
		}
	}
	free(ids);
	return ok ? 0 : -1;
}

int enrolment_follow_training(struct dbconn *db, const struct config *cfg, const struct training_row *t, const char *to,
                              int64_t now)
{
	if (!strcmp(to, "running"))
		return move_all(db, cfg, t, "applied", "waitlisted", "waitlisted", "rejected",
		                "Hasil seleksi pelatihan",
		                "Pelatihan sudah dimulai dan Anda belum terpilih sebagai peserta kali ini.", now);
	if (!strcmp(to, "cancelled"))
		return move_all(db, cfg, t, "applied", "waitlisted", "accepted", "cancelled", "Pelatihan dibatalkan",
		                "Mohon maaf, pelatihan ini dibatalkan oleh penyelenggara.", now);
	if (!strcmp(to, "finished"))
		return settle_all(db, cfg, t, now);
	return 0;
}

/* The office's own trainings carry the office's name as provider. */
static json_t *with_provider(struct req *r, json_t *e)
{
	training_with_provider(json_object_get(e, "training"), r->srv->cfg->office_name);
	return e;
}

static void reply_enrolment(struct req *r, int status, int64_t id)
{
	json_t *e = enrolment_json(r->srv->reader, id);
	if (!e) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, status, with_provider(r, e));
}

static void written(struct req *r, int result, int status)
{
	struct enrolment_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, st->refusal_field);
		return;
	}
	reply_enrolment(r, status, st->id);
}
static void created(struct req *r, int result) { written(r, result, 201); }
static void changed(struct req *r, int result) { written(r, result, 200); }

/* ---- the job seeker ---- */

static int apply_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct enrolment_state *st = r->state;
	int64_t now = now_seconds();
	struct training_row t;
	/* The state again, inside the transaction: it may have moved on. */
	if (training_fetch(db, st->training_id, &t) != 1)
		return WRITE_STORE_ERROR;
	if (strcmp(t.state, "open")) {
		st->refusal = ERR_REGISTRATION_CLOSED;
		return WRITE_REFUSED;
	}
	int rc = enrolment_insert(db, st->training_id, st->seeker_id, now, &st->id);
	if (rc == 1) {
		st->refusal = ERR_ALREADY_ENROLLED;
		return WRITE_REFUSED;
	}
	if (rc < 0 || audit_record(db, r->who.account_id, "enrolment.create", "enrolment", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void enrolment_apply(struct req *r)
{
	struct enrolment_state *st = state_new(r);
	if (!st)
		return;
	struct dbconn *db = r->srv->reader;
	int found = seeker_id_of_account(db, r->who.account_id, &st->seeker_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_PROFILE_MISSING, NULL);
		return;
	}
	st->training_id = req_param_id(r, 0);
	found = st->training_id > 0 ? training_fetch(db, st->training_id, &st->training) : 0;
	int public = found > 0 && strcmp(st->training.provider_kind, "office")
		? organisation_public(db, st->training.provider_id)
		: 1;
	if (found < 0 || public < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	if (!found || !public || !strcmp(st->training.state, "draft")) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	if (strcmp(st->training.state, "open") || strcmp(today, st->training.registration_opens) < 0 ||
	    strcmp(today, st->training.registration_closes) > 0) {
		req_fail(r, ERR_REGISTRATION_CLOSED, NULL);
		return;
	}
	char kabkota[8], why[16];
	region_kabkota_dotted(r->srv->cfg->kabkota_code, kabkota);
	int fits = training_fits(db, &st->training, st->seeker_id, kabkota, why);
	if (fits <= 0) {
		/* The profile field that does not fit. */
		const char *field = !strcmp(why, "education") ? "education_level"
			: !strcmp(why, "domicile")            ? "kecamatan_code"
							      : "birth_date";
		req_fail(r, fits < 0 ? ERR_STORE : ERR_NOT_ELIGIBLE, fits < 0 ? NULL : field);
		return;
	}
	if (r->srv->cfg->card_required_to_enrol) {
		int64_t card;
		found = card_active_of_seeker(db, st->seeker_id, &card);
		if (found <= 0) {
			req_fail(r, found < 0 ? ERR_STORE : ERR_CARD_REQUIRED, NULL);
			return;
		}
	}
	req_write(r, apply_write, created);
}

static int withdraw_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct enrolment_state *st = r->state;
	int64_t now = now_seconds();
	struct enrolment_row e;
	struct training_row t;
	if (enrolment_fetch(db, st->id, &e) != 1 || training_fetch(db, e.training_id, &t) != 1)
		return WRITE_STORE_ERROR;
	/* Once the training runs, leaving is dropping out: the provider records it. */
	if (strcmp(t.state, "open") ||
	    (strcmp(e.state, "applied") && strcmp(e.state, "waitlisted") && strcmp(e.state, "accepted"))) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	if (enrolment_set_state(db, st->id, e.state, "withdrawn", NULL, r->who.account_id, now) != 0 ||
	    (!strcmp(e.state, "accepted") && enrolment_promote_waitlist(db, r->srv->cfg, &t, now) < 0) ||
	    audit_record(db, r->who.account_id, "enrolment.withdraw", "enrolment", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void enrolment_withdraw(struct req *r)
{
	struct enrolment_state *st = state_new(r);
	if (!st)
		return;
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? enrolment_fetch(r->srv->reader, st->id, &st->row) : 0;
	if (found <= 0 || st->row.account_id != r->who.account_id) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	req_write(r, withdraw_write, changed);
}

static void reply_items(struct req *r, json_t *items, int limit)
{
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	size_t i;
	json_t *e;
	json_array_foreach (items, i, e)
		with_provider(r, e);
	list_reply(r, items, limit);
}

void enrolment_list_own(struct req *r)
{
	struct list_page page;
	int64_t seeker_id;
	if (list_page_parse(r, &page) < 0)
		return;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	if (found < 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	reply_items(r, found ? enrolment_own_json(r->srv->reader, seeker_id, page.cursor, page.limit) : json_array(),
	            page.limit);
}

/* ---- the provider ---- */

/* The enrolment named in the path, of a training the caller manages. */
static int managed_enrolment(struct req *r, struct enrolment_state *st)
{
	st->id = req_param_id(r, 0);
	int found = st->id > 0 ? enrolment_fetch(r->srv->reader, st->id, &st->row) : 0;
	if (found > 0)
		found = training_fetch(r->srv->reader, st->row.training_id, &st->training);
	if (found <= 0 || !training_managed_by(r, &st->training)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return -1;
	}
	return 0;
}

json_t *enrolment_participant_item(const struct req *r, const struct store_row *row)
{
	struct masked_rows one = {&r->srv->keys, json_array()};
	masked_rows_add(row, &one);
	json_t *item = json_incref(json_array_get(one.items, 0));
	json_decref(one.items);
	return item;
}

/* The participants list an LPK prints or files: the nominative list with
 * attendance and results (NIK masked, as on the screen). */
static void reply_participants(struct req *r, const char *format, const struct training_row *t, json_t *items)
{
	static const char *const states[] = {
		"applied",   "Mendaftar",      "accepted",  "Diterima",          "waitlisted", "Cadangan",
		"rejected",  "Tidak diterima", "withdrawn", "Mengundurkan diri", "cancelled",  "Dibatalkan",
		"completed", "Selesai",        "dropped",   "Tidak selesai",     NULL};
	static const char *const results[] = {"competent", "Kompeten", "not_yet_competent", "Belum kompeten", NULL};
	static const char *const sexes[] = {"M", "L", "F", "P", NULL};
	static const struct export_column columns[] = {
		{"name", "Nama", NULL},
		{"nik_masked", "NIK", NULL},
		{"gender", "L/P", sexes},
		{"birth_date", "Tanggal lahir", NULL},
		{"education_level", "Pendidikan", export_reference},
		{"kecamatan", "Kecamatan", NULL},
		{"phone", "Nomor HP", NULL},
		{"state", "Status", states},
		{"attended", "Hadir (sesi)", NULL},
		{"result", "Hasil uji kompetensi", results},
		{NULL, NULL, NULL},
	};
	char period[48];
	snprintf(period, sizeof period, "%s s.d. %s", t->start_date, t->end_date);
	export_list_reply(r, format, "Daftar peserta pelatihan", period, "participants", t->title, items, columns);
}

void enrolment_list_for_training(struct req *r)
{
	static const char *const states[] = {"applied",   "accepted",  "waitlisted", "rejected", "withdrawn",
	                                     "cancelled", "completed", "dropped",    NULL};
	struct training_row t;
	struct list_page page;
	int64_t id = req_param_id(r, 0);
	int found = id > 0 ? training_fetch(r->srv->reader, id, &t) : 0;
	if (found <= 0 || (!training_managed_by(r, &t) && !(r->who.role & ROLES_STAFF))) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (list_page_parse(r, &page) < 0)
		return;
	const char *state, *format;
	if (req_query_choice(r, "state", states, &state) < 0)
		return;
	int exporting = export_requested(r, &format, &page);
	if (exporting < 0)
		return;
	struct masked_rows p = {&r->srv->keys, json_array()};
	if (enrolment_each_for_training(r->srv->reader, id, state, page.cursor, page.limit + 1, masked_rows_add, &p) <
	    0) {
		json_decref(p.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	/* A file of people leaves the system: audited whoever takes it. */
	if (exporting)
		audit_read(r->srv, r->who.account_id, "enrolment.export", "training", id);
	else if (r->who.role & ROLES_STAFF)
		audit_read(r->srv, r->who.account_id, "enrolment.list_read", "training", id);
	if (!exporting) {
		list_reply(r, p.items, page.limit);
		return;
	}
	reply_participants(r, format, &t, p.items);
}

static const struct field_spec decide_fields[] = {
	{"state", FIELD_STRING, 1, 12},
	{"note", FIELD_STRING, 0, 250},
	{NULL, 0, 0, 0},
};

/* Selection happens while registration is open: applied → accepted |
 * waitlisted | rejected, waitlisted → accepted | rejected, and an
 * acceptance may be taken back (its place goes to the waitlist). */
static int decision_allowed(const char *from, const char *to)
{
	if (!strcmp(from, "applied"))
		return 1;
	if (!strcmp(from, "waitlisted"))
		return strcmp(to, "waitlisted") != 0;
	return !strcmp(from, "accepted") && !strcmp(to, "rejected");
}

static int decide_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct enrolment_state *st = r->state;
	int64_t now = now_seconds();
	struct enrolment_row e;
	struct training_row t;
	if (enrolment_fetch(db, st->id, &e) != 1 || training_fetch(db, e.training_id, &t) != 1)
		return WRITE_STORE_ERROR;
	st->refusal = ERR_STATE;
	if (strcmp(t.state, "open") || !decision_allowed(e.state, st->to))
		return WRITE_REFUSED;
	if (!strcmp(st->to, "accepted")) {
		int taken = training_places_taken(db, t.id);
		if (taken < 0)
			return WRITE_STORE_ERROR;
		if (taken >= t.quota) {
			st->refusal = ERR_QUOTA_FULL;
			return WRITE_REFUSED;
		}
	}
	static const struct {
		const char *state, *subject, *what;
	} notices[] = {
		{"accepted", "Anda diterima dalam pelatihan", "Selamat, Anda diterima sebagai peserta pelatihan."},
		{"waitlisted", "Anda masuk daftar tunggu pelatihan",
	         "Kuota pelatihan sudah terisi; Anda masuk daftar tunggu dan akan diberi tahu bila ada tempat."},
		{"rejected", "Hasil seleksi pelatihan",
	         "Mohon maaf, Anda belum terpilih sebagai peserta pelatihan ini."},
	};
	char detail[64];
	snprintf(detail, sizeof detail, "{\"state\":\"%s\"}", st->to);
	if (enrolment_set_state(db, st->id, e.state, st->to, *st->note ? st->note : NULL, r->who.account_id, now) != 0)
		return WRITE_STORE_ERROR;
	for (size_t i = 0; i < sizeof notices / sizeof notices[0]; i++)
		if (!strcmp(notices[i].state, st->to) &&
		    enrolment_tell(db, r->srv->cfg, st->id, notices[i].subject, notices[i].what, now) < 0)
			return WRITE_STORE_ERROR;
	if ((!strcmp(e.state, "accepted") && enrolment_promote_waitlist(db, r->srv->cfg, &t, now) < 0) ||
	    audit_record(db, r->who.account_id, "enrolment.decide", "enrolment", st->id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void enrolment_decide(struct req *r)
{
	struct enrolment_state *st = state_new(r);
	if (!st || req_body_check(r, decide_fields) < 0 || managed_enrolment(r, st) < 0)
		return;
	const char *to = body_str(r->body, "state"), *note = body_str(r->body, "note");
	if (strcmp(to, "accepted") && strcmp(to, "waitlisted") && strcmp(to, "rejected")) {
		req_fail(r, ERR_FIELD_INVALID, "state");
		return;
	}
	if (note && valid_text(note, 250) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "note");
		return;
	}
	snprintf(st->to, sizeof st->to, "%s", to);
	snprintf(st->note, sizeof st->note, "%s", note ? note : "");
	req_write(r, decide_write, changed);
}

/* ---- attendance and results ---- */

static const struct field_spec attendance_fields[] = {
	{"session", FIELD_INTEGER, 1, 0},
	{"present", FIELD_ARRAY, 0, 10000},
	{"absent", FIELD_ARRAY, 0, 10000},
	{NULL, 0, 0, 0},
};

/* The ids of a JSON array of positive integers; -1 when one is not. */
static int ids_of(const json_t *array, int64_t **out, size_t *n)
{
	*n = json_array_size(array);
	*out = calloc(*n ? *n : 1, sizeof **out);
	if (!*out)
		return -2;
	size_t i;
	json_t *v;
	json_array_foreach (array, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return -1;
		(*out)[i] = json_integer_value(v);
	}
	return 0;
}

static int attendance_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct enrolment_state *st = r->state;
	int64_t now = now_seconds();
	struct training_row t;
	if (training_fetch(db, st->training_id, &t) != 1)
		return WRITE_STORE_ERROR;
	if (strcmp(t.state, "running")) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	for (int pass = 0; pass < 2; pass++) {
		const int64_t *ids = pass ? st->absent : st->present;
		size_t n = pass ? st->nabsent : st->npresent;
		for (size_t i = 0; i < n; i++) {
			struct enrolment_row e;
			int found = enrolment_fetch(db, ids[i], &e);
			if (found < 0)
				return WRITE_STORE_ERROR;
			/* Only participants of this training are on its register. */
			if (!found || e.training_id != t.id || strcmp(e.state, "accepted")) {
				st->refusal = ERR_NOT_ENROLLED;
				st->refusal_field = pass ? "absent" : "present";
				return WRITE_REFUSED;
			}
			if (attendance_upsert(db, ids[i], st->session, !pass, r->who.account_id, now) < 0)
				return WRITE_STORE_ERROR;
		}
	}
	char detail[80];
	snprintf(detail, sizeof detail, "{\"session\":%d,\"present\":%zu,\"absent\":%zu}", st->session, st->npresent,
	         st->nabsent);
	return audit_record(db, r->who.account_id, "training.attendance", "training", t.id, detail, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void attendance_done(struct req *r, int result)
{
	struct enrolment_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, st->refusal_field);
		return;
	}
	req_reply(r, 200,
	          json_pack("{s:I, s:i, s:I, s:I}", "training_id", (json_int_t)st->training_id, "session", st->session,
	                    "present", (json_int_t)st->npresent, "absent", (json_int_t)st->nabsent));
}

void enrolment_record_attendance(struct req *r)
{
	struct enrolment_state *st = state_new(r);
	if (!st || req_body_check(r, attendance_fields) < 0)
		return;
	st->training_id = req_param_id(r, 0);
	int found = st->training_id > 0 ? training_fetch(r->srv->reader, st->training_id, &st->training) : 0;
	if (found <= 0 || !training_managed_by(r, &st->training)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	long long session = body_int(r->body, "session", 0);
	if (session < 1 || session > st->training.sessions) {
		req_fail(r, ERR_FIELD_INVALID, "session");
		return;
	}
	st->session = (int)session;
	int bad_present = ids_of(json_object_get(r->body, "present"), &st->present, &st->npresent);
	int bad_absent = bad_present ? 0 : ids_of(json_object_get(r->body, "absent"), &st->absent, &st->nabsent);
	if (bad_present == -2 || bad_absent == -2) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	if (bad_present || bad_absent || st->npresent + st->nabsent == 0) {
		req_fail(r, ERR_FIELD_INVALID, bad_absent ? "absent" : "present");
		return;
	}
	/* One mark per person per session. */
	for (size_t i = 0; i < st->npresent; i++)
		for (size_t j = 0; j < st->nabsent; j++)
			if (st->present[i] == st->absent[j]) {
				req_fail(r, ERR_FIELD_INVALID, "absent");
				return;
			}
	req_write(r, attendance_write, attendance_done);
}

static const struct field_spec result_fields[] = {
	{"completion", FIELD_STRING, 1, 12},
	{"competency", FIELD_STRING, 0, 20},
	{NULL, 0, 0, 0},
};

static int result_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct enrolment_state *st = r->state;
	int64_t now = now_seconds();
	struct enrolment_row e;
	struct training_row t;
	if (enrolment_fetch(db, st->id, &e) != 1 || training_fetch(db, e.training_id, &t) != 1)
		return WRITE_STORE_ERROR;
	if (strcmp(t.state, "running") && strcmp(t.state, "finished")) {
		st->refusal = ERR_STATE;
		return WRITE_REFUSED;
	}
	if (strcmp(e.state, "accepted") && strcmp(e.state, "completed") && strcmp(e.state, "dropped")) {
		st->refusal = ERR_NOT_ENROLLED;
		return WRITE_REFUSED;
	}
	int completing = !strcmp(st->to, "completed");
	if (completing && e.attended * 100 < r->srv->cfg->training_min_attendance_percent * t.sessions) {
		st->refusal = ERR_ATTENDANCE_SHORT;
		return WRITE_REFUSED;
	}
	char detail[320];
	snprintf(detail, sizeof detail, "{\"completion\":\"%s\",\"competency\":\"%s\"}", st->to, st->note);
	if (enrolment_set_result(db, st->id, st->to, *st->note ? st->note : NULL, now) != 0 ||
	    audit_record(db, r->who.account_id, "enrolment.result", "enrolment", st->id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

void enrolment_record_result(struct req *r)
{
	struct enrolment_state *st = state_new(r);
	if (!st || req_body_check(r, result_fields) < 0 || managed_enrolment(r, st) < 0)
		return;
	const char *completion = body_str(r->body, "completion"), *competency = body_str(r->body, "competency");
	if (strcmp(completion, "completed") && strcmp(completion, "dropped")) {
		req_fail(r, ERR_FIELD_INVALID, "completion");
		return;
	}
	/* A competency result belongs to someone who completed. */
	if (competency &&
	    (strcmp(completion, "completed") ||
	     (strcmp(competency, "competent") && strcmp(competency, "not_yet_competent")))) {
		req_fail(r, ERR_FIELD_INVALID, "competency");
		return;
	}
	snprintf(st->to, sizeof st->to, "%s", completion);
	snprintf(st->note, sizeof st->note, "%s", competency ? competency : "");
	req_write(r, result_write, changed);
}
