/* daybook-report-chart.c — bar charts of counts over time, for the summary
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <math.h>

#include "daybook-i18n.h"

#include "daybook-report-private.h"

/*
 * One drawing for every count-over-time chart of the report: a bar per
 * week, month or year, a value axis with round steps, labels under the bars
 * no closer than they can be read. With more than one series the bars are
 * stacked, bottom up in series order, and each series has a fill that
 * differs in pattern as well as in shade (a report is often printed in
 * grey, and not every reader tells colours apart); a legend under the axis
 * shows each fill beside its name. The drawing holds no text of its own to
 * translate: the caller names the series and the bars.
 */

#define AXIS_WIDTH 26.0
#define AXIS_HEIGHT 16.0
#define LEGEND_ROW 12.0
#define LEGEND_COLUMNS 3

/* Weeks for a few months, months for up to ten years, years beyond:
 * enough bars to see escalation, few enough to read. */
DaybookBucket
_daybook_report_bucket_for (guint32 first, guint32 last, GDate *origin)
{
  DaybookBucket bucket;

  g_date_clear (origin, 1);
  g_date_set_julian (origin, first);
  if (last - first <= 182)
    {
      bucket = DAYBOOK_BUCKET_WEEK;
      g_date_subtract_days (origin, g_date_get_weekday (origin) - G_DATE_MONDAY);
    }
  else if (last - first <= 3660)
    {
      bucket = DAYBOOK_BUCKET_MONTH;
      g_date_set_day (origin, 1);
    }
  else
    {
      bucket = DAYBOOK_BUCKET_YEAR;
      g_date_set_dmy (origin, 1, G_DATE_JANUARY, g_date_get_year (origin));
    }
  return bucket;
}

/* Which bar the local day @julian falls in. */
guint
_daybook_report_bucket_index (DaybookBucket bucket, const GDate *origin, guint32 julian)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  if (bucket == DAYBOOK_BUCKET_WEEK)
    return (g_date_get_julian (&d) - g_date_get_julian (origin)) / 7;
  if (bucket == DAYBOOK_BUCKET_MONTH)
    return (g_date_get_year (&d) - g_date_get_year (origin)) * 12 + g_date_get_month (&d)
           - g_date_get_month (origin);
  return g_date_get_year (&d) - g_date_get_year (origin);
}

/* The label under bar @i: the week's Monday, the month or the year. */
char *
_daybook_report_bucket_label (DaybookBucket bucket, const GDate *origin, guint i)
{
  GDate d = *origin;

  switch (bucket)
    {
    case DAYBOOK_BUCKET_WEEK:
      g_date_add_days (&d, i * 7);
      /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
         %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
         in your language's order.
         xgettext:no-c-format */
      return _daybook_report_format_date (&d, _ ("%-d %b"));
    case DAYBOOK_BUCKET_MONTH:
      g_date_add_months (&d, i);
      /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
         %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
         in your language's order.
         xgettext:no-c-format */
      return _daybook_report_format_date (&d, _ ("%b %Y"));
    case DAYBOOK_BUCKET_YEAR:
    default:
      g_date_add_years (&d, i);
      return _daybook_report_format_date (&d, "%Y");
    }
}

DaybookChart *
_daybook_chart_new (guint n_bars, guint n_series)
{
  DaybookChart *chart = g_new0 (DaybookChart, 1);

  g_return_val_if_fail (n_bars > 0 && n_series > 0, NULL);
  chart->n_bars = n_bars;
  chart->n_series = n_series;
  chart->values = g_new0 (guint, (gsize)n_bars * n_series);
  chart->bar_labels = g_new0 (char *, n_bars + 1);
  chart->series_names = g_new0 (char *, n_series + 1);
  return chart;
}

void
_daybook_chart_free (DaybookChart *chart)
{
  if (chart == NULL)
    return;
  g_free (chart->values);
  g_strfreev (chart->bar_labels);
  g_strfreev (chart->series_names);
  g_free (chart);
}

static double
nice_step (guint max)
{
  static const double steps[] = { 1, 2, 5 };
  double scale = 1;

  for (;;)
    {
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        if (max / (steps[i] * scale) <= 5)
          return steps[i] * scale;
      scale *= 10;
    }
}

