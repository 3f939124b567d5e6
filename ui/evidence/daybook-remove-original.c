/* daybook-remove-original.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-remove-original"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "daybook-original.h"
#include "daybook-remove-original.h"

/*
 * After files are attached, a toast offers to remove the originals from
 * where they were (a photo left in ~/Pictures is a trace). A dialog then says
 * plainly that this is an ordinary delete, not secure erasure, before
 * anything is removed. The removal itself is daybook_original_remove().
 */

static void
add_toast (AdwToastOverlay *overlay, const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (overlay, toast);
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, AdwToastOverlay *overlay)
{
  GPtrArray *originals = g_object_get_data (G_OBJECT (dialog), "originals");
  g_autoptr (GError) first_error = NULL;
  guint removed = 0;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  for (guint i = 0; i < originals->len; i++)
    {
      g_autoptr (GError) error = NULL;

      if (daybook_original_remove (g_ptr_array_index (originals, i), NULL, &error))
        removed++;
      else if (first_error == NULL)
        first_error = g_steal_pointer (&error);
    }
  if (first_error != NULL)
    add_toast (overlay, first_error->message);
  else
    add_toast (overlay, ngettext ("Original removed", "Originals removed", removed));
}

static void
button_clicked_cb (AdwToast *toast, AdwToastOverlay *overlay)
{
  GPtrArray *originals = g_object_get_data (G_OBJECT (toast), "originals");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (overlay));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (originals->len == 1)
    {
      g_autofree char *name = g_filename_display_basename (
          daybook_original_get_path (g_ptr_array_index (originals, 0)));
      body = g_strdup_printf (
          _ ("Daybook will delete “%s” from its folder, and the desktop’s thumbnails of it. This "
             "is an ordinary delete, not secure erasure: the contents may still be recoverable "
             "from the disk, and copies elsewhere (other folders, backups, cloud storage, a "
             "phone) are not touched. The copy in the diary stays."),
          name);
    }
  else
    body = g_strdup_printf (
        ngettext ("Daybook will delete the %u file from its folder, and the desktop’s thumbnails "
                  "of it. This is an ordinary delete, not secure erasure: the contents may still "
                  "be recoverable from the disk, and copies elsewhere (other folders, backups, "
                  "cloud storage, a phone) are not touched. The copies in the diary stay.",
                  "Daybook will delete the %u files you just attached from their folders, and "
                  "the desktop’s thumbnails of them. This is an ordinary delete, not secure "
                  "erasure: the contents may still be recoverable from the disk, and copies "
                  "elsewhere (other folders, backups, cloud storage, a phone) are not touched. "
                  "The copies in the diary stay.",
                  originals->len),
        originals->len);
  dialog = adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      ngettext ("Remove the Original?", "Remove the Originals?", originals->len), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _ ("_Keep"), "remove",
                                    _ ("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data_full (G_OBJECT (dialog), "originals", g_ptr_array_ref (originals),
                          (GDestroyNotify)g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_cb), overlay, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * daybook_remove_original_offer:
 * @widget: a widget inside the window's toast overlay
 * @originals: (element-type DaybookOriginal): what was just imported from disk
 *
 * Offers, in a toast, to remove @originals. Does nothing if it is empty.
 */
void
daybook_remove_original_offer (GtkWidget *widget, GPtrArray *originals)
{
  GtkWidget *overlay;
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (originals != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (originals->len == 0 || overlay == NULL)
    return;
  toast = adw_toast_new (ngettext ("Attached. The original is still in its folder.",
                                   "Attached. The originals are still in their folders.",
                                   originals->len));
  adw_toast_set_button_label (toast, _ ("Remove…"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "originals", g_ptr_array_ref (originals),
                          (GDestroyNotify)g_ptr_array_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (button_clicked_cb), overlay, 0);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
