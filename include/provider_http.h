/* One POST to a provider (WhatsApp Cloud API, FCM, an OAuth2 token
 * endpoint) from a work-pool thread with libcurl: the timeouts, the
 * protocols and the cap on an answer's size that every adapter keeps. */
#ifndef SIDAKERD_PROVIDER_HTTP_H
#define SIDAKERD_PROVIDER_HTTP_H

#include <curl/curl.h>
#include <jansson.h>
#include <stddef.h>

/* The status (0 when no answer came; error then says why), the answer
 * parsed as JSON (*answer, or NULL; the caller frees it) and its
 * Retry-After in seconds (0 when none; may be NULL). */
long provider_post(CURL *curl, const char *url, struct curl_slist *headers, const char *body, json_t **answer,
                   long *retry_after_s, char *error, size_t errlen);

#endif
