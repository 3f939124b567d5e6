/* test-report.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <cairo.h>
#include <glib/gstdio.h>

#include "daybook-error.h"
#include "daybook-incident-list.h"
#include "daybook-test-util.h"
#include "report/daybook-report.h"

/* The report as its readers meet it: made by the real daybook-cli, read
 * back with pdftotext, pdfinfo and qpdf, its signature checked with
 * minisign. One diary is filled once for the whole program; every test
 * writes into a folder of its own. */

#define PASS_INPUT TEST_PASSPHRASE "\n"

static char *diary_dir;

typedef struct
{
  char *dir;
  char *pdf;
} Fixture;

typedef struct
{
  const char *when;
  const char *title;
  const char *narrative;
  DaybookBehaviour types;
  const char *person;
  gboolean is_private;
  const char *private_notes;
} Entry;

#define LONG_MARK "GOLF-0008"

/* Saved out of order: the report must sort by when things happened. */
static const Entry entries[] = {
  { "2026-04-02T14:00+05:30", "Message while abroad",
    "DELTA-0004 He messaged me while I was in Delhi.", DAYBOOK_BEHAVIOUR_CONTACT, "Jordan Sample",
    FALSE, NULL },
  { "2026-03-28T22:00", "Outside the house",
    "ALPHA-0001 He stood outside the house before the clocks changed.",
    DAYBOOK_BEHAVIOUR_LOITERING | DAYBOOK_BEHAVIOUR_WATCHING, "Jordan Sample", FALSE, NULL },
  { "2026-03-29T09:30", "At the station",
    "BRAVO-0002 He was at the station the morning the clocks went forward.",
    DAYBOOK_BEHAVIOUR_FOLLOWING, "Jordan Sample", FALSE, NULL },
  { "2026-03-29T05:00-05:00", "Call from New York", "CHARLIE-0003 A call from a New York number.",
    DAYBOOK_BEHAVIOUR_CONTACT, "Other Person", FALSE, NULL },
  { "2026-04-03T10:00", "Private matter", "PRIVATE-0005 Something I keep to myself.",
    DAYBOOK_BEHAVIOUR_OTHER, "Jordan Sample", TRUE, NULL },
  { "2026-04-04T11:00", "Flowers left", "ECHO-0006 Flowers on the doorstep again.",
    DAYBOOK_BEHAVIOUR_GIFT, "Jordan Sample", FALSE, "NOTE-0006 only for me" },
  { "2026-04-05T19:15", "Messages in many languages",
    "FOXTROT-0007 He wrote: مرحبا بالعالم and שלום עולם. Zażółć gęślą jaźń. Mae’r ŵyn yn y cae ŷd. "
    "📱😡",
    DAYBOOK_BEHAVIOUR_CONTACT, "Zofia Wąs", FALSE, NULL },
  { "2026-04-06T08:00", "A very long account", NULL, DAYBOOK_BEHAVIOUR_WATCHING, "Jordan Sample",
    FALSE, NULL },
};

static const char *chronological[] = {
  "ALPHA-0001", "BRAVO-0002",   "CHARLIE-0003", "DELTA-0004",
  "ECHO-0006",  "FOXTROT-0007", LONG_MARK,      "GOLF-END",
};

static char *
long_narrative (void)
{
  GString *text = g_string_new (LONG_MARK " ");

  for (guint i = 0; i < 220; i++)
    g_string_append_printf (text, "Sentence %u of a long account that goes on over several pages. ",
                            i);
  g_string_append (text, "GOLF-END");
  return g_string_free (text, FALSE);
}

static void
fill_diary (void)
{
  static const char *keys[] = { DAYBOOK_SETTING_OWNER_NAME, DAYBOOK_SETTING_CASE_REF, NULL };
  static const char *values[] = { "Test Diarist", "CASE-42", NULL };
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (DaybookDiary) diary = NULL;
  g_autoptr (GError) error = NULL;

  diary_dir = daybook_test_copy_template ();
  diary = daybook_test_open (diary_dir);
  daybook_diary_set_settings (diary, keys, values, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      g_autofree char *text
          = entries[i].narrative ? g_strdup (entries[i].narrative) : long_narrative ();
      DaybookWhen when = { 0 };

      daybook_when_parse (entries[i].when, london, &when, NULL, &error);
      g_assert_no_error (error);
      daybook_incident_set_start (incident, &when);
      daybook_when_clear (&when);
      daybook_incident_set_title (incident, entries[i].title);
      daybook_incident_set_narrative (incident, text);
      daybook_incident_set_types (incident, entries[i].types);
      daybook_incident_add_person (incident, entries[i].person, DAYBOOK_ROLE_SUSPECT);
      daybook_incident_set_private (incident, entries[i].is_private);
      daybook_incident_set_private_notes (incident, entries[i].private_notes);
      daybook_diary_save_incident (diary, incident, &error);
      g_assert_no_error (error);
    }
  daybook_diary_close (diary);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_make_tmpdir ();
  f->pdf = g_build_filename (f->dir, "report.pdf", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  daybook_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->pdf);
}

