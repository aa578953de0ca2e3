/* WhatsApp opt-in records (wa_consent.c). */
#ifndef SIDAKERD_WA_CONSENT_H
#define SIDAKERD_WA_CONSENT_H

#include <stdint.h>

struct config;
struct dbconn;
struct req;

/* The wording a person agrees to, with the office's name; malloc'd. */
char *wa_consent_wording(const struct config *cfg);
/* Ends a person's consent (by: person | deletion) or every consent of a
 * number (a STOP reply), and skips their messages not yet sent; returns
 * how many consents ended, or -1. */
int wa_consent_withdraw_account(struct dbconn *db, int64_t account_id, const char *by, int64_t now);
int wa_consent_withdraw_phone(struct dbconn *db, const char *phone, int64_t now);

void wa_consent_wording_get(struct req *r);
void wa_consent_give(struct req *r);
void wa_consent_withdraw(struct req *r);

#endif
