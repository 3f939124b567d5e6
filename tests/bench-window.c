/* bench-window.c — unlock to the timeline's first screen, and the window's
 * memory, with a 10,000-entry demo diary
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (make bench does it). Prints figures and asserts nothing
 * about time. Target (issue 3): resident memory of the window < 150 MB.
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daybook-application.h"
#include "daybook-demo.h"
#include "daybook-main-view.h"
#include "daybook-timeline.h"
#include "daybook-window.h"
#include "daybook-ui-test-util.h"

#define PASSPHRASE "correct horse battery staple"

typedef struct
{
  DaybookTimeline *timeline;
  gint64 unlocked_at;
  gint64 drawn_at;
} Bench;

static long
current_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (p + 6, NULL, 10);
}

static void
unlocked_cb (Bench *bench)
{
  bench->unlocked_at = g_get_monotonic_time ();
}

/* The first frame painted once the timeline holds its rows. */
static void
after_paint_cb (GdkFrameClock *clock, Bench *bench)
{
  GListModel *model;

  if (bench->drawn_at != 0 || bench->unlocked_at == 0
      || daybook_timeline_is_loading (bench->timeline))
    return;
  model = daybook_timeline_get_model (bench->timeline);
  if (model != NULL && g_list_model_get_n_items (model) > 0)
    bench->drawn_at = g_get_monotonic_time ();
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  g_autoptr (DaybookSecret) pass = daybook_secret_new_from_data (PASSPHRASE, strlen (PASSPHRASE));
  g_autoptr (DaybookApplication) app = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cmd = NULL;
  Bench bench = { 0 };
  DaybookWindow *window;
  GtkWidget *unlock, *entry;
  gint64 started, deadline;
  long rss_before;
  int status;
  pid_t pid;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  tmp = g_dir_make_tmp ("daybook-bench-window-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (tmp, "diary", NULL);

  /* Made in a child, so that what filling it cost stays out of the
   * window's memory. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      diary = daybook_diary_create (dir, pass, NULL, &error);
      if (diary == NULL || !daybook_demo_fill (diary, n, 1, &error))
        g_error ("%s", error->message);
      daybook_diary_close (diary);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  gtk_init ();
  app = daybook_application_new (dir, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = daybook_window_new (app, dir);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  rss_before = current_rss_kib ();

  bench.timeline = DAYBOOK_TIMELINE (daybook_main_view_get_page (
      DAYBOOK_MAIN_VIEW (daybook_window_get_page (window, "main")), "timeline"));
  unlock = daybook_window_get_page (window, "unlock");
  entry = daybook_test_find_id (unlock, "entry");
  g_signal_connect_swapped (unlock, "unlocked", G_CALLBACK (unlocked_cb), &bench);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), &bench);

  gtk_editable_set_text (GTK_EDITABLE (entry), PASSPHRASE);
  started = g_get_monotonic_time ();
  g_signal_emit_by_name (entry, "activate");
  deadline = started + 120 * G_USEC_PER_SEC;
  while (bench.drawn_at == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (bench.drawn_at == 0)
    g_error ("The timeline was never drawn");

  g_print ("window, %u entries: unlock (key derivation and open) %.0f ms, then the timeline's "
           "first screen drawn %.0f ms later (%.0f ms in all)\n",
           n, (bench.unlocked_at - started) / 1000.0, (bench.drawn_at - bench.unlocked_at) / 1000.0,
           (bench.drawn_at - started) / 1000.0);
  /* Under Xvfb the GL renderer runs on llvmpipe, which alone costs some
   * 50 MB; GSK_RENDERER=cairo shows the window's own share. */
  g_print ("window, %u entries: resident memory %.1f MB (%.1f MB before unlocking; renderer %s; "
           "target < 150 MB)\n",
           n, current_rss_kib () / 1024.0, rss_before / 1024.0,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));

  gtk_window_destroy (GTK_WINDOW (window));
  cmd = g_strdup_printf ("rm -rf '%s'", tmp);
  return system (cmd) == 0 ? 0 : 1;
}
