/* daybook-incident-editor-fields.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-incident-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-error.h"
#include "daybook-incident-editor-private.h"
#include "daybook-involvement-row.h"
#include "daybook-ui-format.h"
#include "daybook-ui-util.h"

/* Moving an incident into the editor's widgets and back. */

static void
set_row_text (AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
clear_people (DaybookIncidentEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->people_list))) != NULL)
    gtk_list_box_remove (self->people_list, child);
}

void
_daybook_incident_editor_fill_heading (DaybookIncidentEditor *self)
{
  g_autofree char *recorded = NULL;
  g_autofree char *heading = NULL;

  daybook_attachment_strip_set_entry (
      self->attachment_strip, self->diary,
      self->incident != NULL ? daybook_incident_get_number (self->incident) : -1);
  if (self->incident == NULL)
    {
      adw_window_title_set_title (self->heading, "");
      adw_window_title_set_subtitle (self->heading, "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->recorded_row), "");
      return;
    }

  heading = daybook_format_entry_heading (daybook_incident_get_number (self->incident));
  recorded = daybook_format_recorded_at (daybook_incident_get_recorded_at (self->incident));
  adw_window_title_set_title (self->heading, heading);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->recorded_row), recorded);
  if (daybook_incident_get_revision (self->incident) > 1)
    {
      g_autofree char *subtitle
          = g_strdup_printf (ngettext ("Edited once", "Edited %u times",
                                       daybook_incident_get_revision (self->incident) - 1),
                             daybook_incident_get_revision (self->incident) - 1);
      adw_window_title_set_subtitle (self->heading, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->heading, "");
}

/**
 * _daybook_incident_editor_fill:
 *
 * Shows self->incident, or empties every field when it is %NULL.
 */
void
_daybook_incident_editor_fill (DaybookIncidentEditor *self)
{
  DaybookIncident *inc = self->incident;
  DaybookBehaviour types = inc != NULL ? daybook_incident_get_types (inc) : 0;
  DaybookPrecision precision = inc != NULL ? daybook_incident_get_precision (inc) : 0;
  const DaybookWhen *end = inc != NULL ? daybook_incident_get_end (inc) : NULL;

  self->loading = TRUE;

  set_row_text (self->title_row, inc != NULL ? daybook_incident_get_title (inc) : NULL);
  set_row_text (self->location_row, inc != NULL ? daybook_incident_get_location (inc) : NULL);
  daybook_text_view_set_text (self->narrative_view,
                              inc != NULL ? daybook_incident_get_narrative (inc) : NULL);

  daybook_date_time_row_set_when (self->start_row,
                                  inc != NULL ? daybook_incident_get_start (inc) : NULL);
  adw_combo_row_set_selected (self->precision_row, precision);
  daybook_date_time_row_set_date_only (self->start_row, precision == DAYBOOK_PRECISION_DAY);
  daybook_date_time_row_set_date_only (self->end_row, precision == DAYBOOK_PRECISION_DAY);
  adw_expander_row_set_enable_expansion (self->end_expander, end != NULL);
  adw_expander_row_set_expanded (self->end_expander, end != NULL);
  daybook_date_time_row_set_when (self->end_row, end);

  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    gtk_check_button_set_active (self->type_checks[i], (types & daybook_behaviour_nth (i)) != 0);

  clear_people (self);
  for (guint i = 0; inc != NULL && i < daybook_incident_get_n_people (inc); i++)
    {
      const DaybookInvolvement *inv = daybook_incident_get_person (inc, i);
      _daybook_incident_editor_add_person (self, inv->name, inv->role);
    }

  gtk_switch_set_active (self->fear_switch,
                         inc != NULL && daybook_incident_get_fear_of_violence (inc));
  gtk_switch_set_active (self->distress_switch,
                         inc != NULL && daybook_incident_get_alarm_distress (inc));
  daybook_text_view_set_text (self->impact_view,
                              inc != NULL ? daybook_incident_get_impact (inc) : NULL);

  adw_expander_row_set_enable_expansion (self->police_expander,
                                         inc != NULL && daybook_incident_get_police_reported (inc));
  set_row_text (self->police_ref_row, inc != NULL ? daybook_incident_get_police_ref (inc) : NULL);
  set_row_text (self->police_officer_row,
                inc != NULL ? daybook_incident_get_police_officer (inc) : NULL);
  set_row_text (self->police_date_row, inc != NULL ? daybook_incident_get_police_date (inc) : NULL);

  gtk_switch_set_active (self->private_switch, inc != NULL && daybook_incident_get_private (inc));
  daybook_text_view_set_text (self->notes_view,
                              inc != NULL ? daybook_incident_get_private_notes (inc) : NULL);

  _daybook_incident_editor_fill_orders (self);
  _daybook_incident_editor_fill_heading (self);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  daybook_autosave_mark_clean (self->autosave);
  self->loading = FALSE;
}

/* What the user typed into a date that cannot be read is kept in the
 * private notes rather than dropped, when saving cannot wait (locking). */
