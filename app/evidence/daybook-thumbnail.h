/* daybook-thumbnail.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Run only in the parsing helper (daybook-parse.c). */
GdkPixbuf *_daybook_make_thumbnail (GInputStream *stream);
GdkPixbuf *_daybook_decode_image (GBytes *bytes, gint64 max_pixels);

G_END_DECLS
