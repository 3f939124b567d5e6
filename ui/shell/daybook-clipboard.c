/* daybook-clipboard.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-clipboard"

#include "config.h"

#include "daybook-clipboard.h"

/* Text copied out of the diary would otherwise sit on the clipboard, for
 * anyone at the computer to paste, long after the diary is locked. So
 * whatever Daybook puts there (copy, or a selection for middle-click
 * paste) is taken off again after a while, and at once on lock — but
 * only while it is still ours: what the user copied elsewhere since is
 * left alone.
 *
 * Clipboard managers (Klipper and others) keep a history of the clipboard,
 * often on disk. So Daybook does the copying itself: the class handlers of
 * "copy-clipboard" and "cut-clipboard" of GtkText (every entry), GtkTextView
 * and GtkLabel are replaced, once for the process, by handlers that offer
 * the selected text together with the MIME type x-kde-passwordManagerHint
 * holding "secret", which asks such managers not to record it. Ctrl+C,
 * Ctrl+X and the context menu's Copy and Cut all emit those signals. A
 * hidden password copies nothing, as in GTK. Selecting text still offers it
 * as the primary selection (middle-click paste) without the hint: GTK sets
 * that content itself and gives no way to add to it.
 *
 * GTK 4.8 lists the hint among the formats other programs see, but will not
 * hand them its value: the name has no "/", so GDK takes it for no MIME
 * type (GTK issue 4087). A manager that looks for the hint's name skips the
 * text; one that also checks the value may keep it. Answering the X11
 * request ourselves is not possible: GDK's clipboard handles the display's
 * "xevent" signal before any handler the application can connect. */

typedef struct
{
  GdkClipboard *clipboard;
  GdkContentProvider *content;
  guint timeout_id;
} Watch;

struct _DaybookClipboard
{
  GObject parent_instance;

  Watch watches[2];
};

G_DEFINE_FINAL_TYPE (DaybookClipboard, daybook_clipboard, G_TYPE_OBJECT)

static guint test_delay_ms;

static GdkClipboard *
clipboard_of (gpointer widget)
{
  return gtk_widget_get_clipboard (GTK_WIDGET (widget));
}

static void
offer_secret (GtkWidget *widget, const char *text)
{
  gdk_clipboard_set_content (clipboard_of (widget), daybook_clipboard_new_secret_content (text));
}

/* The class handlers below stand in for GTK's own (never chained to). */

static void
text_copy_cb (GtkText *text)
{
  GtkEditable *editable = GTK_EDITABLE (text);
  g_autofree char *chars = NULL;
  int start, end;

  if (!gtk_editable_get_selection_bounds (editable, &start, &end))
    return;
  if (!gtk_text_get_visibility (text))
    {
      gtk_widget_error_bell (GTK_WIDGET (text));
      return;
    }
  chars = gtk_editable_get_chars (editable, start, end);
  offer_secret (GTK_WIDGET (text), chars);
}

static void
text_cut_cb (GtkText *text)
{
  GtkEditable *editable = GTK_EDITABLE (text);

  if (!gtk_text_get_visibility (text))
    {
      gtk_widget_error_bell (GTK_WIDGET (text));
      return;
    }
  text_copy_cb (text);
  if (!gtk_editable_get_editable (editable))
    gtk_widget_error_bell (GTK_WIDGET (text));
  else
    gtk_editable_delete_selection (editable);
}

static gboolean
text_view_selection (GtkTextView *view, GtkTextBuffer **buffer, GtkTextIter *start,
                     GtkTextIter *end)
{
  *buffer = gtk_text_view_get_buffer (view);
  return gtk_text_buffer_get_selection_bounds (*buffer, start, end);
}

static void
text_view_copy_cb (GtkTextView *view)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *chars = NULL;

  if (!text_view_selection (view, &buffer, &start, &end))
    return;
  chars = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  offer_secret (GTK_WIDGET (view), chars);
}

static void
text_view_cut_cb (GtkTextView *view)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (!text_view_selection (view, &buffer, &start, &end))
    return;
  text_view_copy_cb (view);
  gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (view));
  gtk_text_view_scroll_mark_onscreen (view, gtk_text_buffer_get_insert (buffer));
}

static void
label_copy_cb (GtkLabel *label)
{
  g_autofree char *chars = NULL;
  int start, end;

  if (!gtk_label_get_selection_bounds (label, &start, &end))
    return;
  chars = g_utf8_substring (gtk_label_get_text (label), start, end);
  offer_secret (GTK_WIDGET (label), chars);
}

