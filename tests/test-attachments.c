/* test-attachments.c — evidence attachments through the core API
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gexiv2/gexiv2.h>
#include <glib/gstdio.h>

#include "daybook-attachment.h"
#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"
#include "daybook-test-util.h"

#define CHUNK DAYBOOK_ATTACHMENT_CHUNK_SIZE
#define MARKER "ZQXJ-evidence-marker-2718281828"

typedef struct
{
  char *dir;
  char *files; /* a scratch folder for the originals */
  DaybookDiary *diary;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
  f->files = daybook_test_make_tmpdir ();
  f->diary = daybook_test_open (f->dir);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->diary);
  daybook_test_rm_copy (f->dir);
  daybook_test_rm_rf (f->files);
  g_free (f->dir);
  g_free (f->files);
}

static char *
write_file (Fixture *f, const char *name, const void *data, gsize len)
{
  char *path = g_build_filename (f->files, name, NULL);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

static char *
write_random (Fixture *f, const char *name, gsize len)
{
  g_autofree guint8 *data = g_malloc (MAX (len, 1));

  for (gsize i = 0; i < len; i++)
    data[i] = g_random_int () & 0xff;
  return write_file (f, name, data, len);
}

/* What an independent examiner would run. */
static char *
sha256sum (const char *path)
{
  const char *argv[] = { "sha256sum", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return g_strndup (out, 64);
}

static void
tamper (DaybookDiary *diary, const char *sql)
{
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (diary);
  g_assert_true (_daybook_sql_exec (_daybook_diary_get_db (diary), sql, &error));
  _daybook_diary_unlock (diary);
  g_assert_no_error (error);
}

/* The evidence folder's entries, `.part` files included. */
static guint
count_evidence (Fixture *f)
{
  g_autofree char *folder = g_build_filename (f->dir, DAYBOOK_BLOB_DIR, NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The evidence file that holds attachment @id. */
static char *
evidence_path (Fixture *f, gint64 id)
{
  g_autofree char *sql
      = g_strdup_printf ("SELECT blob FROM attachments WHERE id = %" G_GINT64_FORMAT, id);
  g_auto (DaybookStmt) stmt = NULL;
  char *path;

  _daybook_diary_lock (f->diary);
  stmt = _daybook_sql_prepare (_daybook_diary_get_db (f->diary), sql, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  path = _daybook_blob_path (f->dir, _daybook_sql_text (stmt, 0));
  _daybook_diary_unlock (f->diary);
  return path;
}

static void
flip_byte (const char *path, goffset offset)
{
  int fd = open (path, O_RDWR);
  guint8 byte;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &byte, 1, offset), ==, 1);
  byte ^= 0x01;
  g_assert_cmpint (pwrite (fd, &byte, 1, offset), ==, 1);
  close (fd);
}

static GPtrArray *
verify (DaybookDiary *diary)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *)problems->pdata[i]);
  return g_steal_pointer (&problems);
}

static void
assert_verifies (DaybookDiary *diary)
{
  g_autoptr (GPtrArray) problems = verify (diary);

  g_assert_cmpuint (problems->len, ==, 0);
}

static gint64
add_entry (DaybookDiary *diary)
{
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GError) error = NULL;
  DaybookWhen when = { 1767261600, 0, (char *)"Europe/London" };

  daybook_incident_set_start (incident, &when);
  daybook_incident_set_title (incident, "Parked outside");
  g_assert_true (daybook_diary_save_incident (diary, incident, &error));
  g_assert_no_error (error);
  return daybook_incident_get_number (incident);
}

static DaybookAttachment *
import (Fixture *f, const char *path, gint64 number)
{
  g_autoptr (GError) error = NULL;
  DaybookAttachment *a
      = daybook_diary_import_attachment (f->diary, path, number, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (a);
  return a;
}

static void
assert_nothing_stored (Fixture *f)
{
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM attachments"), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM attachment_chunks"), ==,
                   0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM attachment_links"), ==,
                   0);
  g_assert_cmpuint (count_evidence (f), ==, 0);
  assert_verifies (f->diary);
}

/* ---- import and export ------------------------------------------------- */

/* The bucket an original of @size bytes is stored in, written out again
 * from the rule in daybook-blob.c (Padmé over at least 4 KiB): a length
 * whose highest bit is 2^e keeps its top floor(log2 e) + 1 bits. */
static guint64
bucket (guint64 size)
{
  guint64 l = MAX (size, 4096), step;
  guint e = 0, bits = 0;

  while ((l >> (e + 1)) != 0)
    e++;
  while ((e >> bits) != 0)
    bits++;
  step = G_GUINT64_CONSTANT (1) << (e - bits);
  return (l + step - 1) / step * step;
}

