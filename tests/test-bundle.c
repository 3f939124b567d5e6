/* test-bundle.c — hand-over bundles for an advocate
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "daybook-attachment.h"
#include "daybook-blob.h"
#include "daybook-bundle.h"
#include "daybook-bytes.h"
#include "daybook-chain.h"
#include "daybook-diary-private.h"
#include "daybook-verify.h"
#include "daybook-error.h"
#include "daybook-query.h"
#include "daybook-test-util.h"

#define PASS TEST_PASSPHRASE "\n"
#define SECRET "PRIVATE-MARKER-8086"

typedef struct
{
  char *dir;
  char *bundle;
  char *bundle_pass;
} BundleFixture;

static int
cli (const char *dir, const char *pass, char **out, char **err, ...)
{
  g_autofree char *input = g_strconcat (pass, "\n", NULL);
  va_list ap;
  int status;

  va_start (ap, err);
  status = daybook_test_cli_diary_valist (dir, input, out, err, ap);
  va_end (ap);
  return status;
}

/* Makes the bundle of February on from the command line; returns its
 * passphrase. */
static char *
make_bundle (BundleFixture *f, const char *bundle)
{
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) root = NULL;

  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, &out, NULL, "bundle", bundle, "--from",
                        "2026-02-01", "--json", NULL),
                   ==, 0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "entries"), ==, 1);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "passphrase"));
}

static void
bundle_setup (BundleFixture *f, gconstpointer data)
{
  g_autofree char *parent = NULL;
  g_autofree char *file = NULL;

  f->dir = daybook_test_copy_fast_template ();
  parent = g_path_get_dirname (f->dir);
  file = g_build_filename (parent, "evidence.txt", NULL);
  g_assert_true (g_file_set_contents (file, "A screenshot's worth of words.", -1, NULL));

  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "case", "--name", "Alex Example",
                        "--initials", "AE", NULL),
                   ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "add", "--when", "2026-01-05T10:00",
                        "--title", "January", "--person", "Jordan:suspect", "--text", "In January.",
                        NULL),
                   ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "add", "--when", "2026-02-05T10:00",
                        "--title", "February", "--person", "Casey:witness", "--text",
                        "In February.", "--notes", SECRET, NULL),
                   ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "add", "--when", "2026-02-06T10:00",
                        "--title", "Private one", "--private", "--text", SECRET, NULL),
                   ==, 0);
  g_assert_cmpint (
      cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "edit", "2", "--title", "February, edited", NULL),
      ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "attach", "2", file, NULL), ==, 0);

  f->bundle = g_build_filename (parent, "bundle", NULL);
  f->bundle_pass = make_bundle (f, f->bundle);
  /* Opened many times below: the slot need not cost a full Argon2id each. */
  daybook_test_make_fast (f->bundle, f->bundle_pass);
}

static void
bundle_teardown (BundleFixture *f, gconstpointer data)
{
  daybook_test_rm_copy (f->dir);
  g_free (f->dir);
  g_free (f->bundle);
  g_free (f->bundle_pass);
}

static void
test_selection (BundleFixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) list = NULL;
  JsonObject *entry;

  /* Only February is in it: January is before the range, the private entry
   * was not asked for. Numbers and history are as in the diary. */
  g_assert_cmpint (cli (f->bundle, f->bundle_pass, &out, NULL, "list", "--json", NULL), ==, 0);
  list = json_from_string (out, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  entry = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpint (json_object_get_int_member (entry, "number"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (entry, "title"), ==, "February, edited");
  g_assert_cmpstr (json_object_get_string_member (entry, "private_notes"), ==, "");
  g_assert_cmpint (json_object_get_int_member (entry, "revision"), ==, 2);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f->bundle, f->bundle_pass, &out, NULL, "show", "2", "--history", NULL), ==,
                   0);
  g_assert_nonnull (strstr (out, "edit"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f->bundle, f->bundle_pass, &out, NULL, "attachments", "--json", NULL), ==,
                   0);
  g_assert_nonnull (strstr (out, "AE/1"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (
      cli (f->bundle, f->bundle_pass, &out, NULL, "search", "February", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "February"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f->bundle, f->bundle_pass, &out, NULL, "verify", NULL), ==, 0);

  /* Nothing private, and nothing readable, in the bundle's files. */
  g_assert_false (daybook_test_dir_contains (f->bundle, SECRET));
  g_assert_false (daybook_test_dir_contains (f->bundle, "February"));
}

static void
test_read_only (BundleFixture *f, gconstpointer data)
{
  const char *edits[][6] = {
    { "add", "--title", "new", NULL },
    { "edit", "2", "--title", "changed", NULL },
    { "delete", "2", NULL },
    { "case", "--name", "Someone else", NULL },
  };
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  g_autofree char *db = g_build_filename (f->bundle, "diary.db", NULL);

  before = daybook_test_read (db);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      g_autofree char *err = NULL;
      g_autofree char *input = g_strconcat (f->bundle_pass, "\n", NULL);

      g_ptr_array_add (args, (gpointer) "--diary");
      g_ptr_array_add (args, f->bundle);
      g_ptr_array_add (args, (gpointer) "--passphrase-fd");
      g_ptr_array_add (args, (gpointer) "0");
      for (guint j = 0; edits[i][j] != NULL; j++)
        g_ptr_array_add (args, (gpointer)edits[i][j]);
      g_ptr_array_add (args, NULL);

      g_assert_cmpint (daybook_test_cli_argv (input, NULL, &err, (const char *const *)args->pdata),
                       ==, 1);
      g_assert_nonnull (strstr (err, "hand-over bundle"));
    }
  after = daybook_test_read (db);
  g_assert_true (g_bytes_equal (before, after));

  /* The victim's own passphrase does not open it. */
  g_assert_cmpint (cli (f->bundle, TEST_PASSPHRASE, NULL, NULL, "list", NULL), ==, 3);
}

