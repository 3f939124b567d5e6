/* test-message-report.c — imported messages in the report: the chart, and end to end
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <archive.h>
#include <archive_entry.h>
#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "daybook-test-util.h"

/*
 * Everything through the real command line and the real parsers: an
 * export is imported, an entry cites some of its messages, the report is
 * written, and what a reader sees is read back from the PDF with pdftotext
 * (words) and pdftoppm (pixels). A missing tool fails the test.
 */

typedef struct
{
  char *dir;
  char *files;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_fast_template ();
  f->files = daybook_test_make_tmpdir ();
}

static void
teardown (Fixture *f, gconstpointer data)
{
  daybook_test_rm_copy (f->dir);
  daybook_test_rm_rf (f->files);
  g_free (f->dir);
  g_free (f->files);
}

static int
cli (Fixture *f, char **out, char **err, ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = daybook_test_cli_diary_valist (f->dir, TEST_PASSPHRASE "\n", out, err, ap);
  va_end (ap);
  return status;
}

static char *
run (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Android WhatsApp, day first (the 14th proves it): three people write to
 * Alex over three weeks of March 2026, before the clocks change. In: Sam
 * 9 (5 of them on Tuesday 17th, the busiest day), Jo 3, Kim 3; out: 2. */
#define THREE_PEOPLE                                                                               \
  "10/03/2026, 08:00 - Sam Example: Morning\n"                                                     \
  "11/03/2026, 21:15 - Sam Example: Why are you ignoring me\n"                                     \
  "12/03/2026, 12:00 - Jo Other: Sam asked where you work\n"                                       \
  "14/03/2026, 23:40 - Sam Example: I know you're home\n"                                          \
  "14/03/2026, 23:45 - Alex: Please stop\n"                                                        \
  "17/03/2026, 07:00 - Sam Example: Answer me\n"                                                   \
  "17/03/2026, 07:05 - Sam Example: Answer me now\n"                                               \
  "17/03/2026, 07:10 - Sam Example: I'm outside\n"                                                 \
  "17/03/2026, 07:20 - Sam Example: Your car is here\n"                                            \
  "17/03/2026, 07:30 - Sam Example: Fine\n"                                                        \
  "18/03/2026, 10:00 - Kim Third: Are you alright?\n"                                              \
  "19/03/2026, 10:00 - Kim Third: Sam came to the shop\n"                                          \
  "19/03/2026, 10:30 - Alex: Thank you\n"                                                          \
  "23/03/2026, 09:00 - Jo Other: Sam is asking again\n"                                            \
  "24/03/2026, 09:00 - Jo Other: I told him nothing\n"                                             \
  "25/03/2026, 18:00 - Kim Third: Call me\n"                                                       \
  "27/03/2026, 22:00 - Sam Example: See you soon\n"

static char *
write_file (Fixture *f, const char *name, const char *text)
{
  char *path = g_build_filename (f->files, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* The word boxes of page @page (from 1) whose text is @word, from
 * `pdftotext -bbox`: each a double[4] xMin, yMin, xMax, yMax in points. */
static GArray *
word_boxes (const char *bbox, guint page, const char *word)
{
  g_autoptr (GRegex) re = g_regex_new (
      "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)<",
      0, 0, NULL);
  g_auto (GStrv) pages = g_strsplit (bbox, "<page ", -1);
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (double) * 4);
  g_autoptr (GMatchInfo) match = NULL;

  g_assert_cmpuint (g_strv_length (pages), >, page);
  g_regex_match (re, pages[page], 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *text = g_match_info_fetch (match, 5);
      double box[4];

      if (strcmp (text, word) != 0)
        continue;
      for (int i = 0; i < 4; i++)
        {
          g_autofree char *v = g_match_info_fetch (match, 1 + i);
          box[i] = g_ascii_strtod (v, NULL);
        }
      g_array_append_vals (boxes, box, 1);
    }
  return boxes;
}

/* The page (from 1) that holds @word, or 0. */
static guint
page_of (const char *bbox, const char *word)
{
  g_auto (GStrv) pages = g_strsplit (bbox, "<page ", -1);

  for (guint i = 1; pages[i] != NULL; i++)
    {
      g_autoptr (GArray) boxes = word_boxes (bbox, i, word);

      if (boxes->len > 0)
        return i;
    }
  return 0;
}

typedef struct
{
  guint blue;  /* the first series' solid fill */
  guint ink;   /* anything clearly darker than the paper */
  guint total; /* pixels looked at */
} Pixels;

/* Counts the pixels of page @page of @pdf, drawn at 72 dpi (one pixel a
 * point), inside the rectangle given in points. */
static Pixels
look_at (Fixture *f, const char *pdf, guint page, double x0, double y0, double x1, double y1)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  g_autofree char *prefix = g_build_filename (f->files, "page", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  const char *argv[] = { "pdftoppm", "-r",   "72",          "-f", number, "-l",
                         number,     "-png", "-singlefile", pdf,  prefix, NULL };
  g_autofree char *out = run (argv);
  cairo_surface_t *image = cairo_image_surface_create_from_png (png);
  Pixels p = { 0 };
  int stride, width, height;
  const guint8 *data;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  for (int y = MAX (0, (int)y0); y < MIN (height, (int)y1); y++)
    for (int x = MAX (0, (int)x0); x < MIN (width, (int)x1); x++)
      {
        guint32 px = *(const guint32 *)(data + y * stride + x * 4);
        int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

        p.total++;
        if (r + g + b < 600)
          p.ink++;
        if (ABS (r - 51) < 12 && ABS (g - 82) < 12 && ABS (b - 128) < 12)
          p.blue++;
      }
  if (g_getenv ("TEST_KEEP_PNG") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("TEST_KEEP_PNG"), "chart.png", NULL);

      cairo_surface_write_to_png (image, copy);
    }
  cairo_surface_destroy (image);
  g_unlink (png);
  return p;
}

static char *
report (Fixture *f, const char *pdf, const char *messages)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };

  g_assert_cmpint (
      cli (f, &out, NULL, "report", "-o", pdf, "--messages", messages, "--force", NULL), ==, 0);
  if (g_getenv ("TEST_KEEP_PNG") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("TEST_KEEP_PNG"), "report.pdf", NULL);
      g_autoptr (GBytes) bytes = daybook_test_read (pdf);

      g_assert_true (g_file_set_contents (copy, g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), NULL));
    }
  return run (argv);
}

