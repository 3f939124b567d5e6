/* daybook-report-messages.c — imported messages: their counts, and the message log
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <string.h>
#include "daybook-i18n.h"

#include "daybook-messages.h"
#include "daybook-report-private.h"

/*
 * Two sections. "Messages and calls", after the summary: per week, the
 * messages and calls from each person (or sender, when not mapped to
 * one), the busiest day, and calls per day with how many were missed or
 * rejected. "Message log", an appendix after the exhibit schedule: one
 * part per source exhibit, every message of the selection by day, each
 * with its time, direction, sender, text and line in the original, under
 * the exhibit's SHA-256 and the sentence that the original is the
 * evidence. By default the selection is the messages cited by the
 * report's entries; --messages all takes every message in the report's
 * dates.
 */

gboolean
_daybook_report_collect_messages (DaybookReport *self, GError **error)
{
  DaybookMessageQuery query;
  g_autoptr (GPtrArray) sources = NULL;
  g_autoptr (GHashTable) used = g_hash_table_new (g_int64_hash, g_int64_equal);

  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_message_free);
  self->message_sources
      = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_message_source_free);
  if (self->messages_mode == DAYBOOK_REPORT_MESSAGES_NONE)
    return TRUE;

  daybook_message_query_init (&query);
  if (self->messages_mode == DAYBOOK_REPORT_MESSAGES_CITED)
    query.cited_by = self->numbers;
  else
    {
      query.from = self->query->from;
      query.to = self->query->to;
    }
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  self->messages = daybook_diary_list_messages (self->diary, &query, error);
  if (self->messages == NULL)
    return FALSE;
  for (guint i = 0; i < self->messages->len; i++)
    {
      DaybookMessage *m = self->messages->pdata[i];

      g_hash_table_add (used, &m->source_attachment_id);
    }
  sources = daybook_diary_list_message_sources (self->diary, error);
  if (sources == NULL)
    return FALSE;
  for (guint i = 0; i < sources->len; i++)
    {
      DaybookMessageSource *s = sources->pdata[i];

      if (g_hash_table_contains (used, &s->attachment_id))
        g_ptr_array_add (self->message_sources, g_ptr_array_steal_index (sources, i--));
    }
  return TRUE;
}

static GDateTime *
local_time (DaybookReport *self, const DaybookMessage *m)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (m->sent_utc);
  g_autoptr (GTimeZone) zone = g_time_zone_new_offset (m->sent_offset);

  return g_date_time_to_timezone (utc, zone);
}

static const char *
who (const DaybookMessage *m)
{
  if (m->person != NULL)
    return m->person;
  if (m->sender[0] != '\0')
    return m->sender;
  return m->address;
}

/* How a sender or a message is isolated from the line around it: left to
 * right (LRI) when it holds no right-to-left letter, so a number such as
 * "+44 7700 900123" keeps its plus sign in front in an Arabic report; by
 * its first strong letter (FSI) otherwise. */
static const char *
isolate (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    switch (g_unichar_get_script (g_utf8_get_char (p)))
      {
      case G_UNICODE_SCRIPT_ARABIC:
      case G_UNICODE_SCRIPT_HEBREW:
      case G_UNICODE_SCRIPT_SYRIAC:
      case G_UNICODE_SCRIPT_THAANA:
        return "\u2068";
      default:
        break;
      }
  return "\u2066";
}

/* -- Messages and calls */

typedef struct
{
  char *week; /* YYYY-MM-DD of its Monday, in the report's zone */
  char *who;
  guint messages;
  guint calls;
} WeekCount;

static void
week_count_free (WeekCount *w)
{
  g_free (w->week);
  g_free (w->who);
  g_free (w);
}

static int
compare_weeks (gconstpointer a, gconstpointer b)
{
  const WeekCount *x = *(WeekCount **)a, *y = *(WeekCount **)b;
  int c = strcmp (x->week, y->week);

  return c != 0 ? c : g_utf8_collate (x->who, y->who);
}

