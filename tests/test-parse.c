/* test-parse.c — the parsing helper as an attacker who owns it would use it
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A crafted photo or e-mail that takes over exiv2, GMime or gdk-pixbuf runs
 * as the helper daybook-parse. These tests make the real helper (built from
 * the same source, through DAYBOOK_PARSE_TEST) crash, hang, spin, flood and
 * lie, and try to write files, open sockets, run programs, signal and trace
 * Daybook, under bubblewrap and under the seccomp filter alone: the import
 * goes on without metadata, Daybook lives, and every attempt is refused.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gexiv2/gexiv2.h>
#include <glib/gstdio.h>

#include "daybook-attachment.h"
#include "daybook-attachment-async.h"
#include "daybook-parse-client.h"
#include "daybook-test-util.h"

typedef struct
{
  char *dir;
  char *files;
  DaybookDiary *diary;
  guint serial;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
  f->files = daybook_test_make_tmpdir ();
  f->diary = daybook_test_open (f->dir);
  _daybook_parse_set_sandbox_for_tests (GPOINTER_TO_INT (data));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  _daybook_parse_set_test_for_tests (NULL);
  _daybook_parse_set_timeout_for_tests (0);
  _daybook_parse_set_sandbox_for_tests (DAYBOOK_SANDBOX_AUTO);
  g_clear_object (&f->diary);
  daybook_test_rm_copy (f->dir);
  daybook_test_rm_rf (f->files);
  g_free (f->dir);
  g_free (f->files);
}

/* A landscape JPEG with EXIF (taken 21:40:05 at UTC+1, turned a quarter,
 * in London); each one different, so none is already stored. */
static char *
write_photo (Fixture *f)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 400, 200);
  g_autoptr (GExiv2Metadata) meta = gexiv2_metadata_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("photo-%u.jpg", ++f->serial);
  g_autofree char *model = g_strdup_printf ("Snap %u", f->serial);
  char *path = g_build_filename (f->files, name, NULL);

  gdk_pixbuf_fill (pixbuf, 0x33669900 | (f->serial & 0xff) << 24 | 0xff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "jpeg", &error, NULL));
  g_assert_true (gexiv2_metadata_open_path (meta, path, &error));
  g_assert_true (gexiv2_metadata_try_set_tag_string (meta, "Exif.Photo.DateTimeOriginal",
                                                     "2026:03:01 21:40:05", &error));
  g_assert_true (
      gexiv2_metadata_try_set_tag_string (meta, "Exif.Photo.OffsetTimeOriginal", "+01:00", &error));
  g_assert_true (gexiv2_metadata_try_set_tag_string (meta, "Exif.Image.Make", "Acme", &error));
  g_assert_true (gexiv2_metadata_try_set_tag_string (meta, "Exif.Image.Model", model, &error));
  gexiv2_metadata_try_set_orientation (meta, GEXIV2_ORIENTATION_ROT_90, &error);
  g_assert_true (gexiv2_metadata_try_set_gps_info (meta, -0.1276, 51.5072, 11.0, &error));
  g_assert_true (gexiv2_metadata_save_file (meta, path, &error));
  g_assert_no_error (error);
  return path;
}

static DaybookAttachment *
import (Fixture *f, const char *path)
{
  g_autoptr (GError) error = NULL;
  DaybookAttachment *a
      = daybook_diary_import_attachment (f->diary, path, 0, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (a);
  return a;
}

static void
assert_full_metadata (Fixture *f, DaybookAttachment *a)
{
  JsonObject *meta = daybook_attachment_get_metadata (a);
  g_autoptr (GBytes) png
      = daybook_diary_dup_attachment_thumbnail (f->diary, daybook_attachment_get_id (a));
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  GdkPixbuf *thumb;

  g_assert_cmpint (daybook_attachment_get_taken_at (a), ==, 1772397605);
  g_assert_cmpstr (json_object_get_string_member (meta, "camera_make"), ==, "Acme");
  g_assert_cmpstr (json_object_get_string_member (meta, "date_taken"), ==, "2026:03:01 21:40:05");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (meta, "gps_latitude"), 51.5072,
                                  1e-3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (meta, "gps_longitude"), -0.1276,
                                  1e-3);
  g_assert_cmpint (json_object_get_int_member (meta, "orientation"), ==, 6);
  g_assert_true (json_object_get_boolean_member (meta, "thumbnail"));
  g_assert_nonnull (png);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, png, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  thumb = gdk_pixbuf_loader_get_pixbuf (loader);
  /* 400 x 200 made 256 x 128, then turned upright. */
  g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 128);
  g_assert_cmpint (gdk_pixbuf_get_height (thumb), ==, 256);
}

