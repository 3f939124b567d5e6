/* daybook-import-table.c — a spreadsheet diary's rows become entries
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-import"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "daybook-import-table.h"
#include "daybook-incident.h"
#include "daybook-messages-private.h"
#include "daybook-person.h"

/*
 * A table (CSV) is imported as every other export: its rows are stored as
 * messages of kind "system" (daybook-import-csv.c), each with the exhibit
 * and the line it came from. Each NEW row (a row the diary already holds
 * from an earlier import is skipped by the messages' own rule, so it makes
 * no second entry) also becomes an entry, in the same transaction:
 *
 * - occurred at: the row's date and time, read in the zone the user
 *   confirmed (placed by the importer). A row without a time is the date
 *   with precision "day" (the time is not known), never a made-up 00:00.
 *   A time in a clock change's gap or overlap is "approximate": it existed
 *   twice or not at all, and the message keeps the flag.
 * - title, what happened, where and the police reference: the mapped cells,
 *   exactly as written (a reference marks the entry as reported, as
 *   `add --police-ref` does). Nothing else of the row is copied.
 * - who: the cell split at commas, semicolons, slashes, "&" and " and ";
 *   each name is a person of the register (any case). A person already
 *   there keeps the role the register gives them; a new name becomes a
 *   person with the role "other" (as `add --person NAME` does).
 * - recorded at: the clock at the import, as for any new entry; never the
 *   row's date.
 * - the entry cites the row's message (message_links), so where cited
 *   messages are shown the row's exhibit, line and import are shown too.
 */

static const char *
member (JsonObject *headers, const char *name)
{
  JsonNode *node;

  if (headers == NULL || !json_object_has_member (headers, name))
    return "";
  node = json_object_get_member (headers, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

/* The names in a "who" cell, trimmed, without empty ones. */
static GPtrArray *
split_names (const char *cell)
{
  g_autoptr (GRegex) separators
      = g_regex_new ("\\s*(?:[,;/&\\n]|\\band\\b)\\s*", G_REGEX_CASELESS, 0, NULL);
  g_auto (GStrv) parts = g_regex_split (separators, cell, 0);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (g_strdup (parts[i]));

      if (name[0] == '\0')
        {
          g_free (name);
          continue;
        }
      g_ptr_array_add (names, name);
    }
  return names;
}

gboolean
_daybook_import_table_add_entry (DaybookDiary *diary, const DaybookMessage *row, gint64 message_id,
                                 guint *entries, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GPtrArray) names = NULL;
  JsonObject *headers = NULL;
  DaybookWhen when = { row->sent_utc, row->sent_offset, row->sent_zone };
  DaybookPrecision precision = DAYBOOK_PRECISION_EXACT;
  const char *police;

  /* The headers are the importer's own JSON of what the parser sent. */
  if (row->headers != NULL && json_parser_load_from_data (parser, row->headers, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    headers = json_node_get_object (json_parser_get_root (parser));

  if (member (headers, "time")[0] == '\0')
    precision = DAYBOOK_PRECISION_DAY;
  else if (row->time_flag != NULL && row->time_flag[0] != '\0')
    precision = DAYBOOK_PRECISION_APPROXIMATE;
  daybook_incident_set_start (incident, &when);
  daybook_incident_set_precision (incident, precision);
  daybook_incident_set_title (incident, member (headers, "title"));
  daybook_incident_set_narrative (incident, member (headers, "text"));
  daybook_incident_set_location (incident, member (headers, "where"));
  police = member (headers, "police");
  if (police[0] != '\0')
    {
      daybook_incident_set_police_ref (incident, police);
      daybook_incident_set_police_reported (incident, TRUE);
    }

  names = split_names (member (headers, "who"));
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      daybook_incident_add_person (incident, name,
                                   daybook_diary_get_person_role (diary, name, DAYBOOK_ROLE_OTHER));
    }

  if (!_daybook_diary_add_incident_locked (diary, incident, error)
      || !_daybook_messages_cite_locked (diary, daybook_incident_get_number (incident), &message_id,
                                         1, error))
    return FALSE;
  (*entries)++;
  return TRUE;
}