static void
test_report (BundleFixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *pdf = g_build_filename (parent, "bundle.pdf", NULL);
  g_autofree char *fingerprint = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *verify = NULL;
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  int status;

  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, &verify, NULL, "verify", NULL), ==, 0);
  fingerprint = g_strdup (strstr (verify, "Fingerprint: ") + strlen ("Fingerprint: "));
  g_strstrip (fingerprint);

  g_assert_cmpint (cli (f->bundle, f->bundle_pass, &out, NULL, "report", "-o", pdf, NULL), ==, 0);
  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text,
                               NULL, &status, NULL));
  g_assert_nonnull (strstr (text, "hand-over bundle"));
  g_assert_nonnull (strstr (text, fingerprint));
  g_assert_nonnull (strstr (text, "February, edited"));
  g_assert_null (strstr (text, "January"));
  /* A bundle has no report key: its report says it is not signed, and
   * signing is refused rather than done with a key of the bundle's own. */
  g_strdelimit (text, "\n", ' ');
  g_assert_nonnull (strstr (text, "no report key of its own"));
  {
    g_autofree char *signed_pdf = g_build_filename (parent, "bundle-signed.pdf", NULL);
    g_autofree char *sig = g_strconcat (signed_pdf, ".minisig", NULL);
    g_autofree char *err = NULL;

    g_assert_cmpint (
        cli (f->bundle, f->bundle_pass, NULL, &err, "report", "-o", signed_pdf, "--sign", NULL), ==,
        1);
    g_assert_nonnull (strstr (err, "cannot be signed"));
    g_assert_false (g_file_test (signed_pdf, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (sig, G_FILE_TEST_EXISTS));
  }
  /* It says what the bundle's entries were checked against, and where. */
  g_strdelimit (text, "\n", ' ');
  g_assert_nonnull (strstr (text, "Source link"));
  g_assert_nonnull (strstr (text, "Tied to the source"));
  g_assert_nonnull (strstr (text, "Entries 2, recomputed from this bundle"));
}

/* The bundle's evidence files are private, and it gives back each
 * original in it exactly, by file name from @originals. */
