/* daybook-report-flow.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "daybook-report-private.h"

/* How a report fills its pages. Each section yields items (an incident,
 * an exhibit, the cover) and each item a short list of blocks. The same
 * function lays a page out without drawing (to count pages and remember
 * where each one starts) and then draws it, so both agree on every break.
 * Only the blocks of the items on one page are alive at any time. */

#define FAMILY "Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, DejaVu Sans, Symbola"
#define ITEM_GAP 10.0

typedef enum
{
  PLACED_NONE,
  PLACED_PART,
  PLACED_ALL,
} Placed;

static const DaybookSection *sections[] = {
  &_daybook_report_cover,
  &_daybook_report_summary,
  &_daybook_report_timeline,
  &_daybook_report_schedule,
  &_daybook_report_verify,
};

static void
block_free (gpointer data)
{
  DaybookBlock *block = data;

  g_clear_object (&block->layout);
  if (block->destroy != NULL)
    block->destroy (block->data);
  g_free (block->outline);
  g_free (block->line_top);
  g_free (block->baseline);
  g_free (block);
}

static DaybookFlow *
flow_new (DaybookReport *self)
{
  DaybookFlow *flow = g_new0 (DaybookFlow, 1);

  flow->report = self;
  flow->blocks = g_ptr_array_new_with_free_func (block_free);
  return flow;
}

static void
flow_free (DaybookFlow *flow)
{
  g_ptr_array_unref (flow->blocks);
  g_free (flow->continued);
  g_free (flow);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookFlow, flow_free)