/* What `ls -l` shows for the evidence file of an original of @size. */
static guint64
stored_file_size (guint64 size)
{
  guint64 b = bucket (size);

  return DAYBOOK_BLOB_HEADER_LEN + b + MAX (1, (b + CHUNK - 1) / CHUNK) * DAYBOOK_BLOB_TAG_LEN;
}

#define CONSTANT_TIME 946684800 /* 2000-01-01T00:00:00Z */

/* Neither the file's times nor the folder's tell when it was stored. */
static void
assert_constant_times (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mtime, ==, CONSTANT_TIME);
  g_assert_cmpint (st.st_atime, ==, CONSTANT_TIME);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mtime, ==, CONSTANT_TIME);
}

static void
test_sizes (Fixture *f, gconstpointer data)
{
  const gsize sizes[] = { 0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("file-%u.bin", i);
      g_autofree char *path = write_random (f, name, sizes[i]);
      g_autofree char *expected = sha256sum (path);
      g_autoptr (DaybookAttachment) a = import (f, path, 0);
      g_autofree char *out = g_build_filename (f->files, "exported", NULL);
      g_autofree char *stored = evidence_path (f, daybook_attachment_get_id (a));
      GStatBuf st;
      g_autoptr (GBytes) original = daybook_test_read (path);
      g_autoptr (GBytes) copy = NULL;
      g_autoptr (GError) error = NULL;

      g_assert_cmpstr (daybook_attachment_get_sha256 (a), ==, expected);
      g_assert_cmpuint (daybook_attachment_get_size (a), ==, sizes[i]);
      g_assert_cmpstr (daybook_attachment_get_filename (a), ==, name);
      /* Header, then each chunk with its tag, the bytes padded to their
       * bucket: stored once, and `ls -l` shows the bucket. */
      g_assert_cmpint (g_stat (stored, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, stored_file_size (sizes[i]));
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      assert_constant_times (stored);
      g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM attachment_chunks"),
                       ==, 0);

      g_assert_true (daybook_diary_export_attachment (f->diary, daybook_attachment_get_id (a), out,
                                                      TRUE, NULL, &error));
      g_assert_no_error (error);
      copy = daybook_test_read (out);
      g_assert_true (g_bytes_equal (original, copy));
      g_autofree char *exported = sha256sum (out);

      g_assert_cmpstr (exported, ==, expected);
      /* Reading it did not stamp the time it was last looked at. */
      assert_constant_times (stored);
    }
  assert_verifies (f->diary);
}

/* `ls -l` on the evidence folder: originals of nearby sizes give files of
 * one size, every file is a bucket, never the original's size plus a
 * fixed overhead, and at most 12 % larger than that. */
static void
test_size_buckets (Fixture *f, gconstpointer data)
{
  const gsize sizes[] = { 3, 4000, 100000, 100300, 1000000, 1010000, 3 * CHUNK + 7 };
  guint64 file_sizes[G_N_ELEMENTS (sizes)];

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("voicemail-%u.amr", i);
      g_autofree char *path = write_random (f, name, sizes[i]);
      g_autoptr (DaybookAttachment) a = import (f, path, 0);
      g_autofree char *stored = evidence_path (f, daybook_attachment_get_id (a));
      guint64 overhead;
      GStatBuf st;

      g_assert_cmpint (g_stat (stored, &st), ==, 0);
      file_sizes[i] = (guint64)st.st_size;
      g_assert_cmpuint (file_sizes[i], ==, stored_file_size (sizes[i]));
      overhead = DAYBOOK_BLOB_HEADER_LEN
                 + MAX (1, (sizes[i] + CHUNK - 1) / CHUNK) * DAYBOOK_BLOB_TAG_LEN;
      g_assert_cmpuint (file_sizes[i], !=, sizes[i] + overhead);
      g_assert_cmpuint (file_sizes[i], <=, MAX (sizes[i], 4096) * 112 / 100 + 2 * overhead);
      assert_constant_times (stored);
    }
  /* 3 and 4000 bytes; 100000 and 100300; 1000000 and 1010000. */
  g_assert_cmpuint (file_sizes[0], ==, file_sizes[1]);
  g_assert_cmpuint (file_sizes[2], ==, file_sizes[3]);
  g_assert_cmpuint (file_sizes[4], ==, file_sizes[5]);
  g_assert_cmpuint (file_sizes[3], !=, file_sizes[4]);
  assert_verifies (f->diary);
}

/* The padding is encrypted and authenticated like the bytes: a flipped
 * bit in a chunk that holds only padding is found by verification. An
 * original of 16 MiB + 1 is padded by 512 KiB, so its last chunk holds
 * nothing of it. */
