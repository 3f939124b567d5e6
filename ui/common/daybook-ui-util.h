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

/**
 * DaybookSaveChosenFunc:
 * @widget: the widget that asked
 * @file: (nullable): where to save, or %NULL when the user cancelled
 * @replace: whether the user already agreed to replace @file; %FALSE when
 *   the suffix was added after the chooser asked
 */
typedef void (*DaybookSaveChosenFunc) (gpointer widget, GFile *file, gboolean replace);

void daybook_save_chooser_show (GtkWidget *widget, const char *title, const char *filter_name,
                                const char *mime_type, const char *suffix,
                                const char *suggested_name, GtkNativeDialog **slot,
                                DaybookSaveChosenFunc chosen);

void daybook_width_follows_text (GtkWidget *widget, int base_width);
void daybook_window_size_follows_text (GtkWindow *window);
void daybook_clamps_follow_text (GtkWidget *root);

G_END_DECLS
