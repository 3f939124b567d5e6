/* daybook-attachment-strip.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment-strip"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-ui-util.h"

#include "daybook-attachment-strip.h"
#include "daybook-attachment-viewer.h"
#include "daybook-importer.h"
#include "daybook-remove-original.h"

/*
 * The evidence attached to one entry, in the incident editor: a row per
 * attachment (thumbnail, exhibit mark, name, size). Files come in by
 * drag-and-drop onto the editor, the file chooser or a pasted image, and
 * are imported in a worker with progress and Cancel. A new entry is saved
 * first (through ::save-entry), since evidence links to an entry number.
 */

struct _DaybookAttachmentStrip
{
  GtkWidget parent_instance;

  GtkListBox *list;
  GtkRevealer *progress_revealer;
  GtkLabel *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel *error_label;

  DaybookDiary *diary;
  gint64 number; /* -1: no entry, 0: a new one not saved yet */
  GListStore *model;
  DaybookImporter *importer;
  GtkFileChooserNative *chooser;
  char *last_error;
};

G_DEFINE_FINAL_TYPE (DaybookAttachmentStrip, daybook_attachment_strip, GTK_TYPE_WIDGET)

enum
{
  SAVE_ENTRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (DaybookAttachmentStrip *self, const char *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/**
 * daybook_attachment_thumbnail_new:
 *
 * Returns: (transfer floating): the stored thumbnail of @attachment, or an
 *   icon for its type, @size pixels square
 */
GtkWidget *
daybook_attachment_thumbnail_new (DaybookDiary *diary, DaybookAttachment *attachment, int size)
{
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkWidget *widget;

  if (daybook_attachment_has_thumbnail (attachment))
    png = daybook_diary_dup_attachment_thumbnail (diary, daybook_attachment_get_id (attachment));
  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, NULL);
  if (texture != NULL)
    {
      /* A GtkImage keeps the size fixed whatever the picture's shape. */
      widget = gtk_image_new_from_paintable (GDK_PAINTABLE (texture));
      gtk_image_set_pixel_size (GTK_IMAGE (widget), size);
      gtk_widget_add_css_class (widget, "daybook-thumbnail");
    }
  else
    {
      g_autofree char *type
          = g_content_type_from_mime_type (daybook_attachment_get_media_type (attachment));
      g_autoptr (GIcon) icon = g_content_type_get_symbolic_icon (type != NULL ? type : "");

      widget = gtk_image_new_from_gicon (icon);
      gtk_image_set_pixel_size (GTK_IMAGE (widget), size / 2);
      gtk_widget_add_css_class (widget, "dim-label");
    }
  gtk_widget_set_size_request (widget, size, size);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Thumbnail"), -1);
  return widget;
}

static void
unlink_clicked_cb (GtkButton *button, DaybookAttachmentStrip *self)
{
  DaybookAttachment *attachment = g_object_get_data (G_OBJECT (button), "attachment");
  g_autoptr (GError) error = NULL;

  if (!daybook_diary_link_attachment (self->diary, daybook_attachment_get_id (attachment),
                                      self->number, FALSE, &error))
    {
      show_error (self, error->message);
      return;
    }
  daybook_attachment_strip_set_entry (self, self->diary, self->number);
}

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  DaybookAttachmentStrip *self = user_data;
  DaybookAttachment *attachment = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *mark = gtk_label_new (daybook_attachment_get_mark (attachment));
  GtkWidget *unlink = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *size = g_format_size (daybook_attachment_get_size (attachment));
  g_autofree char *name = g_markup_escape_text (daybook_attachment_get_filename (attachment), -1);
  g_autofree char *label = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size);
  gtk_widget_add_css_class (mark, "heading");
  gtk_widget_set_size_request (mark, 56, -1);
  gtk_label_set_xalign (GTK_LABEL (mark), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             daybook_attachment_thumbnail_new (self->diary, attachment, 48));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), mark);

  gtk_widget_set_valign (unlink, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (unlink, "flat");
  gtk_widget_set_tooltip_text (unlink, _ ("Remove From This Entry"));
  label = g_strdup_printf (_ ("Remove %s from this entry (it stays in the evidence list)"),
                           daybook_attachment_get_mark (attachment));
  gtk_accessible_update_property (GTK_ACCESSIBLE (unlink), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_object_set_data_full (G_OBJECT (unlink), "attachment", g_object_ref (attachment),
                          g_object_unref);
  g_signal_connect_object (unlink, "clicked", G_CALLBACK (unlink_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unlink);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "attachment", g_object_ref (attachment), g_object_unref);
  return row;
}

static void
update_actions (DaybookAttachmentStrip *self)
{
  gboolean can
      = self->diary != NULL && self->number >= 0 && !daybook_diary_is_read_only (self->diary);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attachments.add", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attachments.paste", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attachments.cancel",
                                 daybook_importer_is_busy (self->importer));
}

