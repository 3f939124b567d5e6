/* daybook-parse-main.c — the parsing helper daybook-parse, with the importers' mode
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>

#include "daybook-import-parser.h"
#include "daybook-import-protocol.h"
#include "daybook-parse-helper.h"

/*
 * The helper's confinement and its other modes are in
 * app/evidence/daybook-parse.c; this adds `import` (daybook-import-protocol.h):
 * the export is read from stdin as it comes, under the same filter and
 * limits, and each record leaves as soon as it is read.
 */

/* Frames leave in blocks: one write() per record would cost more than
 * parsing it (each system call goes through the filter, each wakes Daybook). */
#define OUT_BLOCK (256 * 1024)

static GByteArray *out;

static gboolean
flush (void)
{
  gboolean ok = _daybook_parse_write_all (STDOUT_FILENO, out->data, out->len);

  g_byte_array_set_size (out, 0);
  return ok;
}

static gboolean
frame (char type, GVariant *value)
{
  gsize size = g_variant_get_size (value);
  guint8 header[DAYBOOK_IMPORT_FRAME_HEADER];

  header[0] = (guint8)type;
  header[1] = size >> 24;
  header[2] = size >> 16;
  header[3] = size >> 8;
  header[4] = size;
  if (out->len + sizeof header + size > OUT_BLOCK && out->len > 0 && !flush ())
    return FALSE;
  g_byte_array_append (out, header, sizeof header);
  /* Serialised in memory GVariant aligns, then copied. */
  g_byte_array_append (out, g_variant_get_data (value), size);
  /* A media frame is sent at once and not kept in the block. */
  return out->len < OUT_BLOCK || flush ();
}

static gboolean
send_record (GVariant *record, gpointer user_data, GError **error)
{
  if (frame (DAYBOOK_IMPORT_FRAME_RECORD, record))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "stdout closed");
  return FALSE;
}

static gboolean
send_media (GVariant *media, gpointer user_data, GError **error)
{
  if (frame (DAYBOOK_IMPORT_FRAME_MEDIA, media))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "stdout closed");
  return FALSE;
}

static gboolean
send_format (const char *format, gpointer user_data, GError **error)
{
  g_autoptr (GVariant) value = g_variant_ref_sink (g_variant_new_string (format));

  if (frame (DAYBOOK_IMPORT_FRAME_FORMAT, value))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "stdout closed");
  return FALSE;
}

static int
run_import (int argc, char **argv)
{
  static const DaybookImportSink sink = { send_record, send_media, send_format };
  DaybookImportOptions options = { DAYBOOK_IMPORT_FORMAT_AUTO, NULL, FALSE, NULL, NULL };
  g_autoptr (GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_has_prefix (arg, "format="))
        {
          if (!_daybook_import_format_from_name (arg + 7, &options.format))
            return 2;
        }
      else if (g_str_has_prefix (arg, "date-order="))
        options.date_order = arg + 11;
      else if (g_str_equal (arg, "mboxo=1"))
        options.mboxo = TRUE;
      else if (g_str_has_prefix (arg, "me="))
        options.me = arg + 3;
      else if (g_str_has_prefix (arg, "csv-columns="))
        options.csv_columns = arg + 12;
      else if (g_str_equal (arg, "probe=1"))
        options.probe = TRUE;
      else if (g_str_has_prefix (arg, "lang="))
        {
          /* The user's language for the sentences it may send back; the
           * catalogues are read (read-only) from the system's folders. */
          setlocale (LC_MESSAGES, arg + 5);
          bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
          bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
        }
      else if (g_str_has_prefix (arg, "language="))
        g_setenv ("LANGUAGE", arg + 9, TRUE);
      else
        return 2;
    }
  if (options.date_order != NULL && !g_str_equal (options.date_order, "dmy")
      && !g_str_equal (options.date_order, "mdy") && !g_str_equal (options.date_order, "ymd"))
    return 2;
  out = g_byte_array_sized_new (OUT_BLOCK);
  if (_daybook_import_parse_stream (input, &options, &sink, NULL, &summary, &error))
    return frame (DAYBOOK_IMPORT_FRAME_SUMMARY, summary) && flush () ? 0 : 1;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return 1;
  {
    g_autofree char *message
        = _daybook_import_valid_utf8 (error->message, -1, DAYBOOK_IMPORT_MAX_ERROR_FRAME / 2);
    g_autoptr (GVariant) text = g_variant_ref_sink (g_variant_new_string (message));

    return frame (DAYBOOK_IMPORT_FRAME_ERROR, text) && flush () ? 0 : 1;
  }
}

int
main (int argc, char **argv)
{
  static const DaybookParseMode import_mode = { "import", DAYBOOK_IMPORT_CPU_SECONDS, run_import };

  return _daybook_parse_main (argc, argv, &import_mode);
}
