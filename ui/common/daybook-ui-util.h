/* daybook-ui-util.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void daybook_widget_unparent_children (GtkWidget *widget);
void daybook_give_back_memory_soon (void);
void daybook_text_view_set_text (GtkTextView *view, const char *text);
char *daybook_text_view_dup_text (GtkTextView *view);
typedef void (*DaybookFilesChosenFunc) (gpointer widget, GList *files);

void daybook_files_chooser_show (GtkWidget *widget, const char *title, const char *accept_label,
                                 GtkFileChooserNative **slot, DaybookFilesChosenFunc chosen);

G_END_DECLS
