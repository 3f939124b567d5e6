/* daybook-import-whatsapp.c — WhatsApp "Export chat": the .txt, or the .zip with media
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "daybook-error.h"
#include "daybook-import-parser.h"

/*
 * A chat is lines; a line that starts with a date and a time starts a
 * message, any other line continues the one before.
 *
 *   Android  12/03/2023, 22:15 - Alex: text
 *            3/12/23, 10:15 PM - Alex: text      (U+202F or U+00A0 before PM)
 *            12.03.23, 22:15 - Alex: text
 *            12.3.2023 klo 22.15 - Alex: text    (Finnish: a word, dots)
 *            2023-03-12, 22:15 - Alex: text
 *   iOS      [12/03/2023, 22:15:07] Alex: text
 *            ‎[12.03.23, 10:15:07 p. m.] Alex: ‎image omitted
 *
 * Marks the apps write invisibly (U+200E, U+200F, U+FEFF at the start,
 * U+202A…U+202E and U+2066…U+2069 round phone numbers) are ignored in the
 * date, time and sender; the text keeps them, as written.
 *
 * Which of the first two numbers is the day is known only when the data
 * proves it: a four-digit year first (ymd), or a first number above 12
 * somewhere (dmy), or a second one (mdy). Otherwise the caller must say; a
 * guess would move evidence by months.
 */

typedef struct
{
  guint32 line;
  gsize line_start; /* offsets in the text */
  gsize body_start;
  guint16 a, b, c;
  guint8 a_digits, c_digits;
  guint8 hour, minute, second;
  guint8 ampm; /* 0 none, 1 am, 2 pm */
} Header;

static GRegex *
header_regex (void)
{
  static gsize once = 0;
  static GRegex *re;

  if (g_once_init_enter (&once))
    {
      re = g_regex_new ("^(\\[)?(\\d{1,4})([-/.]) ?(\\d{1,2})\\3 ?(\\d{1,4})\\.?,? ?\\s*"
                        "(?:[^\\d\\s\\[\\]\\-]{1,10}\\s+)?"
                        "(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?"
                        "\\s*(?:([aApP])\\.?\\s?[mM]\\.?)?"
                        "(?(1)\\]\\s|\\s[-\\x{2013}]\\s)",
                        G_REGEX_OPTIMIZE, 0, NULL);
      g_assert (re != NULL);
      g_once_init_leave (&once, 1);
    }
  return re;
}

static gboolean
is_invisible (gunichar c)
{
  return c == 0x200E || c == 0x200F || c == 0xFEFF || (c >= 0x202A && c <= 0x202E)
         || (c >= 0x2066 && c <= 0x2069);
}

/* The line's start without invisible marks and with U+202F, U+00A0 and
 * U+2009 as plain spaces; @map[i] is where byte i came from. */
static gsize
normalise (const char *line, gsize len, char *out, gsize *map, gsize max)
{
  const char *p = line;
  const char *end = line + len;
  gsize n = 0;

  while (p < end && n + 4 < max)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          map[n] = p - line;
          out[n++] = '?';
          p++;
          continue;
        }
      next = g_utf8_next_char (p);
      if (!is_invisible (c))
        {
          if (c == 0x202F || c == 0x00A0 || c == 0x2009)
            {
              map[n] = p - line;
              out[n++] = ' ';
            }
          else
            for (const char *q = p; q < next; q++)
              {
                map[n] = q - line;
                out[n++] = *q;
              }
        }
      p = next;
    }
  map[n] = p - line;
  out[n] = '\0';
  return n;
}

static guint
number (GMatchInfo *match, int group, guint8 *digits)
{
  int start, end;
  guint value = 0;
  const char *text = g_match_info_get_string (match);

  if (!g_match_info_fetch_pos (match, group, &start, &end) || start < 0)
    return 0;
  for (int i = start; i < end; i++)
    value = value * 10 + (text[i] - '0');
  if (digits != NULL)
    *digits = end - start;
  return value;
}