static void
test_padding_tampered (Fixture *f, gconstpointer data)
{
  const gsize size = 16 * 1024 * 1024 + 1;
  g_autofree char *path = g_build_filename (f->files, "video.mp4", NULL);
  g_autofree guint8 *bytes = g_malloc (size);
  g_autoptr (DaybookAttachment) a = NULL;
  g_autofree char *stored = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  GStatBuf st;

  for (gsize i = 0; i < size; i++)
    bytes[i] = (guint8)(i * 13 + i / 509);
  g_assert_true (g_file_set_contents (path, (char *)bytes, size, NULL));
  a = import (f, path, 0);
  stored = evidence_path (f, daybook_attachment_get_id (a));
  g_assert_cmpint (g_stat (stored, &st), ==, 0);
  g_assert_cmpuint (bucket (size), ==, size - 1 + 2 * CHUNK);
  g_assert_cmpint (st.st_size, ==, stored_file_size (size));
  assert_verifies (f->diary);

  flip_byte (stored, st.st_size - DAYBOOK_BLOB_TAG_LEN - 10);
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "EX/1"));
  flip_byte (stored, st.st_size - DAYBOOK_BLOB_TAG_LEN - 10);
  assert_verifies (f->diary);
}

/* A diary whose evidence files were written before padding (version 1:
 * the original's size plus a fixed overhead), as tests/data/evidence-v1
 * holds it: still read, exported and verified, left as it is, while new
 * evidence beside it is padded. */
static void
test_unpadded_files (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "evidence-v1", NULL);
  g_autofree char *parent = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (parent, "diary", NULL);
  g_autofree char *files = daybook_test_make_tmpdir ();
  g_autofree char *argv[]
      = { g_strdup ("cp"), g_strdup ("-r"), g_strdup (fixture), g_strdup (dir), NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GListModel) all = NULL;
  const gsize sizes[] = { 0, 5, CHUNK + 100 };
  int status;

  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (argv); i++)
    g_free (argv[i]);
  memset (argv, 0, sizeof argv);

  diary = daybook_test_open (dir);
  all = daybook_diary_list_attachments (diary, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, G_N_ELEMENTS (sizes));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr (DaybookAttachment) a = g_list_model_get_item (all, i);
      g_autofree char *out = g_build_filename (files, "out", NULL);
      g_autofree guint8 *expected = g_malloc (sizes[i] + 1);
      g_autoptr (GBytes) copy = NULL;
      g_autofree char *sql
          = g_strdup_printf ("SELECT blob FROM attachments WHERE id = %" G_GINT64_FORMAT,
                             daybook_attachment_get_id (a));
      g_auto (DaybookStmt) stmt = NULL;
      g_autofree char *stored = NULL;
      GStatBuf st;

      g_assert_cmpuint (daybook_attachment_get_size (a), ==, sizes[i]);
      for (gsize j = 0; j < sizes[i]; j++)
        expected[j] = (guint8)(j * 7 + j / 251 + i);
      g_assert_true (daybook_diary_export_attachment (diary, daybook_attachment_get_id (a), out,
                                                      TRUE, NULL, &error));
      g_assert_no_error (error);
      copy = daybook_test_read (out);
      g_assert_cmpmem (g_bytes_get_data (copy, NULL), g_bytes_get_size (copy), expected, sizes[i]);

      _daybook_diary_lock (diary);
      stmt = _daybook_sql_prepare (_daybook_diary_get_db (diary), sql, NULL);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      stored = _daybook_blob_path (dir, _daybook_sql_text (stmt, 0));
      _daybook_diary_unlock (diary);
      g_assert_cmpint (g_stat (stored, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==,
                       DAYBOOK_BLOB_HEADER_LEN + sizes[i]
                           + MAX (1, (sizes[i] + CHUNK - 1) / CHUNK) * DAYBOOK_BLOB_TAG_LEN);
    }
  assert_verifies (diary);

  /* New evidence in the old diary is padded. */
  {
    g_autofree char *path = g_build_filename (files, "new.txt", NULL);
    g_autoptr (DaybookAttachment) a = NULL;
    g_autofree char *sql = NULL;
    g_auto (DaybookStmt) stmt = NULL;
    g_autofree char *stored = NULL;
    GStatBuf st;

    g_assert_true (g_file_set_contents (path, "new", 3, NULL));
    a = daybook_diary_import_attachment (diary, path, 0, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    sql = g_strdup_printf ("SELECT blob FROM attachments WHERE id = %" G_GINT64_FORMAT,
                           daybook_attachment_get_id (a));
    _daybook_diary_lock (diary);
    stmt = _daybook_sql_prepare (_daybook_diary_get_db (diary), sql, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    stored = _daybook_blob_path (dir, _daybook_sql_text (stmt, 0));
    _daybook_diary_unlock (diary);
    g_assert_cmpint (g_stat (stored, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, stored_file_size (3));
  }
  assert_verifies (diary);
  daybook_diary_close (diary);
  daybook_test_rm_rf (parent);
  daybook_test_rm_rf (files);
}

static void
test_export_no_overwrite (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "photo.bin", 1000);
  g_autofree char *out = write_file (f, "existing", "keep me", 7);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) kept = NULL;

  g_assert_false (daybook_diary_export_attachment (f->diary, daybook_attachment_get_id (a), out,
                                                   FALSE, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS);
  kept = daybook_test_read (out);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "keep me", 7);
}

