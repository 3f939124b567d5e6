/* daybook-report-cover.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* The cover: whose account this is, what it covers, what was selected and
 * what was left out (as counts, never content), how Daybook records, and
 * what identifies this report and the diary it came from. */

#define LABEL_WIDTH DAYBOOK_MM (48)

/* The space before each part of the cover, in points: as drawn first, and
 * in the compact cover, drawn when the first does not fit on one page. */
static double
cover_space (gboolean compact, double space)
{
  return compact ? space / 2 : space;
}

static char *
period_text (DaybookReport *self)
{
  g_autofree char *first = _daybook_report_format_day (&self->stats.first);
  g_autofree char *last = _daybook_report_format_day (&self->stats.last);

  if (g_strcmp0 (first, last) == 0)
    return g_steal_pointer (&first);
  /* TRANSLATORS: the first and the last date of the entries */
  return g_strdup_printf (_ ("%s to %s"), first, last);
}

static char *
dates_text (DaybookReport *self)
{
  const DaybookQuery *q = self->query;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (q->from != G_MININT64)
    from = _daybook_report_format_time (self, q->from, NULL);
  if (q->to != G_MAXINT64)
    to = _daybook_report_format_time (self, q->to, NULL);

  if (from != NULL && to != NULL)
    return g_strdup_printf (_ ("From %s, up to but not including %s"), from, to);
  if (from != NULL)
    return g_strdup_printf (_ ("From %s onwards"), from);
  if (to != NULL)
    return g_strdup_printf (_ ("Up to but not including %s"), to);
  return g_strdup (_ ("All dates"));
}

static void
add_identity (DaybookReport *self, DaybookFlow *flow, gboolean compact)
{
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  const char *owner = _daybook_report_get_setting (self, DAYBOOK_REPORT_OWNER);
  guint n_exhibits = self->exhibits->get_n_exhibits (self->exhibits);
  g_autofree char *period = period_text (self);
  g_autofree char *entries = g_strdup_printf ("%u", self->n_incidents);
  g_autofree char *exhibits
      /* TRANSLATORS: there are no exhibits */
      = n_exhibits ? g_strdup_printf ("%u", n_exhibits) : g_strdup (_ ("None"));

  _daybook_table_add (table, _ ("Diary kept by"), owner ? owner : _ ("Name not given"));
  _daybook_table_add (table, _ ("Prepared by"), owner ? owner : _ ("The diary keeper"));
  _daybook_table_add (table, _ ("Advocate"),
                      _daybook_report_get_setting (self, DAYBOOK_REPORT_ADVOCATE));
  _daybook_table_add (table, _ ("Period covered"), period);
  _daybook_table_add (table, _ ("Entries in this report"), entries);
  _daybook_table_add (table, _ ("Exhibits"), exhibits);
  _daybook_table_add (table, _ ("Case reference"),
                      _daybook_report_get_setting (self, DAYBOOK_REPORT_CASE_REF));
  _daybook_table_add (table, _ ("Crime reference"),
                      _daybook_report_get_setting (self, DAYBOOK_REPORT_CRIME_REF));
  _daybook_table_add (table, _ ("Police force"),
                      _daybook_report_get_setting (self, DAYBOOK_REPORT_POLICE_FORCE));
  _daybook_table_add (table, _ ("Orders in force"),
                      _daybook_report_get_setting (self, DAYBOOK_REPORT_ORDERS));
  _daybook_flow_add_table (flow, table)->space_before = cover_space (compact, 14);
}

static void
add_selection (DaybookReport *self, DaybookFlow *flow, gboolean compact)
{
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  g_autofree char *dates = dates_text (self);
  g_autofree char *types = NULL;
  g_autofree char *people = NULL;
  g_autofree char *private_entries = NULL;
  g_autofree char *left_out = NULL;
  guint outside = self->n_in_diary - self->n_incidents - self->n_private_left_out;
  DaybookBlock *block;

  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, _ ("What this report includes"));
  block->keep_with_next = TRUE;
  block->space_before = cover_space (compact, 16);

  types = self->query->types ? _daybook_report_dup_types_text (self->query->types)
                             : g_strdup (_ ("All kinds"));
  people
      = self->people ? g_strjoinv ("; ", self->people) : g_strdup (_ ("Anyone, or no one named"));

  if (self->query->include_private)
    private_entries = g_strdup (_ ("Included, and marked as private in the timeline"));
  else if (self->n_private_left_out > 0)
    private_entries = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u entry marked private was left out",
                     "%u entries marked private were left out", self->n_private_left_out),
        self->n_private_left_out);
  else
    private_entries = g_strdup (_ ("None within the selection"));

  left_out = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "%u of the diary’s %u entries is outside the dates, kinds or people selected",
                   "%u of the diary’s %u entries are outside the dates, kinds or people selected",
                   outside),
      outside, self->n_in_diary);

  _daybook_table_add (table, _ ("Dates"), dates);
  _daybook_table_add (table, _ ("Kinds of behaviour"), types);
  _daybook_table_add (table, _ ("People named"), people);
  _daybook_table_add (table, _ ("Private entries"), private_entries);
  _daybook_table_add (table, _ ("Private notes"),
                      self->query->include_private
                          ? _ ("Included")
                          : _ ("Left out (notes the diary keeper marked as private)"));
  _daybook_table_add (table, _ ("Left out by the selection"), left_out);
  _daybook_flow_add_table (flow, table)->space_before = 4;
}

