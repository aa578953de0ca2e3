/* WhatsApp opt-in: nobody is written to on WhatsApp without a recorded
 * consent — which number, when, and the exact wording the person agreed
 * to.  The app shows the current wording (GET /v1/whatsapp/consent-wording)
 * and sends it back with the consent; a wording that changed meanwhile is
 * refused, so the record always holds what the person actually read.
 * Withdrawing (here, or by replying STOP, whatsapp.c) stops every message
 * not yet handed to the provider. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "body.h"
#include "config.h"
#include "http.h"
#include "notification.h"
#include "server.h"
#include "store.h"
#include "validate.h"
#include "wa_consent.h"
#include "wa_consent_store.h"

char *wa_consent_wording(const struct config *cfg)
{
	char *text = NULL;
	if (asprintf(&text,
	             "Saya setuju menerima pesan WhatsApp dari %s di nomor ini: pemberitahuan tentang layanan "
	             "saya, informasi lowongan kerja dan pelatihan. Saya dapat berhenti kapan saja dengan "
	             "membalas STOP atau melalui aplikasi.",
	             cfg->office_name) < 0)
		return NULL;
	return text;
}

/* GET /v1/whatsapp/consent-wording: public, so the app can show it before
 * anyone signs in. */
void wa_consent_wording_get(struct req *r)
{
	char *text = wa_consent_wording(r->srv->cfg);
	if (!text) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_reply(r, 200, json_pack("{s:s}", "wording", text));
	free(text);
}

struct consent_state {
	char phone[20];
	char *wording;
};

static void consent_state_free(void *p)
{
	struct consent_state *st = p;
	if (st)
		free(st->wording);
	free(st);
}

static int give_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	struct consent_state *st = r->state;
	int64_t now = now_seconds();
	/* A new number replaces the old consent; its pending messages go too. */
	if (wa_consent_withdraw_account(db, r->who.account_id, "person", now) < 0)
		return WRITE_STORE_ERROR;
	if (wa_consent_insert(db, r->who.account_id, st->phone, st->wording, now) < 0 ||
	    audit_record(db, r->who.account_id, "whatsapp.consent", "account", r->who.account_id, NULL, now) < 0)
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

static void consent_written(struct req *r, int result)
{
	if (result != WRITE_OK) {
		req_fail(r, ERR_STORE, NULL);
		return;
	}
	notification_preferences_get(r);
}

static const struct field_spec consent_fields[] = {
	{"phone", FIELD_STRING, 1, 32},
	{"wording", FIELD_STRING, 1, 2000},
	{NULL, 0, 0, 0},
};

/* PUT /v1/me/whatsapp-consent {"phone", "wording"}: answers with the
 * notification preferences, where the consent shows. */
void wa_consent_give(struct req *r)
{
	if (req_body_check(r, consent_fields) < 0)
		return;
	struct consent_state *st = req_state_new(r, sizeof *st, consent_state_free);
	if (!st)
		return;
	if (phone_normalize(body_str(r->body, "phone"), st->phone) < 0) {
		req_fail(r, ERR_PHONE_INVALID, "phone");
		return;
	}
	if (!(st->wording = wa_consent_wording(r->srv->cfg))) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	if (strcmp(st->wording, body_str(r->body, "wording"))) {
		req_fail(r, ERR_WORDING_CHANGED, "wording");
		return;
	}
	req_write(r, give_write, consent_written);
}

static int withdraw_write(struct dbconn *db, void *arg)
{
	struct req *r = arg;
	int64_t now = now_seconds();
	int n = wa_consent_withdraw_account(db, r->who.account_id, "person", now);
	if (n < 0 ||
	    (n > 0 &&
	     audit_record(db, r->who.account_id, "whatsapp.withdraw", "account", r->who.account_id, NULL, now) < 0))
		return WRITE_STORE_ERROR;
	return WRITE_OK;
}

/* DELETE /v1/me/whatsapp-consent: withdrawing twice is not an error. */
void wa_consent_withdraw(struct req *r) { req_write(r, withdraw_write, consent_written); }
