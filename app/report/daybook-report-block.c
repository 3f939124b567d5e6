/* daybook-report-block.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include "daybook-report-private.h"

/* The blocks an item of a section is made of, and their line geometry,
 * measured once so the pagination and drawing passes split them alike. */

static void
block_free (gpointer data)
{
  DaybookBlock *block = data;

  _daybook_lines_free (block);
  g_clear_pointer (&block->labels, g_ptr_array_unref);
  g_clear_object (&block->layout);
  g_clear_object (&block->built);
  g_free (block->text);
  if (block->destroy != NULL)
    block->destroy (block->data);
  g_free (block->outline);
  g_free (block->line_top);
  g_free (block->baseline);
  g_free (block);
}

DaybookFlow *
_daybook_flow_new (DaybookReport *self)
{
  DaybookFlow *flow = g_new0 (DaybookFlow, 1);

  flow->report = self;
  flow->blocks = g_ptr_array_new_with_free_func (block_free);
  return flow;
}

void
_daybook_flow_free (DaybookFlow *flow)
{
  g_ptr_array_unref (flow->blocks);
  g_free (flow->continued);
  g_free (flow);
}

/* Lines and their positions, once, so splitting is cheap. */
static void
measure_layout (DaybookBlock *block, PangoLayout *layout)
{
  PangoLayoutIter *iter;
  PangoRectangle logical;
  guint i = 0;

  block->n_lines = pango_layout_get_line_count (layout);
  block->line_top = g_new (double, block->n_lines + 1);
  block->baseline = g_new (double, block->n_lines);

  iter = pango_layout_get_iter (layout);
  do
    {
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      block->line_top[i] = (double)y0 / PANGO_SCALE;
      block->baseline[i] = (double)pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      i++;
    }
  while (i < block->n_lines && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  pango_layout_get_extents (layout, NULL, &logical);
  block->line_top[block->n_lines] = (double)logical.height / PANGO_SCALE;
  block->height = block->line_top[block->n_lines];
  block->measured = TRUE;
}

/* Lines broken here where they can be, else by Pango. */
static void
measure (DaybookBlock *block, PangoLayout *layout)
{
  if (!_daybook_lines_break (block, layout))
    measure_layout (block, layout);
}

static void
measure_lines (DaybookBlock *block)
{
  measure (block, block->layout);
}

/* The same layout in another context: every setting that breaks lines. */
static PangoLayout *
copy_layout (PangoContext *context, PangoLayout *from)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoAttrList *attrs = pango_layout_get_attributes (from);
  PangoTabArray *tabs = pango_layout_get_tabs (from);
  const PangoFontDescription *desc = pango_layout_get_font_description (from);

  pango_layout_set_text (layout, pango_layout_get_text (from), -1);
  if (attrs != NULL)
    {
      PangoAttrList *copy = pango_attr_list_copy (attrs);

      pango_layout_set_attributes (layout, copy);
      pango_attr_list_unref (copy);
    }
  if (desc != NULL)
    pango_layout_set_font_description (layout, desc);
  if (tabs != NULL)
    {
      pango_layout_set_tabs (layout, tabs);
      pango_tab_array_free (tabs);
    }
  pango_layout_set_width (layout, pango_layout_get_width (from));
  pango_layout_set_height (layout, pango_layout_get_height (from));
  pango_layout_set_wrap (layout, pango_layout_get_wrap (from));
  pango_layout_set_ellipsize (layout, pango_layout_get_ellipsize (from));
  pango_layout_set_indent (layout, pango_layout_get_indent (from));
  pango_layout_set_spacing (layout, pango_layout_get_spacing (from));
  pango_layout_set_line_spacing (layout, pango_layout_get_line_spacing (from));
  pango_layout_set_justify (layout, pango_layout_get_justify (from));
  pango_layout_set_justify_last_line (layout, pango_layout_get_justify_last_line (from));
  pango_layout_set_alignment (layout, pango_layout_get_alignment (from));
  pango_layout_set_auto_dir (layout, pango_layout_get_auto_dir (from));
  pango_layout_set_single_paragraph_mode (layout, pango_layout_get_single_paragraph_mode (from));
  return layout;
}

/* Text a measuring thread lays out and keeps for drawing, per item: the
 * blocks after it are laid out on the drawing thread when a page reaches
 * them, so the layouts ahead stay small (an account of a hundred pages is
 * not laid out whole while its first page is drawn). */
#define KEEP_BYTES (16 * 1024)

/* A layout made on a measuring thread and drawn on the drawing thread
 * shares no state with the measuring thread's later work but its fonts:
 * they are held in @fonts, by the measuring thread, until it ends, so
 * that letting the layout go on the drawing thread never frees one (which
 * would change that thread's font map while it is in use). A glyph no
 * font has is drawn as a box whose font is made when first drawn: drawn
 * here once, so that is done on this thread too. */
