/* daybook-report-page.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "report/daybook-statement.h"

#include "daybook-page.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_REPORT_PAGE (daybook_report_page_get_type ())

G_DECLARE_FINAL_TYPE (DaybookReportPage, daybook_report_page, DAYBOOK, REPORT_PAGE, GtkWidget)

/* For tests: the preview's state ("none", "preparing", "message",
 * "preview"), its report, and saving or printing without a dialog. */
const char *_daybook_report_page_get_state (DaybookReportPage *self);
guint _daybook_report_page_get_n_pages (DaybookReportPage *self);
gboolean _daybook_report_page_is_busy (DaybookReportPage *self);
const char *_daybook_report_page_get_last_error (DaybookReportPage *self);
void _daybook_report_page_save_to (DaybookReportPage *self, GFile *file, gboolean replace);
void _daybook_report_page_print_to (DaybookReportPage *self, GFile *file);
void _daybook_report_page_handover_to (DaybookReportPage *self, GFile *file, const char *given_to,
                                       gboolean replace);
void _daybook_report_page_export_statement_to (DaybookReportPage *self, DaybookStatementKind kind,
                                               GFile *file, gboolean replace);
gboolean _daybook_report_page_is_exporting (DaybookReportPage *self);

G_END_DECLS
