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
 * left alone. */

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
 * the returned object is finalized.
 *
 * Returns: (transfer full): the watcher
 */
DaybookClipboard *
daybook_clipboard_new (GdkDisplay *display)
{
  DaybookClipboard *self;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  self = g_object_new (DAYBOOK_TYPE_CLIPBOARD, NULL);
  self->watches[0].clipboard = gdk_display_get_clipboard (display);
  self->watches[1].clipboard = gdk_display_get_primary_clipboard (display);
  for (guint i = 0; i < G_N_ELEMENTS (self->watches); i++)
    g_signal_connect_object (self->watches[i].clipboard, "changed",
                             G_CALLBACK (clipboard_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
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
