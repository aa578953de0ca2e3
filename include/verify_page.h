/* The answer a phone's camera gets when it opens a card's QR code or a
 * certificate check in a browser: a small Indonesian page instead of JSON
 * (daemon/verify_page.c). */
#ifndef SIDAKERD_VERIFY_PAGE_H
#define SIDAKERD_VERIFY_PAGE_H

struct req;

#define VERIFY_PAGE_ROWS 6

struct verify_page {
	const char *title; /* "Verifikasi Kartu AK/I" */
	int found, valid;
	const char *verdict; /* "Berlaku", "Tidak berlaku: kedaluwarsa", … */
	const char *rows[VERIFY_PAGE_ROWS][2]; /* label, value; a NULL label ends them */
};

/* 200 (or 404 when !found) with the page; every value is escaped. */
void verify_page_reply(struct req *r, const struct verify_page *p);

#endif
