/* daybook-report-page-preview.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report-page"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-accessible.h"
#include "daybook-report-page-private.h"

/*
 * The preview: one row per page in a GtkListView, each a GtkPicture of
 * the page drawn by the report's own renderer onto a Cairo image surface
 * in a worker thread. Only the pages on screen (and a few around them) are
 * drawn, one at a time, nearest the current page first, and only a dozen
 * are kept: a report of a thousand pages costs no more than one of ten.
 *
 * A report is used from one thread at a time: a page is drawn under a
 * lock that printing (on the main thread) takes too
 * (daybook_report_draw_page_locked()), and saving waits for the page
 * being drawn (daybook_report_page_save_to() in the other file).
 */

#define PREVIEW_WIDTH 720 /* pixels, at scale 1 */
#define MIN_WIDTH 200
#define ROW_PADDING 36 /* listview.daybook-report-preview > row, both sides */
#define N_KEPT 12

/* The page being drawn, for the callback: the task's source is the report. */
typedef struct
{
  DaybookReportPage *self;
  guint page;
} Rendering;

static void
page_size_px (DaybookReportPage *self, int *width, int *height, double *scale)
{
  double w, h;

  daybook_report_get_page_size (self->report, &w, &h);
  *scale = self->render_width / w;
  *width = self->render_width;
  *height = (int)(h * *scale + 0.5);
}

static guint
current_page (DaybookReportPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->pages_scroller);
  guint n = self->report != NULL ? daybook_report_get_n_pages (self->report) : 0;
  double upper = gtk_adjustment_get_upper (adj);
  double row;

  if (n == 0 || upper <= 0)
    return 0;
  row = upper / n;
  return MIN (
      n - 1,
      (guint)((gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) / 3) / row));
}

static void
update_page_label (DaybookReportPage *self)
{
  guint n = self->report != NULL ? daybook_report_get_n_pages (self->report) : 0;
  guint page = current_page (self);
  g_autofree char *text = NULL;

  if (n > 0)
    /* TRANSLATORS: the page of the report shown in the preview */
    text = g_strdup_printf (_ ("Page %u of %u"), page + 1, n);
  gtk_label_set_text (self->page_label, text != NULL ? text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.previous-page", n > 0 && page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.next-page", n > 0 && page + 1 < n);
}

/* Drops pages no one sees, farthest from the current page first. */
static void
forget_pages (DaybookReportPage *self)
{
  guint here = current_page (self);

  while (g_hash_table_size (self->textures) > N_KEPT)
    {
      GHashTableIter iter;
      gpointer key;
      guint farthest = G_MAXUINT, distance = 0;

      g_hash_table_iter_init (&iter, self->textures);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint page = GPOINTER_TO_UINT (key) - 1;
          guint d = page > here ? page - here : here - page;

          if (!g_hash_table_contains (self->bound, key) && (farthest == G_MAXUINT || d > distance))
            {
              farthest = page;
              distance = d;
            }
        }
      if (farthest == G_MAXUINT)
        break;
      g_hash_table_remove (self->textures, GUINT_TO_POINTER (farthest + 1));
    }
}

static void
render_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Rendering *rendering = user_data;
  g_autoptr (DaybookReportPage) self = rendering->self;
  guint page = rendering->page;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pixels = NULL;
  cairo_surface_t *surface;
  GdkTexture *texture;
  GtkPicture *picture;
  int width, height, stride;

  g_free (rendering);
  surface = daybook_report_render_page_finish (DAYBOOK_REPORT (source), result, &error);

  /* A task cancelled by a new report or the lock leaves things alone: the
   * one that cancelled it started over. */
  if (surface == NULL)
    return;

  self->rendering = FALSE;
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  pixels
      = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface), (gsize)stride * height,
                                    (GDestroyNotify)cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels, stride);
  picture = g_hash_table_lookup (self->bound, GUINT_TO_POINTER (page + 1));
  if (picture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  /* Drawn for a width the preview no longer has: shown, but drawn again. */
  if (width == self->render_width)
    g_hash_table_replace (self->textures, GUINT_TO_POINTER (page + 1), texture);
  else
    g_object_unref (texture);

  forget_pages (self);
  _daybook_report_page_render_idle (self);
  _daybook_report_page_preview_render_next (self);
}

/* The page on screen without a picture yet that is nearest the current one. */
static gboolean
next_page_to_render (DaybookReportPage *self, guint *page)
{
  guint here = current_page (self);
  GHashTableIter iter;
  gpointer key;
  gboolean found = FALSE;
  guint best = 0, distance = 0;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint p = GPOINTER_TO_UINT (key) - 1;
      guint d = p > here ? p - here : here - p;

      if (g_hash_table_contains (self->textures, key))
        continue;
      if (!found || d < distance)
        {
          best = p;
          distance = d;
          found = TRUE;
        }
    }
  *page = best;
  return found;
}

/**
 * _daybook_report_page_preview_render_next:
 *
 * Draws the next page the preview needs, unless one is being drawn or a
 * save is waiting for the report.
 */
