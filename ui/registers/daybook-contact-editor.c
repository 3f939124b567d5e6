/* daybook-contact-editor.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-contact-editor"

#include "config.h"

#include <inttypes.h>

#include <stdlib.h>
#include <glib/gi18n.h>

#include "daybook-date-time-row.h"
#include "daybook-error.h"
#include "daybook-ui-util.h"

#include "daybook-contact-editor.h"

/*
 * One police contact: when, how, the force, the officer and their collar
 * number, the reference, what was reported (and which entries), what the
 * police said they would do, and the outcome. Like the order editor it
 * works on its own copy and saves at once when left.
 */

struct _DaybookContactEditor
{
  GtkWidget parent_instance;

  AdwWindowTitle *heading;
  GtkWidget *delete_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  DaybookDateTimeRow *when_row;
  AdwComboRow *how_row;
  AdwEntryRow *force_row;
  AdwEntryRow *officer_row;
  AdwEntryRow *collar_row;
  AdwEntryRow *reference_row;
  GtkTextView *reported_view;
  AdwEntryRow *entries_row;
  GtkTextView *said_view;
  AdwComboRow *outcome_row;
  AdwEntryRow *outcome_text_row;

  DaybookDiary *diary;
  DaybookPoliceContact *contact; /* the editor's own copy, or NULL */
  gboolean dirty;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (DaybookContactEditor, daybook_contact_editor, GTK_TYPE_WIDGET)

enum
{
  DONE,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  DaybookContactField field;
  gsize offset;
} text_rows[] = {
  { DAYBOOK_CONTACT_FORCE, G_STRUCT_OFFSET (DaybookContactEditor, force_row) },
  { DAYBOOK_CONTACT_OFFICER, G_STRUCT_OFFSET (DaybookContactEditor, officer_row) },
  { DAYBOOK_CONTACT_COLLAR, G_STRUCT_OFFSET (DaybookContactEditor, collar_row) },
  { DAYBOOK_CONTACT_REFERENCE, G_STRUCT_OFFSET (DaybookContactEditor, reference_row) },
};

#define ROW_AT(self, i) (*(AdwEntryRow **)G_STRUCT_MEMBER_P ((self), text_rows[i].offset))

static void
mark_dirty (DaybookContactEditor *self)
{
  if (!self->loading && self->contact != NULL)
    self->dirty = TRUE;
}

static void
show_error (DaybookContactEditor *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static guint
n_outcomes (void)
{
  return g_strv_length ((char **)daybook_contact_outcome_ids ());
}

/* The outcome row: "not known yet", the usual outcomes, "other". */
static guint
outcome_position (const char *outcome)
{
  const char *const *ids = daybook_contact_outcome_ids ();

  if (outcome == NULL || *outcome == '\0')
    return 0;
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], outcome) == 0)
      return i + 1;
  return n_outcomes () + 1;
}

static void
outcome_changed_cb (DaybookContactEditor *self)
{
  gboolean other = adw_combo_row_get_selected (self->outcome_row) == n_outcomes () + 1;

  gtk_widget_set_visible (GTK_WIDGET (self->outcome_text_row), other);
  mark_dirty (self);
}

static void
fill_heading (DaybookContactEditor *self)
{
  const char *title = "";

  if (self->contact != NULL)
    {
      const char *reference
          = daybook_police_contact_get_field (self->contact, DAYBOOK_CONTACT_REFERENCE);

      title = daybook_police_contact_get_id (self->contact) <= 0 ? _ ("New Police Contact")
              : *reference != '\0'                               ? reference
                                                                 : _ ("Police Contact");
    }
  adw_window_title_set_title (self->heading, title);
  gtk_widget_set_sensitive (self->delete_button, self->contact != NULL);
}

static char *
format_entries (DaybookPoliceContact *contact)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; contact != NULL && i < daybook_police_contact_get_n_entries (contact); i++)
    g_string_append_printf (text, "%s%" PRId64, i > 0 ? ", " : "",
                            daybook_police_contact_get_entry (contact, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fill (DaybookContactEditor *self)
{
  DaybookPoliceContact *c = self->contact;
  g_autofree char *entries = format_entries (c);
  const char *outcome
      = c != NULL ? daybook_police_contact_get_field (c, DAYBOOK_CONTACT_OUTCOME) : "";
  guint position = outcome_position (outcome);

  self->loading = TRUE;
  daybook_date_time_row_set_when (self->when_row,
                                  c != NULL ? daybook_police_contact_get_when (c) : NULL);
  adw_combo_row_set_selected (self->how_row, c != NULL ? daybook_police_contact_get_how (c) : 0);
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    gtk_editable_set_text (GTK_EDITABLE (ROW_AT (self, i)),
                           c != NULL ? daybook_police_contact_get_field (c, text_rows[i].field)
                                     : "");
  daybook_text_view_set_text (
      self->reported_view,
      c != NULL ? daybook_police_contact_get_field (c, DAYBOOK_CONTACT_REPORTED) : NULL);
  daybook_text_view_set_text (self->said_view,
                              c != NULL ? daybook_police_contact_get_field (c, DAYBOOK_CONTACT_SAID)
                                        : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->entries_row), entries);
  adw_combo_row_set_selected (self->outcome_row, position);
  gtk_editable_set_text (GTK_EDITABLE (self->outcome_text_row),
                         position == n_outcomes () + 1 ? outcome : "");
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_text_row), position == n_outcomes () + 1);
  fill_heading (self);
  show_error (self, NULL);
  self->dirty = FALSE;
  self->loading = FALSE;
}

