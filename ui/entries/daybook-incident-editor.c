/* daybook-incident-editor.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-incident-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-page.h"
#include "daybook-ui-util.h"

#include "daybook-history-window.h"
#include "daybook-incident-editor-private.h"
#include "daybook-involvement-row.h"
#include "daybook-ui-format.h"

/*
 * The incident editor works on its own copy of an entry. Every change
 * marks it dirty; leaving, Ctrl+S, locking and quitting save it, so
 * nothing typed is lost. An untouched new entry is not saved.
 *
 * Ctrl+S saves in a worker thread (a large diary's indexes and hash chain
 * take a moment) while typing goes on; what was typed meanwhile stays
 * unsaved. Leaving, locking and quitting save at once, after waiting for
 * a save already under way: the same new entry saved twice at once would
 * become two entries. DaybookAutosave keeps that bookkeeping.
 */

static void daybook_incident_editor_page_iface_init (DaybookPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookIncidentEditor, daybook_incident_editor, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (DAYBOOK_TYPE_PAGE,
                                                      daybook_incident_editor_page_iface_init))

enum
{
  DONE,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_daybook_incident_editor_mark_dirty (DaybookIncidentEditor *self)
{
  if (self->loading || self->incident == NULL)
    return;
  daybook_autosave_mark_dirty (self->autosave);
}

static void
show_error (DaybookIncidentEditor *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
precision_changed_cb (DaybookIncidentEditor *self)
{
  gboolean date_only = adw_combo_row_get_selected (self->precision_row) == DAYBOOK_PRECISION_DAY;

  daybook_date_time_row_set_date_only (self->start_row, date_only);
  daybook_date_time_row_set_date_only (self->end_row, date_only);
  _daybook_incident_editor_mark_dirty (self);
}

static void
involvement_remove_cb (DaybookIncidentEditor *self, GtkWidget *row)
{
  gtk_list_box_remove (self->people_list, row);
  _daybook_incident_editor_mark_dirty (self);
}

void
_daybook_incident_editor_add_person (DaybookIncidentEditor *self, const char *name,
                                     DaybookRole role)
{
  GtkWidget *row = daybook_involvement_row_new (name, role, GTK_TREE_MODEL (self->names));

  g_signal_connect_object (row, "changed", G_CALLBACK (_daybook_incident_editor_mark_dirty), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (involvement_remove_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_append (self->people_list, row);
}

static void
load_names (DaybookIncidentEditor *self)
{
  g_autoptr (GListModel) people = NULL;

  gtk_list_store_clear (self->names);
  if (self->diary == NULL)
    return;
  people = daybook_diary_list_people (self->diary, NULL);
  for (guint i = 0; people != NULL && i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr (DaybookPerson) person = g_list_model_get_item (people, i);
      gtk_list_store_insert_with_values (self->names, NULL, -1, 0, daybook_person_get_name (person),
                                         -1);
    }
}

static void
close_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookIncidentEditor *self = DAYBOOK_INCIDENT_EDITOR (widget);
  g_autoptr (GError) error = NULL;

  if (!daybook_incident_editor_save (self, FALSE, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[DONE], 0);
}

static void
add_person_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookIncidentEditor *self = DAYBOOK_INCIDENT_EDITOR (widget);
  GtkWidget *last;

  if (self->incident == NULL)
    return;
  _daybook_incident_editor_add_person (self, "", DAYBOOK_ROLE_SUSPECT);
  _daybook_incident_editor_mark_dirty (self);
  last = gtk_widget_get_last_child (GTK_WIDGET (self->people_list));
  daybook_involvement_row_focus (DAYBOOK_INVOLVEMENT_ROW (last));
}

static void
history_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookIncidentEditor *self = DAYBOOK_INCIDENT_EDITOR (widget);
  g_autoptr (GListModel) history = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *window;

  if (self->incident == NULL || daybook_incident_get_number (self->incident) <= 0)
    {
      show_error (self, _ ("This entry has no history yet: it has not been saved."));
      return;
    }
  history = daybook_diary_list_history (self->diary, "incident",
                                        daybook_incident_get_number (self->incident), &error);
  if (history == NULL)
    {
      show_error (self, error->message);
      return;
    }
  window = daybook_history_window_new (history);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
}

static void
delete_response_cb (DaybookIncidentEditor *self, const char *response)
{
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->incident == NULL || self->diary == NULL)
    return;
  if (!daybook_diary_delete_incident (self->diary, daybook_incident_get_number (self->incident),
                                      &error))
    {
      show_error (self, error->message);
      return;
    }
  g_clear_object (&self->incident);
  _daybook_incident_editor_fill (self);
  g_signal_emit (self, signals[SAVED], 0, (gint64)0);
  g_signal_emit (self, signals[DONE], 0);
}

static void
delete_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookIncidentEditor *self = DAYBOOK_INCIDENT_EDITOR (widget);
  AdwMessageDialog *dialog;

