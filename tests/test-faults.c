/* test-faults.c — failing disks: every write, sync or read that can fail, does
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A test VFS wraps the real one and fails the Nth write, sync or read. Each
 * operation is run again and again with N = 1, 2, 3… until it gets through
 * without meeting the fault. Every time: no crash, a clear error, nothing
 * half-written, and the diary opens and verifies afterwards.
 */

#include "config.h"

#include <sqlite3.h>

#include "daybook-backup.h"
#include "daybook-error.h"
#include "daybook-test-util.h"

enum { FAULT_WRITE = 1, FAULT_SYNC = 2, FAULT_READ = 4 };

typedef struct
{
  sqlite3_file  base;
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
  return ((FaultFile *) f)->real;
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
    return SQLITE_IOERR_READ;
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

static int f_size (sqlite3_file *f, sqlite3_int64 *size) { return real_of (f)->pMethods->xFileSize (real_of (f), size); }
static int f_lock (sqlite3_file *f, int l) { return real_of (f)->pMethods->xLock (real_of (f), l); }
static int f_unlock (sqlite3_file *f, int l) { return real_of (f)->pMethods->xUnlock (real_of (f), l); }
static int f_check (sqlite3_file *f, int *out) { return real_of (f)->pMethods->xCheckReservedLock (real_of (f), out); }
static int f_control (sqlite3_file *f, int op, void *arg) { return real_of (f)->pMethods->xFileControl (real_of (f), op, arg); }
static int f_sector (sqlite3_file *f) { return real_of (f)->pMethods->xSectorSize (real_of (f)); }
static int f_chars (sqlite3_file *f) { return real_of (f)->pMethods->xDeviceCharacteristics (real_of (f)); }
static int f_shm_map (sqlite3_file *f, int pg, int sz, int ext, void volatile **pp) { return real_of (f)->pMethods->xShmMap (real_of (f), pg, sz, ext, pp); }
static int f_shm_lock (sqlite3_file *f, int off, int n, int flags) { return real_of (f)->pMethods->xShmLock (real_of (f), off, n, flags); }
static void f_shm_barrier (sqlite3_file *f) { real_of (f)->pMethods->xShmBarrier (real_of (f)); }
static int f_shm_unmap (sqlite3_file *f, int del) { return real_of (f)->pMethods->xShmUnmap (real_of (f), del); }
static int f_fetch (sqlite3_file *f, sqlite3_int64 off, int amt, void **pp) { *pp = NULL; return SQLITE_OK; }
static int f_unfetch (sqlite3_file *f, sqlite3_int64 off, void *p) { return SQLITE_OK; }

static int
f_open (sqlite3_vfs  *vfs,
        const char   *name,
        sqlite3_file *file,
        int           flags,
        int          *out_flags)
{
  FaultFile *ff = (FaultFile *) file;
  int rc;

  ff->real = (sqlite3_file *) (ff + 1);
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
  fault_vfs.szOsFile = (int) sizeof (FaultFile) + real_vfs->szOsFile;
  fault_vfs.xOpen = f_open;

  fault_methods = (sqlite3_io_methods) {
    .iVersion = 3, .xClose = f_close, .xRead = f_read, .xWrite = f_write, .xTruncate = f_truncate,
    .xSync = f_sync, .xFileSize = f_size, .xLock = f_lock, .xUnlock = f_unlock,
    .xCheckReservedLock = f_check, .xFileControl = f_control, .xSectorSize = f_sector,
    .xDeviceCharacteristics = f_chars, .xShmMap = f_shm_map, .xShmLock = f_shm_lock,
    .xShmBarrier = f_shm_barrier, .xShmUnmap = f_shm_unmap, .xFetch = f_fetch, .xUnfetch = f_unfetch,
  };
  g_assert_cmpint (sqlite3_vfs_register (&fault_vfs, 1), ==, SQLITE_OK);
}

static void
arm (int kinds,
     int n)
{
  fault_kinds = kinds;
  fault_countdown = n;
  fault_hit = FALSE;
}

static void
disarm (void)
{
  fault_countdown = -1;
}

typedef gboolean (*Operation) (DaybookDiary *diary, const char *scratch, GError **error);

static DaybookIncident *
sample (const char *title)
{
  DaybookIncident *incident = daybook_incident_new ();
  DaybookWhen when = { 1767261600, 0, (char *) "Europe/London" };

  daybook_incident_set_start (incident, &when);
  daybook_incident_set_title (incident, title);
  daybook_incident_set_narrative (incident, "The account of what happened, long enough to span pages. ");
  daybook_incident_add_person (incident, "New Person", DAYBOOK_ROLE_WITNESS);
  return incident;
}

static gboolean
op_add (DaybookDiary *diary, const char *scratch, GError **error)
{
  g_autoptr(DaybookIncident) incident = sample ("added under fault");
  return daybook_diary_save_incident (diary, incident, error);
}

static gboolean
op_edit (DaybookDiary *diary, const char *scratch, GError **error)
{
  g_autoptr(DaybookIncident) incident = daybook_diary_get_incident (diary, 1, error);

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

/* What the operation left, seen from a fresh open: its effect whole, or none. */
static void
check_after (const char *dir,
             Operation   op,
             gboolean    succeeded)
{
  g_autoptr(DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DaybookIncident) first = NULL;
  guint count = daybook_diary_count_incidents (diary);

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *) problems->pdata[i]);
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
  else if (op == op_backup)
    g_assert_cmpuint (count, ==, 1);
  else
    g_assert_cmpuint (count, ==, 0);
  daybook_diary_close (diary);
}