/* @align is where the text sits in its box on the page, whatever the
 * direction of the text or of the report: the chart places its own labels
 * (Pango would otherwise swap left and right for a paragraph written the
 * other way from the report). The paragraph takes the report's direction,
 * so a Latin sender's name with its count reads "(43) Sam Example" in an
 * Arabic report, as an Arabic reader expects. */
static void
show_text (DaybookReport *self, cairo_t *cr, const char *text, double x, double y, double width,
           PangoAlignment align)
{
  g_autoptr (PangoLayout) layout = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, width);

  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* A legend when the series are named: several always are, one may be
 * (messages from a single sender say whose they are). */
static guint
legend_rows (const DaybookChart *chart)
{
  if (chart->n_series < 2 && chart->series_names[0] == NULL)
    return 0;
  return (chart->n_series + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS;
}

double
_daybook_chart_get_height (const DaybookChart *chart)
{
  double legend = legend_rows (chart) * LEGEND_ROW;

  return DAYBOOK_MM (62) + (legend > 0 ? legend + 4 : 0);
}

/* Lines across the rectangle at @angle (radians), @spacing apart. */
static void
hatch (cairo_t *cr, double x, double y, double w, double h, double angle, double spacing)
{
  double cx = x + w / 2, cy = y + h / 2, r = hypot (w, h) / 2 + spacing;
  double dx = cos (angle), dy = sin (angle);

  for (double t = -r; t <= r; t += spacing)
    {
      double px = cx - dy * t, py = cy + dx * t;

      cairo_move_to (cr, px - dx * r, py - dy * r);
      cairo_line_to (cr, px + dx * r, py + dy * r);
    }
  cairo_stroke (cr);
}

/* Series 0 solid dark; then hatched one way, dotted, cross-hatched,
 * hatched the other way, each on a lighter ground; the last of six and
 * beyond plain light grey. Every fill is outlined, so even the lightest
 * stands out against the paper. */
static void
fill_series (cairo_t *cr, guint series, double x, double y, double w, double h)
{
  static const double grounds[] = { 0.20, 0.62, 0.80, 0.90, 0.70, 0.86 };
  guint kind = MIN (series, G_N_ELEMENTS (grounds) - 1);
  double g = grounds[kind];

  if (w <= 0 || h <= 0)
    return;
  cairo_save (cr);
  if (kind == 0)
    cairo_set_source_rgb (cr, 0.20, 0.32, 0.50);
  else
    cairo_set_source_rgb (cr, g, g, g);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 0.6);
  switch (kind)
    {
    case 1:
      hatch (cr, x, y, w, h, -G_PI / 4, 2.6);
      break;
    case 2:
      for (double py = y + 1.2; py < y + h; py += 2.6)
        for (double px = x + 1.2 + (fmod (py - y, 5.2) > 2 ? 1.3 : 0); px < x + w; px += 2.6)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, px, py, 0.55, 0, 2 * G_PI);
          }
      cairo_fill (cr);
      break;
    case 3:
      hatch (cr, x, y, w, h, -G_PI / 4, 3.2);
      hatch (cr, x, y, w, h, G_PI / 4, 3.2);
      break;
    case 4:
      hatch (cr, x, y, w, h, G_PI / 4, 2.6);
      break;
    default:
      break;
    }
  cairo_reset_clip (cr);
  cairo_set_line_width (cr, 0.4);
  cairo_rectangle (cr, x, y, w, h);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static guint
bar_total (const DaybookChart *chart, guint bar)
{
  guint total = 0;

  for (guint s = 0; s < chart->n_series; s++)
    total += chart->values[bar * chart->n_series + s];
  return total;
}

/* The DaybookDrawFunc for a chart: @data is the DaybookChart.
 *
 * In a right-to-left report the whole drawing is mirrored, as its readers
 * read a time line: the first bar at the right and the newest at the left,
 * the value axis and its figures on the right, and the legend's columns
 * from the right, each swatch to the right of its name. The fills
 * themselves are not mirrored (a hatch is a pattern, not a direction). */
