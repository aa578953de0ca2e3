#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"

static enum log_level min_level = LOG_INFO;
static const char *level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level) { min_level = level; }

void log_buffered(void)
{
	static char buffer[64 * 1024];
	setvbuf(stderr, buffer, _IOFBF, sizeof buffer);
}

void log_flush(void) { fflush(stderr); }

int log_parse_level(const char *name, enum log_level *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

/* The "ts=…" prefix up to the seconds, formatted once per second per thread. */
static const char *timestamp(time_t sec)
{
	static __thread time_t cached_sec = -1;
	static __thread char cached[32];
	if (sec != cached_sec) {
		struct tm tm;
		gmtime_r(&sec, &tm);
		strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
		cached_sec = sec;
	}
	return cached;
}

void log_msg(enum log_level level, const char *event, const char *fmt, ...)
{
	if (level < min_level)
		return;
	char line[1024];
	struct timespec now;
	clock_gettime(CLOCK_REALTIME_COARSE, &now);
	int n = snprintf(line, sizeof line, "ts=%s.%03ldZ level=%s event=%s ", timestamp(now.tv_sec),
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
	if (level >= LOG_WARN)
		fflush(stderr);
}
