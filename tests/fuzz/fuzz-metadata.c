/* fuzz-metadata.c — the photo and e-mail metadata readers against arbitrary bytes
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Evidence comes from outside: a photo sent by the harasser, an e-mail saved
 * from a web mail. The same entry point the parsing helper (daybook-parse)
 * uses reads its EXIF (libgexiv2), makes its thumbnail (GdkPixbuf) or its
 * headers (GMime).
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "daybook-metadata.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
extract (const guint8 *data, size_t size, const char *media_type)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_auto (DaybookParsed) out = { 0 };
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  _daybook_extract_metadata_from_stream (stream, media_type, size, &out);
  g_assert (out.metadata != NULL);
  /* What was read is valid UTF-8 and serialises: it goes into the diary as JSON. */
  node = json_node_init_object (json_node_alloc (), out.metadata);
  text = json_to_string (node, FALSE);
  g_assert (text != NULL && g_utf8_validate (text, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  /* Both readers see every input: a seed for one mutates into the other. */
  extract (data, size, "image/jpeg");
  extract (data, size, "message/rfc822");
  return 0;
}
