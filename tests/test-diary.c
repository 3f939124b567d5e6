/* test-diary.c — the encrypted diary: open, save, history, search, damage
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>

#include "daybook-demo.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-incident-list.h"
#include "daybook-incident-private.h"
#include "daybook-test-util.h"

typedef struct
{
  char *dir;
  DaybookDiary *diary;
} DiaryFixture;

static void
diary_setup (DiaryFixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
  f->diary = daybook_test_open (f->dir);
}

static void
diary_setup_closed (DiaryFixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_template ();
}

static void
diary_teardown (DiaryFixture *f, gconstpointer data)
{
  /* A worker thread lets go of its task, and so of the diary, a moment
   * after the task's callback has run. */
  for (int i = 0; f->diary != NULL && i < 400 && G_OBJECT (f->diary)->ref_count > 1; i++)
    g_usleep (5000);
  if (f->diary != NULL)
    g_assert_finalize_object (f->diary);
  daybook_test_rm_copy (f->dir);
  g_free (f->dir);
}

static DaybookIncident *
make_incident (const char *when, const char *title, const char *narrative)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GError) error = NULL;
  DaybookIncident *incident = daybook_incident_new ();
  DaybookWhen w = { 0 };

  g_assert_true (daybook_when_parse (when, tz, &w, NULL, &error));
  daybook_incident_set_start (incident, &w);
  daybook_when_clear (&w);
  daybook_incident_set_title (incident, title);
  daybook_incident_set_narrative (incident, narrative);
  return incident;
}

static gint64
add (DaybookDiary *diary, const char *when, const char *title, const char *narrative)
{
  g_autoptr (DaybookIncident) incident = make_incident (when, title, narrative);
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_diary_save_incident (diary, incident, &error));
  g_assert_no_error (error);
  return daybook_incident_get_number (incident);
}

static GBytes *
read_in (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  return daybook_test_read (path);
}

static void
assert_problems (DaybookDiary *diary, guint expected_min)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  if (expected_min == 0)
    {
      for (guint i = 0; i < problems->len; i++)
        g_test_message ("unexpected: %s", (char *)problems->pdata[i]);
      g_assert_cmpuint (problems->len, ==, 0);
    }
  else
    g_assert_cmpuint (problems->len, >=, expected_min);
}

/* ---- opening ---------------------------------------------------------- */

static void
test_open_wrong_passphrase (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) wrong = daybook_test_secret ("correct horse battery stapler");
  g_autoptr (GBytes) keys = read_in (f->dir, "keys");
  g_autoptr (GBytes) bak = read_in (f->dir, "keys.bak");
  g_autoptr (GBytes) db = read_in (f->dir, "diary.db");
  g_autoptr (GBytes) keys2 = NULL, bak2 = NULL, db2 = NULL;
  g_autoptr (DaybookDiary) diary = daybook_diary_open (f->dir, wrong, &error);

  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);

  /* Every file byte-identical afterwards. */
  keys2 = read_in (f->dir, "keys");
  bak2 = read_in (f->dir, "keys.bak");
  db2 = read_in (f->dir, "diary.db");
  g_assert_true (g_bytes_equal (keys, keys2));
  g_assert_true (g_bytes_equal (bak, bak2));
  g_assert_true (g_bytes_equal (db, db2));
}

static void
test_create_refuses_existing (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("another");
  g_autoptr (GBytes) db = read_in (f->dir, "diary.db");
  g_autoptr (GBytes) db2 = NULL;
  g_autoptr (DaybookDiary) diary = daybook_diary_create (f->dir, pass, NULL, &error);

  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS);
  db2 = read_in (f->dir, "diary.db");
  g_assert_true (g_bytes_equal (db, db2));
}

static void
test_create_refuses_empty_passphrase (void)
{
  g_autofree char *dir = daybook_test_make_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "d", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) empty = daybook_test_secret ("");
  g_autoptr (DaybookDiary) diary = daybook_diary_create (sub, empty, NULL, &error);

  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_assert_false (g_file_test (sub, G_FILE_TEST_EXISTS));
  daybook_test_rm_rf (dir);
}

static void
test_open_missing (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookDiary) diary = daybook_diary_open ("/nonexistent/daybook", pass, &error);

  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);
  g_assert_false (g_file_test ("/nonexistent/daybook", G_FILE_TEST_EXISTS));
}

static void
test_open_recovery_code (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) code = daybook_test_secret (daybook_test_recovery_code ());
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("a new passphrase");

  f->diary = daybook_diary_open_with_recovery_code (f->dir, code, &error);
  g_assert_no_error (error);
  daybook_diary_close (f->diary);
  g_clear_object (&f->diary);

  /* The recovery code sets a new passphrase; the old one stops working. */
  g_assert_true (daybook_change_passphrase (f->dir, DAYBOOK_SLOT_RECOVERY, code, newpass, &error));
  g_assert_no_error (error);
  f->diary = daybook_diary_open (f->dir, newpass, &error);
  g_assert_no_error (error);
}

