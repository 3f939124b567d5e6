/* test-faults.c — failing disks: every write, sync or read that can fail, does
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test VFS wraps the real one, and write() and fsync() in Daybook's own
 * code are wrapped at link time; together they fail the Nth write, sync or
 * read, whether SQLite's or Daybook's own (evidence files, backups,
 * bundles, exports, the key file, the seal). Each operation is run again
 * and again with N = 0, 1, 2… until it gets through without meeting the
 * fault, and each run must have met at least one. Every time: no crash, a
 * clear error, nothing half-written, and the diary opens and verifies
 * afterwards. Short writes (the kernel taking part of a buffer) are
 * simulated too: every write then passes half of what it was given.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "daybook-attachment.h"
#include "daybook-backup.h"
#include "daybook-blob.h"
#include "daybook-bundle.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-keyfile.h"
#include "daybook-test-util.h"

enum
{
  FAULT_WRITE = 1,  /* SQLite's writes and truncates */
  FAULT_SYNC = 2,   /* SQLite's syncs */
  FAULT_READ = 4,   /* SQLite's reads */
  FAULT_FILE = 8,   /* Daybook's own write() and fsync() */
  FAULT_SHORT = 16, /* Daybook's own write() takes half, and fails nothing */
};

typedef struct
{
  sqlite3_file base;
  sqlite3_file *real; /* follows this struct in the same allocation */
} FaultFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;
static sqlite3_io_methods fault_methods;
static int fault_kinds;
static int fault_countdown = -1; /* fail when it reaches zero; -1: never */
static gboolean fault_hit;

static gboolean
should_fail (int kind)
{
  if (!(fault_kinds & kind) || fault_countdown < 0)
    return FALSE;
  if (fault_countdown-- == 0)
    {
      fault_hit = TRUE;
      return TRUE;
    }
  return FALSE;
}

static sqlite3_file *
real_of (sqlite3_file *f)
{
  return ((FaultFile *)f)->real;
}

static int
f_close (sqlite3_file *f)
{
  return real_of (f)->pMethods->xClose (real_of (f));
}

static int
f_read (sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
  if (should_fail (FAULT_READ))
    {
      /* After a failed read SQLCipher still runs its page cipher over the
       * buffer (sqlcipher_page_cipher), which valgrind reports as a jump on
       * uninitialised memory. A failing disk hands back garbage: zeros. */
      memset (buf, 0, (size_t)amt);
      return SQLITE_IOERR_READ;
    }
  return real_of (f)->pMethods->xRead (real_of (f), buf, amt, off);
}

static int
f_write (sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
  if (should_fail (FAULT_WRITE))
    return SQLITE_FULL; /* the likeliest failure: a full disk */
  return real_of (f)->pMethods->xWrite (real_of (f), buf, amt, off);
}

static int
f_truncate (sqlite3_file *f, sqlite3_int64 size)
{
  if (should_fail (FAULT_WRITE))
    return SQLITE_IOERR_TRUNCATE;
  return real_of (f)->pMethods->xTruncate (real_of (f), size);
}

static int
f_sync (sqlite3_file *f, int flags)
{
  if (should_fail (FAULT_SYNC))
    return SQLITE_IOERR_FSYNC;
  return real_of (f)->pMethods->xSync (real_of (f), flags);
}

