/* test-crash.c — a diary killed at any moment loses nothing it confirmed
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A child process saves entries in a loop and is killed with SIGKILL at a
 * random moment, DAYBOOK_CRASH_RUNS times (200 by default; `make stress`
 * runs more). After each kill the diary must open, pass integrity_check and
 * verify, and hold every save the child saw return.
 */

#include "config.h"

#include <signal.h>

#include "daybook-error.h"
#include "daybook-test-util.h"

static GHashTable *
run_and_kill (const char *dir, guint delay_us)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *child = g_test_build_filename (G_TEST_BUILT, "crash-child", NULL);
  g_autoptr (GSubprocess) proc = g_subprocess_new (
      G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, child, dir, NULL);
  g_autoptr (GDataInputStream) out = NULL;
  GHashTable *acked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *ready = NULL;
  char *line;

  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (proc), TEST_PASSPHRASE "\n",
                             strlen (TEST_PASSPHRASE) + 1, NULL, NULL, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  ready = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_cmpstr (ready, ==, "READY");

  g_usleep (delay_us);
  g_subprocess_send_signal (proc, SIGKILL);

  while ((line = g_data_input_stream_read_line (out, NULL, NULL, NULL)) != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (line, " ", 3);
      gint64 *number = g_new (gint64, 1);

      g_free (line);
      if (g_strv_length (parts) != 3 || g_strcmp0 (parts[0], "ACK") != 0)
        {
          g_free (number); /* a line cut by the kill was never acknowledged */
          continue;
        }
      *number = g_ascii_strtoll (parts[1], NULL, 10);
      g_hash_table_insert (acked, number, g_strdup (parts[2]));
    }
  g_subprocess_wait (proc, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (proc));
  return acked;
}

static void
check_diary (const char *dir, GHashTable *acked)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (char *)problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);

  g_hash_table_iter_init (&iter, acked);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr (DaybookIncident) incident
          = daybook_diary_get_incident (diary, *(gint64 *)key, &error);

      g_autofree char *edited = g_strconcat (value, "-edited", NULL);
      const char *title;

      g_assert_no_error (error);
      /* A save that committed just before the kill, unconfirmed, may be
       * newer than the last one confirmed: never older. */
      title = daybook_incident_get_title (incident);
      if (g_strcmp0 (title, edited) != 0)
        g_assert_cmpstr (title, ==, value);
    }
  daybook_diary_close (diary);
}

static void
test_sigkill_loop (void)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autoptr (GHashTable) all = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  const char *env = g_getenv ("DAYBOOK_CRASH_RUNS");
  guint runs = env ? (guint)g_ascii_strtoull (env, NULL, 10) : 200;
  guint total_acked = 0;

  for (guint run = 0; run < runs; run++)
    {
      g_autoptr (GHashTable) acked = run_and_kill (dir, g_test_rand_int_range (0, 40000));
      GHashTableIter iter;
      gpointer key, value;

      /* What this run confirmed joins what earlier runs confirmed. */
      g_hash_table_iter_init (&iter, acked);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_hash_table_iter_steal (&iter);
          g_hash_table_replace (all, key, value);
          total_acked++;
        }
      check_diary (dir, all);
    }

  g_test_message ("%u runs, %u confirmed saves, %u entries", runs, total_acked,
                  g_hash_table_size (all));
  g_assert_cmpuint (g_hash_table_size (all), >, 0);
  daybook_test_rm_copy (dir);
}

static gboolean
opens_with (const char *dir, const char *passphrase)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (passphrase);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookDiary) diary = daybook_diary_open (dir, pass, &error);
  g_autoptr (GPtrArray) problems = NULL;

  if (diary == NULL)
    {
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
      return FALSE;
    }
  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (daybook_diary_count_incidents (diary), ==, 3);
  daybook_diary_close (diary);
  return TRUE;
}

/* A passphrase change killed at any moment: afterwards exactly one of the
 * old and the new passphrase opens the diary, and everything is there. */
static void
test_sigkill_passwd (void)
{
  const char *env = g_getenv ("DAYBOOK_PASSWD_RUNS");
  guint runs = env ? (guint)g_ascii_strtoull (env, NULL, 10) : 20;
  guint old_won = 0, new_won = 0;

  for (guint run = 0; run < runs; run++)
    {
      g_autofree char *dir = daybook_test_copy_fast_template ();
      g_autofree char *parent = g_path_get_dirname (dir);
      g_autofree char *input = g_build_filename (parent, "input", NULL);
      g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
      g_autoptr (GSubprocessLauncher) launcher = NULL;
      g_autoptr (GSubprocess) proc = NULL;
      g_autoptr (GError) error = NULL;
      gboolean old_opens, new_opens;

      for (int i = 0; i < 3; i++)
        {
          g_autoptr (DaybookIncident) incident = daybook_incident_new ();
          DaybookWhen when = { 1767261600 + i, 0, NULL };

          daybook_incident_set_start (incident, &when);
          g_assert_true (daybook_diary_save_incident (diary, incident, &error));
        }
      daybook_diary_close (diary);

      g_assert_true (g_file_set_contents (input, TEST_PASSPHRASE "\nthe new one\n", -1, NULL));
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                            | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_subprocess_launcher_set_stdin_file_path (launcher, input);
      proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DAYBOOK_CLI"), "--diary",
                                          dir, "--passphrase-fd", "0", "passwd",
                                          "--new-passphrase-fd", "0", NULL);
      g_assert_no_error (error);
      g_usleep (g_test_rand_int_range (0, 900000));
      g_subprocess_send_signal (proc, SIGKILL);
      g_subprocess_wait (proc, NULL, NULL);

      old_opens = opens_with (dir, TEST_PASSPHRASE);
      new_opens = opens_with (dir, "the new one");
      g_assert_true (old_opens != new_opens);
      old_won += old_opens;
      new_won += new_opens;
      daybook_test_rm_rf (parent);
    }
  g_test_message ("%u runs: the old passphrase held %u times, the new one %u times", runs, old_won,
                  new_won);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/sigkill-while-saving", test_sigkill_loop);
  g_test_add_func ("/crash/sigkill-during-passwd", test_sigkill_passwd);
  return g_test_run ();
}
