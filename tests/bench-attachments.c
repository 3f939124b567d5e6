/* bench-attachments.c — import and export of a large attachment against
 * `openssl dgst -sha256` of the same file, in the same run
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: prints figures. DAYBOOK_BENCH_MB sets the size (default
 * 1024). Targets (DESIGN.md): import at most 2x the hashing time, peak
 * resident memory under 64 MiB.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "daybook-attachment.h"
#include "daybook-test-util.h"

#define WRITE_BLOCK (1024 * 1024)

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* VmHWM, which reset_peak_rss() can reset: opening the diary (Argon2id,
 * 256 MiB) must not count against the import. */
static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + 6, NULL, 10);
}

static void
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file != NULL)
    {
      fputs ("5", file);
      fclose (file);
    }
}

static double last_chunk_at;

static void
progress_cb (guint64 done, guint64 total, gpointer user_data)
{
  if (done == total)
    last_chunk_at = now ();
}

static void
make_file (const char *path, gsize mib)
{
  FILE *file = fopen (path, "wb");
  g_autofree guint32 *block = g_malloc (WRITE_BLOCK);

  g_assert_nonnull (file);
  for (gsize i = 0; i < mib; i++)
    {
      for (gsize j = 0; j < WRITE_BLOCK / 4; j++)
        block[j] = g_random_int ();
      g_assert_cmpuint (fwrite (block, 1, WRITE_BLOCK, file), ==, WRITE_BLOCK);
    }
  fclose (file);
}

/* Makes the file new to the diary, and of a size no attachment has:
 * otherwise the import would first hash it to look for a duplicate. */
static void
make_distinct (const char *path)
{
  FILE *file = fopen (path, "ab");
  guint32 word = g_random_int ();

  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (&word, 1, sizeof word, file), ==, sizeof word);
  fclose (file);
}

