/* daybook-attachment-viewer.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment-viewer"

#include "config.h"

#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "daybook-attachment-async.h"
#include "daybook-attachment-media.h"
#include "daybook-attachment-viewer.h"
#include "daybook-ui-util.h"

/*
 * One exhibit, shown from memory: images decoded from the decrypted bytes
 * (upright by their EXIF orientation, zoomable), audio decoded by the
 * parsing helper and played from Daybook's own WAV of it, video played
 * from the diary's chunk stream, text and e-mail as read-only text,
 * anything else as its details. Nothing decrypted touches the disk until
 * the user exports a copy, which the window warns is not encrypted.
 */

#define MAX_IMAGE_BYTES (256 * 1024 * 1024)
#define MAX_TEXT_BYTES (8 * 1024 * 1024)

struct _DaybookAttachmentViewer
{
  AdwWindow parent_instance;

  AdwToastOverlay *toasts;
  AdwWindowTitle *heading;
  GtkWidget *zoom_box;
  GtkStack *stack;
  GtkSpinner *spinner;
  GtkScrolledWindow *image_scroller;
  GtkPicture *picture;
  GtkVideo *video;
  GtkTextView *text_view;
  AdwPreferencesGroup *details;
  AdwActionRow *links_row;
  AdwEntryRow *link_row;
  GtkWidget *details_panel; /* its width grows with the text size */

  DaybookDiary *diary;
  DaybookAttachment *attachment;
  GCancellable *cancellable;
  GdkTexture *texture;
  double zoom; /* 0: fit the window */
  const char *kind;
  guint busy;
  char *last_error;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (DaybookAttachmentViewer, daybook_attachment_viewer, ADW_TYPE_WINDOW)

typedef enum
{
  KIND_IMAGE,
  KIND_MEDIA,
  KIND_TEXT,
  KIND_OTHER
} Kind;

static Kind
kind_of (const char *media_type)
{
  if (g_str_has_prefix (media_type, "image/"))
    return KIND_IMAGE;
  if (g_str_has_prefix (media_type, "audio/") || g_str_has_prefix (media_type, "video/"))
    return KIND_MEDIA;
  if (g_str_has_prefix (media_type, "text/") || g_str_equal (media_type, "message/rfc822")
      || g_str_equal (media_type, "application/mbox")
      || g_str_equal (media_type, "application/json")
      || g_str_equal (media_type, "application/xml"))
    return KIND_TEXT;
  return KIND_OTHER;
}

static void
set_error (DaybookAttachmentViewer *self, const char *message)
{
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  if (message != NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static void
show_page (DaybookAttachmentViewer *self, const char *kind)
{
  self->kind = kind;
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, kind);
  gtk_widget_set_visible (self->zoom_box, g_str_equal (kind, "image"));
}

static void
load_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DaybookAttachmentViewer) self = data;
  gboolean image = g_async_result_is_tagged (result, daybook_diary_read_attachment_image_async);
  g_autoptr (GError) error = NULL;
  gpointer out;

  if (image)
    out = daybook_diary_read_attachment_image_finish (DAYBOOK_DIARY (source), result, &error);
  else
    out = daybook_diary_read_attachment_text_finish (DAYBOOK_DIARY (source), result, &error);
  self->busy--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (out == NULL)
    {
      set_error (self, error->message);
      show_page (self, "other");
      return;
    }
  if (image)
    {
      g_autoptr (GdkPixbuf) pixbuf = out;

      g_clear_object (&self->texture);
      self->texture = gdk_texture_new_for_pixbuf (pixbuf);
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->texture));
      show_page (self, "image");
    }
  else
    {
      g_autofree char *text = out;

      daybook_text_view_set_text (self->text_view, text);
      show_page (self, "text");
    }
}

static void
start_load (DaybookAttachmentViewer *self, Kind kind)
{
  self->busy++;
  gtk_spinner_start (self->spinner);
  if (kind == KIND_IMAGE)
    daybook_diary_read_attachment_image_async (self->diary, self->attachment, MAX_IMAGE_BYTES,
                                               self->cancellable, load_done_cb,
                                               g_object_ref (self));
  else
    daybook_diary_read_attachment_text_async (
        self->diary, daybook_attachment_get_id (self->attachment), MAX_TEXT_BYTES,
        self->cancellable, load_done_cb, g_object_ref (self));
}

/* Details */

