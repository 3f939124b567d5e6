/* daybook-report-time.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* Dates and times as the report prints them: as the clock read where the
 * incident happened, with the zone's abbreviation, through the window's own
 * daybook_format_when_in_language(), but with the time zones read once per
 * report rather than once per entry: tens of thousands of tzfile reads
 * were a tenth of the time of a large report. */

static GTimeZone *
lookup_zone (DaybookReport *self, const char *identifier)
{
  GTimeZone *tz;

  if (identifier == NULL)
    return NULL;
  if (!g_hash_table_lookup_extended (self->zones, identifier, NULL, (gpointer *)&tz))
    {
      tz = daybook_time_zone_lookup (identifier);
      g_hash_table_insert (self->zones, g_strdup (identifier), tz);
    }
  return tz;
}

static char *
abbreviation (DaybookReport *self, const DaybookWhen *when)
{
  GTimeZone *tz = lookup_zone (self, when->zone);
  int a = ABS (when->offset);

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
  return g_strdup_printf ("UTC%c%02d:%02d", when->offset < 0 ? '-' : '+', a / 3600, (a / 60) % 60);
}

/* Returns: (transfer full): e.g. "Sun 1 Mar 2026, about 21:40 GMT", the
 * zone's abbreviation from the report's cache of zones */
char *
_daybook_report_format_when (DaybookReport *self, const DaybookWhen *when,
                             DaybookPrecision precision)
{
  g_autofree char *abbrev = abbreviation (self, when);

  return daybook_format_when_in_language (when, precision, abbrev);
}

/* @utc as it read on the clock where @zone_of happened (its zone, or at
 * least its offset); in the report's own zone when @zone_of is %NULL. */
char *
_daybook_report_format_time (DaybookReport *self, gint64 utc, const DaybookWhen *zone_of)
{
  GTimeZone *tz = NULL;
  g_autoptr (GTimeZone) fixed = NULL;
  DaybookWhen when = { utc, 0, NULL };

  if (zone_of == NULL)
    tz = self->local_tz;
  else
    tz = lookup_zone (self, zone_of->zone);
  if (tz == NULL)
    tz = fixed = g_time_zone_new_offset (zone_of->offset);

  when.offset
      = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc));
  when.zone = (char *)(zone_of != NULL && zone_of->zone != NULL ? zone_of->zone
                                                                : g_time_zone_get_identifier (tz));
  if (zone_of == NULL && !g_hash_table_contains (self->zones, when.zone))
    g_hash_table_insert (self->zones, g_strdup (when.zone), g_time_zone_ref (tz));
  return _daybook_report_format_when (self, &when, DAYBOOK_PRECISION_EXACT);
}

/* Returns: (transfer full): the local date alone, "Sun 1 Mar 2026" */
char *
_daybook_report_format_day (const DaybookWhen *when)
{
  g_autoptr (GDateTime) dt = daybook_when_to_date_time (when);

  /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  return daybook_date_time_format (dt, _ ("%a %-d %b %Y"));
}
