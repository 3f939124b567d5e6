/* daybook-report-exhibits.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* The exhibit schedule, and the thumbnails beside the entries that cite
 * image exhibits. Exhibits come from a DaybookExhibitProvider, read one at
 * a time; the attachments code supplies a real one. */

#define LABEL_WIDTH DAYBOOK_MM (38)
#define THUMB_HEIGHT DAYBOOK_MM (26)
#define THUMB_MAX_WIDTH DAYBOOK_MM (36)
#define THUMB_GAP DAYBOOK_MM (4)
#define THUMB_CAPTION 11.0

void
daybook_exhibit_free (DaybookExhibit *exhibit)
{
  if (exhibit == NULL)
    return;
  g_free (exhibit->mark);
  g_free (exhibit->description);
  g_free (exhibit->filename);
  g_free (exhibit->media_type);
  g_free (exhibit->sha256);
  g_clear_pointer (&exhibit->entries, g_array_unref);
  g_clear_pointer (&exhibit->thumbnail, g_bytes_unref);
  g_free (exhibit);
}

static guint
empty_get_n_exhibits (DaybookExhibitProvider *self)
{
  return 0;
}

static DaybookExhibit *
empty_get_exhibit (DaybookExhibitProvider *self, guint i)
{
  g_return_val_if_reached (NULL);
}

static GPtrArray *
empty_list_for_entry (DaybookExhibitProvider *self, gint64 number)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_exhibit_free);
}

static void
empty_free (DaybookExhibitProvider *self)
{
  g_free (self);
}

/**
 * daybook_exhibit_provider_new_empty:
 *
 * Returns: (transfer full): a provider with no exhibits
 */
DaybookExhibitProvider *
daybook_exhibit_provider_new_empty (void)
{
  DaybookExhibitProvider *self = g_new0 (DaybookExhibitProvider, 1);

  self->get_n_exhibits = empty_get_n_exhibits;
  self->get_exhibit = empty_get_exhibit;
  self->list_for_entry = empty_list_for_entry;
  self->free = empty_free;
  return self;
}

void
daybook_exhibit_provider_free (DaybookExhibitProvider *self)
{
  if (self != NULL)
    self->free (self);
}

typedef struct
{
  const guint8 *data;
  gsize left;
} PngReader;

static cairo_status_t
png_read_cb (void *closure, unsigned char *out, unsigned int length)
{
  PngReader *reader = closure;

  if (length > reader->left)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, reader->data, length);
  reader->data += length;
  reader->left -= length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
load_png (GBytes *bytes)
{
  PngReader reader;

  reader.data = g_bytes_get_data (bytes, &reader.left);
  return cairo_image_surface_create_from_png_stream (png_read_cb, &reader);
}

static void
draw_thumbnails (DaybookReport *self, cairo_t *cr, double x, double y, double width, gpointer data)
{
  GPtrArray *exhibits = data;
  double cx = x + DAYBOOK_MM (30);

  for (guint i = 0; i < exhibits->len; i++)
    {
      DaybookExhibit *exhibit = g_ptr_array_index (exhibits, i);
      cairo_surface_t *image;
      double w, h, scale;

      if (exhibit->thumbnail == NULL)
        continue;
      image = load_png (exhibit->thumbnail);
      if (cairo_surface_status (image) == CAIRO_STATUS_SUCCESS)
        {
          w = cairo_image_surface_get_width (image);
          h = cairo_image_surface_get_height (image);
          scale = MIN (THUMB_HEIGHT / h, THUMB_MAX_WIDTH / w);
          if (cx + w * scale > x + width)
            {
              cairo_surface_destroy (image);
              break;
            }

          cairo_save (cr);
          cairo_translate (cr, cx, y);
          cairo_scale (cr, scale, scale);
          cairo_set_source_surface (cr, image, 0, 0);
          cairo_paint (cr);
          cairo_restore (cr);

          cairo_save (cr);
          cairo_set_line_width (cr, 0.5);
          cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
          cairo_rectangle (cr, cx, y, w * scale, h * scale);
          cairo_stroke (cr);
          cairo_restore (cr);

          {
            g_autoptr (PangoLayout) caption
                = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, w * scale);

            pango_layout_set_text (caption, exhibit->mark, -1);
            cairo_move_to (cr, cx, y + h * scale + 1);
            pango_cairo_show_layout (cr, caption);
          }
          cx += w * scale + THUMB_GAP;
        }
      cairo_surface_destroy (image);
    }
}

/*
 * _daybook_report_add_thumbnails:
 * @exhibits: the exhibits an entry cites
 *
 * Adds a row of thumbnails of the image exhibits among @exhibits, if any.
 */
void
_daybook_report_add_thumbnails (DaybookFlow *flow, GPtrArray *exhibits)
{
  gboolean any = FALSE;

  for (guint i = 0; i < exhibits->len && !any; i++)
    any = ((DaybookExhibit *)g_ptr_array_index (exhibits, i))->thumbnail != NULL;
  if (!any)
    return;

  _daybook_flow_add_drawing (flow, THUMB_HEIGHT + THUMB_CAPTION, draw_thumbnails,
                             g_ptr_array_ref (exhibits), (GDestroyNotify)g_ptr_array_unref)
      ->space_before
      = 6;
}

