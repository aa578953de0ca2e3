/*
 * Structured one-line logs on stderr: "ts=… level=… event=… key=value …".
 * Callers pass only values that are not personal data: ids, route patterns,
 * statuses, counts.  NIK, names, phone numbers and e-mail addresses never go
 * through here.
 */
#ifndef SIDAKERD_LOG_H
#define SIDAKERD_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* stderr is fully buffered (one write per many lines at high request
 * rates); warnings and errors flush at once, the daemon flushes the rest on
 * a short timer and at exit. */
void log_buffered(void);
void log_flush(void);
int log_parse_level(const char *name, enum log_level *out);
/* fmt continues the line with "key=value" pairs. */
void log_msg(enum log_level level, const char *event, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define log_debug(ev, ...) log_msg(LOG_DEBUG, ev, __VA_ARGS__)
#define log_info(ev, ...) log_msg(LOG_INFO, ev, __VA_ARGS__)
#define log_warn(ev, ...) log_msg(LOG_WARN, ev, __VA_ARGS__)
#define log_error(ev, ...) log_msg(LOG_ERROR, ev, __VA_ARGS__)

#endif
