/* daybook-person-editor.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-person-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-autosave.h"
#include "daybook-page.h"
#include "daybook-ui-util.h"

#include "daybook-person-editor.h"

/* One person: every field of DaybookPerson, the lists one item a line,
 * and a way to see the entries that name them. Saved when left; Ctrl+S
 * saves in a worker thread, as the incident editor does (DaybookAutosave). */

struct _DaybookPersonEditor
{
  GtkWidget parent_instance;

  AdwWindowTitle *heading;
  GtkWidget *save_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkBox *fields_box;
  AdwEntryRow *name_row;
  AdwComboRow *role_row;
  AdwActionRow *incidents_row;

  GtkTextView *views[DAYBOOK_PERSON_N_FIELDS];

  DaybookDiary *diary;
  DaybookPerson *person;
  GCancellable *cancellable;
  DaybookAutosave *autosave;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (DaybookPersonEditor, daybook_person_editor, GTK_TYPE_WIDGET)

enum
{
  DONE,
  SHOW_INCIDENTS,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  DaybookPersonField field;
  const char *label;
} text_fields[] = {
  { DAYBOOK_PERSON_ALIASES, N_ ("Other names they use, one a line") },
  { DAYBOOK_PERSON_DESCRIPTION, N_ ("What they look like") },
  { DAYBOOK_PERSON_PHONES, N_ ("Phone numbers, one a line") },
  { DAYBOOK_PERSON_EMAILS, N_ ("E-mail addresses, one a line") },
  { DAYBOOK_PERSON_HANDLES, N_ ("Online accounts and handles, one a line") },
  { DAYBOOK_PERSON_VEHICLES, N_ ("Vehicles (make, colour, registration), one a line") },
  { DAYBOOK_PERSON_NOTES, N_ ("Notes") },
};

static void
mark_dirty (DaybookPersonEditor *self)
{
  if (!self->loading && self->person != NULL)
    daybook_autosave_mark_dirty (self->autosave);
}

static void
show_error (DaybookPersonEditor *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
count_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DaybookPersonEditor) self = user_data;
  g_autoptr (GListModel) model = NULL;
  g_autofree char *text = NULL;
  guint n;

  model = daybook_diary_query_finish (DAYBOOK_DIARY (source), result, NULL);
  if (model == NULL || (gpointer)source != (gpointer)self->diary)
    return;
  n = g_list_model_get_n_items (model);
  text = g_strdup_printf (ngettext ("%u entry", "%u entries", n), n);
  adw_action_row_set_subtitle (self->incidents_row, text);
}

static void
fill (DaybookPersonEditor *self)
{
  DaybookPerson *p = self->person;
  const char *name = p != NULL ? daybook_person_get_name (p) : "";

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  adw_combo_row_set_selected (self->role_row, p != NULL ? daybook_person_get_role (p) : 0);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    daybook_text_view_set_text (self->views[text_fields[i].field],
                                p != NULL ? daybook_person_get_field (p, text_fields[i].field)
                                          : NULL);
  adw_window_title_set_title (self->heading, *name != '\0' ? name : _ ("New Person"));
  adw_action_row_set_subtitle (self->incidents_row, "");
  gtk_widget_set_visible (GTK_WIDGET (self->incidents_row), p != NULL && *name != '\0');
  show_error (self, NULL);
  daybook_autosave_mark_clean (self->autosave);
  self->loading = FALSE;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->diary != NULL && p != NULL && *name != '\0')
    {
      g_autoptr (DaybookQuery) query = daybook_query_new ();

      self->cancellable = g_cancellable_new ();
      query->include_private = TRUE;
      daybook_query_set_person (query, name);
      daybook_diary_query_async (self->diary, query, self->cancellable, count_done_cb,
                                 g_object_ref (self));
    }
}

static void
close_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookPersonEditor *self = DAYBOOK_PERSON_EDITOR (widget);

  if (daybook_person_editor_save (self, NULL))
    g_signal_emit (self, signals[DONE], 0);
}

