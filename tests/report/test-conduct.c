/* test-conduct.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "daybook-error.h"
#include "daybook-test-util.h"
#include "evidence/daybook-attachment.h"
#include "report/daybook-conduct.h"
#include "report/daybook-report.h"
#include "report/daybook-statement.h"

/* The course of conduct, the revision appendix and the statement drafts,
 * on a diary made for them: entries of known types across known weeks, so
 * every count and every entry list is known in advance. The report and the
 * drafts are made by the real daybook-cli and read back with pdftotext,
 * unzip and xmllint. */

#define PASS_INPUT TEST_PASSPHRASE "\n"

static char *diary_dir;
static char *exhibit_mark;

typedef struct
{
  const char *when;
  DaybookBehaviour types;
  const char *location;
  const char *suspect;
  gboolean fear;
  gboolean distress;
  gboolean is_private;
  const char *notes;
  const char *impact;
} Entry;

/* Monday 5 January 2026 starts week 0 (GMT all along). */
static const Entry entries[] = {
  /* 1 */ { "2026-01-05T10:00", DAYBOOK_BEHAVIOUR_CONTACT, "Home", "Sam Suspect", FALSE, FALSE,
            FALSE, NULL, "IMPACT-01 I stopped answering the phone." },
  /* 2 */
  { "2026-01-07T10:00", DAYBOOK_BEHAVIOUR_CONTACT | DAYBOOK_BEHAVIOUR_THIRD_PARTY, " home ",
    "Sam Suspect", FALSE, FALSE, FALSE, NULL, NULL },
  /* 3 */
  { "2026-01-13T10:00", DAYBOOK_BEHAVIOUR_FOLLOWING, "Elm Road", NULL, FALSE, FALSE, FALSE,
    "OLDNOTE-3", NULL },
  /* 4 */
  { "2026-01-20T10:00", DAYBOOK_BEHAVIOUR_LOITERING, "elm road", "Sam Suspect", FALSE, TRUE, FALSE,
    NULL, "IMPACT-04 I changed my route to work." },
  /* 5 */
  { "2026-02-03T10:00", DAYBOOK_BEHAVIOUR_THREAT, "Phone", "Sam Suspect", TRUE, FALSE, FALSE, NULL,
    "IMPACT-05 I was afraid to go out." },
  /* 6 */
  { "2026-02-16T08:00", DAYBOOK_BEHAVIOUR_LOITERING, "Outside my home", "Sam Suspect", FALSE, FALSE,
    FALSE, NULL, NULL },
  /* 7 */
  { "2026-02-17T08:00", DAYBOOK_BEHAVIOUR_WATCHING, "outside my HOME", "Sam Suspect", FALSE, FALSE,
    FALSE, NULL, NULL },
  /* 8 */
  { "2026-02-18T08:00", DAYBOOK_BEHAVIOUR_FOLLOWING, "Walk from work", "Sam Suspect", FALSE, FALSE,
    FALSE, "NOTE-8-SECRET", NULL },
  /* 9: "homework" is not "home" */
  { "2026-02-19T08:00", DAYBOOK_BEHAVIOUR_LOITERING, "Homework club", "Sam Suspect", FALSE, FALSE,
    FALSE, NULL, NULL },
  /* 10 */
  { "2026-02-20T08:00", DAYBOOK_BEHAVIOUR_WATCHING, "Office car park", "Sam Suspect", FALSE, FALSE,
    FALSE, NULL, NULL },
  /* 11 */
  { "2026-02-21T09:00", DAYBOOK_BEHAVIOUR_PROPERTY | DAYBOOK_BEHAVIOUR_VIOLENCE, "Driveway",
    "Sam Suspect", FALSE, FALSE, FALSE, NULL, "IMPACT-11 My arm was bruised for a week." },
  /* 12: private, left out unless asked */
  { "2026-02-22T09:00", DAYBOOK_BEHAVIOUR_CONTACT, "Home", "Sam Suspect", FALSE, FALSE, TRUE,
    "PRIVATE-NOTE-12", "IMPACT-12 private" },
};

