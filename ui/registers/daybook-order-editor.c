/* daybook-order-editor.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-order-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-attachment.h"
#include "daybook-ui-util.h"

#include "daybook-order-editor.h"

/*
 * One order: its kind, court, reference, dates, numbered terms, the
 * exhibit that is its document, and notes. The editor works on its own
 * copy; leaving, Ctrl+S, locking and quitting save it at once (an order
 * is one small record). Terms are numbered by the model and never
 * renumbered: removing one keeps it, shown as removed, so an entry marked
 * as a breach of it still says which term it was.
 */

struct _DaybookOrderEditor
{
  GtkWidget parent_instance;

  AdwWindowTitle *heading;
  GtkWidget *delete_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  AdwComboRow *kind_row;
  AdwEntryRow *court_row;
  AdwEntryRow *reference_row;
  AdwEntryRow *made_row;
  AdwEntryRow *served_row;
  AdwEntryRow *expires_row;
  GtkListBox *terms_list;
  AdwComboRow *document_row;
  GtkTextView *notes_view;

  GArray *document_ids; /* gint64, parallel to the document row's items */
  DaybookDiary *diary;
  DaybookOrder *order; /* the editor's own copy, or NULL */
  gboolean dirty;
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (DaybookOrderEditor, daybook_order_editor, GTK_TYPE_WIDGET)

enum
{
  DONE,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  DaybookOrderField field;
  gsize offset;
} text_rows[] = {
  { DAYBOOK_ORDER_MADE_ON, G_STRUCT_OFFSET (DaybookOrderEditor, made_row) },
  { DAYBOOK_ORDER_SERVED_ON, G_STRUCT_OFFSET (DaybookOrderEditor, served_row) },
  { DAYBOOK_ORDER_EXPIRES_ON, G_STRUCT_OFFSET (DaybookOrderEditor, expires_row) },
  { DAYBOOK_ORDER_COURT, G_STRUCT_OFFSET (DaybookOrderEditor, court_row) },
  { DAYBOOK_ORDER_REFERENCE, G_STRUCT_OFFSET (DaybookOrderEditor, reference_row) },
};

#define ROW_AT(self, i) (*(AdwEntryRow **)G_STRUCT_MEMBER_P ((self), text_rows[i].offset))

static void
mark_dirty (DaybookOrderEditor *self)
{
  if (!self->loading && self->order != NULL)
    self->dirty = TRUE;
}

static void
show_error (DaybookOrderEditor *self, const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
fill_heading (DaybookOrderEditor *self)
{
  g_autofree char *title = NULL;

  if (self->order != NULL && daybook_order_get_id (self->order) > 0)
    title = daybook_order_dup_title (self->order);
  adw_window_title_set_title (self->heading,
                              title != NULL ? title : (self->order != NULL ? _ ("New Order") : ""));
  gtk_widget_set_sensitive (self->delete_button, self->order != NULL);
}

static void term_changed_cb (DaybookOrderEditor *self, GtkEditable *row);
static void remove_term_cb (DaybookOrderEditor *self, GtkButton *button);

static void
clear_terms (DaybookOrderEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->terms_list))) != NULL)
    gtk_list_box_remove (self->terms_list, child);
}

/* One row a term, removed ones included, in number order. */
static void
fill_terms (DaybookOrderEditor *self)
{
  guint n = self->order != NULL ? daybook_order_get_n_terms (self->order) : 0;
  guint shown = 0;

  clear_terms (self);
  for (guint i = 0; i < n; i++)
    {
      const DaybookOrderTerm *term = daybook_order_get_term (self->order, i);
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (term->deleted)
        {
          /* TRANSLATORS: a term of an order that was removed; %u is its number */
          title = g_strdup_printf (_ ("Term %u (removed)"), term->number);
          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), term->text);
          gtk_widget_add_css_class (row, "dim-label");
        }
      else
        {
          g_autofree char *remove = NULL;
          GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

          /* TRANSLATORS: %u is the term's number in the order */
          title = g_strdup_printf (_ ("Term %u"), term->number);
          remove = g_strdup_printf (_ ("Remove Term %u"), term->number);
          row = adw_entry_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          gtk_editable_set_text (GTK_EDITABLE (row), term->text);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, remove);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          remove, -1);
          gtk_widget_add_css_class (button, "flat");
          g_object_set_data (G_OBJECT (button), "daybook-term", GUINT_TO_POINTER (term->number));
          g_signal_connect_object (button, "clicked", G_CALLBACK (remove_term_cb), self,
                                   G_CONNECT_SWAPPED);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
          g_signal_connect_object (row, "changed", G_CALLBACK (term_changed_cb), self,
                                   G_CONNECT_SWAPPED);
        }
      g_object_set_data (G_OBJECT (row), "daybook-term", GUINT_TO_POINTER (term->number));
      gtk_widget_set_name (row, term->deleted ? "removed-term" : "term");
      gtk_list_box_append (self->terms_list, row);
      shown++;
    }
  if (shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("No terms yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _ ("Add each term as the order words it, in its order."));
      gtk_list_box_append (self->terms_list, row);
    }
}