static void
assert_no_metadata (Fixture *f, DaybookAttachment *a)
{
  JsonObject *meta = daybook_attachment_get_metadata (a);

  g_assert_false (daybook_attachment_has_thumbnail (a));
  g_assert_cmpint (daybook_attachment_get_taken_at (a), ==, 0);
  g_assert_true (meta == NULL || json_object_get_size (meta) == 0);
  g_assert_cmpstr (daybook_attachment_get_media_type (a), ==, "image/jpeg");
}

/* ---- the sandbox this computer has ---------------------------------------- */

static void
test_bwrap_works_here (void)
{
  /* This machine has bubblewrap and user namespaces (install-deps adds
   * the package): the strong sandbox must be the one chosen. */
  g_assert_true (g_file_test (DAYBOOK_BWRAP_PATH, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_cmpint (_daybook_parse_get_sandbox (), ==, DAYBOOK_SANDBOX_BWRAP);
}

/* ---- a normal photo ------------------------------------------------------- */

static void
test_photo (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_photo (f);
  g_autoptr (DaybookAttachment) a = import (f, path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) shown = NULL;

  assert_full_metadata (f, a);
  /* The viewer's whole image, decoded by the helper, turned upright. */
  shown = daybook_diary_read_attachment_image (f->diary, a, 1 << 20, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (shown), ==, 200);
  g_assert_cmpint (gdk_pixbuf_get_height (shown), ==, 400);
}

/* ---- a recording ----------------------------------------------------------- */

static void
put_le (GByteArray *out, guint32 value, int bytes)
{
  for (int i = 0; i < bytes; i++)
    {
      guint8 b = (guint8)(value >> (8 * i));

      g_byte_array_append (out, &b, 1);
    }
}

/* A WAV file of @frames frames of a 440 Hz tone, amplitude 8000, written
 * here byte by byte. */
static char *
write_wav (Fixture *f, guint rate, guint channels, guint frames)
{
  g_autoptr (GByteArray) wav = g_byte_array_new ();
  g_autofree char *name = g_strdup_printf ("voicemail-%u.wav", ++f->serial);
  char *path = g_build_filename (f->files, name, NULL);
  g_autoptr (GError) error = NULL;
  guint32 data_len = frames * channels * 2;

  g_byte_array_append (wav, (const guint8 *)"RIFF", 4);
  put_le (wav, 36 + data_len, 4);
  g_byte_array_append (wav, (const guint8 *)"WAVEfmt ", 8);
  put_le (wav, 16, 4);
  put_le (wav, 1, 2);
  put_le (wav, channels, 2);
  put_le (wav, rate, 4);
  put_le (wav, rate * channels * 2, 4);
  put_le (wav, channels * 2, 2);
  put_le (wav, 16, 2);
  g_byte_array_append (wav, (const guint8 *)"data", 4);
  put_le (wav, data_len, 4);
  for (guint i = 0; i < frames; i++)
    for (guint c = 0; c < channels; c++)
      put_le (wav, (guint16)(gint16)(8000 * sin (2 * G_PI * 440 * i / rate + f->serial)), 2);
  g_assert_true (g_file_set_contents (path, (const char *)wav->data, wav->len, &error));
  g_assert_no_error (error);
  return path;
}

static guint32
get_le (const guint8 *at, int bytes)
{
  guint32 value = 0;

  for (int i = bytes - 1; i >= 0; i--)
    value = value << 8 | at[i];
  return value;
}

/* What the window plays: Daybook's own WAV of the decoded samples. */
static void
assert_decoded (GBytes *wav, guint channels, gsize frames)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (wav, &size);
  const gint16 *samples;
  gsize got;
  int peak = 0;

  g_assert_cmpuint (size, >, 44);
  g_assert_cmpmem (data, 4, "RIFF", 4);
  g_assert_cmpmem (data + 8, 8, "WAVEfmt ", 8);
  g_assert_cmpuint (get_le (data + 20, 2), ==, 1);
  g_assert_cmpuint (get_le (data + 22, 2), ==, channels);
  g_assert_cmpuint (get_le (data + 24, 4), ==, 48000);
  g_assert_cmpuint (get_le (data + 34, 2), ==, 16);
  g_assert_cmpmem (data + 36, 4, "data", 4);
  g_assert_cmpuint (get_le (data + 40, 4), ==, size - 44);
  got = (size - 44) / (2 * channels);
  g_test_message ("%" G_GSIZE_FORMAT " frames at 48 kHz for %" G_GSIZE_FORMAT " expected", got,
                  frames);
  /* The resampler may add or drop a few frames at the ends: 1 ms. */
  g_assert_cmpuint (got, >=, frames - 48);
  g_assert_cmpuint (got, <=, frames + 48);
  samples = (const gint16 *)(data + 44);
  for (gsize i = 0; i < got * channels; i++)
    peak = MAX (peak, ABS (samples[i]));
  /* The tone, not silence or noise. */
  g_assert_cmpint (peak, >, 7000);
  g_assert_cmpint (peak, <, 9000);
}

static void
test_audio (Fixture *f, gconstpointer data)
{
  g_autofree char *mono = write_wav (f, 8000, 1, 12000);
  g_autofree char *stereo = write_wav (f, 22050, 2, 22050);
  g_autoptr (DaybookAttachment) a = import (f, mono);
  g_autoptr (DaybookAttachment) b = import (f, stereo);
  g_autoptr (GBytes) wav = NULL;
  g_autoptr (GBytes) wav2 = NULL;
  g_autoptr (GError) error = NULL;
  gboolean cut = TRUE;

  g_assert_true (g_str_has_prefix (daybook_attachment_get_media_type (a), "audio/"));
  /* 1.5 s at 8 kHz, mono. */
  wav = daybook_diary_read_attachment_audio (f->diary, daybook_attachment_get_id (a), &cut, NULL,
                                             &error);
  g_assert_no_error (error);
  g_assert_false (cut);
  assert_decoded (wav, 1, 72000);
  /* 1 s at 22.05 kHz, stereo. */
  wav2 = daybook_diary_read_attachment_audio (f->diary, daybook_attachment_get_id (b), &cut, NULL,
                                              &error);
  g_assert_no_error (error);
  assert_decoded (wav2, 2, 48000);

  /* Longer than the cap (made one second by the hook): the first part,
   * and said so. */
  _daybook_parse_set_test_for_tests ("short");
  g_clear_pointer (&wav, g_bytes_unref);
  wav = daybook_diary_read_attachment_audio (f->diary, daybook_attachment_get_id (a), &cut, NULL,
                                             &error);
  g_assert_no_error (error);
  g_assert_true (cut);
  g_assert_cmpuint (g_bytes_get_size (wav), ==, 44 + 48000 * 2);
}

/* Not sound at all, or a helper taken over: one sentence, Daybook lives. */
static void
test_audio_bad (Fixture *f, gconstpointer data)
{
  static const char *const hooks[] = { "abort", "segv", "hang", "garbage", "flood", "silent" };
  g_autofree char *noise_path = g_build_filename (f->files, "voicemail.wav", NULL);
  g_autofree char *path = write_wav (f, 8000, 1, 8000);
  g_autoptr (DaybookAttachment) noise = NULL;
  g_autoptr (DaybookAttachment) a = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) wav = NULL;
  guint8 junk[4096];

  for (gsize i = 0; i < sizeof junk; i++)
    junk[i] = (guint8)g_random_int ();
  memcpy (junk, "RIFF", 4);
  g_assert_true (g_file_set_contents (noise_path, (const char *)junk, sizeof junk, NULL));
  noise = import (f, noise_path);
  wav = daybook_diary_read_attachment_audio (f->diary, daybook_attachment_get_id (noise), NULL,
                                             NULL, &error);
  g_assert_null (wav);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);

  a = import (f, path);
  _daybook_parse_set_timeout_for_tests (2000);
  for (gsize i = 0; i < G_N_ELEMENTS (hooks); i++)
    {
      g_autoptr (GError) hook_error = NULL;
      g_autoptr (GBytes) none = NULL;
      gint64 start = g_get_monotonic_time ();

      g_test_message ("helper made to: %s", hooks[i]);
      _daybook_parse_set_test_for_tests (hooks[i]);
      none = daybook_diary_read_attachment_audio (f->diary, daybook_attachment_get_id (a), NULL,
                                                  NULL, &hook_error);
      g_assert_null (none);
      g_assert_error (hook_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
    }
  /* Without the hook the same recording plays. */
  _daybook_parse_set_test_for_tests (NULL);
  g_clear_pointer (&wav, g_bytes_unref);
  wav = daybook_diary_read_attachment_audio (f->diary, daybook_attachment_get_id (a), NULL, NULL,
                                             NULL);
  assert_decoded (wav, 1, 48000);
}