static void
test_dedup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "a.bin", CHUNK + 5);
  g_autofree char *same = g_build_filename (f->files, "copy of a.bin", NULL);
  g_autofree char *other = write_random (f, "b.bin", CHUNK + 5);
  gint64 number = add_entry (f->diary);
  g_autoptr (DaybookAttachment) first = import (f, path, 0);
  g_autoptr (DaybookAttachment) again = NULL;
  g_autoptr (DaybookAttachment) different = NULL;
  g_autoptr (GBytes) bytes = daybook_test_read (path);
  g_autoptr (GError) error = NULL;
  gboolean already = FALSE;

  g_assert_true (
      g_file_set_contents (same, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL));
  again = daybook_diary_import_attachment (f->diary, same, number, NULL, NULL, NULL, &already,
                                           &error);
  g_assert_no_error (error);
  g_assert_true (already);
  g_assert_cmpint (daybook_attachment_get_id (again), ==, daybook_attachment_get_id (first));
  g_assert_cmpstr (daybook_attachment_get_mark (again), ==, daybook_attachment_get_mark (first));
  g_assert_true (daybook_attachment_is_linked_to (again, number));
  g_assert_cmpuint (count_evidence (f), ==, 1);

  /* Same size, different bytes: stored. */
  different = import (f, other, 0);
  g_assert_cmpint (daybook_attachment_get_id (different), !=, daybook_attachment_get_id (first));
  g_assert_cmpuint (count_evidence (f), ==, 2);
  assert_verifies (f->diary);
}

/* ---- bad input ----------------------------------------------------------- */

static void
assert_refused (Fixture *f, const char *path, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookAttachment) a
      = daybook_diary_import_attachment (f->diary, path, 0, NULL, NULL, NULL, NULL, &error);

  g_assert_null (a);
  g_assert_error (error, DAYBOOK_ERROR, code);
  g_assert_null (strchr (error->message, '\n'));
  assert_nothing_stored (f);
}

static void
test_bad_paths (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->files, "not-there.jpg", NULL);
  g_autofree char *fifo = g_build_filename (f->files, "pipe", NULL);

  assert_refused (f, missing, DAYBOOK_ERROR_NOT_FOUND);
  assert_refused (f, f->files, DAYBOOK_ERROR_INVALID);
  assert_refused (f, "", DAYBOOK_ERROR_INVALID);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_refused (f, fifo, DAYBOOK_ERROR_INVALID);
  /* A file the user may not read: /attachments/cli/unreadable-original,
   * which runs as a user who is not root wherever the tests run. */
}

static void
test_unknown_entry (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "x.bin", 100);
  g_autoptr (GError) error = NULL;

  g_assert_null (
      daybook_diary_import_attachment (f->diary, path, 42, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);
  assert_nothing_stored (f);
}

static void
test_non_utf8_name (Fixture *f, gconstpointer data)
{
  const char raw[] = "caf\xe9-\xff.txt";
  g_autofree char *path = write_file (f, raw, "hello", 5);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  GBytes *name = daybook_attachment_get_filename_bytes (a);

  g_assert_cmpmem (g_bytes_get_data (name, NULL), g_bytes_get_size (name), raw, strlen (raw));
  g_assert_true (g_utf8_validate (daybook_attachment_get_filename (a), -1, NULL));
  assert_verifies (f->diary);
}

static void
grow_cb (guint64 done, guint64 total, gpointer user_data)
{
  FILE *file = fopen (user_data, "a");

  fputs ("more", file);
  fclose (file);
}

static void
test_changed_while_read (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "growing.mp4", 3 * CHUNK);
  g_autoptr (GError) error = NULL;

  g_assert_null (
      daybook_diary_import_attachment (f->diary, path, 0, grow_cb, path, NULL, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "changed while it was being read"));
  assert_nothing_stored (f);
}