static void
add_detail (DaybookAttachmentViewer *self, const char *title, const char *value)
{
  GtkWidget *row;

  if (value == NULL || value[0] == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (self->details, row);
}

static char *
format_time (gint64 utc)
{
  g_autoptr (GDateTime) dt = utc != 0 ? g_date_time_new_from_unix_local (utc) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M %Z") : NULL;
}

static const char *
meta_string (JsonObject *meta, const char *name)
{
  if (meta == NULL || !json_object_has_member (meta, name))
    return NULL;
  return json_object_get_string_member_with_default (meta, name, NULL);
}

static void
fill_links (DaybookAttachmentViewer *self)
{
  GArray *incidents = daybook_attachment_get_incidents (self->attachment);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; incidents != NULL && i < incidents->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
                            g_array_index (incidents, gint64, i));
  adw_action_row_set_subtitle (self->links_row,
                               text->len > 0 ? text->str : _ ("None yet (unlinked evidence)"));
}

static void
fill_details (DaybookAttachmentViewer *self)
{
  DaybookAttachment *a = self->attachment;
  JsonObject *meta = daybook_attachment_get_metadata (a);
  g_autofree char *size
      = g_format_size_full (daybook_attachment_get_size (a), G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *imported = format_time (daybook_attachment_get_imported_at (a));
  g_autofree char *modified = format_time (daybook_attachment_get_mtime (a));
  g_autofree char *taken = format_time (daybook_attachment_get_taken_at (a));
  g_autofree char *title = g_strdup_printf ("%s — %s", daybook_attachment_get_mark (a),
                                            daybook_attachment_get_filename (a));
  g_autofree char *gps = NULL;
  g_autofree char *camera = NULL;

  adw_window_title_set_title (self->heading, title);
  adw_window_title_set_subtitle (self->heading, daybook_attachment_get_media_type (a));
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (meta != NULL && json_object_has_member (meta, "gps_latitude"))
    gps = g_strdup_printf ("%.6f, %.6f", json_object_get_double_member (meta, "gps_latitude"),
                           json_object_get_double_member (meta, "gps_longitude"));
  if (meta_string (meta, "camera_make") != NULL || meta_string (meta, "camera_model") != NULL)
    camera = g_strjoin (" ", meta_string (meta, "camera_make") ?: "",
                        meta_string (meta, "camera_model") ?: "", NULL);

  /* TRANSLATORS: a label before an exhibit mark such as "A3" */
  add_detail (self, _ ("Exhibit"), daybook_attachment_get_mark (a));
  add_detail (self, _ ("File name"), daybook_attachment_get_filename (a));
  add_detail (self, _ ("Description"), daybook_attachment_get_description (a));
  add_detail (self, _ ("Type"), daybook_attachment_get_media_type (a));
  add_detail (self, _ ("Size"), size);
  add_detail (self, _ ("Date taken"), taken);
  add_detail (self, _ ("Camera"), camera);
  add_detail (self, _ ("Position (GPS)"), gps);
  add_detail (self, _ ("From"), meta_string (meta, "email_from"));
  add_detail (self, _ ("To"), meta_string (meta, "email_to"));
  add_detail (self, _ ("Subject"), meta_string (meta, "email_subject"));
  /* TRANSLATORS: when an e-mail was sent (a label before a date) */
  add_detail (self, _ ("Sent"), meta_string (meta, "email_date"));
  add_detail (self, _ ("File last modified"), modified);
  add_detail (self, _ ("Added to the diary"), imported);
  add_detail (self, _ ("SHA-256"), daybook_attachment_get_sha256 (a));
  fill_links (self);
}

/* Callbacks and actions */

static void
link_apply_cb (DaybookAttachmentViewer *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->link_row));
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookAttachment) fresh = NULL;
  guint64 number = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &number, NULL))
    {
      set_error (self, _ ("Type the number of an entry, such as 12."));
      return;
    }
  if (!daybook_diary_link_attachment (self->diary, daybook_attachment_get_id (self->attachment),
                                      (gint64)number, TRUE, &error))
    {
      set_error (self, error->message);
      return;
    }
  fresh = daybook_diary_get_attachment (self->diary, daybook_attachment_get_id (self->attachment),
                                        NULL);
  if (fresh != NULL)
    g_set_object (&self->attachment, fresh);
  gtk_editable_set_text (GTK_EDITABLE (self->link_row), "");
  fill_links (self);
}

