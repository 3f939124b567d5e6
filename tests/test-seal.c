/* test-seal.c — the diary notices saved changes that went missing
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After every save the chain's length and last link are sealed outside the
 * database. Tried here as a bad day and an abuser would: an older database
 * put back beside today's seal, a seal behind the database (a crash between
 * the two writes), a damaged seal, a deleted seal. The CLI is checked as a
 * user sees it: the sentence on stderr, verify's exit code.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "daybook-error.h"
#include "daybook-test-util.h"

typedef struct
{
  char *dir;    /* the diary */
  char *parent; /* removed at the end, with everything in it */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_fast_template ();
  f->parent = g_path_get_dirname (f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  daybook_test_rm_rf (f->parent);
  g_free (f->dir);
  g_free (f->parent);
}

static void
add_entries (const char *dir, int n)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (GError) error = NULL;
  static int serial; /* every entry different, so every history is */

  for (int i = 0; i < n; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      g_autofree char *title = g_strdup_printf ("He waited outside the school (%d)", ++serial);
      DaybookWhen when = { 1767261600 + i * 60, 0, (char *)"Europe/London" };

      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, title);
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
      g_assert_no_error (error);
    }
}

static void
copy_file (const char *from_dir, const char *to_dir, const char *name)
{
  g_autofree char *from = g_build_filename (from_dir, name, NULL);
  g_autofree char *to = g_build_filename (to_dir, name, NULL);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (
      g_file_set_contents_full (to, data, len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
}

/* A closed diary is checkpointed: diary.db alone holds it. */
static char *
save_copy (Fixture *f, const char *name)
{
  g_autofree char *copy = g_build_filename (f->parent, name, NULL);

  g_assert_cmpint (g_mkdir (copy, 0700), ==, 0);
  copy_file (f->dir, copy, "diary.db");
  copy_file (f->dir, copy, "seal");
  return g_steal_pointer (&copy);
}

static char *
open_missing (const char *dir)
{
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  const char *missing = daybook_diary_get_missing (diary);

  return g_strdup (missing);
}

static void
test_nothing_missing (Fixture *f, gconstpointer data)
{
  g_autofree char *seal = g_build_filename (f->dir, "seal", NULL);
  g_autofree char *missing = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_entries (f->dir, 3);
  g_assert_true (g_file_test (seal, G_FILE_TEST_IS_REGULAR));
  missing = open_missing (f->dir);
  g_assert_null (missing);

  g_assert_cmpint (daybook_test_cli (TEST_PASSPHRASE "\n", &out, &err, "--diary", f->dir,
                                     "--passphrase-fd", "0", "verify", NULL),
                   ==, 0);
  g_assert_true (g_str_has_prefix (out, "Everything checks out: 3 entries"));
  g_assert_true (err == NULL || *err == 0); /* no warning */
}

/* An abuser puts back yesterday's database (or the log lost its frames):
 * the seal still says three more entries were saved. */
static void
test_older_database (Fixture *f, gconstpointer data)
{
  g_autofree char *older = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_entries (f->dir, 2);
  older = save_copy (f, "older");
  add_entries (f->dir, 3);
  copy_file (older, f->dir, "diary.db");

  missing = open_missing (f->dir);
  g_assert_nonnull (missing);
  g_assert_true (g_str_has_prefix (missing, "Changes saved up to "));
  g_assert_nonnull (
      strstr (missing, "3 records of its history are gone. Restore the diary from a backup."));

  /* Told at every command, and verify says the diary is damaged. */
  g_assert_cmpint (daybook_test_cli (TEST_PASSPHRASE "\n", &out, &err, "--diary", f->dir,
                                     "--passphrase-fd", "0", "list", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (err, missing));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (daybook_test_cli (TEST_PASSPHRASE "\n", &out, &err, "--diary", f->dir,
                                     "--passphrase-fd", "0", "verify", NULL),
                   ==, 4);
  g_assert_nonnull (strstr (out, missing));
  g_assert_null (strstr (out, "Everything checks out"));

  /* New saves do not paper over it: the seal keeps what was lost. */
  add_entries (f->dir, 5);
  g_clear_pointer (&missing, g_free);
  missing = open_missing (f->dir);
  g_assert_nonnull (missing);
}

/* The same length, but other changes in place of the saved ones: an older
 * database that went on being used, put back beside today's seal. */
static void
test_replaced_history (Fixture *f, gconstpointer data)
{
  g_autofree char *older = NULL;
  g_autofree char *today = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *seal = g_build_filename (f->dir, "seal", NULL);

  add_entries (f->dir, 1);
  older = save_copy (f, "older");
  add_entries (f->dir, 2);
  today = save_copy (f, "today"); /* today's seal: 2 links after the older copy */

  copy_file (older, f->dir, "diary.db");
  g_assert_cmpint (g_unlink (seal), ==, 0);
  add_entries (f->dir, 2); /* two other saves: a history as long as today's */
  copy_file (today, f->dir, "seal");

  missing = open_missing (f->dir);
  g_assert_nonnull (missing);
  g_assert_true (
      g_str_has_prefix (missing, "The diary’s history no longer matches what was saved up to "));
}

/* A crash between the commit and the seal's rename leaves the seal behind
 * the database: not a loss, and the seal catches up. */
static void
test_seal_behind (Fixture *f, gconstpointer data)
{
  g_autofree char *older = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *seal = g_build_filename (f->dir, "seal", NULL);
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;

  add_entries (f->dir, 2);
  older = save_copy (f, "older");
  add_entries (f->dir, 1);
  copy_file (older, f->dir, "seal");
  before = daybook_test_read (seal);

  missing = open_missing (f->dir);
  g_assert_null (missing);
  after = daybook_test_read (seal);
  g_assert_false (g_bytes_equal (before, after));
}

static void
test_damaged_seal (Fixture *f, gconstpointer data)
{
  g_autofree char *seal = g_build_filename (f->dir, "seal", NULL);
  g_autofree char *missing = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_entries (f->dir, 2);
  for (goffset pos = 0; pos < 88; pos += 11)
    {
      g_autofree char *found = NULL;

      daybook_test_flip_byte (seal, pos);
      found = open_missing (f->dir);
      g_assert_nonnull (found);
      g_assert_true (
          g_str_has_prefix (found, "The diary’s record of what it had saved is damaged"));
      daybook_test_flip_byte (seal, pos); /* and back */
      g_clear_pointer (&found, g_free);
      found = open_missing (f->dir);
      g_assert_null (found);
    }

  /* Another diary's seal put in place: reported. (Copies of one test
   * template share a key and id, so here it authenticates, and the history
   * it seals is not this one's.) */
  {
    g_autofree char *other = daybook_test_copy_fast_template ();
    g_autofree char *other_parent = g_path_get_dirname (other);

    add_entries (other, 1);
    copy_file (other, f->dir, "seal");
    daybook_test_rm_rf (other_parent);
  }
  g_assert_cmpint (daybook_test_cli (TEST_PASSPHRASE "\n", &out, &err, "--diary", f->dir,
                                     "--passphrase-fd", "0", "verify", NULL),
                   ==, 4);
  g_assert_nonnull (strstr (out, "Restore the diary from a backup."));
  g_assert_null (strstr (out, "Everything checks out"));
  missing = open_missing (f->dir);
  g_assert_nonnull (missing);
}

/* Deleting the seal needs no key, and is not detected: the limit the
 * README states. The next open seals the diary again, and from then on a
 * loss is caught as before. */
static void
test_deleted_seal (Fixture *f, gconstpointer data)
{
  g_autofree char *seal = g_build_filename (f->dir, "seal", NULL);
  g_autofree char *older = NULL;
  g_autofree char *missing = NULL;

  add_entries (f->dir, 1);
  g_assert_cmpint (g_unlink (seal), ==, 0);
  missing = open_missing (f->dir);
  g_assert_null (missing);
  g_assert_true (g_file_test (seal, G_FILE_TEST_IS_REGULAR));

  older = save_copy (f, "older");
  add_entries (f->dir, 1);
  copy_file (older, f->dir, "diary.db");
  missing = open_missing (f->dir);
  g_assert_nonnull (missing);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/seal/nothing-missing", Fixture, NULL, fixture_set_up, test_nothing_missing,
              fixture_tear_down);
  g_test_add ("/seal/older-database", Fixture, NULL, fixture_set_up, test_older_database,
              fixture_tear_down);
  g_test_add ("/seal/replaced-history", Fixture, NULL, fixture_set_up, test_replaced_history,
              fixture_tear_down);
  g_test_add ("/seal/seal-behind", Fixture, NULL, fixture_set_up, test_seal_behind,
              fixture_tear_down);
  g_test_add ("/seal/damaged", Fixture, NULL, fixture_set_up, test_damaged_seal, fixture_tear_down);
  g_test_add ("/seal/deleted", Fixture, NULL, fixture_set_up, test_deleted_seal, fixture_tear_down);

  return g_test_run ();
}
