/* daybook-revision.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-revision"

#include "config.h"

#include "daybook-revision.h"

struct _DaybookRevision
{
  GObject parent_instance;

  guint revision;
  char *action;
  gint64 at;
  char *snapshot;
  char *link;
  gint64 previous_at;
};

G_DEFINE_FINAL_TYPE (DaybookRevision, daybook_revision, G_TYPE_OBJECT)

static void
daybook_revision_finalize (GObject *object)
{
  DaybookRevision *self = DAYBOOK_REVISION (object);

  g_free (self->action);
  g_free (self->snapshot);
  g_free (self->link);

  G_OBJECT_CLASS (daybook_revision_parent_class)->finalize (object);
}

static void
daybook_revision_class_init (DaybookRevisionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = daybook_revision_finalize;
}

static void
daybook_revision_init (DaybookRevision *self)
{
}

DaybookRevision *
daybook_revision_new (guint revision, const char *action, gint64 at, const char *snapshot,
                      const char *link_hex)
{
  DaybookRevision *self = g_object_new (DAYBOOK_TYPE_REVISION, NULL);

  self->revision = revision;
  self->action = g_strdup (action);
  self->at = at;
  self->snapshot = g_strdup (snapshot);
  self->link = g_strdup (link_hex);
  return self;
}

guint
daybook_revision_get_revision (DaybookRevision *self)
{
  return self->revision;
}
const char *
daybook_revision_get_action (DaybookRevision *self)
{
  return self->action;
}
gint64
daybook_revision_get_at (DaybookRevision *self)
{
  return self->at;
}
const char *
daybook_revision_get_snapshot (DaybookRevision *self)
{
  return self->snapshot;
}
const char *
daybook_revision_get_link (DaybookRevision *self)
{
  return self->link;
}

/**
 * daybook_revision_to_json:
 *
 * Returns: (transfer full): `{revision, action, at, link, snapshot}` with
 *   the snapshot as a JSON object
 */
/**
 * daybook_revision_set_previous_at:
 * @previous_at: the latest time recorded by any earlier link of the chain,
 *   or 0 for the first link
 */
void
daybook_revision_set_previous_at (DaybookRevision *self, gint64 previous_at)
{
  self->previous_at = previous_at;
}

gint64
daybook_revision_get_previous_at (DaybookRevision *self)
{
  return self->previous_at;
}

/**
 * daybook_revision_get_clock_set_back:
 *
 * Returns: whether this revision's time, from the computer's clock, is
 *   earlier than a change the chain recorded before it
 */
gboolean
daybook_revision_get_clock_set_back (DaybookRevision *self)
{
  return self->at < self->previous_at;
}

static char *
format_local (gint64 unix_time)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr (GDateTime) at = g_date_time_to_timezone (utc, local);

  return g_date_time_format (at, "%Y-%m-%dT%H:%M:%S%:z");
}

JsonNode *
daybook_revision_to_json (DaybookRevision *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *at_iso = format_local (self->at);
  JsonNode *snapshot = json_from_string (self->snapshot, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "revision");
  json_builder_add_int_value (b, self->revision);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, self->action);
  json_builder_set_member_name (b, "at");
  json_builder_add_string_value (b, at_iso);
  json_builder_set_member_name (b, "link");
  json_builder_add_string_value (b, self->link);
  json_builder_set_member_name (b, "clock_set_back");
  json_builder_add_boolean_value (b, daybook_revision_get_clock_set_back (self));
  if (daybook_revision_get_clock_set_back (self))
    {
      g_autofree char *previous = format_local (self->previous_at);

      json_builder_set_member_name (b, "previous_at");
      json_builder_add_string_value (b, previous);
    }
  json_builder_set_member_name (b, "snapshot");
  if (snapshot != NULL)
    json_builder_add_value (b, snapshot);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/**
 * daybook_revision_list_changes:
 * @previous: (nullable): the revision before, or %NULL for the first
 *
 * Returns: (transfer full): the names of the snapshot members that differ
 *   (e.g. "title", "narrative"), leaving out the bookkeeping ones
 */
char **
daybook_revision_list_changes (DaybookRevision *self, DaybookRevision *previous)
{
  static const char *ignored[] = { "revision", "updated_at", NULL };
  g_autoptr (GStrvBuilder) out = g_strv_builder_new ();
  g_autoptr (JsonNode) now = json_from_string (self->snapshot, NULL);
  g_autoptr (JsonNode) before = previous ? json_from_string (previous->snapshot, NULL) : NULL;
  JsonObject *a, *b;
  g_autoptr (GList) members = NULL;

  if (now == NULL || !JSON_NODE_HOLDS_OBJECT (now))
    return g_strv_builder_end (out);
  a = json_node_get_object (now);
  b = before != NULL && JSON_NODE_HOLDS_OBJECT (before) ? json_node_get_object (before) : NULL;

  members = json_object_get_members (a);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *x = json_object_get_member (a, name);
      JsonNode *y = b ? json_object_get_member (b, name) : NULL;

      if (g_strv_contains (ignored, name))
        continue;
      if (y == NULL || !json_node_equal (x, y))
        g_strv_builder_add (out, name);
    }

  return g_strv_builder_end (out);
}
