/* daybook-fileutil.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-fileutil"

#define _GNU_SOURCE /* O_DIRECT, O_TMPFILE, renameat2 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "daybook-i18n.h"
#include <glib/gstdio.h>
#include <sodium.h>

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
daybook_set_io_error (GError **error, int saved_errno, const char *what)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    g_set_error (
        error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED,
        _ ("%s: the disk is full. Free some space and try again; nothing saved before was lost."),
        what);
  else if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, _ ("%s: permission denied."), what);
  else
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_FAILED, "%s: %s.", what,
                 g_strerror (saved_errno));
}

gboolean
daybook_fsync_dir (const char *dir, GError **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      daybook_set_io_error (error, saved_errno, _ ("Could not flush the diary folder"));
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
daybook_write_full (int fd, const void *data, gsize len)
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
      len -= (gsize)n;
    }

  return TRUE;
}

/*
 * Long sequential writes (evidence files, exported originals) bypass the
 * page cache where the file system allows: copying gigabytes into freshly
 * allocated cache pages cost more than hashing them, while the disk takes
 * direct writes at several times the speed. Writes are gathered into an
 * aligned buffer and written a whole buffer at a time; the tail that is
 * not a whole block goes through the cache. The caller still fsync()s.
 *
 * A file that never fills the buffer (under 4 MiB) goes through the cache
 * whole: a direct write waits for the disk, milliseconds for each small
 * file, where an import of many e-mails writes one after another and
 * syncs them together (daybook-blob.c). Direct writes start when the
 * buffer first fills.
 */

#define BULK_BUFFER (4 << 20)
#define BULK_ALIGN 4096

struct _DaybookBulkWriter
{
  int fd;
  guint8 *buffer; /* BULK_BUFFER bytes, BULK_ALIGN-aligned */
  gsize used;
  gsize touched; /* the most of it ever used: what must be wiped */
  gboolean direct;
  gboolean tried_direct; /* direct writes were asked for once (the buffer filled) */
};

static void
bulk_stop_direct (DaybookBulkWriter *self)
{
  if (self->direct)
    fcntl (self->fd, F_SETFL, fcntl (self->fd, F_GETFL) & ~O_DIRECT);
  self->direct = FALSE;
}

/**
 * daybook_bulk_writer_new:
 * @fd: a new file, open for writing at offset 0
 */
DaybookBulkWriter *
daybook_bulk_writer_new (int fd)
{
  DaybookBulkWriter *self = g_new0 (DaybookBulkWriter, 1);

  self->fd = fd;
  self->buffer = g_aligned_alloc (BULK_BUFFER, 1, BULK_ALIGN);
  return self;
}

/* The first whole buffer: from now on, direct writes where allowed. */
static void
bulk_start_direct (DaybookBulkWriter *self)
{
  int flags;

  if (self->tried_direct)
    return;
  self->tried_direct = TRUE;
  flags = fcntl (self->fd, F_GETFL);
  self->direct = flags >= 0 && fcntl (self->fd, F_SETFL, flags | O_DIRECT) == 0;
}

/* Writes the first @len bytes of the buffer; a file system that turns
 * down the direct write gets it through the cache instead. */
static gboolean
bulk_flush (DaybookBulkWriter *self, gsize len)
{
  const guint8 *p = self->buffer;
  gsize left = len;

  while (left > 0)
    {
      ssize_t n = write (self->fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EINVAL && self->direct)
        {
          bulk_stop_direct (self);
          continue;
        }
      if (n <= 0)
        return FALSE;
      p += n;
      left -= (gsize)n;
    }
  memmove (self->buffer, self->buffer + len, self->used - len);
  self->used -= len;
  return TRUE;
}

/**
 * daybook_bulk_writer_write:
 *
 * Returns: %FALSE with errno set on failure
 */
