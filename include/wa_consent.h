/* WhatsApp opt-in records (wa_consent.c). */
#ifndef SIDAKERD_WA_CONSENT_H
#define SIDAKERD_WA_CONSENT_H

#include <stdint.h>

struct config;
struct req;

/* The wording a person agrees to, with the office's name; malloc'd. */
char *wa_consent_wording(const struct config *cfg);
void wa_consent_wording_get(struct req *r);
void wa_consent_give(struct req *r);
void wa_consent_withdraw(struct req *r);

#endif