static void
fill_diary (void)
{
  static const char *keys[] = { DAYBOOK_SETTING_OWNER_NAME, DAYBOOK_SETTING_OWNER_INITIALS, NULL };
  static const char *values[] = { "Test Diarist", "TD", NULL };
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
      g_autofree char *narrative = g_strdup_printf ("NARRATIVE-%02u what happened.", i + 1);
      DaybookWhen when = { 0 };

      daybook_when_parse (entries[i].when, london, &when, NULL, &error);
      g_assert_no_error (error);
      daybook_incident_set_start (incident, &when);
      daybook_when_clear (&when);
      daybook_incident_set_title (incident, "A title");
      daybook_incident_set_narrative (incident,
                                      i == 2 ? "FIRST-VERSION-3 he followed me." : narrative);
      daybook_incident_set_location (incident, entries[i].location);
      daybook_incident_set_types (incident, entries[i].types);
      if (entries[i].suspect != NULL)
        daybook_incident_add_person (incident, entries[i].suspect, DAYBOOK_ROLE_SUSPECT);
      else
        daybook_incident_add_person (incident, "Wendy Witness", DAYBOOK_ROLE_WITNESS);
      daybook_incident_set_fear_of_violence (incident, entries[i].fear);
      daybook_incident_set_alarm_distress (incident, entries[i].distress);
      daybook_incident_set_impact (incident, entries[i].impact);
      daybook_incident_set_private (incident, entries[i].is_private);
      daybook_incident_set_private_notes (incident, entries[i].notes);
      daybook_diary_save_incident (diary, incident, &error);
      g_assert_no_error (error);
      g_assert_cmpint (daybook_incident_get_number (incident), ==, i + 1);
    }

  /* Entry 3 edited twice; its first private note dropped on the way. */
  for (guint v = 2; v <= 3; v++)
    {
      g_autoptr (DaybookIncident) incident = daybook_diary_get_incident (diary, 3, &error);
      g_autofree char *text = g_strdup_printf (v == 2 ? "SECOND-VERSION-3 he followed me."
                                                      : "THIRD-VERSION-3 he followed me.");

      g_assert_no_error (error);
      daybook_incident_set_narrative (incident, text);
      daybook_incident_set_private_notes (incident, NULL);
      daybook_diary_save_incident (diary, incident, &error);
      g_assert_no_error (error);
    }

  /* An exhibit on entry 4. */
  {
    g_autoptr (GBytes) bytes = g_bytes_new_static ("a screenshot's words\n", 21);
    g_autoptr (DaybookAttachment) a = daybook_diary_import_attachment_bytes (
        diary, bytes, "message.txt", 4, NULL, NULL, &error);

    g_assert_no_error (error);
    exhibit_mark = g_strdup (daybook_attachment_get_mark (a));
    g_assert_nonnull (exhibit_mark);
  }
  daybook_diary_close (diary);
}

/* Runs daybook-cli on the diary with the passphrase on stdin. */
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

/* Runs an outside tool (a missing tool fails the test); its exit status
 * and output. */
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
  if (err != NULL && err[0] != '\0')
    g_test_message ("%s: %s", first, err);
  return g_spawn_check_wait_status (status, NULL)
             ? 0
             : (WIFEXITED (status) ? WEXITSTATUS (status) : -1);
}

/* The text with every run of white space made one space, so a sentence
 * broken over lines by pdftotext can be looked for whole. */
static char *
squeeze (const char *text)
{
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && s->len > 0)
        g_string_append_c (s, ' ');
      space = FALSE;
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (tool (&out, "pdftotext", "-layout", pdf, "-", NULL), ==, 0);
  return squeeze (out);
}

static void
assert_numbers (GArray *numbers, const gint64 *expected, guint n)
{
  g_autofree char *got = daybook_conduct_format_numbers (numbers);

  g_test_message ("numbers: %s", got);
  g_assert_cmpuint (numbers->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (numbers, gint64, i), ==, expected[i]);
}

#define ASSERT_NUMBERS(array, ...)                                                                 \
  G_STMT_START                                                                                     \
  {                                                                                                \
    static const gint64 want[] = { __VA_ARGS__ };                                                  \
    assert_numbers ((array), want, G_N_ELEMENTS (want));                                           \
  }                                                                                                \
  G_STMT_END