/* ---- a helper taken over -------------------------------------------------- */

static void
test_misbehaving (Fixture *f, gconstpointer data)
{
  static const char *const hooks[]
      = { "abort", "segv", "hang", "spin", "garbage", "flood", "silent" };

  _daybook_parse_set_timeout_for_tests (2000);
  for (gsize i = 0; i < G_N_ELEMENTS (hooks); i++)
    {
      g_autofree char *path = write_photo (f);
      g_autoptr (DaybookAttachment) a = NULL;
      g_autoptr (GdkPixbuf) shown = NULL;
      g_autoptr (GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_test_message ("helper made to: %s", hooks[i]);
      _daybook_parse_set_test_for_tests (hooks[i]);
      a = import (f, path);
      assert_no_metadata (f, a);
      /* Killed at the time limit, not left to its own (30 s of CPU). */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);

      /* The viewer says it cannot show the image; nothing else happens. */
      shown = daybook_diary_read_attachment_image (f->diary, a, 1 << 20, NULL, &error);
      g_assert_null (shown);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
  /* Without the hook the next helper reads photos again. */
  _daybook_parse_set_test_for_tests (NULL);
  {
    g_autofree char *path = write_photo (f);
    g_autoptr (DaybookAttachment) a = import (f, path);

    assert_full_metadata (f, a);
  }
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM attachments"), ==,
                   G_N_ELEMENTS (hooks) + 1);
}

