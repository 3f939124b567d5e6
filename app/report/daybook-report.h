/* daybook-report.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "daybook-conduct.h"
#include "daybook-diary.h"
#include "daybook-report-exhibits.h"
#include "daybook-signature.h"
#include "daybook-types.h"

G_BEGIN_DECLS

/**
 * DaybookPaper:
 * @DAYBOOK_PAPER_A4: ISO A4, 210 × 297 mm
 * @DAYBOOK_PAPER_LETTER: US Letter, 8.5 × 11 in
 */
typedef enum
{
  DAYBOOK_PAPER_A4,
  DAYBOOK_PAPER_LETTER,
} DaybookPaper;

/**
 * DaybookReportFlags:
 * @DAYBOOK_REPORT_NONE: refuse to overwrite, no signature
 * @DAYBOOK_REPORT_FORCE: replace an existing file
 * @DAYBOOK_REPORT_SIGN: also write `OUT.minisig`, a detached minisign signature
 */
typedef enum /*< flags >*/
{
  DAYBOOK_REPORT_NONE = 0,
  DAYBOOK_REPORT_FORCE = 1 << 0,
  DAYBOOK_REPORT_SIGN = 1 << 1,
} DaybookReportFlags;

/**
 * DaybookReportMessages:
 * @DAYBOOK_REPORT_MESSAGES_CITED: the message log holds the imported
 *   messages cited by the entries in the report (the default)
 * @DAYBOOK_REPORT_MESSAGES_ALL: every imported message in the report's dates
 * @DAYBOOK_REPORT_MESSAGES_NONE: no message summary, no message log
 */
typedef enum
{
  DAYBOOK_REPORT_MESSAGES_CITED,
  DAYBOOK_REPORT_MESSAGES_ALL,
  DAYBOOK_REPORT_MESSAGES_NONE,
} DaybookReportMessages;

#define DAYBOOK_TYPE_REPORT (daybook_report_get_type ())

G_DECLARE_FINAL_TYPE (DaybookReport, daybook_report, DAYBOOK, REPORT, GObject)

DaybookReport *daybook_report_new (DaybookDiary *diary, const DaybookQuery *query);
void daybook_report_set_people (DaybookReport *self, const char *const *people);
void daybook_report_set_paper (DaybookReport *self, DaybookPaper paper);
void daybook_report_set_title (DaybookReport *self, const char *title);
gboolean daybook_report_set_language (DaybookReport *self, const char *language, GError **error);
const char *daybook_report_get_language (DaybookReport *self);
void daybook_report_set_exhibit_provider (DaybookReport *self, DaybookExhibitProvider *provider);
void daybook_report_set_generated_at (DaybookReport *self, gint64 utc);
void daybook_report_set_since (DaybookReport *self, const char *since);
void daybook_report_set_history (DaybookReport *self, gboolean history);
const DaybookConduct *daybook_report_get_conduct (DaybookReport *self);
void daybook_report_set_messages (DaybookReport *self, DaybookReportMessages messages);

gboolean daybook_report_prepare (DaybookReport *self, GCancellable *cancellable, GError **error);
void daybook_report_prepare_async (DaybookReport *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
gboolean daybook_report_prepare_finish (DaybookReport *self, GAsyncResult *result, GError **error);
guint daybook_report_get_n_pages (DaybookReport *self);
guint daybook_report_get_n_incidents (DaybookReport *self);
void daybook_report_get_page_size (DaybookReport *self, double *width, double *height);
const char *daybook_report_get_id (DaybookReport *self);
const char *daybook_report_get_title (DaybookReport *self);
const DaybookReportKey *daybook_report_get_key (DaybookReport *self);
gint64 daybook_report_get_generated_at (DaybookReport *self);
char *daybook_report_dup_trusted_comment (DaybookReport *self);
void daybook_report_draw_page (DaybookReport *self, cairo_t *cr, guint page);
void daybook_report_draw_page_locked (DaybookReport *self, cairo_t *cr, guint page);
cairo_surface_t *daybook_report_render_page (DaybookReport *self, guint page, int width, int height,
                                             double scale);
void daybook_report_render_page_async (DaybookReport *self, guint page, int width, int height,
                                       double scale, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data);
cairo_surface_t *daybook_report_render_page_finish (DaybookReport *self, GAsyncResult *result,
                                                    GError **error);
gboolean daybook_report_write_pdf (DaybookReport *self, const char *path, DaybookReportFlags flags,
                                   GCancellable *cancellable, GError **error);

void daybook_report_write_pdf_async (DaybookReport *self, const char *path,
                                     DaybookReportFlags flags, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data);
gboolean daybook_report_write_pdf_finish (DaybookReport *self, GAsyncResult *result,
                                          GError **error);

G_END_DECLS
