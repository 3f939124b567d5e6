/* daybook-date-time-row.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-time.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_DATE_TIME_ROW (daybook_date_time_row_get_type ())

G_DECLARE_FINAL_TYPE (DaybookDateTimeRow, daybook_date_time_row, DAYBOOK, DATE_TIME_ROW,
                      AdwActionRow)

void daybook_date_time_row_set_when (DaybookDateTimeRow *self, const DaybookWhen *when);
gboolean daybook_date_time_row_get_when (DaybookDateTimeRow *self, gboolean date_only,
                                         GTimeZone *zone, DaybookWhen *when, GError **error);
void daybook_date_time_row_set_date_only (DaybookDateTimeRow *self, gboolean date_only);
char *daybook_date_time_row_dup_text (DaybookDateTimeRow *self);
void daybook_date_time_row_set_text (DaybookDateTimeRow *self, const char *date, const char *time);

G_END_DECLS
