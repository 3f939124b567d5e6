/* daybook-attachment-async.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <string.h>

#include "daybook-i18n.h"
#include <sodium.h>

#include "daybook-attachment-async.h"
#include "daybook-attachment-private.h"
#include "daybook-diary.h"
#include "daybook-original.h"
#include "daybook-parse-client.h"
#include "daybook-parse-protocol.h"

G_STATIC_ASSERT (DAYBOOK_ATTACHMENT_AUDIO_MINUTES == DAYBOOK_PARSE_AUDIO_MINUTES);
G_STATIC_ASSERT (DAYBOOK_ATTACHMENT_MAX_AUDIO_INPUT == DAYBOOK_PARSE_MAX_IMAGE_INPUT);

/*
 * An exhibit read into memory to be shown (an image decoded and turned
 * upright, a text made valid UTF-8), or exported to a file: each in a
 * worker thread, which gets the diary, the attachment's id and copies of
 * anything else. Nothing decrypted is written to disk but an export.
 */

#define READ_SIZE (64 * 1024)

/* Decrypted bytes, wiped before they are freed. */
typedef struct
{
  guint8 *data;
  gsize len;
  gsize size;
} WipedBuffer;

static void
wiped_buffer_free (WipedBuffer *buf)
{
  if (buf->data != NULL)
    sodium_memzero (buf->data, buf->size);
  g_free (buf->data);
  g_free (buf);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WipedBuffer, wiped_buffer_free)

/* Appends, growing by copying and wiping the old block (a realloc()
 * would free it with the bytes still in it). */
static void
wiped_buffer_append (WipedBuffer *buf, const guint8 *data, gsize len)
{
  if (buf->len + len > buf->size)
    {
      gsize size = MAX (buf->size * 2, buf->len + len);
      guint8 *bigger = g_malloc (size);

      if (buf->len > 0)
        memcpy (bigger, buf->data, buf->len);
      if (buf->data != NULL)
        sodium_memzero (buf->data, buf->size);
      g_free (buf->data);
      buf->data = bigger;
      buf->size = size;
    }
  memcpy (buf->data + buf->len, data, len);
  buf->len += len;
}

static GBytes *
read_all (DaybookDiary *diary, gint64 id, gsize max_bytes, gboolean *truncated,
          GCancellable *cancellable, GError **error)
{
  g_autoptr (GInputStream) stream = daybook_diary_open_attachment (diary, id, error);
  g_autoptr (WipedBuffer) buf = g_new0 (WipedBuffer, 1);
  g_autofree guint8 *chunk = g_malloc (READ_SIZE);
  gssize n;

  if (stream == NULL)
    return NULL;
  *truncated = FALSE;
  while ((n = g_input_stream_read (stream, chunk, READ_SIZE, cancellable, error)) > 0)
    {
      if (buf->len + (gsize)n > max_bytes)
        {
          *truncated = TRUE;
          break;
        }
      wiped_buffer_append (buf, chunk, n);
    }
  sodium_memzero (chunk, READ_SIZE);
  if (n < 0)
    return NULL;
  /* The bytes are wiped when the last reference goes. */
  {
    WipedBuffer *owner = g_steal_pointer (&buf);

    return g_bytes_new_with_free_func (owner->data, owner->len, (GDestroyNotify)wiped_buffer_free,
                                       owner);
  }
}

static GdkPixbuf *
read_image (DaybookDiary *diary, gint64 id, int orientation, gsize max_bytes,
            GCancellable *cancellable, GError **error)
{
  gboolean truncated = FALSE;
  g_autoptr (GBytes) bytes = read_all (diary, id, max_bytes, &truncated, cancellable, error);

  if (bytes == NULL)
    return NULL;
  if (truncated)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _ ("This image is too large to show; export it instead."));
      return NULL;
    }
  /* Decoded by the parsing helper, out of this process. */
  return _daybook_parse_image (bytes, orientation, error);
}

static int
orientation_of (DaybookAttachment *attachment)
{
  JsonObject *meta = daybook_attachment_get_metadata (attachment);

  if (meta != NULL && json_object_has_member (meta, "orientation"))
    return (int)json_object_get_int_member (meta, "orientation");
  return 1;
}

/**
 * daybook_diary_read_attachment_image:
 * @max_bytes: refuse images larger than this
 *
 * Decodes an image attachment in memory, turned upright by the EXIF
 * orientation recorded when it was imported.
 *
 * Returns: (transfer full) (nullable): the image
 */
GdkPixbuf *
daybook_diary_read_attachment_image (DaybookDiary *diary, DaybookAttachment *attachment,
                                     gsize max_bytes, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);
  g_return_val_if_fail (DAYBOOK_IS_ATTACHMENT (attachment), NULL);

  return read_image (diary, daybook_attachment_get_id (attachment), orientation_of (attachment),
                     max_bytes, cancellable, error);
}

