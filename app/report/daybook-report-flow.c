/* daybook-report-flow.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <cairo-pdf.h>
#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* How a report fills its pages. Each section yields items (an incident,
 * an exhibit, the cover) and each item a short list of blocks. The same
 * function lays a page out without drawing (to count pages and remember
 * where each one starts) and then draws it, so both agree on every break.
 * Only the blocks of the items on one page are alive at any time. */

#define ITEM_GAP 10.0

typedef enum
{
  PLACED_NONE,
  PLACED_PART,
  PLACED_ALL,
} Placed;

static const DaybookSection *sections[] = {
  &_daybook_report_cover,    &_daybook_report_summary,  &_daybook_report_message_summary,
  &_daybook_report_since,    &_daybook_report_orders,   &_daybook_report_contacts,
  &_daybook_report_timeline, &_daybook_report_schedule, &_daybook_report_message_log,
  &_daybook_report_history,  &_daybook_report_verify,
};

/* The height of a chain of blocks kept together, up to the first two
 * lines of the block that follows them. */
static double
keep_height (DaybookFlow *flow, guint b)
{
  double h = 0;

  for (; b < flow->blocks->len; b++)
    {
      DaybookBlock *block = _daybook_flow_get_block (flow, b);

      if (block->draw != NULL || block->keep_with_next)
        h += block->space_before + block->height;
      else
        h += block->space_before + block->line_top[MIN (2, block->n_lines)];
      if (!block->keep_with_next)
        break;
    }
  return h;
}

