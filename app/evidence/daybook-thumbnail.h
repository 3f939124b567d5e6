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

/* A PNG thumbnail of an image, turned upright by its EXIF orientation. */
GBytes *_daybook_make_thumbnail (GInputStream *stream, int orientation);
/* @pixbuf turned upright by an EXIF orientation (1–8). */
GdkPixbuf *_daybook_orient_pixbuf (GdkPixbuf *pixbuf, int orientation);

G_END_DECLS