/* Runs daybook-cli on the shared diary with the passphrase on stdin. */
static int
cli (char **out, char **err, const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  int status;

  g_ptr_array_add (args, (gpointer) "--diary");
  g_ptr_array_add (args, diary_dir);
  g_ptr_array_add (args, (gpointer) "--passphrase-fd");
  g_ptr_array_add (args, (gpointer) "0");
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  status = daybook_test_cli_argv (PASS_INPUT, out, err, (const char *const *)args->pdata);
  if (status != 0 && err != NULL)
    g_test_message ("daybook-cli: %s", *err);
  return status;
}

/* Runs `daybook-cli report -o @pdf` (in @language unless %NULL) with TZ and
 * the NAME, VALUE pairs of @env set; returns its exit status and, in @out,
 * what it printed with its messages (GLib prints debug ones on standard
 * output), which also goes to the log as a TAP comment, not into the TAP
 * stream. */
static int
cli_report_env (const char *pdf, const char *const *env, const char *language, char **out)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                   | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* Without a language the arguments end where it would be. */
  const char *argv[] = { g_getenv ("DAYBOOK_CLI"),
                         "--diary",
                         diary_dir,
                         "--passphrase-fd",
                         "0",
                         "report",
                         "-o",
                         pdf,
                         language != NULL ? "--language" : NULL,
                         language,
                         NULL };
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *output = NULL;

  g_subprocess_launcher_setenv (launcher, "TZ", "Europe/London", TRUE);
  for (guint i = 0; env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, PASS_INPUT, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("daybook-cli: %s", output);
  if (out != NULL)
    *out = g_steal_pointer (&output);
  return g_subprocess_get_exit_status (proc);
}

/* `daybook-cli report -o @pdf` with SOURCE_DATE_EPOCH set, and as many
 * measuring threads as @measurers says unless it is %NULL. */
static int
cli_report_at_epoch_env (const char *pdf, const char *epoch, const char *measurers)
{
  const char *env[] = { "SOURCE_DATE_EPOCH", epoch, "DAYBOOK_REPORT_MEASURERS", measurers, NULL };

  if (measurers == NULL)
    env[2] = NULL;
  return cli_report_env (pdf, env, NULL, NULL);
}

static int
cli_report_at_epoch (const char *pdf, const char *epoch)
{
  return cli_report_at_epoch_env (pdf, epoch, NULL);
}

/* Runs an outside tool; returns its exit status, and its output. */
static int
tool (char **out, const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  va_list ap;
  int status;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **)args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err,
                &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL)
             ? 0
             : (WIFEXITED (status) ? WEXITSTATUS (status) : -1);
}

/* pdftotext's output with the direction marks it adds around
 * right-to-left runs taken out. */
static char *
pdf_text (const char *pdf, int page)
{
  g_autofree char *out = NULL;
  g_autofree char *first = g_strdup_printf ("%d", page);
  GString *clean = g_string_new (NULL);
  int status;

  if (page > 0)
    status = tool (&out, "pdftotext", "-f", first, "-l", first, pdf, "-", NULL);
  else
    status = tool (&out, "pdftotext", pdf, "-", NULL);
  g_assert_cmpint (status, ==, 0);

  for (const char *p = out; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x202A && c <= 0x202E) || c == 0x200E || c == 0x200F
          || (c >= 0x2066 && c <= 0x2069))
        continue;
      g_string_append_unichar (clean, c);
    }
  return g_string_free (clean, FALSE);
}

static guint
pdf_pages (const char *pdf, char **size)
{
  g_autofree char *out = NULL;
  const char *p;

  g_assert_cmpint (tool (&out, "pdfinfo", pdf, NULL), ==, 0);
  if (size != NULL)
    {
      const char *s = strstr (out, "Page size:");

      g_assert_nonnull (s);
      *size = g_strndup (s, strcspn (s, "\n"));
    }
  p = strstr (out, "Pages:");
  g_assert_nonnull (p);
  return (guint)g_ascii_strtoull (p + 6 + strspn (p + 6, " "), NULL, 10);
}

