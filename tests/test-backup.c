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

#include "daybook-attachment.h"
#include "daybook-backup.h"
#include "daybook-blob.h"
#include "daybook-error.h"
#include "daybook-test-util.h"

#define PASS TEST_PASSPHRASE "\n"
#define MARKER "QJXZ-backup-marker-2718"
#define N_ORIGINALS 2
#define WITH_EVIDENCE GINT_TO_POINTER (1)

typedef struct
{
  char *dir;                    /* the diary */
  char *scratch;                /* backups and restores go here */
  char *originals[N_ORIGINALS]; /* attached files, with WITH_EVIDENCE */
  gint64 ids[N_ORIGINALS];
} BackupFixture;

/* A note that names the marker, and a photo of several chunks. */
static void
add_originals (BackupFixture *f, DaybookDiary *diary)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  gsize photo_len = 3 * DAYBOOK_ATTACHMENT_CHUNK_SIZE + 1000;
  g_autofree guint8 *photo = g_malloc (photo_len);
  const char *note = "What was said at the door. " MARKER;

  for (gsize i = 0; i < photo_len; i++)
    photo[i] = (guint8)g_test_rand_int ();
  f->originals[0] = g_build_filename (parent, "note.txt", NULL);
  f->originals[1] = g_build_filename (parent, "photo.bin", NULL);
  g_assert_true (g_file_set_contents (f->originals[0], note, -1, NULL));
  g_assert_true (g_file_set_contents (f->originals[1], (char *)photo, photo_len, NULL));

  for (guint i = 0; i < N_ORIGINALS; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DaybookAttachment) attachment = NULL;

      attachment = daybook_diary_import_attachment (diary, f->originals[i], 1, NULL, NULL, NULL,
                                                    NULL, &error);
      g_assert_no_error (error);
      f->ids[i] = daybook_attachment_get_id (attachment);
    }
}

static void
backup_setup (BackupFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;

  f->dir = daybook_test_copy_template ();
  f->scratch = daybook_test_make_tmpdir ();

  diary = daybook_test_open (f->dir);
  for (int i = 0; i < 12; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      g_autofree char *title = g_strdup_printf ("Entry %d " MARKER, i);
      DaybookWhen when = { 1767261600 + i * 86400, 0, (char *)"Europe/London" };

      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, title);
      daybook_incident_set_narrative (incident, "What happened, in detail. " MARKER);
      daybook_incident_add_person (incident, "Person " MARKER, DAYBOOK_ROLE_SUSPECT);
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
    }
  g_assert_true (daybook_diary_delete_incident (diary, 3, &error));
  if (data == WITH_EVIDENCE)
    add_originals (f, diary);
  daybook_diary_close (diary);
}

static void
backup_teardown (BackupFixture *f, gconstpointer data)
{
  daybook_test_rm_copy (f->dir);
  daybook_test_rm_rf (f->scratch);
  g_free (f->dir);
  g_free (f->scratch);
  for (guint i = 0; i < N_ORIGINALS; i++)
    g_free (f->originals[i]);
}

/* The diary in @dir verifies, holds the evidence files privately, and
 * gives back each original exactly. */