/* At most this many senders have a series of their own in the chart; the
 * rest share one. */
#define CHART_SENDERS 4

typedef struct
{
  const char *who;
  guint count;
} SenderTotal;

static int
compare_totals (gconstpointer a, gconstpointer b)
{
  const SenderTotal *x = *(SenderTotal **)a, *y = *(SenderTotal **)b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_utf8_collate (x->who, y->who);
}

static guint32
local_julian (DaybookReport *self, const DaybookMessage *m)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (m->sent_utc);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, self->local_tz);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  return g_date_get_julian (&date);
}

/* The messages and calls received per week (or month, or year, as the
 * incidents chart chooses for the same span), stacked by sender: the few
 * who sent most each by name, the others together. */
static void
add_chart (DaybookReport *self, DaybookFlow *flow)
{
  static const char *titles[] = {
    N_ ("Messages and calls received per week"),
    N_ ("Messages and calls received per month"),
    N_ ("Messages and calls received per year"),
  };
  static const char *captions[] = {
    N_ ("Each bar is one week, Monday to Sunday, by the local date the message or call was "
        "received, divided by who it came from; the legend gives each sender's total. Weeks with "
        "no bar had none."),
    N_ ("Each bar is one calendar month, by the local date the message or call was received, "
        "divided by who it came from; the legend gives each sender's total. Months with no bar "
        "had none."),
    N_ ("Each bar is one calendar year, by the local date the message or call was received, "
        "divided by who it came from; the legend gives each sender's total."),
  };
  g_autoptr (GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GArray) days = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GPtrArray) senders = g_ptr_array_new ();
  g_autoptr (GPtrArray) ranked = g_ptr_array_new ();
  guint32 first = G_MAXUINT32, last = 0;
  guint n_named, n_series, n_bars, others = 0, n_others = 0;
  DaybookBucket bucket;
  DaybookChart *chart;
  DaybookBlock *block;
  GHashTableIter iter;
  gpointer value;
  GDate origin;

  for (guint i = 0; i < self->messages->len; i++)
    {
      DaybookMessage *m = self->messages->pdata[i];
      guint32 day;
      SenderTotal *t;

      if (g_strcmp0 (m->direction, "in") != 0)
        continue;
      day = local_julian (self, m);
      first = MIN (first, day);
      last = MAX (last, day);
      g_array_append_val (days, day);
      g_ptr_array_add (senders, (gpointer)who (m));
      t = g_hash_table_lookup (totals, who (m));
      if (t == NULL)
        {
          t = g_new0 (SenderTotal, 1);
          t->who = who (m);
          g_hash_table_insert (totals, (gpointer)t->who, t);
        }
      t->count++;
    }
  if (days->len == 0)
    return;

  g_hash_table_iter_init (&iter, totals);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (ranked, value);
  g_ptr_array_sort (ranked, compare_totals);
  /* A single sender past the limit is named rather than called "others". */
  n_named = ranked->len <= CHART_SENDERS + 1 ? ranked->len : CHART_SENDERS;
  for (guint i = n_named; i < ranked->len; i++)
    {
      others += ((SenderTotal *)ranked->pdata[i])->count;
      n_others++;
    }
  n_series = n_named + (n_others > 0 ? 1 : 0);

  bucket = _daybook_report_bucket_for (first, last, &origin);
  n_bars = _daybook_report_bucket_index (bucket, &origin, last) + 1;
  chart = _daybook_chart_new (n_bars, n_series);
  for (guint i = 0; i < n_bars; i++)
    chart->bar_labels[i] = _daybook_report_bucket_label (bucket, &origin, i);
  for (guint s = 0; s < n_named; s++)
    {
      SenderTotal *t = ranked->pdata[s];

      /* TRANSLATORS: a sender in the chart's legend and what they sent in all, "Sam Doe (34)" */
      chart->series_names[s] = g_strdup_printf (_ ("%s (%u)"), t->who, t->count);
    }
  if (n_others > 0)
    chart->series_names[n_named] = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u other sender (%u)", "%u other senders (%u)", n_others),
        n_others, others);
  for (guint i = 0; i < days->len; i++)
    {
      guint bar = _daybook_report_bucket_index (bucket, &origin, g_array_index (days, guint32, i));
      guint s = n_named;

      for (guint r = 0; r < n_named; r++)
        if (strcmp (((SenderTotal *)ranked->pdata[r])->who, senders->pdata[i]) == 0)
          {
            s = r;
            break;
          }
      chart->values[bar * n_series + s]++;
    }

  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, _ (titles[bucket]));
  block->keep_with_next = TRUE;
  block->space_before = 10;
  block = _daybook_flow_add_chart (flow, chart);
  block->space_before = 6;
  block->keep_with_next = TRUE;
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, _ (captions[bucket]))->space_before = 3;
}

