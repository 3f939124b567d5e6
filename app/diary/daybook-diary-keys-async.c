/* daybook-diary-keys-async.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include "daybook-diary-private.h"
#include "daybook-keyfile.h"

/*
 * The key changes a window asks for, in a worker thread: each runs
 * Argon2id once or twice (a second or two). The secrets are copied into
 * secure memory before the call returns, so the caller can wipe its
 * entries at once.
 */

typedef struct
{
  char *dir;
  DaybookSecret *old;
  DaybookSecret *new;
} KeysData;

static void
keys_data_free (gpointer data)
{
  KeysData *kd = data;

  g_free (kd->dir);
  daybook_secret_free (kd->old);
  daybook_secret_free (kd->new);
  g_free (kd);
}

static KeysData *
keys_data_new (const char *dir, const DaybookSecret *old, const DaybookSecret *new)
{
  KeysData *kd = g_new0 (KeysData, 1);

  kd->dir = g_strdup (dir);
  kd->old = daybook_secret_copy (old);
  kd->new = daybook_secret_copy (new);
  return kd;
}

static void
new_recovery_code_thread (GTask *task, gpointer source, gpointer task_data,
                          GCancellable *cancellable)
{
  GError *error = NULL;
  DaybookSecret *code = daybook_diary_new_recovery_code (source, &error);

  if (code == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, code, (GDestroyNotify)daybook_secret_free);
}

/**
 * daybook_diary_new_recovery_code_async:
 *
 * daybook_diary_new_recovery_code() in a worker thread.
 */
void
daybook_diary_new_recovery_code_async (DaybookDiary *self, GCancellable *cancellable,
                                       GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (DAYBOOK_IS_DIARY (self));

  g_task_set_source_tag (task, daybook_diary_new_recovery_code_async);
  g_task_run_in_thread (task, new_recovery_code_thread);
}

/**
 * daybook_diary_new_recovery_code_finish:
 *
 * Returns: (transfer full) (nullable): the new recovery code; the old one
 *   no longer opens this key file, though older copies of the key file
 *   (backups, copies) still open with it: only a rekey ends that
 */
DaybookSecret *
daybook_diary_new_recovery_code_finish (DaybookDiary *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
change_passphrase_thread (GTask *task, gpointer source, gpointer task_data,
                          GCancellable *cancellable)
{
  KeysData *kd = task_data;
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookSecret) master = NULL;
  GError *error = NULL;

  /* Proves the current passphrase against the key file, touching nothing. */
  keyfile = daybook_keyfile_load (kd->dir, &error);
  if (keyfile != NULL)
    master = daybook_keyfile_unwrap_typed (keyfile, DAYBOOK_SLOT_PASSPHRASE, kd->old, &error);
  if (master == NULL || !daybook_diary_set_passphrase (source, kd->new, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * daybook_diary_change_passphrase_async:
 * @current: the passphrase the diary has now
 * @new_passphrase: the one it is to have
 *
 * Checks @current against the key file on disk, then sets @new_passphrase
 * through the open diary (daybook_diary_set_passphrase()), in a worker
 * thread. The diary being open does not make @current unnecessary: a
 * laptop left unlocked for a minute must not let someone lock its owner
 * out. A wrong @current is %DAYBOOK_ERROR_WRONG_PASSPHRASE.
 */
void
daybook_diary_change_passphrase_async (DaybookDiary *self, const DaybookSecret *current,
                                       const DaybookSecret *new_passphrase,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (DAYBOOK_IS_DIARY (self));
  g_return_if_fail (current != NULL && new_passphrase != NULL);

  g_task_set_source_tag (task, daybook_diary_change_passphrase_async);
  g_task_set_task_data (task, keys_data_new (daybook_diary_get_dir (self), current, new_passphrase),
                        keys_data_free);
  g_task_run_in_thread (task, change_passphrase_thread);
}

gboolean
daybook_diary_change_passphrase_finish (DaybookDiary *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rekey_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  KeysData *kd = task_data;
  g_autoptr (DaybookKeyfile) keyfile = NULL;
  g_autoptr (DaybookSecret) master = NULL;
  DaybookSecret *code = NULL;
  GError *error = NULL;

  /* As for a change: the current passphrase first, proved against the key file. */
  keyfile = daybook_keyfile_load (kd->dir, &error);
  if (keyfile != NULL)
    master = daybook_keyfile_unwrap_typed (keyfile, DAYBOOK_SLOT_PASSPHRASE, kd->old, &error);
  if (master == NULL || !daybook_diary_rekey (source, kd->new, &code, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, code, (GDestroyNotify)daybook_secret_free);
}

/**
 * daybook_diary_rekey_async:
 * @current: the passphrase the diary has now
 * @new_passphrase: the one it is to have (it may be the same)
 *
 * Checks @current against the key file on disk, then runs
 * daybook_diary_rekey() in a worker thread. Not cancellable once started:
 * it finishes whole, or leaves the diary opening with the old passphrase.
 */
void
daybook_diary_rekey_async (DaybookDiary *self, const DaybookSecret *current,
                           const DaybookSecret *new_passphrase, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (DAYBOOK_IS_DIARY (self));
  g_return_if_fail (current != NULL && new_passphrase != NULL);

  g_task_set_source_tag (task, daybook_diary_rekey_async);
  g_task_set_check_cancellable (task, FALSE); /* the new code must reach the user */
  g_task_set_task_data (task, keys_data_new (daybook_diary_get_dir (self), current, new_passphrase),
                        keys_data_free);
  g_task_run_in_thread (task, rekey_thread);
}

/**
 * daybook_diary_rekey_finish:
 *
 * Returns: (transfer full) (nullable): the new recovery code, to show once
 */
DaybookSecret *
daybook_diary_rekey_finish (DaybookDiary *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
recover_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  KeysData *kd = task_data;
  GError *error = NULL;
  DaybookDiary *diary = NULL;

  if (!daybook_change_passphrase (kd->dir, DAYBOOK_SLOT_RECOVERY, kd->old, kd->new, &error)
      || (diary = daybook_diary_open (kd->dir, kd->new, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diary, g_object_unref);
}

/**
 * daybook_diary_recover_async:
 * @dir: the diary's folder
 * @code: its recovery code, with or without dashes and spaces
 * @new_passphrase: the passphrase it is to have from now on
 *
 * "Forgot the passphrase?": sets @new_passphrase with the recovery code
 * (daybook_change_passphrase() on %DAYBOOK_SLOT_RECOVERY), then opens the
 * diary with it, in a worker thread. A wrong @code is
 * %DAYBOOK_ERROR_WRONG_PASSPHRASE.
 */
void
daybook_diary_recover_async (const char *dir, const DaybookSecret *code,
                             const DaybookSecret *new_passphrase, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (dir != NULL);
  g_return_if_fail (code != NULL && new_passphrase != NULL);

  g_task_set_source_tag (task, daybook_diary_recover_async);
  g_task_set_task_data (task, keys_data_new (dir, code, new_passphrase), keys_data_free);
  g_task_run_in_thread (task, recover_thread);
}

/**
 * daybook_diary_recover_finish:
 *
 * Returns: (transfer full) (nullable): the diary, open with the new
 *   passphrase
 */
DaybookDiary *
daybook_diary_recover_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
