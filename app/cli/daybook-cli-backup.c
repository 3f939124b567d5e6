/* daybook-cli-backup.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include "daybook-i18n.h"

#include "daybook-backup.h"
#include "daybook-bundle.h"
#include "daybook-cli.h"

/* Exhibits left out of a backup, or missing from a restored one: a warning
 * on stderr, the command still succeeds (DESIGN's exit codes have none for
 * "done, with problems"). Names marks and attachment numbers only. */
static void
warn_missing (char **missing, gboolean restored)
{
  g_autofree char *list = NULL;
  guint n = missing != NULL ? g_strv_length (missing) : 0;

  if (n == 0)
    return;
  list = g_strjoinv ("; ", missing);
  if (restored)
    g_printerr (ngettext ("daybook-cli: warning: the backup does not hold the stored copy of %u "
                          "exhibit, because it was already missing when the backup was made: %s. "
                          "Everything else was restored.\n",
                          "daybook-cli: warning: the backup does not hold the stored copies of %u "
                          "exhibits, because they were already missing when the backup was made: "
                          "%s. Everything else was restored.\n",
                          n),
                n, list);
  else
    g_printerr (ngettext ("daybook-cli: warning: the stored copy of %u exhibit is missing from the "
                          "diary folder, so the backup holds everything except it: %s. Restore it "
                          "from an older backup, or attach the original again.\n",
                          "daybook-cli: warning: the stored copies of %u exhibits are missing from "
                          "the diary folder, so the backup holds everything except them: %s. "
                          "Restore them from an older backup, or attach the originals again.\n",
                          n),
                n, list);
}

