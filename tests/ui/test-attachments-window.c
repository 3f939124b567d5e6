/* test-attachments-window.c — evidence in the window, driven as a user would
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb with a fresh HOME and XDG directories. Files go in
 * through the editor's attachment strip (what a drop or the file chooser
 * does), an image through the clipboard; `daybook-cli attachments --json`
 * must then list them with the SHA-256 of the original bytes; the viewer
 * shows an image and a text from memory; an export is byte-identical;
 * audio is decoded by the parsing helper and plays through Daybook's own
 * GStreamer source (a crashing helper leaves one sentence); and
 * nothing lands in ~/.cache or recently-used.xbel.
 */

#include "config.h"

#include <string.h>
#include <gst/gst.h>

#include "daybook-application.h"
#include "daybook-attachment-media.h"
#include "daybook-parse-client.h"
#include "daybook-attachment-strip.h"
#include "daybook-attachment-viewer.h"
#include "daybook-evidence-page.h"
#include "daybook-incident-editor.h"
#include "daybook-main-view.h"
#include "daybook-window.h"
#include "daybook-ui-test-util.h"

static DaybookApplication *app;
static char *home;

typedef struct
{
  char *dir;
  char *files;
  DaybookWindow *window;
  DaybookMainView *view;
  DaybookAttachmentStrip *strip;
} Fixture;

/* Helpers */

static gboolean
strip_idle (gpointer data)
{
  return !_daybook_attachment_strip_is_busy (data);
}

static gboolean
viewer_idle (gpointer data)
{
  return !_daybook_attachment_viewer_is_busy (data);
}

static gboolean
model_not_empty (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static char *
write_file (Fixture *f, const char *name, const void *data, gssize len)
{
  char *path = g_build_filename (f->files, name, NULL);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

static char *
sha256_of_file (const char *path)
{
  g_autoptr (GBytes) bytes = daybook_test_read (path);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
attach_paths (Fixture *f, const char *first, ...)
{
  g_autolist (GFile) files = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *p = first; p != NULL; p = va_arg (ap, const char *))
    files = g_list_append (files, g_file_new_for_path (p));
  va_end (ap);
  _daybook_attachment_strip_attach_files (f->strip, files);
  daybook_test_wait_for (strip_idle, f->strip, "the import");
  g_assert_null (_daybook_attachment_strip_get_last_error (f->strip));
}

/* The attachments as `daybook-cli attachments --json` lists them. The
 * window is locked first: a diary is open in one program at a time. */
static JsonArray *
cli_attachments (Fixture *f, JsonNode **root)
{
  const char *argv[] = { "--diary", f->dir, "--passphrase-fd", "0", "attachments", "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;

  int status;

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "lock", NULL);
  daybook_test_spin (100);
  g_assert_cmpstr (daybook_window_get_page_name (f->window), ==, "unlock");
  status = daybook_test_cli_argv (TEST_PASSPHRASE "\n", &out, &err, argv);

  if (status != 0)
    g_error ("daybook-cli attachments failed (%d): %s", status, err);
  *root = json_from_string (out, &error);
  g_assert_no_error (error);
  return json_node_get_array (*root);
}

static GdkTexture *
make_texture (int width, int height)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  return gdk_texture_new_for_pixbuf (pixbuf);
}

static GBytes *
make_png (int width, int height)
{
  g_autoptr (GdkTexture) texture = make_texture (width, height);

  return gdk_texture_save_to_png_bytes (texture);
}

/* Fixture: the window unlocked on a diary with entry 1 open in the editor. */
static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GError) error = NULL;
  DaybookWhen when = { 0 };

  f->dir = daybook_test_copy_template ();
  f->files = daybook_test_make_tmpdir ();
  diary = daybook_test_open (f->dir);
  daybook_when_parse ("2026-03-01T21:40", london, &when, NULL, &error);
  g_assert_no_error (error);
  daybook_incident_set_start (incident, &when);
  daybook_when_clear (&when);
  daybook_incident_set_title (incident, "Messages all evening");
  daybook_diary_save_incident (diary, incident, &error);
  g_assert_no_error (error);

  f->window = daybook_window_new (app, f->dir);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  daybook_test_spin (100);
  g_signal_emit_by_name (daybook_window_get_page (f->window, "unlock"), "unlocked", diary);
  f->view = DAYBOOK_MAIN_VIEW (daybook_window_get_page (f->window, "main"));
  daybook_main_view_open_incident (f->view, 1);
  g_assert_cmpstr (daybook_main_view_get_page_name (f->view), ==, "editor");
  f->strip = DAYBOOK_ATTACHMENT_STRIP (
      daybook_test_find_id (daybook_main_view_get_page (f->view, "editor"), "attachment_strip"));
  g_assert_nonnull (f->strip);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  daybook_test_window_destroy (&f->window);
  daybook_test_rm_copy (f->dir);
  daybook_test_rm_rf (f->files);
  g_free (f->dir);
  g_free (f->files);
}

