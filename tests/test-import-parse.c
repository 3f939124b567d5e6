/* test-import-parse.c — the parsers of phone and mail exports, through the sandboxed helper
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every fixture of tests/data/import goes through the real helper
 * (daybook-parse import, confined as in use) and daybook_import_parse(),
 * which checks each record; the tests look at what arrives: counts, first
 * and last, times, senders, directions, media, outcomes, durations, line
 * numbers. Then the attacks: an ambiguous date order, a zip bomb, a
 * truncated zip, broken XML, invalid UTF-8, a helper that crashes, hangs,
 * floods or lies, a sink that refuses, a cancel.
 */

#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "daybook-error.h"
#include "daybook-import-parse.h"
#include "daybook-parse-client.h"
#include "daybook-test-util.h"

typedef struct
{
  GPtrArray *records;
  GPtrArray *media;
  int refuse_after; /* -1: never */
} Collected;

static gboolean
take_record (GVariant *record, gpointer user_data, GError **error)
{
  Collected *c = user_data;

  if (c->refuse_after >= 0 && (int)c->records->len >= c->refuse_after)
    {
      g_set_error_literal (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, "the sink refused");
      return FALSE;
    }
  g_ptr_array_add (c->records, g_variant_ref (record));
  return TRUE;
}

static gboolean
take_media (GVariant *media, gpointer user_data, GError **error)
{
  Collected *c = user_data;

  g_ptr_array_add (c->media, g_variant_ref (media));
  return TRUE;
}

static const DaybookImportSink sink = { take_record, take_media };

static void
collected_init (Collected *c)
{
  c->records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  c->media = g_ptr_array_new_with_free_func ((GDestroyNotify)g_variant_unref);
  c->refuse_after = -1;
}

static void
collected_clear (Collected *c)
{
  g_clear_pointer (&c->records, g_ptr_array_unref);
  g_clear_pointer (&c->media, g_ptr_array_unref);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);
}

static gboolean
parse_bytes (GBytes *bytes, const DaybookImportOptions *options, Collected *c, GVariant **summary,
             GError **error)
{
  g_autoptr (GInputStream) input = g_memory_input_stream_new_from_bytes (bytes);
  DaybookImportOptions none = { 0 };

  return daybook_import_parse (input, options != NULL ? options : &none, &sink, c, summary, NULL,
                               error);
}

static gboolean
parse_fixture (const char *name, const DaybookImportOptions *options, Collected *c,
               GVariant **summary, GError **error)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr (GBytes) bytes = daybook_test_read (path);

  return parse_bytes (bytes, options, c, summary, error);
}

/* ---- reading a record ---------------------------------------------------- */

enum
{
  KIND,
  DIRECTION,
  SENDER,
  ADDRESS,
  RECIPIENTS,
  SECONDS,
  BASIS,
  OFFSET,
  TEXT,
  LINE,
  MEDIA_NAME,
  MEDIA_STATE,
  OUTCOME,
  DURATION,
  HEADERS
};

static const char *
str (Collected *c, guint i, int field)
{
  g_autoptr (GVariant) child = NULL;

  g_assert_cmpuint (i, <, c->records->len);
  child = g_variant_get_child_value (c->records->pdata[i], field);
  /* Children of a record share its memory; it outlives the test's use. */
  return g_variant_get_string (child, NULL);
}

static gint64
seconds (Collected *c, guint i)
{
  gint64 value;

  g_variant_get_child (c->records->pdata[i], SECONDS, "x", &value);
  return value;
}

static guint32
line (Collected *c, guint i)
{
  guint32 value;

  g_variant_get_child (c->records->pdata[i], LINE, "u", &value);
  return value;
}

static gint32
int_field (Collected *c, guint i, int field)
{
  gint32 value;

  g_variant_get_child (c->records->pdata[i], field, "i", &value);
  return value;
}

static char *
header (Collected *c, guint i, const char *key)
{
  g_autoptr (GVariant) headers = g_variant_get_child_value (c->records->pdata[i], HEADERS);
  char *value = NULL;

  g_variant_lookup (headers, key, "s", &value);
  return value;
}

static gint64
utc (int y, int mo, int d, int h, int mi, int s)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (y, mo, d, h, mi, s);

  return g_date_time_to_unix (dt);
}

static void
check_summary (GVariant *summary, const char *format, const char *order, guint records, guint media,
               guint skipped)
{
  const char *f, *o;
  guint32 r, m;
  g_autoptr (GVariant) list = NULL;

  g_assert_nonnull (summary);
  g_variant_get (summary, "(&s&suu@a(us))", &f, &o, &r, &m, &list);
  g_assert_cmpstr (f, ==, format);
  g_assert_cmpstr (o, ==, order);
  g_assert_cmpuint (r, ==, records);
  g_assert_cmpuint (m, ==, media);
  g_assert_cmpuint (g_variant_n_children (list), ==, skipped);
}

/* The @i-th line left out: its line, and why in English, as the parent
 * says it (the helper sends a code and its arguments). Valid until the
 * next call. */
static const char *
skipped_reason (GVariant *summary, guint i, guint32 *at)
{
  static char *sentence;
  g_autoptr (GVariant) list = g_variant_get_child_value (summary, 4);
  g_autoptr (GVariant) item = g_variant_get_child_value (list, i);
  const char *reason;

  g_variant_get (item, "(u&s)", at, &reason);
  g_free (sentence);
  sentence = daybook_import_skip_reason (reason, FALSE);
  return sentence;
}

/* ---- WhatsApp ------------------------------------------------------------ */

static void
test_whatsapp_android_dmy (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  DaybookImportOptions options = { .me = "Jo" };
  g_autofree char *deleted = NULL, *edited = NULL, *none = NULL;

  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-android-dmy-24h.txt", &options, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "whatsapp", "dmy", 10, 0, 0);
  g_assert_cmpuint (c.records->len, ==, 10);

  /* The encryption notice: a system line, no sender. */
  g_assert_cmpstr (str (&c, 0, KIND), ==, "system");
  g_assert_cmpstr (str (&c, 0, DIRECTION), ==, "system");
  g_assert_cmpstr (str (&c, 0, SENDER), ==, "");
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 12, 9, 1, 0));
  g_assert_cmpstr (str (&c, 0, BASIS), ==, "local");

  g_assert_cmpstr (str (&c, 1, SENDER), ==, "Sam Example");
  g_assert_cmpstr (str (&c, 1, DIRECTION), ==, "in");
  g_assert_cmpuint (line (&c, 1), ==, 2);
  /* Lines without a date continue the message. */
  g_assert_cmpstr (str (&c, 2, TEXT), ==,
                   "I know you're home.\nI can see the light on.\nAnswer me.");
  g_assert_cmpuint (line (&c, 2), ==, 3);
  /* U+202A…U+202C round the number are not part of the sender. */
  g_assert_cmpstr (str (&c, 3, SENDER), ==, "+44 7700 900123");
  g_assert_cmpstr (str (&c, 3, ADDRESS), ==, "+44 7700 900123");
  g_assert_cmpstr (str (&c, 3, MEDIA_STATE), ==, "omitted");
  g_assert_cmpuint (line (&c, 3), ==, 6);
  g_assert_cmpint (seconds (&c, 3), ==, utc (2023, 3, 13, 23, 59, 0));
  /* --me: the user's own messages go out. */
  g_assert_cmpstr (str (&c, 4, SENDER), ==, "Jo");
  g_assert_cmpstr (str (&c, 4, DIRECTION), ==, "out");
  /* An Android attachment, its caption on the next line; no zip: missing. */
  g_assert_cmpstr (str (&c, 5, MEDIA_NAME), ==, "IMG-20230314-WA0001.jpg");
  g_assert_cmpstr (str (&c, 5, MEDIA_STATE), ==, "missing");
  g_assert_cmpstr (str (&c, 5, TEXT), ==, "IMG-20230314-WA0001.jpg (file attached)\nlook at this");
  deleted = header (&c, 6, "deleted");
  g_assert_cmpstr (deleted, ==, "1");
  edited = header (&c, 7, "edited");
  g_assert_cmpstr (edited, ==, "1");
  none = header (&c, 5, "edited");
  g_assert_null (none);
  g_assert_cmpstr (str (&c, 8, KIND), ==, "system");
  g_assert_cmpstr (str (&c, 9, TEXT), ==, "Good morning");
  g_assert_cmpuint (line (&c, 9), ==, 13);
  g_assert_cmpint (seconds (&c, 9), ==, utc (2023, 4, 1, 7, 30, 0));
  collected_clear (&c);
}