static void
assert_originals (BackupFixture *f, const char *dir)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) files = daybook_test_list_evidence (dir);
  g_autofree char *folder = g_build_filename (dir, DAYBOOK_BLOB_DIR, NULL);
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_cmpuint (files->len, ==, N_ORIGINALS);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  for (guint i = 0; i < files->len; i++)
    {
      g_assert_false (g_str_has_suffix (files->pdata[i], ".part"));
      g_assert_cmpint (g_stat (files->pdata[i], &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  for (guint i = 0; i < N_ORIGINALS; i++)
    {
      g_autofree char *out = g_build_filename (parent, "exported", NULL);
      g_autoptr (GBytes) original = daybook_test_read (f->originals[i]);
      g_autoptr (GBytes) copy = NULL;

      g_assert_true (daybook_diary_export_attachment (diary, f->ids[i], out, TRUE, NULL, &error));
      g_assert_no_error (error);
      copy = daybook_test_read (out);
      g_assert_true (g_bytes_equal (original, copy));
    }
}

static gsize
evidence_offset (const guint8 *backup)
{
  guint32 keys_len;
  guint64 db_len;

  memcpy (&keys_len, backup + 52, sizeof keys_len);
  memcpy (&db_len, backup + 56, sizeof db_len);
  return 64 + GUINT32_FROM_LE (keys_len) + GUINT64_FROM_LE (db_len);
}

/* Makes the trailer match the bytes again, as a forger would. */
static void
reseal (guint8 *backup, gsize len)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize digest_len = 32;

  g_checksum_update (sum, backup, len - 32);
  g_checksum_get_digest (sum, backup + len - 32, &digest_len);
}

static void
assert_nothing_restored (const char *restored, gboolean existed)
{
  if (existed)
    {
      g_autoptr (GDir) d = g_dir_open (restored, 0, NULL);

      g_assert_nonnull (d);
      g_assert_null (g_dir_read_name (d));
    }
  else
    g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
}

static char *
list_json (const char *dir)
{
  char *out = NULL;

  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", dir, "--passphrase-fd", "0",
                                     "list", "--json", NULL),
                   ==, 0);
  return out;
}

static char *
make_backup (BackupFixture *f)
{
  char *path = g_build_filename (f->scratch, "diary.dbk", NULL);

  g_assert_cmpint (daybook_test_cli (PASS, NULL, NULL, "--diary", f->dir, "--passphrase-fd", "0",
                                     "backup", path, NULL),
                   ==, 0);
  return path;
}

static void
test_round_trip (BackupFixture *f, gconstpointer data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *restored = g_build_filename (f->scratch, "restored", NULL);
  g_autofree char *before = list_json (f->dir);
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  DaybookBackupInfo info;
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_backup_read_info (backup, &info, &error));
  g_assert_cmpuint (info.n_entries, ==, 11);
  g_assert_cmpuint (info.n_attachments, ==, N_ORIGINALS);
  g_assert_cmpuint (info.version, ==, 2);

  /* Nothing readable in the backup file. */
  g_assert_false (daybook_test_dir_contains (f->scratch, MARKER));

  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", "/nonexistent", "--passphrase-fd",
                                     "0", "restore", backup, restored, NULL),
                   ==, 0);
  after = list_json (restored);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", restored, "--passphrase-fd", "0",
                                     "verify", NULL),
                   ==, 0);

  /* The history came too: the deleted entry's tombstone and all. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", restored, "--passphrase-fd", "0",
                                     "show", "3", "--history", "--json", NULL),
                   ==, 0);
  {
    g_autoptr (JsonParser) parser = json_parser_new ();
    JsonObject *shown;
    JsonArray *history;

    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    shown = json_node_get_object (json_parser_get_root (parser));
    g_assert_true (json_object_get_boolean_member (shown, "deleted"));
    history = json_object_get_array_member (shown, "history");
    g_assert_cmpuint (json_array_get_length (history), >=, 2);
    g_assert_cmpstr (
        json_object_get_string_member (json_array_get_object_element (history, 0), "action"), ==,
        "create");
    g_assert_cmpstr (
        json_object_get_string_member (
            json_array_get_object_element (history, json_array_get_length (history) - 1), "action"),
        ==, "delete");
  }

  /* And the evidence files, each original exactly as it was. */
  assert_originals (f, restored);
}

static void
test_backup_while_open (BackupFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->scratch, "live.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
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
test_refuses_overwrite (BackupFixture *f, gconstpointer data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *err = NULL;
  g_autoptr (GBytes) before = daybook_test_read (backup);
  g_autoptr (GBytes) after = NULL;

  /* backup will not replace a file by accident… */
  g_assert_cmpint (daybook_test_cli (PASS, NULL, &err, "--diary", f->dir, "--passphrase-fd", "0",
                                     "backup", backup, NULL),
                   ==, 2);
  after = daybook_test_read (backup);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&err, g_free);

  /* …and restore never writes over a diary, or into a folder with anything in it. */
  g_assert_cmpint (
      daybook_test_cli (PASS, NULL, &err, "--passphrase-fd", "0", "restore", backup, f->dir, NULL),
      ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (daybook_test_cli (PASS, NULL, &err, "--passphrase-fd", "0", "restore", backup,
                                     f->scratch, NULL),
                   ==, 1);
}

static void
test_wrong_passphrase (BackupFixture *f, gconstpointer data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);

  g_assert_cmpint (daybook_test_cli ("not it\n", NULL, NULL, "--passphrase-fd", "0", "restore",
                                     backup, restored, NULL),
                   ==, 3);
  g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
}

