#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_util.h"

void pdf_on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	(void)detail;
	if (error != HPDF_STREAM_EOF) /* reading the finished PDF to its end is no error */
		*(HPDF_STATUS *)data = error;
}

void pdf_winansi(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)in;
	while (*p && n + 1 < cap) {
		if (*p < 0x80) {
			out[n++] = (char)*p++;
		} else if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
			unsigned cp = (unsigned)(*p & 0x1F) << 6 | (p[1] & 0x3F);
			out[n++] = cp >= 0xA0 && cp <= 0xFF ? (char)cp : '?';
			p += 2;
		} else {
			out[n++] = '?';
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
		}
	}
	if (cap)
		out[n] = '\0';
}

int pdf_save(HPDF_Doc pdf, unsigned char **out, size_t *len)
{
	if (HPDF_SaveToStream(pdf) != HPDF_OK)
		return -1;
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf), got = size;
	*out = malloc(size ? size : 1);
	HPDF_STATUS read = *out ? HPDF_ReadFromStream(pdf, *out, &got) : HPDF_FAILD_TO_ALLOC_MEM;
	if ((read == HPDF_OK || read == HPDF_STREAM_EOF) && got == size) {
		*len = size;
		return 0;
	}
	free(*out);
	*out = NULL;
	return -1;
}

int pdf_fonts_load(HPDF_Doc pdf, const char *dir, struct pdf_fonts *f)
{
	char regular[512], bold[512];
	snprintf(regular, sizeof regular, "%s/DejaVuSans.ttf", dir ? dir : "");
	snprintf(bold, sizeof bold, "%s/DejaVuSans-Bold.ttf", dir ? dir : "");
	FILE *a = fopen(regular, "rb"), *b = fopen(bold, "rb");
	int found = a && b;
	if (a)
		fclose(a);
	if (b)
		fclose(b);
	const char *r = NULL, *bd = NULL;
	if (found && HPDF_UseUTFEncodings(pdf) == HPDF_OK) {
		r = HPDF_LoadTTFontFromFile(pdf, regular, HPDF_TRUE);
		bd = r ? HPDF_LoadTTFontFromFile(pdf, bold, HPDF_TRUE) : NULL;
	}
	if (r && bd) {
		f->regular = HPDF_GetFont(pdf, r, "UTF-8");
		f->bold = HPDF_GetFont(pdf, bd, "UTF-8");
		f->utf8 = 1;
	}
	if (!f->utf8 || !f->regular || !f->bold) {
		f->regular = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
		f->bold = HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding");
		f->utf8 = 0;
	}
	return f->regular && f->bold ? f->utf8 : -1;
}

void pdf_fonts_text(const struct pdf_fonts *f, const char *in, char *out, size_t cap)
{
	if (f->utf8)
		snprintf(out, cap, "%s", in ? in : "");
	else
		pdf_winansi(in ? in : "", out, cap);
}