/* Every page of @text (pdftotext's, pages apart by form feeds) holds more
 * than its running head and foot. */
static void
assert_no_blank_page (const char *text)
{
  g_auto (GStrv) pages = g_strsplit (text, "\f", -1);
  guint n = g_strv_length (pages);

  /* After the last form feed there is nothing. */
  g_assert_cmpuint (n, >, 2);
  for (guint i = 0; i + 1 < n; i++)
    {
      g_auto (GStrv) lines = g_strsplit (pages[i], "\n", -1);
      guint filled = 0;

      for (guint j = 0; lines[j] != NULL; j++)
        if (g_strstrip (lines[j])[0] != '\0')
          filled++;
      if (filled <= 2)
        g_test_message ("page %u of %u is blank:\n%s", i + 1, n - 1, pages[i]);
      g_assert_cmpuint (filled, >, 2);
    }
}

static void
test_chart (Fixture *f, gconstpointer data)
{
  g_autofree char *chat = write_file (f, "WhatsApp Chat with Sam Example.txt", THREE_PEOPLE);
  g_autofree char *pdf = g_build_filename (f->files, "report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *bbox = NULL;
  g_autofree char *out = NULL;
  const char *bbox_argv[] = { "pdftotext", "-bbox", pdf, "-", NULL };
  g_autoptr (GArray) title = NULL;
  g_autoptr (GArray) legend = NULL;
  g_autoptr (GArray) caption = NULL;
  double top, bottom, swatch_x;
  guint page;
  Pixels chart, swatch, margin;

  g_assert_cmpint (
      cli (f, &out, NULL, "import", chat, "--time-zone", "Europe/London", "--me", "Alex", NULL), ==,
      0);
  g_assert_nonnull (strstr (out, "messages 17\n"));
  g_assert_cmpint (cli (f, NULL, NULL, "add", "--when", "2026-03-17T07:00", "--title",
                        "Messages at dawn", "--text", "Five messages in half an hour.", NULL),
                   ==, 0);

  text = report (f, pdf, "all");
  assert_no_blank_page (text);
  /* The chart: its title, one legend entry per person with their total
   * received (three people: three entries, no "others"), and the Monday
   * of each of the three weeks under the bars. */
  g_assert_nonnull (strstr (text, "Messages and calls received per week"));
  g_assert_cmpuint (count (text, "Sam Example (9)"), ==, 1);
  g_assert_cmpuint (count (text, "Jo Other (3)"), ==, 1);
  g_assert_cmpuint (count (text, "Kim Third (3)"), ==, 1);
  g_assert_null (strstr (text, "other sender"));
  g_assert_null (strstr (text, "Alex ("));
  g_assert_nonnull (strstr (text, "9 Mar"));
  g_assert_nonnull (strstr (text, "16 Mar"));
  g_assert_nonnull (strstr (text, "23 Mar"));
  g_assert_null (strstr (text, "30 Mar"));
  /* The figures: the busiest day, and the weeks person by person. */
  g_assert_nonnull (strstr (text, "2026-03-17: 5 received"));
  g_assert_nonnull (strstr (text, "17 messages and 0 calls"));
  g_assert_nonnull (strstr (text, "Sam Example: 5 messages, 0 calls"));

  /* The chart is drawn: between its title and its caption, the bars of
   * the first series in their solid fill and ink over a fair part of the
   * area; the legend's swatches left of the names. */
  bbox = run (bbox_argv);
  page = page_of (bbox, "legend");
  g_assert_cmpuint (page, >, 0);
  title = word_boxes (bbox, page, "received");
  legend = word_boxes (bbox, page, "Sam");
  caption = word_boxes (bbox, page, "Monday");
  g_assert_cmpuint (title->len, >=, 1);
  g_assert_cmpuint (caption->len, >=, 1);
  top = g_array_index (title, double, 3);
  bottom = g_array_index (caption, double, 1);
  g_assert_cmpfloat (bottom - top, >, 150);
  chart = look_at (f, pdf, page, 60, top + 4, 540, bottom - 4);
  g_test_message ("chart: %u blue, %u ink of %u", chart.blue, chart.ink, chart.total);
  g_assert_cmpuint (chart.blue, >, 800);
  g_assert_cmpuint (chart.ink * 20, >, chart.total);
  /* "Sam" in the legend is the one just above the caption. */
  swatch_x = 0;
  for (guint i = 0; i < legend->len; i++)
    {
      double *box = &g_array_index (legend, double, 4 * i);

      if (box[1] > top && box[3] < bottom)
        swatch_x = box[0];
    }
  g_assert_cmpfloat (swatch_x, >, 0);
  swatch = look_at (f, pdf, page, swatch_x - 20, bottom - 40, swatch_x - 2, bottom - 4);
  g_assert_cmpuint (swatch.blue, >, 20);
  /* The page's margin stays paper: the counts above are not noise. */
  margin = look_at (f, pdf, page, 0, top + 4, 20, bottom - 4);
  g_assert_cmpuint (margin.ink, ==, 0);
}

/* More senders than the chart names: the few who sent most by name, the
 * rest together, and the legend says how many the rest are. */
static void
test_chart_others (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) chat = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autofree char *pdf = g_build_filename (f->files, "report.pdf", NULL);
  g_autofree char *text = NULL;
  static const char *names[] = { "Ann", "Ben", "Cal", "Dee", "Eve", "Fay", "Gus" };

  /* Ann 7, Ben 6, … Gus 1; the 13th proves day first. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint j = 0; j < G_N_ELEMENTS (names) - i; j++)
      g_string_append_printf (chat, "13/04/2026, %02u:%02u - %s: message %u\n", 8 + i, j, names[i],
                              j);
  path = write_file (f, "chat.txt", chat->str);
  g_assert_cmpint (cli (f, NULL, NULL, "import", path, "--time-zone", "UTC", "--me", "Alex", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, "add", "--when", "2026-04-13T08:00", "--title", "Messages",
                        "--text", "Many people.", NULL),
                   ==, 0);
  text = report (f, pdf, "all");
  g_assert_nonnull (strstr (text, "Ann (7)"));
  g_assert_nonnull (strstr (text, "Dee (4)"));
  g_assert_null (strstr (text, "Eve (3)"));
  g_assert_nonnull (strstr (text, "3 other senders (6)"));
}

/* `show N` quotes the messages entry N cites, and `show N --json` lists
 * them under `messages` exactly as `messages --json` does. */
static void
test_show (Fixture *f, gconstpointer data)
{
  g_autofree char *chat = write_file (f, "chat.txt",
                                      "13/05/2026, 21:00 - Sam Example: First line\n"
                                      "second line\n"
                                      "13/05/2026, 21:05 - Sam Example: Not cited\n"
                                      "13/05/2026, 21:10 - Alex: Stop writing to me\n");
  g_autofree char *all = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *other = NULL;
  g_autofree char *other_json = NULL;
  g_autoptr (JsonNode) all_root = NULL;
  g_autoptr (JsonNode) shown_root = NULL;
  g_autoptr (JsonNode) other_root = NULL;
  JsonArray *listed, *cited;
  char ids[2][32];

  g_assert_cmpint (cli (f, NULL, NULL, "import", chat, "--time-zone", "UTC", "--me", "Alex", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f, &all, NULL, "messages", "--json", NULL), ==, 0);
  all_root = json_from_string (all, NULL);
  listed = json_node_get_array (all_root);
  g_assert_cmpuint (json_array_get_length (listed), ==, 3);
  g_snprintf (ids[0], sizeof ids[0], "%" G_GINT64_FORMAT,
              json_object_get_int_member (json_array_get_object_element (listed, 0), "id"));
  g_snprintf (ids[1], sizeof ids[1], "%" G_GINT64_FORMAT,
              json_object_get_int_member (json_array_get_object_element (listed, 2), "id"));
  g_assert_cmpint (cli (f, NULL, NULL, "add", "--when", "2026-05-13T21:00", "--title", "Texts",
                        "--text", "He wrote again.", "--message", ids[1], "--message", ids[0],
                        NULL),
                   ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, "add", "--when", "2026-05-14T09:00", "--title", "Nothing",
                        "--text", "No messages here.", NULL),
                   ==, 0);

  g_assert_cmpint (cli (f, &shown, NULL, "show", "1", "--json", NULL), ==, 0);
  shown_root = json_from_string (shown, NULL);
  g_assert_nonnull (shown_root);
  cited = json_object_get_array_member (json_node_get_object (shown_root), "messages");
  g_assert_nonnull (cited);
  g_assert_cmpuint (json_array_get_length (cited), ==, 2);
  /* Oldest first, each the same object as the message's row of
   * `messages --json`, and when its export was imported. */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *o = json_array_get_object_element (cited, i);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "imported_at"), "20"));
      json_object_remove_member (o, "imported_at");
    }
  g_assert_true (
      json_node_equal (json_array_get_element (cited, 0), json_array_get_element (listed, 0)));
  g_assert_true (
      json_node_equal (json_array_get_element (cited, 1), json_array_get_element (listed, 2)));

  g_assert_cmpint (cli (f, &plain, NULL, "show", "1", NULL), ==, 0);
  g_assert_nonnull (strstr (plain, "Cited messages:\n"));
  g_assert_nonnull (strstr (plain, "  > First line\n  > second line\n"));
  g_assert_nonnull (strstr (plain, "  > Stop writing to me\n"));
  g_assert_nonnull (strstr (plain, "Sam Example  (exhibit "));
  g_assert_null (strstr (plain, "Not cited"));
  g_assert_true (strstr (plain, "First line") < strstr (plain, "Stop writing"));

  /* An entry citing none: an empty list, and no heading. */
  g_assert_cmpint (cli (f, &other_json, NULL, "show", "2", "--json", NULL), ==, 0);
  other_root = json_from_string (other_json, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (other_root), "messages")),
                    ==, 0);
  g_assert_cmpint (cli (f, &other, NULL, "show", "2", NULL), ==, 0);
  g_assert_null (strstr (other, "Cited message"));
}

