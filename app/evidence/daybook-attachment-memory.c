/* daybook-attachment-memory.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* memfd_create */
#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "daybook-i18n.h"

#include "daybook-attachment-private.h"
#include "daybook-diary.h"
#include "daybook-error.h"
#include "daybook-fileutil.h"

/*
 * Bytes that never were a file (a pasted screenshot) go through the same
 * import as a file, read from an anonymous memory file: memfd_create()
 * has no name in any file system and vanishes with its last descriptor,
 * so nothing is ever written to disk. Sealed, it cannot change under the
 * import.
 */

static int
memory_fd_new (GBytes *bytes, GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  int fd = memfd_create ("daybook-paste", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  gsize done = 0;

  if (fd < 0)
    {
      daybook_set_io_error (error, errno, _ ("Could not hold the pasted data in memory"));
      return -1;
    }
  while (done < size)
    {
      ssize_t n = write (fd, data + done, size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          daybook_set_io_error (error, saved, _ ("Could not hold the pasted data in memory"));
          return -1;
        }
      done += n;
    }
  fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return fd;
}

/**
 * daybook_diary_import_attachment_bytes:
 * @bytes: the content
 * @name: the file name to record, such as "Screenshot 2026-03-01 21-40.png"
 * @number: the entry to link it to, or 0 for the unlinked evidence list
 *
 * Like daybook_diary_import_attachment(), for content held in memory.
 *
 * Returns: (transfer full) (nullable): the attachment
 */
DaybookAttachment *
daybook_diary_import_attachment_bytes (DaybookDiary *diary, GBytes *bytes, const char *name,
                                       gint64 number, GCancellable *cancellable,
                                       gboolean *already_stored, GError **error)
{
  int fd;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL && name[0] != '\0' && strchr (name, '/') == NULL, NULL);

  if ((fd = memory_fd_new (bytes, error)) < 0)
    return NULL;
  return _daybook_attachment_import_fd (diary, fd, name, number, TRUE, NULL, NULL, cancellable,
                                        already_stored, error);
}

DaybookAttachment *
_daybook_attachment_import_bytes_unparsed (DaybookDiary *diary, GBytes *bytes, const char *name,
                                           GCancellable *cancellable, GError **error)
{
  int fd;

  g_return_val_if_fail (name != NULL && name[0] != '\0' && strchr (name, '/') == NULL, NULL);

  if ((fd = memory_fd_new (bytes, error)) < 0)
    return NULL;
  return _daybook_attachment_import_fd (diary, fd, name, 0, FALSE, NULL, NULL, cancellable, NULL,
                                        error);
}

typedef struct
{
  GBytes *bytes;
  char *name;
  gint64 number;
} BytesData;

static void
bytes_data_free (BytesData *data)
{
  g_bytes_unref (data->bytes);
  g_free (data->name);
  g_free (data);
}

static void
import_bytes_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  BytesData *data = task_data;
  GError *error = NULL;
  DaybookAttachment *attachment = daybook_diary_import_attachment_bytes (
      source, data->bytes, data->name, data->number, cancellable, NULL, &error);

  if (attachment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, attachment, g_object_unref);
}

/**
 * daybook_diary_import_attachment_bytes_async:
 *
 * Imports @bytes in a worker thread; finish with
 * daybook_diary_import_attachment_finish().
 */
void
daybook_diary_import_attachment_bytes_async (DaybookDiary *diary, GBytes *bytes, const char *name,
                                             gint64 number, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (diary, cancellable, callback, user_data);
  BytesData *data = g_new0 (BytesData, 1);

  g_return_if_fail (DAYBOOK_IS_DIARY (diary));

  data->bytes = g_bytes_ref (bytes);
  data->name = g_strdup (name);
  data->number = number;
  g_task_set_source_tag (task, daybook_diary_import_attachment_async);
  g_task_set_task_data (task, data, (GDestroyNotify)bytes_data_free);
  g_task_run_in_thread (task, import_bytes_thread);
}
