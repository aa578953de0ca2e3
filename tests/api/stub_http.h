/* The HTTP pieces of the tests' stand-in providers on 127.0.0.1: one
 * request read whole, a header's value, a JSON answer. */
#ifndef SIDAKERD_TEST_STUB_HTTP_H
#define SIDAKERD_TEST_STUB_HTTP_H

#include <stddef.h>

/* Seconds on CLOCK_MONOTONIC. */
double stub_monotonic(void);
/* Reads one request (headers and a Content-Length body) into buf: 0, or -1. */
int stub_read_request(int fd, char *buf, size_t cap, char **body, size_t *body_len);
/* The value of header name in the request in buf, or "". */
void stub_header_value(const char *buf, const char *name, char *out, size_t cap);
/* An answer with a JSON body; extra_headers: "Name: value\r\n" lines or NULL. */
void stub_reply(int fd, int status, const char *extra_headers, const char *json);

#endif
