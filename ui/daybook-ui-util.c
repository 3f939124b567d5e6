/* daybook-ui-util.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-ui-util.h"

/**
 * daybook_widget_unparent_children:
 *
 * For widgets with a layout manager and template children: GTK 4.8's
 * gtk_widget_dispose_template() does not unparent them.
 */
void
daybook_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/**
 * daybook_text_view_set_text:
 *
 * Replaces the text as one irreversible action, so the undo history keeps
 * nothing of what was shown before (an entry, before locking).
 */
void
daybook_text_view_set_text (GtkTextView *view, const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
}

char *
daybook_text_view_dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * daybook_files_chooser_new:
 * @widget: the widget asking, for the parent window
 *
 * A modal chooser for one or more files to bring into the diary. GTK's
 * recent-files list is switched off for the whole process at start-up
 * (daybook-application.c), so nothing chosen here is remembered.
 *
 * Returns: (transfer full): the chooser, not yet shown
 */
GtkFileChooserNative *
daybook_files_chooser_new (GtkWidget  *widget,
                           const char *title,
                           const char *accept_label)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, accept_label,
                                                               _("_Cancel"));

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

/**
 * daybook_file_chooser_dup_files:
 *
 * Returns: (transfer full) (element-type GFile): the chosen files, in order
 */
GList *
daybook_file_chooser_dup_files (GtkFileChooser *chooser)
{
  g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (chooser);
  GList *files = NULL;

  for (guint i = g_list_model_get_n_items (chosen); i > 0; i--)
    files = g_list_prepend (files, g_list_model_get_item (chosen, i - 1));
  return files;
}