  if (self->incident == NULL)
    return;
  if (daybook_incident_get_number (self->incident) <= 0)
    {
      /* Never saved: there is nothing to delete but the fields. */
      g_clear_object (&self->incident);
      _daybook_incident_editor_fill (self);
      g_signal_emit (self, signals[DONE], 0);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (gtk_widget_get_root (widget)), _ ("Delete This Entry?"),
      _ ("It disappears from the timeline and from reports. The diary’s history keeps a record "
         "that it was deleted, and when.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "delete", _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Evidence links to an entry number: a new entry is saved first, even
 * untouched. Errors show in the editor. */
static gint64
strip_save_entry_cb (DaybookIncidentEditor *self)
{
  if (self->incident == NULL || self->diary == NULL)
    return 0;
  if (daybook_incident_get_number (self->incident) <= 0)
    daybook_autosave_mark_dirty (self->autosave);
  if (!daybook_incident_editor_save (self, FALSE, NULL))
    return 0;
  return daybook_incident_get_number (self->incident);
}

static void
connect_dirty (DaybookIncidentEditor *self, gpointer instance, const char *signal)
{
  g_signal_connect_object (instance, signal, G_CALLBACK (_daybook_incident_editor_mark_dirty), self,
                           G_CONNECT_SWAPPED);
}

static void
build_type_rows (DaybookIncidentEditor *self)
{
  for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
    {
      DaybookBehaviour b = daybook_behaviour_nth (i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), daybook_behaviour_get_label (b));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), daybook_behaviour_get_explanation (b));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      row, NULL, -1);
      adw_preferences_group_add (self->types_group, row);
      self->type_checks[i] = GTK_CHECK_BUTTON (check);
      connect_dirty (self, check, "toggled");
    }
}

/* Worker thread: the editor's copy is the worker's own. */
static gboolean
autosave_save (GObject *diary, GObject *incident, GError **error)
{
  return daybook_diary_save_incident (DAYBOOK_DIARY (diary), DAYBOOK_INCIDENT (incident), error);
}

static void
autosave_saved (gpointer owner, GObject *stored, gboolean current)
{
  DaybookIncidentEditor *self = owner;
  gint64 number = daybook_incident_get_number (DAYBOOK_INCIDENT (stored));

  /* Ctrl+S pressed for another entry while this one was saving. */
  if (self->incident == NULL)
    return;

  /* The stored copy carries the number and revision, so the next save
   * edits this entry; fields typed meanwhile are collected again then. */
  g_clear_object (&self->incident);
  self->incident = daybook_incident_copy (DAYBOOK_INCIDENT (stored));
  if (current)
    show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, number);
  _daybook_incident_editor_fill_heading (self);
}

static void
autosave_failed (gpointer owner, const GError *error)
{
  DaybookIncidentEditor *self = owner;

  if (self->incident != NULL)
    show_error (self, error->message);
}

static void
autosave_save_again (gpointer owner)
{
  daybook_incident_editor_save_in_background (DAYBOOK_INCIDENT_EDITOR (owner));
}

static const DaybookAutosaveFuncs autosave_funcs = {
  autosave_save,
  autosave_saved,
  autosave_failed,
  autosave_save_again,
};

static void
daybook_incident_editor_set_diary (DaybookPage *page, DaybookDiary *diary)
{
  DaybookIncidentEditor *self = DAYBOOK_INCIDENT_EDITOR (page);

  daybook_incident_editor_clear (self);
  g_set_object (&self->diary, diary);
  load_names (self);
}

static gboolean
daybook_incident_editor_page_has_unsaved_changes (DaybookPage *page)
{
  return daybook_incident_editor_has_unsaved_changes (DAYBOOK_INCIDENT_EDITOR (page));
}

static gboolean
daybook_incident_editor_page_save (DaybookPage *page, gboolean force, GError **error)
{
  return daybook_incident_editor_save (DAYBOOK_INCIDENT_EDITOR (page), force, error);
}

static void
daybook_incident_editor_page_save_in_background (DaybookPage *page)
{
  daybook_incident_editor_save_in_background (DAYBOOK_INCIDENT_EDITOR (page));
}

static void
daybook_incident_editor_page_discard (DaybookPage *page)
{
  daybook_incident_editor_clear (DAYBOOK_INCIDENT_EDITOR (page));
}

static DaybookAutosave *
daybook_incident_editor_get_autosave (DaybookPage *page)
{
  return DAYBOOK_INCIDENT_EDITOR (page)->autosave;
}

