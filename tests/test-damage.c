/* test-damage.c — damaged or tampered files never show wrong data
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bytes are flipped at many positions of diary.db, its write-ahead log and
 * the key files. Each time the diary either refuses to open (damaged), or
 * verify names a problem, or it shows every entry that was saved, exactly
 * as saved: a diary that lists fewer entries while verify says nothing is
 * a silent loss, and fails the test. Nothing is ever re-created or
 * overwritten. The same holds for a hand-over
 * bundle's database and key file.
 */

#include "config.h"

#include <glib/gstdio.h>

#include <sodium.h>

#include "daybook-bundle.h"
#include "daybook-error.h"
#include "daybook-keyfile.h"
#include "daybook-test-util.h"

#define N_ENTRIES 40
/* SQLite's write-ahead log: a 32-byte header, then frames of a 24-byte
 * header and one 4096-byte page. */
#define WAL_HEADER 32
#define FRAME (24 + 4096)

/* What opens the diary under test: the user's passphrase, or a bundle's. */
static const char *passphrase = TEST_PASSPHRASE;

static char *
title_of (int i)
{
  return g_strdup_printf ("Entry %d: a title", i);
}

static void
fill (DaybookDiary *diary, int from, int to)
{
  g_autoptr (GError) error = NULL;

  for (int i = from; i < to; i++)
    {
      g_autoptr (DaybookIncident) incident = daybook_incident_new ();
      g_autofree char *title = title_of (i);
      g_autofree char *narrative
          = g_strdup_printf ("Narrative %d. %s", i, "Some words that take up room on a page. ");
      DaybookWhen when = { 1767261600 + i * 3600, 0, (char *)"Europe/London" };

      daybook_incident_set_start (incident, &when);
      daybook_incident_set_title (incident, title);
      daybook_incident_set_narrative (incident, narrative);
      g_assert_true (daybook_diary_save_incident (diary, incident, &error));
    }
}

static void
copy_file (const char *from, const char *to)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (g_file_set_contents_full (to, data, len, G_FILE_SET_CONTENTS_NONE, 0600, NULL));
}

static void
copy_diary (const char *from, const char *to)
{
  const char *names[] = { "diary.db", "diary.db-wal", "keys", "keys.bak", "seal" };

  g_mkdir (to, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = g_build_filename (from, names[i], NULL);
      g_autofree char *b = g_build_filename (to, names[i], NULL);

      if (g_file_test (a, G_FILE_TEST_EXISTS))
        copy_file (a, b);
    }
}

typedef enum
{
  OUTCOME_REFUSED,
  OUTCOME_FLAGGED,
  OUTCOME_INTACT,
  OUTCOME_LOST, /* fewer entries than saved, and nothing said: never allowed */
  N_OUTCOMES
} Outcome;

/* How many entries the diary under test was given. */
static guint n_saved;

/* Opens @dir and classifies what happened; fails the test if the diary shows
 * anything that was never saved. */
static Outcome
examine (const char *dir)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (passphrase);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookDiary) diary = daybook_diary_open (dir, pass, &error);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (GListModel) all = NULL;

  if (diary == NULL)
    {
      g_assert_true (g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED)
                     || g_error_matches (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED));
      return OUTCOME_REFUSED;
    }

  if (!daybook_diary_verify (diary, &problems, &error))
    {
      g_assert_nonnull (error);
      return OUTCOME_FLAGGED;
    }
  if (problems->len > 0)
    return OUTCOME_FLAGGED;

  /* Verified: then every entry it shows is one that was saved, word for word. */
  all = daybook_diary_query (diary, query, &error);
  if (all == NULL)
    return OUTCOME_FLAGGED;
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr (DaybookIncident) incident = g_list_model_get_item (all, i);
      gint64 n = daybook_incident_get_number (incident);
      g_autofree char *title = title_of ((int)n - 1);

      if (n == 0)
        return OUTCOME_FLAGGED; /* a page could not be read: an error, not data */
      g_assert_cmpstr (daybook_incident_get_title (incident), ==, title);
    }
  if (g_list_model_get_n_items (all) != n_saved)
    {
      g_test_message ("%s: %u of %u saved entries listed, and verify found nothing wrong", dir,
                      g_list_model_get_n_items (all), n_saved);
      return OUTCOME_LOST;
    }
  return OUTCOME_INTACT;
}

static void
report (const char *what, const guint counts[N_OUTCOMES])
{
  g_test_message ("%s: %u refused, %u flagged, %u intact, %u lost in silence", what,
                  counts[OUTCOME_REFUSED], counts[OUTCOME_FLAGGED], counts[OUTCOME_INTACT],
                  counts[OUTCOME_LOST]);
  g_assert_cmpuint (counts[OUTCOME_LOST], ==, 0);
}