static void
run_faults (Operation op,
            int       kinds)
{
  guint failures = 0;

  for (int n = 0; n < 2000; n++)
    {
      g_autofree char *dir = daybook_test_copy_fast_template ();
      g_autofree char *parent = g_path_get_dirname (dir);
      g_autoptr(DaybookDiary) diary = daybook_test_open (dir);
      g_autoptr(DaybookIncident) first = sample ("first");
      g_autoptr(GError) error = NULL;
      gboolean ok, hit;

      g_assert_true (daybook_diary_save_incident (diary, first, &error));

      arm (kinds, n);
      ok = op (diary, parent, &error);
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
      daybook_diary_close (diary);
      check_after (dir, op, ok);
      daybook_test_rm_rf (parent);

      if (!hit)
        {
          g_assert_true (ok);
          g_test_message ("%d I/O calls, %u failed runs", n, failures);
          return;
        }
    }
  g_assert_not_reached ();
}

static void test_add_writes (void) { run_faults (op_add, FAULT_WRITE); }
static void test_add_syncs (void) { run_faults (op_add, FAULT_SYNC); }
static void test_add_reads (void) { run_faults (op_add, FAULT_READ); }
static void test_edit_writes (void) { run_faults (op_edit, FAULT_WRITE | FAULT_SYNC); }
static void test_delete_writes (void) { run_faults (op_delete, FAULT_WRITE | FAULT_SYNC); }
static void test_backup_io (void) { run_faults (op_backup, FAULT_WRITE | FAULT_SYNC | FAULT_READ); }

/* A read failing while the diary opens: an error, and the next open works. */
static void
test_open_reads (void)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autoptr(DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);

  for (int n = 0; n < 200; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DaybookDiary) diary = NULL;
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
  daybook_test_rm_rf (parent);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  install_vfs ();

  g_test_add_func ("/faults/add/writes", test_add_writes);
  g_test_add_func ("/faults/add/syncs", test_add_syncs);
  g_test_add_func ("/faults/add/reads", test_add_reads);
  g_test_add_func ("/faults/edit", test_edit_writes);
  g_test_add_func ("/faults/delete", test_delete_writes);
  g_test_add_func ("/faults/backup", test_backup_io);
  g_test_add_func ("/faults/open", test_open_reads);

  return g_test_run ();
}