/* A zip of @n pairs of name and contents, written with libarchive as an
 * export from a phone would be. */
static void
write_zip (const char *path, const char *const *files, guint n)
{
  struct archive *a = archive_write_new ();

  archive_write_set_format_zip (a);
  g_assert_cmpint (archive_write_open_filename (a, path), ==, ARCHIVE_OK);
  for (guint i = 0; i < n; i++)
    {
      struct archive_entry *e = archive_entry_new ();
      gsize len = strlen (files[2 * i + 1]);

      archive_entry_set_pathname (e, files[2 * i]);
      archive_entry_set_filetype (e, AE_IFREG);
      archive_entry_set_perm (e, 0644);
      archive_entry_set_size (e, len);
      g_assert_cmpint (archive_write_header (a, e), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, files[2 * i + 1], len), ==, (la_ssize_t)len);
      archive_entry_free (e);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
}

static char *
sha256sum (const char *path)
{
  const char *argv[] = { "sha256sum", path, NULL };
  char *out = run (argv);

  g_assert_cmpuint (strlen (out), >, 64);
  out[64] = '\0';
  return out;
}

/* The "done when", from the command line: a WhatsApp zip from an
 * iPhone and an SMS backup and call log from an Android phone imported,
 * one entry made from three of their messages, and the report's message
 * log and chart show them; each original, exported again, has the
 * SHA-256 of the file imported. */
