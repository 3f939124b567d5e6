/* daybook-backup-util.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-backup-util"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-backup-util.h"
#include "daybook-ui-format.h"

/* Backup logic without widgets: when to remind, how to say when the last
 * backup was, and where a restore may safely go. */

#define SECONDS_PER_DAY (24 * 60 * 60)

/**
 * daybook_setting_to_uint:
 * @value: (nullable): a setting as stored in the diary
 *
 * Returns: @value as a number, or @fallback when it is unset or not one
 */
guint
daybook_setting_to_uint (const char *value, guint fallback)
{
  guint64 n;

  if (value == NULL || *value == '\0'
      || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &n, NULL))
    return fallback;
  return (guint)n;
}

/**
 * daybook_backup_reminder_due:
 * @last_backup: (nullable): DAYBOOK_SETTING_LAST_BACKUP (UTC seconds)
 * @reminder_days: (nullable): DAYBOOK_SETTING_BACKUP_REMINDER; 0 turns
 *   the reminder off
 * @created_at: when the diary was made, so a new diary is not nagged about
 *
 * Returns: whether to remind the user to back up
 */
gboolean
daybook_backup_reminder_due (const char *last_backup, const char *reminder_days, gint64 created_at,
                             gint64 now)
{
  guint days = daybook_setting_to_uint (reminder_days, DAYBOOK_DEFAULT_BACKUP_REMINDER);
  gint64 since = created_at;
  gint64 last;

  if (days == 0)
    return FALSE;
  if (last_backup != NULL && *last_backup != '\0')
    {
      last = g_ascii_strtoll (last_backup, NULL, 10);
      if (last > 0)
        since = last;
    }
  return now - since >= (gint64)days * SECONDS_PER_DAY;
}

/**
 * daybook_format_last_backup:
 *
 * Returns: (transfer full): when the last backup was made, for a row
 */
char *
daybook_format_last_backup (const char *last_backup)
{
  gint64 last = last_backup != NULL ? g_ascii_strtoll (last_backup, NULL, 10) : 0;

  if (last <= 0)
    return g_strdup (_ ("No backup yet"));
  return daybook_format_recorded_at (last);
}

/**
 * daybook_dir_is_empty_or_absent:
 *
 * Returns: whether a diary may be restored into @dir
 */
gboolean
daybook_dir_is_empty_or_absent (const char *dir)
{
  g_autoptr (GDir) d = NULL;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return FALSE;
  d = g_dir_open (dir, 0, NULL);
  return d != NULL && g_dir_read_name (d) == NULL;
}

/**
 * daybook_restore_default_dir:
 * @diary_dir: the folder Daybook opens by default
 *
 * Where to restore unless the user chooses otherwise: @diary_dir itself
 * when nothing is there, else a new folder beside it ("diary-restored",
 * "diary-restored-2", …), so that a damaged diary is never written over.
 *
 * Returns: (transfer full): a folder that is absent or empty
 */
char *
daybook_restore_default_dir (const char *diary_dir)
{
  g_return_val_if_fail (diary_dir != NULL, NULL);

  if (daybook_dir_is_empty_or_absent (diary_dir))
    return g_strdup (diary_dir);

  for (guint i = 1;; i++)
    {
      g_autofree char *dir = i == 1 ? g_strdup_printf ("%s-restored", diary_dir)
                                    : g_strdup_printf ("%s-restored-%u", diary_dir, i);
      if (daybook_dir_is_empty_or_absent (dir))
        return g_steal_pointer (&dir);
    }
}
