/* daybook-import-parse.c — parsing an export in the sandboxed helper, checked
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-import"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "daybook-i18n.h"

#include "daybook-error.h"
#include "daybook-import-parse.h"
#include "daybook-import-protocol.h"
#include "daybook-parse-client.h"

/*
 * A chat, a backup or a mailbox comes from the phone the abuser may have
 * touched, or from the abuser: its bytes are parsed only in the helper
 * `daybook-parse import` (daybook-parse-main.c), confined as for every other
 * parse (daybook-parse-client.c). Here: a thread feeds it the file as it is
 * read; this thread reads its frames (daybook-import-protocol.h), refuses
 * any frame past its cap, checks every record, media and summary, and only
 * then hands it to the sink. A helper that crashes, hangs, floods or lies
 * ends the parse with an error; what the sink already took is the
 * caller's to throw away (the importer runs in one transaction).
 */

#define CHUNK (64 * 1024)
#define IDLE_MS_MIN 60000

/* Caps on what a record may carry (the parsers keep within them). */
#define MAX_NAME 1024
#define MAX_RECIPIENTS (64 * 1024)
#define MAX_TEXT (1024 * 1024)
#define MAX_HEADER (64 * 1024)
#define MAX_HEADERS 64
/* 1900-01-01 to 2200-01-01 */
#define MIN_SECONDS G_GINT64_CONSTANT (-2208988800)
#define MAX_SECONDS G_GINT64_CONSTANT (7258118400)

static gboolean
bad (GError **error, const char *what)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
               _ ("The parser of this file gave an answer Daybook does not accept (%s); nothing "
                  "was imported."),
               what);
  return FALSE;
}

static gboolean
one_of (const char *value, const char *const *allowed)
{
  for (gsize i = 0; allowed[i] != NULL; i++)
    if (g_str_equal (value, allowed[i]))
      return TRUE;
  return FALSE;
}

static const char *const formats[]
    = { "whatsapp", "telegram", "sms", "calls", "eml", "mbox", "csv", NULL };

/* A string child: valid UTF-8, no longer than @max. */
static const char *
child_string (GVariant *value, gsize index, gsize max)
{
  g_autoptr (GVariant) child = g_variant_get_child_value (value, index);
  gsize len;
  const char *text = g_variant_get_string (child, &len);

  if (len > max || !g_utf8_validate (text, len, NULL))
    return NULL;
  /* The value lives as long as @value: children share its memory. */
  return text;
}

/**
 * daybook_import_record_check:
 * @record: a record as the helper sent it
 *
 * Checks everything a record says: its type, each enumerated field, UTF-8
 * and size of every string, the time's range, the line number, that only
 * calls have an outcome and a duration.
 *
 * Returns: %TRUE if the record can be stored
 */