/* "3, 5 8" → the entries, each checked to exist. */
static gboolean
collect_entries (DaybookContactEditor *self, GError **error)
{
  g_auto (GStrv) parts = g_regex_split_simple (
      "[\\s,;]+", gtk_editable_get_text (GTK_EDITABLE (self->entries_row)), 0, 0);

  daybook_police_contact_clear_entries (self->contact);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];
      g_autoptr (DaybookIncident) incident = NULL;
      guint64 number = 0;

      if (*part == '\0')
        continue;
      if (*part == '#')
        part++;
      if (!g_ascii_string_to_unsigned (part, 10, 1, G_MAXINT64, &number, NULL))
        {
          g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                       _ ("“%s” is not an entry number. Write the numbers of the entries reported, "
                          "separated by commas, for example 3, 5, 8."),
                       parts[i]);
          return FALSE;
        }
      incident = daybook_diary_get_incident (self->diary, (gint64)number, NULL);
      if (incident == NULL)
        {
          g_set_error (
              error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
              _ ("There is no entry %" PRIu64 ". Check the numbers of the entries reported."),
              number);
          return FALSE;
        }
      daybook_police_contact_add_entry (self->contact, (gint64)number);
    }
  return TRUE;
}

/* The widgets into the editor's copy. @force keeps a time that cannot be
 * read out rather than failing (locking cannot wait). */
static gboolean
collect (DaybookContactEditor *self, gboolean force, GError **error)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *reported = daybook_text_view_dup_text (self->reported_view);
  g_autofree char *said = daybook_text_view_dup_text (self->said_view);
  guint outcome = adw_combo_row_get_selected (self->outcome_row);
  g_autoptr (GError) local_error = NULL;
  DaybookWhen when = {
    0,
  };

  if (daybook_date_time_row_get_when (self->when_row, FALSE, local, &when, &local_error))
    daybook_police_contact_set_when (self->contact, &when);
  else if (!force)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  daybook_when_clear (&when);
  daybook_police_contact_set_how (
      self->contact, MIN (adw_combo_row_get_selected (self->how_row), DAYBOOK_CONTACT_OTHER));
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      g_autofree char *text
          = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ROW_AT (self, i)))));

      daybook_police_contact_set_field (self->contact, text_rows[i].field, text);
    }
  daybook_police_contact_set_field (self->contact, DAYBOOK_CONTACT_REPORTED, reported);
  daybook_police_contact_set_field (self->contact, DAYBOOK_CONTACT_SAID, said);
  if (outcome == 0)
    daybook_police_contact_set_field (self->contact, DAYBOOK_CONTACT_OUTCOME, "");
  else if (outcome <= n_outcomes ())
    daybook_police_contact_set_field (self->contact, DAYBOOK_CONTACT_OUTCOME,
                                      daybook_contact_outcome_ids ()[outcome - 1]);
  else
    {
      g_autofree char *text
          = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->outcome_text_row))));

      daybook_police_contact_set_field (self->contact, DAYBOOK_CONTACT_OUTCOME, text);
    }
  if (!collect_entries (self, &local_error) && !force)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return daybook_police_contact_validate (self->contact, error);
}

static void
close_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookContactEditor *self = DAYBOOK_CONTACT_EDITOR (widget);

  if (daybook_contact_editor_save (self, FALSE, NULL))
    g_signal_emit (self, signals[DONE], 0);
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, DaybookContactEditor *self)
{
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->contact == NULL || self->diary == NULL)
    return;
  if (daybook_police_contact_get_id (self->contact) > 0
      && !daybook_diary_delete_contact (self->diary, daybook_police_contact_get_id (self->contact),
                                        &error))
    {
      show_error (self, error->message);
      return;
    }
  g_clear_object (&self->contact);
  fill (self);
  g_signal_emit (self, signals[DONE], 0);
}

static void
delete_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookContactEditor *self = DAYBOOK_CONTACT_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->contact == NULL)
    return;
  if (daybook_police_contact_get_id (self->contact) <= 0)
    {
      g_clear_object (&self->contact);
      fill (self);
      g_signal_emit (self, signals[DONE], 0);
      return;
    }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _ ("Delete This Police Contact?"),
                                   _ ("It leaves the Police Contacts page. Its history stays in "
                                      "the diary."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "delete",
                                    _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
daybook_contact_editor_dispose (GObject *object)
{
  DaybookContactEditor *self = DAYBOOK_CONTACT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_CONTACT_EDITOR);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->contact);
  g_clear_object (&self->diary);

  G_OBJECT_CLASS (daybook_contact_editor_parent_class)->dispose (object);
}