static void
test_passphrase_change (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) old = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookSecret) newpass = daybook_test_secret ("new and improved");
  g_autoptr (GBytes) db = read_in (f->dir, "diary.db");
  g_autoptr (GBytes) db2 = NULL;
  g_autoptr (GBytes) keys = NULL, bak = NULL;
  g_autoptr (DaybookDiary) diary = NULL;

  g_assert_true (daybook_change_passphrase (f->dir, DAYBOOK_SLOT_PASSPHRASE, old, newpass, &error));
  g_assert_no_error (error);

  /* Only the key file changed, and both copies are in step. */
  db2 = read_in (f->dir, "diary.db");
  g_assert_true (g_bytes_equal (db, db2));
  keys = read_in (f->dir, "keys");
  bak = read_in (f->dir, "keys.bak");
  g_assert_true (g_bytes_equal (keys, bak));

  diary = daybook_diary_open (f->dir, old, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  f->diary = daybook_diary_open (f->dir, newpass, &error);
  g_assert_no_error (error);
}

static void
test_damaged_keys_fallback (DiaryFixture *f, gconstpointer data)
{
  g_autofree char *keys = g_build_filename (f->dir, "keys", NULL);
  g_autofree char *bak = g_build_filename (f->dir, "keys.bak", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (GBytes) good = daybook_test_read (bak);
  g_autoptr (GBytes) repaired = NULL;
  g_autoptr (DaybookDiary) diary = NULL;

  /* One copy damaged: the other is used, and the damaged one repaired. */
  daybook_test_flip_byte (keys, 40);
  f->diary = daybook_diary_open (f->dir, pass, &error);
  g_assert_no_error (error);
  repaired = daybook_test_read (keys);
  g_assert_true (g_bytes_equal (good, repaired));
  daybook_diary_close (f->diary);

  /* Missing entirely: the same. */
  g_unlink (keys);
  diary = daybook_diary_open (f->dir, pass, &error);
  g_assert_no_error (error);
  daybook_diary_close (diary);
  g_clear_object (&diary);

  /* Both damaged: damaged, exit code 4, and nothing created. */
  daybook_test_flip_byte (keys, 3);
  daybook_test_flip_byte (bak, 100);
  diary = daybook_diary_open (f->dir, pass, &error);
  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  g_assert_cmpint (daybook_error_exit_code (error), ==, 4);
}

static void
test_damaged_database (DiaryFixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "diary.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (GBytes) before = NULL, after = NULL;
  g_autoptr (DaybookDiary) diary = NULL;

  /* The first page holds the schema: damage there cannot go unnoticed. */
  daybook_test_flip_byte (db, 200);
  before = daybook_test_read (db);
  diary = daybook_diary_open (f->dir, pass, &error);
  g_assert_null (diary);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  after = daybook_test_read (db);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_error (&error);

  /* And a missing database is damage too, never a reason to make a new one. */
  g_unlink (db);
  diary = daybook_diary_open (f->dir, pass, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
}

static void
test_second_open_busy (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookDiary) second = NULL;

  /* The second waits a few seconds for the first, then is told. */
  second = daybook_diary_open (f->dir, pass, &error);
  g_assert_null (second);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_BUSY);
}

static void
test_lock_wipes (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) incident = make_incident ("2026-01-01T10:00", "t", "n");

  daybook_diary_close (f->diary);
  g_assert_false (daybook_diary_is_open (f->diary));
  g_assert_false (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_LOCKED);
  g_assert_null (daybook_diary_dup_fingerprint (f->diary));
}

/* ---- the database ------------------------------------------------------ */