static void
add_method (DaybookReport *self, DaybookFlow *flow, gboolean compact)
{
  DaybookBlock *block;

  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, _ ("How Daybook records"));
  block->keep_with_next = TRUE;
  block->space_before = cover_space (compact, 16);
  /* The compact cover sets this, its longest text, in the small type. */
  _daybook_flow_add_text (flow, compact ? DAYBOOK_STYLE_SMALL : DAYBOOK_STYLE_BODY,
                          _ ("Each entry was written in Daybook, an encrypted diary kept on the "
                             "diary keeper’s own computer. "
                             "The time an entry was first saved (“recorded”) comes from the "
                             "computer’s clock, and Daybook offers no way to change it; it is "
                             "as accurate as that clock was. "
                             "An entry can be corrected later, but every change made through "
                             "Daybook is kept: the timeline shows how many times each entry was "
                             "edited and when it was last changed, and the earlier versions "
                             "remain in the diary. "
                             "Every change is also linked into a chain of SHA-256 checksums; the "
                             "latest link, the diary fingerprint below, sums up the whole "
                             "history as it was when this report was made, and a later report "
                             "from the same diary shows whether this history is contained in "
                             "it. It is a checksum, not a seal: someone holding the diary’s key "
                             "could rewrite the history and its checksums before a report left "
                             "the computer."))
      ->space_before
      = 4;
}

/* What the bundle's entries were checked against: recomputed from the
 * bundle as the report is made, said as it is. */
static void
add_bundle_tie (DaybookReport *self, DaybookTable *table)
{
  g_auto (DaybookBundleSource) tie = { 0 };
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *link = NULL;
  g_autofree char *text = NULL;

  if (!daybook_diary_check_bundle_source (self->diary, &tie, &problems, NULL) || !tie.is_bundle)
    return;
  if (!tie.tied)
    {
      _daybook_table_add (table, _ ("Tied to the source"),
                          _ ("No: this bundle was made before bundles carried the source "
                             "diary's history, so its entries cannot be checked against the "
                             "source fingerprint."));
      return;
    }
  link = g_strdup_printf ("%'" G_GINT64_FORMAT, tie.length);
  _daybook_table_add (table, _ ("Source link"), link);
  if (!tie.matches)
    {
      _daybook_table_add (table, _ ("Tied to the source"),
                          _ ("No: the bundle's entries do not match the source fingerprint "
                             "above; the bundle was altered after it was made."));
      return;
    }
  /* TRANSLATORS: entry numbers, e.g. "1–40", then a link number */
  text = g_strdup_printf (
      _ ("Entries %s, recomputed from this bundle, sit at their places in a history whose "
         "link %s is the source fingerprint above. Compare that fingerprint with one printed "
         "by the source diary: the bundle alone cannot show who made the history."),
      tie.entries, link);
  _daybook_table_add (table, _ ("Tied to the source"), text);
  if (tie.hashed != NULL)
    {
      g_autofree char *hashed = g_strdup_printf (
          _ ("Entries %s are shown without their private notes: their text is not tied to the "
             "source, only the change it records and when."),
          tie.hashed);
      _daybook_table_add (table, _ ("Not tied"), hashed);
    }
}

/* A report made from a hand-over bundle says so, and names the diary the
 * bundle came from, so the two can be matched. */
