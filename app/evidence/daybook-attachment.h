/* daybook-attachment.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "daybook-types.h"

G_BEGIN_DECLS

/* The originals are stored in chunks of this size (the last may be shorter). */
#define DAYBOOK_ATTACHMENT_CHUNK_SIZE (256 * 1024)

#define DAYBOOK_TYPE_ATTACHMENT (daybook_attachment_get_type ())

G_DECLARE_FINAL_TYPE (DaybookAttachment, daybook_attachment, DAYBOOK, ATTACHMENT, GObject)

gint64 daybook_attachment_get_id (DaybookAttachment *self);
const char *daybook_attachment_get_mark (DaybookAttachment *self);
guint daybook_attachment_get_serial (DaybookAttachment *self);
const char *daybook_attachment_get_filename (DaybookAttachment *self);
GBytes *daybook_attachment_get_filename_bytes (DaybookAttachment *self);
const char *daybook_attachment_get_media_type (DaybookAttachment *self);
guint64 daybook_attachment_get_size (DaybookAttachment *self);
const char *daybook_attachment_get_sha256 (DaybookAttachment *self);
gint64 daybook_attachment_get_mtime (DaybookAttachment *self);
gint64 daybook_attachment_get_imported_at (DaybookAttachment *self);
gint64 daybook_attachment_get_updated_at (DaybookAttachment *self);
gint64 daybook_attachment_get_taken_at (DaybookAttachment *self);
guint daybook_attachment_get_revision (DaybookAttachment *self);
const char *daybook_attachment_get_description (DaybookAttachment *self);
JsonObject *daybook_attachment_get_metadata (DaybookAttachment *self);
GArray *daybook_attachment_get_incidents (DaybookAttachment *self);
gboolean daybook_attachment_has_thumbnail (DaybookAttachment *self);
gboolean daybook_attachment_is_linked_to (DaybookAttachment *self, gint64 number);
JsonNode *daybook_attachment_to_json (DaybookAttachment *self, GTimeZone *zone);

/**
 * DaybookImportProgress:
 * @done: bytes read so far
 * @total: the file's size
 *
 * Called on the importing thread after each chunk.
 */
typedef void (*DaybookImportProgress) (guint64 done, guint64 total, gpointer user_data);

DaybookAttachment *daybook_diary_import_attachment (DaybookDiary *diary, const char *path,
                                                    gint64 number, DaybookImportProgress progress,
                                                    gpointer user_data, GCancellable *cancellable,
                                                    gboolean *already_stored, GError **error);
void daybook_diary_import_attachment_async (DaybookDiary *diary, const char *path, gint64 number,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
DaybookAttachment *daybook_diary_import_attachment_finish (DaybookDiary *diary,
                                                           GAsyncResult *result, GError **error);
DaybookAttachment *daybook_diary_import_attachment_bytes (DaybookDiary *diary, GBytes *bytes,
                                                          const char *name, gint64 number,
                                                          GCancellable *cancellable,
                                                          gboolean *already_stored, GError **error);
void daybook_diary_import_attachment_bytes_async (DaybookDiary *diary, GBytes *bytes,
                                                  const char *name, gint64 number,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback, gpointer user_data);
GListModel *daybook_diary_list_attachments (DaybookDiary *diary, gint64 number, GError **error);
DaybookAttachment *daybook_diary_get_attachment (DaybookDiary *diary, gint64 id, GError **error);
DaybookAttachment *daybook_diary_find_attachment (DaybookDiary *diary, const char *id_or_mark,
                                                  GError **error);
gboolean daybook_diary_link_attachment (DaybookDiary *diary, gint64 id, gint64 number,
                                        gboolean link, GError **error);
gboolean daybook_diary_describe_attachment (DaybookDiary *diary, gint64 id, const char *description,
                                            GError **error);
gboolean daybook_diary_renumber_attachments (DaybookDiary *diary, GError **error);
GBytes *daybook_diary_dup_attachment_thumbnail (DaybookDiary *diary, gint64 id);
GInputStream *daybook_diary_open_attachment (DaybookDiary *diary, gint64 id, GError **error);
gboolean daybook_diary_export_attachment (DaybookDiary *diary, gint64 id, const char *path,
                                          gboolean force, GCancellable *cancellable,
                                          GError **error);

G_END_DECLS
