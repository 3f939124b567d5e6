/* daybook-report-timeline.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* Every selected entry in the order the incidents happened: when (as the
 * clock read where it happened), when it was written down and whether it
 * changed since, what happened, its effect, the police contact, and the
 * exhibits it refers to. Month headings are bookmarked in the outline. */

#define LABEL_WIDTH DAYBOOK_MM (30)

char *
_daybook_report_dup_types_text (DaybookBehaviour types)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
    if (types & (1u << t))
      g_string_append_printf (text, "%s%s", text->len ? ", " : "",
                              daybook_behaviour_get_label (daybook_behaviour_nth (t)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
people_text (DaybookIncident *incident)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < daybook_incident_get_n_people (incident); i++)
    {
      const DaybookInvolvement *inv = daybook_incident_get_person (incident, i);
      g_autofree char *role = g_utf8_strdown (daybook_role_get_label (inv->role), -1);

      /* TRANSLATORS: a person in an entry: name (role) */
      g_string_append_printf (text, "%s%s (%s)", text->len ? "; " : "", inv->name, role);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
recorded_text (DaybookReport *self, DaybookIncident *incident)
{
  const DaybookWhen *start = daybook_incident_get_start (incident);
  g_autofree char *recorded
      = _daybook_report_format_time (self, daybook_incident_get_recorded_at (incident), start);
  guint edits = daybook_incident_get_revision (incident);
  g_autofree char *updated = NULL;

  edits = edits > 0 ? edits - 1 : 0;
  if (edits == 0)
    /* TRANSLATORS: when an entry was first saved, and that it never changed */
    return g_strdup_printf (_ ("%s · never edited"), recorded);

  updated = _daybook_report_format_time (self, daybook_incident_get_updated_at (incident), start);
  /* TRANSLATORS: when first saved; how often edited; when last edited */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · edited %u time, last on %s",
                                       "%s · edited %u times, last on %s", edits),
                          recorded, edits, updated);
}

/* Each revision of the entry saved while the clock was behind an earlier
 * save, or NULL when there is none. */
static char *
clock_text (DaybookReport *self, DaybookIncident *incident)
{
  const DaybookWhen *start = daybook_incident_get_start (incident);
  gint64 number = daybook_incident_get_number (incident);
  GPtrArray *list = g_hash_table_lookup (self->clock_by_entry, &number);
  g_autoptr (GString) text = g_string_new (NULL);

  if (list == NULL)
    return NULL;
  for (guint i = 0; i < list->len; i++)
    {
      const DaybookClockRegression *r = list->pdata[i];
      g_autofree char *at = _daybook_report_format_time (self, r->at, start);
      g_autofree char *previous = _daybook_report_format_time (self, r->previous_at, start);

      if (text->len > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: revision number; the time the clock gave; the later
       * time of a change saved before it */
      g_string_append_printf (text,
                              _ ("revision %u saved at %s, earlier than a change saved "
                                 "before it at %s"),
                              r->revision, at, previous);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The impact's kinds in the report's words, then the victim's own: her
 * words isolated (U+2068 … U+2069), so that in an Arabic report an
 * English sentence keeps its full stop at its own end, not at the left. */
static char *
impact_text (DaybookIncident *incident)
{
  const char *impact = daybook_incident_get_impact (incident);
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (daybook_incident_get_fear_of_violence (incident))
    g_ptr_array_add (parts, g_strdup (_ ("Fear of violence.")));
  if (daybook_incident_get_alarm_distress (incident))
    g_ptr_array_add (parts, g_strdup (_ ("Alarm or distress.")));
  if (impact != NULL && impact[0] != '\0')
    g_ptr_array_add (parts, g_strdup_printf ("\u2068%s\u2069", impact));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" ", (char **)parts->pdata);
}

static const char *
nonempty (const char *text)
{
  return (text != NULL && text[0] != '\0') ? text : NULL;
}

static char *
police_text (DaybookIncident *incident)
{
  const char *ref = nonempty (daybook_incident_get_police_ref (incident));
  const char *officer = nonempty (daybook_incident_get_police_officer (incident));
  const char *date = nonempty (daybook_incident_get_police_date (incident));
  g_autoptr (GString) text = g_string_new (NULL);

  if (!daybook_incident_get_police_reported (incident) && ref == NULL && officer == NULL)
    return g_strdup (_ ("Not reported to the police"));

  g_string_append (text, _ ("Reported to the police"));
  if (date != NULL)
    g_string_append_printf (text, _ (" on %s"), date);
  if (ref != NULL)
    g_string_append_printf (text, _ ("; reference %s"), ref);
  if (officer != NULL)
    g_string_append_printf (text, _ ("; officer %s"), officer);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_month_heading (DaybookReport *self, DaybookFlow *flow, guint item)
{
  guint month = _daybook_report_month_of (self, item);
  g_autoptr (GDateTime) dt = NULL;
  g_autofree char *text = NULL;
  DaybookBlock *block;

  if (item > 0 && _daybook_report_month_of (self, item - 1) == month)
    return;

  dt = g_date_time_new_utc (month / 12, month % 12 + 1, 1, 0, 0, 0);
  /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  text = daybook_date_time_format (dt, _ ("%OB %Y"));
  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, text);
  block->keep_with_next = TRUE;
  block->space_before = item > 0 ? 8 : 10;
  block->outline = g_strdup (text);
  block->outline_level = 1;
}

static void
add_heading (DaybookReport *self, DaybookFlow *flow, DaybookIncident *incident)
{
  const DaybookWhen *start = daybook_incident_get_start (incident);
  g_autofree char *when
      = _daybook_report_format_when (self, start, daybook_incident_get_precision (incident));
  g_autofree char *head = NULL;
  g_autofree char *continued = NULL;
  gint64 number = daybook_incident_get_number (incident);
  const char *title = daybook_incident_get_title (incident);
  DaybookBlock *block;

  /* TRANSLATORS: the head of an entry: its number, then its date and time */
  head = g_strdup_printf (_ ("Entry %u\t%s%s"), (guint)number, when,
                          daybook_incident_get_private (incident) ? _ (" · marked private") : "");
  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_ENTRY, head);
  {
    PangoTabArray *tabs = pango_tab_array_new_with_positions (1, FALSE, PANGO_TAB_LEFT,
                                                              (int)(LABEL_WIDTH * PANGO_SCALE));

    pango_layout_set_tabs (block->layout, tabs);
    pango_tab_array_free (tabs);
  }
  block->keep_with_next = TRUE;
  block->shade = TRUE;
  block->space_before = 6;

  if (title != NULL && title[0] != '\0')
    {
      block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_ENTRY, title);
      block->keep_with_next = TRUE;
      block->space_before = 5;
    }

  /* TRANSLATORS: at the top of a page that goes on with an entry */
  continued = g_strdup_printf (_ ("Entry %u, %s (continued)"), (guint)number, when);
  _daybook_flow_set_continued (flow, continued);
}

