/* daybook-report-summary.c
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

/* The course of conduct at a glance: what kinds of behaviour, how often
 * over time (so escalation shows), how long the quiet spells lasted, and
 * who was involved. */

#define LABEL_WIDTH DAYBOOK_MM (52)

/* The incidents per bucket as a chart of one series. */
static DaybookChart *
incident_chart (DaybookReport *self)
{
  DaybookReportStats *stats = &self->stats;
  DaybookChart *chart = _daybook_chart_new (stats->buckets->len, 1);

  for (guint i = 0; i < stats->buckets->len; i++)
    {
      chart->values[i] = g_array_index (stats->buckets, guint, i);
      chart->bar_labels[i] = _daybook_report_bucket_label (stats->bucket, &stats->bucket_origin, i);
    }
  return chart;
}

static void
add_types (DaybookReport *self, DaybookFlow *flow)
{
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);

  for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
    {
      guint count = self->stats.type_counts[t];
      g_autofree char *value = NULL;

      if (count == 0)
        continue;
      value = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u entry (%u%%)", "%u entries (%u%%)", count), count,
          (count * 100 + self->n_incidents / 2) / self->n_incidents);
      _daybook_table_add (table, daybook_behaviour_get_label (daybook_behaviour_nth (t)), value);
    }
  if (_daybook_table_is_empty (table))
    _daybook_table_add (table, _ ("None given"),
                        _ ("No behaviour types were marked on these entries."));
  _daybook_flow_add_table (flow, table);
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL,
                          _ ("An entry can record more than one kind of behaviour, so the counts "
                             "may add up to more than the number of entries."))
      ->space_before
      = 3;
}

static void
add_chart (DaybookReport *self, DaybookFlow *flow)
{
  static const char *titles[] = {
    N_ ("Incidents per week"),
    N_ ("Incidents per month"),
    N_ ("Incidents per year"),
  };
  static const char *captions[] = {
    N_ ("Each bar is one week, Monday to Sunday, by the local date where the incident happened. "
        "Weeks with no bar had no entries."),
    N_ ("Each bar is one calendar month, by the local date where the incident happened. Months "
        "with no bar had no entries."),
    N_ ("Each bar is one calendar year, by the local date where the incident happened."),
  };
  DaybookBlock *block;

  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, _ (titles[self->stats.bucket]));
  block->keep_with_next = TRUE;
  block->space_before = 14;
  _daybook_flow_add_chart (flow, incident_chart (self))->space_before = 6;
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, _ (captions[self->stats.bucket]))->space_before
      = 3;
}

static void
add_gaps (DaybookReport *self, DaybookFlow *flow)
{
  DaybookReportStats *stats = &self->stats;
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  DaybookBlock *block;

  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, _ ("Time between incidents"));
  block->keep_with_next = TRUE;
  block->space_before = 14;

  if (stats->n_gaps == 0)
    /* TRANSLATORS: a heading: gaps (periods without entries) between entries */
    _daybook_table_add (table, _ ("Gaps"), _ ("Only one entry is in this report."));
  else
    {
      g_autofree char *longest = _daybook_report_format_gap (stats->longest_gap);
      g_autofree char *median = _daybook_report_format_gap (stats->median_gap);
      g_autofree char *from = _daybook_report_format_day (&stats->gap_from);
      g_autofree char *to = _daybook_report_format_day (&stats->gap_to);
      g_autofree char *longest_text = NULL;

      /* TRANSLATORS: the longest gap, then the entries and dates on either side */
      longest_text
          = g_strdup_printf (_ ("%s, between entry %u (%s) and entry %u (%s)"), longest,
                             (guint)stats->gap_from_number, from, (guint)stats->gap_to_number, to);
      _daybook_table_add (table, _ ("Longest gap"), longest_text);
      _daybook_table_add (table, _ ("Median gap"), median);
    }
  _daybook_flow_add_table (flow, table);
}

