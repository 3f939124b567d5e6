/* test-importer.c — which imports the window may offer to remove the original of
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DaybookImporter needs no display: it runs the imports in a worker and
 * reports on the main context.
 */

#include "config.h"

#include "daybook-importer.h"
#include "daybook-original.h"
#include "daybook-test-util.h"

typedef struct
{
  char *dir;
  char *files;
  DaybookDiary *diary;
  DaybookImporter *importer;
  gboolean idle;
  guint failed;
} Fixture;

static void
idle_cb (DaybookImporter *importer, Fixture *f)
{
  f->idle = TRUE;
}

static void
failed_cb (DaybookImporter *importer, const char *message, Fixture *f)
{
  f->failed++;
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = daybook_test_copy_fast_template ();
  f->files = daybook_test_make_tmpdir ();
  f->diary = daybook_test_open (f->dir);
  f->importer = daybook_importer_new ();
  g_signal_connect (f->importer, "idle", G_CALLBACK (idle_cb), f);
  g_signal_connect (f->importer, "failed", G_CALLBACK (failed_cb), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->importer);
  daybook_diary_close (f->diary);
  g_clear_object (&f->diary);
  daybook_test_rm_copy (f->dir);
  daybook_test_rm_rf (f->files);
  g_free (f->dir);
  g_free (f->files);
}

static void
wait_idle (Fixture *f)
{
  while (!f->idle)
    g_main_context_iteration (NULL, TRUE);
  f->idle = FALSE;
}

static void
test_files_and_bytes (Fixture *f, gconstpointer data)
{
  g_autofree char *a = g_build_filename (f->files, "a.txt", NULL);
  g_autofree char *missing = g_build_filename (f->files, "missing.txt", NULL);
  g_autoptr (GFile) file_a = g_file_new_for_path (a);
  g_autoptr (GFile) file_missing = g_file_new_for_path (missing);
  g_autoptr (GBytes) bytes = g_bytes_new_static ("pasted", 6);
  g_autoptr (GPtrArray) originals = NULL;
  g_autoptr (GPtrArray) again = NULL;
  GList *files = NULL;

  g_assert_true (g_file_set_contents (a, "a message kept as evidence", -1, NULL));
  files = g_list_append (files, file_a);
  files = g_list_append (files, file_missing);
  daybook_importer_add_files (f->importer, f->diary, files, 0);
  daybook_importer_add_bytes (f->importer, f->diary, bytes, "pasted.txt", 0);
  g_list_free (files);
  wait_idle (f);

  /* Only the file read from disk, not the one that failed nor the paste. */
  g_assert_cmpuint (f->failed, ==, 1);
  originals = daybook_importer_take_originals (f->importer);
  g_assert_cmpuint (originals->len, ==, 1);
  g_assert_cmpstr (daybook_original_get_path (g_ptr_array_index (originals, 0)), ==, a);
  /* Taken once: the next batch starts empty. */
  again = daybook_importer_take_originals (f->importer);
  g_assert_cmpuint (again->len, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/importer/originals", Fixture, NULL, setup, test_files_and_bytes, teardown);

  return g_test_run ();
}