/* Tests */

static void
test_strip_attach (Fixture *f, gconstpointer data)
{
  const char *text = "He sent 14 messages between 21:00 and 23:00.\n";
  g_autofree char *path = write_file (f, "messages.txt", text, -1);
  g_autofree char *photo = NULL;
  g_autofree char *expected = sha256_of_file (path);
  g_autoptr (GBytes) png = make_png (64, 48);
  g_autoptr (JsonNode) root = NULL;
  GListModel *model = daybook_attachment_strip_get_model (f->strip);
  g_autoptr (DaybookAttachment) first = NULL;
  JsonArray *list;
  JsonObject *item;

  photo = write_file (f, "door.png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  attach_paths (f, path, photo, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  first = g_list_model_get_item (model, 0);

  /* The mark is shown in the strip, with the name. */
  g_assert_true (
      daybook_test_shows_label (GTK_WIDGET (f->strip), daybook_attachment_get_mark (first)));
  g_assert_cmpstr (daybook_attachment_get_filename (first), ==, "messages.txt");

  /* A folder: one clear sentence, nothing added. */
  attach_paths (f, path, NULL); /* the same bytes again are linked, not stored twice */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autolist (GFile) dirs = g_list_append (NULL, g_file_new_for_path (f->files));

    _daybook_attachment_strip_attach_files (f->strip, dirs);
    daybook_test_wait_for (strip_idle, f->strip, "the import");
    g_assert_nonnull (strstr (_daybook_attachment_strip_get_last_error (f->strip), "folder"));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  }
  list = cli_attachments (f, &root);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  item = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "filename"), ==, "messages.txt");
  g_assert_cmpstr (json_object_get_string_member (item, "sha256"), ==, expected);
  g_assert_cmpstr (json_object_get_string_member (item, "mark"), ==,
                   daybook_attachment_get_mark (first));
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (item, "incidents"), 0),
                   ==, 1);
}

static void
test_strip_new_entry (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "note.txt", "at the gate", -1);
  GListModel *model = daybook_attachment_strip_get_model (f->strip);
  DaybookIncidentEditor *editor
      = DAYBOOK_INCIDENT_EDITOR (daybook_main_view_get_page (f->view, "editor"));

  daybook_main_view_new_incident (f->view);
  g_assert_cmpint (daybook_incident_editor_get_number (editor), ==, 0);
  attach_paths (f, path, NULL);
  /* The new entry was saved to hold its evidence. */
  g_assert_cmpint (daybook_incident_editor_get_number (editor), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
}

