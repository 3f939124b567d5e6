/* daybook-metadata.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "daybook-attachment-private.h"

G_BEGIN_DECLS

/* Metadata read from the stored copy (daybook-metadata.c). */
typedef struct
{
  JsonObject *metadata; /* owned; never NULL */
  gint64 taken_at;      /* 0: not known */
  GBytes *thumbnail;    /* owned, PNG; NULL if none */
} DaybookExtracted;

void _daybook_extract_metadata (DaybookContent *content, const char *media_type,
                                DaybookExtracted *out);

void _daybook_extract_metadata_from_stream (GInputStream *stream, const char *media_type,
                                            guint64 size, DaybookExtracted *out);
void _daybook_extracted_clear (DaybookExtracted *out);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DaybookExtracted, _daybook_extracted_clear)

G_END_DECLS