static void
term_changed_cb (DaybookOrderEditor *self, GtkEditable *row)
{
  guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "daybook-term"));

  if (self->loading || self->order == NULL)
    return;
  daybook_order_set_term_text (self->order, number, gtk_editable_get_text (row));
  mark_dirty (self);
}

static GtkWidget *
term_row (DaybookOrderEditor *self, guint number)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->terms_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "daybook-term")) == number
        && ADW_IS_ENTRY_ROW (row))
      return row;
  return NULL;
}

static void
refill_terms (DaybookOrderEditor *self)
{
  self->loading = TRUE;
  fill_terms (self);
  self->loading = FALSE;
}

static void
remove_term_cb (DaybookOrderEditor *self, GtkButton *button)
{
  guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "daybook-term"));

  if (self->order == NULL || !daybook_order_remove_term (self->order, number))
    return;
  mark_dirty (self);
  refill_terms (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->terms_list));
}

static void
fill_documents (DaybookOrderEditor *self)
{
  g_autoptr (GtkStringList) items = gtk_string_list_new (NULL);
  g_autoptr (GListModel) attachments = NULL;
  gint64 document = self->order != NULL ? daybook_order_get_document (self->order) : 0;
  guint selected = 0;
  gint64 none = 0;

  g_array_set_size (self->document_ids, 0);
  /* TRANSLATORS: no document (exhibit) is chosen for this order */
  gtk_string_list_append (items, _ ("None"));
  g_array_append_val (self->document_ids, none);
  if (self->diary != NULL)
    attachments = daybook_diary_list_attachments (self->diary, 0, NULL);
  for (guint i = 0; attachments != NULL && i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr (DaybookAttachment) a = g_list_model_get_item (attachments, i);
      gint64 id = daybook_attachment_get_id (a);
      /* TRANSLATORS: an exhibit mark, then its file name */
      g_autofree char *label = g_strdup_printf (_ ("%s, %s"), daybook_attachment_get_mark (a),
                                                daybook_attachment_get_filename (a));

      if (id == document)
        selected = self->document_ids->len;
      gtk_string_list_append (items, label);
      g_array_append_val (self->document_ids, id);
    }
  if (document > 0 && selected == 0)
    {
      /* TRANSLATORS: an attachment that is no longer listed; %d is its number */
      g_autofree char *label
          = g_strdup_printf (_ ("Attachment %d (no longer listed)"), (int)document);

      selected = self->document_ids->len;
      gtk_string_list_append (items, label);
      g_array_append_val (self->document_ids, document);
    }
  adw_combo_row_set_model (self->document_row, G_LIST_MODEL (items));
  adw_combo_row_set_selected (self->document_row, selected);
}

static void
fill (DaybookOrderEditor *self)
{
  DaybookOrder *o = self->order;

  self->loading = TRUE;
  adw_combo_row_set_selected (self->kind_row,
                              o != NULL ? daybook_order_get_kind (o) : DAYBOOK_ORDER_SPO);
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    gtk_editable_set_text (GTK_EDITABLE (ROW_AT (self, i)),
                           o != NULL ? daybook_order_get_field (o, text_rows[i].field) : "");
  daybook_text_view_set_text (self->notes_view,
                              o != NULL ? daybook_order_get_field (o, DAYBOOK_ORDER_NOTES) : NULL);
  fill_terms (self);
  fill_documents (self);
  fill_heading (self);
  show_error (self, NULL);
  self->dirty = FALSE;
  self->loading = FALSE;
}

/* The widgets into the editor's copy; the terms are there already. */
static gboolean
collect (DaybookOrderEditor *self, GError **error)
{
  guint document = adw_combo_row_get_selected (self->document_row);
  g_autofree char *notes = daybook_text_view_dup_text (self->notes_view);

  daybook_order_set_kind (self->order,
                          MIN (adw_combo_row_get_selected (self->kind_row), DAYBOOK_ORDER_OTHER));
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      g_autofree char *text
          = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ROW_AT (self, i)))));

      daybook_order_set_field (self->order, text_rows[i].field, text);
    }
  daybook_order_set_field (self->order, DAYBOOK_ORDER_NOTES, notes);
  daybook_order_set_document (self->order, document < self->document_ids->len ? g_array_index (
                                               self->document_ids, gint64, document)
                                                                              : 0);
  return daybook_order_validate (self->order, error);
}

static void
close_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookOrderEditor *self = DAYBOOK_ORDER_EDITOR (widget);

  if (daybook_order_editor_save (self, NULL))
    g_signal_emit (self, signals[DONE], 0);
}