static void
test_settings_checked (DiaryFixture *f, gconstpointer data)
{
  sqlite3 *db = _daybook_diary_get_db (f->diary);
  const char *pragmas[][2] = {
    { "PRAGMA cipher_page_size", "4096" }, { "PRAGMA journal_mode", "wal" },
    { "PRAGMA synchronous", "2" },         { "PRAGMA secure_delete", "1" },
    { "PRAGMA foreign_keys", "1" },        { "PRAGMA temp_store", "2" },
    { "PRAGMA user_version", "8" },        { "PRAGMA auto_vacuum", "2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pragmas); i++)
    {
      g_auto (DaybookStmt) stmt = _daybook_sql_prepare (db, pragmas[i][0], NULL);

      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, pragmas[i][1]);
    }
}

static void
test_crud (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) incident
      = make_incident ("2026-03-01T21:40", "Followed", "He followed me.");
  g_autoptr (DaybookIncident) loaded = NULL;
  g_autoptr (DaybookIncident) edited = NULL;
  g_autoptr (GListModel) history = NULL;
  gint64 recorded;

  daybook_incident_set_types (incident, DAYBOOK_BEHAVIOUR_FOLLOWING | DAYBOOK_BEHAVIOUR_THREAT);
  daybook_incident_add_person (incident, "Jordan", DAYBOOK_ROLE_SUSPECT);
  daybook_incident_add_person (incident, "Casey", DAYBOOK_ROLE_WITNESS);
  daybook_incident_set_private_notes (incident, "notes");
  daybook_incident_set_fear_of_violence (incident, TRUE);
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_no_error (error);
  g_assert_cmpint (daybook_incident_get_number (incident), ==, 1);
  g_assert_cmpuint (daybook_incident_get_revision (incident), ==, 1);
  recorded = daybook_incident_get_recorded_at (incident);
  g_assert_cmpint (ABS (recorded - g_get_real_time () / G_USEC_PER_SEC), <, 5);

  loaded = daybook_diary_get_incident (f->diary, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (loaded), ==, "Followed");
  g_assert_cmpuint (daybook_incident_get_types (loaded), ==,
                    DAYBOOK_BEHAVIOUR_FOLLOWING | DAYBOOK_BEHAVIOUR_THREAT);
  g_assert_cmpuint (daybook_incident_get_n_people (loaded), ==, 2);
  g_assert_cmpstr (daybook_incident_get_person (loaded, 1)->name, ==, "Casey");
  g_assert_cmpint (daybook_incident_get_person (loaded, 0)->role, ==, DAYBOOK_ROLE_SUSPECT);
  g_assert_cmpstr (daybook_incident_get_start (loaded)->zone, ==, "Europe/London");
  g_assert_true (daybook_incident_get_fear_of_violence (loaded));

  /* An edit is a new revision; recorded-at does not move. */
  edited = daybook_incident_copy (loaded);
  daybook_incident_set_title (edited, "Followed home");
  _daybook_incident_set_stored (edited, 1, 12345, 0, 1, 0); /* a forged recorded-at is ignored */
  g_assert_true (daybook_diary_save_incident (f->diary, edited, &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);
  loaded = daybook_diary_get_incident (f->diary, 1, &error);
  g_assert_cmpstr (daybook_incident_get_title (loaded), ==, "Followed home");
  g_assert_cmpuint (daybook_incident_get_revision (loaded), ==, 2);
  g_assert_cmpint (daybook_incident_get_recorded_at (loaded), ==, recorded);

  history = daybook_diary_list_history (f->diary, "incident", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  {
    g_autoptr (DaybookRevision) r1 = g_list_model_get_item (history, 0);
    g_autoptr (DaybookRevision) r2 = g_list_model_get_item (history, 1);
    g_auto (GStrv) changes = daybook_revision_list_changes (r2, r1);

    g_assert_cmpstr (daybook_revision_get_action (r1), ==, "create");
    g_assert_cmpstr (daybook_revision_get_action (r2), ==, "edit");
    g_assert_cmpuint (g_strv_length (changes), ==, 1);
    g_assert_cmpstr (changes[0], ==, "title");
    g_assert_nonnull (strstr (daybook_revision_get_snapshot (r1), "\"Followed\""));
  }

  assert_problems (f->diary, 0);
}

static void
test_numbers_never_reused (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) gone = NULL;
  g_autofree char *before = NULL, *after = NULL;

  g_assert_cmpint (add (f->diary, "2026-01-01T10:00", "one", "a"), ==, 1);
  g_assert_cmpint (add (f->diary, "2026-01-02T10:00", "two", "b"), ==, 2);
  before = daybook_diary_dup_fingerprint (f->diary);
  g_assert_true (daybook_diary_delete_incident (f->diary, 2, &error));
  g_assert_no_error (error);
  after = daybook_diary_dup_fingerprint (f->diary);
  g_assert_cmpstr (before, !=, after);

  gone = daybook_diary_get_incident (f->diary, 2, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (daybook_diary_delete_incident (f->diary, 2, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);

  g_assert_cmpint (add (f->diary, "2026-01-03T10:00", "three", "c"), ==, 3);
  g_assert_cmpuint (daybook_diary_count_incidents (f->diary), ==, 2);
  assert_problems (f->diary, 0);
}

static void
test_validation (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) bad = make_incident ("2026-01-01T10:00", "ok", "fine");
  g_autoptr (DaybookIncident) early = make_incident ("2026-01-01T10:00", "ok", "fine");
  g_autoptr (DaybookIncident) missing = NULL;
  DaybookWhen before = { 1700000000, 0, NULL };

  daybook_incident_set_narrative (bad, "caf\xe9 latin-1");
  g_assert_false (daybook_diary_save_incident (f->diary, bad, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_clear_error (&error);

  daybook_incident_set_end (early, &before);
  g_assert_false (daybook_diary_save_incident (f->diary, early, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_clear_error (&error);

  missing = daybook_diary_get_incident (f->diary, 99, &error);
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_NOT_FOUND);
  g_assert_cmpuint (daybook_diary_count_incidents (f->diary), ==, 0);
}

static void
test_people (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) incident = make_incident ("2026-01-01T10:00", "t", "n");
  g_autoptr (DaybookPerson) jordan = NULL;
  g_autoptr (DaybookPerson) dup = NULL;
  g_autoptr (GListModel) people = NULL;
  g_autoptr (GListModel) found = NULL;
  g_autoptr (DaybookQuery) query = daybook_query_new ();

  daybook_incident_add_person (incident, "Jordan", DAYBOOK_ROLE_SUSPECT);
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));

  /* Naming someone new in an entry adds them to People. */
  jordan = daybook_diary_find_person (f->diary, "jordan");
  g_assert_nonnull (jordan);
  g_assert_cmpint (daybook_person_get_role (jordan), ==, DAYBOOK_ROLE_SUSPECT);

  daybook_person_set_field (jordan, DAYBOOK_PERSON_VEHICLES, "Blue hatchback");
  daybook_person_set_field (jordan, DAYBOOK_PERSON_NAME, "Jordan Smith");
  g_assert_true (daybook_diary_save_person (f->diary, jordan, &error));
  g_assert_no_error (error);

  g_clear_object (&dup);
  dup = daybook_person_new ("jordan smith");
  g_assert_false (daybook_diary_save_person (f->diary, dup, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID);
  g_clear_error (&error);

  /* Named again without a role, they keep the register's role, in any
   * case; a stranger gets the fallback. */
  g_assert_cmpint (daybook_diary_get_person_role (f->diary, "JORDAN SMITH", DAYBOOK_ROLE_OTHER), ==,
                   DAYBOOK_ROLE_SUSPECT);
  g_assert_cmpint (daybook_diary_get_person_role (f->diary, "Nobody Known", DAYBOOK_ROLE_WITNESS),
                   ==, DAYBOOK_ROLE_WITNESS);

  people = daybook_diary_list_people (f->diary, &error);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, 1);

  /* A person shows their incidents, under their new name too. */
  daybook_query_set_person (query, "Jordan Smith");
  found = daybook_diary_query (f->diary, query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_clear_object (&found);
  /* The entry keeps the name as it was written. */
  {
    g_autoptr (DaybookIncident) again = daybook_diary_get_incident (f->diary, 1, &error);
    g_assert_cmpstr (daybook_incident_get_person (again, 0)->name, ==, "Jordan");
    g_assert_cmpint (daybook_incident_get_person (again, 0)->person_id, ==,
                     daybook_person_get_id (jordan));

    /* Saving it again keeps the link, and adds nobody new to People. */
    daybook_incident_set_title (again, "edited");
    g_assert_true (daybook_diary_save_incident (f->diary, again, &error));
    g_clear_object (&people);
    people = daybook_diary_list_people (f->diary, &error);
    g_assert_cmpuint (g_list_model_get_n_items (people), ==, 1);
  }

  assert_problems (f->diary, 0);
}

static void
test_case_details (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *keys[] = { DAYBOOK_SETTING_OWNER_NAME, DAYBOOK_SETTING_OWNER_INITIALS, NULL };
  const char *values[] = { "Alex Example", "AE", NULL };
  g_autofree char *initials = NULL;
  g_autoptr (GListModel) history = NULL;

  g_assert_true (daybook_diary_set_settings (f->diary, keys, values, &error));
  g_assert_no_error (error);
  initials = daybook_diary_dup_setting (f->diary, DAYBOOK_SETTING_OWNER_INITIALS);
  g_assert_cmpstr (initials, ==, "AE");
  history = daybook_diary_list_history (f->diary, "case", 0, &error);
  g_assert_nonnull (history);
  assert_problems (f->diary, 0);
}

/* ---- search and lists --------------------------------------------------- */

static guint
count_search (DaybookDiary *diary, const char *text)
{
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) model = NULL;

  daybook_query_set_text (query, text);
  model = daybook_diary_query (diary, query, &error);
  g_assert_no_error (error);
  return g_list_model_get_n_items (model);
}

static void
test_search (DiaryFixture *f, gconstpointer data)
{
  add (f->diary, "2026-01-01T10:00", "Flowers on the doorstep",
       "A card said I will always be here.");
  add (f->diary, "2026-01-02T10:00", "Car outside", "His blue car was near the café again.");
  add (f->diary, "2026-01-03T10:00", "Post", "Published my address; said NEAR the park.");

  g_assert_cmpuint (count_search (f->diary, "doorstep"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "DOORSTEP"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "cafe"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "car"), ==, 1); /* "card" is not "car" */
  g_assert_cmpuint (count_search (f->diary, "car*"), ==, 2);
  g_assert_cmpuint (count_search (f->diary, "blue car"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "nothing-like-this"), ==, 0);

  /* Query syntax typed by someone who meant text: never an error. */
  g_assert_cmpuint (count_search (f->diary, "\"doorstep"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "NEAR"), ==, 2);
  g_assert_cmpuint (count_search (f->diary, "park NEAR/2 address"), ==, 0);
  g_assert_cmpuint (count_search (f->diary, "-car"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "OR AND NOT"), ==, 0);
  g_assert_cmpuint (count_search (f->diary, "(((*"), ==, 0);
  g_assert_cmpuint (count_search (f->diary, "*"), ==, 0);
  g_assert_cmpuint (count_search (f->diary, "' OR 1=1 --"), ==, 0);
}

static void
test_search_follows_edits (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 n = add (f->diary, "2026-01-01T10:00", "before", "zebra");
  g_autoptr (DaybookIncident) incident = daybook_diary_get_incident (f->diary, n, &error);

  daybook_incident_set_narrative (incident, "giraffe");
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_cmpuint (count_search (f->diary, "zebra"), ==, 0);
  g_assert_cmpuint (count_search (f->diary, "giraffe"), ==, 1);
  g_assert_true (daybook_diary_delete_incident (f->diary, n, &error));
  g_assert_cmpuint (count_search (f->diary, "giraffe"), ==, 0);
}

/* The search index reads an entry's words from its row and people (schema
 * 6: the text is stored once), so it must drop the old words before they
 * change. FTS4's own integrity check compares the index with the rows;
 * each removed word must find nothing, in every field it can be in. */
static void
assert_index_exact (DiaryFixture *f)
{
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (f->diary);
  g_assert_true (_daybook_sql_exec (_daybook_diary_get_db (f->diary),
                                    "INSERT INTO incidents_fts (incidents_fts)"
                                    " VALUES ('integrity-check')",
                                    &error));
  _daybook_diary_unlock (f->diary);
  g_assert_no_error (error);
}

static void
test_search_index_exact (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookIncident) incident = make_incident ("2026-01-01T10:00", "okapi", "zebra");
  gint64 n;

  daybook_incident_add_person (incident, "Quentin Oldname", DAYBOOK_ROLE_SUSPECT);
  daybook_incident_add_person (incident, "Wanda Witness", DAYBOOK_ROLE_WITNESS);
  daybook_incident_set_police_officer (incident, "PC Kestrel");
  daybook_incident_set_private_notes (incident, "marmoset");
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_no_error (error);
  n = daybook_incident_get_number (incident);
  add (f->diary, "2026-01-02T10:00", "other", "zebra crossing");
  assert_index_exact (f);
  g_assert_cmpuint (count_search (f->diary, "Quentin"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "Kestrel"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "marmoset"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "zebra"), ==, 2);

  /* Every indexed field changes, a person leaves, one stays. */
  daybook_incident_set_title (incident, "antelope");
  daybook_incident_set_narrative (incident, "giraffe");
  daybook_incident_clear_people (incident);
  daybook_incident_add_person (incident, "Wanda Witness", DAYBOOK_ROLE_WITNESS);
  daybook_incident_set_police_officer (incident, "PC Heron");
  daybook_incident_set_private_notes (incident, "capybara");
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_no_error (error);
  assert_index_exact (f);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (
        count_search (f->diary, (const char *[]){ "okapi", "Quentin", "Kestrel", "marmoset" }[i]),
        ==, 0);
  g_assert_cmpuint (count_search (f->diary, "zebra"), ==, 1);
  g_assert_cmpuint (count_search (f->diary, "antelope giraffe Wanda Heron capybara"), ==, 1);

  /* Deleted: none of its words find it; the other entry is untouched. */
  g_assert_true (daybook_diary_delete_incident (f->diary, n, &error));
  assert_index_exact (f);
  g_assert_cmpuint (count_search (f->diary, "Wanda"), ==, 0);
  g_assert_cmpuint (count_search (f->diary, "capybara"), ==, 0);
  g_assert_cmpuint (count_search (f->diary, "zebra crossing"), ==, 1);

  /* The words are stored once: no search table keeps its own copy. */
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM sqlite_master WHERE"
                                                     " name LIKE '%fts_content'"
                                                     " OR name LIKE '%fts_docsize'"),
                   ==, 0);
}

