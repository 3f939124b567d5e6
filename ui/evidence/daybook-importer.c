/* daybook-importer.c
 *
 * Copyright 2026 The Daybook authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "daybook-importer"

#include "config.h"

#include <glib/gi18n.h>

#include "daybook-attachment-async.h"
#include "daybook-importer.h"
#include "daybook-original.h"

/*
 * Imports files (dropped, chosen) and pasted images one after the other
 * in a worker thread, telling the window how far it got so a large video
 * shows progress and can be cancelled. The window never blocks.
 */

typedef struct
{
  DaybookDiary *diary;
  GFile *file;   /* or */
  GBytes *bytes; /* with */
  char *name;    /* the name to record, or to show */
  gint64 number;
  int permille; /* how far the worker got: atomic */
} Job;

struct _DaybookImporter
{
  GObject parent_instance;

  GQueue pending; /* Job* */
  Job *current;
  GCancellable *cancellable;
  guint progress_id;
  GPtrArray *originals; /* DaybookOriginal*: files imported since the last take */
};

G_DEFINE_FINAL_TYPE (DaybookImporter, daybook_importer, G_TYPE_OBJECT)

enum
{
  PROGRESS,
  IMPORTED,
  FAILED,
  IDLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_next (DaybookImporter *self);

static void
job_free (Job *job)
{
  g_clear_object (&job->diary);
  g_clear_object (&job->file);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job->name);
  g_free (job);
}

static void
progress_in_worker (guint64 done, guint64 total, gpointer user_data)
{
  Job *job = user_data;

  g_atomic_int_set (&job->permille, total > 0 ? (int)(done * 1000 / total) : 0);
}

static gboolean
progress_cb (gpointer data)
{
  g_signal_emit (data, signals[PROGRESS], 0);
  return G_SOURCE_CONTINUE;
}

static void
import_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (DaybookImporter) self = data;
  g_autoptr (DaybookAttachment) attachment = NULL;
  g_autoptr (DaybookOriginal) original = NULL;
  g_autoptr (GError) error = NULL;

  if (g_async_result_is_tagged (result, daybook_diary_import_file_async))
    attachment
        = daybook_diary_import_file_finish (DAYBOOK_DIARY (source), result, &original, &error);
  else
    attachment = daybook_diary_import_attachment_finish (DAYBOOK_DIARY (source), result, &error);
  /* The worker is done with the job's progress. */
  g_clear_pointer (&self->current, job_free);
  if (original != NULL)
    g_ptr_array_add (self->originals, g_steal_pointer (&original));
  if (attachment != NULL)
    g_signal_emit (self, signals[IMPORTED], 0, attachment);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[FAILED], 0, error->message);
  start_next (self);
}

static void
start_next (DaybookImporter *self)
{
  Job *job = g_queue_pop_head (&self->pending);

  if (job == NULL)
    {
      g_clear_handle_id (&self->progress_id, g_source_remove);
      g_clear_object (&self->cancellable);
      g_signal_emit (self, signals[IDLE], 0);
      return;
    }
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  self->current = job;
  if (job->bytes != NULL)
    daybook_diary_import_attachment_bytes_async (job->diary, job->bytes, job->name, job->number,
                                                 self->cancellable, import_done_cb,
                                                 g_object_ref (self));
  else
    daybook_diary_import_file_async (job->diary, job->file, job->number, progress_in_worker, job,
                                     self->cancellable, import_done_cb, g_object_ref (self));
  if (self->progress_id == 0)
    self->progress_id = g_timeout_add (100, progress_cb, self);
  g_signal_emit (self, signals[PROGRESS], 0);
}

static void
enqueue (DaybookImporter *self, Job *job)
{
  g_queue_push_tail (&self->pending, job);
  if (self->current == NULL)
    start_next (self);
}