static void
reload (DaybookAttachmentStrip *self)
{
  g_autoptr (GListModel) found = NULL;
  g_autoptr (GError) error = NULL;

  g_list_store_remove_all (self->model);
  if (self->diary != NULL && self->number > 0)
    {
      found = daybook_diary_list_attachments (self->diary, self->number, &error);
      if (found == NULL)
        show_error (self, error->message);
      for (guint i = 0; found != NULL && i < g_list_model_get_n_items (found); i++)
        {
          g_autoptr (GObject) item = g_list_model_get_item (found, i);
          g_list_store_append (self->model, item);
        }
    }
  update_actions (self);
}

/* The entry's number, saving a new entry first; 0 if it could not be. */
static gint64
ensure_saved (DaybookAttachmentStrip *self)
{
  gint64 number = 0;

  if (self->number > 0)
    return self->number;
  g_signal_emit (self, signals[SAVE_ENTRY], 0, &number);
  if (number <= 0)
    show_error (self, _ ("The entry could not be saved, so nothing was attached. Fix what the "
                         "editor points out, then attach again."));
  return number > 0 ? number : 0;
}

static void
importer_progress_cb (DaybookAttachmentStrip *self)
{
  const char *name = daybook_importer_get_current_name (self->importer);
  g_autofree char *text = NULL;

  if (name == NULL)
    return;
  text = g_strdup_printf (_ ("Attaching %s…"), name);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 daybook_importer_get_fraction (self->importer));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);
}

static void
importer_imported_cb (DaybookAttachmentStrip *self, DaybookAttachment *attachment)
{
  reload (self);
}

static void
importer_failed_cb (DaybookAttachmentStrip *self, const char *message)
{
  show_error (self, message);
}

static void
importer_idle_cb (DaybookAttachmentStrip *self)
{
  g_autoptr (GPtrArray) originals = daybook_importer_take_originals (self->importer);

  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  reload (self);
  daybook_remove_original_offer (GTK_WIDGET (self), originals);
}

static void
row_activated_cb (DaybookAttachmentStrip *self, GtkListBoxRow *row)
{
  DaybookAttachment *attachment = g_object_get_data (G_OBJECT (row), "attachment");

  if (attachment != NULL && self->diary != NULL)
    daybook_attachment_viewer_show (GTK_WIDGET (self), self->diary, attachment);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y,
         DaybookAttachmentStrip *self)
{
  GList *files = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = g_value_get_boxed (value);
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = g_list_prepend (NULL, g_value_get_object (value));
  if (files == NULL || self->number < 0 || self->diary == NULL
      || daybook_diary_is_read_only (self->diary))
    {
      if (G_VALUE_HOLDS (value, G_TYPE_FILE))
        g_list_free (files);
      return FALSE;
    }
  _daybook_attachment_strip_attach_files (self, files);
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    g_list_free (files);
  return TRUE;
}

static void
add_action (GtkWidget *widget, const char *name, GVariant *param)
{
  daybook_files_chooser_show (widget, _ ("Attach Evidence"), _ ("_Attach"),
                              &DAYBOOK_ATTACHMENT_STRIP (widget)->chooser,
                              (DaybookFilesChosenFunc)_daybook_attachment_strip_attach_files);
}

static void
paste_texture_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DaybookAttachmentStrip) self = data;
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = daybook_importer_dup_screenshot_name (now);
  gint64 number;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    {
      show_error (self, _ ("The clipboard holds no image. Copy a screenshot or a picture first."));
      return;
    }
  if (self->diary == NULL || (number = ensure_saved (self)) <= 0)
    return;
  png = gdk_texture_save_to_png_bytes (texture);
  daybook_importer_add_bytes (self->importer, self->diary, png, name, number);
}

static void
paste_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookAttachmentStrip *self = DAYBOOK_ATTACHMENT_STRIP (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);

  show_error (self, NULL);
  if (!gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE))
    {
      show_error (self, _ ("The clipboard holds no image. Copy a screenshot or a picture first."));
      return;
    }
  gdk_clipboard_read_texture_async (clipboard, NULL, paste_texture_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget *widget, const char *name, GVariant *param)
{
  daybook_importer_cancel (DAYBOOK_ATTACHMENT_STRIP (widget)->importer);
}

static gboolean
paste_shortcut_cb (GtkWidget *widget, GVariant *args, gpointer data)
{
  DaybookAttachmentStrip *self = data;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  /* Text fields take Ctrl+V first; this sees it only elsewhere. */
  if (!gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "attachments.paste", NULL);
}