static void
add_details (DaybookReport *self, DaybookFlow *flow, DaybookIncident *incident)
{
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  const DaybookWhen *end = daybook_incident_get_end (incident);
  g_autofree char *recorded = recorded_text (self, incident);
  g_autofree char *clock = clock_text (self, incident);
  g_autofree char *types = _daybook_report_dup_types_text (daybook_incident_get_types (incident));
  g_autofree char *people = people_text (incident);
  g_autofree char *ended = NULL;
  DaybookBlock *block;

  _daybook_table_add (table, _ ("Recorded"), recorded);
  if (clock != NULL)
    _daybook_table_add (table, _ ("Clock set back"), clock);
  if (end != NULL && end->utc != 0)
    {
      ended = _daybook_report_format_when (self, end, daybook_incident_get_precision (incident));
      _daybook_table_add (table, _ ("Ended"), ended);
    }
  _daybook_table_add (table, _ ("Location"), daybook_incident_get_location (incident));
  _daybook_table_add (table, _ ("Behaviour"), types);
  _daybook_table_add (table, _ ("People"), people);
  block = _daybook_flow_add_table (flow, table);
  if (block != NULL)
    block->space_before = 4;
}

static void
add_outcome (DaybookReport *self, DaybookFlow *flow, DaybookIncident *incident, GPtrArray *exhibits)
{
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  g_autofree char *impact = impact_text (incident);
  g_autofree char *police = police_text (incident);
  g_autoptr (GString) marks = g_string_new (NULL);
  DaybookBlock *block;

  for (guint i = 0; i < exhibits->len; i++)
    {
      DaybookExhibit *exhibit = g_ptr_array_index (exhibits, i);

      g_string_append_printf (marks, "%s%s", marks->len ? ", " : "", exhibit->mark);
    }

  _daybook_table_add (table, _ ("Impact"), impact);
  _daybook_table_add (table, _ ("Police"), police);
  _daybook_table_add (table, _ ("Exhibits"), marks->str);
  if (self->query->include_private)
    _daybook_table_add (table, _ ("Private notes"), daybook_incident_get_private_notes (incident));
  block = _daybook_flow_add_table (flow, table);
  if (block != NULL)
    block->space_before = 6;
}

static guint
timeline_n_items (DaybookReport *self)
{
  return self->n_incidents;
}

static void
timeline_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  g_autoptr (DaybookIncident) incident = _daybook_report_get_incident (self, item);
  g_autoptr (GPtrArray) exhibits
      = self->exhibits->list_for_entry (self->exhibits, daybook_incident_get_number (incident));
  const char *narrative = daybook_incident_get_narrative (incident);

  if (item == 0)
    {
      _daybook_flow_add_heading (flow, _ ("Timeline"));
      _daybook_flow_add_text (
          flow, DAYBOOK_STYLE_SMALL,
          _ ("Entries in the order the incidents happened. Each time is the local time where it "
             "happened, with its time zone; “about” marks an approximate time and “date only” a "
             "day whose time is not known. “Recorded” is when the entry was first saved, set by "
             "the computer. Entry numbers follow the order in which entries were first saved; a "
             "number missing here belongs to an entry that was deleted (its history is kept), is "
             "private or is outside the selection."))
          ->space_before
          = 4;
    }
  add_month_heading (self, flow, item);
  add_heading (self, flow, incident);
  add_details (self, flow, incident);
  if (narrative != NULL && narrative[0] != '\0')
    _daybook_flow_add_paragraphs (flow, DAYBOOK_STYLE_BODY, narrative, 6);
  add_outcome (self, flow, incident, exhibits);
  _daybook_report_add_thumbnails (flow, exhibits);
}

const DaybookSection _daybook_report_timeline = {
  TRUE,
  timeline_n_items,
  timeline_build,
};
