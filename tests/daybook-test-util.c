/* daybook-test-util.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include <sodium.h>

#include "daybook-blob.h"
#include "daybook-diary-private.h"
#include "daybook-incident.h"
#include "daybook-person.h"
#include "daybook-keyfile.h"
#include "daybook-test-util.h"

static char *template_dir;
static char *template_code;
static char *fast_template_dir;

char *
daybook_test_make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("daybook-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
daybook_test_rm_rf (const char *dir)
{
  g_autoptr (GDir) d = NULL;
  const char *name;

  if (dir == NULL || (d = g_dir_open (dir, 0, NULL)) == NULL)
    {
      if (dir != NULL)
        g_unlink (dir);
      return;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        daybook_test_rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Removes a copy made by daybook_test_copy_template() or
 * daybook_test_copy_fast_template(): the folder that holds it. */
void
daybook_test_rm_copy (const char *dir)
{
  g_autofree char *parent = dir ? g_path_get_dirname (dir) : NULL;

  daybook_test_rm_rf (parent);
}

static void
remove_template (void)
{
  g_autofree char *parent = template_dir ? g_path_get_dirname (template_dir) : NULL;

  daybook_test_rm_rf (parent);
  g_clear_pointer (&template_dir, g_free);
  g_clear_pointer (&template_code, g_free);
}

DaybookSecret *
daybook_test_secret (const char *text)
{
  return daybook_secret_new_from_data (text, strlen (text));
}

static void
ensure_template (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = NULL;
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autofree char *parent = NULL;

  if (template_dir != NULL)
    return;

  parent = daybook_test_make_tmpdir ();
  template_dir = g_build_filename (parent, "diary", NULL);
  g_free (g_steal_pointer (&parent));
  pass = daybook_test_secret (TEST_PASSPHRASE);
  diary = daybook_diary_create (template_dir, pass, &code, &error);
  g_assert_no_error (error);
  template_code = g_strdup ((const char *)daybook_secret_peek (code));
  daybook_diary_close (diary);
  atexit (remove_template);
}

const char *
daybook_test_recovery_code (void)
{
  ensure_template ();
  return template_code;
}

static void
copy_dir (const char *from_dir, const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (from_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *from = g_build_filename (from_dir, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &data, &len, NULL));
      g_assert_true (
          g_file_set_contents_full (to, data, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    }
}

/**
 * daybook_test_copy_tree:
 *
 * Copies the folder @from, subfolders too, to @to, which must not exist:
 * fixtures under tests/data are only ever read.
 */
void
daybook_test_copy_tree (const char *from, const char *to)
{
  g_autoptr (GDir) d = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  g_assert_cmpint (g_mkdir (to, 0700), ==, 0);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *data = NULL;
      gsize len;

      if (g_file_test (src, G_FILE_TEST_IS_DIR))
        {
          daybook_test_copy_tree (src, dst);
          continue;
        }
      g_assert_true (g_file_get_contents (src, &data, &len, NULL));
      g_assert_true (
          g_file_set_contents_full (dst, data, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    }
}

/**
 * daybook_test_make_fast:
 * @passphrase: the diary's passphrase; a trailing newline is ignored
 *
 * Rewraps the passphrase slot of the key file in @dir with libsodium's
 * smallest Argon2id limits, for a test that opens the diary (a fixture made
 * by an older version, a bundle made by the CLI) many times after its first,
 * real open.
 */
void
daybook_test_make_fast (const char *dir, const char *passphrase)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strndup (passphrase, strcspn (passphrase, "\n"));
  g_autoptr (DaybookSecret) pass = daybook_test_secret (line);
  g_autoptr (DaybookKeyfile) keyfile = daybook_keyfile_load (dir, &error);
  g_autoptr (DaybookSecret) master = NULL;

  g_assert_no_error (error);
  master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, pass, &error);
  g_assert_no_error (error);
  _daybook_keyfile_set_slot_with_limits (keyfile, DAYBOOK_SLOT_PASSPHRASE, pass, master,
                                         crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                                         &error);
  g_assert_no_error (error);
  g_assert_true (daybook_keyfile_store (keyfile, dir, &error));
}

