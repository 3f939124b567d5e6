/* daybook-ui-util.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-ui-util"

#include "config.h"

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
