/* test-backup.c — backups and verified restores
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "daybook-backup.h"
#include "daybook-error.h"
#include "daybook-test-util.h"

#define PASS TEST_PASSPHRASE "\n"
#define MARKER "QJXZ-backup-marker-2718"

typedef struct
{
  char *dir;     /* the diary */
  char *scratch; /* backups and restores go here */
} BackupFixture;

static void
backup_setup (BackupFixture *f,
              gconstpointer  data)
{
  g_autoptr(DaybookDiary) diary = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = daybook_test_copy_template ();
  f->scratch = daybook_test_make_tmpdir ();

  diary = daybook_test_open (f->dir);
  for (int i = 0; i < 12; i++)
    {
      g_autoptr(DaybookIncident) incident = daybook_incident_new ();
      g_autofree char *title = g_strdup_printf ("Entry %d " MARKER, i);
      DaybookWhen when = { 1767261600 + i * 86400, 0, (char *) "Europe/London" };

      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, title);
      daybook_incident_set_narrative (incident, "What happened, in detail. " MARKER);
      daybook_incident_add_person (incident, "Person " MARKER, DAYBOOK_ROLE_SUSPECT);
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
    }
  g_assert_true (daybook_diary_delete_incident (diary, 3, &error));
  daybook_diary_close (diary);
}

static void
backup_teardown (BackupFixture *f,
                 gconstpointer  data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  daybook_test_rm_rf (parent);
  daybook_test_rm_rf (f->scratch);
  g_free (f->dir);
  g_free (f->scratch);
}

static char *
list_json (const char *dir)
{
  char *out = NULL;

  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", dir, "--passphrase-fd", "0", "list", "--json", NULL), ==, 0);
  return out;
}

static char *
make_backup (BackupFixture *f)
{
  char *path = g_build_filename (f->scratch, "diary.dbk", NULL);

  g_assert_cmpint (daybook_test_cli (PASS, NULL, NULL, "--diary", f->dir, "--passphrase-fd", "0", "backup", path, NULL), ==, 0);
  return path;
}

static void
test_round_trip (BackupFixture *f,
                 gconstpointer  data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *restored = g_build_filename (f->scratch, "restored", NULL);
  g_autofree char *before = list_json (f->dir);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  DaybookBackupInfo info;
  g_autoptr(GError) error = NULL;

  g_assert_true (daybook_backup_read_info (backup, &info, &error));
  g_assert_cmpuint (info.n_entries, ==, 11);
  g_assert_cmpuint (info.version, ==, 1);

  /* Nothing readable in the backup file. */
  g_assert_false (daybook_test_dir_contains (f->scratch, MARKER));

  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", "/nonexistent", "--passphrase-fd", "0", "restore",
                                     backup, restored, NULL), ==, 0);
  after = list_json (restored);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", restored, "--passphrase-fd", "0", "verify", NULL), ==, 0);

  /* The history came too: the deleted entry's tombstone and all. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", restored, "--passphrase-fd", "0", "show", "4",
                                     "--history", "--json", NULL), ==, 0);
}

static void
test_backup_while_open (BackupFixture *f,
                        gconstpointer  data)
{
  g_autoptr(DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->scratch, "live.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autoptr(DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr(DaybookIncident) incident = daybook_incident_new ();
  DaybookWhen when = { 1767261600, 0, NULL };

  /* A change still in the write-ahead log is in the backup. */
  daybook_incident_set_start (incident, &when);
  daybook_incident_set_title (incident, "just now");
  g_assert_true (daybook_diary_save_incident (diary, incident, &error));
  g_assert_true (daybook_diary_backup (diary, path, FALSE, NULL, &error));
  g_assert_no_error (error);

  /* And the diary is still usable afterwards. */
  g_clear_object (&incident);
  incident = daybook_incident_new ();
  daybook_incident_set_start (incident, &when);
  g_assert_true (daybook_diary_save_incident (diary, incident, &error));
  daybook_diary_close (diary);

  g_assert_true (daybook_backup_restore (path, restored, pass, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&diary);
  diary = daybook_test_open (restored);
  g_assert_cmpuint (daybook_diary_count_incidents (diary), ==, 12);
}

static void
test_refuses_overwrite (BackupFixture *f,
                        gconstpointer  data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *err = NULL;
  g_autoptr(GBytes) before = daybook_test_read (backup);
  g_autoptr(GBytes) after = NULL;

  /* backup will not replace a file by accident… */
  g_assert_cmpint (daybook_test_cli (PASS, NULL, &err, "--diary", f->dir, "--passphrase-fd", "0", "backup", backup, NULL), ==, 2);
  after = daybook_test_read (backup);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&err, g_free);

  /* …and restore never writes over a diary, or into a folder with anything in it. */
  g_assert_cmpint (daybook_test_cli (PASS, NULL, &err, "--passphrase-fd", "0", "restore", backup, f->dir, NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (daybook_test_cli (PASS, NULL, &err, "--passphrase-fd", "0", "restore", backup, f->scratch, NULL), ==, 1);
}

static void
test_wrong_passphrase (BackupFixture *f,
                       gconstpointer  data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);

  g_assert_cmpint (daybook_test_cli ("not it\n", NULL, NULL, "--passphrase-fd", "0", "restore", backup, restored, NULL), ==, 3);
  g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
}