static void
add_term_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookOrderEditor *self = DAYBOOK_ORDER_EDITOR (widget);
  GtkWidget *row;
  guint number;

  if (self->order == NULL)
    return;
  number = daybook_order_add_term (self->order, "");
  mark_dirty (self);
  refill_terms (self);
  row = term_row (self, number);
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

static void
delete_response_cb (AdwMessageDialog *dialog, const char *response, DaybookOrderEditor *self)
{
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->order == NULL || self->diary == NULL)
    return;
  if (daybook_order_get_id (self->order) > 0
      && !daybook_diary_delete_order (self->diary, daybook_order_get_id (self->order), &error))
    {
      show_error (self, error->message);
      return;
    }
  g_clear_object (&self->order);
  fill (self);
  g_signal_emit (self, signals[DONE], 0);
}

static void
delete_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookOrderEditor *self = DAYBOOK_ORDER_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->order == NULL)
    return;
  if (daybook_order_get_id (self->order) <= 0)
    {
      /* Never saved: there is nothing to delete but the fields. */
      g_clear_object (&self->order);
      fill (self);
      g_signal_emit (self, signals[DONE], 0);
      return;
    }
  dialog = adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Delete This Order?"),
      _ ("It leaves the Orders page. Entries marked as breaches of it keep their marks, and its "
         "history stays in the diary."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "delete",
                                    _ ("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
daybook_order_editor_dispose (GObject *object)
{
  DaybookOrderEditor *self = DAYBOOK_ORDER_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_ORDER_EDITOR);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->order);
  g_clear_object (&self->diary);
  g_clear_pointer (&self->document_ids, g_array_unref);

  G_OBJECT_CLASS (daybook_order_editor_parent_class)->dispose (object);
}

static void
daybook_order_editor_class_init (DaybookOrderEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_order_editor_dispose;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);
  /**
   * DaybookOrderEditor::saved:
   *
   * The order was saved.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-order-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, heading);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, delete_button);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, court_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, reference_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, made_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, served_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, expires_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, terms_list);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, document_row);
  gtk_widget_class_bind_template_child (widget_class, DaybookOrderEditor, notes_view);

  gtk_widget_class_install_action (widget_class, "order.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "order.add-term", NULL, add_term_action);
  gtk_widget_class_install_action (widget_class, "order.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "order.close", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_order_editor_init (DaybookOrderEditor *self)
{
  g_autoptr (GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->document_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < DAYBOOK_N_ORDER_KINDS; i++)
    gtk_string_list_append (kinds, daybook_order_kind_get_label (i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      adw_entry_row_set_input_hints (ROW_AT (self, i), GTK_INPUT_HINT_PRIVATE);
      g_signal_connect_object (ROW_AT (self, i), "changed", G_CALLBACK (mark_dirty), self,
                               G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (mark_dirty), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document_row, "notify::selected", G_CALLBACK (mark_dirty), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (mark_dirty), self, G_CONNECT_SWAPPED);
  fill (self);
}

void
daybook_order_editor_set_diary (DaybookOrderEditor *self, DaybookDiary *diary)
{
  g_return_if_fail (DAYBOOK_IS_ORDER_EDITOR (self));

  g_set_object (&self->diary, diary);
  daybook_order_editor_clear (self);
}

/**
 * daybook_order_editor_edit:
 * @order: (nullable): the order to edit, or %NULL for a new one
 */
void
daybook_order_editor_edit (DaybookOrderEditor *self, DaybookOrder *order)
{
  g_return_if_fail (DAYBOOK_IS_ORDER_EDITOR (self));

  g_clear_object (&self->order);
  self->order = order != NULL ? daybook_order_copy (order) : daybook_order_new (DAYBOOK_ORDER_SPO);
  fill (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->kind_row));
}

/**
 * daybook_order_editor_save:
 *
 * Saves the order if anything changed. An untouched new order is not
 * saved. The reason it cannot be saved is shown in the editor too.
 */
gboolean
daybook_order_editor_save (DaybookOrderEditor *self, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (DAYBOOK_IS_ORDER_EDITOR (self), FALSE);

  if (self->order == NULL || !self->dirty || self->diary == NULL)
    return TRUE;
  if (!collect (self, &local_error)
      || !daybook_diary_save_order (self->diary, self->order, &local_error))
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
daybook_order_editor_has_unsaved_changes (DaybookOrderEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER_EDITOR (self), FALSE);

  return self->order != NULL && self->dirty;
}

/* The order being edited, 0 while it is new, -1 when none. */
gint64
daybook_order_editor_get_id (DaybookOrderEditor *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ORDER_EDITOR (self), -1);

  return self->order != NULL ? daybook_order_get_id (self->order) : -1;
}

void
daybook_order_editor_clear (DaybookOrderEditor *self)
{
  g_return_if_fail (DAYBOOK_IS_ORDER_EDITOR (self));

  g_clear_object (&self->order);
  fill (self);
}
