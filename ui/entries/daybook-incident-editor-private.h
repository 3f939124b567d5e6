/* daybook-incident-editor-private.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "daybook-attachment-strip.h"
#include "daybook-autosave.h"
#include "daybook-date-time-row.h"
#include "daybook-incident-editor.h"

G_BEGIN_DECLS

struct _DaybookIncidentEditor
{
  GtkWidget parent_instance;

  AdwWindowTitle *heading;
  GtkWidget *save_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkScrolledWindow *scroller;
  AdwEntryRow *title_row;
  AdwEntryRow *location_row;
  GtkTextView *narrative_view;
  DaybookDateTimeRow *start_row;
  AdwComboRow *precision_row;
  AdwExpanderRow *end_expander;
  DaybookDateTimeRow *end_row;
  AdwActionRow *recorded_row;
  AdwPreferencesGroup *types_group;
  GtkListBox *people_list;
  GtkSwitch *fear_switch;
  GtkSwitch *distress_switch;
  GtkTextView *impact_view;
  AdwExpanderRow *police_expander;
  AdwEntryRow *police_ref_row;
  AdwEntryRow *police_officer_row;
  AdwEntryRow *police_date_row;
  AdwExpanderRow *breaches_expander;
  AdwExpanderRow *contacts_expander;
  GtkSwitch *private_switch;
  GtkTextView *notes_view;
  DaybookAttachmentStrip *attachment_strip;

  GtkCheckButton *type_checks[DAYBOOK_N_BEHAVIOURS];
  GtkListStore *names;
  GPtrArray *breach_rows;  /* rows in breaches_expander, each with its order and term */
  GPtrArray *contact_rows; /* rows in contacts_expander, each with its contact */

  DaybookDiary *diary;
  DaybookIncident *incident; /* the editor's own copy, or NULL */
  DaybookAutosave *autosave;
  gboolean loading;
};

void _daybook_incident_editor_fill (DaybookIncidentEditor *self);
void _daybook_incident_editor_fill_heading (DaybookIncidentEditor *self);
gboolean _daybook_incident_editor_collect (DaybookIncidentEditor *self, gboolean force,
                                           GError **error);
void _daybook_incident_editor_add_person (DaybookIncidentEditor *self, const char *name,
                                          DaybookRole role);
void _daybook_incident_editor_mark_dirty (DaybookIncidentEditor *self);
void _daybook_incident_editor_fill_orders (DaybookIncidentEditor *self);
void _daybook_incident_editor_collect_breaches (DaybookIncidentEditor *self);
void _daybook_incident_editor_init_orders (DaybookIncidentEditor *self);
void _daybook_incident_editor_dispose_orders (DaybookIncidentEditor *self);

G_END_DECLS
