/* daybook-passphrase-dialog.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_PASSPHRASE_DIALOG (daybook_passphrase_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DaybookPassphraseDialog, daybook_passphrase_dialog, DAYBOOK,
                      PASSPHRASE_DIALOG, AdwWindow)

DaybookPassphraseDialog *daybook_passphrase_dialog_new_change (GtkWindow *parent,
                                                               DaybookDiary *diary);
DaybookPassphraseDialog *daybook_passphrase_dialog_new_recover (GtkWindow *parent, const char *dir);
DaybookPassphraseDialog *daybook_passphrase_dialog_new_rekey (GtkWindow *parent,
                                                              DaybookDiary *diary);
DaybookSecret *daybook_passphrase_dialog_steal_recovery_code (DaybookPassphraseDialog *self);

G_END_DECLS
