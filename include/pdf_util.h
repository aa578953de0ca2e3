/* What every PDF of sidakerd needs from libharu: an error collector, text
 * for the base-14 fonts, and the finished document in memory. */
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
/* Saves the document into a malloc'd buffer: 0, or -1. */
int pdf_save(HPDF_Doc pdf, unsigned char **out, size_t *len);

#endif
