/* daybook-bundle.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-diary.h"

G_BEGIN_DECLS

typedef enum
{
  DAYBOOK_BUNDLE_DEFAULT = 0,
  /* Earlier versions of the selected entries in full, not only their hashes. */
  DAYBOOK_BUNDLE_WITH_HISTORY = 1 << 0,
  /* The full records of the people the entries name, not only the name and
   * role an entry gives them. */
  DAYBOOK_BUNDLE_WITH_PEOPLE = 1 << 1,
} DaybookBundleFlags;

typedef struct
{
  guint n_entries;
  gint64 length;      /* the source chain's length the bundle is tied to */
  char *head;         /* the source's fingerprint at that length, hex */
  GPtrArray *missing; /* (element-type utf8): "AE/3 (photo.jpg)" for each
                         exhibit whose evidence file was missing */
} DaybookBundleResult;

void daybook_bundle_result_clear (DaybookBundleResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DaybookBundleResult, daybook_bundle_result_clear)

gboolean daybook_diary_export_bundle_full (DaybookDiary *self, const char *dir,
                                           const DaybookQuery *query, DaybookBundleFlags flags,
                                           DaybookSecret **passphrase, DaybookBundleResult *result,
                                           GError **error);
gboolean daybook_diary_export_bundle (DaybookDiary *self, const char *dir,
                                      const DaybookQuery *query, DaybookSecret **passphrase,
                                      guint *n_entries, GError **error);
void daybook_diary_export_bundle_async (DaybookDiary *self, const char *dir,
                                        const DaybookQuery *query, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
void daybook_diary_export_bundle_full_async (DaybookDiary *self, const char *dir,
                                             const DaybookQuery *query, DaybookBundleFlags flags,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
DaybookSecret *daybook_diary_export_bundle_finish (DaybookDiary *self, GAsyncResult *result,
                                                   guint *n_entries, GError **error);
DaybookSecret *daybook_diary_export_bundle_full_finish (DaybookDiary *self, GAsyncResult *result,
                                                        DaybookBundleResult *bundle,
                                                        GError **error);

G_END_DECLS