static char *
entries_text (GArray *entries)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, text->len ? ", " : "",
                            g_array_index (entries, gint64, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* An exhibit's size in the report's language: "2.2 kB (2156 bytes)" as
 * GLib writes it, but from the report's catalogue, not the process's. */
static char *
format_size (guint64 bytes)
{
  static const guint64 steps[]
      = { 1000, 1000 * 1000, 1000 * 1000 * 1000, G_GUINT64_CONSTANT (1000000000000) };
  g_autofree char *exact = g_strdup_printf (
      /* TRANSLATORS: an exhibit's exact size in the report */
      g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " byte", "%" PRIu64 " bytes", (gulong)bytes), bytes);
  guint64 tenths;
  guint step;

  if (bytes < steps[0])
    return g_steal_pointer (&exact);
  for (step = 0; step + 1 < G_N_ELEMENTS (steps) && bytes >= steps[step + 1]; step++)
    ;
  tenths = (bytes * 10 + steps[step] / 2) / steps[step];
  switch (step)
    {
    case 0:
      /* TRANSLATORS: a size in kilobytes with one decimal, then the exact
       * size in bytes: "2.2 kB (2156 bytes)"; use your decimal separator */
      return g_strdup_printf (_ ("%" PRIu64 ".%u kB (%s)"), tenths / 10, (guint)(tenths % 10),
                              exact);
    case 1:
      /* TRANSLATORS: as "%<PRIu64>.%u kB (%s)", in megabytes */
      return g_strdup_printf (_ ("%" PRIu64 ".%u MB (%s)"), tenths / 10, (guint)(tenths % 10),
                              exact);
    case 2:
      /* TRANSLATORS: as "%<PRIu64>.%u kB (%s)", in gigabytes */
      return g_strdup_printf (_ ("%" PRIu64 ".%u GB (%s)"), tenths / 10, (guint)(tenths % 10),
                              exact);
    default:
      /* TRANSLATORS: as "%<PRIu64>.%u kB (%s)", in terabytes */
      return g_strdup_printf (_ ("%" PRIu64 ".%u TB (%s)"), tenths / 10, (guint)(tenths % 10),
                              exact);
    }
}

static void
add_exhibit (DaybookReport *self, DaybookFlow *flow, DaybookExhibit *exhibit)
{
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  g_autofree char *heading = NULL;
  g_autofree char *size = format_size (exhibit->size);
  g_autofree char *created = NULL;
  g_autofree char *added = _daybook_report_format_time (self, exhibit->added_at, NULL);
  g_autofree char *entries = entries_text (exhibit->entries);
  g_autofree char *hash = g_markup_printf_escaped (
      "<span font_family=\"DejaVu Sans Mono\">%s</span>", exhibit->sha256);
  g_autofree char *continued = NULL;
  DaybookBlock *block;

  /* TRANSLATORS: an exhibit mark ("AB/1"), then its description */
  heading = exhibit->description != NULL && exhibit->description[0] != '\0'
                ? g_strdup_printf (_ ("Exhibit %s — %s"), exhibit->mark, exhibit->description)
                : g_strdup_printf (_ ("Exhibit %s"), exhibit->mark);
  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_ENTRY, heading);
  block->keep_with_next = TRUE;
  block->shade = TRUE;
  block->space_before = 6;
  continued = g_strdup_printf (_ ("Exhibit %s (continued)"), exhibit->mark);
  _daybook_flow_set_continued (flow, continued);

  if (exhibit->created_at != 0)
    created = _daybook_report_format_time (self, exhibit->created_at, NULL);

  _daybook_table_add (table, _ ("Original file"), exhibit->filename);
  _daybook_table_add (table, _ ("Type"), exhibit->media_type);
  _daybook_table_add (table, _ ("Size"), size);
  _daybook_table_add (table, _ ("Taken or created"), created ? created : _ ("Not known"));
  _daybook_table_add (table, _ ("Added to the diary"), added);
  _daybook_table_add_markup (table, _ ("SHA-256"), hash);
  _daybook_table_add (table, _ ("Cited in entries"), entries);
  _daybook_flow_add_table (flow, table)->space_before = 4;
}

static guint
schedule_n_items (DaybookReport *self)
{
  return MAX (1, self->exhibits->get_n_exhibits (self->exhibits));
}

static void
schedule_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  guint n = self->exhibits->get_n_exhibits (self->exhibits);

  if (item == 0)
    {
      _daybook_flow_add_heading (flow, _ ("Exhibit schedule"));
      _daybook_flow_add_text (flow, n == 0 ? DAYBOOK_STYLE_BODY : DAYBOOK_STYLE_SMALL,
                              n == 0
                                  ? _ ("No exhibits are attached to the entries in this report.")
                                  : _ ("Each exhibit is a file kept unchanged in the diary since "
                                       "it was added. Its SHA-256 checksum identifies the original "
                                       "bytes: a copy whose checksum matches is identical to it."))
          ->space_before
          = 4;
    }
  if (n > 0)
    {
      g_autoptr (DaybookExhibit) exhibit = self->exhibits->get_exhibit (self->exhibits, item);

      add_exhibit (self, flow, exhibit);
    }
}

const DaybookSection _daybook_report_schedule = {
  TRUE,
  schedule_n_items,
  schedule_build,
};
