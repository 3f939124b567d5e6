/* test-ui-dates.c — the window's dates in the window's language
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run once per language (the first argument: pl, cy or en) with
 * LANGUAGE set to it and LC_ALL=C.UTF-8, as on an English computer whose
 * user chose another language: the weekday and month names in the window's
 * dates (timeline rows, month headers, "recorded at", the overview's days,
 * transcripts) must come from that language's catalogue, not from LC_TIME.
 *
 * The expected texts are written out here as po/pl.po and po/cy.po write
 * them (msgctxt "abbreviated weekday" "Tue", "abbreviated month" "Nov",
 * "month standing alone" "November", "weekday" "Tuesday", "month"
 * "November", and the formats "%a %-d %b %Y", "%OB %Y"), and checked once
 * more against the .mo files through the catalogue reader, so a change of
 * translation shows here as a change to make, not as a silent pass.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "daybook-i18n.h"
#include "daybook-time.h"
#include "daybook-ui-format.h"

static const char *language;

typedef struct
{
  const char *language;
  const char *row;       /* Tuesday 10 November 2026, 21:40 in London */
  const char *about;     /* the same, "about" the time */
  const char *day_only;  /* the same, the day only */
  const char *month;     /* the timeline's month header */
  const char *overview;  /* "%-d %B %Y" */
  const char *week;      /* "%-d %b" */
  const char *message;   /* "%A %-d %B %Y" */
  const char *recorded;  /* 1 March 2026 09:05 UTC, Sunday */
  const char *not_there; /* an English word that must not be in it */
} Expected;

static const Expected expected[] = {
  { "pl", "wt., 10 lis 2026, 21:40 GMT", "wt., 10 lis 2026, około 21:40 GMT",
    "wt., 10 lis 2026 (tylko data)", "Listopad 2026", "10 listopada 2026", "10 lis",
    "wtorek, 10 listopada 2026", "niedz., 1 mar 2026, 09:05 GMT", "Tue" },
  { "cy", "Maw 10 Tach 2026, 21:40 GMT", "Maw 10 Tach 2026, tua 21:40 GMT",
    "Maw 10 Tach 2026 (dyddiad yn unig)", "Tachwedd 2026", "10 Tachwedd 2026", "10 Tach",
    "Dydd Mawrth 10 Tachwedd 2026", "Sul 1 Maw 2026, 09:05 GMT", "Tue" },
  { "en", "Tue 10 Nov 2026, 21:40 GMT", "Tue 10 Nov 2026, about 21:40 GMT",
    "Tue 10 Nov 2026 (date only)", "November 2026", "10 November 2026", "10 Nov",
    "Tuesday 10 November 2026", "Sun 1 Mar 2026, 09:05 GMT", "Dydd" },
};

static const Expected *
find_expected (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (g_str_equal (expected[i].language, language))
      return &expected[i];
  g_error ("No expected dates for the language “%s”.", language);
  return NULL;
}

static void
when_at (const char *text, DaybookWhen *when)
{
  g_autoptr (GTimeZone) london = daybook_time_zone_lookup ("Europe/London");
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_when_parse (text, london, when, NULL, &error));
  g_assert_no_error (error);
}

static void
test_when (void)
{
  const Expected *e = find_expected ();
  DaybookWhen when = { 0 };
  g_autofree char *row = NULL, *about = NULL, *day = NULL, *month = NULL;

  when_at ("2026-11-10 21:40", &when);
  row = daybook_format_when_in_language (&when, DAYBOOK_PRECISION_EXACT, NULL);
  about = daybook_format_when_in_language (&when, DAYBOOK_PRECISION_APPROXIMATE, NULL);
  day = daybook_format_when_in_language (&when, DAYBOOK_PRECISION_DAY, NULL);
  month = daybook_format_month (&when);
  g_assert_cmpstr (row, ==, e->row);
  g_assert_cmpstr (about, ==, e->about);
  g_assert_cmpstr (day, ==, e->day_only);
  g_assert_cmpstr (month, ==, e->month);
  g_assert_null (strstr (row, e->not_there));
  daybook_when_clear (&when);
}