static DaybookConduct *
compute (gboolean include_private)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (GError) error = NULL;
  DaybookConduct *c;

  query->include_private = include_private;
  c = daybook_diary_compute_conduct (diary, query, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  daybook_diary_close (diary);
  return c;
}

static void
test_groups_and_weeks (void)
{
  g_autoptr (DaybookConduct) c = compute (FALSE);
  static const guint weeks[] = { 2, 1, 1, 0, 1, 0, 6 };
  GDate monday;

  g_assert_cmpuint (c->n_entries, ==, 11);
  g_assert_cmpuint (c->n_private_left_out, ==, 1);
  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 5, G_DATE_JANUARY, 2026);
  g_assert_cmpint (g_date_compare (&c->first_week, &monday), ==, 0);
  g_assert_cmpuint (c->weeks->len, ==, G_N_ELEMENTS (weeks));
  for (guint i = 0; i < G_N_ELEMENTS (weeks); i++)
    g_assert_cmpuint (g_array_index (c->weeks, guint, i), ==, weeks[i]);

  ASSERT_NUMBERS (c->groups[DAYBOOK_CONDUCT_FOLLOWING], 3, 8);
  ASSERT_NUMBERS (c->groups[DAYBOOK_CONDUCT_CONTACTING], 1, 2);
  g_assert_cmpuint (c->groups[DAYBOOK_CONDUCT_PUBLISHING]->len, ==, 0);
  g_assert_cmpuint (c->groups[DAYBOOK_CONDUCT_MONITORING]->len, ==, 0);
  ASSERT_NUMBERS (c->groups[DAYBOOK_CONDUCT_LOITERING], 4, 6, 9);
  ASSERT_NUMBERS (c->groups[DAYBOOK_CONDUCT_PROPERTY], 11);
  ASSERT_NUMBERS (c->groups[DAYBOOK_CONDUCT_WATCHING], 7, 10);
  /* through others (2), threat (5), violence (11): not in the Act's list */
  ASSERT_NUMBERS (c->groups[DAYBOOK_CONDUCT_OTHER], 2, 5, 11);

  g_assert_cmpuint (c->n_days, ==, 11);
  g_assert_cmpuint (c->n_kinds, ==, 8);
  g_assert_cmpuint (c->longest_run, ==, 3);
  g_assert_cmpint (g_date_compare (&c->longest_run_from, &monday), ==, 0);

  /* Each type in exactly one group; the seven of the Act in their own. */
  for (guint t = 0; t < DAYBOOK_N_BEHAVIOURS; t++)
    g_assert_cmpint (daybook_conduct_group_of (daybook_behaviour_nth (t)), <,
                     DAYBOOK_CONDUCT_N_GROUPS);
  g_assert_cmpint (daybook_conduct_group_of (DAYBOOK_BEHAVIOUR_GIFT), ==, DAYBOOK_CONDUCT_OTHER);
  g_assert_cmpint (daybook_conduct_group_of (DAYBOOK_BEHAVIOUR_WATCHING), ==,
                   DAYBOOK_CONDUCT_WATCHING);
}