static void
assert_qpdf_clean (const char *pdf)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (tool (&out, "qpdf", "--check", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No syntax or stream encoding errors"));
}

static void
test_chronological (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;
  g_autofree char *size = NULL;
  const char *last = NULL;
  guint pages;

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->pdf, NULL), ==, 0);
  assert_qpdf_clean (f->pdf);

  text = pdf_text (f->pdf, 0);
  for (guint i = 0; i < G_N_ELEMENTS (chronological); i++)
    {
      const char *at = strstr (text, chronological[i]);

      g_test_message ("looking for %s", chronological[i]);
      g_assert_nonnull (at);
      g_assert_true (last == NULL || at > last);
      last = at;
    }

  /* Each time as the clock read where it happened. */
  g_assert_nonnull (strstr (text, "Sat 28 Mar 2026, 22:00 GMT"));
  g_assert_nonnull (strstr (text, "Sun 29 Mar 2026, 09:30 BST"));
  g_assert_nonnull (strstr (text, "Sun 29 Mar 2026, 05:00 UTC-05:00"));
  g_assert_nonnull (strstr (text, "Thu 2 Apr 2026, 14:00 UTC+05:30"));
  g_assert_nonnull (strstr (text, "CASE-42"));
  g_assert_nonnull (strstr (text, "Test Diarist"));
  g_assert_nonnull (strstr (text, "(continued)"));

  /* Private entries and private notes are left out, and counted. */
  g_assert_null (strstr (text, "PRIVATE-0005"));
  g_assert_null (strstr (text, "NOTE-0006"));
  g_assert_nonnull (strstr (text, "1 entry marked private was left out"));

  pages = pdf_pages (f->pdf, &size);
  g_assert_nonnull (strstr (size, "595.276 x 841.89 pts (A4)"));
  g_assert_cmpuint (pages, >=, 5);
  for (guint i = 1; i <= pages; i++)
    {
      g_autofree char *page = pdf_text (f->pdf, (int)i);
      g_autofree char *expect = g_strdup_printf ("Page %u of %u", i, pages);

      g_assert_nonnull (strstr (page, expect));
    }
}

static void
test_private (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->pdf, "--include-private", NULL), ==, 0);
  text = pdf_text (f->pdf, 0);
  g_assert_nonnull (strstr (text, "PRIVATE-0005"));
  g_assert_nonnull (strstr (text, "NOTE-0006"));
  g_assert_true (strstr (text, "DELTA-0004") < strstr (text, "PRIVATE-0005"));
  g_assert_true (strstr (text, "PRIVATE-0005") < strstr (text, "ECHO-0006"));
}

static void
test_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *by_type = g_build_filename (f->dir, "type.pdf", NULL);
  g_autofree char *by_person = g_build_filename (f->dir, "person.pdf", NULL);
  g_autofree char *by_date = g_build_filename (f->dir, "date.pdf", NULL);
  g_autofree char *text = NULL;

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", by_type, "--type", "contact", NULL), ==, 0);
  text = pdf_text (by_type, 0);
  g_assert_nonnull (strstr (text, "CHARLIE-0003"));
  g_assert_nonnull (strstr (text, "DELTA-0004"));
  g_assert_nonnull (strstr (text, "FOXTROT-0007"));
  g_assert_null (strstr (text, "ALPHA-0001"));
  g_assert_null (strstr (text, LONG_MARK));
  g_clear_pointer (&text, g_free);

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", by_person, "--person", "other person",
                        "--person", "Zofia Wąs", NULL),
                   ==, 0);
  text = pdf_text (by_person, 0);
  g_assert_nonnull (strstr (text, "CHARLIE-0003"));
  g_assert_nonnull (strstr (text, "FOXTROT-0007"));
  g_assert_null (strstr (text, "ALPHA-0001"));
  g_assert_null (strstr (text, "DELTA-0004"));
  g_clear_pointer (&text, g_free);

  /* --to with a date alone takes in that whole day. */
  g_assert_cmpint (
      cli (NULL, NULL, "report", "-o", by_date, "--from", "2026-03-29", "--to", "2026-04-02", NULL),
      ==, 0);
  text = pdf_text (by_date, 0);
  g_assert_null (strstr (text, "ALPHA-0001"));
  g_assert_nonnull (strstr (text, "BRAVO-0002"));
  g_assert_nonnull (strstr (text, "DELTA-0004"));
  g_assert_null (strstr (text, "ECHO-0006"));
}

static void
test_scripts (Fixture *f, gconstpointer data)
{
  static const char *samples[] = {
    "مرحبا بالعالم", "שלום עולם", "Zażółć gęślą jaźń", "Mae’r ŵyn yn y cae ŷd", "📱😡", "Zofia Wąs",
  };
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->pdf, NULL), ==, 0);
  text = pdf_text (f->pdf, 0);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_test_message ("looking for %s", samples[i]);
      g_assert_nonnull (strstr (text, samples[i]));
    }

  /* Every font embedded, so the report looks the same everywhere. */
  g_assert_cmpint (tool (&fonts, "pdffonts", f->pdf, NULL), ==, 0);
  g_assert_null (strstr (fonts, " no  "));
}

static void
test_letter (Fixture *f, gconstpointer data)
{
  g_autofree char *size = NULL;

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->pdf, "--paper", "letter", "--title",
                        "Timeline for the court", NULL),
                   ==, 0);
  pdf_pages (f->pdf, &size);
  g_assert_nonnull (strstr (size, "612 x 792 pts (letter)"));
  assert_qpdf_clean (f->pdf);
}