static void
assert_originals (const char *bundle, const DaybookSecret *pass, GHashTable *originals)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DaybookDiary) diary = daybook_diary_open (bundle, pass, &error);
  g_autoptr (GListModel) attachments = NULL;
  g_autoptr (GPtrArray) files = daybook_test_list_evidence (bundle);
  g_autoptr (GPtrArray) problems = NULL;
  g_autofree char *folder = g_build_filename (bundle, DAYBOOK_BLOB_DIR, NULL);
  g_autofree char *parent = g_path_get_dirname (bundle);
  g_autofree char *out = g_build_filename (parent, "exported", NULL);
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpuint (files->len, ==, g_hash_table_size (originals));
  for (guint i = 0; i < files->len; i++)
    {
      g_assert_cmpint (g_stat (files->pdata[i], &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  attachments = daybook_diary_list_attachments (diary, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (attachments), ==, g_hash_table_size (originals));
  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr (DaybookAttachment) a = g_list_model_get_item (attachments, i);
      const char *path = g_hash_table_lookup (originals, daybook_attachment_get_filename (a));
      g_autoptr (GBytes) original = NULL;
      g_autoptr (GBytes) copy = NULL;

      g_assert_nonnull (path);
      g_assert_true (daybook_diary_export_attachment (diary, daybook_attachment_get_id (a), out,
                                                      TRUE, NULL, &error));
      g_assert_no_error (error);
      original = daybook_test_read (path);
      copy = daybook_test_read (out);
      g_assert_true (g_bytes_equal (original, copy));
    }
}

static void
test_evidence (BundleFixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *note = g_build_filename (parent, "evidence.txt", NULL);
  g_autofree char *photo = g_build_filename (parent, "photo.bin", NULL);
  g_autofree char *january = g_build_filename (parent, "january.bin", NULL);
  g_autofree char *second = g_build_filename (parent, "second", NULL);
  g_autofree char *second_pass = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret (f->bundle_pass);
  g_autoptr (DaybookSecret) second_secret = NULL;
  g_autoptr (GHashTable) originals = g_hash_table_new (g_str_hash, g_str_equal);
  gsize len = 2 * DAYBOOK_ATTACHMENT_CHUNK_SIZE + 77;
  g_autofree guint8 *bytes = g_malloc (len);

  /* The fixture's bundle: one small original. */
  g_hash_table_insert (originals, (gpointer) "evidence.txt", note);
  assert_originals (f->bundle, pass, originals);

  /* One of several chunks too; one cited only by an entry left out stays
   * out, file and all. */
  for (gsize i = 0; i < len; i++)
    bytes[i] = (guint8)g_test_rand_int ();
  g_assert_true (g_file_set_contents (photo, (char *)bytes, len, NULL));
  g_assert_true (g_file_set_contents (january, "January only.", -1, NULL));
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "attach", "2", photo, NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "attach", "1", january, NULL), ==, 0);
  second_pass = make_bundle (f, second);
  second_secret = daybook_test_secret (second_pass);
  g_hash_table_insert (originals, (gpointer) "photo.bin", photo);
  assert_originals (second, second_secret, originals);
}

/* A bundle made while an import is between its commit and its rename
 * copies the `.part` file. */
static void
test_evidence_part (BundleFixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *note = g_build_filename (parent, "evidence.txt", NULL);
  g_autofree char *second = g_build_filename (parent, "second", NULL);
  g_autoptr (DaybookDiary) diary = daybook_test_open (f->dir);
  g_autoptr (GPtrArray) files = daybook_test_list_evidence (f->dir);
  g_autofree char *part = g_strconcat (files->pdata[0], ".part", NULL);
  g_autoptr (DaybookQuery) query = daybook_query_new ();
  g_autoptr (DaybookSecret) pass = NULL;
  g_autoptr (GHashTable) originals = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpint (g_rename (files->pdata[0], part), ==, 0);
  g_assert_true (daybook_diary_export_bundle (diary, second, query, &pass, NULL, &error));
  g_assert_no_error (error);
  daybook_diary_close (diary);

  g_hash_table_insert (originals, (gpointer) "evidence.txt", note);
  assert_originals (second, pass, originals);
}

/* A missing evidence file: the bundle is made all the same, holds the
 * exhibit's record, and the command names the exhibit. */
static void
test_missing_evidence (BundleFixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *partial = g_build_filename (parent, "partial", NULL);
  g_autoptr (GPtrArray) files = daybook_test_list_evidence (f->dir);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (DaybookSecret) pass = NULL;
  g_autoptr (DaybookDiary) bundle = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *missing;

  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpint (g_unlink (files->pdata[0]), ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, &out, &err, "bundle", partial, "--from",
                        "2026-02-01", "--json", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (err, "AE/1 (evidence.txt)"));
  g_assert_nonnull (strstr (err, "missing"));
  root = json_from_string (out, NULL);
  missing = json_object_get_array_member (json_node_get_object (root), "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, "AE/1 (evidence.txt)");

  pass = daybook_test_secret (
      json_object_get_string_member (json_node_get_object (root), "passphrase"));
  bundle = daybook_diary_open (partial, pass, &error);
  g_assert_no_error (error);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM incidents"), ==, 1);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM attachments"), ==, 1);
}

/* Every text and blob column of every table of @diary's database, searched
 * for @needle: how many cells hold it. */
