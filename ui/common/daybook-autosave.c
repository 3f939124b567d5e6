/* daybook-autosave.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-autosave"

#include "config.h"

#include "daybook-autosave.h"

/*
 * What the incident editor and the person editor share about saving.
 *
 * Every change marks the editor dirty and counts an edit. Ctrl+S saves a
 * copy in a worker thread while typing goes on; when it is done, the
 * editor is clean only if nothing was typed meanwhile. Ctrl+S pressed
 * during a save asks for one more save afterwards, never two at once:
 * the same new entry saved twice at once would be two entries.
 *
 * Leaving an editor, and above all locking, must not start while a save
 * is under way, for the same reason. Two ways to wait, neither of which
 * iterates the main loop from inside a caller:
 * daybook_autosave_wait_async() returns at once and reports when no save
 * is under way any more; daybook_autosave_wait() blocks until then, for
 * a lock that must be done when it returns (quick hide, auto-lock,
 * quitting): while it waits, no dialog is answered, no second lock
 * starts, no page changes under it. It can block without the main loop
 * because the worker here says it is done through a condition variable
 * (the diary's own _async calls only say so through the main loop); the
 * result is then handled at once, as the task's callback would have.
 */

typedef struct
{
  GObject *target;
  GObject *item;

  GMutex mutex;
  GCond cond;
  gboolean done; /* under mutex, like ok and error */
  gboolean ok;
  GError *error;

  /* Main thread only. */
  gboolean handled;
  gboolean forgotten;
} Job;

struct _DaybookAutosave
{
  GObject parent_instance;

  DaybookAutosaveFuncs funcs;
  gpointer owner;

  gboolean dirty;
  guint generation;        /* counts edits, to tell what a save covered */
  guint saving_generation; /* the edits the save under way covers */
  gboolean save_again;
  GTask *task; /* the save under way, or NULL */
  GQueue waiters;
};

G_DEFINE_FINAL_TYPE (DaybookAutosave, daybook_autosave, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* Notified on change only: an editor's Save button follows it. */
static void
set_dirty (DaybookAutosave *self, gboolean dirty)
{
  if (self->dirty == dirty)
    return;
  self->dirty = dirty;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DIRTY]);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->target);
  g_clear_object (&job->item);
  g_clear_error (&job->error);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

static void
save_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  DaybookAutosave *self = source;
  Job *job = task_data;
  GError *error = NULL;
  gboolean ok;

  /* funcs is set once, at construction. */
  ok = self->funcs.save (job->target, job->item, &error);

  g_mutex_lock (&job->mutex);
  job->ok = ok;
  job->error = error;
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);

  g_task_return_boolean (task, TRUE);
}

static gboolean
return_waiter_cb (gpointer data)
{
  g_task_return_boolean (G_TASK (data), TRUE);
  return G_SOURCE_REMOVE;
}

/* Waiters hear from an idle of their own, never from inside a blocking
 * wait: a lock must not run their callbacks half-way through. */
static void
return_waiters (DaybookAutosave *self)
{
  GTask *waiter;

  while ((waiter = g_queue_pop_head (&self->waiters)) != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_static_name (source, "[daybook] autosave waiter");
      g_source_set_callback (source, return_waiter_cb, waiter, g_object_unref);
      g_source_attach (source, g_task_get_context (waiter));
      g_source_unref (source);
    }
}

static void
tell_owner (DaybookAutosave *self, Job *job, gboolean again)
{
  if (job->forgotten)
    {
      /* Ctrl+S pressed for another item while this one was saving. */
      if (again)
        self->funcs.save_again (self->owner);
    }
  else if (!job->ok)
    self->funcs.failed (self->owner, job->error);
  else
    {
      gboolean current = self->generation == self->saving_generation;

      if (current)
        set_dirty (self, FALSE);
      self->funcs.saved (self->owner, job->item, current);
      if (again && self->dirty)
        self->funcs.save_again (self->owner);
    }
}

/* The worker is done: tells the owner, once, whichever came first of the
 * task's callback and a blocking wait. */
static void
finish_job (DaybookAutosave *self, GTask *task)
{
  Job *job = g_task_get_task_data (task);
  gboolean again = self->save_again;

  g_assert (job->done);
  if (job->handled)
    return;
  job->handled = TRUE;
  if (self->task == task)
    g_clear_object (&self->task);
  self->save_again = FALSE;

  if (self->owner != NULL)
    tell_owner (self, job, again);
  if (self->task == NULL)
    return_waiters (self);
}

static void
save_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  finish_job (DAYBOOK_AUTOSAVE (source), G_TASK (result));
}

/* A save under way, and every waiter, holds a reference: when the last
 * goes, none is left to clean up. */
