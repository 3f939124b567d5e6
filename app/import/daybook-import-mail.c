/* daybook-import-mail.c — e-mail: one .eml, or an mbox (mboxrd or mboxo)
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

#include "daybook-error.h"
#include "daybook-import-parser.h"

/*
 * Each message's bytes are handed on untouched as a media frame (for an
 * mbox: the message between its "From " line and the next, with the
 * mbox's quoting of "From " lines undone), then a record of its headers and
 * text read through GMime. mboxrd (the default) takes one '>' off any line
 * that is '>'s then "From "; mboxo only off ">From ", which it cannot tell
 * from a quoted line that started ">From " in the message itself.
 *
 * An mbox is read a line at a time: only one message is held at once.
 */

#define MAX_LINE (DAYBOOK_IMPORT_MAX_MEDIA + 1)

typedef struct
{
  GInputStream *input;
  guint8 buf[65536];
  gsize pos, len;
  gboolean eof;
  GByteArray *line;
} Lines;

/* The next line with its end of line; FALSE at the end of the input. */
static gboolean
next_line (Lines *l, GError **error)
{
  g_byte_array_set_size (l->line, 0);
  for (;;)
    {
      if (l->pos == l->len)
        {
          gssize n;

          if (l->eof)
            return l->line->len > 0;
          n = g_input_stream_read (l->input, l->buf, sizeof l->buf, NULL, error);
          if (n < 0)
            return FALSE;
          l->pos = 0;
          l->len = n;
          l->eof = n == 0;
          continue;
        }
      {
        const guint8 *start = l->buf + l->pos;
        const guint8 *nl = memchr (start, '\n', l->len - l->pos);
        gsize take = nl != NULL ? (gsize)(nl - start) + 1 : l->len - l->pos;

        /* A line longer than a message may be is cut: the message is
         * refused for its size anyway. */
        if (l->line->len < MAX_LINE)
          g_byte_array_append (l->line, start, MIN (take, MAX_LINE - l->line->len));
        l->pos += take;
        if (nl != NULL)
          return TRUE;
      }
    }
}

static void
mime_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      g_mime_init ();
      g_once_init_leave (&once, 1);
    }
}

static char *
raw_headers (GMimeObject *object, const char *name)
{
  GMimeHeaderList *list = g_mime_object_get_header_list (object);
  GString *out = g_string_new (NULL);
  int n = g_mime_header_list_get_count (list);

  for (int i = 0; i < n; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (list, i);
      const char *raw;

      if (g_ascii_strcasecmp (g_mime_header_get_name (header), name) != 0)
        continue;
      raw = g_mime_header_get_raw_value (header);
      if (raw == NULL)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, raw);
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void
put (GHashTable *headers, const char *key, const char *value)
{
  if (value != NULL && value[0] != '\0')
    g_hash_table_insert (headers, g_strdup (key), g_strdup (value));
}

static char *
body_text (GMimeMessage *message, GHashTable *headers)
{
  GMimeObject *body = g_mime_message_get_body (message);

  if (body != NULL && GMIME_IS_TEXT_PART (body))
    {
      GMimeContentType *type = g_mime_object_get_content_type (body);
      char *text = g_mime_text_part_get_text (GMIME_TEXT_PART (body));

      if (type != NULL && !g_mime_content_type_is_type (type, "text", "plain"))
        {
          g_autofree char *mime = g_mime_content_type_get_mime_type (type);

          put (headers, "body-type", mime);
        }
      return text;
    }
  return NULL;
}

static gboolean
one_message (DaybookImportEmitter *emitter, GBytes *bytes, guint line, guint number, GError **error)
{
  GMimeStream *stream;
  GMimeParser *parser;
  GMimeMessage *message;
  gboolean ok;
  g_autoptr (GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *media
      = number > 0 ? g_strdup_printf ("message-%u.eml", number) : g_strdup ("message.eml");
  g_autofree char *from_text = NULL, *to_text = NULL, *text = NULL, *auth = NULL;
  g_autofree char *sender = NULL, *address = NULL;
  DaybookImportRecord r = { 0 };
  InternetAddressList *from, *to;
  GDateTime *date;
  const char *me = emitter->options->me;

  mime_init ();
  stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (bytes, NULL),
                                              g_bytes_get_size (bytes));
  parser = g_mime_parser_new_with_stream (stream);
  message = g_mime_parser_construct_message (parser, NULL);
  g_object_unref (parser);
  g_object_unref (stream);
  if (message == NULL)
    {
      _daybook_import_skip (emitter, line, DAYBOOK_IMPORT_SKIP_MAIL_UNREADABLE, NULL, NULL);
      return TRUE;
    }
  date = g_mime_message_get_date (message);
  if (date == NULL)
    {
      _daybook_import_skip (emitter, line, DAYBOOK_IMPORT_SKIP_MAIL_NO_DATE, NULL, NULL);
      g_object_unref (message);
      return TRUE;
    }
  if (!_daybook_import_emit_media (emitter, media, "message/rfc822", bytes, error))
    {
      g_object_unref (message);
      return FALSE;
    }

  from = g_mime_message_get_from (message);
  to = g_mime_message_get_to (message);
  if (from != NULL && internet_address_list_length (from) > 0)
    {
      InternetAddress *first = internet_address_list_get_address (from, 0);

      if (INTERNET_ADDRESS_IS_MAILBOX (first))
        address = g_strdup (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (first)));
      sender = g_strdup (internet_address_get_name (first) != NULL
                                 && internet_address_get_name (first)[0] != '\0'
                             ? internet_address_get_name (first)
                             : address);
      from_text = internet_address_list_to_string (from, NULL, FALSE);
    }
  if (to != NULL)
    to_text = internet_address_list_to_string (to, NULL, FALSE);
  put (headers, "from", from_text);
  put (headers, "to", to_text);
  {
    g_autofree char *date_text = raw_headers (GMIME_OBJECT (message), "Date");
    g_autofree char *return_path = raw_headers (GMIME_OBJECT (message), "Return-Path");
    g_autofree char *reply_to = raw_headers (GMIME_OBJECT (message), "Reply-To");
    g_autofree char *message_id = raw_headers (GMIME_OBJECT (message), "Message-ID");

    put (headers, "date", date_text);
    put (headers, "subject", g_mime_message_get_subject (message));
    put (headers, "message-id", message_id);
    put (headers, "return-path", return_path);
    put (headers, "reply-to", reply_to);
  }
  /* Kept as the receiving server wrote it: SPF, DKIM and DMARC verdicts. */
  auth = raw_headers (GMIME_OBJECT (message), "Authentication-Results");
  put (headers, "authentication-results", auth);
  text = body_text (message, headers);

  r.kind = "email";
  r.direction
      = me != NULL && (g_strcmp0 (address, me) == 0 || g_strcmp0 (sender, me) == 0) ? "out" : "in";
  r.sender = sender;
  r.address = address;
  r.recipients = to_text;
  r.seconds = g_date_time_to_unix (date);
  r.basis = "utc";
  r.offset = (gint32)(g_date_time_get_utc_offset (date) / G_TIME_SPAN_SECOND);
  r.text = text;
  r.line = line;
  r.media_name = media;
  r.media_state = "present";
  r.outcome = "";
  r.duration_s = -1;
  r.headers = headers;
  ok = _daybook_import_emit_record (emitter, &r, error);
  g_object_unref (message);
  return ok;
}

