/* daybook-report-registers.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include "daybook-i18n.h"

#include "daybook-attachment.h"
#include "daybook-registers.h"
#include "daybook-report-private.h"

/*
 * "Orders and breaches" and "Police contacts", after the summary.
 *
 * Orders belong to the case, like its details: the section lists every
 * order in force, and a deleted one only when an entry of this report marks
 * it breached. Under each term it names the entries of this report marked
 * as possibly breaching it, with their count; entries left out of the
 * report are not counted. A police contact is listed when an entry of this
 * report was reported in it, or when it names no entry at all; one that
 * names only entries left out of the report is left out, and the section
 * says how many were. The summary gets a line per term marked breached.
 *
 * prepare() reads all of it once (_daybook_report_collect_registers()).
 */

#define LABEL_WIDTH DAYBOOK_MM (40)

static gboolean
in_report (DaybookReport *self, gint64 number)
{
  return g_hash_table_contains (self->registers.numbers, &number);
}

void
_daybook_report_registers_clear (DaybookReportRegisters *r)
{
  g_clear_pointer (&r->numbers, g_hash_table_unref);
  g_clear_pointer (&r->orders, g_ptr_array_unref);
  g_clear_pointer (&r->marks, g_array_unref);
  g_clear_pointer (&r->contacts, g_ptr_array_unref);
}

/**
 * _daybook_report_collect_registers:
 *
 * After the entries are selected: reads the orders, this report's
 * entries' breach marks and the police contacts to show.
 */
gboolean
_daybook_report_collect_registers (DaybookReport *self, GError **error)
{
  DaybookReportRegisters *r = &self->registers;
  g_autoptr (GListModel) orders = NULL;
  g_autoptr (GListModel) contacts = NULL;
  g_autoptr (GArray) marks = NULL;

  r->numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < self->numbers->len; i++)
    g_hash_table_add (r->numbers,
                      g_memdup2 (&g_array_index (self->numbers, gint64, i), sizeof (gint64)));

  if ((orders = daybook_diary_list_orders (self->diary, error)) == NULL
      || (contacts = daybook_diary_list_contacts (self->diary, error)) == NULL
      || (marks = daybook_diary_list_breaches (self->diary, error)) == NULL)
    return FALSE;

  r->marks = g_array_new (FALSE, FALSE, sizeof (DaybookBreachMark));
  for (guint i = 0; i < marks->len; i++)
    if (in_report (self, g_array_index (marks, DaybookBreachMark, i).number))
      g_array_append_val (r->marks, g_array_index (marks, DaybookBreachMark, i));

  r->orders = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    g_ptr_array_add (r->orders, g_list_model_get_item (orders, i));
  /* Deleted orders this report's entries mark (marks are by order id). */
  for (guint i = 0; i < r->marks->len; i++)
    {
      gint64 id = g_array_index (r->marks, DaybookBreachMark, i).order_id;
      gboolean have = FALSE;

      for (guint j = 0; j < r->orders->len && !have; j++)
        have = daybook_order_get_id (r->orders->pdata[j]) == id;
      if (!have)
        {
          DaybookOrder *order = daybook_diary_get_order (self->diary, id, error);

          if (order == NULL)
            return FALSE;
          g_ptr_array_add (r->orders, order);
        }
    }

  r->contacts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (contacts); i++)
    {
      g_autoptr (DaybookPoliceContact) contact = g_list_model_get_item (contacts, i);
      guint n = daybook_police_contact_get_n_entries (contact);
      gboolean shown = n == 0;

      for (guint j = 0; j < n && !shown; j++)
        shown = in_report (self, daybook_police_contact_get_entry (contact, j));
      if (shown)
        g_ptr_array_add (r->contacts, g_steal_pointer (&contact));
      else
        r->n_contacts_left_out++;
    }
  return TRUE;
}

