/* daybook-ui-util.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-ui-util"

#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include <malloc.h>

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

/* A modal chooser for one or more files to bring into the diary. GTK's
 * recent-files list is switched off for the whole process at start-up
 * (daybook-application.c), so nothing chosen here is remembered. */
static GtkFileChooserNative *
files_chooser_new (GtkWidget *widget, const char *title, const char *accept_label)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser
      = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     GTK_FILE_CHOOSER_ACTION_OPEN, accept_label, _ ("_Cancel"));

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return chooser;
}

static void
files_chosen_cb (GtkNativeDialog *dialog, int response, GtkWidget *widget)
{
  DaybookFilesChosenFunc chosen = g_object_get_data (G_OBJECT (dialog), "daybook-chosen");
  GtkFileChooserNative **slot = g_object_get_data (G_OBJECT (dialog), "daybook-slot");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GListModel) model = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      GList *files = NULL;

      for (guint i = g_list_model_get_n_items (model); i > 0; i--)
        files = g_list_prepend (files, g_list_model_get_item (model, i - 1));
      chosen (widget, files);
      g_list_free_full (files, g_object_unref);
    }
  gtk_native_dialog_destroy (dialog);
  g_clear_object (slot);
}

/**
 * daybook_files_chooser_show:
 * @widget: the widget asking, for the parent window
 * @slot: where @widget keeps the open chooser: one at a time; @widget
 *   destroys it when it goes
 * @chosen: told the chosen files (element-type GFile), in order
 *
 * Asks for one or more files to bring into the diary.
 */
void
daybook_files_chooser_show (GtkWidget *widget, const char *title, const char *accept_label,
                            GtkFileChooserNative **slot, DaybookFilesChosenFunc chosen)
{
  if (*slot != NULL)
    return;
  *slot = files_chooser_new (widget, title, accept_label);
  g_object_set_data (G_OBJECT (*slot), "daybook-chosen", chosen);
  g_object_set_data (G_OBJECT (*slot), "daybook-slot", slot);
  g_signal_connect_object (*slot, "response", G_CALLBACK (files_chosen_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (*slot));
}

static guint give_back_source;

static gboolean
give_back_cb (gpointer data)
{
  give_back_source = 0;
  malloc_trim (0);
  return G_SOURCE_REMOVE;
}

/**
 * daybook_give_back_memory_soon:
 *
 * Once the window is idle, hands the heap's free memory back to the
 * system (malloc_trim()). What a burst of work freed (a query over every
 * entry, opening the diary in a worker thread) otherwise stays counted
 * as the window's: glibc keeps it in each thread's arena. Call after such
 * a burst; calls close together trim once.
 */
void
daybook_give_back_memory_soon (void)
{
  if (give_back_source != 0)
    return;
  give_back_source = g_timeout_add_full (G_PRIORITY_LOW, 500, give_back_cb, NULL, NULL);
  g_source_set_name_by_id (give_back_source, "[daybook] give back memory");
}

static gboolean
has_suffix_nocase (const char *name, const char *suffix)
{
  size_t n = strlen (name), m = strlen (suffix);

  return n >= m && g_ascii_strcasecmp (name + n - m, suffix) == 0;
}

static void
save_chosen_cb (GtkNativeDialog *dialog, int response, GtkWidget *widget)
{
  DaybookSaveChosenFunc chosen = g_object_get_data (G_OBJECT (dialog), "daybook-chosen");
  GtkNativeDialog **slot = g_object_get_data (G_OBJECT (dialog), "daybook-slot");
  const char *suffix = g_object_get_data (G_OBJECT (dialog), "daybook-suffix");
  g_autoptr (GFile) file = NULL;
  gboolean replace = TRUE;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  /* The chooser asked before replacing the name chosen, not one with the
   * suffix added: that one is not replaced. */
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      if (!has_suffix_nocase (name, suffix))
        {
          g_autofree char *with_suffix = g_strconcat (name, suffix, NULL);
          g_autoptr (GFile) parent = g_file_get_parent (file);

          g_object_unref (file);
          file = g_file_get_child (parent, with_suffix);
          replace = FALSE;
        }
    }
  g_object_ref (dialog);
  gtk_native_dialog_destroy (dialog);
  g_clear_object (slot);
  chosen (widget, file, replace);
  g_object_unref (dialog);
}

/**
 * daybook_save_chooser_show:
 * @widget: the widget asking, for the parent window
 * @title: the chooser's title
 * @filter_name: the name of the one file type offered ("PDF documents")
 * @mime_type: its MIME type
 * @suffix: its suffix with the dot (".pdf"), added to a name without it
 * @suggested_name: the name the chooser proposes
 * @slot: where @widget keeps the open chooser: one at a time; @widget
 *   destroys it when it goes
 * @chosen: told where to save (or %NULL when cancelled), once
 *
 * Asks where to save one file that Daybook writes: the report, the report
 * key's hand-over sheet, a statement draft. Nothing chosen is remembered
 * (the recent-files list is off for the whole process).
 */