static void
test_paste (Fixture *f, gconstpointer data)
{
  g_autoptr (GdkTexture) texture = make_texture (120, 80);
  GListModel *model = daybook_attachment_strip_get_model (f->strip);
  g_autoptr (DaybookAttachment) pasted = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonArray *list;

  /* Nothing to paste: said so. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f->strip)), "just text");
  gtk_widget_activate_action (GTK_WIDGET (f->strip), "attachments.paste", NULL);
  daybook_test_spin (100);
  g_assert_nonnull (strstr (_daybook_attachment_strip_get_last_error (f->strip), "no image"));

  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (f->strip)), texture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->strip), "attachments.paste", NULL));
  daybook_test_wait_for (model_not_empty, model, "the pasted image");
  daybook_test_wait_for (strip_idle, f->strip, "the import");
  pasted = g_list_model_get_item (model, 0);
  g_assert_true (g_str_has_prefix (daybook_attachment_get_filename (pasted), "Screenshot 20"));
  g_assert_true (g_str_has_suffix (daybook_attachment_get_filename (pasted), ".png"));
  g_assert_cmpstr (daybook_attachment_get_media_type (pasted), ==, "image/png");
  g_assert_true (daybook_attachment_has_thumbnail (pasted));

  list = cli_attachments (f, &root);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (list, 0), "media_type"), ==,
      "image/png");
}

static void
test_viewer (Fixture *f, gconstpointer data)
{
  const char *text = "From: someone@example.org\nSubject: again\n\nMARKER-7c1f in the body\n";
  g_autofree char *txt = write_file (f, "message.txt", text, -1);
  g_autoptr (GBytes) png = make_png (300, 200);
  g_autofree char *img
      = write_file (f, "photo.png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autofree char *out = g_build_filename (f->files, "exported.png", NULL);
  g_autoptr (GFile) out_file = g_file_new_for_path (out);
  GListModel *model = daybook_attachment_strip_get_model (f->strip);
  DaybookDiary *diary = daybook_window_get_diary (f->window);
  g_autoptr (DaybookAttachment) text_item = NULL;
  g_autoptr (DaybookAttachment) image_item = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *expected = sha256_of_file (img);
  g_autofree char *got = NULL;
  DaybookAttachmentViewer *viewer;

  attach_paths (f, txt, img, NULL);
  text_item = g_list_model_get_item (model, 0);
  image_item = g_list_model_get_item (model, 1);

  viewer = DAYBOOK_ATTACHMENT_VIEWER (
      daybook_attachment_viewer_show (GTK_WIDGET (f->strip), diary, image_item));
  daybook_test_wait_for (viewer_idle, viewer, "the image");
  g_assert_cmpstr (_daybook_attachment_viewer_get_kind (viewer), ==, "image");
  g_assert_cmpint (
      gdk_paintable_get_intrinsic_width (_daybook_attachment_viewer_get_image (viewer)), ==, 300);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-fit", NULL);

  /* Export writes the original byte for byte. */
  _daybook_attachment_viewer_export_to (viewer, out_file);
  daybook_test_wait_for (viewer_idle, viewer, "the export");
  g_assert_null (_daybook_attachment_viewer_get_last_error (viewer));
  got = sha256_of_file (out);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpstr (got, ==, daybook_attachment_get_sha256 (image_item));
  gtk_window_destroy (GTK_WINDOW (viewer));

  viewer = DAYBOOK_ATTACHMENT_VIEWER (
      daybook_attachment_viewer_show (GTK_WIDGET (f->strip), diary, text_item));
  daybook_test_wait_for (viewer_idle, viewer, "the text");
  g_assert_cmpstr (_daybook_attachment_viewer_get_kind (viewer), ==, "text");
  shown = _daybook_attachment_viewer_dup_text (viewer);
  g_assert_nonnull (strstr (shown, "MARKER-7c1f in the body"));
  gtk_window_destroy (GTK_WINDOW (viewer));
}

static GBytes *
make_wav (guint seconds)
{
  guint32 rate = 8000, data_len = rate * seconds * 2;
  GByteArray *wav = g_byte_array_new ();
  guint8 header[44] = { 'R', 'I', 'F', 'F', 0,  0, 0,   0,   'W', 'A', 'V', 'E', 'f', 'm', 't',
                        ' ', 16,  0,   0,   0,  1, 0,   1,   0,   0,   0,   0,   0,   0,   0,
                        0,   0,   2,   0,   16, 0, 'd', 'a', 't', 'a', 0,   0,   0,   0 };
  guint32 riff = GUINT32_TO_LE (36 + data_len), r = GUINT32_TO_LE (rate),
          bps = GUINT32_TO_LE (rate * 2), dl = GUINT32_TO_LE (data_len);
  g_autofree guint8 *samples = g_malloc0 (data_len);

  memcpy (header + 4, &riff, 4);
  memcpy (header + 24, &r, 4);
  memcpy (header + 28, &bps, 4);
  memcpy (header + 40, &dl, 4);
  for (guint i = 0; i < data_len; i += 2)
    samples[i + 1] = (i / 20) % 2 ? 0x20 : 0xe0; /* a square wave */
  g_byte_array_append (wav, header, sizeof header);
  g_byte_array_append (wav, samples, data_len);
  return g_byte_array_free_to_bytes (wav);
}

