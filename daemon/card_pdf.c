#include <hpdf.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card_pdf.h"
#include "dates.h"
#include "pdf_util.h"

/* The fonts of the card being rendered on this thread (cards render on the
 * work pool, several at once). */
static _Thread_local const struct pdf_fonts *fonts;

static void text(HPDF_Page page, HPDF_Font font, float size, float x, float y, const char *s)
{
	char buf[512];
	pdf_fonts_text(fonts, s, buf, sizeof buf);
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, font, size);
	HPDF_Page_TextOut(page, x, y, buf);
	HPDF_Page_EndText(page);
}

/* Word-wraps s into lines no wider than width; returns the y below them. */
static float wrapped(HPDF_Page page, HPDF_Font font, float size, float x, float y, float width, const char *s,
                     int max_lines)
{
	char buf[512], line[512];
	pdf_fonts_text(fonts, s, buf, sizeof buf);
	HPDF_Page_SetFontAndSize(page, font, size);
	const char *p = buf;
	for (int n = 0; *p && n < max_lines; n++) {
		size_t take = strlen(p), fit = take;
		while (fit > 0) {
			memcpy(line, p, fit);
			line[fit] = '\0';
			if (HPDF_Page_TextWidth(page, line) <= width)
				break;
			size_t space = fit;
			while (space > 0 && p[space - 1] != ' ')
				space--;
			fit = space > 0 ? space - 1 : fit - 1;
		}
		if (fit == 0)
			fit = 1;
		memcpy(line, p, fit);
		line[fit] = '\0';
		text(page, font, size, x, y, line);
		p += fit;
		while (*p == ' ')
			p++;
		y -= size * 1.3f;
	}
	return y;
}

/* "2028-12-06" → "6 Desember 2028"; another text as it is. */
static const char *in_words(const char *iso, char out[32])
{
	struct date d;
	if (date_parse(iso, &d) < 0)
		return iso;
	date_words(d, out);
	return out;
}

static float field(HPDF_Page page, HPDF_Font regular, HPDF_Font bold, float x, float y, const char *label,
                   const char *value)
{
	text(page, bold, 8, x, y, label);
	text(page, regular, 8, x + 95, y, ":");
	return wrapped(page, regular, 8, x + 102, y, 210, value && *value ? value : "-", 2);
}

static void draw_qr(HPDF_Page page, const char *url, float x, float y, float module)
{
	QRcode *qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return;
	HPDF_Page_SetRGBFill(page, 0, 0, 0);
	for (int row = 0; row < qr->width; row++)
		for (int col = 0; col < qr->width; col++)
			if (qr->data[row * qr->width + col] & 1)
				HPDF_Page_Rectangle(page, x + (float)col * module,
				                    y + (float)(qr->width - 1 - row) * module, module, module);
	HPDF_Page_Fill(page);
	QRcode_free(qr);
}

static void front(HPDF_Doc pdf, HPDF_Page page, HPDF_Font regular, HPDF_Font bold, const struct card_print *c,
                  float top)
{
	float left = 50, y = top;
	HPDF_Page_SetLineWidth(page, 1);
	HPDF_Page_Rectangle(page, 40, top - 330, 515, 350);
	HPDF_Page_Stroke(page);
	text(page, bold, 10, left, y, c->office);
	text(page, bold, 11, left, y -= 16, "KARTU TANDA BUKTI PENDAFTARAN PENCARI KERJA (AK/I)");
	text(page, bold, 10, left, y -= 18, "Nomor Pendaftaran:");
	text(page, bold, 12, left + 125, y, c->number);
	y -= 20;
	y = field(page, regular, bold, left, y, "NIK", c->nik);
	y = field(page, regular, bold, left, y, "Nama", c->name);
	/* "Cimahi, 1998-05-12" → "Cimahi, 12 Mei 1998". */
	char birth[200], born[32];
	const char *comma = strrchr(c->birth, ',');
	if (comma && comma[1] == ' ' && strcmp(in_words(comma + 2, born), comma + 2))
		snprintf(birth, sizeof birth, "%.*s, %s", (int)(comma - c->birth), c->birth, born);
	else
		snprintf(birth, sizeof birth, "%s", c->birth);
	y = field(page, regular, bold, left, y, "Tempat/Tgl. Lahir", birth);
	y = field(page, regular, bold, left, y, "Jenis Kelamin", c->gender);
	y = field(page, regular, bold, left, y, "Status", c->marital);
	y = field(page, regular, bold, left, y, "Agama", c->religion);
	y = field(page, regular, bold, left, y, "Alamat", c->address);
	y = field(page, regular, bold, left, y, "Telepon", c->phone);
	y = field(page, regular, bold, left, y, "Pendidikan", c->education);
	y = field(page, regular, bold, left, y, "Sekolah/Jurusan", c->school);
	y = field(page, regular, bold, left, y, "Tahun Lulus", c->graduation_year);
	y = field(page, regular, bold, left, y, "Keterampilan", c->skills);
	char issued[32], until[32];
	y = field(page, regular, bold, left, y, "Tanggal Daftar", in_words(c->issued_on, issued));
	field(page, regular, bold, left, y, "Berlaku Sampai", in_words(c->valid_until, until));

	/* 3x4 photo box, 90 x 120 pt. */
	float px = 440, py = top - 150;
	HPDF_Page_Rectangle(page, px, py, 90, 120);
	HPDF_Page_Stroke(page);
	if (c->photo) {
		HPDF_Image img = c->photo_png ? HPDF_LoadPngImageFromMem(pdf, c->photo, (HPDF_UINT)c->photo_len)
					      : HPDF_LoadJpegImageFromMem(pdf, c->photo, (HPDF_UINT)c->photo_len);
		if (img)
			HPDF_Page_DrawImage(page, img, px, py, 90, 120);
	} else {
		text(page, regular, 8, px + 22, py + 56, "Pas foto 3x4");
	}
	draw_qr(page, c->verify_url, 440, top - 320, 2.4f);
	/* Left of the QR code, which starts at x 440. */
	text(page, regular, 7, 300, top - 250, "Pengantar Kerja,");
	wrapped(page, bold, 8, 300, top - 290, 135, c->officer_name, 2);
	char nip[64];
	snprintf(nip, sizeof nip, "NIP. %s", c->officer_nip);
	text(page, regular, 7, 300, top - 314, nip);
}