static void
test_deterministic (Fixture *f, gconstpointer data)
{
  g_autofree char *again = g_build_filename (f->dir, "again.pdf", NULL);
  g_autoptr (GBytes) a = NULL;
  g_autoptr (GBytes) b = NULL;
  g_autofree char *info = NULL;

  g_assert_cmpint (cli_report_at_epoch (f->pdf, "1780000000"), ==, 0);
  g_assert_cmpint (cli_report_at_epoch (again, "1780000000"), ==, 0);

  a = daybook_test_read (f->pdf);
  b = daybook_test_read (again);
  g_assert_true (g_bytes_equal (a, b));

  g_assert_cmpint (tool (&info, "pdfinfo", "-isodates", f->pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (info, "2026-05-28T20:26:40"));
  g_assert_nonnull (strstr (info, "Creator:         Daybook"));
}

/* Pages are broken, and then drawn, with the lines laid out on other
 * threads, in Pango contexts of their own: the PDF must be the one a
 * single thread makes, byte for byte (the same page breaks, lines, glyphs
 * and fonts). One entry holds a character no font has (drawn as a box,
 * whose font is made when first drawn) and one an account long enough
 * that part of it is left for the drawing thread. */
static void
test_measurers (Fixture *f, gconstpointer data)
{
  g_autofree char *alone = g_build_filename (f->dir, "alone.pdf", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "diary", NULL);
  char *shared = diary_dir;
  g_autoptr (GString) account = g_string_new (NULL);
  g_autoptr (GBytes) a = NULL;
  g_autoptr (GBytes) b = NULL;
  g_autofree char *text = NULL;

  /* On a copy: the other tests' diary stays as it was. */
  daybook_test_copy_tree (shared, copy);
  diary_dir = copy;

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (account,
                            "Paragraph %u: he waited by the gate again and wrote on the "
                            "wall where I would see it on my way out.\n",
                            i + 1);
  g_assert_cmpint (cli (NULL, NULL, "add", "--when", "2026-03-02T08:00", "--title",
                        "A sign \uE000 on the door", "--text", account->str, NULL),
                   ==, 0);

  g_assert_cmpint (cli_report_at_epoch_env (alone, "1780000000", "0"), ==, 0);
  g_assert_cmpint (cli_report_at_epoch_env (f->pdf, "1780000000", "3"), ==, 0);

  a = daybook_test_read (alone);
  b = daybook_test_read (f->pdf);
  g_assert_cmpuint (pdf_pages (alone, NULL), ==, pdf_pages (f->pdf, NULL));
  g_assert_true (g_bytes_equal (a, b));

  /* Both drawn whole: the account's last paragraph is there. */
  text = pdf_text (f->pdf, 0);
  g_assert_nonnull (strstr (text, "Paragraph 400: he waited"));
  diary_dir = shared;
}

/* `daybook-cli report` with SOURCE_DATE_EPOCH, in @language, with Pango
 * breaking every line (@pango_lines) or with the report's own line
 * breaking; returns what it printed, its debug messages with it. */
static char *
cli_report_lines (const char *pdf, const char *language, gboolean pango_lines)
{
  const char *env[] = {
    "SOURCE_DATE_EPOCH",     "1780000000", "G_MESSAGES_DEBUG", "all", "DAYBOOK_REPORT_PANGO_LINES",
    pango_lines ? "1" : "0", NULL
  };
  char *out = NULL;

  g_assert_cmpint (cli_report_env (pdf, env, language, &out), ==, 0);
  return out;
}

static int
by_name (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* Every page of @pdf as pixels, page by page, at 50 dpi. */
static GPtrArray *
pdf_pixels (const char *pdf, const char *dir, const char *name)
{
  g_autofree char *prefix = g_build_filename (dir, name, NULL);
  g_autoptr (GDir) d = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  const char *entry;

  g_assert_cmpint (tool (NULL, "pdftoppm", "-r", "50", pdf, prefix, NULL), ==, 0);
  d = g_dir_open (dir, 0, NULL);
  while ((entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (entry, name) && g_str_has_suffix (entry, ".ppm"))
      g_ptr_array_add (names, g_build_filename (dir, entry, NULL));
  g_ptr_array_sort (names, by_name);
  for (guint i = 0; i < names->len; i++)
    {
      g_ptr_array_add (pages, daybook_test_read (names->pdata[i]));
      g_assert_cmpint (g_unlink (names->pdata[i]), ==, 0);
    }
  return pages;
}

/* The report breaks its lines itself, over one shaping of each block
 * (daybook-report-lines.c), and leaves a block to Pango where Pango would
 * do more. Either way the pages must be the ones Pango makes: the same
 * text on the same lines, pixel for pixel, left to right and right to
 * left, with words of other scripts and fonts, emoji, a line separator in
 * a table's value, and each case left to Pango. */
static void
test_own_lines (Fixture *f, gconstpointer data)
{
  static const char *const languages[] = { "en", "ar" };
  g_autofree char *copy = g_build_filename (f->dir, "diary", NULL);
  char *shared = diary_dir;
  g_autoptr (GString) account = g_string_new (NULL);
  g_autoptr (GString) location = g_string_new ("Car park behind the library");

  daybook_test_copy_tree (shared, copy);
  diary_dir = copy;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (account,
                            "%u: he waited at the gate قال إنه سيعود غدا and then "
                            "הוא חיכה מחוץ לבית (twice) 📱 until it was dark. ",
                            i);
  g_string_append (account, "\nA tab\tin the first line only.\n");
  for (guint i = 0; i < 12; i++)
    g_string_append (account, "a tab further on ");
  g_string_append (account, "here\tthere.\nA word wider than any line: ");
  for (guint i = 0; i < 160; i++)
    g_string_append_c (account, 'w');
  g_string_append (account, ".\nA soft hy\u00ADphen in a para\u00ADgraph that has to wrap, ");
  for (guint i = 0; i < 12; i++)
    g_string_append (account, "more words to wrap ");
  g_string_append (account, "\n   Spaces before a paragraph and  two  between words.");
  for (guint i = 0; i < 8; i++)
    g_string_append (location, ", next to the shop whose name goes on");
  g_string_append (location, "\nSecond line of the location (مدخل الخلفي)");
  g_assert_cmpint (cli (NULL, NULL, "add", "--when", "2026-03-03T08:00", "--title",
                        "Lines of every kind", "--location", location->str, "--text", account->str,
                        NULL),
                   ==, 0);

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autofree char *pango_pdf = g_build_filename (f->dir, "pango.pdf", NULL);
      g_autofree char *own_log = NULL;
      g_autofree char *pango_log = NULL;
      g_autofree char *own_text = NULL;
      g_autofree char *pango_text = NULL;
      g_autoptr (GPtrArray) own = NULL;
      g_autoptr (GPtrArray) pango = NULL;
      g_autoptr (GBytes) a = NULL;
      g_autoptr (GBytes) b = NULL;

      own_log = cli_report_lines (f->pdf, languages[l], FALSE);
      pango_log = cli_report_lines (pango_pdf, languages[l], TRUE);

      /* The cases left to Pango were left to it, and only those. */
      g_assert_nonnull (strstr (own_log, "Lines left to Pango: a word wider than the line"));
      g_assert_nonnull (strstr (own_log, "Lines left to Pango: a soft hyphen"));
      g_assert_nonnull (strstr (own_log, "Lines left to Pango: a tab after a break"));
      g_assert_null (strstr (pango_log, "Lines left to Pango"));
      /* Drawn differently (a space at a break is not drawn at all)... */
      a = daybook_test_read (f->pdf);
      b = daybook_test_read (pango_pdf);
      g_assert_false (g_bytes_equal (a, b));

      /* ...and the same to read and to see. */
      g_assert_cmpuint (pdf_pages (f->pdf, NULL), ==, pdf_pages (pango_pdf, NULL));
      g_assert_cmpint (tool (&own_text, "pdftotext", "-layout", f->pdf, "-", NULL), ==, 0);
      g_assert_cmpint (tool (&pango_text, "pdftotext", "-layout", pango_pdf, "-", NULL), ==, 0);
      if (!g_str_equal (own_text, pango_text))
        {
          g_auto (GStrv) own_lines = g_strsplit (own_text, "\n", -1);
          g_auto (GStrv) pango_lines = g_strsplit (pango_text, "\n", -1);
          guint i = 0;

          while (own_lines[i] != NULL && pango_lines[i] != NULL
                 && g_str_equal (own_lines[i], pango_lines[i]))
            i++;
          g_error ("%s: line %u is “%s”, Pango's “%s”", languages[l], i + 1,
                   own_lines[i] ? own_lines[i] : "", pango_lines[i] ? pango_lines[i] : "");
        }
      /* Every paragraph of the account is there. */
      {
        guint n = 0;

        for (const char *p = own_text; (p = strstr (p, "gate")) != NULL; p++)
          n++;
        g_assert_cmpuint (n, ==, 30);
      }
      own = pdf_pixels (f->pdf, f->dir, "own");
      pango = pdf_pixels (pango_pdf, f->dir, "pango");
      g_assert_cmpuint (own->len, ==, pdf_pages (f->pdf, NULL));
      g_assert_cmpuint (own->len, ==, pango->len);
      for (guint i = 0; i < own->len; i++)
        if (!g_bytes_equal (own->pdata[i], pango->pdata[i]))
          g_error ("%s: page %u differs from Pango's", languages[l], i + 1);
      g_assert_cmpint (g_unlink (pango_pdf), ==, 0);
      g_assert_cmpint (g_unlink (f->pdf), ==, 0);
    }
  diary_dir = shared;
}

static void
test_signature (Fixture *f, gconstpointer data)
{
  g_autofree char *pub = g_build_filename (f->dir, "daybook.pub", NULL);
  g_autofree char *sig = g_strconcat (f->pdf, ".minisig", NULL);
  g_autofree char *key = NULL;
  g_autofree char *out = NULL;
  g_autofree char *sig_text = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GBytes) pdf = NULL;

  g_assert_cmpint (cli (&key, &err, "pubkey", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (key, "untrusted comment: minisign public key "));
  g_assert_true (g_file_set_contents (pub, key, -1, NULL));

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->pdf, "--sign", NULL), ==, 0);
  g_assert_true (g_file_get_contents (sig, &sig_text, NULL, NULL));
  g_assert_nonnull (strstr (sig_text, "trusted comment: daybook-report:"));
  g_assert_nonnull (strstr (sig_text, " entries:7 "));
  g_assert_nonnull (strstr (sig_text, " fingerprint:"));

  g_assert_cmpint (tool (&out, "minisign", "-Vm", f->pdf, "-p", pub, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "daybook-report:"));

  pdf = daybook_test_read (f->pdf);
  daybook_test_flip_byte (f->pdf, (goffset)g_bytes_get_size (pdf) / 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (tool (&out, "minisign", "-Vm", f->pdf, "-p", pub, NULL), !=, 0);
}

static void
test_no_match (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (cli (NULL, &err, "report", "-o", f->pdf, "--type", "breach", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No entries match"));
  g_assert_false (g_file_test (f->pdf, G_FILE_TEST_EXISTS));
}

static void
test_overwrite (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autoptr (GDir) dir = NULL;
  guint n = 0;

  g_assert_true (g_file_set_contents (f->pdf, "not a report", -1, NULL));
  g_assert_cmpint (cli (NULL, &err, "report", "-o", f->pdf, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--force"));
  {
    g_autofree char *kept = NULL;

    g_assert_true (g_file_get_contents (f->pdf, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "not a report");
  }
  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->pdf, "--force", NULL), ==, 0);
  assert_qpdf_clean (f->pdf);

  /* No temporary file is left behind. */
  dir = g_dir_open (f->dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 1);
}

static void
test_usage (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (cli (NULL, NULL, "report", NULL), ==, 2);
  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->pdf, "--paper", "a3", NULL), ==, 2);
  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->pdf, "--type", "shouting", NULL), ==, 2);
  g_assert_cmpint (daybook_test_cli ("wrong passphrase\n", NULL, &err, "--diary", diary_dir,
                                     "--passphrase-fd", "0", "report", "-o", f->pdf, NULL),
                   ==, 3);
  g_assert_false (g_file_test (f->pdf, G_FILE_TEST_EXISTS));
}

