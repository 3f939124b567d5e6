/* test-verify.c — verify in one pass over the history, tried at 1,000 entries
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `verify` reads the history once: the chain, each entry's last revision
 * and the clock's regressions come from the same pass, the database
 * structure is checked on a second connection meanwhile, and each entry's
 * snapshot is written straight into a string rather than through a JSON
 * tree. Tried here as someone with the key and an SQL shell would: records
 * altered in the middle of 1,000 entries, and each must still be found,
 * with its number, once, in the order the checks always gave. And the
 * shortcut writer must give the very bytes the model's own serialisation
 * gives, for text no form would let through.
 */

#include "config.h"

#include <string.h>

#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-history.h"
#include "daybook-incident-private.h"
#include "daybook-test-util.h"
#include "daybook-verify.h"

#define N_ENTRIES 1000

typedef struct
{
  char *dir;
  DaybookDiary *diary;
} Fixture;

static DaybookIncident *
make_incident (gint64 utc, int offset, const char *zone, const char *title)
{
  DaybookIncident *incident = daybook_incident_new ();
  DaybookWhen w = { utc, offset, (char *)zone };

  daybook_incident_set_start (incident, &w);
  daybook_incident_set_title (incident, title);
  daybook_incident_set_narrative (incident, "What happened, in a few words.");
  return incident;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = daybook_test_copy_fast_template ();
  f->diary = daybook_test_open (f->dir);
  g_assert_true (daybook_diary_begin_batch (f->diary, &error));
  for (int i = 1; i <= N_ENTRIES; i++)
    {
      g_autofree char *title = g_strdup_printf ("entry %d", i);
      g_autoptr (DaybookIncident) incident
          = make_incident (1767225600 + 3600 * (gint64)i, 0, "Europe/London", title);

      if (i % 3 == 0)
        daybook_incident_add_person (incident, "Mark \"the neighbour\" T", DAYBOOK_ROLE_SUSPECT);
      if (i % 4 == 0)
        daybook_incident_set_types (incident,
                                    DAYBOOK_BEHAVIOUR_FOLLOWING | DAYBOOK_BEHAVIOUR_MONITORING);
      g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
      g_assert_no_error (error);
      /* Every tenth entry is edited once: two revisions. */
      if (i % 10 == 0)
        {
          daybook_incident_set_location (incident, "Outside the school");
          g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
        }
    }
  g_assert_true (daybook_diary_end_batch (f->diary, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (daybook_diary_delete_incident (f->diary, 999, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->diary);
  daybook_test_rm_copy (f->dir);
  g_free (f->dir);
}

static void
tamper (DaybookDiary *diary, const char *sql)
{
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (diary);
  g_assert_true (_daybook_sql_exec (_daybook_diary_get_db (diary), sql, &error));
  g_assert_no_error (error);
  _daybook_diary_unlock (diary);
}

/* The problems verify finds, one string, a line each. */
static char *
verify_lines (DaybookDiary *diary)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  GString *lines = g_string_new ("");

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_string_append_printf (lines, "%s\n", (char *)problems->pdata[i]);
  return g_string_free (lines, FALSE);
}

static void
test_intact (Fixture *f, gconstpointer data)
{
  g_autofree char *lines = verify_lines (f->diary);

  g_assert_cmpstr (lines, ==, "");
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions WHERE entity = 'incident'"),
      ==, N_ENTRIES + N_ENTRIES / 10 + 1);
}

/* Altered records in the middle of the history, each found with its
 * number: the chain's findings in history order, then the entries' in
 * number order, then the entries whose row is gone. */
static void
test_altered_in_the_middle (Fixture *f, gconstpointer data)
{
  gint64 last_500
      = daybook_test_sql_count (f->diary, "SELECT max(id) FROM revisions WHERE entity_id = 500"
                                          " AND entity = 'incident'");
  gint64 first_300
      = daybook_test_sql_count (f->diary, "SELECT min(id) FROM revisions WHERE entity_id = 300"
                                          " AND entity = 'incident'");
  gint64 gone = daybook_test_sql_count (f->diary, "SELECT id FROM revisions WHERE entity_id = 611"
                                                  " AND entity = 'incident'");
  g_autofree char *expected = NULL;
  g_autofree char *lines = NULL;

  /* The last revision of 500 (both the chain and the entry disagree); an
   * earlier revision of 300 (only the chain: 300 still reads as its last
   * revision); the row of 700 (only the entry); 611's only revision (a
   * hole in the chain, and an entry with no history); 800's row. */
  /* (The last revision's snapshot is not stored: one is planted, as the
   * entry's row would give it, altered.) */
  tamper (f->diary, "UPDATE revisions SET snapshot = replace (daybook_incident_snapshot (500),"
                    " 'entry 500', 'entry 5OO')"
                    " WHERE entity = 'incident' AND entity_id = 500 AND revision = 2");
  tamper (f->diary, "UPDATE revisions SET snapshot = replace (snapshot, 'entry 300', 'entry 3OO')"
                    " WHERE entity = 'incident' AND entity_id = 300 AND revision = 1");
  tamper (f->diary, "UPDATE incidents SET narrative = 'Nothing happened.' WHERE number = 700");
  tamper (f->diary, "DELETE FROM revisions WHERE entity = 'incident' AND entity_id = 611");
  tamper (f->diary, "DELETE FROM incident_people WHERE number = 800;"
                    " DELETE FROM incident_types WHERE number = 800;"
                    " DELETE FROM incidents WHERE number = 800");

  expected = g_strdup_printf (
      "History record %" G_GINT64_FORMAT " (incident 300) does not match its hash chain: it was"
      " altered outside Daybook.\n"
      "History record %" G_GINT64_FORMAT " (incident 500) does not match its hash chain: it was"
      " altered outside Daybook.\n"
      "History record %" G_GINT64_FORMAT " is missing.\n"
      /* The next link was made from the one that is gone. */
      "History record %" G_GINT64_FORMAT " (incident 612) does not match its hash chain: it was"
      " altered outside Daybook.\n"
      "Entry 500 differs from its last saved revision: it was changed outside Daybook.\n"
      "Entry 611 has no history: it was added outside Daybook.\n"
      "Entry 700 differs from its last saved revision: it was changed outside Daybook.\n"
      "Entry 800 is missing: it was removed outside Daybook.\n",
      first_300, last_500, gone, gone + 1);
  lines = verify_lines (f->diary);
  g_assert_cmpstr (lines, ==, expected);
}

/* A deleted entry brought back, and a revision number changed: neither
 * changes the snapshot's bytes of the row, both are found. */
static void
test_deleted_and_revision (Fixture *f, gconstpointer data)
{
  g_autofree char *lines = NULL;

  tamper (f->diary, "UPDATE incidents SET deleted_at = NULL WHERE number = 999");
  tamper (f->diary, "UPDATE incidents SET revision = 1 WHERE number = 420");
  lines = verify_lines (f->diary);
  g_assert_cmpstr (lines, ==,
                   "Entry 420 differs from its last saved revision: it was changed outside "
                   "Daybook.\n"
                   "Entry 999 differs from its last saved revision: it was changed outside "
                   "Daybook.\n");
}

/* The structure check runs on its own connection; what it finds still
 * comes first. An index that disagrees with its table is damage only it
 * sees. */
static void
test_structure_first (Fixture *f, gconstpointer data)
{
  g_autofree char *lines = NULL;

  tamper (f->diary, "PRAGMA writable_schema = ON;"
                    " UPDATE sqlite_master SET sql = replace (sql, 'start_utc, number', 'number,"
                    " start_utc') WHERE name = 'incidents_by_start';"
                    " PRAGMA writable_schema = OFF;");
  tamper (f->diary, "UPDATE incidents SET narrative = 'Nothing happened.' WHERE number = 10");
  /* The schema changed under the diary's connection: a new one reads it. */
  g_clear_object (&f->diary);
  f->diary = daybook_test_open (f->dir);
  lines = verify_lines (f->diary);
  g_assert_true (g_str_has_prefix (lines, "The database structure is damaged: "));
  g_assert_true (g_str_has_suffix (
      lines, "\nEntry 10 differs from its last saved revision: it was changed outside Daybook.\n"));
}

/* The clock's regressions from verify's own pass are the ones the history
 * lists. */
static void
test_regressions (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) incident = make_incident (1767225600, 0, "Europe/London", "later");

  _daybook_chain_set_clock_offset_for_test (-86400 * 3);
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  daybook_incident_set_title (incident, "later, edited");
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  _daybook_chain_set_clock_offset_for_test (0);

  g_assert_true (daybook_diary_verify_full (f->diary, &problems, &found, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  listed = daybook_diary_list_clock_regressions (f->diary, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpuint (found->len, ==, listed->len);
  for (guint i = 0; i < found->len; i++)
    {
      const DaybookClockRegression *a = found->pdata[i], *b = listed->pdata[i];

      g_assert_cmpint (a->link, ==, b->link);
      g_assert_cmpstr (a->entity, ==, b->entity);
      g_assert_cmpint (a->entity_id, ==, b->entity_id);
      g_assert_cmpuint (a->revision, ==, b->revision);
      g_assert_cmpint (a->at, ==, b->at);
      g_assert_cmpint (a->previous_at, ==, b->previous_at);
    }
  g_assert_cmpint (((DaybookClockRegression *)found->pdata[0])->entity_id, ==, N_ENTRIES + 1);
}

/* ---- the latest snapshot made from the row ----------------------------------- */

static char *
snapshot_of_row (DaybookDiary *diary, gint64 number)
{
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (diary);
  found = _daybook_diary_load_incidents (diary, &number, 1, &error);
  _daybook_diary_unlock (diary);
  g_assert_no_error (error);
  g_assert_nonnull (found->pdata[0]);
  return _daybook_incident_to_snapshot (found->pdata[0]);
}

static char *
last_in_history (DaybookDiary *diary, gint64 number)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) history = daybook_diary_list_history (diary, "incident", number, &error);
  g_autoptr (DaybookRevision) last = NULL;

  g_assert_no_error (error);
  last = g_list_model_get_item (history, g_list_model_get_n_items (history) - 1);
  return g_strdup (daybook_revision_get_snapshot (last));
}

/* Each entry's latest revision keeps no snapshot, and only it: the history
 * shows it made from the row, byte for byte the model's; an edit writes the
 * one before out, as it was hashed. */
static void
test_latest_not_stored (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) edited = NULL;
  g_autofree char *before_edit = NULL;
  g_autofree char *lines = NULL;
  gint64 numbers[] = { 3, 10, 500, 999, N_ENTRIES };

  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions WHERE snapshot IS NULL"),
      ==, N_ENTRIES);
  g_assert_cmpint (daybook_test_sql_count (
                       f->diary, "SELECT count(*) FROM revisions r WHERE snapshot IS NULL"
                                 " AND (entity != 'incident' OR revision != (SELECT max(l.revision)"
                                 " FROM revisions l WHERE l.entity = 'incident'"
                                 " AND l.entity_id = r.entity_id))"),
                   ==, 0);
  /* The first versions of the edited entries and of the deleted one are
   * kept. */
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions WHERE entity = 'incident'"
                                        " AND snapshot IS NOT NULL"),
      ==, N_ENTRIES / 10 + 1);

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *shown = last_in_history (f->diary, numbers[i]);
      g_autofree char *row = snapshot_of_row (f->diary, numbers[i]);

      g_assert_cmpstr (shown, ==, row);
    }

  before_edit = last_in_history (f->diary, 10);
  edited = daybook_diary_get_incident (f->diary, 10, &error);
  g_assert_no_error (error);
  daybook_incident_set_title (edited, "entry 10, edited again");
  g_assert_true (daybook_diary_save_incident (f->diary, edited, &error));
  g_assert_no_error (error);
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions WHERE entity = 'incident'"
                                        " AND entity_id = 10 AND revision = 2"
                                        " AND snapshot IS NOT NULL"),
      ==, 1);
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions WHERE entity = 'incident'"
                                        " AND entity_id = 10 AND revision = 3"
                                        " AND snapshot IS NULL"),
      ==, 1);
  {
    g_autoptr (GListModel) history = daybook_diary_list_history (f->diary, "incident", 10, &error);
    g_autoptr (DaybookRevision) second = g_list_model_get_item (history, 1);

    g_assert_cmpstr (daybook_revision_get_snapshot (second), ==, before_edit);
  }
  /* A delete too. */
  g_assert_true (daybook_diary_delete_incident (f->diary, 10, &error));
  g_assert_no_error (error);
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions WHERE entity = 'incident'"
                                        " AND entity_id = 10 AND snapshot IS NULL"),
      ==, 1);
  lines = verify_lines (f->diary);
  g_assert_cmpstr (lines, ==, "");
}

