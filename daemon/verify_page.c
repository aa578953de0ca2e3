/* A verification page (verify_page.h): no script, no image, one inline
 * style; what it shows is what the JSON answer holds, the holder's name
 * masked, with the office that issued it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "html.h"
#include "http.h"
#include "server.h"
#include "verify_page.h"

void verify_page_reply(struct req *r, const struct verify_page *p)
{
	char *html = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&html, &len);
	if (!f) {
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	fputs("<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
	      f);
	html_escaped(f, p->title);
	fputs("</title><style>body{font-family:sans-serif;margin:0;padding:1.5rem;color:#1b1b1b;max-width:32rem}"
	      "h1{font-size:1.3rem}.verdict{font-size:1.4rem;font-weight:bold;padding:.8rem 1rem;border-radius:.4rem}"
	      ".ok{background:#e3f4e6;color:#0b5d1e}.no{background:#fdeaea;color:#8a1616}"
	      "dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}dt{color:#555}dd{margin:0}"
	      "footer{margin-top:2rem;color:#555;font-size:.9rem}</style></head><body><main><h1>",
	      f);
	html_escaped(f, p->title);
	fputs("</h1><p class=\"verdict ", f);
	fputs(p->found && p->valid ? "ok" : "no", f);
	fputs("\" role=\"status\">", f);
	html_escaped(f, p->verdict);
	fputs("</p>", f);
	if (p->found) {
		fputs("<dl>", f);
		for (int i = 0; i < VERIFY_PAGE_ROWS && p->rows[i][0]; i++) {
			fputs("<dt>", f);
			html_escaped(f, p->rows[i][0]);
			fputs("</dt><dd>", f);
			html_escaped(f, p->rows[i][1]);
			fputs("</dd>", f);
		}
		fputs("</dl>", f);
	}
	fputs("</main><footer>Diterbitkan oleh ", f);
	html_escaped(f, r->srv->cfg->office_name);
	fputs(". Halaman ini hanya menampilkan data yang diperlukan untuk memeriksa keaslian; nama pemegang "
	      "disamarkan.</footer></body></html>\n",
	      f);
	if (fclose(f) != 0 || !html) {
		free(html);
		req_fail(r, ERR_BUSY, NULL);
		return;
	}
	req_reply_html(r, p->found ? 200 : 404, html, len);
	free(html);
}