/* "3, 7, 12" and how many */
static char *
marked_entries (DaybookReport *self, gint64 order_id, guint term, guint *count)
{
  GString *text = g_string_new (NULL);
  GArray *marks = self->registers.marks;

  *count = 0;
  for (guint i = 0; i < marks->len; i++)
    {
      const DaybookBreachMark *m = &g_array_index (marks, DaybookBreachMark, i);

      if (m->order_id == order_id && m->term == term)
        {
          g_string_append_printf (text, "%s%" PRId64, *count ? ", " : "", m->number);
          (*count)++;
        }
    }
  return g_string_free (text, FALSE);
}

static char *
format_date (const char *iso)
{
  GDate date;
  guint y, m, d;

  if (sscanf (iso, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup (iso);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  /* TRANSLATORS: a date in the report, in strftime(3) form: %a/%A weekday, %-d day,
     %b/%B month after a day, %OB a month alone (a heading), %Y year, %H:%M time; put them
     in your language's order.
     xgettext:no-c-format */
  return _daybook_report_format_date (&date, _ ("%-d %b %Y"));
}

static guint
orders_n_items (DaybookReport *self)
{
  return self->registers.orders != NULL ? self->registers.orders->len : 0;
}

static void
orders_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  DaybookOrder *order = self->registers.orders->pdata[item];
  gint64 id = daybook_order_get_id (order);
  g_autofree char *title = daybook_order_dup_title (order);
  g_autofree char *heading = NULL;
  DaybookTable *table = _daybook_table_new (LABEL_WIDTH);
  static const struct
  {
    DaybookOrderField field;
    const char *label;
  } dates[] = {
    /* TRANSLATORS: the date on which a court order was made */
    { DAYBOOK_ORDER_MADE_ON, N_ ("Made") },
    { DAYBOOK_ORDER_SERVED_ON, N_ ("Served") },
    { DAYBOOK_ORDER_EXPIRES_ON, N_ ("Expires") },
  };
  DaybookBlock *block;

  if (item == 0)
    {
      _daybook_flow_add_heading (flow, _ ("Orders and breaches"));
      _daybook_flow_set_continued (flow, _ ("Orders and breaches (continued)"));
      _daybook_flow_add_text (
          flow, DAYBOOK_STYLE_BODY,
          _ ("The orders and notices the diary keeper recorded, with their terms as written in "
             "the diary. Under each term are the entries of this report the diary keeper marked "
             "as a possible breach of it: a mark is the diary keeper’s account, not a finding. "
             "Entries left out of this report are not counted."))
          ->space_before
          = 4;
    }

  /* TRANSLATORS: "Order 2: Non-molestation order, Leeds County Court" */
  heading = g_strdup_printf (_ ("Order %" PRId64 ": %s"), id, title);
  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, heading);
  block->keep_with_next = TRUE;
  block->space_before = 14;

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      const char *value = daybook_order_get_field (order, dates[i].field);
      g_autofree char *date = value[0] ? format_date (value) : NULL;

      if (date != NULL)
        _daybook_table_add (table, _ (dates[i].label), date);
    }
  if (daybook_order_get_document (order) != 0)
    {
      g_autoptr (DaybookAttachment) doc
          = daybook_diary_get_attachment (self->diary, daybook_order_get_document (order), NULL);

      if (doc != NULL)
        {
          g_autofree char *text
              = g_strdup_printf (_ ("Exhibit %s"), daybook_attachment_get_mark (doc));
          /* TRANSLATORS: a noun: the court order's document, kept as an exhibit */
          _daybook_table_add (table, _ ("Document"), text);
        }
    }
  if (daybook_order_get_deleted_at (order) != 0)
    {
      g_autofree char *when
          = _daybook_report_format_time (self, daybook_order_get_deleted_at (order), NULL);
      g_autofree char *text = g_strdup_printf (
          _ ("Deleted from the diary’s register on %s; shown because entries of this report mark "
             "it."),
          when);
      /* TRANSLATORS: a noun: the row of the report's table naming the register of orders */
      _daybook_table_add (table, _ ("Register"), text);
    }
  if (daybook_order_get_field (order, DAYBOOK_ORDER_NOTES)[0] != '\0')
    _daybook_table_add (table, _ ("Notes"), daybook_order_get_field (order, DAYBOOK_ORDER_NOTES));
  if (_daybook_table_is_empty (table))
    _daybook_table_add (table, _ ("Dates"), _ ("Not recorded"));
  _daybook_flow_add_table (flow, table)->space_before = 4;

  if (daybook_order_get_n_terms (order) == 0)
    _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, _ ("No terms were recorded."))->space_before
        = 4;

  for (guint i = 0; i < daybook_order_get_n_terms (order); i++)
    {
      const DaybookOrderTerm *term = daybook_order_get_term (order, i);
      g_autofree char *text = NULL;
      g_autofree char *entries = NULL;
      guint count;

      if (term->deleted)
        {
          g_autofree char *when = _daybook_report_format_time (self, term->deleted_at, NULL);

          /* TRANSLATORS: a term's number, when it was removed, its text */
          text = g_strdup_printf (_ ("Term %u (removed from the order in the diary on %s): %s"),
                                  term->number, when, term->text);
        }
      else
        /* TRANSLATORS: a term's number and its text */
        text = g_strdup_printf (_ ("Term %u: %s"), term->number, term->text);
      _daybook_flow_add_text (flow, DAYBOOK_STYLE_BODY, text)->space_before = 6;

      entries = marked_entries (self, daybook_order_get_id (order), term->number, &count);
      if (count > 0)
        {
          g_autofree char *line = g_strdup_printf (
              g_dngettext (GETTEXT_PACKAGE, "Possible breach recorded in %u entry: %s",
                           "Possible breaches recorded in %u entries: %s", count),
              count, entries);
          block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, line);
          block->indent = DAYBOOK_MM (6);
          block->space_before = 2;
        }
    }
}

