/* Full decoding of uploaded JPEG and PNG images (image_decode.h).  Both
 * libraries report errors through longjmp: each decode keeps its state in
 * one struct, and nothing allocated with malloc lives across the jump
 * without being reachable from it. */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
/* jpeglib.h needs stddef.h and stdio.h before it. */
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "image_decode.h"

/* ---- JPEG ---- */

struct jpeg_failure {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	int damaged; /* a warning that the data is corrupt or cut short */
};

static void jpeg_fail(j_common_ptr c) { longjmp(((struct jpeg_failure *)c->err)->jump, 1); }

/* libjpeg only warns where the data is damaged (a bad Huffman code, a scan
 * cut short by a marker, the end of the file) and goes on with grey: those
 * are refusals.  Extraneous bytes between markers, which cameras write,
 * are not. */
static void jpeg_quiet(j_common_ptr c, int level)
{
	struct jpeg_failure *f = (struct jpeg_failure *)c->err;
	if (level < 0 && f->mgr.msg_code != JWRN_EXTRANEOUS_DATA)
		f->damaged = 1;
}

/* Decodes into *rgb (3 bytes a pixel; NULL: rows discarded). */
static int decode_jpeg(const unsigned char *data, size_t len, int *w, int *h, unsigned char **rgb)
{
	struct jpeg_decompress_struct c;
	struct jpeg_failure err = {.damaged = 0};
	unsigned char *volatile pixels = NULL;
	unsigned char *volatile row = NULL;
	c.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_fail;
	err.mgr.emit_message = jpeg_quiet;
	if (setjmp(err.jump)) {
		jpeg_destroy_decompress(&c);
		free(pixels);
		free(row);
		return -1;
	}
	jpeg_create_decompress(&c);
	c.mem->max_memory_to_use = 256L * 1024 * 1024;
	jpeg_mem_src(&c, data, (unsigned long)len);
	if (jpeg_read_header(&c, TRUE) != JPEG_HEADER_OK ||
	    (long)c.image_width * (long)c.image_height > IMAGE_MAX_PIXELS) {
		jpeg_destroy_decompress(&c);
		return -1;
	}
	c.out_color_space = JCS_RGB;
	jpeg_start_decompress(&c);
	size_t stride = (size_t)c.output_width * 3;
	if (rgb && !(pixels = malloc(stride * c.output_height)))
		longjmp(err.jump, 1);
	if (!rgb && !(row = malloc(stride)))
		longjmp(err.jump, 1);
	while (c.output_scanline < c.output_height) {
		JSAMPROW line = rgb ? pixels + stride * c.output_scanline : row;
		if (jpeg_read_scanlines(&c, &line, 1) != 1)
			longjmp(err.jump, 1);
	}
	if (err.damaged)
		longjmp(err.jump, 1);
	jpeg_finish_decompress(&c);
	*w = (int)c.output_width;
	*h = (int)c.output_height;
	jpeg_destroy_decompress(&c);
	free(row);
	if (rgb)
		*rgb = pixels;
	return 0;
}

/* ---- PNG ---- */

struct png_source {
	const unsigned char *data;
	size_t len, at;
};

static void png_read_mem(png_structp p, png_bytep out, png_size_t n)
{
	struct png_source *s = png_get_io_ptr(p);
	if (n > s->len - s->at)
		png_error(p, "truncated");
	memcpy(out, s->data + s->at, n);
	s->at += n;
}

static void png_quiet(png_structp p, png_const_charp message)
{
	(void)p;
	(void)message;
}

static int decode_png(const unsigned char *data, size_t len, int *w, int *h, unsigned char **rgb)
{
	png_structp p = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, png_quiet);
	png_infop info = p ? png_create_info_struct(p) : NULL;
	unsigned char *volatile pixels = NULL;
	unsigned char *volatile row = NULL;
	if (!info) {
		png_destroy_read_struct(&p, NULL, NULL);
		return -1;
	}
	if (setjmp(png_jmpbuf(p))) {
		png_destroy_read_struct(&p, &info, NULL);
		free(pixels);
		free(row);
		return -1;
	}
	struct png_source src = {data, len, 0};
	png_set_read_fn(p, &src, png_read_mem);
	png_set_user_limits(p, 100000, 100000);
	png_set_chunk_malloc_max(p, 64L * 1024 * 1024);
	png_read_info(p, info);
	png_uint_32 width = png_get_image_width(p, info), height = png_get_image_height(p, info);
	if ((long)width * (long)height > IMAGE_MAX_PIXELS)
		png_error(p, "too many pixels");
	/* Everything to 8-bit RGB: the card prints RGB. */
	png_set_expand(p);
	png_set_strip_16(p);
	png_set_strip_alpha(p);
	png_set_gray_to_rgb(p);
	int passes = png_set_interlace_handling(p);
	png_read_update_info(p, info);
	if (png_get_rowbytes(p, info) != (size_t)width * 3)
		png_error(p, "unexpected layout");
	size_t stride = (size_t)width * 3;
	if (!(row = malloc(stride)) || (rgb && !(pixels = malloc(stride * height))))
		png_error(p, "out of memory");
	for (int pass = 0; pass < passes; pass++)
		for (png_uint_32 y = 0; y < height; y++)
			png_read_row(p, rgb ? pixels + stride * y : row, NULL);
	png_read_end(p, NULL);
	png_destroy_read_struct(&p, &info, NULL);
	free(row);
	*w = (int)width;
	*h = (int)height;
	if (rgb)
		*rgb = pixels;
	return 0;
}

int image_decode_check(const unsigned char *data, size_t len, int png, int width, int height)
{
	int w = 0, h = 0;
	if ((png ? decode_png : decode_jpeg)(data, len, &w, &h, NULL) < 0)
		return -1;
	return w == width && h == height ? 0 : -1;
}

int image_reencode_jpeg(const unsigned char *data, size_t len, int png, int quality, unsigned char **out,
                        size_t *out_len)
{
	int w, h;
	unsigned char *rgb = NULL;
	if ((png ? decode_png : decode_jpeg)(data, len, &w, &h, &rgb) < 0)
		return -1;
	struct jpeg_compress_struct c;
	struct jpeg_failure err;
	unsigned char *mem = NULL; /* libjpeg's buffer, grown through its address */
	unsigned long size = 0;
	c.err = jpeg_std_error(&err.mgr);
	err.mgr.error_exit = jpeg_fail;
	if (setjmp(err.jump)) {
		jpeg_destroy_compress(&c);
		free(mem);
		free(rgb);
		return -1;
	}
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &mem, &size);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	jpeg_start_compress(&c, TRUE);
	size_t stride = (size_t)w * 3;
	while (c.next_scanline < c.image_height) {
		JSAMPROW line = rgb + stride * c.next_scanline;
		jpeg_write_scanlines(&c, &line, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(rgb);
	*out = mem;
	*out_len = size;
	return 0;
}
