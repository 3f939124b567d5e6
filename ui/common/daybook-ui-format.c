/* daybook-ui-format.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-ui-format"

#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "daybook-error.h"
#include "daybook-i18n.h"
#include "daybook-ui-format.h"

/* Dates in the window: weekday and month names come from the catalogue of
 * the window's language (LANGUAGE), through daybook_date_time_format(), as
 * the report's do, never from the computer's LC_TIME. The formats are the
 * report's own msgids, so each language already has them. */

/**
 * daybook_format_month:
 *
 * Returns: (transfer full): the month and year @when fell in, where it
 *   happened ("March 2026"), for the timeline's month headers
 */
char *
daybook_format_month (const DaybookWhen *when)
{
  g_autoptr (GDateTime) dt = daybook_when_to_date_time (when);

  /* %OB is the month name standing alone (nominative), as headings want.
     TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  return daybook_date_time_format (dt, _ ("%OB %Y"));
}

gboolean
daybook_when_same_month (const DaybookWhen *a, const DaybookWhen *b)
{
  g_autoptr (GDateTime) da = daybook_when_to_date_time (a);
  g_autoptr (GDateTime) db = daybook_when_to_date_time (b);

  return g_date_time_get_year (da) == g_date_time_get_year (db)
         && g_date_time_get_month (da) == g_date_time_get_month (db);
}

char *
daybook_format_date_input (const DaybookWhen *when)
{
  g_autoptr (GDateTime) dt = daybook_when_to_date_time (when);

  return g_date_time_format (dt, "%Y-%m-%d");
}

char *
daybook_format_time_input (const DaybookWhen *when)
{
  g_autoptr (GDateTime) dt = daybook_when_to_date_time (when);

  return g_date_time_format (dt, "%H:%M");
}

/**
 * daybook_when_dup_time_zone:
 *
 * Returns: (transfer full): the zone @when was lived in if known, else the
 *   local one: an entry written abroad is edited on the clock it was
 *   written on
 */
GTimeZone *
daybook_when_dup_time_zone (const DaybookWhen *when)
{
  GTimeZone *tz = NULL;

  if (when != NULL && when->zone != NULL)
    tz = g_time_zone_new_identifier (when->zone);
  if (tz == NULL)
    tz = g_time_zone_new_local ();
  return tz;
}

/**
 * daybook_parse_date_time_input:
 * @date: "YYYY-MM-DD"
 * @time: (nullable): "HH:MM", optionally with an offset ("01:30+01:00")
 * @date_only: ignore @time
 *
 * Reads the editor's date and time fields. An empty time is midnight.
 */
gboolean
daybook_parse_date_time_input (const char *date, const char *time, gboolean date_only,
                               GTimeZone *zone, DaybookWhen *when, GError **error)
{
  g_autofree char *d = g_strstrip (g_strdup (date != NULL ? date : ""));
  g_autofree char *t = g_strstrip (g_strdup (time != NULL ? time : ""));
  g_autofree char *text = NULL;

  if (*d == '\0')
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("Enter the date it happened, for example 2026-03-01."));
      return FALSE;
    }

  if (date_only || *t == '\0')
    text = g_strdup (d);
  else
    text = g_strconcat (d, "T", t, NULL);

  return daybook_when_parse (text, zone, when, NULL, error);
}

/**
 * daybook_parse_day_bound:
 * @is_end: whether this is the last day of a range
 * @utc: (out): the first instant of that day, or for @is_end the first
 *   instant of the next day (ranges exclude their end)
 *
 * Reads a date typed into a filter.
 */
gboolean
daybook_parse_day_bound (const char *text, gboolean is_end, GTimeZone *zone, gint64 *utc,
                         GError **error)
{
  DaybookWhen when = {
    0,
  };
  gboolean date_only = FALSE;

  if (!daybook_when_parse (text, zone, &when, &date_only, error))
    return FALSE;
  daybook_when_clear (&when);

  if (!date_only)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("Enter a date without a time, for example 2026-03-01."));
      return FALSE;
    }

  {
    g_autoptr (GDateTime) start = NULL;
    int y, m, d;

    if (sscanf (text, "%d-%d-%d", &y, &m, &d) != 3)
      return FALSE;
    start = g_date_time_new (zone, y, m, d, 0, 0, 0);
    if (is_end)
      {
        g_autoptr (GDateTime) next = g_date_time_add_days (start, 1);
        *utc = g_date_time_to_unix (next);
      }
    else
      *utc = g_date_time_to_unix (start);
  }

  return TRUE;
}