const DaybookSection _daybook_report_orders = {
  TRUE,
  orders_n_items,
  orders_build,
};

static guint
contacts_n_items (DaybookReport *self)
{
  if (self->registers.contacts == NULL)
    return 0;
  if (self->registers.contacts->len == 0 && self->registers.n_contacts_left_out == 0)
    return 0;
  /* One more for the closing note (or the only item when none is shown). */
  return self->registers.contacts->len + 1;
}

static void
contacts_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  DaybookReportRegisters *r = &self->registers;
  DaybookPoliceContact *contact;
  DaybookTable *table;
  g_autofree char *when = NULL;
  g_autofree char *heading = NULL;
  g_autoptr (GString) entries = NULL;
  const char *outcome;
  guint n_other = 0;
  DaybookBlock *block;
  static const struct
  {
    DaybookContactField field;
    const char *label;
  } rows[] = {
    /* TRANSLATORS: the police force (organisation), not physical force */
    { DAYBOOK_CONTACT_FORCE, N_ ("Force") },
    { DAYBOOK_CONTACT_OFFICER, N_ ("Officer") },
    { DAYBOOK_CONTACT_COLLAR, N_ ("Collar number") },
    { DAYBOOK_CONTACT_REFERENCE, N_ ("Reference") },
    { DAYBOOK_CONTACT_REPORTED, N_ ("Reported") },
    { DAYBOOK_CONTACT_SAID, N_ ("Police said") },
  };

  if (item == 0)
    {
      _daybook_flow_add_heading (flow, _ ("Police contacts"));
      ((DaybookBlock *)g_ptr_array_index (flow->blocks, 0))->space_before = 28;
      _daybook_flow_set_continued (flow, _ ("Police contacts (continued)"));
      _daybook_flow_add_text (
          flow, DAYBOOK_STYLE_BODY,
          _ ("Each time the diary keeper recorded contacting the police, in the order they "
             "happened, as "
             "the diary keeper recorded them, with the entries of this report that were reported."))
          ->space_before
          = 4;
    }
  if (item == r->contacts->len)
    {
      if (r->n_contacts_left_out > 0)
        {
          g_autofree char *note = g_strdup_printf (
              g_dngettext (GETTEXT_PACKAGE,
                           "%u police contact is left out: it concerns only entries that are not "
                           "in this report.",
                           "%u police contacts are left out: they concern only entries that are "
                           "not in this report.",
                           r->n_contacts_left_out),
              r->n_contacts_left_out);
          _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL, note)->space_before = 10;
        }
      return;
    }

  contact = r->contacts->pdata[item];
  when = _daybook_report_format_when (self, daybook_police_contact_get_when (contact),
                                      DAYBOOK_PRECISION_EXACT);
  /* TRANSLATORS: "Contact 3: Sun 1 Mar 2026, 12:00 GMT · 101 call" */
  heading = g_strdup_printf (
      _ ("Contact %" PRId64 ": %s · %s"), daybook_police_contact_get_id (contact), when,
      daybook_contact_how_get_label (daybook_police_contact_get_how (contact)));
  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, heading);
  block->keep_with_next = TRUE;
  block->space_before = 14;

  table = _daybook_table_new (LABEL_WIDTH);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *value = daybook_police_contact_get_field (contact, rows[i].field);

      if (value[0] != '\0')
        _daybook_table_add (table, _ (rows[i].label), value);
    }
  outcome = daybook_police_contact_get_field (contact, DAYBOOK_CONTACT_OUTCOME);
  if (outcome[0] != '\0')
    _daybook_table_add (table, _ ("Outcome"), daybook_contact_outcome_get_label (outcome));

  entries = g_string_new (NULL);
  for (guint i = 0; i < daybook_police_contact_get_n_entries (contact); i++)
    {
      gint64 number = daybook_police_contact_get_entry (contact, i);

      if (in_report (self, number))
        g_string_append_printf (entries, "%s%" PRId64, entries->len ? ", " : "", number);
      else
        n_other++;
    }
  if (n_other > 0)
    {
      g_autofree char *more
          = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s%sand %u entry not in this report",
                                          "%s%sand %u entries not in this report", n_other),
                             "", entries->len ? "; " : "", n_other);
      g_string_append (entries, more);
    }
  if (entries->len > 0)
    _daybook_table_add (table, _ ("Entries reported"), entries->str);
  if (_daybook_table_is_empty (table))
    _daybook_table_add (table, _ ("Details"), _ ("None recorded"));
  _daybook_flow_add_table (flow, table)->space_before = 4;
}