static void
test_four (void)
{
  g_autoptr (DaybookConduct) c = compute (FALSE);
  const DaybookConductFact *f;
  const DaybookConductPlace *place;

  /* Places: the same text ignoring case and spaces at either end. */
  g_assert_cmpuint (c->places->len, ==, 3);
  place = g_ptr_array_index (c->places, 0);
  g_assert_cmpstr (place->location, ==, "Home");
  ASSERT_NUMBERS (place->numbers, 1, 2);
  place = g_ptr_array_index (c->places, 1);
  g_assert_cmpstr (place->location, ==, "Elm Road");
  ASSERT_NUMBERS (place->numbers, 3, 4);
  place = g_ptr_array_index (c->places, 2);
  g_assert_cmpstr (place->location, ==, "Outside my home");
  ASSERT_NUMBERS (place->numbers, 6, 7);

  /* Fixated: three places, then the suspect named most often. */
  g_assert_cmpuint (c->four[DAYBOOK_FOUR_FIXATED]->len, ==, 4);
  f = g_ptr_array_index (c->four[DAYBOOK_FOUR_FIXATED], 3);
  g_assert_nonnull (strstr (f->text, "Sam Suspect is named as suspect in 10 entries."));
  ASSERT_NUMBERS (f->numbers, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11);

  /* Obsessive: the run of weeks and where each kind first appears. */
  f = g_ptr_array_index (c->four[DAYBOOK_FOUR_OBSESSIVE], 0);
  g_assert_nonnull (strstr (f->text, "3 weeks, from the week of 5 January 2026"));
  ASSERT_NUMBERS (f->numbers, 1, 2, 3, 4);
  f = g_ptr_array_index (c->four[DAYBOOK_FOUR_OBSESSIVE], 1);
  g_assert_nonnull (strstr (f->text, "8 kinds of behaviour"));
  ASSERT_NUMBERS (f->numbers, 1, 2, 3, 4, 5, 7, 11);

  /* Unwanted: the marks the victim set. */
  f = g_ptr_array_index (c->four[DAYBOOK_FOUR_UNWANTED], 0);
  ASSERT_NUMBERS (f->numbers, 4);
  f = g_ptr_array_index (c->four[DAYBOOK_FOUR_UNWANTED], 1);
  ASSERT_NUMBERS (f->numbers, 5);

  /* Repeated: every selected entry, on how many days. */
  f = g_ptr_array_index (c->four[DAYBOOK_FOUR_REPEATED], 0);
  g_assert_cmpstr (f->text, ==,
                   "11 entries on 11 different days, from 5 January 2026 to 21 February 2026.");
  ASSERT_NUMBERS (f->numbers, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
}

static void
test_screening (void)
{
  g_autoptr (DaybookConduct) c = compute (FALSE);
  const DaybookConductFact *s = c->screening;

  ASSERT_NUMBERS (s[DAYBOOK_SCREENING_THREATS].numbers, 5);
  ASSERT_NUMBERS (s[DAYBOOK_SCREENING_VIOLENCE].numbers, 11);
  ASSERT_NUMBERS (s[DAYBOOK_SCREENING_FEAR].numbers, 5);
  ASSERT_NUMBERS (s[DAYBOOK_SCREENING_PROPERTY].numbers, 11);
  ASSERT_NUMBERS (s[DAYBOOK_SCREENING_THIRD_PARTIES].numbers, 2);
  /* Week of 16 February: 6, 7 (home), 8 (work), 10 (office); not 9
   * ("Homework club"), not 11 (not following, loitering or watching). */
  ASSERT_NUMBERS (s[DAYBOOK_SCREENING_VISITS].numbers, 6, 7, 8, 10);
  g_assert_nonnull (strstr (s[DAYBOOK_SCREENING_VISITS].text, "1 week (Monday to Sunday) has"));
  /* 28 days to 21 February: 5–11 (7 entries); the 28 before: 1–4. */
  ASSERT_NUMBERS (s[DAYBOOK_SCREENING_MORE_OFTEN].numbers, 5, 6, 7, 8, 9, 10, 11);
  g_assert_nonnull (strstr (s[DAYBOOK_SCREENING_MORE_OFTEN].text,
                            "the 28 days to 21 February 2026 have 7 entries, the 28 days before "
                            "them 4 entries."));
  /* New since 25 January: threat (5), watching (7), property and violence (11). */
  ASSERT_NUMBERS (s[DAYBOOK_SCREENING_NEW_KINDS].numbers, 5, 7, 11);
  g_assert_nonnull (
      strstr (s[DAYBOOK_SCREENING_NEW_KINDS].text, "Property, Watching, Threat, Violence."));
  ASSERT_NUMBERS (s[DAYBOOK_SCREENING_FIRST_THREAT].numbers, 5);
  g_assert_nonnull (strstr (s[DAYBOOK_SCREENING_FIRST_THREAT].text, "came 29 days after"));
}

/* The private entry counts only when asked for, and changes the facts. */
static void
test_private (void)
{
  g_autoptr (DaybookConduct) c = compute (TRUE);

  g_assert_cmpuint (c->n_entries, ==, 12);
  g_assert_cmpuint (c->n_private_left_out, ==, 0);
  ASSERT_NUMBERS (c->groups[DAYBOOK_CONDUCT_CONTACTING], 1, 2, 12);
  g_assert_cmpuint (c->n_days, ==, 12);
}

/* A selection of one week: nothing to compare, so no escalation claimed. */
static void
test_short_selection (void)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GDateTime) from = g_date_time_new (london, 2026, 2, 16, 0, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookConduct) c = NULL;

  query->from = g_date_time_to_unix (from);
  query->include_private = FALSE;
  c = daybook_diary_compute_conduct (diary, query, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->n_entries, ==, 6);
  g_assert_cmpuint (c->screening[DAYBOOK_SCREENING_MORE_OFTEN].numbers->len, ==, 0);
  g_assert_nonnull (
      strstr (c->screening[DAYBOOK_SCREENING_MORE_OFTEN].text, "no earlier period to compare"));
  g_assert_cmpuint (c->screening[DAYBOOK_SCREENING_NEW_KINDS].numbers->len, ==, 0);
  g_assert_cmpuint (c->screening[DAYBOOK_SCREENING_THREATS].numbers->len, ==, 0);
  g_assert_cmpuint (c->screening[DAYBOOK_SCREENING_FIRST_THREAT].numbers->len, ==, 0);
  daybook_diary_close (diary);
}

