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

#include "daybook-thumbnail.h"

/* Thumbnails are decoded in memory by the parsing helper (daybook-parse.c)
 * from the stored copy's bytes; the parent checks the pixels, turns them
 * upright, encodes the PNG itself and keeps it, encrypted, in the diary:
 * never in ~/.cache/thumbnails, where a desktop's own thumbnailer would
 * leave a readable copy of the evidence. The viewer's full image is decoded
 * here too (_daybook_decode_image). */

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

/*
 * _daybook_make_thumbnail:
 *
 * Returns: (transfer full) (nullable): the image at most 256 pixels on its
 *   longer side, not yet turned; %NULL if it cannot be decoded
 */
GdkPixbuf *
_daybook_make_thumbnail (GInputStream *stream)
{
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autofree guint8 *buf = g_malloc (READ_SIZE);
  Prepared prepared = { FALSE };
  gboolean ok = TRUE;
  GdkPixbuf *pixbuf;
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
  return pixbuf != NULL ? g_object_ref (pixbuf) : NULL;
}

/*
 * _daybook_decode_image:
 * @max_pixels: refuse images with more pixels than this
 *
 * The whole image, for the viewer, not yet turned.
 *
 * Returns: (transfer full) (nullable): %NULL if it cannot be decoded
 */
GdkPixbuf *
_daybook_decode_image (GBytes *bytes, gint64 max_pixels)
{
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pixbuf;

  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, NULL)
      || !gdk_pixbuf_loader_close (loader, NULL))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL
      || (gint64)gdk_pixbuf_get_width (pixbuf) * gdk_pixbuf_get_height (pixbuf) > max_pixels)
    return NULL;
  return g_object_ref (pixbuf);
}