gboolean
daybook_bulk_writer_write (DaybookBulkWriter *self, const void *data, gsize len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      gsize n = MIN (len, BULK_BUFFER - self->used);

      memcpy (self->buffer + self->used, p, n);
      self->used += n;
      self->touched = MAX (self->touched, self->used);
      p += n;
      len -= n;
      if (self->used == BULK_BUFFER)
        {
          bulk_start_direct (self);
          if (!bulk_flush (self, BULK_BUFFER))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * daybook_bulk_writer_finish:
 *
 * Writes what is left; the descriptor is back to ordinary writes.
 *
 * Returns: %FALSE with errno set on failure
 */
gboolean
daybook_bulk_writer_finish (DaybookBulkWriter *self)
{
  gsize whole = self->used - self->used % BULK_ALIGN;

  if (whole > 0 && !bulk_flush (self, whole))
    return FALSE;
  bulk_stop_direct (self);
  return bulk_flush (self, self->used);
}

void
daybook_bulk_writer_free (DaybookBulkWriter *self)
{
  bulk_stop_direct (self);
  /* Only what was written to: wiping the rest would make the system
   * hand over (and clear) 4 MiB for each small file. */
  sodium_memzero (self->buffer, self->touched);
  g_aligned_free (self->buffer);
  g_free (self);
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
daybook_read_full (int fd, void *buf, gsize len)
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
      got += (gsize)n;
    }
  return (gssize)got;
}

/**
 * daybook_write_file_atomic_full:
 * @sync_dir: whether to fsync the folder after the rename, so that the new
 *   bytes are the ones a crash leaves; without it a crash may leave the old
 *   bytes, never a mix
 *
 * Replaces @path with @data so that after a crash at any moment the file
 * holds either the old or the new bytes, never a mix: write a temporary file
 * beside it, fsync, rename over, fsync the folder. On failure the temporary
 * file is removed and @path is untouched.
 */
gboolean
daybook_write_file_atomic_full (const char *path, const void *data, gsize len, gboolean sync_dir,
                                GError **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not write the key file"));
      return FALSE;
    }

  if (!daybook_write_full (fd, data, len) || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (tmp);
      daybook_set_io_error (error, saved_errno, _ ("Could not write the key file"));
      return FALSE;
    }

  if (close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp);
      daybook_set_io_error (error, saved_errno, _ ("Could not write the key file"));
      return FALSE;
    }

  return !sync_dir || daybook_fsync_dir (dir, error);
}

/**
 * daybook_write_file_atomic:
 *
 * daybook_write_file_atomic_full() with the folder synced: once it
 * returns, a crash leaves the new bytes.
 */
gboolean
daybook_write_file_atomic (const char *path, const void *data, gsize len, GError **error)
{
  return daybook_write_file_atomic_full (path, data, len, TRUE, error);
}

/*
 * Files the user asked for that hold plaintext (an exported original, a
 * report) are written where a crash leaves nothing: with O_TMPFILE the
 * file has no name while it is written, and is linked under its name
 * only once complete and flushed. A SIGKILL or power cut before that
 * leaves no hidden `.NAME.XXXXXX` beside the target; the kernel frees
 * the blocks.
 *
 * Limits, said plainly: file systems without O_TMPFILE (FAT and exFAT USB
 * sticks, many network and FUSE file systems) get the hidden temporary
 * file beside the target, as before, removed on every error but left by
 * a crash. Replacing an existing file links the finished file under a
 * hidden name first and renames it over the target, so a crash in that
 * instant leaves a complete hidden copy.
 */

/**
 * daybook_new_file_open:
 * @self: zero-initialised
 * @flags: O_WRONLY or O_RDWR
 *
 * Opens a new, unnamed file (mode 0600) in @path's folder.
 *
 * Returns: the descriptor (owned by @self), or -1 with errno set
 */
