/* daybook-report-since.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <inttypes.h>

#include <stdlib.h>
#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* With daybook_report_set_since(): "Changes since report 2NFJ-… of 3 Dec
 * 2026", right after the summary. prepare() has already recomputed the
 * chain and refused a report whose earlier head is not contained, so this
 * section only ever speaks of a contained one. */

/**
 * _daybook_report_format_link:
 *
 * Returns: (transfer full): "link 1,482 of the diary's chain"
 */
char *
_daybook_report_format_link (gint64 length)
{
  /* TRANSLATORS: the position of the fingerprint in the diary's chain of
   * changes, e.g. "link 1,482 of the diary’s chain" */
  return g_strdup_printf (_ ("link %'" PRId64 " of the diary’s chain"), length);
}

static int
compare_edits (gconstpointer a, gconstpointer b)
{
  const DaybookEdit *x = a, *y = b;

  if (x->number != y->number)
    return x->number < y->number ? -1 : 1;
  return x->revision < y->revision ? -1 : x->revision > y->revision;
}

static char *
join_numbers (GArray *numbers)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < numbers->len; i++)
    g_string_append_printf (text, "%s%" PRId64, i > 0 ? ", " : "",
                            g_array_index (numbers, gint64, i));
  return g_string_free (text, FALSE);
}

static char *
join_edits (GArray *edited)
{
  g_autoptr (GArray) sorted = g_array_copy (edited);
  GString *text = g_string_new (NULL);

  g_array_sort (sorted, compare_edits);
  for (guint i = 0; i < sorted->len;)
    {
      gint64 number = g_array_index (sorted, DaybookEdit, i).number;
      g_autoptr (GString) revisions = g_string_new (NULL);
      guint n = 0;

      for (; i < sorted->len && g_array_index (sorted, DaybookEdit, i).number == number; i++, n++)
        g_string_append_printf (revisions, "%s%" PRId64, n > 0 ? ", " : "",
                                g_array_index (sorted, DaybookEdit, i).revision);
      if (text->len > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: an entry number and the revisions an edit made of it,
       * e.g. "entry 7 (revisions 3, 4)" */
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "entry %" PRId64 " (revision %s)",
                                           "entry %" PRId64 " (revisions %s)", n),
                              number, revisions->str);
    }
  return g_string_free (text, FALSE);
}

static char *
join_exhibits (GArray *exhibits)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < exhibits->len; i++)
    {
      DaybookExhibitAdded *e = &g_array_index (exhibits, DaybookExhibitAdded, i);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", e->mark);
    }
  return g_string_free (text, FALSE);
}

static char *
heading (DaybookReport *self)
{
  if (self->since_of != NULL && g_strcmp0 (self->since_of->kind, DAYBOOK_EXPORT_REPORT) == 0)
    {
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (self->since_of->made_at);
      g_autoptr (GDateTime) local = g_date_time_to_timezone (dt, self->local_tz);
      /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
         %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
         in your language's order.
         xgettext:no-c-format */
      g_autofree char *day = daybook_date_time_format (local, _ ("%-d %b %Y"));

      /* TRANSLATORS: "Changes since report 2NFJ-8QK1-ZP4C-M7TW of 3 Dec 2026" */
      return g_strdup_printf (_ ("Changes since report %s of %s"), self->since_of->ref, day);
    }
  if (self->since_of != NULL)
    {
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (self->since_of->made_at);
      g_autoptr (GDateTime) local = g_date_time_to_timezone (dt, self->local_tz);
      /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
         %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
         in your language's order.
         xgettext:no-c-format */
      g_autofree char *day = daybook_date_time_format (local, _ ("%-d %b %Y"));

      /* TRANSLATORS: "Changes since backup daybook-….dbk of 3 Dec 2026"; the
       * kind is "backup" or "bundle" as the register names it */
      return g_strdup_printf (_ ("Changes since %s %s of %s"), self->since_of->kind,
                              self->since_of->ref, day);
    }
  return g_strdup (_ ("Changes since an earlier fingerprint"));
}

static guint
since_n_items (DaybookReport *self)
{
  return self->since != NULL ? 1 : 0;
}

static void
since_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  DaybookSince *since = self->since;
  DaybookTable *table;
  g_autofree char *title = heading (self);
  g_autofree char *then = _daybook_report_format_link (since->link);
  g_autofree char *now = _daybook_report_format_link (since->length);
  g_autofree char *intro = NULL;
  g_autofree char *mono = NULL;
  g_autofree char *added = NULL, *edited = NULL, *deleted = NULL, *exhibits = NULL;
  guint n_changes;

  _daybook_flow_add_heading (flow, title);
  ((DaybookBlock *)g_ptr_array_index (flow->blocks, 0))->space_before = 28;
  _daybook_flow_set_continued (flow, _ ("Changes since (continued)"));

  intro = g_strdup_printf (
      _ ("Daybook recomputed this diary’s chain of changes from the history itself and found the "
         "earlier fingerprint below as %s; this report’s fingerprint is %s. So the history as it "
         "was at that point is still in the diary, unaltered, and the changes below are every "
         "change the history recorded after it. It cannot show what happened to the history "
         "before that earlier report was made, and every time in the diary comes from the "
         "computer’s clock."),
      then, now);
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_BODY, intro)->space_before = 4;

  table = _daybook_table_new (DAYBOOK_MM (45));
  mono = g_markup_printf_escaped ("<span font_family=\"DejaVu Sans Mono\" size=\"small\">%s</span>",
                                  self->since_head);
  _daybook_table_add_markup (table, _ ("Earlier fingerprint"), mono);

  n_changes = since->added->len + since->edited->len + since->deleted->len
              + since->exhibits_added->len + since->case_changed + since->other_changes;
  if (since->added->len > 0)
    _daybook_table_add (table, _ ("Entries added"), added = join_numbers (since->added));
  if (since->edited->len > 0)
    _daybook_table_add (table, _ ("Entries edited"), edited = join_edits (since->edited));
  if (since->deleted->len > 0)
    _daybook_table_add (table, _ ("Entries deleted"), deleted = join_numbers (since->deleted));
  if (since->exhibits_added->len > 0)
    _daybook_table_add (table, _ ("Exhibits added"),
                        exhibits = join_exhibits (since->exhibits_added));
  if (since->case_changed > 0)
    {
      g_autofree char *times = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "Changed once", "Changed %u times", since->case_changed),
          since->case_changed);

      _daybook_table_add (table, _ ("Case details"), times);
    }
  if (since->other_changes > 0)
    {
      g_autofree char *other = g_strdup_printf (
          g_dngettext (
              GETTEXT_PACKAGE, "%u change to a person, an attachment, an order or a police contact",
              "%u changes to people, attachments, orders or police contacts", since->other_changes),
          since->other_changes);

      _daybook_table_add (table, _ ("Other changes"), other);
    }
  if (n_changes == 0)
    _daybook_table_add (table, _ ("Changes"), _ ("None: nothing was recorded after it"));
  _daybook_flow_add_table (flow, table)->space_before = 6;
  _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL,
                          _ ("Entry numbers are the diary’s own; an edited entry’s revision 2 is "
                             "its first edit. Deleted entries keep their history in the diary."))
      ->space_before
      = 6;
}

const DaybookSection _daybook_report_since = {
  FALSE,
  since_n_items,
  since_build,
};