static gboolean
parse_header (const char *line, gsize len, Header *h)
{
  char norm[256];
  gsize map[256];
  g_autoptr (GMatchInfo) match = NULL;
  const char *first = line;
  int start, end;

  /* Cheap test first: a digit or '[' after any invisible mark. */
  while (first < line + len && (guchar)*first >= 0x80)
    {
      gunichar c = g_utf8_get_char_validated (first, line + len - first);

      if (c == (gunichar)-1 || c == (gunichar)-2 || !is_invisible (c))
        return FALSE;
      first = g_utf8_next_char (first);
    }
  if (first >= line + len || !(g_ascii_isdigit (*first) || *first == '['))
    return FALSE;
  normalise (line, len, norm, map, sizeof norm);
  if (!g_regex_match (header_regex (), norm, 0, &match))
    return FALSE;
  h->a = number (match, 2, &h->a_digits);
  h->b = number (match, 4, NULL);
  h->c = number (match, 5, &h->c_digits);
  h->hour = number (match, 6, NULL);
  h->minute = number (match, 7, NULL);
  h->second = number (match, 8, NULL);
  h->ampm = 0;
  if (g_match_info_fetch_pos (match, 9, &start, &end) && start >= 0)
    h->ampm = g_ascii_tolower (norm[start]) == 'a' ? 1 : 2;
  g_match_info_fetch_pos (match, 0, &start, &end);
  h->body_start = map[end];
  return TRUE;
}

/* "12/03/2023, 22:15" as the line shows it, for a sentence. */
static char *
example (const char *text, const Header *h)
{
  const char *start = text + h->line_start;
  const char *end = text + h->body_start;

  while (end > start && (end[-1] == ' ' || end[-1] == '-' || end[-1] == ']'))
    end--;
  return _daybook_import_valid_utf8 (start, end - start, 80);
}

static gboolean
prove_order (const char *text, GArray *headers, const char *given, const char **order,
             GError **error)
{
  const Header *day_first = NULL, *month_first = NULL;

  if (given != NULL)
    {
      *order = given;
      return TRUE;
    }
  for (guint i = 0; i < headers->len; i++)
    {
      const Header *h = &g_array_index (headers, Header, i);

      if (h->a_digits == 4)
        {
          *order = "ymd";
          return TRUE;
        }
      if (h->a > 12 && day_first == NULL)
        day_first = h;
      if (h->b > 12 && month_first == NULL)
        month_first = h;
    }
  if (day_first != NULL && month_first == NULL)
    *order = "dmy";
  else if (month_first != NULL && day_first == NULL)
    *order = "mdy";
  else if (day_first != NULL)
    {
      g_autofree char *one = example (text, day_first);
      g_autofree char *two = example (text, month_first);

      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The dates in this chat do not follow one order (line %u: “%s”, line %u: "
                      "“%s”); say which it is (--date-order dmy, mdy or ymd)."),
                   day_first->line, one, month_first->line, two);
      return FALSE;
    }
  else
    {
      const Header *first = &g_array_index (headers, Header, 0);
      const Header *last = &g_array_index (headers, Header, headers->len - 1);
      g_autofree char *one = example (text, first);
      g_autofree char *two = example (text, last);

      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("The dates in this chat could be day first or month first (line %u: “%s”, "
                      "line %u: “%s”); say which it is (--date-order dmy or mdy)."),
                   first->line, one, last->line, two);
      return FALSE;
    }
  return TRUE;
}

/* Seconds of the wall-clock time as if it were UTC; FALSE if no such date. */
static gboolean
header_time (const Header *h, const char *order, gint64 *seconds)
{
  guint y, m, d, hour = h->hour;
  guint8 year_digits;
  g_autoptr (GDateTime) dt = NULL;

  if (g_str_equal (order, "ymd"))
    y = h->a, m = h->b, d = h->c, year_digits = h->a_digits;
  else if (g_str_equal (order, "mdy"))
    m = h->a, d = h->b, y = h->c, year_digits = h->c_digits;
  else
    d = h->a, m = h->b, y = h->c, year_digits = h->c_digits;
  if (year_digits == 2)
    y += 2000;
  else if (year_digits != 4)
    return FALSE;
  if (h->ampm != 0)
    {
      if (hour < 1 || hour > 12)
        return FALSE;
      hour = hour % 12 + (h->ampm == 2 ? 12 : 0);
    }
  if (m < 1 || m > 12 || d < 1 || d > 31 || !g_date_valid_dmy (d, m, y) || hour > 23
      || h->minute > 59 || h->second > 59)
    return FALSE;
  dt = g_date_time_new_utc (y, m, d, hour, h->minute, h->second);
  if (dt == NULL)
    return FALSE;
  *seconds = g_date_time_to_unix (dt);
  return TRUE;
}

/* ---- what a message's text says ------------------------------------------ */

