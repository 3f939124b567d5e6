/* daybook-import-csv.c — a spreadsheet diary saved as CSV
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "daybook-error.h"
#include "daybook-import-parser.h"

/*
 * Many victims start their log in a spreadsheet. Its CSV: UTF-8 (a BOM
 * allowed) or, when it is not valid UTF-8, Windows-1252 (what Excel saves
 * on Windows); fields separated by ',' or ';' (whichever the header row has
 * more of outside quotes) or a tab; fields in double quotes may hold the
 * separator, newlines and "" for a quote. The first row names the columns.
 *
 * Which column is the date, time, title, what happened, where, who and the
 * police reference comes from DaybookImportOptions.csv_columns
 * ("date=1,time=2,text=4", columns from 1), or else from the header's
 * English names when each is found once and at least the date and one of
 * title or text are there; otherwise the caller must say.
 *
 * Each row is a record of kind "system" (an entry to be made, not a
 * message), its time the wall-clock date and time of the row ("local"),
 * its cells in the headers under the mapped names, its line the line the
 * row starts on. Day and month order: as for chats, proven from the data
 * (a four-digit year first, a number above 12) or given.
 */

#define MAX_CSV (32u * 1024 * 1024)
#define MAX_COLUMNS 256

static const char *const fields[] = { "date", "time", "title", "text", "where", "who", "police" };
enum
{
  F_DATE,
  F_TIME,
  F_TITLE,
  F_TEXT,
  F_WHERE,
  F_WHO,
  F_POLICE,
  N_FIELDS
};

/* Header names taken for each field (lower case, trimmed). */
static const char *const names[N_FIELDS][8] = {
  { "date", "day", "date of incident", "incident date", NULL },
  { "time", "time of incident", NULL },
  { "title", "summary", "subject", "headline", NULL },
  { "what happened", "description", "details", "text", "notes", "incident", "what", NULL },
  { "where", "location", "place", "address", NULL },
  { "who", "person", "people", "perpetrator", "witnesses", NULL },
  { "police ref", "police reference", "police", "crime number", "crime reference", "reference",
    "ref", NULL },
};

typedef struct
{
  GPtrArray *cells; /* char * */
  guint line;
} Row;

static void
row_free (Row *row)
{
  g_ptr_array_unref (row->cells);
  g_free (row);
}

static char
pick_separator (const char *text)
{
  guint comma = 0, semicolon = 0, tab = 0;
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0' && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ',')
        comma++;
      else if (!quoted && *p == ';')
        semicolon++;
      else if (!quoted && *p == '\t')
        tab++;
    }
  if (tab > comma && tab > semicolon)
    return '\t';
  return semicolon > comma ? ';' : ',';
}

/* RFC 4180, leniently: a quote inside an unquoted field is kept. */
static GPtrArray *
split_rows (const char *text, char sep)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)row_free);
  GString *cell = g_string_new (NULL);
  Row *row = NULL;
  gboolean quoted = FALSE, was_quoted = FALSE;
  guint line = 1;

  for (const char *p = text;; p++)
    {
      char c = *p;

      if (row == NULL)
        {
          if (c == '\0')
            break;
          row = g_new0 (Row, 1);
          row->cells = g_ptr_array_new_with_free_func (g_free);
          row->line = line;
        }
      if (quoted)
        {
          if (c == '\0')
            quoted = FALSE; /* an open quote at the end: the rest is the cell */
          else if (c == '"' && p[1] == '"')
            {
              g_string_append_c (cell, '"');
              p++;
              continue;
            }
          else if (c == '"')
            {
              quoted = FALSE;
              continue;
            }
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (cell, c);
              continue;
            }
        }
      if (c == '"' && cell->len == 0 && !was_quoted)
        {
          quoted = was_quoted = TRUE;
          continue;
        }
      if (c == sep)
        {
          if (row->cells->len < MAX_COLUMNS)
            g_ptr_array_add (row->cells, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          was_quoted = FALSE;
          continue;
        }
      if (c == '\r' && p[1] == '\n')
        continue;
      if (c == '\n' || c == '\r' || c == '\0')
        {
          if (row->cells->len < MAX_COLUMNS)
            g_ptr_array_add (row->cells, g_strdup (cell->str));
          g_string_truncate (cell, 0);
          was_quoted = FALSE;
          /* An empty line is no row. */
          if (row->cells->len == 1 && ((char *)row->cells->pdata[0])[0] == '\0')
            row_free (row);
          else
            g_ptr_array_add (rows, row);
          row = NULL;
          if (c == '\0')
            break;
          line++;
          continue;
        }
      g_string_append_c (cell, c);
    }
  g_string_free (cell, TRUE);
  return rows;
}

