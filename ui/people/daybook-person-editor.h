/* daybook-person-editor.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-autosave.h"
#include "daybook-diary.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_PERSON_EDITOR (daybook_person_editor_get_type ())

G_DECLARE_FINAL_TYPE (DaybookPersonEditor, daybook_person_editor, DAYBOOK, PERSON_EDITOR, GtkWidget)

void daybook_person_editor_set_diary (DaybookPersonEditor *self, DaybookDiary *diary);
void daybook_person_editor_edit (DaybookPersonEditor *self, DaybookPerson *person);
gboolean daybook_person_editor_save (DaybookPersonEditor *self, GError **error);
void daybook_person_editor_save_in_background (DaybookPersonEditor *self);
gboolean daybook_person_editor_is_saving (DaybookPersonEditor *self);
DaybookAutosave *daybook_person_editor_get_autosave (DaybookPersonEditor *self);
gboolean daybook_person_editor_has_unsaved_changes (DaybookPersonEditor *self);
void daybook_person_editor_clear (DaybookPersonEditor *self);

G_END_DECLS
