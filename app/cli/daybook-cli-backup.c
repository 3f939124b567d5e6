/* daybook-cli-backup.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-cli"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "daybook-backup.h"
#include "daybook-cli.h"

int
daybook_cli_backup (DaybookCliContext *ctx,
                    int                argc,
                    char             **argv)
{
  g_autofree char *folder = NULL;
  int keep = 10;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder, N_("Write a dated backup into this folder and keep the last few there"), "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_INT, &keep, N_("With --folder: how many backups of this diary to keep (default 10)"), "N" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace OUT if it exists"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("[OUT]");
  g_autoptr(DaybookDiary) diary = NULL;
  g_autofree char *written = NULL;
  GError *error = NULL;

  g_option_context_set_summary (options, _("Writes the whole diary, still encrypted, into one backup file."));
  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if ((folder == NULL) == (argc != 2))
    return daybook_cli_usage (_("backup needs either an output file or --folder DIR."));
  if (keep < 1)
    return daybook_cli_usage (_("--keep must be at least 1."));
  if (folder == NULL && !force && g_file_test (argv[1], G_FILE_TEST_EXISTS))
    return daybook_cli_usage (_("%s already exists. Choose another name, or add --force to replace it."), argv[1]);

  diary = daybook_cli_open (ctx, &error);
  if (diary == NULL)
    return daybook_cli_fail (error);

  if (folder != NULL)
    written = daybook_diary_backup_to_folder (diary, folder, keep, NULL, &error);
  else if (daybook_diary_backup (diary, argv[1], force, NULL, &error))
    written = g_strdup (argv[1]);
  if (written == NULL)
    return daybook_cli_fail (error);

  g_print (_("Backed up %u entries to %s.\n"), daybook_diary_count_incidents (diary), written);
  return DAYBOOK_EXIT_OK;
}

int
daybook_cli_restore (DaybookCliContext *ctx,
                     int                argc,
                     char             **argv)
{
  g_autoptr(GOptionContext) options = g_option_context_new ("IN DIR");
  g_autoptr(DaybookSecret) passphrase = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *when_text = NULL;
  DaybookBackupInfo info;
  GError *error = NULL;

  g_option_context_set_summary (options, _("Restores a backup into a new or empty folder, after checking all of it."));
  if (!daybook_cli_parse (options, &argc, &argv))
    return DAYBOOK_EXIT_USAGE;
  if (argc != 3)
    return daybook_cli_usage (_("restore needs the backup file and a new folder to restore into."));

  if (!daybook_backup_read_info (argv[1], &info, &error))
    return daybook_cli_fail (error);

  passphrase = daybook_cli_read_secret (ctx->passphrase_fd, _("The diary's passphrase: "), FALSE, &error);
  if (passphrase == NULL || !daybook_backup_restore (argv[1], argv[2], passphrase, NULL, &error))
    return daybook_cli_fail (error);

  when = g_date_time_new_from_unix_local (info.created_at);
  when_text = g_date_time_format (when, "%Y-%m-%d %H:%M %Z");
  g_print (_("Restored %u entries from the backup of %s into %s. The restored diary verifies.\n"),
           info.n_entries, when_text, argv[2]);
  return DAYBOOK_EXIT_OK;
}
