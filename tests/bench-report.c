/* bench-report.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "daybook-attachment.h"
#include "daybook-demo.h"
#include "daybook-test-util.h"
#include "report/daybook-report.h"

/* The PDF report of a demo diary of 1,000 and of 10,000 incidents: time
 * and memory. Not a test; `make bench` prints the figures. Targets from
 * DESIGN.md: under 3 s and under 20 s, with memory bounded.
 *
 * The process's own peak includes Argon2id's 256 MiB from opening the
 * diary, so the peak is reset (/proc/self/clear_refs) after opening, and
 * the figure printed is the peak while the report is made. */

static long
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (p = strstr (status, field)) == NULL)
    return -1;
  return atol (p + strlen (field) + 1);
}

static void
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f != NULL)
    {
      fputs ("5", f);
      fclose (f);
    }
}

/* A photo-like image, different for each @seed, as JPEG bytes. */
static GBytes *
make_photo (guint seed)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 800, 600);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autofree char *buffer = NULL;
  gsize len;

  for (int y = 0; y < 600; y++)
    for (int x = 0; x < 800; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;

        p[0] = (x + seed * 7) & 0xff;
        p[1] = (y + seed * 13) & 0xff;
        p[2] = g_rand_int_range (rand, 0, 64) + ((x * y) >> 10 & 0x7f);
      }
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "jpeg", NULL, "quality", "85", NULL);
  return g_bytes_new_take (g_steal_pointer (&buffer), len);
}

static gboolean
attach_photos (DaybookDiary *diary, guint n_incidents, guint n_photos, GError **error)
{
  for (guint i = 0; i < n_photos; i++)
    {
      g_autoptr (GBytes) photo = make_photo (i);
      g_autofree char *name = g_strdup_printf ("photo-%03u.jpg", i);
      g_autoptr (DaybookAttachment) attachment = NULL;

      attachment = daybook_diary_import_attachment_bytes (
          diary, photo, name, 1 + (gint64)i * n_incidents / n_photos, NULL, NULL, error);
      if (attachment == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
bench (guint n_incidents, guint n_photos, double target)
{
  g_autofree char *dir = daybook_test_make_tmpdir ();
  g_autofree char *diary_dir = g_build_filename (dir, "diary", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("bench passphrase");
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookReport) report = NULL;
  g_autoptr (GError) error = NULL;
  gint64 t0, t1, t2;
  long rss_before;
  GStatBuf st;
  double total;

  diary = daybook_diary_create (diary_dir, pass, &code, &error);
  if (diary == NULL || !daybook_demo_fill (diary, n_incidents, 1, &error)
      || !attach_photos (diary, n_incidents, n_photos, &error))
    {
      g_printerr ("bench-report: %s\n", error->message);
      return FALSE;
    }

  reset_peak ();
  rss_before = status_kib ("VmRSS:");
  t0 = g_get_monotonic_time ();
  report = daybook_report_new (diary, query);
  if (!daybook_report_prepare (report, NULL, &error))
    {
      g_printerr ("bench-report: %s\n", error->message);
      return FALSE;
    }
  t1 = g_get_monotonic_time ();
  if (!daybook_report_write_pdf (report, pdf, DAYBOOK_REPORT_SIGN, NULL, &error))
    {
      g_printerr ("bench-report: %s\n", error->message);
      return FALSE;
    }
  t2 = g_get_monotonic_time ();
  g_stat (pdf, &st);
  total = (t2 - t0) / 1e6;

  g_print ("report of %5u incidents, %3u photo exhibits: %5u pages, %6.2f s (layout %.2f s, "
           "drawing and signing %.2f s), "
           "%.1f MiB PDF, resident %.0f MiB before, peak while rendering %.0f MiB; target < %.0f "
           "s: %s\n",
           n_incidents, n_photos, daybook_report_get_n_pages (report), total, (t1 - t0) / 1e6,
           (t2 - t1) / 1e6, st.st_size / 1048576.0, rss_before / 1024.0,
           status_kib ("VmHWM:") / 1024.0, target, total < target ? "ok" : "TOO SLOW");

  g_clear_object (&report);
  daybook_diary_close (diary);
  daybook_test_rm_rf (dir);
  return TRUE;
}

int
main (int argc, char *argv[])
{
  gboolean ok = bench (1000, 200, 3) && bench (10000, 0, 20);

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