static void
test_format_numbers (void)
{
  static const gint64 a[] = { 1, 2, 3, 4, 6, 7, 9 };
  static const gint64 b[] = { 5 };
  g_autoptr (GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *empty = daybook_conduct_format_numbers (numbers);
  g_autofree char *many = NULL;
  g_autofree char *one = NULL;

  g_assert_cmpstr (empty, ==, "");
  g_array_append_vals (numbers, a, G_N_ELEMENTS (a));
  many = daybook_conduct_format_numbers (numbers);
  g_assert_cmpstr (many, ==, "entries 1–4, 6, 7, 9");
  g_array_set_size (numbers, 0);
  g_array_append_vals (numbers, b, 1);
  one = daybook_conduct_format_numbers (numbers);
  g_assert_cmpstr (one, ==, "entry 5");
}

typedef struct
{
  char *dir;
  char *out;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_make_tmpdir ();
  f->out = g_build_filename (f->dir, data != NULL ? data : "report.pdf", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  daybook_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->out);
}

/* The report's summary prints the same facts, with their entries. */
static void
test_report_summary (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->out, NULL), ==, 0);
  text = pdf_text (f->out);
  g_assert_nonnull (strstr (text, "Behaviours associated with stalking"));
  g_assert_nonnull (strstr (text, "Protection from Harassment Act 1997 s2A(3)"));
  g_assert_nonnull (strstr (text, "Loitering 3 entries: entries 4, 6, 9"));
  g_assert_nonnull (strstr (text, "Other behaviour 3 entries: entries 2, 5, 11"));
  g_assert_null (strstr (text, "Publishing 0"));
  g_assert_nonnull (strstr (text, "The FOUR pattern"));
  g_assert_nonnull (strstr (text, "“Elm Road” is the location of 2 entries (entries 3, 4)."));
  g_assert_nonnull (strstr (text, "Daybook does not compute a risk score or a risk level"));
  g_assert_nonnull (strstr (text, "(entries 6–8, 10)."));
  g_assert_nonnull (strstr (text, "came 29 days after the first entry (entry 5)."));
  /* The words behind "home or work" are named. */
  g_assert_nonnull (strstr (text, "home, house, flat, work, workplace, office"));
}

/* report --history: every earlier version of an edited entry, with its
 * time, after the timeline; the current version only in the timeline. */