gboolean
daybook_import_record_check (GVariant *record, GError **error)
{
  static const char *const kinds[] = { "message", "call", "email", "system", NULL };
  static const char *const directions[] = { "in", "out", "system", NULL };
  static const char *const bases[] = { "utc", "local", NULL };
  static const char *const states[] = { "", "present", "missing", "omitted", NULL };
  static const char *const outcomes[]
      = { "answered", "missed", "rejected", "blocked", "voicemail", "outgoing", NULL };
  static const gsize caps[] = { 16, 16, MAX_NAME, MAX_NAME, MAX_RECIPIENTS };
  const char *s[5];
  const char *basis, *text, *media_name, *media_state, *outcome;
  g_autoptr (GVariant) headers = NULL;
  GVariantIter iter;
  const char *key, *value;
  gint64 seconds;
  gint32 offset, duration;
  guint32 line;

  if (!g_variant_is_of_type (record, G_VARIANT_TYPE (DAYBOOK_IMPORT_RECORD_TYPE)))
    return bad (error, "a record of the wrong type");
  for (gsize i = 0; i < G_N_ELEMENTS (s); i++)
    if ((s[i] = child_string (record, i, caps[i])) == NULL)
      return bad (error, "a name that is too long or not UTF-8");
  g_variant_get_child (record, 5, "x", &seconds);
  basis = child_string (record, 6, 16);
  g_variant_get_child (record, 7, "i", &offset);
  text = child_string (record, 8, MAX_TEXT);
  g_variant_get_child (record, 9, "u", &line);
  media_name = child_string (record, 10, MAX_NAME);
  media_state = child_string (record, 11, 16);
  outcome = child_string (record, 12, 16);
  g_variant_get_child (record, 13, "i", &duration);
  if (!one_of (s[0], kinds) || !one_of (s[1], directions) || basis == NULL || !one_of (basis, bases)
      || media_state == NULL || !one_of (media_state, states))
    return bad (error, "a kind, direction, time basis or media state it does not know");
  if ((g_str_equal (s[0], "system") || g_str_equal (s[1], "system"))
      && !(g_str_equal (s[0], "system") && g_str_equal (s[1], "system")))
    return bad (error, "a system line with a direction");
  if (text == NULL || media_name == NULL || outcome == NULL)
    return bad (error, "a text that is too long or not UTF-8");
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS)
    return bad (error, "a time before 1900 or after 2200");
  if (offset < -18 * 3600 || offset > 18 * 3600 || (offset != 0 && g_str_equal (basis, "local")))
    return bad (error, "an offset from UTC that cannot be");
  if (line == 0)
    return bad (error, "a line number 0");
  if ((media_name[0] != '\0')
      != (g_str_equal (media_state, "present") || g_str_equal (media_state, "missing")))
    return bad (error, "a media name without its state");
  if (g_str_equal (s[0], "call"))
    {
      if (!one_of (outcome, outcomes) || duration < -1)
        return bad (error, "a call without an outcome it knows");
      if (g_str_equal (outcome, "outgoing") != g_str_equal (s[1], "out"))
        return bad (error, "a call whose outcome and direction disagree");
    }
  else if (outcome[0] != '\0' || duration != -1)
    return bad (error, "an outcome on what is not a call");
  headers = g_variant_get_child_value (record, 14);
  if (g_variant_n_children (headers) > MAX_HEADERS)
    return bad (error, "too many headers");
  g_variant_iter_init (&iter, headers);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (strlen (key) == 0 || strlen (key) > 64 || strlen (value) > MAX_HEADER
        || !g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
      return bad (error, "a header that is too long or not UTF-8");
  return TRUE;
}

/**
 * daybook_import_media_check:
 *
 * Returns: %TRUE if @media has the right type, a name, and at most 64 MiB
 */
gboolean
daybook_import_media_check (GVariant *media, GError **error)
{
  g_autoptr (GVariant) bytes = NULL;
  const char *name, *type;

  if (!g_variant_is_of_type (media, G_VARIANT_TYPE (DAYBOOK_IMPORT_MEDIA_TYPE)))
    return bad (error, "a media file of the wrong type");
  name = child_string (media, 0, MAX_NAME);
  type = child_string (media, 1, 256);
  if (name == NULL || name[0] == '\0' || type == NULL)
    return bad (error, "a media file without a name");
  bytes = g_variant_get_child_value (media, 2);
  if (g_variant_get_size (bytes) > 64u * 1024 * 1024)
    return bad (error, "a media file over 64 MiB");
  return TRUE;
}

/* ---- why lines were left out ------------------------------------------- */

/* The sentences of DaybookImportSkip, in its order, and how many arguments
 * each takes. English as the helper once sent them. */