static void
test_media (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) wav = make_wav (2);
  g_autofree char *path
      = write_file (f, "voicemail.wav", g_bytes_get_data (wav, NULL), g_bytes_get_size (wav));
  GListModel *model = daybook_attachment_strip_get_model (f->strip);
  g_autoptr (DaybookAttachment) item = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkMediaStream) media = NULL;
  g_autofree char *uri = NULL;
  GstElement *pipeline;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) msg = NULL;
  gint64 duration = 0;
  DaybookAttachmentViewer *viewer;

  attach_paths (f, path, NULL);
  item = g_list_model_get_item (model, 0);
  g_assert_true (g_str_has_prefix (daybook_attachment_get_media_type (item), "audio/"));

  /* The viewer hands it to a media stream (GTK's GStreamer backend). */
  viewer = DAYBOOK_ATTACHMENT_VIEWER (daybook_attachment_viewer_show (
      GTK_WIDGET (f->strip), daybook_window_get_diary (f->window), item));
  g_assert_cmpstr (_daybook_attachment_viewer_get_kind (viewer), ==, "media");
  {
    GtkMediaStream *stream = gtk_video_get_media_stream (
        GTK_VIDEO (daybook_test_find_id (GTK_WIDGET (viewer), "video")));
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while (!gtk_media_stream_is_prepared (stream) && gtk_media_stream_get_error (stream) == NULL
           && g_get_monotonic_time () < deadline)
      daybook_test_spin (20);
    /* GTK's own player, fed from the diary: prepared, the whole length. */
    g_assert_null (gtk_media_stream_get_error (stream));
    g_assert_true (gtk_media_stream_is_prepared (stream));
    g_assert_cmpint (gtk_media_stream_get_duration (stream) / 1000, >=, 1900);
    g_assert_cmpint (gtk_media_stream_get_duration (stream) / 1000, <=, 2100);
  }
  gtk_window_destroy (GTK_WINDOW (viewer));

  /* It was decoded by the helper, not here: a helper that crashes (as one
   * taken over by a crafted recording might) leaves one sentence, and
   * Daybook goes on. */
  _daybook_parse_set_test_for_tests ("abort");
  viewer = DAYBOOK_ATTACHMENT_VIEWER (daybook_attachment_viewer_show (
      GTK_WIDGET (f->strip), daybook_window_get_diary (f->window), item));
  {
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while (g_str_equal (_daybook_attachment_viewer_get_kind (viewer), "media")
           && g_get_monotonic_time () < deadline)
      daybook_test_spin (20);
  }
  _daybook_parse_set_test_for_tests (NULL);
  g_assert_cmpstr (_daybook_attachment_viewer_get_kind (viewer), ==, "other");
  g_test_message ("%s", _daybook_attachment_viewer_get_last_error (viewer));
  g_assert_cmpstr (_daybook_attachment_viewer_get_last_error (viewer), ==,
                   "This recording cannot be played here; it may be damaged or of a kind Daybook "
                   "does not know. Export it to play it elsewhere.");
  gtk_window_destroy (GTK_WINDOW (viewer));

  /* A recording longer than what is played (the hook makes the cap one
   * second): the first part plays, and the viewer says so. */
  _daybook_parse_set_test_for_tests ("short");
  viewer = DAYBOOK_ATTACHMENT_VIEWER (daybook_attachment_viewer_show (
      GTK_WIDGET (f->strip), daybook_window_get_diary (f->window), item));
  {
    GtkMediaStream *stream = gtk_video_get_media_stream (
        GTK_VIDEO (daybook_test_find_id (GTK_WIDGET (viewer), "video")));
    gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

    while (!gtk_media_stream_is_prepared (stream) && gtk_media_stream_get_error (stream) == NULL
           && g_get_monotonic_time () < deadline)
      daybook_test_spin (20);
    _daybook_parse_set_test_for_tests (NULL);
    g_assert_true (gtk_media_stream_is_prepared (stream));
    g_assert_cmpint (gtk_media_stream_get_duration (stream) / 1000, >=, 950);
    g_assert_cmpint (gtk_media_stream_get_duration (stream) / 1000, <=, 1050);
    g_assert_cmpstr (_daybook_attachment_viewer_get_last_error (viewer), ==,
                     "Only the first 30 minutes of this recording play here. Export it to hear "
                     "the rest.");
  }
  gtk_window_destroy (GTK_WINDOW (viewer));

  /* Its private URI decodes from the diary's chunks: the whole recording,
   * no decrypted file anywhere. */
  media = daybook_attachment_media_new (daybook_window_get_diary (f->window),
                                        daybook_attachment_get_id (item), &error);
  g_assert_no_error (error);
  uri = g_file_get_uri (gtk_media_file_get_file (GTK_MEDIA_FILE (media)));
  g_assert_true (g_str_has_prefix (uri, "daybook-evidence:///"));
  pipeline = gst_element_factory_make ("playbin", NULL);
  if (pipeline == NULL || gst_element_factory_find ("wavparse") == NULL)
    {
      g_test_skip ("GStreamer's playbin or wavparse is not installed (tools/install-deps)");
      g_clear_object (&pipeline);
      return;
    }
  g_object_set (pipeline, "uri", uri, "audio-sink", gst_element_factory_make ("fakesink", NULL),
                "video-sink", gst_element_factory_make ("fakesink", NULL), NULL);
  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND,
                                    GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (msg, &error, NULL);
      g_error ("Playing from the diary failed: %s", error->message);
    }
  g_assert_true (gst_element_query_duration (pipeline, GST_FORMAT_TIME, &duration));
  g_assert_cmpint (duration / GST_MSECOND, >=, 1900);
  g_assert_cmpint (duration / GST_MSECOND, <=, 2100);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}