static void
add_people (DaybookReport *self, DaybookFlow *flow)
{
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  DaybookBlock *block;

  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, _ ("People involved"));
  block->keep_with_next = TRUE;
  block->space_before = 14;

  for (guint i = 0; i < self->stats.people->len; i++)
    {
      DaybookReportPerson *person = g_ptr_array_index (self->stats.people, i);
      g_autoptr (GString) roles = g_string_new (NULL);
      g_autofree char *value = NULL;

      for (guint r = DAYBOOK_ROLE_SUSPECT; r <= DAYBOOK_ROLE_OTHER; r++)
        if (person->roles & (1u << r))
          g_string_append_printf (roles, "%s%s", roles->len ? ", " : "",
                                  daybook_role_get_label (r));
      /* TRANSLATORS: roles ("Suspect, Witness"), then in how many entries */
      value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · named in %u entry",
                                            "%s · named in %u entries", person->count),
                               roles->str, person->count);
      _daybook_table_add (table, person->name, value);
    }
  if (_daybook_table_is_empty (table))
    _daybook_table_add (table, _ ("None named"), _ ("No people are named in these entries."));
  _daybook_flow_add_table (flow, table);
}

static void
add_overview (DaybookReport *self, DaybookFlow *flow)
{
  DaybookReportStats *stats = &self->stats;
  g_autofree char *first = _daybook_report_format_day (&stats->first);
  g_autofree char *last = _daybook_report_format_day (&stats->last);
  g_autofree char *text = NULL;
  g_autofree char *police = NULL;
  g_autofree char *edited = NULL;

  text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "This report holds %u entry, dated %s to %s.",
                   "This report holds %u entries, dated %s to %s.", self->n_incidents),
      self->n_incidents, first, last);
  police = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u of them records that it was reported to the police.",
                   "%u of them record that they were reported to the police.", stats->n_reported),
      stats->n_reported);
  if (stats->n_edited == 0)
    edited = g_strdup (_ ("None was edited after it was first recorded."));
  else
    edited = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "%u was edited after it was first recorded; the timeline says when.",
                     "%u were edited after they were first recorded; the timeline says when.",
                     stats->n_edited),
        stats->n_edited);
  {
    g_autofree char *para = g_strjoin (" ", text, police, edited, NULL);

    _daybook_flow_add_text (flow, DAYBOOK_STYLE_BODY, para)->space_before = 4;
  }
}

static void
add_subheading (DaybookFlow *flow, const char *text)
{
  DaybookBlock *block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, text);

  block->keep_with_next = TRUE;
  block->space_before = 14;
}

/* "Fact sentence (entries 1–3, 7)" */
static char *
fact_value (const DaybookConductFact *fact)
{
  g_autofree char *numbers = daybook_conduct_format_numbers (fact->numbers);

  gsize len = strlen (fact->text);

  if (numbers[0] == '\0')
    return g_strdup (fact->text);
  /* "… 3 entries (entries 1–3)." */
  if (len > 0 && fact->text[len - 1] == '.')
    return g_strdup_printf ("%.*s (%s).", (int)(len - 1), fact->text, numbers);
  return g_strdup_printf ("%s (%s)", fact->text, numbers);
}