void
_daybook_chart_draw (DaybookReport *self, cairo_t *cr, double x, double y, double width,
                     gpointer data)
{
  const DaybookChart *chart = data;
  gboolean rtl = self->rtl;
  guint n = chart->n_bars, max = 1, every;
  double chart_h = DAYBOOK_MM (62);
  double plot_x = rtl ? x : x + AXIS_WIDTH, plot_w = width - AXIS_WIDTH;
  double axis_x = rtl ? x + plot_w + 4 : x;
  double plot_h = chart_h - AXIS_HEIGHT - 4, base = y + plot_h + 4;
  double bar_w = plot_w / n, step;

  for (guint i = 0; i < n; i++)
    max = MAX (max, bar_total (chart, i));
  step = nice_step (max);
  max = (guint)(ceil (max / step) * step);

  cairo_save (cr);
  cairo_set_line_width (cr, 0.4);
  for (double v = 0; v <= max; v += step)
    {
      double gy = base - plot_h * v / max;
      g_autofree char *label = g_strdup_printf ("%.0f", v);

      cairo_set_source_rgb (cr, 0.82, 0.82, 0.82);
      cairo_move_to (cr, plot_x, gy);
      cairo_line_to (cr, plot_x + plot_w, gy);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      /* The figures face the plot: right-aligned left of it, left-aligned
       * right of it. */
      show_text (self, cr, label, axis_x, gy - 5, AXIS_WIDTH - 4,
                 rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
    }

  for (guint i = 0; i < n; i++)
    {
      guint count = bar_total (chart, i);
      double gap = bar_w > 6 ? bar_w * 0.18 : 0.3;
      double top = base;
      /* The left edge of bar @i's slot. */
      double slot = rtl ? plot_x + (n - 1 - i) * bar_w : plot_x + i * bar_w;

      if (legend_rows (chart) == 0)
        {
          double h = plot_h * count / max;

          cairo_set_source_rgb (cr, 0.20, 0.32, 0.50);
          cairo_rectangle (cr, slot + gap / 2, base - h, bar_w - gap, h);
          cairo_fill (cr);
          top = base - h;
        }
      else
        for (guint s = 0; s < chart->n_series; s++)
          {
            double h = plot_h * chart->values[i * chart->n_series + s] / max;

            fill_series (cr, s, slot + gap / 2, top - h, bar_w - gap, h);
            top -= h;
          }
      if (count > 0 && bar_w >= 14)
        {
          g_autofree char *label = g_strdup_printf ("%u", count);

          cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
          show_text (self, cr, label, slot, top - 11, bar_w, PANGO_ALIGN_CENTER);
        }
    }

  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, plot_x, base);
  cairo_line_to (cr, plot_x + plot_w, base);
  cairo_stroke (cr);

  /* Labels no closer than about 48 points, so they never overlap. */
  every = MAX (1, (guint)ceil (48 / bar_w));
  for (guint i = 0; i < n; i += every)
    {
      double cx = rtl ? plot_x + (n - i - 0.5) * bar_w : plot_x + (i + 0.5) * bar_w;

      cairo_move_to (cr, cx, base);
      cairo_line_to (cr, cx, base + 3);
      cairo_stroke (cr);
      if (chart->bar_labels[i] != NULL)
        show_text (self, cr, chart->bar_labels[i], cx - 30, base + 4, 60, PANGO_ALIGN_CENTER);
    }

  /* The legend: a swatch of each fill and its name, in rows of three. A
   * single unnamed series has none. */
  if (legend_rows (chart) > 0)
    {
      double column = plot_w / LEGEND_COLUMNS;

      for (guint s = 0; s < chart->n_series; s++)
        {
          guint c = s % LEGEND_COLUMNS;
          double lx = rtl ? plot_x + plot_w - (c + 1) * column : plot_x + c * column;
          double ly = y + chart_h + 4 + (s / LEGEND_COLUMNS) * LEGEND_ROW;
          const char *name = chart->series_names[s] != NULL ? chart->series_names[s] : "";

          fill_series (cr, s, rtl ? lx + column - 14 : lx, ly + 1.5, 14, 8);
          cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
          if (rtl)
            show_text (self, cr, name, lx + 4, ly, column - 22, PANGO_ALIGN_RIGHT);
          else
            show_text (self, cr, name, lx + 18, ly, column - 22, PANGO_ALIGN_LEFT);
        }
    }
  cairo_restore (cr);
}

/* Adds @chart (transfer full) to @flow as a drawing of its own height. */
DaybookBlock *
_daybook_flow_add_chart (DaybookFlow *flow, DaybookChart *chart)
{
  return _daybook_flow_add_drawing (flow, _daybook_chart_get_height (chart), _daybook_chart_draw,
                                    chart, (GDestroyNotify)_daybook_chart_free);
}