/* What a defence expert would try with the stock shell and the raw key:
 * a narrative, a behaviour type, a person's role in an entry, the start
 * time, a types row deleted. The latest revisions keep no snapshot, so
 * each is found through the revision's link, once, with its number; and
 * Daybook refuses to write an altered row into the history. */
static void
test_altered_with_the_shell (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) incident = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *again = NULL;
  gint64 revisions;
  const char *expected = "Entry 101 differs from its last saved revision: it was changed outside"
                         " Daybook.\n"
                         "Entry 204 differs from its last saved revision: it was changed outside"
                         " Daybook.\n"
                         "Entry 303 differs from its last saved revision: it was changed outside"
                         " Daybook.\n"
                         "Entry 402 differs from its last saved revision: it was changed outside"
                         " Daybook.\n"
                         "Entry 500 differs from its last saved revision: it was changed outside"
                         " Daybook.\n";

  g_clear_object (&f->diary);
  daybook_test_sqlcipher (f->dir, TEST_PASSPHRASE,
                          "UPDATE incidents SET narrative = 'Nothing happened.' WHERE number = 101;"
                          "UPDATE incident_types SET type = 'contact' WHERE number = 204"
                          " AND type = 'following';"
                          "UPDATE incident_people SET role = 'witness' WHERE number = 303;"
                          "UPDATE incidents SET start_utc = start_utc + 60 WHERE number = 402;"
                          /* 500 was edited: its latest revision is its second. */
                          "DELETE FROM incident_types WHERE number = 500 AND type = 'monitoring';",
                          NULL);
  f->diary = daybook_test_open (f->dir);
  lines = verify_lines (f->diary);
  g_assert_cmpstr (lines, ==, expected);
  revisions = daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions");

  /* An edit or delete of an altered entry would store the altered row as
   * its history: refused, and nothing written. */
  incident = daybook_diary_get_incident (f->diary, 101, &error);
  g_assert_no_error (error);
  daybook_incident_set_title (incident, "laundered");
  g_assert_false (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "Entry 101 was changed outside Daybook"));
  g_clear_error (&error);
  g_assert_false (daybook_diary_delete_incident (f->diary, 500, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_cmpint (
      daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions WHERE snapshot IS NULL"),
      ==, N_ENTRIES);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM revisions"), ==,
                   revisions);
  again = verify_lines (f->diary);
  g_assert_cmpstr (again, ==, expected);

  /* An entry not altered is still edited as ever. */
  g_clear_object (&incident);
  incident = daybook_diary_get_incident (f->diary, 102, &error);
  g_assert_no_error (error);
  daybook_incident_set_title (incident, "entry 102, edited");
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_no_error (error);
}