static void
show_incidents_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookPersonEditor *self = DAYBOOK_PERSON_EDITOR (widget);
  g_autofree char *person = NULL;

  if (self->person == NULL || !daybook_person_editor_save (self, NULL))
    return;
  person = g_strdup (daybook_person_get_name (self->person));
  g_signal_emit (self, signals[DONE], 0);
  g_signal_emit (self, signals[SHOW_INCIDENTS], 0, person);
}

static void
build_fields (DaybookPersonEditor *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, _ ("Details"));
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      GtkWidget *label = gtk_label_new (_ (text_fields[i].label));
      GtkWidget *view = gtk_text_view_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_top (label, i > 0 ? 12 : 0);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_input_hints (GTK_TEXT_VIEW (view), GTK_INPUT_HINT_PRIVATE);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
      gtk_widget_set_size_request (view, -1, 60);
      gtk_widget_add_css_class (view, "card");
      gtk_widget_add_css_class (view, "daybook-text");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      label, NULL, -1);
      adw_preferences_group_add (group, label);
      adw_preferences_group_add (group, view);
      self->views[text_fields[i].field] = GTK_TEXT_VIEW (view);
      g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                               G_CALLBACK (mark_dirty), self, G_CONNECT_SWAPPED);
    }
  gtk_box_append (self->fields_box, GTK_WIDGET (group));
}

/* Worker thread: the editor's copy is the worker's own. */
static gboolean
autosave_save (GObject *diary, GObject *person, GError **error)
{
  return daybook_diary_save_person (DAYBOOK_DIARY (diary), DAYBOOK_PERSON (person), error);
}

static void
autosave_saved (gpointer owner, GObject *stored, gboolean current)
{
  DaybookPersonEditor *self = owner;

  if (self->person == NULL)
    return;

  /* The stored copy carries the id, so the next save edits this person;
   * fields typed meanwhile are collected again then. */
  g_clear_object (&self->person);
  self->person = daybook_person_copy (DAYBOOK_PERSON (stored));
  if (current)
    show_error (self, NULL);
  adw_window_title_set_title (self->heading, daybook_person_get_name (self->person));
  g_signal_emit (self, signals[SAVED], 0);
}

static void
autosave_failed (gpointer owner, const GError *error)
{
  DaybookPersonEditor *self = owner;

  if (self->person != NULL)
    show_error (self, error->message);
}

static void
autosave_save_again (gpointer owner)
{
  daybook_person_editor_save_in_background (DAYBOOK_PERSON_EDITOR (owner));
}

static const DaybookAutosaveFuncs autosave_funcs = {
  autosave_save,
  autosave_saved,
  autosave_failed,
  autosave_save_again,
};

static void
daybook_person_editor_dispose (GObject *object)
{
  DaybookPersonEditor *self = DAYBOOK_PERSON_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->autosave != NULL)
    daybook_autosave_disown (self->autosave);
  g_clear_object (&self->autosave);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_PERSON_EDITOR);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->person);
  g_clear_object (&self->diary);

  G_OBJECT_CLASS (daybook_person_editor_parent_class)->dispose (object);
}

static void
daybook_person_editor_class_init (DaybookPersonEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_person_editor_dispose;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);
  signals[SHOW_INCIDENTS]
      = g_signal_new ("show-incidents", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * DaybookPersonEditor::saved:
   *
   * A save in the background is done.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-person-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookPersonEditor, heading);
  gtk_widget_class_bind_template_child (widget_class, DaybookPersonEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookPersonEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DaybookPersonEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookPersonEditor, fields_box);
  gtk_widget_class_bind_template_child (widget_class, DaybookPersonEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookPersonEditor, role_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookPersonEditor, incidents_row);

  gtk_widget_class_install_action (widget_class, "person.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "person.show-incidents", NULL,
                                   show_incidents_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "person.close", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
dirty_changed_cb (DaybookPersonEditor *self)
{
  daybook_save_button_set_unsaved (self->save_button, daybook_autosave_is_dirty (self->autosave));
}

static void
daybook_person_editor_init (DaybookPersonEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->autosave = daybook_autosave_new (&autosave_funcs, self);
  g_signal_connect_object (self->autosave, "notify::dirty", G_CALLBACK (dirty_changed_cb), self,
                           G_CONNECT_SWAPPED);

  build_fields (self);
  adw_entry_row_set_input_hints (self->name_row, GTK_INPUT_HINT_PRIVATE);
  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (mark_dirty), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->role_row, "notify::selected", G_CALLBACK (mark_dirty), self,
                           G_CONNECT_SWAPPED);
  fill (self);
}