static void
add_bundle_source (DaybookReport *self, DaybookTable *table)
{
  g_autofree char *source = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_BUNDLE_SOURCE);
  g_autofree char *source_id
      = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_BUNDLE_SOURCE_ID);
  g_autofree char *created
      = daybook_diary_dup_setting (self->diary, DAYBOOK_SETTING_BUNDLE_CREATED);
  g_autofree char *fingerprint = NULL;
  g_autofree char *made = NULL;
  g_autoptr (GDateTime) when = NULL;

  if (source == NULL)
    return;

  when = g_date_time_new_from_unix_utc (created ? g_ascii_strtoll (created, NULL, 10) : 0);
  /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  made = daybook_date_time_format (when, _ ("%a %-d %b %Y, %H:%M UTC"));
  fingerprint = g_markup_printf_escaped (
      "<span font_family=\"DejaVu Sans Mono\" size=\"small\">%s</span>", source);
  _daybook_table_add (
      table, _ ("Made from"),
      _ ("A hand-over bundle: a read-only copy of selected entries from the diary keeper's diary"));
  _daybook_table_add (table, _ ("Bundle made"), made);
  _daybook_table_add (table, _ ("Source diary"), source_id ? source_id : "");
  _daybook_table_add_markup (table, _ ("Source fingerprint"), fingerprint);
  add_bundle_tie (self, table);
}

static void
add_integrity (DaybookReport *self, DaybookFlow *flow, gboolean compact)
{
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  g_autofree char *fingerprint = g_markup_printf_escaped (
      "<span font_family=\"DejaVu Sans Mono\" size=\"small\">%s</span>", self->fingerprint);
  g_autofree char *handover = _daybook_report_dup_key_handover (self);
  g_autofree char *id = g_markup_printf_escaped ("<b>%s</b>", self->report_id);
  g_autofree char *link = _daybook_report_format_link (self->chain_length);
  DaybookBlock *block;

  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, _ ("Identifying this report"));
  block->keep_with_next = TRUE;
  block->space_before = cover_space (compact, 16);

  _daybook_table_add_markup (table, _ ("Report id"), id);
  _daybook_table_add (table, _ ("Generated"), self->generated_text);
  _daybook_table_add_markup (table, _ ("Diary fingerprint"), fingerprint);
  _daybook_table_add (table, _ ("Place in the chain"), link);
  if (self->key != NULL)
    {
      g_autofree char *key_id = g_markup_printf_escaped (
          "<span font_family=\"DejaVu Sans Mono\" size=\"small\">%s</span>", self->key->key_id);

      _daybook_table_add_markup (table, _ ("Signing key id"), key_id);
    }
  _daybook_table_add (table, _ ("Key hand-over"), handover);
  add_bundle_source (self, table);
  _daybook_flow_add_table (flow, table)->space_before = 4;
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL,
                          _ ("The last page explains how to check this report, its exhibits and "
                             "the fingerprint with freely available tools."))
      ->space_before
      = cover_space (compact, 6);
}

static guint
cover_n_items (DaybookReport *self)
{
  return 1;
}

/* How tall @flow's blocks are, one after the other on a page. */
static double
flow_height (DaybookFlow *flow)
{
  double height = 0;

  for (guint i = 0; i < flow->blocks->len; i++)
    {
      DaybookBlock *block = _daybook_flow_get_block (flow, i);

      height += (i > 0 ? block->space_before : 0) + block->height;
    }
  return height;
}

static void
cover_build_one (DaybookReport *self, DaybookFlow *flow, gboolean compact)
{
  const char *owner = _daybook_report_get_setting (self, DAYBOOK_REPORT_OWNER);
  DaybookBlock *block;

  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_TITLE, self->title);
  /* TRANSLATORS: the name of the report's cover page in the PDF outline */
  block->outline = g_strdup (_ ("Cover"));
  if (owner != NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (_ ("Evidence diary of %s"), owner);

      _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, subtitle)->space_before
          = cover_space (compact, 6);
    }
  _daybook_flow_set_continued (flow, _ ("Cover (continued)"));
  add_identity (self, flow, compact);
  add_selection (self, flow, compact);
  add_method (self, flow, compact);
  add_integrity (self, flow, compact);
}

/* The cover is one page in every language: when the translated cover is
 * taller than a page (Welsh, Polish and Arabic run longer than English),
 * it is drawn again with half the space between its parts and the method
 * in small type. A cover too long even then (a very long title or orders
 * text, a bundle's extra rows) goes on to a second page headed "Cover
 * (continued)" rather than losing a line. */
static void
cover_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  cover_build_one (self, flow, FALSE);
  if (flow_height (flow) > self->body_bottom - self->body_top)
    {
      g_ptr_array_set_size (flow->blocks, 0);
      cover_build_one (self, flow, TRUE);
    }
}

const DaybookSection _daybook_report_cover = {
  TRUE,
  cover_n_items,
  cover_build,
};
