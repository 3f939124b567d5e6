/* daybook-report-lines.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <string.h>

#include "daybook-report-private.h"

/* Lines broken here, over one shaping of the text.
 *
 * Pango 1.50 shapes a paragraph it wraps twice: whole, to learn where its
 * lines may break, then each line again once broken; a report is every
 * paragraph laid out twice (to count its pages, then to draw them), so
 * each character was shaped four times, most of a report's time. Here a
 * block is laid out unwrapped, once: a "hard" line per paragraph or line
 * separator. A hard line wider than the block is broken at the
 * opportunities Pango would take (its line-break attributes, the same
 * character widths, a space at a break not counted), and each line drawn
 * is cut from the hard line's glyphs: its runs split where it begins and
 * ends and put back in visual order (pango_reorder_items()). The line
 * geometry follows Pango's own rules (its x offset for the alignment and
 * the indent, its baselines with the line spacing), each line's extents
 * those of the runs it is cut from.
 *
 * Where Pango would do more than that, a block is left to Pango's own
 * wrapping: a word wider than the line (broken inside, with a hyphen), a
 * break that inserts a hyphen, a soft hyphen, a tab on a line after a
 * break (its width depends on where the line starts), a break inside a
 * shaping cluster, justified or ellipsized text. DAYBOOK_REPORT_PANGO_LINES
 * set to 1 leaves every block to Pango: tests compare both. */

struct _DaybookLine
{
  guint start;               /* byte index of its first character in the layout's text */
  guint end;                 /* byte index after its last character drawn */
  guint hard;                /* the unwrapped layout's line it is cut from */
  int x;                     /* from the block's left edge, in Pango units */
  guint whole : 1;           /* the hard line entire, drawn as it is */
  guint paragraph_start : 1; /* it begins a paragraph */
  GSList *runs;              /* a cut line's runs, left to right, once cut (_daybook_lines_cut()) */
};

typedef struct
{
  PangoLayout *layout;
  const char *text;
  const PangoLogAttr *attrs;
  int width; /* the block's, in Pango units */
  GArray *lines;
  GArray *tops;
  GArray *baselines;
  int y;        /* the next line's top, Pango's y_offset */
  int baseline; /* the last line's baseline */
} Breaker;

static gboolean
pango_only (void)
{
  static gsize only = 0;

  if (g_once_init_enter (&only))
    {
      const char *env = g_getenv ("DAYBOOK_REPORT_PANGO_LINES");

      g_once_init_leave (&only, env != NULL && g_str_equal (env, "1") ? 2 : 1);
    }
  return only == 2;
}

static int
direction_simple (PangoDirection d)
{
  switch (d)
    {
    case PANGO_DIRECTION_LTR:
    case PANGO_DIRECTION_WEAK_LTR:
    case PANGO_DIRECTION_TTB_RTL:
      return 1;
    case PANGO_DIRECTION_RTL:
    case PANGO_DIRECTION_WEAK_RTL:
    case PANGO_DIRECTION_TTB_LTR:
      return -1;
    case PANGO_DIRECTION_NEUTRAL:
    default:
      return 0;
    }
}

/* Pango's get_alignment(): "left" and "right" swap for a paragraph whose
 * direction is against the context's. */
static PangoAlignment
line_alignment (PangoLayout *layout, PangoLayoutLine *hard)
{
  PangoAlignment alignment = pango_layout_get_alignment (layout);
  PangoContext *context = pango_layout_get_context (layout);

  if (alignment != PANGO_ALIGN_CENTER && pango_layout_get_auto_dir (layout)
      && direction_simple (hard->resolved_dir)
             == -direction_simple (pango_context_get_base_dir (context)))
    alignment = alignment == PANGO_ALIGN_LEFT    ? PANGO_ALIGN_RIGHT
                : alignment == PANGO_ALIGN_RIGHT ? PANGO_ALIGN_LEFT
                                                 : alignment;
  return alignment;
}

/* Pango's get_x_offset() for a line @line_width wide. */
static int
x_offset (Breaker *b, PangoLayoutLine *hard, gboolean paragraph_start, int line_width)
{
  PangoAlignment alignment = line_alignment (b->layout, hard);
  int indent = pango_layout_get_indent (b->layout);
  int x;

  if (alignment == PANGO_ALIGN_RIGHT)
    x = b->width - line_width;
  else if (alignment == PANGO_ALIGN_CENTER)
    {
      x = (b->width - line_width) / 2;
      if (((b->width | line_width) & (PANGO_SCALE - 1)) == 0)
        x = PANGO_UNITS_ROUND (x);
      return x;
    }
  else
    x = 0;

  if (paragraph_start && indent > 0)
    x += alignment == PANGO_ALIGN_LEFT ? indent : -indent;
  else if (!paragraph_start && indent < 0)
    x += alignment == PANGO_ALIGN_LEFT ? -indent : indent;
  return x;
}