/* Undoes the mbox's quoting of a "From " line, in place. */
static void
unquote (GByteArray *line, gboolean mboxo)
{
  gsize n = 0;

  while (n < line->len && line->data[n] == '>')
    n++;
  if (n == 0 || line->len - n < 5 || memcmp (line->data + n, "From ", 5) != 0)
    return;
  if (mboxo && n != 1)
    return;
  g_byte_array_remove_index (line, 0);
}

/* mboxrd and mboxo end each message with an empty line the mbox added
 * before the next "From " line; it is not the message's. */
static void
drop_separator (GByteArray *message)
{
  gsize keep;

  if (message->len == 0 || message->data[message->len - 1] != '\n')
    return;
  keep = message->len - 1;
  if (keep > 0 && message->data[keep - 1] == '\r')
    keep--;
  if (keep > 0 && message->data[keep - 1] == '\n')
    g_byte_array_set_size (message, keep);
}

static gboolean
finish (DaybookImportEmitter *emitter, GByteArray *message, gboolean mbox, gboolean too_big,
        guint line, guint number, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;

  if (mbox)
    drop_separator (message);

  if (too_big)
    {
      _daybook_import_skip (emitter, line, DAYBOOK_IMPORT_SKIP_MAIL_TOO_LARGE, NULL, NULL);
      return TRUE;
    }
  bytes = g_bytes_new (message->data, message->len);
  return one_message (emitter, bytes, line, number, error);
}

gboolean
_daybook_import_mail (GInputStream *input, gboolean mbox, DaybookImportEmitter *emitter,
                      GError **error)
{
  Lines lines = { input, { 0 }, 0, 0, FALSE, g_byte_array_new () };
  g_autoptr (GByteArray) message = g_byte_array_new ();
  gboolean mboxo = emitter->options->mboxo;
  gboolean too_big = FALSE;
  gboolean in_message = !mbox;
  GError *read_error = NULL;
  guint line = 0, start_line = 1, number = 0;
  gboolean ok = TRUE;

  emitter->format = mbox ? "mbox" : "eml";
  while (ok && next_line (&lines, &read_error))
    {
      line++;
      if (mbox && lines.line->len >= 5 && memcmp (lines.line->data, "From ", 5) == 0)
        {
          if (in_message)
            ok = finish (emitter, message, mbox, too_big, start_line, number, error);
          g_byte_array_set_size (message, 0);
          too_big = FALSE;
          in_message = TRUE;
          start_line = line;
          number++;
          continue;
        }
      if (!in_message)
        {
          if (lines.line->len > 0
              && !(lines.line->len <= 2 && g_ascii_isspace (lines.line->data[0])))
            {
              g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                                   _ ("This mailbox does not start with a “From ” line: it is "
                                      "not an mbox file (or it is damaged)."));
              ok = FALSE;
            }
          continue;
        }
      if (mbox)
        unquote (lines.line, mboxo);
      if (message->len + lines.line->len > DAYBOOK_IMPORT_MAX_MEDIA)
        too_big = TRUE;
      if (!too_big)
        g_byte_array_append (message, lines.line->data, lines.line->len);
    }
  if (read_error != NULL)
    {
      if (ok)
        g_propagate_error (error, read_error);
      else
        g_error_free (read_error);
      ok = FALSE;
    }
  if (ok && in_message)
    {
      ok = finish (emitter, message, mbox, too_big, start_line, number, error);
    }
  else if (ok && mbox && number == 0)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("This mailbox holds no message."));
      ok = FALSE;
    }
  g_byte_array_unref (lines.line);
  return ok;
}
