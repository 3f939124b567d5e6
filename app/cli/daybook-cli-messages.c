/* daybook-cli-messages.c — listing imported messages and calls
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "daybook-attachment.h"
#include "daybook-cli.h"
#include "daybook-messages.h"
#include "daybook-person.h"

/*
 * `messages [--exhibit MARK] [--person NAME] [--from T] [--to T]
 * [--search WORDS] [--entry N] [--json]`: the imported messages and calls,
 * oldest first, with the exhibit each was read from and its line there.
 */

static void
print_message (const DaybookMessage *m)
{
  g_autofree char *at = daybook_message_dup_sent_at (m);
  g_autofree char *flat = g_strdup (m->text);

  g_strdelimit (flat, "\r\n", ' ');
  g_print ("%6" G_GINT64_FORMAT "  %s%s  %-6s %-3s  %s  ", m->id, at,
           m->time_flag[0] != '\0' ? "!" : " ", m->kind, m->direction,
           m->sender[0] != '\0' ? m->sender : "-");
  if (g_strcmp0 (m->kind, "call") == 0)
    {
      if (m->duration_s >= 0)
        g_print (_ ("(call, %s, %d s)"), m->outcome, m->duration_s);
      else
        g_print (_ ("(call, %s)"), m->outcome);
    }
  else
    g_print ("%s", flat);
  if (m->media_name[0] != '\0')
    g_print (" [%s: %s%s%s]", m->media_state, m->media_name, m->media_mark != NULL ? " = " : "",
             m->media_mark != NULL ? m->media_mark : "");
  g_print ("  (%s:%u)\n", m->source_mark, m->line);
}

int
daybook_cli_messages (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autofree char *exhibit = NULL;
  g_autofree char *person = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *search = NULL;
  g_autofree char *entry = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "exhibit", 0, 0, G_OPTION_ARG_STRING, &exhibit,
      N_ ("Only the messages imported from this exhibit"), "MARK" },
    { "person", 0, 0, G_OPTION_ARG_STRING, &person, N_ ("Only those from this person"), "NAME" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("From this date or time"), "TIME" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("Up to this date (included) or time"), "TIME" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_ ("Only those with all these words"),
      "WORDS" },
    { "entry", 0, 0, G_OPTION_ARG_STRING, &entry, N_ ("Only those cited by entry N"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) options
      = g_option_context_new (_ ("— list imported messages and calls, oldest first"));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GArray) cited = g_array_new (FALSE, FALSE, sizeof (gint64));
  DaybookQuery times = { 0 };
  DaybookMessageQuery query;
  GError *error = NULL;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("messages takes no arguments besides its options."));

  daybook_message_query_init (&query);
  times.from = G_MININT64;
  times.to = G_MAXINT64;
  if (!daybook_cli_parse_query (ctx, &times, from, to, NULL, NULL, &error))
    return daybook_cli_fail (error);
  query.from = times.from;
  query.to = times.to;
  query.search = search;
  if (entry != NULL)
    {
      gint64 number;

      if (!daybook_cli_parse_number (entry, &number, &error))
        return daybook_cli_fail (error);
      g_array_append_val (cited, number);
      query.cited_by = cited;
    }

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);
  if (exhibit != NULL)
    {
      g_autoptr (DaybookAttachment) attachment
          = daybook_diary_find_attachment (diary, exhibit, &error);

      if (attachment == NULL)
        return daybook_cli_fail (error);
      query.attachment_id = daybook_attachment_get_id (attachment);
    }
  if (person != NULL)
    {
      g_autoptr (DaybookPerson) found_person = daybook_diary_find_person (diary, person);

      if (found_person == NULL)
        {
          g_set_error (&error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND,
                       _ ("There is no person called “%s”. List them with people."), person);
          return daybook_cli_fail (error);
        }
      query.person_id = daybook_person_get_id (found_person);
    }

  found = daybook_diary_list_messages (diary, &query, &error);
  if (found == NULL)
    return daybook_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonArray) array = json_array_new ();
      g_autoptr (JsonNode) root = NULL;

      for (guint i = 0; i < found->len; i++)
        json_array_add_element (array, daybook_message_to_json (found->pdata[i]));
      root = json_node_init_array (json_node_alloc (), array);
      daybook_cli_print_json (root);
      return DAYBOOK_EXIT_OK;
    }
  if (found->len == 0)
    g_print (_ ("No messages.\n"));
  for (guint i = 0; i < found->len; i++)
    print_message (found->pdata[i]);
  return DAYBOOK_EXIT_OK;
}
