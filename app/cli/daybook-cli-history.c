/* daybook-cli-history.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <inttypes.h>

#include "daybook-i18n.h"

#include "daybook-cli.h"
#include "daybook-exports.h"

/* `reports`, and what `verify --since` adds: the register of what left the
 * diary, and whether an earlier head is still a link of today's chain. */

/**
 * daybook_cli_find_export:
 * @kind: what was just made
 * @ref: (nullable): its name in the register, or %NULL for the newest of
 *   @kind (the command holds the diary alone, so that is the one it made)
 *
 * Returns: (transfer full) (nullable): the register's record
 */
DaybookExport *
daybook_cli_find_export (DaybookDiary *diary, const char *kind, const char *ref)
{
  g_autoptr (GPtrArray) list = NULL;

  if (ref != NULL)
    return daybook_diary_find_export (diary, ref, NULL);
  list = daybook_diary_list_exports (diary, NULL);
  for (guint i = list != NULL ? list->len : 0; i > 0; i--)
    if (g_strcmp0 (((DaybookExport *)list->pdata[i - 1])->kind, kind) == 0)
      return g_ptr_array_steal_index (list, i - 1);
  return NULL;
}

/**
 * daybook_cli_print_export:
 *
 * Prints "Fingerprint: … (link N of the diary's chain)." for what was just
 * made, from the register, so the line says what the register keeps.
 */
void
daybook_cli_print_export (DaybookDiary *diary, const char *kind, const char *ref)
{
  g_autoptr (DaybookExport) e = daybook_cli_find_export (diary, kind, ref);

  if (e == NULL || e->fingerprint == NULL)
    return;
  /* TRANSLATORS: fingerprint, then its position in the chain of changes */
  g_print (_ ("Fingerprint: %s (link %'" PRId64 " of the diary’s chain).\n"), e->fingerprint,
           e->length);
}

static void
add_numbers (JsonBuilder *b, const char *name, GArray *numbers)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < numbers->len; i++)
    json_builder_add_int_value (b, g_array_index (numbers, gint64, i));
  json_builder_end_array (b);
}

/**
 * daybook_cli_add_since_json:
 * @head: the earlier head looked for, 64 hex digits
 *
 * Adds the `verify --since` members to an open object: `since`,
 * `contained`, `link` (null when not contained), `length`, `added`,
 * `edited` ([{entry, revision}]), `deleted`, `exhibits_added`
 * ([{id, mark}]), `case_changed` and `other_changes`.
 */
