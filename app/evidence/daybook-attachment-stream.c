/* daybook-attachment-stream.c
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

#include "daybook-attachment-private.h"
#include "daybook-blob.h"
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

  DaybookDiary *diary; /* with id: opened at the first read */
  gint64 id;
  DaybookContent *content;
  guint64 size;
  guint64 pos;
  gint64 cached_seq; /* -1: none */
  gsize cached_len;
  guint8 *cache; /* DAYBOOK_BLOB_BUFFER_LEN */
};

static void daybook_attachment_stream_seekable_init (GSeekableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DaybookAttachmentStream, daybook_attachment_stream,
                               G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE,
                                                      daybook_attachment_stream_seekable_init))

static gboolean
load_chunk (DaybookAttachmentStream *self, gint64 seq, GError **error)
{
  gssize len;

  if (self->content == NULL
      && (self->content = _daybook_content_open (self->diary, self->id, error)) == NULL)
    return FALSE;
  self->cached_seq = -1;
  len = _daybook_content_read (self->content, (guint64)seq, self->cache, error);
  if (len < 0)
    return FALSE;
  self->cached_seq = seq;
  self->cached_len = len;
  return TRUE;
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
  if (offset >= self->cached_len)
    {
      g_set_error (
          error, DAYBOOK_ERROR, DAYBOOK_ERROR_DAMAGED,
          _ ("Part of an attachment is missing from the diary. Run “daybook-cli verify”."));
      return -1;
    }

  n = MIN (count, self->cached_len - offset);
  memcpy (buffer, self->cache + offset, n);
  self->pos += n;
  return n;
}

static gboolean
daybook_attachment_stream_close (GInputStream *stream, GCancellable *cancellable, GError **error)
{
  DaybookAttachmentStream *self = DAYBOOK_ATTACHMENT_STREAM (stream);

  sodium_memzero (self->cache, DAYBOOK_BLOB_BUFFER_LEN);
  self->cached_seq = -1;
  g_clear_pointer (&self->content, _daybook_content_free);
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
  g_clear_pointer (&self->content, _daybook_content_free);
  sodium_memzero (self->cache, DAYBOOK_BLOB_BUFFER_LEN);
  g_free (self->cache);

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
  self->cache = g_malloc (DAYBOOK_BLOB_BUFFER_LEN);
}

/*
 * _daybook_attachment_stream_new:
 *
 * A stream over attachment @id, opened at its first read.
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

/*
 * _daybook_attachment_stream_new_for_content:
 * @content: (transfer full): what to read
 */
GInputStream *
_daybook_attachment_stream_new_for_content (DaybookContent *content)
{
  DaybookAttachmentStream *self = g_object_new (DAYBOOK_TYPE_ATTACHMENT_STREAM, NULL);

  self->content = content;
  self->size = _daybook_content_get_size (content);
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
