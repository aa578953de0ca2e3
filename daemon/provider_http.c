#include <event2/buffer.h>
#include <stdio.h>

#include "provider_http.h"

#define PROVIDER_ANSWER_MAX 65536 /* a provider's answer is small; more is not one */

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
	struct evbuffer *buf = arg;
	size_t len = size * n;
	if (evbuffer_get_length(buf) + len > PROVIDER_ANSWER_MAX)
		return 0;
	evbuffer_add(buf, data, len);
	return len;
}

long provider_post(CURL *curl, const char *url, struct curl_slist *headers, const char *body, json_t **answer,
                   long *retry_after_s, char *error, size_t errlen)
{
	struct evbuffer *buf = evbuffer_new();
	long status = 0;
	*answer = NULL;
	if (retry_after_s)
		*retry_after_s = 0;
	if (!buf) {
		snprintf(error, errlen, "out of memory");
		return 0;
	}
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, buf);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 15L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = curl_easy_perform(curl);
	if (rc != CURLE_OK) {
		snprintf(error, errlen, "%s", curl_easy_strerror(rc));
	} else {
		curl_off_t wait = 0;
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		if (retry_after_s && curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &wait) == CURLE_OK && wait > 0)
			*retry_after_s = wait > 86400 ? 86400 : (long)wait;
		size_t len = evbuffer_get_length(buf);
		*answer = json_loadb((const char *)evbuffer_pullup(buf, -1), len, 0, NULL);
	}
	evbuffer_free(buf);
	return status;
}
