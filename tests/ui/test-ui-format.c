/* test-ui-format.c — the window's pure logic, without a display
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "daybook-error.h"
#include "daybook-keyfile.h"
#include "daybook-passphrase.h"
#include "daybook-ui-format.h"

static void
test_strength (void)
{
  double bits = -1;

  g_assert_cmpint (daybook_passphrase_strength ("", &bits), ==, DAYBOOK_STRENGTH_NONE);
  g_assert_cmpfloat (bits, ==, 0.0);
  g_assert_cmpint (daybook_passphrase_strength (NULL, NULL), ==, DAYBOOK_STRENGTH_NONE);
  /* The estimator knows common passwords: no dictionary, no real estimate. */
  g_assert_cmpint (daybook_passphrase_strength ("password", NULL), ==, DAYBOOK_STRENGTH_VERY_WEAK);
  g_assert_cmpint (daybook_passphrase_strength ("letmein1", NULL), <=, DAYBOOK_STRENGTH_WEAK);
  g_assert_cmpint (daybook_passphrase_strength ("correct horse battery staple", &bits), >=,
                   DAYBOOK_STRENGTH_FAIR);
  g_assert_cmpfloat (bits, >, 40.0);
  g_assert_cmpint (daybook_passphrase_strength ("violet kettle orbit canyon ledger", NULL), >=,
                   DAYBOOK_STRENGTH_STRONG);
  g_assert_cmpstr (daybook_strength_get_label (DAYBOOK_STRENGTH_NONE), ==, "");
  g_assert_nonnull (strstr (daybook_strength_get_label (DAYBOOK_STRENGTH_VERY_WEAK), "weak"));
}

static void
test_check (void)
{
  const char *strong = "correct horse battery staple";

  g_assert_cmpint (daybook_passphrase_check ("", "", FALSE), ==, DAYBOOK_PASSPHRASE_EMPTY);
  g_assert_cmpint (daybook_passphrase_check (NULL, NULL, TRUE), ==, DAYBOOK_PASSPHRASE_EMPTY);
  g_assert_cmpint (daybook_passphrase_check (strong, "correct horse battery stapl", FALSE), ==,
                   DAYBOOK_PASSPHRASE_MISMATCH);
  g_assert_cmpint (daybook_passphrase_check (strong, NULL, FALSE), ==, DAYBOOK_PASSPHRASE_MISMATCH);
  g_assert_cmpint (daybook_passphrase_check (strong, strong, FALSE), ==, DAYBOOK_PASSPHRASE_OK);
  /* A weak one is refused unless "Use it anyway" was ticked, and said so
   * before the repeat is compared. */
  g_assert_cmpint (daybook_passphrase_check ("password1", "password1", FALSE), ==,
                   DAYBOOK_PASSPHRASE_WEAK);
  g_assert_cmpint (daybook_passphrase_check ("12345678", "1234567", FALSE), ==,
                   DAYBOOK_PASSPHRASE_WEAK);
  g_assert_cmpint (daybook_passphrase_check ("password1", "password1", TRUE), ==,
                   DAYBOOK_PASSPHRASE_OK);
  g_assert_cmpint (daybook_passphrase_check ("a b c", "a b d", TRUE), ==,
                   DAYBOOK_PASSPHRASE_MISMATCH);
  g_assert_nonnull (
      strstr (daybook_passphrase_problem_message (DAYBOOK_PASSPHRASE_WEAK), "Use it anyway"));
  g_assert_true (daybook_strength_is_weak (daybook_passphrase_strength ("aaaaaaaa", NULL)));
  g_assert_false (daybook_strength_is_weak (daybook_passphrase_strength (strong, NULL)));
  g_assert_cmpstr (daybook_passphrase_problem_message (DAYBOOK_PASSPHRASE_MISMATCH), ==,
                   "The two passphrases are not the same.");
}

static void
test_month (void)
{
  /* 2026-03-31T23:30Z is already April on a London clock (BST, +01:00). */
  DaybookWhen london = { 1774999800, 3600, (char *)"Europe/London" };
  DaybookWhen utc = { 1774999800, 0, NULL };
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;

  m1 = daybook_format_month (&london);
  m2 = daybook_format_month (&utc);
  g_assert_cmpstr (m1, ==, "April 2026");
  g_assert_cmpstr (m2, ==, "March 2026");
  g_assert_false (daybook_when_same_month (&london, &utc));
  g_assert_true (daybook_when_same_month (&utc, &utc));
}