static void
add_stalking (DaybookReport *self, DaybookFlow *flow)
{
  const DaybookConduct *c = self->conduct;
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  g_autoptr (GString) others = g_string_new (NULL);
  g_autofree char *words = g_strjoinv (", ", (char **)daybook_conduct_get_place_words ());
  g_autofree char *how = NULL;

  add_subheading (flow, _ ("Behaviours associated with stalking"));
  for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
    if (daybook_conduct_group_of (daybook_behaviour_nth (t)) == DAYBOOK_CONDUCT_OTHER)
      g_string_append_printf (others, "%s%s", others->len ? ", " : "",
                              daybook_behaviour_get_label (daybook_behaviour_nth (t)));
  {
    g_autofree char *intro = g_strdup_printf (
        _ ("The entries grouped by the behaviours the Protection from Harassment Act 1997 "
           "s2A(3) (England and Wales) gives as examples associated with stalking, by the "
           "behaviour types marked on each entry. Types the Act does not list (%s) are “other "
           "behaviour”. Whether the conduct amounts to stalking is for the police and the "
           "courts."),
        others->str);

    _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, intro)->space_before = 3;
  }
  for (guint g = 0; g < DAYBOOK_CONDUCT_N_GROUPS; g++)
    {
      GArray *numbers = c->groups[g];
      g_autofree char *list = NULL;
      g_autofree char *value = NULL;

      if (numbers->len == 0)
        continue;
      list = daybook_conduct_format_numbers (numbers);
      /* TRANSLATORS: how many entries, then their numbers */
      value = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u entry: %s", "%u entries: %s", numbers->len),
          numbers->len, list);
      _daybook_table_add (table, daybook_conduct_group_get_label (g), value);
    }
  if (_daybook_table_is_empty (table))
    _daybook_table_add (table, _ ("None given"),
                        _ ("No behaviour types were marked on these entries."));
  _daybook_flow_add_table (flow, table)->space_before = 4;

  add_subheading (flow, _ ("The FOUR pattern: fixated, obsessive, unwanted, repeated"));
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL,
                          _ ("Under each of the headings police use to recognise stalking, the "
                             "facts the selected entries record. They are not a finding that "
                             "the pattern is present."))
      ->space_before
      = 3;
  for (guint f = 0; f < DAYBOOK_FOUR_N; f++)
    {
      DaybookTable *four = _daybook_table_new (LABEL_WIDTH);
      DaybookBlock *block
          = _daybook_flow_add_text (flow, DAYBOOK_STYLE_BODY, daybook_four_get_label (f));

      block->keep_with_next = TRUE;
      block->space_before = 6;
      for (guint i = 0; i < c->four[f]->len; i++)
        {
          const DaybookConductFact *fact = g_ptr_array_index (c->four[f], i);
          g_autofree char *value = fact_value (fact);

          _daybook_table_add (four, fact->label, value);
        }
      _daybook_flow_add_table (flow, four)->space_before = 2;
    }

  add_subheading (flow, _ ("Facts an officer screening risk will ask about"));
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_BODY, daybook_conduct_get_no_score_sentence ())
      ->space_before
      = 3;
  table = _daybook_table_new (LABEL_WIDTH);
  for (guint s = 0; s < DAYBOOK_SCREENING_N; s++)
    {
      g_autofree char *value = fact_value (&c->screening[s]);

      _daybook_table_add (table, c->screening[s].label, value);
    }
  _daybook_flow_add_table (flow, table)->space_before = 4;
  how = g_strdup_printf (
      _ ("How each fact is found: from the behaviour types and the fear and distress marks the "
         "victim set on each entry. Visits to home or work are the exception: they are entries "
         "of following, loitering or watching whose location contains one of the words %s, so "
         "a location written otherwise is not counted. “More often” and “new kinds of "
         "behaviour” compare the 28 days ending on the day of the last selected entry with "
         "the selected entries before them; “first threat” means 14 days or more after the "
         "first selected entry. Entries left out of this report are not counted."),
      words);
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, how)->space_before = 3;
}

static guint
summary_n_items (DaybookReport *self)
{
  return 1;
}

static void
summary_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  DaybookBlock *block;

  _daybook_flow_add_heading (flow, _ ("Summary: the course of conduct"));
  _daybook_flow_set_continued (flow, _ ("Summary (continued)"));
  add_overview (self, flow);
  block
      = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, _ ("Kinds of behaviour recorded"));
  block->keep_with_next = TRUE;
  block->space_before = 14;
  add_types (self, flow);
  add_stalking (self, flow);
  add_chart (self, flow);
  add_gaps (self, flow);
  add_people (self, flow);
  _daybook_report_add_breach_summary (self, flow);
}

const DaybookSection _daybook_report_summary = {
  TRUE,
  summary_n_items,
  summary_build,
};
