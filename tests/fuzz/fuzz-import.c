/* fuzz-import.c — a parser of phone and mail exports against arbitrary bytes
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built once for each format (DAYBOOK_FUZZ_FORMAT, see meson.build): the
 * same entry point the helper's import mode uses, with the format forced,
 * then once more with it detected. Every record and media handed on must
 * pass the checks Daybook makes on arrival.
 */

#include "config.h"

#include <gio/gio.h>

#include "daybook-import-parse.h"
#include "daybook-import-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gboolean
check_record (GVariant *record, gpointer user_data, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!daybook_import_record_check (record, &local))
    g_error ("a parser made a record Daybook refuses: %s", local->message);
  return TRUE;
}

static gboolean
check_media (GVariant *media, gpointer user_data, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!daybook_import_media_check (media, &local))
    g_error ("a parser made a media frame Daybook refuses: %s", local->message);
  return TRUE;
}

static void
parse (const guint8 *data, size_t size, DaybookImportFormat format, const char *order)
{
  static const DaybookImportSink sink = { check_record, check_media };
  g_autoptr (GInputStream) input = g_memory_input_stream_new_from_data (data, size, NULL);
  DaybookImportOptions options = { format, order, FALSE, NULL, "Jo" };
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;

  if (_daybook_import_parse_stream (input, &options, &sink, NULL, &summary, &error))
    {
      g_autoptr (GError) local = NULL;

      if (!daybook_import_summary_check (summary, &local))
        g_error ("a parser made a summary Daybook refuses: %s", local->message);
    }
  else
    g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  parse (data, size, DAYBOOK_FUZZ_FORMAT, NULL);
  parse (data, size, DAYBOOK_FUZZ_FORMAT, "mdy");
  parse (data, size, DAYBOOK_IMPORT_FORMAT_AUTO, NULL);
  return 0;
}
