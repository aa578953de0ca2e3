#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_page.h"
#include "config.h"
#include "embedded.h"
#include "html.h"
#include "http.h"
#include "page_file.h"
#include "server.h"

/* Phones fetch these when the app is installed and now and then after. */
#define APP_LINKS_MAX_AGE_S 3600

static void reply_json_file(struct req *r, json_t *doc)
{
	char *body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (!body) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_reply_cacheable(r, body, strlen(body), APP_LINKS_MAX_AGE_S);
	free(body);
}

/* The page with {{office}} and {{app_link}} filled in, escaped. */
static void serve_filled(struct req *r, const struct embedded_file *f)
{
	char *html = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&html, &len);
	if (!out) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	static const char *const marks[] = {"{{office}}", "{{app_link}}"};
	const char *values[] = {r->srv->cfg->office_name, r->srv->cfg->app_link_url};
	const char *p = f->start;
	while (p < f->end) {
		const char *open = memchr(p, '{', (size_t)(f->end - p));
		if (!open) {
			fwrite(p, 1, (size_t)(f->end - p), out);
			break;
		}
		fwrite(p, 1, (size_t)(open - p), out);
		p = open;
		size_t i = 0;
		while (i < 2 && ((size_t)(f->end - p) < strlen(marks[i]) || memcmp(p, marks[i], strlen(marks[i]))))
			i++;
		if (i < 2) {
			html_escaped(out, values[i]);
			p += strlen(marks[i]);
		} else {
			fputc(*p++, out);
		}
	}
	if (fclose(out) != 0) {
		free(html);
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_reply_page(r, "text/html; charset=utf-8", html, len);
	free(html);
}

void account_page(struct req *r)
{
	static const char *const pages[][2] = {
		{"confirm", "confirm.html"}, {"reset", "reset.html"}, {"account.js", NULL}, {"account.css", NULL}};
	const char *name = r->nparams ? r->param[0] : "";
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		if (strcmp(name, pages[i][0]))
			continue;
		if (!pages[i][1]) {
			page_file_serve(r, embedded_account, embedded_account_count, name);
			return;
		}
		const struct embedded_file *f = page_file_find(embedded_account, embedded_account_count, pages[i][1]);
		if (f) {
			serve_filled(r, f);
			return;
		}
	}
	req_fail(r, ERR_NOT_FOUND, NULL);
}

/* Android: the app may handle this site's links.  One statement for the
 * package, with each signing certificate's fingerprint. */
void account_page_assetlinks(struct req *r)
{
	const struct config *cfg = r->srv->cfg;
	if (!*cfg->android_app_package) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	json_t *fingerprints = json_array();
	char *list = strdup(cfg->android_app_sha256), *save = NULL;
	for (char *f = list ? strtok_r(list, ",", &save) : NULL; f; f = strtok_r(NULL, ",", &save))
		json_array_append_new(fingerprints, json_string(f));
	free(list);
	json_t *doc = json_pack("[{s:[s], s:{s:s, s:s, s:o}}]", "relation",
	                        "delegate_permission/common.handle_all_urls", "target", "namespace", "android_app",
	                        "package_name", cfg->android_app_package, "sha256_cert_fingerprints", fingerprints);
	reply_json_file(r, doc);
}

/* iOS: the app handles the account pages' links (universal links). */
void account_page_apple_association(struct req *r)
{
	const struct config *cfg = r->srv->cfg;
	if (!*cfg->ios_app_id) {
		req_fail(r, ERR_NOT_FOUND, NULL);
		return;
	}
	json_t *doc = json_pack("{s:{s:[{s:[s], s:[{s:s}, {s:s}]}]}}", "applinks", "details", "appIDs", cfg->ios_app_id,
	                        "components", "/", "/account/confirm", "/", "/account/reset");
	reply_json_file(r, doc);
}