static void
flip_at (const char *dir, const char *name, const char *pristine_dir, goffset pos,
         guint counts[N_OUTCOMES])
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *keys = g_build_filename (dir, "keys", NULL);

  copy_diary (pristine_dir, dir);
  daybook_test_flip_byte (path, pos);
  counts[examine (dir)]++;
  /* Never re-created: the damaged file is still there, still damaged or repaired from its copy. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS) || g_str_has_suffix (name, "-wal"));
  g_assert_true (g_file_test (keys, G_FILE_TEST_EXISTS));
}

static void
flip_positions (const char *dir, const char *name, const char *pristine_dir, guint n_positions,
                guint counts[N_OUTCOMES])
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GBytes) original = NULL;
  gsize len;

  copy_diary (pristine_dir, dir);
  original = daybook_test_read (path);
  g_assert_nonnull (original);
  len = g_bytes_get_size (original);

  for (guint i = 0; i < n_positions; i++)
    {
      goffset pos = i < n_positions / 2 ? (goffset)(i * (len / (n_positions / 2)))
                                        : g_test_rand_int_range (0, (gint32)len);

      flip_at (dir, name, pristine_dir, pos, counts);
    }
}

static void
test_database (void)
{
  g_autofree char *pristine = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (pristine);
  g_autofree char *work = g_build_filename (parent, "work", NULL);
  g_autoptr (DaybookDiary) diary = daybook_test_open (pristine);
  guint counts[N_OUTCOMES] = { 0 };

  fill (diary, 0, N_ENTRIES);
  n_saved = N_ENTRIES;
  daybook_diary_close (diary);

  flip_positions (work, "diary.db", pristine, 120, counts);
  report ("diary.db", counts);
  g_assert_cmpuint (counts[0] + counts[1], >, 0);
  daybook_test_rm_rf (parent);
}

/* The state a power cut leaves: recent changes still in the write-ahead
 * log. A damaged log frame ends recovery there (SQLite's frame checksums),
 * and SQLite takes the frames after it as never committed: the seal must
 * make the diary say that saved changes are missing. Flipped: the log's
 * header, the first frame's header and page, every frame at its page's
 * middle, and the last frame, then random positions. */
static void
test_wal (void)
{
  g_autofree char *live = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (live);
  g_autofree char *pristine = g_build_filename (parent, "pristine", NULL);
  g_autofree char *work = g_build_filename (parent, "work", NULL);
  g_autofree char *wal = g_build_filename (pristine, "diary.db-wal", NULL);
  g_autoptr (DaybookDiary) diary = daybook_test_open (live);
  guint counts[N_OUTCOMES] = { 0 };
  g_autoptr (GBytes) wal_bytes = NULL;
  gsize wal_len;

  fill (diary, 0, N_ENTRIES);
  copy_diary (live, pristine); /* copied while open: the log is not yet checkpointed */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  daybook_diary_close (diary);

  n_saved = N_ENTRIES;
  copy_diary (pristine, work);
  g_assert_cmpint (examine (work), ==, OUTCOME_INTACT); /* undamaged, it is all there */
  wal_bytes = daybook_test_read (wal);
  wal_len = g_bytes_get_size (wal_bytes);
  g_assert_cmpuint (wal_len % FRAME, ==, WAL_HEADER);
  flip_at (work, "diary.db-wal", pristine, 5, counts);              /* header: magic */
  flip_at (work, "diary.db-wal", pristine, 20, counts);             /* header: salt */
  flip_at (work, "diary.db-wal", pristine, WAL_HEADER + 4, counts); /* first frame's header */
  flip_at (work, "diary.db-wal", pristine, WAL_HEADER + 24 + 2000, counts); /* first page */
  for (gsize frame = 1; WAL_HEADER + (frame + 1) * FRAME <= wal_len; frame++)
    flip_at (work, "diary.db-wal", pristine, WAL_HEADER + frame * FRAME + 24 + 2048, counts);
  flip_at (work, "diary.db-wal", pristine, (goffset)wal_len - 10, counts); /* last frame */
  flip_positions (work, "diary.db-wal", pristine, 40, counts);
  report ("diary.db-wal", counts);
  g_assert_cmpuint (counts[OUTCOME_FLAGGED] + counts[OUTCOME_REFUSED], >, 0);
  daybook_test_rm_rf (parent);
}

