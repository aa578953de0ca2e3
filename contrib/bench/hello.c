/*
 * The baseline: a bare libevent evhttp server answering GET /v1/health with
 * the same JSON body sidakerd sends, and nothing else (no routing, no store,
 * no logging).  sidakerd's figures are printed as ratios to this one.
 */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>

static const char body[] = "{\"status\":\"ok\",\"store\":\"ok\",\"schema_version\":1,"
			   "\"version\":\"0.1.0\",\"checked_at\":\"2026-11-22T10:00:00Z\"}";

static void answer(struct evhttp_request *req, void *arg)
{
	(void)arg;
	struct evbuffer *out = evbuffer_new();
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "application/json; charset=utf-8");
	evbuffer_add(out, body, sizeof body - 1);
	evhttp_send_reply(req, 200, "OK", out);
	evbuffer_free(out);
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 8081;
	struct event_base *base = event_base_new();
	struct evhttp *http = evhttp_new(base);
	evhttp_set_gencb(http, answer, NULL);
	if (evhttp_bind_socket(http, "127.0.0.1", (ev_uint16_t)port) < 0) {
		fprintf(stderr, "hello: cannot listen on %d\n", port);
		return 1;
	}
	event_base_dispatch(base);
	return 0;
}
