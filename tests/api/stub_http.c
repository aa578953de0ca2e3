/* The HTTP pieces of the tests' stand-in providers (wa_receiver.c,
 * fcm_receiver.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "api/stub_http.h"

double stub_monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int stub_read_request(int fd, char *buf, size_t cap, char **body, size_t *body_len)
{
	size_t n = 0;
	char *end = NULL;
	while (!end) {
		if (n + 1 >= cap)
			return -1;
		ssize_t got = recv(fd, buf + n, cap - 1 - n, 0);
		if (got <= 0)
			return -1;
		n += (size_t)got;
		buf[n] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	size_t header_len = (size_t)(end + 4 - buf), want = 0;
	for (char *line = strstr(buf, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n"))
		if (!strncasecmp(line + 2, "Content-Length:", 15))
			want = strtoul(line + 17, NULL, 10);
	if (header_len + want >= cap)
		return -1;
	while (n < header_len + want) {
		ssize_t got = recv(fd, buf + n, cap - 1 - n, 0);
		if (got <= 0)
			return -1;
		n += (size_t)got;
	}
	buf[n] = '\0';
	*body = buf + header_len;
	*body_len = want;
	return 0;
}

void stub_header_value(const char *buf, const char *name, char *out, size_t cap)
{
	out[0] = '\0';
	size_t len = strlen(name);
	for (const char *line = strstr(buf, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
		if (line[2] == '\r')
			break;
		if (!strncasecmp(line + 2, name, len) && line[2 + len] == ':') {
			const char *v = line + 3 + len, *eol = strstr(v, "\r\n");
			while (*v == ' ')
				v++;
			snprintf(out, cap, "%.*s", (int)(eol - v), v);
			return;
		}
	}
}

void stub_reply(int fd, int status, const char *extra_headers, const char *json)
{
	char head[512];
	int n = snprintf(head, sizeof head,
	                 "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n%s"
	                 "Connection: close\r\n\r\n",
	                 status, strlen(json), extra_headers ? extra_headers : "");
	(void)!send(fd, head, (size_t)n, MSG_NOSIGNAL);
	(void)!send(fd, json, strlen(json), MSG_NOSIGNAL);
}
