/* systemd readiness (Type=notify): "READY=1", "STOPPING=1".  A no-op when
 * NOTIFY_SOCKET is not set. */
#ifndef SIDAKERD_NOTIFY_H
#define SIDAKERD_NOTIFY_H

void notify_systemd(const char *state);

#endif
