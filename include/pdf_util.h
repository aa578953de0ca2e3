/* What every PDF of sidakerd needs from libharu: an error collector, the
 * embedded fonts and text for them, and the finished document in memory. */
#ifndef SIDAKERD_PDF_UTIL_H
#define SIDAKERD_PDF_UTIL_H

#include <hpdf.h>
#include <stddef.h>

/* The error handler for HPDF_New(pdf_on_error, &status): keeps the last
 * error in status. */
void pdf_on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data);
/* The base-14 fonts speak WinAnsi: UTF-8 Latin-1 letters map to
 * themselves, anything else becomes '?'. */
void pdf_winansi(const char *in, char *out, size_t cap);
/* The fonts of a document: DejaVu Sans and Sans Bold from dir (Debian's
 * fonts-dejavu-core), embedded, so that every glyph is right (the built-in
 * Helvetica broke "J" and has no glyph outside Latin-1); Helvetica when the
 * files are missing, so that a report still comes out. */
struct pdf_fonts {
	HPDF_Font regular, bold;
	int utf8; /* 1: DejaVu, text as UTF-8; 0: Helvetica, text as WinAnsi */
};
/* 1 with DejaVu, 0 with the fallback, -1 when no font could be had. */
int pdf_fonts_load(HPDF_Doc pdf, const char *dir, struct pdf_fonts *f);
/* in as the fonts take it. */
void pdf_fonts_text(const struct pdf_fonts *f, const char *in, char *out, size_t cap);
/* Saves the document into a malloc'd buffer: 0, or -1. */
int pdf_save(HPDF_Doc pdf, unsigned char **out, size_t *len);

#endif