static gint64
count_everywhere (DaybookDiary *diary, const char *needle)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) tables
      = _daybook_sql_prepare (db, "SELECT name FROM sqlite_master WHERE type = 'table'", NULL);
  gint64 n = 0;

  g_assert_nonnull (tables);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql
          = g_strdup_printf ("SELECT * FROM \"%s\"", _daybook_sql_text (tables, 0));
      g_auto (DaybookStmt) rows = _daybook_sql_prepare (db, sql, NULL);

      if (rows == NULL)
        continue; /* a full-text index's shadow tables are read through it */
      while (sqlite3_step (rows) == SQLITE_ROW)
        for (int i = 0; i < sqlite3_column_count (rows); i++)
          {
            const void *cell = sqlite3_column_blob (rows, i);
            int len = sqlite3_column_bytes (rows, i);

            if (cell != NULL && len > 0 && g_strstr_len (cell, len, needle) != NULL)
              n++;
          }
    }
  return n;
}

static DaybookDiary *
open_bundle (BundleFixture *f, const char *name, char **out_json, ...)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *path = g_build_filename (parent, name, NULL);
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *input = g_strconcat (TEST_PASSPHRASE, "\n", NULL);
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (DaybookSecret) pass = NULL;
  g_autoptr (GError) error = NULL;
  DaybookDiary *diary;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--diary");
  g_ptr_array_add (args, f->dir);
  g_ptr_array_add (args, (gpointer) "--passphrase-fd");
  g_ptr_array_add (args, (gpointer) "0");
  g_ptr_array_add (args, (gpointer) "bundle");
  g_ptr_array_add (args, path);
  g_ptr_array_add (args, (gpointer) "--json");
  va_start (ap, out_json);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (daybook_test_cli_argv (input, &out, NULL, (const char *const *)args->pdata), ==,
                   0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  pass = daybook_test_secret (
      json_object_get_string_member (json_node_get_object (root), "passphrase"));
  diary = daybook_diary_open (path, pass, &error);
  g_assert_no_error (error);
  if (out_json != NULL)
    *out_json = g_steal_pointer (&out);
  return diary;
}

static void
assert_verifies (DaybookDiary *diary)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (daybook_diary_verify (diary, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *)problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* An address the victim edited out of an included entry is not in the
 * bundle, unless its history was asked for; nor is a person named only in
 * an entry left out, nor the details of a person beyond what the entry
 * says, unless asked for. */
static void
test_leaves_out (BundleFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) plain = NULL;
  g_autoptr (DaybookDiary) history = NULL;
  g_autoptr (DaybookDiary) people = NULL;
  g_autoptr (DaybookDiary) source = NULL;
  g_autoptr (DaybookPerson) casey = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (
      cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "edit", "2", "--location", "7 Hidden Lane", NULL),
      ==, 0);
  g_assert_cmpint (
      cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "edit", "2", "--location", "Town centre", NULL), ==,
      0);
  source = daybook_test_open (f->dir);
  casey = daybook_diary_find_person (source, "Casey");
  g_assert_nonnull (casey);
  daybook_person_set_field (casey, DAYBOOK_PERSON_PHONES, "07700 900461");
  daybook_person_set_field (casey, DAYBOOK_PERSON_NOTES, "Lives at 9 Quiet Road");
  g_assert_true (daybook_diary_save_person (source, casey, &error));
  g_assert_no_error (error);
  /* The source holds all of it. */
  g_assert_cmpint (count_everywhere (source, "Hidden Lane"), >, 0);
  g_assert_cmpint (count_everywhere (source, "Jordan"), >, 0);
  daybook_diary_close (source);

  plain = open_bundle (f, "plain", NULL, "--from", "2026-02-01", NULL);
  assert_verifies (plain);
  g_assert_cmpint (count_everywhere (plain, "Hidden Lane"), ==, 0);
  g_assert_cmpint (count_everywhere (plain, "Town centre"), >, 0);
  g_assert_cmpint (count_everywhere (plain, "Jordan"), ==, 0);
  g_assert_cmpint (count_everywhere (plain, "07700 900461"), ==, 0);
  g_assert_cmpint (count_everywhere (plain, "Quiet Road"), ==, 0);
  g_assert_cmpint (count_everywhere (plain, SECRET), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (plain, "SELECT count(*) FROM people"), ==, 1);
  g_assert_cmpint (daybook_test_sql_count (plain, "SELECT count(*) FROM people WHERE name = 'Casey'"
                                                  " AND role = 'witness'"),
                   ==, 1);
  /* Only the last version of entry 2 is there in full. */
  g_assert_cmpint (daybook_test_sql_count (plain, "SELECT count(*) FROM revisions"
                                                  " WHERE entity = 'incident'"),
                   ==, 1);

  history = open_bundle (f, "history", NULL, "--from", "2026-02-01", "--with-history", NULL);
  assert_verifies (history);
  g_assert_cmpint (count_everywhere (history, "Hidden Lane"), >, 0);
  g_assert_cmpint (count_everywhere (history, "Quiet Road"), ==, 0);
  g_assert_cmpint (count_everywhere (history, SECRET), ==, 0);
  g_assert_cmpint (daybook_test_sql_count (history, "SELECT count(*) FROM revisions"
                                                    " WHERE entity = 'incident'"),
                   ==, 4);

  people = open_bundle (f, "people", NULL, "--from", "2026-02-01", "--with-people", NULL);
  assert_verifies (people);
  g_assert_cmpint (count_everywhere (people, "Quiet Road"), >, 0);
  g_assert_cmpint (count_everywhere (people, "07700 900461"), >, 0);
  g_assert_cmpint (count_everywhere (people, "Hidden Lane"), ==, 0);
  g_assert_cmpint (count_everywhere (people, "Jordan"), ==, 0);
}

