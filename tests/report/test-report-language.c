/* test-report-language.c — the report in the court's language
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports in Welsh, Arabic and Polish made by a process that runs in
 * English, read back with pdftotext. The expected headings and month and
 * weekday names come from po/LANG.po (tests/daybook-test-po.c), never from
 * the program under test; a heading the translator has not translated yet
 * fails the test rather than passing in English.
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "daybook-i18n.h"
#include "daybook-report.h"
#include "daybook-test-po.h"
#include "daybook-test-util.h"

#define PASS_INPUT TEST_PASSPHRASE "\n"
/* 2026-03-05 21:40 UTC, a Thursday: the report's "generated" date. */
#define EPOCH "1772746800"

static char *work_dir;
static char *diary_dir;

/* Headings every report has (its cover and summary). */
static const char *const headings[] = {
  "Incident diary: a timeline of events",
  "What this report includes",
  "How Daybook records",
  "Identifying this report",
};

#define ARABIC_TITLE "رسالة تهديد عند الباب"
#define POLISH_TITLE "Zażółć gęślą jaźń pod domem"

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
  g_autofree char *program = g_find_program_in_path (first);

  if (program == NULL)
    g_error ("%s is not installed (Debian: poppler-utils); the report cannot be read back", first);
  g_spawn_sync (NULL, (char **)args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, &err,
                &status, &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

/* The words of @text with runs of white space as one space, and the
 * direction marks pdftotext adds around right-to-left runs and all
 * punctuation taken out: a heading broken over two lines is still found,
 * and so is an Arabic one whose colon pdftotext puts on the other side of
 * the space (it writes neutral characters in visual order) or whose marks
 * (shadda, vowels) it puts before their letter. */
static char *
words (const char *text)
{
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x202A && c <= 0x202E) || c == 0x200E || c == 0x200F || (c >= 0x2066 && c <= 0x2069)
          || g_unichar_ispunct (c) || g_unichar_ismark (c))
        continue;
      if (g_unichar_isspace (c))
        {
          space = s->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (s, ' ');
      space = FALSE;
      g_string_append_unichar (s, c);
    }
  return g_string_free (s, FALSE);
}

static char *
pdf_words (const char *pdf)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (tool (&out, "pdftotext", pdf, "-", NULL), ==, 0);
  return words (out);
}

static int
cli (const char *language, char **out, char **err, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  va_list ap;
  int status;

  g_ptr_array_add (argv, (gpointer) "--diary");
  g_ptr_array_add (argv, diary_dir);
  g_ptr_array_add (argv, (gpointer) "--passphrase-fd");
  g_ptr_array_add (argv, (gpointer) "0");
  va_start (ap, err);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_setenv ("LANGUAGE", language, TRUE);
  status = daybook_test_cli_argv (PASS_INPUT, out, err, (const char *const *)argv->pdata);
  g_unsetenv ("LANGUAGE");
  return status;
}

static void
make_diary (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "--diary",
                         NULL,
                         "--passphrase-fd",
                         "0",
                         "--weak-passphrase",
                         "demo",
                         "--incidents",
                         "6",
                         "--attachments",
                         "0",
                         "--seed",
                         "7",
                         NULL };

  work_dir = daybook_test_make_tmpdir ();
  diary_dir = g_build_filename (work_dir, "diary", NULL);
  argv[1] = diary_dir;
  g_assert_cmpint (daybook_test_cli_argv (PASS_INPUT PASS_INPUT, &out, &err, argv), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli ("en", &out, &err, "add", "--when", "2026-02-10T08:15", "--title",
                        ARABIC_TITLE, "--text", "كتب لي: سأنتظرك. Then in English: see you.",
                        "--type", "threat", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli ("en", &out, &err, "add", "--when", "2026-02-11T09:00", "--title",
                        POLISH_TITLE, "--text", "Napisał: widzę cię.", "--type", "contact", NULL),
                   ==, 0);
}