/* ---- what the helper must not be able to do ------------------------------- */

static void
assert_refused (const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *answer = _daybook_parse_try (what, &error);

  g_assert_no_error (error);
  g_test_message ("%s: %s", what, answer);
  if (!g_str_equal (answer, "errno 1") && !g_str_equal (answer, "errno 13")
      && !g_str_equal (answer, "errno 38"))
    g_error ("the helper could %s: %s", what, answer);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *escape = g_build_filename (g_get_tmp_dir (), "daybook-parse-escape", NULL);

  assert_refused ("write");
  assert_refused ("read-write");
  assert_refused ("socket");
  assert_refused ("unix-socket");
  assert_refused ("exec");
  assert_refused ("kill-parent");
  assert_refused ("ptrace");
  g_assert_false (g_file_test ("/tmp/daybook-parse-escape", G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (escape, G_FILE_TEST_EXISTS));
}

/* Daybook's memory holds the keys. The window and the CLI make themselves
 * not dumpable (daybook-hardening.c, daybook-cli.c), as this test does:
 * then the helper cannot read /proc/PID/mem even without bubblewrap, where
 * Daybook's process is not there at all. */
static void
test_parent_memory (Fixture *f, gconstpointer data)
{
  g_autofree char *what = g_strdup_printf ("mem-%d", (int)getpid ());
  g_autoptr (GError) error = NULL;
  g_autofree char *answer = NULL;

  g_assert_cmpint (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0), ==, 0);
  answer = _daybook_parse_try (what, &error);
  prctl (PR_SET_DUMPABLE, 1, 0, 0, 0);
  g_assert_no_error (error);
  g_test_message ("%s: %s", what, answer);
  if (!g_str_equal (answer, "errno 1") && !g_str_equal (answer, "errno 2")
      && !g_str_equal (answer, "errno 13"))
    g_error ("the helper could read Daybook's memory: %s", answer);
}