static const struct
{
  const char *sentence;
  guint n_args;
} skip_reasons[] = {
  /* TRANSLATORS: why a line of a WhatsApp export was left out of an import */
  { N_ ("text before the first message"), 0 },
  /* TRANSLATORS: why a line was left out of an import: what the line says, then how dates were
     read ("dmy", "mdy" or "ymd", not translated) */
  { N_ ("“%s” is not a date and time when read as %s"), 2 },
  /* TRANSLATORS: a picture, video or sound in an export; %s is its file name */
  { N_ ("media %s larger than 64 MiB, left out"), 1 },
  /* TRANSLATORS: why a message of a Telegram export was left out of an import */
  { N_ ("a message without a date"), 0 },
  /* TRANSLATORS: why a message of a Telegram export was left out; "object" is JSON's word */
  { N_ ("a message that is not an object"), 0 },
  /* TRANSLATORS: why a row of a table was left out of an import: the row's date, then how dates
     were read ("dmy", "mdy" or "ymd", not translated) */
  { N_ ("“%s” is not a date (or its time is not a time) when read as %s"), 2 },
  /* TRANSLATORS: <sms> is the export's XML element; keep it as it is */
  { N_ ("an <sms> without a date or a type"), 0 },
  /* TRANSLATORS: a text message saved as a draft on the phone, left out of an import */
  { N_ ("a draft, never sent"), 0 },
  /* TRANSLATORS: <call> is the export's XML element; keep it as it is */
  { N_ ("a <call> without a date or a type"), 0 },
  /* TRANSLATORS: <call> is the export's XML element; %s is a number */
  { N_ ("a <call> of type %s, not one Daybook knows"), 1 },
  /* TRANSLATORS: <mms> is the export's XML element; keep it as it is */
  { N_ ("an <mms> without a date"), 0 },
  /* TRANSLATORS: a line number, then the XML reader's own message (in English) */
  { N_ ("the XML ends in a way that cannot be read past line %s: %s"), 2 },
  /* TRANSLATORS: GMime is the library that reads e-mail; keep its name */
  { N_ ("not an e-mail message GMime can read"), 0 },
  /* TRANSLATORS: "Date" is the e-mail header's name; keep it as it is */
  { N_ ("an e-mail without a readable Date header"), 0 },
  { N_ ("an e-mail larger than 64 MiB, left out"), 0 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (skip_reasons) == DAYBOOK_IMPORT_N_SKIPS);

/* Splits a skip reason as the helper sends it; %FALSE if it is not one. */
static gboolean
parse_skip (const char *wire, guint *code, GStrv *args)
{
  g_auto (GStrv) parts = g_strsplit (wire, (char[]){ DAYBOOK_IMPORT_SKIP_SEPARATOR, '\0' }, -1);
  guint64 n;

  if (parts[0] == NULL || parts[0][0] == '\0' || strlen (parts[0]) > 3
      || !g_ascii_string_to_unsigned (parts[0], 10, 0, DAYBOOK_IMPORT_N_SKIPS - 1, &n, NULL)
      || g_strv_length (parts) - 1 != skip_reasons[n].n_args)
    return FALSE;
  *code = (guint)n;
  *args = g_strdupv (parts + 1);
  return TRUE;
}

/**
 * daybook_import_skip_reason:
 * @wire: a reason of the summary's skipped list (DaybookImportResult's
 *   `skipped`), as the helper sent it
 * @translate: %TRUE for the sentence in this thread's language, %FALSE
 *   for English (the CLI's JSON)
 *
 * Returns: (transfer full): why the line was left out, as a sentence
 */
char *
daybook_import_skip_reason (const char *wire, gboolean translate)
{
  g_auto (GStrv) args = NULL;
  const char *sentence;
  guint code;

  if (!parse_skip (wire, &code, &args))
    /* TRANSLATORS: why a line was left out of an import, when the reason itself is garbled */
    return g_strdup (translate ? _ ("a line Daybook could not read")
                               : "a line Daybook could not read");
  sentence = translate ? _ (skip_reasons[code].sentence) : skip_reasons[code].sentence;
  /* The sentence comes from the table above or its translation, never
   * from the helper; its arguments are only ever %s (msgfmt --check holds
   * the translations to the same), and their number is the table's. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  switch (skip_reasons[code].n_args)
    {
    case 0:
      return g_strdup (sentence);
    case 1:
      return g_strdup_printf (sentence, args[0]);
    default:
      return g_strdup_printf (sentence, args[0], args[1]);
    }
#pragma GCC diagnostic pop
}

/**
 * daybook_import_summary_check:
 *
 * Returns: %TRUE if @summary names a format and a date order Daybook knows
 */
gboolean
daybook_import_summary_check (GVariant *summary, GError **error)
{
  static const char *const orders[] = { "", "dmy", "mdy", "ymd", NULL };
  g_autoptr (GVariant) skipped = NULL;
  GVariantIter iter;
  const char *format, *order, *reason;
  guint32 line;

  if (!g_variant_is_of_type (summary, G_VARIANT_TYPE (DAYBOOK_IMPORT_SUMMARY_TYPE)))
    return bad (error, "an end of the wrong type");
  format = child_string (summary, 0, 16);
  order = child_string (summary, 1, 16);
  if (format == NULL || order == NULL || !one_of (format, formats) || !one_of (order, orders))
    return bad (error, "a format it does not know");
  skipped = g_variant_get_child_value (summary, 4);
  if (g_variant_n_children (skipped) > DAYBOOK_IMPORT_MAX_SKIPPED)
    return bad (error, "too many lines skipped");
  g_variant_iter_init (&iter, skipped);
  while (g_variant_iter_next (&iter, "(u&s)", &line, &reason))
    {
      g_auto (GStrv) args = NULL;
      guint code;

      if (strlen (reason) > 4096 || !g_utf8_validate (reason, -1, NULL))
        return bad (error, "a reason that is too long or not UTF-8");
      if (!parse_skip (reason, &code, &args))
        return bad (error, "a reason it does not know");
    }
  return TRUE;
}

/* ---- feeding the helper -------------------------------------------------- */

typedef struct
{
  GInputStream *input;
  GCancellable *cancellable;
  int fd;
  GError *error; /* reading @input failed */
} Feeder;

static gpointer
feed_thread (gpointer data)
{
  Feeder *f = data;
  g_autofree guint8 *buf = g_malloc (CHUNK);

  for (;;)
    {
      gssize n = g_input_stream_read (f->input, buf, CHUNK, f->cancellable, &f->error);
      gssize off = 0;

      if (n <= 0)
        break;
      while (off < n)
        {
          ssize_t sent = send (f->fd, buf + off, n - off, MSG_NOSIGNAL);

          if (sent < 0 && errno == EINTR)
            continue;
          if (sent <= 0)
            goto done; /* the helper stopped reading: its frames say why */
          off += sent;
        }
    }
done:
  /* The helper reads the end of the file. */
  shutdown (f->fd, SHUT_WR);
  return NULL;
}

/* ---- reading its frames -------------------------------------------------- */

typedef struct
{
  int fd;
  GCancellable *cancellable;
  guint idle_ms;
  guint8 *buf; /* read ahead, CHUNK bytes */
  gsize pos, len;
} Reader;

/* Reads exactly @len bytes; FALSE with @error on end, timeout or cancel. */
static gboolean
read_exact (Reader *r, guint8 *buf, gsize len, gboolean *eof, GError **error)
{
  gsize got = MIN (len, r->len - r->pos);
  gint64 last = g_get_monotonic_time ();

  /* First what was read ahead. */
  memcpy (buf, r->buf + r->pos, got);
  r->pos += got;
  *eof = FALSE;
  while (got < len)
    {
      struct pollfd pfd = { r->fd, POLLIN, 0 };
      ssize_t n;
      int ready;

      if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
        return FALSE;
      if ((g_get_monotonic_time () - last) / 1000 > r->idle_ms)
        {
          g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                               _ ("The parser of this file stopped answering; nothing was "
                                  "imported."));
          return FALSE;
        }
      ready = poll (&pfd, 1, 200);
      if (ready < 0 && errno != EINTR)
        return bad (error, g_strerror (errno));
      if (ready <= 0)
        continue;
      /* A short frame: read ahead into the buffer; a long one straight
       * into its place. */
      if (len - got < CHUNK)
        n = read (r->fd, r->buf, CHUNK);
      else
        n = read (r->fd, buf + got, len - got);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        continue;
      if (n < 0)
        return bad (error, g_strerror (errno));
      if (n == 0)
        {
          *eof = TRUE;
          return FALSE;
        }
      if (len - got < CHUNK)
        {
          gsize take = MIN ((gsize)n, len - got);

          memcpy (buf + got, r->buf, take);
          r->pos = take;
          r->len = n;
          got += take;
        }
      else
        got += n;
      last = g_get_monotonic_time ();
    }
  return TRUE;
}

static gsize
frame_cap (guint8 type)
{
  switch (type)
    {
    case DAYBOOK_IMPORT_FRAME_RECORD:
      return DAYBOOK_IMPORT_MAX_RECORD_FRAME;
    case DAYBOOK_IMPORT_FRAME_MEDIA:
      return DAYBOOK_IMPORT_MAX_MEDIA_FRAME;
    case DAYBOOK_IMPORT_FRAME_SUMMARY:
      return DAYBOOK_IMPORT_MAX_SUMMARY_FRAME;
    case DAYBOOK_IMPORT_FRAME_ERROR:
      return DAYBOOK_IMPORT_MAX_ERROR_FRAME;
    case DAYBOOK_IMPORT_FRAME_FORMAT:
      return DAYBOOK_IMPORT_MAX_FORMAT_FRAME;
    default:
      return 0;
    }
}

static const char *
frame_type (guint8 type)
{
  switch (type)
    {
    case DAYBOOK_IMPORT_FRAME_RECORD:
      return DAYBOOK_IMPORT_RECORD_TYPE;
    case DAYBOOK_IMPORT_FRAME_MEDIA:
      return DAYBOOK_IMPORT_MEDIA_TYPE;
    case DAYBOOK_IMPORT_FRAME_SUMMARY:
      return DAYBOOK_IMPORT_SUMMARY_TYPE;
    default:
      return "s";
    }
}

/* Reads frames until 'S' or 'E'; *@summary set on 'S'. */
static gboolean
read_frames (Reader *r, const DaybookImportSink *sink, gpointer user_data, GVariant **summary,
             GError **error)
{
  g_autofree char *format = NULL;
  gboolean started = FALSE; /* a record or media came */

  for (;;)
    {
      guint8 header[DAYBOOK_IMPORT_FRAME_HEADER];
      g_autoptr (GVariant) value = NULL;
      guint8 *body;
      guint32 len;
      gboolean eof;

      if (!read_exact (r, header, sizeof header, &eof, error))
        {
          if (eof)
            g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                                 _ ("The parser of this file stopped before the end (it may "
                                    "have crashed on it); nothing was imported."));
          return FALSE;
        }
      len = (guint32)header[1] << 24 | (guint32)header[2] << 16 | (guint32)header[3] << 8
            | header[4];
      if (frame_cap (header[0]) == 0)
        return bad (error, "a frame of no known kind");
      if (len > frame_cap (header[0]))
        return bad (error, "a frame too long for its kind");
      body = g_malloc (MAX (len, 1));
      if (!read_exact (r, body, len, &eof, error))
        {
          g_free (body);
          if (eof)
            return bad (error, "a frame cut short");
          return FALSE;
        }
      /* Not trusted: GVariant checks the serialisation as it is read. */
      value = g_variant_ref_sink (g_variant_new_from_data (G_VARIANT_TYPE (frame_type (header[0])),
                                                           body, len, FALSE, g_free, body));
      switch (header[0])
        {
        case DAYBOOK_IMPORT_FRAME_FORMAT:
          {
            const char *name = g_variant_get_string (value, NULL);

            if (format != NULL || started || !one_of (name, formats))
              return bad (error, "a format told twice, late, or not known");
            format = g_strdup (name);
            if (sink->format != NULL && !sink->format (format, user_data, error))
              return FALSE;
          }
          break;
        case DAYBOOK_IMPORT_FRAME_RECORD:
          started = TRUE;
          if (!daybook_import_record_check (value, error)
              || !sink->record (value, user_data, error))
            return FALSE;
          break;
        case DAYBOOK_IMPORT_FRAME_MEDIA:
          started = TRUE;
          if (!daybook_import_media_check (value, error) || !sink->media (value, user_data, error))
            return FALSE;
          break;
        case DAYBOOK_IMPORT_FRAME_SUMMARY:
          if (!daybook_import_summary_check (value, error))
            return FALSE;
          {
            const char *name;

            g_variant_get_child (value, 0, "&s", &name);
            if (format != NULL && !g_str_equal (name, format))
              return bad (error, "an end naming another format than its start");
          }
          *summary = g_steal_pointer (&value);
          return TRUE;
        default:
          {
            gsize n;
            const char *text = g_variant_get_string (value, &n);

            if (!g_utf8_validate (text, n, NULL) || n == 0)
              return bad (error, "an error without a sentence");
            g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID, text);
            return FALSE;
          }
        }
    }
}

