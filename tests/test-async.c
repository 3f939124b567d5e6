/* test-async.c — the worker-thread versions of the calls a window waits on
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "daybook-attachment-async.h"
#include "daybook-backup.h"
#include "daybook-bundle.h"
#include "daybook-error.h"
#include "daybook-report.h"
#include "daybook-test-util.h"

/* Each test runs its calls on its own pushed main context, and compares
 * what an _async/_finish pair gives with what the blocking call gives. */

typedef struct
{
  char *dir;     /* the diary */
  char *scratch; /* backups, bundles, exports */
  DaybookDiary *diary;
  GMainContext *context;
  GAsyncResult *result;
} AsyncFixture;

static void
async_setup (AsyncFixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_fast_template ();
  f->scratch = daybook_test_make_tmpdir ();
  f->diary = daybook_test_open (f->dir);
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
}

static void
async_teardown (AsyncFixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  g_clear_object (&f->result);
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
  if (f->diary != NULL)
    daybook_diary_close (f->diary);
  g_clear_object (&f->diary);
  daybook_test_rm_rf (parent);
  daybook_test_rm_rf (f->scratch);
  g_free (f->dir);
  g_free (f->scratch);
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncFixture *f = user_data;

  g_assert_null (f->result);
  f->result = g_object_ref (result);
}

/* Runs the fixture's context until the call started last has finished. */
static GAsyncResult *
wait_for_result (AsyncFixture *f)
{
  g_clear_object (&f->result);
  while (f->result == NULL)
    g_main_context_iteration (f->context, TRUE);
  return f->result;
}

/* ---- keys --------------------------------------------------------------- */