static void
test_end_to_end (Fixture *f, gconstpointer data)
{
  static const char chat[] = "[13/03/2023, 21:58:10] Sam Example: I'm outside your door\n"
                             "[13/03/2023, 21:59:00] Sam Example: \u200e<attached: "
                             "00000012-PHOTO-2023-03-13-21-59-00.jpg>\n"
                             "[13/03/2023, 22:05:00] Alex: Go away or I call the police\n"
                             "[14/03/2023, 07:30:00] Sam Example: Sleep well?\n";
  const char *files[] = { "_chat.txt", chat, "00000012-PHOTO-2023-03-13-21-59-00.jpg",
                          "not really a jpeg, but the bytes are the evidence" };
  g_autofree char *zip = g_build_filename (f->files, "WhatsApp Chat - Sam Example.zip", NULL);
  g_autofree char *sms = g_test_build_filename (G_TEST_DIST, "data", "import", "sms-mms.xml", NULL);
  g_autofree char *calls = g_test_build_filename (G_TEST_DIST, "data", "import", "calls.xml", NULL);
  g_autofree char *pdf = g_build_filename (f->files, "report.pdf", NULL);
  g_autofree char *imported = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) imports = NULL;
  g_autoptr (JsonNode) messages = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  static const char *cite[] = { "I'm outside your door", "You can't hide", "Outside your house" };
  const char *originals[] = { zip, sms, calls };
  JsonArray *array;

  write_zip (zip, files, 2);
  g_assert_cmpint (cli (f, &imported, NULL, "import", zip, sms, calls, "--time-zone",
                        "Europe/London", "--me", "Alex", "--json", NULL),
                   ==, 0);
  imports = json_from_string (imported, NULL);
  g_assert_nonnull (imports);
  array = json_node_get_array (imports);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (array, 0), "format"), ==,
      "whatsapp");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "media"),
                   ==, 1);

  /* Every original, written out again, is byte for byte the file given. */
  for (guint i = 0; i < G_N_ELEMENTS (originals); i++)
    {
      JsonObject *r = json_array_get_object_element (array, i);
      g_autofree char *out = g_build_filename (f->files, "exported", NULL);
      g_autofree char *want = sha256sum (originals[i]);
      g_autofree char *got = NULL;

      g_assert_cmpint (cli (f, NULL, NULL, "export-attachment",
                            json_object_get_string_member (r, "source"), out, "--force", NULL),
                       ==, 0);
      got = sha256sum (out);
      g_assert_cmpstr (got, ==, want);
      g_assert_cmpstr (json_object_get_string_member (r, "sha256"), ==, want);
      g_unlink (out);
    }

  /* An entry made from three messages: one from the chat, two from the
   * SMS backup (one of them the MMS with its picture). */
  g_assert_cmpint (cli (f, &listed, NULL, "messages", "--json", NULL), ==, 0);
  messages = json_from_string (listed, NULL);
  array = json_node_get_array (messages);
  for (guint c = 0; c < G_N_ELEMENTS (cite); c++)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *m = json_array_get_object_element (array, i);

        if (g_str_has_prefix (json_object_get_string_member (m, "text"), cite[c]))
          g_ptr_array_add (
              ids, g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (m, "id")));
      }
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (cli (f, NULL, NULL, "add", "--when", "2023-03-13T22:00", "--title",
                        "At my door, then texts", "--text", "He came to the door and texted.",
                        "--message", ids->pdata[0], "--message", ids->pdata[1], "--message",
                        ids->pdata[2], NULL),
                   ==, 0);

  text = report (f, pdf, "cited");
  assert_no_blank_page (text);
  /* The message log: one part per export cited, the three messages, none
   * of the others. */
  g_assert_cmpuint (count (text, "Message log: exhibit"), ==, 2);
  g_assert_nonnull (strstr (text, "in Sam Example: I'm outside your door"));
  g_assert_nonnull (strstr (text, "in Sam Example: You can't hide"));
  g_assert_nonnull (strstr (text, "in Sam Example: Outside your house"));
  g_assert_null (strstr (text, "Sleep well"));
  g_assert_null (strstr (text, "Go away or I call"));
  g_assert_null (strstr (text, "Leave me alone"));
  /* The chart: its title, the weeks of 6 March 2023 (the SMS of Sunday
   * 12th) and of 13 March (the chat), and in the legend the one sender
   * with the three messages received. */
  g_assert_nonnull (strstr (text, "Messages and calls received per week"));
  g_assert_nonnull (strstr (text, "6 Mar"));
  g_assert_nonnull (strstr (text, "13 Mar"));
  g_assert_cmpuint (count (text, "Sam Example (3)"), ==, 1);
  g_assert_nonnull (strstr (text, "2023-03-12: 2 received"));
  /* Each export named with its SHA-256 under the log. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *sum = sha256sum (originals[i]);

      g_assert_nonnull (strstr (text, sum));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/message-report/chart", Fixture, NULL, setup, test_chart, teardown);
  g_test_add ("/message-report/chart-others", Fixture, NULL, setup, test_chart_others, teardown);
  g_test_add ("/message-report/show", Fixture, NULL, setup, test_show, teardown);
  g_test_add ("/message-report/end-to-end", Fixture, NULL, setup, test_end_to_end, teardown);
  return g_test_run ();
}
