/* daybook-backup.h
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "daybook-diary.h"

G_BEGIN_DECLS

/**
 * DaybookBackupInfo:
 * @version: the backup format version
 * @created_at: when the backup was made (UTC seconds)
 * @diary_id: the diary's id, 32 hex digits
 * @n_entries: entries in the diary then
 * @n_attachments: attachments in the diary then
 *
 * What a backup file's header says, readable without the passphrase.
 */
typedef struct
{
  guint version;
  gint64 created_at;
  char diary_id[33];
  guint n_entries;
  guint n_attachments;
} DaybookBackupInfo;

#define DAYBOOK_SETTING_BACKUP_FOLDER "backup-folder"
#define DAYBOOK_SETTING_BACKUP_KEEP "backup-keep"
#define DAYBOOK_SETTING_LAST_BACKUP "last-backup"
#define DAYBOOK_SETTING_BACKUP_REMINDER "backup-reminder-days"

gboolean daybook_diary_backup (DaybookDiary *self, const char *path, gboolean overwrite,
                               GCancellable *cancellable, GError **error);
char *daybook_diary_backup_to_folder (DaybookDiary *self, const char *folder, guint keep,
                                      GCancellable *cancellable, GError **error);
void daybook_diary_backup_async (DaybookDiary *self, const char *path, gboolean overwrite,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data);
gboolean daybook_diary_backup_finish (DaybookDiary *self, GAsyncResult *result, GError **error);
gboolean daybook_backup_read_info (const char *path, DaybookBackupInfo *info, GError **error);
gboolean daybook_backup_restore (const char *path, const char *dir, const DaybookSecret *passphrase,
                                 GCancellable *cancellable, GError **error);
void daybook_diary_backup_to_folder_async (DaybookDiary *self, const char *folder, guint keep,
                                           GCancellable *cancellable, GAsyncReadyCallback callback,
                                           gpointer user_data);
char *daybook_diary_backup_to_folder_finish (DaybookDiary *self, GAsyncResult *result,
                                             GError **error);
void daybook_backup_restore_and_open_async (const char *path, const char *dir,
                                            const DaybookSecret *passphrase,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
DaybookDiary *daybook_backup_restore_and_open_finish (GAsyncResult *result, GError **error);

G_END_DECLS
