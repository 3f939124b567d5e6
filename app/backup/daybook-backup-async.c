/* daybook-backup-async.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-backup"

#include "config.h"

#include "daybook-backup.h"

/*
 * "Back Up Now" and "Restore from backup…" in a worker thread: a backup
 * reads and writes the whole diary and its evidence, a restore checks the
 * whole file before writing anything. Each worker has its own copy of the
 * folder names and the passphrase.
 */

typedef struct
{
  char *folder;
  guint keep;
  char **missing;
} FolderData;

static void
folder_data_free (gpointer data)
{
  FolderData *fd = data;

  g_free (fd->folder);
  g_strfreev (fd->missing);
  g_free (fd);
}

static void
backup_to_folder_thread (GTask *task, gpointer source, gpointer task_data,
                         GCancellable *cancellable)
{
  FolderData *fd = task_data;
  GError *error = NULL;
  char *path = daybook_diary_backup_to_folder_full (source, fd->folder, fd->keep, &fd->missing,
                                                    cancellable, &error);

  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

/**
 * daybook_diary_backup_to_folder_async:
 *
 * daybook_diary_backup_to_folder_full() in a worker thread.
 */
void
daybook_diary_backup_to_folder_async (DaybookDiary *self, const char *folder, guint keep,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  FolderData *fd;

  g_return_if_fail (DAYBOOK_IS_DIARY (self));
  g_return_if_fail (folder != NULL);

  fd = g_new0 (FolderData, 1);
  fd->folder = g_strdup (folder);
  fd->keep = keep;
  g_task_set_source_tag (task, daybook_diary_backup_to_folder_async);
  g_task_set_task_data (task, fd, folder_data_free);
  g_task_run_in_thread (task, backup_to_folder_thread);
}

/**
 * daybook_diary_backup_to_folder_finish:
 *
 * Returns: (transfer full) (nullable): the path of the backup written
 */
char *
daybook_diary_backup_to_folder_finish (DaybookDiary *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * daybook_diary_backup_to_folder_finish_full:
 * @missing: (out) (optional) (transfer full): as for
 *   daybook_diary_backup_full(), set when a backup was written
 *
 * Returns: (transfer full) (nullable): the path of the backup written
 */
char *
daybook_diary_backup_to_folder_finish_full (DaybookDiary *self, GAsyncResult *result,
                                            char ***missing, GError **error)
{
  FolderData *fd;
  char *path;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  fd = g_task_get_task_data (G_TASK (result));
  path = g_task_propagate_pointer (G_TASK (result), error);
  if (path != NULL && missing != NULL)
    *missing = g_steal_pointer (&fd->missing);
  return path;
}

typedef struct
{
  char *path;
  char *dir;
  DaybookSecret *passphrase;
  char **missing;
} RestoreData;

static void
restore_data_free (gpointer data)
{
  RestoreData *rd = data;

  g_free (rd->path);
  g_free (rd->dir);
  daybook_secret_free (rd->passphrase);
  g_strfreev (rd->missing);
  g_free (rd);
}

static void
restore_and_open_thread (GTask *task, gpointer source, gpointer task_data,
                         GCancellable *cancellable)
{
  RestoreData *rd = task_data;
  GError *error = NULL;
  DaybookDiary *diary = NULL;

  if (!daybook_backup_restore_full (rd->path, rd->dir, rd->passphrase, NULL, &rd->missing,
                                    cancellable, &error)
      || (diary = daybook_diary_open (rd->dir, rd->passphrase, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diary, g_object_unref);
}

/**
 * daybook_backup_restore_and_open_async:
 * @path: the backup file
 * @dir: a new or empty folder
 * @passphrase: the diary's passphrase when the backup was made; copied
 *
 * daybook_backup_restore_full(), then daybook_diary_open() of the restored
 * diary with the same passphrase, in a worker thread.
 */
void
daybook_backup_restore_and_open_async (const char *path, const char *dir,
                                       const DaybookSecret *passphrase, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RestoreData *rd;

  g_return_if_fail (path != NULL && dir != NULL && passphrase != NULL);

  rd = g_new0 (RestoreData, 1);
  rd->path = g_strdup (path);
  rd->dir = g_strdup (dir);
  rd->passphrase = daybook_secret_copy (passphrase);
  g_task_set_source_tag (task, daybook_backup_restore_and_open_async);
  g_task_set_task_data (task, rd, restore_data_free);
  g_task_run_in_thread (task, restore_and_open_thread);
}

/**
 * daybook_backup_restore_and_open_finish:
 *
 * Returns: (transfer full) (nullable): the restored diary, open
 */
DaybookDiary *
daybook_backup_restore_and_open_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * daybook_backup_restore_and_open_finish_full:
 * @missing: (out) (optional) (transfer full): as for
 *   daybook_backup_restore_full(), set when the diary was restored
 *
 * Returns: (transfer full) (nullable): the restored diary, open
 */
DaybookDiary *
daybook_backup_restore_and_open_finish_full (GAsyncResult *result, char ***missing, GError **error)
{
  RestoreData *rd;
  DaybookDiary *diary;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  rd = g_task_get_task_data (G_TASK (result));
  diary = g_task_propagate_pointer (G_TASK (result), error);
  if (diary != NULL && missing != NULL)
    *missing = g_steal_pointer (&rd->missing);
  return diary;
}