static void
daybook_incident_editor_page_iface_init (DaybookPageInterface *iface)
{
  iface->set_diary = daybook_incident_editor_set_diary;
  iface->has_unsaved_changes = daybook_incident_editor_page_has_unsaved_changes;
  iface->save = daybook_incident_editor_page_save;
  iface->save_in_background = daybook_incident_editor_page_save_in_background;
  iface->discard = daybook_incident_editor_page_discard;
  iface->get_autosave = daybook_incident_editor_get_autosave;
}

static void
daybook_incident_editor_dispose (GObject *object)
{
  DaybookIncidentEditor *self = DAYBOOK_INCIDENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_INCIDENT_EDITOR);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  if (self->autosave != NULL)
    daybook_autosave_disown (self->autosave);
  g_clear_object (&self->autosave);
  g_clear_object (&self->incident);
  g_clear_object (&self->diary);
  g_clear_object (&self->names);
  _daybook_incident_editor_dispose_orders (self);

  G_OBJECT_CLASS (daybook_incident_editor_parent_class)->dispose (object);
}

static void
daybook_incident_editor_class_init (DaybookIncidentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_incident_editor_dispose;
  daybook_page_class_install_properties (object_class);

  /**
   * DaybookIncidentEditor::done:
   *
   * The user left the editor, and the entry was saved.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);
  /**
   * DaybookIncidentEditor::saved:
   * @number: the entry saved, or 0 when one was deleted
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (DAYBOOK_TYPE_DATE_TIME_ROW);
  g_type_ensure (DAYBOOK_TYPE_ATTACHMENT_STRIP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-incident-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, DaybookIncidentEditor, name)
  BIND (heading);
  BIND (save_button);
  BIND (error_revealer);
  BIND (error_label);
  BIND (scroller);
  BIND (title_row);
  BIND (location_row);
  BIND (narrative_view);
  BIND (start_row);
  BIND (precision_row);
  BIND (end_expander);
  BIND (end_row);
  BIND (recorded_row);
  BIND (types_group);
  BIND (people_list);
  BIND (fear_switch);
  BIND (distress_switch);
  BIND (impact_view);
  BIND (police_expander);
  BIND (police_ref_row);
  BIND (police_officer_row);
  BIND (police_date_row);
  BIND (breaches_expander);
  BIND (contacts_expander);
  BIND (private_switch);
  BIND (notes_view);
  BIND (attachment_strip);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, strip_save_entry_cb);

  gtk_widget_class_install_action (widget_class, "editor.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "editor.add-person", NULL, add_person_action);
  gtk_widget_class_install_action (widget_class, "editor.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.close", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
dirty_changed_cb (DaybookIncidentEditor *self)
{
  daybook_save_button_set_unsaved (self->save_button, daybook_autosave_is_dirty (self->autosave));
}

static void
daybook_incident_editor_init (DaybookIncidentEditor *self)
{
  AdwEntryRow *rows[5];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->autosave = daybook_autosave_new (&autosave_funcs, self);
  g_signal_connect_object (self->autosave, "notify::dirty", G_CALLBACK (dirty_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* Template children exist only from here on. */
  rows[0] = self->title_row;
  rows[1] = self->location_row;
  rows[2] = self->police_ref_row;
  rows[3] = self->police_officer_row;
  rows[4] = self->police_date_row;

  self->names = gtk_list_store_new (1, G_TYPE_STRING);
  _daybook_incident_editor_init_orders (self);
  build_type_rows (self);
  daybook_attachment_strip_accept_drops_on (self->attachment_strip, GTK_WIDGET (self));

  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      adw_entry_row_set_input_hints (rows[i], GTK_INPUT_HINT_PRIVATE | GTK_INPUT_HINT_SPELLCHECK);
      connect_dirty (self, rows[i], "changed");
    }
  connect_dirty (self, gtk_text_view_get_buffer (self->narrative_view), "changed");
  connect_dirty (self, gtk_text_view_get_buffer (self->impact_view), "changed");
  connect_dirty (self, gtk_text_view_get_buffer (self->notes_view), "changed");
  connect_dirty (self, self->start_row, "changed");
  connect_dirty (self, self->end_row, "changed");
  connect_dirty (self, self->end_expander, "notify::enable-expansion");
  connect_dirty (self, self->police_expander, "notify::enable-expansion");
  connect_dirty (self, self->fear_switch, "notify::active");
  connect_dirty (self, self->distress_switch, "notify::active");
  connect_dirty (self, self->private_switch, "notify::active");
  g_signal_connect_object (self->precision_row, "notify::selected",
                           G_CALLBACK (precision_changed_cb), self, G_CONNECT_SWAPPED);
  self->loading = FALSE;

  _daybook_incident_editor_fill (self);
}

/**
 * daybook_incident_editor_new_now:
 *
 * Starts a new entry that happened now, in the local time zone.
 */
