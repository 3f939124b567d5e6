/* daybook-diary-async.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-diary"

#include "config.h"

#include "daybook-diary-private.h"

/*
 * Worker-thread versions of the calls a window makes while the user waits:
 * saving (a sync to disk on every commit), listing people, and unlocking
 * with the recovery code (Argon2id). Each worker gets its own copy of what
 * it needs; the diary's lock keeps the connection to one thread at a time.
 */

static void
save_incident_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (daybook_diary_save_incident (source, task_data, &error))
    g_task_return_pointer (task, g_object_ref (task_data), g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * daybook_diary_save_incident_async:
 * @incident: the incident to save; saved from a copy, so the caller may
 *   keep editing it meanwhile
 *
 * daybook_diary_save_incident() in a worker thread.
 */
void
daybook_diary_save_incident_async (DaybookDiary *self, DaybookIncident *incident,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (DAYBOOK_IS_DIARY (self));
  g_return_if_fail (DAYBOOK_IS_INCIDENT (incident));

  g_task_set_source_tag (task, daybook_diary_save_incident_async);
  g_task_set_task_data (task, daybook_incident_copy (incident), g_object_unref);
  g_task_run_in_thread (task, save_incident_thread);
}

/**
 * daybook_diary_save_incident_finish:
 *
 * Returns: (transfer full) (nullable): the incident as saved, with its
 *   number, times and revision set
 */
DaybookIncident *
daybook_diary_save_incident_finish (DaybookDiary *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_person_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;

  if (daybook_diary_save_person (source, task_data, &error))
    g_task_return_pointer (task, g_object_ref (task_data), g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * daybook_diary_save_person_async:
 *
 * daybook_diary_save_person() in a worker thread, on a copy of @person.
 */
void
daybook_diary_save_person_async (DaybookDiary *self, DaybookPerson *person,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (DAYBOOK_IS_DIARY (self));
  g_return_if_fail (DAYBOOK_IS_PERSON (person));

  g_task_set_source_tag (task, daybook_diary_save_person_async);
  g_task_set_task_data (task, daybook_person_copy (person), g_object_unref);
  g_task_run_in_thread (task, save_person_thread);
}

/**
 * daybook_diary_save_person_finish:
 *
 * Returns: (transfer full) (nullable): the person as saved, with their id
 */
DaybookPerson *
daybook_diary_save_person_finish (DaybookDiary *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
list_people_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *people = daybook_diary_list_people (source, &error);

  if (people != NULL)
    g_task_return_pointer (task, people, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
daybook_diary_list_people_async (DaybookDiary *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, daybook_diary_list_people_async);
  g_task_run_in_thread (task, list_people_thread);
}

/**
 * daybook_diary_list_people_finish:
 *
 * Returns: (transfer full) (nullable): a #GListModel of #DaybookPerson
 */
GListModel *
daybook_diary_list_people_finish (DaybookDiary *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *dir;
  DaybookSecret *code;
} RecoveryData;

static void
recovery_data_free (gpointer data)
{
  RecoveryData *rd = data;

  g_free (rd->dir);
  daybook_secret_free (rd->code);
  g_free (rd);
}

static void
open_recovery_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RecoveryData *rd = task_data;
  GError *error = NULL;
  DaybookDiary *diary = daybook_diary_open_with_recovery_code (rd->dir, rd->code, &error);

  if (diary != NULL)
    g_task_return_pointer (task, diary, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * daybook_diary_open_with_recovery_code_async:
 *
 * daybook_diary_open_with_recovery_code() in a worker thread; the code is
 * copied into secure memory.
 */
void
daybook_diary_open_with_recovery_code_async (const char *dir, const DaybookSecret *code,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  RecoveryData *rd = g_new0 (RecoveryData, 1);

  rd->dir = g_strdup (dir);
  rd->code = daybook_secret_copy (code);
  g_task_set_source_tag (task, daybook_diary_open_with_recovery_code_async);
  g_task_set_task_data (task, rd, recovery_data_free);
  g_task_run_in_thread (task, open_recovery_thread);
}

DaybookDiary *
daybook_diary_open_with_recovery_code_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