/* The bundle's counters tell no more than its own rows: the diary has three
 * entries and two people, the bundle holds entry 2 and one person. */
static void
test_counts (BundleFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) bundle = NULL;
  g_autoptr (DaybookDiary) source = NULL;
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *january = g_build_filename (parent, "january.txt", NULL);

  /* An attachment cited by entries 1 and 2: the bundle's copy links to 2 only. */
  g_assert_true (g_file_set_contents (january, "Both months.", -1, NULL));
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "attach", "1", january, NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "link", "2", "2", NULL), ==, 0);
  source = daybook_test_open (f->dir);
  g_assert_cmpint (
      daybook_test_sql_count (source, "SELECT seq FROM sqlite_sequence WHERE name = 'incidents'"),
      ==, 3);
  daybook_diary_close (source);

  bundle = open_bundle (f, "counted", NULL, "--from", "2026-02-01", NULL);
  assert_verifies (bundle);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT IFNULL(MAX(seq), 0) FROM"
                                                   " sqlite_sequence WHERE name = 'incidents'"),
                   <=, 2);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT IFNULL(MAX(seq), 0) FROM sqlite_sequence"
                                                   " WHERE name = 'people'"),
                   <=, daybook_test_sql_count (bundle, "SELECT MAX(id) FROM people"));
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT IFNULL(MAX(seq), 0) FROM sqlite_sequence"
                                                   " WHERE name = 'attachments'"),
                   <=, daybook_test_sql_count (bundle, "SELECT MAX(id) FROM attachments"));
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM attachments"), ==, 2);
  g_assert_cmpint (
      daybook_test_sql_count (bundle, "SELECT count(*) FROM attachment_links WHERE number != 2"),
      ==, 0);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM revisions"
                                                   " WHERE snapshot LIKE '%\"incidents\":[1%'"),
                   ==, 0);
}

static char *
tip_hex (DaybookDiary *diary, gint64 *length)
{
  guint8 head[32], id[16];
  g_autofree char *id_hex = daybook_diary_dup_id (diary);
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 16; i++)
    id[i] = g_ascii_xdigit_value (id_hex[2 * i]) << 4 | g_ascii_xdigit_value (id_hex[2 * i + 1]);
  g_assert_true (_daybook_chain_get_tip (_daybook_diary_get_db (diary), id, length, head, &error));
  g_assert_no_error (error);
  return _daybook_hex (head, 32);
}

/* The bundle's recomputed source chain ends in the source's own link at
 * that length, also after the source has moved on. */
static void
test_tied (BundleFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) bundle = NULL;
  g_autoptr (DaybookDiary) source = NULL;
  g_auto (DaybookBundleSource) tie = { 0 };
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *head = NULL;
  g_autofree char *link_hex = NULL;
  g_autofree char *out = NULL;
  gint64 length;
  guint8 link[32];
  gboolean found;

  source = daybook_test_open (f->dir);
  head = tip_hex (source, &length);
  daybook_diary_close (source);

  bundle = open_bundle (f, "tied", &json, "--from", "2026-02-01", NULL);
  root = json_from_string (json, NULL);
  g_assert_cmpstr (
      json_object_get_string_member (json_node_get_object (root), "source_fingerprint"), ==, head);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "source_link"), ==,
                   length);

  g_assert_true (daybook_diary_check_bundle_source (bundle, &tie, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (tie.is_bundle && tie.tied && tie.matches);
  g_assert_cmpstr (tie.head, ==, head);
  g_assert_cmpint (tie.length, ==, length);
  g_assert_cmpstr (tie.entries, ==, "2");
  g_assert_cmpstr (tie.hashed, ==, "2"); /* its private notes were blanked */

  /* The source moves on; its link at that length is still the bundle's. */
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "add", "--title", "Later", NULL), ==,
                   0);
  source = daybook_test_open (f->dir);
  g_assert_true (
      _daybook_chain_get_link (_daybook_diary_get_db (source), tie.length, link, &found, &error));
  g_assert_true (found);
  link_hex = _daybook_hex (link, 32);
  g_assert_cmpstr (link_hex, ==, tie.head);

  /* verify says so, with the link. */
  daybook_diary_close (bundle);
  {
    g_autofree char *parent = g_path_get_dirname (f->dir);
    g_autofree char *path = g_build_filename (parent, "tied", NULL);
    g_autofree char *pass_text
        = g_strdup (json_object_get_string_member (json_node_get_object (root), "passphrase"));

    g_assert_cmpint (cli (path, pass_text, &out, NULL, "verify", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "entries 2 of diary fingerprint"));
    g_assert_nonnull (strstr (out, head));
  }
}

