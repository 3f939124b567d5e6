/* daybook-import-parser.c — records out of the parsers; which format a file is
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "daybook-error.h"
#include "daybook-import-parser.h"

static const char *const format_names[] = {
  [DAYBOOK_IMPORT_FORMAT_AUTO] = "auto",         [DAYBOOK_IMPORT_FORMAT_WHATSAPP] = "whatsapp",
  [DAYBOOK_IMPORT_FORMAT_TELEGRAM] = "telegram", [DAYBOOK_IMPORT_FORMAT_SMS] = "sms",
  [DAYBOOK_IMPORT_FORMAT_CALLS] = "calls",       [DAYBOOK_IMPORT_FORMAT_EML] = "eml",
  [DAYBOOK_IMPORT_FORMAT_MBOX] = "mbox",         [DAYBOOK_IMPORT_FORMAT_CSV] = "csv",
};

const char *
_daybook_import_format_name (DaybookImportFormat format)
{
  return format < G_N_ELEMENTS (format_names) ? format_names[format] : "auto";
}

gboolean
_daybook_import_format_from_name (const char *name, DaybookImportFormat *format)
{
  for (gsize i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_strcmp0 (name, format_names[i]) == 0)
      {
        *format = (DaybookImportFormat)i;
        return TRUE;
      }
  return FALSE;
}

void
_daybook_import_emitter_init (DaybookImportEmitter *emitter, const DaybookImportOptions *options,
                              const DaybookImportSink *sink, gpointer user_data)
{
  memset (emitter, 0, sizeof *emitter);
  emitter->options = options;
  emitter->sink = sink;
  emitter->user_data = user_data;
  emitter->format = "";
  emitter->date_order = "";
  g_variant_builder_init (&emitter->skipped, G_VARIANT_TYPE ("a(us)"));
}

void
_daybook_import_emitter_clear (DaybookImportEmitter *emitter)
{
  g_variant_builder_clear (&emitter->skipped);
}

/**
 * _daybook_import_valid_utf8:
 * @len: -1 if nul-terminated
 * @max: the most bytes kept; cut at a character boundary
 *
 * Returns: (transfer full): @text as valid UTF-8 (U+FFFD for what is not),
 *   without NUL characters, at most @max bytes
 */
char *
_daybook_import_valid_utf8 (const char *text, gssize len, gsize max)
{
  char *out;

  if (text == NULL)
    return g_strdup ("");
  if (len < 0)
    len = strlen (text);
  /* Invalid bytes become U+FFFD; a NUL ends the text (the diary's strings
   * are C strings). */
  out = g_utf8_make_valid (text, len);
  if (strlen (out) > max)
    {
      const char *end = g_utf8_find_prev_char (out, out + max + 1);

      out[end != NULL ? end - out : 0] = '\0';
    }
  return out;
}

static GVariant *
string_value (const char *text, gsize max)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (text == NULL)
    return g_variant_new_string ("");
  /* Most strings are already valid and short: no copy. */
  if (g_utf8_validate (text, -1, &end) && (gsize)(end - text) <= max)
    return g_variant_new_string (text);
  valid = _daybook_import_valid_utf8 (text, -1, max);
  return g_variant_new_string (valid);
}

/* The sink learns the format before the first record or media, so that
 * it can store each record as it comes. */
static gboolean
announce (DaybookImportEmitter *emitter, GError **error)
{
  if (emitter->announced || emitter->sink->format == NULL)
    return TRUE;
  emitter->announced = TRUE;
  return emitter->sink->format (emitter->format, emitter->user_data, error);
}

gboolean
_daybook_import_emit_record (DaybookImportEmitter *emitter, const DaybookImportRecord *r,
                             GError **error)
{
  g_autoptr (GVariant) record = NULL;
  GVariantBuilder headers;
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  if (!announce (emitter, error))
    return FALSE;
  g_variant_builder_init (&headers, G_VARIANT_TYPE ("a{ss}"));
  if (r->headers != NULL)
    {
      g_hash_table_iter_init (&iter, r->headers);
      while (g_hash_table_iter_next (&iter, &key, &value) && n++ < DAYBOOK_IMPORT_MAX_HEADERS)
        g_variant_builder_add (&headers, "{@s@s}", string_value (key, 64),
                               string_value (value, DAYBOOK_IMPORT_MAX_HEADER));
    }
  record = g_variant_ref_sink (g_variant_new (
      "(@s@s@s@s@sxsi@su@s@s@sia{ss})", string_value (r->kind, 16), string_value (r->direction, 16),
      string_value (r->sender, DAYBOOK_IMPORT_MAX_NAME),
      string_value (r->address, DAYBOOK_IMPORT_MAX_NAME),
      string_value (r->recipients, DAYBOOK_IMPORT_MAX_RECIPIENTS), r->seconds,
      r->basis != NULL ? r->basis : "local", r->offset,
      string_value (r->text, DAYBOOK_IMPORT_MAX_TEXT), MAX (r->line, 1),
      string_value (r->media_name, DAYBOOK_IMPORT_MAX_NAME), string_value (r->media_state, 16),
      string_value (r->outcome, 16), r->duration_s, &headers));
  emitter->records++;
  return emitter->sink->record (record, emitter->user_data, error);
}

