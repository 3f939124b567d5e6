/* daybook-original.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-original"

#include "config.h"

#include <errno.h>
#include "daybook-i18n.h"
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "daybook-original.h"

/*
 * The file a piece of evidence was imported from. After an import the window
 * offers to remove it, with the desktop's thumbnails of it, so that the photo
 * of a threatening message is not left in ~/Pictures for the person who shares
 * the computer to find. Only the very file that was read is removed: it is
 * remembered by device, inode, size and modification time when the import
 * starts, and nothing is removed if any of them changed since. This is a plain
 * unlink, not secure erasure, and the window says so.
 */

struct _DaybookOriginal
{
  char *path;
  dev_t dev;
  ino_t ino;
  off_t size;
  gint64 mtime_nsec;
};

static const char *const thumbnail_sizes[] = { "normal", "large", "x-large", "xx-large" };

static gint64
mtime_of (const struct stat *st)
{
  return (gint64)st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
}

static gboolean
stat_regular (const char *path, struct stat *st, GError **error)
{
  if (g_lstat (path, (GStatBuf *)st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _ ("The original file could not be found: %s."), g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st->st_mode))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           _ ("The original is not a plain file, so Daybook leaves it alone."));
      return FALSE;
    }
  return TRUE;
}

/* Thumbnail file names are the MD5 of the file's URI (freedesktop.org
 * thumbnail specification), in one folder per size and one per program that
 * failed to make one under fail/. */
static void
add_thumbnails_in (GPtrArray *paths, const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    g_ptr_array_add (paths, g_steal_pointer (&path));
}

/**
 * daybook_original_new:
 * @path: the file about to be imported
 *
 * Remembers which file @path is now, before it is read.
 *
 * Returns: (transfer full): the original, or %NULL if @path is not a plain file
 */
DaybookOriginal *
daybook_original_new (const char *path, GError **error)
{
  DaybookOriginal *self;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!stat_regular (path, &st, error))
    return NULL;
  self = g_new0 (DaybookOriginal, 1);
  self->path = g_canonicalize_filename (path, NULL);
  self->dev = st.st_dev;
  self->ino = st.st_ino;
  self->size = st.st_size;
  self->mtime_nsec = mtime_of (&st);
  return self;
}

/* TRUE if the file at the path is still the one that was imported. */
gboolean
daybook_original_is_unchanged (DaybookOriginal *self)
{
  struct stat st;

  g_return_val_if_fail (self != NULL, FALSE);

  return stat_regular (self->path, &st, NULL) && st.st_dev == self->dev && st.st_ino == self->ino
         && st.st_size == self->size && mtime_of (&st) == self->mtime_nsec;
}

const char *
daybook_original_get_path (DaybookOriginal *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

/**
 * daybook_original_dup_thumbnail_paths:
 *
 * Returns: (transfer full): the desktop thumbnails of the original that exist
 */
char **
daybook_original_dup_thumbnail_paths (DaybookOriginal *self)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uri = NULL;
  g_autofree char *md5 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *root = NULL;
  g_autofree char *fail_root = NULL;
  g_autoptr (GDir) fail = NULL;
  const char *sub;

  g_return_val_if_fail (self != NULL, NULL);

  uri = g_filename_to_uri (self->path, NULL, NULL);
  if (uri != NULL)
    {
      md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, uri, -1);
      name = g_strconcat (md5, ".png", NULL);
      root = g_build_filename (g_get_user_cache_dir (), "thumbnails", NULL);
      for (guint i = 0; i < G_N_ELEMENTS (thumbnail_sizes); i++)
        {
          g_autofree char *dir = g_build_filename (root, thumbnail_sizes[i], NULL);
          add_thumbnails_in (paths, dir, name);
        }
      fail_root = g_build_filename (root, "fail", NULL);
      fail = g_dir_open (fail_root, 0, NULL);
      while (fail != NULL && (sub = g_dir_read_name (fail)) != NULL)
        {
          g_autofree char *dir = g_build_filename (fail_root, sub, NULL);
          add_thumbnails_in (paths, dir, name);
        }
    }
  g_ptr_array_add (paths, NULL);
  return (char **)g_ptr_array_steal (paths, NULL);
}

/**
 * daybook_original_remove:
 * @n_thumbnails: (out) (optional): how many thumbnails were removed
 *
 * Unlinks the original and its desktop thumbnails, if it is still the file
 * that was imported. Not secure erasure: the data may stay on the disk.
 *
 * Returns: %TRUE if the original was removed
 */
gboolean
daybook_original_remove (DaybookOriginal *self, guint *n_thumbnails, GError **error)
{
  g_auto (GStrv) thumbnails = NULL;
  guint removed = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_thumbnails != NULL)
    *n_thumbnails = 0;
  if (!daybook_original_is_unchanged (self))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                           _ ("The original file was moved or changed since it was attached, so "
                              "Daybook did not remove it."));
      return FALSE;
    }
  thumbnails = daybook_original_dup_thumbnail_paths (self);
  if (g_unlink (self->path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _ ("The original file could not be removed: %s."), g_strerror (saved));
      return FALSE;
    }
  for (guint i = 0; thumbnails[i] != NULL; i++)
    if (g_unlink (thumbnails[i]) == 0)
      removed++;
  if (n_thumbnails != NULL)
    *n_thumbnails = removed;
  return TRUE;
}

void
daybook_original_free (DaybookOriginal *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_free (self);
}