/* The width Pango gives a line (process_line()). */
static int
available (Breaker *b, gboolean paragraph_start)
{
  int indent = pango_layout_get_indent (b->layout);
  int width = b->width;

  if (pango_layout_get_alignment (b->layout) != PANGO_ALIGN_CENTER)
    {
      if (paragraph_start && indent >= 0)
        width -= indent;
      else if (!paragraph_start && indent < 0)
        width += indent;
    }
  return MAX (width, 0);
}

/* Adds a line of @logical extents and font @height, and its geometry as
 * Pango's get_line_extents_layout_coords() has it. */
static void
add_line (Breaker *b, guint hard_index, PangoLayoutLine *hard, guint start, guint end,
          gboolean paragraph_start, int line_width, const PangoRectangle *logical, int height)
{
  DaybookLine line = { 0 };
  double top, baseline;

  line.start = start;
  line.end = end;
  line.hard = hard_index;
  line.paragraph_start = paragraph_start;
  line.whole
      = start == (guint)hard->start_index && end == (guint)(hard->start_index + hard->length);
  line.x = x_offset (b, hard, paragraph_start, line_width) + logical->x;

  if (b->lines->len == 0 || pango_layout_get_line_spacing (b->layout) == 0.0)
    b->baseline = b->y - logical->y;
  else
    b->baseline = b->baseline + pango_layout_get_line_spacing (b->layout) * height;
  b->y = b->baseline + logical->y + logical->height;

  top = (double)(b->baseline + logical->y) / PANGO_SCALE;
  baseline = (double)b->baseline / PANGO_SCALE;
  g_array_append_val (b->lines, line);
  g_array_append_val (b->tops, top);
  g_array_append_val (b->baselines, baseline);
}

/* Where in @hard a line may begin or end, byte by byte from its start:
 * at a cluster of its glyphs, never inside one, which cannot be cut. */
static guint8 *
cut_points (PangoLayoutLine *hard)
{
  guint8 *ok = g_malloc0 (hard->length + 1);

  ok[0] = ok[hard->length] = TRUE;
  for (GSList *r = hard->runs; r != NULL; r = r->next)
    {
      PangoGlyphItem *run = r->data;
      int offset = run->item->offset - hard->start_index;

      ok[offset] = ok[offset + run->item->length] = TRUE;
      for (int g = 0; g < run->glyphs->num_glyphs; g++)
        ok[offset + run->glyphs->log_clusters[g]] = TRUE;
    }
  return ok;
}

