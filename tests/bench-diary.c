/* bench-diary.c — how fast a large diary opens, lists and searches
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; asserts nothing about time (machines here are noisy).
 * Targets (DESIGN.md): open + first screen of 10,000 entries < 50 ms,
 * full-text search median < 10 ms.
 */

#include "config.h"

#include <sys/resource.h>

#include "daybook-demo.h"
#include "daybook-fileutil.h"
#include "daybook-test-util.h"

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

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

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  g_autofree char *parent = daybook_test_make_tmpdir ();
  g_autofree char *dir = g_build_filename (parent, "bench", NULL);
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GListModel) model = NULL;
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) save_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) seal_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *scratch = g_build_filename (parent, "seal-reference", NULL);
  const guint8 seal_bytes[88] = { 0 };
  const char *words[] = { "followed", "station",   "flowers", "voicemail", "car*",
                          "tyre",     "neighbour", "parcel",  "bruise",    "messages" };
  double t0, t_create, t_fill, t_kdf, t_open, t_first, t_all;
  guint matches = 0;

  g_print ("Daybook diary benchmark: %u incidents\n", n);

  t0 = now_ms ();
  diary = daybook_diary_create (dir, pass, NULL, &error);
  g_assert_no_error (error);
  t_create = now_ms () - t0;
  t0 = now_ms ();
  daybook_demo_fill (diary, n, 7, &error);
  g_assert_no_error (error);
  t_fill = now_ms () - t0;
  daybook_diary_close (diary);
  g_clear_object (&diary);

  /* Unlock = key derivation + open; report them apart. The derivation is
   * the fastest of three runs, so noise does not flatter the open. */
  t_kdf = G_MAXDOUBLE;
  for (int i = 0; i < 3; i++)
    {
      g_autoptr (DaybookKeyfile) keyfile = daybook_keyfile_load (dir, &error);
      g_autoptr (DaybookSecret) master = NULL;

      t0 = now_ms ();
      master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, pass, &error);
      t_kdf = MIN (t_kdf, now_ms () - t0);
    }

  t0 = now_ms ();
  diary = daybook_diary_open (dir, pass, &error);
  g_assert_no_error (error);
  t_open = MAX (0, now_ms () - t0 - t_kdf);

  t0 = now_ms ();
  model = daybook_diary_query (diary, query, &error);
  for (guint i = 0; i < 50 && i < g_list_model_get_n_items (model); i++)
    g_object_unref (g_list_model_get_item (model, i));
  t_first = now_ms () - t0;

  t0 = now_ms ();
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_object_unref (g_list_model_get_item (model, i));
  t_all = now_ms () - t0;

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr (GListModel) found = NULL;
      double t;

      daybook_query_set_text (query, words[i % G_N_ELEMENTS (words)]);
      t0 = now_ms ();
      found = daybook_diary_query (diary, query, &error);
      for (guint j = 0; j < 50 && j < g_list_model_get_n_items (found); j++)
        g_object_unref (g_list_model_get_item (found, j));
      t = now_ms () - t0;
      g_array_append_val (times, t);
      matches += g_list_model_get_n_items (found);
    }
  g_array_sort (times, compare_double);

  /* One save, as the window makes it: commit (synchronous = FULL) and the
   * seal's atomic write. The reference, in the same run: the same atomic
   * write of an 88-byte file alone, which is what the seal adds. */
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      DaybookWhen when = { 1767261600 + i * 60, 0, (char *)"Europe/London" };
      double t;

      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, "A save, timed");
      t0 = now_ms ();
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
      t = now_ms () - t0;
      g_array_append_val (save_times, t);

      t0 = now_ms ();
      g_assert_true (
          daybook_write_file_atomic_full (scratch, seal_bytes, sizeof seal_bytes, FALSE, &error));
      t = now_ms () - t0;
      g_array_append_val (seal_times, t);
    }
  g_array_sort (save_times, compare_double);
  g_array_sort (seal_times, compare_double);

  g_print ("create diary (2 x Argon2id)      %8.1f ms\n", t_create);
  g_print ("fill %6u demo incidents        %8.1f ms\n", n, t_fill);
  g_print ("key derivation (Argon2id)        %8.1f ms\n", t_kdf);
  g_print ("open after derivation            %8.1f ms\n", t_open);
  g_print ("query + first 50 rows            %8.1f ms\n", t_first);
  g_print ("open + first screen              %8.1f ms   (target < 50 ms)\n", t_open + t_first);
  g_print ("load all %6u rows              %8.1f ms\n", g_list_model_get_n_items (model), t_all);
  g_print ("search median / p90 (100 queries) %7.2f / %.2f ms   (target < 10 ms; %u matches)\n",
           g_array_index (times, double, 50), g_array_index (times, double, 90), matches);
  g_print ("save one entry, median of 40      %7.2f ms   (of which an 88-byte atomic write, the "
           "seal: %.2f ms)\n",
           g_array_index (save_times, double, 20), g_array_index (seal_times, double, 20));
  g_print ("peak RSS                         %8ld KiB   (Argon2id alone takes 256 MiB)\n",
           peak_rss_kib ());
  g_print ("RSS with all rows loaded          %8ld KiB\n", current_rss_kib ());

  daybook_diary_close (diary);
  daybook_test_rm_rf (parent);
  return 0;
}
