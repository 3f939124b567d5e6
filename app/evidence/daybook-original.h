/* daybook-original.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DaybookOriginal DaybookOriginal;

DaybookOriginal *daybook_original_new (const char *path, GError **error);
gboolean daybook_original_is_unchanged (DaybookOriginal *self);
const char *daybook_original_get_path (DaybookOriginal *self);
char **daybook_original_dup_thumbnail_paths (DaybookOriginal *self);
gboolean daybook_original_remove (DaybookOriginal *self, guint *n_thumbnails, GError **error);
void daybook_original_free (DaybookOriginal *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookOriginal, daybook_original_free)

G_END_DECLS
