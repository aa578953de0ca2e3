/* Certificates: recorded by the training's provider or an officer for a
 * participant who completed (a BNSP certificate: who was found
 * competent); the holder lists them; anyone checks one by number and
 * learns only the number, the holder's masked name, the scheme and
 * whether it is valid. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_store.h"
#include "audit.h"
#include "body.h"
#include "certificate.h"
#include "verify_page.h"
#include "certificate_store.h"
#include "http.h"
#include "list.h"
#include "notification.h"
#include "notification_store.h"
#include "mask.h"
#include "seeker.h"
#include "seeker_store.h"
#include "server.h"
#include "store.h"
#include "training.h"
#include "training_store.h"
#include "validate.h"

int certificate_number_normalize(const char *in, char out[CERTIFICATE_NUMBER_MAX + 1])
{
	size_t n = 0;
	int space = 0;
	for (const char *p = in; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ') {
			space = n > 0;
			continue;
		}
		if (!isalnum(c) && c != '.' && c != '/' && c != '-')
			return -1;
		if (n + 1 + (size_t)space > CERTIFICATE_NUMBER_MAX)
			return -1;
		if (space)
			out[n++] = ' ';
		space = 0;
		out[n++] = (char)toupper(c);
	}
	out[n] = '\0';
	return n >= 3 ? 0 : -1;
}

static const struct field_spec fields[] = {
	{"kind", FIELD_STRING, 1, 8},
	{"number", FIELD_STRING, 1, 128},
	{"scheme", FIELD_STRING, 1, 120},
	{"lsp", FIELD_STRING, 0, 120},
	{"issued_on", FIELD_STRING, 1, 10},
	{"expires_on", FIELD_STRING, 0, 10},
	{NULL, 0, 0, 0},
};

struct certificate_state {
	struct certificate c;
	int64_t id;
	int refusal;
};

static int create_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct certificate_state *st = r->state;
	int64_t now = now_seconds();
	struct enrolment_row e;
	if (enrolment_fetch(db, st->c.enrolment_id, &e) != 1)
		return WRITE_STORE_ERROR;
	/* The office's certificate says the training was completed; a BNSP one
	 * that the person was assessed competent. */
	if (strcmp(e.state, "completed") || (!strcmp(st->c.kind, "bnsp") && strcmp(e.result, "competent"))) {
		st->refusal = ERR_NOT_COMPETENT;
		return WRITE_REFUSED;
	}
	st->c.seeker_id = e.seeker_id;
	int rc = certificate_insert(db, &st->c, now, &st->id);
	if (rc == 1) {
		st->refusal = ERR_CERTIFICATE_TAKEN;
		return WRITE_REFUSED;
	}
	if (rc < 0 || audit_record(db, r->who.account_id, "certificate.create", "certificate", st->id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	if (e.account_id) {
		char paragraph[256];
		snprintf(paragraph, sizeof paragraph, "Sertifikat Anda sudah tercatat: %s, nomor %s.", st->c.scheme,
		         st->c.number);
		struct notification n = {"training", "Sertifikat tercatat", paragraph, "certificate", st->id};
		if (notification_send(db, r->srv->cfg, e.account_id, &n, now) < 0)
			return WRITE_STORE_ERROR;
	}
	return WRITE_OK;
}

static void created(struct req *r, int result)
{
	struct certificate_state *st = r->state;
	if (result != WRITE_OK) {
		req_fail(r, result == WRITE_REFUSED ? (enum err)st->refusal : ERR_STORE, NULL);
		return;
	}
	json_t *c = certificate_json(r->srv->reader, st->id);
	if (!c) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	req_reply(r, 201, c);
}

void certificate_create(struct req *r)
{
	struct certificate_state *st = req_state_new(r, sizeof(struct certificate_state), NULL);
	if (!st || req_body_check(r, fields) < 0)
		return;
	struct certificate *c = &st->c;
	struct enrolment_row e;
	struct training_row t;
	c->enrolment_id = req_param_id(r, 0);
	int found = c->enrolment_id > 0 ? enrolment_fetch(r->srv->reader, c->enrolment_id, &e) : 0;
	if (found > 0)
		found = training_fetch(r->srv->reader, e.training_id, &t);
	if (found <= 0 || !training_managed_by(r, &t)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	const char *kind = body_str(r->body, "kind"), *scheme = body_str(r->body, "scheme"),
		   *lsp = body_str(r->body, "lsp"), *expires = body_str(r->body, "expires_on");
	if (strcmp(kind, "office") && strcmp(kind, "bnsp")) {
		req_fail(r, ERR_FIELD_INVALID, "kind");
		return;
	}
	/* ESKILLUP/ numbers are the office's own, made when an online course is completed. */
	if (certificate_number_normalize(body_str(r->body, "number"), c->number) < 0 ||
	    !strncmp(c->number, "ESKILLUP/", 9)) {
		req_fail(r, ERR_FIELD_INVALID, "number");
		return;
	}
	if (valid_text(scheme, 120) < 0) {
		req_fail(r, ERR_FIELD_INVALID, "scheme");
		return;
	}
	/* A BNSP certificate names the LSP that assessed and when it lapses. */
	if ((lsp && valid_text(lsp, 120) < 0) || (!lsp && !strcmp(kind, "bnsp"))) {
		req_fail(r, lsp ? ERR_FIELD_INVALID : ERR_FIELD_MISSING, "lsp");
		return;
	}
	struct date issued, until, start, today = date_today(r->srv->cfg->utc_offset_minutes);
	if (date_parse(body_str(r->body, "issued_on"), &issued) < 0 || date_compare(issued, today) > 0 ||
	    date_parse(t.start_date, &start) < 0 || date_compare(issued, start) < 0) {
		req_fail(r, ERR_DATE_INVALID, "issued_on");
		return;
	}
	if ((expires && (date_parse(expires, &until) < 0 || date_compare(until, issued) <= 0)) ||
	    (!expires && !strcmp(kind, "bnsp"))) {
		req_fail(r, expires ? ERR_DATE_INVALID : ERR_FIELD_MISSING, "expires_on");
		return;
	}
	snprintf(c->kind, sizeof c->kind, "%s", kind);
	snprintf(c->scheme, sizeof c->scheme, "%s", scheme);
	snprintf(c->lsp, sizeof c->lsp, "%s", lsp ? lsp : "");
	date_format(issued, c->issued_on);
	if (expires)
		date_format(until, c->expires_on);
	c->recorded_by = r->who.account_id;
	req_write(r, create_write, created);
}

void certificate_list_own(struct req *r)
{
	struct list_page page;
	int64_t seeker_id;
	if (list_page_parse(r, &page) < 0)
		return;
	int found = seeker_id_of_account(r->srv->reader, r->who.account_id, &seeker_id);
	json_t *items = found > 0 ? certificate_own_json(r->srv->reader, seeker_id, page.cursor, page.limit)
		: found == 0      ? json_array()
				  : NULL;
	if (!items) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	list_reply(r, items, page.limit);
}

void certificate_verify_public(struct req *r)
{
	char number[CERTIFICATE_NUMBER_MAX + 1], holder[256];
	const char *asked = req_query(r, "number");
	if (!asked) {
		req_fail(r, ERR_QUERY_INVALID, "number");
		return;
	}
	struct certificate_check c;
	int found = certificate_number_normalize(asked, number) == 0 ? certificate_lookup(r->srv->reader, number, &c)
								     : 0;
	int html = req_wants_html(r);
	if (found < 0 || (found == 0 && !html)) {
		req_fail(r, found < 0 ? ERR_STORE : ERR_NOT_FOUND, NULL);
		return;
	}
	if (!found) {
		struct verify_page p = {
			"Verifikasi Sertifikat", 0, 0, "Sertifikat dengan nomor ini tidak tercatat.", {{NULL}}};
		verify_page_reply(r, &p);
		return;
	}
	name_mask(c.holder, holder, sizeof holder);
	char today[DATE_LEN + 1];
	date_format(date_today(r->srv->cfg->utc_offset_minutes), today);
	int valid = !*c.expires_on || strcmp(today, c.expires_on) <= 0;
	if (html) {
		struct date until;
		char until_words[32];
		const char *shown = "Tanpa batas waktu";
		if (*c.expires_on && date_parse(c.expires_on, &until) == 0) {
			date_words(until, until_words);
			shown = until_words;
		}
		struct verify_page p = {"Verifikasi Sertifikat",
		                        1,
		                        valid,
		                        valid ? "Berlaku" : "Tidak berlaku: masa berlaku sudah habis.",
		                        {{"Nomor sertifikat", c.number},
		                         {"Pemegang", holder},
		                         {"Skema", c.scheme},
		                         {"Berlaku sampai", shown},
		                         {NULL, NULL}}};
		verify_page_reply(r, &p);
		return;
	}
	req_reply(r, 200,
	          json_pack("{s:s, s:s, s:s, s:o, s:b}", "number", c.number, "holder", holder, "scheme", c.scheme,
	                    "valid_until", *c.expires_on ? json_string(c.expires_on) : json_null(), "valid", valid));
}
