/* daybook-thumbnail.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-thumbnail"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <sodium.h>

#include "daybook-attachment-private.h"
#include "daybook-thumbnail.h"

/* Thumbnails are made in memory from the stored copy and kept, encrypted,
 * in the diary: never in ~/.cache/thumbnails, where a desktop's own
 * thumbnailer would leave a readable copy of the evidence. */

#define THUMB_SIZE 256
#define READ_SIZE (64 * 1024)
/* Loaders that cannot decode at a smaller size hold the whole image. */
#define MAX_PIXELS (40 * 1000 * 1000)

typedef struct
{
  gboolean too_big;
} Prepared;

static void
size_prepared_cb (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  Prepared *prepared = user_data;
  double scale;

  if (width <= 0 || height <= 0 || (gint64)width * height > MAX_PIXELS)
    {
      prepared->too_big = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  scale = MIN (1.0, (double)THUMB_SIZE / MAX (width, height));
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int)(width * scale)),
                              MAX (1, (int)(height * scale)));
}

/* The EXIF orientation, as gdk_pixbuf_apply_embedded_orientation() reads it. */
GdkPixbuf *
_daybook_orient_pixbuf (GdkPixbuf *pixbuf, int orientation)
{
  g_autoptr (GdkPixbuf) turned = NULL;

  switch (orientation)
    {
    case 2:
      return gdk_pixbuf_flip (pixbuf, TRUE);
    case 3:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_UPSIDEDOWN);
    case 4:
      return gdk_pixbuf_flip (pixbuf, FALSE);
    case 5:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
      return gdk_pixbuf_flip (turned, TRUE);
    case 6:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
    case 7:
      turned = gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_CLOCKWISE);
      return gdk_pixbuf_flip (turned, TRUE);
    case 8:
      return gdk_pixbuf_rotate_simple (pixbuf, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
    default:
      return g_object_ref (pixbuf);
    }
}

/*
 * _daybook_make_thumbnail:
 * @orientation: the EXIF orientation, 1 to 8
 *
 * Returns: (transfer full) (nullable): a PNG at most 256 pixels on its
 *   longer side, turned upright; %NULL if the image cannot be decoded
 */
GBytes *
_daybook_make_thumbnail (GInputStream *stream, int orientation)
{
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autofree guint8 *buf = g_malloc (READ_SIZE);
  g_autoptr (GdkPixbuf) upright = NULL;
  g_autofree char *png = NULL;
  Prepared prepared = { FALSE };
  gboolean ok = TRUE;
  GdkPixbuf *pixbuf;
  gsize png_len;
  gssize n;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &prepared);
  while (ok && !prepared.too_big
         && (n = g_input_stream_read (stream, buf, READ_SIZE, NULL, NULL)) > 0)
    ok = gdk_pixbuf_loader_write (loader, buf, n, NULL);
  sodium_memzero (buf, READ_SIZE);
  /* Closing reports a truncated image; whatever decoded is still useful. */
  gdk_pixbuf_loader_close (loader, NULL);
  if (!ok || prepared.too_big)
    return NULL;

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    return NULL;
  upright = _daybook_orient_pixbuf (pixbuf, orientation);
  if (upright == NULL || !gdk_pixbuf_save_to_buffer (upright, &png, &png_len, "png", NULL, NULL))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&png), png_len);
}