static int
f_size (sqlite3_file *f, sqlite3_int64 *size)
{
  return real_of (f)->pMethods->xFileSize (real_of (f), size);
}
static int
f_lock (sqlite3_file *f, int l)
{
  return real_of (f)->pMethods->xLock (real_of (f), l);
}
static int
f_unlock (sqlite3_file *f, int l)
{
  return real_of (f)->pMethods->xUnlock (real_of (f), l);
}
static int
f_check (sqlite3_file *f, int *out)
{
  return real_of (f)->pMethods->xCheckReservedLock (real_of (f), out);
}
static int
f_control (sqlite3_file *f, int op, void *arg)
{
  return real_of (f)->pMethods->xFileControl (real_of (f), op, arg);
}
static int
f_sector (sqlite3_file *f)
{
  return real_of (f)->pMethods->xSectorSize (real_of (f));
}
static int
f_chars (sqlite3_file *f)
{
  return real_of (f)->pMethods->xDeviceCharacteristics (real_of (f));
}
static int
f_shm_map (sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
  return real_of (f)->pMethods->xShmMap (real_of (f), pg, sz, ext, pp);
}
static int
f_shm_lock (sqlite3_file *f, int off, int n, int flags)
{
  return real_of (f)->pMethods->xShmLock (real_of (f), off, n, flags);
}
static void
f_shm_barrier (sqlite3_file *f)
{
  real_of (f)->pMethods->xShmBarrier (real_of (f));
}
static int
f_shm_unmap (sqlite3_file *f, int del)
{
  return real_of (f)->pMethods->xShmUnmap (real_of (f), del);
}
static int
f_fetch (sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
  *pp = NULL;
  return SQLITE_OK;
}
static int
f_unfetch (sqlite3_file *f, sqlite3_int64 off, void *p)
{
  return SQLITE_OK;
}

static int
f_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultFile *ff = (FaultFile *)file;
  int rc;

  ff->real = (sqlite3_file *)(ff + 1);
  rc = real_vfs->xOpen (real_vfs, name, ff->real, flags, out_flags);
  ff->base.pMethods = ff->real->pMethods != NULL ? &fault_methods : NULL;
  return rc;
}

static void
install_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  fault_vfs = *real_vfs;
  fault_vfs.zName = "daybook-fault";
  fault_vfs.szOsFile = (int)sizeof (FaultFile) + real_vfs->szOsFile;
  fault_vfs.xOpen = f_open;

  fault_methods = (sqlite3_io_methods){
    .iVersion = 3,
    .xClose = f_close,
    .xRead = f_read,
    .xWrite = f_write,
    .xTruncate = f_truncate,
    .xSync = f_sync,
    .xFileSize = f_size,
    .xLock = f_lock,
    .xUnlock = f_unlock,
    .xCheckReservedLock = f_check,
    .xFileControl = f_control,
    .xSectorSize = f_sector,
    .xDeviceCharacteristics = f_chars,
    .xShmMap = f_shm_map,
    .xShmLock = f_shm_lock,
    .xShmBarrier = f_shm_barrier,
    .xShmUnmap = f_shm_unmap,
    .xFetch = f_fetch,
    .xUnfetch = f_unfetch,
  };
  g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, 1), ==, SQLITE_OK);
}

/* The key file is not in SQLite: it is written with write() and fsync() in
 * daybook-fileutil.c. This program is linked with --wrap=write,--wrap=fsync
 * (tests/meson.build), so those calls in the core land here and the Nth one
 * can fail as a full disk or a failing device would. */
ssize_t __real_write (int fd, const void *buf, size_t len);
ssize_t __wrap_write (int fd, const void *buf, size_t len);
int __real_fsync (int fd);
int __wrap_fsync (int fd);

static guint n_short_writes;

ssize_t
__wrap_write (int fd, const void *buf, size_t len)
{
  if (should_fail (FAULT_FILE))
    {
      errno = ENOSPC;
      return -1;
    }
  /* Short writes happen too: let the first half through. */
  if ((fault_kinds & FAULT_SHORT) && len > 1)
    {
      n_short_writes++;
      return __real_write (fd, buf, len / 2);
    }
  return __real_write (fd, buf, len);
}

int
__wrap_fsync (int fd)
{
  if (should_fail (FAULT_FILE))
    {
      errno = EIO;
      return -1;
    }
  return __real_fsync (fd);
}

static void
arm (int kinds, int n)
{
  fault_kinds = kinds;
  fault_countdown = n;
  fault_hit = FALSE;
}