static gboolean
parse_columns (const char *spec, int *columns, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (spec, ",", -1);

  for (int i = 0; parts[i] != NULL; i++)
    {
      g_auto (GStrv) kv = g_strsplit (g_strstrip (parts[i]), "=", 2);
      guint64 n = 0;
      gsize f;

      for (f = 0; f < N_FIELDS; f++)
        if (kv[0] != NULL && g_str_equal (kv[0], fields[f]))
          break;
      if (f == N_FIELDS || kv[1] == NULL
          || !g_ascii_string_to_unsigned (kv[1], 10, 1, MAX_COLUMNS, &n, NULL))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("“%s” is not a column mapping: write it as date=1,time=2,title=3,"
                          "text=4,where=5,who=6,police=7 (columns counted from 1)."),
                       parts[i]);
          return FALSE;
        }
      columns[f] = (int)n - 1;
    }
  return TRUE;
}

/* From the header's English names; FALSE if any is found twice or the date
 * or both title and text are missing. */
static gboolean
guess_columns (Row *header, int *columns)
{
  for (guint c = 0; c < header->cells->len; c++)
    {
      g_autofree char *name = g_utf8_strdown (header->cells->pdata[c], -1);

      g_strstrip (name);
      for (int f = 0; f < N_FIELDS; f++)
        for (int k = 0; names[f][k] != NULL; k++)
          if (g_str_equal (name, names[f][k]))
            {
              if (columns[f] >= 0)
                return FALSE;
              columns[f] = (int)c;
            }
    }
  return columns[F_DATE] >= 0 && (columns[F_TITLE] >= 0 || columns[F_TEXT] >= 0);
}

/* For a probe: each field whose name the header has exactly once, as a
 * csv_columns mapping ("" when none). */
static char *
probe_mapping (Row *header)
{
  int columns[N_FIELDS] = { -1, -1, -1, -1, -1, -1, -1 };
  GString *spec = g_string_new (NULL);

  for (guint c = 0; c < header->cells->len; c++)
    {
      g_autofree char *name = g_utf8_strdown (header->cells->pdata[c], -1);

      g_strstrip (name);
      for (int f = 0; f < N_FIELDS; f++)
        for (int k = 0; names[f][k] != NULL; k++)
          if (g_str_equal (name, names[f][k]))
            columns[f] = columns[f] == -1 ? (int)c : -2;
    }
  for (int f = 0; f < N_FIELDS; f++)
    if (columns[f] >= 0)
      g_string_append_printf (spec, "%s%s=%d", spec->len > 0 ? "," : "", fields[f], columns[f] + 1);
  return g_string_free (spec, FALSE);
}

/* The header row as one record (DaybookImportOptions.probe). */
static gboolean
emit_probe (DaybookImportEmitter *emitter, Row *header, GError **error)
{
  g_autoptr (GHashTable) headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *mapping = probe_mapping (header);
  DaybookImportRecord r = { 0 };

  for (guint c = 0; c < header->cells->len && c < DAYBOOK_IMPORT_PROBE_COLUMNS; c++)
    g_hash_table_insert (headers, g_strdup_printf ("%u", c + 1), header->cells->pdata[c]);
  g_hash_table_insert (headers, g_strdup ("mapping"), mapping);
  r.kind = "system";
  r.direction = "system";
  r.basis = "utc";
  r.line = header->line;
  r.media_state = "";
  r.outcome = "";
  r.duration_s = -1;
  r.headers = headers;
  return _daybook_import_emit_record (emitter, &r, error);
}

static const char *
cell (Row *row, int column)
{
  return column >= 0 && (guint)column < row->cells->len ? row->cells->pdata[column] : "";
}

typedef struct
{
  guint a, b, c;
  guint8 a_digits, c_digits;
} Date3;

