/* bench-window.c — unlock to the timeline's first screen, the window's
 * memory, and searches, with demo diaries of 10,000 and 100,000 entries
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (make bench does it). Prints figures beside their
 * targets (issue 17) and asserts nothing about time.
 *
 *   bench-window                 every figure (runs itself once per case)
 *   bench-window --run N DIR     one window on the diary DIR of N entries
 *   bench-window --watch         the outside observer (see below)
 *
 * The diaries are the ones tests/bench-scale.sh uses (BUILD/bench-data/
 * entries-N, with a file ".complete" once filled, made in
 * America/New_York with the same passphrase): whichever bench runs first
 * makes them, by daybook_demo_fill() in a child process, and later runs
 * reuse them.
 *
 * Two times are printed for the unlock. In-process: from the moment the
 * diary is open (key derivation done) to the first frame painted with the
 * timeline holding rows. From outside, as a user sees it: a separate
 * process (--watch) grabs the X server's root window with XGetImage as
 * fast as it can and hashes each frame; the screen counts as settled at
 * the first frame of the last run of identical frames (no spinner, no
 * fade still going). Its precision is one grab (the mean interval is
 * printed). Each window runs in a fresh process, so memory figures are
 * not one run's leftovers; GSK_RENDERER is set per run.
 */

#include "config.h"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daybook-application.h"
#include "daybook-demo.h"
#include "daybook-keyfile.h"
#include "daybook-main-view.h"
#include "daybook-renderer.h"
#include "daybook-timeline.h"
#include "daybook-window.h"
#include "daybook-ui-test-util.h"

#define PASSPHRASE "a long enough bench passphrase"
#define SEARCH_WORD "nickname"
#define N_CYCLES 20
#define MIB 1024.0

/* Memory */

static long
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, field)) == NULL)
    return -1;
  return strtol (p + strlen (field), NULL, 10);
}

static long
rss_kib (void)
{
  return status_kib ("VmRSS:");
}

static long
anon_kib (void)
{
  return status_kib ("RssAnon:");
}

/* The outside observer */

/* FNV-1a over 64-bit words (rows are a multiple of 8 bytes at 24 and 32
 * bits a pixel): fast enough for a grab every few milliseconds. */
static guint64
hash_frame (const XImage *image)
{
  guint64 h = 14695981039346656037ull;

  for (int y = 0; y < image->height; y++)
    {
      const guint8 *row = (const guint8 *)image->data + (gsize)y * image->bytes_per_line;
      int words = image->bytes_per_line / 8;

      for (int x = 0; x < words; x++)
        {
          guint64 w;

          memcpy (&w, row + 8 * x, 8);
          h = (h ^ w) * 1099511628211ull;
        }
      for (int x = words * 8; x < image->bytes_per_line; x++)
        h = (h ^ row[x]) * 1099511628211ull;
    }
  return h;
}

/* Prints "TIME HASH" per frame until its stdout is closed. The frames come
 * through shared memory (MIT-SHM), so a grab costs a copy in the X server
 * rather than 4 MB through a socket; between grabs it sleeps 4 ms, so the
 * observer does not take a whole core from the window it watches on a
 * 2-core machine. */
static int
watch (void)
{
  Display *display = XOpenDisplay (NULL);
  XShmSegmentInfo shm = { 0 };
  XWindowAttributes attrs;
  XImage *image;
  Window root;

  if (display == NULL)
    {
      g_printerr ("bench-window: cannot open the X display\n");
      return 1;
    }
  if (!XShmQueryExtension (display))
    {
      g_printerr ("bench-window: the X server has no MIT-SHM extension\n");
      return 1;
    }
  signal (SIGPIPE, SIG_DFL);
  root = DefaultRootWindow (display);
  XGetWindowAttributes (display, root, &attrs);
  image = XShmCreateImage (display, attrs.visual, attrs.depth, ZPixmap, NULL, &shm, attrs.width,
                           attrs.height);
  shm.shmid = shmget (IPC_PRIVATE, (size_t)image->bytes_per_line * image->height, IPC_CREAT | 0600);
  if (shm.shmid < 0)
    {
      g_printerr ("bench-window: shmget: %s\n", g_strerror (errno));
      return 1;
    }
  shm.shmaddr = image->data = shmat (shm.shmid, NULL, 0);
  shm.readOnly = False;
  XShmAttach (display, &shm);
  XSync (display, False);
  /* Gone with the last detach: nothing is left behind however this ends. */
  shmctl (shm.shmid, IPC_RMID, NULL);
  if (shm.shmaddr == (void *)-1)
    return 1;

  for (;;)
    {
      gint64 start = g_get_monotonic_time (), end;

      if (!XShmGetImage (display, root, image, 0, 0, AllPlanes))
        return 1;
      end = g_get_monotonic_time ();
      if (printf ("%" G_GINT64_FORMAT " %" G_GINT64_MODIFIER "x\n", (start + end) / 2,
                  hash_frame (image))
              < 0
          || fflush (stdout) != 0)
        return 0;
      g_usleep (4000);
    }
}