static void
disarm (void)
{
  fault_countdown = -1;
  fault_kinds = 0;
}

typedef gboolean (*Operation) (DaybookDiary *diary, const char *scratch, GError **error);

static DaybookIncident *
sample (const char *title)
{
  DaybookIncident *incident = daybook_incident_new ();
  DaybookWhen when = { 1767261600, 0, (char *)"Europe/London" };

  daybook_incident_set_start (incident, &when);
  daybook_incident_set_title (incident, title);
  daybook_incident_set_narrative (incident,
                                  "The account of what happened, long enough to span pages. ");
  daybook_incident_add_person (incident, "New Person", DAYBOOK_ROLE_WITNESS);
  return incident;
}

static gboolean
op_add (DaybookDiary *diary, const char *scratch, GError **error)
{
  g_autoptr (DaybookIncident) incident = sample ("added under fault");
  return daybook_diary_save_incident (diary, incident, error);
}

static gboolean
op_edit (DaybookDiary *diary, const char *scratch, GError **error)
{
  g_autoptr (DaybookIncident) incident = daybook_diary_get_incident (diary, 1, error);

  if (incident == NULL)
    return FALSE;
  daybook_incident_set_title (incident, "edited under fault");
  return daybook_diary_save_incident (diary, incident, error);
}

static gboolean
op_delete (DaybookDiary *diary, const char *scratch, GError **error)
{
  return daybook_diary_delete_incident (diary, 1, error);
}

static gboolean
op_backup (DaybookDiary *diary, const char *scratch, GError **error)
{
  g_autofree char *path = g_build_filename (scratch, "b.dbk", NULL);
  return daybook_diary_backup (diary, path, TRUE, NULL, error);
}

#define IMPORT_SIZE (2 * DAYBOOK_ATTACHMENT_CHUNK_SIZE + 1000) /* three chunks */

static gboolean
op_import (DaybookDiary *diary, const char *scratch, GError **error)
{
  g_autofree char *path = g_build_filename (scratch, "photo.bin", NULL);
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autofree guint8 *data = g_malloc (IMPORT_SIZE);

  for (gsize i = 0; i < IMPORT_SIZE; i++)
    data[i] = (guint8)(i * 7 + i / 251);
  /* Not through SQLite, so only the diary's own I/O meets the fault. */
  g_assert_true (g_file_set_contents (path, (const char *)data, IMPORT_SIZE, NULL));
  attachment = daybook_diary_import_attachment (diary, path, 1, NULL, NULL, NULL, NULL, error);
  return attachment != NULL;
}

static void check_after (const char *dir, Operation op, gboolean succeeded);

/* The folder as a power cut would leave it now: the files as they are,
 * without SQLite's shared-memory index (rebuilt from the log at open). */