static void
cancel_cb (guint64 done, guint64 total, gpointer user_data)
{
  if (done >= 2 * CHUNK)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "big.bin", 4 * CHUNK);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_assert_null (daybook_diary_import_attachment (f->diary, path, 0, cancel_cb, cancellable,
                                                  cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_nothing_stored (f);
}

/* ---- metadata -------------------------------------------------------------- */

static char *
write_photo (Fixture *f)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 400, 200);
  g_autoptr (GExiv2Metadata) meta = gexiv2_metadata_new ();
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->files, "photo.jpg", NULL);

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "jpeg", &error, NULL));
  g_assert_true (gexiv2_metadata_open_path (meta, path, &error));
  g_assert_true (gexiv2_metadata_try_set_tag_string (meta, "Exif.Photo.DateTimeOriginal",
                                                     "2026:03:01 21:40:05", &error));
  g_assert_true (
      gexiv2_metadata_try_set_tag_string (meta, "Exif.Photo.OffsetTimeOriginal", "+01:00", &error));
  g_assert_true (gexiv2_metadata_try_set_tag_string (meta, "Exif.Image.Make", "Acme", &error));
  g_assert_true (gexiv2_metadata_try_set_tag_string (meta, "Exif.Image.Model", "Snap 3", &error));
  gexiv2_metadata_try_set_orientation (meta, GEXIV2_ORIENTATION_ROT_90, &error);
  g_assert_true (gexiv2_metadata_try_set_gps_info (meta, -0.1276, 51.5072, 11.0, &error));
  g_assert_true (gexiv2_metadata_save_file (meta, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_photo_metadata (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_photo (f);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  JsonObject *meta = daybook_attachment_get_metadata (a);
  g_autoptr (GBytes) thumb
      = daybook_diary_dup_attachment_thumbnail (f->diary, daybook_attachment_get_id (a));
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *pixbuf;

  g_assert_cmpstr (daybook_attachment_get_media_type (a), ==, "image/jpeg");
  /* 21:40:05 at UTC+1 */
  g_assert_cmpint (daybook_attachment_get_taken_at (a), ==, 1772397605);
  g_assert_cmpstr (json_object_get_string_member (meta, "camera_make"), ==, "Acme");
  g_assert_cmpstr (json_object_get_string_member (meta, "camera_model"), ==, "Snap 3");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (meta, "gps_latitude"), 51.5072,
                                  1e-3);
  g_assert_cmpint (json_object_get_int_member (meta, "orientation"), ==, 6);

  /* The thumbnail is upright: the landscape sensor image turned a quarter. */
  g_assert_nonnull (thumb);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, thumb, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), <, gdk_pixbuf_get_height (pixbuf));
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), <=, 256);
  assert_verifies (f->diary);
}

static void
test_corrupt_image (Fixture *f, gconstpointer data)
{
  static const guint8 junk[] = { 0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, 'E', 'x',  'i',
                                 'f',  0,    0,    'M',  'M',  0,    42,  0xde, 0xad };
  g_autofree char *path = write_file (f, "broken.jpg", junk, sizeof junk);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);

  g_assert_cmpstr (daybook_attachment_get_media_type (a), ==, "image/jpeg");
  g_assert_false (daybook_attachment_has_thumbnail (a));
  g_assert_cmpint (daybook_attachment_get_taken_at (a), ==, 0);
  assert_verifies (f->diary);
}

/* ---- marks and links ---------------------------------------------------------- */

static void
set_initials (DaybookDiary *diary, const char *initials)
{
  const char *keys[] = { DAYBOOK_SETTING_OWNER_INITIALS, NULL };
  const char *values[] = { initials, NULL };
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_diary_set_settings (diary, keys, values, &error));
  g_assert_no_error (error);
}