static void
hold_fonts (PangoLayout *layout, GHashTable *fonts)
{
  gboolean unknown = FALSE;

  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    for (GSList *r = ((PangoLayoutLine *)l->data)->runs; r != NULL; r = r->next)
      {
        PangoGlyphItem *run = r->data;
        PangoFont *font = run->item->analysis.font;

        if (font != NULL && !g_hash_table_contains (fonts, font))
          g_hash_table_add (fonts, g_object_ref (font));
        for (int i = 0; i < run->glyphs->num_glyphs; i++)
          if (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
            unknown = TRUE;
      }

  if (unknown)
    {
      cairo_surface_t *scratch = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *cr = cairo_create (scratch);

      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      cairo_surface_destroy (scratch);
    }
}

/*
 * _daybook_flow_measure_in:
 * @context: from _daybook_report_new_context(), used by this thread only
 * @fonts: (nullable): while drawing, this thread's held fonts; %NULL
 *   while paginating
 *
 * Measures the blocks of @flow not yet measured, laying them out in
 * @context: on a measuring thread. The flow is left alone by every other
 * thread meanwhile. While paginating, the flow's own layouts are only
 * read, never laid out, and the new ones are let go: only the line
 * geometry is kept. While drawing, the new layouts replace the flow's,
 * ready to draw, up to KEEP_BYTES of text; the blocks after that are left
 * for the drawing thread.
 */
void
_daybook_flow_measure_in (DaybookFlow *flow, PangoContext *context, GHashTable *fonts)
{
  gsize kept = 0;

  for (guint i = 0; i < flow->blocks->len; i++)
    {
      DaybookBlock *block = g_ptr_array_index (flow->blocks, i);
      g_autoptr (PangoLayout) layout = NULL;

      if (block->measured || block->draw != NULL)
        continue;
      if (fonts != NULL && kept >= KEEP_BYTES)
        break;
      if (block->layout != NULL)
        layout = copy_layout (context, block->layout);
      else
        {
          layout = _daybook_report_new_layout_in (flow->report, context, block->style,
                                                  _daybook_report_body_width (flow->report));
          pango_layout_set_text (layout, block->text, -1);
        }
      measure (block, layout);
      if (fonts != NULL)
        {
          gsize bytes = strlen (pango_layout_get_text (layout));

          kept += bytes;
          hold_fonts (layout, fonts);
          g_clear_pointer (&block->text, g_free);
          /* The drawing thread's own layout is let go there (block_free()). */
          block->built = g_steal_pointer (&block->layout);
          block->layout = g_steal_pointer (&layout);
          /* Its lines cut here too, ready to draw; a longer block's are cut
           * one by one as they are drawn, so never all held at once. */
          if (block->lines != NULL && bytes <= KEEP_BYTES)
            _daybook_lines_cut (block);
        }
    }
}

static DaybookBlock *
flow_append (DaybookFlow *flow, PangoLayout *layout)
{
  DaybookBlock *block = g_new0 (DaybookBlock, 1);

  block->layout = layout;
  /* Laid out when a page reaches it (_daybook_flow_get_block()), or by a
   * measuring thread while paginating (take_flow()): an item of hundreds
   * of pages (the summary of 100,000 entries) never has all its blocks
   * laid out at once, as each is let go once placed (place_block()). */
  g_ptr_array_add (flow->blocks, block);
  return block;
}

/*
 * _daybook_flow_get_block:
 *
 * Returns: (transfer none): block @i, laid out if it was not yet
 */
DaybookBlock *
_daybook_flow_get_block (DaybookFlow *flow, guint i)
{
  DaybookBlock *block = g_ptr_array_index (flow->blocks, i);

  /* Measured on a measuring thread, a paragraph is laid out here only
   * to be drawn, which a paginating flow never is. */
  if (block->layout == NULL && block->text != NULL && !block->measured)
    {
      block->layout = _daybook_report_new_layout (flow->report, block->style,
                                                  _daybook_report_body_width (flow->report));
      pango_layout_set_text (block->layout, block->text, -1);
      g_clear_pointer (&block->text, g_free);
      measure_lines (block);
    }
  else if (block->layout != NULL && !block->measured && block->draw == NULL)
    measure_lines (block);
  return block;
}

/*
 * _daybook_flow_add_paragraphs:
 *
 * Adds @text a paragraph per block, laid out only when a page reaches it:
 * an account of a hundred pages then costs a page's layout per page, not
 * the whole account's.
 */
void
_daybook_flow_add_paragraphs (DaybookFlow *flow, DaybookStyle style, const char *text,
                              double space_before)
{
  g_auto (GStrv) paragraphs = g_strsplit (text, "\n", -1);
  double space = space_before;

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      DaybookBlock *block;

      g_strchomp (paragraphs[i]);
      if (paragraphs[i][0] == '\0')
        {
          /* A blank line keeps its place as space. */
          if (i > 0)
            space += 6;
          continue;
        }
      block = g_new0 (DaybookBlock, 1);
      /* A copy: stealing would end the vector early for g_strfreev. */
      block->text = g_strdup (paragraphs[i]);
      block->style = style;
      block->space_before = space;
      g_ptr_array_add (flow->blocks, block);
      space = 3;
    }
}

/*
 * _daybook_flow_add_layout:
 * @layout: (transfer full): its text already set
 */
DaybookBlock *
_daybook_flow_add_layout (DaybookFlow *flow, PangoLayout *layout)
{
  return flow_append (flow, layout);
}

DaybookBlock *
_daybook_flow_add_text (DaybookFlow *flow, DaybookStyle style, const char *text)
{
  DaybookReport *self = flow->report;
  PangoLayout *layout = _daybook_report_new_layout (self, style, _daybook_report_body_width (self));

  pango_layout_set_text (layout, text, -1);
  return flow_append (flow, layout);
}

DaybookBlock *
_daybook_flow_add_drawing (DaybookFlow *flow, double height, DaybookDrawFunc draw, gpointer data,
                           GDestroyNotify destroy)
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
_daybook_flow_add_heading (DaybookFlow *flow, const char *text)
{
  DaybookBlock *block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_HEADING, text);

  block->keep_with_next = TRUE;
  block->outline = g_strdup (text);
  block->outline_level = 0;
}

void
_daybook_flow_set_continued (DaybookFlow *flow, const char *text)
{
  g_free (flow->continued);
  flow->continued = g_strdup (text);
}