static void
test_query_filters (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (GListModel) model = NULL;
  g_autoptr (DaybookIncident) first = NULL;
  g_autoptr (DaybookIncident) priv = make_incident ("2026-02-01T10:00", "private", "p");

  add (f->diary, "2026-03-01T10:00", "march", "m");
  add (f->diary, "2026-01-01T10:00", "january", "j");
  daybook_incident_set_private (priv, TRUE);
  daybook_incident_set_types (priv, DAYBOOK_BEHAVIOUR_GIFT);
  g_assert_true (daybook_diary_save_incident (f->diary, priv, &error));

  /* In order of when it happened, not of entry number. */
  model = daybook_diary_query (f->diary, query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (daybook_incident_get_title (first), ==, "january");
  g_assert_cmpint (daybook_incident_list_get_number (DAYBOOK_INCIDENT_LIST (model), 2), ==, 1);
  g_clear_object (&model);

  query->include_private = FALSE;
  model = daybook_diary_query (f->diary, query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_clear_object (&model);

  query->include_private = TRUE;
  query->types = DAYBOOK_BEHAVIOUR_GIFT;
  model = daybook_diary_query (f->diary, query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_clear_object (&model);

  query->types = 0;
  query->from = 1769904000; /* 2026-02-01T00:00Z */
  query->newest_first = TRUE;
  model = daybook_diary_query (f->diary, query, &error);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_clear_object (&first);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (daybook_incident_get_title (first), ==, "march");
}

static void
query_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GListModel **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = daybook_diary_query_finish (DAYBOOK_DIARY (source), result, &error);
  g_assert_no_error (error);
}

static void
test_query_async_lazy (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (GMainContext) context = g_main_context_new ();
  GListModel *model = NULL;

  g_assert_true (daybook_diary_begin_batch (f->diary, &error));
  for (int i = 0; i < 230; i++)
    {
      g_autofree char *title = g_strdup_printf ("entry %d", i);
      g_autoptr (DaybookIncident) incident = make_incident ("2026-01-01T10:00", title, "n");
      g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
    }
  g_assert_true (daybook_diary_end_batch (f->diary, TRUE, &error));

  g_main_context_push_thread_default (context);
  daybook_diary_query_async (f->diary, query, NULL, query_done_cb, &model);
  while (model == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 230);
  for (guint i = 0; i < 230; i += 37)
    {
      g_autoptr (DaybookIncident) incident = g_list_model_get_item (model, i);
      g_autofree char *title = g_strdup_printf ("entry %u", i);
      g_assert_cmpstr (daybook_incident_get_title (incident), ==, title);
    }
  g_assert_null (g_list_model_get_item (model, 230));
  g_assert_finalize_object (model);
}

static void
save_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DaybookIncident **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = daybook_diary_save_incident_finish (DAYBOOK_DIARY (source), result, &error);
  g_assert_no_error (error);
}

static void
test_save_async (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (DaybookIncident) incident
      = make_incident ("2026-01-01T10:00", "async", "saved off the main thread");
  DaybookIncident *saved = NULL;

  g_main_context_push_thread_default (context);
  daybook_diary_save_incident_async (f->diary, incident, NULL, save_done_cb, &saved);
  /* The caller's object is free to change meanwhile: a copy is saved. */
  daybook_incident_set_title (incident, "typed after pressing save");
  while (saved == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  g_assert_cmpint (daybook_incident_get_number (saved), ==, 1);
  g_assert_cmpstr (daybook_incident_get_title (saved), ==, "async");
  g_object_unref (saved);
}

/* ---- integrity ------------------------------------------------------------ */

static void
tamper (DaybookDiary *diary, const char *sql)
{
  g_autoptr (GError) error = NULL;

  _daybook_diary_lock (diary);
  g_assert_true (_daybook_sql_exec (_daybook_diary_get_db (diary), sql, &error));
  g_assert_no_error (error);
  _daybook_diary_unlock (diary);
}

static void
test_tamper_row (DiaryFixture *f, gconstpointer data)
{
  add (f->diary, "2026-01-01T10:00", "one", "what happened");
  add (f->diary, "2026-01-02T10:00", "two", "more");
  assert_problems (f->diary, 0);
  tamper (f->diary, "UPDATE incidents SET narrative = 'nothing happened' WHERE number = 1");
  assert_problems (f->diary, 1);
}

static void
test_tamper_history (DiaryFixture *f, gconstpointer data)
{
  add (f->diary, "2026-01-01T10:00", "one", "what happened");
  add (f->diary, "2026-01-02T10:00", "two", "more");
  /* The latest revision stores no snapshot (its row is it): one is planted,
   * altered. */
  tamper (f->diary, "UPDATE revisions SET snapshot = replace(coalesce(snapshot,"
                    " daybook_incident_snapshot(entity_id)), 'one', 'uno') WHERE entity "
                    "= 'incident' AND entity_id = 1");
  assert_problems (f->diary, 1);
}

static void
test_tamper_delete (DiaryFixture *f, gconstpointer data)
{
  add (f->diary, "2026-01-01T10:00", "one", "what happened");
  add (f->diary, "2026-01-02T10:00", "two", "more");
  tamper (f->diary, "DELETE FROM incident_types; DELETE FROM incidents WHERE number = 2");
  assert_problems (f->diary, 1);
}

static void
test_tamper_undelete (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  add (f->diary, "2026-01-01T10:00", "one", "what happened");
  g_assert_true (daybook_diary_delete_incident (f->diary, 1, &error));
  assert_problems (f->diary, 0);
  tamper (f->diary, "UPDATE incidents SET deleted_at = NULL");
  assert_problems (f->diary, 1);
}

static void
test_migrate_from_empty (void)
{
  g_autofree char *dir = daybook_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "v0.db", NULL);
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  g_auto (DaybookStmt) stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (_daybook_schema_migrate (db, &error));
  g_assert_no_error (error);
  stmt = _daybook_sql_prepare (db, "PRAGMA user_version", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, _daybook_schema_latest ());
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Migrating again is a no-op; a newer schema is refused. */
  g_assert_true (_daybook_schema_migrate (db, &error));
  g_assert_true (_daybook_sql_exec (db, "PRAGMA user_version = 99", &error));
  g_assert_false (_daybook_schema_migrate (db, &error));
  g_assert_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED);
  sqlite3_close (db);
  daybook_test_rm_rf (dir);
}