static guint
summary_n_items (DaybookReport *self)
{
  return self->messages != NULL && self->messages->len > 0 ? 1 : 0;
}

static void
summary_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  g_autoptr (GHashTable) weeks
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)week_count_free);
  g_autoptr (GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr (GArray) calls = daybook_messages_calls_per_day (self->messages, self->local_tz);
  g_autofree char *busiest = NULL;
  g_autofree char *intro = NULL;
  guint busiest_n = 0, n_messages = 0, n_calls = 0, n_in = 0;
  DaybookTable *table;
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < self->messages->len; i++)
    {
      DaybookMessage *m = self->messages->pdata[i];
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (m->sent_utc);
      g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, self->local_tz);
      g_autoptr (GDateTime) monday
          = g_date_time_add_days (local, 1 - g_date_time_get_day_of_week (local));
      g_autofree char *week = g_date_time_format (monday, "%Y-%m-%d");
      char *day = g_date_time_format (local, "%Y-%m-%d");
      g_autofree char *key = NULL;
      WeekCount *w;
      guint n;

      if (g_strcmp0 (m->kind, "call") == 0)
        n_calls++;
      else
        n_messages++;
      if (g_strcmp0 (m->direction, "in") != 0)
        {
          g_free (day);
          continue;
        }
      n_in++;
      n = GPOINTER_TO_UINT (g_hash_table_lookup (days, day)) + 1;
      g_hash_table_replace (days, day, GUINT_TO_POINTER (n));
      if (n > busiest_n || (n == busiest_n && strcmp (day, busiest) < 0))
        {
          busiest_n = n;
          g_free (busiest);
          busiest = g_strdup (day);
        }
      key = g_strdup_printf ("%s\n%s", week, who (m));
      w = g_hash_table_lookup (weeks, key);
      if (w == NULL)
        {
          w = g_new0 (WeekCount, 1);
          w->week = g_strdup (week);
          w->who = g_strdup (who (m));
          g_hash_table_insert (weeks, g_steal_pointer (&key), w);
        }
      if (g_strcmp0 (m->kind, "call") == 0)
        w->calls++;
      else
        w->messages++;
    }

  _daybook_flow_add_heading (flow, _ ("Messages and calls"));
  ((DaybookBlock *)g_ptr_array_index (flow->blocks, 0))->space_before = 28;
  _daybook_flow_set_continued (flow, _ ("Messages and calls (continued)"));
  {
    g_autofree char *n_m = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u message", "%u messages", n_messages), n_messages);
    g_autofree char *n_c
        = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u call", "%u calls", n_calls), n_calls);

    intro = g_strdup_printf (
        self->messages_mode == DAYBOOK_REPORT_MESSAGES_ALL
            /* TRANSLATORS: "… in the report’s dates: 12 messages and 3 calls, 14 of them
               received." */
            ? _ ("These counts cover every imported message and call in the report’s dates: %s "
                 "and %s, %u of them received. They were read from the exports named in the "
                 "message log; the originals are the evidence.")
            : _ ("These counts cover the imported messages and calls cited by the entries in this "
                 "report: %s and %s, %u of them received. They were read from the exports named "
                 "in the message log; the originals are the evidence."),
        n_m, n_c, n_in);
  }
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_BODY, intro)->space_before = 4;
  add_chart (self, flow);

  table = _daybook_table_new (DAYBOOK_MM (45));
  g_hash_table_iter_init (&iter, weeks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_weeks);
  for (guint i = 0; i < sorted->len;)
    {
      const char *week = ((WeekCount *)sorted->pdata[i])->week;
      g_autoptr (GString) line = g_string_new (NULL);
      g_autofree char *label = NULL;
      GDate date;

      for (; i < sorted->len && strcmp (((WeekCount *)sorted->pdata[i])->week, week) == 0; i++)
        {
          WeekCount *w = sorted->pdata[i];

          if (line->len > 0)
            g_string_append (line, "; ");
          /* TRANSLATORS: "Sam Doe: 12 messages, 3 calls" */
          g_string_append_printf (line, "%s%s\u2069: ", isolate (w->who), w->who);
          g_string_append_printf (
              line, g_dngettext (GETTEXT_PACKAGE, "%u message", "%u messages", w->messages),
              w->messages);
          g_string_append (line, ", ");
          g_string_append_printf (
              line, g_dngettext (GETTEXT_PACKAGE, "%u call", "%u calls", w->calls), w->calls);
        }
      g_date_clear (&date, 1);
      g_date_set_parse (&date, week);
      {
        g_autofree char *day = g_date_valid (&date)
                                   /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A
                                      weekday, %-d day, %b/%B month (from this catalogue's month
                                      names), %Y year, %H:%M time; put them in your language's
                                      order. xgettext:no-c-format */
                                   ? _daybook_report_format_date (&date, _ ("%-d %b %Y"))
                                   : g_strdup (week);

        /* TRANSLATORS: a row label: the week starting on that Monday */
        label = g_strdup_printf (_ ("Week of %s"), day);
      }
      _daybook_table_add (table, label, line->str);
    }
  if (busiest != NULL)
    {
      /* The ISO date kept left to right in an Arabic report (it read
       * "12-03-2023" there otherwise). */
      g_autofree char *date
          = self->rtl ? g_strdup_printf ("\u2066%s\u2069", busiest) : g_strdup (busiest);
      g_autofree char *text = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%s: %u received", "%s: %u received", busiest_n), date,
          busiest_n);

      _daybook_table_add (table, _ ("Busiest day"), text);
    }
  for (guint i = 0; i < calls->len; i++)
    {
      DaybookCallDay *d = &g_array_index (calls, DaybookCallDay, i);
      g_autofree char *label = g_strdup_printf (_ ("Calls on %s"), d->date);
      g_autofree char *text
          = g_strdup_printf (_ ("%u (%u missed, %u rejected)"), d->calls, d->missed, d->rejected);

      _daybook_table_add (table, label, text);
    }
  _daybook_flow_add_table (flow, table)->space_before = 6;
}