static void
test_new_recovery_code (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) old_code = daybook_test_secret (daybook_test_recovery_code ());
  g_autoptr (DaybookSecret) code = NULL;
  g_autoptr (DaybookDiary) reopened = NULL;

  daybook_diary_new_recovery_code_async (f->diary, NULL, done_cb, f);
  g_assert_null (f->result);
  code = daybook_diary_new_recovery_code_finish (f->diary, wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
  daybook_diary_close (f->diary);

  /* As with daybook_diary_new_recovery_code(): the new code opens the
   * diary, the old one no longer does. */
  reopened = daybook_diary_open_with_recovery_code (f->dir, old_code, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_assert_null (reopened);
  g_clear_error (&error);
  reopened = daybook_diary_open_with_recovery_code (f->dir, code, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
}

static void
test_new_recovery_code_closed (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) sync_error = NULL;
  g_autoptr (DaybookSecret) code = NULL;

  daybook_diary_close (f->diary);
  g_assert_null (daybook_diary_new_recovery_code (f->diary, &sync_error));
  g_assert_nonnull (sync_error);

  daybook_diary_new_recovery_code_async (f->diary, NULL, done_cb, f);
  code = daybook_diary_new_recovery_code_finish (f->diary, wait_for_result (f), &error);
  g_assert_null (code);
  g_assert_error (error, sync_error->domain, sync_error->code);
  g_assert_cmpstr (error->message, ==, sync_error->message);
}

static void
test_change_passphrase (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) current = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("a new passphrase, typed twice");
  g_autoptr (DaybookDiary) reopened = NULL;

  daybook_diary_change_passphrase_async (f->diary, current, newpass, NULL, done_cb, f);
  g_assert_true (daybook_diary_change_passphrase_finish (f->diary, wait_for_result (f), &error));
  g_assert_no_error (error);
  daybook_diary_close (f->diary);

  reopened = daybook_diary_open (f->dir, current, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_assert_null (reopened);
  g_clear_error (&error);
  reopened = daybook_diary_open (f->dir, newpass, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
}

static void
test_change_passphrase_wrong (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) wrong = daybook_test_secret ("not the passphrase");
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("a new passphrase, typed twice");
  g_autoptr (DaybookDiary) reopened = NULL;

  daybook_diary_change_passphrase_async (f->diary, wrong, newpass, NULL, done_cb, f);
  g_assert_false (daybook_diary_change_passphrase_finish (f->diary, wait_for_result (f), &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  daybook_diary_close (f->diary);

  /* Nothing changed. */
  reopened = daybook_test_open (f->dir);
  g_assert_nonnull (reopened);
}

static void
test_recover (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) code = daybook_test_secret (daybook_test_recovery_code ());
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("remembered at last");
  g_autoptr (DaybookDiary) recovered = NULL;
  g_autoptr (DaybookDiary) reopened = NULL;

  daybook_diary_close (f->diary);
  daybook_diary_recover_async (f->dir, code, newpass, NULL, done_cb, f);
  recovered = daybook_diary_recover_finish (wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (DAYBOOK_IS_DIARY (recovered));
  g_assert_true (daybook_diary_is_open (recovered));
  daybook_diary_close (recovered);

  reopened = daybook_diary_open (f->dir, newpass, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
}

static void
test_recover_wrong_code (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) code = daybook_test_secret ("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF");
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("remembered at last");

  daybook_diary_close (f->diary);
  daybook_diary_recover_async (f->dir, code, newpass, NULL, done_cb, f);
  g_assert_null (daybook_diary_recover_finish (wait_for_result (f), &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
}

/* ---- backup, restore, bundle ---------------------------------------------- */

static void
add_entries (AsyncFixture *f, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      g_autofree char *title = g_strdup_printf ("Entry %u", i);
      DaybookWhen when = { 1767261600 + i * 86400, 0, (char *)"Europe/London" };

      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, title);
      g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
      g_assert_no_error (error);
    }
}

static void
test_backup_to_folder (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *last = NULL;
  DaybookBackupInfo info;

  add_entries (f, 3);
  daybook_diary_backup_to_folder_async (f->diary, f->scratch, 2, NULL, done_cb, f);
  path = daybook_diary_backup_to_folder_finish (f->diary, wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_prefix (path, f->scratch));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (daybook_backup_read_info (path, &info, &error));
  g_assert_cmpuint (info.version, ==, 3);
  last = daybook_diary_dup_setting (f->diary, DAYBOOK_SETTING_LAST_BACKUP);
  g_assert_nonnull (last);
}

static void
test_backup_to_folder_missing (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) sync_error = NULL;
  g_autofree char *missing = g_build_filename (f->scratch, "unplugged", NULL);

  g_assert_null (daybook_diary_backup_to_folder (f->diary, missing, 2, NULL, &sync_error));
  daybook_diary_backup_to_folder_async (f->diary, missing, 2, NULL, done_cb, f);
  g_assert_null (daybook_diary_backup_to_folder_finish (f->diary, wait_for_result (f), &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, sync_error->message);
}

static void
test_restore_and_open (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autofree char *backup = g_build_filename (f->scratch, "diary.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "restored", NULL);
  g_autoptr (DaybookDiary) diary = NULL;

  add_entries (f, 4);
  g_assert_true (daybook_diary_backup (f->diary, backup, FALSE, NULL, &error));
  g_assert_no_error (error);

  daybook_backup_restore_and_open_async (backup, restored, pass, NULL, done_cb, f);
  diary = daybook_backup_restore_and_open_finish (wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (daybook_diary_is_open (diary));
  g_assert_cmpuint (daybook_diary_count_incidents (diary), ==, 4);
  g_assert_cmpstr (daybook_diary_get_dir (diary), ==, restored);
  daybook_diary_close (diary);
}

static void
test_restore_wrong_passphrase (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) sync_error = NULL;
  g_autoptr (DaybookSecret) wrong = daybook_test_secret ("not the passphrase");
  g_autofree char *backup = g_build_filename (f->scratch, "diary.dbk", NULL);
  g_autofree char *restored = g_build_filename (f->scratch, "restored", NULL);

  g_assert_true (daybook_diary_backup (f->diary, backup, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (daybook_backup_restore (backup, restored, wrong, NULL, &sync_error));

  daybook_backup_restore_and_open_async (backup, restored, wrong, NULL, done_cb, f);
  g_assert_null (daybook_backup_restore_and_open_finish (wait_for_result (f), &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_assert_cmpstr (error->message, ==, sync_error->message);
  g_assert_false (daybook_diary_exists (restored));
}

static void
test_export_bundle (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autofree char *dir = g_build_filename (f->scratch, "bundle", NULL);
  g_autofree char *sync_dir = g_build_filename (f->scratch, "bundle-sync", NULL);
  g_autoptr (DaybookSecret) pass = NULL;
  g_autoptr (DaybookSecret) sync_pass = NULL;
  g_autoptr (DaybookDiary) bundle = NULL;
  guint n = 0, sync_n = 0;

  add_entries (f, 5);
  g_assert_true (
      daybook_diary_export_bundle (f->diary, sync_dir, query, &sync_pass, &sync_n, &error));
  g_assert_no_error (error);

  daybook_diary_export_bundle_async (f->diary, dir, query, NULL, done_cb, f);
  pass = daybook_diary_export_bundle_finish (f->diary, wait_for_result (f), &n, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pass);
  g_assert_cmpuint (n, ==, sync_n);
  g_assert_cmpuint (n, ==, 5);

  bundle = daybook_diary_open (dir, pass, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (daybook_diary_count_incidents (bundle), ==, 5);
  daybook_diary_close (bundle);
}

static void
test_export_bundle_exists (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) sync_error = NULL;
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookSecret) sync_pass = NULL;
  g_autofree char *taken = g_build_filename (f->scratch, "taken.txt", NULL);

  g_assert_true (g_file_set_contents (taken, "x", -1, NULL));
  g_assert_false (
      daybook_diary_export_bundle (f->diary, f->scratch, query, &sync_pass, NULL, &sync_error));
  g_assert_nonnull (sync_error);

  daybook_diary_export_bundle_async (f->diary, f->scratch, query, NULL, done_cb, f);
  g_assert_null (daybook_diary_export_bundle_finish (f->diary, wait_for_result (f), NULL, &error));
  g_assert_error (error, sync_error->domain, sync_error->code);
  g_assert_cmpstr (error->message, ==, sync_error->message);
}

/* ---- attachments ---------------------------------------------------------- */

static DaybookAttachment *
import_bytes (AsyncFixture *f, const char *name, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_bytes_new (data, len);
  DaybookAttachment *attachment
      = daybook_diary_import_attachment_bytes (f->diary, bytes, name, 0, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (attachment);
  return attachment;
}

static DaybookAttachment *
import_png (AsyncFixture *f, int width, int height)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autofree char *png = NULL;
  gsize len;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &len, "png", NULL, NULL));
  return import_bytes (f, "square.png", png, len);
}

static void
test_read_text (AsyncFixture *f, gconstpointer data)
{
  const char *note = "What was said at the door, written down that evening.";
  g_autoptr (DaybookAttachment) attachment = import_bytes (f, "note.txt", note, strlen (note));
  gint64 id = daybook_attachment_get_id (attachment);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sync_text = NULL;
  g_autofree char *cut = NULL;

  sync_text = daybook_diary_read_attachment_text (f->diary, id, 1024, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sync_text, ==, note);
  daybook_diary_read_attachment_text_async (f->diary, id, 1024, NULL, done_cb, f);
  text = daybook_diary_read_attachment_text_finish (f->diary, wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, sync_text);

  /* Longer than asked: cut, and says so. */
  daybook_diary_read_attachment_text_async (f->diary, id, 8, NULL, done_cb, f);
  cut = daybook_diary_read_attachment_text_finish (f->diary, wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cut, "\n\n"));
  g_assert_nonnull (strstr (cut, "Export the original"));
}

static void
test_read_text_missing (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) sync_error = NULL;

  g_assert_null (daybook_diary_read_attachment_text (f->diary, 4242, 1024, NULL, &sync_error));
  g_assert_nonnull (sync_error);
  daybook_diary_read_attachment_text_async (f->diary, 4242, 1024, NULL, done_cb, f);
  g_assert_null (daybook_diary_read_attachment_text_finish (f->diary, wait_for_result (f), &error));
  g_assert_error (error, sync_error->domain, sync_error->code);
  g_assert_cmpstr (error->message, ==, sync_error->message);
}

static void
test_read_image (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (DaybookAttachment) attachment = import_png (f, 6, 4);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = NULL;
  g_autoptr (GdkPixbuf) sync_pixbuf = NULL;

  sync_pixbuf = daybook_diary_read_attachment_image (f->diary, attachment, 1 << 20, NULL, &error);
  g_assert_no_error (error);
  daybook_diary_read_attachment_image_async (f->diary, attachment, 1 << 20, NULL, done_cb, f);
  pixbuf = daybook_diary_read_attachment_image_finish (f->diary, wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 6);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 4);
  g_assert_cmpint (gdk_pixbuf_get_width (sync_pixbuf), ==, 6);
  g_assert_cmpint (gdk_pixbuf_get_height (sync_pixbuf), ==, 4);
  g_assert_cmpmem (gdk_pixbuf_read_pixels (pixbuf), gdk_pixbuf_get_byte_length (pixbuf),
                   gdk_pixbuf_read_pixels (sync_pixbuf), gdk_pixbuf_get_byte_length (sync_pixbuf));
}

static void
test_read_image_errors (AsyncFixture *f, gconstpointer data)
{
  const char *note = "not an image at all";
  g_autoptr (DaybookAttachment) text = import_bytes (f, "note.txt", note, strlen (note));
  g_autoptr (DaybookAttachment) image = import_png (f, 64, 64);
  g_autoptr (GError) error = NULL;

  daybook_diary_read_attachment_image_async (f->diary, text, 1 << 20, NULL, done_cb, f);
  g_assert_null (
      daybook_diary_read_attachment_image_finish (f->diary, wait_for_result (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  daybook_diary_read_attachment_image_async (f->diary, image, 16, NULL, done_cb, f);
  g_assert_null (
      daybook_diary_read_attachment_image_finish (f->diary, wait_for_result (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "This image is too large to show; export it instead.");
}

static void
test_export_attachment (AsyncFixture *f, gconstpointer data)
{
  const char *note = "What was said at the door.";
  g_autoptr (DaybookAttachment) attachment = import_bytes (f, "note.txt", note, strlen (note));
  gint64 id = daybook_attachment_get_id (attachment);
  g_autofree char *path = g_build_filename (f->scratch, "copy.txt", NULL);
  g_autofree char *sync_path = g_build_filename (f->scratch, "sync-copy.txt", NULL);
  g_autoptr (GBytes) copy = NULL;
  g_autoptr (GBytes) sync_copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) sync_error = NULL;

  g_assert_true (daybook_diary_export_attachment (f->diary, id, sync_path, FALSE, NULL, &error));
  daybook_diary_export_attachment_async (f->diary, id, path, FALSE, NULL, done_cb, f);
  g_assert_true (daybook_diary_export_attachment_finish (f->diary, wait_for_result (f), &error));
  g_assert_no_error (error);
  copy = daybook_test_read (path);
  sync_copy = daybook_test_read (sync_path);
  g_assert_true (g_bytes_equal (copy, sync_copy));

  /* Without force an existing file is left alone, as the blocking call does. */
  g_assert_false (daybook_diary_export_attachment (f->diary, id, path, FALSE, NULL, &sync_error));
  daybook_diary_export_attachment_async (f->diary, id, path, FALSE, NULL, done_cb, f);
  g_assert_false (daybook_diary_export_attachment_finish (f->diary, wait_for_result (f), &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, sync_error->message);
}

static void
count_progress (guint64 done, guint64 total, gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, <=, total);
  *last = done;
}

static void
test_import_file (AsyncFixture *f, gconstpointer data)
{
  gsize len = 3 * DAYBOOK_ATTACHMENT_CHUNK_SIZE + 100;
  g_autofree guint8 *contents = g_malloc (len);
  g_autofree char *path = g_build_filename (f->scratch, "photo.bin", NULL);
  g_autofree char *sha = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autoptr (DaybookOriginal) original = NULL;
  g_autoptr (GError) error = NULL;
  guint64 done = 0;

  for (gsize i = 0; i < len; i++)
    contents[i] = (guint8)g_test_rand_int ();
  g_assert_true (g_file_set_contents (path, (char *)contents, len, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, contents, len);

  daybook_diary_import_file_async (f->diary, file, 0, count_progress, &done, NULL, done_cb, f);
  attachment = daybook_diary_import_file_finish (f->diary, wait_for_result (f), &original, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_attachment_get_sha256 (attachment), ==, sha);
  g_assert_cmpuint (daybook_attachment_get_size (attachment), ==, len);
  g_assert_cmpuint (done, ==, len);
  g_assert_nonnull (original);
  g_assert_cmpstr (daybook_original_get_path (original), ==, path);
}

static void
test_import_file_not_local (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (GFile) file = g_file_new_for_uri ("http://example.invalid/photo.png");
  g_autoptr (DaybookOriginal) original = NULL;
  g_autoptr (GError) error = NULL;

  daybook_diary_import_file_async (f->diary, file, 0, NULL, NULL, NULL, done_cb, f);
  g_assert_null (
      daybook_diary_import_file_finish (f->diary, wait_for_result (f), &original, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_cmpstr (
      error->message, ==,
      "photo.png is not a local file. Save it to this computer first, then attach it.");
  g_assert_null (original);
}

/* ---- report ------------------------------------------------------------- */

static DaybookReport *
prepared_report (AsyncFixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  DaybookReport *report;

  add_entries (f, 3);
  report = daybook_report_new (f->diary, query);
  daybook_report_set_generated_at (report, 1767261600);
  g_assert_true (daybook_report_prepare (report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (daybook_report_get_n_pages (report), >, 0);
  return report;
}

static void
test_render_page (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (DaybookReport) report = prepared_report (f);
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface, *sync_surface;
  double width, height, scale;
  int w, h, stride;

  daybook_report_get_page_size (report, &width, &height);
  scale = 300 / width;
  w = 300;
  h = (int)(height * scale + 0.5);

  sync_surface = daybook_report_render_page (report, 0, w, h, scale);
  daybook_report_render_page_async (report, 0, w, h, scale, NULL, done_cb, f);
  surface = daybook_report_render_page_finish (report, wait_for_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, h);
  stride = cairo_image_surface_get_stride (surface);
  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (sync_surface));
  g_assert_cmpmem (cairo_image_surface_get_data (surface), (gsize)stride * h,
                   cairo_image_surface_get_data (sync_surface), (gsize)stride * h);
  cairo_surface_destroy (surface);
  cairo_surface_destroy (sync_surface);
}

static void
test_render_page_cancelled (AsyncFixture *f, gconstpointer data)
{
  g_autoptr (DaybookReport) report = prepared_report (f);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  daybook_report_render_page_async (report, 0, 100, 140, 0.2, cancellable, done_cb, f);
  g_assert_null (daybook_report_render_page_finish (report, wait_for_result (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, AsyncFixture, NULL, async_setup, fn, async_teardown)

  ADD ("/async/keys/new-recovery-code", test_new_recovery_code);
  ADD ("/async/keys/new-recovery-code-closed", test_new_recovery_code_closed);
  ADD ("/async/keys/change-passphrase", test_change_passphrase);
  ADD ("/async/keys/change-passphrase-wrong", test_change_passphrase_wrong);
  ADD ("/async/keys/recover", test_recover);
  ADD ("/async/keys/recover-wrong-code", test_recover_wrong_code);

  ADD ("/async/backup/to-folder", test_backup_to_folder);
  ADD ("/async/backup/to-folder-missing", test_backup_to_folder_missing);
  ADD ("/async/backup/restore-and-open", test_restore_and_open);
  ADD ("/async/backup/restore-wrong-passphrase", test_restore_wrong_passphrase);
  ADD ("/async/bundle/export", test_export_bundle);
  ADD ("/async/bundle/export-not-empty", test_export_bundle_exists);
  ADD ("/async/attachment/read-text", test_read_text);
  ADD ("/async/attachment/read-text-missing", test_read_text_missing);
  ADD ("/async/attachment/read-image", test_read_image);
  ADD ("/async/attachment/read-image-errors", test_read_image_errors);
  ADD ("/async/attachment/export", test_export_attachment);
  ADD ("/async/attachment/import-file", test_import_file);
  ADD ("/async/attachment/import-file-not-local", test_import_file_not_local);
  ADD ("/async/report/render-page", test_render_page);
  ADD ("/async/report/render-page-cancelled", test_render_page_cancelled);

  return g_test_run ();
}