void
daybook_incident_editor_new_now (DaybookIncidentEditor *self)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  DaybookWhen now = {
    0,
  };

  g_return_if_fail (DAYBOOK_IS_INCIDENT_EDITOR (self));

  g_clear_object (&self->incident);
  self->incident = daybook_incident_new ();
  daybook_when_set_now (&now, local);
  daybook_incident_set_start (self->incident, &now);
  daybook_when_clear (&now);
  load_names (self);
  _daybook_incident_editor_fill (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

gboolean
daybook_incident_editor_load (DaybookIncidentEditor *self, gint64 number, GError **error)
{
  g_autoptr (DaybookIncident) stored = NULL;

  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_EDITOR (self), FALSE);
  g_return_val_if_fail (self->diary != NULL, FALSE);

  stored = daybook_diary_get_incident (self->diary, number, error);
  if (stored == NULL)
    return FALSE;

  g_clear_object (&self->incident);
  self->incident = daybook_incident_copy (stored);
  load_names (self);
  _daybook_incident_editor_fill (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  return TRUE;
}

/**
 * daybook_incident_editor_save_in_background:
 *
 * Saves the entry, if it has unsaved changes, in a worker thread (Ctrl+S);
 * ::saved follows. Errors are shown in the editor.
 */
void
daybook_incident_editor_save_in_background (DaybookIncidentEditor *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (DAYBOOK_IS_INCIDENT_EDITOR (self));

  if (self->incident == NULL || !daybook_autosave_is_dirty (self->autosave) || self->diary == NULL)
    return;
  if (daybook_autosave_save_again_later (self->autosave))
    return;
  if (!_daybook_incident_editor_collect (self, FALSE, &error))
    {
      show_error (self, error->message);
      return;
    }

  daybook_autosave_start (self->autosave, G_OBJECT (self->diary),
                          G_OBJECT (daybook_incident_copy (self->incident)));
}

gboolean
daybook_incident_editor_is_saving (DaybookIncidentEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_EDITOR (self), FALSE);

  return daybook_autosave_is_saving (self->autosave);
}

/**
 * daybook_incident_editor_save:
 * @force: save even when a date cannot be read, keeping what was typed
 *   for it in the private notes (for locking, which cannot wait)
 *
 * Saves the entry if it has unsaved changes. Errors are also shown in
 * the editor.
 */
gboolean
daybook_incident_editor_save (DaybookIncidentEditor *self, gboolean force, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_EDITOR (self), FALSE);

  daybook_autosave_wait (self->autosave);
  if (self->incident == NULL || !daybook_autosave_is_dirty (self->autosave) || self->diary == NULL)
    return TRUE;

  if (!_daybook_incident_editor_collect (self, force, &local_error)
      || !daybook_diary_save_incident (self->diary, self->incident, &local_error))
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  daybook_autosave_mark_clean (self->autosave);
  show_error (self, NULL);
  self->loading = TRUE;
  /* Show the number, recorded-at time and any note kept on a forced save. */
  daybook_text_view_set_text (self->notes_view,
                              daybook_incident_get_private_notes (self->incident));
  self->loading = FALSE;
  {
    gint64 number = daybook_incident_get_number (self->incident);
    g_autoptr (DaybookIncident) stored = daybook_diary_get_incident (self->diary, number, NULL);

    if (stored != NULL)
      {
        g_clear_object (&self->incident);
        self->incident = daybook_incident_copy (stored);
      }
    g_signal_emit (self, signals[SAVED], 0, number);
  }
  _daybook_incident_editor_fill_heading (self);
  return TRUE;
}

gboolean
daybook_incident_editor_has_unsaved_changes (DaybookIncidentEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_EDITOR (self), FALSE);

  return self->incident != NULL && daybook_autosave_is_dirty (self->autosave);
}

/**
 * daybook_incident_editor_clear:
 *
 * Drops the entry and empties every field, unsaved changes included.
 */
void
daybook_incident_editor_clear (DaybookIncidentEditor *self)
{
  g_return_if_fail (DAYBOOK_IS_INCIDENT_EDITOR (self));

  /* A save under way still completes; the editor no longer follows it. */
  daybook_autosave_forget (self->autosave);
  g_clear_object (&self->incident);
  _daybook_incident_editor_fill (self);
  gtk_list_store_clear (self->names);
}

void
daybook_incident_editor_focus_title (DaybookIncidentEditor *self)
{
  g_return_if_fail (DAYBOOK_IS_INCIDENT_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

/**
 * daybook_incident_editor_get_number:
 *
 * Returns: the number of the entry being edited, 0 for a new one, -1 for none
 */
gint64
daybook_incident_editor_get_number (DaybookIncidentEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_INCIDENT_EDITOR (self), -1);

  return self->incident != NULL ? daybook_incident_get_number (self->incident) : -1;
}