int
daybook_cli_backup (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autofree char *folder = NULL;
  int keep = 10;
  gboolean force = FALSE;
  GOptionEntry entries[]
      = { { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder,
            N_ ("Write a dated backup into this folder and keep the last few there"), N_ ("DIR") },
          { "keep", 0, 0, G_OPTION_ARG_INT, &keep,
            N_ ("With --folder: how many backups of this diary to keep (default 10)"), "N" },
          { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_ ("Replace OUT if it exists"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new (N_ ("[OUT]"));
  g_autoptr (DaybookDiary) diary = NULL;
  g_autofree char *written = NULL;
  g_auto (GStrv) missing = NULL;
  GError *error = NULL;

  g_option_context_set_summary (
      options, _ ("Writes the whole diary, still encrypted, into one backup file."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if ((folder == NULL) == (argc != 2))
    return daybook_cli_usage (_ ("backup needs either an output file or --folder DIR."));
  if (keep < 1)
    return daybook_cli_usage (_ ("--keep must be at least 1."));
  if (folder == NULL && !force && g_file_test (argv[1], G_FILE_TEST_EXISTS))
    return daybook_cli_usage (
        _ ("%s already exists. Choose another name, or add --force to replace it."), argv[1]);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);

  if (folder != NULL)
    written = daybook_diary_backup_to_folder_full (diary, folder, keep, &missing, NULL, &error);
  else if (daybook_diary_backup_full (diary, argv[1], force, &missing, NULL, &error))
    written = g_strdup (argv[1]);
  if (written == NULL)
    return daybook_cli_fail (error);
  if (!g_file_test (written, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (&error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                   _ ("The backup %s is not there after it was written. Check the folder and back "
                      "up again."),
                   written);
      return daybook_cli_fail (error);
    }

  g_print (_ ("Backed up %u entries to %s.\n"), daybook_diary_count_incidents (diary), written);
  {
    g_autofree char *name = g_path_get_basename (written);

    daybook_cli_print_export (diary, DAYBOOK_EXPORT_BACKUP, name);
  }
  warn_missing (missing, FALSE);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_restore (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autoptr (GOptionContext) options = g_option_context_new (N_ ("IN DIR"));
  g_autoptr (DaybookSecret) passphrase = NULL;
  g_autoptr (GDateTime) when = NULL;
  g_autofree char *when_text = NULL;
  g_auto (GStrv) missing = NULL;
  DaybookBackupInfo info;
  GError *error = NULL;

  g_option_context_set_summary (
      options, _ ("Restores a backup into a new or empty folder, after checking all of it."));
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 3)
    return daybook_cli_usage (
        _ ("restore needs the backup file and a new folder to restore into."));

  if (!daybook_backup_read_info (argv[1], &info, &error))
    return daybook_cli_fail (error);

  passphrase
      = daybook_cli_read_secret (ctx->passphrase_fd, _ ("The diary's passphrase: "), FALSE, &error);
  if (passphrase == NULL
      || !daybook_backup_restore_full (argv[1], argv[2], passphrase, &info, &missing, NULL, &error))
    return daybook_cli_fail (error);

  when = g_date_time_new_from_unix_local (info.created_at);
  when_text = g_date_time_format (when, "%Y-%m-%d %H:%M %Z");
  g_print (_ ("Restored %u entries from the backup of %s into %s. The restored diary verifies.\n"),
           info.n_entries, when_text, argv[2]);
  warn_missing (missing, TRUE);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_bundle (DaybookCliContext *ctx, int argc, char **argv)
{
  g_autofree char *from = NULL, *to = NULL;
  g_auto (GStrv) types = NULL, people = NULL;
  gboolean include_private = FALSE, json = FALSE, with_history = FALSE, with_people = FALSE;
  GOptionEntry entries[]
      = { { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_ ("From this date or time"), N_ ("TIME") },
          { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("Up to this date (included) or time"),
            N_ ("TIME") },
          { "type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &types,
            N_ ("Only entries of this behaviour type (repeatable)"), N_ ("TYPE") },
          { "person", 0, 0, G_OPTION_ARG_STRING_ARRAY, &people,
            N_ ("Only entries naming this person"), N_ ("NAME") },
          { "include-private", 0, 0, G_OPTION_ARG_NONE, &include_private,
            N_ ("Include private entries and private notes"), NULL },
          { "with-history", 0, 0, G_OPTION_ARG_NONE, &with_history,
            N_ ("Include the earlier versions of the entries, not only their hashes"), NULL },
          { "with-people", 0, 0, G_OPTION_ARG_NONE, &with_people,
            N_ ("Include the full records of the people named, not only the names and roles "
                "the entries give"),
            NULL },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json,
            N_ ("Print the result, passphrase included, as JSON"), NULL },
          { NULL } };
  g_autoptr (GOptionContext) options = g_option_context_new (N_ ("OUT"));
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookSecret) passphrase = NULL;
  g_autoptr (DaybookExport) registered = NULL;
  g_auto (DaybookBundleResult) result = { 0 };
  GError *error = NULL;
  guint n = 0;

  g_option_context_set_summary (
      options, _ ("Makes a read-only, encrypted copy of selected entries for an advocate, "
                  "with a new one-time passphrase."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 2)
    return daybook_cli_usage (_ ("bundle needs the folder to write the bundle to."));

  query->include_private = include_private;
  if (!daybook_cli_parse_query (ctx, query, from, to, types, people, &error))
    return daybook_cli_fail (error);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL
      || !daybook_diary_export_bundle_full (diary, argv[1], query,
                                            (with_history ? DAYBOOK_BUNDLE_WITH_HISTORY : 0)
                                                | (with_people ? DAYBOOK_BUNDLE_WITH_PEOPLE : 0),
                                            &passphrase, &result, &error))
    return daybook_cli_fail (error);
  n = result.n_entries;

  for (guint i = 0; i < result.missing->len; i++)
    g_printerr (_ ("daybook-cli: the stored copy of exhibit %s is missing from the diary folder, "
                   "so the bundle holds its record but not the file. Run “daybook-cli verify”.\n"),
                (char *)result.missing->pdata[i]);

  registered = daybook_cli_find_export (diary, DAYBOOK_EXPORT_BUNDLE, NULL);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "dir");
      json_builder_add_string_value (b, argv[1]);
      json_builder_set_member_name (b, "entries");
      json_builder_add_int_value (b, n);
      json_builder_set_member_name (b, "source_fingerprint");
      json_builder_add_string_value (b, result.head);
      json_builder_set_member_name (b, "source_link");
      json_builder_add_int_value (b, result.length);
      json_builder_set_member_name (b, "missing");
      json_builder_begin_array (b);
      for (guint i = 0; i < result.missing->len; i++)
        json_builder_add_string_value (b, result.missing->pdata[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "passphrase");
      json_builder_add_string_value (b, (const char *)daybook_secret_peek (passphrase));
      if (registered != NULL)
        {
          json_builder_set_member_name (b, "fingerprint");
          json_builder_add_string_value (b, registered->fingerprint);
          json_builder_set_member_name (b, "length");
          json_builder_add_int_value (b, registered->length);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      daybook_cli_print_json (root);
      return DAYBOOK_EXIT_OK;
    }

  g_print (_ ("Wrote a hand-over bundle of %u entries to %s.\n"), n, argv[1]);
  daybook_cli_print_export (diary, DAYBOOK_EXPORT_BUNDLE, NULL);
  g_print ("\n");
  g_print (_ ("Its passphrase is shown only this once. Give it to your advocate separately from "
              "the bundle\n"
              "(for example, read it out, never in the same e-mail):\n\n"));
  g_print ("    %s\n\n", (const char *)daybook_secret_peek (passphrase));
  g_print (_ ("They can open it read-only with Daybook: daybook-cli --diary BUNDLE list\n"));
  return DAYBOOK_EXIT_OK;
}