int
daybook_new_file_open (DaybookNewFile *self, const char *path, int flags)
{
  g_autofree char *dir = g_path_get_dirname (path);

  self->fd = -1;
  self->path = g_strdup (path);
  self->fd = open (dir, O_TMPFILE | flags | O_CLOEXEC, 0600);
  if (self->fd >= 0)
    {
      self->alias = g_strdup_printf ("/proc/self/fd/%d", self->fd);
      return self->fd;
    }
  /* EOPNOTSUPP: no O_TMPFILE on this file system; EISDIR, EINVAL: none
   * in this kernel. Anything else (no such folder, no permission) is
   * the answer. */
  if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
    return -1;
  {
    g_autofree char *base = g_path_get_basename (path);

    self->tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  }
  self->fd = g_mkstemp_full (self->tmp, flags | O_CLOEXEC, 0600);
  if (self->fd < 0)
    {
      int saved_errno = errno;

      g_clear_pointer (&self->tmp, g_free);
      errno = saved_errno;
      return -1;
    }
  self->alias = g_strdup (self->tmp);
  return self->fd;
}

/**
 * daybook_new_file_get_readable_path:
 *
 * Returns: a path that opens the bytes written so far (to sign them)
 */
const char *
daybook_new_file_get_readable_path (DaybookNewFile *self)
{
  return self->alias;
}

/* Gives the unnamed file the name @to; fails with EEXIST if it exists. */
static int
link_unnamed (DaybookNewFile *self, const char *to)
{
  if (linkat (self->fd, "", AT_FDCWD, to, AT_EMPTY_PATH) == 0)
    return 0;
  if (errno == EEXIST)
    return EEXIST;
  /* AT_EMPTY_PATH needs a privilege; the /proc path does not. */
  if (linkat (AT_FDCWD, self->alias, AT_FDCWD, to, AT_SYMLINK_FOLLOW) == 0)
    return 0;
  return errno;
}

/**
 * daybook_new_file_install:
 * @replace: replace a file at the target, else fail with EEXIST even if
 *   one appeared meanwhile
 *
 * Flushes the file, gives it its name and flushes the folder.
 *
 * Returns: 0, or an errno value (EEXIST: the target exists)
 */
int
daybook_new_file_install (DaybookNewFile *self, gboolean replace)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int err = 0;

  if (fsync (self->fd) != 0)
    return errno;
  if (self->tmp == NULL && !replace)
    err = link_unnamed (self, self->path);
  else if (self->tmp == NULL)
    {
      g_autofree char *base = g_path_get_basename (self->path);

      for (int i = 0; i < 100; i++)
        {
          g_autofree char *hidden
              = g_strdup_printf ("%s%c.%s.%08x", dir, G_DIR_SEPARATOR, base, g_random_int ());

          err = link_unnamed (self, hidden);
          if (err == EEXIST)
            continue;
          if (err == 0 && rename (hidden, self->path) != 0)
            {
              err = errno;
              g_unlink (hidden);
            }
          break;
        }
    }
  else if (!replace)
    {
      if (renameat2 (AT_FDCWD, self->tmp, AT_FDCWD, self->path, RENAME_NOREPLACE) == 0)
        err = 0;
      else if (errno == EEXIST)
        err = EEXIST;
      /* No RENAME_NOREPLACE here: link() refuses to replace too. */
      else if (link (self->tmp, self->path) == 0)
        g_unlink (self->tmp);
      else if (errno == EEXIST || g_file_test (self->path, G_FILE_TEST_EXISTS))
        err = EEXIST;
      /* No hard links either (FAT): nothing is there, as just checked. */
      else if (rename (self->tmp, self->path) != 0)
        err = errno;
    }
  else if (rename (self->tmp, self->path) != 0)
    err = errno;

  if (err != 0)
    return err;
  self->installed = TRUE;
  daybook_fsync_dir (dir, NULL);
  return 0;
}

/**
 * daybook_new_file_clear:
 *
 * Closes the file; unless installed, nothing of it is left.
 */
void
daybook_new_file_clear (DaybookNewFile *self)
{
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  if (self->tmp != NULL && !self->installed)
    g_unlink (self->tmp);
  g_clear_pointer (&self->tmp, g_free);
  g_clear_pointer (&self->alias, g_free);
  g_clear_pointer (&self->path, g_free);
}
