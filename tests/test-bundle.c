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

  f->dir = daybook_test_copy_template ();
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

/* A missing evidence file: no bundle, and no folder left. */
static void
test_failed (BundleFixture *f, gconstpointer data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);
  g_autofree char *failed = g_build_filename (parent, "failed", NULL);
  g_autoptr (GPtrArray) files = daybook_test_list_evidence (f->dir);
  g_autofree char *err = NULL;

  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpint (g_unlink (files->pdata[0]), ==, 0);
  g_assert_cmpint (
      cli (f->dir, TEST_PASSPHRASE, NULL, &err, "bundle", failed, "--from", "2026-02-01", NULL), !=,
      0);
  g_assert_nonnull (strstr (err, "missing"));
  g_assert_false (g_file_test (failed, G_FILE_TEST_EXISTS));
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
  ADD ("/bundle/failed", test_failed);

  return g_test_run ();
}