static void
test_evidence_page (Fixture *f, gconstpointer data)
{
  g_autofree char *a = write_file (f, "unlinked.txt", "found on the car", -1);
  g_autofree char *b = write_file (f, "linked.txt", "note on the door", -1);
  g_autolist (GFile) files = g_list_append (NULL, g_file_new_for_path (a));
  DaybookEvidencePage *page;
  GListModel *shown;

  attach_paths (f, b, NULL);
  daybook_main_view_show_page (f->view, "evidence");
  g_assert_cmpstr (daybook_main_view_get_page_name (f->view), ==, "evidence");
  page = DAYBOOK_EVIDENCE_PAGE (daybook_main_view_get_page (f->view, "evidence"));
  shown = daybook_evidence_page_get_model (page);
  daybook_test_wait_for (model_not_empty, shown, "the evidence list");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);

  /* Added before deciding where it belongs: unlinked. */
  _daybook_evidence_page_add_files (page, files);
  while (_daybook_evidence_page_is_busy (page))
    daybook_test_spin (10);
  daybook_test_spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  _daybook_evidence_page_set_unlinked_only (page, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  {
    g_autoptr (DaybookAttachment) item = g_list_model_get_item (shown, 0);

    g_assert_cmpstr (daybook_attachment_get_filename (item), ==, "unlinked.txt");
    /* Linked later: it leaves the unlinked list. */
    g_assert_true (daybook_diary_link_attachment (daybook_window_get_diary (f->window),
                                                  daybook_attachment_get_id (item), 1, TRUE, NULL));
  }
  daybook_evidence_page_reload (page);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  _daybook_evidence_page_set_unlinked_only (page, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
}

static void
list_files (const char *dir, GPtrArray *out)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_ptr_array_add (out, g_strdup (path));
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        list_files (path, out);
    }
}

