/* daybook-import-sms.c — SMS Backup & Restore: messages (<sms>, <mms>) and calls (<call>)
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>

#include "daybook-error.h"
#include "daybook-import-parser.h"

/*
 * The backups are hundreds of megabytes: read with libxml2's xmlTextReader
 * as they come, one element at a time, never whole. No network, no DTD, no
 * entity expanded, no "huge" mode (a text node or attribute past libxml2's
 * 10 MB limit is an error of the file).
 *
 * The app writes characters outside the BMP as two character references to
 * UTF-16 surrogates (&#55357;&#56832; for U+1F600), which XML forbids, and
 * sometimes control characters (&#1;) or raw bytes that are not UTF-8. A
 * filter in front of the parser turns a surrogate pair into the reference
 * of the character it encodes, and any other forbidden reference, control
 * character or invalid byte into U+FFFD, so one bad message does not stop
 * the rest.
 *
 * Numbers: the element's position among the messages (or calls) of the
 * file, from 1, in the record's "line".
 */

#define CHUNK 65536

typedef struct
{
  GInputStream *input;
  GError *error;
  GByteArray *in;  /* read, not yet filtered (a reference cut by a chunk) */
  GByteArray *out; /* filtered, not yet given to the parser */
  gsize out_pos;
  gboolean eof;
  gunichar high; /* a high surrogate waiting for its low half */
  gsize high_at; /* where in out its replacement would go */
} Filter;

static gboolean
xml_char_ok (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
         || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static void
put_ref (GByteArray *out, gunichar c)
{
  char ref[24];
  int n = g_snprintf (ref, sizeof ref, "&#%u;", c);

  g_byte_array_append (out, (const guint8 *)ref, n);
}

static void
flush_high (Filter *f)
{
  if (f->high != 0)
    {
      put_ref (f->out, 0xFFFD);
      f->high = 0;
    }
}

/* Filters what is in f->in; keeps an incomplete tail unless @final. */
static void
filter_run (Filter *f, gboolean final)
{
  const guint8 *p = f->in->data;
  gsize len = f->in->len;
  gsize i = 0;

  while (i < len)
    {
      guint8 b = p[i];

      if (b == '&' && (i + 1 >= len || p[i + 1] == '#'))
        {
          gsize j = i + 2;
          gboolean hex = FALSE;
          guint64 value = 0;
          gboolean digits = FALSE;

          if (i + 1 >= len && !final)
            break;
          if (j < len && (p[j] == 'x' || p[j] == 'X'))
            hex = TRUE, j++;
          while (j < len && j - i < 16 && g_ascii_isxdigit (p[j])
                 && (hex || g_ascii_isdigit (p[j])))
            {
              value = value * (hex ? 16 : 10) + g_ascii_xdigit_value (p[j]);
              digits = TRUE;
              j++;
            }
          if (j >= len && !final)
            break; /* the rest of it comes with the next chunk */
          if (i + 1 < len && digits && j < len && p[j] == ';')
            {
              gunichar c = value > 0x10FFFF ? 0xFFFD : (gunichar)value;

              if (c >= 0xD800 && c <= 0xDBFF)
                {
                  flush_high (f);
                  f->high = c;
                }
              else if (c >= 0xDC00 && c <= 0xDFFF && f->high != 0)
                {
                  put_ref (f->out, 0x10000 + ((f->high - 0xD800) << 10) + (c - 0xDC00));
                  f->high = 0;
                }
              else
                {
                  flush_high (f);
                  put_ref (f->out, xml_char_ok (c) ? c : 0xFFFD);
                }
              i = j + 1;
              continue;
            }
          /* Not a reference: the parser says what it thinks of it. */
          flush_high (f);
          g_byte_array_append (f->out, p + i, 1);
          i++;
          continue;
        }
      flush_high (f);
      if (b < 0x80)
        {
          if (b < 0x20 && b != '\t' && b != '\n' && b != '\r')
            g_byte_array_append (f->out, (const guint8 *)"\xEF\xBF\xBD", 3);
          else
            g_byte_array_append (f->out, &b, 1);
          i++;
        }
      else
        {
          gunichar c = g_utf8_get_char_validated ((const char *)p + i, len - i);

          if (c == (gunichar)-2 && !final)
            break;
          if (c == (gunichar)-1 || c == (gunichar)-2 || !xml_char_ok (c))
            {
              g_byte_array_append (f->out, (const guint8 *)"\xEF\xBF\xBD", 3);
              i++;
            }
          else
            {
              gsize n = g_utf8_skip[b];

              g_byte_array_append (f->out, p + i, n);
              i += n;
            }
        }
    }
  if (final)
    flush_high (f);
  g_byte_array_remove_range (f->in, 0, i);
}

static int
filter_read (void *data, char *buffer, int len)
{
  Filter *f = data;

  while (f->out_pos == f->out->len && !f->eof)
    {
      guint8 chunk[CHUNK];
      gssize n;

      g_byte_array_set_size (f->out, 0);
      f->out_pos = 0;
      n = g_input_stream_read (f->input, chunk, sizeof chunk, NULL,
                               f->error == NULL ? &f->error : NULL);
      if (n < 0)
        return -1;
      if (n == 0)
        f->eof = TRUE;
      g_byte_array_append (f->in, chunk, n);
      filter_run (f, f->eof);
    }
  len = (int)MIN ((gsize)len, f->out->len - f->out_pos);
  memcpy (buffer, f->out->data + f->out_pos, len);
  f->out_pos += len;
  return len;
}

static int
filter_close (void *data)
{
  return 0;
}

/* ---- elements ------------------------------------------------------------ */

static char *
attr (xmlTextReaderPtr reader, const char *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, (const xmlChar *)name);
  char *out;

  if (value == NULL)
    return NULL;
  if (g_str_equal ((const char *)value, "null"))
    out = NULL;
  else
    out = g_strdup ((const char *)value);
  xmlFree (value);
  return out;
}