static void
override_handlers (void)
{
  static gsize done;

  if (!g_once_init_enter (&done))
    return;
  /* The signals exist once the classes do; the classes stay for good. */
  g_type_class_ref (GTK_TYPE_TEXT);
  g_type_class_ref (GTK_TYPE_TEXT_VIEW);
  g_type_class_ref (GTK_TYPE_LABEL);
  g_signal_override_class_handler ("copy-clipboard", GTK_TYPE_TEXT, G_CALLBACK (text_copy_cb));
  g_signal_override_class_handler ("cut-clipboard", GTK_TYPE_TEXT, G_CALLBACK (text_cut_cb));
  g_signal_override_class_handler ("copy-clipboard", GTK_TYPE_TEXT_VIEW,
                                   G_CALLBACK (text_view_copy_cb));
  g_signal_override_class_handler ("cut-clipboard", GTK_TYPE_TEXT_VIEW,
                                   G_CALLBACK (text_view_cut_cb));
  g_signal_override_class_handler ("copy-clipboard", GTK_TYPE_LABEL, G_CALLBACK (label_copy_cb));
  g_once_init_leave (&done, 1);
}

static void
clear_if_ours (GdkClipboard *clipboard)
{
  if (gdk_clipboard_is_local (clipboard) && gdk_clipboard_get_content (clipboard) != NULL)
    gdk_clipboard_set_content (clipboard, NULL);
}

static void
watch_reset (Watch *watch)
{
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  g_clear_object (&watch->content);
}

static gboolean
clear_timeout_cb (gpointer user_data)
{
  Watch *watch = user_data;

  watch->timeout_id = 0;
  /* Something newer of ours restarted the wait; not ours, not ours to clear. */
  if (gdk_clipboard_is_local (watch->clipboard)
      && gdk_clipboard_get_content (watch->clipboard) == watch->content)
    gdk_clipboard_set_content (watch->clipboard, NULL);
  g_clear_object (&watch->content);
  return G_SOURCE_REMOVE;
}

static void
clipboard_changed_cb (DaybookClipboard *self, GdkClipboard *clipboard)
{
  Watch *watch = clipboard == self->watches[0].clipboard ? &self->watches[0] : &self->watches[1];
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  guint delay = test_delay_ms > 0 ? test_delay_ms : DAYBOOK_CLIPBOARD_CLEAR_SECONDS * 1000;

  watch_reset (watch);
  if (!gdk_clipboard_is_local (clipboard) || content == NULL)
    return;
  watch->content = g_object_ref (content);
  watch->timeout_id = g_timeout_add (delay, clear_timeout_cb, watch);
}

static void
daybook_clipboard_dispose (GObject *object)
{
  DaybookClipboard *self = DAYBOOK_CLIPBOARD (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->watches); i++)
    {
      watch_reset (&self->watches[i]);
      self->watches[i].clipboard = NULL;
    }

  G_OBJECT_CLASS (daybook_clipboard_parent_class)->dispose (object);
}

static void
daybook_clipboard_class_init (DaybookClipboardClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = daybook_clipboard_dispose;
}

static void
daybook_clipboard_init (DaybookClipboard *self)
{
}

/**
 * daybook_clipboard_new:
 *
 * Starts watching @display's clipboard and primary selection; stops when
 * the returned object is finalized. From the first call on, every entry,
 * text view and label of the process copies and cuts through
 * daybook_clipboard_new_secret_content().
 *
 * Returns: (transfer full): the watcher
 */
DaybookClipboard *
daybook_clipboard_new (GdkDisplay *display)
{
  DaybookClipboard *self;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  override_handlers ();
  self = g_object_new (DAYBOOK_TYPE_CLIPBOARD, NULL);
  self->watches[0].clipboard = gdk_display_get_clipboard (display);
  self->watches[1].clipboard = gdk_display_get_primary_clipboard (display);
  for (guint i = 0; i < G_N_ELEMENTS (self->watches); i++)
    g_signal_connect_object (self->watches[i].clipboard, "changed",
                             G_CALLBACK (clipboard_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

/**
 * daybook_clipboard_new_secret_content:
 * @text: what to offer
 *
 * @text as a string, together with x-kde-passwordManagerHint = "secret",
 * which asks clipboard managers not to keep it in their history.
 *
 * Returns: (transfer full): a content provider for gdk_clipboard_set_content()
 */
GdkContentProvider *
daybook_clipboard_new_secret_content (const char *text)
{
  static const char hint[] = "secret";
  g_autoptr (GBytes) bytes = g_bytes_new_static (hint, sizeof hint - 1);
  GdkContentProvider *providers[2];

  g_return_val_if_fail (text != NULL, NULL);

  providers[0] = gdk_content_provider_new_typed (G_TYPE_STRING, text);
  providers[1] = gdk_content_provider_new_for_bytes (DAYBOOK_CLIPBOARD_HINT_TYPE, bytes);
  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

/**
 * daybook_clipboard_clear_ours:
 *
 * Empties @display's clipboard and primary selection now if what they
 * hold came from Daybook. Locking calls this.
 */
void
daybook_clipboard_clear_ours (GdkDisplay *display)
{
  g_return_if_fail (GDK_IS_DISPLAY (display));

  clear_if_ours (gdk_display_get_clipboard (display));
  clear_if_ours (gdk_display_get_primary_clipboard (display));
}

/**
 * daybook_clipboard_set_test_delay:
 * @ms: how long copied text stays from now on; 0 for the real 30 seconds
 *
 * For tests only.
 */
void
daybook_clipboard_set_test_delay (guint ms)
{
  test_delay_ms = ms;
}
