/* daybook-report-page-private.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-filter-form.h"
#include "daybook-report-page.h"
#include "report/daybook-report.h"

G_BEGIN_DECLS

struct _DaybookReportPage
{
  GtkWidget parent_instance;

  /* template */
  AdwWindowTitle *window_title;
  AdwToastOverlay *toasts;
  AdwFlap *flap;
  DaybookFilterForm *filter_form;
  GtkWidget *filter_panel;
  GtkWidget *filter_clamp;
  AdwEntryRow *title_row;
  AdwEntryRow *since_row;
  AdwComboRow *paper_row;
  AdwComboRow *language_row;
  GtkSwitch *sign_switch;
  GtkSwitch *history_switch;
  AdwActionRow *handover_row;
  GtkStack *preview_stack;
  GtkSpinner *prepare_spinner;
  AdwStatusPage *message_status;
  GtkScrolledWindow *pages_scroller;
  GtkListView *pages_view;
  GtkLabel *page_label;
  GtkBox *saving_box;
  GtkSpinner *saving_spinner;
  GtkLabel *saving_label;

  DaybookDiary *diary;
  gboolean filling;
  int stale; /* atomic: the diary changed since the last preview */
  guint refresh_id;

  /* the prepared report, or NULL */
  DaybookReport *report;
  DaybookReport *preparing;
  GCancellable *prepare_cancellable;

  /* saving and printing */
  GtkNativeDialog *chooser;
  GCancellable *save_cancellable;
  GFile *save_file;
  DaybookReportFlags save_flags;
  gboolean save_pending; /* waits for the page being drawn */
  gboolean saving;
  GtkPrintOperation *print_operation;
  char *last_error;

  /* statement drafts */
  DaybookStatementKind statement_kind;
  GCancellable *statement_cancellable;
  GFile *statement_file;

  /* handing the report key over */
  gboolean handing_over;
  char *handover_to;
  GFile *handover_file;

  /* preview */
  GtkStringList *page_items;
  GHashTable *textures; /* page → GdkTexture */
  GHashTable *bound;    /* page → GtkPicture showing it */
  GCancellable *render_cancellable;
  gboolean rendering;
  int render_width;
};

/* The language chosen for the report, its statement drafts and its key
 * hand-over sheet: "en", "cy", "pl" or "ar". */
const char *_daybook_report_page_get_language (DaybookReportPage *self);
void _daybook_report_page_preview_init (DaybookReportPage *self);
void _daybook_report_page_preview_set_report (DaybookReportPage *self);
void _daybook_report_page_preview_render_next (DaybookReportPage *self);
void _daybook_report_page_preview_go (DaybookReportPage *self, int delta);
void _daybook_report_page_preview_clear (DaybookReportPage *self);
void _daybook_report_page_render_idle (DaybookReportPage *self);
void _daybook_report_page_update_actions (DaybookReportPage *self);
void _daybook_report_page_refresh (DaybookReportPage *self);
void _daybook_report_page_set_saving (DaybookReportPage *self, gboolean saving, const char *name);
void _daybook_report_page_set_last_error (DaybookReportPage *self, const char *message);
void _daybook_report_page_class_actions_init (GtkWidgetClass *widget_class);
DaybookQuery *_daybook_report_page_build_query (DaybookReportPage *self, GError **error);

G_END_DECLS
