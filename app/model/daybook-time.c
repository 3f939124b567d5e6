/* daybook-time.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-time"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include "daybook-i18n.h"

#include "daybook-error.h"
#include "daybook-time.h"

/* Time zones by name, made once per process. g_time_zone_new_identifier()
 * reads and parses the zone's tzfile each time no other reference to that
 * zone is alive, and a list of 100,000 entries made in a zone other than the
 * computer's read it 100,000 times. A GTimeZone never changes once made, so
 * one reference per name is kept for the life of the process. Names come
 * from diaries (an entry's zone), so the table is bounded: past
 * MAX_CACHED_ZONES names each lookup makes its own zone again. */
#define MAX_CACHED_ZONES 512

static GMutex zone_lock;
static GHashTable *zone_cache; /* name → GTimeZone, or NULL for an unknown name */

static void
zone_unref (gpointer tz)
{
  if (tz != NULL)
    g_time_zone_unref (tz);
}

/**
 * daybook_time_zone_lookup:
 * @identifier: a time-zone name ("Europe/London") or an offset ("+01:00")
 *
 * The zone named @identifier, read from the system's time-zone database at
 * most once per process. Thread-safe.
 *
 * Returns: (transfer full) (nullable): the zone, or %NULL when the system
 *   does not know the name
 */
GTimeZone *
daybook_time_zone_lookup (const char *identifier)
{
  GTimeZone *tz = NULL;
  gpointer found = NULL;

  g_return_val_if_fail (identifier != NULL, NULL);

  g_mutex_lock (&zone_lock);
  if (zone_cache == NULL)
    zone_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, zone_unref);
  if (g_hash_table_lookup_extended (zone_cache, identifier, NULL, &found))
    {
      tz = found != NULL ? g_time_zone_ref (found) : NULL;
      g_mutex_unlock (&zone_lock);
      return tz;
    }
  tz = g_time_zone_new_identifier (identifier);
  if (g_hash_table_size (zone_cache) < MAX_CACHED_ZONES)
    g_hash_table_insert (zone_cache, g_strdup (identifier),
                         tz != NULL ? g_time_zone_ref (tz) : NULL);
  g_mutex_unlock (&zone_lock);
  return tz;
}

static int
offset_at (GTimeZone *tz, gint64 utc)
{
  gint64 t = utc;
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, t);

  return g_time_zone_get_offset (tz, interval);
}

static char *
format_offset (int offset)
{
  int a = ABS (offset);

  return g_strdup_printf ("%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, (a / 60) % 60);
}

static gboolean
invalid_time (GError **error, const char *text)
{
  g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
               _ ("“%s” is not a date and time. Write it like 2026-03-01T21:40, or 2026-03-01 for "
                  "a date only."),
               text);
  return FALSE;
}

/* Parses "+01:00", "+0100", "+01", "-05:30" or "Z"; returns FALSE on anything else. */
static gboolean
parse_offset (const char *p, int *offset)
{
  int h = 0, m = 0, sign;
  gsize len = strlen (p);

  if (strcmp (p, "Z") == 0 || strcmp (p, "z") == 0)
    {
      *offset = 0;
      return TRUE;
    }
  if (p[0] != '+' && p[0] != '-')
    return FALSE;
  sign = p[0] == '-' ? -1 : 1;
  p++, len--;

  if (len == 2 && g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]))
    h = (p[0] - '0') * 10 + (p[1] - '0');
  else if ((len == 4 || (len == 5 && p[2] == ':')) && g_ascii_isdigit (p[0])
           && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[len - 2])
           && g_ascii_isdigit (p[len - 1]))
    {
      h = (p[0] - '0') * 10 + (p[1] - '0');
      m = (p[len - 2] - '0') * 10 + (p[len - 1] - '0');
    }
  else
    return FALSE;

  if (h > 14 || m > 59)
    return FALSE;
  *offset = sign * (h * 3600 + m * 60);
  return TRUE;
}

static gboolean
all_digits (const char *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/* The instants at which the wall-clock time @naive (seconds, as if UTC)
 * is read in @tz: none in a spring-forward gap, two in a fall-back overlap. */
static guint
local_candidates (GTimeZone *tz, gint64 naive, gint64 found[2])
{
  static const gint64 probes[] = { -86400, 0, 86400 };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      int off = offset_at (tz, naive + probes[i]);
      gint64 u = naive - off;
      gboolean seen = FALSE;

      if (offset_at (tz, u) != off)
        continue;
      for (guint j = 0; j < n; j++)
        seen |= found[j] == u;
      if (!seen && n < 2)
        found[n++] = u;
    }

  if (n == 2 && found[0] > found[1])
    {
      gint64 t = found[0];
      found[0] = found[1];
      found[1] = t;
    }
  return n;
}

static char *
zone_name (GTimeZone *tz)
{
  const char *id = g_time_zone_get_identifier (tz);

  if (id == NULL || id[0] == '\0' || id[0] == '/' || id[0] == ':')
    return g_strdup ("UTC");
  return g_strdup (id);
}

