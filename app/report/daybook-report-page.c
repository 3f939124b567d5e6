/* daybook-report-page.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* What every page shares: the fonts and text styles, and the header and
 * footer. Fonts come through fontconfig: Noto for Latin, Greek, Cyrillic,
 * Arabic, Hebrew, Devanagari and CJK, DejaVu as a fallback, Symbola for
 * emoji (outlines, so they stay text in the PDF), and HarfBuzz shapes
 * them through Pango. */

#define FAMILY "Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, DejaVu Sans, Symbola"
/* An Arabic report: Naskh, the style of printed Arabic text, before the
 * rest (Latin letters still come from Noto Sans, which Naskh lacks). */
#define FAMILY_RTL "Noto Naskh Arabic, Noto Sans, Noto Sans Arabic, DejaVu Sans, Symbola"

/* Header and footer: on every page, so a loose page still says what it
 * belongs to and where it goes. */
/* The header's title and references and the footer's report line are the
 * same on every page: laid out once per report (the page number is not). */
static void
make_frame_layouts (DaybookReport *self, double width)
{
  const char *case_ref = _daybook_report_get_setting (self, DAYBOOK_REPORT_CASE_REF);
  const char *crime_ref = _daybook_report_get_setting (self, DAYBOOK_REPORT_CRIME_REF);
  g_autofree char *refs = NULL;
  g_autofree char *footer = NULL;
  PangoAlignment end_align = self->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;

  self->frame_title = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, width * 0.48);
  pango_layout_set_ellipsize (self->frame_title, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (self->frame_title, self->title, -1);

  if (case_ref != NULL && crime_ref != NULL)
    /* TRANSLATORS: page header: case reference, crime reference */
    refs = g_strdup_printf (_ ("Case ref. %s · Crime ref. %s"), case_ref, crime_ref);
  else if (case_ref != NULL)
    refs = g_strdup_printf (_ ("Case ref. %s"), case_ref);
  else if (crime_ref != NULL)
    refs = g_strdup_printf (_ ("Crime ref. %s"), crime_ref);
  if (refs != NULL)
    {
      self->frame_refs = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, width * 0.5);
      pango_layout_set_ellipsize (self->frame_refs, PANGO_ELLIPSIZE_START);
      pango_layout_set_alignment (self->frame_refs, end_align);
      pango_layout_set_text (self->frame_refs, refs, -1);
    }

  /* TRANSLATORS: page footer: the report id, then when it was generated */
  footer = g_strdup_printf (_ ("Report %s · generated %s"), self->report_id, self->generated_text);
  self->frame_footer = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, width * 0.75);
  pango_layout_set_ellipsize (self->frame_footer, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (self->frame_footer, footer, -1);
}

void
_daybook_report_clear_frame (DaybookReport *self)
{
  g_clear_object (&self->frame_title);
  g_clear_object (&self->frame_refs);
  g_clear_object (&self->frame_footer);
}

void
_daybook_report_draw_frame (DaybookReport *self, cairo_t *cr, guint page)
{
  double width = _daybook_report_body_width (self);
  g_autoptr (PangoLayout) right
      = _daybook_report_new_layout (self, DAYBOOK_STYLE_SMALL, width * 0.25);
  g_autofree char *page_text = NULL;
  double header_y = self->body_top - DAYBOOK_MM (11);
  double footer_y = self->body_bottom + DAYBOOK_MM (6);
  /* Right to left, the header and footer are mirrored: the title and the
   * report id at the right, the references and page number at the left. */
  gboolean rtl = self->rtl;
  double start = self->margin, end = self->margin + width * 0.5;
  PangoAlignment end_align = rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;

  if (self->frame_title == NULL)
    make_frame_layouts (self, width);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);

  if (rtl)
    {
      start = self->margin + width * 0.52;
      end = self->margin;
    }
  cairo_move_to (cr, start, header_y);
  pango_cairo_show_layout (cr, self->frame_title);

  if (self->frame_refs != NULL)
    {
      cairo_move_to (cr, end, header_y);
      pango_cairo_show_layout (cr, self->frame_refs);
    }

  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, self->margin, self->body_top - DAYBOOK_MM (5));
  cairo_line_to (cr, self->margin + width, self->body_top - DAYBOOK_MM (5));
  cairo_move_to (cr, self->margin, footer_y - 3);
  cairo_line_to (cr, self->margin + width, footer_y - 3);
  cairo_stroke (cr);

  cairo_move_to (cr, rtl ? self->margin + width * 0.25 : self->margin, footer_y);
  pango_cairo_show_layout (cr, self->frame_footer);

  page_text = g_strdup_printf (_ ("Page %u of %u"), page + 1, daybook_report_get_n_pages (self));
  /* As before the header's layouts were kept: the page number's layout
   * ellipsizes at its start, like the references it used to share. */
  pango_layout_set_ellipsize (right, PANGO_ELLIPSIZE_START);
  pango_layout_set_alignment (right, end_align);
  pango_layout_set_text (right, page_text, -1);
  cairo_move_to (cr, rtl ? self->margin : self->margin + width * 0.75, footer_y);
  pango_cairo_show_layout (cr, right);
  cairo_restore (cr);
}

