/*
 * Uploaded PDFs read with a real PDF library (qpdf's C API) before they are
 * stored: the whole structure parses without repair, and no object reached
 * from the document's root holds a name that makes a PDF act when opened
 * (JavaScript, launch actions, embedded files, open actions, forms that
 * submit).  Runs on the work pool.
 */
#ifndef SIDAKERD_PDF_CHECK_H
#define SIDAKERD_PDF_CHECK_H

#include <stddef.h>

enum pdf_verdict { PDF_FINE = 0, PDF_CORRUPT = 1, PDF_ACTIVE = 2 };

enum pdf_verdict pdf_check(const unsigned char *data, size_t len);

#endif