static void
test_report_history (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;
  g_autofree char *with_private = NULL;
  g_autofree char *without = NULL;
  const char *appendix, *first, *second, *third;

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->out, "--history", NULL), ==, 0);
  text = pdf_text (f->out);
  appendix = strstr (text, "Appendix: earlier versions of edited entries");
  g_assert_nonnull (appendix);
  g_assert_nonnull (strstr (appendix, "Entry 3 · 3 versions in all"));
  first = strstr (appendix, "FIRST-VERSION-3");
  second = strstr (appendix, "SECOND-VERSION-3");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (first < second);
  g_assert_true (strstr (appendix, "Version 1, saved") < first);
  g_assert_true (strstr (appendix, "Version 2, saved") < second);
  g_assert_true (strstr (appendix, "Version 2, saved") > first);
  /* The current version is in the timeline, not repeated. */
  third = strstr (text, "THIRD-VERSION-3");
  g_assert_nonnull (third);
  g_assert_true (third < appendix);
  g_assert_null (strstr (appendix, "THIRD-VERSION-3"));
  /* An earlier version's private note stays out unless asked for. */
  g_assert_null (strstr (text, "OLDNOTE-3"));
  g_assert_nonnull (strstr (appendix, "Private notes (left out of this report)"));

  g_assert_cmpint (
      cli (NULL, NULL, "report", "-o", f->out, "--history", "--include-private", "--force", NULL),
      ==, 0);
  with_private = pdf_text (f->out);
  g_assert_nonnull (strstr (with_private, "Private notes OLDNOTE-3"));

  g_assert_cmpint (cli (NULL, NULL, "report", "-o", f->out, "--force", NULL), ==, 0);
  without = pdf_text (f->out);
  g_assert_null (strstr (without, "Appendix: earlier versions"));
  g_assert_null (strstr (without, "FIRST-VERSION-3"));
}

/* A hand-over bundle made without earlier versions: the appendix says
 * how many versions the copy holds instead of printing none silently. */