static gboolean
split_date (const char *text, Date3 *d)
{
  char s1, s2;
  int n = 0;
  char a[8], b[8], c[8];

  if (sscanf (text, " %7[0-9]%c%7[0-9]%c%7[0-9]%n", a, &s1, b, &s2, c, &n) != 5
      || strchr ("/.-", s1) == NULL || s1 != s2)
    return FALSE;
  d->a = atoi (a);
  d->b = atoi (b);
  d->c = atoi (c);
  d->a_digits = strlen (a);
  d->c_digits = strlen (c);
  return d->a_digits <= 4 && strlen (b) <= 2 && d->c_digits <= 4;
}

static gboolean
row_time (const Date3 *d, const char *order, const char *time, gint64 *seconds)
{
  guint y, m, day, h = 0, mi = 0, s = 0;
  guint8 yd;
  char ampm[8] = "";
  g_autoptr (GDateTime) dt = NULL;

  if (g_str_equal (order, "ymd"))
    y = d->a, m = d->b, day = d->c, yd = d->a_digits;
  else if (g_str_equal (order, "mdy"))
    m = d->a, day = d->b, y = d->c, yd = d->c_digits;
  else
    day = d->a, m = d->b, y = d->c, yd = d->c_digits;
  if (yd == 2)
    y += 2000;
  else if (yd != 4)
    return FALSE;
  if (time != NULL && time[0] != '\0')
    {
      int got = sscanf (time, " %u%*[:.]%u%*[:.]%u %7s", &h, &mi, &s, ampm);

      if (got < 3)
        {
          s = 0;
          got = sscanf (time, " %u%*[:.]%u %7s", &h, &mi, ampm);
          if (got < 2)
            return FALSE;
        }
      if (g_ascii_strncasecmp (ampm, "p", 1) == 0 && h >= 1 && h <= 12)
        h = h % 12 + 12;
      else if (g_ascii_strncasecmp (ampm, "a", 1) == 0 && h >= 1 && h <= 12)
        h = h % 12;
    }
  if (m < 1 || m > 12 || day < 1 || day > 31 || !g_date_valid_dmy (day, m, y) || h > 23 || mi > 59
      || s > 59)
    return FALSE;
  dt = g_date_time_new_utc (y, m, day, h, mi, s);
  if (dt == NULL)
    return FALSE;
  *seconds = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
_daybook_import_csv (GInputStream *input, DaybookImportEmitter *emitter, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  const char *body;
  const char *encoding = "utf-8";
  const char *order = emitter->options->date_order;
  int columns[N_FIELDS] = { -1, -1, -1, -1, -1, -1, -1 };
  guint8 chunk[65536];
  Row *header;

  emitter->format = "csv";
  for (;;)
    {
      gssize n = g_input_stream_read (input, chunk, sizeof chunk, NULL, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (buf->len + (gsize)n > MAX_CSV)
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("This table is larger than %u MiB, more than Daybook reads as one "
                          "diary; nothing was imported. Save it as several smaller tables and "
                          "import each."),
                       MAX_CSV / (1024 * 1024));
          return FALSE;
        }
      g_byte_array_append (buf, chunk, n);
    }
  if (g_utf8_validate ((const char *)buf->data, buf->len, NULL)
      && memchr (buf->data, '\0', buf->len) == NULL)
    text = g_strndup ((const char *)buf->data, buf->len);
  else
    {
      /* Not UTF-8: Windows-1252, where every byte but five is a character
       * (those five become U+FFFD). */
      GString *fixed = g_string_sized_new (buf->len);

      for (guint i = 0; i < buf->len; i++)
        {
          guint8 b = buf->data[i];

          if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D || b == 0)
            g_string_append (fixed, "?");
          else
            g_string_append_c (fixed, b);
        }
      text = g_convert (fixed->str, fixed->len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
      g_string_free (fixed, TRUE);
      encoding = "windows-1252";
      if (text == NULL)
        {
          g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                               _ ("This table is neither UTF-8 nor Windows-1252 text."));
          return FALSE;
        }
    }
  body = g_str_has_prefix (text, "\xEF\xBB\xBF") ? text + 3 : text;
  rows = split_rows (body, pick_separator (body));
  if (rows->len < 2)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("This table has no row under its header row."));
      return FALSE;
    }
  header = rows->pdata[0];
  if (emitter->options->probe)
    return emit_probe (emitter, header, error);
  if (emitter->options->csv_columns != NULL)
    {
      if (!parse_columns (emitter->options->csv_columns, columns, error))
        return FALSE;
    }
  else if (!guess_columns (header, columns))
    {
      g_autofree char *shown = NULL;
      g_autoptr (GString) list = g_string_new (NULL);

      for (guint c = 0; c < header->cells->len && c < 12; c++)
        g_string_append_printf (list, "%s%u “%s”", c > 0 ? ", " : "", c + 1,
                                (char *)header->cells->pdata[c]);
      shown = _daybook_import_valid_utf8 (list->str, -1, 400);
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("Daybook cannot tell which column is which in this table (%s); say which "
                      "holds the date, time, title, what happened, where, who and the police "
                      "reference."),
                   shown);
      return FALSE;
    }
  if (columns[F_DATE] < 0)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                           _ ("The column mapping names no date column."));
      return FALSE;
    }

  /* The day and month order, proven from every row's date unless given. */
  if (order == NULL)
    {
      guint day_first = 0, month_first = 0, first_line = 0, last_line = 0;
      const char *first = NULL, *last = NULL;

      for (guint i = 1; i < rows->len; i++)
        {
          Row *row = rows->pdata[i];
          Date3 d;

          if (!split_date (cell (row, columns[F_DATE]), &d))
            continue;
          if (d.a_digits == 4)
            {
              order = "ymd";
              break;
            }
          if (d.a > 12 && day_first == 0)
            day_first = row->line;
          if (d.b > 12 && month_first == 0)
            month_first = row->line;
          if (first == NULL)
            first = cell (row, columns[F_DATE]), first_line = row->line;
          last = cell (row, columns[F_DATE]), last_line = row->line;
        }
      if (order == NULL && day_first > 0 && month_first == 0)
        order = "dmy";
      else if (order == NULL && month_first > 0 && day_first == 0)
        order = "mdy";
      else if (order == NULL && first != NULL)
        {
          g_autofree char *one = _daybook_import_valid_utf8 (first, -1, 40);
          g_autofree char *two = _daybook_import_valid_utf8 (last, -1, 40);

          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("The dates in this table could be day first or month first (line %u: "
                          "“%s”, line %u: “%s”); say which it is (--date-order dmy or mdy)."),
                       first_line, one, last_line, two);
          return FALSE;
        }
      else if (order == NULL)
        order = "ymd"; /* no date at all: every row is skipped below */
    }
  emitter->date_order = order;

  for (guint i = 1; i < rows->len; i++)
    {
      Row *row = rows->pdata[i];
      g_autoptr (GHashTable) headers = g_hash_table_new (g_str_hash, g_str_equal);
      DaybookImportRecord r = { 0 };
      Date3 d;
      gint64 seconds;

      if (!split_date (cell (row, columns[F_DATE]), &d)
          || !row_time (&d, order, cell (row, columns[F_TIME]), &seconds))
        {
          g_autofree char *shown = _daybook_import_valid_utf8 (cell (row, columns[F_DATE]), -1, 40);

          _daybook_import_skip (emitter, row->line, DAYBOOK_IMPORT_SKIP_ROW_NOT_A_DATE, shown,
                                order);
          continue;
        }
      for (int f = 0; f < N_FIELDS; f++)
        if (columns[f] >= 0 && cell (row, columns[f])[0] != '\0')
          g_hash_table_insert (headers, (char *)fields[f], (char *)cell (row, columns[f]));
      g_hash_table_insert (headers, (char *)"encoding", (char *)encoding);
      r.kind = "system";
      r.direction = "system";
      r.seconds = seconds;
      r.basis = "local";
      r.text = columns[F_TEXT] >= 0 ? cell (row, columns[F_TEXT]) : cell (row, columns[F_TITLE]);
      r.line = row->line;
      r.media_state = "";
      r.outcome = "";
      r.duration_s = -1;
      r.headers = headers;
      if (!_daybook_import_emit_record (emitter, &r, error))
        return FALSE;
    }
  return TRUE;
}