/* Lines and their positions, once, so splitting is cheap. */
static void
measure_lines (DaybookBlock *block)
{
  PangoLayoutIter *iter;
  PangoRectangle logical;
  guint i = 0;

  block->n_lines = pango_layout_get_line_count (block->layout);
  block->line_top = g_new (double, block->n_lines + 1);
  block->baseline = g_new (double, block->n_lines);

  iter = pango_layout_get_iter (block->layout);
  do
    {
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      block->line_top[i] = (double) y0 / PANGO_SCALE;
      block->baseline[i] = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      i++;
    }
  while (i < block->n_lines && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  pango_layout_get_extents (block->layout, NULL, &logical);
  block->line_top[block->n_lines] = (double) logical.height / PANGO_SCALE;
  block->height = block->line_top[block->n_lines];
}

static DaybookBlock *
flow_append (DaybookFlow *flow,
             PangoLayout *layout)
{
  DaybookBlock *block = g_new0 (DaybookBlock, 1);

  block->layout = layout;
  if (layout != NULL)
    measure_lines (block);
  g_ptr_array_add (flow->blocks, block);
  return block;
}

/* The height of a chain of blocks kept together, up to the first two
 * lines of the block that follows them. */
static double
keep_height (DaybookFlow *flow,
             guint        b)
{
  double h = 0;

  for (; b < flow->blocks->len; b++)
    {
      DaybookBlock *block = g_ptr_array_index (flow->blocks, b);

      if (block->layout == NULL || block->keep_with_next)
        h += block->space_before + block->height;
      else
        h += block->space_before + block->line_top[MIN (2, block->n_lines)];
      if (!block->keep_with_next)
        break;
    }
  return h;
}

static void
draw_lines (DaybookReport *self,
            cairo_t       *cr,
            DaybookBlock  *block,
            guint          first,
            guint          n,
            double         y)
{
  double x = self->margin + block->indent;
  double top = block->line_top[first];
  PangoLayoutIter *iter = pango_layout_get_iter (block->layout);

  if (block->shade)
    {
      cairo_save (cr);
      cairo_set_source_rgb (cr, 0.90, 0.91, 0.93);
      cairo_rectangle (cr, self->margin - 4, y - 2, _daybook_report_body_width (self) + 8,
                       block->line_top[first + n] - top + 4);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  for (guint i = 0; i < first + n; i++)
    {
      if (i >= first)
        {
          PangoRectangle logical;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          cairo_move_to (cr, x + (double) logical.x / PANGO_SCALE, y + block->baseline[i] - top);
          pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
        }
      pango_layout_iter_next_line (iter);
    }
  pango_layout_iter_free (iter);
}

static void
add_outline (DaybookReport *self,
             DaybookBlock  *block,
             double         y)
{
  g_autofree char *dest = NULL;
  char ybuf[G_ASCII_DTOSTR_BUF_SIZE];
  int id;

  if (self->outline_surface == NULL || block->outline == NULL)
    return;

  g_ascii_formatd (ybuf, sizeof ybuf, "%.1f", y);
  dest = g_strdup_printf ("page=%u pos=[0 %s]", self->current_page + 1, ybuf);
  id = cairo_pdf_surface_add_outline (self->outline_surface,
                                      block->outline_level == 0 ? CAIRO_PDF_OUTLINE_ROOT
                                                                : self->outline_parent,
                                      block->outline, dest,
                                      block->outline_level == 0 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
  if (block->outline_level == 0)
    self->outline_parent = id;
}

static Placed
place_block (DaybookReport *self,
             cairo_t       *cr,
             DaybookFlow   *flow,
             guint          b,
             guint          line,
             double        *y,
             gboolean       page_empty,
             guint         *placed)
{
  DaybookBlock *block = g_ptr_array_index (flow->blocks, b);
  double space = (page_empty || line > 0) ? 0 : block->space_before;
  double avail = self->body_bottom - (*y + space);
  guint k = 0, remaining;

  if (block->layout == NULL)
    {
      if (block->height > avail && !page_empty)
        return PLACED_NONE;
      if (cr != NULL)
        {
          add_outline (self, block, *y + space);
          block->draw (self, cr, self->margin + block->indent, *y + space,
                       _daybook_report_body_width (self) - block->indent, block->data);
        }
      *y += space + block->height;
      return PLACED_ALL;
    }

  if (line == 0 && block->keep_with_next && !page_empty
      && keep_height (flow, b) - block->space_before > avail)
    return PLACED_NONE;

  remaining = block->n_lines - line;
  while (k < remaining && block->line_top[line + k + 1] - block->line_top[line] <= avail)
    k++;

  if (k < remaining)
    {
      if (page_empty)
        k = MAX (k, 1);
      else
        {
          /* No lone first line at a page foot, no lone last line at a
           * page head, and headings are never split. */
          if (remaining - k < 2 && remaining >= 4)
            k = remaining - 2;
          if (k < 2 || block->keep_with_next)
            return PLACED_NONE;
        }
    }

  if (cr != NULL)
    {
      if (line == 0)
        add_outline (self, block, *y + space);
      draw_lines (self, cr, block, line, k, *y + space);
    }
  *y += space + block->line_top[line + k] - block->line_top[line];
  *placed = k;
  return k == remaining ? PLACED_ALL : PLACED_PART;
}

static double
draw_continued (DaybookReport *self,
                cairo_t       *cr,
                const char    *text,
                double         y)
{
  g_autoptr(PangoLayout) layout = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL,
                                                              _daybook_report_body_width (self));
  PangoRectangle logical;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  if (cr != NULL)
    {
      cairo_save (cr);
      cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
      cairo_move_to (cr, self->margin, y);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }
  return (double) logical.height / PANGO_SCALE + 6;
}

/*
 * _daybook_report_fill_page:
 * @cr: (nullable): where to draw, or %NULL to lay out only
 * @start: where the page begins
 * @next: (out): where the following page begins
 *
 * Returns: whether another page follows
 */
gboolean
_daybook_report_fill_page (DaybookReport       *self,
                           cairo_t             *cr,
                           const DaybookCursor *start,
                           DaybookCursor       *next)
{
  DaybookCursor c = *start;
  double y = self->body_top;
  gboolean page_empty = TRUE;

  g_assert (c.section < G_N_ELEMENTS (sections));

  for (;;)
    {
      const DaybookSection *section = sections[c.section];
      g_autoptr(DaybookFlow) flow = NULL;

      if (c.item >= section->n_items (self))
        {
          c.section++;
          c.item = c.block = c.line = 0;
          if (c.section < G_N_ELEMENTS (sections) && !sections[c.section]->new_page)
            continue;
          *next = c;
          return c.section < G_N_ELEMENTS (sections);
        }

      flow = flow_new (self);
      section->build (self, c.item, flow);

      if (page_empty && (c.block > 0 || c.line > 0) && flow->continued != NULL)
        y += draw_continued (self, cr, flow->continued, y);

      for (; c.block < flow->blocks->len; c.block++, c.line = 0)
        {
          guint placed = 0;

          switch (place_block (self, cr, flow, c.block, c.line, &y, page_empty, &placed))
            {
            case PLACED_ALL:
              page_empty = FALSE;
              break;
            case PLACED_PART:
              c.line += placed;
              *next = c;
              return TRUE;
            case PLACED_NONE:
            default:
              *next = c;
              return TRUE;
            }
        }

      c.item++;
      c.block = c.line = 0;
      y += ITEM_GAP;
    }
}

/* Header and footer: on every page, so a loose page still says what it
 * belongs to and where it goes. */
void
_daybook_report_draw_frame (DaybookReport *self,
                            cairo_t       *cr,
                            guint          page)
{
  double width = _daybook_report_body_width (self);
  g_autoptr(PangoLayout) left = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, width * 0.48);
  g_autoptr(PangoLayout) right = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, width * 0.5);
  g_autofree char *refs = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *page_text = NULL;
  const char *case_ref = _daybook_report_get_setting (self, DAYBOOK_REPORT_CASE_REF);
  const char *crime_ref = _daybook_report_get_setting (self, DAYBOOK_REPORT_CRIME_REF);
  double header_y = self->body_top - DAYBOOK_MM (11);
  double footer_y = self->body_bottom + DAYBOOK_MM (6);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);

  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  pango_layout_set_ellipsize (right, PANGO_ELLIPSIZE_START);
  pango_layout_set_text (left, self->title, -1);
  cairo_move_to (cr, self->margin, header_y);
  pango_cairo_show_layout (cr, left);

  if (case_ref != NULL && crime_ref != NULL)
    /* TRANSLATORS: page header: case reference, crime reference */
    refs = g_strdup_printf (_("Case ref. %s · Crime ref. %s"), case_ref, crime_ref);
  else if (case_ref != NULL)
    refs = g_strdup_printf (_("Case ref. %s"), case_ref);
  else if (crime_ref != NULL)
    refs = g_strdup_printf (_("Crime ref. %s"), crime_ref);
  if (refs != NULL)
    {
      pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
      pango_layout_set_text (right, refs, -1);
      cairo_move_to (cr, self->margin + width * 0.5, header_y);
      pango_cairo_show_layout (cr, right);
    }

  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, self->margin, self->body_top - DAYBOOK_MM (5));
  cairo_line_to (cr, self->margin + width, self->body_top - DAYBOOK_MM (5));
  cairo_move_to (cr, self->margin, footer_y - 3);
  cairo_line_to (cr, self->margin + width, footer_y - 3);
  cairo_stroke (cr);

  /* TRANSLATORS: page footer: the report id, then when it was generated */
  footer = g_strdup_printf (_("Report %s · generated %s"), self->report_id, self->generated_text);
  pango_layout_set_width (left, (int) (width * 0.75 * PANGO_SCALE));
  pango_layout_set_text (left, footer, -1);
  cairo_move_to (cr, self->margin, footer_y);
  pango_cairo_show_layout (cr, left);

  page_text = g_strdup_printf (_("Page %u of %u"), page + 1, daybook_report_get_n_pages (self));
  pango_layout_set_width (right, (int) (width * 0.25 * PANGO_SCALE));
  pango_layout_set_alignment (right, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (right, page_text, -1);
  cairo_move_to (cr, self->margin + width * 0.75, footer_y);
  pango_cairo_show_layout (cr, right);
  cairo_restore (cr);
}