/* Daybook has the diary open (database, key file, an evidence file) and
 * one descriptor left inheritable by mistake; the helper starts with
 * stdin, stdout and stderr only. */
static void
test_no_diary_fds (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "diary.db", NULL);
  g_autofree char *photo = write_photo (f);
  g_autoptr (DaybookAttachment) a = import (f, photo);
  g_autoptr (GError) error = NULL;
  g_autofree char *answer = NULL;
  int leaked = open (db, O_RDONLY); /* no O_CLOEXEC */

  g_assert_cmpint (leaked, >=, 0);
  answer = _daybook_parse_try ("fds", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (answer, ==, "fds 0,1,2");
  close (leaked);
}

/* ---- answers that lie --------------------------------------------------------- */

static GBytes *
forge (gint64 taken_at, const char *exif_time, GVariant *strings, GVariant *numbers,
       gint32 orientation, guint32 width, guint32 height, gboolean alpha, gsize pixel_bytes)
{
  g_autofree guint8 *pixels = g_malloc0 (MAX (pixel_bytes, 1));
  g_autoptr (GVariant) v = NULL;

  for (gsize i = 0; i < pixel_bytes; i++)
    pixels[i] = (guint8)(i * 37);
  v = g_variant_ref_sink (g_variant_new (
      "(xss@a{ss}@a{sd}i(uub@ay))", taken_at, exif_time, "", strings, numbers, orientation, width,
      height, alpha, g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, pixels, pixel_bytes, 1)));
  return g_variant_get_data_as_bytes (v);
}

static GVariant *
strings_of (const char *key, const char *value)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  if (key != NULL)
    g_variant_builder_add (&b, "{ss}", key, value);
  return g_variant_builder_end (&b);
}

static GVariant *
numbers_of (const char *key, double value)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{sd}"));
  if (key != NULL)
    g_variant_builder_add (&b, "{sd}", key, value);
  return g_variant_builder_end (&b);
}

static JsonObject *
read_forged (GBytes *reply, gint64 *taken_at, GBytes **thumb)
{
  g_autoptr (GBytes) owned = reply;

  return _daybook_parse_reply_for_tests (owned, taken_at, thumb);
}