void
_daybook_report_page_preview_render_next (DaybookReportPage *self)
{
  Rendering *rendering;
  int width, height;
  double scale;
  guint page;

  if (self->rendering || self->report == NULL || self->save_pending || self->saving)
    return;
  if (!next_page_to_render (self, &page))
    return;

  page_size_px (self, &width, &height, &scale);
  rendering = g_new0 (Rendering, 1);
  rendering->self = g_object_ref (self);
  rendering->page = page;

  self->rendering = TRUE;
  daybook_report_render_page_async (self->report, page, width, height, scale,
                                    self->render_cancellable, render_done_cb, rendering);
}

static void
setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *picture = gtk_picture_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), PREVIEW_WIDTH);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picture, "daybook-report-page");
  adw_clamp_set_child (ADW_CLAMP (clamp), picture);
  gtk_list_item_set_child (item, clamp);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, DaybookReportPage *self)
{
  GtkPicture *picture
      = GTK_PICTURE (adw_clamp_get_child (ADW_CLAMP (gtk_list_item_get_child (item))));
  guint page = gtk_list_item_get_position (item);
  gpointer key = GUINT_TO_POINTER (page + 1);
  GdkTexture *texture = g_hash_table_lookup (self->textures, key);
  g_autofree char *label = NULL;

  if (self->report == NULL)
    return;

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  else
    {
      g_autoptr (GdkPaintable) blank = NULL;
      int width, height;
      double scale;

      page_size_px (self, &width, &height, &scale);
      blank = gdk_paintable_new_empty (width, height);
      gtk_picture_set_paintable (picture, blank);
    }
  label
      = g_strdup_printf (_ ("Page %u of %u"), page + 1, daybook_report_get_n_pages (self->report));
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  /* The list's row around it, where a screen reader lands. */
  if (gtk_widget_get_parent (gtk_list_item_get_child (item)) != NULL)
    daybook_accessible_set_label (gtk_widget_get_parent (gtk_list_item_get_child (item)), label);
  g_hash_table_replace (self->bound, key, picture);
  _daybook_report_page_preview_render_next (self);
}

static void
unbind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, DaybookReportPage *self)
{
  GtkPicture *picture
      = GTK_PICTURE (adw_clamp_get_child (ADW_CLAMP (gtk_list_item_get_child (item))));
  gpointer key = GUINT_TO_POINTER (gtk_list_item_get_position (item) + 1);

  if (g_hash_table_lookup (self->bound, key) == picture)
    g_hash_table_remove (self->bound, key);
  gtk_picture_set_paintable (picture, NULL);
}

/* Pages are drawn at the width they are shown at, so text stays sharp. */
static int
wanted_width (DaybookReportPage *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->pages_view)) - ROW_PADDING;

  if (width <= 0)
    width = PREVIEW_WIDTH; /* not shown yet */
  return CLAMP (width, MIN_WIDTH, PREVIEW_WIDTH) * gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

/* The preview was resized: pages are drawn again, the old drawings shown
 * scaled meanwhile. */
static void
follow_width (DaybookReportPage *self)
{
  int width = wanted_width (self);

  if (self->report == NULL || ABS (width - self->render_width) < 8)
    return;
  self->render_width = width;
  g_hash_table_remove_all (self->textures);
  _daybook_report_page_preview_render_next (self);
}

static void
scrolled_cb (DaybookReportPage *self)
{
  update_page_label (self);
  follow_width (self);
}

void
_daybook_report_page_preview_init (DaybookReportPage *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->pages_scroller);

  self->textures = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->bound = g_hash_table_new (NULL, NULL);
  self->page_items = gtk_string_list_new (NULL);
  self->render_cancellable = g_cancellable_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_cb), self, 0);
  gtk_list_view_set_factory (self->pages_view, factory);
  gtk_list_view_set_model (self->pages_view, GTK_SELECTION_MODEL (gtk_no_selection_new (
                                                 G_LIST_MODEL (g_object_ref (self->page_items)))));
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed", G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  update_page_label (self);
}

/* Forgets every page drawn and stops drawing. */
void
_daybook_report_page_preview_clear (DaybookReportPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->page_items));

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  self->render_cancellable = g_cancellable_new ();
  self->rendering = FALSE;
  gtk_string_list_splice (self->page_items, 0, n, NULL);
  g_hash_table_remove_all (self->textures);
  g_hash_table_remove_all (self->bound);
  update_page_label (self);
}

/**
 * _daybook_report_page_preview_set_report:
 *
 * Shows the pages of self->report, just prepared.
 */
void
_daybook_report_page_preview_set_report (DaybookReportPage *self)
{
  guint n = daybook_report_get_n_pages (self->report);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  _daybook_report_page_preview_clear (self);
  self->render_width = wanted_width (self);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, g_strdup_printf ("%u", i + 1));
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->page_items, 0, 0, (const char *const *)names->pdata);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->pages_scroller), 0);
  update_page_label (self);
}

void
_daybook_report_page_preview_go (DaybookReportPage *self, int delta)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->pages_scroller);
  guint n = self->report != NULL ? daybook_report_get_n_pages (self->report) : 0;
  int target;

  if (n == 0)
    return;
  target = CLAMP ((int)current_page (self) + delta, 0, (int)n - 1);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) / n * target);
}