/* ---- nothing readable on disk ------------------------------------------------ */

#define MARKER "ZQXJ-marker-3141592653"

static void
test_no_plaintext (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (DaybookIncident) incident
      = make_incident ("2026-01-01T10:00", "Title " MARKER, MARKER " in the account");
  g_autoptr (GError) error = NULL;

  daybook_incident_add_person (incident, "Person " MARKER, DAYBOOK_ROLE_OTHER);
  daybook_incident_set_private_notes (incident, MARKER);
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));

  /* While open, the write-ahead log holds the new pages: encrypted too. */
  g_assert_false (daybook_test_dir_contains (f->dir, MARKER));
  g_assert_false (daybook_test_dir_contains (f->dir, "Title"));
  daybook_diary_close (f->diary);
  g_assert_false (daybook_test_dir_contains (f->dir, MARKER));
}

static int
run_shell (const char *db, const char *script, char **out, char **err)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) proc
      = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                              | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                          &error, "sqlcipher", db, NULL);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, script, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

/* The database is an ordinary SQLCipher file: the stock shell opens it with
 * the raw key, and cannot without. */
static void
test_sqlcipher_shell (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookSecret) master = NULL;
  g_autofree char *db = g_build_filename (f->dir, "diary.db", NULL);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sqlcipher = g_find_program_in_path ("sqlcipher");
  guint8 key[32];
  char hex[65];
  int status;

  /* tools/install-deps installs it: a missing tool fails, never skips. */
  g_assert_nonnull (sqlcipher);

  add (f->diary, "2026-01-01T10:00", "one", "a");
  add (f->diary, "2026-01-02T10:00", "two", "b");
  daybook_diary_close (f->diary);

  keyfile = daybook_keyfile_load (f->dir, &error);
  master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, pass, &error);
  g_assert_no_error (error);
  daybook_derive_subkey (master, 1, "dbkey___", key, sizeof key);
  sodium_bin2hex (hex, sizeof hex, key, sizeof key);

  script = g_strdup_printf ("PRAGMA key = \"x'%s'\";\nPRAGMA cipher_page_size = 4096;\n"
                            "SELECT 'count=' || count(*) FROM incidents;\n",
                            hex);
  status = run_shell (db, script, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "count=2"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Without the key it is not a database at all. */
  run_shell (db, "SELECT count(*) FROM incidents;\n", &out, &err);
  g_assert_null (strstr (out, "count="));
  g_assert_nonnull (strstr (err, "not a database"));
}