static PangoContext *
new_context (DaybookReport *self, PangoFontMap *font_map)
{
  PangoContext *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: the layout must not depend on the surface, so the
   * preview, the printout and the PDF break lines alike. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);

  pango_cairo_context_set_resolution (context, 72);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_font_options_destroy (options);
  pango_context_set_base_dir (context, self->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  pango_context_set_language (
      context, pango_language_from_string (
                   self->catalog != NULL ? daybook_catalog_get_language (self->catalog) : "en"));
  return context;
}

/*
 * _daybook_report_new_context:
 *
 * Returns: (transfer full): a context of its own font map, set up as the
 *   report's, for laying out on another thread: Pango's font maps are
 *   not shared between threads. Lines break there exactly as here.
 */
PangoContext *
_daybook_report_new_context (DaybookReport *self)
{
  PangoFontMap *font_map = pango_cairo_font_map_new ();
  PangoContext *context = new_context (self, font_map);

  g_object_unref (font_map);
  return context;
}

void
_daybook_report_setup_fonts (DaybookReport *self)
{
  static const struct
  {
    const char *family;
    double size;
    PangoWeight weight;
  } styles[DAYBOOK_N_STYLES] = {
    [DAYBOOK_STYLE_TITLE] = { FAMILY, 22, PANGO_WEIGHT_BOLD },
    [DAYBOOK_STYLE_HEADING] = { FAMILY, 15, PANGO_WEIGHT_BOLD },
    [DAYBOOK_STYLE_SUBHEADING] = { FAMILY, 11.5, PANGO_WEIGHT_BOLD },
    [DAYBOOK_STYLE_ENTRY] = { FAMILY, 10.5, PANGO_WEIGHT_BOLD },
    [DAYBOOK_STYLE_BODY] = { FAMILY, 10, PANGO_WEIGHT_NORMAL },
    [DAYBOOK_STYLE_SMALL] = { FAMILY, 8, PANGO_WEIGHT_NORMAL },
    [DAYBOOK_STYLE_MONO]
    = { "DejaVu Sans Mono, Noto Sans Mono, Noto Naskh Arabic", 8.5, PANGO_WEIGHT_NORMAL },
    [DAYBOOK_STYLE_TABLE] = { FAMILY, 9.5, PANGO_WEIGHT_NORMAL },
  };

  /* The report's direction, not the process's: an Arabic report is laid out
   * right to left, each paragraph still taking the direction of its own
   * text (an English entry quoted in it reads left to right). */
  self->rtl = self->catalog != NULL && daybook_catalog_is_rtl (self->catalog);
  self->font_map = pango_cairo_font_map_new ();
  self->context = new_context (self, self->font_map);

  for (guint i = 0; i < DAYBOOK_N_STYLES; i++)
    {
      PangoFontDescription *desc = pango_font_description_new ();

      pango_font_description_set_family (
          desc, self->rtl && i != DAYBOOK_STYLE_MONO ? FAMILY_RTL : styles[i].family);
      pango_font_description_set_size (desc, (int)(styles[i].size * PANGO_SCALE));
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
_daybook_report_new_layout (DaybookReport *self, DaybookStyle style, double width)
{
  return _daybook_report_new_layout_in (self, self->context, style, width);
}

PangoLayout *
_daybook_report_new_layout_in (DaybookReport *self, PangoContext *context, DaybookStyle style,
                               double width)
{
  PangoLayout *layout = pango_layout_new (context);

  pango_layout_set_font_description (layout, self->fonts[style]);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* Against the context's right-to-left base direction, "right" is the
   * paragraph's start: Arabic paragraphs start at the right margin, and a
   * left-to-right paragraph (auto-dir) swaps it back to the left. */
  if (self->rtl)
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  if (style == DAYBOOK_STYLE_BODY)
    pango_layout_set_line_spacing (layout, 1.15);
  return layout;
}