/* Every byte matters: flip one anywhere, or cut the file anywhere, and the
 * restore refuses before writing a thing. */
static void
test_damaged_backups (BackupFixture *f,
                      gconstpointer  data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *damaged = g_build_filename (f->scratch, "damaged.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autoptr(GBytes) good = daybook_test_read (backup);
  g_autoptr(DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  gsize len = g_bytes_get_size (good);
  g_autofree char *copy = g_memdup2 (g_bytes_get_data (good, NULL), len);
  gsize positions[64];
  guint n = 0;

  /* The header, the key file, the database and the trailer, and random bytes. */
  for (gsize p = 0; p < 128; p += 9)
    positions[n++] = p;
  positions[n++] = len - 1;
  positions[n++] = len - 20;
  while (n < G_N_ELEMENTS (positions))
    positions[n++] = g_test_rand_int_range (0, (gint32) len);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;

      copy[positions[i]] ^= 0x10;
      g_assert_true (g_file_set_contents (damaged, copy, len, NULL));
      copy[positions[i]] ^= 0x10;

      g_assert_false (daybook_backup_restore (damaged, restored, pass, NULL, &error));
      g_assert_nonnull (error);
      g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
    }

  for (gsize cut = 0; cut < len; cut += len / 23 + 1)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (damaged, copy, cut, NULL));
      g_assert_false (daybook_backup_restore (damaged, restored, pass, NULL, &error));
      g_assert_nonnull (error);
      g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
    }
}

static void
test_other_version (BackupFixture *f,
                    gconstpointer  data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autofree char *err = NULL;

  daybook_test_flip_byte (backup, 16); /* the format version */
  g_assert_cmpint (daybook_test_cli (PASS, NULL, &err, "--passphrase-fd", "0", "restore", backup, restored, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "version"));
  g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
}

static void
test_folder_keeps_last (BackupFixture *f,
                        gconstpointer  data)
{
  g_autoptr(DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->scratch, "unplugged", NULL);
  g_autofree char *last = NULL;
  g_autoptr(GDir) d = NULL;
  guint count = 0;

  for (int i = 0; i < 4; i++)
    {
      g_autofree char *path = daybook_diary_backup_to_folder (diary, f->scratch, 2, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (path);
      g_usleep (1100 * 1000); /* names are per second */
    }
  d = g_dir_open (f->scratch, 0, NULL);
  while (g_dir_read_name (d) != NULL)
    count++;
  g_assert_cmpuint (count, ==, 2);
  last = daybook_diary_dup_setting (diary, DAYBOOK_SETTING_LAST_BACKUP);
  g_assert_nonnull (last);

  /* A USB stick that is not there: a clear error. */
  g_assert_null (daybook_diary_backup_to_folder (diary, missing, 2, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);
}

static void
small_disk (gpointer user_data)
{
  struct rlimit limit = { 64 * 1024, 64 * 1024 };

  /* Past the limit write() fails with EFBIG, as on a full disk. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static void
test_disk_full (BackupFixture *f,
                gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->scratch, "full.dbk", NULL);
  g_autofree char *input = g_build_filename (f->scratch, "pass", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GDir) d = NULL;
  g_autofree char *verify = NULL;
  const char *name;

  g_assert_true (g_file_set_contents (input, PASS, -1, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input);
  g_subprocess_launcher_set_child_setup (launcher, small_disk, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DAYBOOK_CLI"), "--diary", f->dir,
                                      "--passphrase-fd", "0", "backup", out, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_true (g_str_has_prefix (err, "daybook-cli: Could not write the backup"));

  /* The partial file is gone; only the passphrase file is in the folder. */
  d = g_dir_open (f->scratch, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_cmpstr (name, ==, "pass");

  /* And the diary is untouched. */
  g_assert_cmpint (daybook_test_cli (PASS, &verify, NULL, "--diary", f->dir, "--passphrase-fd", "0", "verify", NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, BackupFixture, NULL, backup_setup, fn, backup_teardown)
  ADD ("/backup/round-trip", test_round_trip);
  ADD ("/backup/while-open", test_backup_while_open);
  ADD ("/backup/refuses-overwrite", test_refuses_overwrite);
  ADD ("/backup/wrong-passphrase", test_wrong_passphrase);
  ADD ("/backup/damaged", test_damaged_backups);
  ADD ("/backup/other-version", test_other_version);
  ADD ("/backup/folder", test_folder_keeps_last);
  ADD ("/backup/disk-full", test_disk_full);

  return g_test_run ();
}