/* A snapshot emptied where one must be stored (an earlier revision) is an
 * alteration of the chain, found once. */
static void
test_older_snapshot_emptied (Fixture *f, gconstpointer data)
{
  gint64 first_20
      = daybook_test_sql_count (f->diary, "SELECT min(id) FROM revisions WHERE entity_id = 20"
                                          " AND entity = 'incident'");
  g_autofree char *expected = g_strdup_printf (
      "History record %" G_GINT64_FORMAT " (incident 20) does not match its hash chain: it was"
      " altered outside Daybook.\n",
      first_20);
  g_autofree char *lines = NULL;

  tamper (f->diary, "UPDATE revisions SET snapshot = NULL WHERE entity = 'incident'"
                    " AND entity_id = 20 AND revision = 1");
  lines = verify_lines (f->diary);
  g_assert_cmpstr (lines, ==, expected);
}

/* ---- the snapshot written directly ------------------------------------------ */

/* Whether the writer takes @utc at @offset, by GLib's own calendar. */
static gboolean
writable (gint64 utc, int offset)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_utc (utc + offset);

  return local != NULL && g_date_time_get_year (local) >= 1000
         && g_date_time_get_year (local) <= 9999 && ABS (offset) <= 18 * 3600;
}

/* The writer gives the model's bytes when it writes; @writes: whether it
 * must. */