static void
daybook_autosave_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_DIRTY:
      g_value_set_boolean (value, DAYBOOK_AUTOSAVE (object)->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daybook_autosave_class_init (DaybookAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = daybook_autosave_get_property;

  /**
   * DaybookAutosave:dirty:
   *
   * Whether something typed is not stored yet: daybook_autosave_is_dirty().
   */
  props[PROP_DIRTY]
      = g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
daybook_autosave_init (DaybookAutosave *self)
{
  g_queue_init (&self->waiters);
}

/**
 * daybook_autosave_new:
 * @funcs: how to save, and what to tell @owner; copied
 * @owner: (not nullable): handed to @funcs; it calls
 *   daybook_autosave_disown() before it goes away
 *
 * Returns: (transfer full): a clean autosave, saving nothing
 */
DaybookAutosave *
daybook_autosave_new (const DaybookAutosaveFuncs *funcs, gpointer owner)
{
  DaybookAutosave *self;

  g_return_val_if_fail (funcs != NULL && funcs->save != NULL, NULL);
  g_return_val_if_fail (funcs->saved != NULL && funcs->failed != NULL, NULL);
  g_return_val_if_fail (funcs->save_again != NULL, NULL);
  g_return_val_if_fail (owner != NULL, NULL);

  self = g_object_new (DAYBOOK_TYPE_AUTOSAVE, NULL);
  self->funcs = *funcs;
  self->owner = owner;
  return self;
}

/**
 * daybook_autosave_mark_dirty:
 *
 * Something was typed: unsaved, and not covered by a save under way.
 */
void
daybook_autosave_mark_dirty (DaybookAutosave *self)
{
  g_return_if_fail (DAYBOOK_IS_AUTOSAVE (self));

  self->generation++;
  set_dirty (self, TRUE);
}

/**
 * daybook_autosave_mark_clean:
 *
 * Everything shown is stored: just loaded, or saved at once.
 */
void
daybook_autosave_mark_clean (DaybookAutosave *self)
{
  g_return_if_fail (DAYBOOK_IS_AUTOSAVE (self));

  set_dirty (self, FALSE);
}

gboolean
daybook_autosave_is_dirty (DaybookAutosave *self)
{
  g_return_val_if_fail (DAYBOOK_IS_AUTOSAVE (self), FALSE);

  return self->dirty;
}

gboolean
daybook_autosave_is_saving (DaybookAutosave *self)
{
  g_return_val_if_fail (DAYBOOK_IS_AUTOSAVE (self), FALSE);

  return self->task != NULL;
}

/**
 * daybook_autosave_save_again_later:
 *
 * Ctrl+S, while a save is under way: @save_again follows it.
 *
 * Returns: %TRUE if a save is under way, and another is now asked for;
 *   %FALSE if the caller can start one
 */
gboolean
daybook_autosave_save_again_later (DaybookAutosave *self)
{
  g_return_val_if_fail (DAYBOOK_IS_AUTOSAVE (self), FALSE);

  if (self->task == NULL)
    return FALSE;
  self->save_again = TRUE;
  return TRUE;
}

/**
 * daybook_autosave_start:
 * @target: what @save stores into (the diary); referenced
 * @item: (transfer full): the copy to save, the worker's from now on
 *
 * Saves @item in a worker thread; @saved or @failed follows. Only one
 * save runs at a time: see daybook_autosave_save_again_later().
 */
void
daybook_autosave_start (DaybookAutosave *self, GObject *target, GObject *item)
{
  g_autoptr (GTask) task = NULL;
  Job *job;

  g_return_if_fail (DAYBOOK_IS_AUTOSAVE (self));
  g_return_if_fail (G_IS_OBJECT (target));
  g_return_if_fail (G_IS_OBJECT (item));
  g_return_if_fail (self->task == NULL);

  job = g_new0 (Job, 1);
  job->target = g_object_ref (target);
  job->item = item;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  self->saving_generation = self->generation;
  task = g_task_new (self, NULL, save_done_cb, NULL);
  g_task_set_source_tag (task, daybook_autosave_start);
  g_task_set_task_data (task, job, job_free);
  self->task = g_object_ref (task);
  g_task_run_in_thread (task, save_thread);
}

/**
 * daybook_autosave_forget:
 *
 * The owner no longer follows the save under way (it shows another item,
 * or goes away): the save still completes, but says nothing.
 */
void
daybook_autosave_forget (DaybookAutosave *self)
{
  g_return_if_fail (DAYBOOK_IS_AUTOSAVE (self));

  if (self->task != NULL)
    ((Job *)g_task_get_task_data (self->task))->forgotten = TRUE;
}

/**
 * daybook_autosave_disown:
 *
 * The owner goes away: the save under way still completes, but nothing
 * is told to anyone any more. Call from the owner's dispose.
 */
void
daybook_autosave_disown (DaybookAutosave *self)
{
  g_return_if_fail (DAYBOOK_IS_AUTOSAVE (self));

  daybook_autosave_forget (self);
  self->owner = NULL;
}

/**
 * daybook_autosave_wait:
 *
 * Blocks until no save is under way, and tells the owner about each as
 * it ends, without running the main loop (see the top of this file). For
 * locking; everything else uses daybook_autosave_wait_async().
 */
void
daybook_autosave_wait (DaybookAutosave *self)
{
  g_return_if_fail (DAYBOOK_IS_AUTOSAVE (self));

  /* @save_again may start another: it is waited for too. */
  while (self->task != NULL)
    {
      g_autoptr (GTask) task = g_object_ref (self->task);
      Job *job = g_task_get_task_data (task);

      g_mutex_lock (&job->mutex);
      while (!job->done)
        g_cond_wait (&job->cond, &job->mutex);
      g_mutex_unlock (&job->mutex);
      finish_job (self, task);
    }
}

/**
 * daybook_autosave_wait_async:
 * @cancellable: (nullable): if cancelled by the time the wait ends, it
 *   ends with %G_IO_ERROR_CANCELLED (the save itself is not stopped)
 *
 * Calls @callback once no save is under way: at once if none is, else
 * after the owner was told how the last one went.
 */
void
daybook_autosave_wait_async (DaybookAutosave *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (DAYBOOK_IS_AUTOSAVE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, daybook_autosave_wait_async);
  if (self->task == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_queue_push_tail (&self->waiters, g_steal_pointer (&task));
}

gboolean
daybook_autosave_wait_finish (DaybookAutosave *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
