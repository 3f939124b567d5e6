/* daybook-ui-format.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "daybook-time.h"
#include "daybook-types.h"

G_BEGIN_DECLS

char *daybook_format_month (const DaybookWhen *when);
gboolean daybook_when_same_month (const DaybookWhen *a, const DaybookWhen *b);
char *daybook_format_date_input (const DaybookWhen *when);
char *daybook_format_time_input (const DaybookWhen *when);
GTimeZone *daybook_when_dup_time_zone (const DaybookWhen *when);
gboolean daybook_parse_date_time_input (const char *date, const char *time, gboolean date_only,
                                        GTimeZone *zone, DaybookWhen *when, GError **error);
gboolean daybook_parse_day_bound (const char *text, gboolean is_end, GTimeZone *zone, gint64 *utc,
                                  GError **error);
char *daybook_format_entry_heading (gint64 number);
const char *daybook_format_title (const char *title);
char *daybook_format_recorded_at (gint64 utc);
char *daybook_format_date_time (GDateTime *datetime, const char *format);
char *daybook_format_time (gint64 utc, GTimeZone *zone);
char *daybook_format_changes (const char *const *members);
char *daybook_format_first_line (const char *text, gsize max_chars);

G_END_DECLS