static void
remove_fast_template (void)
{
  g_autofree char *parent = fast_template_dir ? g_path_get_dirname (fast_template_dir) : NULL;

  daybook_test_rm_rf (parent);
  g_clear_pointer (&fast_template_dir, g_free);
}

/**
 * daybook_test_copy_fast_template:
 *
 * Like daybook_test_copy_template(), but the passphrase slot uses
 * libsodium's minimum Argon2id limits, so the copy opens in milliseconds:
 * for tests that open a diary hundreds of times (crash and I/O-error loops).
 *
 * Returns: (transfer full): a new folder holding an empty diary
 */
char *
daybook_test_copy_fast_template (void)
{
  g_autofree char *parent = NULL;
  char *dir;

  if (fast_template_dir == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
      g_autoptr (DaybookKeyfile) keyfile = NULL;
      g_autoptr (DaybookSecret) master = NULL;
      g_autofree char *fast_parent = daybook_test_make_tmpdir ();

      ensure_template ();
      fast_template_dir = g_build_filename (fast_parent, "diary", NULL);
      copy_dir (template_dir, fast_template_dir);
      keyfile = daybook_keyfile_load (fast_template_dir, &error);
      g_assert_no_error (error);
      master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, pass, &error);
      g_assert_no_error (error);
      _daybook_keyfile_set_slot_with_limits (keyfile, DAYBOOK_SLOT_PASSPHRASE, pass, master,
                                             crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                                             &error);
      g_assert_no_error (error);
      g_assert_true (daybook_keyfile_store (keyfile, fast_template_dir, &error));
      atexit (remove_fast_template);
    }

  parent = daybook_test_make_tmpdir ();
  dir = g_build_filename (parent, "diary", NULL);
  copy_dir (fast_template_dir, dir);
  return dir;
}

/**
 * daybook_test_copy_template:
 *
 * Returns: (transfer full): a new folder holding an empty diary whose
 *   passphrase is %TEST_PASSPHRASE
 */
char *
daybook_test_copy_template (void)
{
  g_autofree char *parent = daybook_test_make_tmpdir ();
  char *dir = g_build_filename (parent, "diary", NULL);

  ensure_template ();
  copy_dir (template_dir, dir);
  return dir;
}

DaybookDiary *
daybook_test_open (const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  DaybookDiary *diary = daybook_diary_open (dir, pass, &error);

  g_assert_no_error (error);
  g_assert_nonnull (diary);
  return diary;
}

GBytes *
daybook_test_read (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&data), len);
}

/* Whether any file under @dir contains @needle as bytes. */
gboolean
daybook_test_dir_contains (const char *dir, const char *needle)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (GBytes) bytes = NULL;
      gsize len;
      const char *data;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (daybook_test_dir_contains (path, needle))
            return TRUE;
          continue;
        }
      bytes = daybook_test_read (path);
      if (bytes == NULL)
        continue;
      data = g_bytes_get_data (bytes, &len);
      if (len > 0 && memmem (data, len, needle, strlen (needle)) != NULL)
        return TRUE;
    }
  return FALSE;
}

void
daybook_test_flip_byte (const char *path, goffset offset)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpint (offset, <, (goffset)len);
  data[offset] ^= 0x5a;
  g_assert_true (g_file_set_contents_full (path, data, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
}

/* The files in the evidence folder of the diary in @dir, by full path. */
GPtrArray *
daybook_test_list_evidence (const char *dir)
{
  g_autofree char *folder = g_build_filename (dir, DAYBOOK_BLOB_DIR, NULL);
  g_autoptr (GDir) d = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_build_filename (folder, name, NULL));
  return names;
}

