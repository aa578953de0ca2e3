/* The AK/I card: the holder's view, the PDF, reports, removal, public
 * verification, the overdue list and the daily expiry job. */
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "card.h"
#include "verify_page.h"
#include "mask.h"
#include "card_pdf.h"
#include "card_store.h"
#include "document.h"
#include "document_store.h"
#include "http.h"
#include "notification.h"
#include "notification_store.h"
#include "list.h"
#include "log.h"
#include "nik.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "validate.h"

int card_number_format(const char *format, const char *kabkota, int64_t serial, struct date issued, char *out,
                       size_t cap)
{
	size_t n = 0;
	for (const char *p = format; *p;) {
		char piece[32];
		if (*p != '{') {
			piece[0] = *p++;
			piece[1] = '\0';
		} else {
			const char *close = strchr(p, '}');
			int width = 0;
			if (!close)
				return -1;
			size_t len = (size_t)(close - p - 1);
			if (len == 7 && !strncmp(p + 1, "kabkota", 7))
				snprintf(piece, sizeof piece, "%s", kabkota);
			else if (len >= 6 && !strncmp(p + 1, "serial", 6) &&
			         (len == 6 ||
			          (p[7] == ':' && sscanf(p + 8, "%d", &width) == 1 && width > 0 && width < 20)))
				snprintf(piece, sizeof piece, "%0*lld", width, (long long)serial);
			else if (len == 6 && !strncmp(p + 1, "ddmmyy", 6))
				snprintf(piece, sizeof piece, "%02d%02d%02d", issued.day, issued.month,
				         issued.year % 100);
			else if (len == 4 && !strncmp(p + 1, "yyyy", 4))
				snprintf(piece, sizeof piece, "%04d", issued.year);
			else if (len == 2 && !strncmp(p + 1, "mm", 2))
				snprintf(piece, sizeof piece, "%02d", issued.month);
			else if (len == 2 && !strncmp(p + 1, "dd", 2))
				snprintf(piece, sizeof piece, "%02d", issued.day);
			else
				return -1;
			p = close + 1;
		}
		size_t len = strlen(piece);
		if (n + len + 1 > cap)
			return -1;
		memcpy(out + n, piece, len);
		n += len;
	}
	out[n] = '\0';
	return n ? 0 : -1;
}

static int own_seeker(struct req *r, int64_t *seeker_id)
{
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, seeker_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NO_CARD, NULL);
		return -1;
	}
	return 0;
}

void card_get_own(struct req *r)
{
	int64_t seeker_id, card_id;
	if (own_seeker(r, &seeker_id) < 0)
		return;
	int found = card_latest_of_seeker(r->srv->reader, seeker_id, &card_id);
	json_t *card = found > 0 ? card_json(r->srv->reader, card_id) : NULL;
	if (!card) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NO_CARD, NULL);
		return;
	}
	req_reply(r, 200, card);
}

/* ---- the PDF, rendered on the pool ---- */

struct pdf_state {
	struct card_print print;
	struct stored_document photo;
	int has_photo;
	unsigned char *pdf;
	size_t len;
	int rc;
};

static void pdf_state_free(void *p)
{
	struct pdf_state *st = p;
	if (st) {
		free(st->photo.content);
		free(st->pdf);
	}
	free(st);
}

static void pdf_render(struct req *r)
{
	struct pdf_state *st = r->state;
	st->rc = card_pdf_render(&st->print, &st->pdf, &st->len);
}

static void pdf_rendered(struct req *r)
{
	struct pdf_state *st = r->state;
	if (st->rc < 0) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	char name[64];
	snprintf(name, sizeof name, "kartu-ak1-%s.pdf", st->print.number);
	for (char *p = name; *p; p++)
		if (*p == ' ')
			*p = '-';
	req_reply_file(r, "application/pdf", st->pdf, st->len, name);
}

/* Gathers what the card shows (on the loop: reads only) and renders it on
 * the pool. */