static char *
snapshot (const char *dir)
{
  g_autofree char *parent = daybook_test_make_tmpdir ();
  char *copy = g_build_filename (parent, "diary", NULL);
  g_autofree char *shm = g_build_filename (copy, "diary.db-shm", NULL);
  const char *argv[] = { "cp", "-a", dir, copy, NULL };
  g_autoptr (GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_unlink (shm);
  return copy;
}

static guint
count_parts (const char *dir)
{
  g_autofree char *folder = g_build_filename (dir, DAYBOOK_BLOB_DIR, NULL);
  g_autoptr (GDir) files = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (files != NULL && (name = g_dir_read_name (files)) != NULL)
    if (g_str_has_suffix (name, ".part"))
      n++;
  return n;
}

/* A COMMIT whose sync fails has written its transaction to the log: the
 * diary reports the failure, yet after a power cut the next open finds
 * the row. The evidence file must still be there then, so it is left as
 * `.part` for the next open, which publishes it when its row made it and
 * removes it when not: seen from a snapshot taken at once (the power cut)
 * and from the folder after a clean close (the log given up). */
static void
test_import_unclear_commit (void)
{
  guint row_survived = 0, row_lost = 0;

  for (int n = 0; n < 200; n++)
    {
      g_autofree char *dir = daybook_test_copy_fast_template ();
      g_autofree char *parent = g_path_get_dirname (dir);
      g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
      g_autoptr (DaybookIncident) first = sample ("first");
      g_autoptr (GError) error = NULL;
      g_autofree char *cut = NULL;
      g_autofree char *cut_parent = NULL;
      gboolean ok, hit;

      g_assert_true (daybook_diary_save_incident (diary, first, &error));
      arm (FAULT_SYNC, n);
      ok = op_import (diary, parent, &error);
      hit = fault_hit;
      disarm ();
      if (!hit)
        {
          g_assert_true (ok);
          daybook_diary_close (diary);
          daybook_test_rm_rf (parent);
          break;
        }
      g_assert_true (ok || error != NULL);
      cut = snapshot (dir);
      cut_parent = g_path_get_dirname (cut);
      if (!ok)
        g_assert_cmpuint (count_parts (dir), <=, 1);
      daybook_diary_close (diary);

      /* check_after() opens each: every attachment row has its file,
       * no `.part` or stray file is left, verify finds nothing. */
      check_after (cut, op_import, ok);
      check_after (dir, op_import, ok);
      if (!ok)
        {
          g_autoptr (DaybookDiary) reopened = daybook_test_open (cut);

          if (daybook_test_sql_count (reopened, "SELECT count(*) FROM attachments") == 1)
            row_survived++;
          else
            row_lost++;
          daybook_diary_close (reopened);
        }
      daybook_test_rm_rf (cut_parent);
      daybook_test_rm_rf (parent);
    }
  g_test_message ("failed commits whose row survived a power cut: %u, lost: %u", row_survived,
                  row_lost);
  /* The case this is about happened at least once. */
  g_assert_cmpuint (row_survived, >, 0);
}

static gboolean
op_export (DaybookDiary *diary, const char *scratch, GError **error)
{
  g_autofree char *path = g_build_filename (scratch, "exported.bin", NULL);
  gboolean ok = daybook_diary_export_attachment (diary, 1, path, TRUE, NULL, error);

  /* Whole or not there: a failed export leaves nothing beside the target. */
  if (ok)
    {
      g_autoptr (GBytes) copy = daybook_test_read (path);

      g_assert_cmpuint (g_bytes_get_size (copy), ==, IMPORT_SIZE);
    }
  else
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  return ok;
}

static gboolean
op_bundle (DaybookDiary *diary, const char *scratch, GError **error)
{
  g_autofree char *path = g_build_filename (scratch, "bundle", NULL);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookSecret) secret = NULL;
  guint n = 0;
  gboolean ok = daybook_diary_export_bundle (diary, path, query, &secret, &n, error);

  /* A failed bundle leaves no folder that looks like one; one said to be
   * made opens with its passphrase and verifies. */
  if (!ok)
    g_assert_false (daybook_diary_exists (path));
  else
    {
      g_autoptr (DaybookDiary) bundle = NULL;
      g_autoptr (GPtrArray) problems = NULL;

      g_assert_cmpuint (n, ==, 1);
      disarm ();
      bundle = daybook_diary_open (path, secret, error);
      g_assert_nonnull (bundle);
      g_assert_true (daybook_diary_verify (bundle, &problems, error));
      g_assert_cmpuint (problems->len, ==, 0);
    }
  return ok;
}