static void
assert_same_snapshot_or_declines (DaybookIncident *incident, gboolean writes)
{
  g_autoptr (GString) fast = g_string_new ("stale");

  g_assert_cmpint (_daybook_incident_write_snapshot (incident, fast), ==, writes);
  /* (GDateTime itself cannot hold some of the times declined.) */
  if (writes)
    {
      g_autofree char *slow = _daybook_incident_to_snapshot (incident);

      g_assert_cmpstr (fast->str, ==, slow);
    }
}

static void
assert_same_snapshot (DaybookIncident *incident)
{
  assert_same_snapshot_or_declines (incident, TRUE);
}

static void
test_writer_bytes (void)
{
  char all[256];
  const char *fields[] = { "title",      "narrative",      "location",    "impact",
                           "police-ref", "police-officer", "police-date", "private-notes" };

  /* Every byte from 1 to 255 (invalid UTF-8 included: an altered row
   * need not be valid), in every text field and in a person's name. */
  for (int c = 1; c < 256; c++)
    all[c - 1] = (char)c;
  all[255] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr (DaybookIncident) incident = make_incident (0, 0, NULL, "t");

      g_object_set (incident, fields[i], all, NULL);
      assert_same_snapshot (incident);
    }
  for (int c = 1; c < 256; c++)
    {
      char one[4] = { 'a', (char)c, 'b', '\0' };
      g_autoptr (DaybookIncident) incident = make_incident (0, 0, one, one);

      daybook_incident_add_person (incident, one, DAYBOOK_ROLE_WITNESS);
      assert_same_snapshot (incident);
    }
}