static void
test_whatsapp_android_mdy_12h (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;

  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-android-mdy-12h.txt", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  /* The 14 in the second place proves month first; U+202F before PM. */
  check_summary (summary, "whatsapp", "mdy", 5, 0, 0);
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 14, 22, 15, 0));
  g_assert_cmpint (seconds (&c, 1), ==, utc (2023, 3, 14, 23, 59, 0));
  /* 12 AM is midnight, 12 PM is noon. */
  g_assert_cmpint (seconds (&c, 2), ==, utc (2023, 3, 15, 0, 0, 0));
  g_assert_cmpint (seconds (&c, 3), ==, utc (2023, 3, 15, 12, 30, 0));
  g_assert_cmpstr (str (&c, 3, MEDIA_STATE), ==, "omitted");
  /* U+00A0 before AM. */
  g_assert_cmpint (seconds (&c, 4), ==, utc (2023, 4, 1, 9, 5, 0));
  g_assert_cmpstr (str (&c, 4, TEXT), ==, "Last one");
  collected_clear (&c);
}

static void
test_whatsapp_ios (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;

  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-ios-dmy.txt", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "whatsapp", "dmy", 6, 0, 0);
  /* A leading U+200E; the notice is a system line even with an author. */
  g_assert_cmpstr (str (&c, 0, KIND), ==, "system");
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 14, 22, 15, 7));
  g_assert_cmpstr (str (&c, 1, TEXT), ==, "Hello");
  g_assert_cmpint (seconds (&c, 1), ==, utc (2023, 3, 14, 22, 15, 8));
  g_assert_cmpstr (str (&c, 2, MEDIA_STATE), ==, "omitted");
  g_assert_cmpstr (str (&c, 2, MEDIA_NAME), ==, "");
  g_assert_cmpstr (str (&c, 3, MEDIA_NAME), ==, "00000012-PHOTO-2023-03-14-22-17-30.jpg");
  g_assert_cmpstr (str (&c, 3, MEDIA_STATE), ==, "missing");
  g_assert_cmpstr (str (&c, 4, MEDIA_NAME), ==, "00000013-AUDIO-2023-03-14-22-18-00.opus");
  g_assert_cmpstr (str (&c, 5, TEXT), ==, "Please stop\nthat's enough");
  g_assert_cmpuint (line (&c, 5), ==, 6);
  g_assert_cmpint (seconds (&c, 5), ==, utc (2023, 3, 15, 1, 2, 3));
  collected_clear (&c);
}

static void
test_whatsapp_localised (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *deleted = NULL, *deleted_es = NULL;

  /* German iOS: dots, a two-digit year, "Bild weggelassen", "<Anhang: …>". */
  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-ios-de.txt", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "whatsapp", "dmy", 4, 0, 0);
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 14, 22, 15, 7));
  g_assert_cmpstr (str (&c, 1, MEDIA_STATE), ==, "omitted");
  g_assert_cmpstr (str (&c, 2, MEDIA_NAME), ==, "00000012-PHOTO-2023-03-14-22-17-30.jpg");
  deleted = header (&c, 3, "deleted");
  g_assert_cmpstr (deleted, ==, "1");
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  /* Finnish: "klo" between date and time, dots in the time. */
  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-android-fi-klo.txt", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "whatsapp", "dmy", 2, 0, 0);
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 14, 22, 15, 0));
  g_assert_cmpint (seconds (&c, 1), ==, utc (2023, 3, 15, 7, 5, 0));
  g_assert_cmpstr (str (&c, 1, TEXT), ==, "Lopeta");
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  /* Spanish: "p. m." with U+00A0, "<Multimedia omitido>". */
  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-android-es-pm.txt", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "whatsapp", "dmy", 3, 0, 0);
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 4, 22, 15, 0));
  g_assert_cmpstr (str (&c, 0, MEDIA_STATE), ==, "omitted");
  g_assert_cmpint (seconds (&c, 1), ==, utc (2023, 3, 14, 9, 5, 0));
  deleted_es = header (&c, 1, "deleted");
  g_assert_cmpstr (deleted_es, ==, "1");
  g_assert_cmpint (seconds (&c, 2), ==, utc (2023, 3, 14, 12, 0, 0));
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  /* A four-digit year first proves ymd; CRLF line ends are not text. */
  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-android-ymd.txt", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "whatsapp", "ymd", 2, 0, 0);
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 4, 22, 15, 0));
  g_assert_cmpstr (str (&c, 0, TEXT), ==, "first");
  g_assert_cmpint (seconds (&c, 1), ==, utc (2023, 3, 5, 6, 1, 0));
  collected_clear (&c);
}

static void
test_whatsapp_ambiguous (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  DaybookImportOptions mdy = { .date_order = "mdy" };
  DaybookImportOptions dmy = { .date_order = "dmy" };

  /* No number above 12: refused, naming two lines, nothing handed on. */
  collected_init (&c);
  g_assert_false (parse_fixture ("whatsapp-ambiguous.txt", NULL, &c, &summary, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_cmpint (daybook_error_exit_code (error), ==, 2);
  g_assert_nonnull (strstr (error->message, "line 1: “03/04/2023, 10:15”"));
  g_assert_nonnull (strstr (error->message, "line 3: “07/08/2023, 12:00”"));
  g_assert_nonnull (strstr (error->message, "--date-order"));
  g_assert_cmpuint (c.records->len, ==, 0);
  g_assert_null (summary);
  collected_clear (&c);
  g_clear_error (&error);

  /* Told: read as told. */
  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-ambiguous.txt", &mdy, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "whatsapp", "mdy", 3, 0, 0);
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 4, 10, 15, 0));
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-ambiguous.txt", &dmy, &c, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 4, 3, 10, 15, 0));
  g_assert_cmpint (seconds (&c, 2), ==, utc (2023, 8, 7, 12, 0, 0));
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  /* Told wrong: a date that cannot be is skipped with its line, not moved. */
  collected_init (&c);
  g_assert_true (parse_fixture ("whatsapp-android-dmy-24h.txt", &mdy, &c, &summary, &error));
  g_assert_no_error (error);
  {
    guint32 at;
    const char *reason = skipped_reason (summary, 0, &at);

    g_assert_cmpuint (at, ==, 6);
    g_assert_nonnull (strstr (reason, "13/03/2023, 23:59"));
  }
  /* 12/03 and 01/04 read as mdy are dates; 13/03 and 14/03 are not. */
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 12, 3, 9, 1, 0));
  collected_clear (&c);
}

