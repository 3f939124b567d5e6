/* test-time.c — parsing and showing when things happened
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "daybook-error.h"
#include "daybook-time.h"

static GTimeZone *
zone (const char *id)
{
  GTimeZone *tz = g_time_zone_new_identifier (id);

  g_assert_nonnull (tz);
  return tz;
}

static void
assert_parses (const char *zone_id, const char *text, const char *iso, gboolean expect_date_only)
{
  g_autoptr (GTimeZone) tz = zone (zone_id);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  DaybookWhen when = { 0 };
  gboolean date_only;

  g_assert_true (daybook_when_parse (text, tz, &when, &date_only, &error));
  g_assert_no_error (error);
  out = daybook_when_format_iso (&when);
  g_assert_cmpstr (out, ==, iso);
  g_assert_cmpint (date_only, ==, expect_date_only);
  daybook_when_clear (&when);
}

static void
assert_refused (const char *zone_id, const char *text, const char *must_mention)
{
  g_autoptr (GTimeZone) tz = zone (zone_id);
  g_autoptr (GError) error = NULL;
  DaybookWhen when = { 0 };

  g_assert_false (daybook_when_parse (text, tz, &when, NULL, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  if (must_mention != NULL)
    g_assert_nonnull (strstr (error->message, must_mention));
  g_assert_null (when.zone);
}

static void
test_local_times (void)
{
  assert_parses ("Europe/London", "2026-03-01T21:40", "2026-03-01T21:40:00+00:00", FALSE);
  assert_parses ("Europe/London", "2026-07-01T21:40", "2026-07-01T21:40:00+01:00", FALSE);
  assert_parses ("Europe/London", "2026-07-01 21:40:05", "2026-07-01T21:40:05+01:00", FALSE);
  assert_parses ("Europe/London", "2026-07-01", "2026-07-01T00:00:00+01:00", TRUE);
  assert_parses ("Asia/Kolkata", "2026-01-15T09:00", "2026-01-15T09:00:00+05:30", FALSE);
  assert_parses ("America/New_York", "2026-11-01T00:30", "2026-11-01T00:30:00-04:00", FALSE);
  assert_parses ("UTC", "2026-02-28T23:59", "2026-02-28T23:59:00+00:00", FALSE);
}

static void
test_explicit_offsets (void)
{
  assert_parses ("Europe/London", "2026-03-01T21:40+05:30", "2026-03-01T21:40:00+05:30", FALSE);
  assert_parses ("Europe/London", "2026-03-01T21:40Z", "2026-03-01T21:40:00+00:00", FALSE);
  assert_parses ("Europe/London", "2026-03-01T21:40-0800", "2026-03-01T21:40:00-08:00", FALSE);
  assert_parses ("Europe/London", "2026-03-01T21:40+01", "2026-03-01T21:40:00+01:00", FALSE);
}

/* 01:30 on 29 March 2026 never happened in London: clocks went 01:00 -> 02:00. */
static void
test_dst_gap (void)
{
  assert_refused ("Europe/London", "2026-03-29T01:30", "clocks went forward");
  assert_parses ("Europe/London", "2026-03-29T01:30+00:00", "2026-03-29T01:30:00+00:00", FALSE);
  assert_parses ("Europe/London", "2026-03-29T02:30", "2026-03-29T02:30:00+01:00", FALSE);
  assert_parses ("Europe/London", "2026-03-29T00:59", "2026-03-29T00:59:00+00:00", FALSE);
  assert_refused ("America/New_York", "2026-03-08T02:15", "clocks went forward");
}

/* 01:30 on 25 October 2026 happened twice in London. */
static void
test_dst_overlap (void)
{
  g_autoptr (GTimeZone) tz = zone ("Europe/London");
  g_autoptr (GError) error = NULL;
  DaybookWhen when = { 0 };

  assert_refused ("Europe/London", "2026-10-25T01:30", "happened twice");
  g_assert_false (daybook_when_parse ("2026-10-25T01:30", tz, &when, NULL, &error));
  g_assert_nonnull (strstr (error->message, "+01:00"));
  g_assert_nonnull (strstr (error->message, "+00:00"));

  assert_parses ("Europe/London", "2026-10-25T01:30+01:00", "2026-10-25T01:30:00+01:00", FALSE);
  assert_parses ("Europe/London", "2026-10-25T01:30+00:00", "2026-10-25T01:30:00+00:00", FALSE);
  assert_parses ("Europe/London", "2026-10-25T02:30", "2026-10-25T02:30:00+00:00", FALSE);
}

