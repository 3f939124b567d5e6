/* daybook-bundle-dialog.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_BUNDLE_DIALOG (daybook_bundle_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DaybookBundleDialog, daybook_bundle_dialog, DAYBOOK, BUNDLE_DIALOG, AdwWindow)

DaybookBundleDialog *daybook_bundle_dialog_new (GtkWindow *parent, DaybookDiary *diary);
gboolean daybook_bundle_dialog_get_busy (DaybookBundleDialog *self);

/* For tests: writes the bundle to @dir without the file chooser. */
void _daybook_bundle_dialog_write_to (DaybookBundleDialog *self, const char *dir);

G_END_DECLS
