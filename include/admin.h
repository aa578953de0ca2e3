/* Operator routes: health, metrics, online backup, the outbox's failures. */
#ifndef SIDAKERD_ADMIN_H
#define SIDAKERD_ADMIN_H

struct req;

void admin_health(struct req *r);
void admin_metrics(struct req *r);
void admin_backup(struct req *r);
void admin_outbox_list(struct req *r);
void admin_outbox_retry(struct req *r);

#endif