/* ---- zips, made here --------------------------------------------------- */

typedef struct
{
  const char *name;
  GBytes *bytes;
} ZipEntry;

static GBytes *
make_zip (const ZipEntry *entries, gsize n)
{
  struct archive *a = archive_write_new ();
  gsize size = 256 * 1024 * 1024;
  g_autofree guint8 *buf = g_malloc (size);
  size_t used = 0;

  archive_write_set_format_zip (a);
  archive_write_set_options (a, "zip:compression=deflate");
  g_assert_cmpint (archive_write_open_memory (a, buf, size, &used), ==, ARCHIVE_OK);
  for (gsize i = 0; i < n; i++)
    {
      struct archive_entry *e = archive_entry_new ();
      gsize len;
      const guint8 *data = g_bytes_get_data (entries[i].bytes, &len);

      archive_entry_set_pathname (e, entries[i].name);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      archive_entry_set_size (e, len);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, data, len), ==, (la_ssize_t)len);
      archive_entry_free (e);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  return g_bytes_new (buf, used);
}

static GBytes *
photo_bytes (void)
{
  GByteArray *b = g_byte_array_new ();

  /* Not compressible: a truncated zip is cut inside it. */
  for (guint i = 0; i < 200000; i++)
    {
      guint8 v = g_test_rand_int () & 0xff;

      g_byte_array_append (b, &v, 1);
    }
  return g_byte_array_free_to_bytes (b);
}