static void
test_writer_fields (void)
{
  /* Times from year 1000 to 9999, offsets east and west, with minutes and
   * with seconds; an end; every behaviour; people; breaches; flags. */
  const gint64 times[] = { -30610224000,
                           -30610224000 + 86399,
                           -62135596800 + 86400LL * 366 * 999,
                           -1,
                           0,
                           1,
                           951782400,
                           1709164800,
                           1767225599,
                           4102444800,
                           253402300799 - 18 * 3600 };
  const int offsets[] = { 0, 3600, -18000, 19800, -12600, 45900, -3600 * 18, 3600 * 18, 3601, -59 };

  guint written = 0;

  for (guint t = 0; t < G_N_ELEMENTS (times); t++)
    for (guint o = 0; o < G_N_ELEMENTS (offsets); o++)
      {
        g_autoptr (DaybookIncident) incident
            = make_incident (times[t], offsets[o], "America/New_York", "times");
        DaybookWhen end = { times[t] + 7200, -offsets[o], (char *)"Asia/Kolkata" };

        gboolean start_ok = writable (times[t], offsets[o]);

        written += start_ok;

        assert_same_snapshot_or_declines (incident, start_ok);
        daybook_incident_set_end (incident, &end);
        _daybook_incident_set_stored (incident, 42 + t, times[t], times[t] + o, o + 1, 0);
        assert_same_snapshot_or_declines (incident, start_ok && writable (end.utc, end.offset)
                                                        && writable (times[t], 0)
                                                        && writable (times[t] + o, 0));
      }

  /* Most of them are written, not declined. */
  g_assert_cmpuint (written, >=, G_N_ELEMENTS (times) * G_N_ELEMENTS (offsets) - 10);

  {
    g_autoptr (DaybookIncident) incident = make_incident (1709164800, 0, "Etc/UTC", "everything");
    DaybookBehaviour all = 0;

    for (guint i = 0; i < DAYBOOK_N_BEHAVIOURS; i++)
      all |= daybook_behaviour_nth (i);
    daybook_incident_set_types (incident, all);
    daybook_incident_add_person (incident, "Mark T", DAYBOOK_ROLE_SUSPECT);
    daybook_incident_add_person (incident, "A. N. Other", DAYBOOK_ROLE_WITNESS);
    daybook_incident_add_breach (incident, 3, 1);
    daybook_incident_add_breach (incident, 12, 4);
    daybook_incident_set_fear_of_violence (incident, TRUE);
    daybook_incident_set_police_reported (incident, TRUE);
    daybook_incident_set_private (incident, TRUE);
    daybook_incident_set_precision (incident, DAYBOOK_PRECISION_DAY);
    _daybook_incident_set_stored (incident, G_MAXINT64, 1709164800, 1709165000, G_MAXUINT, 0);
    assert_same_snapshot (incident);
  }
}