/* The preview and printing draw the same pages onto any surface. */
static void
test_api_pages (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookReport) report = NULL;
  g_autoptr (GError) error = NULL;
  double width, height;

  query->include_private = FALSE;
  report = daybook_report_new (diary, query);
  daybook_report_prepare (report, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (daybook_report_get_n_incidents (report), ==, 7);
  daybook_report_get_page_size (report, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 595.2756, 0.01);

  for (guint i = 0; i < daybook_report_get_n_pages (report); i++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 298, 421);
      cairo_t *cr = cairo_create (surface);

      cairo_scale (cr, 0.5, 0.5);
      daybook_report_draw_page (report, cr, i);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }

  daybook_report_write_pdf (report, f->pdf, DAYBOOK_REPORT_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (f->pdf, NULL), ==, daybook_report_get_n_pages (report));

  /* Once written, the same name is refused. */
  daybook_report_write_pdf (report, f->pdf, DAYBOOK_REPORT_NONE, NULL, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS);
  g_assert_finalize_object (g_steal_pointer (&report));
}

/* The report reads every entry twice and lets the list forget them a
 * block at a time (daybook_incident_list_forget()): entries are then
 * loaded again, the same, and one still held is not taken away. */
static void
test_api_forget (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (GListModel) list = NULL;
  g_autoptr (DaybookIncident) held = NULL;
  g_autoptr (DaybookIncident) again = NULL;
  g_autoptr (GError) error = NULL;
  DaybookIncidentList *lazy;
  guint n;

  query->include_private = TRUE;
  list = daybook_diary_query (diary, query, &error);
  g_assert_no_error (error);
  g_assert_true (DAYBOOK_IS_INCIDENT_LIST (list));
  lazy = DAYBOOK_INCIDENT_LIST (list);
  n = g_list_model_get_n_items (list);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (entries));
  g_assert_cmpuint (daybook_incident_list_get_n_loaded (lazy), ==, 0);

  held = g_list_model_get_item (list, 2);
  g_assert_cmpuint (daybook_incident_list_get_n_loaded (lazy), ==, n);
  daybook_incident_list_forget (lazy);
  g_assert_cmpuint (daybook_incident_list_get_n_loaded (lazy), ==, 0);
  g_assert_nonnull (daybook_incident_get_title (held));

  again = g_list_model_get_item (list, 2);
  g_assert_cmpuint (daybook_incident_list_get_n_loaded (lazy), ==, n);
  g_assert_true (again != held);
  g_assert_cmpint (daybook_incident_get_number (again), ==, daybook_incident_get_number (held));
  g_assert_cmpstr (daybook_incident_get_title (again), ==, daybook_incident_get_title (held));
}