/**
 * daybook_diary_read_attachment_audio:
 * @cut: (out) (optional): set when only the first
 *   DAYBOOK_ATTACHMENT_AUDIO_MINUTES minutes are there
 *
 * Decodes a recording out of this process (in the parsing helper) and
 * returns it as a WAV file in memory, made by Daybook, wiped when freed.
 * Blocks: call it from a worker thread.
 *
 * Returns: (transfer full) (nullable): the WAV bytes
 */
GBytes *
daybook_diary_read_attachment_audio (DaybookDiary *diary, gint64 id, gboolean *cut,
                                     GCancellable *cancellable, GError **error)
{
  gboolean truncated = FALSE;
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  bytes = read_all (diary, id, DAYBOOK_ATTACHMENT_MAX_AUDIO_INPUT, &truncated, cancellable, error);
  if (bytes == NULL)
    return NULL;
  if (truncated)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _ ("This recording is too large to play here; export it instead."));
      return NULL;
    }
  return _daybook_parse_audio (bytes, cut, error);
}

typedef struct
{
  gint64 id;
  int orientation;
  gsize max_bytes;
} ReadData;

static void
read_image_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ReadData *rd = task_data;
  GError *error = NULL;
  GdkPixbuf *pixbuf
      = read_image (source, rd->id, rd->orientation, rd->max_bytes, cancellable, &error);

  if (pixbuf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
run_read (DaybookDiary *diary, gpointer tag, GTaskThreadFunc func, gint64 id, int orientation,
          gsize max_bytes, GCancellable *cancellable, GAsyncReadyCallback callback,
          gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (diary, cancellable, callback, user_data);
  ReadData *rd = g_new0 (ReadData, 1);

  rd->id = id;
  rd->orientation = orientation;
  rd->max_bytes = max_bytes;
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, rd, g_free);
  g_task_run_in_thread (task, func);
}

/**
 * daybook_diary_read_attachment_image_async:
 *
 * daybook_diary_read_attachment_image() in a worker thread.
 */
void
daybook_diary_read_attachment_image_async (DaybookDiary *diary, DaybookAttachment *attachment,
                                           gsize max_bytes, GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (DAYBOOK_IS_DIARY (diary));
  g_return_if_fail (DAYBOOK_IS_ATTACHMENT (attachment));

  run_read (diary, daybook_diary_read_attachment_image_async, read_image_thread,
            daybook_attachment_get_id (attachment), orientation_of (attachment), max_bytes,
            cancellable, callback, user_data);
}

/**
 * daybook_diary_read_attachment_image_finish:
 *
 * Returns: (transfer full) (nullable): the image, upright
 */
GdkPixbuf *
daybook_diary_read_attachment_image_finish (DaybookDiary *diary, GAsyncResult *result,
                                            GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, diary), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * daybook_diary_read_attachment_text:
 * @max_bytes: show at most this much
 *
 * Reads a text attachment (a note, an e-mail) into memory as valid UTF-8.
 * A longer one is cut at @max_bytes, with a sentence saying so.
 *
 * Returns: (transfer full) (nullable): the text
 */
char *
daybook_diary_read_attachment_text (DaybookDiary *diary, gint64 id, gsize max_bytes,
                                    GCancellable *cancellable, GError **error)
{
  gboolean truncated = FALSE;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (DAYBOOK_IS_DIARY (diary), NULL);

  bytes = read_all (diary, id, max_bytes, &truncated, cancellable, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  text = g_utf8_make_valid (data != NULL ? data : "", size);
  if (!truncated)
    return g_steal_pointer (&text);
  return g_strconcat (text, "\n\n",
                      _ ("(The rest is not shown here: it is too long. Export the original to "
                         "read it all.)"),
                      NULL);
}

static void
read_text_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ReadData *rd = task_data;
  GError *error = NULL;
  char *text
      = daybook_diary_read_attachment_text (source, rd->id, rd->max_bytes, cancellable, &error);

  if (text == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, text, g_free);
}

/**
 * daybook_diary_read_attachment_text_async:
 *
 * daybook_diary_read_attachment_text() in a worker thread.
 */
void
daybook_diary_read_attachment_text_async (DaybookDiary *diary, gint64 id, gsize max_bytes,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data)
{
  g_return_if_fail (DAYBOOK_IS_DIARY (diary));

  run_read (diary, daybook_diary_read_attachment_text_async, read_text_thread, id, 1, max_bytes,
            cancellable, callback, user_data);
}

