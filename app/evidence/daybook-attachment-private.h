/* daybook-attachment-private.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "daybook-attachment.h"
#include "daybook-diary-private.h"

G_BEGIN_DECLS

struct _DaybookAttachment
{
  GObject parent_instance;

  gint64 id;
  guint serial;
  char *mark;
  GBytes *filename_bytes; /* as the file system gave it, maybe not UTF-8 */
  char *filename;         /* for display: always UTF-8 */
  char *media_type;
  guint64 size;
  char *sha256; /* 64 lower-case hex digits */
  gint64 mtime;
  gint64 imported_at;
  gint64 updated_at;
  gint64 taken_at; /* 0: not known */
  gint64 deleted_at;
  guint revision;
  char *description;
  JsonObject *metadata;
  char *thumbnail_sha256; /* NULL without a thumbnail */
  GArray *incidents;      /* gint64 entry numbers, ascending */
};

/* The columns _daybook_attachment_new_from_row() reads, in order. */
#define DAYBOOK_ATTACHMENT_COLUMNS                                                                 \
  "id, serial, mark, filename, media_type, size, sha256, mtime, imported_at,"                      \
  " updated_at, revision, deleted_at, description, taken_at, metadata, thumbnail"

DaybookAttachment *_daybook_attachment_new_from_row (sqlite3_stmt *stmt);
char *_daybook_attachment_to_snapshot (DaybookAttachment *self);
DaybookAttachment *_daybook_attachment_load (DaybookDiary *diary, gint64 id, GError **error);
gboolean _daybook_attachment_record (DaybookDiary *diary, gint64 id, const char *action, gint64 now,
                                     GError **error);
gboolean _daybook_attachment_add_link (DaybookDiary *diary, gint64 id, gint64 number,
                                       gboolean *added, GError **error);
char *_daybook_attachment_make_mark (DaybookDiary *diary, guint serial);
DaybookAttachment *_daybook_attachment_import_fd (DaybookDiary *diary, int fd, const char *name,
                                                  gint64 number, gboolean parse,
                                                  DaybookImportProgress progress,
                                                  gpointer user_data, GCancellable *cancellable,
                                                  gboolean *already_stored, GError **error);
/* daybook_diary_import_attachment_bytes() without the helper's metadata:
 * for the e-mails of a mailbox, whose headers each message keeps. */
DaybookAttachment *_daybook_attachment_import_bytes_unparsed (DaybookDiary *diary, GBytes *bytes,
                                                              const char *name,
                                                              GCancellable *cancellable,
                                                              GError **error);
/* An attachment's stored bytes (daybook-attachment-content.c). */
typedef struct _DaybookContent DaybookContent;
typedef struct _DaybookBlobReader DaybookBlobReader;

DaybookContent *_daybook_content_open (DaybookDiary *diary, gint64 id, GError **error);
DaybookContent *_daybook_content_new_for_blob (DaybookDiary *diary, DaybookBlobReader *reader,
                                               guint64 size);
guint64 _daybook_content_get_size (DaybookContent *self);
guint64 _daybook_content_n_chunks (DaybookContent *self);
gssize _daybook_content_read (DaybookContent *self, guint64 seq, guint8 *buffer, GError **error);
gboolean _daybook_content_check_padding (DaybookContent *self, GError **error);
gboolean _daybook_content_is_file (DaybookContent *self);
void _daybook_content_detach (DaybookContent *self);
void _daybook_content_free (DaybookContent *self);
GPtrArray *_daybook_attachments_list_blobs (sqlite3 *db, const char *schema, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaybookContent, _daybook_content_free)

GInputStream *_daybook_attachment_stream_new (DaybookDiary *diary, gint64 id, guint64 size);
GInputStream *_daybook_attachment_stream_new_for_content (DaybookContent *content);

G_END_DECLS
