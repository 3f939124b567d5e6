/* fuzz-time.c — the ISO 8601 parser against arbitrary text
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "daybook-error.h"
#include "daybook-time.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static GTimeZone *zone;
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autoptr (GError) error = NULL;
  DaybookWhen when = { 0 };

  if (zone == NULL)
    zone = g_time_zone_new_identifier ("Europe/London");

  if (daybook_when_parse (text, zone, &when, NULL, &error))
    {
      /* A time it accepts prints as ISO 8601 and parses back to itself. */
      g_autofree char *iso = daybook_when_format_iso (&when);
      g_autofree char *shown = daybook_when_format_display (&when, DAYBOOK_PRECISION_APPROXIMATE);
      DaybookWhen again = { 0 };

      g_assert (daybook_when_parse (iso, zone, &again, NULL, NULL));
      g_assert (again.utc == when.utc && again.offset == when.offset);
      g_assert (g_utf8_validate (shown, -1, NULL));
      daybook_when_clear (&again);
      daybook_when_clear (&when);
    }
  else
    g_assert (error != NULL && error->code == DAYBOOK_ERROR_INVALID && when.zone == NULL);
  return 0;
}
