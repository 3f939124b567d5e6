/* test-bundle.c — hand-over bundles for an advocate
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

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
cli (const char *dir,
     const char *pass,
     char      **out,
     char      **err,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *input = g_strconcat (pass, "\n", NULL);
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--diary");
  g_ptr_array_add (args, (gpointer) dir);
  g_ptr_array_add (args, (gpointer) "--passphrase-fd");
  g_ptr_array_add (args, (gpointer) "0");
  va_start (ap, err);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return daybook_test_cli_argv (input, out, err, (const char * const *) args->pdata);
}

static void
bundle_setup (BundleFixture *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *file = NULL;
  g_autoptr(JsonNode) root = NULL;

  f->dir = daybook_test_copy_template ();
  parent = g_path_get_dirname (f->dir);
  file = g_build_filename (parent, "evidence.txt", NULL);
  g_assert_true (g_file_set_contents (file, "A screenshot's worth of words.", -1, NULL));

  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "case", "--name", "Alex Example", "--initials", "AE", NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "add", "--when", "2026-01-05T10:00", "--title", "January",
                        "--person", "Jordan:suspect", "--text", "In January.", NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "add", "--when", "2026-02-05T10:00", "--title", "February",
                        "--person", "Casey:witness", "--text", "In February.", "--notes", SECRET, NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "add", "--when", "2026-02-06T10:00", "--title", "Private one",
                        "--private", "--text", SECRET, NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "edit", "2", "--title", "February, edited", NULL), ==, 0);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, NULL, NULL, "attach", "2", file, NULL), ==, 0);

  f->bundle = g_build_filename (parent, "bundle", NULL);
  g_assert_cmpint (cli (f->dir, TEST_PASSPHRASE, &out, NULL, "bundle", f->bundle, "--from", "2026-02-01", "--json", NULL), ==, 0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "entries"), ==, 1);
  f->bundle_pass = g_strdup (json_object_get_string_member (json_node_get_object (root), "passphrase"));
}

static void
bundle_teardown (BundleFixture *f,
                 gconstpointer  data)
{
  g_autofree char *parent = g_path_get_dirname (f->dir);

  daybook_test_rm_rf (parent);
  g_free (f->dir);
  g_free (f->bundle);
  g_free (f->bundle_pass);
}

static void
test_selection (BundleFixture *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) list = NULL;
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

  g_assert_cmpint (cli (f->bundle, f->bundle_pass, &out, NULL, "show", "2", "--history", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "edit"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f->bundle, f->bundle_pass, &out, NULL, "attachments", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "AE/1"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f->bundle, f->bundle_pass, &out, NULL, "search", "February", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "February"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (cli (f->bundle, f->bundle_pass, &out, NULL, "verify", NULL), ==, 0);

  /* Nothing private, and nothing readable, in the bundle's files. */
  g_assert_false (daybook_test_dir_contains (f->bundle, SECRET));
  g_assert_false (daybook_test_dir_contains (f->bundle, "February"));
}

static void
test_read_only (BundleFixture *f,
                gconstpointer  data)
{
  const char *edits[][6] = {
    { "add", "--title", "new", NULL },
    { "edit", "2", "--title", "changed", NULL },
    { "delete", "2", NULL },
    { "case", "--name", "Someone else", NULL },
  };
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *db = g_build_filename (f->bundle, "diary.db", NULL);

  before = daybook_test_read (db);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *err = NULL;
      g_autofree char *input = g_strconcat (f->bundle_pass, "\n", NULL);

      g_ptr_array_add (args, (gpointer) "--diary");
      g_ptr_array_add (args, f->bundle);
      g_ptr_array_add (args, (gpointer) "--passphrase-fd");
      g_ptr_array_add (args, (gpointer) "0");
      for (guint j = 0; edits[i][j] != NULL; j++)
        g_ptr_array_add (args, (gpointer) edits[i][j]);
      g_ptr_array_add (args, NULL);

      g_assert_cmpint (daybook_test_cli_argv (input, NULL, &err, (const char * const *) args->pdata), ==, 1);
      g_assert_nonnull (strstr (err, "hand-over bundle"));
    }
  after = daybook_test_read (db);
  g_assert_true (g_bytes_equal (before, after));

  /* The victim's own passphrase does not open it. */
  g_assert_cmpint (cli (f->bundle, TEST_PASSPHRASE, NULL, NULL, "list", NULL), ==, 3);
}

static void
test_report (BundleFixture *f,
             gconstpointer  data)
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
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &text, NULL, &status, NULL));
  g_assert_nonnull (strstr (text, "hand-over bundle"));
  g_assert_nonnull (strstr (text, fingerprint));
  g_assert_nonnull (strstr (text, "February, edited"));
  g_assert_null (strstr (text, "January"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, BundleFixture, NULL, bundle_setup, fn, bundle_teardown)
  ADD ("/bundle/selection", test_selection);
  ADD ("/bundle/read-only", test_read_only);
  ADD ("/bundle/report", test_report);

  return g_test_run ();
}
