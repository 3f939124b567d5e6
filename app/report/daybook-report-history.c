/* daybook-report-history.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-report"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-report-private.h"

/* The appendix of earlier versions (report --history): for each edited
 * entry in the report, every version before the current one, as it was
 * saved and when, read from the entry's revisions. The current version is
 * the one in the timeline. Private notes of earlier versions are printed
 * only when the report includes private notes. */

#define LABEL_WIDTH DAYBOOK_MM (40)

static const struct
{
  const char *member;
  const char *label;
} fields[] = {
  { "occurred_start", N_ ("Happened") },
  { "occurred_end", N_ ("Ended") },
  { "precision", N_ ("Precision") },
  { "title", N_ ("Title") },
  { "location", N_ ("Location") },
  { "types", N_ ("Behaviour") },
  { "people", N_ ("People") },
  { "narrative", N_ ("What happened") },
  { "fear_of_violence", N_ ("Fear of violence") },
  { "alarm_distress", N_ ("Alarm or distress") },
  { "impact", N_ ("Impact") },
  { "police_reported", N_ ("Reported to police") },
  { "police_ref", N_ ("Police reference") },
  { "police_officer", N_ ("Officer") },
  { "police_date", N_ ("Reported on") },
  { "private", N_ ("Marked private") },
  { "private_notes", N_ ("Private notes") },
};

gboolean
_daybook_report_load_histories (DaybookReport *self, GCancellable *cancellable, GError **error)
{
  self->histories = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->numbers->len; i++)
    {
      g_autoptr (DaybookIncident) incident = _daybook_report_get_incident (self, i);
      GListModel *revisions;

      if (daybook_incident_get_revision (incident) <= 1)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      revisions = daybook_diary_list_history (self->diary, "incident",
                                              daybook_incident_get_number (incident), error);
      if (revisions == NULL)
        return FALSE;
      g_ptr_array_add (self->histories, revisions);
    }
  return TRUE;
}

static char *
value_text (const char *member, JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        /* TRANSLATORS: the value of a yes/no field of an entry in the report's history table */
        return g_strdup (json_node_get_boolean (node) ? _ ("yes") : _ ("no"));
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      return json_to_string (node, FALSE);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr (GString) s = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *text = NULL;

          if (g_strcmp0 (member, "types") == 0 && JSON_NODE_HOLDS_VALUE (item))
            {
              DaybookBehaviour type;

              text = daybook_behaviour_from_id (json_node_get_string (item), &type)
                         ? g_strdup (daybook_behaviour_get_label (type))
                         : g_strdup (json_node_get_string (item));
            }
          else if (JSON_NODE_HOLDS_OBJECT (item))
            {
              JsonObject *o = json_node_get_object (item);
              const char *name = json_object_get_string_member_with_default (o, "name", "");
              const char *role = json_object_get_string_member_with_default (o, "role", "");
              DaybookRole r;

              text = g_strdup_printf ("%s (%s)", name,
                                      daybook_role_from_id (role, &r) ? daybook_role_get_label (r)
                                                                      : role);
            }
          else
            text = value_text (member, item);
          g_string_append_printf (s, "%s%s", s->len ? ", " : "", text);
        }
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  return json_to_string (node, FALSE);
}

static guint
history_n_items (DaybookReport *self)
{
  return self->histories != NULL ? self->histories->len + 1 : 0;
}