/* Someone holding the bundle's key alters an included revision and the
 * entry, and even recomputes the bundle's own chain: the source
 * fingerprint no longer matches. */
static void
test_tampered (BundleFixture *f, gconstpointer data)
{
  g_autoptr (DaybookDiary) bundle = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  sqlite3 *db;
  guint8 link[32], id[16];
  g_autofree char *id_hex = NULL;
  gboolean named = FALSE;

  /* Without private notes, so that entry 2 is carried as it is. */
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "edit", "2", "--notes", "", NULL), ==,
                   0);
  bundle = open_bundle (f, "tampered", NULL, "--from", "2026-02-01", NULL);
  assert_verifies (bundle);

  db = _daybook_diary_get_db (bundle);
  g_assert_true (_daybook_sql_exec (db, "PRAGMA query_only = 0", NULL));
  g_assert_true (_daybook_sql_exec (
      db,
      "UPDATE revisions SET snapshot = replace(snapshot, 'February, edited', 'February, forged')"
      " WHERE entity = 'incident';"
      "UPDATE incidents SET title = 'February, forged'",
      NULL));
  /* The bundle's own chain, made whole again. */
  id_hex = daybook_diary_dup_id (bundle);
  for (int i = 0; i < 16; i++)
    id[i] = g_ascii_xdigit_value (id_hex[2 * i]) << 4 | g_ascii_xdigit_value (id_hex[2 * i + 1]);
  _daybook_chain_genesis (id, link);
  {
    g_auto (DaybookStmt) rows = _daybook_sql_prepare (
        db,
        "SELECT id, entity, entity_id, revision, action, at, snapshot FROM revisions ORDER BY id",
        NULL);
    g_auto (DaybookStmt) set
        = _daybook_sql_prepare (db, "UPDATE revisions SET link = ? WHERE id = ?", NULL);

    while (sqlite3_step (rows) == SQLITE_ROW)
      {
        _daybook_chain_link (link, sqlite3_column_int64 (rows, 0), _daybook_sql_text (rows, 1),
                             sqlite3_column_int64 (rows, 2), sqlite3_column_int64 (rows, 3),
                             _daybook_sql_text (rows, 4), sqlite3_column_int64 (rows, 5),
                             _daybook_sql_text (rows, 6), link);
        sqlite3_reset (set);
        sqlite3_bind_blob (set, 1, link, 32, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (set, 2, sqlite3_column_int64 (rows, 0));
        g_assert_cmpint (sqlite3_step (set), ==, SQLITE_DONE);
      }
  }

  g_assert_true (daybook_diary_verify (bundle, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);
  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], "source fingerprint") != NULL)
      named = TRUE;
  g_assert_true (named);
}

/* A bundle made before bundles carried the source chain (by daybook-cli
 * bundle as it was; see tests/data/old-bundle.README) still opens and
 * verifies, says it is not tied, and gives back all it holds. */
