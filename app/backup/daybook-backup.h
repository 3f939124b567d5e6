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
 * What a backup says about itself. Formats 1 and 2 say all of it without
 * the passphrase (daybook_backup_read_info()); format 3 only its @version,
 * the rest once the passphrase has opened it (daybook_backup_restore_full()).
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
gboolean daybook_diary_backup_full (DaybookDiary *self, const char *path, gboolean overwrite,
                                    char ***missing, GCancellable *cancellable, GError **error);
char *daybook_diary_backup_to_folder_full (DaybookDiary *self, const char *folder, guint keep,
                                           char ***missing, GCancellable *cancellable,
                                           GError **error);
char *daybook_diary_backup_to_folder (DaybookDiary *self, const char *folder, guint keep,
                                      GCancellable *cancellable, GError **error);
void daybook_diary_backup_async (DaybookDiary *self, const char *path, gboolean overwrite,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data);
gboolean daybook_diary_backup_finish (DaybookDiary *self, GAsyncResult *result, GError **error);
gboolean daybook_backup_read_info (const char *path, DaybookBackupInfo *info, GError **error);
gboolean daybook_backup_restore (const char *path, const char *dir, const DaybookSecret *passphrase,
                                 GCancellable *cancellable, GError **error);
gboolean daybook_backup_restore_full (const char *path, const char *dir,
                                      const DaybookSecret *passphrase, DaybookBackupInfo *info,
                                      char ***missing, GCancellable *cancellable, GError **error);
void daybook_diary_backup_to_folder_async (DaybookDiary *self, const char *folder, guint keep,
                                           GCancellable *cancellable, GAsyncReadyCallback callback,
                                           gpointer user_data);
char *daybook_diary_backup_to_folder_finish (DaybookDiary *self, GAsyncResult *result,
                                             GError **error);
char *daybook_diary_backup_to_folder_finish_full (DaybookDiary *self, GAsyncResult *result,
                                                  char ***missing, GError **error);
void daybook_backup_restore_and_open_async (const char *path, const char *dir,
                                            const DaybookSecret *passphrase,
                                            GCancellable *cancellable, GAsyncReadyCallback callback,
                                            gpointer user_data);
DaybookDiary *daybook_backup_restore_and_open_finish (GAsyncResult *result, GError **error);
DaybookDiary *daybook_backup_restore_and_open_finish_full (GAsyncResult *result, char ***missing,
                                                           GError **error);

G_END_DECLS
