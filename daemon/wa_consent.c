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

static const char sql_withdraw_account[] =
	"UPDATE wa_consent SET withdrawn_at = ?2, withdrawn_by = ?3 WHERE account_id = ?1 AND withdrawn_at IS NULL";
static const char sql_skip_account[] =
	"UPDATE wa_message SET state = 'skipped', updated_at = ?2 WHERE account_id = ?1 AND state = 'pending'";
static const char sql_withdraw_phone[] =
	"UPDATE wa_consent SET withdrawn_at = ?2, withdrawn_by = 'stop_reply' WHERE phone = ?1 AND withdrawn_at IS NULL";
static const char sql_skip_phone[] =
	"UPDATE wa_message SET state = 'skipped', updated_at = ?2 WHERE phone = ?1 AND state = 'pending'";
static const char sql_give[] = "INSERT INTO wa_consent(account_id, phone, wording, given_at) VALUES (?1, ?2, ?3, ?4)";

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

static int run_two(struct dbconn *db, const char *first, const char *second, int64_t key_id, const char *key_text,
                   const char *by, int64_t now)
{
	int total = 0;
	const char *sqls[2] = {first, second};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = store_stmt(db, sqls[i]);
		if (!st)
			return -1;
		if (key_text)
			sqlite3_bind_text(st, 1, key_text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(st, 1, key_id);
		sqlite3_bind_int64(st, 2, now);
		if (i == 0 && by)
			sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
		int n = store_changes(db, st);
		if (n < 0)
			return -1;
		if (i == 0)
			total = n;
	}
	return total;
}

int wa_consent_withdraw_account(struct dbconn *db, int64_t account_id, const char *by, int64_t now)
{
	return run_two(db, sql_withdraw_account, sql_skip_account, account_id, NULL, by, now);
}

int wa_consent_withdraw_phone(struct dbconn *db, const char *phone, int64_t now)
{
	return run_two(db, sql_withdraw_phone, sql_skip_phone, 0, phone, NULL, now);
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
	sqlite3_stmt *s = store_stmt(db, sql_give);
	if (!s)
		return WRITE_STORE_ERROR;
	sqlite3_bind_int64(s, 1, r->who.account_id);
	sqlite3_bind_text(s, 2, st->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, st->wording, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	if (store_step_done(s) < 0 ||
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
	notice_preferences_get(r);
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