static void
test_old_bundle (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "old-bundle", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("daybook-old-bundle-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (tmp, "bundle", NULL);
  g_autofree char *exported = g_build_filename (tmp, "exported", NULL);
  g_autofree char *cp_out = NULL;
  g_autoptr (DaybookSecret) pass = daybook_test_secret ("9A1K-Z1RB-XVHB-Y47E-ENAW-ZTSC-1YJZ-8F4Y");
  g_autoptr (DaybookDiary) bundle = NULL;
  g_autoptr (DaybookIncident) entry = NULL;
  g_autoptr (GListModel) attachments = NULL;
  g_autoptr (DaybookAttachment) a = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_auto (DaybookBundleSource) tie = { 0 };
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *source = NULL;
  const char *cp[] = { "cp", "-a", fixture, dir, NULL };
  int status;

  g_assert_nonnull (tmp);
  g_assert_true (g_spawn_sync (NULL, (char **)cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &cp_out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  bundle = daybook_diary_open (dir, pass, &error);
  g_assert_no_error (error);
  g_assert_true (daybook_diary_is_read_only (bundle));
  assert_verifies (bundle);

  g_assert_true (daybook_diary_check_bundle_source (bundle, &tie, NULL, &error));
  g_assert_true (tie.is_bundle);
  g_assert_false (tie.tied);
  g_assert_cmpstr (tie.entries, ==, "2");
  g_assert_cmpstr (tie.head, ==,
                   "6a007e5939fbcd0d739a980976e714e8e0525c854ef9d4d37da1741ca3270e44");
  source = daybook_diary_dup_setting (bundle, DAYBOOK_SETTING_BUNDLE_SOURCE_ID);
  g_assert_cmpuint (strlen (source), ==, 32);

  /* Its content, field by field. */
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM incidents"), ==, 1);
  g_assert_cmpint (daybook_test_sql_count (bundle,
                                           "SELECT count(*) FROM incidents WHERE number = 2"
                                           " AND title = 'February, edited' AND narrative = "
                                           "'In February.' AND location = 'Somewhere else'"
                                           " AND private_notes = '' AND revision = 2"),
                   ==, 1);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM people WHERE"
                                                   " name = 'Casey' AND role = 'witness'"),
                   ==, 1);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM revisions"), ==, 4);
  g_assert_cmpint (count_everywhere (bundle, "NOTE-SECRET"), ==, 0);
  g_assert_cmpint (count_everywhere (bundle, "PRIVATE-TEXT"), ==, 0);
  entry = daybook_diary_get_incident (bundle, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (daybook_incident_get_title (entry), ==, "February, edited");

  attachments = daybook_diary_list_attachments (bundle, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (attachments), ==, 1);
  a = g_list_model_get_item (attachments, 0);
  g_assert_cmpstr (daybook_attachment_get_filename (a), ==, "ev.txt");
  g_assert_true (daybook_diary_export_attachment (bundle, daybook_attachment_get_id (a), exported,
                                                  TRUE, NULL, &error));
  g_assert_no_error (error);
  bytes = daybook_test_read (exported);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "exhibit bytes\n", 14);

  daybook_diary_close (bundle);
  daybook_test_rm_copy (dir); /* removes tmp, and all in it */
}

/* The id of the message whose text starts with @start, from `messages
 * --json` output @json. */
static gint64
message_id (const char *json, const char *start)
{
  g_autoptr (JsonNode) root = json_from_string (json, NULL);
  JsonArray *array;

  g_assert_nonnull (root);
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *m = json_array_get_object_element (array, i);

      if (g_str_has_prefix (json_object_get_string_member (m, "text"), start))
        return json_object_get_int_member (m, "id");
    }
  g_assert_not_reached ();
}

/* A bundle carries the imported messages its entries cite, with their
 * import's row, its original export and their media, so the advocate's copy
 * shows them, verifies and reports them; a message only a left-out entry
 * cites, and those no entry cites, stay out. */