const DaybookSection _daybook_report_contacts = {
  FALSE,
  contacts_n_items,
  contacts_build,
};

/**
 * _daybook_report_add_breach_summary:
 *
 * The summary's lines: for each term marked breached by entries of this
 * report, how many.
 */
void
_daybook_report_add_breach_summary (DaybookReport *self, DaybookFlow *flow)
{
  DaybookReportRegisters *r = &self->registers;
  DaybookTable *table;
  DaybookBlock *block;

  if (r->marks == NULL || r->marks->len == 0)
    return;
  block
      = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, _ ("Possible breaches of orders"));
  block->keep_with_next = TRUE;
  block->space_before = 14;
  table = _daybook_table_new (DAYBOOK_MM (52));
  for (guint i = 0; i < r->marks->len;)
    {
      const DaybookBreachMark *m = &g_array_index (r->marks, DaybookBreachMark, i);
      g_autofree char *label = NULL;
      g_autofree char *entries = NULL;
      g_autofree char *value = NULL;
      guint count;

      /* TRANSLATORS: "Order 2, term 3" */
      label = g_strdup_printf (_ ("Order %" PRId64 ", term %u"), m->order_id, m->term);
      entries = marked_entries (self, m->order_id, m->term, &count);
      value = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u entry (%s)", "%u entries (%s)", count), count, entries);
      _daybook_table_add (table, label, value);
      i += count;
    }
  _daybook_flow_add_table (flow, table);
}