/* ---- free pages go back (schema 8) ------------------------------------------- */

/* A number the stock shell printed for @sql on @dir's closed diary. */
static gint64
shell_number (const char *dir, const char *sql)
{
  g_autofree char *out = NULL;

  daybook_test_sqlcipher (dir, TEST_PASSPHRASE, sql, &out);
  return g_ascii_strtoll (out, NULL, 10);
}

/* A new diary is made able to give pages back from its first page, with no
 * VACUUM: as daybook_diary_create() leaves it, and in the stock shell. */
static void
test_disk_created_to_shrink (void)
{
  g_autofree char *dir = daybook_test_make_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "d", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (TEST_PASSPHRASE);
  g_autoptr (DaybookDiary) diary = daybook_diary_create (sub, pass, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (daybook_test_sql_count (diary, "PRAGMA auto_vacuum"), ==, 2);
  g_assert_cmpint (daybook_test_sql_count (diary, "PRAGMA freelist_count"), ==, 0);
  daybook_diary_close (diary);
  g_assert_cmpint (shell_number (sub, "PRAGMA auto_vacuum;"), ==, 2);
  daybook_test_rm_rf (dir);
}

/* A diary gives freed pages back to the file system itself: it is made so
 * (auto_vacuum = INCREMENTAL, only possible before the first table), and
 * an entry names its people by reference when it writes them as People
 * does. */
static void
test_disk_made_to_shrink (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (DaybookIncident) incident = make_incident ("2026-01-01T10:00", "t", "n");
  g_autoptr (DaybookIncident) again = NULL;
  g_autoptr (DaybookPerson) jordan = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *names = NULL;

  daybook_incident_add_person (incident, "Jordan", DAYBOOK_ROLE_SUSPECT);
  daybook_incident_add_person (incident, "Sam", DAYBOOK_ROLE_WITNESS);
  g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
  g_assert_no_error (error);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM incident_people"
                                                     " WHERE name IS NULL"),
                   ==, 2);
  /* A person renamed in People: the entry keeps the name it wrote. */
  jordan = daybook_diary_find_person (f->diary, "Jordan");
  daybook_person_set_field (jordan, DAYBOOK_PERSON_NAME, "Jordan Smith");
  g_assert_true (daybook_diary_save_person (f->diary, jordan, &error));
  g_assert_no_error (error);
  again = daybook_diary_get_incident (f->diary, 1, &error);
  g_assert_cmpstr (daybook_incident_get_person (again, 0)->name, ==, "Jordan");
  g_assert_cmpstr (daybook_incident_get_person (again, 1)->name, ==, "Sam");
  assert_problems (f->diary, 0);
  daybook_diary_close (f->diary);

  g_assert_cmpint (shell_number (f->dir, "PRAGMA auto_vacuum;"), ==, 2);
  daybook_test_sqlcipher (f->dir, TEST_PASSPHRASE,
                          "SELECT group_concat (coalesce (name, '-'), ',') FROM"
                          " (SELECT name FROM incident_people ORDER BY position);",
                          &names);
  g_assert_cmpstr (g_strstrip (names), ==, "Jordan,-");
  g_assert_cmpint (shell_number (f->dir,
                                 "SELECT count(*) FROM sqlite_master WHERE name IN"
                                 " ('incident_types_by_type', 'incident_people_by_person');"),
                   ==, 0);
}