/* Draws page @page of @report on a small image: its pixels. */
static GBytes *
page_pixels (DaybookReport *report, guint page)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 298, 421);
  cairo_t *cr = cairo_create (surface);
  GBytes *pixels;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 0.5, 0.5);
  daybook_report_draw_page (report, cr, page);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize)cairo_image_surface_get_stride (surface) * 421);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return pixels;
}

/* A block's layout is let go once its last line is placed, and a table of
 * more than 256 KiB is a block per row. A preview draws pages in any order:
 * a page drawn after the one that follows it must still find every line
 * of the entry the two share, and look as it does drawn in order. */
static void
test_api_pages_any_order (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = daybook_test_copy_template ();
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (DaybookIncident) incident = daybook_incident_new ();
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookReport) report = NULL;
  g_autoptr (GPtrArray) in_order = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GString) narrative = g_string_new (NULL);
  g_autoptr (GString) impact = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  DaybookWhen when = { 0 };
  guint n;

  /* Paragraphs of about a third of a page, so pages end inside them. */
  for (guint i = 0; i < 30; i++)
    {
      for (guint j = 0; j < 12; j++)
        g_string_append_printf (narrative, "Paragraph %u, sentence %u of the account. ", i, j);
      g_string_append_c (narrative, '\n');
    }
  while (impact->len < 300 * 1024)
    g_string_append (impact, "I no longer go out after dark and check the locks every night. ");
  daybook_when_parse ("2026-03-01T10:00", london, &when, NULL, &error);
  g_assert_no_error (error);
  daybook_incident_set_start (incident, &when);
  daybook_when_clear (&when);
  daybook_incident_set_title (incident, "A long account");
  daybook_incident_set_narrative (incident, narrative->str);
  daybook_incident_set_impact (incident, impact->str);
  daybook_diary_save_incident (diary, incident, &error);
  g_assert_no_error (error);

  report = daybook_report_new (diary, query);
  daybook_report_prepare (report, NULL, &error);
  g_assert_no_error (error);
  n = daybook_report_get_n_pages (report);
  g_assert_cmpuint (n, >, 20);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (in_order, page_pixels (report, i));
  /* Backwards, each page after the one that follows it. */
  for (guint i = n - 1; i >= 2; i--)
    {
      g_autoptr (GBytes) later = page_pixels (report, i);
      g_autoptr (GBytes) earlier = page_pixels (report, i - 1);

      g_assert_true (g_bytes_equal (later, in_order->pdata[i]));
      g_assert_true (g_bytes_equal (earlier, in_order->pdata[i - 1]));
    }
  g_clear_object (&report);
  daybook_diary_close (diary);
  daybook_test_rm_copy (dir);
}