typedef struct
{
  GPid pid;
  GIOChannel *channel;
  GArray *times;  /* gint64 */
  GArray *hashes; /* guint64 */
} Watcher;

static gboolean
watcher_read_cb (GIOChannel *channel, GIOCondition condition, gpointer data)
{
  Watcher *watcher = data;
  g_autofree char *line = NULL;

  while (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
    {
      gint64 t;
      guint64 h;

      if (sscanf (line, "%" G_GINT64_FORMAT " %" G_GINT64_MODIFIER "x", &t, &h) == 2)
        {
          g_array_append_val (watcher->times, t);
          g_array_append_val (watcher->hashes, h);
        }
      g_clear_pointer (&line, g_free);
      if (!(g_io_channel_get_buffer_condition (channel) & G_IO_IN))
        break;
    }
  return G_SOURCE_CONTINUE;
}

static void
watcher_start (Watcher *watcher, const char *self_exe)
{
  const char *argv[] = { self_exe, "--watch", NULL };
  g_autoptr (GError) error = NULL;
  int out;

  watcher->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  watcher->hashes = g_array_new (FALSE, FALSE, sizeof (guint64));
  if (!g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &watcher->pid, NULL, &out, NULL, &error))
    g_error ("%s", error->message);
  watcher->channel = g_io_channel_unix_new (out);
  g_io_channel_set_close_on_unref (watcher->channel, TRUE);
  g_io_channel_set_flags (watcher->channel, G_IO_FLAG_NONBLOCK, NULL);
  g_io_add_watch (watcher->channel, G_IO_IN, watcher_read_cb, watcher);
}

static void
watcher_stop (Watcher *watcher)
{
  kill (watcher->pid, SIGTERM);
  waitpid (watcher->pid, NULL, 0);
  g_spawn_close_pid (watcher->pid);
  g_io_channel_shutdown (watcher->channel, FALSE, NULL);
  g_io_channel_unref (watcher->channel);
}

/* When the frames last changed, or 0 while none were seen. */
static gint64
watcher_last_change (Watcher *watcher)
{
  guint n = watcher->times->len;

  for (guint i = n; i-- > 1;)
    if (g_array_index (watcher->hashes, guint64, i)
        != g_array_index (watcher->hashes, guint64, i - 1))
      return g_array_index (watcher->times, gint64, i);
  return 0;
}

/* One window */

typedef struct
{
  DaybookTimeline *timeline;
  GtkListView *list_view;
  gint64 unlocked_at;
  gint64 drawn_at;
  gint64 cpu_at_unlock, thread_cpu_at_unlock; /* CPU time, µs */
  gint64 cpu_drawn, thread_cpu_drawn;
} Bench;