/* What the operation left, seen from a fresh open: its effect whole, or none. */
static void
check_after (const char *dir, Operation op, gboolean succeeded)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) first = NULL;
  guint count = daybook_diary_count_incidents (diary);

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *)problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);

  first = daybook_diary_get_incident (diary, 1, NULL);
  if (op == op_add)
    g_assert_true (count == 2 || (!succeeded && count == 1));
  else if (op == op_delete)
    g_assert_true (first == NULL || (!succeeded && count == 1));
  else if (op == op_edit)
    {
      g_assert_nonnull (first);
      if (succeeded)
        g_assert_cmpstr (daybook_incident_get_title (first), ==, "edited under fault");
      else
        g_assert_true (g_str_equal (daybook_incident_get_title (first), "first")
                       || g_str_equal (daybook_incident_get_title (first), "edited under fault"));
    }
  else if (op == op_backup || op == op_export || op == op_bundle)
    g_assert_cmpuint (count, ==, 1);
  else if (op == op_import)
    {
      gint64 attachments = daybook_test_sql_count (diary, "SELECT count(*) FROM attachments");
      g_autofree char *folder = g_build_filename (dir, DAYBOOK_BLOB_DIR, NULL);
      g_autoptr (GDir) files = g_dir_open (folder, 0, NULL);
      const char *name;
      gint64 stored = 0;

      /* The whole file, or nothing: no orphan or half-written evidence
       * file once the diary is open again (verify checked the bytes). */
      g_assert_cmpuint (count, ==, 1);
      g_assert_true (attachments == 1 || (!succeeded && attachments == 0));
      while (files != NULL && (name = g_dir_read_name (files)) != NULL)
        {
          g_assert_true (_daybook_blob_name_is_valid (name));
          stored++;
        }
      g_assert_cmpint (stored, ==, attachments);
      g_assert_cmpint (
          daybook_test_sql_count (diary, "SELECT count(*) FROM attachments WHERE blob IS NOT NULL"),
          ==, attachments);
    }
  else
    g_assert_cmpuint (count, ==, 0);
  daybook_diary_close (diary);
}

