/* daybook-time.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookWhen:
 * @utc: seconds since the Unix epoch
 * @offset: the UTC offset in force where it happened, in seconds
 * @zone: (nullable): the time-zone name in force there ("Europe/London")
 *
 * An instant as it was lived: the same instant shown in a different zone
 * would misstate the time on the victim's clock.
 */
struct _DaybookWhen
{
  gint64 utc;
  int offset;
  char *zone;
};

gboolean daybook_when_parse (const char *text, GTimeZone *local, DaybookWhen *when,
                             gboolean *date_only, GError **error);
void daybook_when_set_now (DaybookWhen *when, GTimeZone *local);
void daybook_when_clear (DaybookWhen *when);
void daybook_when_copy (const DaybookWhen *src, DaybookWhen *dest);
GDateTime *daybook_when_to_date_time (const DaybookWhen *when);
char *daybook_when_format_iso (const DaybookWhen *when);
char *daybook_when_dup_abbreviation (const DaybookWhen *when);
char *daybook_when_format_display (const DaybookWhen *when, DaybookPrecision precision);
char *daybook_format_when_in_language (const DaybookWhen *when, DaybookPrecision precision,
                                       const char *abbrev);

GTimeZone *daybook_time_zone_lookup (const char *identifier);
char *daybook_time_format_iso (gint64 utc, GTimeZone *zone);
char *daybook_time_format_display (gint64 utc, GTimeZone *zone);

G_END_DECLS