/* @n entries of 300 words each, most of them their own, one by one or in
 * one batch. */
static void
add_long_entries (DaybookDiary *diary, guint n, gboolean batch)
{
  g_autoptr (GError) error = NULL;

  if (batch)
    g_assert_true (daybook_diary_begin_batch (diary, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GString) text = g_string_new (NULL);
      g_autoptr (DaybookIncident) incident = NULL;

      for (guint w = 0; w < 300; w++)
        g_string_append_printf (text, "word%ux%u ", i, w);
      incident = make_incident ("2026-01-01T10:00", "entry", text->str);
      daybook_incident_add_person (incident, "Jordan", DAYBOOK_ROLE_SUSPECT);
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
    }
  if (batch)
    g_assert_true (daybook_diary_end_batch (diary, TRUE, &error));
  g_assert_no_error (error);
}

/* Deleting and editing many entries frees pages; closing the diary gives
 * them back, as the stock shell sees. */
static void
test_disk_pages_given_back (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  add_long_entries (f->diary, 200, FALSE);
  for (gint64 n = 1; n <= 200; n++)
    {
      if (n % 2 == 0)
        g_assert_true (daybook_diary_delete_incident (f->diary, n, &error));
      else
        {
          g_autoptr (DaybookIncident) incident = daybook_diary_get_incident (f->diary, n, &error);

          daybook_incident_set_narrative (incident, "Shorter now.");
          g_assert_true (daybook_diary_save_incident (f->diary, incident, &error));
        }
      g_assert_no_error (error);
    }
  /* There was something to give back (the search index's merges freed
   * pages). */
  g_assert_cmpint (daybook_test_sql_count (f->diary, "PRAGMA freelist_count"), >, 0);
  daybook_diary_close (f->diary);

  g_assert_cmpint (shell_number (f->dir, "PRAGMA freelist_count;"), ==, 0);
  g_assert_cmpint (shell_number (f->dir, "PRAGMA auto_vacuum;"), ==, 2);
  /* What the entries hold now, and their index, are intact. */
  daybook_test_sqlcipher (f->dir, TEST_PASSPHRASE,
                          "INSERT INTO incidents_fts (incidents_fts) VALUES ('integrity-check');"
                          "PRAGMA integrity_check;",
                          NULL);
  g_clear_object (&f->diary);
  f->diary = daybook_test_open (f->dir);
  assert_problems (f->diary, 0);
}