/* Outside what it writes, the writer declines, and verify takes the long
 * way: an entry dated in the year 999 still verifies, and altered, is
 * still found. */
static void
test_writer_declines (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookIncident) incident
      = make_incident (-30610224000 - 86400, 0, "Europe/London", "long ago");
  g_autoptr (GString) out = g_string_new ("");
  g_autoptr (GError) error = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *expected = NULL;
  gint64 number;

  g_assert_false (_daybook_incident_write_snapshot (incident, out));
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_no_error (error);
  number = daybook_incident_get_number (incident);
  lines = verify_lines (f->diary);
  g_assert_cmpstr (lines, ==, "");

  {
    g_autoptr (DaybookIncident) far = make_incident (0, 19 * 3600, "Etc/GMT-14", "far east");

    g_assert_false (_daybook_incident_write_snapshot (far, out));
  }

  tamper (f->diary, "UPDATE incidents SET title = 'not so long ago' WHERE title = 'long ago'");
  g_free (lines);
  lines = verify_lines (f->diary);
  expected = g_strdup_printf ("Entry %" G_GINT64_FORMAT
                              " differs from its last saved revision: it was changed outside "
                              "Daybook.\n",
                              number);
  g_assert_cmpstr (lines, ==, expected);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn)                                                                              \
  g_test_add ("/verify/" name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("intact", test_intact);
  ADD ("altered-in-the-middle", test_altered_in_the_middle);
  ADD ("deleted-and-revision", test_deleted_and_revision);
  ADD ("structure-first", test_structure_first);
  ADD ("regressions", test_regressions);
  ADD ("writer-declines", test_writer_declines);
  ADD ("latest-not-stored", test_latest_not_stored);
  ADD ("altered-with-the-shell", test_altered_with_the_shell);
  ADD ("older-snapshot-emptied", test_older_snapshot_emptied);
#undef ADD
  g_test_add_func ("/verify/writer-bytes", test_writer_bytes);
  g_test_add_func ("/verify/writer-fields", test_writer_fields);

  return g_test_run ();
}
