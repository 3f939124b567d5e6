/* daybook-report-task.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include "daybook-report-private.h"

/* Preparing and writing a report off the main thread, for the window.
 * The worker is the only one to touch the report until the callback:
 * the caller keeps it alive but leaves it alone meanwhile. */

typedef struct
{
  char *path;
  DaybookReportFlags flags;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *wd = data;

  g_free (wd->path);
  g_free (wd);
}

static void
prepare_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (daybook_report_prepare (DAYBOOK_REPORT (source), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  WriteData *wd = task_data;
  GError *error = NULL;

  if (daybook_report_write_pdf (DAYBOOK_REPORT (source), wd->path, wd->flags, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * daybook_report_prepare_async:
 *
 * Runs daybook_report_prepare() in a thread.
 */
void
daybook_report_prepare_async (DaybookReport *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (DAYBOOK_IS_REPORT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, daybook_report_prepare_async);
  g_task_run_in_thread (task, prepare_thread);
}

gboolean
daybook_report_prepare_finish (DaybookReport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * daybook_report_write_pdf_async:
 *
 * Runs daybook_report_write_pdf() in a thread.
 */
void
daybook_report_write_pdf_async (DaybookReport *self, const char *path, DaybookReportFlags flags,
                                GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  WriteData *wd;

  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (path != NULL);

  wd = g_new0 (WriteData, 1);
  wd->path = g_strdup (path);
  wd->flags = flags;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, daybook_report_write_pdf_async);
  g_task_set_task_data (task, wd, write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
daybook_report_write_pdf_finish (DaybookReport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