static void
test_whatsapp_zip (void)
{
  g_autofree char *chat_path = fixture_path ("whatsapp-ios-dmy.txt");
  g_autoptr (GBytes) chat = daybook_test_read (chat_path);
  g_autoptr (GBytes) photo = photo_bytes ();
  ZipEntry entries[] = {
    { "_chat.txt", chat },
    { "00000012-PHOTO-2023-03-14-22-17-30.jpg", photo },
  };
  g_autoptr (GBytes) zip = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) data = NULL;
  Collected c;
  const char *name, *type;

  collected_init (&c);
  g_assert_true (parse_bytes (zip, NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "whatsapp", "dmy", 6, 1, 0);
  g_assert_cmpuint (c.media->len, ==, 1);
  g_variant_get (c.media->pdata[0], "(&s&s@ay)", &name, &type, &data);
  g_assert_cmpstr (name, ==, "00000012-PHOTO-2023-03-14-22-17-30.jpg");
  g_assert_cmpstr (type, ==, "image/jpeg");
  /* The bytes, untouched. */
  g_assert_cmpmem (g_variant_get_data (data), g_variant_get_size (data),
                   g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  /* Named and in the zip: present; named and not: missing. */
  g_assert_cmpstr (str (&c, 3, MEDIA_NAME), ==, "00000012-PHOTO-2023-03-14-22-17-30.jpg");
  g_assert_cmpstr (str (&c, 3, MEDIA_STATE), ==, "present");
  g_assert_cmpstr (str (&c, 4, MEDIA_STATE), ==, "missing");
  g_assert_cmpstr (str (&c, 5, TEXT), ==, "Please stop\nthat's enough");
  collected_clear (&c);
}

static void
test_zip_bomb (void)
{
  gsize size = 48 * 1024 * 1024;
  g_autofree guint8 *zeros = g_malloc0 (size);
  g_autoptr (GBytes) big = g_bytes_new_static (zeros, size);
  g_autoptr (GBytes) chat = g_bytes_new_static ("[14/03/2023, 22:15:08] Sam: Hello\n", 34);
  ZipEntry entries[] = { { "_chat.txt", chat }, { "bomb.bin", big } };
  g_autoptr (GBytes) zip = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr (GError) error = NULL;
  Collected c;

  /* 48 MiB of zeros in well under 1 MiB: refused before it is unpacked. */
  g_assert_cmpuint (g_bytes_get_size (zip), <, 1024 * 1024);
  collected_init (&c);
  g_assert_false (parse_bytes (zip, NULL, &c, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "zip bomb"));
  g_assert_cmpuint (c.media->len, ==, 0);
  collected_clear (&c);
}

static void
test_zip_truncated (void)
{
  g_autofree char *chat_path = fixture_path ("whatsapp-ios-dmy.txt");
  g_autoptr (GBytes) chat = daybook_test_read (chat_path);
  g_autoptr (GBytes) photo = photo_bytes ();
  ZipEntry entries[] = { { "_chat.txt", chat }, { "photo.jpg", photo } };
  g_autoptr (GBytes) zip = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr (GBytes) cut = g_bytes_new_from_bytes (zip, 0, g_bytes_get_size (zip) / 2);
  g_autoptr (GError) error = NULL;
  ZipEntry only_photo[] = { { "photo.jpg", photo } };
  g_autoptr (GBytes) no_chat = make_zip (only_photo, 1);
  Collected c;

  collected_init (&c);
  g_assert_false (parse_bytes (cut, NULL, &c, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "damaged or cut short"));
  g_assert_cmpuint (c.records->len, ==, 0);
  collected_clear (&c);
  g_clear_error (&error);

  collected_init (&c);
  g_assert_false (parse_bytes (no_chat, NULL, &c, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no WhatsApp chat"));
  collected_clear (&c);
}

static GBytes *
noise (gsize size)
{
  guint64 *words = g_malloc (size + 8);
  guint64 x = 0x9E3779B97F4A7C15u;

  /* Not compressible, quick to make (xorshift). */
  for (gsize i = 0; i < size / 8 + 1; i++)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      words[i] = x;
    }
  return g_bytes_new_take (words, size);
}

static void
test_zip_media_too_big (void)
{
  g_autoptr (GBytes) chat = g_bytes_new_static (
      "[14/03/2023, 22:17:30] Sam: <attached: 00000012-VIDEO-2023-03-14-22-17-30.mp4>\n", 79);
  g_autoptr (GBytes) video = noise (64u * 1024 * 1024 + 1);
  ZipEntry entries[]
      = { { "_chat.txt", chat }, { "00000012-VIDEO-2023-03-14-22-17-30.mp4", video } };
  g_autoptr (GBytes) zip = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  Collected c;
  guint32 at;

  /* Past 64 MiB a media file is left out, said so, and its message kept. */
  collected_init (&c);
  g_assert_true (parse_bytes (zip, NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "whatsapp", "dmy", 1, 0, 1);
  g_assert_nonnull (strstr (skipped_reason (summary, 0, &at), "larger than 64 MiB"));
  g_assert_cmpstr (str (&c, 0, MEDIA_STATE), ==, "missing");
  collected_clear (&c);
}

/* Each parser's libraries work under the seccomp filter alone (no
 * bubblewrap), as on a computer without user namespaces. */
static void
test_without_bwrap (void)
{
  static const char *const files[] = { "sms-mms.xml", "csv-semicolon-1252.csv", "mail-one.eml",
                                       "telegram-full.json", "whatsapp-ios-de.txt" };
  static const guint counts[] = { 5, 2, 1, 4, 4 };

  _daybook_parse_set_sandbox_for_tests (DAYBOOK_SANDBOX_FORK);
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr (GError) error = NULL;
      Collected c;

      collected_init (&c);
      g_assert_true (parse_fixture (files[i], NULL, &c, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (c.records->len, ==, counts[i]);
      collected_clear (&c);
    }
  _daybook_parse_set_sandbox_for_tests (DAYBOOK_SANDBOX_AUTO);
}

/* ---- SMS Backup & Restore ------------------------------------------------ */

static void
test_sms (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) data = NULL;
  const char *name, *type;
  guint32 at;

  collected_init (&c);
  g_assert_true (parse_fixture ("sms-mms.xml", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "sms", "", 5, 1, 1);
  g_assert_cmpstr (skipped_reason (summary, 0, &at), ==, "a draft, never sent");
  g_assert_cmpuint (at, ==, 4);

  /* Received; the emoji written as two surrogate references, decoded. */
  g_assert_cmpstr (str (&c, 0, DIRECTION), ==, "in");
  g_assert_cmpstr (str (&c, 0, SENDER), ==, "Sam Example");
  g_assert_cmpstr (str (&c, 0, ADDRESS), ==, "+447700900123");
  g_assert_cmpstr (str (&c, 0, TEXT), ==, "You can't hide \xF0\x9F\x98\x80");
  g_assert_cmpstr (str (&c, 0, BASIS), ==, "utc");
  g_assert_cmpint (seconds (&c, 0), ==, 1678615200);
  g_assert_cmpuint (line (&c, 0), ==, 1);
  /* Sent: to them. */
  g_assert_cmpstr (str (&c, 1, DIRECTION), ==, "out");
  g_assert_cmpstr (str (&c, 1, RECIPIENTS), ==, "Sam Example");
  g_assert_cmpstr (str (&c, 1, TEXT), ==, "Leave me alone\nPlease");
  /* &#1; and a lone half of a pair: U+FFFD, the message kept. */
  g_assert_cmpstr (str (&c, 2, TEXT), ==, "bad \xEF\xBF\xBD ref and lone \xEF\xBF\xBD half");
  /* The MMS: its picture a media frame, its text the message's. */
  g_variant_get (c.media->pdata[0], "(&s&s@ay)", &name, &type, &data);
  g_assert_cmpstr (name, ==, "mms-5-2-IMG_0001.png");
  g_assert_cmpstr (type, ==, "image/png");
  g_assert_cmpuint (g_variant_get_size (data), ==, 69);
  g_assert_cmpmem (g_variant_get_data (data), 4, "\x89PNG", 4);
  g_assert_cmpstr (str (&c, 3, TEXT), ==, "Outside your house");
  g_assert_cmpstr (str (&c, 3, MEDIA_NAME), ==, "mms-5-2-IMG_0001.png");
  g_assert_cmpstr (str (&c, 3, MEDIA_STATE), ==, "present");
  g_assert_cmpstr (str (&c, 3, ADDRESS), ==, "+447700900123");
  g_assert_cmpuint (line (&c, 3), ==, 5);
  g_assert_cmpint (seconds (&c, 3), ==, 1678615440);
  /* A raw byte that is not UTF-8. */
  g_assert_cmpstr (str (&c, 4, TEXT), ==, "raw \xEF\xBF\xBD byte");
  g_assert_cmpuint (line (&c, 4), ==, 6);
  collected_clear (&c);
}

static void
test_sms_truncated (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  guint32 at;

  /* Cut in the middle of the third message: the first two are kept, the
   * rest is named as unreadable. */
  collected_init (&c);
  g_assert_true (parse_fixture ("sms-truncated.xml", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "sms", "", 2, 0, 1);
  g_assert_nonnull (strstr (skipped_reason (summary, 0, &at), "cannot be read"));
  g_assert_cmpstr (str (&c, 1, TEXT), ==, "Leave me alone\nPlease");
  collected_clear (&c);
}

static void
test_sms_entities (void)
{
  /* A billion laughs: refused or read, never expanded, quickly. */
  static const char laughs[]
      = "<?xml version='1.0'?>\n"
        "<!DOCTYPE smses [\n"
        " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
        "]>\n"
        "<smses count=\"1\">\n"
        "<sms address=\"1\" date=\"1678615200000\" type=\"1\" body=\"x&f;y\" />\n"
        "</smses>\n";
  /* An external entity naming a file of this computer: not loaded. */
  static const char external[]
      = "<?xml version='1.0'?>\n"
        "<!DOCTYPE smses [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n"
        "<smses count=\"2\">\n"
        "<sms address=\"1\" date=\"1678615200000\" type=\"1\" body=\"first\" />\n"
        "<sms address=\"2\" date=\"1678615260000\" type=\"1\" body=\"p&secret;q\" />\n"
        "</smses>\n";
  g_autoptr (GBytes) one = g_bytes_new_static (laughs, sizeof laughs - 1);
  g_autoptr (GBytes) two = g_bytes_new_static (external, sizeof external - 1);
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  Collected c;

  collected_init (&c);
  if (!parse_bytes (one, NULL, &c, &summary, &error))
    {
      g_test_message ("%s", error->message);
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  for (guint i = 0; i < c.records->len; i++)
    g_assert_cmpuint (strlen (str (&c, i, TEXT)), <, 1000);
  collected_clear (&c);
  g_clear_error (&error);
  g_clear_pointer (&summary, g_variant_unref);

  /* XML forbids an external entity in an attribute: libxml2 stops there,
   * without opening the file. */
  collected_init (&c);
  g_assert_false (parse_bytes (two, NULL, &c, &summary, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  for (guint i = 0; i < c.records->len; i++)
    g_assert_null (strstr (str (&c, i, TEXT), "root:"));
  collected_clear (&c);
}

static void
test_calls (void)
{
  static const char *const outcomes[]
      = { "answered", "outgoing", "missed", "voicemail", "rejected", "blocked" };
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *presentation = NULL;
  guint32 at;

  collected_init (&c);
  g_assert_true (parse_fixture ("calls.xml", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "calls", "", 7, 0, 1);
  g_assert_nonnull (strstr (skipped_reason (summary, 0, &at), "type 7"));
  g_assert_cmpuint (at, ==, 7);
  for (guint i = 0; i < 6; i++)
    {
      g_assert_cmpstr (str (&c, i, KIND), ==, "call");
      g_assert_cmpstr (str (&c, i, OUTCOME), ==, outcomes[i]);
      g_assert_cmpstr (str (&c, i, DIRECTION), ==, i == 1 ? "out" : "in");
      g_assert_cmpint (int_field (&c, i, DURATION), ==, i < 2 ? 65 : 0);
      g_assert_cmpint (seconds (&c, i), ==, 1678615200 + i * 60);
      g_assert_cmpuint (line (&c, i), ==, i + 1);
      g_assert_cmpstr (str (&c, i, ADDRESS), ==, "+447700900123");
    }
  g_assert_cmpstr (str (&c, 0, SENDER), ==, "Sam Example");
  g_assert_cmpstr (str (&c, 1, RECIPIENTS), ==, "Sam Example");
  /* A withheld number: no name, no number, the presentation kept. */
  g_assert_cmpstr (str (&c, 6, SENDER), ==, "");
  g_assert_cmpstr (str (&c, 6, OUTCOME), ==, "missed");
  presentation = header (&c, 6, "presentation");
  g_assert_cmpstr (presentation, ==, "2");
  collected_clear (&c);
}

/* ---- e-mail ------------------------------------------------------------- */

static void
test_eml (void)
{
  g_autofree char *path = fixture_path ("mail-one.eml");
  g_autoptr (GBytes) original = daybook_test_read (path);
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) data = NULL;
  g_autofree char *auth = NULL, *subject = NULL, *reply_to = NULL, *return_path = NULL;
  const char *name, *type;

  collected_init (&c);
  g_assert_true (parse_fixture ("mail-one.eml", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "eml", "", 1, 1, 0);
  /* The exact original bytes. */
  g_variant_get (c.media->pdata[0], "(&s&s@ay)", &name, &type, &data);
  g_assert_cmpstr (name, ==, "message.eml");
  g_assert_cmpstr (type, ==, "message/rfc822");
  g_assert_cmpmem (g_variant_get_data (data), g_variant_get_size (data),
                   g_bytes_get_data (original, NULL), g_bytes_get_size (original));
  g_assert_cmpstr (str (&c, 0, KIND), ==, "email");
  g_assert_cmpstr (str (&c, 0, SENDER), ==, "Sam Example");
  g_assert_cmpstr (str (&c, 0, ADDRESS), ==, "sam@example.net");
  g_assert_cmpstr (str (&c, 0, RECIPIENTS), ==, "Jo <jo@example.org>");
  g_assert_cmpstr (str (&c, 0, BASIS), ==, "utc");
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 14, 22, 15, 7));
  g_assert_cmpint (int_field (&c, 0, OFFSET), ==, 3600);
  /* Quoted-printable Latin-1, decoded. */
  g_assert_cmpstr (str (&c, 0, TEXT), ==, "I saw you at the caf\xC3\xA9 today.\r\n");
  g_assert_cmpstr (str (&c, 0, MEDIA_NAME), ==, "message.eml");
  g_assert_cmpstr (str (&c, 0, MEDIA_STATE), ==, "present");
  subject = header (&c, 0, "subject");
  g_assert_cmpstr (subject, ==, "You can\xE2\x80\x99t ignore me");
  reply_to = header (&c, 0, "reply-to");
  g_assert_cmpstr (reply_to, ==, "other@example.com");
  return_path = header (&c, 0, "return-path");
  g_assert_cmpstr (return_path, ==, "<sam@example.net>");
  /* Authentication-Results as the server wrote it. */
  auth = header (&c, 0, "authentication-results");
  g_assert_nonnull (strstr (auth, "dkim=pass header.d=example.net;"));
  g_assert_nonnull (strstr (auth, "dmarc=pass"));
  collected_clear (&c);
}

static void
test_mbox (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) data = NULL;
  DaybookImportOptions mboxo = { .mboxo = TRUE, .me = "jo@example.org" };
  const char *name, *type;
  guint32 at;

  collected_init (&c);
  g_assert_true (parse_fixture ("mail-mboxrd.mbox", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  /* The third has no Date: skipped, named by its "From " line. */
  check_summary (summary, "mbox", "", 2, 2, 1);
  g_assert_nonnull (strstr (skipped_reason (summary, 0, &at), "Date"));
  g_assert_cmpuint (at, ==, 21);
  /* mboxrd: one '>' off each quoted "From " line. */
  g_assert_cmpstr (str (&c, 0, TEXT), ==,
                   "Line one\nFrom the start of a line\n>From a quoted line\n\n");
  g_assert_cmpuint (line (&c, 0), ==, 1);
  g_assert_cmpuint (line (&c, 1), ==, 13);
  g_assert_cmpint (seconds (&c, 1), ==, utc (2023, 3, 15, 14, 30, 0));
  g_assert_cmpint (int_field (&c, 1, OFFSET), ==, -5 * 3600);
  g_assert_cmpstr (str (&c, 1, DIRECTION), ==, "in");
  g_variant_get (c.media->pdata[1], "(&s&s@ay)", &name, &type, &data);
  g_assert_cmpstr (name, ==, "message-2.eml");
  /* The message without the mbox's "From " line and its last empty line. */
  g_assert_cmpmem (g_variant_get_data (data), 20, "From: Jo <jo@example", 20);
  g_assert_cmpint (((const char *)g_variant_get_data (data))[g_variant_get_size (data) - 2], ==,
                   '.');
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  /* mboxo: only ">From " loses its '>'; --me by address. */
  collected_init (&c);
  g_assert_true (parse_fixture ("mail-mboxrd.mbox", &mboxo, &c, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (str (&c, 0, TEXT), ==,
                   "Line one\nFrom the start of a line\n>>From a quoted line\n\n");
  g_assert_cmpstr (str (&c, 1, DIRECTION), ==, "out");
  collected_clear (&c);
}

/* ---- Telegram ------------------------------------------------------------ */

static void
test_telegram (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *edited = NULL, *chat = NULL, *reply = NULL, *forwarded = NULL;
  DaybookImportOptions me = { .me = "user1" };

  collected_init (&c);
  g_assert_true (parse_fixture ("telegram-single.json", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "telegram", "", 8, 0, 0);
  g_assert_cmpstr (str (&c, 0, SENDER), ==, "Sam Example");
  g_assert_cmpstr (str (&c, 0, ADDRESS), ==, "user4242");
  g_assert_cmpstr (str (&c, 0, BASIS), ==, "utc");
  g_assert_cmpint (seconds (&c, 0), ==, 1678832107);
  g_assert_cmpuint (line (&c, 0), ==, 1);
  /* Text as entities, joined; edited_unixtime kept. */
  g_assert_cmpstr (str (&c, 1, TEXT), ==, "Look at https://example.net/x now");
  edited = header (&c, 1, "edited-at");
  g_assert_cmpstr (edited, ==, "1678832400");
  chat = header (&c, 1, "chat");
  g_assert_cmpstr (chat, ==, "Sam Example");
  /* Calls: discard_reason → outcome, duration. */
  g_assert_cmpstr (str (&c, 2, KIND), ==, "call");
  g_assert_cmpstr (str (&c, 2, OUTCOME), ==, "missed");
  g_assert_cmpstr (str (&c, 3, OUTCOME), ==, "answered");
  g_assert_cmpint (int_field (&c, 3, DURATION), ==, 65);
  g_assert_cmpstr (str (&c, 4, OUTCOME), ==, "rejected");
  /* A photo named but not in the JSON; a file the export left out. */
  g_assert_cmpstr (str (&c, 5, MEDIA_NAME), ==, "photos/photo_1@15-03-2023_07-00-00.jpg");
  g_assert_cmpstr (str (&c, 5, MEDIA_STATE), ==, "missing");
  g_assert_cmpstr (str (&c, 6, MEDIA_STATE), ==, "omitted");
  reply = header (&c, 7, "reply-to-id");
  g_assert_cmpstr (reply, ==, "2");
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  /* --me by account id: the user's call goes out. */
  collected_init (&c);
  g_assert_true (parse_fixture ("telegram-single.json", &me, &c, &summary, &error));
  g_assert_cmpstr (str (&c, 4, DIRECTION), ==, "out");
  g_assert_cmpstr (str (&c, 4, OUTCOME), ==, "outgoing");
  g_assert_cmpstr (str (&c, 7, DIRECTION), ==, "out");
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  /* The whole export: chats.list and left_chats, numbered through. */
  collected_init (&c);
  g_assert_true (parse_fixture ("telegram-full.json", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "telegram", "", 4, 0, 0);
  g_assert_cmpstr (str (&c, 2, SENDER), ==, "New Account");
  g_assert_cmpuint (line (&c, 2), ==, 3);
  forwarded = header (&c, 2, "forwarded-from");
  g_assert_cmpstr (forwarded, ==, "Sam Example");
  g_assert_cmpstr (str (&c, 3, KIND), ==, "system");
  g_assert_cmpstr (str (&c, 3, TEXT), ==, "Sam Example: create_group");
  g_assert_cmpuint (line (&c, 3), ==, 4);
  collected_clear (&c);
}

/* ---- CSV ----------------------------------------------------------------- */

static void
test_csv (void)
{
  Collected c;
  g_autoptr (GVariant) summary = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL, *police = NULL, *encoding = NULL, *title2 = NULL;
  DaybookImportOptions forced = { .format = DAYBOOK_IMPORT_FORMAT_CSV };
  DaybookImportOptions mapped
      = { .format = DAYBOOK_IMPORT_FORMAT_CSV, .csv_columns = "date=1,text=3" };
  guint32 at;

  /* ';' and Windows-1252: é, curly quotes and the dash come out right. */
  collected_init (&c);
  g_assert_true (parse_fixture ("csv-semicolon-1252.csv", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "csv", "dmy", 2, 0, 1);
  g_assert_cmpuint (line (&c, 0), ==, 2);
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 14, 22, 15, 0));
  g_assert_cmpstr (str (&c, 0, BASIS), ==, "local");
  g_assert_cmpstr (str (&c, 0, TEXT), ==,
                   "He waited \xE2\x80\x9C"
                   "for hours\xE2\x80\x9D");
  title = header (&c, 0, "title");
  g_assert_cmpstr (title, ==, "Outside the caf\xC3\xA9");
  police = header (&c, 0, "police");
  g_assert_cmpstr (police, ==, "CR/123");
  encoding = header (&c, 0, "encoding");
  g_assert_cmpstr (encoding, ==, "windows-1252");
  g_assert_cmpstr (str (&c, 1, TEXT), ==, "Five calls \xE2\x80\x93 none answered");
  g_assert_nonnull (strstr (skipped_reason (summary, 0, &at), "not a date"));
  g_assert_cmpuint (at, ==, 4);
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  /* ',' and UTF-8 with a BOM; a quoted cell over two lines; 12 h time. */
  collected_init (&c);
  g_assert_true (parse_fixture ("csv-comma-utf8.csv", NULL, &c, &summary, &error));
  g_assert_no_error (error);
  check_summary (summary, "csv", "ymd", 2, 0, 0);
  g_assert_cmpstr (str (&c, 0, TEXT), ==, "He followed me\nfrom the station");
  g_assert_cmpint (seconds (&c, 0), ==, utc (2023, 3, 14, 22, 15, 0));
  title2 = header (&c, 0, "title");
  g_assert_cmpstr (title2, ==, "Followed, again");
  /* The second row starts on line 4: the first took two. */
  g_assert_cmpuint (line (&c, 1), ==, 4);
  g_assert_cmpstr (str (&c, 1, TEXT), ==, "She said \"stop\"");
  g_assert_cmpint (seconds (&c, 1), ==, utc (2023, 3, 16, 0, 0, 0));
  collected_clear (&c);
  g_clear_pointer (&summary, g_variant_unref);

  /* Columns it cannot name: the caller must map them. */
  collected_init (&c);
  g_assert_false (parse_fixture ("csv-unknown-columns.csv", &forced, &c, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "which column is which"));
  g_assert_nonnull (strstr (error->message, "1 “When”"));
  g_clear_error (&error);
  g_assert_true (parse_fixture ("csv-unknown-columns.csv", &mapped, &c, &summary, &error));
  g_assert_no_error (error);
  /* One row with 14 in front: day first. */
  check_summary (summary, "csv", "dmy", 1, 0, 0);
  g_assert_cmpstr (str (&c, 0, TEXT), ==, "y");
  collected_clear (&c);
}

/* ---- what is not an export; a helper that fails -------------------------- */

/* ---- 2 GB of export, made as it is read ------------------------------------ */

/* A stream of @head, then @body again and again, up to @size bytes in all:
 * a file of any size without the disk. */
typedef struct
{
  GInputStream parent_instance;
  const char *head;
  const char *body;
  guint64 size;
  guint64 pos;
} TestEndless;

typedef GInputStreamClass TestEndlessClass;

GType test_endless_get_type (void);
G_DEFINE_TYPE (TestEndless, test_endless, G_TYPE_INPUT_STREAM)

static gssize
test_endless_read (GInputStream *stream, void *buffer, gsize count, GCancellable *cancellable,
                   GError **error)
{
  TestEndless *self = (TestEndless *)stream;
  gsize head_len = strlen (self->head), body_len = strlen (self->body);
  gsize done = 0;

  while (done < count && self->pos < self->size)
    {
      const char *from;
      gsize len, off;

      if (self->pos < head_len)
        {
          from = self->head;
          off = self->pos;
          len = head_len;
        }
      else
        {
          from = self->body;
          off = (self->pos - head_len) % body_len;
          len = body_len;
        }
      len = MIN (MIN (len - off, count - done), self->size - self->pos);
      memcpy ((char *)buffer + done, from + off, len);
      done += len;
      self->pos += len;
    }
  return done;
}

static void
test_endless_class_init (TestEndlessClass *klass)
{
  klass->read_fn = test_endless_read;
}

static void
test_endless_init (TestEndless *self)
{
}

static GInputStream *
test_endless_new (const char *head, const char *body, guint64 size)
{
  TestEndless *self = g_object_new (test_endless_get_type (), NULL);

  self->head = head;
  self->body = body;
  self->size = size;
  return G_INPUT_STREAM (self);
}

/* Refused, early and in bounded memory, whatever its size. */
static void
test_two_gigabytes (void)
{
  static const struct
  {
    const char *head;
    const char *body;
    const char *says;
  } files[] = {
    { "", "01/03/2026, 10:00 - Sam: where are you? I know you are home\n", "96 MiB" },
    { "{\"name\": \"Sam\", \"type\": \"personal_chat\", \"id\": 1, \"messages\": [",
      "{\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1772359200\", \"from\": "
      "\"Sam\", \"text\": \"where are you\"},",
      "16 MiB" },
    { "date,time,title,what happened\n", "01/03/2026,10:00,Seen,Sam was outside the house\n",
      "32 MiB" },
    { "", "\0\0\0\0", "does not recognise" },
  };
  struct rusage children;

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr (GInputStream) input
          = test_endless_new (files[i].head, files[i].body[0] != '\0' ? files[i].body : "\x01",
                              G_GUINT64_CONSTANT (2) << 30);
      g_autoptr (GError) error = NULL;
      DaybookImportOptions none = { 0 };
      gint64 start = g_get_monotonic_time ();
      Collected c;

      collected_init (&c);
      g_assert_false (daybook_import_parse (input, &none, &sink, &c, NULL, NULL, &error));
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
      g_test_message ("2 GB export %" G_GSIZE_FORMAT " refused in %.1f s: %s", i,
                      (g_get_monotonic_time () - start) / 1e6, error->message);
      g_assert_nonnull (strstr (error->message, files[i].says));
      g_assert_cmpuint (c.records->len, ==, 0);
      /* Read no further than the cap, or a little more. */
      g_assert_cmpuint (((TestEndless *)input)->pos, <, G_GUINT64_CONSTANT (200) << 20);
      collected_clear (&c);
    }
  /* The helpers' peak memory. */
  getrusage (RUSAGE_CHILDREN, &children);
  g_assert_cmpint (children.ru_maxrss, <, 150 * 1024);
}

static void
test_unknown (void)
{
  static const char junk[] = "\x01\x02\x03 nothing anyone exports\n";
  g_autoptr (GBytes) bytes = g_bytes_new_static (junk, sizeof junk - 1);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr (GBytes) xml = g_bytes_new_static ("<?xml version='1.0'?><html/>", 28);
  g_autoptr (GError) error = NULL;
  Collected c;

  collected_init (&c);
  g_assert_false (parse_bytes (bytes, NULL, &c, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "does not recognise"));
  g_clear_error (&error);
  g_assert_false (parse_bytes (empty, NULL, &c, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_clear_error (&error);
  {
    DaybookImportOptions sms = { .format = DAYBOOK_IMPORT_FORMAT_SMS };

    g_assert_false (parse_bytes (xml, &sms, &c, NULL, &error));
    g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "<smses>"));
    g_clear_error (&error);
  }
  /* Invalid UTF-8 where a chat is expected: not taken for one. */
  {
    static const char bad[] = "\xff\xfe\x80 12/13/2023 junk\n";
    g_autoptr (GBytes) b = g_bytes_new_static (bad, sizeof bad - 1);
    DaybookImportOptions wa = { .format = DAYBOOK_IMPORT_FORMAT_WHATSAPP };

    g_assert_false (parse_bytes (b, &wa, &c, NULL, &error));
    g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  }
  g_assert_cmpuint (c.records->len, ==, 0);
  collected_clear (&c);
}

static void
test_helper_fails (void)
{
  static const char *const hooks[] = { "segv", "abort", "garbage", "flood", "silent", "hang" };

  for (gsize i = 0; i < G_N_ELEMENTS (hooks); i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      Collected c;

      _daybook_parse_set_test_for_tests (hooks[i]);
      _daybook_parse_set_timeout_for_tests (2000);
      collected_init (&c);
      g_assert_false (parse_fixture ("calls.xml", NULL, &c, NULL, &error));
      g_test_message ("%s: %s", hooks[i], error != NULL ? error->message : "(none)");
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "nothing was imported"));
      g_assert_cmpuint (c.records->len, ==, 0);
      /* A hang is caught by the timeout, not waited out. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
      collected_clear (&c);
    }
  _daybook_parse_set_test_for_tests (NULL);
  _daybook_parse_set_timeout_for_tests (0);
}

/* The parent of process @name, from /proc; 0 if gone or a zombie. */
static int
parent_of (const char *name)
{
  g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
  g_autofree char *stat = NULL;
  const char *end;
  char state;
  int ppid;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL
      || sscanf (end + 1, " %c %d", &state, &ppid) != 2 || state == 'Z')
    return 0;
  return ppid;
}

/* Below this process? (Orphans come to it: it is their subreaper.) */
static gboolean
mine (const char *name)
{
  int ppid = parent_of (name);

  for (int depth = 0; ppid > 1 && depth < 64; depth++)
    {
      g_autofree char *parent = g_strdup_printf ("%d", ppid);

      if (ppid == getpid ())
        return TRUE;
      ppid = parent_of (parent);
    }
  return FALSE;
}

/* This process's helpers still running (zombies aside), even those whose
 * bubblewrap is gone. */
static guint
helpers_running (void)
{
  const char *helper = g_getenv ("DAYBOOK_PARSE_HELPER");
  g_autoptr (GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (helper);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *cmdline = NULL;
      gsize len;

      if (!g_ascii_isdigit (name[0]) || !mine (name)
          || !g_file_get_contents (cmdline_path, &cmdline, &len, NULL))
        continue;
      /* Its arguments, each ended by a NUL: is the helper one of them? */
      for (gsize at = 0; at < len; at += strlen (cmdline + at) + 1)
        if (g_str_equal (cmdline + at, helper))
          {
            count++;
            break;
          }
    }
  return count;
}

/* A parse stopped (a hang, caught by the timeout) ends its whole sandbox,
 * even without bubblewrap's --die-with-parent: nothing keeps running the
 * parse, or holds this process's output open, after it returns. */
static void
test_sandbox_ended (void)
{
  static const char *const hooks[] = { "hang", "spin", "garbage" };

  /* The sandbox this test is about; CI installs bubblewrap. */
  g_assert_cmpint (_daybook_parse_get_sandbox (), ==, DAYBOOK_SANDBOX_BWRAP);
  g_assert_cmpint (prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), ==, 0);
  g_assert_cmpuint (helpers_running (), ==, 0);
  _daybook_parse_set_keep_sandbox_for_tests (TRUE);
  _daybook_parse_set_timeout_for_tests (2000);
  for (gsize i = 0; i < G_N_ELEMENTS (hooks); i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      Collected c;

      _daybook_parse_set_test_for_tests (hooks[i]);
      collected_init (&c);
      g_assert_false (parse_fixture ("calls.xml", NULL, &c, NULL, &error));
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED);
      collected_clear (&c);
      /* The kernel ends a namespace's processes after its first one. */
      while (helpers_running () > 0 && g_get_monotonic_time () < deadline)
        g_usleep (10000);
      g_test_message ("%s: %u left running", hooks[i], helpers_running ());
      g_assert_cmpuint (helpers_running (), ==, 0);
    }
  _daybook_parse_set_test_for_tests (NULL);
  _daybook_parse_set_timeout_for_tests (0);
  _daybook_parse_set_keep_sandbox_for_tests (FALSE);
  g_assert_cmpint (prctl (PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0), ==, 0);
  /* Orphans that came here and ended (this test has no other children). */
  while (waitpid (-1, NULL, WNOHANG) > 0)
    ;
}

static void
test_sink_refuses_and_cancel (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = fixture_path ("sms-mms.xml");
  g_autoptr (GBytes) bytes = daybook_test_read (path);
  g_autoptr (GInputStream) input = g_memory_input_stream_new_from_bytes (bytes);
  DaybookImportOptions none = { 0 };
  Collected c;

  collected_init (&c);
  c.refuse_after = 2;
  g_assert_false (parse_fixture ("sms-mms.xml", NULL, &c, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "the sink refused");
  g_assert_cmpuint (c.records->len, ==, 2);
  collected_clear (&c);
  g_clear_error (&error);

  collected_init (&c);
  g_cancellable_cancel (cancellable);
  g_assert_false (daybook_import_parse (input, &none, &sink, &c, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  collected_clear (&c);
}

/* A record as a lying helper might send it: each is refused. */
static GVariant *
forged (const char *kind, const char *direction, gint64 secs, const char *basis, gint32 offset,
        guint32 at, const char *media_name, const char *media_state, const char *outcome,
        gint32 duration)
{
  return g_variant_ref_sink (g_variant_new ("(sssssxsisusssia{ss})", kind, direction, "s", "", "",
                                            secs, basis, offset, "t", at, media_name, media_state,
                                            outcome, duration, NULL));
}

static void
test_record_check (void)
{
  struct
  {
    GVariant *record;
    gboolean ok;
  } cases[] = {
    { forged ("message", "in", 1678615200, "utc", 0, 1, "", "", "", -1), TRUE },
    { forged ("call", "out", 1678615200, "utc", 0, 1, "", "", "outgoing", 30), TRUE },
    { forged ("fax", "in", 1678615200, "utc", 0, 1, "", "", "", -1), FALSE },
    { forged ("message", "sideways", 1678615200, "utc", 0, 1, "", "", "", -1), FALSE },
    { forged ("message", "in", 1678615200, "utc", 0, 0, "", "", "", -1), FALSE },
    { forged ("message", "in", G_GINT64_CONSTANT (99999999999), "utc", 0, 1, "", "", "", -1),
      FALSE },
    { forged ("message", "in", 1678615200, "mars", 0, 1, "", "", "", -1), FALSE },
    { forged ("message", "in", 1678615200, "local", 3600, 1, "", "", "", -1), FALSE },
    { forged ("message", "in", 1678615200, "utc", 0, 1, "a.jpg", "", "", -1), FALSE },
    { forged ("message", "in", 1678615200, "utc", 0, 1, "", "lost", "", -1), FALSE },
    { forged ("message", "in", 1678615200, "utc", 0, 1, "", "", "missed", -1), FALSE },
    { forged ("call", "in", 1678615200, "utc", 0, 1, "", "", "outgoing", 3), FALSE },
    { forged ("call", "in", 1678615200, "utc", 0, 1, "", "", "hung", 3), FALSE },
    { forged ("system", "in", 1678615200, "utc", 0, 1, "", "", "", -1), FALSE },
  };
  g_autoptr (GVariant) wrong = g_variant_ref_sink (g_variant_new_string ("x"));
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean ok = daybook_import_record_check (cases[i].record, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED);
      g_clear_error (&error);
      g_variant_unref (cases[i].record);
    }
  g_assert_false (daybook_import_record_check (wrong, &error));
  g_clear_error (&error);
  g_assert_false (daybook_import_media_check (wrong, &error));
  g_clear_error (&error);
  g_assert_false (daybook_import_summary_check (wrong, &error));
}

/* A summary of one line left out, for @reason as the helper would send it. */
static GVariant *
summary_skipping (const char *reason)
{
  GVariantBuilder skipped;

  g_variant_builder_init (&skipped, G_VARIANT_TYPE ("a(us)"));
  g_variant_builder_add (&skipped, "(us)", 7, reason);
  return g_variant_ref_sink (
      g_variant_new ("(ssuua(us))", "calls", "", (guint32)0, (guint32)0, &skipped));
}

/* The helper sends why a line was left out as a code and its arguments;
 * the parent makes the sentence. A helper that sends a sentence, an unknown
 * code or the wrong number of arguments is refused, and an argument is only
 * ever text, never a format. */
static void
test_skip_reasons (void)
{
  static const char *const refused[] = {
    "a <call> of type 7, not one Daybook knows", /* a sentence, as before */
    "99",
    "15",
    "9",      /* one argument missing */
    "7\0371", /* one too many */
    "1\037a", /* one of two */
    "-1",
    "",
  };
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr (GVariant) summary = summary_skipping (refused[i]);
      g_autofree char *sentence = daybook_import_skip_reason (refused[i], FALSE);

      g_assert_false (daybook_import_summary_check (summary, &error));
      g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED);
      g_clear_error (&error);
      g_assert_cmpstr (sentence, ==, "a line Daybook could not read");
    }
  {
    g_autoptr (GVariant) summary = summary_skipping ("9\037%n%s%s");
    g_autofree char *sentence = daybook_import_skip_reason ("9\037%n%s%s", FALSE);
    g_autofree char *two = daybook_import_skip_reason ("1\03712/13/2023\037dmy", FALSE);

    g_assert_true (daybook_import_summary_check (summary, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (sentence, ==, "a <call> of type %n%s%s, not one Daybook knows");
    g_assert_cmpstr (two, ==, "“12/13/2023” is not a date and time when read as dmy");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import-parse/whatsapp/android-dmy", test_whatsapp_android_dmy);
  g_test_add_func ("/import-parse/whatsapp/android-mdy-12h", test_whatsapp_android_mdy_12h);
  g_test_add_func ("/import-parse/whatsapp/ios", test_whatsapp_ios);
  g_test_add_func ("/import-parse/whatsapp/localised", test_whatsapp_localised);
  g_test_add_func ("/import-parse/whatsapp/ambiguous", test_whatsapp_ambiguous);
  g_test_add_func ("/import-parse/whatsapp/zip", test_whatsapp_zip);
  g_test_add_func ("/import-parse/whatsapp/zip-bomb", test_zip_bomb);
  g_test_add_func ("/import-parse/whatsapp/zip-truncated", test_zip_truncated);
  g_test_add_func ("/import-parse/whatsapp/zip-media-too-big", test_zip_media_too_big);
  g_test_add_func ("/import-parse/without-bwrap", test_without_bwrap);
  g_test_add_func ("/import-parse/sms", test_sms);
  g_test_add_func ("/import-parse/sms-truncated", test_sms_truncated);
  g_test_add_func ("/import-parse/sms-entities", test_sms_entities);
  g_test_add_func ("/import-parse/calls", test_calls);
  g_test_add_func ("/import-parse/eml", test_eml);
  g_test_add_func ("/import-parse/mbox", test_mbox);
  g_test_add_func ("/import-parse/telegram", test_telegram);
  g_test_add_func ("/import-parse/csv", test_csv);
  g_test_add_func ("/import-parse/unknown", test_unknown);
  g_test_add_func ("/import-parse/two-gigabytes", test_two_gigabytes);
  g_test_add_func ("/import-parse/helper-fails", test_helper_fails);
  g_test_add_func ("/import-parse/sandbox-ended", test_sandbox_ended);
  g_test_add_func ("/import-parse/sink-refuses-and-cancel", test_sink_refuses_and_cancel);
  g_test_add_func ("/import-parse/record-check", test_record_check);
  g_test_add_func ("/import-parse/skip-reasons", test_skip_reasons);
  return g_test_run ();
}
