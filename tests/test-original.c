/* test-original.c — removing the original of an import, and its thumbnails
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "daybook-original.h"
#include "daybook-test-util.h"

/* Set before GLib first reads XDG_CACHE_HOME: the desktop's thumbnails live
 * under this folder for the whole program. */
static char *cache_dir;

typedef struct
{
  char *files;
  char *path;
  char *thumb_name; /* MD5(uri).png */
} Fixture;

static char *
thumbnail (Fixture *f, const char *size)
{
  return g_build_filename (cache_dir, "thumbnails", size, f->thumb_name, NULL);
}

static void
make_thumbnail (Fixture *f, const char *size)
{
  g_autofree char *path = thumbnail (f, size);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "\x89PNG fake", -1, NULL));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autofree char *uri = NULL;
  g_autofree char *md5 = NULL;

  f->files = daybook_test_make_tmpdir ();
  f->path = g_build_filename (f->files, "threat photo.jpg", NULL);
  g_assert_true (g_file_set_contents (f->path, "not really a jpeg", -1, NULL));
  uri = g_filename_to_uri (f->path, NULL, NULL);
  md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, uri, -1);
  f->thumb_name = g_strconcat (md5, ".png", NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *thumbs = g_build_filename (cache_dir, "thumbnails", NULL);

  daybook_test_rm_rf (f->files);
  daybook_test_rm_rf (thumbs);
  g_free (f->files);
  g_free (f->path);
  g_free (f->thumb_name);
}

static void
test_removes_file_and_thumbnails (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookOriginal) original = NULL;
  g_autofree char *other = g_build_filename (cache_dir, "thumbnails", "normal", "0123.png", NULL);
  g_autofree char *sibling = g_build_filename (f->files, "other.jpg", NULL);
  const char *sizes[]
      = { "normal", "large", "x-large", "xx-large", "fail/gnome-thumbnail-factory" };
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) found = NULL;
  guint n = 99;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    make_thumbnail (f, sizes[i]);
  g_assert_true (g_file_set_contents (other, "another file's thumbnail", -1, NULL));
  g_assert_true (g_file_set_contents (sibling, "not imported", -1, NULL));

  original = daybook_original_new (f->path, &error);
  g_assert_no_error (error);
  found = daybook_original_dup_thumbnail_paths (original);
  g_assert_cmpuint (g_strv_length (found), ==, G_N_ELEMENTS (sizes));

  g_assert_true (daybook_original_remove (original, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (sizes));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = thumbnail (f, sizes[i]);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  /* Nothing that was not imported. */
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sibling, G_FILE_TEST_IS_REGULAR));
}

static void
test_no_thumbnails (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookOriginal) original = daybook_original_new (f->path, NULL);
  guint n = 99;

  g_assert_true (daybook_original_remove (original, &n, NULL));
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_changed_is_kept (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookOriginal) original = daybook_original_new (f->path, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *thumb = thumbnail (f, "normal");

  make_thumbnail (f, "normal");
  g_assert_true (g_file_set_contents (f->path, "written again after the import", -1, NULL));
  g_assert_false (daybook_original_is_unchanged (original));
  g_assert_false (daybook_original_remove (original, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (thumb, G_FILE_TEST_IS_REGULAR));
}

static void
test_replaced_is_kept (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookOriginal) original = daybook_original_new (f->path, NULL);
  g_autofree char *moved = g_strconcat (f->path, ".moved", NULL);
  g_autoptr (GError) error = NULL;

  /* Another file of the same size and time now has the name. */
  g_assert_cmpint (g_rename (f->path, moved), ==, 0);
  g_assert_true (g_file_set_contents (f->path, "not really a jpeg", -1, NULL));
  g_assert_false (daybook_original_remove (original, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (moved, G_FILE_TEST_IS_REGULAR));
}

static void
test_gone (Fixture *f, gconstpointer data)
{
  g_autoptr (DaybookOriginal) original = daybook_original_new (f->path, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_unlink (f->path), ==, 0);
  g_assert_false (daybook_original_remove (original, NULL, &error));
  g_assert_nonnull (error);
}

static void
test_not_plain (Fixture *f, gconstpointer data)
{
  g_autofree char *link = g_build_filename (f->files, "link.jpg", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (symlink (f->path, link), ==, 0);
  g_assert_null (daybook_original_new (link, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);
  g_assert_null (daybook_original_new (f->files, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
}

int
main (int argc, char *argv[])
{
  int status;

  cache_dir = daybook_test_make_tmpdir ();
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/original/remove/file-and-thumbnails", test_removes_file_and_thumbnails);
  ADD ("/original/remove/no-thumbnails", test_no_thumbnails);
  ADD ("/original/remove/changed-is-kept", test_changed_is_kept);
  ADD ("/original/remove/replaced-is-kept", test_replaced_is_kept);
  ADD ("/original/remove/gone", test_gone);
  ADD ("/original/new/not-plain", test_not_plain);
#undef ADD

  status = g_test_run ();
  daybook_test_rm_rf (cache_dir);
  g_free (cache_dir);
  return status;
}