void
daybook_save_chooser_show (GtkWidget *widget, const char *title, const char *filter_name,
                           const char *mime_type, const char *suffix, const char *suggested_name,
                           GtkNativeDialog **slot, DaybookSaveChosenFunc chosen)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (*slot != NULL)
    return;
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_suffix (filter, suffix + (suffix[0] == '.'));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_object_set_data (G_OBJECT (chooser), "daybook-chosen", chosen);
  g_object_set_data (G_OBJECT (chooser), "daybook-slot", slot);
  g_object_set_data_full (G_OBJECT (chooser), "daybook-suffix", g_strdup (suffix), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_chosen_cb), widget, 0);
  *slot = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (*slot);
}

/* Sizes that grow with the text */

#define BASE_WIDTH_KEY "daybook-base-width"

static void
text_scale_cb (GtkSettings *settings, GParamSpec *pspec, GtkWidget *widget)
{
  int base = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), BASE_WIDTH_KEY));
  int dpi = 0;
  double scale;
  int width;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  /* -1: the display's default, 96 dpi. Never narrower than designed. */
  scale = dpi > 0 ? MAX (1.0, dpi / (96.0 * 1024)) : 1.0;
  width = (int)(base * scale + 0.5);
  if (ADW_IS_CLAMP (widget))
    {
      adw_clamp_set_maximum_size (ADW_CLAMP (widget), width);
      adw_clamp_set_tightening_threshold (ADW_CLAMP (widget), width);
    }
  else
    gtk_widget_set_size_request (widget, width, -1);
}

/**
 * daybook_width_follows_text:
 * @base_width: the width at 100 % text, in pixels
 *
 * Makes a width set in pixels (a panel's width-request, or an AdwClamp's
 * maximum size and tightening threshold) grow with the desktop's text size
 * (GtkSettings:gtk-xft-dpi, which GNOME's "Large Text" and text scaling
 * factor set), so that text at 200 % gets twice the room instead of being
 * shortened to "…".
 */
void
daybook_width_follows_text (GtkWidget *widget, int base_width)
{
  GtkSettings *settings = gtk_widget_get_settings (widget);

  g_object_set_data (G_OBJECT (widget), BASE_WIDTH_KEY, GINT_TO_POINTER (base_width));
  g_signal_connect_object (settings, "notify::gtk-xft-dpi", G_CALLBACK (text_scale_cb), widget, 0);
  text_scale_cb (settings, NULL, widget);
}

/**
 * daybook_clamps_follow_text:
 *
 * Every AdwClamp below @root (a reading width set in pixels) grows with
 * the desktop's text size, from the maximum size its template gave it.
 */
void
daybook_clamps_follow_text (GtkWidget *root)
{
  if (ADW_IS_CLAMP (root) && g_object_get_data (G_OBJECT (root), BASE_WIDTH_KEY) == NULL)
    daybook_width_follows_text (root, adw_clamp_get_maximum_size (ADW_CLAMP (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    daybook_clamps_follow_text (c);
}

static void
window_text_scale_cb (GtkSettings *settings, GParamSpec *pspec, GtkWindow *window)
{
  int base_w = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), BASE_WIDTH_KEY));
  int base_h = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "daybook-base-height"));
  int dpi = 0;
  double scale;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  scale = dpi > 0 ? MAX (1.0, dpi / (96.0 * 1024)) : 1.0;
  /* GTK keeps a window's first size within the screen. */
  gtk_window_set_default_size (window, base_w > 0 ? (int)(base_w * scale + 0.5) : -1,
                               base_h > 0 ? (int)(base_h * scale + 0.5) : -1);
}

/**
 * daybook_window_size_follows_text:
 *
 * Makes @window's default size (as its template set it, at 100 % text)
 * and its clamps grow with the desktop's text size, as
 * daybook_width_follows_text() does for a panel. Call it before the window
 * is shown.
 */
void
daybook_window_size_follows_text (GtkWindow *window)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (window));
  int w = -1, h = -1;

  gtk_window_get_default_size (window, &w, &h);
  g_object_set_data (G_OBJECT (window), BASE_WIDTH_KEY, GINT_TO_POINTER (w));
  g_object_set_data (G_OBJECT (window), "daybook-base-height", GINT_TO_POINTER (h));
  g_signal_connect_object (settings, "notify::gtk-xft-dpi", G_CALLBACK (window_text_scale_cb),
                           window, 0);
  window_text_scale_cb (settings, NULL, window);
  daybook_clamps_follow_text (GTK_WIDGET (window));
}
