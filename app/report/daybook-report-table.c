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

/* Label/value rows ("Location   Tesco car park, High Street") laid out
 * as one Pango layout: a tab stop for the value column and a hanging
 * indent for wrapped lines. One layout per table instead of two per row
 * keeps a 10,000-entry report fast, and the rows still split between
 * pages line by line. */

struct _DaybookTable
{
  GPtrArray *labels; /* markup of each row's label */
  GPtrArray *values; /* markup of each row's value */
  double label_width;
  guint n_rows;
};

static void
append_value (GString *markup, const char *value, gboolean escape)
{
  g_autofree char *escaped = escape ? g_markup_escape_text (value, -1) : g_strdup (value);

  /* A line separator, not a newline: a new paragraph would lose the
   * hanging indent and start under the labels. */
  for (const char *p = escaped; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (markup, "\u2028");
      else if (*p != '\r')
        g_string_append_c (markup, *p);
    }
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

/* Whether @markup can change the order of what follows it: a right-to-left
 * letter or digit, a bidi control, or a character reference that may be one. */
static gboolean
may_reorder (const char *markup)
{
  for (const char *p = markup; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        {
          if (c == '&' && p[1] == '#')
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

/* How a value is isolated from its label (Unicode bidi isolates): in a
 * left-to-right report by its first strong letter (FSI); in a right-to-left
 * report as right to left if it holds any Arabic or Hebrew letter (the
 * report's own sentences, which may start with an English name), and as
 * left to right if it holds none (a name, a reference, an English entry). */
static const char *
isolate (DaybookReport *report, const char *label, const char *value)
{
  /* Left to right throughout, an isolate changes no position, yet costs
   * two more runs to shape in every row: none then. */
  if (!report->rtl && !may_reorder (label) && !may_reorder (value))
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
  table->label_width = label_width;
  return table;
}

static void
add_row (DaybookTable *table, const char *label, const char *value, gboolean escape)
{
  GString *v = g_string_new (NULL);

  table->n_rows++;
  g_ptr_array_add (table->labels, g_markup_escape_text (label, -1));
  append_value (v, value, escape);
  g_ptr_array_add (table->values, g_string_free (v, FALSE));
}

void
_daybook_table_add (DaybookTable *table, const char *label, const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;
  add_row (table, label, value, TRUE);
}

void
_daybook_table_add_markup (DaybookTable *table, const char *label, const char *value_markup)
{
  if (value_markup == NULL || value_markup[0] == '\0')
    return;
  add_row (table, label, value_markup, FALSE);
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
  g_free (table);
}

/* The width of a label, measured once per report: the same few labels
 * head every entry's tables. */
static int
label_width (DaybookReport *report, const char *label)
{
  gpointer cached;
  int width;

  if (report->label_widths == NULL)
    report->label_widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_lookup_extended (report->label_widths, label, NULL, &cached))
    return GPOINTER_TO_INT (cached);

  {
    g_autoptr (PangoLayout) measure = _daybook_report_new_layout (report, DAYBOOK_STYLE_TABLE, -1);

    pango_layout_set_markup (measure, label, -1);
    pango_layout_get_size (measure, &width, NULL);
  }
  g_hash_table_insert (report->label_widths, g_strdup (label), GINT_TO_POINTER (width));
  return width;
}

/*
 * _daybook_flow_add_table:
 * @table: (transfer full):
 *
 * Returns: (nullable): the block, or %NULL for an empty table
 */
/* A table of more text than this (the summary's lists of entry numbers in
 * a report of tens of thousands of entries) is a block per row: one layout
 * of it all would be over a hundred megabytes while its pages are drawn,
 * where a row's layout is let go once its last line is placed. Smaller
 * tables stay one block, as their page breaks have always been. */
#define SPLIT_BYTES (256 * 1024)

static PangoLayout *
new_table_layout (DaybookReport *report, DaybookTable *table, const char *markup)
{
  PangoLayout *layout = _daybook_report_new_layout (report, DAYBOOK_STYLE_TABLE,
                                                    _daybook_report_body_width (report));
  PangoTabArray *tabs = pango_tab_array_new_with_positions (
      1, FALSE, PANGO_TAB_LEFT, (int)(table->label_width * PANGO_SCALE));

  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_tabs (layout, tabs);
  pango_layout_set_indent (layout, (int)(-table->label_width * PANGO_SCALE));
  pango_layout_set_markup (layout, markup, -1);
  pango_tab_array_free (tabs);
  return layout;
}

/*
 * _daybook_flow_add_table:
 * @table: (transfer full):
 *
 * Returns: (nullable): the (first) block, or %NULL for an empty table
 */
DaybookBlock *
_daybook_flow_add_table (DaybookFlow *flow, DaybookTable *table)
{
  DaybookBlock *block = NULL;

  if (table->n_rows > 0)
    {
      DaybookReport *report = flow->report;
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      gsize total = 0;

      for (guint i = 0; i < table->n_rows; i++)
        {
          const char *label = table->labels->pdata[i];
          const char *value = table->values->pdata[i];
          const char *open = isolate (report, label, value);
          int width = label_width (report, label);
          char *row;

          /* A label longer than its column (translations often are) ends
           * its line; the value starts under the column on the next.
           * Each value isolated where it can be reordered (isolate()): it
           * keeps its own direction, whatever the report's, so an Arabic
           * value in an English report (or the reverse) keeps its
           * punctuation in place. */
          row = g_strdup_printf ("<span foreground=\"#444444\">%s</span>%s%s%s%s", label,
                                 width > (table->label_width - 4) * PANGO_SCALE ? "\u2028" : "\t",
                                 open != NULL ? open : "", value, open != NULL ? "\u2069" : "");
          total += strlen (row) + 1;
          g_ptr_array_add (rows, row);
        }

      if (total <= SPLIT_BYTES)
        {
          g_autofree char *markup = NULL;

          g_ptr_array_add (rows, NULL);
          markup = g_strjoinv ("\n", (char **)rows->pdata);
          block = _daybook_flow_add_layout (flow, new_table_layout (report, table, markup));
        }
      else
        for (guint i = 0; i < rows->len; i++)
          {
            DaybookBlock *row
                = _daybook_flow_add_layout (flow, new_table_layout (report, table, rows->pdata[i]));

            if (block == NULL)
              block = row;
          }
    }
  table_free (table);
  return block;
}