char *
daybook_format_entry_heading (gint64 number)
{
  if (number <= 0)
    return g_strdup (_ ("New Entry"));
  /* TRANSLATORS: the heading of an entry in the editor */
  return g_strdup_printf (_ ("Entry %" PRId64), number);
}

const char *
daybook_format_title (const char *title)
{
  if (title == NULL || *title == '\0')
    return _ ("Untitled entry");
  return title;
}

/**
 * daybook_format_date_time:
 * @format: a format of daybook_date_time_format() (%a %A %b %B %OB from the
 *   catalogue)
 *
 * Returns: (transfer full): @datetime in the window's language
 */
char *
daybook_format_date_time (GDateTime *datetime, const char *format)
{
  g_return_val_if_fail (datetime != NULL, g_strdup (""));
  return daybook_date_time_format (datetime, format);
}

/**
 * daybook_format_time:
 *
 * Returns: (transfer full): @utc in @zone with its abbreviation, in the
 *   window's language
 */
char *
daybook_format_time (gint64 utc, GTimeZone *zone)
{
  const char *id = g_time_zone_get_identifier (zone);
  DaybookWhen when = {
    utc,
    g_time_zone_get_offset (zone, g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, utc)),
    (char *)(id == NULL || id[0] == '\0' || id[0] == '/' || id[0] == ':' ? "UTC" : id),
  };

  return daybook_format_when_in_language (&when, DAYBOOK_PRECISION_EXACT, NULL);
}

char *
daybook_format_recorded_at (gint64 utc)
{
  g_autoptr (GTimeZone) local = NULL;

  if (utc <= 0)
    return g_strdup (_ ("Not saved yet"));
  local = g_time_zone_new_local ();
  return daybook_format_time (utc, local);
}

/**
 * daybook_format_first_line:
 *
 * Returns: (transfer full): the first non-empty line of @text, cut to at
 *   most @max_chars characters, for a one-line preview
 */
char *
daybook_format_first_line (const char *text, gsize max_chars)
{
  const char *p = text != NULL ? text : "";
  const char *end;
  g_autofree char *line = NULL;

  while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
    p++;
  end = strchr (p, '\n');
  line = end != NULL ? g_strndup (p, end - p) : g_strdup (p);
  g_strchomp (line);

  if (g_utf8_strlen (line, -1) > (glong)max_chars)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, max_chars);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&line);
}

static const struct
{
  const char *member;
  const char *label;
} change_labels[] = {
  { "number", N_ ("entry number") },
  { "occurred_start", N_ ("when it happened") },
  { "occurred_end", N_ ("when it ended") },
  { "time_zone", N_ ("time zone") },
  { "precision", N_ ("how exact the time is") },
  { "recorded_at", N_ ("when it was written down") },
  /* TRANSLATORS: a field of an entry, named inside a sentence ("the title is too long") */
  { "title", N_ ("title") },
  { "narrative", N_ ("account") },
  { "location", N_ ("place") },
  { "types", N_ ("what they did") },
  { "people", N_ ("people") },
  { "fear_of_violence", N_ ("fear of violence") },
  { "alarm_distress", N_ ("alarm or distress") },
  { "impact", N_ ("effect on daily life") },
  { "police_reported", N_ ("police report") },
  { "police_ref", N_ ("police report") },
  { "police_officer", N_ ("police report") },
  { "police_date", N_ ("police report") },
  { "private_notes", N_ ("private notes") },
  { "private", N_ ("private or not") },
};

/**
 * daybook_format_changes:
 * @members: snapshot member names, from daybook_revision_list_changes()
 *
 * Returns: (transfer full): what changed in words, each once, in the order
 *   given ("title, account, police report")
 */
char *
daybook_format_changes (const char *const *members)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    {
      const char *label = members[i];

      for (guint j = 0; j < G_N_ELEMENTS (change_labels); j++)
        if (g_str_equal (members[i], change_labels[j].member))
          {
            label = _ (change_labels[j].label);
            break;
          }
      if (g_ptr_array_find_with_equal_func (seen, label, g_str_equal, NULL))
        continue;
      g_ptr_array_add (seen, (gpointer)label);
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, label);
    }

  return g_string_free (out, FALSE);
}
