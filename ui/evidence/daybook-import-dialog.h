/* daybook-import-dialog.h — importing a phone or mail export from the window
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_IMPORT_DIALOG (daybook_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DaybookImportDialog, daybook_import_dialog, DAYBOOK, IMPORT_DIALOG, AdwWindow)

DaybookImportDialog *daybook_import_dialog_new (GtkWindow *parent, DaybookDiary *diary,
                                                GFile *file);
void daybook_import_dialog_start (DaybookImportDialog *self);
void daybook_import_dialog_cancel (DaybookImportDialog *self);
void daybook_import_dialog_set_date_order (DaybookImportDialog *self, const char *order);
void daybook_import_dialog_set_me (DaybookImportDialog *self, const char *me);
gboolean daybook_import_dialog_set_person (DaybookImportDialog *self, const char *sender,
                                           const char *name);
gboolean daybook_import_dialog_is_busy (DaybookImportDialog *self);
gboolean daybook_import_dialog_asks_date_order (DaybookImportDialog *self);
const char *daybook_import_dialog_get_message (DaybookImportDialog *self);
guint daybook_import_dialog_get_imported (DaybookImportDialog *self);
const char *daybook_import_dialog_get_format (DaybookImportDialog *self);
gboolean daybook_import_dialog_set_format (DaybookImportDialog *self, const char *format);
gboolean daybook_import_dialog_set_column (DaybookImportDialog *self, const char *field,
                                           guint column);
char *daybook_import_dialog_dup_columns (DaybookImportDialog *self);
guint daybook_import_dialog_get_n_preview_rows (DaybookImportDialog *self);
const char *daybook_import_dialog_get_preview_row (DaybookImportDialog *self, guint i);

G_END_DECLS
