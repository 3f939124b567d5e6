/* daybook-report-stats.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <stdlib.h>
#include "daybook-i18n.h"

#include "daybook-conduct-private.h"
#include "daybook-incident-list.h"
#include "daybook-report-private.h"

/* One pass over the selected entries before any page is laid out: what is
 * selected, what is left out, and the figures of the summary. It keeps a
 * few bytes per entry (its position and local date), never the entries. */

static void
person_free (gpointer data)
{
  DaybookReportPerson *person = data;

  g_free (person->name);
  g_free (person);
}

static int
compare_people (gconstpointer a, gconstpointer b)
{
  const DaybookReportPerson *pa = *(DaybookReportPerson *const *)a;
  const DaybookReportPerson *pb = *(DaybookReportPerson *const *)b;

  if (pa->count != pb->count)
    return pa->count > pb->count ? -1 : 1;
  return g_utf8_collate (pa->name, pb->name);
}

static int
compare_gint64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

void
_daybook_report_stats_clear (DaybookReportStats *stats)
{
  daybook_when_clear (&stats->first);
  daybook_when_clear (&stats->last);
  daybook_when_clear (&stats->gap_from);
  daybook_when_clear (&stats->gap_to);
  g_clear_pointer (&stats->buckets, g_array_unref);
  g_clear_pointer (&stats->days, g_array_unref);
  g_clear_pointer (&stats->people, g_ptr_array_unref);
}