static void
test_malformed (void)
{
  const char *bad[] = {
    "",
    "yesterday",
    "2026-13-01",
    "2026-02-30",
    "2026-02-29T10:00",
    "2026-03-01T24:00",
    "2026-03-01T21:60",
    "2026-03-01T21",
    "2026-3-1",
    "2026-03-01X21:40",
    "2026-03-01T21:40+25:00",
    "2026-03-01T21:40 GMT",
    "0001-01-01",
    "2026-03-01T21:40:61",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refused ("Europe/London", bad[i], NULL);
}

static void
test_display (void)
{
  DaybookWhen winter = { 1772401200, 0, (char *)"Europe/London" };    /* 2026-03-01 21:40 GMT */
  DaybookWhen summer = { 1782938400, 3600, (char *)"Europe/London" }; /* 2026-07-01 21:40 BST */
  DaybookWhen elsewhere = { 1772401200, 19800, NULL };
  g_autofree char *a = daybook_when_format_display (&winter, DAYBOOK_PRECISION_EXACT);
  g_autofree char *b = daybook_when_format_display (&summer, DAYBOOK_PRECISION_APPROXIMATE);
  g_autofree char *c = daybook_when_format_display (&summer, DAYBOOK_PRECISION_DAY);
  g_autofree char *d = daybook_when_format_display (&elsewhere, DAYBOOK_PRECISION_EXACT);

  g_assert_cmpstr (a, ==, "Sun 1 Mar 2026, 21:40 GMT");
  g_assert_cmpstr (b, ==, "Wed 1 Jul 2026, about 21:40 BST");
  g_assert_cmpstr (c, ==, "Wed 1 Jul 2026 (date only)");
  g_assert_cmpstr (d, ==, "Mon 2 Mar 2026, 03:10 UTC+05:30");
}

/* The shared zones: the right zone from any thread, NULL for a name the
 * system does not know (every time, though the answer is kept), and the
 * right abbreviations through them. That the zone's file is read once per
 * process is watched with strace in test-cli (/cli/list/zone-files). */
static gpointer
lookup_thread (gpointer data)
{
  return daybook_time_zone_lookup ("America/New_York");
}

static void
test_zone_lookup (void)
{
  GTimeZone *a = daybook_time_zone_lookup ("America/New_York");
  GTimeZone *b = daybook_time_zone_lookup ("America/New_York");
  GThread *thread = g_thread_new ("lookup", lookup_thread, NULL);
  GTimeZone *c = g_thread_join (thread);
  DaybookWhen winter = { 1767225600, -5 * 3600, (char *)"America/New_York" };
  DaybookWhen summer = { 1783000000, -4 * 3600, (char *)"America/New_York" };
  char *abbrev;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);
  g_assert_cmpstr (g_time_zone_get_identifier (a), ==, "America/New_York");
  g_assert_cmpstr (g_time_zone_get_identifier (c), ==, "America/New_York");
  g_assert_null (daybook_time_zone_lookup ("Not/A_Zone"));
  g_assert_null (daybook_time_zone_lookup ("Not/A_Zone"));

  abbrev = daybook_when_dup_abbreviation (&winter);
  g_assert_cmpstr (abbrev, ==, "EST");
  g_free (abbrev);
  abbrev = daybook_when_dup_abbreviation (&summer);
  g_assert_cmpstr (abbrev, ==, "EDT");
  g_free (abbrev);

  g_time_zone_unref (a);
  g_time_zone_unref (b);
  g_time_zone_unref (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/parse/local", test_local_times);
  g_test_add_func ("/time/parse/offsets", test_explicit_offsets);
  g_test_add_func ("/time/parse/dst-gap", test_dst_gap);
  g_test_add_func ("/time/parse/dst-overlap", test_dst_overlap);
  g_test_add_func ("/time/parse/malformed", test_malformed);
  g_test_add_func ("/time/display", test_display);
  g_test_add_func ("/time/zone-lookup", test_zone_lookup);

  return g_test_run ();
}
