/* daybook-restore-dialog.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_RESTORE_DIALOG (daybook_restore_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DaybookRestoreDialog, daybook_restore_dialog, DAYBOOK, RESTORE_DIALOG,
                      AdwWindow)

DaybookRestoreDialog *daybook_restore_dialog_new (GtkWindow *parent, const char *diary_dir);
void daybook_restore_dialog_set_file (DaybookRestoreDialog *self, const char *path);
void daybook_restore_dialog_set_folder (DaybookRestoreDialog *self, const char *dir);
const char *daybook_restore_dialog_get_folder (DaybookRestoreDialog *self);

G_END_DECLS
