/* daybook-attachment-export.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* renameat2, O_NOATIME */
#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "daybook-attachment-private.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"

/* Writing an original back out, byte for byte. The copy is hashed as it
 * is written and only given its name (by rename, so a reader never sees
 * half a file) when it matches the recorded SHA-256. The copy is not
 * encrypted: the window warns about that before calling this. */

static gboolean
write_all (int fd, const guint8 *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

/* Streams the chunks of @id into @fd; hashes what was written. */
static gboolean
copy_chunks (DaybookDiary *diary, gint64 id, int fd, GCancellable *cancellable, guint64 *total,
             guint8 sha256[32], GError **error)
{
  sqlite3 *db = _daybook_diary_get_db (diary);
  g_auto (DaybookStmt) stmt = _daybook_sql_prepare (
      db, "SELECT seq, data FROM attachment_chunks WHERE attachment_id = ? ORDER BY seq", error);
  EVP_MD_CTX *md = EVP_MD_CTX_new ();
  gint64 expected = 0;
  gboolean ok = FALSE;
  int rc;

  *total = 0;
  if (stmt == NULL || md == NULL || EVP_DigestInit_ex (md, EVP_sha256 (), NULL) != 1)
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *data = sqlite3_column_blob (stmt, 1);
      int len = sqlite3_column_bytes (stmt, 1);

      if (sqlite3_column_int64 (stmt, 0) != expected++)
        break; /* a missing chunk: the hash below will not match */
      if (!write_all (fd, data, len))
        {
          daybook_set_io_error (error, errno, _ ("Could not write the exported copy"));
          goto out;
        }
      EVP_DigestUpdate (md, data, len);
      *total += len;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _daybook_sql_error (db, rc, error);
      goto out;
    }
  EVP_DigestFinal_ex (md, sha256, NULL);
  ok = TRUE;

out:
  EVP_MD_CTX_free (md);
  return ok;
}

static gboolean
put_in_place (const char *tmp, const char *path, gboolean force, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);

  if (force ? rename (tmp, path) == 0
            : renameat2 (AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
    return TRUE;
  /* A file system without RENAME_NOREPLACE: link() refuses to replace too. */
  if (!force && (errno == EINVAL || errno == ENOSYS) && link (tmp, path) == 0)
    {
      g_unlink (tmp);
      return TRUE;
    }
  if (errno == EEXIST)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                 _ ("%s already exists. Use --force to replace it."), display);
  else
    {
      g_autofree char *what = g_strdup_printf (_ ("Could not write %s"), display);

      daybook_set_io_error (error, errno, what);
    }
  return FALSE;
}

static gboolean
export_locked (DaybookDiary *diary, DaybookAttachment *attachment, const char *path, gboolean force,
               GCancellable *cancellable, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *hex = NULL;
  guint8 sha256[32];
  guint64 total;
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_autofree char *what = g_strdup_printf (_ ("Could not write %s"), display);

      daybook_set_io_error (error, errno, what);
      return FALSE;
    }
  if (!copy_chunks (diary, attachment->id, fd, cancellable, &total, sha256, error))
    goto fail;

  hex = _daybook_hex (sha256, sizeof sha256);
  if (total != attachment->size || g_strcmp0 (hex, attachment->sha256) != 0)
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                   _ ("The stored copy of exhibit %s no longer matches its SHA-256, so it was not "
                      "exported. Run “daybook-cli verify”."),
                   attachment->mark);
      goto fail;
    }
  if (fsync (fd) != 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the exported copy"));
      goto fail;
    }
  close (fd);
  fd = -1;
  if (!put_in_place (tmp, path, force, error))
    goto fail;
  daybook_fsync_dir (dir, NULL);
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp);
  return FALSE;
}

/**
 * daybook_diary_export_attachment:
 * @path: where to write the copy
 * @force: replace @path if it exists
 *
 * Writes attachment @id's original bytes to @path. Fails with
 * %DAYBOOK_ERROR_EXISTS when @path exists and @force is not set, and with
 * %DAYBOOK_ERROR_DAMAGED when the stored bytes do not match their hash.
 */
gboolean
daybook_diary_export_attachment (DaybookDiary *diary, gint64 id, const char *path, gboolean force,
                                 GCancellable *cancellable, GError **error)
{
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autofree char *display = NULL;
  gboolean ok;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_INVALID,
                   _ ("%s is a folder. Give the name of the file to write."), display);
      return FALSE;
    }
  if (!force && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_EXISTS,
                   _ ("%s already exists. Use --force to replace it."), display);
      return FALSE;
    }

  attachment = daybook_diary_get_attachment (diary, id, error);
  if (attachment == NULL)
    return FALSE;

  _daybook_diary_lock (diary);
  ok = _daybook_diary_check_open (diary, error)
       && export_locked (diary, attachment, path, force, cancellable, error);
  _daybook_diary_unlock (diary);

  return ok;
}