void
daybook_cli_add_since_json (JsonBuilder *b, const char *head, const DaybookSince *since)
{
  json_builder_set_member_name (b, "since");
  json_builder_add_string_value (b, head);
  json_builder_set_member_name (b, "contained");
  json_builder_add_boolean_value (b, since->contained);
  json_builder_set_member_name (b, "link");
  if (since->contained)
    json_builder_add_int_value (b, since->link);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "length");
  json_builder_add_int_value (b, since->length);

  add_numbers (b, "added", since->added);
  json_builder_set_member_name (b, "edited");
  json_builder_begin_array (b);
  for (guint i = 0; i < since->edited->len; i++)
    {
      DaybookEdit *edit = &g_array_index (since->edited, DaybookEdit, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "entry");
      json_builder_add_int_value (b, edit->number);
      json_builder_set_member_name (b, "revision");
      json_builder_add_int_value (b, edit->revision);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_numbers (b, "deleted", since->deleted);
  json_builder_set_member_name (b, "exhibits_added");
  json_builder_begin_array (b);
  for (guint i = 0; i < since->exhibits_added->len; i++)
    {
      DaybookExhibitAdded *e = &g_array_index (since->exhibits_added, DaybookExhibitAdded, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, e->id);
      json_builder_set_member_name (b, "mark");
      json_builder_add_string_value (b, e->mark);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "case_changed");
  json_builder_add_boolean_value (b, since->case_changed > 0);
  json_builder_set_member_name (b, "other_changes");
  json_builder_add_int_value (b, since->other_changes);
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

/**
 * daybook_cli_print_since:
 *
 * Prints the finding of `verify --since` in words: on standard output when
 * the head is contained, else one sentence on standard error.
 */
void
daybook_cli_print_since (const char *head, const DaybookSince *since)
{
  g_autofree char *added = NULL, *deleted = NULL;

  if (!since->contained)
    {
      g_printerr (
          _ ("daybook-cli: The fingerprint %s is not a link of this diary’s chain of changes, "
             "recomputed from its history: the history it stood for is not contained in today’s "
             "diary. Since then the history was rewritten, cut short or put back from an older "
             "copy, or the fingerprint comes from another diary or was mistyped.\n"),
          head);
      return;
    }

  g_print (_ ("The fingerprint %s is link %'" PRId64 " of today’s chain of %'" PRId64
              " links, recomputed from the history: the history up to it is contained in this "
              "diary, unaltered.\n"),
           head, since->link, since->length);
  if (since->link == since->length)
    {
      g_print (_ ("Nothing was recorded after it.\n"));
      return;
    }
  g_print (_ ("Recorded after it:\n"));
  g_print (_ ("  entries added (%u): %s\n"), since->added->len,
           added = join_numbers (since->added));
  g_print (_ ("  entry edits (%u):\n"), since->edited->len);
  for (guint i = 0; i < since->edited->len; i++)
    {
      DaybookEdit *edit = &g_array_index (since->edited, DaybookEdit, i);

      g_print (_ ("    entry %" PRId64 ", revision %" PRId64 "\n"), edit->number, edit->revision);
    }
  g_print (_ ("  entries deleted (%u): %s\n"), since->deleted->len,
           deleted = join_numbers (since->deleted));
  g_print (_ ("  exhibits added (%u):"), since->exhibits_added->len);
  for (guint i = 0; i < since->exhibits_added->len; i++)
    g_print ("%s%s", i == 0 ? " " : ", ",
             g_array_index (since->exhibits_added, DaybookExhibitAdded, i).mark);
  g_print ("\n");
  g_print (_ ("  case details changed (times): %u\n"), since->case_changed);
  g_print (_ ("  other changes to people, attachments, orders or police contacts: %u\n"),
           since->other_changes);
}

/**
 * daybook_cli_check_since:
 * @head: (out) (transfer full): the head looked for, 64 hex digits
 *
 * Resolves @text (a fingerprint, report id, backup file name or bundle id)
 * and checks it against today's recomputed chain.
 */
DaybookSince *
daybook_cli_check_since (DaybookDiary *diary, const char *text, char **head, GError **error)
{
  guint8 bytes[32];
  GString *hex;

  if (!daybook_diary_resolve_since (diary, text, bytes, NULL, error))
    return NULL;
  hex = g_string_new (NULL);
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);
  *head = g_string_free (hex, FALSE);
  return daybook_diary_check_since (diary, bytes, error);
}

int
daybook_cli_reports (DaybookCliContext *ctx, int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[]
      = { { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print the register as JSON"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new ("");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GPtrArray) list = NULL;
  GError *error = NULL;

  g_option_context_set_summary (
      options,
      _ ("Lists the register of reports, backups, bundles and report key hand-overs made from this "
         "diary: the fingerprint "
         "each carries, its link in the chain, when it was made and what was chosen. The register "
         "keeps no contents. “daybook-cli verify --since REPORT-ID” checks one against today's "
         "diary."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc > 1)
    return daybook_cli_usage (_ ("“reports” takes no arguments besides its options, not “%s”."),
                              argv[1]);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL || (list = daybook_diary_list_exports (diary, &error)) == NULL)
    return daybook_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          DaybookExport *e = list->pdata[i];
          g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (e->made_at);
          g_autofree char *made = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
          g_autoptr (JsonParser) parser = json_parser_new ();

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, e->kind);
          json_builder_set_member_name (b, "ref");
          json_builder_add_string_value (b, e->ref);
          json_builder_set_member_name (b, "link");
          json_builder_add_int_value (b, e->length);
          json_builder_set_member_name (b, "fingerprint");
          if (e->fingerprint != NULL)
            json_builder_add_string_value (b, e->fingerprint);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "made_at");
          json_builder_add_string_value (b, made);
          json_builder_set_member_name (b, "selection");
          if (json_parser_load_from_data (parser, e->selection, -1, NULL))
            json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      daybook_cli_print_json (root);
      return DAYBOOK_EXIT_OK;
    }

  if (list->len == 0)
    {
      g_print (
          _ ("No report, backup, bundle or key hand-over has been made from this diary yet.\n"));
      return DAYBOOK_EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      DaybookExport *e = list->pdata[i];
      g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (e->made_at);
      g_autofree char *made = g_date_time_format (when, "%Y-%m-%d %H:%M %Z");

      /* TRANSLATORS: kind, name, when, chain position, fingerprint, selection */
      g_print (_ ("%s %s, made %s\n  link %'" PRId64 ", fingerprint %s\n  selection %s\n"), e->kind,
               e->ref, made, e->length, e->fingerprint ? e->fingerprint : "-", e->selection);
    }
  return DAYBOOK_EXIT_OK;
}