static void
apply_zoom (DaybookAttachmentViewer *self)
{
  if (self->texture == NULL)
    return;
  if (self->zoom <= 0)
    {
      gtk_widget_set_size_request (GTK_WIDGET (self->picture), -1, -1);
      gtk_picture_set_can_shrink (self->picture, TRUE);
      gtk_scrolled_window_set_policy (self->image_scroller, GTK_POLICY_NEVER, GTK_POLICY_NEVER);
      return;
    }
  gtk_scrolled_window_set_policy (self->image_scroller, GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (GTK_WIDGET (self->picture),
                               (int)(gdk_texture_get_width (self->texture) * self->zoom),
                               (int)(gdk_texture_get_height (self->texture) * self->zoom));
}

static double
fit_scale (DaybookAttachmentViewer *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self->image_scroller));
  double h = gtk_widget_get_height (GTK_WIDGET (self->image_scroller));

  if (self->texture == NULL || w <= 0 || h <= 0)
    return 1;
  return MIN (1.0, MIN (w / gdk_texture_get_width (self->texture),
                        h / gdk_texture_get_height (self->texture)));
}

static void
zoom_action (GtkWidget *widget, const char *name, GVariant *param)
{
  DaybookAttachmentViewer *self = DAYBOOK_ATTACHMENT_VIEWER (widget);
  double current = self->zoom > 0 ? self->zoom : fit_scale (self);

  if (g_str_equal (name, "viewer.zoom-in"))
    self->zoom = MIN (current * 1.25, 8.0);
  else if (g_str_equal (name, "viewer.zoom-out"))
    self->zoom = MAX (current / 1.25, 0.05);
  else
    self->zoom = 0;
  apply_zoom (self);
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DaybookAttachmentViewer) self = data;
  g_autoptr (GError) error = NULL;

  self->busy--;
  if (!daybook_diary_export_attachment_finish (DAYBOOK_DIARY (source), result, &error))
    {
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  adw_toast_overlay_add_toast (self->toasts,
                               adw_toast_new (_ ("Exported. The copy is not encrypted.")));
}

static void
chooser_response_cb (GtkNativeDialog *dialog, int response, DaybookAttachmentViewer *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
  if (file != NULL)
    _daybook_attachment_viewer_export_to (self, file);
}

