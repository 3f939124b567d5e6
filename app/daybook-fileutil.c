/* daybook-fileutil.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-fileutil"

#define _GNU_SOURCE /* sync_file_range */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "daybook-error.h"
#include "daybook-fileutil.h"

/**
 * daybook_set_io_error:
 * @what: a short description of what could not be done, in plain words
 *
 * Turns an errno into one plain sentence. A full disk gets its own advice
 * because it is the failure a user can do something about.
 */
void
daybook_set_io_error (GError    **error,
                      int         saved_errno,
                      const char *what)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                 _("%s: the disk is full. Free some space and try again; nothing saved before was lost."),
                 what);
  else if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
                 _("%s: permission denied."), what);
  else
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, "%s: %s.", what,
                 g_strerror (saved_errno));
}

gboolean
daybook_fsync_dir (const char *dir,
                   GError    **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      daybook_set_io_error (error, saved_errno, _("Could not flush the diary folder"));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/**
 * daybook_write_full:
 *
 * Writes all of @data, through interruptions and short writes.
 *
 * Returns: %FALSE with errno set on failure
 */
gboolean
daybook_write_full (int         fd,
                    const void *data,
                    gsize       len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }

  return TRUE;
}

#define WRITE_BEHIND_WINDOW (8 << 20)

/**
 * daybook_write_behind:
 * @written: how many bytes of @fd are written so far
 * @started: (inout): how far write-back was started; 0 at first
 *
 * For long sequential writes: starts each 8 MiB on its way to the disk as
 * soon as it is written, without waiting. The disk then works while the
 * CPU encrypts and hashes, and the final fsync() has little left to do
 * (otherwise the kernel would start writing only once gigabytes are
 * dirty). Errors surface at that fsync().
 */
void
daybook_write_behind (int      fd,
                      guint64  written,
                      guint64 *started)
{
  while (written - *started >= WRITE_BEHIND_WINDOW)
    {
      sync_file_range (fd, *started, WRITE_BEHIND_WINDOW, SYNC_FILE_RANGE_WRITE);
      *started += WRITE_BEHIND_WINDOW;
    }
}

/**
 * daybook_read_full:
 *
 * Reads until @len bytes or the end of the file, through interruptions.
 *
 * Returns: the bytes read (fewer than @len only at the end), or -1 with
 *   errno set
 */
gssize
daybook_read_full (int   fd,
                   void *buf,
                   gsize len)
{
  guint8 *p = buf;
  gsize got = 0;

  while (got < len)
    {
      ssize_t n = read (fd, p + got, len - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      got += (gsize) n;
    }
  return (gssize) got;
}

/**
 * daybook_write_file_atomic:
 *
 * Replaces @path with @data so that after a crash at any moment the file
 * holds either the old or the new bytes, never a mix: write a temporary file
 * beside it, fsync, rename over, fsync the folder. On failure the temporary
 * file is removed and @path is untouched.
 */
gboolean
daybook_write_file_atomic (const char *path,
                           const void *data,
                           gsize       len,
                           GError    **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _("Could not write the key file"));
      return FALSE;
    }

  if (!daybook_write_full (fd, data, len) || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmp);
      daybook_set_io_error (error, saved_errno, _("Could not write the key file"));
      return FALSE;
    }

  if (close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp);
      daybook_set_io_error (error, saved_errno, _("Could not write the key file"));
      return FALSE;
    }

  return daybook_fsync_dir (dir, error);
}