static double
time_openssl (const char *path, char **digest)
{
  const char *argv[] = { "openssl", "dgst", "-sha256", "-r", path, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  double start = now ();
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  *digest = g_strndup (out, 64);
  return now () - start;
}

/* What any durable copy of the file costs on this disk right now. */
static double
time_copy (const char *path, const char *to)
{
  g_autofree char *of = g_strdup_printf ("of=%s", to);
  g_autofree char *in = g_strdup_printf ("if=%s", path);
  const char *argv[] = { "dd", in, of, "bs=1M", "conv=fsync", "status=none", NULL };
  g_autoptr (GError) error = NULL;
  double start = now ();
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_unlink (to);
  return now () - start;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

#define ROUNDS 3

static double
median (double *values)
{
  qsort (values, ROUNDS, sizeof (double), compare_doubles);
  return values[ROUNDS / 2];
}

int
main (int argc, char **argv)
{
  const char *env = g_getenv ("DAYBOOK_BENCH_MB");
  gsize mib = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 1024;
  g_autofree char *scratch = daybook_test_make_tmpdir ();
  char *path = g_build_filename (scratch, "evidence.bin", NULL);
  g_autofree char *out = g_build_filename (scratch, "exported.bin", NULL);
  g_autofree char *dir = daybook_test_copy_template ();
  g_autofree char *digest = NULL;
  g_autofree char *digest_out = NULL;
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autoptr (GError) error = NULL;
  double hash_s[ROUNDS], copy_s[ROUNDS], import_s[ROUNDS], chunks_s[ROUNDS], export_s[ROUNDS],
      cold_s[ROUNDS];
  double t_hash, t_copy, t_import, t_chunks, t_export, t_cold;
  long rss_before;

  g_test_init (&argc, &argv, NULL);
  make_file (path, mib);
  /* The new file reaches the disk before anything is timed. */
  sync ();
  diary = daybook_test_open (dir);

  /* Warm the page cache for both, so the disk does not decide. */
  time_openssl (path, &digest);

  rss_before = peak_rss_kib ();
  reset_peak_rss ();
  /* The machines here are noisy, the disk above all: each figure is the
   * median of a few rounds, the reference measured in the same round. */
  for (guint round = 0; round < ROUNDS; round++)
    {
      double start;

      g_clear_pointer (&digest, g_free);
      g_clear_pointer (&digest_out, g_free);
      hash_s[round] = time_openssl (path, &digest);

      g_clear_object (&attachment);
      if (round > 0)
        {
          /* Import the same bytes afresh, not linked to the first copy. */
          g_autofree char *moved = g_strdup_printf ("%s.%u", path, round);

          g_assert_cmpint (g_rename (path, moved), ==, 0);
          g_free (path);
          path = g_steal_pointer (&moved);
          make_distinct (path);
          g_clear_pointer (&digest, g_free);
          time_openssl (path, &digest);
          sync ();
        }
      start = now ();
      attachment
          = daybook_diary_import_attachment (diary, path, 0, progress_cb, NULL, NULL, NULL, &error);
      import_s[round] = now () - start;
      chunks_s[round] = last_chunk_at - start;
      g_assert_no_error (error);
      g_assert_cmpstr (daybook_attachment_get_sha256 (attachment), ==, digest);
      sync ();

      start = now ();
      g_assert_true (daybook_diary_export_attachment (diary, daybook_attachment_get_id (attachment),
                                                      out, TRUE, NULL, &error));
      cold_s[round] = now () - start;
      /* Again, with the stored copy now in the page cache, as the
       * original was for openssl. */
      g_unlink (out);
      start = now ();
      g_assert_true (daybook_diary_export_attachment (diary, daybook_attachment_get_id (attachment),
                                                      out, TRUE, NULL, &error));
      export_s[round] = now () - start;
      time_openssl (out, &digest_out);
      g_assert_cmpstr (digest_out, ==, digest);
      g_unlink (out);
      sync ();
      copy_s[round] = time_copy (path, out);
    }
  printf ("rounds (import / export / export from disk, against openssl):");
  for (guint round = 0; round < ROUNDS; round++)
    printf ("  %.2fx / %.2fx / %.2fx", import_s[round] / hash_s[round],
            export_s[round] / hash_s[round], cold_s[round] / hash_s[round]);
  printf ("\n");
  t_hash = median (hash_s);
  t_copy = median (copy_s);
  t_import = median (import_s);
  t_chunks = median (chunks_s);
  t_export = median (export_s);
  t_cold = median (cold_s);

  printf ("attachment of %zu MiB (chunks of %d KiB)\n", mib, DAYBOOK_ATTACHMENT_CHUNK_SIZE / 1024);
  printf ("  openssl dgst -sha256   %7.2f s  %7.0f MiB/s\n", t_hash, mib / t_hash);
  printf (
      "  dd conv=fsync (disk)   %7.2f s  %7.0f MiB/s  %.2fx openssl: any durable copy costs this\n",
      t_copy, mib / t_copy, t_copy / t_hash);
  printf ("  import                 %7.2f s  %7.0f MiB/s  %.2fx openssl (target <= 2x)\n", t_import,
          mib / t_import, t_import / t_hash);
  printf ("    of which reading, hashing, encrypting and writing %.2f s; flush and commit %.2f s\n",
          t_chunks, t_import - t_chunks);
  printf ("  export (hashed, fsync) %7.2f s  %7.0f MiB/s  %.2fx openssl (target <= 2x; stored copy "
          "in the page cache, as the original was for openssl)\n",
          t_export, mib / t_export, t_export / t_hash);
  printf ("  export from the disk   %7.2f s  %7.0f MiB/s  %.2fx openssl (reads and writes 1 GiB "
          "each on "
          "the same disk)\n",
          t_cold, mib / t_cold, t_cold / t_hash);
  printf ("  peak RSS during import and export %.1f MiB (target < 64 MiB; opening the diary, "
          "Argon2id: %.1f MiB)\n",
          peak_rss_kib () / 1024.0, rss_before / 1024.0);
  g_free (path);

  g_clear_object (&attachment);
  g_clear_object (&diary);
  daybook_test_rm_rf (scratch);
  daybook_test_rm_copy (dir);
  return 0;
}
