/* What a lesson's video file is, read from its container, not its name:
 * MP4 (ISO base media: ftyp first, moov with mvhd, a track whose handler
 * is "vide" with its tkhd size, an mdat, and boxes that tile the file to
 * its end) or WebM (an EBML header whose DocType is "webm", a Segment with
 * Info holding Duration, and a video TrackEntry with its pixel size).
 * Anything else, or a file cut short, is not a video.
 *
 * Only the headers are read: a box or element's size is checked against
 * the file before anything inside it is, the parts read into memory are
 * bounded (VIDEO_PROBE_MAX_HEADER), and media data is skipped, never
 * read.  A small reader of two containers, fuzzed (fuzz/fuzz_video.c),
 * instead of a general demuxer linked into a daemon that holds personal
 * data. */
#ifndef SIDAKERD_VIDEO_PROBE_H
#define SIDAKERD_VIDEO_PROBE_H

#include <stddef.h>
#include <stdint.h>

/* The largest moov box, Info or Tracks element read whole. */
#define VIDEO_PROBE_MAX_HEADER (8 * 1024 * 1024)

struct video_info {
	const char *media_type; /* "video/mp4" or "video/webm" */
	int64_t duration_ms;
	int width, height;
};

/* 0 and *out filled, or -1: not an MP4 or WebM video we can play. */
int video_probe_file(int fd, uint64_t size, struct video_info *out);
int video_probe_buffer(const unsigned char *data, size_t len, struct video_info *out);

#endif
