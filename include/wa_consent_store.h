/* WhatsApp consent rows (daemon/wa_consent_store.c). */
#ifndef SIDAKERD_WA_CONSENT_STORE_H
#define SIDAKERD_WA_CONSENT_STORE_H

#include <stdint.h>

struct dbconn;

/* Ends a person's consent (by: person | deletion) or every consent of a
 * number (a STOP reply), and skips their messages not yet sent; returns
 * how many consents ended, or -1. */
int wa_consent_withdraw_account(struct dbconn *db, int64_t account_id, const char *by, int64_t now);
int wa_consent_withdraw_phone(struct dbconn *db, const char *phone, int64_t now);

/* Records a consent to the wording on phone: 0 or -1.  The caller has
 * withdrawn the account's earlier consent in the same transaction. */
int wa_consent_insert(struct dbconn *db, int64_t account_id, const char *phone, const char *wording, int64_t now);

#endif