/* Every byte matters: flip one anywhere, or cut the file anywhere, and the
 * restore refuses before writing a thing. */
static void
test_damaged_backups (BackupFixture *f, gconstpointer data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *damaged = g_build_filename (f->scratch, "damaged.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autoptr (GBytes) good = daybook_test_read (backup);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  gsize len = g_bytes_get_size (good);
  g_autofree char *copy = g_memdup2 (g_bytes_get_data (good, NULL), len);
  gsize evidence = evidence_offset (g_bytes_get_data (good, NULL));
  gsize positions[72];
  guint n = 0;

  /* The header, the key file, the database, the evidence (its count, a
   * name, a length, a file's header and bytes) and the trailer, and
   * random bytes. */
  for (gsize p = 0; p < 128; p += 9)
    positions[n++] = p;
  positions[n++] = evidence;
  positions[n++] = evidence + 4;
  positions[n++] = evidence + 4 + 16;
  positions[n++] = evidence + 4 + 24 + 10;
  positions[n++] = evidence + 4 + 24 + 5000;
  positions[n++] = len - 33;
  positions[n++] = len - 1;
  positions[n++] = len - 20;
  while (n < G_N_ELEMENTS (positions))
    positions[n++] = g_test_rand_int_range (0, (gint32)len);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;

      copy[positions[i]] ^= 0x10;
      g_assert_true (g_file_set_contents (damaged, copy, len, NULL));
      copy[positions[i]] ^= 0x10;

      g_assert_false (daybook_backup_restore (damaged, restored, pass, NULL, &error));
      g_assert_nonnull (error);
      g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
    }

  for (gsize cut = 0; cut < len; cut += len / 23 + 1)
    {
      g_autoptr (GError) error = NULL;

      g_assert_true (g_file_set_contents (damaged, copy, cut, NULL));
      g_assert_false (daybook_backup_restore (damaged, restored, pass, NULL, &error));
      g_assert_nonnull (error);
      g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
    }
}

/* A forged backup whose checksum matches but whose evidence does not: it
 * restores only as far as the check, which removes all it wrote and
 * nothing else. */
static void
test_forged_evidence (BackupFixture *f, gconstpointer data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *forged = g_build_filename (f->scratch, "forged.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autoptr (GBytes) good = daybook_test_read (backup);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  gsize len = g_bytes_get_size (good);
  gsize evidence = evidence_offset (g_bytes_get_data (good, NULL));
  /* A byte of the first file's sealed content; a byte of its name. */
  gsize positions[] = { evidence + 4 + 24 + 64 + 3, evidence + 4 + 5 };

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    for (guint existed = 0; existed < 2; existed++)
      {
        g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (good, NULL), len);
        g_autoptr (GError) error = NULL;

        copy[positions[i]] ^= 0x01;
        reseal (copy, len);
        g_assert_true (g_file_set_contents (forged, (char *)copy, len, NULL));
        if (existed)
          g_assert_cmpint (g_mkdir (restored, 0700), ==, 0);

        g_assert_false (daybook_backup_restore (forged, restored, pass, NULL, &error));
        g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
        g_assert_nonnull (strstr (error->message, "does not verify"));
        assert_nothing_restored (restored, existed);
        g_rmdir (restored);
      }
}

/* An import committed but not yet renamed: its `.part` file is backed up. */
static void
test_evidence_part (BackupFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GPtrArray) files = daybook_test_list_evidence (f->dir);
  g_autofree char *part = g_strconcat (files->pdata[0], ".part", NULL);
  g_autofree char *path = g_build_filename (f->scratch, "part.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_rename (files->pdata[0], part), ==, 0);
  g_assert_true (daybook_diary_backup (diary, path, FALSE, NULL, &error));
  g_assert_no_error (error);
  daybook_diary_close (diary);

  g_assert_true (daybook_backup_restore (path, restored, pass, NULL, &error));
  g_assert_no_error (error);
  assert_originals (f, restored);
}