static char *
write_report (const char *process_language, const char *report_language, char **out)
{
  g_autofree char *name = g_strdup_printf ("report-%s.pdf", report_language);
  char *pdf = g_build_filename (work_dir, name, NULL);
  g_autofree char *err = NULL;

  g_setenv ("SOURCE_DATE_EPOCH", EPOCH, TRUE);
  if (cli (process_language, out, &err, "report", "--language", report_language, "-o", pdf,
           "--force", NULL)
      != 0)
    g_error ("report --language %s: %s", report_language, err);
  g_unsetenv ("SOURCE_DATE_EPOCH");
  return pdf;
}

static void
assert_has (const char *text, const char *what, const char *language)
{
  g_autofree char *w = words (what);
  g_auto (GStrv) each = NULL;
  guint checked = 0;

  if (strstr (text, w) != NULL)
    return;
  if (strcmp (language, "ar") != 0)
    g_error ("the %s report does not contain “%s”", language, w);
  /* pdftotext cannot give back Arabic's lam-alef ligatures (one glyph for
   * two letters): it splits the word and moves half of it. An Arabic
   * heading is then found word by word, leaving out words with one. */
  each = g_strsplit (w, " ", -1);
  for (guint i = 0; each[i] != NULL; i++)
    {
      if (strstr (each[i], "ل\u0627") || strstr (each[i], "ل\u0623") || strstr (each[i], "ل\u0625")
          || strstr (each[i], "ل\u0622"))
        continue;
      if (strstr (text, each[i]) == NULL)
        g_error ("the %s report does not contain “%s” (of “%s”)", language, each[i], w);
      checked++;
    }
  if (checked == 0)
    g_error ("“%s”: every word has a lam-alef; pick another heading to test", w);
}

/* The report's headings and its date in @language, taken from the .po. */
static void
assert_in_language (const char *text, const char *language)
{
  g_autoptr (GPtrArray) po = daybook_test_po_read (language);
  const char *weekday = daybook_test_po_translation (po, "abbreviated weekday", "Thu");
  const char *month = daybook_test_po_translation (po, "abbreviated month", "Mar");

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      const char *t = daybook_test_po_translation (po, NULL, headings[i]);

      if (t == NULL)
        g_error ("po/%s.po does not translate “%s” yet", language, headings[i]);
      assert_has (text, t, language);
      if (strcmp (t, headings[i]) != 0)
        g_assert_null (strstr (text, headings[i]));
    }
  /* "Generated Thu 5 Mar 2026, 21:40 UTC", in the catalogue's words. */
  if (weekday == NULL || month == NULL)
    g_error ("po/%s.po does not translate Thu and Mar yet", language);
  assert_has (text, weekday, language);
  assert_has (text, month, language);
  g_assert_null (strstr (text, "Thu 5 Mar 2026"));
}

/* Where on page @page the first word of @word is: its left and right edges
 * as a share of the page's width (pdftotext -bbox); FALSE if it is not there. */
static gboolean
word_position_on (const char *pdf, guint page, const char *word, double *left, double *right)
{
  g_autofree char *out = NULL;
  g_autofree char *needle = g_strdup_printf (">%s</word>", word);
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *hit, *start;
  double page_width, x_min, x_max;

  g_assert_cmpint (tool (&out, "pdftotext", "-f", number, "-l", number, "-bbox", pdf, "-", NULL),
                   ==, 0);
  start = strstr (out, "<page width=\"");
  g_assert_nonnull (start);
  page_width = g_ascii_strtod (start + strlen ("<page width=\""), NULL);
  hit = strstr (out, needle);
  if (hit == NULL)
    return FALSE;
  start = g_strrstr_len (out, hit - out, "<word xMin=\"");
  g_assert_nonnull (start);
  x_min = g_ascii_strtod (start + strlen ("<word xMin=\""), NULL);
  start = strstr (start, "xMax=\"");
  x_max = g_ascii_strtod (start + strlen ("xMax=\""), NULL);
  *left = x_min / page_width;
  *right = x_max / page_width;
  return TRUE;
}

static void
word_position (const char *pdf, const char *word, double *left, double *right)
{
  if (!word_position_on (pdf, 1, word, left, right))
    g_error ("“%s” is not a word on page 1 of %s", word, pdf);
}

