/* test-attachments-cli.c — evidence through the real daybook-cli, crashes
 * and a full disk included
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "daybook-attachment.h"
#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-test-util.h"

#define PASS TEST_PASSPHRASE "\n"

typedef struct
{
  char *dir;
  char *files;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
  f->files = daybook_test_make_tmpdir ();
}

static void
teardown (Fixture *f, gconstpointer data)
{
  daybook_test_rm_copy (f->dir);
  daybook_test_rm_rf (f->files);
  g_free (f->dir);
  g_free (f->files);
}

static int
cli (Fixture *f, char **out, char **err, ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = daybook_test_cli_diary_valist (f->dir, PASS, out, err, ap);
  va_end (ap);
  return status;
}

static char *
write_file (Fixture *f, const char *name, gsize len)
{
  char *path = g_build_filename (f->files, name, NULL);
  g_autofree guint8 *data = g_malloc (MAX (len, 1));

  for (gsize i = 0; i < len; i++)
    data[i] = (i * 7919 + len) & 0xff;
  g_assert_true (g_file_set_contents (path, (char *)data, len, NULL));
  return path;
}

static void
assert_one_sentence (const char *err)
{
  g_assert_true (g_str_has_prefix (err, "daybook-cli: "));
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
}

/* Opened through the core afterwards: structure, history, nothing stray. */
/* Files in the evidence folder, and how many of them are `.part`. */
static guint
count_evidence (Fixture *f, guint *parts)
{
  g_autofree char *folder = g_build_filename (f->dir, DAYBOOK_BLOB_DIR, NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  *parts = 0;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      n++;
      if (g_str_has_suffix (name, ".part"))
        (*parts)++;
    }
  return n;
}

/* Seen from a fresh open: verify passes, and each attachment has its one
 * finished evidence file, with no half-written one left over. */
static void
assert_consistent (Fixture *f, gint64 attachments)
{
  guint parts;
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (DaybookStmt) stmt = NULL;

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *)problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);

  _daybook_diary_lock (diary);
  stmt = _daybook_sql_prepare (_daybook_diary_get_db (diary),
                               "SELECT (SELECT count(*) FROM attachments),"
                               " (SELECT count(*) FROM attachment_chunks WHERE attachment_id NOT "
                               "IN (SELECT id FROM attachments)),"
                               " (SELECT count(*) FROM attachment_chunks)",
                               NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  if (attachments >= 0)
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, attachments);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, 0);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 0);
  g_assert_cmpint (count_evidence (f, &parts), ==, sqlite3_column_int64 (stmt, 0));
  g_assert_cmpint (parts, ==, 0);
  _daybook_diary_unlock (diary);
}

static void
test_attach_list_export (Fixture *f, gconstpointer data)
{
  g_autofree char *a = write_file (f, "first.bin", 300000);
  g_autofree char *b = write_file (f, "second.bin", 10);
  g_autofree char *out = g_build_filename (f->files, "copy", NULL);
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) original = NULL;
  g_autoptr (GBytes) copy = NULL;
  JsonObject *first;

  g_assert_cmpint (cli (f, &stdout_text, NULL, "add", "--title", "Outside", "--text", "x", NULL),
                   ==, 0);
  g_clear_pointer (&stdout_text, g_free);
  g_assert_cmpint (cli (f, &stdout_text, &stderr_text, "attach", "1", a, b, NULL), ==, 0);
  g_assert_cmpstr (stdout_text, ==, "EX/1\nEX/2\n");
  g_assert_true (stderr_text == NULL || stderr_text[0] == '\0');
  g_clear_pointer (&stdout_text, g_free);

  g_assert_cmpint (cli (f, &stdout_text, NULL, "attachments", "1", "--json", NULL), ==, 0);
  root = json_from_string (stdout_text, NULL);
  g_assert_nonnull (root);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  first = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "mark"), ==, "EX/1");
  g_assert_cmpstr (json_object_get_string_member (first, "filename"), ==, "first.bin");
  g_assert_cmpint (json_object_get_int_member (first, "size"), ==, 300000);
  g_assert_cmpint (strlen (json_object_get_string_member (first, "sha256")), ==, 64);
  g_assert_true (json_object_has_member (first, "imported_at"));
  g_assert_true (json_object_has_member (first, "taken_at"));
  g_assert_cmpint (
      json_array_get_int_element (json_object_get_array_member (first, "incidents"), 0), ==, 1);

  g_assert_cmpint (cli (f, NULL, NULL, "export-attachment", "EX/1", out, NULL), ==, 0);
  original = daybook_test_read (a);
  copy = daybook_test_read (out);
  g_assert_true (g_bytes_equal (original, copy));

  /* Never over an existing file, unless asked. */
  g_assert_cmpint (cli (f, NULL, &stderr_text, "export-attachment", "2", out, NULL), ==, 1);
  assert_one_sentence (stderr_text);
  g_assert_nonnull (strstr (stderr_text, "--force"));
  g_assert_cmpint (cli (f, NULL, NULL, "export-attachment", "--force", "2", out, NULL), ==, 0);
  g_clear_pointer (&copy, g_bytes_unref);
  copy = daybook_test_read (out);
  g_assert_cmpuint (g_bytes_get_size (copy), ==, 10);
}

