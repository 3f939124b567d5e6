/* daybook-report-table.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <string.h>

#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* Label/value rows ("Location   Tesco car park, High Street"). The values
 * are one Pango layout, a paragraph a row, as wide as the value column;
 * each label is laid out once per report and drawn beside the first line
 * of its row (_daybook_report_draw_labels()). One layout per table keeps a
 * 10,000-entry report fast, the labels are not shaped again in every
 * entry, and the rows still split between pages line by line. */

struct _DaybookTable
{
  GPtrArray *labels; /* markup of each row's label */
  GPtrArray *values; /* each row's value: plain text, or markup where is_markup */
  GArray *is_markup; /* gboolean a row */
  double label_width;
  guint n_rows;
};

/* A line separator for a newline: a new paragraph would be a new row. */
static char *
one_paragraph (const char *value)
{
  GString *text = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (text, "\u2028");
      else if (*p != '\r')
        g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

static gboolean
has_rtl_letter (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_ARABIC:
      case G_UNICODE_SCRIPT_HEBREW:
      case G_UNICODE_SCRIPT_SYRIAC:
      case G_UNICODE_SCRIPT_THAANA:
        return TRUE;
      default:
        break;
      }
  return FALSE;
}

/* Whether @value can change the order of what follows it: a right-to-left
 * letter or digit, a bidi control, or in markup a character reference that
 * may be one. */
static gboolean
may_reorder (const char *value, gboolean markup)
{
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        {
          if (markup && c == '&' && p[1] == '#')
            return TRUE;
          continue;
        }
      if ((c >= 0x0590 && c <= 0x08FF) || c == 0x061C || c == 0x200E || c == 0x200F
          || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
          || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF)
          || (c >= 0x10800 && c <= 0x10FFF) || (c >= 0x1E800 && c <= 0x1EFFF))
        return TRUE;
    }
  return FALSE;
}

/* How a value is isolated (Unicode bidi isolates): in a left-to-right
 * report by its first strong letter (FSI); in a right-to-left report as
 * right to left if it holds any Arabic or Hebrew letter (the report's own
 * sentences, which may start with an English name), and as left to right
 * if it holds none (a name, a reference, an English entry). */
static const char *
isolate (DaybookReport *report, const char *value, gboolean markup)
{
  /* Left to right throughout, an isolate changes no position, yet costs
   * two more runs to shape in every row: none then. */
  if (!report->rtl && !may_reorder (value, markup))
    return NULL;
  if (!report->rtl)
    return "\u2068";
  return has_rtl_letter (value) ? "\u2067" : "\u2066";
}

DaybookTable *
_daybook_table_new (double label_width)
{
  DaybookTable *table = g_new0 (DaybookTable, 1);

  table->labels = g_ptr_array_new_with_free_func (g_free);
  table->values = g_ptr_array_new_with_free_func (g_free);
  table->is_markup = g_array_new (FALSE, FALSE, sizeof (gboolean));
  table->label_width = label_width;
  return table;
}

static void
add_row (DaybookTable *table, const char *label, const char *value, gboolean markup)
{
  table->n_rows++;
  g_ptr_array_add (table->labels, g_markup_escape_text (label, -1));
  g_ptr_array_add (table->values, one_paragraph (value));
  g_array_append_val (table->is_markup, markup);
}

void
_daybook_table_add (DaybookTable *table, const char *label, const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;
  add_row (table, label, value, FALSE);
}

void
_daybook_table_add_markup (DaybookTable *table, const char *label, const char *value_markup)
{
  if (value_markup == NULL || value_markup[0] == '\0')
    return;
  add_row (table, label, value_markup, TRUE);
}

gboolean
_daybook_table_is_empty (DaybookTable *table)
{
  return table->n_rows == 0;
}

static void
table_free (DaybookTable *table)
{
  g_ptr_array_unref (table->labels);
  g_ptr_array_unref (table->values);
  g_array_unref (table->is_markup);
  g_free (table);
}

/* A label laid out in the report's own context, once per report: the same
 * few labels head every entry's tables. Only the calling thread's. */
static PangoLayout *
label_layout (DaybookReport *report, const char *label)
{
  PangoLayout *layout;

  if (report->label_layouts == NULL)
    report->label_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  layout = g_hash_table_lookup (report->label_layouts, label);
  if (layout == NULL)
    {
      g_autofree char *markup = g_strdup_printf ("<span foreground=\"#444444\">%s</span>", label);

      layout = _daybook_report_new_layout (report, DAYBOOK_STYLE_TABLE, -1);
      pango_layout_set_auto_dir (layout, FALSE);
      pango_layout_set_markup (layout, markup, -1);
      g_hash_table_insert (report->label_layouts, g_strdup (label), layout);
    }
  return layout;
}

static int
label_width (DaybookReport *report, const char *label)
{
  int width;

  pango_layout_get_size (label_layout (report, label), &width, NULL);
  return width;
}