static void
test_welsh (void)
{
  g_autofree char *out = NULL;
  g_autofree char *pdf = write_report ("en", "cy", &out);
  g_autofree char *text = pdf_words (pdf);
  g_autoptr (GPtrArray) po = daybook_test_po_read ("cy");

  assert_in_language (text, "cy");
  /* A month standing alone (the timeline's month headings) and after a day. */
  assert_has (text, daybook_test_po_translation (po, "month standing alone", "February"), "cy");
  /* The entries' own words are quoted as written. */
  assert_has (text, POLISH_TITLE, "cy");
  assert_has (text, ARABIC_TITLE, "cy");
}

static void
test_arabic (void)
{
  g_autofree char *out = NULL;
  g_autofree char *pdf = write_report ("en", "ar", &out);
  g_autofree char *text = pdf_words (pdf);
  double left, right;

  assert_in_language (text, "ar");
  assert_has (text, POLISH_TITLE, "ar");
  /* Right to left, the page header is mirrored: the references (the demo's
   * crime reference), at the right of an English page, are at the left.
   * (pdftotext -bbox gives Arabic letter by letter, so a Latin word is the
   * one to find.) */
  word_position (pdf, "DEMO/12345/26", &left, &right);
  g_test_message ("ar: the header's references span %.2f–%.2f of the page", left, right);
  g_assert_cmpfloat (left, <, 0.2);
  {
    g_autofree char *en_out = NULL;
    g_autofree char *en = write_report ("en", "en", &en_out);

    word_position (en, "DEMO/12345/26", &left, &right);
    g_assert_cmpfloat (right, >, 0.8);
  }
}

/* An English report quoting an Arabic entry shows it right to left in
 * place, the Arabic words in their order. */
static void
test_english_quotes_arabic (void)
{
  g_autofree char *out = NULL;
  g_autofree char *pdf = write_report ("cy", "en", &out);
  g_autofree char *text = pdf_words (pdf);

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    assert_has (text, headings[i], "en");
  assert_has (text, ARABIC_TITLE, "en");
  assert_has (text, POLISH_TITLE, "en");
  assert_has (text, "Thu 5 Mar 2026", "en");
}

/* A Polish report made by a process that runs in English: the report is
 * Polish, the process's own messages stay English, through the API in this
 * very process and through the CLI. */
