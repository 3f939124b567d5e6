/* daybook-bundle-async.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-bundle"

#include "config.h"

#include <string.h>

#include "daybook-bundle.h"

/* A bundle copies the selected entries and their evidence into a new
 * diary: in a worker thread, from a copy of the selection. */

typedef struct
{
  char *dir;
  DaybookQuery *query;
  DaybookBundleFlags flags;
  DaybookSecret *passphrase;
  DaybookBundleResult result;
} BundleData;

static void
bundle_data_free (gpointer data)
{
  BundleData *bd = data;

  g_free (bd->dir);
  daybook_query_free (bd->query);
  g_clear_pointer (&bd->passphrase, daybook_secret_free);
  daybook_bundle_result_clear (&bd->result);
  g_free (bd);
}

static void
export_bundle_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  BundleData *bd = task_data;
  GError *error = NULL;

  /* The count stays in the task data, read by _finish on the caller's
   * thread once the task has returned. */
  if (daybook_diary_export_bundle_full (source, bd->dir, bd->query, bd->flags, &bd->passphrase,
                                        &bd->result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * daybook_diary_export_bundle_full_async:
 * @dir: a new folder for the bundle
 * @query: which entries go in; copied
 *
 * daybook_diary_export_bundle_full() in a worker thread.
 */
void
daybook_diary_export_bundle_full_async (DaybookDiary *self, const char *dir,
                                        const DaybookQuery *query, DaybookBundleFlags flags,
                                        GCancellable *cancellable, GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  BundleData *bd;

  g_return_if_fail (DAYBOOK_IS_DIARY (self));
  g_return_if_fail (dir != NULL && query != NULL);

  bd = g_new0 (BundleData, 1);
  bd->dir = g_strdup (dir);
  bd->query = daybook_query_copy (query);
  bd->flags = flags;
  g_task_set_source_tag (task, daybook_diary_export_bundle_full_async);
  g_task_set_task_data (task, bd, bundle_data_free);
  g_task_run_in_thread (task, export_bundle_thread);
}

/**
 * daybook_diary_export_bundle_async:
 *
 * daybook_diary_export_bundle_full_async() without history or full person
 * records.
 */
void
daybook_diary_export_bundle_async (DaybookDiary *self, const char *dir, const DaybookQuery *query,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  daybook_diary_export_bundle_full_async (self, dir, query, DAYBOOK_BUNDLE_DEFAULT, cancellable,
                                          callback, user_data);
}

/**
 * daybook_diary_export_bundle_full_finish:
 * @bundle: (out) (optional): what the bundle holds and what was missing;
 *   clear with daybook_bundle_result_clear()
 *
 * Returns: (transfer full) (nullable): the bundle's one-time passphrase
 */
DaybookSecret *
daybook_diary_export_bundle_full_finish (DaybookDiary *self, GAsyncResult *result,
                                         DaybookBundleResult *bundle, GError **error)
{
  BundleData *bd;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  bd = g_task_get_task_data (G_TASK (result));
  if (bundle != NULL)
    {
      *bundle = bd->result;
      memset (&bd->result, 0, sizeof bd->result);
    }
  return g_steal_pointer (&bd->passphrase);
}

/**
 * daybook_diary_export_bundle_finish:
 * @n_entries: (out) (optional): how many entries the bundle holds
 *
 * Returns: (transfer full) (nullable): the bundle's one-time passphrase
 */
DaybookSecret *
daybook_diary_export_bundle_finish (DaybookDiary *self, GAsyncResult *result, guint *n_entries,
                                    GError **error)
{
  g_auto (DaybookBundleResult) bundle = { 0 };
  DaybookSecret *passphrase
      = daybook_diary_export_bundle_full_finish (self, result, &bundle, error);

  if (passphrase != NULL && n_entries != NULL)
    *n_entries = bundle.n_entries;
  return passphrase;
}
