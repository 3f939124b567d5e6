/* daybook-clipboard.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DAYBOOK_TYPE_CLIPBOARD (daybook_clipboard_get_type ())

G_DECLARE_FINAL_TYPE (DaybookClipboard, daybook_clipboard, DAYBOOK, CLIPBOARD, GObject)

/* How long text copied out of the diary stays on the clipboard. */
#define DAYBOOK_CLIPBOARD_CLEAR_SECONDS 30
/* The MIME type by which clipboard managers are asked not to keep text. */
#define DAYBOOK_CLIPBOARD_HINT_TYPE "x-kde-passwordManagerHint"

DaybookClipboard *daybook_clipboard_new (GdkDisplay *display);
GdkContentProvider *daybook_clipboard_new_secret_content (const char *text);
void daybook_clipboard_clear_ours (GdkDisplay *display);
void daybook_clipboard_set_test_delay (guint ms);

G_END_DECLS
