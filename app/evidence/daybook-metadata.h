/* daybook-metadata.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The most bytes the parsers are given: bigger files may be read whole. */
#define DAYBOOK_PARSE_MAX_INPUT (64 * 1024 * 1024)

/* What the parsers read from a file (daybook-metadata.c). Only the parsing
 * helper and the fuzz target run them; the diary gets a DaybookExtracted
 * from daybook-parse-client.c. */
typedef struct
{
  JsonObject *metadata; /* owned; never NULL */
  gint64 taken_at;      /* e-mail Date; 0: not known */
  char *exif_time;      /* "2026:03:01 21:40:05"; NULL: none */
  char *exif_offset;    /* "+01:00"; NULL: none */
  GdkPixbuf *thumbnail; /* at most 256 pixels a side, not turned; NULL: none */
} DaybookParsed;

void _daybook_metadata_init (void);
void _daybook_extract_metadata_from_stream (GInputStream *stream, const char *media_type,
                                            guint64 size, DaybookParsed *out);
void _daybook_parsed_clear (DaybookParsed *out);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DaybookParsed, _daybook_parsed_clear)

G_END_DECLS