static void
test_marks (Fixture *f, gconstpointer data)
{
  g_autofree char *p1 = write_random (f, "1", 10);
  g_autofree char *p2 = write_random (f, "2", 11);
  g_autofree char *p3 = write_random (f, "3", 12);
  g_autoptr (DaybookAttachment) a1 = import (f, p1, 0);
  g_autoptr (DaybookAttachment) a2 = NULL;
  g_autoptr (DaybookAttachment) a3 = NULL;
  g_autoptr (DaybookAttachment) again = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (daybook_attachment_get_mark (a1), ==, "EX/1");
  set_initials (f->diary, "a. b.");
  a2 = import (f, p2, 0);
  g_assert_cmpstr (daybook_attachment_get_mark (a2), ==, "AB/2");

  /* Stable: a change of initials leaves the marks given. */
  set_initials (f->diary, "CD");
  a3 = import (f, p3, 0);
  g_assert_cmpstr (daybook_attachment_get_mark (a3), ==, "CD/3");
  again = daybook_diary_find_attachment (f->diary, "ab/2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (daybook_attachment_get_id (again), ==, daybook_attachment_get_id (a2));
  g_clear_object (&again);

  /* Only explicitly. */
  g_assert_true (daybook_diary_renumber_attachments (f->diary, &error));
  again = daybook_diary_get_attachment (f->diary, daybook_attachment_get_id (a1), &error);
  g_assert_cmpstr (daybook_attachment_get_mark (again), ==, "CD/1");
  g_assert_cmpuint (daybook_attachment_get_revision (again), ==, 2);
  assert_verifies (f->diary);
}

static void
test_links (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "voicemail.ogg", 2000);
  gint64 one = add_entry (f->diary), two = add_entry (f->diary);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  gint64 id = daybook_attachment_get_id (a);
  g_autoptr (GListModel) unlinked = NULL;
  g_autoptr (GListModel) of_two = NULL;
  g_autoptr (GListModel) of_one = NULL;
  g_autoptr (GError) error = NULL;

  unlinked = daybook_diary_list_attachments (f->diary, -1, &error);
  g_assert_cmpuint (g_list_model_get_n_items (unlinked), ==, 1);

  g_assert_true (daybook_diary_link_attachment (f->diary, id, one, TRUE, &error));
  g_assert_true (daybook_diary_link_attachment (f->diary, id, two, TRUE, &error));
  g_assert_true (daybook_diary_link_attachment (f->diary, id, two, TRUE, &error)); /* no change */
  g_assert_true (daybook_diary_link_attachment (f->diary, id, one, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (daybook_diary_link_attachment (f->diary, id, 99, TRUE, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);

  of_two = daybook_diary_list_attachments (f->diary, two, NULL);
  of_one = daybook_diary_list_attachments (f->diary, one, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (of_two), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (of_one), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT max(revision) FROM attachments"), ==,
                   4);
  g_assert_cmpint (daybook_test_sql_count (
                       f->diary, "SELECT count(*) FROM revisions WHERE entity = 'attachment'"),
                   ==, 4);
  assert_verifies (f->diary);
}

/* ---- verify and secrecy ----------------------------------------------------------- */

static void
test_tampered_chunk (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "screenshot.png", 2 * CHUNK + 3);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  g_autoptr (GPtrArray) problems = NULL;

  g_autofree char *stored = evidence_path (f, daybook_attachment_get_id (a));

  assert_verifies (f->diary);
  /* One bit inside the second chunk. */
  flip_byte (stored, DAYBOOK_BLOB_HEADER_LEN + CHUNK + DAYBOOK_BLOB_TAG_LEN + 100);
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "EX/1"));
  g_assert_nonnull (strstr (problems->pdata[0], "SHA-256"));
  g_assert_null (strstr (problems->pdata[0], "screenshot"));
}

/* A flipped bit anywhere in an evidence file (header, bytes, tags, the
 * short last chunk) is caught, and the export refuses to write it out. */
static void
test_flipped_anywhere (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "doorbell.mp4", CHUNK + 40);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  g_autofree char *stored = evidence_path (f, daybook_attachment_get_id (a));
  g_autofree char *out = g_build_filename (f->files, "out", NULL);
  const goffset end = (goffset)stored_file_size (CHUNK + 40);
  const goffset at[]
      = { 0, 20, 24, 40, 63, DAYBOOK_BLOB_HEADER_LEN, DAYBOOK_BLOB_HEADER_LEN + CHUNK,
          DAYBOOK_BLOB_HEADER_LEN + CHUNK + DAYBOOK_BLOB_TAG_LEN,
          /* the padding after the original, in its last chunk */
          DAYBOOK_BLOB_HEADER_LEN + CHUNK + DAYBOOK_BLOB_TAG_LEN + 40 + 100, end - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    {
      g_autoptr (GPtrArray) problems = NULL;
      g_autoptr (GError) error = NULL;

      flip_byte (stored, at[i]);
      problems = verify (f->diary);
      g_assert_cmpuint (problems->len, ==, 1);
      g_assert_nonnull (strstr (problems->pdata[0], "EX/1"));
      g_assert_false (daybook_diary_export_attachment (f->diary, daybook_attachment_get_id (a), out,
                                                       FALSE, NULL, &error));
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      flip_byte (stored, at[i]);
    }
  assert_verifies (f->diary);
}

static void
test_tampered_record (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "letter.pdf", 100);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  g_autoptr (GPtrArray) problems = NULL;

  g_autofree char *old = evidence_path (f, daybook_attachment_get_id (a));
  g_autoptr (DaybookBlobWriter) writer = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (DaybookStmt) stmt = NULL;
  static guint8 zero[DAYBOOK_BLOB_BUFFER_LEN];

  /* Replacing the bytes and their recorded hash together, with a new
   * evidence file sealed correctly: the chain holds the hash. */
  writer = _daybook_blob_writer_new (f->dir, 1, &error);
  g_assert_no_error (error);
  g_assert_true (_daybook_blob_writer_add (writer, zero, 1, &error));
  g_assert_true (_daybook_blob_writer_finish (writer, &error));
  g_assert_true (_daybook_blob_publish (f->dir, _daybook_blob_writer_get_name (writer), &error));
  g_assert_no_error (error);
  _daybook_diary_lock (f->diary);
  stmt
      = _daybook_sql_prepare (_daybook_diary_get_db (f->diary),
                              "UPDATE attachments SET size = 1, blob = ?, blob_key = ?, sha256 = "
                              "x'6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'",
                              NULL);
  sqlite3_bind_text (stmt, 1, _daybook_blob_writer_get_name (writer), -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, daybook_secret_peek (_daybook_blob_writer_get_key (writer)),
                     DAYBOOK_BLOB_KEY_LEN, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  _daybook_diary_unlock (f->diary);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The old file is now a stray; removed, so that one problem is left. */
  g_assert_cmpint (count_evidence (f), ==, 2);
  g_assert_cmpint (g_unlink (old), ==, 0);
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "revision"));
}

