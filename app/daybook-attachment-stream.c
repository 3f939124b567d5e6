/* daybook-attachment-stream.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-attachment"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "daybook-attachment-private.h"
#include "daybook-diary-private.h"
#include "daybook-error.h"

/* A seekable input stream over a stored attachment's chunks, decrypted one
 * chunk at a time straight from the database: the viewer, the metadata
 * readers and the thumbnailer use it, so nothing decrypted is ever
 * written to a file. It keeps one chunk in memory. */

#define DAYBOOK_TYPE_ATTACHMENT_STREAM (daybook_attachment_stream_get_type ())
G_DECLARE_FINAL_TYPE (DaybookAttachmentStream, daybook_attachment_stream, DAYBOOK,
                      ATTACHMENT_STREAM, GInputStream)

struct _DaybookAttachmentStream
{
  GInputStream parent_instance;

  DaybookDiary *diary;
  gint64 id;
  guint64 size;
  guint64 pos;
  gint64 cached_seq; /* -1: none */
  GByteArray *cache;
};

static void daybook_attachment_stream_seekable_init (GSeekableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookAttachmentStream, daybook_attachment_stream,
                               G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE,
                                                      daybook_attachment_stream_seekable_init))

static gboolean
load_chunk (DaybookAttachmentStream *self, gint64 seq, GError **error)
{
  g_auto (DaybookStmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  _daybook_diary_lock (self->diary);
  if (!_daybook_diary_check_open (self->diary, error))
    goto out;
  stmt = _daybook_sql_prepare (
      _daybook_diary_get_db (self->diary),
      "SELECT data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_int64 (stmt, 2, seq);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_byte_array_set_size (self->cache, 0);
      g_byte_array_append (self->cache, sqlite3_column_blob (stmt, 0),
                           sqlite3_column_bytes (stmt, 0));
      self->cached_seq = seq;
      ok = TRUE;
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
                 _ ("Part of an attachment is missing from the diary. Run “daybook-cli verify”."));
  else
    _daybook_sql_error (_daybook_diary_get_db (self->diary), rc, error);

out:
  _daybook_diary_unlock (self->diary);
  return ok;
}

static gssize
daybook_attachment_stream_read (GInputStream *stream, void *buffer, gsize count,
                                GCancellable *cancellable, GError **error)
{
  DaybookAttachmentStream *self = DAYBOOK_ATTACHMENT_STREAM (stream);
  gint64 seq;
  gsize offset, n;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  if (self->pos >= self->size || count == 0)
    return 0;

  seq = (gint64)(self->pos / DAYBOOK_ATTACHMENT_CHUNK_SIZE);
  offset = self->pos % DAYBOOK_ATTACHMENT_CHUNK_SIZE;
  if (seq != self->cached_seq && !load_chunk (self, seq, error))
    return -1;
  if (offset >= self->cache->len)
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
          _ ("Part of an attachment is missing from the diary. Run “daybook-cli verify”."));
      return -1;
    }

  n = MIN (count, self->cache->len - offset);
  memcpy (buffer, self->cache->data + offset, n);
  self->pos += n;
  return n;
}

static gboolean
daybook_attachment_stream_close (GInputStream *stream, GCancellable *cancellable, GError **error)
{
  DaybookAttachmentStream *self = DAYBOOK_ATTACHMENT_STREAM (stream);

  g_byte_array_set_size (self->cache, 0);
  self->cached_seq = -1;
  return TRUE;
}

static goffset
daybook_attachment_stream_tell (GSeekable *seekable)
{
  return DAYBOOK_ATTACHMENT_STREAM (seekable)->pos;
}

static gboolean
daybook_attachment_stream_can_seek (GSeekable *seekable)
{
  return TRUE;
}

static gboolean
daybook_attachment_stream_seek (GSeekable *seekable, goffset offset, GSeekType type,
                                GCancellable *cancellable, GError **error)
{
  DaybookAttachmentStream *self = DAYBOOK_ATTACHMENT_STREAM (seekable);
  goffset base = type == G_SEEK_SET   ? 0
                 : type == G_SEEK_CUR ? (goffset)self->pos
                                      : (goffset)self->size;

  if (base + offset < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _ ("Invalid seek request"));
      return FALSE;
    }
  self->pos = base + offset;
  return TRUE;
}

static gboolean
daybook_attachment_stream_can_truncate (GSeekable *seekable)
{
  return FALSE;
}

static gboolean
daybook_attachment_stream_truncate (GSeekable *seekable, goffset offset, GCancellable *cancellable,
                                    GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _ ("Attachments cannot be changed."));
  return FALSE;
}

static void
daybook_attachment_stream_seekable_init (GSeekableIface *iface)
{
  iface->tell = daybook_attachment_stream_tell;
  iface->can_seek = daybook_attachment_stream_can_seek;
  iface->seek = daybook_attachment_stream_seek;
  iface->can_truncate = daybook_attachment_stream_can_truncate;
  iface->truncate_fn = daybook_attachment_stream_truncate;
}

static void
daybook_attachment_stream_finalize (GObject *object)
{
  DaybookAttachmentStream *self = DAYBOOK_ATTACHMENT_STREAM (object);

  g_clear_object (&self->diary);
  g_clear_pointer (&self->cache, g_byte_array_unref);

  G_OBJECT_CLASS (daybook_attachment_stream_parent_class)->finalize (object);
}

static void
daybook_attachment_stream_class_init (DaybookAttachmentStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = daybook_attachment_stream_finalize;
  stream_class->read_fn = daybook_attachment_stream_read;
  stream_class->close_fn = daybook_attachment_stream_close;
}

static void
daybook_attachment_stream_init (DaybookAttachmentStream *self)
{
  self->cached_seq = -1;
  self->cache = g_byte_array_sized_new (DAYBOOK_ATTACHMENT_CHUNK_SIZE);
}

/*
 * _daybook_attachment_stream_new:
 *
 * Works inside the import's transaction too, on the importing thread,
 * which holds the diary's lock.
 */
GInputStream *
_daybook_attachment_stream_new (DaybookDiary *diary, gint64 id, guint64 size)
{
  DaybookAttachmentStream *self = g_object_new (DAYBOOK_TYPE_ATTACHMENT_STREAM, NULL);

  self->diary = g_object_ref (diary);
  self->id = id;
  self->size = size;
  return G_INPUT_STREAM (self);
}

/**
 * daybook_diary_open_attachment:
 *
 * Returns: (transfer full) (nullable): a seekable stream of the original's
 *   bytes, read from the diary as needed
 */
GInputStream *
daybook_diary_open_attachment (DaybookDiary *diary, gint64 id, GError **error)
{
  g_autoptr (DaybookAttachment) attachment = daybook_diary_get_attachment (diary, id, error);

  if (attachment == NULL)
    return NULL;
  return _daybook_attachment_stream_new (diary, id, daybook_attachment_get_size (attachment));
}