static void
test_key_files (void)
{
  g_autofree char *pristine = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (pristine);
  g_autofree char *work = g_build_filename (parent, "work", NULL);
  g_autofree char *keys = g_build_filename (work, "keys", NULL);
  g_autofree char *bak = g_build_filename (work, "keys.bak", NULL);
  g_autoptr (DaybookDiary) diary = daybook_test_open (pristine);
  guint counts[N_OUTCOMES] = { 0 };

  fill (diary, 0, 5);
  n_saved = 5;
  daybook_diary_close (diary);

  /* One copy damaged: the other opens the diary, which is intact. */
  flip_positions (work, "keys", pristine, 24, counts);
  flip_positions (work, "keys.bak", pristine, 24, counts);
  g_assert_cmpuint (counts[OUTCOME_INTACT], ==, 48);
  report ("keys and keys.bak", counts);

  /* Both damaged: refused, and nothing re-created. */
  copy_diary (pristine, work);
  daybook_test_flip_byte (keys, 50);
  daybook_test_flip_byte (bak, 60);
  g_assert_cmpint (examine (work), ==, OUTCOME_REFUSED);
  daybook_test_rm_rf (parent);
}

/* A bundle's passphrase slot uses Argon2id's moderate limits; rewrapped at
 * the smallest ones, a hundred opens take seconds, and the file format and
 * everything else in the bundle are unchanged. */
static void
make_bundle_fast (const char *bundle, const char *bundle_pass)
{
  g_autoptr (DaybookSecret) pass = daybook_test_secret (bundle_pass);
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookKeyfile) keyfile = daybook_keyfile_load (bundle, &error);
  g_autoptr (DaybookSecret) master = NULL;
  g_autofree char *bak = g_build_filename (bundle, "keys.bak", NULL);
  gboolean had_bak = g_file_test (bak, G_FILE_TEST_EXISTS);

  g_assert_no_error (error);
  master = daybook_keyfile_unwrap (keyfile, DAYBOOK_SLOT_PASSPHRASE, pass, &error);
  g_assert_no_error (error);
  g_assert_true (_daybook_keyfile_set_slot_with_limits (keyfile, DAYBOOK_SLOT_PASSPHRASE, pass,
                                                        master, crypto_pwhash_OPSLIMIT_MIN,
                                                        crypto_pwhash_MEMLIMIT_MIN, &error));
  g_assert_true (daybook_keyfile_store (keyfile, bundle, &error));
  g_assert_no_error (error);
  if (!had_bak)
    g_assert_cmpint (g_unlink (bak), ==, 0);
}

/* A hand-over bundle travels on a USB stick or by e-mail: damaged on the
 * way, it must be refused or flagged, never shown wrong. */
static void
test_bundle (void)
{
  g_autofree char *dir = daybook_test_copy_fast_template ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *bundle = g_build_filename (parent, "bundle", NULL);
  g_autofree char *work = g_build_filename (parent, "work", NULL);
  g_autofree char *bak = g_build_filename (bundle, "keys.bak", NULL);
  g_autofree char *work_keys = g_build_filename (work, "keys", NULL);
  g_autofree char *work_bak = g_build_filename (work, "keys.bak", NULL);
  g_autoptr (DaybookDiary) diary = daybook_test_open (dir);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookSecret) bundle_secret = NULL;
  g_autofree char *bundle_pass = NULL;
  g_autoptr (GError) error = NULL;
  guint counts[N_OUTCOMES] = { 0 };
  guint n = 0;

  fill (diary, 0, N_ENTRIES);
  n_saved = N_ENTRIES;
  g_assert_true (daybook_diary_export_bundle (diary, bundle, query, &bundle_secret, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, N_ENTRIES);
  daybook_diary_close (diary);
  bundle_pass = g_strndup ((const char *)daybook_secret_get_data (bundle_secret),
                           daybook_secret_get_size (bundle_secret));
  make_bundle_fast (bundle, bundle_pass);

  passphrase = bundle_pass;
  g_assert_cmpint (examine (bundle), ==, OUTCOME_INTACT);
  flip_positions (work, "diary.db", bundle, 100, counts);
  report ("bundle diary.db", counts);
  g_assert_cmpuint (counts[0] + counts[1], >, 0);

  memset (counts, 0, sizeof counts);
  flip_positions (work, "keys", bundle, 40, counts);
  if (g_file_test (bak, G_FILE_TEST_EXISTS))
    flip_positions (work, "keys.bak", bundle, 40, counts);
  report ("bundle keys", counts);

  /* Every key file damaged: refused, never opened some other way. */
  copy_diary (bundle, work);
  daybook_test_flip_byte (work_keys, 50);
  if (g_file_test (bak, G_FILE_TEST_EXISTS))
    daybook_test_flip_byte (work_bak, 60);
  g_assert_cmpint (examine (work), ==, OUTCOME_REFUSED);
  passphrase = TEST_PASSPHRASE;
  daybook_test_rm_rf (parent);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/damage/database", test_database);
  g_test_add_func ("/damage/wal", test_wal);
  g_test_add_func ("/damage/key-files", test_key_files);
  g_test_add_func ("/damage/bundle", test_bundle);

  return g_test_run ();
}
