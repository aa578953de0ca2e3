#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"

static enum log_level min_level = LOG_INFO;
static const char *level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level) { min_level = level; }

int log_parse_level(const char *name, enum log_level *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void log_msg(enum log_level level, const char *event, const char *fmt, ...)
{
	if (level < min_level)
		return;
	char line[1024], ts[32];
	struct timespec now;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
	int n = snprintf(line, sizeof line, "ts=%s.%03ldZ level=%s event=%s ", ts,
	                 now.tv_nsec / 1000000, level_names[level], event);
	if (n > 0 && (size_t)n < sizeof line) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
		va_end(ap);
	}
	/* One write per line so lines from different threads never interleave. */
	size_t len = strnlen(line, sizeof line - 2);
	line[len++] = '\n';
	fwrite(line, 1, len, stderr);
}