static void
daybook_importer_dispose (GObject *object)
{
  DaybookImporter *self = DAYBOOK_IMPORTER (object);

  g_queue_clear_full (&self->pending, (GDestroyNotify)job_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_pointer (&self->originals, g_ptr_array_unref);

  G_OBJECT_CLASS (daybook_importer_parent_class)->dispose (object);
}

static void
daybook_importer_class_init (DaybookImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = daybook_importer_dispose;

  /** DaybookImporter::progress: a good moment to show how far it got */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  /** DaybookImporter::imported: @attachment is in the diary */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, DAYBOOK_TYPE_ATTACHMENT);
  /** DaybookImporter::failed: @message says in one sentence why */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /** DaybookImporter::idle: nothing left to import */
  signals[IDLE] = g_signal_new ("idle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 0);
}

static void
daybook_importer_init (DaybookImporter *self)
{
  g_queue_init (&self->pending);
  self->originals = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_original_free);
}

DaybookImporter *
daybook_importer_new (void)
{
  return g_object_new (DAYBOOK_TYPE_IMPORTER, NULL);
}

/**
 * daybook_importer_add_files:
 * @files: (element-type GFile): what to attach
 * @number: the entry to link them to, 0 for the unlinked evidence list
 */
void
daybook_importer_add_files (DaybookImporter *self, DaybookDiary *diary, GList *files, gint64 number)
{
  g_return_if_fail (DAYBOOK_IS_IMPORTER (self));
  g_return_if_fail (DAYBOOK_IS_DIARY (diary));

  for (GList *l = files; l != NULL; l = l->next)
    {
      Job *job = g_new0 (Job, 1);

      job->diary = g_object_ref (diary);
      job->file = g_object_ref (l->data);
      {
        g_autofree char *parse_name = g_file_get_parse_name (job->file);
        job->name = g_path_get_basename (parse_name);
      }
      job->number = number;
      enqueue (self, job);
    }
}

void
daybook_importer_add_bytes (DaybookImporter *self, DaybookDiary *diary, GBytes *bytes,
                            const char *name, gint64 number)
{
  Job *job;

  g_return_if_fail (DAYBOOK_IS_IMPORTER (self));
  g_return_if_fail (DAYBOOK_IS_DIARY (diary));

  job = g_new0 (Job, 1);
  job->diary = g_object_ref (diary);
  job->bytes = g_bytes_ref (bytes);
  job->name = g_strdup (name);
  job->number = number;
  enqueue (self, job);
}

/* Cancels the running import and drops those waiting: a cancelled import
 * leaves nothing behind in the diary. */
void
daybook_importer_cancel (DaybookImporter *self)
{
  g_return_if_fail (DAYBOOK_IS_IMPORTER (self));

  g_queue_clear_full (&self->pending, (GDestroyNotify)job_free);
  g_cancellable_cancel (self->cancellable);
}

gboolean
daybook_importer_is_busy (DaybookImporter *self)
{
  g_return_val_if_fail (DAYBOOK_IS_IMPORTER (self), FALSE);

  return self->current != NULL;
}

double
daybook_importer_get_fraction (DaybookImporter *self)
{
  g_return_val_if_fail (DAYBOOK_IS_IMPORTER (self), 0);

  if (self->current == NULL)
    return 0;
  return g_atomic_int_get (&self->current->permille) / 1000.0;
}

const char *
daybook_importer_get_current_name (DaybookImporter *self)
{
  g_return_val_if_fail (DAYBOOK_IS_IMPORTER (self), NULL);

  return self->current != NULL ? self->current->name : NULL;
}

/**
 * daybook_importer_dup_screenshot_name:
 *
 * Returns: (transfer full): "Screenshot 2026-03-01 21-40.png" for @when
 */
char *
daybook_importer_dup_screenshot_name (GDateTime *when)
{
  g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d %H-%M");

  /* Translators: the file name of a pasted image; %s is the date and time */
  return g_strdup_printf (_ ("Screenshot %s.png"), stamp);
}

/**
 * daybook_importer_take_originals:
 *
 * The files from disk imported since the last call, each still unchanged
 * when its import finished: the only files the window may offer to remove.
 *
 * Returns: (transfer full) (element-type DaybookOriginal): possibly empty
 */
GPtrArray *
daybook_importer_take_originals (DaybookImporter *self)
{
  GPtrArray *taken;

  g_return_val_if_fail (DAYBOOK_IS_IMPORTER (self), NULL);

  taken = g_steal_pointer (&self->originals);
  self->originals = g_ptr_array_new_with_free_func ((GDestroyNotify)daybook_original_free);
  return taken;
}
