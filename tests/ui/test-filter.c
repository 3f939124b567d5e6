/* test-filter.c — a filter form's state into a DaybookQuery, without a display
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline's filters, the report page and the bundle dialog all turn
 * their form into a query through daybook_filter_build_query().
 */

#include "config.h"

#include "daybook-error.h"
#include "daybook-filter.h"

/* 2026-02-01 and 2026-03-01, midnight in London (GMT then). */
#define FEB_1 G_GINT64_CONSTANT (1769904000)
#define MAR_1 G_GINT64_CONSTANT (1772323200)

static GTimeZone *
london (void)
{
  return g_time_zone_new_identifier ("Europe/London");
}

/* Nothing chosen: everything, as daybook_query_new() says. */
static void
test_empty (void)
{
  g_autoptr (GTimeZone) zone = london ();
  g_autoptr (DaybookQuery) query = NULL;
  g_autoptr (GError) error = NULL;
  DaybookFilter filter = { .include_private = TRUE };

  g_assert_true (daybook_filter_build_query (&filter, zone, &query, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query->from, ==, G_MININT64);
  g_assert_cmpint (query->to, ==, G_MAXINT64);
  g_assert_cmpuint (query->types, ==, 0);
  g_assert_null (query->person);
  g_assert_null (query->text);
  g_assert_true (query->include_private);
  g_assert_false (query->newest_first);
}

/* Every field of the form lands in its field of the query. */
static void
test_fields (void)
{
  g_autoptr (GTimeZone) zone = london ();
  g_autoptr (DaybookQuery) query = NULL;
  g_autoptr (GError) error = NULL;
  DaybookFilter filter = {
    .text = "blue van",
    .person = "  Sam Example ",
    .from = " 2026-02-01",
    .to = "2026-02-28 ",
    .types = DAYBOOK_BEHAVIOUR_FOLLOWING | DAYBOOK_BEHAVIOUR_CONTACT,
    .include_private = FALSE,
    .newest_first = TRUE,
    .strict_days = TRUE,
  };

  g_assert_true (daybook_filter_build_query (&filter, zone, &query, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query->from, ==, FEB_1);
  /* The last day is included: the range ends as the next day starts. */
  g_assert_cmpint (query->to, ==, MAR_1);
  g_assert_cmpuint (query->types, ==, DAYBOOK_BEHAVIOUR_FOLLOWING | DAYBOOK_BEHAVIOUR_CONTACT);
  g_assert_cmpstr (query->person, ==, "Sam Example");
  g_assert_cmpstr (query->text, ==, "blue van");
  g_assert_false (query->include_private);
  g_assert_true (query->newest_first);

  /* Blank fields are no filter. */
  filter.person = "   ";
  filter.text = "";
  g_clear_pointer (&query, daybook_query_free);
  g_assert_true (daybook_filter_build_query (&filter, zone, &query, NULL));
  g_assert_null (query->person);
  g_assert_null (query->text);
}

/* The report and the bundle: a wrong day is no query, and says which. */
static void
test_strict_days (void)
{
  g_autoptr (GTimeZone) zone = london ();
  g_autoptr (DaybookQuery) query = NULL;
  g_autoptr (GError) error = NULL;
  DaybookFilter filter = { .from = "the 1st", .strict_days = TRUE };

  g_assert_false (daybook_filter_build_query (&filter, zone, &query, &error));
  g_assert_null (query);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "The first day: "));
  g_clear_error (&error);

  filter.from = "2026-02-01";
  filter.to = "the 31st";
  g_assert_false (daybook_filter_build_query (&filter, zone, &query, &error));
  g_assert_null (query);
  g_assert_true (g_str_has_prefix (error->message, "The last day: "));
  g_clear_error (&error);

  filter.from = "2026-03-01";
  filter.to = "2026-02-01";
  g_assert_false (daybook_filter_build_query (&filter, zone, &query, &error));
  g_assert_null (query);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The last day is before the first.");
}

/* The timeline filters as the user types: a day not read yet is left
 * out, with what was read before it, and the reason is given. */
static void
test_lenient_days (void)
{
  g_autoptr (GTimeZone) zone = london ();
  g_autoptr (DaybookQuery) query = NULL;
  g_autoptr (GError) error = NULL;
  DaybookFilter filter = { .from = "2026-02-01", .to = "not a date", .person = "Sam" };

  g_assert_false (daybook_filter_build_query (&filter, zone, &query, &error));
  g_assert_nonnull (error);
  g_assert_false (g_str_has_prefix (error->message, "The last day: "));
  g_assert_nonnull (query);
  g_assert_cmpint (query->from, ==, FEB_1);
  g_assert_cmpint (query->to, ==, G_MAXINT64);
  g_assert_cmpstr (query->person, ==, "Sam");
  g_clear_error (&error);
  g_clear_pointer (&query, daybook_query_free);

  /* Days the wrong way round are no error there: nothing matches. */
  filter.from = "2026-03-01";
  filter.to = "2026-02-01";
  g_assert_true (daybook_filter_build_query (&filter, zone, &query, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query->from, >, query->to);
}

int
main (int argc, char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/filter/empty", test_empty);
  g_test_add_func ("/ui/filter/fields", test_fields);
  g_test_add_func ("/ui/filter/strict-days", test_strict_days);
  g_test_add_func ("/ui/filter/lenient-days", test_lenient_days);

  return g_test_run ();
}