void
_daybook_report_setup_fonts (DaybookReport *self)
{
  static const struct
  {
    const char *family;
    double      size;
    PangoWeight weight;
  } styles[DAYBOOK_N_STYLES] = {
    [DAYBOOK_STYLE_TITLE] = { FAMILY, 22, PANGO_WEIGHT_BOLD },
    [DAYBOOK_STYLE_HEADING] = { FAMILY, 15, PANGO_WEIGHT_BOLD },
    [DAYBOOK_STYLE_SUBHEADING] = { FAMILY, 11.5, PANGO_WEIGHT_BOLD },
    [DAYBOOK_STYLE_ENTRY] = { FAMILY, 10.5, PANGO_WEIGHT_BOLD },
    [DAYBOOK_STYLE_BODY] = { FAMILY, 10, PANGO_WEIGHT_NORMAL },
    [DAYBOOK_STYLE_SMALL] = { FAMILY, 8, PANGO_WEIGHT_NORMAL },
    [DAYBOOK_STYLE_MONO] = { "DejaVu Sans Mono, Noto Sans Mono", 8.5, PANGO_WEIGHT_NORMAL },
    [DAYBOOK_STYLE_TABLE] = { FAMILY, 9.5, PANGO_WEIGHT_NORMAL },
  };
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: the layout must not depend on the surface, so the
   * preview, the printout and the PDF break lines alike. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);

  self->font_map = pango_cairo_font_map_new ();
  self->context = pango_font_map_create_context (self->font_map);
  pango_cairo_context_set_resolution (self->context, 72);
  pango_cairo_context_set_font_options (self->context, options);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  cairo_font_options_destroy (options);

  for (guint i = 0; i < DAYBOOK_N_STYLES; i++)
    {
      PangoFontDescription *desc = pango_font_description_new ();

      pango_font_description_set_family (desc, styles[i].family);
      pango_font_description_set_size (desc, (int) (styles[i].size * PANGO_SCALE));
      pango_font_description_set_weight (desc, styles[i].weight);
      self->fonts[i] = desc;
    }
}