static void
test_formats (void)
{
  const Expected *e = find_expected ();
  g_autoptr (GTimeZone) london = daybook_time_zone_lookup ("Europe/London");
  g_autoptr (GDateTime) dt = g_date_time_new (london, 2026, 11, 10, 21, 40, 0);
  g_autoptr (GDateTime) march = g_date_time_new_utc (2026, 3, 1, 9, 5, 0);
  g_autofree char *overview = daybook_format_date_time (dt, _ ("%-d %B %Y"));
  g_autofree char *week = daybook_format_date_time (dt, _ ("%-d %b"));
  g_autofree char *message = daybook_format_date_time (dt, _ ("%A %-d %B %Y"));
  g_autofree char *recorded = daybook_format_time (g_date_time_to_unix (march), london);
  g_autofree char *numeric = daybook_format_date_time (dt, "%Y-%m-%d %H:%M:%S %:z");

  g_assert_cmpstr (overview, ==, e->overview);
  g_assert_cmpstr (week, ==, e->week);
  g_assert_cmpstr (message, ==, e->message);
  g_assert_cmpstr (recorded, ==, e->recorded);
  /* Digits and offsets pass through untouched. */
  g_assert_cmpstr (numeric, ==, "2026-11-10 21:40:00 +00:00");
}

/* The same names, read from the .mo through the catalogue reader: the
 * window's gettext and the report's reader agree. */
static void
test_catalogue_agrees (void)
{
  g_autoptr (GError) error = NULL;
  const DaybookCatalog *catalog;
  const Expected *e = find_expected ();
  DaybookWhen when = { 0 };
  g_autofree char *row = NULL;
  const char *tue, *nov;

  catalog = daybook_catalog_get (language, &error);
  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  tue = daybook_catalog_lookup (catalog, "abbreviated weekday\004Tue");
  nov = daybook_catalog_lookup (catalog, "abbreviated month\004Nov");
  g_assert_cmpstr (tue, !=, "abbreviated weekday\004Tue");
  g_assert_cmpstr (nov, !=, "abbreviated month\004Nov");

  when_at ("2026-11-10 21:40", &when);
  row = daybook_format_when_in_language (&when, DAYBOOK_PRECISION_EXACT, NULL);
  g_assert_nonnull (strstr (row, tue));
  g_assert_nonnull (strstr (row, nov));
  g_assert_cmpstr (row, ==, e->row);
  daybook_when_clear (&when);
}

/* The report's and the statement draft's route to the same function: a
 * language pushed on the thread wins over the window's, for every language
 * of the table whatever LANGUAGE is, and the window's comes back after. The
 * zone's abbreviation given (the report's cache of zones) is the one
 * written. */
static void
test_thread_language (void)
{
  const Expected *e = find_expected ();
  DaybookWhen when = { 0 };
  g_autofree char *back = NULL, *given = NULL;

  when_at ("2026-11-10 21:40", &when);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (GError) error = NULL;
      const DaybookCatalog *catalog = daybook_catalog_get (expected[i].language, &error);
      const DaybookCatalog *previous;
      g_autofree char *row = NULL, *about = NULL, *day = NULL;

      g_assert_no_error (error);
      previous = daybook_i18n_push_language (catalog);
      row = daybook_format_when_in_language (&when, DAYBOOK_PRECISION_EXACT, NULL);
      about = daybook_format_when_in_language (&when, DAYBOOK_PRECISION_APPROXIMATE, NULL);
      day = daybook_format_when_in_language (&when, DAYBOOK_PRECISION_DAY, NULL);
      daybook_i18n_pop_language (previous);
      g_assert_cmpstr (row, ==, expected[i].row);
      g_assert_cmpstr (about, ==, expected[i].about);
      g_assert_cmpstr (day, ==, expected[i].day_only);
    }
  back = daybook_format_when_in_language (&when, DAYBOOK_PRECISION_EXACT, NULL);
  g_assert_cmpstr (back, ==, e->row);
  given = daybook_format_when_in_language (&when, DAYBOOK_PRECISION_EXACT, "UTC+00:00");
  g_assert_true (g_str_has_suffix (given, " 21:40 UTC+00:00"));
  g_assert_null (strstr (given, "GMT"));
  daybook_when_clear (&when);
}

int
main (int argc, char *argv[])
{
  g_assert_cmpint (argc, >=, 2);
  language = argv[1];
  g_setenv ("TZ", "Europe/London", TRUE);
  /* An English computer (LC_ALL=C.UTF-8 from the test environment) whose
     user chose another language. */
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, daybook_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/dates/when", test_when);
  g_test_add_func ("/ui/dates/formats", test_formats);
  g_test_add_func ("/ui/dates/thread-language", test_thread_language);
  /* English is the source: it has no catalogue to agree with. */
  if (!g_str_equal (language, "en"))
    g_test_add_func ("/ui/dates/catalogue-agrees", test_catalogue_agrees);
  return g_test_run ();
}