static void
run_faults (Operation op, int kinds)
{
  guint failures = 0;

  for (int n = 0; n < 2000; n++)
    {
      g_autofree char *dir = daybook_test_copy_fast_template ();
      g_autofree char *parent = g_path_get_dirname (dir);
      g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
      g_autoptr (DaybookIncident) first = sample ("first");
      g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
      g_autoptr (GError) error = NULL;
      gboolean ok, hit;

      g_assert_true (daybook_diary_save_incident (diary, first, &error));
      if (op == op_export || op == op_bundle)
        g_assert_true (op_import (diary, parent, &error));

      if (kinds & FAULT_READ)
        {
          /* SQLite's cache holds every page this diary read so far: reads
           * fail only on a diary opened while the fault is armed. */
          daybook_diary_close (diary);
          g_clear_object (&diary);
          arm (kinds, n);
          diary = daybook_diary_open (dir, pass, &error);
        }
      else
        arm (kinds, n);
      ok = diary != NULL && op (diary, parent, &error);
      hit = fault_hit;
      disarm ();

      if (!ok)
        {
          /* A clear sentence, in Daybook's own terms. */
          g_assert_nonnull (error);
          g_assert_true (error->domain == DAYBOOK_ERROR);
          g_assert_cmpuint (strlen (error->message), >, 10);
          failures++;
        }
      if (diary != NULL)
        daybook_diary_close (diary);
      check_after (dir, op, ok);
      daybook_test_rm_rf (parent);

      if (!hit)
        {
          g_assert_true (ok);
          g_test_message ("%d I/O calls, %u failed runs", n, failures);
          /* A loop that never met a fault proved nothing. (A fault may
           * still let the operation succeed: a seal that could not be
           * written after the commit is brought up to date at the next
           * open, which check_after() proved.) */
          g_assert_cmpint (n, >, 0);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_add_writes (void)
{
  run_faults (op_add, FAULT_WRITE);
}
static void
test_add_syncs (void)
{
  run_faults (op_add, FAULT_SYNC);
}
static void
test_add_reads (void)
{
  run_faults (op_add, FAULT_READ);
}
static void
test_edit_writes (void)
{
  run_faults (op_edit, FAULT_WRITE | FAULT_SYNC);
}
static void
test_delete_writes (void)
{
  run_faults (op_delete, FAULT_WRITE | FAULT_SYNC);
}
static void
test_add_files (void)
{
  run_faults (op_add, FAULT_FILE);
}
static void
test_backup_io (void)
{
  run_faults (op_backup, FAULT_WRITE | FAULT_SYNC | FAULT_READ | FAULT_FILE);
}
static void
test_import_writes (void)
{
  run_faults (op_import, FAULT_WRITE | FAULT_SYNC | FAULT_FILE);
}
static void
test_import_reads (void)
{
  run_faults (op_import, FAULT_READ);
}
static void
test_export_io (void)
{
  run_faults (op_export, FAULT_READ | FAULT_FILE);
}
/* Only Daybook's own writes: each bundle derives two Argon2id keys at the
 * moderate limits, and SQLite's writes into a new diary are met above. */
static void
test_bundle_io (void)
{
  run_faults (op_bundle, FAULT_FILE);
}

/* Every write of Daybook's own taken in halves: import, export, backup and
 * bundle still write every byte (verify and the checks above read them). */
static void
test_short_writes (void)
{
  Operation ops[] = { op_import, op_export, op_backup, op_bundle };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      g_autofree char *dir = daybook_test_copy_fast_template ();
      g_autofree char *parent = g_path_get_dirname (dir);
      g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
      g_autoptr (DaybookIncident) first = sample ("first");
      g_autoptr (GError) error = NULL;
      guint before = n_short_writes;

      g_assert_true (daybook_diary_save_incident (diary, first, &error));
      if (ops[i] != op_import)
        g_assert_true (op_import (diary, parent, &error));
      arm (FAULT_SHORT, -1);
      g_assert_true (ops[i](diary, parent, &error));
      disarm ();
      g_assert_no_error (error);
      g_assert_cmpuint (n_short_writes, >, before);
      daybook_diary_close (diary);
      check_after (dir, ops[i], TRUE);
      daybook_test_rm_rf (parent);
    }
}

static gboolean
opens_with (const char *dir, const char *passphrase)
{
  g_autoptr (DaybookSecret) secret = daybook_test_secret (passphrase);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookDiary) diary = daybook_diary_open (dir, secret, &error);

  if (diary == NULL)
    {
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
      return FALSE;
    }
  daybook_diary_close (diary);
  return TRUE;
}

/* Each of keys and keys.bak on its own is a whole key file; no temporary
 * file is left beside them. */
static void
check_key_files (const char *dir)
{
  const char *names[] = { "keys", "keys.bak" };
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr (GBytes) bytes = daybook_test_read (path);
      g_autoptr (GError) error = NULL;
      g_autoptr (DaybookKeyfile) keyfile = daybook_keyfile_parse (g_bytes_get_data (bytes, NULL),
                                                                  g_bytes_get_size (bytes), &error);

      g_assert_no_error (error);
      g_assert_nonnull (keyfile);
    }
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_null (strstr (name, ".tmp-"));
}

/* A passphrase change meets a failing write or fsync of the key file at
 * every point: a clear error when it did not happen, and exactly one of the
 * old and the new passphrase opens the diary, whichever the result said. */
static void
test_passwd_writes (void)
{
  for (int n = 0; n < 100; n++)
    {
      g_autofree char *dir = daybook_test_copy_fast_template ();
      g_autoptr (DaybookSecret) old_secret = daybook_test_secret (TEST_PASSPHRASE);
      g_autoptr (DaybookSecret) new_secret = daybook_test_secret ("a new passphrase, long enough");
      g_autoptr (GError) error = NULL;
      gboolean ok, hit, old_opens, new_opens;

      arm (FAULT_FILE, n);
      ok = daybook_change_passphrase (dir, DAYBOOK_SLOT_PASSPHRASE, old_secret, new_secret, &error);
      hit = fault_hit;
      disarm ();

      if (!ok)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == DAYBOOK_ERROR);
          g_assert_cmpuint (strlen (error->message), >, 10);
        }
      check_key_files (dir);
      old_opens = opens_with (dir, TEST_PASSPHRASE);
      new_opens = opens_with (dir, "a new passphrase, long enough");
      g_assert_true (old_opens != new_opens);
      /* What the user was told is what happened. */
      g_assert_true (new_opens == ok);
      if (!ok)
        check_after (dir, NULL, TRUE);
      daybook_test_rm_copy (dir);
      if (!hit)
        {
          g_assert_true (ok);
          g_test_message ("%d key file writes and syncs", n);
          return;
        }
    }
  g_assert_not_reached ();
}

