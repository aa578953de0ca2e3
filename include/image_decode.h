/*
 * Images decoded in full with the libraries made for them (libjpeg-turbo,
 * libpng), under a pixel limit, before anything is stored: a file whose
 * headers look right but whose data is not an image (a 23-byte "JPEG"
 * claiming 65535x65535) is refused.  The photo the card prints is
 * re-encoded from its pixels, which also drops EXIF data (camera, place).
 * Runs on the work pool.
 */
#ifndef SIDAKERD_IMAGE_DECODE_H
#define SIDAKERD_IMAGE_DECODE_H

#include <stddef.h>

#define IMAGE_MAX_PIXELS (40L * 1000 * 1000) /* a 40-megapixel camera's photo */

/* 0 when the whole image decodes to width x height (those of its header)
 * within IMAGE_MAX_PIXELS; -1 otherwise. */
int image_decode_check(const unsigned char *data, size_t len, int png, int width, int height);
/* The image's pixels as a new baseline JPEG of the given quality (malloc'd
 * into *out): 0, or -1 when it does not decode. */
int image_reencode_jpeg(const unsigned char *data, size_t len, int png, int quality, unsigned char **out,
                        size_t *out_len);

#endif