static void
test_polish_from_english (void)
{
  g_autoptr (GPtrArray) po = daybook_test_po_read ("pl");
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookReport) report = daybook_report_new (diary, query);
  g_autoptr (DaybookReport) other = daybook_report_new (diary, query);
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = g_build_filename (work_dir, "api-pl.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *cli_out = NULL;
  g_autofree char *cli_pdf = NULL;
  const char *nothing = "No entries match the selection, so there is nothing to report.";

  g_assert_cmpstr (daybook_language_from_environment (), ==, "en");
  g_assert_true (daybook_report_set_language (report, "pl", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_report_get_language (report), ==, "pl");
  g_setenv ("SOURCE_DATE_EPOCH", EPOCH, TRUE);
  g_assert_true (daybook_report_prepare (report, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (daybook_report_write_pdf (report, pdf, DAYBOOK_REPORT_FORCE, NULL, &error));
  g_assert_no_error (error);
  g_unsetenv ("SOURCE_DATE_EPOCH");
  text = pdf_words (pdf);
  assert_in_language (text, "pl");

  /* This process still speaks English, after and beside the Polish report. */
  g_assert_null (daybook_i18n_get_thread_catalog ());
  g_assert_cmpstr (_ (nothing), ==, nothing);
  g_assert_false (daybook_report_set_language (other, "xx", &error));
  g_assert_nonnull (strstr (error->message, "is not a language of the report"));
  g_clear_error (&error);
  /* An error from the Polish report's prepare() is said in the user's language. */
  {
    g_autoptr (DaybookQuery) none = daybook_query_new ();
    g_autoptr (DaybookReport) empty = NULL;

    none->from = G_GINT64_CONSTANT (4070908800); /* 2099 */
    empty = daybook_report_new (diary, none);
    g_assert_true (daybook_report_set_language (empty, "pl", NULL));
    g_assert_false (daybook_report_prepare (empty, NULL, &error));
    g_assert_cmpstr (error->message, ==, nothing);
  }
  daybook_diary_close (diary);

  /* The CLI: a Polish PDF, English words on the terminal. */
  cli_pdf = write_report ("en", "pl", &cli_out);
  g_clear_pointer (&text, g_free);
  text = pdf_words (cli_pdf);
  assert_in_language (text, "pl");
  g_assert_nonnull (strstr (cli_out, "Fingerprint"));
}

/* The text of page @page of @pdf, its words as words() gives them. */
static char *
page_words (const char *pdf, guint page)
{
  g_autofree char *out = NULL;
  g_autofree char *number = g_strdup_printf ("%u", page);

  g_assert_cmpint (tool (&out, "pdftotext", "-f", number, "-l", number, pdf, "-", NULL), ==, 0);
  return words (out);
}

/* The cover is one page in every language: page 2 is the summary's first,
 * and the cover's last sentence is on page 1. Welsh, Polish and Arabic ran
 * onto a second page ("Cover (continued)") before. Letter paper is shorter
 * than A4, and a signed report's cover has one more row. */
static void
test_cover_one_page (void)
{
  static const char *const languages[] = { "en", "cy", "pl", "ar" };
  static const char *const papers[] = { "a4", "letter" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    for (guint p = 0; p < G_N_ELEMENTS (papers); p++)
      {
        g_autoptr (GPtrArray) po
            = strcmp (languages[i], "en") == 0 ? NULL : daybook_test_po_read (languages[i]);
        const char *summary
            = strcmp (languages[i], "en") == 0
                  ? "Summary: the course of conduct"
                  : daybook_test_po_translation (po, NULL, "Summary: the course of conduct");
        const char *last = strcmp (languages[i], "en") == 0
                               ? "Identifying this report"
                               : daybook_test_po_translation (po, NULL, "Identifying this report");
        g_autofree char *name = g_strdup_printf ("cover-%s-%s.pdf", languages[i], papers[p]);
        g_autofree char *pdf = g_build_filename (work_dir, name, NULL);
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        g_autofree char *first = NULL;
        g_autofree char *second = NULL;

        g_assert_nonnull (summary);
        g_assert_nonnull (last);
        g_setenv ("SOURCE_DATE_EPOCH", EPOCH, TRUE);
        if (cli ("en", &out, &err, "report", "--language", languages[i], "--paper", papers[p],
                 "--sign", "-o", pdf, "--force", NULL)
            != 0)
          g_error ("report --language %s --paper %s: %s", languages[i], papers[p], err);
        g_unsetenv ("SOURCE_DATE_EPOCH");
        first = page_words (pdf, 1);
        second = page_words (pdf, 2);
        g_test_message ("%s, %s: page 2 begins “%.60s”", languages[i], papers[p], second);
        assert_has (first, last, languages[i]);
        assert_has (second, summary, languages[i]);
      }
}

/* A diary over twelve years: the summary's chart has a bar a year, its
 * labels the years themselves, which pdftotext gives as words in any
 * language. */
static char *
make_years_diary (void)
{
  char *dir = g_build_filename (work_dir, "years", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *init[]
      = { "--diary", dir, "--passphrase-fd", "0", "--weak-passphrase", "init", NULL };
  static const char *const whens[] = { "2015-03-01T10:00", "2020-06-01T10:00", "2026-02-01T10:00" };

  g_assert_cmpint (daybook_test_cli_argv (PASS_INPUT PASS_INPUT, &out, &err, init), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (whens); i++)
    {
      const char *add[] = { "--diary", dir,       "--passphrase-fd", "0",      "add",     "--when",
                            whens[i],  "--title", "Waiting outside", "--type", "contact", NULL };

      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (daybook_test_cli_argv (PASS_INPUT, &out, &err, add), ==, 0);
    }
  return dir;
}

/* In an Arabic report the chart's time runs right to left: the earliest
 * year at the right, the latest at the left; in English the reverse. */
static void
test_chart_mirrored (void)
{
  g_autofree char *dir = make_years_diary ();
  static const char *const languages[] = { "en", "ar" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *name = g_strdup_printf ("years-%s.pdf", languages[i]);
      g_autofree char *pdf = g_build_filename (work_dir, name, NULL);
      const char *argv[]
          = { "--diary", dir, "--passphrase-fd", "0", "report", "--language", languages[i],
              "-o",      pdf, "--force",         NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      double first_left = 0, first_right, last_left = 0, last_right;
      guint page;

      g_assert_cmpint (daybook_test_cli_argv (PASS_INPUT, &out, &err, argv), ==, 0);
      /* 2017 and 2023 hold no entry: only the chart names them. */
      for (page = 2; page <= 4; page++)
        if (word_position_on (pdf, page, "2017", &first_left, &first_right))
          break;
      if (page > 4)
        g_error ("the %s report's chart has no label 2017 on pages 2–4", languages[i]);
      if (!word_position_on (pdf, page, "2023", &last_left, &last_right))
        g_error ("the %s report's chart has 2017 but not 2023 on page %u", languages[i], page);
      g_test_message ("%s: 2017 at %.2f, 2023 at %.2f of the page", languages[i], first_left,
                      last_left);
      if (strcmp (languages[i], "ar") == 0)
        g_assert_cmpfloat (first_left, >, last_right);
      else
        g_assert_cmpfloat (first_right, <, last_left);
    }
  daybook_test_rm_rf (dir);
}

/* A statement draft in Polish, made by a process running in English: the
 * draft's words and dates from po/pl.po, the terminal's still English. */
static void
test_statement_polish (void)
{
  g_autoptr (GPtrArray) po = daybook_test_po_read ("pl");
  const char *title = daybook_test_po_translation (po, NULL, "Statement draft");
  const char *month = daybook_test_po_translation (po, "abbreviated month", "Feb");
  g_autofree char *odt = g_build_filename (work_dir, "draft-pl.odt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *content = NULL;
  g_autofree char *styles = NULL;
  g_autofree char *when = NULL;

  g_assert_nonnull (title);
  g_assert_nonnull (month);
  g_assert_cmpint (cli ("en", &out, &err, "statement", "--language", "pl", "-o", odt, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Wrote"));
  g_assert_cmpint (tool (&content, "unzip", "-p", odt, "content.xml", NULL), ==, 0);
  g_assert_cmpint (tool (&styles, "unzip", "-p", odt, "styles.xml", NULL), ==, 0);
  g_assert_nonnull (strstr (content, title));
  g_assert_null (strstr (content, ">Statement draft<"));
  /* The Polish entry of 11 February, dated in Polish words. */
  when = g_strdup_printf ("11 %s 2026", month);
  g_assert_nonnull (strstr (content, when));
  g_assert_null (strstr (content, "11 Feb 2026"));
  g_assert_nonnull (strstr (content, "Napisał: widzę cię."));
  g_assert_nonnull (strstr (styles, "fo:language=\"pl\""));

  /* An unknown language is refused before anything is written. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (
      cli ("en", &out, &err, "statement", "--language", "xx", "-o", odt, "--force", NULL), ==, 2);
}

/* The key's hand-over sheet in Welsh and in Arabic from an English process:
 * its heading in the catalogue's words; the Arabic sheet mirrored (the
 * Latin key id, beside its label at the right, ends right of the middle
 * but starts at the left of the value column, as in the report's tables). */
static void
test_key_sheet_language (void)
{
  static const char *const languages[] = { "cy", "ar" };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autoptr (GPtrArray) po = daybook_test_po_read (languages[i]);
      const char *heading
          = daybook_test_po_translation (po, NULL, "Daybook report key: hand-over sheet");
      const char *checking = daybook_test_po_translation (po, NULL, "Checking a report");
      g_autofree char *name = g_strdup_printf ("key-%s.pdf", languages[i]);
      g_autofree char *pdf = g_build_filename (work_dir, name, NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *text = NULL;
      g_autofree char *key_id = NULL;
      double en_left, en_right, left, right;

      g_assert_nonnull (heading);
      g_assert_nonnull (checking);
      if (cli ("en", &out, &err, "pubkey", "--handover", "--language", languages[i], "-o", pdf,
               "--force", NULL)
          != 0)
        g_error ("pubkey --handover --language %s: %s", languages[i], err);
      /* The terminal keeps the process's English. */
      g_assert_nonnull (strstr (out, "Wrote the hand-over sheet"));
      text = pdf_words (pdf);
      assert_has (text, heading, languages[i]);
      assert_has (text, checking, languages[i]);
      g_assert_null (strstr (text, "Checking a report"));
      /* "… (key id 0123456789ABCDEF). Give both …" */
      key_id = g_strndup (strstr (out, "(key id ") + strlen ("(key id "), 16);
      word_position (pdf, key_id, &left, &right);
      g_test_message ("%s: the key id spans %.2f–%.2f of the page", languages[i], left, right);
      if (strcmp (languages[i], "ar") == 0)
        {
          g_autofree char *en = g_build_filename (work_dir, "key-en.pdf", NULL);

          g_clear_pointer (&out, g_free);
          g_clear_pointer (&err, g_free);
          g_assert_cmpint (cli ("en", &out, &err, "pubkey", "--handover", "--language", "en", "-o",
                                en, "--force", NULL),
                           ==, 0);
          word_position (en, key_id, &en_left, &en_right);
          /* English: right of its label at the left; Arabic: left of it at the right. */
          g_assert_cmpfloat (en_left, >, 0.25);
          g_assert_cmpfloat (right, <, 0.75);
          g_assert_cmpfloat (right, >, en_right);
        }
    }
}

/* Why a line was left out of an import reaches the user in her language:
 * the helper (which has no catalogue) sends a code, and the CLI says the
 * sentence under LANGUAGE=pl. */
static void
test_import_skip_polish (void)
{
  g_autoptr (GPtrArray) po = daybook_test_po_read ("pl");
  const char *sentence
      = daybook_test_po_translation (po, NULL, "a <call> of type %s, not one Daybook knows");
  g_autofree char *calls = g_test_build_filename (G_TEST_DIST, "data", "import", "calls.xml", NULL);
  g_autofree char *dir = g_build_filename (work_dir, "skips", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *init[]
      = { "--diary", dir, "--passphrase-fd", "0", "--weak-passphrase", "init", NULL };
  char *saved = diary_dir;

  g_assert_nonnull (sentence);
  g_assert_nonnull (strstr (sentence, "%s"));
  {
    const char *at = strstr (sentence, "%s");

    expected = g_strdup_printf ("%.*s7%s", (int)(at - sentence), sentence, at + 2);
  }
  g_assert_cmpint (daybook_test_cli_argv (PASS_INPUT PASS_INPUT, &out, &err, init), ==, 0);
  diary_dir = dir;
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli ("pl", &out, &err, "import", "--time-zone", "Europe/London", calls, NULL),
                   ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "skipped 1\n"));
  g_assert_nonnull (strstr (out, expected));
  g_assert_null (strstr (out, "not one Daybook knows"));
  diary_dir = saved;
  daybook_test_rm_rf (dir);
}

/* An exhibit's size is written in the report's language, not in the
 * process's (it came from GLib's own catalogue, in English, before):
 * 2156 bytes are "2,2 kB (2156 bajtów)" in Polish, in Arabic words. */
static void
test_exhibit_size (void)
{
  g_autofree char *file = g_build_filename (work_dir, "photo.bin", NULL);
  g_autofree char *data = g_malloc0 (2156);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pl = NULL;
  g_autofree char *ar = NULL;
  g_autofree char *en = NULL;
  g_autofree char *pdf = NULL;

  g_assert_true (g_file_set_contents (file, data, 2156, NULL));
  g_assert_cmpint (cli ("en", &out, &err, "attach", "1", file, NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  pdf = write_report ("en", "pl", &out);
  g_assert_cmpint (tool (&pl, "pdftotext", pdf, "-", NULL), ==, 0);
  g_assert_nonnull (strstr (pl, "2,2 kB (2156 bajtów)"));
  g_assert_null (strstr (pl, "bytes"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&pdf, g_free);

  pdf = write_report ("pl", "ar", &out);
  g_assert_cmpint (tool (&ar, "pdftotext", pdf, "-", NULL), ==, 0);
  g_assert_nonnull (strstr (ar, "كيلوبايت"));
  g_assert_nonnull (strstr (ar, "2156"));
  g_assert_null (strstr (ar, "bytes"));
  g_assert_null (strstr (ar, "bajt"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&pdf, g_free);

  pdf = write_report ("pl", "en", &out);
  g_assert_cmpint (tool (&en, "pdftotext", pdf, "-", NULL), ==, 0);
  g_assert_nonnull (strstr (en, "2.2 kB (2156 bytes)"));
}

/* The victim's own words after the report's in one field keep their own
 * direction: in an Arabic report, "Alarm or distress." in Arabic and then
 * an English sentence, whose full stop stays at its end (it was drawn at
 * the left, before its first word, when the field was one right-to-left
 * run). */
static void
test_impact_direction (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *boxes = NULL;
  g_autofree char *pdf = NULL;

  g_assert_cmpint (cli ("en", &out, &err, "add", "--when", "2026-02-12T19:30", "--title",
                        "Parked outside the gym", "--text", "He waited in his car.", "--distress",
                        "--impact", "I have stopped going out in the evenings.", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  pdf = write_report ("en", "ar", &out);
  g_assert_cmpint (tool (&boxes, "pdftotext", "-bbox", pdf, "-", NULL), ==, 0);
  g_assert_nonnull (strstr (boxes, ">evenings.</word>"));
  g_assert_null (strstr (boxes, ">.I</word>"));
}

/* The left edge of the first word @word in @pdf, in points (pdftotext -bbox). */
static double
word_left (const char *pdf, const char *word)
{
  g_autofree char *out = NULL;
  g_autofree char *needle = g_strdup_printf (">%s</word>", word);
  const char *hit, *start;

  g_assert_cmpint (tool (&out, "pdftotext", "-bbox", pdf, "-", NULL), ==, 0);
  hit = strstr (out, needle);
  if (hit == NULL)
    g_error ("“%s” is not in the report", word);
  start = g_strrstr_len (out, hit - out, "<word xMin=\"");
  g_assert_nonnull (start);
  return g_ascii_strtod (start + strlen ("<word xMin=\""), NULL);
}

/* Table values are isolated only where it can matter: one with an Arabic
 * letter still is in an English report (first strong letter Arabic: the
 * value reads right to left, so "Leeds" ends up left of the street's
 * number; without the isolate it would follow them at the right), while a
 * wholly left-to-right one is shaped without the isolate's extra runs and
 * reads as before. */
static void
test_table_isolates (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pdf = NULL;

  g_assert_cmpint (cli ("en", &out, &err, "add", "--when", "2026-02-14T10:00", "--title",
                        "Waiting at the corner", "--text", "He stood there an hour.", "--location",
                        "شارع 417, Leeds", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli ("en", &out, &err, "add", "--when", "2026-02-15T10:00", "--title",
                        "Outside the library", "--text", "He followed me in.", "--location",
                        "Quarry Hill, York", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  pdf = write_report ("en", "en", &out);
  g_assert_cmpfloat (word_left (pdf, "Leeds"), <, word_left (pdf, "417"));
  g_assert_cmpfloat (word_left (pdf, "Quarry"), <, word_left (pdf, "Hill,"));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  make_diary ();
  g_test_add_func ("/report-language/welsh", test_welsh);
  g_test_add_func ("/report-language/arabic", test_arabic);
  g_test_add_func ("/report-language/english-quotes-arabic", test_english_quotes_arabic);
  g_test_add_func ("/report-language/polish-from-english", test_polish_from_english);
  g_test_add_func ("/report-language/cover-one-page", test_cover_one_page);
  g_test_add_func ("/report-language/chart-mirrored", test_chart_mirrored);
  g_test_add_func ("/report-language/statement-polish", test_statement_polish);
  g_test_add_func ("/report-language/import-skip-polish", test_import_skip_polish);
  g_test_add_func ("/report-language/key-sheet-language", test_key_sheet_language);
  g_test_add_func ("/report-language/exhibit-size", test_exhibit_size);
  g_test_add_func ("/report-language/impact-direction", test_impact_direction);
  g_test_add_func ("/report-language/table-isolates", test_table_isolates);
  status = g_test_run ();
  daybook_test_rm_rf (work_dir);
  g_free (work_dir);
  g_free (diary_dir);
  return status;
}