static void
test_messages (BundleFixture *f, gconstpointer data)
{
  g_autofree char *sms = g_test_build_filename (G_TEST_DIST, "data", "import", "sms-mms.xml", NULL);
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *pdf = g_build_filename (parent, "messages.pdf", NULL);
  g_autofree char *exported = g_build_filename (parent, "exported.xml", NULL);
  g_autofree char *out = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *made = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hide = NULL, *mms = NULL, *alone = NULL;
  g_autoptr (DaybookDiary) bundle = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) original = NULL;
  g_autoptr (GBytes) copy = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  gint64 source_id, media_id;
  int status;

  /* Five messages from one SMS backup, one with a picture. Entry 2 cites
   * two of them (the picture's among them), entry 1 a third. */
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, &out, NULL, "import", sms, "--time-zone",
                        "Europe/London", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "messages 5\n"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, &out, NULL, "messages", "--json", NULL), ==, 0);
  hide = g_strdup_printf ("%" G_GINT64_FORMAT, message_id (out, "You can't hide"));
  mms = g_strdup_printf ("%" G_GINT64_FORMAT, message_id (out, "Outside your house"));
  alone = g_strdup_printf ("%" G_GINT64_FORMAT, message_id (out, "Leave me alone"));
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "edit", "2", "--message", hide,
                        "--message", mms, NULL),
                   ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "edit", "1", "--message", alone, NULL),
                   ==, 0);

  /* Entries 2 and 3 of 1 to 3. */
  bundle
      = open_bundle (f, "with-messages", &made, "--from", "2026-02-01", "--include-private", NULL);
  assert_verifies (bundle);
  /* Still tied to the source: the narrowed import by its hash, the links
   * of entry 2 as they are. */
  {
    g_auto (DaybookBundleSource) tie = { 0 };
    g_autoptr (GPtrArray) problems = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_true (daybook_diary_check_bundle_source (bundle, &tie, &problems, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_true (tie.is_bundle && tie.tied && tie.matches);
  }
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM revisions"
                                                   " WHERE entity = 'message-links'"),
                   ==, 1);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM incidents"), ==, 2);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM messages"), ==, 2);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM message_links"), ==, 2);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM messages WHERE text"
                                                   " LIKE 'Leave me alone%' OR text LIKE 'bad%'"
                                                   " OR text LIKE 'raw%'"),
                   ==, 0);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM messages_fts"), ==, 2);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM person_identifiers"), ==,
                   0);
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM message_sources"), ==, 1);
  source_id = daybook_test_sql_count (bundle, "SELECT attachment_id FROM message_sources");
  media_id = daybook_test_sql_count (bundle, "SELECT media_id FROM messages WHERE media_id > 0");
  /* The original export and the picture are in it, as exhibits with their
   * evidence files: evidence.txt, the export, the picture. */
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM attachments"), ==, 3);
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (
        daybook_diary_export_attachment (bundle, source_id, exported, TRUE, NULL, &error));
    g_assert_no_error (error);
    original = daybook_test_read (sms);
    copy = daybook_test_read (exported);
    g_assert_true (g_bytes_equal (original, copy));
    g_assert_cmpint (media_id, >, 0);
    g_assert_true (
        daybook_diary_export_attachment (bundle, media_id, exported, TRUE, NULL, &error));
    g_assert_no_error (error);
  }
  /* The source's revision in the bundle is narrowed to the two messages
   * (and verify above recomputed their digest). */
  g_assert_cmpint (daybook_test_sql_count (bundle, "SELECT count(*) FROM revisions WHERE entity ="
                                                   " 'message-source' AND snapshot LIKE"
                                                   " '%\"messages\":2,%'"),
                   ==, 1);
  daybook_diary_close (bundle);
  g_clear_object (&bundle);

  /* Through the command line: verify, the messages, the report. */
  {
    g_autofree char *path = g_build_filename (parent, "with-messages", NULL);
    g_autofree char *pass = NULL;
    g_autoptr (GPtrArray) files = daybook_test_list_evidence (path);

    g_assert_cmpuint (files->len, ==, 3);
    root = json_from_string (made, NULL);
    pass = g_strdup (json_object_get_string_member (json_node_get_object (root), "passphrase"));
    g_clear_pointer (&root, json_node_unref);
    g_assert_cmpint (cli (path, pass, &listed, NULL, "messages", "--json", NULL), ==, 0);
    root = json_from_string (listed, NULL);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
    g_assert_nonnull (strstr (listed, "You can't hide"));
    g_assert_nonnull (strstr (listed, "Outside your house"));
    g_assert_null (strstr (listed, "Leave me alone"));
    g_assert_cmpint (cli (path, pass, NULL, NULL, "verify", NULL), ==, 0);
    g_assert_cmpint (cli (path, pass, NULL, NULL, "report", "-o", pdf, NULL), ==, 0);
    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &text, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (text, "Message log: exhibit"));
    g_assert_nonnull (strstr (text, "You can't hide"));
    g_assert_nonnull (strstr (text, "Outside your house"));
    g_assert_nonnull (strstr (text, "IMG_0001.png = "));
    g_assert_null (strstr (text, "Leave me alone"));
    g_assert_null (strstr (text, "raw"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, BundleFixture, NULL, bundle_setup, fn, bundle_teardown)
  ADD ("/bundle/selection", test_selection);
  ADD ("/bundle/read-only", test_read_only);
  ADD ("/bundle/report", test_report);
  ADD ("/bundle/evidence", test_evidence);
  ADD ("/bundle/evidence-part", test_evidence_part);
  ADD ("/bundle/missing-evidence", test_missing_evidence);
  ADD ("/bundle/leaves-out", test_leaves_out);
  ADD ("/bundle/counts", test_counts);
  ADD ("/bundle/tied", test_tied);
  ADD ("/bundle/tampered", test_tampered);
  ADD ("/bundle/messages", test_messages);
  g_test_add_func ("/bundle/old-bundle", test_old_bundle);

  return g_test_run ();
}