static void
test_report_history_bundle (Fixture *f, gconstpointer data)
{
  g_autofree char *bundle = g_build_filename (f->dir, "bundle", NULL);
  g_autofree char *out = NULL;
  g_autofree char *code = NULL;
  g_autofree char *input = NULL;
  g_autofree char *report_out = NULL;
  g_autofree char *report_err = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  const char *argv[]
      = { "--diary", bundle, "--passphrase-fd", "0", "report", "-o", f->out, "--history", NULL };

  g_assert_cmpint (cli (&out, NULL, "bundle", bundle, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && code == NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (strlen (line) == 39 && line[4] == '-' && line[34] == '-')
        code = g_steal_pointer (&line);
    }
  g_assert_nonnull (code);
  input = g_strconcat (code, "\n", NULL);
  g_assert_cmpint (daybook_test_cli_argv (input, &report_out, &report_err, argv), ==, 0);
  text = pdf_text (f->out);
  g_assert_nonnull (strstr (text, "Entry 3 · 3 versions in all"));
  g_assert_nonnull (strstr (text, "This copy of the diary holds 1 of the entry's 3 versions"));
  g_assert_null (strstr (text, "FIRST-VERSION-3"));
}

static char *
unzip_member (const char *odt, const char *member)
{
  char *out = NULL;

  g_assert_cmpint (tool (&out, "unzip", "-p", odt, member, NULL), ==, 0);
  return out;
}

/* The text of content.xml, tags taken out. */
static char *
odt_text (const char *odt)
{
  g_autofree char *xml = unzip_member (odt, "content.xml");
  GString *s = g_string_new (NULL);
  gboolean tag = FALSE;

  for (const char *p = xml; *p != '\0'; p++)
    {
      if (*p == '<')
        tag = TRUE;
      else if (*p == '>')
        {
          tag = FALSE;
          g_string_append_c (s, ' ');
        }
      else if (!tag)
        g_string_append_c (s, *p);
    }
  {
    g_autofree char *raw = g_string_free (s, FALSE);

    return squeeze (raw);
  }
}

/* What LibreOffice and Word need to see it as a text document. */
static void
assert_odt (const char *odt)
{
  g_autofree char *listing = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *mimetype = NULL;
  g_autofree char *xml_out = NULL;
  gsize len;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (tool (&listing, "unzip", "-t", odt, NULL), ==, 0);
  g_assert_nonnull (strstr (listing, "No errors detected"));
  /* The first member is "mimetype", stored (method 0), holding the type. */
  g_file_get_contents (odt, &bytes, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 30 + 8);
  g_assert_cmpmem (bytes, 4, "PK\003\004", 4);
  g_assert_cmpint ((guchar)bytes[8] | (guchar)bytes[9] << 8, ==, 0);
  g_assert_cmpint ((guchar)bytes[26] | (guchar)bytes[27] << 8, ==, 8);
  g_assert_cmpmem (bytes + 30, 8, "mimetype", 8);
  mimetype = unzip_member (odt, "mimetype");
  g_assert_cmpstr (mimetype, ==, "application/vnd.oasis.opendocument.text");
  for (guint i = 0; i < 4; i++)
    {
      static const char *members[]
          = { "content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml" };
      g_autofree char *path = g_build_filename (g_get_tmp_dir (), "daybook-odt-XXXXXX", NULL);
      g_autofree char *xml = unzip_member (odt, members[i]);
      int fd = g_mkstemp (path);

      g_assert_cmpint (fd, >=, 0);
      close (fd);
      g_file_set_contents (path, xml, -1, &error);
      g_assert_no_error (error);
      g_test_message ("xmllint %s", members[i]);
      g_assert_cmpint (tool (&xml_out, "xmllint", "--noout", path, NULL), ==, 0);
      g_clear_pointer (&xml_out, g_free);
      g_unlink (path);
    }
}

static void
test_statement (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *mark = g_strdup_printf ("[Entry 4; exhibit %s]", exhibit_mark);
  const char *p = NULL;

  g_assert_cmpint (cli (&out, NULL, "statement", "-o", f->out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "from 11 entries"));
  assert_odt (f->out);
  text = odt_text (f->out);
  g_assert_nonnull (strstr (text, "DRAFT for the victim and their advocate to check and rewrite"));
  g_assert_nonnull (strstr (text, "Of Test Diarist"));
  /* Time order, each paragraph citing its entry. */
  for (guint i = 1; i <= 11; i++)
    {
      g_autofree char *cite = g_strdup_printf ("[Entry %u", i);
      const char *next = strstr (text, cite);

      g_assert_nonnull (next);
      g_assert_true (next > p);
      p = next;
    }
  g_assert_nonnull (strstr (text, "NARRATIVE-05 what happened. [Entry 5]"));
  g_assert_nonnull (strstr (text, "at Elm Road: THIRD-VERSION-3 he followed me. [Entry 3]"));
  g_assert_nonnull (strstr (text, mark));
  /* No private entry, no private note, no earlier version. */
  g_assert_null (strstr (text, "NARRATIVE-12"));
  g_assert_null (strstr (text, "NOTE-8-SECRET"));
  g_assert_null (strstr (text, "PRIVATE-NOTE-12"));
  g_assert_null (strstr (text, "FIRST-VERSION-3"));
}

static void
test_statement_private (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;

  g_assert_cmpint (cli (NULL, NULL, "statement", "-o", f->out, "--include-private", NULL), ==, 0);
  assert_odt (f->out);
  text = odt_text (f->out);
  g_assert_nonnull (strstr (text, "Private note (entry 8): NOTE-8-SECRET"));
  g_assert_nonnull (strstr (text, "NARRATIVE-12 what happened. [Entry 12]"));
}

/* The same filters as the report. */
static void
test_statement_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;

  g_assert_cmpint (cli (NULL, NULL, "statement", "-o", f->out, "--from", "2026-02-01", "--to",
                        "2026-02-17", "--type", "loitering", "--type", "watching", "--type",
                        "threat", NULL),
                   ==, 0);
  text = odt_text (f->out);
  g_assert_nonnull (strstr (text, "[Entry 5]"));
  g_assert_nonnull (strstr (text, "[Entry 6]"));
  g_assert_nonnull (strstr (text, "[Entry 7]"));
  g_assert_null (strstr (text, "[Entry 4"));
  g_assert_null (strstr (text, "[Entry 8]"));
  g_assert_null (strstr (text, "[Entry 10]"));
}

static void
test_impact_statement (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;
  const char *a, *b, *c;

  g_assert_cmpint (cli (NULL, NULL, "impact-statement", "-o", f->out, NULL), ==, 0);
  assert_odt (f->out);
  text = odt_text (f->out);
  g_assert_nonnull (strstr (text, "Personal statement draft"));
  g_assert_nonnull (strstr (text, "DRAFT for the victim and their advocate to check and rewrite"));
  g_assert_nonnull (strstr (text, "On 1 occasion I recorded that I feared violence"));
  g_assert_nonnull (strstr (text, "(entry 5)"));
  g_assert_nonnull (strstr (text, "On 1 occasion I recorded that it caused me alarm or distress"));
  a = strstr (text, "(entry 1): IMPACT-01");
  b = strstr (text, "(entry 4): IMPACT-04");
  c = strstr (text, "(entry 11): IMPACT-11");
  g_assert_nonnull (a);
  g_assert_true (a < b && b < c);
  g_assert_null (strstr (text, "IMPACT-12"));
  g_assert_nonnull (strstr (text, "Changes to my routine"));
  g_assert_nonnull (strstr (text, "Safety measures I have taken"));
}

