/* daybook-bundle.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-diary.h"

G_BEGIN_DECLS

gboolean daybook_diary_export_bundle (DaybookDiary *self, const char *dir,
                                      const DaybookQuery *query, DaybookSecret **passphrase,
                                      guint *n_entries, GError **error);
void daybook_diary_export_bundle_async (DaybookDiary *self, const char *dir,
                                        const DaybookQuery *query, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data);
DaybookSecret *daybook_diary_export_bundle_finish (DaybookDiary *self, GAsyncResult *result,
                                                   guint *n_entries, GError **error);

G_END_DECLS