static const char *const rules[] = {
	"1. Kartu ini berlaku nasional selama masa berlaku yang tertera di depan.",
	"2. Pemegang kartu wajib melapor setiap 6 (enam) bulan selama belum mendapat pekerjaan.",
	"3. Bila sudah diterima bekerja, pemegang kartu wajib melapor kepada Dinas.",
	"4. Kartu ini tidak dipungut biaya. Waspadai lowongan yang meminta bayaran.",
	"5. Keaslian kartu dapat diperiksa dengan memindai kode QR di depan.",
};

static void back(HPDF_Page page, HPDF_Font regular, HPDF_Font bold, const struct card_print *c, float top)
{
	float left = 50, y = top;
	HPDF_Page_Rectangle(page, 40, top - 330, 515, 350);
	HPDF_Page_Stroke(page);
	text(page, bold, 10, left, y, "KETENTUAN");
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		y = wrapped(page, regular, 8, left, y - 14, 490, rules[i], 2) + 10;
	y -= 24;
	text(page, bold, 10, left, y, "LAPORAN PENCARI KERJA");
	y -= 16;
	text(page, bold, 8, left, y, "Laporan");
	text(page, bold, 8, left + 70, y, "Jatuh tempo");
	text(page, bold, 8, left + 170, y, "Tanggal lapor");
	text(page, bold, 8, left + 270, y, "Keterangan");
	text(page, bold, 8, left + 380, y, "Paraf petugas");
	for (int i = 0; i < c->nreports; i++) {
		char seq[16];
		y -= 18;
		snprintf(seq, sizeof seq, "ke-%d", i + 1);
		text(page, regular, 8, left, y, seq);
		char due[32], reported[32];
		text(page, regular, 8, left + 70, y, in_words(c->reports[i].due_on, due));
		text(page, regular, 8, left + 170, y,
		     c->reports[i].reported_on[0] ? in_words(c->reports[i].reported_on, reported) : "-");
		text(page, regular, 8, left + 270, y, c->reports[i].status[0] ? c->reports[i].status : "-");
		HPDF_Page_MoveTo(page, left, y - 4);
		HPDF_Page_LineTo(page, 540, y - 4);
		HPDF_Page_Stroke(page);
	}
}

int card_pdf_render(const struct card_print *c, unsigned char **out, size_t *len)
{
	HPDF_STATUS error = 0;
	HPDF_Doc pdf = HPDF_New(pdf_on_error, &error);
	if (!pdf)
		return -1;
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, "Kartu AK/I");
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "sidakerd");
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	struct pdf_fonts f = {0};
	if (pdf_fonts_load(pdf, c->font_dir, &f) < 0) {
		HPDF_Free(pdf);
		return -1;
	}
	fonts = &f;
	HPDF_Font regular = f.regular, bold = f.bold;
	float height = HPDF_Page_GetHeight(page);
	front(pdf, page, regular, bold, c, height - 60);
	back(page, regular, bold, c, height - 440);
	fonts = NULL;
	int rc = error ? -1 : pdf_save(pdf, out, len);
	HPDF_Free(pdf);
	return error ? -1 : rc;
}

int card_pdf_image_decodes(const unsigned char *data, size_t len, int png)
{
	HPDF_STATUS error = 0;
	HPDF_Doc pdf = HPDF_New(pdf_on_error, &error);
	if (!pdf)
		return -1;
	HPDF_Image img = png ? HPDF_LoadPngImageFromMem(pdf, data, (HPDF_UINT)len)
			     : HPDF_LoadJpegImageFromMem(pdf, data, (HPDF_UINT)len);
	HPDF_Free(pdf);
	return img && !error ? 0 : -1;
}