static GRegex *
marker_regex (int which)
{
  static gsize once = 0;
  static GRegex *re[4];

  if (g_once_init_enter (&once))
    {
      /* 0: iOS attachment; 1: Android attachment; 2: omitted media;
       * 3: deleted. Edited is looked up at the end of the text. */
      re[0] = g_regex_new ("^<(?:attached|Anhang|adjunto|anexo|allegato|pi\\x{E8}ce jointe|"
                           "bijlage|za\\x{142}\\x{105}cznik)\\s?:\\s?([^>\\n]+)>",
                           G_REGEX_OPTIMIZE, 0, NULL);
      re[1] = g_regex_new (
          "^([^\\n/]+\\.[A-Za-z0-9]{2,5})\\s\\((?:file attached|Datei angeh\\x{E4}ngt|"
          "archivo adjunto|fichier joint|arquivo anexado|file allegato|"
          "bestand bijgevoegd|plik za\\x{142}\\x{105}czony)\\)",
          G_REGEX_OPTIMIZE, 0, NULL);
      re[2] = g_regex_new (
          "^(?:<Media omitted>|<Medien ausgeschlossen>|<Multimedia omitido>|<M\\x{E9}dias omis>|"
          "<Media omessi>|<M\\x{ED}dia oculta>|<Media weggelaten>|<Pomini\\x{119}to multimedia>|"
          "(?:image|video|audio|sticker|GIF|document|Contact card) omitted|"
          "(?:Bild|Video|Audio|Sticker|GIF|Dokument) weggelassen|"
          "(?:imagen|video|audio|sticker|GIF|documento) omitid[oa]|"
          "(?:image|vid\\x{E9}o|audio|autocollant|GIF|document) absente?|"
          "(?:imagem|v\\x{ED}deo|\\x{E1}udio|figurinha|GIF|documento) ocultad[oa])\\s*$",
          G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
      re[3] = g_regex_new (
          "^(?:This message was deleted|You deleted this message|"
          "Diese Nachricht wurde gel\\x{F6}scht|Du hast diese Nachricht gel\\x{F6}scht|"
          "Se elimin\\x{F3} este mensaje|Eliminaste este mensaje|"
          "Ce message a \\x{E9}t\\x{E9} supprim\\x{E9}|Vous avez supprim\\x{E9} ce message|"
          "Questo messaggio \\x{E8} stato eliminato|Hai eliminato questo messaggio|"
          "Esta mensagem foi apagada|Voc\\x{EA} apagou esta mensagem|"
          "Ta wiadomo\\x{15B}\\x{107} zosta\\x{142}a usuni\\x{119}ta)\\.?\\s*$",
          G_REGEX_OPTIMIZE, 0, NULL);
      for (int i = 0; i < 4; i++)
        g_assert (re[i] != NULL);
      g_once_init_leave (&once, 1);
    }
  return re[which];
}

static const char *const edited_markers[] = {
  "<This message was edited>",
  "<Diese Nachricht wurde bearbeitet.>",
  "<Diese Nachricht wurde bearbeitet>",
  "<Se edit\xc3\xb3 este mensaje.>",
  "<Ce message a \xc3\xa9t\xc3\xa9 modifi\xc3\xa9>",
  "<Questo messaggio \xc3\xa8 stato modificato>",
  "<Esta mensagem foi editada>",
};

static const char *const system_phrases[] = {
  "end-to-end encrypted",
  "Ende-zu-Ende-verschl\xc3\xbcsselt",
  "cifrados de extremo a extremo",
  "chiffr\xc3\xa9s de bout en bout",
};

/* Without leading invisible marks and spaces. */
static const char *
skip_invisible (const char *text)
{
  while (*text != '\0')
    {
      gunichar c = g_utf8_get_char (text);

      if (!is_invisible (c) && c != ' ')
        break;
      text = g_utf8_next_char (text);
    }
  return text;
}

static char *
clean_name (const char *text, gsize len)
{
  g_autofree char *valid = _daybook_import_valid_utf8 (text, len, DAYBOOK_IMPORT_MAX_NAME);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00A0 || c == 0x202F)
        g_string_append_c (out, ' ');
      else if (!is_invisible (c))
        g_string_append_unichar (out, c);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

static char *
text_between (const char *text, gsize start, gsize end)
{
  GString *out;

  while (end > start && (text[end - 1] == '\n' || text[end - 1] == '\r'))
    end--;
  out = g_string_sized_new (end - start);
  for (gsize i = start; i < end; i++)
    if (!(text[i] == '\r' && i + 1 < end && text[i + 1] == '\n'))
      g_string_append_c (out, text[i]);
  return g_string_free (out, FALSE);
}

static gboolean
emit_message (DaybookImportEmitter *emitter, const char *all, const Header *h, gsize end,
              gint64 seconds, GHashTable *present, GError **error)
{
  g_autofree char *body = text_between (all, h->body_start, end);
  g_autofree char *sender = NULL;
  g_autofree char *media = NULL;
  g_autoptr (GHashTable) headers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (GMatchInfo) other = NULL;
  DaybookImportRecord r = { 0 };
  const char *colon = strstr (body, ": ");
  const char *first_nl = strchr (body, '\n');
  const char *text = body;
  const char *bare;
  gboolean system = FALSE;

  if (colon != NULL && (first_nl == NULL || colon < first_nl) && colon - body <= 200)
    {
      sender = clean_name (body, colon - body);
      text = colon + 2;
    }
  else
    system = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (system_phrases); i++)
    if (strstr (text, system_phrases[i]) != NULL && strlen (text) < 400)
      system = TRUE;

  bare = skip_invisible (text);
  r.media_state = "";
  if (!system && g_regex_match (marker_regex (0), bare, 0, &match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      media = clean_name (name, -1);
    }
  else if (!system && g_regex_match (marker_regex (1), bare, 0, &other))
    {
      g_autofree char *name = g_match_info_fetch (other, 1);

      media = clean_name (name, -1);
    }
  else if (!system && g_regex_match (marker_regex (2), bare, 0, NULL))
    r.media_state = "omitted";
  if (media != NULL)
    r.media_state
        = present != NULL && g_hash_table_contains (present, media) ? "present" : "missing";
  if (!system && g_regex_match (marker_regex (3), bare, 0, NULL))
    g_hash_table_insert (headers, (char *)"deleted", (char *)"1");
  for (gsize i = 0; i < G_N_ELEMENTS (edited_markers); i++)
    if (g_str_has_suffix (g_strchomp (body), edited_markers[i]))
      g_hash_table_insert (headers, (char *)"edited", (char *)"1");

  /* A sender not in the phone's contacts is shown by number. */
  if (sender != NULL && sender[0] == '+'
      && strspn (sender + 1, "0123456789 -()") == strlen (sender + 1))
    r.address = sender;
  r.kind = system ? "system" : "message";
  r.direction = system ? "system"
                : emitter->options->me != NULL && g_strcmp0 (sender, emitter->options->me) == 0
                    ? "out"
                    : "in";
  r.sender = system ? "" : sender;
  r.seconds = seconds;
  r.basis = "local";
  r.text = text;
  r.line = h->line;
  r.media_name = media;
  r.outcome = "";
  r.duration_s = -1;
  r.headers = headers;
  return _daybook_import_emit_record (emitter, &r, error);
}

/**
 * _daybook_import_whatsapp_text:
 * @text: the chat's text
 * @present: (nullable): names of the media in the same zip
 */
gboolean
_daybook_import_whatsapp_text (GBytes *bytes, GHashTable *present, DaybookImportEmitter *emitter,
                               GError **error)
{
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  g_autoptr (GArray) headers = g_array_new (FALSE, FALSE, sizeof (Header));
  const char *order = NULL;
  gsize pos = 0;
  guint32 line = 0;
  gsize first_header_start = len;

  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    pos = 3;
  while (pos < len)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      gsize end = nl != NULL ? (gsize)(nl - text) : len;
      Header h;

      line++;
      if (parse_header (text + pos, end - pos, &h))
        {
          h.line = line;
          h.line_start = pos;
          h.body_start += pos;
          g_array_append_val (headers, h);
          if (first_header_start == len)
            first_header_start = pos;
        }
      pos = end + 1;
    }
  if (headers->len == 0)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("No line of this file starts with a date and a time as a WhatsApp "
                              "chat does: it is not a WhatsApp export, or it is damaged."));
      return FALSE;
    }
  if (first_header_start > 0 && first_header_start < len)
    {
      g_autofree char *before = text_between (text, 0, first_header_start);

      if (g_strstrip (before)[0] != '\0')
        _daybook_import_skip (emitter, 1, DAYBOOK_IMPORT_SKIP_TEXT_BEFORE_FIRST, NULL, NULL);
    }
  if (!prove_order (text, headers, emitter->options->date_order, &order, error))
    return FALSE;
  emitter->date_order = order;

  for (guint i = 0; i < headers->len; i++)
    {
      const Header *h = &g_array_index (headers, Header, i);
      gsize end = i + 1 < headers->len ? g_array_index (headers, Header, i + 1).line_start : len;
      gint64 seconds;

      if (!header_time (h, order, &seconds))
        {
          g_autofree char *shown = example (text, h);

          _daybook_import_skip (emitter, h->line, DAYBOOK_IMPORT_SKIP_NOT_A_TIME, shown, order);
          continue;
        }
      if (!emit_message (emitter, text, h, end, seconds, present, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- the .txt alone, or the zip ------------------------------------------- */

/* Reads @input whole, up to @max bytes; NULL and an error past that. */
static GBytes *
read_capped (GInputStream *input, gsize max, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  guint8 chunk[65536];

  for (;;)
    {
      gssize n = g_input_stream_read (input, chunk, sizeof chunk, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (buf->len + (gsize)n > max)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("This chat's text is larger than %u MiB, more than Daybook reads as "
                          "one chat; nothing was imported. Attach the file instead (it is kept "
                          "whole and hashed), or import copies of it cut at a line that starts a "
                          "message."),
                       (guint)(max / (1024 * 1024)));
          return NULL;
        }
      g_byte_array_append (buf, chunk, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

typedef struct
{
  GInputStream *input;
  guint8 buf[65536];
  GError *error;
} ZipSource;

static la_ssize_t
zip_read (struct archive *a, void *data, const void **out)
{
  ZipSource *src = data;
  gssize n = g_input_stream_read (src->input, src->buf, sizeof src->buf, NULL,
                                  src->error == NULL ? &src->error : NULL);

  *out = src->buf;
  if (n < 0)
    {
      archive_set_error (a, EIO, "read error");
      return -1;
    }
  return n;
}

static const char *
media_type_of (const char *name)
{
  static const char *const types[][2] = {
    { ".jpg", "image/jpeg" },  { ".jpeg", "image/jpeg" }, { ".png", "image/png" },
    { ".webp", "image/webp" }, { ".gif", "image/gif" },   { ".heic", "image/heic" },
    { ".mp4", "video/mp4" },   { ".3gp", "video/3gpp" },  { ".mov", "video/quicktime" },
    { ".opus", "audio/ogg" },  { ".ogg", "audio/ogg" },   { ".m4a", "audio/mp4" },
    { ".aac", "audio/aac" },   { ".mp3", "audio/mpeg" },  { ".pdf", "application/pdf" },
    { ".vcf", "text/vcard" },  { ".txt", "text/plain" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_has_suffix (name, types[i][0])
        || (strlen (name) > strlen (types[i][0])
            && g_ascii_strcasecmp (name + strlen (name) - strlen (types[i][0]), types[i][0]) == 0))
      return types[i][1];
  return "";
}

static gboolean
is_chat_name (const char *base)
{
  return g_str_equal (base, "_chat.txt")
         || (g_str_has_prefix (base, "WhatsApp") && g_str_has_suffix (base, ".txt"));
}

typedef struct
{
  guint64 total;
  guint entries;
} ZipCount;

static gboolean
zip_bomb (struct archive *a, ZipCount *count, gsize more, GError **error)
{
  la_int64_t packed = archive_filter_bytes (a, -1);

  count->total += more;
  if (count->total > DAYBOOK_IMPORT_ZIP_MAX_TOTAL
      || (count->total > 16 * 1024 * 1024
          && count->total / DAYBOOK_IMPORT_ZIP_MAX_RATIO > (guint64)MAX (packed, 1)))
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("This zip unpacks to far more than it holds (a zip bomb, or "
                              "damaged): Daybook did not unpack it."));
      return TRUE;
    }
  return FALSE;
}

/* The entry's bytes, up to @max; *@too_big if it had more (the rest is
 * read and counted, not kept). NULL on an error of the archive. */
static GBytes *
read_entry (struct archive *a, ZipCount *count, gsize max, gboolean *too_big, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  guint8 chunk[65536];

  *too_big = FALSE;
  for (;;)
    {
      la_ssize_t n = archive_read_data (a, chunk, sizeof chunk);

      if (n < 0)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("This zip is damaged or cut short (%s); export the chat again."),
                       archive_error_string (a) != NULL ? archive_error_string (a) : "?");
          return NULL;
        }
      if (n == 0)
        break;
      if (zip_bomb (a, count, n, error))
        return NULL;
      if (buf->len + (gsize)n > max)
        *too_big = TRUE;
      if (!*too_big)
        g_byte_array_append (buf, chunk, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

static gboolean
whatsapp_zip (GInputStream *input, DaybookImportEmitter *emitter, GError **error)
{
  g_autoptr (GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GBytes) chat = NULL;
  ZipSource *src = g_new0 (ZipSource, 1);
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  ZipCount count = { 0, 0 };
  gboolean ok = TRUE;
  int rc;

  src->input = input;
  archive_read_support_format_zip_streamable (a);
  archive_read_support_filter_none (a);
  if (archive_read_open (a, src, NULL, zip_read, NULL) != ARCHIVE_OK)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("This zip cannot be opened (%s)."),
                   archive_error_string (a) != NULL ? archive_error_string (a) : "?");
      ok = FALSE;
    }
  while (ok && (rc = archive_read_next_header (a, &entry)) != ARCHIVE_EOF)
    {
      const char *path;
      g_autofree char *base = NULL;
      g_autoptr (GBytes) bytes = NULL;
      gboolean too_big;

      if (rc < ARCHIVE_WARN)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("This zip is damaged or cut short (%s); export the chat again."),
                       archive_error_string (a) != NULL ? archive_error_string (a) : "?");
          ok = FALSE;
          break;
        }
      if (++count.entries > DAYBOOK_IMPORT_ZIP_MAX_ENTRIES)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("This zip holds more than %u files; Daybook did not unpack it."),
                       DAYBOOK_IMPORT_ZIP_MAX_ENTRIES);
          ok = FALSE;
          break;
        }
      if (archive_entry_filetype (entry) != AE_IFREG)
        continue;
      path = archive_entry_pathname_utf8 (entry);
      if (path == NULL)
        path = archive_entry_pathname (entry);
      base = _daybook_import_valid_utf8 (
          path != NULL ? strrchr (path, '/') != NULL ? strrchr (path, '/') + 1 : path : "", -1,
          DAYBOOK_IMPORT_MAX_NAME);
      if (chat == NULL && is_chat_name (base))
        {
          bytes = read_entry (a, &count, DAYBOOK_IMPORT_MAX_CHAT_TEXT, &too_big, error);
          if (bytes == NULL)
            ok = FALSE;
          else if (too_big)
            {
              g_set_error (
                  error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                  _ ("This chat's text is larger than %u MiB, more than Daybook reads as "
                     "one chat; nothing was imported. Attach the file instead (it is kept "
                     "whole and hashed), or import copies of it cut at a line that starts a "
                     "message."),
                  DAYBOOK_IMPORT_MAX_CHAT_TEXT / (1024 * 1024));
              ok = FALSE;
            }
          else
            chat = g_steal_pointer (&bytes);
          continue;
        }
      bytes = read_entry (a, &count, DAYBOOK_IMPORT_MAX_MEDIA, &too_big, error);
      if (bytes == NULL)
        ok = FALSE;
      else if (too_big)
        _daybook_import_skip (emitter, 0, DAYBOOK_IMPORT_SKIP_MEDIA_TOO_LARGE, base, NULL);
      else if (!g_hash_table_contains (present, base))
        {
          ok = _daybook_import_emit_media (emitter, base, media_type_of (base), bytes, error);
          g_hash_table_add (present, g_steal_pointer (&base));
        }
    }
  if (src->error != NULL && ok)
    {
      g_propagate_error (error, g_steal_pointer (&src->error));
      ok = FALSE;
    }
  g_clear_error (&src->error);
  archive_read_free (a);
  g_free (src);
  if (ok && chat == NULL)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("This zip holds no WhatsApp chat (no _chat.txt or “WhatsApp Chat "
                              "… .txt”)."));
      ok = FALSE;
    }
  return ok && _daybook_import_whatsapp_text (chat, present, emitter, error);
}

gboolean
_daybook_import_whatsapp (GInputStream *input, gboolean zip, DaybookImportEmitter *emitter,
                          GError **error)
{
  g_autoptr (GBytes) text = NULL;

  if (zip)
    return whatsapp_zip (input, emitter, error);
  text = read_capped (input, DAYBOOK_IMPORT_MAX_CHAT_TEXT, error);
  return text != NULL && _daybook_import_whatsapp_text (text, NULL, emitter, error);
}