static void
test_no_plaintext (Fixture *f, gconstpointer data)
{
  g_autofree char *path
      = write_file (f, "messages.txt", "They said: " MARKER "\n", strlen (MARKER) + 12);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);

  g_assert_cmpstr (daybook_attachment_get_media_type (a), ==, "text/plain");
  g_assert_false (daybook_test_dir_contains (f->dir, MARKER));
  g_assert_false (daybook_test_dir_contains (f->dir, "messages.txt"));
  daybook_diary_close (f->diary);
  g_assert_false (daybook_test_dir_contains (f->dir, MARKER));
}

static void
test_stream (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "clip.bin", 2 * CHUNK + 10);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  g_autoptr (GBytes) original = daybook_test_read (path);
  g_autoptr (GInputStream) stream
      = daybook_diary_open_attachment (f->diary, daybook_attachment_get_id (a), NULL);
  g_autofree guint8 *buf = g_malloc (100);
  const guint8 *data_ = g_bytes_get_data (original, NULL);
  gsize n = 0;

  /* Across a chunk boundary, after a seek, as a media player reads. */
  g_assert_true (g_seekable_seek (G_SEEKABLE (stream), CHUNK - 50, G_SEEK_SET, NULL, NULL));
  g_assert_true (g_input_stream_read_all (stream, buf, 100, &n, NULL, NULL));
  g_assert_cmpmem (buf, n, data_ + CHUNK - 50, 100);
  g_assert_true (g_seekable_seek (G_SEEKABLE (stream), -5, G_SEEK_END, NULL, NULL));
  g_assert_true (g_input_stream_read_all (stream, buf, 100, &n, NULL, NULL));
  g_assert_cmpmem (buf, n, data_ + 2 * CHUNK + 5, 5);
}

static void
test_missing_and_stray_files (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "voicemail.ogg", CHUNK + 1);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  g_autofree char *stored = evidence_path (f, daybook_attachment_get_id (a));
  g_autofree char *stray
      = g_build_filename (f->dir, DAYBOOK_BLOB_DIR, "0123456789abcdef0123456789abcdef", NULL);
  g_autofree char *out = g_build_filename (f->files, "out", NULL);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_rename (stored, stray), ==, 0);
  problems = verify (f->diary);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (problems->pdata[0], "EX/1"));
  g_assert_nonnull (strstr (problems->pdata[1], "0123456789abcdef0123456789abcdef"));

  g_assert_false (daybook_diary_export_attachment (f->diary, daybook_attachment_get_id (a), out,
                                                   FALSE, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* What a crash leaves: a `.part` file that its row names is finished at
 * the next open, and one that no row names is removed. */
static void
test_recovery (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "photo.jpg", 3 * CHUNK);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  g_autofree char *stored = evidence_path (f, daybook_attachment_get_id (a));
  g_autofree char *part = g_strconcat (stored, ".part", NULL);
  g_autofree char *orphan
      = g_build_filename (f->dir, DAYBOOK_BLOB_DIR, "00000000000000000000000000000000.part", NULL);
  g_autofree char *other = g_build_filename (f->dir, DAYBOOK_BLOB_DIR, "notes.txt", NULL);
  g_autofree char *out = g_build_filename (f->files, "out", NULL);
  g_autoptr (GBytes) original = daybook_test_read (path);
  g_autoptr (GBytes) copy = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_rename (stored, part), ==, 0);
  g_assert_true (g_file_set_contents (orphan, "half", 4, NULL));
  g_assert_true (g_file_set_contents (other, "not ours", 8, NULL));

  /* Still readable before the next open. */
  g_assert_true (daybook_diary_export_attachment (f->diary, daybook_attachment_get_id (a), out,
                                                  FALSE, NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&f->diary);
  f->diary = daybook_test_open (f->dir);
  g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (orphan, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS)); /* never ours to remove */
  copy = daybook_test_read (out);
  g_assert_true (g_bytes_equal (original, copy));
  assert_verifies (f->diary);
}

/* Attachments that version 2 stored in the database still read, export
 * and verify. */