static void
add_version (DaybookReport *self, DaybookFlow *flow, DaybookRevision *rev)
{
  g_autoptr (JsonNode) root = json_from_string (daybook_revision_get_snapshot (rev), NULL);
  g_autofree char *at = _daybook_report_format_time (self, daybook_revision_get_at (rev), NULL);
  g_autofree char *head = NULL;
  DaybookTable *table;
  DaybookBlock *block;
  JsonObject *o;

  /* TRANSLATORS: one earlier version of an entry: its revision number and
     when it was saved */
  head = g_strdup_printf (_ ("Version %u, saved %s"), daybook_revision_get_revision (rev), at);
  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_SUBHEADING, head);
  block->keep_with_next = TRUE;
  block->space_before = 8;
  if (daybook_revision_get_clock_set_back (rev))
    _daybook_flow_add_text (flow, DAYBOOK_STYLE_SMALL,
                            _ ("The computer's clock was set back when this version was saved: "
                               "its time is earlier than a change saved before it."))
        ->keep_with_next
        = TRUE;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _daybook_flow_add_text (flow, DAYBOOK_STYLE_BODY,
                              _ ("This version's record could not be read."));
      return;
    }
  o = json_node_get_object (root);
  table = _daybook_table_new (LABEL_WIDTH);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonNode *node = json_object_get_member (o, fields[i].member);
      g_autofree char *value = NULL;

      if (node == NULL)
        continue;
      if (g_str_equal (fields[i].member, "private_notes") && !self->query->include_private)
        {
          value = json_node_get_string (node) != NULL && json_node_get_string (node)[0] != '\0'
                      ? g_strdup (_ ("(left out of this report)"))
                      : NULL;
          if (value == NULL)
            continue;
        }
      else
        value = value_text (fields[i].member, node);
      if (value[0] == '\0')
        continue;
      _daybook_table_add (table, _ (fields[i].label), value);
    }
  if (_daybook_table_is_empty (table))
    _daybook_table_add (table, _ ("Fields"), _ ("All empty"));
  _daybook_flow_add_table (flow, table)->space_before = 3;
}

static void
history_build (DaybookReport *self, guint item, DaybookFlow *flow)
{
  GListModel *revisions;
  guint n, number = 0, latest = 0;
  g_autofree char *title = NULL;
  DaybookBlock *block;

  if (item == 0)
    {
      _daybook_flow_add_heading (flow, _ ("Appendix: earlier versions of edited entries"));
      _daybook_flow_add_text (
          flow, DAYBOOK_STYLE_BODY,
          self->histories->len == 0
              ? _ ("No entry in this report was edited after it was first recorded.")
              : _ ("Every earlier version of each edited entry in this report, as it was saved "
                   "and when, from the diary's history of changes. The version in the timeline "
                   "is the current one. Times are as the computer's clock gave them."))
          ->space_before
          = 4;
      return;
    }

  revisions = g_ptr_array_index (self->histories, item - 1);
  n = g_list_model_get_n_items (revisions);
  {
    g_autoptr (DaybookRevision) last = n > 0 ? g_list_model_get_item (revisions, n - 1) : NULL;
    g_autoptr (JsonNode) root
        = last != NULL ? json_from_string (daybook_revision_get_snapshot (last), NULL) : NULL;

    latest = last != NULL ? daybook_revision_get_revision (last) : 0;
    if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
      number = (guint)json_object_get_int_member_with_default (json_node_get_object (root),
                                                               "number", 0);
  }
  /* TRANSLATORS: entry number, then how many versions it has had */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Entry %u · %u version in all",
                                        "Entry %u · %u versions in all", MAX (n, latest)),
                           number, MAX (n, latest));
  block = _daybook_flow_add_text (flow, DAYBOOK_STYLE_ENTRY, title);
  block->shade = TRUE;
  block->keep_with_next = TRUE;
  block->space_before = 6;
  {
    g_autofree char *continued
        = g_strdup_printf (_ ("Entry %u, earlier versions (continued)"), number);

    _daybook_flow_set_continued (flow, continued);
  }
  /* A hand-over bundle made without earlier versions holds fewer. */
  {
    if (n < latest)
      {
        /* TRANSLATORS: how many versions this copy holds, of how many */
        g_autofree char *missing = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "This copy of the diary holds %u of the entry's %u versions: a "
                         "hand-over bundle leaves earlier versions out unless they were chosen.",
                         "This copy of the diary holds %u of the entry's %u versions: a "
                         "hand-over bundle leaves earlier versions out unless they were chosen.",
                         latest),
            n, latest);

        _daybook_flow_add_text (flow, DAYBOOK_STYLE_BODY, missing)->space_before = 4;
      }
  }
  /* The last revision is the current version, printed in the timeline. */
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr (DaybookRevision) rev = g_list_model_get_item (revisions, i);

      add_version (self, flow, rev);
    }
}

const DaybookSection _daybook_report_history = {
  TRUE,
  history_n_items,
  history_build,
};