static void
test_parse_input (void)
{
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GError) error = NULL;
  DaybookWhen when = {
    0,
  };
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  g_assert_true (
      daybook_parse_date_time_input ("2026-03-01", "21:40", FALSE, london, &when, &error));
  g_assert_no_error (error);
  g_assert_cmpint (when.offset, ==, 0);
  date = daybook_format_date_input (&when);
  time = daybook_format_time_input (&when);
  g_assert_cmpstr (date, ==, "2026-03-01");
  g_assert_cmpstr (time, ==, "21:40");
  daybook_when_clear (&when);

  /* Summer time: the offset is the one in force on that date. */
  g_assert_true (
      daybook_parse_date_time_input ("2026-07-01", "09:00", FALSE, london, &when, &error));
  g_assert_cmpint (when.offset, ==, 3600);
  daybook_when_clear (&when);

  /* Date only ignores a half-typed time. */
  g_assert_true (daybook_parse_date_time_input (" 2026-07-01 ", "9:", TRUE, london, &when, &error));
  g_assert_no_error (error);
  daybook_when_clear (&when);

  /* No date: a sentence that says what to type. */
  g_assert_false (daybook_parse_date_time_input ("", "21:40", FALSE, london, &when, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_clear_error (&error);

  /* 01:30 on 29 March 2026 never happened in London. */
  g_assert_false (
      daybook_parse_date_time_input ("2026-03-29", "01:30", FALSE, london, &when, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (daybook_parse_date_time_input ("yesterday", "", FALSE, london, &when, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
}

static void
test_day_bound (void)
{
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GError) error = NULL;
  gint64 from = 0, to = 0;

  g_assert_true (daybook_parse_day_bound ("2026-07-01", FALSE, london, &from, &error));
  g_assert_true (daybook_parse_day_bound ("2026-07-01", TRUE, london, &to, &error));
  g_assert_cmpint (to - from, ==, 24 * 3600);
  g_assert_cmpint (from, ==, 1782860400); /* 2026-06-30T23:00:00Z */

  /* The day the clocks go forward has 23 hours. */
  g_assert_true (daybook_parse_day_bound ("2026-03-29", FALSE, london, &from, &error));
  g_assert_true (daybook_parse_day_bound ("2026-03-29", TRUE, london, &to, &error));
  g_assert_cmpint (to - from, ==, 23 * 3600);

  g_assert_false (daybook_parse_day_bound ("2026-07-01T10:00", FALSE, london, &from, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
}

static void
test_text (void)
{
  const char *changes[] = { "title", "police_ref", "police_officer", "narrative", "mystery", NULL };
  g_autofree char *words = daybook_format_changes (changes);
  g_autofree char *none = daybook_format_changes (NULL);
  g_autofree char *line = daybook_format_first_line ("\n\n  First line\nsecond", 100);
  g_autofree char *cut = daybook_format_first_line ("ééééé", 3);
  g_autofree char *heading = daybook_format_entry_heading (12);
  g_autofree char *new_heading = daybook_format_entry_heading (0);
  g_autofree char *unsaved = daybook_format_recorded_at (0);

  g_assert_cmpstr (words, ==, "title, police report, account, mystery");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (line, ==, "First line");
  g_assert_cmpstr (cut, ==, "ééé…");
  g_assert_cmpstr (heading, ==, "Entry 12");
  g_assert_cmpstr (new_heading, ==, "New Entry");
  g_assert_cmpstr (daybook_format_title (""), ==, "Untitled entry");
  g_assert_cmpstr (daybook_format_title ("Van"), ==, "Van");
  g_assert_cmpstr (unsaved, ==, "Not saved yet");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/passphrase/strength", test_strength);
  g_test_add_func ("/ui/passphrase/check", test_check);
  g_test_add_func ("/ui/format/month", test_month);
  g_test_add_func ("/ui/format/date-time-input", test_parse_input);
  g_test_add_func ("/ui/format/day-bound", test_day_bound);
  g_test_add_func ("/ui/format/text", test_text);

  return g_test_run ();
}