static void render_card(struct req *r, int64_t card_id)
{
	struct pdf_state *st = req_state_new(r, sizeof *st, pdf_state_free);
	if (!st)
		return;
	int64_t seeker_id, account_id;
	char nik[17];
	int found = card_print_data(r->srv->reader, card_id, &st->print, &seeker_id, &account_id);
	if (found == 2) {
		req_fail(r, ERR_PERSON_DELETED, NULL);
		return;
	}
	if (found <= 0 || seeker_nik(r->srv->reader, &r->srv->keys, seeker_id, nik) < 0) {
		req_fail(r, found == 0 ? ERR_NOT_FOUND : ERR_STORE, NULL);
		return;
	}
	snprintf(st->print.nik, sizeof st->print.nik, "%s", nik);
	sodium_memzero(nik, sizeof nik);
	snprintf(st->print.office, sizeof st->print.office, "%s", r->srv->cfg->office_name);
	char key[48];
	size_t k = 0;
	for (const char *p = st->print.number; *p && k + 1 < sizeof key; p++)
		if (*p != ' ')
			key[k++] = *p;
	key[k] = '\0';
	snprintf(st->print.font_dir, sizeof st->print.font_dir, "%s", r->srv->cfg->pdf_font_dir);
	snprintf(st->print.verify_url, sizeof st->print.verify_url, "%s/v1/verify/cards/%s",
	         r->srv->cfg->public_base_url, key);
	if (account_id && document_fetch_kind(r->srv->reader, account_id, "photo", &st->photo) == 1) {
		st->print.photo = st->photo.content;
		st->print.photo_len = st->photo.len;
		st->print.photo_png = !strcmp(st->photo.media_type, "image/png");
	}
	req_pool(r, pdf_render, pdf_rendered);
}

void card_pdf_own(struct req *r)
{
	int64_t seeker_id, card_id;
	if (own_seeker(r, &seeker_id) < 0)
		return;
	int found = card_latest_of_seeker(r->srv->reader, seeker_id, &card_id);
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NO_CARD, NULL);
		return;
	}
	render_card(r, card_id);
}

void card_pdf_staff(struct req *r)
{
	int64_t id = req_param_id(r, 0);
	if (id < 0) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "card.print", "card", id);
	render_card(r, id);
}

/* ---- reports ---- */

static const struct field_spec report_fields[] = {
	{"status", FIELD_STRING, 1, 16},
	{"employer", FIELD_STRING, 0, 100},
	{"position", FIELD_STRING, 0, 100},
	{"start_date", FIELD_STRING, 0, 10},
	{NULL, 0, 0, 0},
};

struct report_state {
	int64_t card_id;
	int seq;
	int placed;
	char today[DATE_LEN + 1];
};

static int report_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct report_state *st = r->state;
	int64_t now = now_seconds();
	const char *status = body_str(r->body, "status");
	if (card_report_fill(db, st->card_id, st->seq, st->today, status, body_str(r->body, "employer"),
	                     body_str(r->body, "position"), body_str(r->body, "start_date")) < 0)
		return WRITE_STORE_ERROR;
	/* Reporting a job ends the card as placed, dated by the job's start. */
	if (st->placed && card_end(db, st->card_id, "placed", "placed", body_str(r->body, "start_date")) != 0)
		return WRITE_STORE_ERROR;
	char detail[64];
	snprintf(detail, sizeof detail, "{\"seq\":%d,\"status\":\"%s\"}", st->seq, status);
	return audit_record(db, r->who.account_id, "card.report", "card", st->card_id, detail, now) == 0
		? WRITE_OK
		: WRITE_STORE_ERROR;
}

static void report_written(struct req *r, int result)
{
	struct report_state *st = r->state;
	json_t *card = result == WRITE_OK ? card_json(r->srv->reader, st->card_id) : NULL;
	if (!card) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, card);
}

void card_report(struct req *r)
{
	if (req_body_check(r, report_fields) < 0)
		return;
	const char *status = body_str(r->body, "status");
	int placed = !strcmp(status, "placed");
	if (!placed && strcmp(status, "still_looking")) {
		req_fail(r, ERR_FIELD_INVALID, "status");
		return;
	}
	struct date today = date_today(r->srv->cfg->utc_offset_minutes), start;
	static const char *const job_fields[] = {"employer", "position", NULL};
	for (const char *const *f = job_fields; *f; f++) {
		const char *v = body_str(r->body, *f);
		if (placed && !v) {
			req_fail(r, ERR_FIELD_MISSING, *f);
			return;
		}
		if (v && (!placed || valid_text(v, 100) < 0)) {
			req_fail(r, ERR_FIELD_INVALID, *f);
			return;
		}
	}
	const char *start_text = body_str(r->body, "start_date");
	if (placed && !start_text) {
		req_fail(r, ERR_FIELD_MISSING, "start_date");
		return;
	}
	if (start_text &&
	    (!placed || date_parse(start_text, &start) < 0 ||
	     date_compare(start, date_add_days(today, CARD_REPORT_EARLY_DAYS)) > 0)) {
		req_fail(r, ERR_DATE_INVALID, "start_date");
		return;
	}
	struct report_state *st = req_state_new(r, sizeof *st, NULL);
	if (!st)
		return;
	st->placed = placed;
	date_format(today, st->today);
	int64_t seeker_id;
	if (own_seeker(r, &seeker_id) < 0)
		return;
	int found = card_active_of_seeker(r->srv->reader, seeker_id, &st->card_id);
	if (found == 0) {
		/* A card that has ended (placed, expired, removed) reports nothing:
		 * say that, not that there is no card. */
		int64_t ended;
		found = card_latest_of_seeker(r->srv->reader, seeker_id, &ended);
		if (found >= 0) {
			req_fail(r, found ? ERR_CARD_ENDED : ERR_NO_CARD, NULL);
			return;
		}
	}
	if (found <= 0) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	char window[DATE_LEN + 1];
	date_format(date_add_days(today, CARD_REPORT_EARLY_DAYS), window);
	found = card_report_due(r->srv->reader, st->card_id, window, &st->seq);
	/* Placement may be reported at any time; "still looking" only when a
	 * report is due. */
	if (found == 0 && placed) {
		found = card_report_due(r->srv->reader, st->card_id, "9999-12-31", &st->seq);
	}
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_REPORT_NOT_DUE, NULL);
		return;
	}
	req_write(r, report_write, report_written);
}