static gboolean
attr_int (xmlTextReaderPtr reader, const char *name, gint64 *out)
{
  g_autofree char *text = attr (reader, name);

  return text != NULL && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL);
}

static void
header_attr (GHashTable *headers, xmlTextReaderPtr reader, const char *name, const char *key)
{
  char *value = attr (reader, name);

  if (value != NULL)
    g_hash_table_insert (headers, g_strdup (key), value);
}

typedef struct
{
  xmlTextReaderPtr reader;
  DaybookImportEmitter *emitter;
  guint number;
} Sms;

static gboolean
sms_element (Sms *s, GError **error)
{
  g_autofree char *address = attr (s->reader, "address");
  g_autofree char *name = attr (s->reader, "contact_name");
  g_autofree char *body = attr (s->reader, "body");
  g_autoptr (GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  DaybookImportRecord r = { 0 };
  gint64 ms, type;

  if (!attr_int (s->reader, "date", &ms) || !attr_int (s->reader, "type", &type))
    {
      _daybook_import_skip (s->emitter, s->number, DAYBOOK_IMPORT_SKIP_SMS_NO_DATE, NULL, NULL);
      return TRUE;
    }
  if (type == 3)
    {
      _daybook_import_skip (s->emitter, s->number, DAYBOOK_IMPORT_SKIP_SMS_DRAFT, NULL, NULL);
      return TRUE;
    }
  header_attr (headers, s->reader, "subject", "subject");
  header_attr (headers, s->reader, "date_sent", "date-sent");
  header_attr (headers, s->reader, "readable_date", "readable-date");
  if (type != 1 && type != 2)
    g_hash_table_insert (headers, g_strdup ("sms-type"),
                         g_strdup_printf ("%" G_GINT64_FORMAT, type));
  r.kind = "message";
  r.direction = type == 1 ? "in" : "out";
  r.sender = type == 1 ? (name != NULL && !g_str_equal (name, "(Unknown)") ? name : address) : "";
  r.address = address;
  r.recipients
      = type == 1 ? "" : (name != NULL && !g_str_equal (name, "(Unknown)") ? name : address);
  r.seconds = ms / 1000;
  r.basis = "utc";
  r.text = body;
  r.line = s->number;
  r.media_state = "";
  r.outcome = "";
  r.duration_s = -1;
  r.headers = headers;
  return _daybook_import_emit_record (s->emitter, &r, error);
}

static gboolean
call_element (Sms *s, GError **error)
{
  static const char *const outcomes[]
      = { NULL, "answered", "outgoing", "missed", "voicemail", "rejected", "blocked" };
  g_autofree char *number = attr (s->reader, "number");
  g_autofree char *name = attr (s->reader, "contact_name");
  g_autoptr (GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  DaybookImportRecord r = { 0 };
  gint64 ms, type, duration = -1;

  if (!attr_int (s->reader, "date", &ms) || !attr_int (s->reader, "type", &type))
    {
      _daybook_import_skip (s->emitter, s->number, DAYBOOK_IMPORT_SKIP_CALL_NO_DATE, NULL, NULL);
      return TRUE;
    }
  if (type < 1 || type > 6)
    {
      g_autofree char *shown = g_strdup_printf ("%" G_GINT64_FORMAT, type);

      _daybook_import_skip (s->emitter, s->number, DAYBOOK_IMPORT_SKIP_CALL_TYPE, shown, NULL);
      return TRUE;
    }
  if (!attr_int (s->reader, "duration", &duration) || duration < 0 || duration > G_MAXINT32)
    duration = -1;
  header_attr (headers, s->reader, "presentation", "presentation");
  header_attr (headers, s->reader, "readable_date", "readable-date");
  if (name != NULL && g_str_equal (name, "(Unknown)"))
    g_clear_pointer (&name, g_free);
  r.kind = "call";
  r.direction = type == 2 ? "out" : "in";
  r.sender = type == 2 ? "" : name != NULL ? name : number;
  r.address = number;
  r.recipients = type == 2 ? (name != NULL ? name : number) : "";
  r.seconds = ms / 1000;
  r.basis = "utc";
  r.text = "";
  r.line = s->number;
  r.media_state = "";
  r.outcome = outcomes[type];
  r.duration_s = (gint32)duration;
  r.headers = headers;
  return _daybook_import_emit_record (s->emitter, &r, error);
}

typedef struct
{
  char *ct;
  char *name;
  char *text;
  GBytes *data;
} Part;

static void
part_free (Part *p)
{
  g_free (p->ct);
  g_free (p->name);
  g_free (p->text);
  g_clear_pointer (&p->data, g_bytes_unref);
  g_free (p);
}

/* An <mms> and its <parts> and <addrs>: the reader is on its start tag. */
static gboolean
mms_element (Sms *s, GError **error)
{
  g_autofree char *address = attr (s->reader, "address");
  g_autofree char *name = attr (s->reader, "contact_name");
  g_autoptr (GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify)part_free);
  g_autoptr (GString) from = g_string_new (NULL);
  g_autoptr (GString) to = g_string_new (NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  DaybookImportRecord r = { 0 };
  gint64 ms = 0, box = 0;
  gboolean dated = attr_int (s->reader, "date", &ms);
  int depth = xmlTextReaderDepth (s->reader);
  gboolean empty = xmlTextReaderIsEmptyElement (s->reader);
  guint media_n = 0;
  gboolean ok = TRUE;

  attr_int (s->reader, "msg_box", &box);
  header_attr (headers, s->reader, "sub", "subject");
  header_attr (headers, s->reader, "readable_date", "readable-date");
  while (!empty)
    {
      int rc = xmlTextReaderRead (s->reader);
      const char *tag;

      if (rc != 1)
        break;
      if (xmlTextReaderNodeType (s->reader) == XML_READER_TYPE_END_ELEMENT
          && xmlTextReaderDepth (s->reader) == depth)
        break;
      if (xmlTextReaderNodeType (s->reader) != XML_READER_TYPE_ELEMENT)
        continue;
      tag = (const char *)xmlTextReaderConstLocalName (s->reader);
      if (g_strcmp0 (tag, "part") == 0)
        {
          Part *p = g_new0 (Part, 1);
          g_autofree char *data = attr (s->reader, "data");

          p->ct = attr (s->reader, "ct");
          p->name = attr (s->reader, "cl");
          if (p->name == NULL)
            p->name = attr (s->reader, "name");
          if (p->name == NULL)
            p->name = attr (s->reader, "fn");
          p->text = attr (s->reader, "text");
          if (data != NULL)
            {
              gsize len = 0;
              guchar *raw;

              g_strdelimit (data, "\r\n", ' ');
              g_strstrip (data);
              raw = g_base64_decode_inplace (data, &len);
              p->data = g_bytes_new (raw, len);
            }
          g_ptr_array_add (parts, p);
        }
      else if (g_strcmp0 (tag, "addr") == 0)
        {
          g_autofree char *addr = attr (s->reader, "address");
          gint64 type = 0;

          attr_int (s->reader, "type", &type);
          if (addr != NULL)
            {
              GString *list = type == 137 ? from : to;

              if (type == 137 || type == 151 || type == 130 || type == 129)
                g_string_append_printf (list, "%s%s", list->len > 0 ? "; " : "", addr);
            }
        }
    }
  if (!dated)
    {
      _daybook_import_skip (s->emitter, s->number, DAYBOOK_IMPORT_SKIP_MMS_NO_DATE, NULL, NULL);
      return TRUE;
    }
  for (guint i = 0; i < parts->len; i++)
    {
      Part *p = parts->pdata[i];

      if (p->ct != NULL && g_str_equal (p->ct, "text/plain") && p->text != NULL)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", p->text);
    }
  r.kind = "message";
  r.direction = box == 1 ? "in" : "out";
  r.sender = box == 1 ? (name != NULL && !g_str_equal (name, "(Unknown)") ? name : from->str) : "";
  r.address = box == 1 ? (from->len > 0 ? from->str : address) : "";
  r.recipients = box == 1 ? "" : (to->len > 0 ? to->str : address);
  r.seconds = ms / 1000; /* in milliseconds, like <sms>; older apps wrote seconds */
  if (ms < G_GINT64_CONSTANT (100000000000))
    r.seconds = ms;
  r.basis = "utc";
  r.line = s->number;
  r.outcome = "";
  r.duration_s = -1;
  r.headers = headers;
  if (box != 1 && box != 2)
    g_hash_table_insert (headers, g_strdup ("msg-box"), g_strdup_printf ("%" G_GINT64_FORMAT, box));
  /* Each media part is a media frame; the first is named by the message,
   * any other by a record of its own at the same time. */
  for (guint i = 0; ok && i < parts->len; i++)
    {
      Part *p = parts->pdata[i];
      g_autofree char *media = NULL;

      if (p->data == NULL
          || (p->ct != NULL
              && (g_str_equal (p->ct, "application/smil") || g_str_equal (p->ct, "text/plain"))))
        continue;
      media
          = g_strdup_printf ("mms-%u-%u-%s", s->number, i + 1, p->name != NULL ? p->name : "part");
      g_strdelimit (media, "/\\", '_');
      ok = _daybook_import_emit_media (s->emitter, media, p->ct, p->data, error);
      if (ok && media_n++ == 0)
        {
          r.text = text->str;
          r.media_name = media;
          r.media_state = "present";
          ok = _daybook_import_emit_record (s->emitter, &r, error);
        }
      else if (ok)
        {
          DaybookImportRecord extra = r;

          extra.text = "";
          extra.media_name = media;
          extra.media_state = "present";
          ok = _daybook_import_emit_record (s->emitter, &extra, error);
        }
    }
  if (ok && media_n == 0)
    {
      r.text = text->str;
      r.media_state = "";
      ok = _daybook_import_emit_record (s->emitter, &r, error);
    }
  return ok;
}

static void
no_messages (void *ctx, const char *msg, ...)
{
}

gboolean
_daybook_import_sms (GInputStream *input, DaybookImportEmitter *emitter, GError **error)
{
  Filter filter = { input, NULL, g_byte_array_new (), g_byte_array_new (), 0, FALSE, 0, 0 };
  xmlTextReaderPtr reader;
  Sms s = { NULL, emitter, 0 };
  gboolean ok = TRUE;
  gboolean root_seen = FALSE;
  int rc;

  xmlSetGenericErrorFunc (NULL, no_messages);
  reader = xmlReaderForIO (filter_read, filter_close, &filter, NULL, "UTF-8",
                           XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING
                               | XML_PARSE_NOERROR | XML_PARSE_COMPACT);
  if (reader == NULL)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                           _ ("The XML reader could not start."));
      ok = FALSE;
    }
  s.reader = reader;
  while (ok && (rc = xmlTextReaderRead (reader)) == 1)
    {
      const char *tag;

      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT)
        continue;
      tag = (const char *)xmlTextReaderConstLocalName (reader);
      if (!root_seen)
        {
          root_seen = TRUE;
          if (g_strcmp0 (tag, "smses") == 0)
            emitter->format = "sms";
          else if (g_strcmp0 (tag, "calls") == 0)
            emitter->format = "calls";
          else
            {
              g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                                   _ ("This XML file is not an SMS or call backup of SMS Backup "
                                      "& Restore (its first element is neither <smses> nor "
                                      "<calls>)."));
              ok = FALSE;
            }
          continue;
        }
      if (g_strcmp0 (tag, "sms") == 0)
        {
          s.number++;
          ok = sms_element (&s, error);
        }
      else if (g_strcmp0 (tag, "mms") == 0)
        {
          s.number++;
          ok = mms_element (&s, error);
        }
      else if (g_strcmp0 (tag, "call") == 0)
        {
          s.number++;
          ok = call_element (&s, error);
        }
    }
  if (ok && filter.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&filter.error));
      ok = FALSE;
    }
  else if (ok && rc < 0)
    {
      const xmlError *xe = xmlGetLastError ();
      g_autofree char *where = g_strdup_printf ("%d", xe != NULL ? xe->line : 0);

      if (!root_seen)
        {
          g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                               _ ("This file is not readable XML."));
          ok = FALSE;
        }
      else
        {
          g_autofree char *message
              = g_strdup (xe != NULL && xe->message != NULL ? xe->message : "?");

          _daybook_import_skip (emitter, s.number + 1, DAYBOOK_IMPORT_SKIP_XML_END, where,
                                g_strstrip (message));
        }
    }
  else if (ok && !root_seen)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("This file is not readable XML."));
      ok = FALSE;
    }
  if (reader != NULL)
    xmlFreeTextReader (reader);
  g_clear_error (&filter.error);
  g_byte_array_unref (filter.in);
  g_byte_array_unref (filter.out);
  return ok;
}
