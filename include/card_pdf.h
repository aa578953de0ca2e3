/*
 * The printed AK/I card as a PDF (libharu): front with the holder's data,
 * photo, validity, officer and a QR code of the public verification URL
 * (libqrencode); back with the rules and the report rows.  Pure function of
 * its input: runs on the work pool.
 */
#ifndef SIDAKERD_CARD_PDF_H
#define SIDAKERD_CARD_PDF_H

#include <stddef.h>

#define CARD_MAX_REPORTS 8

struct card_print {
	char office[128], number[48], nik[17], name[128], birth[160], gender[16], marital[32], religion[32],
		address[400], phone[24], education[64], school[240], graduation_year[8], skills[400], issued_on[16],
		valid_until[16], officer_name[128], officer_nip[40], verify_url[300];
	char font_dir[256]; /* pdf_font_dir: DejaVu embedded */
	struct {
		char due_on[16], reported_on[16], status[32];
	} reports[CARD_MAX_REPORTS];
	int nreports;
	const unsigned char *photo; /* may be NULL */
	size_t photo_len;
	int photo_png;
};

/* 0 and a malloc'd PDF in *out, or -1. */
int card_pdf_render(const struct card_print *card, unsigned char **out, size_t *len);
/* 0 when libharu can read the image the card would print. */
int card_pdf_image_decodes(const unsigned char *data, size_t len, int png);

#endif