/**
 * daybook_when_parse:
 * @text: ISO 8601: `2026-03-01`, `2026-03-01T21:40`, `2026-03-01 21:40:05`,
 *   each with an optional offset (`Z`, `+01:00`)
 * @local: the zone for times without an offset
 * @when: (out caller-allocates): the result
 * @date_only: (out) (optional): whether only a date was given
 *
 * A time without an offset is the wall-clock time in @local on that date.
 * A time the clocks skipped, or one they showed twice, is refused with a
 * sentence that says which offset to add: silently shifting an incident by
 * an hour could undermine the victim's account.
 */
gboolean
daybook_when_parse (const char *text, GTimeZone *local, DaybookWhen *when, gboolean *date_only,
                    GError **error)
{
  g_autoptr (GDateTime) check = NULL;
  g_autofree char *copy = NULL;
  int y, mo, d, h = 0, mi = 0, s = 0, offset = 0;
  gboolean has_time = FALSE, has_offset = FALSE;
  gint64 naive, found[2];
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  p = copy;

  if (strlen (p) < 10 || !all_digits (p, 4) || p[4] != '-' || !all_digits (p + 5, 2) || p[7] != '-'
      || !all_digits (p + 8, 2))
    return invalid_time (error, text);
  y = atoi (p);
  mo = atoi (p + 5);
  d = atoi (p + 8);
  p += 10;

  if (*p == 'T' || *p == 't' || *p == ' ')
    {
      p++;
      if (strlen (p) < 5 || !all_digits (p, 2) || p[2] != ':' || !all_digits (p + 3, 2))
        return invalid_time (error, text);
      h = atoi (p);
      mi = atoi (p + 3);
      p += 5;
      if (*p == ':')
        {
          if (!all_digits (p + 1, 2))
            return invalid_time (error, text);
          s = atoi (p + 1);
          p += 3;
        }
      has_time = TRUE;
      if (*p != '\0')
        {
          if (!parse_offset (p, &offset))
            return invalid_time (error, text);
          has_offset = TRUE;
        }
    }
  else if (*p != '\0')
    return invalid_time (error, text);

  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > g_date_get_days_in_month (mo, y)
      || h > 23 || mi > 59 || s > 59)
    return invalid_time (error, text);

  check = g_date_time_new_utc (y, mo, d, h, mi, s);
  naive = g_date_time_to_unix (check);

  when->zone = zone_name (local);

  if (has_offset)
    {
      when->utc = naive - offset;
      when->offset = offset;
      /* The zone name stays only if it agrees with the offset given. */
      if (offset_at (local, when->utc) != offset)
        {
          g_free (when->zone);
          when->zone = NULL;
        }
    }
  else
    {
      guint n = local_candidates (local, naive, found);

      /* A date alone at a midnight the clocks skipped: take the first
       * wall-clock hour that exists that day. */
      for (guint i = 1; n == 0 && !has_time && i <= 3; i++)
        n = local_candidates (local, naive + i * 3600, found);

      if (n == 0)
        {
          g_autofree char *later = format_offset (offset_at (local, naive));

          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("%s did not happen in %s: the clocks went forward then. Give the time "
                          "with its offset, for example %s%s."),
                       text, when->zone, text, later);
          daybook_when_clear (when);
          return FALSE;
        }
      if (n == 2)
        {
          g_autofree char *first = format_offset (offset_at (local, found[0]));
          g_autofree char *second = format_offset (offset_at (local, found[1]));

          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("%s happened twice in %s because the clocks went back. Add %s for the "
                          "first time or %s for the second."),
                       text, when->zone, first, second);
          daybook_when_clear (when);
          return FALSE;
        }
      when->utc = found[0];
      when->offset = offset_at (local, found[0]);
    }

  if (date_only != NULL)
    *date_only = !has_time;

  return TRUE;
}

void
daybook_when_set_now (DaybookWhen *when, GTimeZone *local)
{
  g_free (when->zone);
  when->utc = g_get_real_time () / G_USEC_PER_SEC;
  when->offset = offset_at (local, when->utc);
  when->zone = zone_name (local);
}

void
daybook_when_clear (DaybookWhen *when)
{
  g_clear_pointer (&when->zone, g_free);
  when->utc = 0;
  when->offset = 0;
}

void
daybook_when_copy (const DaybookWhen *src, DaybookWhen *dest)
{
  char *zone = g_strdup (src->zone);

  g_free (dest->zone);
  dest->utc = src->utc;
  dest->offset = src->offset;
  dest->zone = zone;
}

/**
 * daybook_when_to_date_time:
 *
 * Returns: (transfer full): the instant at the offset it was lived in
 */
GDateTime *
daybook_when_to_date_time (const DaybookWhen *when)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_offset (when->offset);
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (when->utc);

  return g_date_time_to_timezone (utc, tz);
}

/**
 * daybook_when_format_iso:
 *
 * Returns: (transfer full): e.g. `2026-03-01T21:40:00+00:00`
 */
char *
daybook_when_format_iso (const DaybookWhen *when)
{
  g_autoptr (GDateTime) dt = daybook_when_to_date_time (when);
  g_autofree char *off = format_offset (when->offset);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strconcat (base, off, NULL);
}