gboolean
_daybook_import_emit_media (DaybookImportEmitter *emitter, const char *name, const char *media_type,
                            GBytes *bytes, GError **error)
{
  g_autoptr (GVariant) media = NULL;

  if (g_bytes_get_size (bytes) > DAYBOOK_IMPORT_MAX_MEDIA)
    {
      _daybook_import_skip (emitter, 0, DAYBOOK_IMPORT_SKIP_MEDIA_TOO_LARGE, name, NULL);
      return TRUE;
    }
  if (!announce (emitter, error))
    return FALSE;
  media = g_variant_ref_sink (
      g_variant_new ("(@s@s@ay)", string_value (name, DAYBOOK_IMPORT_MAX_NAME),
                     string_value (media_type != NULL ? media_type : "", 256),
                     g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, bytes, TRUE)));
  emitter->media++;
  return emitter->sink->media (media, emitter->user_data, error);
}

/* An argument of a skip reason: valid UTF-8, at most 400 bytes, without
 * the separator. */
static void
append_skip_arg (GString *wire, const char *arg)
{
  g_autofree char *valid = NULL;

  if (arg == NULL)
    return;
  valid = _daybook_import_valid_utf8 (arg, -1, 400);
  g_strdelimit (valid, (char[]){ DAYBOOK_IMPORT_SKIP_SEPARATOR, '\0' }, ' ');
  g_string_append_c (wire, DAYBOOK_IMPORT_SKIP_SEPARATOR);
  g_string_append (wire, valid);
}

/* Leaves line @line out, for @reason with its arguments (see
 * DaybookImportSkip): sent as a code, said by the parent in the user's
 * language. */
void
_daybook_import_skip (DaybookImportEmitter *emitter, guint line, DaybookImportSkip reason,
                      const char *arg1, const char *arg2)
{
  g_autoptr (GString) wire = NULL;

  if (emitter->n_skipped++ >= DAYBOOK_IMPORT_MAX_SKIPPED)
    return;
  wire = g_string_new (NULL);
  g_string_append_printf (wire, "%u", (guint)reason);
  append_skip_arg (wire, arg1);
  append_skip_arg (wire, arg1 != NULL ? arg2 : NULL);
  g_variant_builder_add (&emitter->skipped, "(us)", line, wire->str);
}

GVariant *
_daybook_import_emitter_summary (DaybookImportEmitter *emitter)
{
  return g_variant_ref_sink (g_variant_new ("(ssuua(us))", emitter->format, emitter->date_order,
                                            emitter->records, emitter->media, &emitter->skipped));
}

/* ---- detection ---------------------------------------------------------- */