/* ---- officers: overdue reports, removal ---- */

struct overdue_ctx {
	struct req *r;
	json_t *items;
};

static void add_overdue(json_t *row, int64_t seeker_id, void *arg)
{
	struct overdue_ctx *o = arg;
	char nik[17], masked[17] = "";
	if (seeker_nik(o->r->srv->reader, &o->r->srv->keys, seeker_id, nik) == 0) {
		nik_mask(nik, masked);
		sodium_memzero(nik, sizeof nik);
	}
	json_object_set_new(row, "nik_masked", json_string(masked));
	json_array_append_new(o->items, row);
}

void card_overdue_list(struct req *r)
{
	struct list_page page;
	if (list_page_parse(r, &page) < 0)
		return;
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	struct overdue_ctx o = {r, json_array()};
	if (card_overdue(r->srv->reader, today, page.cursor, page.limit + 1, add_overdue, &o) < 0) {
		json_decref(o.items);
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	audit_read(r->srv, r->who.account_id, "card.overdue_read", "card", 0);
	list_reply(r, o.items, page.limit);
}

static const struct field_spec removal_fields[] = {
	{"reason", FIELD_STRING, 1, 16},
	{"note", FIELD_STRING, 0, 255},
	{NULL, 0, 0, 0},
};

static int removal_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	int64_t id = req_param_id(r, 0), now = now_seconds();
	char today[DATE_LEN + 1], detail[300];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	const char *reason = body_str(r->body, "reason");
	int rc = card_end(db, id, "removed", reason, today);
	if (rc == 1)
		return WRITE_REFUSED;
	json_t *d = json_pack("{s:s}", "reason", reason);
	char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
	snprintf(detail, sizeof detail, "%s", text ? text : "{}");
	free(text);
	json_decref(d);
	if (rc < 0 || audit_record(db, r->who.account_id, "card.remove", "card", id, detail, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void removal_written(struct req *r, int result)
{
	json_t *card = result == WRITE_OK ? card_json(r->srv->reader, req_param_id(r, 0)) : NULL;
	if (!card) {
		req_fail(r, result == WRITE_REFUSED ? ERR_STATE : ERR_STORE, NULL);
		return;
	}
	req_reply(r, 200, card);
}

void card_remove(struct req *r)
{
	static const char *const reasons[] = {"not_reported", "moved", "deceased", "duplicate", "other", NULL};
	if (req_body_check(r, removal_fields) < 0)
		return;
	const char *reason = body_str(r->body, "reason");
	if (!valid_choice(reason, reasons)) {
		req_fail(r, ERR_FIELD_INVALID, "reason");
		return;
	}
	int64_t id = req_param_id(r, 0), seeker_id;
	char state[16];
	int found = id > 0 ? card_seeker(r->srv->reader, id, &seeker_id, state) : 0;
	if (found <= 0) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	req_write(r, removal_write, removal_written);
}

/* ---- public verification: number, status and validity, nothing else ---- */

void card_verify_public(struct req *r)
{
	char key[48], number[48], state[16], valid_until[16], holder[256], masked[256];
	size_t k = 0;
	int well_formed = 1;
	for (const char *p = r->param[0]; *p && well_formed; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || k + 1 >= sizeof key)
			well_formed = 0;
		else
			key[k++] = *p;
	}
	key[k] = '\0';
	int found = k && well_formed ? card_verify(r->srv->reader, key, number, state, valid_until, holder) : 0;
	int html = req_wants_html(r);
	if (found < 0 || (found == 0 && !html)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (!found) {
		struct verify_page p = {
			"Verifikasi Kartu AK/I", 0, 0, "Kartu dengan nomor ini tidak terdaftar.", {{NULL}}};
		verify_page_reply(r, &p);
		return;
	}
	name_mask(holder, masked, sizeof masked);
	struct date until, today = date_today(r->srv->cfg->utc_offset_minutes);
	int dated = date_parse(valid_until, &until) == 0;
	int valid = !strcmp(state, "active") && dated && date_compare(today, until) <= 0;
	if (html) {
		/* The state in words, as the holder and an employer say it. */
		const char *why = !strcmp(state, "placed") ? "Tidak berlaku: pemegang sudah ditempatkan bekerja."
			: !strcmp(state, "removed")        ? "Tidak berlaku: kartu dihapus dari daftar."
			: !strcmp(state, "replaced")       ? "Tidak berlaku: kartu sudah diganti dengan yang baru."
			: valid                            ? "Berlaku"
							   : "Tidak berlaku: masa berlaku sudah habis.";
		char until_words[32];
		if (dated)
			date_words(until, until_words);
		struct verify_page p = {"Verifikasi Kartu AK/I",
		                        1,
		                        valid,
		                        why,
		                        {{"Nomor kartu", number},
		                         {"Pemegang", masked},
		                         {"Berlaku sampai", dated ? until_words : valid_until},
		                         {NULL, NULL}}};
		verify_page_reply(r, &p);
		return;
	}
	req_reply(r, 200,
	          json_pack("{s:s, s:s, s:s, s:s, s:b}", "number", number, "holder", masked, "status", state,
	                    "valid_until", valid_until, "valid", valid));
}

/* ---- the daily job ---- */

static struct event *lifecycle_timer;

static int lifecycle_write(struct dbconn *db, void *arg)
{
	struct server *srv = arg;
	struct date today = date_today(srv->cfg->utc_offset_minutes);
	char today_text[DATE_LEN + 1], cutoff[DATE_LEN + 1];
	date_format(today, today_text);
	int expired = card_expire(db, today_text), removed = 0;
	if (srv->cfg->remove_unreported_after_days > 0) {
		date_format(date_add_days(today, -srv->cfg->remove_unreported_after_days), cutoff);
		removed = card_remove_unreported(db, cutoff, today_text);
	}
	if (expired < 0 || removed < 0)
		return WRITE_STORE_ERROR;
	char until[DATE_LEN + 1], since[DATE_LEN + 1];
	date_format(date_add_days(today, CARD_REPORT_REMIND_DAYS), until);
	date_format(date_add_days(today, -CARD_REPORT_EARLY_DAYS), since);
	int64_t now = now_seconds(), mark = notification_mark(db);
	int reminded = mark < 0 ? -1 : card_remind_reports(db, until, since, now);
	if (reminded < 0 || (reminded > 0 && notification_dispatch(db, srv->cfg, mark, now) < 0))
		return WRITE_STORE_ERROR;
	if (expired || removed) {
		char detail[64];
		snprintf(detail, sizeof detail, "{\"expired\":%d,\"not_reported\":%d}", expired, removed);
		if (audit_record(db, 0, "card.lifecycle", "card", 0, detail, now_seconds()) < 0)
			return WRITE_STORE_ERROR;
		log_info("card_lifecycle", "expired=%d removed_not_reported=%d", expired, removed);
	}
	return WRITE_OK;
}

static void lifecycle_done(void *arg, int result)
{
	(void)arg;
	if (result != WRITE_OK)
		log_warn("card_lifecycle", "result=%d", result);
}

static void on_lifecycle(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *srv = arg;
	if (srv->writer && !srv->shutting_down)
		writer_submit(srv->writer, lifecycle_write, lifecycle_done, srv);
}

/* Hourly, so that a card expires within an hour of its last valid day
 * ending in the office's time zone, whenever the daemon was started. */
int card_lifecycle_start(struct server *srv)
{
	lifecycle_timer = event_new(srv->base, -1, EV_PERSIST, on_lifecycle, srv);
	struct timeval hour = {3600, 0};
	if (!lifecycle_timer || event_add(lifecycle_timer, &hour) < 0)
		return -1;
	event_active(lifecycle_timer, EV_TIMEOUT, 0);
	return 0;
}

void card_lifecycle_stop(void)
{
	if (lifecycle_timer)
		event_free(lifecycle_timer);
	lifecycle_timer = NULL;
}