static gint64
cpu_usec (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* An emission hook, so before the window's own handler shows the diary:
 * the moment the main thread has the open diary. */
static gboolean
unlocked_hook (GSignalInvocationHint *hint, guint n_values, const GValue *values, gpointer data)
{
  Bench *bench = data;

  bench->unlocked_at = g_get_monotonic_time ();
  bench->cpu_at_unlock = cpu_usec (CLOCK_PROCESS_CPUTIME_ID);
  bench->thread_cpu_at_unlock = cpu_usec (CLOCK_THREAD_CPUTIME_ID);
  return TRUE;
}

/* The first frame painted once the list view holds rows of the diary's
 * query (the first screen: the timeline counts as loading until the list
 * has grown to every row, after that frame). */
static void
after_paint_cb (GdkFrameClock *clock, Bench *bench)
{
  GListModel *model, *listed;

  if (bench->drawn_at != 0 || bench->unlocked_at == 0)
    return;
  model = daybook_timeline_get_model (bench->timeline);
  listed = G_LIST_MODEL (gtk_list_view_get_model (bench->list_view));
  if (model != NULL && listed != NULL && g_list_model_get_n_items (listed) > 0)
    {
      bench->drawn_at = g_get_monotonic_time ();
      bench->cpu_drawn = cpu_usec (CLOCK_PROCESS_CPUTIME_ID);
      bench->thread_cpu_drawn = cpu_usec (CLOCK_THREAD_CPUTIME_ID);
    }
}

static void
spin_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

/* The list shows what the search entry asks for, and was painted.
 * Returns how long, in microseconds, until the list showed it (the search
 * entry's own short delay included, as a user waits it too). */
static gint64
settle_timeline (DaybookTimeline *timeline, gint64 since)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gint64 shown;

  while (daybook_timeline_is_loading (timeline))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The search never ended");
      g_main_context_iteration (NULL, TRUE);
    }
  shown = g_get_monotonic_time () - since;
  spin_ms (300);
  return shown;
}