static void
test_unlinked_and_link (Fixture *f, gconstpointer data)
{
  g_autofree char *a = write_file (f, "later.bin", 100);
  g_autofree char *stdout_text = NULL;

  g_assert_cmpint (cli (f, NULL, NULL, "add", "--title", "t", "--text", "x", NULL), ==, 0);
  g_assert_cmpint (cli (f, &stdout_text, NULL, "attach", "0", a, NULL), ==, 0);
  g_clear_pointer (&stdout_text, g_free);
  g_assert_cmpint (cli (f, &stdout_text, NULL, "attachments", "--unlinked", NULL), ==, 0);
  g_assert_nonnull (strstr (stdout_text, "EX/1"));
  g_clear_pointer (&stdout_text, g_free);
  g_assert_cmpint (cli (f, NULL, NULL, "link", "EX/1", "1", NULL), ==, 0);
  g_assert_cmpint (cli (f, &stdout_text, NULL, "attachments", "--unlinked", NULL), ==, 0);
  g_assert_null (strstr (stdout_text, "EX/1"));
  assert_consistent (f, 1);
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->files, "gone.jpg", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (cli (f, NULL, &err, "attach", "0", missing, NULL), ==, 1);
  assert_one_sentence (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "attach", "0", f->files, NULL), ==, 2);
  assert_one_sentence (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "attach", "7", f->files + 0, NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "attach", "x", missing, NULL), ==, 2);
  assert_one_sentence (err);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "export-attachment", "EX/9", missing, NULL), ==, 1);
  assert_one_sentence (err);
  assert_consistent (f, 0);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

static GSubprocess *
spawn_attach (Fixture *f, const char *path, GSubprocessLauncher *launcher)
{
  g_autofree char *input = g_build_filename (f->files, "stdin", NULL);
  g_autoptr (GError) error = NULL;
  GSubprocess *proc;

  g_assert_true (g_file_set_contents (input, PASS, -1, NULL));
  g_subprocess_launcher_set_stdin_file_path (launcher, input);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DAYBOOK_CLI"), "--diary", f->dir,
                                      "--passphrase-fd", "0", "attach", "0", path, NULL);
  g_assert_no_error (error);
  return proc;
}

/* Killed in the middle of a large import: the next open finds the diary
 * whole, with no half attachment and no orphan chunks. */
/* The size of the `.part` file an import is writing, or 0. */
static goffset
part_size (Fixture *f)
{
  g_autofree char *folder = g_build_filename (f->dir, DAYBOOK_BLOB_DIR, NULL);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".part"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);

        return file_size (path);
      }
  return 0;
}

/* Starts a 128 MiB import and kills it once 16 MiB of its evidence file
 * are written. Returns whether the kill came in time. */
static gboolean
kill_during_import (Fixture *f, const char *big)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr (GSubprocess) proc = spawn_attach (f, big, launcher);
  gboolean killed = FALSE;

  for (int i = 0; i < 200000 && !killed; i++)
    {
      if (part_size (f) > 16 * 1024 * 1024)
        {
          g_subprocess_send_signal (proc, SIGKILL);
          killed = TRUE;
        }
      else
        g_usleep (100);
    }
  g_subprocess_wait (proc, NULL, NULL);
  return killed && g_subprocess_get_if_signaled (proc);
}

static void
test_sigkill (Fixture *f, gconstpointer data)
{
  g_autofree char *big = write_file (f, "video.mp4", 128 * 1024 * 1024);
  gint64 attachments = 0;

  /* On a loaded machine the import can finish before the kill: each such
   * run stored the file whole (checked), and the kill is tried again. */
  for (int tries = 0; tries < 5; tries++)
    {
      if (kill_during_import (f, big))
        {
          assert_consistent (f, attachments);
          return;
        }
      attachments = 1; /* the same file again is the same attachment */
      assert_consistent (f, attachments);
    }
  g_error ("Five imports of 128 MiB finished before they could be killed");
}

/* Killed while it writes an exported original: nothing is left in the
 * folder it was writing to, not even a hidden temporary file holding
 * part of the plaintext. */
