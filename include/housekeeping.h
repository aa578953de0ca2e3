/* The hourly clean-up job: expired sessions, used or expired e-mail tokens,
 * old idempotency replies and stale throttle rows. */
#ifndef SIDAKERD_HOUSEKEEPING_H
#define SIDAKERD_HOUSEKEEPING_H

struct server;

int housekeeping_start(struct server *srv);
void housekeeping_stop(void);

#endif