static void
draw_lines (DaybookReport *self, cairo_t *cr, DaybookBlock *block, guint first, guint n, double y)
{
  /* Right to left, an indent is taken at the right: the layout is narrower
   * by it and starts at the left margin. */
  double x = self->margin + (self->rtl ? 0 : block->indent);
  double top = block->line_top[first];
  PangoLayoutIter *iter;

  if (block->shade)
    {
      cairo_save (cr);
      cairo_set_source_rgb (cr, 0.90, 0.91, 0.93);
      cairo_rectangle (cr, self->margin - 4, y - 2, _daybook_report_body_width (self) + 8,
                       block->line_top[first + n] - top + 4);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  if (block->labels != NULL)
    _daybook_report_draw_labels (self, cr, block, first, n, y);
  if (block->lines != NULL)
    {
      _daybook_lines_draw (block, cr, first, n, x, y);
      return;
    }

  iter = pango_layout_get_iter (block->layout);
  for (guint i = 0; i < first + n; i++)
    {
      if (i >= first)
        {
          PangoRectangle logical;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          cairo_move_to (cr, x + (double)logical.x / PANGO_SCALE, y + block->baseline[i] - top);
          pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
        }
      pango_layout_iter_next_line (iter);
    }
  pango_layout_iter_free (iter);
}

static void
add_outline (DaybookReport *self, DaybookBlock *block, double y)
{
  g_autofree char *dest = NULL;
  char ybuf[G_ASCII_DTOSTR_BUF_SIZE];
  int id;

  if (self->outline_surface == NULL || block->outline == NULL)
    return;

  g_ascii_formatd (ybuf, sizeof ybuf, "%.1f", y);
  dest = g_strdup_printf ("page=%u pos=[0 %s]", self->current_page + 1, ybuf);
  id = cairo_pdf_surface_add_outline (
      self->outline_surface,
      block->outline_level == 0 ? CAIRO_PDF_OUTLINE_ROOT : self->outline_parent, block->outline,
      dest, block->outline_level == 0 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
  if (block->outline_level == 0)
    self->outline_parent = id;
}

static Placed
place_block (DaybookReport *self, cairo_t *cr, DaybookFlow *flow, guint b, guint line, double *y,
             gboolean page_empty, guint *placed)
{
  DaybookBlock *block = _daybook_flow_get_block (flow, b);
  double space = (page_empty || line > 0) ? 0 : block->space_before;
  double avail = self->body_bottom - (*y + space);
  guint k = 0, remaining;

  if (block->draw != NULL)
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
  if (k < remaining)
    return PLACED_PART;
  /* Placed to its last line: its layout is not needed again (a flow kept
   * for the next page goes on from a later block, see take_flow()). */
  g_clear_object (&block->layout);
  return PLACED_ALL;
}

static double
draw_continued (DaybookReport *self, cairo_t *cr, const char *text, double y)
{
  g_autoptr (PangoLayout) layout
      = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, _daybook_report_body_width (self));
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
  return (double)logical.height / PANGO_SCALE + 6;
}

/* At the foot of a page that breaks an entry, so nobody takes the page
 * for its end. */
static void
draw_continues (DaybookReport *self, cairo_t *cr, DaybookFlow *flow)
{
  g_autoptr (PangoLayout) layout = NULL;

  if (cr == NULL || flow->continued == NULL)
    return;
  layout
      = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, _daybook_report_body_width (self));
  pango_layout_set_alignment (layout, self->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
  pango_layout_set_text (layout, _ ("Continued on the next page"), -1);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_move_to (cr, self->margin, self->body_bottom + 1);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* Paginating lays every item out once only to learn where its lines
 * fall, and drawing lays it out again: most of a report's time. Measuring
 * threads do that for the items ahead while this thread builds them (the
 * diary, the strings) and breaks or draws the pages in order, so the page
 * breaks are the same as without them. Each thread has its own Pango
 * context and font map. While paginating they keep only the line
 * geometry. While drawing they keep the layouts too, and this thread
 * draws them: a layout is only read here, after its thread is done with
 * it, and the fonts it uses stay held by that thread until it ends
 * (_daybook_flow_measure_in()). */

#define LOOKAHEAD 48
#define MAX_MEASURERS 4

typedef struct
{
  guint section;
  guint item;
  DaybookFlow *flow;
  gboolean done;
} Job;

struct _DaybookMeasurers
{
  GAsyncQueue *jobs; /* Job, or the measurers themselves to stop */
  GPtrArray *threads;
  GMutex lock;
  GCond cond;
  GQueue ahead; /* Job, in item order */
  guint next_section;
  guint next_item;
  gboolean drawing; /* the layouts are kept to be drawn */
};

static gpointer
measurer_thread (gpointer data)
{
  DaybookReport *self = data;
  DaybookMeasurers *m = self->measurers;
  PangoContext *context = _daybook_report_new_context (self);
  GHashTable *fonts = m->drawing ? g_hash_table_new_full (NULL, NULL, g_object_unref, NULL) : NULL;

  for (;;)
    {
      gpointer next = g_async_queue_pop (m->jobs);
      Job *job;

      if (next == m)
        break;
      job = next;
      _daybook_flow_measure_in (job->flow, context, fonts);
      g_mutex_lock (&m->lock);
      job->done = TRUE;
      g_cond_broadcast (&m->cond);
      g_mutex_unlock (&m->lock);
    }
  /* Every layout made here has been let go by now (stop_measurers()). */
  g_clear_pointer (&fonts, g_hash_table_unref);
  g_object_unref (context);
  return NULL;
}

static void
wait_job (DaybookMeasurers *m, Job *job)
{
  g_mutex_lock (&m->lock);
  while (!job->done)
    g_cond_wait (&m->cond, &m->lock);
  g_mutex_unlock (&m->lock);
}

static void
drop_job (DaybookMeasurers *m, Job *job)
{
  wait_job (m, job);
  _daybook_flow_free (job->flow);
  g_free (job);
}

/*
 * _daybook_report_start_measurers:
 * @drawing: the pages will be drawn, not only broken
 *
 * Starts the measuring threads for a pagination or a drawing of every
 * page in order (daybook_report_write_pdf()): one a core, up to
 * MAX_MEASURERS, none on a computer of one core. DAYBOOK_REPORT_MEASURERS
 * sets the number (0: none), for tests and benchmarks.
 */
void
_daybook_report_start_measurers (DaybookReport *self, gboolean drawing)
{
  const char *env = g_getenv ("DAYBOOK_REPORT_MEASURERS");
  guint n = MIN (g_get_num_processors (), MAX_MEASURERS);
  DaybookMeasurers *m;

  if (env != NULL)
    n = MIN ((guint)g_ascii_strtoull (env, NULL, 10), MAX_MEASURERS);
  else if (n < 2)
    n = 0;

  g_return_if_fail (self->measurers == NULL);
  if (n == 0)
    return;

  m = g_new0 (DaybookMeasurers, 1);
  m->jobs = g_async_queue_new ();
  m->threads = g_ptr_array_new ();
  g_mutex_init (&m->lock);
  g_cond_init (&m->cond);
  g_queue_init (&m->ahead);
  m->drawing = drawing;
  self->measurers = m;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (m->threads, g_thread_new ("daybook-measure", measurer_thread, self));
}

void
_daybook_report_stop_measurers (DaybookReport *self)
{
  DaybookMeasurers *m = self->measurers;
  Job *job;

  if (m == NULL)
    return;
  /* Its layouts may be the measuring threads': let go before they end. */
  g_clear_pointer (&self->kept_flow, _daybook_flow_free);
  while ((job = g_queue_pop_head (&m->ahead)) != NULL)
    drop_job (m, job);
  for (guint i = 0; i < m->threads->len; i++)
    g_async_queue_push (m->jobs, m);
  for (guint i = 0; i < m->threads->len; i++)
    g_thread_join (m->threads->pdata[i]);
  g_ptr_array_unref (m->threads);
  g_async_queue_unref (m->jobs);
  g_mutex_clear (&m->lock);
  g_cond_clear (&m->cond);
  g_free (m);
  self->measurers = NULL;
}

static DaybookFlow *
build_flow (DaybookReport *self, guint section, guint item)
{
  DaybookFlow *flow = _daybook_flow_new (self);

  sections[section]->build (self, item, flow);
  return flow;
}

/* Item @item of @section, measured; the items after it in the same
 * section are built and handed to the measurers meanwhile. */
static DaybookFlow *
take_measured (DaybookReport *self, guint section, guint item)
{
  DaybookMeasurers *m = self->measurers;
  guint n_items = sections[section]->n_items (self);
  DaybookFlow *flow;
  Job *job;

  /* Anything ahead that pagination did not ask for is dropped. */
  while ((job = g_queue_peek_head (&m->ahead)) != NULL
         && (job->section != section || job->item != item))
    drop_job (m, g_queue_pop_head (&m->ahead));
  if (g_queue_is_empty (&m->ahead))
    {
      m->next_section = section;
      m->next_item = item;
    }

  while (g_queue_get_length (&m->ahead) < LOOKAHEAD && m->next_section == section
         && m->next_item < n_items)
    {
      job = g_new0 (Job, 1);
      job->section = section;
      job->item = m->next_item++;
      job->flow = build_flow (self, section, job->item);
      g_queue_push_tail (&m->ahead, job);
      g_async_queue_push (m->jobs, job);
    }

  job = g_queue_pop_head (&m->ahead);
  wait_job (m, job);
  flow = job->flow;
  g_free (job);
  return flow;
}

/* The item a page ends in is kept for the next page: a long account is
 * laid out once, not once for every page it runs over. */
static DaybookFlow *
take_flow (DaybookReport *self, const DaybookCursor *c)
{
  if (self->kept_flow != NULL && self->kept_section == c->section && self->kept_item == c->item
      && c->block >= self->kept_block)
    return g_steal_pointer (&self->kept_flow);

  g_clear_pointer (&self->kept_flow, _daybook_flow_free);
  if (self->measurers != NULL)
    return take_measured (self, c->section, c->item);
  return build_flow (self, c->section, c->item);
}

static void
keep_flow (DaybookReport *self, const DaybookCursor *c, DaybookFlow *flow)
{
  g_clear_pointer (&self->kept_flow, _daybook_flow_free);
  self->kept_flow = flow;
  self->kept_section = c->section;
  self->kept_item = c->item;
  self->kept_block = c->block;
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
_daybook_report_fill_page (DaybookReport *self, cairo_t *cr, const DaybookCursor *start,
                           DaybookCursor *next)
{
  DaybookCursor c = *start;
  double y = self->body_top;
  gboolean page_empty = TRUE;

  g_assert (c.section < G_N_ELEMENTS (sections));

  for (;;)
    {
      const DaybookSection *section = sections[c.section];
      g_autoptr (DaybookFlow) flow = NULL;

      if (c.item >= section->n_items (self))
        {
          c.section++;
          c.item = c.block = c.line = 0;
          /* An empty section that would follow on the same page is
           * skipped, so it never leaves a page blank. */
          while (c.section < G_N_ELEMENTS (sections) && !sections[c.section]->new_page
                 && sections[c.section]->n_items (self) == 0)
            c.section++;
          /* A short last section follows on a page that is mostly free;
           * on a page still empty (it began with a section that had
           * nothing to show, such as no orders) the next one begins here,
           * whatever it is, rather than leave the page blank. */
          if (c.section < G_N_ELEMENTS (sections)
              && (page_empty
                  || (!sections[c.section]->new_page
                      && y < self->body_top + 0.4 * (self->body_bottom - self->body_top))))
            continue;
          *next = c;
          return c.section < G_N_ELEMENTS (sections);
        }

      flow = take_flow (self, &c);

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
              draw_continues (self, cr, flow);
              keep_flow (self, &c, g_steal_pointer (&flow));
              *next = c;
              return TRUE;
            case PLACED_NONE:
            default:
              if (c.block > 0)
                draw_continues (self, cr, flow);
              keep_flow (self, &c, g_steal_pointer (&flow));
              *next = c;
              return TRUE;
            }
        }

      c.item++;
      c.block = c.line = 0;
      y += ITEM_GAP;
    }
}
