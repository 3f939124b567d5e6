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

  g_clear_object (&block->layout);
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
      block->line_top[i] = (double)y0 / PANGO_SCALE;
      block->baseline[i] = (double)pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      i++;
    }
  while (i < block->n_lines && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  pango_layout_get_extents (block->layout, NULL, &logical);
  block->line_top[block->n_lines] = (double)logical.height / PANGO_SCALE;
  block->height = block->line_top[block->n_lines];
}

static DaybookBlock *
flow_append (DaybookFlow *flow, PangoLayout *layout)
{
  DaybookBlock *block = g_new0 (DaybookBlock, 1);

  block->layout = layout;
  if (layout != NULL)
    measure_lines (block);
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

  if (block->layout == NULL && block->text != NULL)
    {
      block->layout = _daybook_report_new_layout (flow->report, block->style,
                                                  _daybook_report_body_width (flow->report));
      pango_layout_set_text (block->layout, block->text, -1);
      g_clear_pointer (&block->text, g_free);
      measure_lines (block);
    }
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
      block->text = g_steal_pointer (&paragraphs[i]);
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
_daybook_flow_add_markup (DaybookFlow *flow, DaybookStyle style, const char *markup)
{
  DaybookReport *self = flow->report;
  PangoLayout *layout = _daybook_report_new_layout (self, style, _daybook_report_body_width (self));

  pango_layout_set_markup (layout, markup, -1);
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