/*
 * _daybook_report_draw_labels:
 * @y: where line @first of @block is drawn, its top
 *
 * Draws the labels of the rows of table @block that begin among its lines
 * @first to @first + @n - 1: at the start of the line, left of the values
 * (right of them, right to left).
 */
void
_daybook_report_draw_labels (DaybookReport *self, cairo_t *cr, DaybookBlock *block, guint first,
                             guint n, double y)
{
  GSList *l = block->lines == NULL ? pango_layout_get_lines_readonly (block->layout) : NULL;
  double top = block->line_top[first];
  guint row = 0;

  for (guint i = 0; i < first + n && row < block->labels->len; i++)
    {
      gboolean starts = l != NULL ? ((PangoLayoutLine *)l->data)->is_paragraph_start
                                  : _daybook_lines_starts_paragraph (block, i);

      if (l != NULL)
        l = l->next;
      if (!starts)
        continue;
      if (i >= first)
        {
          const char *label = block->labels->pdata[row];
          double x = self->margin;

          if (self->rtl)
            x += _daybook_report_body_width (self)
                 - (double)label_width (self, label) / PANGO_SCALE;
          cairo_move_to (cr, x, y + block->baseline[i] - top);
          pango_cairo_show_layout_line (
              cr, pango_layout_get_line_readonly (label_layout (self, label), 0));
        }
      row++;
    }
}

/*
 * _daybook_flow_add_table:
 * @table: (transfer full):
 *
 * Returns: (nullable): the (first) block, or %NULL for an empty table
 */
/* A table of more text than this (the summary's lists of entry numbers in
 * a report of tens of thousands of entries) is a block per row: one layout
 * of it all would be over a hundred megabytes while its pages are drawn,
 * where a row's layout is let go once its last line is placed. Smaller
 * tables stay one block, as their page breaks have always been. */
#define SPLIT_BYTES (256 * 1024)

/* The values of rows @from to @to - 1 of @table as one block. */
static DaybookBlock *
add_rows (DaybookFlow *flow, DaybookTable *table, GPtrArray *values, gboolean markup, guint from,
          guint to)
{
  DaybookReport *report = flow->report;
  PangoLayout *layout = _daybook_report_new_layout (
      report, DAYBOOK_STYLE_TABLE, _daybook_report_body_width (report) - table->label_width);
  g_autoptr (GString) text = g_string_new (NULL);
  DaybookBlock *block;

  for (guint i = from; i < to; i++)
    g_string_append_printf (text, "%s%s", i > from ? "\n" : "", (char *)values->pdata[i]);
  pango_layout_set_auto_dir (layout, FALSE);
  if (markup)
    pango_layout_set_markup (layout, text->str, -1);
  else
    pango_layout_set_text (layout, text->str, -1);

  block = _daybook_flow_add_layout (flow, layout);
  block->indent = table->label_width;
  block->labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = from; i < to; i++)
    g_ptr_array_add (block->labels, g_strdup (table->labels->pdata[i]));
  return block;
}

DaybookBlock *
_daybook_flow_add_table (DaybookFlow *flow, DaybookTable *table)
{
  DaybookReport *report = flow->report;
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  gboolean markup = FALSE;
  DaybookBlock *block = NULL;
  gsize total = 0;

  for (guint i = 0; i < table->n_rows; i++)
    markup |= g_array_index (table->is_markup, gboolean, i);

  for (guint i = 0; i < table->n_rows; i++)
    {
      const char *label = table->labels->pdata[i];
      const char *value = table->values->pdata[i];
      gboolean is_markup = g_array_index (table->is_markup, gboolean, i);
      const char *open = isolate (report, value, is_markup);
      g_autofree char *escaped = markup && !is_markup ? g_markup_escape_text (value, -1) : NULL;
      char *row;

      /* A label longer than its column (translations often are) has the
       * row's first line to itself; the value starts under the column on
       * the next. Each value isolated where it can be reordered
       * (isolate()): it keeps its own direction, whatever the report's, so
       * an Arabic value in an English report (or the reverse) keeps its
       * punctuation in place. */
      row = g_strdup_printf (
          "%s%s%s%s",
          label_width (report, label) > (table->label_width - 4) * PANGO_SCALE ? "\u2028" : "",
          open != NULL ? open : "", escaped != NULL ? escaped : value,
          open != NULL ? "\u2069" : "");
      total += strlen (row) + 1;
      g_ptr_array_add (values, row);
    }

  if (total <= SPLIT_BYTES && table->n_rows > 0)
    block = add_rows (flow, table, values, markup, 0, table->n_rows);
  else
    for (guint i = 0; i < table->n_rows; i++)
      {
        DaybookBlock *row = add_rows (flow, table, values, markup, i, i + 1);

        if (block == NULL)
          block = row;
      }
  table_free (table);
  return block;
}
