/* daybook-incident-editor.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "daybook-page.h"

G_BEGIN_DECLS

#define DAYBOOK_TYPE_INCIDENT_EDITOR (daybook_incident_editor_get_type ())

G_DECLARE_FINAL_TYPE (DaybookIncidentEditor, daybook_incident_editor, DAYBOOK, INCIDENT_EDITOR,
                      GtkWidget)

void daybook_incident_editor_new_now (DaybookIncidentEditor *self);
gboolean daybook_incident_editor_load (DaybookIncidentEditor *self, gint64 number, GError **error);
gboolean daybook_incident_editor_save (DaybookIncidentEditor *self, gboolean force, GError **error);
void daybook_incident_editor_save_in_background (DaybookIncidentEditor *self);
gboolean daybook_incident_editor_is_saving (DaybookIncidentEditor *self);
gboolean daybook_incident_editor_has_unsaved_changes (DaybookIncidentEditor *self);
void daybook_incident_editor_clear (DaybookIncidentEditor *self);
void daybook_incident_editor_focus_title (DaybookIncidentEditor *self);
gint64 daybook_incident_editor_get_number (DaybookIncidentEditor *self);

G_END_DECLS