/* An existing file is refused and left as it was; --force replaces it. */
static void
test_statement_exists (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *kept = NULL;
  g_autoptr (GError) error = NULL;

  g_file_set_contents (f->out, "KEEP-ME", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cli (NULL, &err, "statement", "-o", f->out, NULL), !=, 0);
  g_assert_nonnull (strstr (err, "already exists. Use --force to replace it."));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (NULL, &err, "impact-statement", "-o", f->out, NULL), !=, 0);
  g_file_get_contents (f->out, &kept, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, "KEEP-ME");

  /* The core refuses too, even if the file appears after the check. */
  {
    g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
    g_autoptr (DaybookQuery) query = daybook_query_new ();
    g_autoptr (GError) refused = NULL;

    g_assert_false (daybook_diary_write_statement (diary, DAYBOOK_STATEMENT_NARRATIVE, query, NULL,
                                                   NULL, f->out, DAYBOOK_STATEMENT_NONE, NULL, NULL,
                                                   &refused));
    g_assert_error (refused, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS);
    daybook_diary_close (diary);
  }
  g_clear_pointer (&kept, g_free);
  g_file_get_contents (f->out, &kept, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, "KEEP-ME");

  g_assert_cmpint (cli (NULL, NULL, "statement", "-o", f->out, "--force", NULL), ==, 0);
  assert_odt (f->out);
  /* Nothing left beside it. */
  {
    g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (dir) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
}

static void
async_done (GObject *source, GAsyncResult *result, gpointer data)
{
  guint *n = data;
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_diary_write_statement_finish (DAYBOOK_DIARY (source), result, n, &error));
  g_assert_no_error (error);
}

static void
conduct_done (GObject *source, GAsyncResult *result, gpointer data)
{
  DaybookConduct **out = data;
  g_autoptr (GError) error = NULL;

  *out = daybook_diary_compute_conduct_finish (DAYBOOK_DIARY (source), result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (diary_dir);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookConduct) c = NULL;
  guint n = 0;

  query->include_private = FALSE;
  daybook_diary_write_statement_async (diary, DAYBOOK_STATEMENT_IMPACT, query, NULL, NULL, f->out,
                                       DAYBOOK_STATEMENT_NONE, NULL, async_done, &n);
  while (n == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n, ==, 11);
  assert_odt (f->out);

  daybook_diary_compute_conduct_async (diary, query, NULL, NULL, conduct_done, &c);
  while (c == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (c->n_entries, ==, 11);
  daybook_diary_close (diary);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fill_diary ();

  g_test_add_func ("/conduct/groups-and-weeks", test_groups_and_weeks);
  g_test_add_func ("/conduct/four", test_four);
  g_test_add_func ("/conduct/screening", test_screening);
  g_test_add_func ("/conduct/private", test_private);
  g_test_add_func ("/conduct/short-selection", test_short_selection);
  g_test_add_func ("/conduct/format-numbers", test_format_numbers);
#define ADD(path, file, func)                                                                      \
  g_test_add (path, Fixture, file, fixture_setup, func, fixture_teardown)
  ADD ("/conduct/report/summary", "report.pdf", test_report_summary);
  ADD ("/conduct/report/history", "report.pdf", test_report_history);
  ADD ("/conduct/report/history-bundle", "report.pdf", test_report_history_bundle);
  ADD ("/statement/narrative", "draft.odt", test_statement);
  ADD ("/statement/private", "draft.odt", test_statement_private);
  ADD ("/statement/filters", "draft.odt", test_statement_filters);
  ADD ("/statement/impact", "vps.odt", test_impact_statement);
  ADD ("/statement/exists", "draft.odt", test_statement_exists);
  ADD ("/statement/async", "vps.odt", test_async);
#undef ADD

  status = g_test_run ();
  daybook_test_rm_copy (diary_dir);
  g_free (diary_dir);
  g_free (exhibit_mark);
  return status;
}