static void
store_result_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* The window prepares and writes in a thread, and can cancel. */
static void
test_api_async (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookReport) report = daybook_report_new (diary, query);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) prepared = NULL;
  g_autoptr (GAsyncResult) cancelled = NULL;
  g_autoptr (GAsyncResult) written = NULL;
  g_autoptr (GError) error = NULL;

  daybook_report_prepare_async (report, NULL, store_result_cb, &prepared);
  g_assert_true (daybook_report_prepare_finish (report, wait_for (&prepared), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (daybook_report_get_n_incidents (report), ==, 8);

  g_cancellable_cancel (cancellable);
  daybook_report_write_pdf_async (report, f->pdf, DAYBOOK_REPORT_NONE, cancellable, store_result_cb,
                                  &cancelled);
  g_assert_false (daybook_report_write_pdf_finish (report, wait_for (&cancelled), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (g_file_test (f->pdf, G_FILE_TEST_EXISTS));

  daybook_report_write_pdf_async (report, f->pdf, DAYBOOK_REPORT_SIGN, NULL, store_result_cb,
                                  &written);
  g_assert_true (daybook_report_write_pdf_finish (report, wait_for (&written), &error));
  g_assert_no_error (error);
  assert_qpdf_clean (f->pdf);
}

/* A stand-in for the attachments code: two exhibits, one an image. */
typedef struct
{
  DaybookExhibitProvider parent;
  GArray *entries;
} FakeProvider;

#define SHA_1 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define SHA_2 "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"

static cairo_status_t
append_png_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 160, 120);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.8, 0.3, 0.2);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_png_cb, png);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static DaybookExhibit *
fake_exhibit (FakeProvider *fake, guint i)
{
  DaybookExhibit *exhibit = g_new0 (DaybookExhibit, 1);
  gint64 first = g_array_index (fake->entries, gint64, 0);
  gint64 third = g_array_index (fake->entries, gint64, 2);

  exhibit->mark = g_strdup_printf ("TD/%u", i + 1);
  exhibit->description = g_strdup (i == 0 ? "Photo of the car outside" : "Screenshot of messages");
  exhibit->filename = g_strdup (i == 0 ? "IMG_0001.png" : "messages.pdf");
  exhibit->media_type = g_strdup (i == 0 ? "image/png" : "application/pdf");
  exhibit->size = 123456;
  exhibit->created_at = 1774735200;
  exhibit->added_at = 1774821600;
  exhibit->sha256 = g_strdup (i == 0 ? SHA_1 : SHA_2);
  exhibit->entries = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (exhibit->entries, first);
  if (i == 1)
    g_array_append_val (exhibit->entries, third);
  if (i == 0)
    exhibit->thumbnail = make_png ();
  return exhibit;
}

static gboolean
fake_select (DaybookExhibitProvider *self, const gint64 *numbers, guint n, GError **error)
{
  FakeProvider *fake = (FakeProvider *)self;

  g_array_append_vals (fake->entries, numbers, n);
  return TRUE;
}

static guint
fake_get_n_exhibits (DaybookExhibitProvider *self)
{
  return 2;
}