static void
test_no_traces (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) png = make_png (640, 480);
  g_autofree char *img
      = write_file (f, "secret-photo.png", g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autoptr (GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) after = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) everything = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GdkTexture) texture = make_texture (50, 50);
  gboolean recent_enabled = TRUE;
  DaybookAttachmentViewer *viewer;
  g_autoptr (DaybookAttachment) item = NULL;

  g_assert_true (g_str_has_prefix (g_get_user_cache_dir (), home));
  g_object_get (gtk_settings_get_default (), "gtk-recent-files-enabled", &recent_enabled, NULL);
  g_assert_false (recent_enabled);

  daybook_test_spin (200);
  list_files (g_get_user_cache_dir (), before);
  attach_paths (f, img, NULL);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (f->strip)), texture);
  gtk_widget_activate_action (GTK_WIDGET (f->strip), "attachments.paste", NULL);
  daybook_test_wait_for (strip_idle, f->strip, "the paste");
  daybook_test_spin (300);
  daybook_test_wait_for (strip_idle, f->strip, "the paste");
  g_assert_cmpuint (g_list_model_get_n_items (daybook_attachment_strip_get_model (f->strip)), ==,
                    2);
  item = g_list_model_get_item (daybook_attachment_strip_get_model (f->strip), 0);
  viewer = DAYBOOK_ATTACHMENT_VIEWER (daybook_attachment_viewer_show (
      GTK_WIDGET (f->strip), daybook_window_get_diary (f->window), item));
  daybook_test_wait_for (viewer_idle, viewer, "the image");
  daybook_test_spin (300);
  gtk_window_destroy (GTK_WINDOW (viewer));

  list_files (g_get_user_cache_dir (), after);
  /* Mesa's shader cache (compiled GL shaders for drawing the window, no
   * content and no names) is Mesa's, not the import's: switching it off
   * belongs to the process hardening (MESA_SHADER_CACHE_DISABLE). */
  for (guint i = 0; i < after->len; i++)
    if (!g_ptr_array_find_with_equal_func (before, after->pdata[i], g_str_equal, NULL)
        && strstr (after->pdata[i], "/mesa_shader_cache") == NULL)
      g_error ("New under ~/.cache after an import: %s", (char *)after->pdata[i]);
  list_files (home, everything);
  for (guint i = 0; i < everything->len; i++)
    g_assert_false (g_str_has_suffix (everything->pdata[i], "recently-used.xbel"));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int ret;

  /* A fresh home, so ~/.cache and recently-used.xbel can be checked; the
   * runtime folder in it too, so that what sound and D-Bus clients keep
   * there (pulse/) goes when the home goes. */
  home = g_dir_make_tmp ("daybook-home-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < 5; i++)
    {
      static const char *vars[] = { "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                    "XDG_STATE_HOME", "XDG_RUNTIME_DIR" };
      static const char *dirs[]
          = { ".cache", ".local/share", ".config", ".local/state", "runtime" };
      g_autofree char *dir = g_build_filename (home, dirs[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }
  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  app = daybook_test_application_new ();

  g_test_add ("/ui/attachments/strip", Fixture, NULL, fixture_setup, test_strip_attach,
              fixture_teardown);
  g_test_add ("/ui/attachments/new-entry", Fixture, NULL, fixture_setup, test_strip_new_entry,
              fixture_teardown);
  g_test_add ("/ui/attachments/paste", Fixture, NULL, fixture_setup, test_paste, fixture_teardown);
  g_test_add ("/ui/attachments/viewer", Fixture, NULL, fixture_setup, test_viewer,
              fixture_teardown);
  g_test_add ("/ui/attachments/media", Fixture, NULL, fixture_setup, test_media, fixture_teardown);
  g_test_add ("/ui/attachments/evidence-page", Fixture, NULL, fixture_setup, test_evidence_page,
              fixture_teardown);
  g_test_add ("/ui/attachments/no-traces", Fixture, NULL, fixture_setup, test_no_traces,
              fixture_teardown);

  ret = g_test_run ();
  g_object_unref (app);
  daybook_test_rm_rf (home);
  return ret;
}