void
daybook_person_editor_set_diary (DaybookPersonEditor *self, DaybookDiary *diary)
{
  g_return_if_fail (DAYBOOK_IS_PERSON_EDITOR (self));

  daybook_person_editor_clear (self);
  g_set_object (&self->diary, diary);
}

/**
 * daybook_person_editor_edit:
 * @person: (nullable): the person to edit, or %NULL for a new one
 */
void
daybook_person_editor_edit (DaybookPersonEditor *self, DaybookPerson *person)
{
  g_return_if_fail (DAYBOOK_IS_PERSON_EDITOR (self));

  daybook_autosave_forget (self->autosave);
  g_clear_object (&self->person);
  self->person = person != NULL ? daybook_person_copy (person) : daybook_person_new ("");
  fill (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* The fields into the editor's copy of the person. */
static gboolean
collect (DaybookPersonEditor *self, GError **error)
{
  daybook_person_set_field (self->person, DAYBOOK_PERSON_NAME,
                            gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  daybook_person_set_role (self->person,
                           MIN (adw_combo_row_get_selected (self->role_row), DAYBOOK_ROLE_OTHER));
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      DaybookPersonField field = text_fields[i].field;
      g_autofree char *text = daybook_text_view_dup_text (self->views[field]);

      daybook_person_set_field (self->person, field, text);
    }
  return daybook_person_validate (self->person, error);
}

/**
 * daybook_person_editor_save_in_background:
 *
 * Saves the person, if changed, in a worker thread (Ctrl+S); ::saved
 * follows. Errors are shown in the editor.
 */
void
daybook_person_editor_save_in_background (DaybookPersonEditor *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (DAYBOOK_IS_PERSON_EDITOR (self));

  if (self->person == NULL || !daybook_autosave_is_dirty (self->autosave) || self->diary == NULL)
    return;
  if (daybook_autosave_save_again_later (self->autosave))
    return;
  if (!collect (self, &error))
    {
      show_error (self, error->message);
      return;
    }

  daybook_autosave_start (self->autosave, G_OBJECT (self->diary),
                          G_OBJECT (daybook_person_copy (self->person)));
}

/**
 * daybook_person_editor_get_autosave:
 *
 * Returns: (transfer none): the editor's saves in the background
 */
DaybookAutosave *
daybook_person_editor_get_autosave (DaybookPersonEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_PERSON_EDITOR (self), NULL);

  return self->autosave;
}

gboolean
daybook_person_editor_is_saving (DaybookPersonEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_PERSON_EDITOR (self), FALSE);

  return daybook_autosave_is_saving (self->autosave);
}

/**
 * daybook_person_editor_save:
 *
 * Saves at once (leaving, locking, quitting), after a save under way.
 */
gboolean
daybook_person_editor_save (DaybookPersonEditor *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (DAYBOOK_IS_PERSON_EDITOR (self), FALSE);

  daybook_autosave_wait (self->autosave);
  if (self->person == NULL || !daybook_autosave_is_dirty (self->autosave) || self->diary == NULL)
    return TRUE;

  if (!collect (self, &local_error)
      || !daybook_diary_save_person (self->diary, self->person, &local_error))
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  daybook_autosave_mark_clean (self->autosave);
  show_error (self, NULL);
  adw_window_title_set_title (self->heading, daybook_person_get_name (self->person));
  return TRUE;
}

gboolean
daybook_person_editor_has_unsaved_changes (DaybookPersonEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_PERSON_EDITOR (self), FALSE);

  return self->person != NULL && daybook_autosave_is_dirty (self->autosave);
}

void
daybook_person_editor_clear (DaybookPersonEditor *self)
{
  g_return_if_fail (DAYBOOK_IS_PERSON_EDITOR (self));

  /* A save under way still completes; the editor no longer follows it. */
  daybook_autosave_forget (self->autosave);
  g_clear_object (&self->person);
  fill (self);
}