static DaybookExhibit *
fake_get_exhibit (DaybookExhibitProvider *self, guint i)
{
  return fake_exhibit ((FakeProvider *)self, i);
}

static GPtrArray *
fake_list_for_entry (DaybookExhibitProvider *self, gint64 number)
{
  FakeProvider *fake = (FakeProvider *)self;
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_exhibit_free);

  if (number == g_array_index (fake->entries, gint64, 0))
    {
      g_ptr_array_add (list, fake_exhibit (fake, 0));
      g_ptr_array_add (list, fake_exhibit (fake, 1));
    }
  else if (number == g_array_index (fake->entries, gint64, 2))
    g_ptr_array_add (list, fake_exhibit (fake, 1));
  return list;
}

static void
fake_free (DaybookExhibitProvider *self)
{
  g_array_unref (((FakeProvider *)self)->entries);
  g_free (self);
}

/* Exhibits plug in through a provider: the schedule, the marks in the
 * timeline, the thumbnails and the counts follow. */
static void
test_api_exhibits (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  FakeProvider *fake = g_new0 (FakeProvider, 1);
  const char *schedule;

  fake->parent.select = fake_select;
  fake->parent.get_n_exhibits = fake_get_n_exhibits;
  fake->parent.get_exhibit = fake_get_exhibit;
  fake->parent.list_for_entry = fake_list_for_entry;
  fake->parent.free = fake_free;
  fake->entries = g_array_new (FALSE, FALSE, sizeof (gint64));

  query->include_private = FALSE;
  report = daybook_report_new (diary, query);
  daybook_report_set_exhibit_provider (report, &fake->parent);
  daybook_report_prepare (report, NULL, &error);
  g_assert_no_error (error);
  daybook_report_write_pdf (report, f->pdf, DAYBOOK_REPORT_NONE, NULL, &error);
  g_assert_no_error (error);
  assert_qpdf_clean (f->pdf);

  text = pdf_text (f->pdf, 0);
  g_assert_nonnull (strstr (text, "TD/1, TD/2"));
  schedule = strstr (text, "Exhibit schedule");
  g_assert_nonnull (schedule);
  g_assert_nonnull (strstr (schedule, "Exhibit TD/1 — Photo of the car outside"));
  g_assert_nonnull (strstr (schedule, "IMG_0001.png"));
  g_assert_nonnull (strstr (schedule, SHA_1));
  g_assert_nonnull (strstr (schedule, SHA_2));
  g_assert_nonnull (strstr (schedule, "sha256sum FILE"));
}

/* Killed while the PDF is being written: nothing is left in the folder,
 * not even a hidden temporary file holding part of the report. */
static void
test_sigkill (Fixture *f, gconstpointer data)
{
  g_autofree char *input = g_build_filename (f->dir, "stdin", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "out", NULL);
  g_autofree char *pdf = g_build_filename (folder, "report.pdf", NULL);

  g_assert_true (g_file_set_contents (input, PASS_INPUT, -1, NULL));
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (int tries = 0; tries < 20; tries++)
    {
      g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
          G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr (GSubprocess) proc = NULL;
      g_autoptr (GError) error = NULL;

      g_subprocess_launcher_set_stdin_file_path (launcher, input);
      proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DAYBOOK_CLI"), "--diary",
                                          diary_dir, "--passphrase-fd", "0", "report", "--force",
                                          "-o", pdf, NULL);
      g_assert_no_error (error);
      if (daybook_test_kill_while_writing (proc, folder, 1))
        {
          g_assert_cmpuint (daybook_test_count_entries (folder), ==, 0);
          return;
        }
      /* It finished first: the report, and nothing else. */
      g_assert_cmpuint (daybook_test_count_entries (folder), ==, 1);
      g_assert_cmpint (g_unlink (pdf), ==, 0);
    }
  g_error ("Twenty reports finished before they could be killed");
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fill_diary ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/report/cli/chronological", test_chronological);
  ADD ("/report/cli/private", test_private);
  ADD ("/report/cli/filters", test_filters);
  ADD ("/report/cli/scripts", test_scripts);
  ADD ("/report/cli/letter", test_letter);
  ADD ("/report/cli/deterministic", test_deterministic);
  ADD ("/report/cli/measurers", test_measurers);
  ADD ("/report/cli/own-lines", test_own_lines);
  ADD ("/report/cli/signature", test_signature);
  ADD ("/report/cli/no-match", test_no_match);
  ADD ("/report/cli/overwrite", test_overwrite);
  ADD ("/report/cli/sigkill", test_sigkill);
  ADD ("/report/cli/usage", test_usage);
  ADD ("/report/api/pages", test_api_pages);
  ADD ("/report/api/forget", test_api_forget);
  ADD ("/report/api/pages-any-order", test_api_pages_any_order);
  ADD ("/report/api/exhibits", test_api_exhibits);
  ADD ("/report/api/async", test_api_async);
#undef ADD

  status = g_test_run ();
  {
    daybook_test_rm_copy (diary_dir);
    g_free (diary_dir);
  }
  return status;
}