const DaybookSection _daybook_report_message_summary = {
  FALSE,
  summary_n_items,
  summary_build,
};

/* -- Message log */

static guint
log_n_items (DaybookReport *self)
{
  return self->message_sources != NULL ? self->message_sources->len : 0;
}

static const char *
direction_text (const DaybookMessage *m)
{
  if (g_strcmp0 (m->direction, "in") == 0)
    /* TRANSLATORS: a message received, in the message log */
    return _ ("in");
  if (g_strcmp0 (m->direction, "out") == 0)
    /* TRANSLATORS: a message sent, in the message log */
    return _ ("out");
  return NULL;
}

static void
log_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  DaybookMessageSource *source = self->message_sources->pdata[item];
  g_autofree char *title = g_strdup_printf (_ ("Message log: exhibit %s"), source->mark);
  g_autofree char *continued
      = g_strdup_printf (_ ("Message log: exhibit %s (continued)"), source->mark);
  g_autofree char *line = NULL;
  g_autofree char *day = NULL;
  g_autoptr (GString) lines = NULL;

  _daybook_flow_add_heading (flow, title);
  _daybook_flow_set_continued (flow, continued);
  line = g_strdup_printf (_ ("Extracted by Daybook from exhibit %s (%s, SHA-256 %s); the "
                             "original is the evidence. Read as %s export; times without an "
                             "offset in the original were read in %s. Times marked ! fell in a "
                             "clock change and are shown as written."),
                          source->mark, source->filename, source->sha256, source->format,
                          source->time_zone);
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, line)->space_before = 4;

  for (guint i = 0; i < self->messages->len; i++)
    {
      DaybookMessage *m = self->messages->pdata[i];
      g_autoptr (GDateTime) local = NULL;
      g_autofree char *this_day = NULL;
      g_autofree char *clock = NULL;
      g_autofree char *flat = NULL;

      if (m->source_attachment_id != source->attachment_id)
        continue;
      local = local_time (self, m);
      /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
         %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
         in your language's order.
         xgettext:no-c-format */
      this_day = daybook_date_time_format (local, _ ("%A %-d %B %Y"));
      clock = g_date_time_format (local, "%H:%M:%S%:z");
      if (g_strcmp0 (this_day, day) != 0)
        {
          if (lines != NULL)
            _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, lines->str)->space_before = 2;
          if (lines != NULL)
            g_string_free (g_steal_pointer (&lines), TRUE);
          _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, this_day)->space_before = 8;
          g_free (day);
          day = g_strdup (this_day);
          lines = g_string_new (NULL);
        }
      flat = g_strdup (m->text);
      g_strdelimit (flat, "\r\n", ' ');
      if (lines->len > 0)
        g_string_append_c (lines, '\n');
      /* The time, the sender and the message are each isolated (Unicode
       * bidi isolates): the clock always reads left to right, and a
       * sender's name or a message in the other direction from the report
       * keeps its punctuation at its own end ("Where are you?" in an Arabic
       * report, "أين أنت؟" in an English one). */
      if (direction_text (m) != NULL)
        g_string_append_printf (lines, "\u2066%s%s\u2069  %s  %s%s\u2069:  ", clock,
                                m->time_flag[0] != '\0' ? "!" : "", direction_text (m),
                                isolate (who (m)), who (m));
      else
        /* TRANSLATORS: a line the app itself wrote into the chat ("… changed
         * their number"), in the message log; no one sent it */
        g_string_append_printf (lines, "\u2066%s%s\u2069  %s:  ", clock,
                                m->time_flag[0] != '\0' ? "!" : "", _ ("system line"));
      if (g_strcmp0 (m->kind, "call") == 0)
        {
          if (m->duration_s >= 0)
            g_string_append_printf (lines, _ ("call, %s, %d s"), m->outcome, m->duration_s);
          else
            g_string_append_printf (lines, _ ("call, %s"), m->outcome);
        }
      else
        g_string_append_printf (lines, "%s%s\u2069", isolate (flat), flat);
      if (m->media_name[0] != '\0')
        g_string_append_printf (lines, " \u2068[%s%s%s]\u2069", m->media_name,
                                m->media_mark != NULL ? " = " : ": ",
                                m->media_mark != NULL ? m->media_mark : m->media_state);
      /* TRANSLATORS: where a message is in the original export */
      g_string_append_printf (lines, _ ("  (line %u)"), m->line);
    }
  if (lines != NULL && lines->len > 0)
    _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, lines->str)->space_before = 2;
}

const DaybookSection _daybook_report_message_log = {
  TRUE,
  log_n_items,
  log_build,
};
