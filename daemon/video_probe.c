/* MP4 and WebM headers: the container, the duration, the picture size
 * (video_probe.h says what is accepted and why this reader is small). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "video_probe.h"

/* The file, or a buffer (the fuzzer's), read at an offset. */
struct source {
	int fd;
	const unsigned char *data;
	uint64_t size;
};

static int read_at(const struct source *s, uint64_t off, void *buf, size_t n)
{
	if (off > s->size || n > s->size - off)
		return -1;
	if (s->data) {
		memcpy(buf, s->data + off, n);
		return 0;
	}
	size_t done = 0;
	while (done < n) {
		ssize_t got = pread(s->fd, (char *)buf + done, n - done, (off_t)(off + done));
		if (got <= 0)
			return -1;
		done += (size_t)got;
	}
	return 0;
}

/* n bytes at off in a new buffer, n bounded by VIDEO_PROBE_MAX_HEADER. */
static unsigned char *read_part(const struct source *s, uint64_t off, uint64_t n)
{
	if (n == 0 || n > VIDEO_PROBE_MAX_HEADER)
		return NULL;
	unsigned char *buf = malloc((size_t)n);
	if (buf && read_at(s, off, buf, (size_t)n) < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

/* ---- MP4: boxes of [size][type] ---- */

struct box {
	char type[5];
	uint64_t start, header, size; /* size includes the header */
};

/* The box at off within [off, end) of buf (a part in memory): 0 or -1. */
static int box_in(const unsigned char *buf, uint64_t off, uint64_t end, struct box *b)
{
	if (end - off < 8)
		return -1;
	uint64_t size = be32(buf + off), header = 8;
	memcpy(b->type, buf + off + 4, 4);
	b->type[4] = '\0';
	if (size == 1) {
		if (end - off < 16)
			return -1;
		size = be64(buf + off + 8);
		header = 16;
	} else if (size == 0) {
		size = end - off;
	}
	if (size < header || size > end - off)
		return -1;
	b->start = off;
	b->header = header;
	b->size = size;
	return 0;
}

/* The first child of type within the box (or the whole buffer). */
static int child(const unsigned char *buf, const struct box *parent, const char *type, uint64_t skip, struct box *out)
{
	uint64_t off = parent->start + parent->header + skip, end = parent->start + parent->size;
	while (off < end) {
		if (box_in(buf, off, end, out) < 0)
			return -1;
		if (!strcmp(out->type, type))
			return 0;
		off += out->size;
	}
	return -1;
}

/* A trak whose handler is "vide": its tkhd width and height (16.16). */
static int video_track(const unsigned char *moov, const struct box *trak, int *width, int *height)
{
	struct box mdia, hdlr, tkhd;
	if (child(moov, trak, "mdia", 0, &mdia) < 0 || child(moov, &mdia, "hdlr", 0, &hdlr) < 0 ||
	    hdlr.size < hdlr.header + 12 || memcmp(moov + hdlr.start + hdlr.header + 8, "vide", 4) != 0)
		return -1;
	if (child(moov, trak, "tkhd", 0, &tkhd) < 0 || tkhd.size < tkhd.header + 4)
		return -1;
	const unsigned char *p = moov + tkhd.start + tkhd.header;
	uint64_t need = p[0] == 1 ? 96 : 84;
	if (tkhd.size - tkhd.header < need)
		return -1;
	*width = (int)(be32(p + need - 8) >> 16);
	*height = (int)(be32(p + need - 4) >> 16);
	return *width > 0 && *height > 0 ? 0 : -1;
}

/* moov: the whole box in memory, its header's length and its size. */
static int probe_moov(const unsigned char *moov, uint64_t header, uint64_t len, struct video_info *out)
{
	struct box whole = {"moov", 0, header, len}, mvhd, trak;
	if (child(moov, &whole, "mvhd", 0, &mvhd) < 0 || mvhd.size < mvhd.header + 20)
		return -1;
	const unsigned char *p = moov + mvhd.start + mvhd.header;
	uint64_t timescale, duration;
	if (p[0] == 1) {
		if (mvhd.size - mvhd.header < 32)
			return -1;
		timescale = be32(p + 20);
		duration = be64(p + 24);
	} else {
		timescale = be32(p + 12);
		duration = be32(p + 16);
	}
	if (timescale == 0 || duration == 0 || duration == UINT64_MAX || duration / timescale > 24 * 3600)
		return -1;
	out->duration_ms = (int64_t)(duration * 1000 / timescale);
	for (uint64_t skip = 0; child(moov, &whole, "trak", skip, &trak) == 0; skip = trak.start + trak.size - header)
		if (video_track(moov, &trak, &out->width, &out->height) == 0)
			return 0;
	return -1;
}

/* The header of the top-level box at off, its size checked against the
 * file (a box running past the end is a file cut short). */
static int box_at(const struct source *s, uint64_t off, struct box *b)
{
	unsigned char head[16];
	size_t n = s->size - off < sizeof head ? (size_t)(s->size - off) : sizeof head;
	if (n < 8 || read_at(s, off, head, n) < 0)
		return -1;
	uint64_t size = be32(head), header = 8;
	if (size == 1) {
		if (n < 16)
			return -1;
		size = be64(head + 8);
		header = 16;
	} else if (size == 0) {
		size = s->size - off;
	}
	if (size < header || size > s->size - off)
		return -1;
	memcpy(b->type, head + 4, 4);
	b->type[4] = '\0';
	b->start = off;
	b->header = header;
	b->size = size;
	return 0;
}

static int probe_mp4(const struct source *s, struct video_info *out)
{
	bool mdat = false, found = false;
	struct box b;
	for (uint64_t off = 0; off < s->size; off += b.size) {
		if (box_at(s, off, &b) < 0 || (off == 0 && strcmp(b.type, "ftyp")))
			return -1;
		if (!strcmp(b.type, "mdat") && b.size > b.header)
			mdat = true;
		if (!strcmp(b.type, "moov") && !found) {
			unsigned char *moov = read_part(s, off, b.size);
			found = moov && probe_moov(moov, b.header, b.size, out) == 0;
			free(moov);
			if (!found)
				return -1;
		}
	}
	if (!mdat || !found)
		return -1;
	out->media_type = "video/mp4";
	return 0;
}

/* ---- WebM: EBML elements of [id][size] ---- */

/* An EBML number at p (of at most avail bytes): its value (the marker bit
 * kept for ids, dropped for sizes), its length, and whether a size is
 * "unknown" (all ones). */
static int ebml_number(const unsigned char *p, size_t avail, bool keep_marker, uint64_t *value, size_t *len,
                       bool *unknown)
{
	if (avail == 0 || p[0] == 0)
		return -1;
	size_t n = 1;
	while (!(p[0] & (0x80 >> (n - 1))))
		n++;
	if (n > 8 || n > avail || (keep_marker && n > 4))
		return -1;
	uint64_t v = keep_marker ? p[0] : (p[0] & (0xFF >> n));
	bool ones = (p[0] & (0xFF >> n)) == (0xFF >> n);
	for (size_t i = 1; i < n; i++) {
		v = v << 8 | p[i];
		ones = ones && p[i] == 0xFF;
	}
	*value = v;
	*len = n;
	if (unknown)
		*unknown = !keep_marker && ones;
	return 0;
}

struct element {
	uint64_t id, start, data, size; /* data: where its content starts */
	bool unknown;
};

static int element_in(const unsigned char *buf, uint64_t off, uint64_t end, struct element *e)
{
	size_t idlen, szlen;
	if (off >= end || ebml_number(buf + off, end - off, true, &e->id, &idlen, NULL) < 0 ||
	    ebml_number(buf + off + idlen, end - off - idlen, false, &e->size, &szlen, &e->unknown) < 0)
		return -1;
	e->start = off;
	e->data = off + idlen + szlen;
	if (e->unknown || e->size > end - e->data)
		return -1;
	return 0;
}

static uint64_t ebml_uint(const unsigned char *p, uint64_t n)
{
	uint64_t v = 0;
	for (uint64_t i = 0; i < n && i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

enum {
	EBML_HEADER = 0x1A45DFA3,
	EBML_DOCTYPE = 0x4282,
	SEGMENT = 0x18538067,
	INFO = 0x1549A966,
	TIMECODE_SCALE = 0x2AD7B1,
	DURATION = 0x4489,
	TRACKS = 0x1654AE6B,
	TRACK_ENTRY = 0xAE,
	TRACK_TYPE = 0x83,
	VIDEO = 0xE0,
	PIXEL_WIDTH = 0xB0,
	PIXEL_HEIGHT = 0xBA,
};

static int webm_info(const unsigned char *buf, uint64_t len, struct video_info *out)
{
	uint64_t scale = 1000000;
	double duration = -1;
	struct element e;
	for (uint64_t off = 0; off < len; off = e.data + e.size) {
		if (element_in(buf, off, len, &e) < 0)
			return -1;
		if (e.id == TIMECODE_SCALE && e.size >= 1 && e.size <= 8)
			scale = ebml_uint(buf + e.data, e.size);
		if (e.id == DURATION && (e.size == 4 || e.size == 8)) {
			uint64_t bits = ebml_uint(buf + e.data, e.size);
			if (e.size == 4) {
				uint32_t b32 = (uint32_t)bits;
				float f;
				memcpy(&f, &b32, sizeof f);
				duration = f;
			} else {
				memcpy(&duration, &bits, sizeof duration);
			}
		}
	}
	double ms = duration * (double)scale / 1e6;
	if (!(ms > 0 && ms < 24 * 3600 * 1000.0))
		return -1;
	out->duration_ms = (int64_t)(ms + 0.5);
	return 0;
}

static int webm_tracks(const unsigned char *buf, uint64_t len, struct video_info *out)
{
	struct element entry, e, v;
	for (uint64_t off = 0; off < len; off = entry.data + entry.size) {
		if (element_in(buf, off, len, &entry) < 0)
			return -1;
		if (entry.id != TRACK_ENTRY)
			continue;
		uint64_t type = 0, width = 0, height = 0, end = entry.data + entry.size;
		for (uint64_t o = entry.data; o < end; o = e.data + e.size) {
			if (element_in(buf, o, end, &e) < 0)
				return -1;
			if (e.id == TRACK_TYPE)
				type = ebml_uint(buf + e.data, e.size);
			if (e.id != VIDEO)
				continue;
			for (uint64_t p = e.data; p < e.data + e.size; p = v.data + v.size) {
				if (element_in(buf, p, e.data + e.size, &v) < 0)
					return -1;
				if (v.id == PIXEL_WIDTH)
					width = ebml_uint(buf + v.data, v.size);
				if (v.id == PIXEL_HEIGHT)
					height = ebml_uint(buf + v.data, v.size);
			}
		}
		if (type == 1 && width > 0 && height > 0 && width <= 16384 && height <= 16384) {
			out->width = (int)width;
			out->height = (int)height;
			return 0;
		}
	}
	return -1;
}

/* An element's id and size at off in the file; its content is not read. */
static int element_at(const struct source *s, uint64_t off, struct element *e)
{
	unsigned char head[12];
	size_t n = s->size - off < sizeof head ? (size_t)(s->size - off) : sizeof head;
	size_t idlen, szlen;
	if (off >= s->size || read_at(s, off, head, n) < 0 || ebml_number(head, n, true, &e->id, &idlen, NULL) < 0 ||
	    ebml_number(head + idlen, n - idlen, false, &e->size, &szlen, &e->unknown) < 0)
		return -1;
	e->start = off;
	e->data = off + idlen + szlen;
	return e->unknown || e->size <= s->size - e->data ? 0 : -1; /* cut short */
}

static int probe_webm(const struct source *s, struct video_info *out)
{
	struct element header, segment, e;
	if (element_at(s, 0, &header) < 0 || header.id != EBML_HEADER || header.unknown)
		return -1;
	unsigned char *h = read_part(s, header.data, header.size);
	bool webm = false;
	for (uint64_t off = 0; h && off < header.size; off = e.data + e.size) {
		if (element_in(h, off, header.size, &e) < 0)
			break;
		if (e.id == EBML_DOCTYPE && e.size == 4 && !memcmp(h + e.data, "webm", 4))
			webm = true;
	}
	free(h);
	if (!webm || element_at(s, header.data + header.size, &segment) < 0 || segment.id != SEGMENT)
		return -1;
	uint64_t end = segment.unknown ? s->size : segment.data + segment.size;
	bool info = false, tracks = false;
	for (uint64_t off = segment.data; off < end; off = e.data + e.size) {
		if (element_at(s, off, &e) < 0 || e.unknown)
			return -1;
		if ((e.id == INFO && !info) || (e.id == TRACKS && !tracks)) {
			unsigned char *part = read_part(s, e.data, e.size);
			int ok = part &&
				(e.id == INFO ? webm_info(part, e.size, out) : webm_tracks(part, e.size, out)) == 0;
			free(part);
			if (!ok)
				return -1;
			*(e.id == INFO ? &info : &tracks) = true;
		}
	}
	if (!info || !tracks)
		return -1;
	out->media_type = "video/webm";
	return 0;
}

static int probe(const struct source *s, struct video_info *out)
{
	memset(out, 0, sizeof *out);
	unsigned char head[8];
	if (read_at(s, 0, head, sizeof head) < 0)
		return -1;
	if (!memcmp(head + 4, "ftyp", 4))
		return probe_mp4(s, out);
	if (be32(head) == EBML_HEADER)
		return probe_webm(s, out);
	return -1;
}

int video_probe_file(int fd, uint64_t size, struct video_info *out)
{
	struct source s = {fd, NULL, size};
	return probe(&s, out);
}

int video_probe_buffer(const unsigned char *data, size_t len, struct video_info *out)
{
	struct source s = {-1, data, len};
	return probe(&s, out);
}
