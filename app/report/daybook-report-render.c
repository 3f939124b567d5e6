/* daybook-report-render.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include "daybook-report.h"

/*
 * A page drawn onto an image surface, for a preview: in a worker thread,
 * so a window can show a long report while it is drawn page by page.
 *
 * A report is drawn from one thread at a time (its Pango layouts are not
 * shared between threads). A page being rendered holds a lock that
 * daybook_report_draw_page_locked() takes too, so a window can print on
 * its own thread meanwhile.
 */

static GMutex drawing_lock;

/**
 * daybook_report_draw_page_locked:
 *
 * daybook_report_draw_page() under the lock that page rendering holds:
 * for drawing on one thread (printing, say) while pages may be rendered
 * on another.
 */
void
daybook_report_draw_page_locked (DaybookReport *self, cairo_t *cr, guint page)
{
  g_return_if_fail (DAYBOOK_IS_REPORT (self));

  g_mutex_lock (&drawing_lock);
  daybook_report_draw_page (self, cr, page);
  g_mutex_unlock (&drawing_lock);
}

/**
 * daybook_report_render_page:
 * @page: the page, from 0
 * @width: the image's width in pixels
 * @height: its height in pixels
 * @scale: pixels per point
 *
 * Draws @page of a prepared report on white, scaled by @scale.
 *
 * Returns: (transfer full): an ARGB32 image surface, flushed
 */
cairo_surface_t *
daybook_report_render_page (DaybookReport *self, guint page, int width, int height, double scale)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (DAYBOOK_IS_REPORT (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  daybook_report_draw_page_locked (self, cr, page);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

typedef struct
{
  guint page;
  int width;
  int height;
  double scale;
} RenderData;

static void
render_page_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RenderData *rd = task_data;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (
      task, daybook_report_render_page (source, rd->page, rd->width, rd->height, rd->scale),
      (GDestroyNotify)cairo_surface_destroy);
}

/**
 * daybook_report_render_page_async:
 *
 * daybook_report_render_page() in a worker thread; nothing is drawn if
 * @cancellable is cancelled before the worker starts.
 */
void
daybook_report_render_page_async (DaybookReport *self, guint page, int width, int height,
                                  double scale, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  RenderData *rd;

  g_return_if_fail (DAYBOOK_IS_REPORT (self));
  g_return_if_fail (width > 0 && height > 0);

  rd = g_new0 (RenderData, 1);
  rd->page = page;
  rd->width = width;
  rd->height = height;
  rd->scale = scale;
  g_task_set_source_tag (task, daybook_report_render_page_async);
  g_task_set_task_data (task, rd, g_free);
  g_task_run_in_thread (task, render_page_thread);
}

/**
 * daybook_report_render_page_finish:
 *
 * Returns: (transfer full) (nullable): the page, as
 *   daybook_report_render_page() draws it
 */
cairo_surface_t *
daybook_report_render_page_finish (DaybookReport *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