static gboolean
names_anyone (DaybookReport *self, DaybookIncident *incident)
{
  if (self->people == NULL)
    return TRUE;

  for (guint i = 0; i < daybook_incident_get_n_people (incident); i++)
    {
      g_autofree char *name = g_utf8_casefold (daybook_incident_get_person (incident, i)->name, -1);

      for (guint j = 0; self->people[j] != NULL; j++)
        {
          g_autofree char *wanted = g_utf8_casefold (self->people[j], -1);

          if (g_utf8_collate (name, wanted) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static void
count_people (DaybookIncident *incident, GHashTable *people)
{
  for (guint i = 0; i < daybook_incident_get_n_people (incident); i++)
    {
      const DaybookInvolvement *inv = daybook_incident_get_person (incident, i);
      g_autofree char *key = g_utf8_casefold (inv->name, -1);
      DaybookReportPerson *person = g_hash_table_lookup (people, key);

      if (person == NULL)
        {
          person = g_new0 (DaybookReportPerson, 1);
          person->name = g_strdup (inv->name);
          g_hash_table_insert (people, g_steal_pointer (&key), person);
        }
      person->roles |= 1u << inv->role;
      person->count++;
    }
}

/* The local date the incident happened on, as a Julian day. */
static guint32
local_day (const DaybookWhen *when)
{
  g_autoptr (GDateTime) dt = daybook_when_to_date_time (when);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
  return g_date_get_julian (&date);
}

static void
add_incident (DaybookReport *self, DaybookIncident *incident, GArray *gaps, GHashTable *people,
              gint64 *prev_number)
{
  DaybookReportStats *stats = &self->stats;
  const DaybookWhen *start = daybook_incident_get_start (incident);
  DaybookBehaviour types = daybook_incident_get_types (incident);
  const char *notes = daybook_incident_get_private_notes (incident);
  guint32 day = local_day (start);

  for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
    if (types & (1u << t))
      stats->type_counts[t]++;

  if (self->n_incidents == 0)
    {
      daybook_when_copy (start, &stats->first);
      stats->first_precision = daybook_incident_get_precision (incident);
    }
  else
    {
      gint64 gap = start->utc - stats->last.utc;

      g_array_append_val (gaps, gap);
      if (gaps->len == 1 || gap > stats->longest_gap)
        {
          stats->longest_gap = gap;
          stats->gap_from_number = *prev_number;
          stats->gap_to_number = daybook_incident_get_number (incident);
          daybook_when_copy (&stats->last, &stats->gap_from);
          daybook_when_copy (start, &stats->gap_to);
        }
    }
  daybook_when_copy (start, &stats->last);
  stats->last_precision = daybook_incident_get_precision (incident);
  *prev_number = daybook_incident_get_number (incident);
  g_array_append_val (stats->days, day);

  count_people (incident, people);
  if (notes != NULL && notes[0] != '\0')
    stats->n_private_notes++;
  if (daybook_incident_get_revision (incident) > 1)
    stats->n_edited++;
  if (daybook_incident_get_police_reported (incident))
    stats->n_reported++;
  self->n_incidents++;
}

static void
make_buckets (DaybookReportStats *stats)
{
  guint32 first = g_array_index (stats->days, guint32, 0);
  guint32 last = g_array_index (stats->days, guint32, stats->days->len - 1);

  stats->bucket = _daybook_report_bucket_for (first, last, &stats->bucket_origin);
  stats->buckets = g_array_new (FALSE, TRUE, sizeof (guint));
  for (guint i = 0; i < stats->days->len; i++)
    {
      guint n = _daybook_report_bucket_index (stats->bucket, &stats->bucket_origin,
                                              g_array_index (stats->days, guint32, i));

      if (n >= stats->buckets->len)
        g_array_set_size (stats->buckets, n + 1);
      g_array_index (stats->buckets, guint, n)++;
    }
}

static GListModel *
query_all (DaybookReport *self, GError **error)
{
  g_autoptr (DaybookQuery) all = daybook_query_new ();

  all->include_private = TRUE;
  return daybook_diary_query (self->diary, all, error);
}

gboolean
_daybook_report_collect_stats (DaybookReport *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (DaybookQuery) query = daybook_query_copy (self->query);
  g_autoptr (GListModel) all = NULL;
  g_autoptr (GArray) gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GHashTable) people
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, person_free);
  GHashTableIter iter;
  gpointer key, value;
  gint64 prev_number = 0;
  DaybookConductBuilder *conduct = NULL;
  guint n;

  /* Private entries are counted, then left out here, so the cover can say
   * how many there were. */
  query->include_private = TRUE;
  if (self->people != NULL && self->people[1] == NULL)
    daybook_query_set_person (query, self->people[0]);
  self->incidents = daybook_diary_query (self->diary, query, error);
  if (self->incidents == NULL)
    return FALSE;
  all = query_all (self, error);
  if (all == NULL)
    return FALSE;
  self->n_in_diary = g_list_model_get_n_items (all);
  conduct = _daybook_conduct_builder_new ();

  n = g_list_model_get_n_items (self->incidents);
  self->positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  self->numbers = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  self->stats.days = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DaybookIncident) incident = g_list_model_get_item (self->incidents, i);

      if (i % 256 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          _daybook_conduct_builder_free (conduct);
          return FALSE;
        }
      /* Read once here: not kept (see _daybook_report_get_incident()). */
      if (i % 1024 == 1023 && DAYBOOK_IS_INCIDENT_LIST (self->incidents))
        daybook_incident_list_forget (DAYBOOK_INCIDENT_LIST (self->incidents));
      if (!names_anyone (self, incident))
        continue;
      if (daybook_incident_get_private (incident) && !self->query->include_private)
        {
          self->n_private_left_out++;
          _daybook_conduct_builder_left_out (conduct);
          continue;
        }
      _daybook_conduct_builder_add (conduct, incident);
      g_array_append_val (self->positions, i);
      {
        gint64 number = daybook_incident_get_number (incident);

        g_array_append_val (self->numbers, number);
      }
      add_incident (self, incident, gaps, people, &prev_number);
    }
  if (DAYBOOK_IS_INCIDENT_LIST (self->incidents))
    daybook_incident_list_forget (DAYBOOK_INCIDENT_LIST (self->incidents));
  g_clear_pointer (&self->conduct, daybook_conduct_free);
  self->conduct = _daybook_conduct_builder_finish (conduct);

  if (self->n_incidents == 0)
    return TRUE;

  make_buckets (&self->stats);
  self->stats.n_gaps = gaps->len;
  if (gaps->len > 0)
    {
      qsort (gaps->data, gaps->len, sizeof (gint64), compare_gint64);
      self->stats.median_gap = gaps->len % 2 ? g_array_index (gaps, gint64, gaps->len / 2)
                                             : (g_array_index (gaps, gint64, gaps->len / 2 - 1)
                                                + g_array_index (gaps, gint64, gaps->len / 2))
                                                   / 2;
    }

  self->stats.people = g_ptr_array_new_with_free_func (person_free);
  g_hash_table_iter_init (&iter, people);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (self->stats.people, value);
      g_hash_table_iter_steal (&iter);
      g_free (key);
    }
  g_ptr_array_sort (self->stats.people, compare_people);
  return TRUE;
}

/* The month (year × 12 + month − 1) entry @i happened in, locally. */
guint
_daybook_report_month_of (DaybookReport *self, guint i)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, g_array_index (self->stats.days, guint32, i));
  return g_date_get_year (&d) * 12 + g_date_get_month (&d) - 1;
}

char *
_daybook_report_format_date (const GDate *date, const char *format)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                  g_date_get_day (date), 0, 0, 0);

  return daybook_date_time_format (dt, format);
}

/* A gap between incidents for people: "3 days", "5 hours", "40 minutes". */
char *
_daybook_report_format_gap (gint64 seconds)
{
  if (seconds >= 2 * 86400)
    {
      gulong days = (gulong)((seconds + 43200) / 86400);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu day", "%lu days", days), days);
    }
  if (seconds >= 3600)
    {
      gulong hours = (gulong)((seconds + 1800) / 3600);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu hour", "%lu hours", hours), hours);
    }
  {
    gulong minutes = (gulong)(seconds / 60);

    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu minute", "%lu minutes", minutes),
                            minutes);
  }
}