double
_daybook_report_body_width (DaybookReport *self)
{
  return self->page_width - 2 * self->margin;
}

PangoLayout *
_daybook_report_new_layout (DaybookReport *self,
                            DaybookStyle   style,
                            double         width)
{
  PangoLayout *layout = pango_layout_new (self->context);

  pango_layout_set_font_description (layout, self->fonts[style]);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (style == DAYBOOK_STYLE_BODY)
    pango_layout_set_line_spacing (layout, 1.15);
  return layout;
}

/*
 * _daybook_flow_add_layout:
 * @layout: (transfer full): its text already set
 */
DaybookBlock *
_daybook_flow_add_layout (DaybookFlow *flow,
                          PangoLayout *layout)
{
  return flow_append (flow, layout);
}

DaybookBlock *
_daybook_flow_add_text (DaybookFlow  *flow,
                        DaybookStyle  style,
                        const char   *text)
{
  DaybookReport *self = flow->report;
  PangoLayout *layout = _daybook_report_new_layout (self, style, _daybook_report_body_width (self));

  pango_layout_set_text (layout, text, -1);
  return flow_append (flow, layout);
}

DaybookBlock *
_daybook_flow_add_markup (DaybookFlow  *flow,
                          DaybookStyle  style,
                          const char   *markup)
{
  DaybookReport *self = flow->report;
  PangoLayout *layout = _daybook_report_new_layout (self, style, _daybook_report_body_width (self));

  pango_layout_set_markup (layout, markup, -1);
  return flow_append (flow, layout);
}

DaybookBlock *
_daybook_flow_add_drawing (DaybookFlow    *flow,
                           double          height,
                           DaybookDrawFunc draw,
                           gpointer        data,
                           GDestroyNotify  destroy)
{
  DaybookBlock *block = flow_append (flow, NULL);

  block->height = height;
  block->draw = draw;
  block->data = data;
  block->destroy = destroy;
  return block;
}

/* A section title, bookmarked at the outline's top level. */
void
_daybook_flow_add_heading (DaybookFlow *flow,
                           const char  *text)
{
  DaybookBlock *block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_HEADING, text);

  block->keep_with_next = TRUE;
  block->outline = g_strdup (text);
  block->outline_level = 0;
}

void
_daybook_flow_set_continued (DaybookFlow *flow,
                             const char  *text)
{
  g_free (flow->continued);
  flow->continued = g_strdup (text);
}