/* A read failing while the diary opens: an error, and the next open works. */
static void
test_open_reads (void)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);

  for (int n = 0; n < 200; n++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DaybookDiary) diary = NULL;
      gboolean hit;

      arm (FAULT_READ | FAULT_WRITE | FAULT_SYNC, n);
      diary = daybook_diary_open (dir, pass, &error);
      hit = fault_hit;
      disarm ();
      if (diary == NULL)
        g_assert_nonnull (error);
      else
        daybook_diary_close (diary);
      check_after (dir, NULL, TRUE);
      if (!hit)
        break;
    }
  daybook_test_rm_copy (dir);
}

static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { GPOINTER_TO_UINT (data), GPOINTER_TO_UINT (data) };

  /* write() then fails with EFBIG instead of the process being killed. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* The real `daybook-cli passwd` on a disk that takes no more than a few
 * bytes per file: it says so, fails, and the old passphrase still opens. */
static void
test_passwd_cli (void)
{
  const guint limits[] = { 0, 64 };

  g_assert_nonnull (g_getenv ("DAYBOOK_CLI")); /* meson sets it: never skipped */

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autofree char *dir = daybook_test_copy_fast_template ();
      g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
          G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
          | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr (GSubprocess) proc = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *out = NULL, *err = NULL;
      g_autofree char *input
          = g_strdup_printf ("%s\n%s\n", TEST_PASSPHRASE, "a new passphrase, long enough");

      g_subprocess_launcher_set_child_setup (launcher, limit_file_size,
                                             GUINT_TO_POINTER (limits[i]), NULL);
      proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DAYBOOK_CLI"), "--diary",
                                          dir, "--passphrase-fd", "0", "passwd",
                                          "--new-passphrase-fd", "0", NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (proc, input, NULL, &out, &err, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (proc));
      g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
      g_assert_nonnull (strstr (err, "Could not write the key file"));

      check_key_files (dir);
      g_assert_true (opens_with (dir, TEST_PASSPHRASE));
      g_assert_false (opens_with (dir, "a new passphrase, long enough"));
      daybook_test_rm_copy (dir);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  install_vfs ();

  g_test_add_func ("/faults/add/writes", test_add_writes);
  g_test_add_func ("/faults/add/syncs", test_add_syncs);
  g_test_add_func ("/faults/add/reads", test_add_reads);
  g_test_add_func ("/faults/add/files", test_add_files);
  g_test_add_func ("/faults/edit", test_edit_writes);
  g_test_add_func ("/faults/delete", test_delete_writes);
  g_test_add_func ("/faults/backup", test_backup_io);
  g_test_add_func ("/faults/import/writes", test_import_writes);
  g_test_add_func ("/faults/import/reads", test_import_reads);
  g_test_add_func ("/faults/import/unclear-commit", test_import_unclear_commit);
  g_test_add_func ("/faults/export", test_export_io);
  g_test_add_func ("/faults/bundle", test_bundle_io);
  g_test_add_func ("/faults/short-writes", test_short_writes);
  g_test_add_func ("/faults/passwd", test_passwd_writes);
  g_test_add_func ("/faults/passwd-cli", test_passwd_cli);
  g_test_add_func ("/faults/open", test_open_reads);

  return g_test_run ();
}