/* A missing evidence file: no backup, with a clear error, and no partial
 * file left. */
static void
test_evidence_missing (BackupFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GPtrArray) files = daybook_test_list_evidence (f->dir);
  g_autofree char *path = g_build_filename (f->scratch, "missing.dbk", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = NULL;

  g_assert_cmpint (g_unlink (files->pdata[1]), ==, 0);
  g_assert_false (daybook_diary_backup (diary, path, FALSE, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "missing"));

  d = g_dir_open (f->scratch, 0, NULL);
  g_assert_null (g_dir_read_name (d));
}

/* Format 1, from before evidence files, still restores. */
static void
test_version_1 (BackupFixture *f, gconstpointer data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *old = g_build_filename (f->scratch, "old.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autofree char *before = list_json (f->dir);
  g_autofree char *after = NULL;
  g_autoptr (GBytes) v2 = daybook_test_read (backup);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (GByteArray) v1 = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  const guint8 *data2 = g_bytes_get_data (v2, NULL);
  gsize evidence = evidence_offset (data2);
  DaybookBackupInfo info;

  /* Without attachments the evidence section is a count of zero: drop it. */
  g_assert_cmpint (
      data2[evidence] | data2[evidence + 1] | data2[evidence + 2] | data2[evidence + 3], ==, 0);
  g_byte_array_append (v1, data2, evidence);
  g_byte_array_append (v1, data2 + evidence + 4, g_bytes_get_size (v2) - evidence - 4);
  v1->data[16] = 1;
  reseal (v1->data, v1->len);
  g_assert_true (g_file_set_contents (old, (char *)v1->data, v1->len, NULL));

  g_assert_true (daybook_backup_read_info (old, &info, &error));
  g_assert_cmpuint (info.version, ==, 1);
  g_assert_true (daybook_backup_restore (old, restored, pass, NULL, &error));
  g_assert_no_error (error);
  after = list_json (restored);
  g_assert_cmpstr (before, ==, after);
}

static void
test_other_version (BackupFixture *f, gconstpointer data)
{
  g_autofree char *backup = make_backup (f);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autofree char *err = NULL;

  daybook_test_flip_byte (backup, 16); /* the format version */
  g_assert_cmpint (daybook_test_cli (PASS, NULL, &err, "--passphrase-fd", "0", "restore", backup,
                                     restored, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "version"));
  g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
}

static void
test_folder_keeps_last (BackupFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->scratch, "unplugged", NULL);
  g_autofree char *last = NULL;
  g_autoptr (GDir) d = NULL;
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
test_disk_full (BackupFixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->scratch, "full.dbk", NULL);
  g_autofree char *input = g_build_filename (f->scratch, "pass", NULL);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GDir) d = NULL;
  g_autofree char *verify = NULL;
  const char *name;

  g_assert_true (g_file_set_contents (input, PASS, -1, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
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
  g_assert_cmpint (daybook_test_cli (PASS, &verify, NULL, "--diary", f->dir, "--passphrase-fd", "0",
                                     "verify", NULL),
                   ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn)                                                                              \
  g_test_add (path, BackupFixture, WITH_EVIDENCE, backup_setup, fn, backup_teardown)
  ADD ("/backup/round-trip", test_round_trip);
  ADD ("/backup/while-open", test_backup_while_open);
  ADD ("/backup/refuses-overwrite", test_refuses_overwrite);
  ADD ("/backup/wrong-passphrase", test_wrong_passphrase);
  ADD ("/backup/damaged", test_damaged_backups);
  ADD ("/backup/forged-evidence", test_forged_evidence);
  ADD ("/backup/evidence-part", test_evidence_part);
  ADD ("/backup/evidence-missing", test_evidence_missing);
  ADD ("/backup/other-version", test_other_version);
  ADD ("/backup/folder", test_folder_keeps_last);
  ADD ("/backup/disk-full", test_disk_full);
  g_test_add ("/backup/version-1", BackupFixture, NULL, backup_setup, test_version_1,
              backup_teardown);

  return g_test_run ();
}