static gboolean
starts_with_header (const char *text, gsize len)
{
  static const char *const names[] = { "Return-Path:",
                                       "Received:",
                                       "From:",
                                       "Delivered-To:",
                                       "Message-ID:",
                                       "Date:",
                                       "To:",
                                       "MIME-Version:",
                                       "Subject:",
                                       "X-",
                                       "DKIM-Signature:",
                                       "Authentication-Results:",
                                       "ARC-" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (len >= strlen (names[i]) && g_ascii_strncasecmp (text, names[i], strlen (names[i])) == 0)
      return TRUE;
  return FALSE;
}

/* A WhatsApp line: "[d/m/y, h:mm…] " or "d/m/y, h:mm… - ", invisible
 * marks first. */
static gboolean
looks_like_chat (const char *text, gsize len)
{
  static gsize once = 0;
  static GRegex *re;
  g_autofree char *line = g_strndup (text, MIN (len, 512));
  char *nl = strchr (line, '\n');

  if (g_once_init_enter (&once))
    {
      re = g_regex_new ("^(\\x{FEFF}|\\x{200E}|\\x{200F})*\\[?\\d{1,4}[-/.] ?\\d{1,4}[-/.] "
                        "?\\d{1,4}\\.?,? ",
                        G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  if (nl != NULL)
    *nl = '\0';
  if (!g_utf8_validate (line, -1, NULL))
    g_strcanon (line, "0123456789/.-[, ", '?');
  return g_regex_match (re, line, 0, NULL);
}

/**
 * _daybook_import_detect:
 * @head: the first bytes of the file (64 KiB is plenty)
 *
 * Returns: the format the content shows, or AUTO if none
 */
DaybookImportFormat
_daybook_import_detect (const guint8 *head, gsize len)
{
  const char *text = (const char *)head;
  gsize skip = 0;

  if (len >= 4 && memcmp (head, "PK\003\004", 4) == 0)
    return DAYBOOK_IMPORT_FORMAT_WHATSAPP;
  if (len >= 3 && memcmp (head, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;
  while (skip < len && g_ascii_isspace (text[skip]))
    skip++;
  text += skip;
  len -= skip;
  if (len > 0 && text[0] == '<')
    {
      g_autofree char *start = g_strndup (text, MIN (len, 4096));

      if (strstr (start, "<smses") != NULL)
        return DAYBOOK_IMPORT_FORMAT_SMS;
      if (strstr (start, "<calls") != NULL)
        return DAYBOOK_IMPORT_FORMAT_CALLS;
      return DAYBOOK_IMPORT_FORMAT_AUTO;
    }
  if (len > 0 && text[0] == '{')
    return DAYBOOK_IMPORT_FORMAT_TELEGRAM;
  if (len >= 5 && memcmp (text, "From ", 5) == 0)
    return DAYBOOK_IMPORT_FORMAT_MBOX;
  if (starts_with_header (text, len))
    return DAYBOOK_IMPORT_FORMAT_EML;
  if (looks_like_chat (text, len))
    return DAYBOOK_IMPORT_FORMAT_WHATSAPP;
  {
    /* A table whose header row names a date column. */
    g_autofree char *first = g_ascii_strdown (text, MIN (len, 4096));
    char *nl = strpbrk (first, "\r\n");

    if (nl != NULL)
      *nl = '\0';
    if (strstr (first, "date") != NULL && strpbrk (first, ",;\t") != NULL)
      return DAYBOOK_IMPORT_FORMAT_CSV;
  }
  return DAYBOOK_IMPORT_FORMAT_AUTO;
}

gboolean
_daybook_import_parse_stream (GInputStream *input, const DaybookImportOptions *options,
                              const DaybookImportSink *sink, gpointer user_data, GVariant **summary,
                              GError **error)
{
  g_autoptr (GBufferedInputStream) buffered
      = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new_sized (input, 65536));
  DaybookImportFormat format = options->format;
  DaybookImportEmitter emitter;
  const guint8 *head;
  gsize head_len = 0;
  gboolean zip;
  gboolean ok = FALSE;

  if (g_buffered_input_stream_fill (buffered, 65536, NULL, error) < 0)
    return FALSE;
  /* A pipe may give less than asked: fill until 64 KiB or the end. */
  while (g_buffered_input_stream_get_available (buffered) < 65536)
    {
      gsize before = g_buffered_input_stream_get_available (buffered);
      gssize n = g_buffered_input_stream_fill (buffered, 65536 - before, NULL, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
    }
  head = g_buffered_input_stream_peek_buffer (buffered, &head_len);
  zip = head_len >= 4 && memcmp (head, "PK\003\004", 4) == 0;
  if (format == DAYBOOK_IMPORT_FORMAT_AUTO)
    format = _daybook_import_detect (head, head_len);
  if (head_len == 0)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("This file is empty: there is nothing to import."));
      return FALSE;
    }

  _daybook_import_emitter_init (&emitter, options, sink, user_data);
  emitter.format = _daybook_import_format_name (format);
  /* A probe: the format is all the window needs to know, except for a
   * table, whose header row the CSV parser sends. */
  if (options->probe && format != DAYBOOK_IMPORT_FORMAT_AUTO && format != DAYBOOK_IMPORT_FORMAT_CSV)
    {
      if (summary != NULL)
        *summary = _daybook_import_emitter_summary (&emitter);
      _daybook_import_emitter_clear (&emitter);
      return TRUE;
    }
  switch (format)
    {
    case DAYBOOK_IMPORT_FORMAT_WHATSAPP:
      ok = _daybook_import_whatsapp (G_INPUT_STREAM (buffered), zip, &emitter, error);
      break;
    case DAYBOOK_IMPORT_FORMAT_SMS:
    case DAYBOOK_IMPORT_FORMAT_CALLS:
      ok = _daybook_import_sms (G_INPUT_STREAM (buffered), &emitter, error);
      break;
    case DAYBOOK_IMPORT_FORMAT_EML:
    case DAYBOOK_IMPORT_FORMAT_MBOX:
      ok = _daybook_import_mail (G_INPUT_STREAM (buffered), format == DAYBOOK_IMPORT_FORMAT_MBOX,
                                 &emitter, error);
      break;
    case DAYBOOK_IMPORT_FORMAT_TELEGRAM:
      ok = _daybook_import_telegram (G_INPUT_STREAM (buffered), &emitter, error);
      break;
    case DAYBOOK_IMPORT_FORMAT_CSV:
      ok = _daybook_import_csv (G_INPUT_STREAM (buffered), &emitter, error);
      break;
    case DAYBOOK_IMPORT_FORMAT_AUTO:
    default:
      g_set_error_literal (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
          _ ("Daybook does not recognise this file as a WhatsApp chat, a Telegram export, an SMS "
             "or call backup, an e-mail or a table; if it is one, choose its format "
             "(--format)."));
      break;
    }
  if (ok && summary != NULL)
    *summary = _daybook_import_emitter_summary (&emitter);
  _daybook_import_emitter_clear (&emitter);
  return ok;
}