static int
compare_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* What was asked for (GSK_RENDERER, before Daybook's own choice), and
 * what draws. */
static char *asked_renderer;

static const char *
renderer_name (void)
{
  return asked_renderer != NULL && *asked_renderer ? asked_renderer : "default";
}

static int
run_window (guint n, const char *dir, const char *self_exe, gboolean cycles)
{
  g_autoptr (DaybookApplication) app = NULL;
  g_autoptr (GError) error = NULL;
  Bench bench = { 0 };
  Watcher watcher = { 0 };
  DaybookWindow *window;
  GtkWidget *unlock, *entry, *search;
  gint64 started, deadline, settled_at, quiet_since, model_at = 0;
  long rss_before, rss_idle, anon_idle;
  double interval;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  asked_renderer = g_strdup (g_getenv ("GSK_RENDERER"));
  daybook_renderer_prepare (); /* as main.c does */
  gtk_init ();
  app = daybook_application_new (dir, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = daybook_window_new (app, dir);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  spin_ms (1000);
  rss_before = rss_kib ();

  bench.timeline = DAYBOOK_TIMELINE (daybook_main_view_get_page (
      DAYBOOK_MAIN_VIEW (daybook_window_get_page (window, "main")), "timeline"));
  bench.list_view = GTK_LIST_VIEW (daybook_test_find_id (GTK_WIDGET (bench.timeline), "list_view"));
  unlock = daybook_window_get_page (window, "unlock");
  entry = daybook_test_find_id (unlock, "entry");
  g_signal_add_emission_hook (g_signal_lookup ("unlocked", G_OBJECT_TYPE (unlock)), 0,
                              unlocked_hook, &bench, NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), &bench);

  watcher_start (&watcher, self_exe);
  while (watcher.times->len < 3)
    g_main_context_iteration (NULL, TRUE);

  gtk_editable_set_text (GTK_EDITABLE (entry), PASSPHRASE);
  started = g_get_monotonic_time ();
  g_signal_emit_by_name (entry, "activate");
  deadline = started + 120 * G_USEC_PER_SEC;
  while (bench.drawn_at == 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      if (model_at == 0 && daybook_timeline_get_model (bench.timeline) != NULL)
        model_at = g_get_monotonic_time ();
    }
  if (bench.drawn_at == 0)
    g_error ("The timeline was never drawn");

  /* Settled: 1.5 s without a change on screen (or 20 s in all). */
  quiet_since = g_get_monotonic_time ();
  deadline = quiet_since + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      gint64 last = watcher_last_change (&watcher);
      gint64 now = g_get_monotonic_time ();

      if ((last != 0 && now - MAX (last, bench.drawn_at) > 1500000) || now > deadline)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  watcher_stop (&watcher);
  settled_at = watcher_last_change (&watcher);
  interval = watcher.times->len > 1 ? (g_array_index (watcher.times, gint64, watcher.times->len - 1)
                                       - g_array_index (watcher.times, gint64, 0))
                                          / 1000.0 / (watcher.times->len - 1)
                                    : 0;

  g_print ("window, %u entries, renderer %s (drawn by %s): unlock (key derivation and open) %.0f "
           "ms\n",
           n, renderer_name (), G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           (bench.unlocked_at - started) / 1000.0);
  g_print ("  first screen with rows, in-process: %.0f ms after the diary opened (target < 100 "
           "ms; the list's query done after %.0f ms)\n",
           (bench.drawn_at - bench.unlocked_at) / 1000.0, (model_at - bench.unlocked_at) / 1000.0);
  g_print ("  CPU time in that span: %.0f ms in the window's main thread, %.0f ms in all its "
           "threads (less noisy than the wall clock on a shared machine)\n",
           (bench.thread_cpu_drawn - bench.thread_cpu_at_unlock) / 1000.0,
           (bench.cpu_drawn - bench.cpu_at_unlock) / 1000.0);
  if (settled_at < bench.unlocked_at)
    g_print ("  screen seen from outside: no change after the diary opened?! (%u frames)\n",
             watcher.times->len);
  else
    g_print ("  screen settled, seen from outside: %.0f ms after the diary opened (target < 100 "
             "ms; one grab every %.0f ms)\n",
             (settled_at - bench.unlocked_at) / 1000.0, interval);
  g_array_unref (watcher.times);
  g_array_unref (watcher.hashes);

  spin_ms (3000);
  rss_idle = rss_kib ();
  anon_idle = anon_kib ();
  g_print ("  resident after idle: %.1f MiB, of it anonymous %.1f MiB (%.1f MiB before "
           "unlocking)\n",
           rss_idle / MIB, anon_idle / MIB, rss_before / MIB);
  g_print ("#rss %u %s %ld\n", n, renderer_name (), rss_idle);

  if (cycles)
    {
      long after_first = 0, after_all;
      gint64 took[N_CYCLES];

      search = daybook_test_find_id (GTK_WIDGET (bench.timeline), "search_entry");
      for (int i = 0; i < N_CYCLES; i++)
        {
          gtk_editable_set_text (GTK_EDITABLE (search), SEARCH_WORD);
          took[i] = settle_timeline (bench.timeline, g_get_monotonic_time ());
          gtk_editable_set_text (GTK_EDITABLE (search), "");
          settle_timeline (bench.timeline, g_get_monotonic_time ());
          if (i == 0)
            after_first = rss_kib ();
        }
      /* The first search, then the median of the others. */
      qsort (took + 1, N_CYCLES - 1, sizeof took[0], compare_gint64);
      g_print ("  search for \"%s\" until the list shows every match: the first %.0f ms, then "
               "a median of %.0f ms (the search entry's own delay included)\n",
               SEARCH_WORD, took[0] / 1000.0, took[1 + (N_CYCLES - 1) / 2] / 1000.0);
      spin_ms (1000);
      after_all = rss_kib ();
      g_print ("  %d searches for \"%s\" and clears: resident %.1f MiB after the first, %.1f MiB "
               "after all; growth %.1f MiB (target < 5 MiB)\n",
               N_CYCLES, SEARCH_WORD, after_first / MIB, after_all / MIB,
               (after_all - rss_idle) / MIB);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* The diaries */

static char *
self_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  g_assert_nonnull (exe);
  return g_path_get_dirname (exe);
}

static char *
ensure_diary (guint n)
{
  g_autofree char *base = self_dir (); /* BUILD/tests/ui */
  g_autofree char *name = g_strdup_printf ("entries-%u", n);
  char *dir = g_build_filename (base, "..", "..", "bench-data", name, NULL);
  g_autofree char *marker = g_build_filename (dir, ".complete", NULL);
  int status;
  pid_t pid;

  if (g_file_test (marker, G_FILE_TEST_EXISTS))
    return dir;

  g_print ("making a demo diary of %u entries in %s (once)...\n", n, dir);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_autofree char *parent = g_path_get_dirname (dir);

    g_assert_cmpint (system (cmd), ==, 0);
    g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  }
  /* Made in a child, so that what filling it cost stays out of this
   * process. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr (DaybookSecret) pass
          = daybook_secret_new_from_data (PASSPHRASE, strlen (PASSPHRASE));
      g_autoptr (DaybookDiary) diary = NULL;
      g_autoptr (GError) error = NULL;

      /* As bench-scale.sh makes it: no entry in a London computer's zone. */
      g_setenv ("TZ", "America/New_York", TRUE);
      tzset ();
      diary = daybook_diary_create (dir, pass, NULL, &error);
      if (diary == NULL || !daybook_demo_fill (diary, n, 1, &error))
        g_error ("%s", error->message);
      daybook_diary_close (diary);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (g_file_set_contents (marker, "", 0, NULL));
  return dir;
}

/* The key derivation alone, and whether its working memory goes back to
 * the system once it is done. */
static void
bench_derivation (const char *dir)
{
  g_autoptr (DaybookSecret) pass = daybook_secret_new_from_data (PASSPHRASE, strlen (PASSPHRASE));
  g_autoptr (DaybookSecret) key = NULL;
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (GError) error = NULL;
  gboolean altered = FALSE;
  long before = rss_kib (), after;
  gint64 start = g_get_monotonic_time (), took;

  key = daybook_keyfile_unlock (dir, DAYBOOK_SLOT_PASSPHRASE, pass, &keyfile, &altered, &error);
  g_assert_no_error (error);
  took = g_get_monotonic_time () - start;
  after = rss_kib ();
  g_print ("key derivation alone: %.0f ms; resident %.1f MiB before, %.1f MiB after (target: "
           "its working memory returned, growth < 1 MiB: %.1f MiB)\n",
           took / 1000.0, before / MIB, after / MIB, (after - before) / MIB);
}

typedef struct
{
  guint n;
  const char *renderer; /* NULL: the default */
  gboolean cycles;
} Case;

static long
run_case (const char *self_exe, const char *dir, const Case *c)
{
  g_autofree char *n_text = g_strdup_printf ("%u", c->n);
  const char *argv[] = { self_exe, "--run", n_text, dir, c->cycles ? "--cycles" : NULL, NULL };
  g_auto (GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  long rss = -1;
  int status;

  env = c->renderer != NULL ? g_environ_setenv (env, "GSK_RENDERER", c->renderer, TRUE)
                            : g_environ_unsetenv (env, "GSK_RENDERER");
  if (!g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &out, NULL,
                     &status, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint n;
      char renderer[32];

      if (sscanf (lines[i], "#rss %u %31s %ld", &n, renderer, &rss) == 3)
        continue;
      if (*lines[i])
        g_print ("%s\n", lines[i]);
    }
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("bench-window --run %u: %s", c->n, error->message);
  return rss;
}

int
main (int argc, char *argv[])
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  const Case cases[] = {
    { 10000, NULL, FALSE },
    { 10000, "cairo", FALSE },
    { 100000, NULL, TRUE },
    { 100000, "cairo", FALSE },
  };
  long rss[G_N_ELEMENTS (cases)];
  g_autofree char *small = NULL, *large = NULL;

  if (argc == 2 && strcmp (argv[1], "--watch") == 0)
    return watch ();
  if (argc >= 4 && strcmp (argv[1], "--run") == 0)
    return run_window ((guint)g_ascii_strtoull (argv[2], NULL, 10), argv[3], self_exe,
                       argc > 4 && strcmp (argv[4], "--cycles") == 0);

  small = ensure_diary (10000);
  large = ensure_diary (100000);
  bench_derivation (small);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    rss[i] = run_case (self_exe, cases[i].n == 10000 ? small : large, &cases[i]);

  g_print ("window resident after idle, 10,000 entries: %.1f MiB with the default renderer "
           "(target < 160 MiB), %.1f MiB with cairo (target < 90 MiB)\n",
           rss[0] / MIB, rss[1] / MIB);
  g_print ("window resident after idle, 100,000 entries: %.1f MiB default (+%.1f MiB, target "
           "<= +10), %.1f MiB cairo (+%.1f MiB, target <= +10)\n",
           rss[2] / MIB, (rss[2] - rss[0]) / MIB, rss[3] / MIB, (rss[3] - rss[1]) / MIB);
  return 0;
}