static void
test_legacy_chunks (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_random (f, "old.bin", 2 * CHUNK + 9);
  g_autoptr (DaybookAttachment) a = import (f, path, 0);
  gint64 id = daybook_attachment_get_id (a);
  g_autofree char *stored = evidence_path (f, id);
  g_autofree char *out = g_build_filename (f->files, "out", NULL);
  g_autoptr (GBytes) original = daybook_test_read (path);
  const guint8 *bytes = g_bytes_get_data (original, NULL);
  g_autoptr (GBytes) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (DaybookStmt) insert = NULL;

  _daybook_diary_lock (f->diary);
  insert = _daybook_sql_prepare (
      _daybook_diary_get_db (f->diary),
      "INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES (?, ?, ?)", NULL);
  for (gsize seq = 0; seq * CHUNK < g_bytes_get_size (original); seq++)
    {
      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, id);
      sqlite3_bind_int64 (insert, 2, seq);
      sqlite3_bind_blob (insert, 3, bytes + seq * CHUNK,
                         MIN (CHUNK, g_bytes_get_size (original) - seq * CHUNK), SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
    }
  _daybook_diary_unlock (f->diary);
  tamper (f->diary, "UPDATE attachments SET blob = NULL, blob_key = NULL");
  g_assert_cmpint (g_unlink (stored), ==, 0);

  g_assert_true (daybook_diary_export_attachment (f->diary, id, out, FALSE, NULL, &error));
  g_assert_no_error (error);
  copy = daybook_test_read (out);
  g_assert_true (g_bytes_equal (original, copy));
  assert_verifies (f->diary);

  tamper (f->diary, "DELETE FROM attachment_chunks WHERE seq = 2");
  {
    g_autoptr (GPtrArray) problems = verify (f->diary);

    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_nonnull (strstr (problems->pdata[0], "SHA-256"));
  }
}

/* Long writes go around the page cache where they can: every size, in
 * uneven pieces, reads back the same, on the disk and on tmpfs (which
 * may turn direct writes down). */
static void
test_bulk_writer (Fixture *f, gconstpointer data)
{
  const gsize sizes[] = { 0, 1, 4095, 4096, 4 * 1024 * 1024 + 1, 9 * 1024 * 1024 + 7 };
  const char *folders[] = { f->files, "/dev/shm" };

  for (guint d = 0; d < G_N_ELEMENTS (folders); d++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autofree char *path = g_strdup_printf ("%s/bulk-%u-%u", folders[d], getpid (), i);
        g_autofree guint8 *bytes = g_malloc (sizes[i] + 1);
        g_autoptr (GBytes) back = NULL;
        g_autoptr (DaybookBulkWriter) out = NULL;
        gsize done = 0;
        int fd;

        if (!g_file_test (folders[d], G_FILE_TEST_IS_DIR))
          continue;
        for (gsize j = 0; j < sizes[i]; j++)
          bytes[j] = (guint8)(j * 31 + i);
        fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        g_assert_cmpint (fd, >=, 0);
        out = daybook_bulk_writer_new (fd);
        while (done < sizes[i])
          {
            gsize n = MIN (sizes[i] - done, 262160 - (done % 7));

            g_assert_true (daybook_bulk_writer_write (out, bytes + done, n));
            done += n;
          }
        g_assert_true (daybook_bulk_writer_finish (out));
        g_clear_pointer (&out, daybook_bulk_writer_free);
        g_assert_cmpint (close (fd), ==, 0);
        back = daybook_test_read (path);
        g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), bytes, sizes[i]);
        g_unlink (path);
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/attachments/import/sizes", test_sizes);
  ADD ("/attachments/import/size-buckets", test_size_buckets);
  ADD ("/attachments/verify/padding-tampered", test_padding_tampered);
  g_test_add_func ("/attachments/unpadded-files", test_unpadded_files);
  ADD ("/attachments/import/dedup", test_dedup);
  ADD ("/attachments/import/bad-paths", test_bad_paths);
  ADD ("/attachments/import/unknown-entry", test_unknown_entry);
  ADD ("/attachments/import/non-utf8-name", test_non_utf8_name);
  ADD ("/attachments/import/changed-while-read", test_changed_while_read);
  ADD ("/attachments/import/cancel", test_cancel);
  ADD ("/attachments/metadata/photo", test_photo_metadata);
  ADD ("/attachments/metadata/corrupt-image", test_corrupt_image);
  ADD ("/attachments/marks", test_marks);
  ADD ("/attachments/links", test_links);
  ADD ("/attachments/export/no-overwrite", test_export_no_overwrite);
  ADD ("/attachments/stream", test_stream);
  ADD ("/attachments/verify/tampered-chunk", test_tampered_chunk);
  ADD ("/attachments/verify/tampered-record", test_tampered_record);
  ADD ("/attachments/verify/flipped-anywhere", test_flipped_anywhere);
  ADD ("/attachments/no-plaintext", test_no_plaintext);
  ADD ("/attachments/verify/missing-and-stray-files", test_missing_and_stray_files);
  ADD ("/attachments/recovery", test_recovery);
  ADD ("/attachments/legacy-chunks", test_legacy_chunks);
  ADD ("/attachments/bulk-writer", test_bulk_writer);

  return g_test_run ();
}