/**
 * daybook_when_dup_abbreviation:
 *
 * Returns: (transfer full): the zone abbreviation in force then ("GMT",
 *   "BST"), or "UTC+05:30" when the zone is unknown or disagrees
 */
char *
daybook_when_dup_abbreviation (const DaybookWhen *when)
{
  g_autoptr (GTimeZone) tz = NULL;
  g_autofree char *off = NULL;

  if (when->zone != NULL)
    tz = daybook_time_zone_lookup (when->zone);

  if (tz != NULL)
    {
      int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, when->utc);
      const char *abbrev = g_time_zone_get_abbreviation (tz, interval);

      if (g_time_zone_get_offset (tz, interval) == when->offset && abbrev != NULL
          && g_ascii_isalpha (abbrev[0]))
        return g_strdup (abbrev);
    }

  if (when->offset == 0)
    return g_strdup ("UTC");
  off = format_offset (when->offset);
  return g_strconcat ("UTC", off, NULL);
}

/**
 * daybook_when_format_display:
 *
 * Returns: (transfer full): the date and time as the victim lived it, with
 *   the zone and the precision: "Sun 1 Mar 2026, 21:40 GMT",
 *   "Sun 1 Mar 2026, about 21:40 GMT", "Sun 1 Mar 2026 (date only)"
 */
char *
daybook_when_format_display (const DaybookWhen *when, DaybookPrecision precision)
{
  g_autoptr (GDateTime) dt = daybook_when_to_date_time (when);
  g_autofree char *date = g_date_time_format (dt, "%a %-d %b %Y");
  g_autofree char *time = g_date_time_format (dt, "%H:%M");
  g_autofree char *abbrev = daybook_when_dup_abbreviation (when);

  switch (precision)
    {
    case DAYBOOK_PRECISION_DAY:
      /* TRANSLATORS: a date whose time of day is not known */
      return g_strdup_printf (_ ("%s (date only)"), date);
    case DAYBOOK_PRECISION_APPROXIMATE:
      /* TRANSLATORS: date, approximate time, zone abbreviation */
      return g_strdup_printf (_ ("%s, about %s %s"), date, time, abbrev);
    case DAYBOOK_PRECISION_EXACT:
    default:
      /* TRANSLATORS: date, time, zone abbreviation */
      return g_strdup_printf (_ ("%s, %s %s"), date, time, abbrev);
    }
}

/**
 * daybook_format_when_in_language:
 * @abbrev: (nullable): the zone's abbreviation at @when ("GMT",
 *   "UTC+02:00"), or %NULL for daybook_when_dup_abbreviation()'s
 *
 * When an entry happened, in the calling thread's language: the report's or
 * a statement draft's while one is drawn on its thread
 * (daybook_i18n_push_language()), the process's otherwise (the window's).
 * The weekday and month names are the catalogue's
 * (daybook_date_time_format()), never the computer's LC_TIME, as
 * daybook_when_format_display()'s are. The window, the report and the
 * statement draft all call this one.
 *
 * Returns: (transfer full): e.g. "Sun 1 Mar 2026, about 21:40 GMT",
 *   "nie., 1 mar 2026, około 21:40 GMT", "Sun 1 Mar 2026 (date only)"
 */
char *
daybook_format_when_in_language (const DaybookWhen *when, DaybookPrecision precision,
                                 const char *abbrev)
{
  g_autoptr (GDateTime) dt = daybook_when_to_date_time (when);
  /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  g_autofree char *date = daybook_date_time_format (dt, _ ("%a %-d %b %Y"));
  g_autofree char *time = NULL;
  g_autofree char *own = NULL;

  if (precision == DAYBOOK_PRECISION_DAY)
    /* TRANSLATORS: a date whose time of day is not known */
    return g_strdup_printf (_ ("%s (date only)"), date);
  time = g_date_time_format (dt, "%H:%M");
  if (abbrev == NULL)
    abbrev = own = daybook_when_dup_abbreviation (when);
  if (precision == DAYBOOK_PRECISION_APPROXIMATE)
    /* TRANSLATORS: date, approximate time, zone abbreviation */
    return g_strdup_printf (_ ("%s, about %s %s"), date, time, abbrev);
  /* TRANSLATORS: date, time, zone abbreviation */
  return g_strdup_printf (_ ("%s, %s %s"), date, time, abbrev);
}

/**
 * daybook_time_format_iso:
 *
 * Returns: (transfer full): @utc as ISO 8601 with the offset of @zone then
 */
char *
daybook_time_format_iso (gint64 utc, GTimeZone *zone)
{
  DaybookWhen when = { utc, offset_at (zone, utc), NULL };

  return daybook_when_format_iso (&when);
}

/**
 * daybook_time_format_display:
 *
 * Returns: (transfer full): @utc for people, in @zone, with its abbreviation
 */
char *
daybook_time_format_display (gint64 utc, GTimeZone *zone)
{
  g_autofree char *name = zone_name (zone);
  DaybookWhen when = { utc, offset_at (zone, utc), name };

  return daybook_when_format_display (&when, DAYBOOK_PRECISION_EXACT);
}
