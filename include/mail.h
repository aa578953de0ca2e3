/*
 * The texts of the e-mails sidakerd sends, in Indonesian (the users' language),
 * queued into the outbox inside the caller's transaction.
 */
#ifndef SIDAKERD_MAIL_H
#define SIDAKERD_MAIL_H

#include <stdint.h>

struct config;
struct dbconn;

int mail_queue_confirmation(struct dbconn *db, const struct config *cfg, const char *to, const char *name,
                            const char *token, int64_t now);
int mail_queue_password_reset(struct dbconn *db, const struct config *cfg, const char *to, const char *name,
                              const char *token, int64_t now);

#endif
