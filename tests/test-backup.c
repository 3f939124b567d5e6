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
#include <sodium.h>

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

  f->dir = daybook_test_copy_fast_template ();
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

#define FIXTURE_PASS "fixture passphrase for old backups"
#define FIXTURE_ID "224b690b4567ce7d18b5dfd9260fa8f1"

/* tests/data/backup-format-2.dbk: made by the code before format 3. */
static const char *
fixture_path (void)
{
  return g_test_get_filename (G_TEST_DIST, "data", "backup-format-2.dbk", NULL);
}

static DaybookSecret *
fixture_pass (void)
{
  return daybook_test_secret (FIXTURE_PASS);
}

/* Whether @needle occurs in the first @limit bytes of @hay. */
static gboolean
bytes_contain (GBytes *hay, gsize limit, const void *needle, gsize len)
{
  gsize n = MIN (limit, g_bytes_get_size (hay));
  const guint8 *h = g_bytes_get_data (hay, NULL);

  for (gsize i = 0; i + len <= n; i++)
    if (memcmp (h + i, needle, len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
bytes_contain_nocase (GBytes *hay, gsize limit, const char *needle)
{
  gsize n = MIN (limit, g_bytes_get_size (hay));
  const char *h = g_bytes_get_data (hay, NULL);
  gsize len = strlen (needle);

  for (gsize i = 0; i + len <= n; i++)
    if (g_ascii_strncasecmp (h + i, needle, len) == 0)
      return TRUE;
  return FALSE;
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

  /* Without the passphrase a backup says only its format… */
  g_assert_true (daybook_backup_read_info (backup, &info, &error));
  g_assert_cmpuint (info.version, ==, 3);
  g_assert_cmpuint (info.n_entries, ==, 0);
  g_assert_cmpuint (info.n_attachments, ==, 0);
  g_assert_cmpint (info.created_at, ==, 0);
  g_assert_cmpstr (info.diary_id, ==, "");

  /* Nothing readable in the backup file. */
  g_assert_false (daybook_test_dir_contains (f->scratch, MARKER));

  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", "/nonexistent", "--passphrase-fd",
                                     "0", "restore", backup, restored, NULL),
                   ==, 0);
  /* …the restore says the rest. */
  g_assert_nonnull (strstr (out, "Restored 11 entries from the backup of "));
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
  gsize positions[72];
  guint n = 0;

  /* The seed, the masked key file and its length, the stream's header and
   * first message, the body's first and last messages, and random bytes. */
  for (gsize p = 0; p < 512; p += 23)
    positions[n++] = p;
  positions[n++] = len - 1;
  positions[n++] = len - 17;
  positions[n++] = len - 18;
  positions[n++] = len - 5000;
  positions[n++] = len / 2;
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

/* A forged format 2 backup whose checksum matches but whose evidence does
 * not: it restores only as far as the check, which removes all it wrote and
 * nothing else. */
static void
test_forged_evidence (BackupFixture *f, gconstpointer data)
{
  g_autofree char *forged = g_build_filename (f->scratch, "forged.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autoptr (GBytes) good = daybook_test_read (fixture_path ());
  g_autoptr (DaybookSecret) pass = fixture_pass ();
  gsize len = g_bytes_get_size (good);
  gsize evidence = evidence_offset (g_bytes_get_data (good, NULL));
  /* A byte of the first file's sealed content; a byte of its name. */
  gsize positions[] = { evidence + 4 + 24 + 20, evidence + 4 + 5 };

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

/* An evidence file deleted outside Daybook (which needs no key): the backup
 * still holds everything else and names what it lacks; its restore works
 * and names it too. */
static void
test_evidence_missing (BackupFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autofree char *path = g_build_filename (f->scratch, "missing.dbk", NULL);
  g_autofree char *cli_path = g_build_filename (f->scratch, "cli.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autofree char *restored2 = g_build_filename (f->scratch, "r2", NULL);
  g_autofree char *exported = g_build_filename (f->scratch, "exported", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (DaybookAttachment) gone = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) original = NULL;
  g_autoptr (GBytes) copy = NULL;
  g_auto (GStrv) missing = NULL;
  g_auto (GStrv) restored_missing = NULL;
  DaybookBackupInfo info;

  /* The photo's evidence file goes. */
  gone = daybook_diary_get_attachment (diary, f->ids[1], &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("Exhibit %s (attachment %" G_GINT64_FORMAT ")",
                              daybook_attachment_get_mark (gone), f->ids[1]);
  {
    g_autoptr (GPtrArray) files = daybook_test_list_evidence (f->dir);

    g_assert_cmpuint (files->len, ==, 2);
    for (guint i = 0; i < files->len; i++)
      {
        g_autoptr (GBytes) before = daybook_test_read (files->pdata[i]);

        /* Sealed under its own key: find it by size, the photo's is the
         * larger. */
        if (g_bytes_get_size (before) > 3 * DAYBOOK_ATTACHMENT_CHUNK_SIZE)
          g_assert_cmpint (g_unlink (files->pdata[i]), ==, 0);
      }
    g_clear_pointer (&files, g_ptr_array_unref);
    files = daybook_test_list_evidence (f->dir);
    g_assert_cmpuint (files->len, ==, 1);
  }

  g_assert_true (daybook_diary_backup_full (diary, path, FALSE, &missing, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (missing);
  g_assert_cmpuint (g_strv_length (missing), ==, 1);
  g_assert_cmpstr (missing[0], ==, expected);
  daybook_diary_close (diary);

  /* The restore works, says what it lacks, and every other byte is there. */
  g_assert_true (
      daybook_backup_restore_full (path, restored, pass, &info, &restored_missing, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.version, ==, 3);
  g_assert_cmpuint (info.n_entries, ==, 11);
  g_assert_cmpuint (info.n_attachments, ==, N_ORIGINALS);
  g_assert_cmpuint (g_strv_length (restored_missing), ==, 1);
  g_assert_cmpstr (restored_missing[0], ==, expected);
  g_clear_object (&diary);
  diary = daybook_test_open (restored);
  g_assert_cmpuint (daybook_diary_count_incidents (diary), ==, 11);
  g_assert_true (daybook_diary_export_attachment (diary, f->ids[0], exported, TRUE, NULL, &error));
  g_assert_no_error (error);
  original = daybook_test_read (f->originals[0]);
  copy = daybook_test_read (exported);
  g_assert_true (g_bytes_equal (original, copy));
  g_assert_false (daybook_diary_export_attachment (diary, f->ids[1], exported, TRUE, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  daybook_diary_close (diary);

  /* The command line: exit 0, the sentence on stderr naming the exhibit. */
  g_assert_cmpint (daybook_test_cli (PASS, &out, &err, "--diary", f->dir, "--passphrase-fd", "0",
                                     "backup", cli_path, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "Backed up 11 entries"));
  g_assert_nonnull (strstr (err, expected));
  g_assert_nonnull (strstr (err, "missing from the diary folder"));
  g_assert_null (strstr (err, MARKER));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (daybook_test_cli (PASS, &out, &err, "--passphrase-fd", "0", "restore", cli_path,
                                     restored2, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "The restored diary verifies"));
  g_assert_nonnull (strstr (err, expected));
}

/* Format 2, written by the code before format 3 (tests/data): it still
 * lists and restores, every byte of its content checked. */
static void
test_format_2_fixture (BackupFixture *f, gconstpointer data)
{
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autofree char *exported = g_build_filename (f->scratch, "exported", NULL);
  g_autoptr (DaybookSecret) pass = fixture_pass ();
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (DaybookIncident) one = NULL;
  g_autoptr (DaybookIncident) two = NULL;
  g_auto (GStrv) missing = NULL;
  g_autofree char *out = NULL;
  g_autofree char *input = g_strconcat (FIXTURE_PASS, "\n", NULL);
  const char *originals[] = { "fixture-note.txt", "fixture-photo.bin" };
  const char *marks[] = { "EX/1", "EX/2" };
  DaybookBackupInfo info;

  g_assert_true (daybook_backup_read_info (fixture_path (), &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.version, ==, 2);
  g_assert_cmpstr (info.diary_id, ==, FIXTURE_ID);
  g_assert_cmpuint (info.n_entries, ==, 2);
  g_assert_cmpuint (info.n_attachments, ==, 2);

  g_assert_true (
      daybook_backup_restore_full (fixture_path (), restored, pass, &info, &missing, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (missing), ==, 0);
  g_assert_cmpuint (info.version, ==, 2);
  g_assert_cmpstr (info.diary_id, ==, FIXTURE_ID);

  diary = daybook_diary_open (restored, pass, &error);
  g_assert_no_error (error);
  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (daybook_diary_count_incidents (diary), ==, 2);
  one = daybook_diary_get_incident (diary, 1, &error);
  g_assert_no_error (error);
  two = daybook_diary_get_incident (diary, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (one), ==, "Fixture entry one");
  g_assert_cmpstr (daybook_incident_get_narrative (one), ==,
                   "He waited by the gate. FIXTURE-MARKER-ONE");
  g_assert_cmpint (daybook_incident_get_start (one)->utc, ==, 1793525400);
  g_assert_cmpstr (daybook_incident_get_title (two), ==, "Fixture entry two");
  g_assert_cmpstr (daybook_incident_get_narrative (two), ==,
                   "Three calls from a withheld number. FIXTURE-MARKER-TWO");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (DaybookAttachment) a = daybook_diary_get_attachment (diary, i + 1, &error);
      g_autoptr (GBytes) original = NULL;
      g_autoptr (GBytes) copy = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (daybook_attachment_get_mark (a), ==, marks[i]);
      g_assert_true (daybook_diary_export_attachment (diary, i + 1, exported, TRUE, NULL, &error));
      g_assert_no_error (error);
      original = daybook_test_read (g_test_get_filename (G_TEST_DIST, "data", originals[i], NULL));
      copy = daybook_test_read (exported);
      g_assert_true (g_bytes_equal (original, copy));
    }
  daybook_diary_close (diary);

  /* And the command line says when it was made and how many entries. */
  daybook_test_rm_rf (restored);
  g_assert_cmpint (daybook_test_cli (input, &out, NULL, "--passphrase-fd", "0", "restore",
                                     fixture_path (), restored, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "Restored 2 entries from the backup of 2026-12-05"));
}

/* Format 1, from before evidence files, still parses: the fixture without
 * its evidence section restores, the two exhibits named as missing. */
static void
test_version_1 (BackupFixture *f, gconstpointer data)
{
  g_autofree char *old = g_build_filename (f->scratch, "old.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autoptr (GBytes) v2 = daybook_test_read (fixture_path ());
  g_autoptr (DaybookSecret) pass = fixture_pass ();
  g_autoptr (GByteArray) v1 = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) missing = NULL;
  const guint8 *data2 = g_bytes_get_data (v2, NULL);
  gsize evidence = evidence_offset (data2);
  DaybookBackupInfo info;

  g_byte_array_append (v1, data2, evidence);
  g_byte_array_append (v1, data2, 32); /* the trailer's room */
  v1->data[16] = 1;
  reseal (v1->data, v1->len);
  g_assert_true (g_file_set_contents (old, (char *)v1->data, v1->len, NULL));

  g_assert_true (daybook_backup_read_info (old, &info, &error));
  g_assert_cmpuint (info.version, ==, 1);
  g_assert_true (daybook_backup_restore_full (old, restored, pass, NULL, &missing, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (missing), ==, 2);
  g_assert_cmpstr (missing[0], ==, "Exhibit EX/1 (attachment 1)");
  g_assert_cmpstr (missing[1], ==, "Exhibit EX/2 (attachment 2)");
}

static void
test_other_version (BackupFixture *f, gconstpointer data)
{
  g_autofree char *backup = g_build_filename (f->scratch, "other.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autoptr (GBytes) fixture = daybook_test_read (fixture_path ());
  g_autofree char *err = NULL;
  g_autofree char *input = g_strconcat (FIXTURE_PASS, "\n", NULL);

  g_assert_true (g_file_set_contents (backup, g_bytes_get_data (fixture, NULL),
                                      g_bytes_get_size (fixture), NULL));
  daybook_test_flip_byte (backup, 16); /* the format version */
  g_assert_cmpint (daybook_test_cli (input, NULL, &err, "--passphrase-fd", "0", "restore", backup,
                                     restored, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "version"));
  g_assert_false (g_file_test (restored, G_FILE_TEST_EXISTS));
}

/* Nothing in a new backup's first KB names the app, the diary, the time,
 * or the counts: not in clear, not as text. */
static void
test_no_metadata_in_clear (BackupFixture *f, gconstpointer data)
{
  g_autofree char *folder = g_build_filename (f->scratch, "B", NULL);
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *id_hex = daybook_diary_dup_id (diary);
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *iso_day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *year = g_date_time_format (now, "%Y");
  guint8 id[16];
  guint8 counts[8] = { 11, 0, 0, 0, N_ORIGINALS, 0, 0, 0 };
  gint64 t = g_date_time_to_unix (now);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  path = daybook_diary_backup_to_folder (diary, folder, 3, NULL, &error);
  g_assert_no_error (error);
  base = g_path_get_basename (path);
  g_assert_null (strstr (base, "daybook"));
  g_assert_null (strstr (base, "dbk"));
  g_assert_true (g_str_has_suffix (base, ".bak"));

  bytes = daybook_test_read (path);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 1024);
  g_assert_false (bytes_contain_nocase (bytes, 1024, "daybook"));
  g_assert_false (bytes_contain_nocase (bytes, 1024, "backup"));
  g_assert_false (bytes_contain_nocase (bytes, 1024, id_hex));
  g_assert_false (bytes_contain_nocase (bytes, 1024, iso_day));
  g_assert_false (bytes_contain_nocase (bytes, 1024, year));
  g_assert_cmpuint (sodium_hex2bin (id, sizeof id, id_hex, 32, NULL, NULL, NULL), ==, 0);
  g_assert_false (bytes_contain (bytes, 1024, id, sizeof id));
  g_assert_false (bytes_contain (bytes, 1024, id, 4));
  g_assert_false (bytes_contain (bytes, 1024, counts, sizeof counts));
  for (gint64 s = t - 10; s <= t + 10; s++)
    {
      guint8 le[4];

      for (int i = 0; i < 4; i++)
        le[i] = (s >> (8 * i)) & 0xff;
      g_assert_false (bytes_contain (bytes, 1024, le, sizeof le));
    }
  /* Nor anywhere in the file the markers in entries and exhibits. */
  g_assert_false (daybook_test_dir_contains (folder, MARKER));
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

/* Copies @from to @folder/@name. */
static char *
plant (const char *folder, const char *name, const void *data, gsize len)
{
  char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

static guint
count_files (const char *folder)
{
  g_autoptr (GDir) d = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* The attack from the issue and more: files planted in the backup folder
 * under backup-like names must never make rotation delete a real backup,
 * and are themselves left alone. */
static void
test_rotation_planted (BackupFixture *f, gconstpointer data)
{
  g_autofree char *folder = g_build_filename (f->scratch, "B", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "r", NULL);
  g_autofree char *other_parent = daybook_test_make_tmpdir ();
  g_autofree char *other_dir = g_build_filename (other_parent, "other", NULL);
  g_autofree char *other_backup = g_build_filename (f->scratch, "other.bak", NULL);
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) junk = NULL;
  g_autoptr (GBytes) own = NULL;
  g_autoptr (GBytes) own_older = NULL;
  g_autoptr (GBytes) other = NULL;
  g_autoptr (GBytes) fixture = daybook_test_read (fixture_path ());
  g_autoptr (GPtrArray) planted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) planted_bytes
      = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autofree char *older = NULL, *old = NULL;
  g_autofree char *out = NULL, *err = NULL, *written = NULL;
  guint8 random[64];
  const char *line;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  /* Two real backups of this diary, from the past. */
  older = g_build_filename (folder, "2020-01-01-000000.bak", NULL);
  old = g_build_filename (folder, "2020-01-02-000000.bak", NULL);
  g_assert_true (daybook_diary_backup (diary, older, FALSE, NULL, &error));
  g_assert_true (daybook_diary_backup (diary, old, FALSE, NULL, &error));
  g_assert_no_error (error);
  own = daybook_test_read (old);
  own_older = daybook_test_read (older);

  /* Another diary's backup (not a copy of the template: that is this
   * diary, key and all). */
  {
    g_autoptr (DaybookSecret) other_pass = daybook_test_secret (TEST_PASSPHRASE);
    g_autoptr (DaybookSecret) code = NULL;
    g_autoptr (DaybookDiary) o = daybook_diary_create (other_dir, other_pass, &code, &error);

    g_assert_no_error (error);
    g_assert_true (daybook_diary_backup (o, other_backup, FALSE, NULL, &error));
    g_assert_no_error (error);
  }
  other = daybook_test_read (other_backup);

  randombytes_buf (random, sizeof random);
  junk = g_bytes_new (random, sizeof random);
  /* 64-byte junk under the names from the issue, and under new-style names
   * newer than the real backups. */
  g_ptr_array_add (planted, plant (folder, "daybook-zzzz-a.dbk", random, 64));
  g_ptr_array_add (planted, plant (folder, "daybook-zzzz-b.dbk", random, 64));
  g_ptr_array_add (planted, plant (folder, "2020-01-03-000000.bak", random, 64));
  g_ptr_array_add (planted, plant (folder, "daybook-2020-01-03-000000.dbk", random, 64));
  /* Another diary's real backup, whole, and its start on its own. */
  g_ptr_array_add (planted, plant (folder, "2020-01-04-000000.bak", g_bytes_get_data (other, NULL),
                                   g_bytes_get_size (other)));
  g_ptr_array_add (planted,
                   plant (folder, "2020-01-05-000000.bak", g_bytes_get_data (other, NULL), 1024));
  /* An old-format backup of another diary, whole. */
  g_ptr_array_add (planted, plant (folder, "daybook-2020-01-06-000000.dbk",
                                   g_bytes_get_data (fixture, NULL), g_bytes_get_size (fixture)));
  /* A cut copy of this diary's own backup: its start authenticates, it is
   * not whole. */
  g_ptr_array_add (planted, plant (folder, "2020-01-07-000000.bak", g_bytes_get_data (own, NULL),
                                   g_bytes_get_size (own) - 100));
  /* Names with a time in the future, holding this diary's own backups:
   * taken for the newest, they would push out the real 2020-01-02. */
  g_ptr_array_add (planted,
                   plant (folder, "2099-01-01-000000.bak", g_bytes_get_data (own_older, NULL),
                          g_bytes_get_size (own_older)));
  g_ptr_array_add (planted, plant (folder, "daybook-2099-01-01-000000.dbk",
                                   g_bytes_get_data (own, NULL), g_bytes_get_size (own)));
  /* Near misses of the name pattern. */
  g_ptr_array_add (planted, plant (folder, "2020-01-08-000000.bak.bak",
                                   g_bytes_get_data (own, NULL), g_bytes_get_size (own)));
  g_ptr_array_add (planted, plant (folder, "2020-13-01-000000.bak", g_bytes_get_data (own, NULL),
                                   g_bytes_get_size (own)));
  for (guint i = 0; i < planted->len; i++)
    g_ptr_array_add (planted_bytes, daybook_test_read (planted->pdata[i]));
  daybook_diary_close (diary);

  g_assert_cmpint (daybook_test_cli (PASS, &out, &err, "--diary", f->dir, "--passphrase-fd", "0",
                                     "backup", "--folder", folder, "--keep", "2", NULL),
                   ==, 0);
  g_assert_true (err == NULL || *err == 0);
  line = strstr (out, " to ");
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, ".\n"));
  /* The path ends the line, before its ".\n"; the fingerprint follows. */
  written = g_strndup (line + 4, strstr (line, ".\n") - (line + 4));
  g_assert_true (g_str_has_prefix (written, folder));

  /* The new backup exists, the newest real older one too; the oldest real
   * one went, and every planted file is there, byte for byte. */
  g_assert_true (g_file_test (written, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (old, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (older, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < planted->len; i++)
    {
      g_autoptr (GBytes) now = daybook_test_read (planted->pdata[i]);

      g_assert_true (g_bytes_equal (now, planted_bytes->pdata[i]));
    }
  g_assert_cmpuint (count_files (folder), ==, planted->len + 2);

  /* And the new one restores. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--passphrase-fd", "0", "restore", written,
                                     restored, NULL),
                   ==, 0);
  assert_originals (f, restored);

  /* With --keep 1 the backup just written is the one kept: the last real
   * older one goes, the planted ones still stay. */
  g_usleep (1100 * 1000); /* names are per second */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (daybook_test_cli (PASS, &out, NULL, "--diary", f->dir, "--passphrase-fd", "0",
                                     "backup", "--folder", folder, "--keep", "1", NULL),
                   ==, 0);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (written, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (folder), ==, planted->len + 1);
  for (guint i = 0; i < planted->len; i++)
    g_assert_true (g_file_test (planted->pdata[i], G_FILE_TEST_IS_REGULAR));

  daybook_test_rm_rf (other_parent);
}

/* Backups from before format 3, named daybook-….dbk, prove to be this
 * diary's only by holding its key file as it is now. Opening the diary
 * rewrites a version 1 key file as version 2, so backups made before that
 * no longer prove anything: rotation keeps them (and a damaged one), and
 * counts only what it can prove. Nothing unproven is ever deleted. */
static void
test_rotation_old_names (BackupFixture *f, gconstpointer data)
{
  g_autofree char *folder = g_build_filename (f->scratch, "B", NULL);
  g_autofree char *dir = g_build_filename (f->scratch, "fixture", NULL);
  g_autoptr (GBytes) fixture = daybook_test_read (fixture_path ());
  g_autoptr (DaybookSecret) pass = fixture_pass ();
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *damaged = NULL, *path = NULL;
  g_autofree guint8 *copy = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (daybook_backup_restore (fixture_path (), dir, pass, NULL, &error));
  g_assert_no_error (error);
  diary = daybook_diary_open (dir, pass, &error);
  g_assert_no_error (error);

  a = plant (folder, "daybook-2026-11-03-000000.dbk", g_bytes_get_data (fixture, NULL),
             g_bytes_get_size (fixture));
  b = plant (folder, "daybook-2026-11-04-000000.dbk", g_bytes_get_data (fixture, NULL),
             g_bytes_get_size (fixture));
  /* b is a copy of a: they count as one backup. A damaged copy, newer,
   * proves nothing and stays. */
  copy = g_memdup2 (g_bytes_get_data (fixture, NULL), g_bytes_get_size (fixture));
  copy[5000] ^= 1;
  damaged = plant (folder, "daybook-2026-11-05-000000.dbk", copy, g_bytes_get_size (fixture));

  path = daybook_diary_backup_to_folder (diary, folder, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (a, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (b, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (damaged, G_FILE_TEST_EXISTS));
  g_clear_pointer (&path, g_free);

  g_usleep (1100 * 1000); /* names are per second */
  path = daybook_diary_backup_to_folder (diary, folder, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (a, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (b, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (damaged, G_FILE_TEST_EXISTS));
  /* Of the two new backups, proven this diary's, only the newest stays. */
  g_assert_cmpuint (count_files (folder), ==, 4);
  daybook_diary_close (diary);
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
  ADD ("/backup/format-2-fixture", test_format_2_fixture);
  ADD ("/backup/no-metadata-in-clear", test_no_metadata_in_clear);
  ADD ("/backup/rotation-planted", test_rotation_planted);
  ADD ("/backup/rotation-old-names", test_rotation_old_names);
  ADD ("/backup/version-1", test_version_1);

  return g_test_run ();
}
