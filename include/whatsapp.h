/* The WhatsApp provider adapter: delivery of wa_message rows and the
 * provider's webhook (whatsapp.c). */
#ifndef SIDAKERD_WHATSAPP_H
#define SIDAKERD_WHATSAPP_H

struct config;
struct req;
struct server;

int whatsapp_start(struct server *srv);
void whatsapp_stop(void);
/* Seconds before attempt attempts + 1: wa_retry_base_s doubling, at most 6 h. */
int wa_backoff(const struct config *cfg, int attempts);

/* What a webhook payload reports, as [["status", id, state] | ["stop",
 * phone, ""], ...]: the part of the webhook that reads hostile input. */
#include <jansson.h>
json_t *whatsapp_webhook_events(const json_t *payload);

void whatsapp_webhook(struct req *r);
void whatsapp_webhook_verify(struct req *r);

#endif