static void
test_forged (void)
{
  g_autofree char *long_text = g_strnfill (100000, 'A');
  g_autoptr (JsonObject) meta = NULL;
  g_autoptr (GBytes) thumb = NULL;
  g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  gint64 taken;

  /* A good answer: a 3 x 2 thumbnail, turned by orientation 6. */
  meta = read_forged (forge (1700000000, "", strings_of ("camera_make", "Acme"),
                             numbers_of ("gps_latitude", 51.5), 6, 3, 2, FALSE, 3 * 2 * 3),
                      &taken, &thumb);
  g_assert_cmpint (taken, ==, 1700000000);
  g_assert_cmpstr (json_object_get_string_member (meta, "camera_make"), ==, "Acme");
  g_assert_cmpfloat (json_object_get_double_member (meta, "gps_latitude"), ==, 51.5);
  g_assert_nonnull (thumb);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, thumb, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  g_assert_cmpint (gdk_pixbuf_get_width (gdk_pixbuf_loader_get_pixbuf (loader)), ==, 2);
  g_clear_pointer (&meta, json_object_unref);
  g_clear_pointer (&thumb, g_bytes_unref);

  /* Names Daybook did not ask for, impossible places and times. */
  meta = read_forged (forge (G_MAXINT64, "", strings_of ("sql", "x'); DROP TABLE x;--"),
                             numbers_of ("gps_latitude", 1000.0), 99, 0, 0, FALSE, 0),
                      &taken, &thumb);
  g_assert_cmpint (json_object_get_size (meta), ==, 0);
  g_assert_cmpint (taken, ==, 0);
  g_assert_null (thumb);
  g_clear_pointer (&meta, json_object_unref);

  meta = read_forged (
      forge (0, "", strings_of (NULL, NULL), numbers_of ("gps_longitude", NAN), 1, 0, 0, FALSE, 0),
      &taken, &thumb);
  g_assert_false (json_object_has_member (meta, "gps_longitude"));
  g_clear_pointer (&meta, json_object_unref);

  /* A thumbnail too big, or with fewer bytes than it claims. */
  meta = read_forged (
      forge (0, "", strings_of (NULL, NULL), numbers_of (NULL, 0), 1, 100000, 1, FALSE, 300000),
      &taken, &thumb);
  g_assert_null (thumb);
  g_assert_false (json_object_has_member (meta, "thumbnail"));
  g_clear_pointer (&meta, json_object_unref);
  meta = read_forged (
      forge (0, "", strings_of (NULL, NULL), numbers_of (NULL, 0), 1, 256, 256, TRUE, 100), &taken,
      &thumb);
  g_assert_null (thumb);
  g_clear_pointer (&meta, json_object_unref);

  /* A string of 100 000 bytes is cut to 16 KiB. */
  meta = read_forged (forge (0, "", strings_of ("email_subject", long_text), numbers_of (NULL, 0),
                             1, 0, 0, FALSE, 0),
                      &taken, &thumb);
  g_assert_cmpuint (strlen (json_object_get_string_member (meta, "email_subject")), ==, 16384);
  g_clear_pointer (&meta, json_object_unref);

  /* An EXIF date that is not one. */
  meta = read_forged (forge (0, "9999999:99:99 99:99:99", strings_of (NULL, NULL),
                             numbers_of (NULL, 0), 1, 0, 0, FALSE, 0),
                      &taken, &thumb);
  g_assert_cmpint (taken, ==, 0);
  g_clear_pointer (&meta, json_object_unref);

  /* Bytes that are no GVariant of the type at all. */
  meta = read_forged (g_bytes_new_static ("\xff\xfe garbage", 10), &taken, &thumb);
  g_assert_cmpint (json_object_get_size (meta), ==, 0);
  g_assert_null (thumb);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parse/bwrap-works-here", test_bwrap_works_here);
  g_test_add_func ("/parse/forged-answers", test_forged);
#define ADD(path, fn)                                                                              \
  g_test_add ("/parse/bwrap/" path, Fixture, GINT_TO_POINTER (DAYBOOK_SANDBOX_BWRAP), setup, fn,   \
              teardown);                                                                           \
  g_test_add ("/parse/fork/" path, Fixture, GINT_TO_POINTER (DAYBOOK_SANDBOX_FORK), setup, fn,     \
              teardown)
  ADD ("photo", test_photo);
  ADD ("refused", test_refused);
  ADD ("no-diary-fds", test_no_diary_fds);
  ADD ("parent-memory", test_parent_memory);
  ADD ("misbehaving", test_misbehaving);
  ADD ("audio", test_audio);
  ADD ("audio-bad", test_audio_bad);
  return g_test_run ();
}
