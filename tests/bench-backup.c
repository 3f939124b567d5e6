/* bench-backup.c — backup and restore of a diary with 1 GiB of evidence
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures against `cp -r` of the same diary folder measured in the
 * same run; asserts nothing about time. DAYBOOK_BENCH_MIB sets the size.
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "daybook-attachment.h"
#include "daybook-backup.h"
#include "daybook-test-util.h"

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static long
peak_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (p + 6, NULL, 10);
}

static void
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static void
write_random_file (const char *path, gsize mib)
{
  g_autofree guint8 *buf = g_malloc (1 << 20);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  for (gsize i = 0; i < mib; i++)
    {
      for (gsize j = 0; j < (1 << 20); j += 4)
        *(guint32 *)(buf + j) = g_random_int ();
      g_assert_cmpint (write (fd, buf, 1 << 20), ==, 1 << 20);
    }
  close (fd);
}

int
main (int argc, char **argv)
{
  const char *env = g_getenv ("DAYBOOK_BENCH_MIB");
  gsize mib = env ? g_ascii_strtoull (env, NULL, 10) : 1024;
  g_autofree char *parent = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (parent, "diary", NULL);
  g_autofree char *copy = g_build_filename (parent, "copy", NULL);
  g_autofree char *evidence = g_build_filename (parent, "evidence.bin", NULL);
  g_autofree char *backup = g_build_filename (parent, "diary.dbk", NULL);
  g_autofree char *restored = g_build_filename (parent, "restored", NULL);
  g_autofree char *cp_cmd = g_strdup_printf ("cp -r %s %s", dir, copy);
  g_autofree char *warm_cmd
      = g_strdup_printf ("sh -c 'find %s -type f -exec cat {} + >/dev/null'", dir);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autoptr (GError) error = NULL;
  double t, t_cp, t_backup, t_restore;
  long peak_backup, peak_restore;

  g_print ("Daybook backup benchmark: a diary with %zu MiB of attachments\n", mib);
  write_random_file (evidence, mib);
  diary = daybook_diary_create (dir, pass, NULL, &error);
  g_assert_no_error (error);
  attachment = daybook_diary_import_attachment (diary, evidence, 0, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_unlink (evidence);
  daybook_diary_close (diary);
  g_clear_object (&diary);

  /* Both sides from a warm cache: the evidence file was written around the
   * page cache (O_DIRECT), so without this read the copy would read it from
   * the disk and the backup after it from memory. */
  g_assert_true (g_spawn_command_line_sync (warm_cmd, NULL, NULL, NULL, NULL));

  /* The reference: a plain copy of the folder. */
  t = now_s ();
  g_assert_true (g_spawn_command_line_sync (cp_cmd, NULL, NULL, NULL, NULL));
  sync ();
  t_cp = now_s () - t;

  diary = daybook_diary_open (dir, pass, &error);
  g_assert_no_error (error);
  reset_peak ();
  t = now_s ();
  g_assert_true (daybook_diary_backup (diary, backup, FALSE, NULL, &error));
  t_backup = now_s () - t;
  peak_backup = peak_kib ();
  daybook_diary_close (diary);

  reset_peak ();
  t = now_s ();
  g_assert_true (daybook_backup_restore (backup, restored, pass, NULL, &error));
  g_assert_no_error (error);
  t_restore = now_s () - t;
  peak_restore = peak_kib ();

  g_print ("cp -r of the diary folder (+ sync)      %7.2f s\n", t_cp);
  g_print ("backup (snapshot, checksum, fsync)      %7.2f s   %.1fx cp, peak RSS %ld KiB\n",
           t_backup, t_backup / t_cp, peak_backup);
  g_print ("restore (check, write, open, verify)    %7.2f s   %.1fx cp, peak RSS %ld KiB "
           "(Argon2id alone takes 256 MiB; verify re-hashes every attachment)\n",
           t_restore, t_restore / t_cp, peak_restore);

  daybook_test_rm_rf (parent);
  return 0;
}