/* The character of @hard at byte @index: @bytes has each one's. */
static int
char_at (const guint *bytes, int n_chars, guint index)
{
  int lo = 0, hi = n_chars;

  while (lo < hi)
    {
      int mid = (lo + hi) / 2;

      if (bytes[mid] < index)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
has_tab (const char *text, guint start, guint end)
{
  return memchr (text + start, '\t', end - start) != NULL;
}

/* A run's vertical extents, as Pango's line extents take them. */
typedef struct
{
  int start, end; /* byte range of its text */
  int y, height;  /* its logical rectangle, from the baseline */
  int leading;    /* its font's height, for the line spacing */
} RunExtents;

/* The extents of the part of @hard from @start to @end: the union of its
 * runs' (pango_layout_line_get_extents_and_height()). */
static void
cut_extents (const RunExtents *runs, guint n_runs, guint start, guint end, PangoRectangle *logical,
             int *height)
{
  int top = 0, bottom = 0;

  *height = 0;
  for (guint i = 0; i < n_runs; i++)
    if (runs[i].end > (int)start && runs[i].start < (int)end)
      {
        top = MIN (top, runs[i].y);
        bottom = MAX (bottom, runs[i].y + runs[i].height);
        *height = MAX (*height, ABS (runs[i].leading));
      }
  logical->x = 0;
  logical->y = top;
  logical->height = bottom - top;
}

/* Breaks hard line @hard, of @n_chars characters from character @c0 of the
 * text, where Pango would. Returns NULL, or why Pango has to. */
static const char *
break_hard (Breaker *b, guint hard_index, PangoLayoutLine *hard, int c0, int n_chars)
{
  g_autofree int *widths = g_new0 (int, MAX (n_chars, 1));
  g_autofree guint *bytes = g_new (guint, n_chars + 1);
  g_autofree RunExtents *runs = g_new0 (RunExtents, g_slist_length (hard->runs) + 1);
  g_autofree guint8 *cut_ok = cut_points (hard);
  const PangoLogAttr *attrs = b->attrs + c0;
  guint n_runs = 0;
  gboolean first = TRUE;
  int start = 0;

  {
    const char *p = b->text + hard->start_index;

    for (int i = 0; i <= n_chars; i++, p = g_utf8_next_char (p))
      bytes[i] = p - b->text;
  }
  for (GSList *r = hard->runs; r != NULL; r = r->next, n_runs++)
    {
      PangoGlyphItem *run = r->data;
      PangoFont *font = run->item->analysis.font;
      int offset = char_at (bytes, n_chars, run->item->offset);
      PangoRectangle logical;

      pango_glyph_item_get_logical_widths (run, b->text, widths + offset);
      pango_glyph_string_extents (run->glyphs, font, NULL, &logical);
      runs[n_runs].start = run->item->offset;
      runs[n_runs].end = run->item->offset + run->item->length;
      runs[n_runs].y = logical.y - run->y_offset;
      runs[n_runs].height = logical.height;
      if (font != NULL)
        {
          PangoFontMetrics *metrics = pango_font_get_metrics (font, run->item->analysis.language);

          runs[n_runs].leading = pango_font_metrics_get_height (metrics);
          pango_font_metrics_unref (metrics);
        }
    }

  for (;;)
    {
      gboolean paragraph_start = first && hard->is_paragraph_start;
      int avail = available (b, paragraph_start);
      int sum = 0, best = -1, best_width = 0, i, end, next, width;
      PangoRectangle logical;
      int height;

      for (i = start; i < n_chars; i++)
        {
          if (i > start && attrs[i].is_line_break)
            {
              int fit = sum - (attrs[i - 1].is_white ? widths[i - 1] : 0);

              if (fit > avail)
                break;
              best = i;
              best_width = fit;
            }
          sum += widths[i];
        }
      if (i == n_chars && sum - (attrs[n_chars - 1].is_white ? widths[n_chars - 1] : 0) <= avail)
        {
          /* The rest fits, a space at its end not counted as Pango does
           * not at the end of a paragraph; drawn whole, as there. */
          end = next = n_chars;
          width = sum;
        }
      else
        {
          if (best < 0)
            return "a word wider than the line";
          if (attrs[best].break_inserts_hyphen || attrs[best].break_removes_preceding)
            return "a break that adds a hyphen";
          end = attrs[best - 1].is_white ? best - 1 : best;
          next = best;
          width = best_width;
          /* A line of nothing but a space: Pango keeps the space. */
          if (end == start)
            return "a line of a space";
        }
      /* A tab after a break would be as wide as its place on the new
       * line makes it, not as in the unwrapped line. */
      if (next < n_chars && has_tab (b->text, bytes[end], bytes[n_chars]))
        return "a tab after a break";
      if (!cut_ok[bytes[start] - hard->start_index] || !cut_ok[bytes[end] - hard->start_index])
        return "a break inside a cluster";
      cut_extents (runs, n_runs, bytes[start], bytes[end], &logical, &height);
      add_line (b, hard_index, hard, bytes[start], bytes[end], paragraph_start, width, &logical,
                height);
      if (next == n_chars)
        return NULL;
      start = next;
      first = FALSE;
    }
}

/*
 * _daybook_lines_break:
 * @layout: the block's, with its text and width; left unwrapped when
 *   %TRUE is returned, as it was when %FALSE is
 *
 * Breaks the lines of @block's text here (see above) and sets its line
 * geometry.
 *
 * Returns: %FALSE where Pango must break them
 */
gboolean
_daybook_lines_break (DaybookBlock *block, PangoLayout *layout)
{
  int width = pango_layout_get_width (layout);
  const char *text = pango_layout_get_text (layout);
  Breaker b = { 0 };
  guint hard_index = 0;
  int c0 = 0, byte0 = 0;
  const char *why = NULL;

  if (pango_only () || width < 0 || pango_layout_get_wrap (layout) != PANGO_WRAP_WORD_CHAR
      || pango_layout_get_justify (layout)
      || pango_layout_get_ellipsize (layout) != PANGO_ELLIPSIZE_NONE
      || pango_layout_get_spacing (layout) != 0)
    return FALSE;
  if (strstr (text, "\u00AD") != NULL)
    {
      g_debug ("Lines left to Pango: a soft hyphen");
      return FALSE;
    }

  pango_layout_set_width (layout, -1);
  b.layout = layout;
  b.text = text;
  b.attrs = pango_layout_get_log_attrs_readonly (layout, NULL);
  b.width = width;
  b.lines = g_array_new (FALSE, FALSE, sizeof (DaybookLine));
  b.tops = g_array_new (FALSE, FALSE, sizeof (double));
  b.baselines = g_array_new (FALSE, FALSE, sizeof (double));

  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL && why == NULL;
       l = l->next, hard_index++)
    {
      PangoLayoutLine *hard = l->data;
      PangoRectangle logical;
      int height;

      pango_layout_line_get_extents (hard, NULL, &logical);
      pango_layout_line_get_height (hard, &height);
      if (hard->length == 0 || logical.width <= available (&b, hard->is_paragraph_start))
        add_line (&b, hard_index, hard, hard->start_index, hard->start_index + hard->length,
                  hard->is_paragraph_start, logical.width, &logical, height);
      else
        {
          /* Its first character's place in the log attributes, counted
           * on from the last line broken. */
          c0 += g_utf8_pointer_to_offset (text + byte0, text + hard->start_index);
          byte0 = hard->start_index;
          why = break_hard (&b, hard_index, hard, c0,
                            g_utf8_strlen (text + hard->start_index, hard->length));
        }
    }

  if (why == NULL && b.lines->len > 0)
    {
      double bottom = (double)b.y / PANGO_SCALE;

      block->n_lines = b.lines->len;
      g_array_append_val (b.tops, bottom);
      block->line_top = (double *)g_array_free (b.tops, FALSE);
      block->baseline = (double *)g_array_free (b.baselines, FALSE);
      block->lines = (DaybookLine *)g_array_free (b.lines, FALSE);
      block->height = block->line_top[block->n_lines];
      block->measured = TRUE;
      return TRUE;
    }

  if (why != NULL)
    g_debug ("Lines left to Pango: %s", why);
  g_array_unref (b.lines);
  g_array_unref (b.tops);
  g_array_unref (b.baselines);
  pango_layout_set_width (layout, width);
  return FALSE;
}

/* Logical order, by where each run's text begins. */
static int
by_offset (gconstpointer a, gconstpointer b)
{
  const PangoGlyphItem *x = a, *y = b;

  return x->item->offset - y->item->offset;
}

/* The first glyph of @glyphs, whose clusters go up (left to right) or
 * down (right to left), at or past cluster @index. */
static int
glyph_at (const PangoGlyphString *glyphs, gboolean rtl, int index)
{
  int lo = 0, hi = glyphs->num_glyphs;

  while (lo < hi)
    {
      int mid = (lo + hi) / 2;

      if (rtl ? glyphs->log_clusters[mid] >= index : glyphs->log_clusters[mid] < index)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The part of @run from byte @start to @end of the text, each at a
 * cluster: a new glyph item of its own glyphs only, however long @run
 * (pango_glyph_item_split() copies and walks the whole run, for every
 * line of a paragraph). Its item's private character offset is not
 * kept: it is only drawn. */
static PangoGlyphItem *
slice_run (PangoGlyphItem *run, const char *text, int start, int end)
{
  PangoGlyphItem *piece = g_slice_new0 (PangoGlyphItem);
  PangoItem *item = pango_item_copy (run->item);
  PangoGlyphString *glyphs = pango_glyph_string_new ();
  gboolean rtl = run->item->analysis.level % 2;
  int offset = run->item->offset;
  int from, to;

  start = MAX (start, offset);
  end = MIN (end, offset + run->item->length);
  if (rtl)
    {
      from = glyph_at (run->glyphs, TRUE, end - offset);
      to = glyph_at (run->glyphs, TRUE, start - offset);
    }
  else
    {
      from = glyph_at (run->glyphs, FALSE, start - offset);
      to = glyph_at (run->glyphs, FALSE, end - offset);
    }
  pango_glyph_string_set_size (glyphs, to - from);
  memcpy (glyphs->glyphs, run->glyphs->glyphs + from, (to - from) * sizeof (PangoGlyphInfo));
  for (int g = 0; g < to - from; g++)
    glyphs->log_clusters[g] = run->glyphs->log_clusters[from + g] - (start - offset);

  item->offset = start;
  item->length = end - start;
  item->num_chars = g_utf8_strlen (text + start, end - start);
  piece->item = item;
  piece->glyphs = glyphs;
  piece->y_offset = run->y_offset;
  piece->start_x_offset = start == offset ? run->start_x_offset : 0;
  piece->end_x_offset = end == offset + run->item->length ? run->end_x_offset : 0;
  return piece;
}

/* The runs of @line cut from those of @hard, left to right. */
static GSList *
cut_line (PangoLayoutLine *hard, const DaybookLine *line)
{
  const char *text = pango_layout_get_text (hard->layout);
  GSList *logical = NULL;
  GList *items = NULL, *visual;
  GSList *runs = NULL;

  for (GSList *r = hard->runs; r != NULL; r = r->next)
    {
      PangoGlyphItem *run = r->data;
      int start = run->item->offset, end = start + run->item->length;

      if (end <= (int)line->start || start >= (int)line->end)
        continue;
      logical = g_slist_prepend (logical, slice_run (run, text, line->start, line->end));
    }
  logical = g_slist_sort (logical, by_offset);

  /* Visual order by the runs' embedding levels, as Pango orders a line. */
  for (GSList *r = logical; r != NULL; r = r->next)
    items = g_list_prepend (items, ((PangoGlyphItem *)r->data)->item);
  items = g_list_reverse (items);
  visual = pango_reorder_items (items);
  for (GList *v = g_list_last (visual); v != NULL; v = v->prev)
    for (GSList *r = logical; r != NULL; r = r->next)
      if (((PangoGlyphItem *)r->data)->item == v->data)
        {
          runs = g_slist_prepend (runs, r->data);
          break;
        }
  g_list_free (visual);
  g_list_free (items);
  g_slist_free (logical);
  return runs;
}

static void
free_runs (GSList *runs)
{
  g_slist_free_full (runs, (GDestroyNotify)pango_glyph_item_free);
}

/* The hard line of @line, walking @hard (from the layout's first line,
 * at index @hard_index) on: lines are asked for in order. */
static PangoLayoutLine *
hard_line (GSList **hard, guint *hard_index, const DaybookLine *line)
{
  for (; *hard_index < line->hard; (*hard_index)++)
    *hard = (*hard)->next;
  return (*hard)->data;
}

/* Cuts every line of @block not yet cut, ready to draw: on a measuring
 * thread, so the drawing thread only draws. */
void
_daybook_lines_cut (DaybookBlock *block)
{
  GSList *l = pango_layout_get_lines_readonly (block->layout);
  guint hard_index = 0;

  for (guint i = 0; i < block->n_lines; i++)
    {
      DaybookLine *line = &block->lines[i];
      PangoLayoutLine *hard = hard_line (&l, &hard_index, line);

      if (!line->whole && line->runs == NULL)
        line->runs = cut_line (hard, line);
    }
}

/*
 * _daybook_lines_draw:
 * @x: the block's left edge
 * @y: where line @first's top is drawn
 *
 * Draws lines @first to @first + @n - 1 of @block, which _daybook_lines_break()
 * broke. A PDF draws each line once: a cut line's runs are let go once
 * drawn (and cut again should a preview draw its page again).
 */
void
_daybook_lines_draw (DaybookBlock *block, cairo_t *cr, guint first, guint n, double x, double y)
{
  GSList *l = pango_layout_get_lines_readonly (block->layout);
  double top = block->line_top[first];
  guint hard_index = 0;

  for (guint i = first; i < first + n; i++)
    {
      DaybookLine *line = &block->lines[i];
      PangoLayoutLine *hard = hard_line (&l, &hard_index, line);

      cairo_move_to (cr, x + (double)line->x / PANGO_SCALE, y + block->baseline[i] - top);
      if (line->whole)
        pango_cairo_show_layout_line (cr, hard);
      else
        {
          /* Pango draws a line's runs (its public field) with their
           * attributes; the hard line lends itself for the cut runs. */
          GSList *runs = hard->runs;

          if (line->runs == NULL)
            line->runs = cut_line (hard, line);
          hard->runs = line->runs;
          pango_cairo_show_layout_line (cr, hard);
          hard->runs = runs;
          free_runs (g_steal_pointer (&line->runs));
        }
    }
}

void
_daybook_lines_free (DaybookBlock *block)
{
  if (block->lines == NULL)
    return;
  for (guint i = 0; i < block->n_lines; i++)
    free_runs (block->lines[i].runs);
  g_clear_pointer (&block->lines, g_free);
}

gboolean
_daybook_lines_starts_paragraph (DaybookBlock *block, guint i)
{
  return block->lines[i].paragraph_start;
}