/* The one number @sql selects from the open @diary's database. */
gint64
daybook_test_sql_count (DaybookDiary *diary, const char *sql)
{
  g_auto (DaybookStmt) stmt = NULL;
  gint64 n;

  _daybook_diary_lock (diary);
  stmt = _daybook_sql_prepare (_daybook_diary_get_db (diary), sql, NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  _daybook_diary_unlock (diary);
  return n;
}

/**
 * daybook_test_add_entries:
 *
 * Saves the person @entries->person, then three entries on 10, 11 and 12
 * November 2026 at 21:40 in Europe/London, each titled @entries->title with
 * "%u" replaced by its number, with the narrative, location and behaviour
 * types given (a %NULL text is left unset), the second private if
 * @entries->second_private.
 */
void
daybook_test_add_entries (DaybookDiary *diary, const DaybookTestEntries *entries)
{
  g_autoptr (GTimeZone) zone = daybook_time_zone_lookup ("Europe/London");
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookPerson) person = daybook_person_new (entries->person);

  g_assert_true (daybook_diary_save_person (diary, person, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      g_autofree char *when = g_strdup_printf ("2026-11-%02u 21:40", 10 + i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_auto (GStrv) parts = g_strsplit (entries->title, "%u", -1);
      g_autofree char *title = g_strjoinv (number, parts);
      DaybookWhen start = { 0 };

      g_assert_true (daybook_when_parse (when, zone, &start, NULL, &error));
      daybook_incident_set_title (incident, title);
      if (entries->narrative != NULL)
        daybook_incident_set_narrative (incident, entries->narrative);
      if (entries->location != NULL)
        daybook_incident_set_location (incident, entries->location);
      daybook_incident_set_start (incident, &start);
      daybook_incident_set_types (incident, entries->types);
      daybook_incident_set_private (incident, entries->second_private && i == 1);
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
      g_assert_no_error (error);
      daybook_when_clear (&start);
    }
}

static void
detach (gpointer user_data)
{
  setsid ();
}

int
daybook_test_cli_argv (const char *input, char **out, char **err, const char *const *argv)
{
  return daybook_test_cli_wrapped (NULL, input, out, err, argv);
}

/* daybook_test_cli_argv() run under @wrapper (NULL-terminated, e.g. strace
 * and its options), which must exec the CLI itself. */
int
daybook_test_cli_wrapped (const char *const *wrapper, const char *input, char **out, char **err,
                          const char *const *argv)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autofree char *input_dir = NULL;
  g_autofree char *input_path = NULL;
  g_autoptr (GBytes) stdout_bytes = NULL;
  g_autoptr (GBytes) stderr_bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  const char *cli = g_getenv ("DAYBOOK_CLI");

  g_assert_nonnull (cli);
  for (guint i = 0; wrapper != NULL && wrapper[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer)wrapper[i]);
  g_ptr_array_add (args, (gpointer)cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer)argv[i]);
  g_ptr_array_add (args, NULL);

  /* Standard input from a file, as `< file` would: the CLI may refuse bad
   * options before it reads any of it. */
  input_dir = daybook_test_make_tmpdir ();
  input_path = g_build_filename (input_dir, "stdin", NULL);
  g_assert_true (g_file_set_contents (input_path, input ? input : "", -1, NULL));
  launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  g_subprocess_launcher_setenv (launcher, "TZ", "Europe/London", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DAYBOOK_DIARY");
  /* LeakSanitizer cannot run under ptrace (strace): in an ASan build the
   * wrapped CLI is checked for everything else, not for leaks. */
  if (wrapper != NULL)
    {
      const char *asan = g_getenv ("ASAN_OPTIONS");
      g_autofree char *options
          = g_strconcat (asan != NULL && *asan != '\0' ? asan : "",
                         asan != NULL && *asan != '\0' ? ":" : "", "detect_leaks=0", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }
  /* No controlling terminal: the CLI must never wait on one in a test. */
  g_subprocess_launcher_set_child_setup (launcher, detach, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *)args->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate (proc, NULL, NULL, &stdout_bytes, &stderr_bytes, &error);
  g_assert_no_error (error);
  daybook_test_rm_rf (input_dir);

  if (out != NULL)
    *out = g_strndup (g_bytes_get_data (stdout_bytes, NULL), g_bytes_get_size (stdout_bytes));
  if (err != NULL)
    *err = g_strndup (g_bytes_get_data (stderr_bytes, NULL), g_bytes_get_size (stderr_bytes));

  if (g_subprocess_get_if_signaled (proc))
    g_error ("daybook-cli was killed by signal %d; it said:\n%.*s",
             g_subprocess_get_term_sig (proc), (int)MIN (g_bytes_get_size (stderr_bytes), 4000),
             (const char *)g_bytes_get_data (stderr_bytes, NULL));
  return g_subprocess_get_exit_status (proc);
}

int
daybook_test_cli (const char *input, char **out, char **err, const char *first_arg, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return daybook_test_cli_argv (input, out, err, (const char *const *)args->pdata);
}

int
daybook_test_cli_diary_valist (const char *dir, const char *input, char **out, char **err,
                               va_list args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) "--diary");
  g_ptr_array_add (argv, (gpointer)dir);
  g_ptr_array_add (argv, (gpointer) "--passphrase-fd");
  g_ptr_array_add (argv, (gpointer) "0");
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  g_ptr_array_add (argv, NULL);

  return daybook_test_cli_argv (input, out, err, (const char *const *)argv->pdata);
}