static void
warning_response_cb (DaybookAttachmentViewer *self, const char *response)
{
  if (!g_str_equal (response, "export") || self->chooser != NULL)
    return;
  self->chooser
      = gtk_file_chooser_native_new (_ ("Export Original"), GTK_WINDOW (self),
                                     GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     daybook_attachment_get_filename (self->attachment));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_action (GtkWidget *widget, const char *name, GVariant *param)
{
  GtkWidget *dialog = adw_message_dialog_new (
      GTK_WINDOW (widget), _ ("The Copy Will Not Be Encrypted"),
      _ ("Anyone who can open the folder you choose will be able to see the exported file. The "
         "diary keeps its own encrypted original. Delete the copy when you no longer need it."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "export",
                                    _ ("_Choose Where…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (warning_response_cb), widget,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Overrides */

static void
daybook_attachment_viewer_dispose (GObject *object)
{
  DaybookAttachmentViewer *self = DAYBOOK_ATTACHMENT_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->video != NULL)
    gtk_video_set_media_stream (self->video, NULL);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAYBOOK_TYPE_ATTACHMENT_VIEWER);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_object (&self->attachment);
  g_clear_object (&self->diary);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (daybook_attachment_viewer_parent_class)->dispose (object);
}

static void
daybook_attachment_viewer_class_init (DaybookAttachmentViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daybook_attachment_viewer_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/daybook/Daybook/daybook-attachment-viewer.ui");
#define BIND(name)                                                                                 \
  gtk_widget_class_bind_template_child (widget_class, DaybookAttachmentViewer, name)
  BIND (toasts);
  BIND (heading);
  BIND (zoom_box);
  BIND (stack);
  BIND (spinner);
  BIND (image_scroller);
  BIND (picture);
  BIND (video);
  BIND (text_view);
  BIND (details);
  BIND (links_row);
  BIND (link_row);
  BIND (details_panel);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, link_apply_cb);

  gtk_widget_class_install_action (widget_class, "viewer.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "viewer.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "viewer.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom-fit",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "viewer.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
daybook_attachment_viewer_init (DaybookAttachmentViewer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  daybook_window_size_follows_text (GTK_WINDOW (self));
  daybook_width_follows_text (self->details_panel, 340);
  self->cancellable = g_cancellable_new ();
  self->kind = "loading";
}

/* The player failed (the helper could not decode the recording): say so
 * and offer what is left, the details and export. */
static void
media_error_cb (GtkMediaStream *media, GParamSpec *pspec, DaybookAttachmentViewer *self)
{
  const GError *error = gtk_media_stream_get_error (media);

  if (error == NULL)
    return;
  /* GStreamer's own message ("Failed to pause") would help no one. */
  g_debug ("player: %s", error->message);
  set_error (self, _ ("This recording cannot be played here; it may be damaged or of a kind "
                      "Daybook does not know. Export it to play it elsewhere."));
  show_page (self, "other");
}

static void
media_prepared_cb (GtkMediaStream *media, GParamSpec *pspec, DaybookAttachmentViewer *self)
{
  g_autofree char *message = NULL;

  if (!gtk_media_stream_is_prepared (media) || !daybook_attachment_media_is_cut (media))
    return;
  message = g_strdup_printf (ngettext ("Only the first %d minute of this recording plays here. "
                                       "Export it to hear the rest.",
                                       "Only the first %d minutes of this recording play here. "
                                       "Export it to hear the rest.",
                                       DAYBOOK_ATTACHMENT_AUDIO_MINUTES),
                             DAYBOOK_ATTACHMENT_AUDIO_MINUTES);
  set_error (self, message);
}

static void
open_media (DaybookAttachmentViewer *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkMediaStream) media = daybook_attachment_media_new (
      self->diary, daybook_attachment_get_id (self->attachment), &error);

  if (media == NULL)
    {
      set_error (self, error->message);
      show_page (self, "other");
      return;
    }
  g_signal_connect_object (media, "notify::error", G_CALLBACK (media_error_cb), self, 0);
  g_signal_connect_object (media, "notify::prepared", G_CALLBACK (media_prepared_cb), self, 0);
  gtk_video_set_media_stream (self->video, media);
  show_page (self, "media");
}

/**
 * daybook_attachment_viewer_show:
 * @from: a widget in the window it is opened from
 *
 * Returns: (transfer none): the viewer's window, presented
 */
GtkWidget *
daybook_attachment_viewer_show (GtkWidget *from, DaybookDiary *diary, DaybookAttachment *attachment)
{
  DaybookAttachmentViewer *self;
  GtkRoot *root = gtk_widget_get_root (from);
  Kind kind;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (attachment), NULL);

  self = g_object_new (DAYBOOK_TYPE_ATTACHMENT_VIEWER, NULL);
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
    }
  self->diary = g_object_ref (diary);
  self->attachment = g_object_ref (attachment);
  fill_details (self);

  kind = kind_of (daybook_attachment_get_media_type (attachment));
  if (kind == KIND_IMAGE || kind == KIND_TEXT)
    start_load (self, kind);
  else if (kind == KIND_MEDIA)
    open_media (self);
  else
    show_page (self, "other");
  gtk_window_present (GTK_WINDOW (self));
  return GTK_WIDGET (self);
}

gboolean
_daybook_attachment_viewer_is_busy (DaybookAttachmentViewer *self)
{
  return self->busy > 0;
}

const char *
_daybook_attachment_viewer_get_kind (DaybookAttachmentViewer *self)
{
  return self->kind;
}

GdkPaintable *
_daybook_attachment_viewer_get_image (DaybookAttachmentViewer *self)
{
  return GDK_PAINTABLE (self->texture);
}

char *
_daybook_attachment_viewer_dup_text (DaybookAttachmentViewer *self)
{
  return daybook_text_view_dup_text (self->text_view);
}

/**
 * _daybook_attachment_viewer_export_to:
 *
 * What the Export button does once a file is chosen (and agreed to be
 * replaced): writes the original byte for byte, in a worker.
 */
void
_daybook_attachment_viewer_export_to (DaybookAttachmentViewer *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      set_error (self, _ ("Choose a folder on this computer to export to."));
      return;
    }
  self->busy++;
  /* The file chooser already asked before replacing a file. */
  daybook_diary_export_attachment_async (self->diary, daybook_attachment_get_id (self->attachment),
                                         path, TRUE, self->cancellable, export_done_cb,
                                         g_object_ref (self));
}

const char *
_daybook_attachment_viewer_get_last_error (DaybookAttachmentViewer *self)
{
  return self->last_error;
}