/* After a large batch (the demo fill, an import) the search index is one
 * merged segment and the freed pages are back in the file system, before
 * the diary is closed. */
static void
test_disk_large_batch (DiaryFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_demo_fill (f->diary, 300, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM incidents_fts_segdir"),
                   ==, 1);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "PRAGMA freelist_count"), ==, 0);
  /* A small batch is left as it is: no merge for a few rows. */
  add_long_entries (f->diary, 3, TRUE);
  g_assert_cmpint (daybook_test_sql_count (f->diary, "SELECT count(*) FROM incidents_fts_segdir"),
                   >, 1);
  assert_problems (f->diary, 0);
}

int
main (int argc, char **argv)
{
  g_setenv ("TZ", "Europe/London", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, DiaryFixture, NULL, diary_setup, fn, diary_teardown)
#define ADD_CLOSED(path, fn)                                                                       \
  g_test_add (path, DiaryFixture, NULL, diary_setup_closed, fn, diary_teardown)

  ADD_CLOSED ("/diary/open/wrong-passphrase", test_open_wrong_passphrase);
  ADD_CLOSED ("/diary/open/recovery-code", test_open_recovery_code);
  ADD_CLOSED ("/diary/open/passphrase-change", test_passphrase_change);
  ADD_CLOSED ("/diary/open/damaged-keys", test_damaged_keys_fallback);
  ADD_CLOSED ("/diary/open/damaged-database", test_damaged_database);
  ADD_CLOSED ("/diary/create/refuses-existing", test_create_refuses_existing);
  g_test_add_func ("/diary/create/empty-passphrase", test_create_refuses_empty_passphrase);
  g_test_add_func ("/diary/open/missing", test_open_missing);
  ADD ("/diary/open/second-is-busy", test_second_open_busy);
  ADD ("/diary/lock/wipes", test_lock_wipes);
  ADD ("/diary/db/settings", test_settings_checked);
  ADD ("/diary/incident/crud", test_crud);
  ADD ("/diary/incident/numbers", test_numbers_never_reused);
  ADD ("/diary/incident/validation", test_validation);
  ADD ("/diary/people", test_people);
  ADD ("/diary/case", test_case_details);
  ADD ("/diary/search/words", test_search);
  ADD ("/diary/search/follows-edits", test_search_follows_edits);
  ADD ("/diary/search/index-exact", test_search_index_exact);
  ADD ("/diary/query/filters", test_query_filters);
  ADD ("/diary/query/async-lazy", test_query_async_lazy);
  ADD ("/diary/incident/save-async", test_save_async);
  ADD ("/diary/verify/tampered-row", test_tamper_row);
  ADD ("/diary/verify/tampered-history", test_tamper_history);
  ADD ("/diary/verify/removed-row", test_tamper_delete);
  ADD ("/diary/verify/undeleted-row", test_tamper_undelete);
  g_test_add_func ("/diary/schema/migrate-from-v0", test_migrate_from_empty);
  ADD ("/diary/disk/no-plaintext", test_no_plaintext);
  ADD ("/diary/disk/sqlcipher-shell", test_sqlcipher_shell);
  g_test_add_func ("/diary/disk/created-to-shrink", test_disk_created_to_shrink);
  ADD ("/diary/disk/made-to-shrink", test_disk_made_to_shrink);
  ADD ("/diary/disk/pages-given-back", test_disk_pages_given_back);
  ADD ("/diary/disk/large-batch", test_disk_large_batch);

  return g_test_run ();
}
