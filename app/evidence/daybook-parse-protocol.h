/* daybook-parse-protocol.h — what the parsing helper and Daybook say
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/*
 * Daybook runs `daybook-parse MODE [ARGUMENT]` with the file's bytes on its
 * stdin (at most DAYBOOK_PARSE_MAX_INPUT for metadata, in daybook-metadata.h,
 * and DAYBOOK_PARSE_MAX_IMAGE_INPUT for an image to show). The helper answers with one
 * reply on stdout: the 4 bytes DAYBOOK_PARSE_MAGIC, the length of what
 * follows as 4 bytes big-endian, then a serialised GVariant of the mode's
 * fixed type. Daybook reads at most the mode's cap, refuses any other type,
 * and checks every value (daybook-parse-client.c).
 *
 *   probe     "s": "ok" (the sandbox works)
 *   metadata  DAYBOOK_PARSE_METADATA_TYPE; ARGUMENT is the media type:
 *             e-mail Date as Unix time (0: none), EXIF date and its offset
 *             ("" for none), named strings, named numbers, EXIF orientation,
 *             thumbnail pixels
 *   image     DAYBOOK_PARSE_PIXELS_TYPE: the whole image, for the viewer
 *   audio     DAYBOOK_PARSE_AUDIO_TYPE: the first DAYBOOK_PARSE_AUDIO_MINUTES
 *             of the file's first audio stream, decoded: (rate, channels,
 *             cut short, samples) with rate DAYBOOK_PARSE_AUDIO_RATE, 1 or 2
 *             channels, signed 16-bit little-endian, interleaved
 *   try       "s": what happened when it tried ARGUMENT (tests only)
 *
 * Pixels are (width, height, has alpha, RGB or RGBA rows, 8 bits, packed);
 * width 0: no image.
 */

#define DAYBOOK_PARSE_MAGIC "DBP1"
#define DAYBOOK_PARSE_METADATA_TYPE "(xssa{ss}a{sd}i(uubay))"
#define DAYBOOK_PARSE_PIXELS_TYPE "(uubay)"
#define DAYBOOK_PARSE_MAX_IMAGE_INPUT (256 * 1024 * 1024)
#define DAYBOOK_PARSE_THUMB_SIZE 256
#define DAYBOOK_PARSE_AUDIO_TYPE "(uubay)"
#define DAYBOOK_PARSE_AUDIO_RATE 48000
#define DAYBOOK_PARSE_AUDIO_MINUTES 30
#define DAYBOOK_PARSE_MAX_AUDIO_FRAMES                                                             \
  ((gsize)DAYBOOK_PARSE_AUDIO_RATE * 60 * DAYBOOK_PARSE_AUDIO_MINUTES)
#define DAYBOOK_PARSE_MAX_AUDIO_BYTES (DAYBOOK_PARSE_MAX_AUDIO_FRAMES * 2 * 2)
/* The viewer's largest image, and the thumbnail loader's. */
#define DAYBOOK_PARSE_MAX_PIXELS (40 * 1000 * 1000)
