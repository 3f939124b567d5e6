/* daybook-contact-editor.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-diary.h"
#include "daybook-registers.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_CONTACT_EDITOR (daybook_contact_editor_get_type ())

G_DECLARE_FINAL_TYPE (DaybookContactEditor, daybook_contact_editor, DAYBOOK, CONTACT_EDITOR,
                      GtkWidget)

void daybook_contact_editor_set_diary (DaybookContactEditor *self, DaybookDiary *diary);
void daybook_contact_editor_edit (DaybookContactEditor *self, DaybookPoliceContact *contact);
gboolean daybook_contact_editor_save (DaybookContactEditor *self, gboolean force, GError **error);
gboolean daybook_contact_editor_has_unsaved_changes (DaybookContactEditor *self);
gint64 daybook_contact_editor_get_id (DaybookContactEditor *self);
void daybook_contact_editor_clear (DaybookContactEditor *self);

G_END_DECLS