/* A locale name: letters, digits and _.@:- only. */
static gboolean
plain_word (const char *text)
{
  if (text[0] == '\0' || strlen (text) > 200)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_.@:-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * daybook_import_parse:
 * @input: the export, as stored (read on a thread of its own)
 * @options: what the user chose
 * @sink: where checked records and media go, on the calling thread
 * @summary: (out) (transfer full) (optional): DAYBOOK_IMPORT_SUMMARY_TYPE
 *
 * Parses an export in the sandboxed helper and hands on what it read,
 * each record and media checked. An export refused by its parser (of no
 * known format, an ambiguous date order, a zip bomb…) is a
 * DAYBOOK_ERROR_INVALID with the parser's sentence; a helper that fails is
 * DAYBOOK_ERROR_FAILED. On an error the sink may already have taken some
 * records: the caller discards them.
 */
gboolean
daybook_import_parse (GInputStream *input, const DaybookImportOptions *options,
                      const DaybookImportSink *sink, gpointer user_data, GVariant **summary,
                      GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GVariant) result = NULL;
  Feeder feeder = { input, cancellable, -1, NULL };
  g_autofree guint8 *ahead = g_malloc (CHUNK);
  Reader reader = { -1, cancellable, MAX (_daybook_parse_get_timeout (), 1), ahead, 0, 0 };
  GThread *thread;
  DaybookParseChild child;
  int out_fd = -1;
  int status = 0;
  gboolean ok;

  /* Tests shorten the timeout to see a hang caught; otherwise a minute of
   * silence is allowed (a big chat is read whole before its first record). */
  if (reader.idle_ms >= 30000)
    reader.idle_ms = MAX (reader.idle_ms, IDLE_MS_MIN);
  g_ptr_array_add (args, g_strdup ("import"));
  g_ptr_array_add (args,
                   g_strdup_printf ("format=%s", (const char *[]){ "auto", "whatsapp", "telegram",
                                                                   "sms", "calls", "eml", "mbox",
                                                                   "csv" }[options->format]));
  if (options->date_order != NULL)
    g_ptr_array_add (args, g_strdup_printf ("date-order=%s", options->date_order));
  if (options->mboxo)
    g_ptr_array_add (args, g_strdup ("mboxo=1"));
  if (options->me != NULL)
    g_ptr_array_add (args, g_strdup_printf ("me=%s", options->me));
  if (options->csv_columns != NULL)
    g_ptr_array_add (args, g_strdup_printf ("csv-columns=%s", options->csv_columns));
  if (options->probe)
    g_ptr_array_add (args, g_strdup ("probe=1"));
  /* Its sentences in the user's language (its environment is empty). */
  {
    const char *lang = setlocale (LC_MESSAGES, NULL);
    const char *language = g_getenv ("LANGUAGE");

    if (lang != NULL && plain_word (lang))
      g_ptr_array_add (args, g_strdup_printf ("lang=%s", lang));
    if (language != NULL && plain_word (language))
      g_ptr_array_add (args, g_strdup_printf ("language=%s", language));
  }
  g_ptr_array_add (args, NULL);

  if (!_daybook_parse_spawn ((const char *const *)args->pdata, &child, &feeder.fd, &out_fd, error))
    return FALSE;
  reader.fd = out_fd;
  thread = g_thread_new ("daybook-import-feed", feed_thread, &feeder);
  ok = read_frames (&reader, sink, user_data, &result, error);
  /* After its last frame the helper exits by itself; on any error it is
   * stopped. The feeder then fails its next send and ends. */
  _daybook_parse_child_end (&child, !ok, &status);
  close (out_fd);
  g_thread_join (thread);
  close (feeder.fd);
  if (ok && feeder.error != NULL
      && !g_error_matches (feeder.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The file could not be read to the end (%s); nothing was imported."),
                   feeder.error->message);
      ok = FALSE;
    }
  else if (ok && !(WIFEXITED (status) && WEXITSTATUS (status) == 0))
    ok = bad (error, "it did not end cleanly");
  g_clear_error (&feeder.error);
  if (ok && summary != NULL)
    *summary = g_steal_pointer (&result);
  return ok;
}