static void
test_export_sigkill (Fixture *f, gconstpointer data)
{
  g_autofree char *big = write_file (f, "voicemail.wav", 128 * 1024 * 1024);
  g_autofree char *folder = g_build_filename (f->files, "out", NULL);
  g_autofree char *out = g_build_filename (folder, "voicemail.wav", NULL);
  g_autofree char *input = g_build_filename (f->files, "stdin", NULL);

  g_assert_cmpint (cli (f, NULL, NULL, "attach", "0", big, NULL), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (input, PASS, -1, NULL));
  for (int tries = 0; tries < 5; tries++)
    {
      g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
          G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr (GSubprocess) proc = NULL;
      g_autoptr (GError) error = NULL;

      g_subprocess_launcher_set_stdin_file_path (launcher, input);
      proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DAYBOOK_CLI"), "--diary",
                                          f->dir, "--passphrase-fd", "0", "export-attachment",
                                          "--force", "EX/1", out, NULL);
      g_assert_no_error (error);
      if (daybook_test_kill_while_writing (proc, folder, 16 * 1024 * 1024))
        {
          g_assert_cmpuint (daybook_test_count_entries (folder), ==, 0);
          assert_consistent (f, 1);
          return;
        }
      /* It finished first on a loaded machine: the whole copy, then again. */
      g_assert_cmpint (file_size (out), ==, 128 * 1024 * 1024);
      g_assert_cmpint (g_unlink (out), ==, 0);
    }
  g_error ("Five exports of 128 MiB finished before they could be killed");
}

static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit;

  limit.rlim_cur = limit.rlim_max = GPOINTER_TO_SIZE (user_data);
  setrlimit (RLIMIT_FSIZE, &limit);
  /* Writes past the limit then fail (EFBIG) instead of killing the process. */
  signal (SIGXFSZ, SIG_IGN);
  setsid ();
}

/* The disk fills up halfway: an error, nothing half imported, and the
 * diary still opens and verifies. */
static void
test_disk_full (Fixture *f, gconstpointer data)
{
  g_autofree char *big = write_file (f, "recording.wav", 8 * 1024 * 1024);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) proc = NULL;
  g_autofree char *err = NULL;
  gsize limit = 3 * 1024 * 1024;
  guint parts;

  g_subprocess_launcher_set_child_setup (launcher, limit_file_size, GSIZE_TO_POINTER (limit), NULL);
  proc = spawn_attach (f, big, launcher);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, NULL));
  g_assert_false (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  assert_one_sentence (err);
  g_test_message ("%s", err);
  /* The failed import removed its half-written file itself. */
  g_assert_cmpint (count_evidence (f, &parts), ==, 0);
  assert_consistent (f, 0);
}

/* The folders from / down to @path, each made traversable. */
static void
open_path_to (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  while (g_strcmp0 (dir, "/") != 0 && g_strcmp0 (dir, ".") != 0)
    {
      char *up = g_path_get_dirname (dir);
      GStatBuf st;

      g_assert_cmpint (g_stat (dir, &st), ==, 0);
      g_assert_cmpint (g_chmod (dir, st.st_mode | 0711), ==, 0);
      g_free (dir);
      dir = up;
    }
}

static void
chown_tree (const char *path, uid_t uid)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("chown -R %u:%u %s", uid, uid, quoted);
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A file the user may not read is refused in one sentence and nothing is
 * stored. Root reads anything, so as root (CI) the command runs as the
 * user "nobody" through setpriv, with the diary made theirs. */
static void
test_unreadable_original (Fixture *f, gconstpointer data)
{
  g_autofree char *locked = write_file (f, "locked.bin", 10);
  g_autofree char *input = g_build_filename (f->files, "stdin", NULL);
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const uid_t nobody = 65534;

  g_assert_cmpint (g_chmod (locked, 0), ==, 0);
  g_assert_true (g_file_set_contents (input, PASS, -1, NULL));
  g_subprocess_launcher_set_stdin_file_path (launcher, input);
  if (geteuid () == 0)
    {
      open_path_to (f->dir);
      open_path_to (locked);
      chown_tree (f->dir, nobody);
      g_assert_cmpint (chmod (input, 0644), ==, 0);
      g_ptr_array_add (argv, (gpointer) "setpriv");
      g_ptr_array_add (argv, (gpointer) "--reuid=65534");
      g_ptr_array_add (argv, (gpointer) "--regid=65534");
      g_ptr_array_add (argv, (gpointer) "--clear-groups");
      g_ptr_array_add (argv, (gpointer) "--");
    }
  g_ptr_array_add (argv, (gpointer)g_getenv ("DAYBOOK_CLI"));
  g_ptr_array_add (argv, (gpointer) "--diary");
  g_ptr_array_add (argv, f->dir);
  g_ptr_array_add (argv, (gpointer) "--passphrase-fd");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "attach");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, locked);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  assert_one_sentence (err);
  g_assert_nonnull (strstr (err, "locked.bin"));
  if (geteuid () == 0)
    chown_tree (f->dir, 0);
  assert_consistent (f, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/attachments/cli/unreadable-original", test_unreadable_original);
  ADD ("/attachments/cli/attach-list-export", test_attach_list_export);
  ADD ("/attachments/cli/unlinked-and-link", test_unlinked_and_link);
  ADD ("/attachments/cli/bad-input", test_bad_input);
  ADD ("/attachments/cli/sigkill", test_sigkill);
  ADD ("/attachments/cli/export-sigkill", test_export_sigkill);
  ADD ("/attachments/cli/disk-full", test_disk_full);

  return g_test_run ();
}
