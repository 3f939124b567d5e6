/* fuzz-backup.c — the backup reader against arbitrary files
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "daybook-backup.h"
#include "daybook-error.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *scratch;

/* Restores never leave anything in the scratch folder, so it is empty at
 * exit; if it is not, it stays, for the leftover check to find. */
static void
remove_scratch (void)
{
  if (scratch != NULL && g_rmdir (scratch) != 0)
    g_printerr ("fuzz-backup: %s is not empty\n", scratch);
  g_clear_pointer (&scratch, g_free);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_secret_new_from_data ("not the passphrase", 18);
  DaybookBackupInfo info;
  int fd;

  if (scratch == NULL)
    {
      scratch = g_dir_make_tmp ("daybook-fuzz-XXXXXX", NULL);
      g_assert (scratch != NULL);
      atexit (remove_scratch);
    }

  /* The file lives in memory only. */
  fd = memfd_create ("backup", MFD_CLOEXEC);
  g_assert (fd >= 0);
  g_assert (write (fd, data, size) == (ssize_t)size);
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  target = g_build_filename (scratch, "restored", NULL);

  if (daybook_backup_read_info (path, &info, NULL))
    g_assert (g_utf8_validate (info.diary_id, -1, NULL));

  /* Arbitrary bytes never restore, and never leave anything behind. */
  g_assert (!daybook_backup_restore (path, target, pass, NULL, &error));
  g_assert (error != NULL);
  g_assert (!g_file_test (target, G_FILE_TEST_EXISTS));

  close (fd);
  return 0;
}
