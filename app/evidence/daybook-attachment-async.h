/* daybook-attachment-async.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

#include "daybook-attachment.h"
#include "daybook-original.h"

G_BEGIN_DECLS

GdkPixbuf *daybook_diary_read_attachment_image (DaybookDiary *diary, DaybookAttachment *attachment,
                                                gsize max_bytes, GCancellable *cancellable,
                                                GError **error);
void daybook_diary_read_attachment_image_async (DaybookDiary *diary, DaybookAttachment *attachment,
                                                gsize max_bytes, GCancellable *cancellable,
                                                GAsyncReadyCallback callback, gpointer user_data);
GdkPixbuf *daybook_diary_read_attachment_image_finish (DaybookDiary *diary, GAsyncResult *result,
                                                       GError **error);
/* Recordings are played from a WAV made of their first 30 minutes. */
#define DAYBOOK_ATTACHMENT_AUDIO_MINUTES 30
#define DAYBOOK_ATTACHMENT_MAX_AUDIO_INPUT (256 * 1024 * 1024)
GBytes *daybook_diary_read_attachment_audio (DaybookDiary *diary, gint64 id, gboolean *cut,
                                             GCancellable *cancellable, GError **error);
char *daybook_diary_read_attachment_text (DaybookDiary *diary, gint64 id, gsize max_bytes,
                                          GCancellable *cancellable, GError **error);
void daybook_diary_read_attachment_text_async (DaybookDiary *diary, gint64 id, gsize max_bytes,
                                               GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
char *daybook_diary_read_attachment_text_finish (DaybookDiary *diary, GAsyncResult *result,
                                                 GError **error);
void daybook_diary_export_attachment_async (DaybookDiary *diary, gint64 id, const char *path,
                                            gboolean force, GCancellable *cancellable,
                                            GAsyncReadyCallback callback, gpointer user_data);
gboolean daybook_diary_export_attachment_finish (DaybookDiary *diary, GAsyncResult *result,
                                                 GError **error);
void daybook_diary_import_file_async (DaybookDiary *diary, GFile *file, gint64 number,
                                      DaybookImportProgress progress, gpointer progress_data,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data);
DaybookAttachment *daybook_diary_import_file_finish (DaybookDiary *diary, GAsyncResult *result,
                                                     DaybookOriginal **original, GError **error);

G_END_DECLS