static void
daybook_contact_editor_class_init (DaybookContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_contact_editor_dispose;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (DAYBOOK_TYPE_DATE_TIME_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-contact-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, heading);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, delete_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, when_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, how_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, force_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, officer_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, collar_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, reference_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, reported_view);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, entries_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, said_view);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookContactEditor, outcome_text_row);

  gtk_widget_class_install_action (widget_class, "contact.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "contact.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "contact.close", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_contact_editor_init (DaybookContactEditor *self)
{
  g_autoptr (GtkStringList) hows = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) outcomes = gtk_string_list_new (NULL);
  const char *const *ids = daybook_contact_outcome_ids ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < DAYBOOK_N_CONTACT_HOWS; i++)
    gtk_string_list_append (hows, daybook_contact_how_get_label (i));
  adw_combo_row_set_model (self->how_row, G_LIST_MODEL (hows));
  gtk_string_list_append (outcomes, _ ("Not known yet"));
  for (guint i = 0; ids[i] != NULL; i++)
    gtk_string_list_append (outcomes, daybook_contact_outcome_get_label (ids[i]));
  gtk_string_list_append (outcomes, _ ("Other (write it below)"));
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (outcomes));

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      adw_entry_row_set_input_hints (ROW_AT (self, i), GTK_INPUT_HINT_PRIVATE);
      g_signal_connect_object (ROW_AT (self, i), "changed", G_CALLBACK (mark_dirty), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->entries_row, "changed", G_CALLBACK (mark_dirty), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outcome_text_row, "changed", G_CALLBACK (mark_dirty), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->when_row, "changed", G_CALLBACK (mark_dirty), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->how_row, "notify::selected", G_CALLBACK (mark_dirty), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outcome_row, "notify::selected", G_CALLBACK (outcome_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->reported_view), "changed",
                           G_CALLBACK (mark_dirty), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->said_view), "changed",
                           G_CALLBACK (mark_dirty), self, G_CONNECT_SWAPPED);
  fill (self);
}

void
daybook_contact_editor_set_diary (DaybookContactEditor *self, DaybookDiary *diary)
{
  g_return_if_fail (DAYBOOK_IS_CONTACT_EDITOR (self));

  g_set_object (&self->diary, diary);
  daybook_contact_editor_clear (self);
}

/**
 * daybook_contact_editor_edit:
 * @contact: (nullable): the contact to edit, or %NULL for a new one, now
 */
void
daybook_contact_editor_edit (DaybookContactEditor *self, DaybookPoliceContact *contact)
{
  g_return_if_fail (DAYBOOK_IS_CONTACT_EDITOR (self));

  g_clear_object (&self->contact);
  if (contact != NULL)
    self->contact = daybook_police_contact_copy (contact);
  else
    {
      g_autoptr (GTimeZone) local = g_time_zone_new_local ();
      DaybookWhen now = {
        0,
      };

      self->contact = daybook_police_contact_new ();
      daybook_when_set_now (&now, local);
      daybook_police_contact_set_when (self->contact, &now);
      daybook_when_clear (&now);
    }
  fill (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->when_row));
}

/**
 * daybook_contact_editor_save:
 * @force: save what can be saved even if the time or entry numbers
 *   cannot be read (locking cannot wait for the user)
 *
 * Saves the contact if anything changed; an untouched new one is not saved.
 */
gboolean
daybook_contact_editor_save (DaybookContactEditor *self, gboolean force, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (DAYBOOK_IS_CONTACT_EDITOR (self), FALSE);

  if (self->contact == NULL || !self->dirty || self->diary == NULL)
    return TRUE;
  if (!collect (self, force, &local_error)
      || !daybook_diary_save_contact (self->diary, self->contact, &local_error))
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->dirty = FALSE;
  show_error (self, NULL);
  fill_heading (self);
  g_signal_emit (self, signals[SAVED], 0);
  return TRUE;
}

gboolean
daybook_contact_editor_has_unsaved_changes (DaybookContactEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_CONTACT_EDITOR (self), FALSE);

  return self->contact != NULL && self->dirty;
}

/* The contact being edited, 0 while it is new, -1 when none. */
gint64
daybook_contact_editor_get_id (DaybookContactEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_CONTACT_EDITOR (self), -1);

  return self->contact != NULL ? daybook_police_contact_get_id (self->contact) : -1;
}

void
daybook_contact_editor_clear (DaybookContactEditor *self)
{
  g_return_if_fail (DAYBOOK_IS_CONTACT_EDITOR (self));

  g_clear_object (&self->contact);
  fill (self);
}