/* Whether process @pid holds open a file in @folder of @min_size bytes or
 * more: O_TMPFILE files show as "FOLDER/#INODE (deleted)". */
static gboolean
writes_into (const char *pid, const char *folder, goffset min_size)
{
  g_autofree char *fds = g_build_filename ("/proc", pid, "fd", NULL);
  g_autofree char *prefix = g_strconcat (folder, "/", NULL);
  g_autoptr (GDir) dir = g_dir_open (fds, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *fd = g_build_filename (fds, name, NULL);
      g_autofree char *target = g_file_read_link (fd, NULL);
      GStatBuf st;

      if (target != NULL && g_str_has_prefix (target, prefix) && g_stat (fd, &st) == 0
          && S_ISREG (st.st_mode) && st.st_size >= min_size)
        return TRUE;
    }
  return FALSE;
}

gboolean
daybook_test_kill_while_writing (GSubprocess *proc, const char *folder, goffset min_size)
{
  const char *pid = g_subprocess_get_identifier (proc);
  g_autofree char *real = realpath (folder, NULL);
  gboolean killed = FALSE;

  g_assert_nonnull (pid);
  g_assert_nonnull (real);
  for (int i = 0; i < 600000 && !killed; i++)
    {
      if (writes_into (pid, real, min_size))
        {
          g_subprocess_send_signal (proc, SIGKILL);
          killed = TRUE;
        }
      else if (g_subprocess_get_identifier (proc) == NULL)
        break;
      else
        g_usleep (50);
    }
  g_subprocess_wait (proc, NULL, NULL);
  return killed && g_subprocess_get_if_signaled (proc)
         && g_subprocess_get_term_sig (proc) == SIGKILL;
}

guint
daybook_test_count_entries (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/**
 * daybook_test_sqlcipher:
 * @dir: a diary folder whose diary is closed
 * @sql: statements for the shell
 * @out: (out) (optional): what the shell printed
 *
 * Runs @sql in the stock `sqlcipher` shell on @dir's database, opened with
 * its raw key as anyone holding the passphrase could: the way a row is
 * altered behind Daybook's back. Fails the test when the shell is missing
 * (tools/install-deps installs it) or a statement fails.
 */
void
daybook_test_sqlcipher (const char *dir, const char *passphrase, const char *sql, char **out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (passphrase);
  g_autoptr (DaybookSecret) master = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autofree char *db = g_build_filename (dir, "diary.db", NULL);
  g_autofree char *sqlcipher = g_find_program_in_path ("sqlcipher");
  g_autofree char *script = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  guint8 key[32];
  char hex[65];

  g_assert_nonnull (sqlcipher);
  keyfile = daybook_keyfile_load (dir, &error);
  g_assert_no_error (error);
  master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, pass, &error);
  g_assert_no_error (error);
  daybook_derive_subkey (master, 1, "dbkey___", key, sizeof key);
  sodium_bin2hex (hex, sizeof hex, key, sizeof key);
  sodium_memzero (key, sizeof key);
  script = g_strdup_printf (".bail on\nPRAGMA key = \"x'%s'\";\nPRAGMA cipher_page_size = 4096;\n"
                            "%s\n",
                            hex, sql);
  sodium_memzero (hex, sizeof hex);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                           &error, sqlcipher, db, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, script, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    g_error ("sqlcipher failed on “%s”: %s", sql, stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
}
