/* bench-attachments.c — import and export of a large attachment against
 * `openssl dgst -sha256` of the same file, in the same run
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not a test: prints figures. DAYBOOK_BENCH_MB sets the size (default
 * 1024). Targets (DESIGN.md): import at most 2x the hashing time, peak
 * resident memory under 64 MiB. Then what parsing a photo in the sandboxed
 * helper (daybook-parse) adds to an import, against the parsers alone.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "daybook-attachment.h"
#include "daybook-metadata.h"
#include "daybook-parse-client.h"
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

/* ---- what parsing photos in the sandboxed helper costs ------------------- */

#define PHOTOS 9

/* A 12-megapixel phone photo, about as big as one (JPEG, quality 90). */
static GBytes *
make_photo (void)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 4000, 3000);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  char *data = NULL;
  gsize len = 0;

  for (int y = 0; y < 3000; y++)
    for (int x = 0; x < 4000; x++)
      {
        guint8 *p = pixels + (gsize)y * stride + x * 3;

        p[0] = x / 16 + (g_random_int () & 15);
        p[1] = y / 12 + (g_random_int () & 15);
        p[2] = (x + y) / 28;
      }
  g_assert_true (
      gdk_pixbuf_save_to_buffer (pixbuf, &data, &len, "jpeg", NULL, "quality", "90", NULL));
  return g_bytes_new_take (data, len);
}

/* Median seconds to import a fresh copy of @photo named *.@ext. */
static double
time_imports (DaybookDiary *diary, const char *scratch, GBytes *photo, const char *ext,
              gboolean *had_thumbnail)
{
  double times[PHOTOS];

  for (guint i = 0; i < PHOTOS; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%s-%u.%s", ext, g_random_int (), ext);
      g_autofree char *path = g_build_filename (scratch, name, NULL);
      g_autoptr (DaybookAttachment) a = NULL;
      g_autoptr (GError) error = NULL;
      double start;

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (photo, NULL),
                                          g_bytes_get_size (photo), NULL));
      make_distinct (path);
      start = now ();
      a = daybook_diary_import_attachment (diary, path, 0, NULL, NULL, NULL, NULL, &error);
      times[i] = now () - start;
      g_assert_no_error (error);
      *had_thumbnail = daybook_attachment_has_thumbnail (a);
      g_unlink (path);
    }
  qsort (times, PHOTOS, sizeof (double), compare_doubles);
  return times[PHOTOS / 2];
}

static void
bench_photos (DaybookDiary *diary, const char *scratch)
{
  g_autoptr (GBytes) photo = make_photo ();
  g_autofree guint8 *random = g_malloc (g_bytes_get_size (photo));
  g_autoptr (GBytes) noise = NULL;
  double parse[PHOTOS];
  double plain, bwrap, fork_only;
  gboolean thumb = FALSE;

  for (gsize i = 0; i < g_bytes_get_size (photo); i++)
    random[i] = g_random_int ();
  noise = g_bytes_new (random, g_bytes_get_size (photo));

  /* The parsers alone, in this process, as Daybook ran them before. */
  for (guint i = 0; i < PHOTOS; i++)
    {
      g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_bytes (photo);
      g_auto (DaybookParsed) parsed = { 0 };
      double start = now ();

      _daybook_extract_metadata_from_stream (stream, "image/jpeg", g_bytes_get_size (photo),
                                             &parsed);
      parse[i] = now () - start;
      g_assert_nonnull (parsed.thumbnail);
    }
  qsort (parse, PHOTOS, sizeof (double), compare_doubles);

  /* As many random bytes: stored, not parsed. */
  plain = time_imports (diary, scratch, noise, "bin", &thumb);
  g_assert_false (thumb);
  _daybook_parse_set_sandbox_for_tests (DAYBOOK_SANDBOX_BWRAP);
  bwrap = time_imports (diary, scratch, photo, "jpg", &thumb);
  g_assert_true (thumb);
  _daybook_parse_set_sandbox_for_tests (DAYBOOK_SANDBOX_FORK);
  fork_only = time_imports (diary, scratch, photo, "jpg", &thumb);
  g_assert_true (thumb);
  _daybook_parse_set_sandbox_for_tests (DAYBOOK_SANDBOX_AUTO);

  printf ("photo of 12 megapixels, %.1f MiB (median of %d imports each)\n",
          g_bytes_get_size (photo) / 1048576.0, PHOTOS);
  printf ("  import of as many random bytes       %7.3f s  (not parsed)\n", plain);
  printf ("  parsers alone, in this process       %7.3f s  (EXIF, thumbnail)\n", parse[PHOTOS / 2]);
  printf ("  import, parsed by the helper (bwrap) %7.3f s  +%.3f s over not parsed\n", bwrap,
          bwrap - plain);
  printf ("  import, parsed by the helper (fork)  %7.3f s  +%.3f s over not parsed\n", fork_only,
          fork_only - plain);
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

  bench_photos (diary, scratch);

  g_clear_object (&attachment);
  g_clear_object (&diary);
  daybook_test_rm_rf (scratch);
  daybook_test_rm_copy (dir);
  return 0;
}