static gboolean
add_shortcut_cb (GtkWidget *widget, GVariant *args, gpointer data)
{
  return gtk_widget_activate_action (GTK_WIDGET (data), "attachments.add", NULL);
}

static void
daybook_attachment_strip_dispose (GObject *object)
{
  DaybookAttachmentStrip *self = DAYBOOK_ATTACHMENT_STRIP (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->importer != NULL)
    daybook_importer_cancel (self->importer);
  g_clear_object (&self->importer);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_ATTACHMENT_STRIP);
  daybook_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->model);
  g_clear_object (&self->diary);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (daybook_attachment_strip_parent_class)->dispose (object);
}

static void
daybook_attachment_strip_class_init (DaybookAttachmentStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_attachment_strip_dispose;

  /**
   * DaybookAttachmentStrip::save-entry:
   *
   * A new entry must be saved before evidence can link to it.
   *
   * Returns: the saved entry's number, or 0 if it could not be saved
   */
  signals[SAVE_ENTRY] = g_signal_new ("save-entry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_INT64, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-attachment-strip.ui");
  gtk_widget_class_bind_template_child (widget_class, DaybookAttachmentStrip, list);
  gtk_widget_class_bind_template_child (widget_class, DaybookAttachmentStrip, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, DaybookAttachmentStrip, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DaybookAttachmentStrip, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DaybookAttachmentStrip, error_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "attachments.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "attachments.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "attachments.cancel", NULL, cancel_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
daybook_attachment_strip_init (DaybookAttachmentStrip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->number = -1;
  self->model = g_list_store_new (DAYBOOK_TYPE_ATTACHMENT);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->model), create_row, self, NULL);
  self->importer = daybook_importer_new ();
  g_signal_connect_object (self->importer, "progress", G_CALLBACK (importer_progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->importer, "imported", G_CALLBACK (importer_imported_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->importer, "failed", G_CALLBACK (importer_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->importer, "idle", G_CALLBACK (importer_idle_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

/**
 * daybook_attachment_strip_set_entry:
 * @diary: (nullable): the open diary
 * @number: the entry shown, 0 for a new one not yet saved, -1 for none
 */
void
daybook_attachment_strip_set_entry (DaybookAttachmentStrip *self, DaybookDiary *diary,
                                    gint64 number)
{
  g_return_if_fail (DAYBOOK_IS_ATTACHMENT_STRIP (self));

  if (diary == NULL || number < 0)
    {
      diary = NULL;
      number = -1;
    }
  if (self->number != number || self->diary != diary)
    show_error (self, NULL);
  g_set_object (&self->diary, diary);
  self->number = number;
  reload (self);
}

/**
 * daybook_attachment_strip_accept_drops_on:
 * @area: the widget files may be dropped on (the whole editor), and where
 *   Ctrl+V outside a text field pastes an image
 */
void
daybook_attachment_strip_accept_drops_on (DaybookAttachmentStrip *self, GtkWidget *area)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkEventController *shortcuts;
  GtkShortcut *shortcut;

  g_return_if_fail (DAYBOOK_IS_ATTACHMENT_STRIP (self));

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (area, GTK_EVENT_CONTROLLER (target));

  shortcuts = gtk_shortcut_controller_new ();
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_v, GDK_CONTROL_MASK),
                               gtk_callback_action_new (paste_shortcut_cb, self, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
  shortcut
      = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                          gtk_callback_action_new (add_shortcut_cb, self, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
  gtk_widget_add_controller (area, shortcuts);
}

/**
 * daybook_attachment_strip_get_model:
 *
 * Returns: (transfer none): the entry's #DaybookAttachment, in mark order
 */
GListModel *
daybook_attachment_strip_get_model (DaybookAttachmentStrip *self)
{
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT_STRIP (self), NULL);

  return G_LIST_MODEL (self->model);
}

/**
 * _daybook_attachment_strip_attach_files:
 * @files: (element-type GFile): what to attach
 *
 * What a drop or the file chooser does; saves a new entry first.
 */
void
_daybook_attachment_strip_attach_files (DaybookAttachmentStrip *self, GList *files)
{
  gint64 number;

  g_return_if_fail (DAYBOOK_IS_ATTACHMENT_STRIP (self));

  show_error (self, NULL);
  if (self->diary == NULL || files == NULL || (number = ensure_saved (self)) <= 0)
    return;
  daybook_importer_add_files (self->importer, self->diary, files, number);
}

gboolean
_daybook_attachment_strip_is_busy (DaybookAttachmentStrip *self)
{
  return daybook_importer_is_busy (self->importer);
}

const char *
_daybook_attachment_strip_get_last_error (DaybookAttachmentStrip *self)
{
  return self->last_error;
}