/**
 * daybook_diary_read_attachment_text_finish:
 *
 * Returns: (transfer full) (nullable): the text
 */
char *
daybook_diary_read_attachment_text_finish (DaybookDiary *diary, GAsyncResult *result,
                                           GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, diary), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  gint64 id;
  char *path;
  gboolean force;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *ed = data;

  g_free (ed->path);
  g_free (ed);
}

static void
export_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ExportData *ed = task_data;
  GError *error = NULL;

  if (daybook_diary_export_attachment (source, ed->id, ed->path, ed->force, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * daybook_diary_export_attachment_async:
 *
 * daybook_diary_export_attachment() in a worker thread.
 */
void
daybook_diary_export_attachment_async (DaybookDiary *diary, gint64 id, const char *path,
                                       gboolean force, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (diary, cancellable, callback, user_data);
  ExportData *ed;

  g_return_if_fail (DAYBOOK_IS_DIARY (diary));
  g_return_if_fail (path != NULL);

  ed = g_new0 (ExportData, 1);
  ed->id = id;
  ed->path = g_strdup (path);
  ed->force = force;
  g_task_set_source_tag (task, daybook_diary_export_attachment_async);
  g_task_set_task_data (task, ed, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
daybook_diary_export_attachment_finish (DaybookDiary *diary, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, diary), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GFile *file;
  char *name;
  gint64 number;
  DaybookImportProgress progress;
  gpointer progress_data;
  DaybookOriginal *original;
} FileData;

static void
file_data_free (gpointer data)
{
  FileData *fd = data;

  g_object_unref (fd->file);
  g_free (fd->name);
  g_clear_pointer (&fd->original, daybook_original_free);
  g_free (fd);
}

static void
import_file_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  FileData *fd = task_data;
  g_autofree char *path = g_file_get_path (fd->file);
  GError *error = NULL;
  DaybookAttachment *attachment;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _ ("%s is not a local file. Save it to this computer first, then "
                                  "attach it."),
                               fd->name);
      return;
    }
  fd->original = daybook_original_new (path, NULL);
  attachment = daybook_diary_import_attachment (source, path, fd->number, fd->progress,
                                                fd->progress_data, cancellable, NULL, &error);
  /* Only offer to remove what was read, unchanged, from start to end. */
  if (fd->original != NULL && !daybook_original_is_unchanged (fd->original))
    g_clear_pointer (&fd->original, daybook_original_free);
  if (attachment == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, attachment, g_object_unref);
}

/**
 * daybook_diary_import_file_async:
 * @file: a file the user dropped or chose
 * @number: the entry to link it to, 0 for none
 * @progress: (nullable) (scope async): called on the importing thread
 *   after each chunk, so must only store what it is told
 *
 * daybook_diary_import_attachment() of @file's path in a worker thread,
 * also noting the file as it was before the import
 * (daybook_original_new()), so the caller can offer to remove it.
 * A file with no local path fails with %G_IO_ERROR_NOT_SUPPORTED.
 */
void
daybook_diary_import_file_async (DaybookDiary *diary, GFile *file, gint64 number,
                                 DaybookImportProgress progress, gpointer progress_data,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (diary, cancellable, callback, user_data);
  g_autofree char *parse_name = NULL;
  FileData *fd;

  g_return_if_fail (DAYBOOK_IS_DIARY (diary));
  g_return_if_fail (G_IS_FILE (file));

  parse_name = g_file_get_parse_name (file);
  fd = g_new0 (FileData, 1);
  fd->file = g_file_dup (file);
  fd->name = g_path_get_basename (parse_name);
  fd->number = number;
  fd->progress = progress;
  fd->progress_data = progress_data;
  g_task_set_source_tag (task, daybook_diary_import_file_async);
  g_task_set_task_data (task, fd, file_data_free);
  g_task_run_in_thread (task, import_file_thread);
}

/**
 * daybook_diary_import_file_finish:
 * @original: (out) (optional) (transfer full): the file as it was read,
 *   if it was still unchanged when the import finished; else %NULL
 *
 * Returns: (transfer full) (nullable): the attachment
 */
DaybookAttachment *
daybook_diary_import_file_finish (DaybookDiary *diary, GAsyncResult *result,
                                  DaybookOriginal **original, GError **error)
{
  FileData *fd;
  DaybookAttachment *attachment;

  g_return_val_if_fail (g_task_is_valid (result, diary), NULL);

  if (original != NULL)
    *original = NULL;
  attachment = g_task_propagate_pointer (G_TASK (result), error);
  fd = g_task_get_task_data (G_TASK (result));
  if (attachment != NULL && original != NULL)
    *original = g_steal_pointer (&fd->original);
  return attachment;
}