static void
keep_unreadable (DaybookIncident *incident, const char *what, const char *typed)
{
  g_autofree char *notes = NULL;

  notes
      = g_strdup_printf ("%s%s%s: %s", daybook_incident_get_private_notes (incident),
                         *daybook_incident_get_private_notes (incident) ? "\n\n" : "", what, typed);
  daybook_incident_set_private_notes (incident, notes);
}

static gboolean
collect_times (DaybookIncidentEditor *self, DaybookIncident *inc, gboolean force, GError **error)
{
  DaybookPrecision precision = adw_combo_row_get_selected (self->precision_row);
  gboolean date_only = precision == DAYBOOK_PRECISION_DAY;
  g_autoptr (GTimeZone) zone = daybook_when_dup_time_zone (daybook_incident_get_start (inc));
  g_autoptr (GError) local_error = NULL;
  DaybookWhen start = {
    0,
  };
  DaybookWhen end = {
    0,
  };

  if (precision > DAYBOOK_PRECISION_DAY)
    precision = DAYBOOK_PRECISION_EXACT;
  daybook_incident_set_precision (inc, precision);

  if (daybook_date_time_row_get_when (self->start_row, date_only, zone, &start, &local_error))
    daybook_incident_set_start (inc, &start);
  else if (force)
    {
      g_autofree char *typed = daybook_date_time_row_dup_text (self->start_row);
      keep_unreadable (inc, _ ("Date typed before locking"), typed);
      g_clear_error (&local_error);
    }
  else
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  daybook_when_clear (&start);

  if (!adw_expander_row_get_enable_expansion (self->end_expander))
    daybook_incident_set_end (inc, NULL);
  else if (daybook_date_time_row_get_when (self->end_row, date_only, zone, &end, &local_error))
    daybook_incident_set_end (inc, &end);
  else if (force)
    {
      g_autofree char *typed = daybook_date_time_row_dup_text (self->end_row);
      keep_unreadable (inc, _ ("End typed before locking"), typed);
      daybook_incident_set_end (inc, NULL);
    }
  else
    {
      /* TRANSLATORS: put before an error about the end time of an entry */
      g_prefix_error (&local_error, "%s ", _ ("End:"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  daybook_when_clear (&end);

  return TRUE;
}

/**
 * _daybook_incident_editor_collect:
 * @force: save what can be saved even if a date cannot be read
 *
 * Copies the widgets into self->incident.
 */
gboolean
_daybook_incident_editor_collect (DaybookIncidentEditor *self, gboolean force, GError **error)
{
  DaybookIncident *inc = self->incident;
  DaybookBehaviour types = 0;
  g_autofree char *narrative = daybook_text_view_dup_text (self->narrative_view);
  g_autofree char *impact = daybook_text_view_dup_text (self->impact_view);
  g_autofree char *notes = daybook_text_view_dup_text (self->notes_view);

  g_return_val_if_fail (inc != NULL, FALSE);

  daybook_incident_set_title (inc, row_text (self->title_row));
  daybook_incident_set_location (inc, row_text (self->location_row));
  daybook_incident_set_narrative (inc, narrative);
  daybook_incident_set_private_notes (inc, notes);

  if (!collect_times (self, inc, force, error))
    return FALSE;

  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    if (gtk_check_button_get_active (self->type_checks[i]))
      types |= daybook_behaviour_nth (i);
  daybook_incident_set_types (inc, types);

  daybook_incident_clear_people (inc);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->people_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      DaybookInvolvementRow *row;
      g_autofree char *name = NULL;

      if (!DAYBOOK_IS_INVOLVEMENT_ROW (child))
        continue;
      row = DAYBOOK_INVOLVEMENT_ROW (child);
      name = g_strstrip (g_strdup (daybook_involvement_row_get_name (row)));
      if (*name != '\0')
        daybook_incident_add_person (inc, name, daybook_involvement_row_get_role (row));
    }

  daybook_incident_set_fear_of_violence (inc, gtk_switch_get_active (self->fear_switch));
  daybook_incident_set_alarm_distress (inc, gtk_switch_get_active (self->distress_switch));
  daybook_incident_set_impact (inc, impact);

  daybook_incident_set_police_reported (
      inc, adw_expander_row_get_enable_expansion (self->police_expander));
  daybook_incident_set_police_ref (inc, row_text (self->police_ref_row));
  daybook_incident_set_police_officer (inc, row_text (self->police_officer_row));
  daybook_incident_set_police_date (inc, row_text (self->police_date_row));

  daybook_incident_set_private (inc, gtk_switch_get_active (self->private_switch));
  _daybook_incident_editor_collect_breaches (self);

  if (!daybook_incident_validate (inc, error))
    {
      if (!force)
        return FALSE;
      /* The only check that can fail here is an end before the start. */
      g_autofree char *typed = daybook_date_time_row_dup_text (self->end_row);
      keep_unreadable (inc, _ ("End typed before locking"), typed);
      daybook_incident_set_end (inc, NULL);
      g_clear_error (error);
    }

  return TRUE;
}
